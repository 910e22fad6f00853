//! mistmcp: a Model Context Protocol server for the Juniper Mist cloud API.
//!
//! The tool catalog is data ([`mist_catalog`]); one generic [`executor`] serves every tool;
//! [`surface`] decides what a session sees; [`server`] is the MCP handler; [`transport`] carries
//! it over stdio or Streamable HTTP.
//!
//! # Where each concern lives
//!
//! | concern | home |
//! |---|---|
//! | subcommands for people (`doctor`, `config`) and the terminal banner | [`commands`] |
//! | flags, environment, `.env`, defaults, messages naming a setting | [`config`] ([`config::values`] parses, [`config::settings`] names) |
//! | the tools a client may see: modes, categories, prebuilt tool list, `manageMcpTools` | [`surface`], with one client's view in [`tool_view`] |
//! | one request resolved into its view and its Mist target | [`server::Scope`] (HTTP: [`transport::http::request_scope`]) |
//! | MCP handler: `tools/list`, `tools/call`, subscriptions | [`server`] |
//! | arguments, request path, paging loop, answer envelope, notes, typed errors | [`executor`] |
//! | Mist hosts, tokens, cache, single-flight, budget, retries, cursors | [`mist`] |
//! | stdio; HTTP router, sessions, token binding, parking, shutdown | [`transport`] |
//! | state shared by replicas through Redis (sessions, categories, cursor key, budgets, cache) | [`shared`] (settings: [`config::shared`]) |
//! | write tools: switches, body schemas, plan, confirmation tokens, audit | [`writes`] ([`config::writes`] declares the switches) |
//! | the simulated cloud of `--demo` | [`demo`] (the `mist-sim` crate) |
//! | workflow tools: several reads answered as one (`getSiteHealth`, `findMistEntity`, `showSiteMap`) | [`workflows`] |
//! | views for clients that render them (MCP Apps): `ui://` pages, their `_meta.ui`, which tool opens which | `apps` (private; the handler's hooks call it) |
//!
//! # One tool call, hop by hop
//!
//! 1. A transport receives `tools/call` (stdio: [`transport::stdio`]; HTTP:
//!    [`transport::http::router`], whose layers bind a session to its token first).
//! 2. [`server::MistMcpServer`] resolves the request once ([`server::Scope::resolve`]): its
//!    [`tool_view::ToolView`] (mode and enabled categories) and its [`executor::Target`] (cloud and
//!    token).
//! 3. The handler finds the tool in the catalog, checks the view allows it, and hands it to
//!    [`executor::Executor::call`]; a write tool goes to [`writes::WriteGate::call`] instead
//!    (checked, planned, confirmed, then sent once).
//! 4. The executor checks the arguments ([`executor::args`]), fills the path template
//!    ([`executor::request`]) or opens a cursor ([`mist::cursor`]), then walks the pages
//!    ([`executor::walk`]): each page comes through [`mist::MistClient`] (cache, single-flight,
//!    budget, retries) from [`mist::MistHttp`].
//! 5. The pages are fitted under the size cap and wrapped in the envelope
//!    `{data, pagination?, notes?}` ([`executor::envelope`], [`executor::notes`]); a failure at
//!    any hop becomes an [`executor::CallError`] whose class the tool error carries.

mod apps;
pub mod commands;
pub mod config;
pub mod demo;
pub mod discovery;
pub mod echo;
pub mod executor;
pub mod logging;
pub mod mist;
pub mod prompts;
pub mod run;
pub mod secrets;
pub mod server;
pub mod shared;
pub mod surface;
pub mod tool_view;
pub mod transport;
pub mod workflows;
pub mod writes;

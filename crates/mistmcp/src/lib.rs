//! mistmcp: a Model Context Protocol server for the Juniper Mist cloud API.
//!
//! Three library crates hold the work, each below the next, so the compiler keeps the layers:
//! [`mist_catalog`] is the tool catalog as data; [`mist_client`] talks to a Mist cloud (hosts,
//! tokens, cache, single flight, budget, retries, cursors); [`mistmcp_engine`] runs one tool
//! call with no transport in it ([`mistmcp_engine::Tools::call`]). This crate is the binary's:
//! configuration, the transports, the MCP handler, the command line and the prompts.
//!
//! # Where each concern lives
//!
//! | concern | home |
//! |---|---|
//! | subcommands for people (`doctor`, `config`, `call`, `tools`) and the terminal banner | `commands` |
//! | flags, environment, `.env`, defaults, messages naming a setting | `config` (`config::values` parses, `config::settings` names) |
//! | one request resolved into its caller (view, access, target, channel) | `server::Scope` (HTTP: `transport::http::request_scope`) |
//! | MCP handler: `tools/list`, `tools/call` as an adapter over the engine, subscriptions, elicitation | `server` |
//! | the MCP tool definitions a session is shown, built on first use | `server::ToolList` |
//! | stdio; HTTP router, sessions, token binding, parking, shutdown | `transport` |
//! | state shared by replicas through Redis (sessions, categories, cursor key, budgets, cache, confirmations) | `shared` (settings: `config::shared`) |
//! | the simulated cloud of `--demo` | `demo` (the `mist-sim` crate) |
//! | reads, workflows, writes, discovery, the tool view | [`mistmcp_engine`] |
//! | views for clients that render them (MCP Apps): `ui://` pages, their `_meta.ui`, which tool opens which | `apps` (private; the handler's hooks call it) |
//!
//! # One tool call, hop by hop
//!
//! 1. A transport receives `tools/call` (stdio: `transport::stdio`; HTTP:
//!    `transport::http::router`, whose layers bind a session to its token first).
//! 2. `server::MistMcpServer` resolves the request once (`server::Scope::resolve`) into its
//!    [`mistmcp_engine::Caller`]: its tool view, its write access, its Mist target and the channel
//!    a confirmation is bound to.
//! 3. The handler builds the [`mistmcp_engine::Call`] (arguments, progress, cancellation, how the
//!    user can be asked) and hands both to [`mistmcp_engine::Tools::call`], which admits the
//!    call and dispatches it by kind: the server's own tools, a read, a workflow or a write
//!    (checked, planned, confirmed in a typed round, then sent once).
//! 4. A read checks its arguments, fills the path template or opens the cursor, then walks the
//!    pages, each through [`mist_client::MistClient`] (cache, single flight, budget, retries).
//! 5. The answer is fitted under the size cap and wrapped in the envelope
//!    `{data, pagination?, notes?}`; a failure at any hop is a typed
//!    [`mistmcp_engine::CallError`]. The handler dresses either as an MCP result, once
//!    (`server::answer`).

#![warn(missing_docs, unreachable_pub)]

mod apps;
mod commands;
mod config;
mod demo;
mod logging;
mod prompts;
mod run;
mod server;
mod shared;
mod transport;

// The facade: what `main`, the benches, the e2e tests and the fuzz targets use. Everything
// else is the crate's own.
pub use commands::banner::print_if_terminal;
pub use commands::run as run_command;
pub use config::client::ClientOptions;
pub use config::env_file::read as read_env_file;
pub use config::{Config, Transport};
pub use logging::init as init_logging;
pub use run::run;
pub use server::ToolList;
pub use server::answer::{success as answer_of, tool_error};

/// The checks every byte a client sends goes through before the MCP engine sees it, as the
/// fuzz targets drive them: a stdio line, an HTTP body and its declared length, the token
/// headers and the endpoint's query.
pub mod intake {
    pub use crate::transport::http::credentials::{BadTokenHeader, BadTokenReason, token_from_headers};
    pub use crate::transport::http::endpoint::{EndpointDefaults, parse as parse_endpoint};
    pub use crate::transport::http::intake::{RefusalBody, check_declared_length, judge_body};
    pub use crate::transport::stdio::intake::{Intake, Verdict};
}

//! mistmcp-engine: the tool engine, one tool call with no transport in it.
//!
//! [`Tools::call`] takes the caller ([`Caller`]: its view, write access, Mist target and the
//! channel a confirmation is bound to) and the call ([`Call`]), and answers with an
//! [`Outcome`] or a typed [`CallError`]. It is the one place a tool is dispatched by kind: the
//! server's own tools, Mist reads, workflows and writes. The MCP handler and the `call`
//! subcommand are both thin adapters over it; what the engine needs of the client on the other
//! end (progress, a question to the user, news of a changed tool list) comes in through small
//! traits ([`ProgressSink`], [`Asker`], [`ListListener`]).
//!
//! # Where each concern lives
//!
//! | concern | module |
//! |---|---|
//! | the entry point, the caller and the one dispatch by tool kind | `tools` |
//! | why a call failed, typed | `executor::call_error` |
//! | the tools a caller may reach: modes, categories, the search indexes, `manageMcpTools` | `surface`, with one caller's view in `tool_view` |
//! | arguments, request path, paging loop, shaping, compact text, the answer envelope | `executor` |
//! | search, describe, signatures, "did you mean" | `discovery` |
//! | workflow tools: several reads answered as one | `workflows` |
//! | write tools: switches, body schemas, plan, confirmation rounds, audit | `writes` |
//! | secret values withheld from answers | `secrets` |
//!
//! Below it sits [`mist_client`] (hosts, tokens, cache, budget, retries, cursors); above it the
//! `mistmcp` binary (configuration, transports, the MCP handler, the CLI, prompts).

pub mod audit;
pub mod confirm;
pub mod discovery;
pub mod executor;
pub mod search;
pub mod secrets;
pub mod suggest;
pub mod surface;
pub mod tool_view;
mod tools;
pub mod workflows;
pub mod writes;

pub use executor::progress::ProgressSink;
pub use executor::{AnswerLimits, CallError, CallOptions, Executor, Target};
pub use tool_view::{ListListener, ToolView, ViewKeeper};
pub use tools::{Call, Caller, Failure, Outcome, Tools};
pub use writes::elicit::{Answer, Ask, Asker};

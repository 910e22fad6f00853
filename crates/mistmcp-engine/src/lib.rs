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
//!
//! # What other crates see
//!
//! Every module is private. The items re-exported below are the facade: each is there because
//! the binary, its tests and benches, or the fuzz targets use it; everything else is
//! `pub(crate)`, and a new item starts so. The lints keep the facade honest: `unreachable_pub`
//! flags a `pub` item no other crate can reach, `missing_docs` a public item that does not say
//! what it is for.

#![warn(missing_docs, unreachable_pub)]

mod audit;
mod confirm;
mod discovery;
mod executor;
mod search;
mod secrets;
mod suggest;
mod surface;
mod tool_view;
mod tools;
mod workflows;
mod writes;

// The entry point: one call, the caller it is made for, and what it answers.
pub use executor::progress::ProgressSink;
pub use executor::{AnswerLimits, CallError, CallOptions, Executor, Target};
pub use tool_view::{ListListener, ToolView, ViewKeeper, change_epoch};
pub use tools::{Call, Caller, Failure, Outcome, Tools};
pub use writes::elicit::{Answer, Ask, Asker};

// The tools a caller may reach, and their schemas, for the tool list and the configuration.
pub use surface::categories::{parse_list, parse_names};
pub use surface::own_names;
pub use surface::registry::GET_SELF;
pub use surface::schema::{envelope_schema, object_schema, tool_schema};
pub use surface::{CategorySet, ToolMode, ToolRegistry};

// Discovery, for the `tools` subcommand.
pub use discovery::answers;
pub use discovery::signature::signature;

// Writes: the gate, the operator's switches, the confirmation form and the plan's text.
pub use confirm::{CallDigest, Refused, SharedKey, SharedTokens};
pub use writes::elicit::{CONFIRM, INPUT_KEY};
pub use writes::options;
pub use writes::{Access, WriteGate, plan, plan_text};

// Secret values in answers and plans: withheld unless the operator reveals them.
pub use secrets::SecretPolicy;

// The steps of a read's answer, each public so the benches and fuzz targets can drive it
// alone: arguments, request, control arguments, fields, shaping, envelope, compact text.
pub use executor::{args, compact, controls, envelope, fields, request, shape};

//! End-to-end tests: the built `mistmcp` binary over stdio and Streamable HTTP, the Mist client
//! layer, all against the simulated Mist cloud on a real socket. One test binary, one harness
//! ([`harness`]).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod cli_commands;

mod cli_startup;
mod cli_terminal;
mod cli_tools_and_call;
mod client_cache;
mod client_cursors;
mod client_figures;
mod client_pagination;
mod client_resilience;
mod client_shared_budget;
mod harness;
mod http_apps;
mod http_bad_input;
mod http_limits;
mod http_log_secrets;
mod http_replicas;
mod http_replicas_writes;
mod http_security;
mod http_session_cap;
mod http_sessions;
mod http_stateless;
mod http_writes;
mod stdio_answers;
mod stdio_apps;
mod stdio_audit;
mod stdio_bad_input;
mod stdio_deletes;
mod stdio_discovery;
mod stdio_elicitation;
mod stdio_errors;
mod stdio_every_tool;
mod stdio_find_entity;
mod stdio_lifecycle;
mod stdio_modes;
mod stdio_plans;
mod stdio_prompts;
mod stdio_secrets;
mod stdio_site_map;
mod stdio_workflows;
mod stdio_writes;

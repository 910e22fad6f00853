//! MCP over Streamable HTTP at `/mcp` (and `/mcp/`), for every protocol generation at once.
//!
//! rmcp's `StreamableHttpService` speaks the protocol: legacy sessions (2025-03-26 … 2025-11-25,
//! `Mcp-Session-Id`) through its session manager, and stateless 2026-07-28 requests by calling
//! the handler factory per request. Around it this module adds what the server needs:
//! - [`router`] builds the application: the MCP routes with their layers, and `/healthz`;
//! - [`serve`] binds, runs and shuts down gracefully ([`shutdown`]); `connections` accepts
//!   with a cap and header time-outs, and [`intake`] reads and judges each body;
//! - [`facts`] reads each request's facts once (session, token, endpoint, read-only,
//!   channel), and [`request_scope`] resolves them into the request's caller;
//! - [`session`] holds what outlives a request: legacy sessions bound to their token and
//!   parked when idle, and the views of stateless callers.
//!
//! Host and Origin allow-lists are configuration ([`crate::config::origins`]); rmcp checks them.

mod connections;
pub(crate) mod credentials;
pub(crate) mod endpoint;
pub(crate) mod facts;
mod guarded_body;
pub(crate) mod intake;
mod overflow;
pub(crate) mod request_scope;
pub(crate) mod router;
mod serve;
pub(crate) mod session;
pub(crate) mod shutdown;

pub(crate) use serve::serve;

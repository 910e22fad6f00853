//! Legacy HTTP sessions (protocol 2025-03-26 … 2025-11-25) and the tool views of stateless
//! callers: everything the HTTP transport remembers between requests.
//!
//! - [`table`]: the session table, one record per session (token binding, tool view,
//!   handshake), live or parked;
//! - [`manager`]: rmcp's session manager, wrapped to keep the table in step;
//! - [`handshakes`]: rmcp's session store, which brings parked sessions back;
//! - [`binding`]: the middleware that holds a session to the token that opened it;
//! - [`cap`]: the middleware that caps the sessions held, in all and per client address;
//! - [`callers`]: managed-mode views of 2026-07-28 callers, kept under their token;
//! - [`housekeeping`]: parking, expiry and sweeping;
//! - [`replicas`]: the records and views other replicas share through Redis.

pub(crate) mod binding;
pub(crate) mod callers;
pub(crate) mod cap;
pub(crate) mod handshakes;
pub(crate) mod housekeeping;
pub(crate) mod manager;
pub(crate) mod replicas;
pub(crate) mod table;

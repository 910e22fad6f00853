//! How MCP messages reach the handler.

pub(crate) mod http;
pub(crate) mod stdio;

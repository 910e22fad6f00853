//! The one rule for "legacy request": a request of a protocol revision with a handshake
//! (before 2026-07-28). A request whose revision is unknown is treated as legacy: it reached a
//! session, or it is the handshake itself. Tool-list caching, list-change notifications and
//! how a write is confirmed all ask this one function.

use rmcp::RoleServer;
use rmcp::service::RequestContext;

/// Whether a request belongs to a protocol revision with a handshake (before 2026-07-28).
pub(crate) fn is_legacy(ctx: &RequestContext<RoleServer>) -> bool {
    ctx.protocol_version().is_none_or(|v| v.has_initialize())
}

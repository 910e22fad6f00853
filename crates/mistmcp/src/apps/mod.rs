//! Views for clients that render them (MCP Apps, the `io.modelcontextprotocol/ui` extension):
//! a site card, a device table, an SLE chart and a floor plan, each an HTML page served as a
//! `ui://` resource and named in `_meta.ui.resourceUri` by the tools whose answers it shows.
//!
//! A view reads the answer the model reads (the tool result's structured content), so it costs
//! the model nothing. A client that does not declare the extension sees no change: no `_meta`
//! in `tools/list`, no resource in `resources/list`.
//!
//! The server's handler calls only what this module exports.

mod capability;
mod resources;
mod tool_meta;
mod views;

pub(crate) use capability::offered;
pub(crate) use resources::{list, read};
use rmcp::RoleServer;
use rmcp::service::RequestContext;
pub(crate) use tool_meta::annotate;

/// Whether the client behind `ctx` renders views: declared in its `initialize` (a session) or
/// in the request's own metadata (a 2026-07-28 request).
pub(crate) fn rendered_for(ctx: &RequestContext<RoleServer>) -> bool {
    capability::declared(ctx.client_capabilities().as_ref())
}

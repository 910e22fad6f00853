//! `tools/call` as an adapter over the engine: the request's caller and call in,
//! [`mistmcp_engine::Tools::call`], and its outcome dressed as an MCP result.

use super::answer::{outcome, tool_error};
use super::elicit::{SessionAsker, asker};
use super::legacy::is_legacy;
use super::progress::call_options;
use super::{MistMcpServer, Resolved};
use mistmcp_engine::{Call, CallError, ListListener};
use rmcp::ErrorData as McpError;
use rmcp::RoleServer;
use rmcp::model::{CallToolRequestParams, CallToolResponse};
use rmcp::service::{Peer, RequestContext};
use serde_json::json;

/// The session's own channel for news of a changed tool list: a legacy session's peer.
struct SessionNews<'a>(&'a Peer<RoleServer>);

#[async_trait::async_trait]
impl ListListener for SessionNews<'_> {
    async fn tools_changed(&self) -> bool {
        self.0.notify_tool_list_changed().await.is_ok()
    }
}

impl MistMcpServer {
    /// Runs one `tools/call` for a resolved request. A name no tool has is a protocol error
    /// (`-32602`) on a direct call, naming the closest tools.
    pub(super) async fn call(
        &self,
        resolved: &Resolved,
        request: &CallToolRequestParams,
        ctx: &RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let session = SessionAsker(&ctx.peer);
        let news = SessionNews(&ctx.peer);
        let call = Call {
            name: request.name.as_ref(),
            arguments: request.arguments.as_ref(),
            options: call_options(ctx),
            ask: asker(ctx, request, &session),
            // Only a legacy session hears of changes on its own channel; a 2026-07-28 client
            // listens through subscriptions.
            session: is_legacy(ctx).then_some(&news as &dyn ListListener),
        };
        match self.shared.tools.call(resolved, call).await {
            Ok(answer) => outcome(answer).map_err(|why| McpError::internal_error(why, None)),
            Err(failure) if failure.unknown_name => {
                let CallError::UnknownTool { closest, .. } = &*failure.error else {
                    return Ok(tool_error(&failure.error, &failure.tool).into());
                };
                let data = json!({ "kind": "unknown_tool", "closest": closest });
                Err(McpError::invalid_params(
                    format!("unknown tool: {}", failure.error),
                    Some(data),
                ))
            }
            Err(failure) => Ok(tool_error(&failure.error, &failure.tool).into()),
        }
    }
}

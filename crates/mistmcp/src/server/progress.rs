//! MCP progress notifications for calls that fetch several pages, and the other per-call
//! options an MCP request carries.
//!
//! A client that wants progress puts a `progressToken` in the request's `_meta`; each page of a
//! call with `max_pages` above 1 then sends `notifications/progress` with the pages done, the
//! pages planned and a short message. Without a token, or for a single page, nothing is sent.

use mistmcp_engine::{CallOptions, ProgressSink};
use rmcp::RoleServer;
use rmcp::model::{ProgressNotificationParam, ProgressToken};
use rmcp::service::{Peer, RequestContext};
use std::sync::Arc;

/// The `_meta` key that asks for a fresh answer, bypassing the cache for one call.
pub(crate) const FRESH_META: &str = "mistmcp/fresh";

/// Options of an MCP request: `_meta.progressToken`, `_meta["mistmcp/fresh"]` and the
/// request's cancellation.
pub(crate) fn call_options(ctx: &RequestContext<RoleServer>) -> CallOptions {
    let fresh = ctx
        .meta
        .0
        .0
        .get(FRESH_META)
        .is_some_and(|v| v.as_bool() == Some(true));
    let progress = ctx.meta.get_progress_token().map(|token| {
        Arc::new(Progress {
            peer: ctx.peer.clone(),
            token,
        }) as Arc<dyn ProgressSink>
    });
    CallOptions {
        fresh,
        progress,
        cancel: Some(ctx.ct.clone()),
    }
}

/// One request's progress token, and the peer its notifications go to.
struct Progress {
    peer: Peer<RoleServer>,
    token: ProgressToken,
}

#[async_trait::async_trait]
impl ProgressSink for Progress {
    async fn report(&self, done: u32, total: u32, message: String) {
        let param = ProgressNotificationParam::new(self.token.clone(), f64::from(done))
            .with_total(f64::from(total))
            .with_message(message);
        if let Err(e) = self.peer.notify_progress(param).await {
            tracing::debug!("progress notification not delivered: {e}");
        }
    }
}

//! An open `subscriptions/listen` stream (MCP 2026-07-28) as one of a view's listeners: it
//! hears every change of the view's tool list until the client closes it.

use mistmcp_engine::ListListener;
use rmcp::service::SubscriptionSink;

/// One subscription that asked for tool-list changes.
pub(super) struct Subscription(SubscriptionSink);

impl Subscription {
    pub(super) fn new(sink: SubscriptionSink) -> Self {
        Self(sink)
    }
}

#[async_trait::async_trait]
impl ListListener for Subscription {
    async fn tools_changed(&self) -> bool {
        self.0.notify_tool_list_changed().await.is_ok()
    }
}

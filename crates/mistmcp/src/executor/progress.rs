//! MCP progress notifications for calls that fetch several pages.
//!
//! A client that wants them puts a `progressToken` in the request's `_meta`; each page of a call
//! with `max_pages` above 1 then sends `notifications/progress` with the pages done, the pages
//! planned and a short message. Without a token, or for a single page, nothing is sent.

use rmcp::RoleServer;
use rmcp::model::{ProgressNotificationParam, ProgressToken};
use rmcp::service::Peer;

#[derive(Clone)]
pub struct Progress {
    peer: Peer<RoleServer>,
    token: ProgressToken,
}

impl Progress {
    pub fn new(peer: Peer<RoleServer>, token: ProgressToken) -> Self {
        Self { peer, token }
    }

    /// Reports `done` of `total` steps; a client that went away is not an error.
    pub async fn report(&self, done: u32, total: u32, message: String) {
        let param = ProgressNotificationParam::new(self.token.clone(), f64::from(done))
            .with_total(f64::from(total))
            .with_message(message);
        if let Err(e) = self.peer.notify_progress(param).await {
            tracing::debug!("progress notification not delivered: {e}");
        }
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

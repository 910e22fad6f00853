//! Progress of a call that fetches several pages, for a client that asked to hear it.
//!
//! The engine says how far it got; the transport's side decides how that reaches the client
//! (MCP's `notifications/progress` with the request's `progressToken`). Nothing is reported for
//! a single page.

/// Where a call reports the pages it has fetched.
#[async_trait::async_trait]
pub trait ProgressSink: Send + Sync {
    /// Reports `done` of `total` steps; a client that went away is not an error.
    async fn report(&self, done: u32, total: u32, message: String);
}

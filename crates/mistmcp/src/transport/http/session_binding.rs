//! A legacy session belongs to the token that opened it.
//!
//! Knowing a session id must not let another caller use, reconfigure or end that session. Each
//! session is bound to the digest of the token on its `initialize` request; a session opened
//! without a token is bound to the first token that arrives on it (until then it serves
//! token-less requests, such as `tools/list`). A request whose token differs from the binding,
//! or that drops the token once bound, is refused with 403 before it reaches the session.
//!
//! The bindings live beside rmcp's session manager: [`BoundSessions`] records one when a session
//! is initialized and forgets it when the session closes (DELETE, idle expiry, failed
//! handshake), so the map never outlives the sessions. Only digests are kept, never tokens.

use super::credentials::token_from_headers;
use crate::mist::TokenDigest;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_core::Stream;
use http::StatusCode;
use http::request::Parts;
use rmcp::model::{ClientJsonRpcMessage, GetExtensions, ServerJsonRpcMessage};
use rmcp::transport::streamable_http_server::session::{
    EventStore, RestoreOutcome, ServerSseMessage, SessionId, SessionManager,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

const SESSION_HEADER: &str = "mcp-session-id";

const REFUSED: &str = "Forbidden: this MCP session belongs to another Mist API token. Send the \
    token that opened the session with every request of the session, or start a new session \
    (initialize) with this token.";

/// Session id → the digest of the token it belongs to (`None`: not bound yet).
#[derive(Debug, Default)]
pub struct Bindings {
    map: Mutex<HashMap<SessionId, Option<TokenDigest>>>,
}

impl Bindings {
    fn lock(&self) -> MutexGuard<'_, HashMap<SessionId, Option<TokenDigest>>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn open(&self, id: &SessionId, token: Option<TokenDigest>) {
        self.lock().insert(id.clone(), token);
    }

    fn close(&self, id: &str) {
        self.lock().remove(id);
    }

    /// Whether a request with `token` may use session `id`; the first token binds a session
    /// opened without one. Unknown ids pass, for rmcp to answer 404.
    pub fn admit(&self, id: &str, token: Option<TokenDigest>) -> bool {
        match self.lock().get_mut(id) {
            None => true,
            Some(bound @ None) => {
                *bound = token;
                true
            }
            Some(Some(bound)) => token.as_ref() == Some(bound),
        }
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Axum middleware: refuses requests whose token does not match their session's.
pub async fn enforce(State(bindings): State<Arc<Bindings>>, request: Request, next: Next) -> Response {
    let token = match token_from_headers(request.headers()) {
        Ok(token) => token.map(|t| t.digest()),
        Err(e) => return (StatusCode::BAD_REQUEST, format!("Bad Request: {e}")).into_response(),
    };
    let session = request.headers().get(SESSION_HEADER).and_then(|v| v.to_str().ok());
    if let Some(id) = session
        && !bindings.admit(id, token)
    {
        tracing::info!("refused a request carrying another token than its session's");
        return (StatusCode::FORBIDDEN, REFUSED).into_response();
    }
    next.run(request).await
}

fn token_of(message: &ClientJsonRpcMessage) -> Option<TokenDigest> {
    let ClientJsonRpcMessage::Request(request) = message else { return None };
    let parts = request.request.extensions().get::<Parts>()?;
    token_from_headers(&parts.headers).ok().flatten().map(|t| t.digest())
}

/// rmcp's session manager, with bindings recorded at `initialize` and dropped at close.
pub struct BoundSessions<M> {
    inner: M,
    bindings: Arc<Bindings>,
}

impl<M> BoundSessions<M> {
    pub fn new(inner: M, bindings: Arc<Bindings>) -> Self {
        Self { inner, bindings }
    }

    pub fn inner(&self) -> &M {
        &self.inner
    }
}

impl<M: SessionManager> SessionManager for BoundSessions<M> {
    type Error = M::Error;
    type Transport = M::Transport;

    async fn create_session(&self) -> Result<(SessionId, Self::Transport), Self::Error> {
        self.inner.create_session().await
    }

    async fn initialize_session(
        &self,
        id: &SessionId,
        message: ClientJsonRpcMessage,
    ) -> Result<ServerJsonRpcMessage, Self::Error> {
        // Recorded before the handshake runs, so a failing one's close always comes after.
        self.bindings.open(id, token_of(&message));
        self.inner.initialize_session(id, message).await
    }

    async fn has_session(&self, id: &SessionId) -> Result<bool, Self::Error> {
        self.inner.has_session(id).await
    }

    async fn close_session(&self, id: &SessionId) -> Result<(), Self::Error> {
        let closed = self.inner.close_session(id).await;
        self.bindings.close(id);
        closed
    }

    async fn create_stream(
        &self,
        id: &SessionId,
        message: ClientJsonRpcMessage,
    ) -> Result<impl Stream<Item = ServerSseMessage> + Send + Sync + 'static, Self::Error> {
        self.inner.create_stream(id, message).await
    }

    async fn accept_message(&self, id: &SessionId, message: ClientJsonRpcMessage) -> Result<(), Self::Error> {
        self.inner.accept_message(id, message).await
    }

    async fn create_standalone_stream(
        &self,
        id: &SessionId,
    ) -> Result<impl Stream<Item = ServerSseMessage> + Send + Sync + 'static, Self::Error> {
        self.inner.create_standalone_stream(id).await
    }

    async fn resume(
        &self,
        id: &SessionId,
        last_event_id: String,
    ) -> Result<impl Stream<Item = ServerSseMessage> + Send + Sync + 'static, Self::Error> {
        self.inner.resume(id, last_event_id).await
    }

    async fn restore_session(&self, id: SessionId) -> Result<RestoreOutcome<Self::Transport>, Self::Error> {
        self.inner.restore_session(id).await
    }

    fn event_store(&self) -> Option<Arc<dyn EventStore>> {
        self.inner.event_store()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mist::ApiToken;

    fn digest(t: &str) -> Option<TokenDigest> {
        Some(ApiToken::new(t).unwrap().digest())
    }

    #[test]
    fn a_session_admits_only_the_token_that_opened_it() {
        let b = Bindings::default();
        b.open(&SessionId::from("s1"), digest("a"));
        assert!(b.admit("s1", digest("a")));
        assert!(!b.admit("s1", digest("b")));
        assert!(!b.admit("s1", None), "dropping the token is refused too");
    }

    #[test]
    fn a_session_opened_without_a_token_is_bound_by_the_first_one() {
        let b = Bindings::default();
        b.open(&SessionId::from("s2"), None);
        assert!(b.admit("s2", None));
        assert!(b.admit("s2", digest("a")));
        assert!(!b.admit("s2", digest("b")));
        assert!(b.admit("s2", digest("a")));
    }

    #[test]
    fn unknown_and_closed_sessions_pass_to_rmcp() {
        let b = Bindings::default();
        b.open(&SessionId::from("s3"), digest("a"));
        b.close("s3");
        assert!(b.is_empty());
        assert!(b.admit("s3", digest("b")));
    }
}

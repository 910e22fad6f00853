//! rmcp's local session manager, told about our session records.
//!
//! It records a session (and its token binding) when its `initialize` arrives, hands the
//! handler the session id so the tool configuration can be kept in the record, and notes when
//! rmcp's in-memory session comes and goes (parking, restoring, closing).

use super::cap::ClientKey;
use super::table::SessionTable;
use crate::transport::http::facts;
use futures_core::Stream;
use http::request::Parts;
use rmcp::model::{ClientJsonRpcMessage, GetExtensions, ServerJsonRpcMessage};
use rmcp::transport::streamable_http_server::session::{
    EventStore, RestoreOutcome, ServerSseMessage, SessionId, SessionManager, SessionRestoreMarker,
};
use std::sync::Arc;

/// Put in the extensions of a new session's `initialize`: which session it opens.
#[derive(Debug, Clone)]
pub(crate) struct OpenedSession(pub SessionId);

pub(crate) struct ParkingSessions<M> {
    inner: M,
    records: Arc<SessionTable>,
}

impl<M> ParkingSessions<M> {
    pub(crate) fn new(inner: M, records: Arc<SessionTable>) -> Self {
        Self { inner, records }
    }
}

impl<M: SessionManager> SessionManager for ParkingSessions<M> {
    type Error = M::Error;
    type Transport = M::Transport;

    async fn create_session(&self) -> Result<(SessionId, Self::Transport), Self::Error> {
        self.inner.create_session().await
    }

    async fn initialize_session(
        &self,
        id: &SessionId,
        mut message: ClientJsonRpcMessage,
    ) -> Result<ServerJsonRpcMessage, Self::Error> {
        if let ClientJsonRpcMessage::Request(request) = &mut message {
            let extensions = request.request.extensions_mut();
            if extensions.get::<SessionRestoreMarker>().is_some() {
                tracing::debug!("a parked session resumes");
                self.records.set_live(id, true);
            } else {
                let parts = extensions.get::<Parts>();
                let token = parts
                    .and_then(|p| facts::of(&p.extensions))
                    .and_then(|f| f.token.clone().ok().flatten());
                let client = parts.and_then(|p| ClientKey::of_request(&p.extensions));
                // Recorded before the handshake runs, so a failing one cannot be cleaned up first.
                self.records.open_from(id, token.map(|t| t.digest()), client);
                extensions.insert(OpenedSession(id.clone()));
            }
        }
        self.inner.initialize_session(id, message).await
    }

    async fn has_session(&self, id: &SessionId) -> Result<bool, Self::Error> {
        self.inner.has_session(id).await
    }

    /// rmcp's session is gone (parked, idle, deleted or failed); the record stays until DELETE
    /// or expiry removes it.
    async fn close_session(&self, id: &SessionId) -> Result<(), Self::Error> {
        let closed = self.inner.close_session(id).await;
        self.records.set_live(id, false);
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

//! Where a legacy session meets shared state, on every request that names one.
//!
//! Before the request reaches the token binding and rmcp, the session's record is read from
//! Redis (renewing its life there): a session this replica has never seen is added to its table
//! as parked, so rmcp brings it back like one of its own; a known one takes the categories
//! another replica may have changed; one deleted elsewhere is ended here too (404). If Redis
//! lost a session this replica holds, it is put back. If Redis does not answer, the request is
//! served from this replica's table alone.
//!
//! A session's `initialize` parameters reach Redis through rmcp's session store
//! ([`SharedHandshakes`]), as soon as its handshake worked, and DELETE ends it there.

use super::records::{Lookup, SessionShare};
use crate::transport::http::facts;
use crate::transport::http::session::handshakes::HandshakeStore;
use crate::transport::http::session::table::SessionTable;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use rmcp::transport::streamable_http_server::session::{SessionState, SessionStore, SessionStoreError};
use std::sync::Arc;

/// The session table and its shared home.
#[derive(Clone)]
pub(crate) struct SessionSync {
    pub table: Arc<SessionTable>,
    pub share: Arc<SessionShare>,
}

/// Axum middleware: brings a request's session in step with shared state first.
pub(crate) async fn sync(State(sync): State<SessionSync>, request: Request, next: Next) -> Response {
    let Some(facts) = facts::of(request.extensions()) else {
        return next.run(request).await;
    };
    let Some(id) = facts.session.clone() else {
        return next.run(request).await;
    };
    let has_token = matches!(facts.token, Ok(Some(_)));
    let SessionSync { table, share } = &sync;
    let mut unbound = false;
    let mut shared_read_only = false;
    match share.lookup(&id).await {
        Lookup::Found(record) => {
            unbound = record.binding.is_none();
            shared_read_only = record.read_only;
            table.adopt(&id, &record);
        }
        Lookup::Ended => {
            table.end(&id);
            return (StatusCode::NOT_FOUND, "Not Found: Session not found").into_response();
        }
        Lookup::Absent => {
            if let Some(record) = table.snapshot(&id) {
                tracing::info!("a session Redis did not hold is put back from this replica");
                share.publish(&id, &record).await;
            }
        }
        Lookup::Unreachable => {}
    }
    let response = next.run(request).await;
    // Opened read-only here after Redis last heard of it: tell the other replicas.
    if !shared_read_only && table.is_read_only(&id) {
        share.set_read_only(&id).await;
    }
    // A session opened without a token is bound by its first one; tell the other replicas.
    if unbound
        && has_token
        && let Some(bound) = table.binding(&id)
    {
        share.bind(&id, &bound).await;
    }
    response
}

/// rmcp's session store, kept in step with Redis: a handshake that worked publishes the
/// session, and DELETE ends it on every replica.
pub(crate) struct SharedHandshakes {
    pub local: HandshakeStore,
    pub share: Arc<SessionShare>,
}

#[async_trait::async_trait]
impl SessionStore for SharedHandshakes {
    async fn load(&self, session_id: &str) -> Result<Option<SessionState>, SessionStoreError> {
        self.local.load(session_id).await
    }

    async fn store(&self, session_id: &str, state: &SessionState) -> Result<(), SessionStoreError> {
        self.local.store(session_id, state).await?;
        if let Some(record) = self.local.0.snapshot(session_id) {
            self.share.publish(session_id, &record).await;
        }
        Ok(())
    }

    async fn delete(&self, session_id: &str) -> Result<(), SessionStoreError> {
        self.local.delete(session_id).await?;
        self.share.end(session_id).await;
        Ok(())
    }
}

//! A legacy session belongs to the token that opened it.
//!
//! Knowing a session id must not let another caller use, reconfigure or end that session. Each
//! session is bound to the digest of the token on its `initialize` request; a session opened
//! without a token is bound to the first token that arrives on it (until then it serves
//! token-less requests, such as `tools/list`). A request whose token differs from the binding,
//! or that drops the token once bound, is refused with 403 before it reaches the session.
//!
//! The same middleware tells the session records when a session's requests and GET streams
//! start and end, so that a session in use is never parked (see [`super::table`]).

use super::table::SessionTable;
use crate::transport::http::facts;
use crate::transport::http::guarded_body::guarded;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use std::sync::Arc;

const REFUSED: &str = "Forbidden: this MCP session belongs to another Mist API token. Send the \
    token that opened the session with every request of the session, or start a new session \
    (initialize) with this token.";

/// Axum middleware: refuses requests whose token does not match their session's.
pub(crate) async fn enforce(
    State(records): State<Arc<SessionTable>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(facts) = facts::of(request.extensions()) else {
        tracing::error!("the token binding ran without the request's facts");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let token = match &facts.token {
        Ok(token) => token.as_ref().map(|t| t.digest()),
        Err(e) => return (StatusCode::BAD_REQUEST, format!("Bad Request: {e}")).into_response(),
    };
    let Some(id) = facts.session.clone() else {
        return next.run(request).await;
    };
    let deleting = request.method() == http::Method::DELETE;
    let mut response = match records.admit(&id, token) {
        Err(_) => {
            tracing::info!("refused a request carrying another token than its session's");
            return (StatusCode::FORBIDDEN, REFUSED).into_response();
        }
        // rmcp closes an unknown session without a word and answers 202; the client should
        // hear that there was nothing to end.
        Ok(false) if deleting => {
            return (
                StatusCode::NOT_FOUND,
                "Not Found: no session has this id (it ended or expired); nothing to delete",
            )
                .into_response();
        }
        Ok(false) => next.run(request).await,
        Ok(true) => {
            let activity = Activity {
                records,
                id,
                request: request.method() != http::Method::GET,
            };
            next.run(request).await.map(|body| guarded(body, activity))
        }
    };
    // rmcp answers a DELETE with 202; clients expect 200 or 204 (the Python SDK logs a failure
    // otherwise), and the session is already gone, so 204 says it exactly.
    if deleting && response.status() == StatusCode::ACCEPTED {
        *response.status_mut() = StatusCode::NO_CONTENT;
    }
    response
}

/// Marks a session busy until the answer (or stream) of one of its requests ends.
struct Activity {
    records: Arc<SessionTable>,
    id: String,
    /// A POST or DELETE (whose end is activity), not a GET stream.
    request: bool,
}

impl Drop for Activity {
    fn drop(&mut self) {
        self.records.done(&self.id, self.request);
    }
}

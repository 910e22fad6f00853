//! A legacy session belongs to the token that opened it.
//!
//! Knowing a session id must not let another caller use, reconfigure or end that session. Each
//! session is bound to the digest of the token on its `initialize` request; a session opened
//! without a token is bound to the first token that arrives on it (until then it serves
//! token-less requests, such as `tools/list`). A request whose token differs from the binding,
//! or that drops the token once bound, is refused with 403 before it reaches the session.
//!
//! The same middleware tells the session records when a session's requests and GET streams
//! start and end, so that a session in use is never parked (see [`super::session_records`]).

use super::credentials::token_from_headers;
use super::session_records::SessionRecords;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::StatusCode;
use http_body::Frame;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

const SESSION_HEADER: &str = "mcp-session-id";

const REFUSED: &str = "Forbidden: this MCP session belongs to another Mist API token. Send the \
    token that opened the session with every request of the session, or start a new session \
    (initialize) with this token.";

/// Axum middleware: refuses requests whose token does not match their session's.
pub async fn enforce(State(records): State<Arc<SessionRecords>>, request: Request, next: Next) -> Response {
    let token = match token_from_headers(request.headers()) {
        Ok(token) => token.map(|t| t.digest()),
        Err(e) => return (StatusCode::BAD_REQUEST, format!("Bad Request: {e}")).into_response(),
    };
    let Some(id) = request
        .headers()
        .get(SESSION_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
    else {
        return next.run(request).await;
    };
    let deleting = request.method() == http::Method::DELETE;
    let mut response = match records.admit(&id, token) {
        Err(_) => {
            tracing::info!("refused a request carrying another token than its session's");
            return (StatusCode::FORBIDDEN, REFUSED).into_response();
        }
        Ok(false) => next.run(request).await,
        Ok(true) => {
            let activity = Activity {
                records,
                id,
                request: request.method() != http::Method::GET,
            };
            next.run(request).await.map(|body| {
                Body::new(InSession {
                    body,
                    _activity: activity,
                })
            })
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
    records: Arc<SessionRecords>,
    id: String,
    /// A POST or DELETE (whose end is activity), not a GET stream.
    request: bool,
}

impl Drop for Activity {
    fn drop(&mut self) {
        self.records.done(&self.id, self.request);
    }
}

struct InSession {
    body: Body,
    _activity: Activity,
}

impl http_body::Body for InSession {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

//! A finished answer before it becomes an HTTP response, and Mist's shapes of the errors every
//! layer gives (`{"detail": ...}`, `{"id": ...}` for an unknown id, 403 for another org's).

use crate::query::BadRequest;
use serde::Serialize;
use serde_json::json;

/// Status, content type, extra headers and body of one answer.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// A 200 JSON answer (a 500 naming the cause when `value` cannot be encoded).
    pub(crate) fn json<T: Serialize + ?Sized>(value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => Self::raw(200, "application/json", body),
            Err(e) => Self::detail(500, &format!("simulator could not encode the answer: {e}")),
        }
    }

    /// Any body, as given.
    pub(crate) fn raw(status: u16, content_type: &'static str, body: Vec<u8>) -> Self {
        Self {
            status,
            content_type,
            headers: Vec::new(),
            body,
        }
    }

    /// An error in Mist's `{"detail": ...}` shape.
    pub(crate) fn detail(status: u16, detail: &str) -> Self {
        let body = serde_json::to_vec(&json!({ "detail": detail })).unwrap_or_default();
        Self::raw(status, "application/json", body)
    }

    /// Mist's 404 for an id that names nothing: `{"id": "<id>"}`.
    pub(crate) fn unknown_id(id: &str) -> Self {
        let body = serde_json::to_vec(&json!({ "id": id })).unwrap_or_default();
        Self::raw(404, "application/json", body)
    }

    /// Mist's 403 for what the token may not reach or do.
    pub(crate) fn forbidden() -> Self {
        Self::detail(403, "You do not have permission to perform this action.")
    }

    /// The same answer with one more header.
    pub(crate) fn with_header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }
}

impl From<BadRequest> for Reply {
    fn from(e: BadRequest) -> Self {
        Reply::detail(400, &e.0)
    }
}

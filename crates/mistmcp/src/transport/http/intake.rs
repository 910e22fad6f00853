//! Judging each request body before the MCP engine sees it.
//!
//! rmcp reads a body without a deadline and answers anything it cannot deserialize with 415,
//! as if the media type were wrong. This middleware reads the body first, within the limits
//! of [`HttpLimits`]:
//! - a `Content-Length` over the body limit is refused with 413 from the header, before a
//!   byte of the body is read; a chunked body is cut off at the same limit;
//! - a body that does not arrive within the body time-out gets 408 and the connection closes;
//! - the body is then judged like a stdio line ([`Intake`]): malformed JSON gets 400 with a
//!   JSON-RPC parse error (`-32700`, `id: null`), an invalid request 400 with its `id` when it
//!   can be read, so a client never waits for an answer that cannot come.
//!
//! Only what passes reaches rmcp, with the body already in memory.

use crate::config::http_limits::HttpLimits;
use crate::transport::stdio::intake::{Intake, METHOD_NOT_FOUND, Verdict};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::{Value, json};

/// Why a request was refused: its status, its body, and whether the connection must close
/// (the rest of the body was not read).
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub status: StatusCode,
    pub body: RefusalBody,
    pub close: bool,
}

/// What a refused request is answered with.
#[derive(Debug, Clone, PartialEq)]
pub enum RefusalBody {
    /// A JSON-RPC error message.
    Rpc(Value),
    /// Plain text, for a request that is not JSON-RPC at all.
    Text(String),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut response = match self.body {
            RefusalBody::Rpc(message) => (self.status, axum::Json(message)).into_response(),
            RefusalBody::Text(text) => (self.status, text).into_response(),
        };
        if self.close {
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}

/// The body length a request declares, refused when over `limit`. A missing or unreadable
/// `Content-Length` declares nothing (the HTTP parser has refused malformed ones already).
pub fn check_declared_length(headers: &HeaderMap, limit: usize) -> Result<Option<u64>, Refusal> {
    let Some(declared) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
    else {
        return Ok(None);
    };
    if declared > limit as u64 {
        return Err(too_large(Some(declared), limit));
    }
    Ok(Some(declared))
}

fn too_large(declared: Option<u64>, limit: usize) -> Refusal {
    let size = match declared {
        Some(n) => format!("declares {n} bytes"),
        None => "is longer".to_owned(),
    };
    Refusal {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        body: RefusalBody::Text(format!(
            "Payload Too Large: the request body {size}; the limit is {limit} bytes \
             (--max-request-kb). Send one smaller JSON-RPC message."
        )),
        close: true,
    }
}

/// Judges a complete body: `Ok` with the bytes to pass on (a byte-order mark dropped), or the
/// JSON-RPC error the client gets instead.
pub fn judge_body(body: &[u8]) -> Result<&[u8], Refusal> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    // The line judge drops one mark itself: a second one would pass there and fail in rmcp
    // (found by fuzzing).
    if body.starts_with(b"\xEF\xBB\xBF") {
        return Err(rpc_refusal(json!({
            "jsonrpc": "2.0", "id": null,
            "error": {"code": crate::transport::stdio::intake::PARSE_ERROR,
                      "message": "the request body starts with two byte-order marks: send one JSON-RPC message"},
        })));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(rpc_refusal(json!({
            "jsonrpc": "2.0", "id": null,
            "error": {"code": crate::transport::stdio::intake::PARSE_ERROR,
                      "message": "the request body is empty: send one JSON-RPC message"},
        })));
    }
    match Intake::begun().judge(body) {
        Verdict::Forward { .. } | Verdict::Ignore(_) => Ok(body),
        Verdict::Answer(answer) => Err(rpc_refusal(answer)),
    }
}

/// A JSON-RPC error as an HTTP answer: 404 for an unknown method, as rmcp answers, else 400.
fn rpc_refusal(answer: Value) -> Refusal {
    let status = if answer["error"]["code"].as_i64() == Some(METHOD_NOT_FOUND) {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::BAD_REQUEST
    };
    Refusal {
        status,
        body: RefusalBody::Rpc(answer),
        close: false,
    }
}

/// Reads a body of at most `limit` bytes, within `limits.body_timeout`.
async fn read_body(body: Body, limits: &HttpLimits) -> Result<Bytes, Refusal> {
    let limit = limits.max_request_bytes;
    let read = async {
        let mut stream = body.into_data_stream();
        let mut collected = BytesMut::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| Refusal {
                status: StatusCode::BAD_REQUEST,
                body: RefusalBody::Text(format!("Bad Request: the request body could not be read ({e})")),
                close: true,
            })?;
            if chunk.len() > limit.saturating_sub(collected.len()) {
                return Err(too_large(None, limit));
            }
            collected.extend_from_slice(&chunk);
        }
        Ok(collected.freeze())
    };
    match tokio::time::timeout(limits.body_timeout, read).await {
        Ok(result) => result,
        Err(_) => Err(Refusal {
            status: StatusCode::REQUEST_TIMEOUT,
            body: RefusalBody::Text(format!(
                "Request Timeout: the request body did not arrive within {:?} (--body-timeout)",
                limits.body_timeout
            )),
            close: true,
        }),
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let essence = v.split_once(';').map_or(v, |(essence, _)| essence);
            essence.trim().eq_ignore_ascii_case("application/json")
        })
}

/// Axum middleware: the checks above, on every request to the MCP endpoint.
pub(crate) async fn guard(State(limits): State<HttpLimits>, request: Request, next: Next) -> Response {
    if let Err(refusal) = check_declared_length(request.headers(), limits.max_request_bytes) {
        tracing::debug!(status = %refusal.status, "refused a request by its declared length");
        return refusal.into_response();
    }
    // Other methods carry no message; a body of another type is rmcp's to refuse (415).
    if request.method() != http::Method::POST || !is_json(request.headers()) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let judged = match read_body(body, &limits).await {
        Ok(bytes) => judge_body(&bytes).map(|kept| bytes.slice_ref(kept)),
        Err(refusal) => Err(refusal),
    };
    match judged {
        Ok(bytes) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Err(refusal) => {
            tracing::debug!(status = %refusal.status, "refused a request body");
            refusal.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(length: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_LENGTH, HeaderValue::from_str(length).unwrap());
        h
    }

    #[test]
    fn a_declared_length_over_the_limit_is_refused_from_the_header() {
        assert_eq!(check_declared_length(&headers("100"), 100).unwrap(), Some(100));
        let refused = check_declared_length(&headers("101"), 100).unwrap_err();
        assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(refused.close);
        assert_eq!(check_declared_length(&HeaderMap::new(), 1).unwrap(), None);
    }

    #[test]
    fn malformed_json_is_a_parse_error_with_a_null_id() {
        let refused = judge_body(br#"{"jsonrpc":"2.0","id":1,"#).unwrap_err();
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        let RefusalBody::Rpc(answer) = refused.body else {
            panic!("a JSON-RPC answer")
        };
        assert_eq!(
            (answer["error"]["code"].as_i64(), &answer["id"]),
            (Some(-32700), &Value::Null)
        );
        assert!(judge_body(b"  \n").is_err());
    }

    #[test]
    fn an_invalid_request_keeps_its_id_and_a_valid_one_passes_without_its_mark() {
        let refused =
            judge_body(br#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":5}}"#).unwrap_err();
        let RefusalBody::Rpc(answer) = refused.body else {
            panic!("a JSON-RPC answer")
        };
        assert_eq!(
            (answer["error"]["code"].as_i64(), &answer["id"]),
            (Some(-32602), &json!(7))
        );
        let ping = br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
        let marked = [b"\xEF\xBB\xBF".as_slice(), ping].concat();
        assert_eq!(judge_body(&marked).unwrap(), ping);
        let twice = [b"\xEF\xBB\xBF\xEF\xBB\xBF".as_slice(), ping].concat();
        assert_eq!(judge_body(&twice).unwrap_err().status, StatusCode::BAD_REQUEST);
        assert!(judge_body(b"\xEF\xBB\xBF\xEF\xBB\xBF\n\n").is_err());
    }
}

//! The session cap: how many legacy sessions the server holds at once, in all and for one
//! client address.
//!
//! A live session costs about 60 KB until it is parked after a minute idle, and opening one
//! takes nothing but an `initialize` request: without a cap, a flood of them (20,000 in a few
//! seconds) takes the server past a gigabyte. So an `initialize` that would open a session
//! past either cap gets 503 with `Retry-After` before rmcp sees it; sessions already open are
//! not touched. A session ends (and frees its place) on DELETE or after the session timeout.
//!
//! A client is its address as the connection shows it; an IPv6 address counts by its /64
//! prefix, the block one host is usually given. Behind a reverse proxy every client has the
//! proxy's address: raise `--max-sessions-per-client` there.
//!
//! The count is read when the request arrives and the session is recorded when rmcp opens it,
//! so requests arriving together may pass the cap by the number of them in flight (at most
//! `--max-connections`).

use super::super::facts::SESSION_HEADER;
use super::table::SessionTable;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// Seconds a refused client is asked to wait: sessions end when clients close them or time
/// out, not within a second.
const RETRY_AFTER_SECS: &str = "30";

/// One client, as the cap counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ClientKey(IpAddr);

impl ClientKey {
    /// The key of a peer address: IPv4 as it is (also when mapped into IPv6), IPv6 by its /64.
    pub(crate) fn of(address: IpAddr) -> Self {
        match address {
            IpAddr::V4(v4) => ClientKey(IpAddr::V4(v4)),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey(IpAddr::V4(v4)),
                None => {
                    let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                    ClientKey(IpAddr::V6(prefix.into()))
                }
            },
        }
    }

    /// The client of a request, from the connection's peer address (absent when the request
    /// did not come through a socket, as in unit tests).
    pub(crate) fn of_request(extensions: &http::Extensions) -> Option<Self> {
        extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| ClientKey::of(peer.ip()))
    }
}

/// The caps and the table they count in.
#[derive(Clone)]
pub(crate) struct SessionCap {
    pub table: Arc<SessionTable>,
    pub max: usize,
    pub per_client: usize,
}

/// Why a new session was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Full {
    /// The server holds its maximum of sessions.
    Server(usize),
    /// This client holds its maximum.
    Client(usize),
}

impl SessionCap {
    /// Whether one more session may open for `client`.
    pub(crate) fn check(&self, client: Option<ClientKey>) -> Result<(), Full> {
        let (all, theirs) = self.table.holding(client);
        if all >= self.max {
            return Err(Full::Server(self.max));
        }
        if client.is_some() && theirs >= self.per_client {
            return Err(Full::Client(self.per_client));
        }
        Ok(())
    }
}

/// The 503 a refused `initialize` gets.
fn refusal(full: Full) -> Response {
    let text = match full {
        Full::Server(max) => format!(
            "Service Unavailable: the server holds its maximum of {max} sessions (--max-sessions); \
             retry later, or close sessions you no longer use (DELETE /mcp with their Mcp-Session-Id)"
        ),
        Full::Client(max) => format!(
            "Service Unavailable: this client address holds its maximum of {max} sessions \
             (--max-sessions-per-client); close sessions you no longer use (DELETE /mcp with their \
             Mcp-Session-Id) or retry later"
        ),
    };
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, text).into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECS));
    response
}

/// Whether a request body is an `initialize` request (the one that opens a session).
fn is_initialize(body: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Method<'a> {
        #[serde(borrow)]
        method: Option<&'a str>,
    }
    serde_json::from_slice::<Method<'_>>(body).is_ok_and(|m| m.method == Some("initialize"))
}

/// Axum middleware: refuses an `initialize` without a session id past the caps. It runs after
/// the body is read and judged ([`super::super::intake`]), so the body is in memory.
pub(crate) async fn admit(State(cap): State<SessionCap>, request: Request, next: Next) -> Response {
    if request.method() != http::Method::POST || request.headers().contains_key(SESSION_HEADER) {
        return next.run(request).await;
    }
    let client = ClientKey::of_request(request.extensions());
    if cap.check(client).is_ok() {
        // Under the cap: whatever the request is, it passes (and its body is not looked at).
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return (
            StatusCode::BAD_REQUEST,
            "Bad Request: the request body could not be read",
        )
            .into_response();
    };
    if is_initialize(&bytes) {
        // Checked again: a session may have ended while the body was taken.
        if let Err(full) = cap.check(client) {
            tracing::debug!(?full, "refused a new session over the cap");
            return refusal(full);
        }
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const S1: &str = "0b6f3a52-6a43-4e0e-9a55-8c1d2e3f4a5b";
    const S2: &str = "7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
    const S3: &str = "1e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

    fn key(text: &str) -> ClientKey {
        ClientKey::of(text.parse().unwrap())
    }

    #[test]
    fn an_ipv6_client_counts_by_its_64_prefix_and_a_mapped_ipv4_as_ipv4() {
        assert_eq!(key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::ffff:192.0.2.7"), key("192.0.2.7"));
        assert_ne!(key("192.0.2.7"), key("192.0.2.8"));
    }

    #[test]
    fn a_client_past_its_cap_or_a_server_past_its_own_is_refused() {
        let table = Arc::new(SessionTable::new(
            Duration::from_secs(60),
            Duration::from_secs(60),
        ));
        let cap = SessionCap {
            table: table.clone(),
            max: 3,
            per_client: 2,
        };
        let a = Some(key("192.0.2.1"));
        let b = Some(key("192.0.2.2"));
        table.open_from(S1, None, a);
        assert_eq!(cap.check(a), Ok(()));
        table.open_from(S2, None, a);
        assert_eq!(cap.check(a), Err(Full::Client(2)));
        assert_eq!(cap.check(b), Ok(()));
        table.open_from(S3, None, b);
        assert_eq!(cap.check(b), Err(Full::Server(3)));
        assert_eq!(cap.check(None), Err(Full::Server(3)));
        table.remove(S1);
        assert_eq!(cap.check(a), Ok(()), "a closed session frees its place");
    }

    #[test]
    fn only_an_initialize_request_opens_a_session() {
        assert!(is_initialize(
            br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#
        ));
        assert!(!is_initialize(br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#));
        assert!(!is_initialize(br#"[1,2]"#));
    }
}

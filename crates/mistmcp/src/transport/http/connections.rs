//! Accepting connections, with a cap and time-outs, so that stalled peers cannot pile up.
//!
//! Each connection is HTTP/1.1 served by hyper with a header read time-out: a peer that stops
//! mid-headers, or an idle keep-alive connection, is closed when it runs out (the body
//! time-out is [`super::intake`]'s). At most `max_connections` are served at once. Past the
//! cap a small overflow is still served, with a short header time-out and no keep-alive, by
//! [`overflow_router`]: `/healthz` answers there, everything else gets 503 with Retry-After.
//! Past the overflow too, a new connection takes the slot of the oldest overflow connection
//! (see [`super::overflow`]), so stalled peers cannot keep a health probe out.
//!
//! On shutdown ([`Closing`]), open connections finish the answer they are writing and close;
//! connections accepted while calls drain are served without keep-alive, and the shutdown
//! middleware answers their requests with 503 at once.

use super::overflow::OverflowSlots;
use super::shutdown::InFlight;
use crate::config::http_limits::HttpLimits;
use axum::Router;
use axum::extract::ConnectInfo;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

/// How long to wait before accepting again when the process is out of file descriptors.
const OUT_OF_FILES_PAUSE: Duration = Duration::from_millis(100);

/// Signals for the accept loop and its connections.
#[derive(Clone, Default)]
pub(super) struct Closing {
    /// Open connections finish their current answer and close; new ones get no keep-alive.
    pub connections: CancellationToken,
    /// The accept loop ends.
    pub accepting: CancellationToken,
}

/// Accepts connections until `closing.accepting` is cancelled. `open` counts the connections
/// being served, so that shutdown can wait for them.
/// `busy` serves the connections over the cap ([`overflow_router`]).
pub(super) async fn accept(
    listener: TcpListener,
    (app, busy): (Router, Router),
    limits: HttpLimits,
    closing: Closing,
    open: InFlight,
) {
    let served = Arc::new(Semaphore::new(limits.max_connections));
    let mut overflow = OverflowSlots::new(limits.overflow_connections());
    let mut warned = false;
    loop {
        let accepted = tokio::select! {
            _ = closing.accepting.cancelled() => return,
            accepted = listener.accept() => accepted,
        };
        let (tcp, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(e) => {
                if matches!(e.raw_os_error(), Some(libc::EMFILE | libc::ENFILE)) {
                    if !warned {
                        tracing::warn!(
                            "out of file descriptors: lower --max-connections or raise the limit (ulimit -n)"
                        );
                        warned = true;
                    }
                    tokio::time::sleep(OUT_OF_FILES_PAUSE).await;
                }
                continue;
            }
        };
        // Session answers go out in small writes; without NODELAY each waits for a delayed ACK.
        let _ = tcp.set_nodelay(true);
        if let Ok(permit) = served.clone().try_acquire_owned() {
            let connection = Connection::new(&closing, &open, CancellationToken::new());
            tokio::spawn(connection.serve(tcp, peer, app.clone(), limits.header_timeout, true, permit));
        } else {
            tracing::debug!(
                "connection over the cap of {}: overflow answer",
                limits.max_connections
            );
            let held = overflow.take();
            let connection = Connection::new(&closing, &open, held.evicted);
            let timeout = limits.overflow_header_timeout();
            tokio::spawn(connection.serve(tcp, peer, busy.clone(), timeout, false, held.alive));
        }
    }
}

/// One accepted connection, counted as open until dropped.
struct Connection {
    closing: CancellationToken,
    /// Cancelled when a newer overflow connection takes this one's slot: it closes at once.
    evicted: CancellationToken,
    _open: super::shutdown::Guard,
}

impl Connection {
    fn new(closing: &Closing, open: &InFlight, evicted: CancellationToken) -> Self {
        Self {
            closing: closing.connections.clone(),
            evicted,
            _open: open.enter(),
        }
    }

    async fn serve<P: Send>(
        self,
        tcp: TcpStream,
        peer: SocketAddr,
        app: Router,
        header_timeout: Duration,
        keep_alive: bool,
        _slot: P,
    ) {
        let closing = self.closing.is_cancelled();
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            .keep_alive(keep_alive && !closing);
        // Each request carries the peer's address, as axum's `ConnectInfo` (the session cap
        // counts sessions per client address).
        let app = app.map_request(move |mut request: http::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request
        });
        let service = TowerToHyperService::new(app);
        let connection = builder
            .serve_connection(TokioIo::new(tcp), service)
            .with_upgrades();
        let mut connection = std::pin::pin!(connection);
        if closing {
            // Accepted during shutdown: one request, answered 503 by the shutdown middleware.
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = self.evicted.cancelled() => {}
            }
            return;
        }
        tokio::select! {
            _ = connection.as_mut() => {}
            // Dropping the connection closes it: a peer stalled mid-request gets no answer.
            _ = self.evicted.cancelled() => {}
            _ = self.closing.cancelled() => {
                connection.as_mut().graceful_shutdown();
                let _ = connection.await;
            }
        }
    }
}

/// What a connection over the cap is served: `/healthz` (which says whether the server is
/// stopping, from `requests`), and 503 for everything else.
pub(super) fn overflow_router(limits: &HttpLimits, requests: InFlight) -> Router {
    let cap = limits.max_connections;
    Router::new()
        .route("/healthz", axum::routing::get(super::router::health))
        .fallback(move || async move {
            unavailable(format!(
                "Service Unavailable: the server is serving its maximum of {cap} connections \
                 (--max-connections); retry in a moment"
            ))
        })
        .with_state(requests)
}

/// 503 with `Retry-After: 1`, closing the connection.
pub(super) fn unavailable(message: String) -> Response {
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, message).into_response();
    let headers = response.headers_mut();
    headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

//! Graceful shutdown: on SIGINT or SIGTERM the server stops accepting connections, lets the
//! calls in flight finish (for a bounded time), then ends sessions and open streams.
//!
//! From the signal on, every new request is answered 503 at once (with Retry-After), rather
//! than waiting for the drain and then meeting a closed socket.
//!
//! "In flight" means a POST whose answer has not been fully sent. Streams that stay open by
//! design (a session's GET stream, `subscriptions/listen`) are not waited for: they are closed
//! when the wait is over.

use super::guarded_body::guarded;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Notify;

/// Counts POST answers still being produced.
#[derive(Clone, Default)]
pub(crate) struct InFlight {
    count: Arc<AtomicUsize>,
    idle: Arc<Notify>,
    stopping: Arc<AtomicBool>,
}

/// Held while one answer is in flight.
pub(crate) struct Guard(InFlight);

impl Drop for Guard {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

impl InFlight {
    pub(crate) fn enter(&self) -> Guard {
        self.count.fetch_add(1, Ordering::AcqRel);
        Guard(self.clone())
    }

    /// From now on, new requests are refused with 503.
    pub(crate) fn stop(&self) {
        self.stopping.store(true, Ordering::Release);
    }

    pub(crate) fn stopping(&self) -> bool {
        self.stopping.load(Ordering::Acquire)
    }

    pub(crate) fn count(&self) -> usize {
        self.count.load(Ordering::Acquire)
    }

    /// Waits until nothing is in flight or `limit` passes; true if everything finished.
    pub(crate) async fn drained(&self, limit: Duration) -> bool {
        let wait = async {
            loop {
                let idle = self.idle.notified();
                if self.count() == 0 {
                    return;
                }
                idle.await;
            }
        };
        tokio::time::timeout(limit, wait).await.is_ok()
    }
}

/// Axum middleware: refuses requests once the server is stopping, and counts each POST until
/// its answer's body is finished or dropped.
pub(crate) async fn track(State(in_flight): State<InFlight>, request: Request, next: Next) -> Response {
    if in_flight.stopping() {
        return super::connections::unavailable(
            "Service Unavailable: the server is shutting down; retry on another instance or \
             after it restarts"
                .into(),
        );
    }
    let long_lived = request
        .headers()
        .get("mcp-method")
        .is_some_and(|m| m.as_bytes() == b"subscriptions/listen");
    if request.method() != http::Method::POST || long_lived {
        return next.run(request).await;
    }
    let guard = in_flight.enter();
    let response = next.run(request).await;
    response.map(|body| guarded(body, guard))
}

/// Resolves on the first SIGINT (Ctrl-C) or SIGTERM.
pub(crate) async fn signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sig) => {
                sig.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => tracing::info!("interrupted; shutting down"),
        _ = terminate => tracing::info!("terminated; shutting down"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn draining_waits_for_the_last_guard() {
        let in_flight = InFlight::default();
        assert!(in_flight.drained(Duration::ZERO).await);
        let guard = in_flight.enter();
        assert!(!in_flight.drained(Duration::from_millis(1)).await);
        let waiter = tokio::spawn({
            let in_flight = in_flight.clone();
            async move { in_flight.drained(Duration::from_secs(60)).await }
        });
        drop(guard);
        assert!(waiter.await.unwrap());
        assert_eq!(in_flight.count(), 0);
    }
}

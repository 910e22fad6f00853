//! When a stdio server stops, and what it finishes first.
//!
//! It stops when stdin ends, on SIGINT or SIGTERM, or when stdout is gone (the client closed
//! its end). In the first two cases the calls already received are answered first, for at
//! most [`DRAIN_LIMIT`]; with stdout gone nobody can read an answer, so it stops at once.

use crate::transport::http::shutdown::{Guard, InFlight as Counter};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::io::Interest;
use tokio::net::unix::pipe;

/// Resolves on the first SIGINT or SIGTERM; the HTTP transport listens for the same two.
pub(crate) use crate::transport::http::shutdown::signal;

/// How long calls in flight may take to finish once the server is asked to stop; the same
/// bound the HTTP transport gives its calls.
pub(crate) const DRAIN_LIMIT: Duration = Duration::from_secs(10);

/// Requests passed to the engine and not answered yet, by the text of their `id`. The
/// counting and the wait are the HTTP transport's; stdio adds the bookkeeping by id, since
/// its answers come back as lines rather than as finished response bodies.
#[derive(Clone, Default)]
pub(crate) struct InFlight {
    counter: Counter,
    ids: Arc<Mutex<HashMap<String, Guard>>>,
}

impl InFlight {
    pub(crate) fn enter(&self, id: String) {
        let guard = self.counter.enter();
        self.ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, guard);
    }

    /// Marks `id` answered.
    pub(crate) fn leave(&self, id: &str) {
        let guard = self.ids.lock().unwrap_or_else(PoisonError::into_inner).remove(id);
        drop(guard);
    }

    pub(crate) fn count(&self) -> usize {
        self.counter.count()
    }

    /// Waits until every request is answered or `limit` passes; true if all were.
    pub(crate) async fn drained(&self, limit: Duration) -> bool {
        self.counter.drained(limit).await
    }
}

/// Resolves when the reading end of the stdout pipe is closed, without writing to it: the
/// kernel flags a pipe with no reader as an error for its writer.
/// `stdout` is a second handle on the pipe, used for nothing else.
pub(crate) async fn stdout_closed(stdout: Option<pipe::Sender>) {
    let Some(watch) = stdout else {
        return std::future::pending().await;
    };
    match watch.ready(Interest::ERROR).await {
        Ok(_) => tracing::debug!("stdout was closed by the client"),
        Err(e) => {
            tracing::debug!("cannot watch stdout ({e})");
            std::future::pending::<()>().await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_drain_ends_when_the_last_request_is_answered() {
        let in_flight = InFlight::default();
        assert!(in_flight.drained(Duration::ZERO).await);
        in_flight.enter("1".into());
        in_flight.enter("\"a\"".into());
        assert!(!in_flight.drained(Duration::from_millis(1)).await);
        let waiter = tokio::spawn({
            let in_flight = in_flight.clone();
            async move { in_flight.drained(Duration::from_secs(60)).await }
        });
        in_flight.leave("1");
        in_flight.leave("unknown");
        in_flight.leave("\"a\"");
        assert!(waiter.await.unwrap());
    }
}

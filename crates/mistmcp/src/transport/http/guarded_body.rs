//! A response body that keeps a guard alive until the body has been sent or dropped.
//!
//! Middleware uses it to tie bookkeeping to the real end of an answer (a streamed answer ends
//! long after the handler returns): the guard's `Drop` does the bookkeeping.

use axum::body::Body;
use bytes::Bytes;
use http_body::Frame;
use std::pin::Pin;
use std::task::{Context, Poll};

/// `body`, unchanged, with `guard` dropped only when it ends.
pub(super) fn guarded<G: Send + Unpin + 'static>(body: Body, guard: G) -> Body {
    Body::new(Guarded { body, _guard: guard })
}

struct Guarded<G> {
    body: Body,
    _guard: G,
}

impl<G: Unpin> http_body::Body for Guarded<G> {
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

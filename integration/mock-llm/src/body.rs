//! Response body that writes each chunk as its own frame and flush, can pause between chunks,
//! and can end in an error so hyper drops the connection mid-body (the "cut" fault).

use std::collections::VecDeque;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::time::Sleep;

pub struct EventBody {
    chunks: VecDeque<Bytes>,
    /// Fail after the last chunk: hyper then closes the connection without finishing the body
    /// (no terminating zero-length chunk, or fewer bytes than content-length).
    cut: bool,
    /// Some(len) lets hyper send content-length; None means chunked.
    exact_len: Option<u64>,
    /// Pause between chunks; zero still yields once, see `poll_frame`.
    gap: Duration,
    sleep: Option<Pin<Box<Sleep>>>,
    /// A chunk was just emitted; pause before the next one.
    between: bool,
    yielded: bool,
}

impl EventBody {
    /// A complete body sent in one frame with content-length.
    pub fn full(bytes: Bytes) -> Self {
        let len = bytes.len() as u64;
        let mut b = Self::chunked(vec![bytes], Duration::ZERO);
        b.exact_len = Some(len);
        b
    }

    /// Chunks sent as separate frames (chunked transfer encoding), `gap` apart.
    pub fn chunked(chunks: Vec<Bytes>, gap: Duration) -> Self {
        EventBody {
            chunks: chunks.into_iter().filter(|c| !c.is_empty()).collect(),
            cut: false,
            exact_len: None,
            gap,
            sleep: None,
            between: false,
            yielded: false,
        }
    }

    /// Body that sends `sent` and then fails. The caller sets content-length for the whole
    /// body when it should look like a truncated fixed-length reply.
    pub fn cut(sent: Vec<Bytes>, gap: Duration) -> Self {
        let mut b = Self::chunked(sent, gap);
        b.cut = true;
        // With nothing to send, pause once anyway so the response head is flushed before the
        // connection drops: the client must see "200, then a cut", not "no response".
        b.between = b.chunks.is_empty();
        b
    }
}

impl Body for EventBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = &mut *self;
        if this.between {
            if this.gap > Duration::ZERO {
                let gap = this.gap;
                let sleep = this
                    .sleep
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(gap)));
                if sleep.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                this.sleep = None;
            } else if !this.yielded {
                // Returning Pending once makes hyper flush what it has before asking again, so
                // every event leaves in its own write even when all are ready at once.
                this.yielded = true;
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            this.between = false;
            this.yielded = false;
        }
        match this.chunks.pop_front() {
            Some(chunk) => {
                this.between = !this.chunks.is_empty() || this.cut;
                Poll::Ready(Some(Ok(Frame::data(chunk))))
            }
            None if this.cut => {
                this.cut = false;
                Poll::Ready(Some(Err(io::Error::other(
                    "mock-llm: injected connection cut",
                ))))
            }
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.chunks.is_empty() && !self.cut
    }

    fn size_hint(&self) -> SizeHint {
        match self.exact_len {
            Some(len) if !self.cut => SizeHint::with_exact(len),
            _ => SizeHint::default(),
        }
    }
}

//! A fast, deterministic OpenAI/Anthropic-compatible mock upstream that records every request.
//!
//! Every reply is a pure function of the request, so end-to-end tests can assert exact content.
//!
//! # Endpoints (matched by path suffix, so `/openai/v1/chat/completions` works too)
//! - `POST …/chat/completions`, `POST …/completions`, `POST …/embeddings`, `POST …/messages`
//!   (Anthropic), `GET …/models`; streaming with `"stream": true` for the first, second and fourth.
//! - `GET /health` → `ok`; `GET /__mock/requests` → JSON array of recorded requests
//!   (`{"mock","method","path","headers":[[name,value]..],"body":"<text>"}`);
//!   `DELETE /__mock/requests` clears them. These three are neither recorded nor faulted.
//!
//! # Answers
//! The answer is `"Mock answer to: <text of the last user message>"` (`"Mock answer."` without
//! one); legacy completions answer `"Mock completion for: <prompt>"`. Header `x-mock-reply`
//! replaces it verbatim. `x-mock-tool-call: NAME` (+ optional `x-mock-tool-args: JSON`) answers
//! with a tool call when the request has `tools`. In both, `{{user}}` is replaced by the last
//! user message's text (JSON-escaped inside tool arguments). `x-mock-reply-repeat: N` says the
//! text answer N times over (huge answers; capped at 64 MiB). `max_tokens` and `n` are ignored.
//!
//! # Token estimate
//! tokens(text) = ceil(chars / 4). Prompt/input = Σ over messages (and a non-empty Anthropic
//! `system`) of tokens(text) + 4. Completion/output = tokens(answer), or tokens(name) +
//! tokens(arguments) for a tool call. Embeddings: Σ tokens(input) (token-id arrays: their length).
//!
//! # Streams
//! Each SSE event is its own body frame and its own flush. The answer is split 1, 2, 3, 1, …
//! words per chunk, or into `x-mock-chunk-chars: N`-char pieces; `x-mock-event-delay-ms: N`
//! sleeps between events. OpenAI streams send the usage chunk only with
//! `stream_options.include_usage: true`.
//!
//! # Response shapes (provider misbehaviour)
//! `x-mock-raw-body: <percent-encoded bytes>` (+ `x-mock-content-type`, default `text/plain`)
//! is sent instead of the API answer (`{{user}}` in it becomes the last user message's text);
//! `x-mock-response-header: NAME=<percent-encoded value>` adds
//! a response header (any bytes, non-UTF-8 included); `x-mock-gzip: 1` gzips the body when the
//! request's `accept-encoding` allows it, `x-mock-gzip: always` gzips regardless
//! (`content-encoding: gzip`, stored deflate blocks).
//!
//! # Faults (headers, or `MockConfig::default_fault`, header fields override)
//! `x-mock-status`, `x-mock-delay-ms`, `x-mock-cut-after`, `x-mock-fault-model`; see [`Fault`].
//! An injected error status answers in the API's error shape: OpenAI's, or Anthropic's
//! `{"type":"error","error":{"type","message"}}` on `…/messages`.

mod anthropic;
mod body;
mod config;
mod openai;
mod record;
mod reply;
mod server;
mod shape;
mod steer;
mod text;

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::oneshot;

pub use config::{Fault, MockConfig, ServeOptions};
pub use openai::MODELS;
pub use record::{RecordedRequest, MAX_RECORDED};

/// A running mock server; dropping it shuts the server down and closes its connections.
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<server::State>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Start on 127.0.0.1 in a background thread with its own tokio runtime; returns once the
    /// socket is bound and listening (connections made after this are accepted).
    pub fn start(config: MockConfig) -> std::io::Result<MockServer> {
        Self::start_with(config, ServeOptions::default())
    }

    /// `start` with host, thread count and recording chosen explicitly.
    pub fn start_with(config: MockConfig, options: ServeOptions) -> std::io::Result<MockServer> {
        let state = Arc::new(server::State::new(&config, options.record)?);
        // Bind here, synchronously, so bind errors reach the caller and the port is live on return.
        let std_listener = TcpListener::bind((options.host.as_str(), config.port))?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let runtime = if options.threads <= 1 {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?
        } else {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(options.threads)
                .enable_all()
                .build()?
        };
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(std_listener)?
        };
        let (tx, rx) = oneshot::channel();
        let serve_state = state.clone();
        let thread = std::thread::Builder::new()
            .name(format!("mock-llm:{}", addr.port()))
            .spawn(move || {
                runtime.block_on(server::serve(listener, serve_state, rx));
                // Dropping the runtime cancels the connection tasks, closing their sockets.
                drop(runtime);
            })?;
        Ok(MockServer {
            addr,
            state,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://HOST:PORT`, for building request URLs.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn name(&self) -> &str {
        &self.state.name
    }

    /// Snapshot of everything received so far (oldest first; `/health` and `/__mock/*` excluded).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.recorder.snapshot()
    }

    pub fn clear(&self) {
        self.state.recorder.clear();
    }

    /// Waits until at least `n` requests are recorded or `timeout` passes, then returns the
    /// snapshot (which may hold fewer than `n` on timeout; assert on its length).
    pub fn wait_for_requests(&self, n: usize, timeout: Duration) -> Vec<RecordedRequest> {
        self.state.recorder.wait_for(n, timeout)
    }

    /// Blocks the calling thread for as long as the server runs (for the binary).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

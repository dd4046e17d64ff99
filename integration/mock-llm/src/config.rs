//! Server configuration and fault descriptions.

/// What the mock server is started with.
#[derive(Clone, Debug)]
pub struct MockConfig {
    /// Port on 127.0.0.1; 0 lets the OS pick a free one (read it back with `MockServer::port`).
    pub port: u16,
    /// Echoed in the `x-mock-name` response header and in every recorded request, so a test with
    /// several upstreams can tell which one answered.
    pub name: String,
    /// Applied to every request (subject to its `only_model`), e.g. "always 503".
    /// Per-request `x-mock-*` headers override it field by field.
    pub default_fault: Option<Fault>,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            port: 0,
            name: "mock-llm".to_string(),
            default_fault: None,
        }
    }
}

/// A misbehaviour to inject into a reply.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fault {
    /// Reply this status. >= 400 gives an OpenAI-shape error body (429 adds `retry-after: 1`);
    /// < 400 only replaces the status code of the normal reply.
    pub status: Option<u16>,
    /// Wait this long before sending the response headers.
    pub delay_ms: u64,
    /// Streams: send this many SSE events, then drop the connection without the terminating
    /// chunk. Non-stream bodies: send the headers and half the body, then drop the connection.
    pub cut_after_events: Option<usize>,
    /// Apply the fault only when the request body's `model` equals this.
    pub only_model: Option<String>,
}

/// Knobs that are not part of the test-facing config (kept separate so `MockConfig` struct
/// literals written elsewhere keep compiling).
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Host to bind; tests use 127.0.0.1, containers may need 0.0.0.0.
    pub host: String,
    /// Tokio worker threads; 1 runs a current-thread runtime (cheapest for tests).
    pub threads: usize,
    /// Record requests. Off for benchmarks, so the mock's memory and lock stay flat.
    pub record: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            host: "127.0.0.1".to_string(),
            threads: 1,
            record: true,
        }
    }
}

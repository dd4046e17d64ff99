//! A tiny blocking HTTP/1.1 client for tests.
//!
//! Every status comes back as a value (tests assert on 4xx/5xx replies), chunked bodies are
//! decoded, and the arrival time of each body chunk is recorded so a test can tell a stream that
//! trickled in from a response that was buffered and sent at once. [`raw`] sends what a
//! well-behaved client would not (non-UTF-8 header bytes, cut requests, early hang-ups).

pub mod raw;
mod wire;

use std::io::{self, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use llm_filters_core::sse::{SseEvent, SseParser};

/// How long a test waits for a reply before failing instead of hanging.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
    /// The decoded body (chunked framing removed).
    pub body: Vec<u8>,
    /// When each body chunk arrived, measured from when the request was written. For a chunked
    /// response one entry per HTTP chunk; otherwise one per socket read.
    pub chunk_times: Vec<Duration>,
}

impl HttpResponse {
    /// First header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// All values of a header (case-insensitive), e.g. `set-cookie`.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON; panics with status and body when it is not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "response is not JSON ({e}): status {} body {:?}",
                self.status,
                self.text()
            )
        })
    }

    /// The body parsed as server-sent events.
    pub fn sse_events(&self) -> Vec<SseEvent> {
        let mut parser = SseParser::new();
        let mut events = parser.push(&self.body);
        events.extend(parser.finish());
        events
    }

    /// Time between the first and the last body chunk: ~0 for a buffered response.
    pub fn body_spread(&self) -> Duration {
        match (self.chunk_times.first(), self.chunk_times.last()) {
            (Some(first), Some(last)) => *last - *first,
            _ => Duration::ZERO,
        }
    }
}

/// POSTs `body` as JSON (content-type added unless given). Panics on transport errors.
pub fn post_json(url: &str, headers: &[(&str, &str)], body: &serde_json::Value) -> HttpResponse {
    let mut all: Vec<(&str, &str)> = headers.to_vec();
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        all.push(("content-type", "application/json"));
    }
    let bytes = serde_json::to_vec(body).expect("serialize JSON body");
    request("POST", url, &all, &bytes)
}

/// Sends one request on a fresh connection. Panics on transport errors (refused, reset, timeout).
pub fn request(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
    try_request(method, url, headers, body, DEFAULT_TIMEOUT)
        .unwrap_or_else(|e| panic!("{method} {url} failed: {e}"))
}

/// Like [`request`], but transport errors come back as `Err` and the timeout is chosen.
pub fn try_request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
) -> io::Result<HttpResponse> {
    let (authority, path) = split_url(url)?;
    let addr = authority
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no address"))?;
    let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    stream.set_nodelay(true)?;

    let head = wire::request_head(method, authority, path, headers, body.len());
    // One write so small requests leave in one segment.
    let mut out = head.into_bytes();
    out.extend_from_slice(body);
    stream.write_all(&out)?;
    let sent = Instant::now();

    wire::read_response(stream, method.eq_ignore_ascii_case("HEAD"), sent)
}

/// A value for the mock's `x-mock-raw-body` header: percent-encodes what a header value cannot
/// carry (and `%` itself), leaving the rest readable and under Envoy's request-header limit.
pub fn mock_raw_body(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'%' | 0..=0x1f | 0x7f.. => format!("%{b:02X}"),
            _ => char::from(b).to_string(),
        })
        .collect()
}

/// `http://host:port/path?q` -> (`host:port`, `/path?q`).
fn split_url(url: &str) -> io::Result<(&str, &str)> {
    let rest = url.strip_prefix("http://").ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("only http:// URLs: {url}"),
        )
    })?;
    Ok(match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_urls() {
        assert_eq!(
            split_url("http://127.0.0.1:8080/v1/x?y=1").unwrap(),
            ("127.0.0.1:8080", "/v1/x?y=1")
        );
        assert_eq!(split_url("http://h:1").unwrap(), ("h:1", "/"));
        assert!(split_url("https://h/").is_err());
    }
}

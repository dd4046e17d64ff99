//! The test host: drives sessions natively through whole exchanges the way Envoy does (held
//! headers, buffered bodies, local replies, trailers, cut streams), and records what the upstream
//! received and what the client got. Filter crates use it with the `testing` feature.
//!
//! Envoy semantics it follows (proxy-wasm, Envoy 1.40):
//! - headers a callback pauses stay held until a later callback of that direction continues;
//! - body bytes a callback pauses are buffered, and the next body callback sees all of them;
//! - `Continue` releases what is held (headers, then the buffered body);
//! - a local reply ends the request: nothing more goes upstream, the client gets the reply
//!   (passed through this session's response callbacks, as Envoy encodes local replies through
//!   the filter chain);
//! - a stream that ends while something is still held without a reply is a hang: `stalled`.

use crate::headers;
use crate::quota_store::{MemoryStore, SharedStore};
use crate::session::{Flow, HeaderList, Host, Session};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

/// A local reply a session sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderList,
    pub body: Vec<u8>,
}

/// The host side of one stream: what a session reads and writes.
#[derive(Debug)]
pub struct TestHost {
    /// Raw header bytes, as a client or provider may send them (not necessarily UTF-8).
    request_headers: Vec<(String, Vec<u8>)>,
    request_body: Vec<u8>,
    response_headers: Vec<(String, Vec<u8>)>,
    response_body: Vec<u8>,
    request_headers_sent: bool,
    response_headers_sent: bool,
    in_response: bool,
    pub reply: Option<Reply>,
    /// Host properties by path (`["xds", "route_name"]` → bytes).
    pub properties: HashMap<Vec<String>, Vec<u8>>,
    pub filter_state: BTreeMap<String, Vec<u8>>,
    pub counters: BTreeMap<String, u64>,
    pub histograms: BTreeMap<String, Vec<u64>>,
    pub clock: Duration,
    pub store: Arc<MemoryStore>,
}

impl Default for TestHost {
    fn default() -> Self {
        TestHost::new(Arc::new(MemoryStore::new()))
    }
}

impl TestHost {
    /// A host sharing `store` with other hosts (other streams, other "workers").
    pub fn new(store: Arc<MemoryStore>) -> Self {
        TestHost {
            request_headers: Vec::new(),
            request_body: Vec::new(),
            response_headers: Vec::new(),
            response_body: Vec::new(),
            request_headers_sent: false,
            response_headers_sent: false,
            in_response: false,
            reply: None,
            properties: HashMap::new(),
            filter_state: BTreeMap::new(),
            counters: BTreeMap::new(),
            histograms: BTreeMap::new(),
            clock: Duration::from_secs(1_700_000_000),
            store,
        }
    }

    pub fn with_property(mut self, path: &[&str], value: &[u8]) -> Self {
        self.properties
            .insert(path.iter().map(|s| s.to_string()).collect(), value.to_vec());
        self
    }

    pub fn counter(&self, name: &str) -> u64 {
        self.counters.get(name).copied().unwrap_or(0)
    }

    pub fn filter_state_str(&self, key: &str) -> Option<&str> {
        self.filter_state
            .get(key)
            .and_then(|v| std::str::from_utf8(v).ok())
    }
}

fn lossy(headers: &[(String, Vec<u8>)]) -> HeaderList {
    crate::session::header_list(headers.iter().map(|(n, v)| (n.as_bytes(), v.as_slice())))
}

fn set_header(headers: &mut Vec<(String, Vec<u8>)>, name: &str, value: &str) {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    headers.push((name.to_ascii_lowercase(), value.as_bytes().to_vec()));
}

fn remove_header(headers: &mut Vec<(String, Vec<u8>)>, name: &str) {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
}

impl Host for TestHost {
    fn request_headers(&mut self) -> HeaderList {
        lossy(&self.request_headers)
    }

    fn set_request_header(&mut self, name: &str, value: &str) {
        if !self.request_headers_sent {
            set_header(&mut self.request_headers, name, value);
        }
    }

    fn remove_request_header(&mut self, name: &str) {
        if !self.request_headers_sent {
            remove_header(&mut self.request_headers, name);
        }
    }

    fn request_body(&mut self) -> Vec<u8> {
        if self.in_response {
            Vec::new()
        } else {
            self.request_body.clone()
        }
    }

    fn set_request_body(&mut self, body: &[u8]) {
        if !self.in_response {
            self.request_body = body.to_vec();
        }
    }

    fn response_headers(&mut self) -> HeaderList {
        lossy(&self.response_headers)
    }

    fn set_response_header(&mut self, name: &str, value: &str) {
        if self.in_response && !self.response_headers_sent {
            set_header(&mut self.response_headers, name, value);
        }
    }

    fn remove_response_header(&mut self, name: &str) {
        if self.in_response && !self.response_headers_sent {
            remove_header(&mut self.response_headers, name);
        }
    }

    fn response_body(&mut self) -> Vec<u8> {
        if self.in_response {
            self.response_body.clone()
        } else {
            Vec::new()
        }
    }

    fn set_response_body(&mut self, body: &[u8]) {
        if self.in_response {
            self.response_body = body.to_vec();
        }
    }

    fn send_reply(&mut self, status: u16, headers: &[(String, String)], body: &[u8]) {
        // Envoy refuses a second local reply for a stream; keep the first.
        if self.reply.is_none() && !self.response_headers_sent {
            self.reply = Some(Reply {
                status,
                headers: headers.to_vec(),
                body: body.to_vec(),
            });
        }
    }

    fn property(&mut self, path: &[&str]) -> Option<Vec<u8>> {
        let key: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        self.properties.get(&key).cloned()
    }

    fn set_filter_state(&mut self, key: &str, value: &[u8]) {
        self.filter_state.insert(key.to_string(), value.to_vec());
    }

    fn filter_state(&mut self, key: &str) -> Option<Vec<u8>> {
        self.filter_state.get(key).cloned()
    }

    fn count(&mut self, name: &str, by: u64) {
        *self.counters.entry(name.to_string()).or_default() += by;
    }

    fn record(&mut self, name: &str, value: u64) {
        self.histograms
            .entry(name.to_string())
            .or_default()
            .push(value);
    }

    fn now(&self) -> Duration {
        self.clock
    }

    fn store(&self) -> &dyn SharedStore {
        &*self.store
    }
}

/// One direction of an exchange: headers, body chunks, trailers; optionally cut short.
#[derive(Debug, Clone, Default)]
pub struct Message {
    pub headers: Vec<(String, Vec<u8>)>,
    pub chunks: Vec<Vec<u8>>,
    pub trailers: bool,
    /// Stop after this many chunks, without end of stream (client or upstream reset).
    pub cut_after: Option<usize>,
}

impl Message {
    pub fn new(headers: &[(&str, &str)]) -> Self {
        Message {
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
                .collect(),
            ..Message::default()
        }
    }

    /// A request `:method :path` with a JSON body in one chunk.
    pub fn json_request(path: &str, body: &[u8]) -> Self {
        Message::new(&[
            (":method", "POST"),
            (":path", path),
            (":authority", "gateway"),
            ("content-type", "application/json"),
        ])
        .body(body)
    }

    /// A response with status and content type and a body in one chunk.
    pub fn response(status: u16, content_type: &str, body: &[u8]) -> Self {
        Message::new(&[
            (":status", &status.to_string()),
            ("content-type", content_type),
        ])
        .body(body)
    }

    pub fn header(mut self, name: &str, value: &[u8]) -> Self {
        self.headers.push((name.to_string(), value.to_vec()));
        self
    }

    pub fn body(mut self, body: &[u8]) -> Self {
        self.chunks = if body.is_empty() {
            Vec::new()
        } else {
            vec![body.to_vec()]
        };
        self
    }

    /// Split the body into chunks at these byte offsets (out-of-range offsets are ignored).
    pub fn split_at(mut self, offsets: &[usize]) -> Self {
        let whole: Vec<u8> = self.chunks.concat();
        let mut cuts: Vec<usize> = offsets
            .iter()
            .copied()
            .filter(|&o| o > 0 && o < whole.len())
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut chunks = Vec::new();
        let mut start = 0;
        for cut in cuts.into_iter().chain(std::iter::once(whole.len())) {
            if let Some(piece) = whole.get(start..cut) {
                if !piece.is_empty() {
                    chunks.push(piece.to_vec());
                }
            }
            start = cut;
        }
        self.chunks = chunks;
        self
    }

    fn has_body(&self) -> bool {
        !self.chunks.is_empty()
    }
}

/// What reached the upstream.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sent {
    pub headers: HeaderList,
    pub body: Vec<u8>,
    /// The whole message went (end of stream reached).
    pub complete: bool,
}

impl Sent {
    pub fn header(&self, name: &str) -> Option<&str> {
        headers::get(&self.headers, name)
    }

    pub fn body_str(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The result of [`run`].
#[derive(Debug)]
pub struct Outcome {
    /// Headers and body the upstream received; `None` when nothing went upstream.
    pub upstream: Option<Sent>,
    /// What the client got: the response (or local reply) after the session's response phase.
    pub client: Option<Sent>,
    /// The session replied locally.
    pub replied: Option<Reply>,
    /// Something was held at end of stream without a reply: Envoy would hang here.
    pub stalled: bool,
    pub host: TestHost,
}

impl Outcome {
    pub fn status(&self) -> Option<u16> {
        self.client.as_ref()?.header(":status")?.parse().ok()
    }

    pub fn client_body(&self) -> String {
        self.client.as_ref().map(Sent::body_str).unwrap_or_default()
    }

    pub fn upstream_body(&self) -> String {
        self.upstream
            .as_ref()
            .map(Sent::body_str)
            .unwrap_or_default()
    }
}

/// Drive `session` through `request` and, when the request reached the upstream, `response`
/// (built from what the upstream received, so it can echo it).
pub fn run<S: Session + ?Sized>(
    session: &mut S,
    mut host: TestHost,
    request: &Message,
    response: impl FnOnce(&Sent) -> Message,
) -> Outcome {
    let mut stalled = false;
    host.request_headers = request.headers.clone();
    // As every host adapter does before a session sees the request.
    crate::contract::guard_request(&mut host);
    let request_phase = drive(session, &mut host, request, Direction::Request);
    let upstream = request_phase.sent;
    stalled |= request_phase.stalled;

    let answer = match host.reply.clone() {
        Some(reply) => {
            let mut headers = vec![(":status".to_string(), reply.status.to_string().into_bytes())];
            headers.extend(
                reply
                    .headers
                    .iter()
                    .map(|(n, v)| (n.clone(), v.clone().into_bytes())),
            );
            Some(Message {
                headers,
                chunks: if reply.body.is_empty() {
                    vec![]
                } else {
                    vec![reply.body.clone()]
                },
                trailers: false,
                cut_after: None,
            })
        }
        None => match &upstream {
            Some(sent) if !request_phase.cut => Some(response(sent)),
            _ => None,
        },
    };
    let replied = host.reply.clone();
    let mut client = None;
    if let Some(answer) = answer {
        host.in_response = true;
        host.response_headers = answer.headers.clone();
        let response_phase = drive(session, &mut host, &answer, Direction::Response);
        // A reply sent during the response phase is ignored (too late); during the request
        // phase the reply itself is what the client gets.
        client = response_phase.sent;
        stalled |= response_phase.stalled && replied.is_none();
    }
    session.on_done(&mut host);
    Outcome {
        upstream,
        client,
        replied,
        stalled,
        host,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
}

struct Phase {
    sent: Option<Sent>,
    stalled: bool,
    cut: bool,
}

fn drive<S: Session + ?Sized>(
    session: &mut S,
    host: &mut TestHost,
    message: &Message,
    direction: Direction,
) -> Phase {
    let replied_before = host.reply.is_some();
    let replied = |host: &TestHost| {
        direction == Direction::Request && !replied_before && host.reply.is_some()
    };
    let chunks: Vec<&Vec<u8>> = match message.cut_after {
        Some(n) => message.chunks.iter().take(n).collect(),
        None => message.chunks.iter().collect(),
    };
    let cut = message
        .cut_after
        .is_some_and(|n| n < message.chunks.len() || message.trailers);
    let headers_only = !message.has_body() && !message.trailers && !cut;

    let flow = match direction {
        Direction::Request => session.on_request_headers(host, headers_only),
        Direction::Response => session.on_response_headers(host, headers_only),
    };
    if replied(host) {
        return Phase {
            sent: None,
            stalled: false,
            cut,
        };
    }
    let mut sent: Option<Sent> = None;
    let release_headers = |host: &mut TestHost, sent: &mut Option<Sent>| {
        if sent.is_none() {
            let headers = match direction {
                Direction::Request => {
                    host.request_headers_sent = true;
                    lossy(&host.request_headers)
                }
                Direction::Response => {
                    host.response_headers_sent = true;
                    lossy(&host.response_headers)
                }
            };
            *sent = Some(Sent {
                headers,
                body: Vec::new(),
                complete: false,
            });
        }
    };
    if flow == Flow::Continue {
        release_headers(host, &mut sent);
    }
    if headers_only {
        return match sent {
            Some(mut s) => {
                s.complete = true;
                Phase {
                    sent: Some(s),
                    stalled: false,
                    cut,
                }
            }
            None => Phase {
                sent: None,
                stalled: true,
                cut,
            },
        };
    }

    let mut buffered: Vec<u8> = Vec::new();
    let count = chunks.len();
    for (i, chunk) in chunks.into_iter().enumerate() {
        buffered.extend_from_slice(chunk);
        let end = i + 1 == count && !message.trailers && !cut;
        let flow = match direction {
            Direction::Request => {
                host.request_body = std::mem::take(&mut buffered);
                let size = host.request_body.len();
                let flow = session.on_request_body(host, size, end);
                buffered = std::mem::take(&mut host.request_body);
                flow
            }
            Direction::Response => {
                host.response_body = std::mem::take(&mut buffered);
                let size = host.response_body.len();
                let flow = session.on_response_body(host, size, end);
                buffered = std::mem::take(&mut host.response_body);
                flow
            }
        };
        if replied(host) {
            // What already went upstream stays sent (Envoy resets that upstream request).
            return Phase {
                sent,
                stalled: false,
                cut,
            };
        }
        if flow == Flow::Continue {
            release_headers(host, &mut sent);
            if let Some(s) = sent.as_mut() {
                s.body.extend_from_slice(&buffered);
            }
            buffered.clear();
        }
    }
    if message.trailers && !cut {
        // Envoy still holds the buffered body in the trailers callback (proxy-wasm reads it as the
        // body buffer), so a session can decide there.
        let flow = match direction {
            Direction::Request => {
                host.request_body = std::mem::take(&mut buffered);
                let flow = session.on_request_trailers(host);
                buffered = std::mem::take(&mut host.request_body);
                flow
            }
            Direction::Response => {
                host.response_body = std::mem::take(&mut buffered);
                let flow = session.on_response_trailers(host);
                buffered = std::mem::take(&mut host.response_body);
                flow
            }
        };
        if replied(host) {
            return Phase {
                sent,
                stalled: false,
                cut,
            };
        }
        // Trailers end the stream: whatever is held goes now unless the session still pauses.
        if flow == Flow::Continue {
            release_headers(host, &mut sent);
            if let Some(s) = sent.as_mut() {
                s.body.extend_from_slice(&buffered);
            }
            buffered.clear();
        }
    }
    if cut {
        return Phase {
            sent,
            stalled: false,
            cut,
        };
    }
    let stalled = sent.is_none() || !buffered.is_empty();
    if let Some(s) = sent.as_mut() {
        s.complete = buffered.is_empty();
    }
    Phase { sent, stalled, cut }
}

/// An upstream that answers every request with this OpenAI chat completion text.
pub fn chat_answer(text: &str) -> impl FnOnce(&Sent) -> Message {
    let body = serde_json::json!({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}
    })
    .to_string();
    move |_| Message::response(200, "application/json", body.as_bytes())
}

/// An upstream that echoes nothing and answers 200 with an empty JSON object.
pub fn empty_answer(_: &Sent) -> Message {
    Message::response(200, "application/json", b"{}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Holds the request until the body is complete, then uppercases it.
    struct Upper;
    impl Session for Upper {
        fn on_request_headers(&mut self, host: &mut dyn Host, end: bool) -> Flow {
            host.set_request_header("x-seen", "1");
            if end {
                Flow::Continue
            } else {
                Flow::Pause
            }
        }
        fn on_request_body(&mut self, host: &mut dyn Host, _size: usize, end: bool) -> Flow {
            if !end {
                return Flow::Pause;
            }
            let body = host.request_body().to_ascii_uppercase();
            host.set_request_body(&body);
            Flow::Continue
        }
    }

    #[test]
    fn held_bodies_are_buffered_and_released_whole() {
        let request = Message::json_request("/v1/x", b"hello world").split_at(&[2, 5]);
        let out = run(&mut Upper, TestHost::default(), &request, empty_answer);
        let up = out.upstream.clone().unwrap();
        assert_eq!(up.body, b"HELLO WORLD");
        assert_eq!(up.header("x-seen"), Some("1"));
        assert!(up.complete && !out.stalled);
        assert_eq!(out.status(), Some(200));
        assert_eq!(out.client_body(), "{}");
    }

    #[test]
    fn a_pause_at_end_of_stream_is_a_stall() {
        struct Stuck;
        impl Session for Stuck {
            fn on_request_body(&mut self, _: &mut dyn Host, _: usize, _: bool) -> Flow {
                Flow::Pause
            }
        }
        let out = run(
            &mut Stuck,
            TestHost::default(),
            &Message::json_request("/", b"{}"),
            empty_answer,
        );
        assert!(out.stalled);
    }

    #[test]
    fn local_replies_reach_the_client_and_nothing_goes_upstream() {
        struct Deny;
        impl Session for Deny {
            fn on_request_headers(&mut self, host: &mut dyn Host, _: bool) -> Flow {
                host.send_reply(
                    403,
                    &[("content-type".into(), "application/json".into())],
                    b"{\"error\":{}}",
                );
                Flow::Pause
            }
        }
        let out = run(
            &mut Deny,
            TestHost::default(),
            &Message::json_request("/", b"{}"),
            empty_answer,
        );
        assert!(out.upstream.is_none());
        assert_eq!(out.status(), Some(403));
        assert_eq!(out.client_body(), "{\"error\":{}}");
        assert!(!out.stalled);
    }

    #[test]
    fn non_utf8_header_bytes_read_as_replacement_text() {
        struct Read(Option<String>);
        impl Session for Read {
            fn on_request_headers(&mut self, host: &mut dyn Host, _: bool) -> Flow {
                self.0 = headers::get(&host.request_headers(), "x-note").map(str::to_owned);
                Flow::Continue
            }
        }
        let mut s = Read(None);
        let request =
            Message::new(&[(":method", "GET"), (":path", "/")]).header("x-note", b"caf\xe9");
        let out = run(&mut s, TestHost::default(), &request, empty_answer);
        assert_eq!(s.0.as_deref(), Some("caf\u{fffd}"));
        assert!(out.upstream.as_ref().unwrap().complete);
    }

    #[test]
    fn trailers_see_the_buffered_body() {
        struct AtTrailers;
        impl Session for AtTrailers {
            fn on_request_headers(&mut self, _: &mut dyn Host, _: bool) -> Flow {
                Flow::Pause
            }
            fn on_request_body(&mut self, _: &mut dyn Host, _: usize, _: bool) -> Flow {
                Flow::Pause
            }
            fn on_request_trailers(&mut self, host: &mut dyn Host) -> Flow {
                let body = host.request_body();
                host.set_request_body(&[body.as_slice(), b"!"].concat());
                Flow::Continue
            }
        }
        let mut request = Message::json_request("/", b"abc").split_at(&[1]);
        request.trailers = true;
        let out = run(&mut AtTrailers, TestHost::default(), &request, empty_answer);
        assert_eq!(out.upstream.as_ref().unwrap().body, b"abc!");
        assert!(!out.stalled);
    }

    #[test]
    fn split_keeps_every_byte() {
        let m = Message::json_request("/", b"abcdef").split_at(&[0, 3, 3, 9, 5]);
        assert_eq!(
            m.chunks,
            vec![b"abc".to_vec(), b"de".to_vec(), b"f".to_vec()]
        );
    }
}

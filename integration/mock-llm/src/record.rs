//! Request recording: what arrived, kept for tests to assert on.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// Oldest requests are dropped beyond this, so a long benchmark cannot grow memory unbounded.
pub const MAX_RECORDED: usize = 10_000;

/// One request exactly as the mock received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// Name of the mock server that received it (`MockConfig::name`).
    pub mock_name: String,
    pub method: String,
    /// Path including the query string.
    pub path: String,
    /// Lower-case names, in arrival order (repeated headers appear repeatedly).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// First value of a header, name matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// All values of a header, in order.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Body as UTF-8 text (lossy).
    pub fn body_str(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Body parsed as JSON. Panics with the body text when it is not JSON: this is a test helper
    /// and the message is what the test author needs to see.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "recorded {} {} body is not JSON ({e}): {:?}",
                self.method,
                self.path,
                self.body_str()
            )
        })
    }

    /// JSON form served by `GET /__mock/requests` (body as a string, headers as [name, value] pairs).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "mock": self.mock_name,
            "method": self.method,
            "path": self.path,
            "headers": self.headers.iter().map(|(k, v)| serde_json::json!([k, v])).collect::<Vec<_>>(),
            "body": self.body_str(),
        })
    }
}

/// Bounded, thread-safe log with a condvar so waiters wake on arrival instead of sleeping blindly.
pub(crate) struct Recorder {
    enabled: bool,
    log: Mutex<VecDeque<RecordedRequest>>,
    arrived: Condvar,
}

impl Recorder {
    pub(crate) fn new(enabled: bool) -> Self {
        Recorder {
            enabled,
            log: Mutex::new(VecDeque::new()),
            arrived: Condvar::new(),
        }
    }

    pub(crate) fn enabled(&self) -> bool {
        self.enabled
    }

    pub(crate) fn push(&self, req: RecordedRequest) {
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        if log.len() >= MAX_RECORDED {
            log.pop_front();
        }
        log.push_back(req);
        drop(log);
        self.arrived.notify_all();
    }

    pub(crate) fn snapshot(&self) -> Vec<RecordedRequest> {
        let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        log.iter().cloned().collect()
    }

    pub(crate) fn clear(&self) {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// Blocks until at least `n` requests are recorded or `timeout` passes; returns what is there.
    pub(crate) fn wait_for(&self, n: usize, timeout: Duration) -> Vec<RecordedRequest> {
        let deadline = Instant::now() + timeout;
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        while log.len() < n {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            log = self
                .arrived
                .wait_timeout(log, deadline - now)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        log.iter().cloned().collect()
    }
}

//! The session contract: a filter's per-stream state machine written once against a small host
//! trait, hosted by the proxy-wasm adapter ([`crate::wasm_host`]), the Envoy dynamic-module
//! adapter, and the test host ([`crate::testing`]).
//!
//! A session never calls a host directly: every callback gets `&mut dyn Host` and returns a
//! [`Flow`]. Hosts guarantee what proxy-wasm does not: request headers stay readable in every
//! later phase (the adapter keeps a copy), header values are handed over as text even when the
//! peer sent bytes that are not UTF-8 (replaced with U+FFFD; only for reading), and no host call
//! panics: a call that is not valid in the current phase does nothing and reads as absent.

use crate::config::ConfigError;
use crate::headers::HeaderChanges;
use crate::quota_store::SharedStore;
use crate::rules::{RequestInfo, RouteRules};
use crate::ErrorReply;
use std::sync::Arc;
use std::time::Duration;

/// What the host does after a callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Pass what the callback saw on (headers, or this body chunk).
    Continue,
    /// Hold it: headers stay held until a later callback continues; body bytes are buffered and
    /// the next body callback sees everything buffered so far. Also returned after a local reply.
    Pause,
}

/// Header lists as sessions see them: `(lower-case name, value)`.
pub type HeaderList = Vec<(String, String)>;

/// A header map as a host hands it over (bytes, not necessarily UTF-8) as sessions see it: names
/// lower-cased, bytes that are not UTF-8 read as U+FFFD. Shared by every host adapter.
pub fn header_list<N: AsRef<[u8]>, V: AsRef<[u8]>>(
    raw: impl IntoIterator<Item = (N, V)>,
) -> HeaderList {
    raw.into_iter()
        .map(|(n, v)| {
            let name = String::from_utf8_lossy(n.as_ref()).to_ascii_lowercase();
            (name, String::from_utf8_lossy(v.as_ref()).into_owned())
        })
        .collect()
}

/// An adapter's cached header list after it set (`Some`) or removed (`None`) a header.
pub fn cache_header(cache: &mut Option<HeaderList>, name: &str, value: Option<&str>) {
    if let Some(headers) = cache.as_mut() {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        if let Some(value) = value {
            headers.push((name.to_ascii_lowercase(), value.to_string()));
        }
    }
}

/// What a session may ask of the host during a stream.
///
/// Body semantics are those of proxy-wasm: inside a body callback, `request_body` is the body the
/// host holds for that callback (everything buffered since the last `Continue`, or the current
/// chunk), and `set_request_body` replaces exactly that.
pub trait Host {
    /// The request headers as the client sent them (minus what filters already changed).
    /// Readable in every phase.
    fn request_headers(&mut self) -> HeaderList;
    /// Set (replace) a request header. Only effective before the request headers went upstream.
    fn set_request_header(&mut self, name: &str, value: &str);
    fn remove_request_header(&mut self, name: &str);
    fn request_body(&mut self) -> Vec<u8>;
    fn set_request_body(&mut self, body: &[u8]);

    /// One request header's value (name compared case-insensitively). The default copies the
    /// whole list; a host that keeps the list answers without copying it.
    fn request_header(&mut self, name: &str) -> Option<String> {
        crate::headers::get(&self.request_headers(), name).map(str::to_string)
    }

    /// Empty before the response headers arrive.
    fn response_headers(&mut self) -> HeaderList;
    /// One response header's value, as [`Host::request_header`].
    fn response_header(&mut self, name: &str) -> Option<String> {
        crate::headers::get(&self.response_headers(), name).map(str::to_string)
    }
    fn set_response_header(&mut self, name: &str, value: &str);
    fn remove_response_header(&mut self, name: &str);
    fn response_body(&mut self) -> Vec<u8>;
    fn set_response_body(&mut self, body: &[u8]);

    /// Lends [`Host::request_body`] to `read`, without a copy where the host holds it in one
    /// piece (the native host, for a body in one Envoy slice); the bytes are only valid inside
    /// `read`. The default copies.
    fn read_request_body(&mut self, read: &mut dyn FnMut(&[u8])) {
        read(&self.request_body());
    }
    /// [`Host::response_body`] lent like [`Host::read_request_body`].
    fn read_response_body(&mut self, read: &mut dyn FnMut(&[u8])) {
        read(&self.response_body());
    }

    /// Answer the client directly; the request goes no further. The callback returns
    /// [`Flow::Pause`] afterwards.
    fn send_reply(&mut self, status: u16, headers: &[(String, String)], body: &[u8]);

    /// A host property (`["xds", "route_name"]`, upstream host metadata, ...), `None` when absent.
    fn property(&mut self, path: &[&str]) -> Option<Vec<u8>>;
    /// Filter state other filters and the access log read (`%FILTER_STATE(...)%`).
    /// Keys are the names in [`crate::contract`].
    fn set_filter_state(&mut self, key: &str, value: &[u8]);
    /// Filter state set earlier in this stream by any filter, `None` when absent.
    fn filter_state(&mut self, key: &str) -> Option<Vec<u8>>;

    /// Add to a counter (defined on first use).
    fn count(&mut self, name: &str, by: u64);
    /// Record a histogram value (defined on first use).
    fn record(&mut self, name: &str, value: u64);

    /// Wall-clock time since the Unix epoch.
    fn now(&self) -> Duration;
    /// State shared by all workers of the proxy (quotas, budgets).
    fn store(&self) -> &dyn SharedStore;
}

/// Conveniences over [`Host`], written once for every host.
pub trait HostExt: Host {
    fn apply_request_changes(&mut self, changes: &HeaderChanges) {
        for name in &changes.remove {
            self.remove_request_header(name);
        }
        for (name, value) in &changes.set {
            self.set_request_header(name, value);
        }
    }

    fn apply_response_changes(&mut self, changes: &HeaderChanges) {
        for name in &changes.remove {
            self.remove_response_header(name);
        }
        for (name, value) in &changes.set {
            self.set_response_header(name, value);
        }
    }

    /// Reply with an error in the client's API shape: Anthropic's for a Messages request
    /// (`/v1/messages`), OpenAI's for everything else.
    fn send_error(&mut self, reply: &ErrorReply) {
        let anthropic = self.request_header(":path").is_some_and(|path| {
            crate::api::ApiKind::from_path(&path) == crate::api::ApiKind::AnthropicMessages
        });
        let body = if anthropic {
            reply.anthropic_body()
        } else {
            reply.body()
        };
        self.send_reply(reply.status, &reply.response_headers(), body.as_bytes());
    }

    /// A property as text; `None` when absent or not UTF-8.
    fn property_string(&mut self, path: &[&str]) -> Option<String> {
        String::from_utf8(self.property(path)?).ok()
    }

    fn filter_state_string(&mut self, key: &str) -> Option<String> {
        String::from_utf8(self.filter_state(key)?).ok()
    }

    /// Which config of `rules` applies to a request with these headers (see
    /// [`RouteRules::select_index`]); fetches Envoy's route name only when a rule needs it.
    fn select_rule<T>(
        &mut self,
        rules: &RouteRules<T>,
        headers: &[(String, String)],
    ) -> Option<Option<usize>> {
        let route_name = if rules.uses_route_name() {
            self.property_string(&["xds", "route_name"])
        } else {
            None
        };
        let info = RequestInfo {
            host: crate::headers::get(headers, ":authority").unwrap_or(""),
            path: crate::headers::get(headers, ":path").unwrap_or(""),
            method: crate::headers::get(headers, ":method").unwrap_or(""),
            headers,
            route_name: route_name.as_deref(),
        };
        rules.select_index(&info)
    }
}

impl<H: Host + ?Sized> HostExt for H {}

/// One stream's state machine. Every callback has a default that passes the stream on.
pub trait Session: Send + 'static {
    fn on_request_headers(&mut self, _host: &mut dyn Host, _end_of_stream: bool) -> Flow {
        Flow::Continue
    }
    /// `body_size`: bytes the host holds for this callback (see [`Host`]).
    fn on_request_body(
        &mut self,
        _host: &mut dyn Host,
        _body_size: usize,
        _end_of_stream: bool,
    ) -> Flow {
        Flow::Continue
    }
    /// The request ended with trailers: no body callback saw `end_of_stream`.
    fn on_request_trailers(&mut self, _host: &mut dyn Host) -> Flow {
        Flow::Continue
    }
    fn on_response_headers(&mut self, _host: &mut dyn Host, _end_of_stream: bool) -> Flow {
        Flow::Continue
    }
    fn on_response_body(
        &mut self,
        _host: &mut dyn Host,
        _body_size: usize,
        _end_of_stream: bool,
    ) -> Flow {
        Flow::Continue
    }
    fn on_response_trailers(&mut self, _host: &mut dyn Host) -> Flow {
        Flow::Continue
    }
    /// The stream is done (ended, reset or cut); always called once, last.
    fn on_done(&mut self, _host: &mut dyn Host) {}
}

/// What a filter may use while loading its configuration.
pub trait LoadContext {
    /// The proxy's environment as handed to the filter (secrets by reference).
    fn env_var(&self, name: &str) -> Option<String>;
    /// Which instance of the filter this is: the proxy-wasm `root_id` or the dynamic module's
    /// `filter_name` (model-router serves two stages from one module).
    fn instance_name(&self) -> &str;
    fn store(&self) -> &dyn SharedStore;
    fn now(&self) -> Duration;
}

/// A loaded filter: its configuration, shared read-only by every stream and worker.
pub trait Filter: Send + Sync + Sized + 'static {
    /// For log lines: `pii-mask`, `model-router`, ...
    const NAME: &'static str;
    type Session: Session;

    /// Parse, validate and compile the plugin configuration. An error names the field; the host
    /// then refuses the configuration.
    fn load(config: &[u8], context: &dyn LoadContext) -> Result<Self, ConfigError>;

    /// A new stream. `seed` differs per stream (for weighted choices and generated ids).
    fn new_session(self: &Arc<Self>, seed: u64) -> Self::Session;
}

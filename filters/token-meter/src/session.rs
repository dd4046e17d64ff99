//! token-meter's per-stream state machine, written against the host trait of
//! `llm_filters_core::session` (hosted by the proxy-wasm adapter and the test host).
//!
//! Request phase: hold the headers, read the body (bounded), count, admit, forward or refuse.
//! Response phase: read usage from the body or stream, settle once (at the end of the response,
//! or in `on_done` for a stream that never ended), report.
//!
//! Trust: the model and backend come from filter state model-router wrote, never from request
//! headers; the budget fallback goes to model-router through filter state too; the client id
//! header is removed before the request goes upstream (unless `client.forwardHeader`).

use crate::config::MeterConfig;
use crate::quota::{self, rate_limit_headers, NAMESPACE};
use crate::report::{self, ResponseView};
use crate::request::{
    is_model_listing, on_request, Body, RequestMeta, RequestOutcome, RequestView,
};
use crate::response::ResponseBody;
use llm_filters_core::config::{load_config, ConfigError};
use llm_filters_core::contract::state;
use llm_filters_core::headers::{self, HeaderChanges};
use llm_filters_core::metrics::stat_name;
use llm_filters_core::quota_store::init_namespace;
use llm_filters_core::rules::RouteRules;
use llm_filters_core::session::{Filter, Flow, Host, HostExt, LoadContext, Session};
use std::sync::Arc;
use std::time::Duration;

/// The loaded plugin configuration.
pub struct TokenMeter {
    rules: RouteRules<MeterConfig>,
}

impl TokenMeter {
    pub fn rules(&self) -> &RouteRules<MeterConfig> {
        &self.rules
    }
}

impl Filter for TokenMeter {
    const NAME: &'static str = "token-meter";
    type Session = MeterSession;

    fn load(config: &[u8], ctx: &dyn LoadContext) -> Result<Self, ConfigError> {
        let rules: RouteRules<MeterConfig> = load_config(config)?;
        // Load the ranks now (once per VM) rather than on a client's first request.
        let started = ctx.now();
        // Every encoding the config or the built-in model map can select.
        for encoding in crate::encoding::Encoding::ALL {
            encoding.tokenizer();
        }
        let took = ctx.now().saturating_sub(started);
        log::info!(
            "{}: tokenizer ranks ready in {} ms",
            Self::NAME,
            took.as_millis()
        );
        init_namespace(ctx.store(), NAMESPACE);
        Ok(TokenMeter { rules })
    }

    fn new_session(self: &Arc<Self>, _seed: u64) -> MeterSession {
        MeterSession {
            filter: Arc::clone(self),
            selected: None,
            path: String::new(),
            listing: false,
            client: None,
            meta: None,
            status: 0,
            body: ResponseBody::None,
            started: Duration::ZERO,
            response_started: None,
            first_token: None,
            hold_response: false,
            decided: false,
            settled: false,
        }
    }
}

pub struct MeterSession {
    filter: Arc<TokenMeter>,
    /// `None`: pass through; `Some(None)`: default; `Some(Some(i))`: rule i.
    selected: Option<Option<usize>>,
    path: String,
    /// A read of the model list: metered, never charged (`request::is_model_listing`).
    listing: bool,
    /// The client id as read in the request-headers phase.
    client: Option<String>,
    /// Set when the request was admitted and forwarded: the response is settled against it.
    meta: Option<RequestMeta>,
    status: u16,
    body: ResponseBody,
    started: Duration,
    response_started: Option<Duration>,
    first_token: Option<Duration>,
    /// Response headers held until the body is read (usage headers).
    hold_response: bool,
    /// The request phase ran (forwarded or answered locally).
    decided: bool,
    settled: bool,
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl MeterSession {
    fn config(&self) -> Option<&MeterConfig> {
        self.filter.rules.config_at(self.selected?)
    }

    fn read_client(
        host: &mut dyn Host,
        config: &MeterConfig,
        headers: &[(String, String)],
    ) -> Option<String> {
        if let Some(name) = &config.client.header {
            let id = headers::get(headers, name)
                .filter(|v| !v.is_empty())
                .map(str::to_owned);
            if !config.client.forward_header {
                host.remove_request_header(name);
            }
            return id;
        }
        if !config.client.property.is_empty() {
            let path: Vec<&str> = config.client.property.iter().map(String::as_str).collect();
            return host.property_string(&path).filter(|v| !v.is_empty());
        }
        None
    }

    /// Runs the request phase once; returns the flow for the current callback. `started`: when
    /// the phase began (before the body was read and parsed, so `request_phase_us` includes it).
    fn decide(
        &mut self,
        host: &mut dyn Host,
        started: Duration,
        body: Body,
        oversized: bool,
    ) -> Flow {
        self.decided = true;
        let filter = Arc::clone(&self.filter);
        let Some(config) = self.selected.and_then(|s| filter.rules.config_at(s)) else {
            return Flow::Continue;
        };
        // A body that was there but is no JSON object is let through uncounted.
        let invalid = matches!(body, Body::Invalid);
        let view = RequestView {
            path: &self.path,
            listing: self.listing,
            body,
            oversized,
            client: self.client.clone(),
            now: started.as_secs(),
        };
        let outcome = on_request(config, view, host.store());
        // The filter's own cost before forwarding (read, parse, count, quota), in microseconds.
        let took = host.now().saturating_sub(started);
        host.record("token_meter.request_phase_us", micros(took));
        match outcome {
            RequestOutcome::Reject { reply, reason } => {
                host.count(
                    &stat_name("token_meter.rejections", &[("reason", reason)]),
                    1,
                );
                host.send_error(&reply);
                Flow::Pause
            }
            RequestOutcome::Forward {
                new_body,
                headers,
                meta,
            } => {
                if let Some(new_body) = &new_body {
                    host.set_request_body(new_body);
                }
                if invalid || oversized {
                    host.count("token_meter.passthrough", 1);
                }
                host.apply_request_changes(&headers);
                if let Some(model) = &meta.fallback_model {
                    host.set_filter_state(state::MODEL_OVERRIDE, model.as_bytes());
                }
                self.meta = Some(meta);
                Flow::Continue
            }
        }
    }

    /// Charges the usage and reports it. Runs once: at the end of the response, or from
    /// `on_done` for a stream that never ended (upstream reset, client gone).
    fn settle(&mut self, host: &mut dyn Host) {
        if std::mem::replace(&mut self.settled, true) {
            return;
        }
        let started = host.now();
        self.report_usage(host, started);
        let took = host.now().saturating_sub(started);
        host.record("token_meter.response_phase_us", micros(took));
    }

    /// `clock`: the time settlement started.
    fn report_usage(&mut self, host: &mut dyn Host, clock: Duration) {
        let Some(meta) = self.meta.take() else { return };
        let filter = Arc::clone(&self.filter);
        let Some(config) = self.selected.and_then(|s| filter.rules.config_at(s)) else {
            return;
        };
        // Published by model-router (a client cannot write filter state): the backend and
        // model that answered (a fallback's, set on its response headers), else the first choice.
        // It publishes the routed backend on every request it routes, and the others only then
        // (see `state`): without it, nothing else is there to read.
        let (routed_model, backend) = match host.filter_state_string(state::ROUTED_BACKEND) {
            None => (None, None),
            Some(routed_backend) => {
                let model = host
                    .filter_state_string(state::ANSWERED_MODEL)
                    .or_else(|| host.filter_state_string(state::ROUTED_MODEL));
                let backend = host
                    .filter_state_string(state::ANSWERED_BACKEND)
                    .unwrap_or(routed_backend);
                (model, Some(backend))
            }
        };
        let observed = self.body.observed();
        let view = ResponseView {
            status: self.status,
            usage: observed.usage,
            usage_complete: observed.complete,
            response_model: observed.model.as_deref(),
            text_tokens: observed.text_tokens,
            dropped_text_bytes: observed.dropped_text_bytes,
            routed_model: routed_model.as_deref().filter(|m| !m.is_empty()),
            backend: backend.as_deref().filter(|b| !b.is_empty()),
        };
        let view_routed = view.routed_model.is_some();
        let settled = report::settle_usage(config, &meta, &view);
        if let (Some(key), Some(admission)) = (&meta.key, &meta.admission) {
            let cost = settled.cost_micro_usd.unwrap_or(0);
            let result = quota::settle(
                host.store(),
                key,
                clock.as_secs(),
                config.budget.as_ref(),
                &admission.reservation,
                settled.usage.total(),
                cost,
            );
            if result.is_err() {
                host.count("token_meter.store_errors", 1);
            }
        }
        let route = host
            .property_string(&["xds", "route_name"])
            .unwrap_or_default();
        let client = report::client_label(config, meta.client.as_deref());
        let model = report::model_label(config, &settled.model);
        let labels = report::labels(&route, model, &settled, client);
        for (name, value) in report::counters(&settled, &labels) {
            host.count(&name, value);
        }
        let timing_labels = labels.get(..3).unwrap_or(&labels);
        if let Some(first) = self.first_token {
            let ttft = millis(first.saturating_sub(self.started));
            host.record(&stat_name("token_meter.ttft_ms", timing_labels), ttft);
        }
        if let (true, Some(start)) = (meta.streaming, self.response_started) {
            let duration = millis(clock.saturating_sub(start));
            host.record(
                &stat_name("token_meter.stream_duration_ms", timing_labels),
                duration,
            );
        }
        let logged = report::logged_model(config, &settled, view_routed);
        for (key, value) in report::filter_state(&settled, &meta, logged) {
            host.set_filter_state(key, value.as_bytes());
        }
        if self.hold_response {
            let changes = HeaderChanges {
                remove: Vec::new(),
                set: report::usage_headers(&settled),
            };
            host.apply_response_changes(&changes);
        }
    }

    /// A held response grew past the bound: stop holding, let it through without usage headers.
    fn release(&mut self) -> Flow {
        self.hold_response = false;
        self.body.mark_overflow();
        Flow::Continue
    }
}

impl Session for MeterSession {
    fn on_request_headers(&mut self, host: &mut dyn Host, end_of_stream: bool) -> Flow {
        self.started = host.now();
        let request_headers = host.request_headers();
        self.selected = host.select_rule(&self.filter.rules, &request_headers);
        let filter = Arc::clone(&self.filter);
        let Some(config) = self.selected.and_then(|s| filter.rules.config_at(s)) else {
            return Flow::Continue;
        };
        // Everything the later phases need from the request headers is read here, once.
        self.path = headers::get(&request_headers, ":path")
            .unwrap_or("")
            .to_string();
        let method = headers::get(&request_headers, ":method").unwrap_or("");
        self.listing = is_model_listing(method, &self.path);
        self.client = Self::read_client(host, config, &request_headers);
        if end_of_stream {
            let started = host.now();
            return self.decide(host, started, Body::None, false);
        }
        // Hold the headers until the body is counted and the quota checked (needs
        // allow_on_headers_stop_iteration in the Envoy config).
        Flow::Pause
    }

    fn on_request_body(
        &mut self,
        host: &mut dyn Host,
        body_size: usize,
        end_of_stream: bool,
    ) -> Flow {
        let Some(max) = self.config().map(|c| c.max_body_bytes) else {
            return Flow::Continue;
        };
        if self.decided {
            return Flow::Continue;
        }
        if body_size > max {
            let started = host.now();
            return self.decide(host, started, Body::None, true);
        }
        if !end_of_stream {
            return Flow::Pause;
        }
        let started = host.now();
        // Parsed from the host's bytes in place (no copy where the host allows it).
        let mut body = Body::None;
        host.read_request_body(&mut |bytes| body = Body::parse(bytes));
        self.decide(host, started, body, false)
    }

    fn on_request_trailers(&mut self, host: &mut dyn Host) -> Flow {
        let Some(max) = self.config().map(|c| c.max_body_bytes) else {
            return Flow::Continue;
        };
        if self.decided {
            return Flow::Continue;
        }
        // The request ended with trailers: decide on what the host holds.
        let started = host.now();
        let mut body = None;
        host.read_request_body(&mut |bytes| {
            body = (bytes.len() <= max).then(|| Body::parse(bytes));
        });
        match body {
            Some(body) => self.decide(host, started, body, false),
            None => self.decide(host, started, Body::None, true),
        }
    }

    fn on_response_headers(&mut self, host: &mut dyn Host, end_of_stream: bool) -> Flow {
        self.response_started = Some(host.now());
        let response = host.response_headers();
        self.status = headers::get(&response, ":status")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let Some(meta) = &self.meta else {
            return Flow::Continue;
        };
        let usage_headers = self.config().is_some_and(|c| c.usage_headers);
        let mut changes = HeaderChanges::default();
        if let Some(admission) = &meta.admission {
            changes.set = rate_limit_headers(admission);
        }
        let sse = headers::get(&response, "content-type").is_some_and(headers::is_event_stream);
        if sse {
            let strip = meta.injected_stream_usage;
            if strip {
                // Removing the usage chunk changes the length.
                changes.remove.push("content-length".into());
            }
            self.body = ResponseBody::stream(strip, meta.encoding);
        } else {
            self.body = ResponseBody::json(meta.encoding);
            self.hold_response = usage_headers && !end_of_stream;
        }
        host.apply_response_changes(&changes);
        if end_of_stream {
            self.settle(host);
        }
        if self.hold_response {
            Flow::Pause
        } else {
            Flow::Continue
        }
    }

    fn on_response_body(
        &mut self,
        host: &mut dyn Host,
        body_size: usize,
        end_of_stream: bool,
    ) -> Flow {
        if self.meta.is_none() || self.settled {
            return Flow::Continue;
        }
        let max = self.config().map_or(0, |c| c.max_response_bytes);
        // The time of the first generated content; once known, no clock is read.
        let clock = self.first_token.unwrap_or_else(|| host.now());
        let hold = self.hold_response;
        if hold && !end_of_stream && matches!(self.body, ResponseBody::Json { .. }) {
            // The whole body is buffered by the host: read it at the end.
            if self.first_token.is_none() && body_size > 0 {
                self.first_token = Some(clock);
            }
            return if body_size > max {
                self.release()
            } else {
                Flow::Pause
            };
        }
        // Read from the host's bytes in place (no copy where the host allows it); what must
        // be written back is written once the bytes are returned.
        let (body, first_token) = (&mut self.body, &mut self.first_token);
        let mut replace = None;
        host.read_response_body(&mut |chunk| match body {
            ResponseBody::Stream(stream) => {
                let outcome = stream.push(chunk);
                if outcome.first_content && first_token.is_none() {
                    *first_token = Some(clock);
                }
                replace = outcome.replace;
                if end_of_stream {
                    if let Some(rest) = stream.finish() {
                        replace.get_or_insert_with(Vec::new).extend(rest);
                    }
                }
            }
            ResponseBody::Json { .. } => {
                if first_token.is_none() && !chunk.is_empty() {
                    *first_token = Some(clock);
                }
                if hold {
                    body.replace(chunk, max);
                } else {
                    body.keep(chunk, max);
                }
            }
            ResponseBody::None => {}
        });
        if let Some(bytes) = replace {
            host.set_response_body(&bytes);
        }
        if end_of_stream {
            self.settle(host);
        }
        Flow::Continue
    }

    fn on_response_trailers(&mut self, host: &mut dyn Host) -> Flow {
        if self.meta.is_some() && !self.settled && self.hold_response {
            let max = self.config().map_or(0, |c| c.max_response_bytes);
            let body = &mut self.body;
            host.read_response_body(&mut |bytes| body.replace(bytes, max));
        }
        self.settle(host);
        Flow::Continue
    }

    fn on_done(&mut self, host: &mut dyn Host) {
        self.settle(host);
    }
}

#[cfg(test)]
mod tests {
    //! What one metered request asks of its host: the per-request host work behind the
    //! filter's cost (every call is an Envoy host call in both builds). Counts, not timings.
    use super::*;
    use llm_filters_core::quota_store::{MemoryStore, SharedStore, StoreError};
    use llm_filters_core::session::{HeaderList, LoadContext};
    use std::collections::BTreeMap;

    /// A store that counts its round trips.
    #[derive(Default)]
    struct CountingStore {
        inner: MemoryStore,
        gets: std::cell::Cell<usize>,
        sets: std::cell::Cell<usize>,
    }

    impl SharedStore for CountingStore {
        fn get(&self, key: &str) -> (Option<Vec<u8>>, u32) {
            self.gets.set(self.gets.get() + 1);
            self.inner.get(key)
        }
        fn set(&self, key: &str, value: &[u8], cas: u32) -> Result<(), StoreError> {
            self.sets.set(self.sets.get() + 1);
            self.inner.set(key, value, cas)
        }
    }

    /// A host that answers like Envoy for one request and counts every call by name.
    #[derive(Default)]
    struct Counting {
        calls: BTreeMap<&'static str, usize>,
        request: HeaderList,
        body: Vec<u8>,
        response: HeaderList,
        response_body: Vec<u8>,
        state: BTreeMap<String, Vec<u8>>,
        counters: BTreeMap<String, u64>,
        store: CountingStore,
    }

    impl Counting {
        fn call(&mut self, name: &'static str) {
            *self.calls.entry(name).or_default() += 1;
        }
        fn calls(&self, name: &str) -> usize {
            self.calls.get(name).copied().unwrap_or(0)
        }
    }

    impl Host for Counting {
        fn request_headers(&mut self) -> HeaderList {
            self.call("request_headers");
            self.request.clone()
        }
        fn set_request_header(&mut self, _: &str, _: &str) {
            self.call("set_request_header");
        }
        fn remove_request_header(&mut self, _: &str) {
            self.call("remove_request_header");
        }
        fn request_body(&mut self) -> Vec<u8> {
            self.call("request_body");
            self.body.clone()
        }
        fn set_request_body(&mut self, _: &[u8]) {
            self.call("set_request_body");
        }
        fn response_headers(&mut self) -> HeaderList {
            self.call("response_headers");
            self.response.clone()
        }
        fn set_response_header(&mut self, _: &str, _: &str) {
            self.call("set_response_header");
        }
        fn remove_response_header(&mut self, _: &str) {
            self.call("remove_response_header");
        }
        fn response_body(&mut self) -> Vec<u8> {
            self.call("response_body");
            self.response_body.clone()
        }
        fn set_response_body(&mut self, _: &[u8]) {
            self.call("set_response_body");
        }
        fn send_reply(&mut self, _: u16, _: &[(String, String)], _: &[u8]) {
            self.call("send_reply");
        }
        fn property(&mut self, _: &[&str]) -> Option<Vec<u8>> {
            self.call("property");
            None
        }
        fn set_filter_state(&mut self, key: &str, value: &[u8]) {
            self.call("set_filter_state");
            self.state.insert(key.to_string(), value.to_vec());
        }
        fn filter_state(&mut self, key: &str) -> Option<Vec<u8>> {
            self.call("filter_state");
            self.state.get(key).cloned()
        }
        fn count(&mut self, name: &str, by: u64) {
            self.call("count");
            *self.counters.entry(name.to_string()).or_default() += by;
        }
        fn record(&mut self, _: &str, _: u64) {
            self.call("record");
        }
        fn now(&self) -> Duration {
            Duration::from_secs(1_700_000_000)
        }
        fn store(&self) -> &dyn SharedStore {
            &self.store
        }
    }

    struct Load(MemoryStore);

    impl LoadContext for Load {
        fn env_var(&self, _: &str) -> Option<String> {
            None
        }
        fn instance_name(&self) -> &str {
            "token_meter"
        }
        fn store(&self) -> &dyn SharedStore {
            &self.0
        }
        fn now(&self) -> Duration {
            Duration::from_secs(1_700_000_000)
        }
    }

    fn pairs(list: &[(&str, &str)]) -> HeaderList {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    /// One non-streamed chat request with provider usage; returns the host afterwards.
    fn one_request(config: &str, routed: bool) -> Counting {
        let filter =
            Arc::new(TokenMeter::load(config.as_bytes(), &Load(MemoryStore::new())).unwrap());
        let mut host = Counting {
            request: pairs(&[(":method", "POST"), (":path", "/v1/chat/completions")]),
            body: br#"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hello world"}]}"#
                .to_vec(),
            response: pairs(&[(":status", "200"), ("content-type", "application/json")]),
            response_body: br#"{"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":2,"total_tokens":13}}"#.to_vec(),
            ..Counting::default()
        };
        if routed {
            host.state
                .insert(state::ROUTED_BACKEND.into(), b"openai".to_vec());
            host.state
                .insert(state::ROUTED_MODEL.into(), b"gpt-4o-mini".to_vec());
        }
        let mut session = filter.new_session(1);
        assert_eq!(session.on_request_headers(&mut host, false), Flow::Pause);
        let size = host.body.len();
        assert_eq!(
            session.on_request_body(&mut host, size, true),
            Flow::Continue
        );
        assert_eq!(
            session.on_response_headers(&mut host, false),
            Flow::Continue
        );
        let size = host.response_body.len();
        assert_eq!(
            session.on_response_body(&mut host, size, true),
            Flow::Continue
        );
        session.on_done(&mut host);
        assert_eq!(
            host.counters
                .iter()
                .find(|(k, _)| k.starts_with("token_meter.total_tokens."))
                .map(|(_, v)| *v),
            Some(13),
            "{:?}",
            host.counters
        );
        host
    }

    #[test]
    fn without_model_router_settlement_reads_one_filter_state_key() {
        let host = one_request(r#"{"default":{}}"#, false);
        assert_eq!(host.calls("filter_state"), 1, "{:?}", host.calls);
        let host = one_request(r#"{"default":{}}"#, true);
        // Answered backend and model, then the routed model.
        assert_eq!(host.calls("filter_state"), 4, "{:?}", host.calls);
        assert_eq!(
            host.state.get("token_meter.model").map(Vec::as_slice),
            Some(&b"gpt-4o-mini"[..])
        );
    }

    #[test]
    fn the_store_is_used_only_when_a_limit_applies_once_each_way() {
        let host = one_request(r#"{"default":{}}"#, false);
        assert_eq!((host.store.gets.get(), host.store.sets.get()), (0, 0));
        let host = one_request(r#"{"default":{"quota":{"requestsPerMinute":100}}}"#, false);
        // Admission and settlement: one read and one compare-and-swap each (the first use of
        // a key also creates it under the namespace's lock).
        let (gets, sets) = (host.store.gets.get(), host.store.sets.get());
        assert!(gets >= 2 && sets >= 2, "{gets} {sets}");
        assert_eq!(host.calls("request_body") + host.calls("response_body"), 2);
    }
}

//! proxy-wasm shell: moves headers, bodies and stream chunks between Envoy and the metering
//! logic, and implements the shared store over proxy-wasm shared data.

use crate::config::MeterConfig;
use crate::quota::{self, rate_limit_headers, NAMESPACE};
use crate::report::{self, ResponseView};
use crate::request::{on_request, RequestMeta, RequestOutcome, RequestView};
use llm_filters_core::headers::{self, HeaderChanges};
use llm_filters_core::metrics::stat_name;
use llm_filters_core::quota_store::{init_namespace, SharedStore, StoreError};
use llm_filters_core::rules::RouteRules;
use llm_filters_core::usage::{usage_from_response, StreamUsage};
use llm_filters_core::wasm_shell as shell;
use proxy_wasm::hostcalls;
use proxy_wasm::traits::{Context, HttpContext, RootContext};
use proxy_wasm::types::{Action, ContextType, LogLevel, Status};
use std::rc::Rc;
use std::time::{Duration, UNIX_EPOCH};

const FILTER: &str = "token-meter";
/// Generated text kept per stream for estimates; beyond it bytes are counted.
const STREAM_TEXT_LIMIT: usize = 1 << 20;

proxy_wasm::main! {{
    proxy_wasm::set_log_level(LogLevel::Info);
    proxy_wasm::set_root_context(|_| -> Box<dyn RootContext> { Box::new(Root { rules: None }) });
}}

/// Shared data is keyed per `vm_id` and shared by all workers' VMs of that id.
struct HostStore;

impl SharedStore for HostStore {
    fn get(&self, key: &str) -> (Option<Vec<u8>>, u32) {
        match hostcalls::get_shared_data(key) {
            Ok((value, cas)) => (value, cas.unwrap_or(0)),
            Err(_) => (None, 0),
        }
    }

    fn set(&self, key: &str, value: &[u8], cas: u32) -> Result<(), StoreError> {
        let cas = if cas == 0 { None } else { Some(cas) };
        match hostcalls::set_shared_data(key, Some(value), cas) {
            Ok(()) => Ok(()),
            Err(Status::CasMismatch) => Err(StoreError::CasMismatch),
            Err(_) => Err(StoreError::Unavailable),
        }
    }
}

struct Root {
    rules: Option<Rc<RouteRules<MeterConfig>>>,
}

impl Context for Root {}

impl RootContext for Root {
    fn on_configure(&mut self, _size: usize) -> bool {
        // Drop log lines Envoy would drop anyway before they are formatted and handed over.
        if let Ok(level) = hostcalls::get_log_level() {
            proxy_wasm::set_log_level(level);
        }
        let Some(rules) = shell::load_plugin_config::<RouteRules<MeterConfig>>(FILTER, self.get_plugin_configuration())
        else {
            return false;
        };
        // Load the ranks now (once per VM) rather than on a client's first request.
        let started = now();
        for config in rules.configs() {
            config.encoding.bpe();
        }
        let took = now().saturating_sub(started);
        log::info!("{FILTER}: tokenizer ranks ready in {} ms", took.as_millis());
        init_namespace(&HostStore, NAMESPACE);
        self.rules = Some(Rc::new(rules));
        true
    }

    fn get_type(&self) -> Option<ContextType> {
        Some(ContextType::HttpContext)
    }

    fn create_http_context(&self, _context_id: u32) -> Option<Box<dyn HttpContext>> {
        Some(Box::new(Request::new(self.rules.clone()?)))
    }
}

fn now() -> Duration {
    hostcalls::get_current_time().unwrap_or(UNIX_EPOCH).duration_since(UNIX_EPOCH).unwrap_or_default()
}

enum Body {
    None,
    Json { buf: Vec<u8>, overflow: bool },
    Stream(StreamUsage),
}

struct Request {
    rules: Rc<RouteRules<MeterConfig>>,
    selected: Option<Option<usize>>,
    headers: Vec<(String, String)>,
    meta: Option<RequestMeta>,
    status: u16,
    body: Body,
    started: Duration,
    response_started: Option<Duration>,
    first_token: Option<Duration>,
    hold_response: bool,
    /// The request phase ran (forwarded or answered locally).
    decided: bool,
    settled: bool,
}

impl Context for Request {}

impl Request {
    fn new(rules: Rc<RouteRules<MeterConfig>>) -> Self {
        Request {
            rules,
            selected: None,
            headers: Vec::new(),
            meta: None,
            status: 0,
            body: Body::None,
            started: now(),
            response_started: None,
            first_token: None,
            hold_response: false,
            decided: false,
            settled: false,
        }
    }

    fn config(&self) -> Option<&MeterConfig> {
        self.rules.config_at(self.selected?)
    }

    fn client_id(&self, config: &MeterConfig) -> Option<String> {
        if let Some(name) = &config.client.header {
            return headers::get(&self.headers, name).filter(|v| !v.is_empty()).map(str::to_owned);
        }
        if !config.client.property.is_empty() {
            let path: Vec<&str> = config.client.property.iter().map(String::as_str).collect();
            return shell::property_string(&path).filter(|v| !v.is_empty());
        }
        None
    }

    /// Runs the request phase; returns the action for the current callback.
    fn decide(&mut self, body: Option<&[u8]>, oversized: bool) -> Action {
        self.decided = true;
        let Some(config) = self.config() else { return Action::Continue };
        let view = RequestView {
            path: headers::get(&self.headers, ":path").unwrap_or(""),
            body,
            oversized,
            client: self.client_id(config),
            now: now().as_secs(),
        };
        let started = now();
        let outcome = on_request(config, &view, &HostStore);
        // The filter's own cost before forwarding (parse, count, quota), in microseconds.
        shell::record_histogram("token_meter.request_phase_us", now().saturating_sub(started).as_micros() as u64);
        match outcome {
            RequestOutcome::Reject { reply, reason } => {
                shell::count(&stat_name("token_meter.rejections", &[("reason", reason)]), 1);
                shell::send_error(&reply);
                Action::Pause
            }
            RequestOutcome::Forward { new_body, headers, meta } => {
                if let (Some(new_body), Some(old)) = (&new_body, body) {
                    self.set_http_request_body(0, old.len(), new_body);
                }
                if !meta.counted && body.is_some() || oversized {
                    shell::count("token_meter.passthrough", 1);
                }
                shell::apply_request_header_changes(&headers);
                self.meta = Some(meta);
                Action::Continue
            }
        }
    }

    fn response_view_model(&self) -> (Option<String>, Option<String>) {
        let Some(config) = self.config() else { return (None, None) };
        (self.get_http_request_header(&config.model_header), self.get_http_request_header(&config.backend_header))
    }

    /// Charges the usage, reports it. Runs once: at the end of the response, or from `on_log`
    /// for a stream that never ended (upstream reset, client gone).
    fn settle(&mut self) {
        if self.settled {
            return;
        }
        self.settled = true;
        let started = now();
        self.report_usage();
        shell::record_histogram("token_meter.response_phase_us", now().saturating_sub(started).as_micros() as u64);
    }

    fn report_usage(&mut self) {
        let Some(meta) = self.meta.take() else { return };
        let Some(config) = self.config() else { return };
        let (routed_model, backend) = self.response_view_model();
        let (usage, complete, response_model, text, dropped);
        let json_result;
        match &self.body {
            Body::Stream(s) => {
                usage = s.usage();
                complete = s.usage_complete();
                response_model = s.model().map(str::to_owned);
                text = s.text();
                dropped = s.dropped_text_bytes();
            }
            Body::Json { buf, overflow } => {
                json_result = if *overflow { (None, None) } else { usage_from_response(buf) };
                usage = json_result.0;
                complete = usage.is_some();
                response_model = json_result.1.clone();
                text = "";
                dropped = 0;
            }
            Body::None => {
                usage = None;
                complete = false;
                response_model = None;
                text = "";
                dropped = 0;
            }
        }
        let view = ResponseView {
            status: self.status,
            usage,
            usage_complete: complete,
            response_model: response_model.as_deref(),
            text,
            dropped_text_bytes: dropped,
            routed_model: routed_model.as_deref(),
            backend: backend.as_deref(),
        };
        let settled = report::settle_usage(config, &meta, &view);
        let clock = now();
        if let (Some(key), Some(admission)) = (&meta.key, &meta.admission) {
            let cost = settled.cost_micro_usd.unwrap_or(0);
            let result = quota::settle(&HostStore, key, clock.as_secs(), config.budget.as_ref(), &admission.reservation, settled.usage.total(), cost);
            if result.is_err() {
                shell::count("token_meter.store_errors", 1);
            }
        }
        let route = shell::property_string(&["xds", "route_name"]).unwrap_or_default();
        let client = report::client_label(config, meta.client.as_deref());
        let model = report::model_label(config, &settled.model);
        let labels = report::labels(&route, model, &settled, client);
        for (name, value) in report::counters(&settled, &labels) {
            shell::count(&name, value);
        }
        let timing_labels = &labels[..3];
        if let Some(first) = self.first_token {
            shell::record_histogram(&stat_name("token_meter.ttft_ms", timing_labels), first.saturating_sub(self.started).as_millis() as u64);
        }
        if meta.streaming {
            if let Some(start) = self.response_started {
                shell::record_histogram(&stat_name("token_meter.stream_duration_ms", timing_labels), clock.saturating_sub(start).as_millis() as u64);
            }
        }
        for (key, value) in report::filter_state(&settled, &meta) {
            let _ = hostcalls::set_property(vec![key], Some(value.as_bytes()));
        }
        if self.hold_response {
            let changes = HeaderChanges { remove: Vec::new(), set: report::usage_headers(&settled) };
            shell::apply_response_header_changes(&changes);
        }
    }
}

impl HttpContext for Request {
    fn on_http_request_headers(&mut self, _num_headers: usize, end_of_stream: bool) -> Action {
        self.headers = shell::request_headers();
        self.selected = shell::select_rule(&self.rules, &self.headers);
        if self.config().is_none() {
            return Action::Continue;
        }
        if end_of_stream {
            return self.decide(None, false);
        }
        // Hold the headers until the body is counted and the quota checked (needs
        // allow_on_headers_stop_iteration in the Envoy config).
        Action::Pause
    }

    fn on_http_request_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        let Some(config) = self.config() else { return Action::Continue };
        if self.decided {
            return Action::Continue;
        }
        if body_size > config.max_body_bytes {
            return self.decide(None, true);
        }
        if !end_of_stream {
            return Action::Pause;
        }
        let body = self.get_http_request_body(0, body_size).unwrap_or_default();
        self.decide(Some(&body), false)
    }

    fn on_http_response_headers(&mut self, _num_headers: usize, end_of_stream: bool) -> Action {
        self.response_started = Some(now());
        let response = shell::response_headers();
        self.status = headers::get(&response, ":status").and_then(|s| s.parse().ok()).unwrap_or(0);
        let Some(meta) = &self.meta else { return Action::Continue };
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
            self.body = Body::Stream(StreamUsage::new(strip, STREAM_TEXT_LIMIT));
        } else {
            self.body = Body::Json { buf: Vec::new(), overflow: false };
            self.hold_response = usage_headers && !end_of_stream;
        }
        shell::apply_response_header_changes(&changes);
        if end_of_stream {
            self.settle();
        }
        if self.hold_response { Action::Pause } else { Action::Continue }
    }

    fn on_http_response_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        if self.meta.is_none() || self.settled {
            return Action::Continue;
        }
        let max = self.config().map_or(0, |c| c.max_response_bytes);
        let chunk = self.get_http_response_body(0, body_size).unwrap_or_default();
        let clock = now();
        match &mut self.body {
            Body::Stream(stream) => {
                let outcome = stream.push(&chunk);
                if outcome.first_content && self.first_token.is_none() {
                    self.first_token = Some(clock);
                }
                let mut replace = outcome.replace;
                if end_of_stream {
                    if let Some(rest) = stream.finish() {
                        replace.get_or_insert_with(Vec::new).extend(rest);
                    }
                }
                if let Some(bytes) = replace {
                    self.set_http_response_body(0, body_size, &bytes);
                }
            }
            Body::Json { buf, overflow } => {
                if self.first_token.is_none() && !chunk.is_empty() {
                    self.first_token = Some(clock);
                }
                if self.hold_response {
                    // The whole body is buffered by Envoy: read it at the end.
                    if !end_of_stream {
                        return if body_size > max { self.release() } else { Action::Pause };
                    }
                    *buf = chunk;
                } else if buf.len() + chunk.len() <= max {
                    buf.extend_from_slice(&chunk);
                } else {
                    *overflow = true;
                }
            }
            Body::None => {}
        }
        if end_of_stream {
            self.settle();
        }
        Action::Continue
    }

    fn on_log(&mut self) {
        self.settle();
    }
}

impl Request {
    /// A held response grew past the bound: stop holding, let it through without usage headers.
    fn release(&mut self) -> Action {
        self.hold_response = false;
        if let Body::Json { overflow, .. } = &mut self.body {
            *overflow = true;
        }
        Action::Continue
    }
}

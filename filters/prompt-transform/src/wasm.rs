//! proxy-wasm shell: moves headers and bodies between Envoy and the pipeline. Needs
//! `allow_on_headers_stop_iteration: true` in the Envoy Wasm config, because it holds the
//! request headers until the body has been read and rewritten (path and content-length change).

use crate::endpoint::AnswerStream;
use crate::header_values::request_id;
use crate::pipeline::{on_body, on_headers, on_oversized, Failure, HeadersDecision, Plan};
use crate::policy::{load_policies, Policies, Policy};
use llm_filters_core::headers::{self, HeaderChanges};
use llm_filters_core::metrics::stat_name;
use llm_filters_core::rules::RequestInfo;
use llm_filters_core::wasm_shell as shell;
use proxy_wasm::traits::{Context, HttpContext, RootContext};
use proxy_wasm::types::{Action, ContextType, LogLevel};
use std::cell::Cell;
use std::rc::Rc;
use std::time::UNIX_EPOCH;

const FILTER: &str = "prompt-transform";

proxy_wasm::main! {{
    proxy_wasm::set_log_level(LogLevel::Info);
    proxy_wasm::set_root_context(|_| -> Box<dyn RootContext> { Box::new(Root { policies: None, counter: Cell::new(0) }) });
}}

struct Root {
    policies: Option<Rc<Policies>>,
    /// Seeds generated request ids when a request has no `x-request-id`.
    counter: Cell<u64>,
}

impl Context for Root {}

impl RootContext for Root {
    fn on_configure(&mut self, _size: usize) -> bool {
        self.policies = shell::load_with(FILTER, self.get_plugin_configuration(), load_policies);
        self.policies.is_some()
    }

    fn get_type(&self) -> Option<ContextType> {
        Some(ContextType::HttpContext)
    }

    fn create_http_context(&self, context_id: u32) -> Option<Box<dyn HttpContext>> {
        let now = self.get_current_time().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0);
        self.counter.set(self.counter.get().wrapping_add(1));
        Some(Box::new(Request {
            policies: self.policies.clone()?,
            selected: None,
            method: String::new(),
            path: String::new(),
            seed: now ^ (self.counter.get() << 32) ^ u64::from(context_id),
            reading_body: false,
            response_changes: HeaderChanges::default(),
            dropped: None,
            endpoint: None,
            answer: Answer::Untouched,
        }))
    }
}

/// How the response body of an encapsulated endpoint is turned into its plain answer.
enum Answer {
    Untouched,
    Buffered,
    Streamed(AnswerStream),
}

struct Request {
    policies: Rc<Policies>,
    /// `None` = pass through; `Some(None)` = default; `Some(Some(i))` = rule i.
    selected: Option<Option<usize>>,
    method: String,
    path: String,
    seed: u64,
    reading_body: bool,
    response_changes: HeaderChanges,
    dropped: Option<(String, usize)>,
    endpoint: Option<usize>,
    answer: Answer,
}

impl Context for Request {}

impl Request {
    fn policy(&self) -> Option<&Policy> {
        match self.selected? {
            None => self.policies.default.as_ref(),
            Some(i) => Some(&self.policies.rules[i].config),
        }
    }

    fn select(&mut self, request_headers: &[(String, String)]) {
        let route_name =
            if self.policies.uses_route_name() { shell::property_string(&["xds", "route_name"]) } else { None };
        let info = RequestInfo {
            host: headers::get(request_headers, ":authority").unwrap_or(""),
            path: &self.path,
            method: &self.method,
            headers: request_headers,
            route_name: route_name.as_deref(),
        };
        self.selected = match self.policies.rules.iter().position(|r| r.matcher.matches(&info)) {
            Some(i) => Some(Some(i)),
            None if self.policies.default.is_some() => Some(None),
            None => None,
        };
    }

    fn reject(&self, failure: &Failure) -> Action {
        shell::count(&stat_name("llm_prompt.failures", &[("reason", failure.reason)]), 1);
        if let Some(template) = &failure.template {
            shell::count(&stat_name("llm_prompt.template_failures", &[("template", template), ("reason", failure.reason)]), 1);
        }
        shell::send_error(&failure.reply);
        Action::Pause
    }

    fn forward(&mut self, plan: Plan, old_size: usize) -> Action {
        let mut changes = HeaderChanges::default();
        if let Some(body) = &plan.body {
            self.set_http_request_body(0, old_size, body);
            changes.set.push(("content-length".into(), body.len().to_string()));
        }
        if let Some(path) = plan.path {
            changes.set.push((":path".into(), path));
            changes.set.push(("content-type".into(), "application/json".into()));
            // The answer is rewritten here, so the provider must not compress it.
            changes.remove.push("accept-encoding".into());
        }
        shell::apply_request_header_changes(&changes);
        if let Some(template) = &plan.template {
            shell::count(&stat_name("llm_prompt.requests", &[("template", template)]), 1);
        }
        if let Some(reason) = plan.passthrough {
            shell::count(&stat_name("llm_prompt.passthrough", &[("reason", reason)]), 1);
        }
        if let (Some(dropped), Some(context)) = (plan.dropped, self.policy().and_then(|p| p.context.as_ref())) {
            shell::count("llm_prompt.context_dropped_messages", dropped as u64);
            self.dropped = Some((context.dropped_header.clone(), dropped));
        }
        self.endpoint = plan.endpoint;
        Action::Continue
    }
}

impl HttpContext for Request {
    fn on_http_request_headers(&mut self, _num_headers: usize, end_of_stream: bool) -> Action {
        let request_headers = shell::request_headers();
        self.method = headers::get(&request_headers, ":method").unwrap_or("").to_string();
        self.path = headers::get(&request_headers, ":path").unwrap_or("").to_string();
        self.select(&request_headers);
        let Some(policy) = self.policy() else { return Action::Continue };
        if !policy.request_headers.is_empty() || !policy.response_headers.is_empty() {
            let id = request_id(&request_headers, self.seed);
            let request_changes = policy.request_headers.changes(&id, &request_headers);
            self.response_changes = policy.response_headers.changes(&id, &request_headers);
            shell::apply_request_header_changes(&request_changes);
        }
        let Some(policy) = self.policy() else { return Action::Continue };
        match on_headers(policy, &self.method, &self.path, !end_of_stream) {
            HeadersDecision::Pass => Action::Continue,
            HeadersDecision::Reject(failure) => self.reject(&failure),
            HeadersDecision::ReadBody => {
                self.reading_body = true;
                Action::Pause
            }
        }
    }

    fn on_http_request_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        if !self.reading_body {
            return Action::Continue;
        }
        let Some(policy) = self.policy() else { return Action::Continue };
        // Over the bound: decide now, without buffering the rest.
        let outcome = if body_size > policy.max_body_bytes {
            on_oversized(policy)
        } else if !end_of_stream {
            return Action::Pause;
        } else {
            let body = self.get_http_request_body(0, body_size).unwrap_or_default();
            on_body(policy, &self.method, &self.path, &body)
        };
        self.reading_body = false;
        match outcome {
            Ok(plan) => self.forward(plan, body_size),
            Err(failure) => self.reject(&failure),
        }
    }

    fn on_http_response_headers(&mut self, _num_headers: usize, end_of_stream: bool) -> Action {
        let mut changes = std::mem::take(&mut self.response_changes);
        if let Some((name, dropped)) = &self.dropped {
            changes.set.push((name.clone(), dropped.to_string()));
        }
        let mut action = Action::Continue;
        if let (Some(i), false) = (self.endpoint, end_of_stream) {
            let response = shell::response_headers();
            let ok = headers::get(&response, ":status").is_some_and(|s| s.starts_with('2'));
            if ok {
                let include_usage = self.policy().is_some_and(|p| p.endpoints[i].include_usage);
                // The plain answer has another size than the completion.
                changes.remove.push("content-length".into());
                if headers::get(&response, "content-type").is_some_and(headers::is_event_stream) {
                    self.answer = Answer::Streamed(AnswerStream::new(include_usage));
                } else {
                    changes.set.push(("content-type".into(), "application/json".into()));
                    self.answer = Answer::Buffered;
                    // Held so a broken answer can still become a 502.
                    action = Action::Pause;
                }
            }
        }
        shell::apply_response_header_changes(&changes);
        action
    }

    fn on_http_response_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        match &mut self.answer {
            Answer::Untouched => Action::Continue,
            Answer::Streamed(_) => {
                let chunk = self.get_http_response_body(0, body_size).unwrap_or_default();
                let Answer::Streamed(stream) = &mut self.answer else { return Action::Continue };
                let mut out = stream.push(&chunk);
                if end_of_stream {
                    out.extend(stream.finish());
                }
                self.set_http_response_body(0, body_size, &out);
                Action::Continue
            }
            Answer::Buffered => {
                if !end_of_stream {
                    return Action::Pause;
                }
                let Some(ep) = self.endpoint.and_then(|i| self.policy().map(|p| p.endpoints[i].clone())) else {
                    return Action::Continue;
                };
                let completion = self.get_http_response_body(0, body_size).unwrap_or_default();
                let out = match crate::endpoint::answer(&ep, &completion) {
                    Ok(answer) => answer,
                    Err(reply) => {
                        shell::count(&stat_name("llm_prompt.failures", &[("reason", "bad_answer")]), 1);
                        self.set_http_response_header(":status", Some(&reply.status.to_string()));
                        reply.body().into_bytes()
                    }
                };
                self.set_http_response_body(0, body_size, &out);
                self.answer = Answer::Untouched;
                Action::Continue
            }
        }
    }
}

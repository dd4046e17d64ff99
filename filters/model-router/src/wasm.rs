//! proxy-wasm shell: moves headers and bodies between Envoy and the routing logic.
//!
//! One module serves both stages; the plugin's `root_id` picks the stage
//! (`model_router` → route stage, `model_router_upstream` → upstream stage).

use crate::decide::{decide, decide_oversized, Decision, Outcome, RequestView};
use crate::policy::{load_policies, Policies, RoutePolicy};
use crate::upstream::attempt_changes;
use llm_filters_core::api::{read_model, rewrite_model};
use llm_filters_core::hash::fnv1a64;
use llm_filters_core::headers;
use llm_filters_core::metrics::stat_name;
use llm_filters_core::wasm_shell as shell;
use proxy_wasm::traits::{Context, HttpContext, RootContext};
use proxy_wasm::types::{Action, ContextType, LogLevel};
use std::cell::Cell;
use std::rc::Rc;

const FILTER: &str = "model-router";
const UPSTREAM_ROOT_ID: &str = "model_router_upstream";
/// Endpoint metadata naming the backend an upstream attempt goes to.
const BACKEND_METADATA: [&str; 5] = ["xds", "upstream_host_metadata", "filter_metadata", "llm", "backend"];

proxy_wasm::main! {{
    proxy_wasm::set_log_level(LogLevel::Info);
    proxy_wasm::set_root_context(|_| -> Box<dyn RootContext> { Box::new(Root { policies: None, upstream: false, counter: Cell::new(0) }) });
}}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Route,
    Upstream,
}

struct Root {
    policies: Option<Rc<Policies>>,
    upstream: bool,
    /// Seeds weighted choices for requests without `x-request-id`.
    counter: Cell<u64>,
}

impl Context for Root {}

impl RootContext for Root {
    fn on_configure(&mut self, _size: usize) -> bool {
        self.upstream = shell::property_string(&["plugin_root_id"]).as_deref() == Some(UPSTREAM_ROOT_ID);
        self.policies = shell::load_with(FILTER, self.get_plugin_configuration(), |bytes| {
            load_policies(bytes, &shell::env_var)
        });
        self.policies.is_some()
    }

    fn get_type(&self) -> Option<ContextType> {
        Some(ContextType::HttpContext)
    }

    fn create_http_context(&self, _context_id: u32) -> Option<Box<dyn HttpContext>> {
        let stage = if self.upstream { Stage::Upstream } else { Stage::Route };
        self.counter.set(self.counter.get().wrapping_add(0x9e37_79b9_7f4a_7c15));
        Some(Box::new(Request {
            policies: self.policies.clone()?,
            stage,
            selected: None,
            headers: Vec::new(),
            rewrite_to: None,
            fallback_seed: self.counter.get(),
        }))
    }
}

struct Request {
    policies: Rc<Policies>,
    stage: Stage,
    /// Index of the selected policy: `None` = pass through; `Some(None)` = default.
    selected: Option<Option<usize>>,
    headers: Vec<(String, String)>,
    /// Upstream stage: the model a fallback attempt's body must carry.
    rewrite_to: Option<String>,
    fallback_seed: u64,
}

impl Context for Request {}

impl Request {
    fn policy(&self) -> Option<&RoutePolicy> {
        self.policies.config_at(self.selected?)
    }

    fn select_policy(&mut self) {
        self.selected = shell::select_rule(&self.policies, &self.headers);
    }

    fn seed(&self) -> u64 {
        headers::get(&self.headers, "x-request-id").map(|id| fnv1a64(id.as_bytes())).unwrap_or(self.fallback_seed)
    }

    /// Route stage: apply a decision or reply with the rejection.
    /// `body_size`: bytes of the body Envoy holds (0 when there is none).
    fn apply(&self, outcome: Outcome, body_size: usize) -> Action {
        match outcome {
            Outcome::Reject { reply, reason } => {
                shell::count(&stat_name("llm_router.rejections", &[("reason", reason)]), 1);
                shell::send_error(&reply);
                Action::Pause
            }
            Outcome::Route(decision) => {
                self.publish(&decision, body_size);
                Action::Continue
            }
        }
    }

    fn publish(&self, decision: &Decision, body_size: usize) {
        let mut changes = decision.headers.clone();
        if let Some(body) = &decision.new_body {
            self.set_http_request_body(0, body_size, body);
            changes.set.push(("content-length".to_string(), body.len().to_string()));
        }
        shell::apply_request_header_changes(&changes);
        shell::count(
            &stat_name("llm_router.requests", &[("backend", &decision.backend), ("model", &decision.model_label)]),
            1,
        );
        if let Some(reason) = decision.pass_through {
            shell::count(&stat_name("llm_router.passthrough", &[("reason", reason.label())]), 1);
        }
    }

    fn route_headers(&mut self, end_of_stream: bool) -> Action {
        let Some(policy) = self.policy() else { return Action::Continue };
        if end_of_stream {
            let view = RequestView { headers: &self.headers, body: None, seed: self.seed() };
            let outcome = decide(&policy.config, &policy.credentials, &view);
            return self.apply(outcome, 0);
        }
        // Hold the headers until the body has told us the model (needs
        // allow_on_headers_stop_iteration in the Envoy config).
        Action::Pause
    }

    fn route_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        let Some(policy) = self.policy() else { return Action::Continue };
        if body_size > policy.config.max_body_bytes {
            let outcome = decide_oversized(&policy.config, &policy.credentials);
            self.selected = None; // decided: let the rest of the body stream through
            return self.apply(outcome, body_size);
        }
        if !end_of_stream {
            return Action::Pause;
        }
        let body = self.get_http_request_body(0, body_size).unwrap_or_default();
        let view = RequestView { headers: &self.headers, body: Some(&body), seed: self.seed() };
        let outcome = decide(&policy.config, &policy.credentials, &view);
        self.selected = None;
        self.apply(outcome, body_size)
    }

    fn upstream_headers(&mut self, end_of_stream: bool) -> Action {
        let Some(policy) = self.policy() else { return Action::Continue };
        let attempt_backend = shell::property_string(&BACKEND_METADATA);
        let changes = attempt_changes(&policy.config, &policy.credentials, &self.headers, attempt_backend.as_deref());
        let mut header_changes = changes.headers;
        if let Some((from, to)) = &changes.fallback {
            shell::count(&stat_name("llm_router.fallbacks", &[("from", from), ("to", to)]), 1);
        }
        // The route stage already wrote the primary's model into the body Envoy replays for
        // each attempt; only a fallback attempt needs its own.
        if changes.fallback.is_some() && !end_of_stream {
            // The body may change size: its length is known only after the rewrite.
            header_changes.remove.push("content-length".to_string());
            self.rewrite_to = changes.model;
        }
        shell::apply_request_header_changes(&header_changes);
        Action::Continue
    }

    fn upstream_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        let Some(model) = &self.rewrite_to else { return Action::Continue };
        if !end_of_stream {
            return Action::Pause;
        }
        let Some(policy) = self.policy() else { return Action::Continue };
        let body = self.get_http_request_body(0, body_size).unwrap_or_default();
        let key = &policy.config.model_key;
        // Rewrite only where needed: the body Envoy replays for a retry may already be right.
        if read_model(&body, key).ok().flatten().as_deref() != Some(model.as_str()) {
            if let Ok(rewritten) = rewrite_model(&body, key, model) {
                self.set_http_request_body(0, body_size, &rewritten);
            }
        }
        self.rewrite_to = None;
        Action::Continue
    }
}

impl HttpContext for Request {
    fn on_http_request_headers(&mut self, _num_headers: usize, end_of_stream: bool) -> Action {
        self.headers = shell::request_headers();
        self.select_policy();
        match self.stage {
            Stage::Route => self.route_headers(end_of_stream),
            Stage::Upstream => self.upstream_headers(end_of_stream),
        }
    }

    fn on_http_request_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        match self.stage {
            Stage::Route => self.route_body(body_size, end_of_stream),
            Stage::Upstream => self.upstream_body(body_size, end_of_stream),
        }
    }
}

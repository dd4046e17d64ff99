//! The upstream stage's stream (one per attempt): read the route stage's hand-off from filter
//! state and the attempt's backend from the endpoint metadata, fix the attempt up for that
//! backend, and remove every internal header before the provider.

use super::ModelRouter;
use crate::plan::Handoff;
use crate::upstream::attempt_changes;
use llm_filters_core::api::{read_model, rewrite_model};
use llm_filters_core::contract::{is_internal_header, state};
use llm_filters_core::headers::HeaderChanges;
use llm_filters_core::metrics::stat_name;
use llm_filters_core::session::{Flow, Host, HostExt, Session};
use std::sync::Arc;

/// Endpoint metadata naming the backend an upstream attempt goes to.
pub const BACKEND_METADATA: [&str; 5] = [
    "xds",
    "upstream_host_metadata",
    "filter_metadata",
    "llm",
    "backend",
];

pub struct UpstreamStage {
    filter: Arc<ModelRouter>,
    /// The config that routed the request.
    rule: Option<Option<usize>>,
    /// The model this attempt's body must carry (fallback attempts only).
    rewrite_to: Option<String>,
}

impl UpstreamStage {
    pub fn new(filter: Arc<ModelRouter>) -> Self {
        UpstreamStage {
            filter,
            rule: None,
            rewrite_to: None,
        }
    }

    fn rewrite_body(&mut self, host: &mut dyn Host) {
        let Some(model) = self.rewrite_to.take() else {
            return;
        };
        let Some(policy) = self.rule.and_then(|i| self.filter.policy(i)) else {
            return;
        };
        let body = host.request_body();
        let key = &policy.config.model_key;
        // Rewrite only where needed: the body Envoy replays for a retry may already be right.
        if read_model(&body, key).ok().flatten().as_deref() != Some(model.as_str()) {
            if let Ok(rewritten) = rewrite_model(&body, key, &model) {
                host.set_request_body(&rewritten);
            }
        }
    }
}

impl Session for UpstreamStage {
    fn on_request_headers(&mut self, host: &mut dyn Host, end_of_stream: bool) -> Flow {
        let headers = host.request_headers();
        let handoff = host
            .filter_state_string(state::FALLBACK_PLAN)
            .and_then(|v| Handoff::decode(&v));
        self.rule = match &handoff {
            Some(h) => Some(h.rule),
            None => host.select_rule(&self.filter.policies, &headers),
        };
        let Some(policy) = self.rule.and_then(|i| self.filter.policy(i)) else {
            // No config for this request: still nothing internal reaches the provider.
            let changes = HeaderChanges {
                remove: headers
                    .iter()
                    .map(|(n, _)| n.clone())
                    .filter(|n| is_internal_header(n))
                    .collect(),
                set: Vec::new(),
            };
            host.apply_request_changes(&changes);
            return Flow::Continue;
        };
        let attempt_backend = host.property_string(&BACKEND_METADATA);
        let plan = handoff.map(|h| h.plan).unwrap_or_default();
        let changes = attempt_changes(
            &policy.config,
            &policy.credentials,
            &plan,
            attempt_backend.as_deref(),
            &headers,
        );
        let mut header_changes = changes.headers;
        if let Some((from, to)) = &changes.fallback {
            host.count(
                &stat_name("llm_router.fallbacks", &[("from", from), ("to", to)]),
                1,
            );
            // The route stage already wrote the primary's model into the body Envoy replays
            // for each attempt; only a fallback attempt needs its own.
            if !end_of_stream {
                // The body may change size: its length is known only after the rewrite.
                header_changes.remove.push("content-length".to_string());
                self.rewrite_to = changes.model;
            }
        }
        host.apply_request_changes(&header_changes);
        Flow::Continue
    }

    fn on_request_body(
        &mut self,
        host: &mut dyn Host,
        _body_size: usize,
        end_of_stream: bool,
    ) -> Flow {
        if self.rewrite_to.is_none() {
            return Flow::Continue;
        }
        if !end_of_stream {
            return Flow::Pause;
        }
        self.rewrite_body(host);
        Flow::Continue
    }

    fn on_request_trailers(&mut self, host: &mut dyn Host) -> Flow {
        self.rewrite_body(host);
        Flow::Continue
    }
}

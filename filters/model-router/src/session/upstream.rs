//! The upstream stage's stream (one per attempt): read the route stage's hand-off from filter
//! state and the attempt's backend from the endpoint metadata, fix the attempt up for that
//! backend, and remove every internal header before the provider.

use super::translate::{AttemptTranslation, Direction};
use super::ModelRouter;
use crate::plan::Handoff;
use crate::translate::paths::{protocol_headers, target_api, target_path};
use crate::translate::Api;
use crate::upstream::attempt_changes;
use llm_filters_core::api::{read_model, rewrite_model};
use llm_filters_core::contract::{is_internal_header, state, ANSWERED_BY_HEADER};
use llm_filters_core::headers::HeaderChanges;
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
    /// This attempt's API translation, when its backend speaks another API than the client.
    translation: Option<Box<AttemptTranslation>>,
    /// The request body is still to be translated.
    translate_pending: bool,
    /// This attempt's backend (endpoint metadata), named to the route stage in the response.
    answering: Option<String>,
}

impl UpstreamStage {
    pub fn new(filter: Arc<ModelRouter>) -> Self {
        UpstreamStage {
            filter,
            rule: None,
            rewrite_to: None,
            translation: None,
            translate_pending: false,
            answering: None,
        }
    }

    /// The held request body, translated or with its model rewritten for this attempt.
    fn finish_body(&mut self, host: &mut dyn Host) -> Flow {
        if self.translate_pending {
            self.translate_pending = false;
            let model = self.rewrite_to.take();
            let body = host.request_body();
            if let Some(t) = self.translation.as_mut() {
                return t.request(host, &body, model.as_deref());
            }
        }
        self.rewrite_body(host);
        Flow::Continue
    }

    /// Path, protocol headers and translation for this attempt's backend schema.
    fn plan_schema(
        &mut self,
        host: &mut dyn Host,
        headers: &[(String, String)],
        client_path: Option<&str>,
        backend: Option<&str>,
        changes: &mut llm_filters_core::headers::HeaderChanges,
    ) {
        let Some(policy) = self.rule.and_then(|i| self.filter.policy(i)) else {
            return;
        };
        let Some(backend) = backend.and_then(|b| policy.config.backends.get(b)) else {
            return;
        };
        let Some(client_path) = client_path else {
            return;
        };
        let client = Api::from_path(client_path);
        let path = target_path(client_path, client, backend);
        if llm_filters_core::headers::get(headers, ":path") != Some(path.as_str()) {
            changes.set.push((":path".to_string(), path));
        }
        let version = llm_filters_core::headers::get(headers, "anthropic-version");
        changes.extend(protocol_headers(client, backend, version));
        let method = llm_filters_core::headers::get(headers, ":method").unwrap_or("");
        if let Some(direction) = Direction::new(client, target_api(client, backend)) {
            if method.eq_ignore_ascii_case("POST") {
                // The provider must answer uncompressed for the answer to be translated.
                changes.remove.push("accept-encoding".to_string());
                changes.remove.push("content-length".to_string());
                let max = backend.anthropic_options().default_max_tokens;
                self.translation = Some(Box::new(AttemptTranslation::new(
                    direction,
                    String::new(),
                    max,
                )));
                self.translate_pending = true;
            }
        }
        let _ = host;
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
        let client_path = handoff
            .as_ref()
            .and_then(|h| h.path.clone())
            .or_else(|| llm_filters_core::headers::get(&headers, ":path").map(str::to_string));
        let schema_backend = attempt_backend
            .clone()
            .or_else(|| host.filter_state_string(state::ROUTED_BACKEND));
        let plan = handoff.map(|h| h.plan).unwrap_or_default();
        let changes = attempt_changes(
            &policy.config,
            &policy.credentials,
            &plan,
            attempt_backend.as_deref(),
            &headers,
        );
        let mut header_changes = changes.headers;
        // Named in the answer for the route stage, which counts fallbacks (downstream, so the
        // series is the same on every build: a native upstream filter's metrics are per cluster).
        self.answering = attempt_backend
            .clone()
            .filter(|b| policy.config.backends.contains_key(b));
        if changes.fallback.is_some() {
            // The route stage already wrote the primary's model into the body Envoy replays
            // for each attempt; only a fallback attempt needs its own.
            if !end_of_stream {
                // The body may change size: its length is known only after the rewrite.
                header_changes.remove.push("content-length".to_string());
                self.rewrite_to = changes.model;
            }
        }
        self.plan_schema(
            host,
            &headers,
            client_path.as_deref(),
            schema_backend.as_deref(),
            &mut header_changes,
        );
        if end_of_stream {
            self.translate_pending = false;
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
        if self.rewrite_to.is_none() && !self.translate_pending {
            return Flow::Continue;
        }
        if !end_of_stream {
            return Flow::Pause;
        }
        self.finish_body(host)
    }

    fn on_request_trailers(&mut self, host: &mut dyn Host) -> Flow {
        self.finish_body(host)
    }

    fn on_response_headers(&mut self, host: &mut dyn Host, end_of_stream: bool) -> Flow {
        if let Some(t) = self.translation.as_mut() {
            t.response_headers(host, end_of_stream);
        }
        // Always overwritten or removed: whatever the provider sent under this name is gone.
        match &self.answering {
            Some(backend) => host.set_response_header(ANSWERED_BY_HEADER, backend),
            None => host.remove_response_header(ANSWERED_BY_HEADER),
        }
        Flow::Continue
    }

    fn on_response_body(
        &mut self,
        host: &mut dyn Host,
        body_size: usize,
        end_of_stream: bool,
    ) -> Flow {
        match self.translation.as_mut() {
            Some(t) => t.response_body(host, body_size, end_of_stream),
            None => Flow::Continue,
        }
    }

    fn on_response_trailers(&mut self, host: &mut dyn Host) -> Flow {
        if let Some(t) = self.translation.as_mut() {
            t.response_trailers(host);
        }
        Flow::Continue
    }
}

//! The route stage's stream: strip what a client may not send, hold the headers until the body
//! has named the model, decide, publish the decision and hand the fallback plan on.

use super::{request_seed, ModelRouter};
use crate::decide::{decide, decide_oversized, decide_unreadable, Decision, Outcome, RequestView};
use crate::plan::{FallbackPlan, Handoff};
use llm_filters_core::api::is_models_path;
use llm_filters_core::contract::{state, ANSWERED_BY_HEADER};
use llm_filters_core::headers;
use llm_filters_core::metrics::stat_name;
use llm_filters_core::session::{Flow, HeaderList, Host, HostExt, Session};
use llm_filters_core::ErrorReply;
use std::sync::Arc;

pub struct RouteStage {
    filter: Arc<ModelRouter>,
    seed: u64,
    /// The config that applies: `None` until the headers chose one, and again once decided.
    selected: Option<Option<usize>>,
    /// The client's headers without the ones it may not send.
    headers: HeaderList,
    /// The client's value of the config's `overrideHeader`.
    override_header: Option<String>,
    /// A body callback held body bytes (so a later empty read means the host could not hand
    /// them over, not that there were none).
    body_held: bool,
    /// Once routed: who may answer (the plan, or just the routed backend and its model).
    routed: Option<Routed>,
}

/// The backends a routed request may be answered by, for reading the upstream stage's
/// [`ANSWERED_BY_HEADER`].
struct Routed {
    backend: String,
    model: Option<String>,
    plan: FallbackPlan,
}

impl Routed {
    /// The model `answered` was sent, `None` when it may not have answered this request.
    fn model_of(&self, answered: &str) -> Option<Option<&str>> {
        if self.plan.is_empty() {
            (answered == self.backend).then_some(self.model.as_deref())
        } else {
            self.plan.model_for(answered).map(Some)
        }
    }
}

impl RouteStage {
    pub fn new(filter: Arc<ModelRouter>, seed: u64) -> Self {
        RouteStage {
            filter,
            seed,
            selected: None,
            headers: Vec::new(),
            override_header: None,
            body_held: false,
            routed: None,
        }
    }

    /// Decide with the body (or without one) and act on it. Decides once per stream.
    fn decide(&mut self, host: &mut dyn Host, body: Option<&[u8]>) -> Flow {
        let Some(index) = self.selected.take() else {
            return Flow::Continue;
        };
        let filter = self.filter.clone();
        let Some(policy) = filter.policy(index) else {
            return Flow::Continue;
        };
        let budget = host.filter_state_string(state::MODEL_OVERRIDE);
        let view = RequestView {
            headers: &self.headers,
            body,
            seed: request_seed(&self.headers, self.seed),
            override_header: self.override_header.as_deref(),
            budget_override: budget.as_deref(),
        };
        let outcome = decide(&policy.config, &policy.credentials, &view);
        self.apply(host, outcome, index)
    }

    /// Apply a decision (or send the rejection).
    fn apply(&mut self, host: &mut dyn Host, outcome: Outcome, rule: Option<usize>) -> Flow {
        if let Outcome::Route(decision) = &outcome {
            self.routed = Some(Routed {
                backend: decision.backend.clone(),
                model: decision.model.clone(),
                plan: decision.plan.clone(),
            });
        }
        apply(host, outcome, rule)
    }
}

/// Apply a decision (or send the rejection).
fn apply(host: &mut dyn Host, outcome: Outcome, rule: Option<usize>) -> Flow {
    match outcome {
        Outcome::Reject { reply, reason } => {
            host.count(
                &stat_name("llm_router.rejections", &[("reason", reason)]),
                1,
            );
            host.send_error(&reply);
            Flow::Pause
        }
        Outcome::Route(decision) => {
            publish(host, decision, rule);
            Flow::Continue
        }
    }
}

fn publish(host: &mut dyn Host, decision: Decision, rule: Option<usize>) {
    let mut changes = decision.headers;
    if let Some(body) = &decision.new_body {
        host.set_request_body(body);
        changes
            .set
            .push(("content-length".to_string(), body.len().to_string()));
    }
    host.apply_request_changes(&changes);
    host.set_filter_state(state::ROUTED_BACKEND, decision.backend.as_bytes());
    if let Some(model) = &decision.model {
        host.set_filter_state(state::ROUTED_MODEL, model.as_bytes());
    }
    let handoff = Handoff {
        rule,
        plan: decision.plan,
        path: host.request_header(":path"),
    };
    host.set_filter_state(state::FALLBACK_PLAN, handoff.encode().as_bytes());
    host.count(
        &stat_name(
            "llm_router.requests",
            &[
                ("backend", &decision.backend),
                ("model", &decision.model_label),
            ],
        ),
        1,
    );
    if let Some(reason) = decision.pass_through {
        host.count(
            &stat_name("llm_router.passthrough", &[("reason", reason.label())]),
            1,
        );
    }
}

/// `GET /v1/models` (and `HEAD`, whose answer Envoy sends without the body) is answered from
/// the config; nothing goes upstream.
fn answer_models(
    host: &mut dyn Host,
    headers: &[(String, String)],
    config: &crate::config::RouterConfig,
) -> Option<Flow> {
    if !config.list_models {
        return None;
    }
    let method = headers::get(headers, ":method")?;
    let path = headers::get(headers, ":path")?;
    let bare = path.split('?').next().unwrap_or_default();
    if !method.eq_ignore_ascii_case("GET") && !method.eq_ignore_ascii_case("HEAD") {
        return None;
    }
    let anthropic = headers::get(headers, "anthropic-version").is_some();
    let one = bare
        .strip_prefix("/v1/models/")
        .or_else(|| bare.strip_prefix("/models/"));
    let (status, body) = match one {
        Some(id) if crate::model_name::is_valid_model(id) => {
            crate::translate::models::retrieve(config, id, anthropic)?
        }
        Some(_) => return None,
        None if bare == "/v1/models" || bare == "/models" => {
            let query = path.split_once('?').map_or("", |(_, q)| q);
            match crate::translate::models::list_body(config, anthropic, query) {
                Ok(body) => (200, body),
                Err(message) => {
                    // Only Anthropic's paged list refuses a query: its error shape.
                    let reply = ErrorReply::bad_request(message);
                    let body = reply.anthropic_body();
                    host.send_reply(400, &reply.response_headers(), body.as_bytes());
                    return Some(Flow::Pause);
                }
            }
        }
        None => return None,
    };
    host.count(
        &stat_name(
            "llm_router.models_listed",
            &[("shape", if anthropic { "anthropic" } else { "openai" })],
        ),
        1,
    );
    host.send_reply(
        status,
        &[("content-type".to_string(), "application/json".to_string())],
        body.to_string().as_bytes(),
    );
    Some(Flow::Pause)
}

/// A request the gateway does not forward (unless `otherPaths: pass`): answered here, counted
/// in `llm_router.rejections` by its reason.
fn refuse_unserved(
    host: &mut dyn Host,
    headers: &[(String, String)],
    config: &crate::config::RouterConfig,
) -> Option<Flow> {
    if config.other_paths == crate::config::OtherPaths::Pass {
        return None;
    }
    let (reason, reply) = unserved(headers)?;
    host.count(
        &stat_name("llm_router.rejections", &[("reason", reason)]),
        1,
    );
    host.send_error(&reply);
    Some(Flow::Pause)
}

/// Why a request is not forwarded, and its answer:
/// - a path that is no LLM API would go to the default backend with the gateway's key: the
///   provider's files, batches and admin endpoints, past every filter's checks (404);
/// - an LLM API path asked with a method its API does not take: `GET /v1/chat/completions` is
///   OpenAI's list of the organisation's stored completions, `DELETE /v1/models/{id}` deletes
///   a fine-tune. Generation APIs take POST, the model list GET and HEAD (405).
fn unserved(headers: &[(String, String)]) -> Option<(&'static str, ErrorReply)> {
    let path = headers::get(headers, ":path").unwrap_or_default();
    if !is_llm_api(path) || has_ambiguous_segments(path) {
        let reply = ErrorReply::not_found(
            "this gateway serves the LLM APIs only (chat/completions, completions, embeddings, \
             responses, messages, models); this path is not routed",
        )
        .with_code("unknown_endpoint");
        return Some(("other_path", reply));
    }
    let method = headers::get(headers, ":method").unwrap_or_default();
    let allowed: &[&str] = if is_models_path(path) {
        &["GET", "HEAD"]
    } else {
        &["POST"]
    };
    if allowed.iter().any(|m| method.eq_ignore_ascii_case(m)) {
        return None;
    }
    let allow = allowed.join(", ");
    let reply = ErrorReply::new(
        405,
        "invalid_request_error",
        format!("this path takes {allow} only on this gateway"),
    )
    .with_code("method_not_allowed")
    .with_header("allow", allow);
    Some(("other_method", reply))
}

/// A path a server could read as another one: a `.`/`..` segment (`/v1/files/models/..` is
/// `/v1/files` after dot-segment removal), an escaped dot, slash or backslash, or a `;`
/// parameter (`/v1/files;/models`). Envoy forwards `:path` as sent, so such a path is judged
/// as no LLM API.
fn has_ambiguous_segments(path: &str) -> bool {
    let bare = path.split(['?', '#']).next().unwrap_or_default();
    let lower = bare.to_ascii_lowercase();
    bare.contains([';', '\\'])
        || ["%2e", "%2f", "%5c"].iter().any(|e| lower.contains(e))
        || bare.split('/').any(|s| s == "." || s == "..")
}

/// The APIs the filters understand, `/v1/models/{id}` included (Azure's deployment paths and
/// other prefixes match by their last segments).
fn is_llm_api(path: &str) -> bool {
    use llm_filters_core::api::ApiKind;
    if ApiKind::from_path(path) != ApiKind::Unknown {
        return true;
    }
    is_models_path(path)
}

impl Session for RouteStage {
    fn on_request_headers(&mut self, host: &mut dyn Host, end_of_stream: bool) -> Flow {
        // Trust boundary: nothing a client sends may look like the router's own state. Remove
        // every such header before anything is read.
        let (reserved, clean): (HeaderList, HeaderList) = host
            .request_headers()
            .into_iter()
            .partition(|(name, _)| self.filter.is_reserved(name));
        for (name, _) in &reserved {
            host.remove_request_header(name);
        }
        self.headers = clean;
        self.selected = host.select_rule(&self.filter.policies, &self.headers);
        let Some(policy) = self.selected.and_then(|i| self.filter.policy(i)) else {
            self.selected = None;
            return Flow::Continue;
        };
        if let Some(flow) = answer_models(host, &self.headers, &policy.config) {
            self.selected = None;
            return flow;
        }
        if let Some(flow) = refuse_unserved(host, &self.headers, &policy.config) {
            self.selected = None;
            return flow;
        }
        // The override header is a client-facing choice of model by config; its value is read
        // here (it may carry a reserved name) and judged like the body's model.
        self.override_header = policy
            .config
            .override_header
            .as_deref()
            .and_then(|name| {
                headers::get(&self.headers, name).or_else(|| headers::get(&reserved, name))
            })
            .map(str::to_string);
        if end_of_stream {
            return self.decide(host, None);
        }
        // Hold the headers until the body has told us the model (needs
        // allow_on_headers_stop_iteration in the Envoy config).
        Flow::Pause
    }

    fn on_request_body(
        &mut self,
        host: &mut dyn Host,
        body_size: usize,
        end_of_stream: bool,
    ) -> Flow {
        let Some(index) = self.selected else {
            return Flow::Continue;
        };
        let Some(policy) = self.filter.policy(index) else {
            return Flow::Continue;
        };
        if body_size > policy.config.max_body_bytes {
            let outcome = decide_oversized(&policy.config, &policy.credentials);
            // Decided: the rest of the body streams through.
            self.selected = None;
            return self.apply(host, outcome, index);
        }
        if !end_of_stream {
            self.body_held |= body_size > 0;
            return Flow::Pause;
        }
        let body = host.request_body();
        self.decide(host, Some(&body))
    }

    fn on_request_trailers(&mut self, host: &mut dyn Host) -> Flow {
        let Some(index) = self.selected else {
            return Flow::Continue;
        };
        let body = host.request_body();
        if body.is_empty() && self.body_held {
            let Some(policy) = self.filter.policy(index) else {
                return Flow::Continue;
            };
            self.selected = None;
            let outcome = decide_unreadable(&policy.config, &policy.credentials);
            return self.apply(host, outcome, index);
        }
        let body = (!body.is_empty()).then_some(body);
        self.decide(host, body.as_deref())
    }

    /// The backend that answered, as the upstream stage names it: published for the access log
    /// and later filters, counted when it is a fallback, and removed from the response.
    fn on_response_headers(&mut self, host: &mut dyn Host, _end_of_stream: bool) -> Flow {
        let Some(answered) = host.response_header(ANSWERED_BY_HEADER) else {
            return Flow::Continue;
        };
        host.remove_response_header(ANSWERED_BY_HEADER);
        // Without an upstream stage a provider could send the header: only a backend that may
        // answer this request is believed.
        let Some(routed) = self.routed.take() else {
            return Flow::Continue;
        };
        let Some(model) = routed.model_of(&answered) else {
            return Flow::Continue;
        };
        host.set_filter_state(state::ANSWERED_BACKEND, answered.as_bytes());
        if let Some(model) = model {
            host.set_filter_state(state::ANSWERED_MODEL, model.as_bytes());
        }
        if answered != routed.backend {
            host.count(
                &stat_name(
                    "llm_router.fallbacks",
                    &[("from", &routed.backend), ("to", &answered)],
                ),
                1,
            );
        }
        Flow::Continue
    }
}

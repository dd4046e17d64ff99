//! The routing decision for one request: which backend, which model name, which headers.
//!
//! Pure logic over headers and body bytes; the proxy-wasm shell only moves data in and out.

use crate::config::{InvalidBodyPolicy, ModelRoute, RouterConfig, Target};
use crate::credentials::Credentials;
use crate::plan::FallbackPlan;
use llm_filters_core::api::{read_model, rewrite_model, BodyError};
use llm_filters_core::glob::glob_match;
use llm_filters_core::headers::{self, HeaderChanges};
use llm_filters_core::ErrorReply;

/// Client credentials removed toward a backend with `stripClientAuth`.
pub const CLIENT_AUTH_HEADERS: [&str; 3] = ["authorization", "x-api-key", "api-key"];

/// The header carrying the fallback plan from the route stage to the upstream stage.
pub const PLAN_HEADER: &str = "x-llm-fallback-plan";
/// Set by the upstream stage on a fallback attempt: the backend that was tried first.
pub const FALLBACK_FROM_HEADER: &str = "x-llm-fallback-from";

/// Why a request was routed without being understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassThroughReason {
    TooLarge,
    NotJson,
    ModelNotString,
}

impl PassThroughReason {
    pub fn label(self) -> &'static str {
        match self {
            PassThroughReason::TooLarge => "too_large",
            PassThroughReason::NotJson => "not_json",
            PassThroughReason::ModelNotString => "model_not_string",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub backend: String,
    /// The model name the backend receives, when the request names one.
    pub model: Option<String>,
    /// A bounded-cardinality name for metrics: a configured model name, a rule's pattern or `other`.
    pub model_label: String,
    /// The rewritten body, when the model in it changes.
    pub new_body: Option<Vec<u8>>,
    pub headers: HeaderChanges,
    pub pass_through: Option<PassThroughReason>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Route(Decision),
    Reject { reply: ErrorReply, reason: &'static str },
}

/// What the router knows about a request.
#[derive(Debug, Clone, Copy)]
pub struct RequestView<'a> {
    pub headers: &'a [(String, String)],
    /// `None` when the request has no body (GET, or headers with end of stream).
    pub body: Option<&'a [u8]>,
    /// Seeds the weighted choice; the shell passes a hash of `x-request-id`.
    pub seed: u64,
}

/// Decide for a request whose body is larger than `maxBodyBytes` (not read in full).
pub fn decide_oversized(config: &RouterConfig, credentials: &Credentials) -> Outcome {
    match config.on_invalid_body {
        InvalidBodyPolicy::Reject => Outcome::Reject {
            reply: ErrorReply::too_large(format!(
                "request body exceeds the {} bytes the model router reads",
                config.max_body_bytes
            )),
            reason: "too_large",
        },
        InvalidBodyPolicy::PassThrough => pass_through(config, credentials, PassThroughReason::TooLarge),
    }
}

pub fn decide(config: &RouterConfig, credentials: &Credentials, request: &RequestView<'_>) -> Outcome {
    let override_model = config
        .override_header
        .as_deref()
        .and_then(|h| headers::get(request.headers, h))
        .map(str::trim)
        .filter(|m| !m.is_empty());

    let body_model = match request.body {
        Some(body) if !body.is_empty() => match read_model(body, &config.model_key) {
            Ok(model) => model,
            Err(err) => return invalid_body(config, credentials, &err),
        },
        _ => None,
    };

    let Some(requested) = override_model.map(str::to_string).or(body_model.clone()) else {
        if config.strict && request.body.is_some_and(|b| !b.is_empty()) {
            return Outcome::Reject {
                reply: ErrorReply::bad_request(format!("missing '{}' in the request body", config.model_key))
                    .with_param(config.model_key.clone()),
                reason: "missing_model",
            };
        }
        return route_without_model(config, credentials);
    };

    let alias_target = config.aliases.get(&requested);
    let resolved = alias_target.cloned().unwrap_or_else(|| requested.clone());

    let matched = config.routes.iter().find(|route| route_matches(route, &resolved, request.headers));
    let (target, route, label) = match matched {
        Some(route) => {
            let target = pick_target(&route.targets, request.seed);
            let label = model_label(route, target, &resolved, alias_target.is_some());
            (target.clone(), Some(route), label)
        }
        None if config.strict => {
            return Outcome::Reject {
                reply: ErrorReply::bad_request(format!("model '{}' is not served on this route", printable(&requested)))
                    .with_param(config.model_key.clone())
                    .with_code("model_not_found"),
                reason: "unknown_model",
            };
        }
        None => {
            let backend = config.default_backend.clone().expect("validated: defaultBackend set unless strict");
            let label = if alias_target.is_some() { resolved.clone() } else { "other".to_string() };
            (Target { backend, weight: 1, model: None }, None, label)
        }
    };

    let backend = &config.backends[&target.backend];
    let upstream_model = target
        .model
        .clone()
        .or_else(|| backend.model_name_override.clone())
        .unwrap_or_else(|| resolved.clone());
    let model_label = if backend.model_name_override.is_some() && target.model.is_none() {
        upstream_model.clone()
    } else {
        label
    };

    let new_body = match request.body {
        Some(body) if body_model.as_deref() != Some(upstream_model.as_str()) && !body.is_empty() => {
            match rewrite_model(body, &config.model_key, &upstream_model) {
                Ok(rewritten) => Some(rewritten),
                Err(err) => return invalid_body(config, credentials, &err),
            }
        }
        _ => None,
    };

    let mut changes = headers_for_backend(config, credentials, &target.backend, Some(&upstream_model));
    let plan = FallbackPlan::for_backend(config, &target.backend, &upstream_model, route, &resolved);
    if !plan.is_empty() {
        changes.set.push((PLAN_HEADER.to_string(), plan.encode()));
    }
    Outcome::Route(Decision {
        backend: target.backend,
        model: Some(upstream_model),
        model_label,
        new_body,
        headers: changes,
        pass_through: None,
    })
}

/// Header edits that send a request to `backend`: published decision, provider auth,
/// client credentials stripped, authority.
pub fn headers_for_backend(
    config: &RouterConfig,
    credentials: &Credentials,
    backend_name: &str,
    model: Option<&str>,
) -> HeaderChanges {
    let mut changes = HeaderChanges::default();
    let backend = &config.backends[backend_name];
    if backend.strip_client_auth {
        changes.remove.extend(CLIENT_AUTH_HEADERS.iter().map(|h| h.to_string()));
    }
    changes.set.push((config.backend_header.clone(), backend_name.to_string()));
    match model {
        Some(model) => changes.set.push((config.model_header.clone(), model.to_string())),
        None => changes.remove.push(config.model_header.clone()),
    }
    if let Some(secret) = credentials.for_backend(backend_name) {
        changes.set.push((secret.name.clone(), secret.value().to_string()));
    }
    if let Some(host) = &backend.host {
        changes.set.push((":authority".to_string(), host.clone()));
    }
    changes
}

fn route_matches(route: &ModelRoute, model: &str, request_headers: &[(String, String)]) -> bool {
    let model_ok = route.models.is_empty() || route.models.iter().any(|p| glob_match(p, model));
    let headers_ok = route.headers.iter().all(|(name, want)| match headers::get(request_headers, name) {
        Some(value) => want == "*" || value == want,
        None => false,
    });
    model_ok && headers_ok
}

/// Weighted choice, deterministic for a seed. Weights of 0 are never chosen.
fn pick_target(targets: &[Target], seed: u64) -> &Target {
    let total: u64 = targets.iter().map(|t| u64::from(t.weight)).sum();
    let mut point = seed % total.max(1);
    for target in targets {
        let weight = u64::from(target.weight);
        if point < weight {
            return target;
        }
        point -= weight;
    }
    &targets[0]
}

/// Metrics label the model by a name from config, so a client cannot mint new stat names.
fn model_label(route: &ModelRoute, target: &Target, resolved: &str, via_alias: bool) -> String {
    if let Some(model) = &target.model {
        return model.clone();
    }
    if via_alias || route.models.iter().any(|p| p == resolved) {
        return resolved.to_string();
    }
    route.models.iter().find(|p| glob_match(p, resolved)).cloned().unwrap_or_else(|| "any".to_string())
}

fn route_without_model(config: &RouterConfig, credentials: &Credentials) -> Outcome {
    let Some(backend) = config.default_backend.clone() else {
        return Outcome::Reject {
            reply: ErrorReply::bad_request("this route needs a model in the request"),
            reason: "missing_model",
        };
    };
    let model = config.backends[&backend].model_name_override.clone();
    Outcome::Route(Decision {
        headers: headers_for_backend(config, credentials, &backend, model.as_deref()),
        model_label: model.clone().unwrap_or_else(|| "none".to_string()),
        backend,
        model,
        new_body: None,
        pass_through: None,
    })
}

fn invalid_body(config: &RouterConfig, credentials: &Credentials, err: &BodyError) -> Outcome {
    let reason = match err {
        BodyError::WrongType { .. } => PassThroughReason::ModelNotString,
        _ => PassThroughReason::NotJson,
    };
    match config.on_invalid_body {
        InvalidBodyPolicy::PassThrough => pass_through(config, credentials, reason),
        InvalidBodyPolicy::Reject => {
            let reply = match reason {
                PassThroughReason::ModelNotString => {
                    ErrorReply::bad_request(format!("'{}' must be a string", config.model_key)).with_param(config.model_key.clone())
                }
                _ => ErrorReply::bad_request(format!("request body is not a JSON object: {err}")),
            };
            Outcome::Reject { reply, reason: reason.label() }
        }
    }
}

fn pass_through(config: &RouterConfig, credentials: &Credentials, reason: PassThroughReason) -> Outcome {
    match route_without_model(config, credentials) {
        Outcome::Route(mut decision) => {
            decision.pass_through = Some(reason);
            decision.model_label = "unknown".to_string();
            Outcome::Route(decision)
        }
        reject => reject,
    }
}

/// Model names echo client input into an error message: keep them short and printable.
fn printable(name: &str) -> String {
    let mut out: String = name.chars().filter(|c| !c.is_control()).take(100).collect();
    if name.chars().count() > 100 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{load_policies, RoutePolicy};
    use serde_json::{json, Value};

    fn policy(config: Value) -> RoutePolicy {
        let rules = json!({ "default": config }).to_string();
        let mut policies = load_policies(rules.as_bytes(), &|name| Some(format!("key-of-{name}"))).unwrap();
        policies.default.take().unwrap()
    }

    fn standard() -> RoutePolicy {
        policy(json!({
            "overrideHeader": "x-llm-model-override",
            "aliases": { "fast": "gpt-4o-mini", "smart": "claude-sonnet" },
            "backends": {
                "openai": { "auth": { "secretEnv": "OPENAI_API_KEY" }, "stripClientAuth": true, "host": "api.openai.com",
                            "fallback": ["anthropic", "local"] },
                "anthropic": { "auth": { "secretEnv": "ANTHROPIC_API_KEY", "header": "x-api-key" }, "stripClientAuth": true },
                "local": { "modelNameOverride": "llama-3.1-8b" },
                "canary": {}
            },
            "routes": [
                { "models": ["gpt-4o*"], "headers": { "x-tier": "canary" }, "targets": [{ "backend": "canary" }] },
                { "models": ["gpt-4o*"], "targets": [{ "backend": "openai" }],
                  "fallbackModels": { "anthropic": "claude-sonnet" } },
                { "models": ["claude-*"], "targets": [{ "backend": "anthropic" }] },
                { "models": ["split"], "targets": [{ "backend": "openai", "weight": 3, "model": "gpt-4o" },
                                                   { "backend": "local", "weight": 1 }] }
            ],
            "defaultBackend": "local"
        }))
    }

    fn hdrs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    fn run(policy: &RoutePolicy, headers: &[(String, String)], body: Option<&str>, seed: u64) -> Outcome {
        let view = RequestView { headers, body: body.map(str::as_bytes), seed };
        decide(&policy.config, &policy.credentials, &view)
    }

    fn routed(outcome: Outcome) -> Decision {
        match outcome {
            Outcome::Route(d) => d,
            Outcome::Reject { reply, .. } => panic!("rejected: {}", reply.body()),
        }
    }

    fn set<'a>(d: &'a Decision, name: &str) -> Option<&'a str> {
        d.headers.set.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    #[test]
    fn routes_by_body_model_with_auth_and_stripping() {
        let p = standard();
        let d = routed(run(&p, &hdrs(&[("authorization", "Bearer client")]), Some(r#"{"model":"gpt-4o","messages":[]}"#), 0));
        assert_eq!(d.backend, "openai");
        assert_eq!(d.model.as_deref(), Some("gpt-4o"));
        assert_eq!(d.new_body, None, "model unchanged: body untouched");
        assert!(d.headers.remove.contains(&"authorization".to_string()));
        assert_eq!(set(&d, "authorization"), Some("Bearer key-of-OPENAI_API_KEY"));
        assert_eq!(set(&d, "x-llm-backend"), Some("openai"));
        assert_eq!(set(&d, "x-llm-model"), Some("gpt-4o"));
        assert_eq!(set(&d, ":authority"), Some("api.openai.com"));
        assert_eq!(set(&d, PLAN_HEADER), Some("openai=gpt-4o;anthropic=claude-sonnet;local=llama-3.1-8b"));
    }

    #[test]
    fn aliases_resolve_and_rewrite_the_body_keeping_other_fields() {
        let p = standard();
        let body = r#"{"messages":[{"role":"user","content":"hi"}],"model":"fast","x_custom":{"a":[1,2]},"temperature":0.5}"#;
        let d = routed(run(&p, &[], Some(body), 0));
        assert_eq!(d.backend, "openai");
        assert_eq!(d.model_label, "gpt-4o-mini");
        let new: Value = serde_json::from_slice(d.new_body.as_ref().unwrap()).unwrap();
        let mut expected: Value = serde_json::from_str(body).unwrap();
        expected["model"] = json!("gpt-4o-mini");
        assert_eq!(new, expected);
        let keys: Vec<&String> = new.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["messages", "model", "x_custom", "temperature"], "field order kept");
    }

    #[test]
    fn header_rules_come_first() {
        let p = standard();
        let d = routed(run(&p, &hdrs(&[("x-tier", "canary")]), Some(r#"{"model":"gpt-4o"}"#), 0));
        assert_eq!(d.backend, "canary");
        let d = routed(run(&p, &hdrs(&[("x-tier", "other")]), Some(r#"{"model":"gpt-4o"}"#), 0));
        assert_eq!(d.backend, "openai");
    }

    #[test]
    fn anthropic_shape_and_backend_override() {
        let p = standard();
        let d = routed(run(&p, &hdrs(&[("x-api-key", "client")]), Some(r#"{"model":"claude-3-5-haiku","max_tokens":10,"messages":[]}"#), 0));
        assert_eq!(d.backend, "anthropic");
        assert_eq!(set(&d, "x-api-key"), Some("key-of-ANTHROPIC_API_KEY"));
        assert_eq!(d.model_label, "claude-*");
        // local has modelNameOverride: unknown models land there, renamed.
        let d = routed(run(&p, &[], Some(r#"{"model":"mystery"}"#), 0));
        assert_eq!(d.backend, "local");
        assert_eq!(d.model.as_deref(), Some("llama-3.1-8b"));
        let body: Value = serde_json::from_slice(d.new_body.as_ref().unwrap()).unwrap();
        assert_eq!(body["model"], "llama-3.1-8b");
        assert_eq!(d.model_label, "llama-3.1-8b");
    }

    #[test]
    fn weighted_split_follows_weights_deterministically() {
        let p = standard();
        let mut counts = std::collections::BTreeMap::new();
        for seed in 0..400u64 {
            let d = routed(run(&p, &[], Some(r#"{"model":"split"}"#), seed));
            *counts.entry(d.backend.clone()).or_insert(0) += 1;
            if d.backend == "openai" {
                assert_eq!(d.model.as_deref(), Some("gpt-4o"));
            } else {
                assert_eq!(d.model.as_deref(), Some("llama-3.1-8b"));
            }
        }
        assert_eq!(counts["openai"], 300);
        assert_eq!(counts["local"], 100);
        assert_eq!(run(&p, &[], Some(r#"{"model":"split"}"#), 7), run(&p, &[], Some(r#"{"model":"split"}"#), 7));
    }

    #[test]
    fn override_header_wins_over_body() {
        let p = standard();
        let d = routed(run(&p, &hdrs(&[("x-llm-model-override", "claude-3-opus")]), Some(r#"{"model":"gpt-4o"}"#), 0));
        assert_eq!(d.backend, "anthropic");
        let body: Value = serde_json::from_slice(d.new_body.as_ref().unwrap()).unwrap();
        assert_eq!(body["model"], "claude-3-opus");
    }

    #[test]
    fn strict_rejects_unknown_and_missing_models_naming_them() {
        let mut p = standard();
        p.config.strict = true;
        let Outcome::Reject { reply, reason } = run(&p, &[], Some(r#"{"model":"gpt-5-turbo-x"}"#), 0) else { panic!() };
        assert_eq!((reply.status, reason), (400, "unknown_model"));
        let v: Value = serde_json::from_str(&reply.body()).unwrap();
        assert_eq!(v["error"]["message"], "model 'gpt-5-turbo-x' is not served on this route");
        assert_eq!(v["error"]["param"], "model");
        assert_eq!(v["error"]["code"], "model_not_found");
        let Outcome::Reject { reason, .. } = run(&p, &[], Some(r#"{"messages":[]}"#), 0) else { panic!() };
        assert_eq!(reason, "missing_model");
    }

    #[test]
    fn non_strict_sends_unknown_models_to_default_unchanged_when_no_override() {
        let p = policy(json!({"backends": {"a": {}, "b": {}}, "defaultBackend": "b",
                              "routes": [{"models": ["x"], "targets": [{"backend": "a"}]}]}));
        let d = routed(run(&p, &[], Some(r#"{"model":"unknown-1"}"#), 0));
        assert_eq!((d.backend.as_str(), d.model.as_deref(), d.new_body.is_none()), ("b", Some("unknown-1"), true));
        assert_eq!(d.model_label, "other", "client-chosen names never become stat names");
        assert_eq!(set(&d, PLAN_HEADER), None);
    }

    #[test]
    fn bad_bodies_follow_the_policy() {
        let p = standard();
        let Outcome::Reject { reply, reason } = run(&p, &[], Some("not json {"), 0) else { panic!() };
        assert_eq!((reply.status, reason), (400, "not_json"));
        assert!(!reply.body().contains("not json {"), "never echo the body");
        let Outcome::Reject { reply, .. } = run(&p, &[], Some(r#"{"model":42}"#), 0) else { panic!() };
        assert_eq!(serde_json::from_str::<Value>(&reply.body()).unwrap()["error"]["param"], "model");
        let Outcome::Reject { reply, .. } = decide_oversized(&p.config, &p.credentials) else { panic!() };
        assert_eq!(reply.status, 413);

        let mut open = standard();
        open.config.on_invalid_body = InvalidBodyPolicy::PassThrough;
        let d = routed(run(&open, &[], Some("not json {"), 0));
        assert_eq!((d.backend.as_str(), d.pass_through), ("local", Some(PassThroughReason::NotJson)));
        assert!(d.new_body.is_none());
        let d = routed(decide_oversized(&open.config, &open.credentials));
        assert_eq!(d.pass_through, Some(PassThroughReason::TooLarge));
    }

    #[test]
    fn requests_without_body_go_to_default() {
        let p = standard();
        let d = routed(run(&p, &[], None, 0));
        assert_eq!(d.backend, "local");
        assert_eq!(set(&d, "x-llm-model"), Some("llama-3.1-8b"));
    }

    #[test]
    fn dotted_model_key() {
        let p = policy(json!({"modelKey": "meta.model", "backends": {"a": {}, "b": {}}, "defaultBackend": "b",
                              "routes": [{"models": ["m1"], "targets": [{"backend": "a", "model": "m2"}]}]}));
        let d = routed(run(&p, &[], Some(r#"{"meta":{"model":"m1","k":1},"x":1}"#), 0));
        assert_eq!(d.backend, "a");
        let body: Value = serde_json::from_slice(d.new_body.as_ref().unwrap()).unwrap();
        assert_eq!(body, json!({"meta":{"model":"m2","k":1},"x":1}));
    }
}

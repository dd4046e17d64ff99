//! The routing decision for one request: which backend, which model name, which headers.
//!
//! Pure logic over headers and body bytes; the session only moves data in and out. Every model
//! name that leaves this module (into a header, the body, filter state) has passed
//! [`is_valid_model`]: client names here, config names at load.

use crate::config::{InvalidBodyPolicy, ModelRoute, RouterConfig, Target};
use crate::credentials::Credentials;
use crate::model_field::spelling;
use crate::model_name::{is_valid_model, RULE};
use crate::plan::FallbackPlan;
use llm_filters_core::api::{read_model, rewrite_model, BodyError};
use llm_filters_core::glob::glob_match;
use llm_filters_core::headers::{self, HeaderChanges};
use llm_filters_core::ErrorReply;

/// Client credentials removed toward a backend with `stripClientAuth`.
pub const CLIENT_AUTH_HEADERS: [&str; 3] = ["authorization", "x-api-key", "api-key"];

/// Why a request was routed without being understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassThroughReason {
    TooLarge,
    NotJson,
    ModelNotString,
    DuplicateModel,
    /// The request ended with trailers and the host did not hand over the body.
    Unreadable,
}

impl PassThroughReason {
    pub fn label(self) -> &'static str {
        match self {
            PassThroughReason::TooLarge => "too_large",
            PassThroughReason::NotJson => "not_json",
            PassThroughReason::ModelNotString => "model_not_string",
            PassThroughReason::DuplicateModel => "duplicate_model",
            PassThroughReason::Unreadable => "unreadable",
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
    /// Edits for the request as it leaves the route stage: the route-selection headers
    /// (`backendHeader`, `modelHeader`) and the primary backend's credentials and authority.
    pub headers: HeaderChanges,
    /// Backends (and their models) that serve the request when the primary fails.
    pub plan: FallbackPlan,
    pub pass_through: Option<PassThroughReason>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Route(Decision),
    Reject {
        reply: ErrorReply,
        reason: &'static str,
    },
}

/// What the router knows about a request.
#[derive(Debug, Clone, Copy)]
pub struct RequestView<'a> {
    /// The client's headers without any internal header (the session removed those).
    pub headers: &'a [(String, String)],
    /// `None` when the request has no body (GET, or headers with end of stream).
    pub body: Option<&'a [u8]>,
    /// Seeds the weighted choice; the session passes a hash of `x-request-id`.
    pub seed: u64,
    /// The value of the config's `overrideHeader`, as the client sent it: a client's choice of
    /// model, treated exactly like the body's.
    pub override_header: Option<&'a str>,
    /// The budget fallback model token-meter published as filter state. Wins over the client's
    /// choice; goes through aliases and strict mode like any model.
    pub budget_override: Option<&'a str>,
}

impl<'a> RequestView<'a> {
    pub fn new(headers: &'a [(String, String)], body: Option<&'a [u8]>, seed: u64) -> Self {
        RequestView {
            headers,
            body,
            seed,
            override_header: None,
            budget_override: None,
        }
    }
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
        InvalidBodyPolicy::PassThrough => {
            pass_through(config, credentials, PassThroughReason::TooLarge)
        }
    }
}

/// Decide for a request whose body the host could not hand over (see [`PassThroughReason::Unreadable`]).
pub fn decide_unreadable(config: &RouterConfig, credentials: &Credentials) -> Outcome {
    match config.on_invalid_body {
        InvalidBodyPolicy::Reject => Outcome::Reject {
            reply: ErrorReply::bad_request(
                "the model router could not read this request's body (request trailers)",
            ),
            reason: "unreadable",
        },
        InvalidBodyPolicy::PassThrough => {
            pass_through(config, credentials, PassThroughReason::Unreadable)
        }
    }
}

fn invalid_model(config: &RouterConfig, what: &str) -> Outcome {
    Outcome::Reject {
        reply: ErrorReply::bad_request(format!("{what}: a model name {RULE}"))
            .with_param(config.model_key.clone())
            .with_code("invalid_model"),
        reason: "invalid_model",
    }
}

fn trimmed(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|m| !m.is_empty())
}

pub fn decide(
    config: &RouterConfig,
    credentials: &Credentials,
    request: &RequestView<'_>,
) -> Outcome {
    // token-meter's config names the budget model; one that could not be routed is ignored
    // rather than failing the client's request.
    let budget = trimmed(request.budget_override).filter(|m| is_valid_model(m));
    let client_override = match trimmed(request.override_header) {
        Some(m) if !is_valid_model(m) => {
            let header = config.override_header.as_deref().unwrap_or("override");
            return invalid_model(config, &format!("the '{header}' header"));
        }
        other => other,
    };

    let body = request.body.filter(|b| !b.is_empty());
    let mut escaped = false;
    let body_model = match body {
        Some(body) => match read_model(body, &config.model_key) {
            Ok(model) => {
                let field = spelling(body, &config.model_key);
                if field.duplicate {
                    return invalid_body(config, credentials, BodyProblem::Duplicate);
                }
                escaped = field.escaped;
                model
            }
            Err(err) => return invalid_body(config, credentials, BodyProblem::Json(&err)),
        },
        None => None,
    };
    if body_model.as_deref().is_some_and(|m| !is_valid_model(m)) {
        return invalid_model(config, &format!("'{}'", config.model_key));
    }

    let Some(requested) = budget
        .or(client_override)
        .map(str::to_string)
        .or(body_model.clone())
    else {
        if config.strict && body.is_some() {
            return Outcome::Reject {
                reply: ErrorReply::bad_request(format!(
                    "missing '{}' in the request body",
                    config.model_key
                ))
                .with_param(config.model_key.clone()),
                reason: "missing_model",
            };
        }
        return route_without_model(config, credentials);
    };

    let alias_target = config.aliases.get(&requested);
    let resolved = alias_target.cloned().unwrap_or_else(|| requested.clone());

    let matched = config
        .routes
        .iter()
        .find(|route| route_matches(route, &resolved, request.headers));
    let (target, route, label) = match matched {
        Some(route) => {
            let Some(target) = pick_target(&route.targets, request.seed) else {
                return route_without_model(config, credentials);
            };
            let label = model_label(route, target, &resolved, alias_target.is_some());
            (target.clone(), Some(route), label)
        }
        None => match (&config.default_backend, config.strict) {
            (Some(backend), false) => {
                let label = if alias_target.is_some() {
                    resolved.clone()
                } else {
                    "other".to_string()
                };
                let target = Target {
                    backend: backend.clone(),
                    weight: 1,
                    model: None,
                };
                (target, None, label)
            }
            _ => {
                return Outcome::Reject {
                    reply: ErrorReply::bad_request(format!(
                        "model '{requested}' is not served on this route"
                    ))
                    .with_param(config.model_key.clone())
                    .with_code("model_not_found"),
                    reason: "unknown_model",
                }
            }
        },
    };

    let Some(backend) = config.backends.get(&target.backend) else {
        return route_without_model(config, credentials);
    };
    let upstream_model = target
        .model
        .clone()
        .or_else(|| backend.model_name_override.clone())
        .unwrap_or_else(|| resolved.clone());
    if !is_valid_model(&upstream_model) {
        // Config names are validated at load; this keeps the rule local.
        return invalid_model(config, "the configured model");
    }
    let model_label = if backend.model_name_override.is_some() && target.model.is_none() {
        upstream_model.clone()
    } else {
        label
    };

    // The provider gets the router's model, in one plain spelling.
    let new_body = match body {
        Some(body) if escaped || body_model.as_deref() != Some(upstream_model.as_str()) => {
            match rewrite_model(body, &config.model_key, &upstream_model) {
                Ok(rewritten) => Some(rewritten),
                Err(err) => return invalid_body(config, credentials, BodyProblem::Json(&err)),
            }
        }
        _ => None,
    };

    let mut changes = route_headers(config, &target.backend, Some(&upstream_model));
    changes.extend(backend_headers(config, credentials, &target.backend));
    let plan =
        FallbackPlan::for_backend(config, &target.backend, &upstream_model, route, &resolved);
    Outcome::Route(Decision {
        backend: target.backend,
        model: Some(upstream_model),
        model_label,
        new_body,
        headers: changes,
        plan,
        pass_through: None,
    })
}

/// The headers Envoy's route table matches on: the backend, and the model when there is one.
pub fn route_headers(config: &RouterConfig, backend: &str, model: Option<&str>) -> HeaderChanges {
    let mut changes = HeaderChanges::default();
    changes
        .set
        .push((config.backend_header.clone(), backend.to_string()));
    match model {
        Some(model) => changes
            .set
            .push((config.model_header.clone(), model.to_string())),
        None => changes.remove.push(config.model_header.clone()),
    }
    changes
}

/// Header edits that make a request right for `backend_name`: client credentials stripped,
/// provider auth, authority.
pub fn backend_headers(
    config: &RouterConfig,
    credentials: &Credentials,
    backend_name: &str,
) -> HeaderChanges {
    let mut changes = HeaderChanges::default();
    let Some(backend) = config.backends.get(backend_name) else {
        return changes;
    };
    if backend.strip_client_auth {
        changes
            .remove
            .extend(CLIENT_AUTH_HEADERS.iter().map(|h| h.to_string()));
    }
    if let Some(secret) = credentials.for_backend(backend_name) {
        changes
            .set
            .push((secret.name.clone(), secret.value().to_string()));
    }
    if let Some(host) = &backend.host {
        changes.set.push((":authority".to_string(), host.clone()));
    }
    changes
}

fn route_matches(route: &ModelRoute, model: &str, request_headers: &[(String, String)]) -> bool {
    let model_ok = route.models.is_empty() || route.models.iter().any(|p| glob_match(p, model));
    let headers_ok =
        route
            .headers
            .iter()
            .all(|(name, want)| match headers::get(request_headers, name) {
                Some(value) => want == "*" || value == want,
                None => false,
            });
    model_ok && headers_ok
}

/// Weighted choice, deterministic for a seed. Weights of 0 are never chosen.
fn pick_target(targets: &[Target], seed: u64) -> Option<&Target> {
    let total: u64 = targets.iter().map(|t| u64::from(t.weight)).sum();
    let mut point = seed % total.max(1);
    for target in targets {
        let weight = u64::from(target.weight);
        if point < weight {
            return Some(target);
        }
        point -= weight;
    }
    targets.first()
}

/// Metrics label the model by a name from config, so a client cannot mint new stat names.
fn model_label(route: &ModelRoute, target: &Target, resolved: &str, via_alias: bool) -> String {
    if let Some(model) = &target.model {
        return model.clone();
    }
    if via_alias || route.models.iter().any(|p| p == resolved) {
        return resolved.to_string();
    }
    route
        .models
        .iter()
        .find(|p| glob_match(p, resolved))
        .cloned()
        .unwrap_or_else(|| "any".to_string())
}

fn route_without_model(config: &RouterConfig, credentials: &Credentials) -> Outcome {
    let Some(backend) = config.default_backend.clone() else {
        return Outcome::Reject {
            reply: ErrorReply::bad_request("this route needs a model in the request"),
            reason: "missing_model",
        };
    };
    let model = config
        .backends
        .get(&backend)
        .and_then(|b| b.model_name_override.clone());
    let mut headers = route_headers(config, &backend, model.as_deref());
    headers.extend(backend_headers(config, credentials, &backend));
    Outcome::Route(Decision {
        headers,
        model_label: model.clone().unwrap_or_else(|| "none".to_string()),
        backend,
        model,
        new_body: None,
        plan: FallbackPlan::default(),
        pass_through: None,
    })
}

enum BodyProblem<'a> {
    Json(&'a BodyError),
    Duplicate,
}

fn invalid_body(
    config: &RouterConfig,
    credentials: &Credentials,
    problem: BodyProblem<'_>,
) -> Outcome {
    let reason = match problem {
        BodyProblem::Json(BodyError::WrongType { .. }) => PassThroughReason::ModelNotString,
        BodyProblem::Json(_) => PassThroughReason::NotJson,
        BodyProblem::Duplicate => PassThroughReason::DuplicateModel,
    };
    match config.on_invalid_body {
        InvalidBodyPolicy::PassThrough => pass_through(config, credentials, reason),
        InvalidBodyPolicy::Reject => {
            let key = &config.model_key;
            let reply = match problem {
                BodyProblem::Json(BodyError::WrongType { .. }) => {
                    ErrorReply::bad_request(format!("'{key}' must be a string"))
                        .with_param(key.clone())
                }
                BodyProblem::Json(err) => {
                    ErrorReply::bad_request(format!("request body is not a JSON object: {err}"))
                }
                BodyProblem::Duplicate => ErrorReply::bad_request(format!(
                    "'{key}' appears more than once in the request body"
                ))
                .with_param(key.clone())
                .with_code("duplicate_model"),
            };
            Outcome::Reject {
                reply,
                reason: reason.label(),
            }
        }
    }
}

fn pass_through(
    config: &RouterConfig,
    credentials: &Credentials,
    reason: PassThroughReason,
) -> Outcome {
    match route_without_model(config, credentials) {
        Outcome::Route(mut decision) => {
            decision.pass_through = Some(reason);
            decision.model_label = "unknown".to_string();
            Outcome::Route(decision)
        }
        reject => reject,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{load_policies, RoutePolicy};
    use serde_json::{json, Value};

    fn policy(config: Value) -> RoutePolicy {
        let rules = json!({ "default": config }).to_string();
        let mut policies =
            load_policies(rules.as_bytes(), &|name| Some(format!("key-of-{name}"))).unwrap();
        policies.default.take().unwrap()
    }

    fn standard() -> RoutePolicy {
        policy(json!({
            "overrideHeader": "x-model-override",
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
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    fn run(
        policy: &RoutePolicy,
        headers: &[(String, String)],
        body: Option<&str>,
        seed: u64,
    ) -> Outcome {
        let mut view = RequestView::new(headers, body.map(str::as_bytes), seed);
        view.override_header = policy
            .config
            .override_header
            .as_deref()
            .and_then(|h| headers::get(headers, h));
        decide(&policy.config, &policy.credentials, &view)
    }

    fn routed(outcome: Outcome) -> Decision {
        match outcome {
            Outcome::Route(d) => d,
            Outcome::Reject { reply, .. } => panic!("rejected: {}", reply.body()),
        }
    }

    fn plan(d: &Decision) -> String {
        let p = &d.plan;
        p.backends()
            .map(|b| format!("{b}={}", p.model_for(b).unwrap()))
            .collect::<Vec<_>>()
            .join(";")
    }

    fn set<'a>(d: &'a Decision, name: &str) -> Option<&'a str> {
        d.headers
            .set
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn routes_by_body_model_with_auth_and_stripping() {
        let p = standard();
        let d = routed(run(
            &p,
            &hdrs(&[("authorization", "Bearer client")]),
            Some(r#"{"model":"gpt-4o","messages":[]}"#),
            0,
        ));
        assert_eq!(d.backend, "openai");
        assert_eq!(d.model.as_deref(), Some("gpt-4o"));
        assert_eq!(d.new_body, None, "model unchanged: body untouched");
        assert!(d.headers.remove.contains(&"authorization".to_string()));
        assert_eq!(
            set(&d, "authorization"),
            Some("Bearer key-of-OPENAI_API_KEY")
        );
        assert_eq!(set(&d, "x-llm-backend"), Some("openai"));
        assert_eq!(set(&d, "x-llm-model"), Some("gpt-4o"));
        assert_eq!(set(&d, ":authority"), Some("api.openai.com"));
        assert_eq!(
            plan(&d),
            "openai=gpt-4o;anthropic=claude-sonnet;local=llama-3.1-8b"
        );
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
        assert_eq!(
            keys,
            ["messages", "model", "x_custom", "temperature"],
            "field order kept"
        );
    }

    #[test]
    fn header_rules_come_first() {
        let p = standard();
        let d = routed(run(
            &p,
            &hdrs(&[("x-tier", "canary")]),
            Some(r#"{"model":"gpt-4o"}"#),
            0,
        ));
        assert_eq!(d.backend, "canary");
        let d = routed(run(
            &p,
            &hdrs(&[("x-tier", "other")]),
            Some(r#"{"model":"gpt-4o"}"#),
            0,
        ));
        assert_eq!(d.backend, "openai");
    }

    #[test]
    fn anthropic_shape_and_backend_override() {
        let p = standard();
        let d = routed(run(
            &p,
            &hdrs(&[("x-api-key", "client")]),
            Some(r#"{"model":"claude-3-5-haiku","max_tokens":10,"messages":[]}"#),
            0,
        ));
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
        assert_eq!(
            run(&p, &[], Some(r#"{"model":"split"}"#), 7),
            run(&p, &[], Some(r#"{"model":"split"}"#), 7)
        );
    }

    #[test]
    fn override_header_wins_over_body() {
        let p = standard();
        let d = routed(run(
            &p,
            &hdrs(&[("x-model-override", "claude-3-opus")]),
            Some(r#"{"model":"gpt-4o"}"#),
            0,
        ));
        assert_eq!(d.backend, "anthropic");
        let body: Value = serde_json::from_slice(d.new_body.as_ref().unwrap()).unwrap();
        assert_eq!(body["model"], "claude-3-opus");
    }

    #[test]
    fn strict_rejects_unknown_and_missing_models_naming_them() {
        let mut p = standard();
        p.config.strict = true;
        let Outcome::Reject { reply, reason } =
            run(&p, &[], Some(r#"{"model":"gpt-5-turbo-x"}"#), 0)
        else {
            panic!()
        };
        assert_eq!((reply.status, reason), (400, "unknown_model"));
        let v: Value = serde_json::from_str(&reply.body()).unwrap();
        assert_eq!(
            v["error"]["message"],
            "model 'gpt-5-turbo-x' is not served on this route"
        );
        assert_eq!(v["error"]["param"], "model");
        assert_eq!(v["error"]["code"], "model_not_found");
        let Outcome::Reject { reason, .. } = run(&p, &[], Some(r#"{"messages":[]}"#), 0) else {
            panic!()
        };
        assert_eq!(reason, "missing_model");
    }

    #[test]
    fn non_strict_sends_unknown_models_to_default_unchanged_when_no_override() {
        let p = policy(
            json!({"backends": {"a": {}, "b": {}}, "defaultBackend": "b",
                              "routes": [{"models": ["x"], "targets": [{"backend": "a"}]}]}),
        );
        let d = routed(run(&p, &[], Some(r#"{"model":"unknown-1"}"#), 0));
        assert_eq!(
            (d.backend.as_str(), d.model.as_deref(), d.new_body.is_none()),
            ("b", Some("unknown-1"), true)
        );
        assert_eq!(
            d.model_label, "other",
            "client-chosen names never become stat names"
        );
        assert_eq!(plan(&d), "");
    }

    #[test]
    fn bad_bodies_follow_the_policy() {
        let p = standard();
        let Outcome::Reject { reply, reason } = run(&p, &[], Some("not json {"), 0) else {
            panic!()
        };
        assert_eq!((reply.status, reason), (400, "not_json"));
        assert!(!reply.body().contains("not json {"), "never echo the body");
        let Outcome::Reject { reply, .. } = run(&p, &[], Some(r#"{"model":42}"#), 0) else {
            panic!()
        };
        assert_eq!(
            serde_json::from_str::<Value>(&reply.body()).unwrap()["error"]["param"],
            "model"
        );
        let Outcome::Reject { reply, .. } = decide_oversized(&p.config, &p.credentials) else {
            panic!()
        };
        assert_eq!(reply.status, 413);

        let mut open = standard();
        open.config.on_invalid_body = InvalidBodyPolicy::PassThrough;
        let d = routed(run(&open, &[], Some("not json {"), 0));
        assert_eq!(
            (d.backend.as_str(), d.pass_through),
            ("local", Some(PassThroughReason::NotJson))
        );
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
        let p = policy(
            json!({"modelKey": "meta.model", "backends": {"a": {}, "b": {}}, "defaultBackend": "b",
                              "routes": [{"models": ["m1"], "targets": [{"backend": "a", "model": "m2"}]}]}),
        );
        let d = routed(run(
            &p,
            &[],
            Some(r#"{"meta":{"model":"m1","k":1},"x":1}"#),
            0,
        ));
        assert_eq!(d.backend, "a");
        let body: Value = serde_json::from_slice(d.new_body.as_ref().unwrap()).unwrap();
        assert_eq!(body, json!({"meta":{"model":"m2","k":1},"x":1}));
    }
}

//! The upstream stage: runs in the backend cluster's upstream HTTP filter chain, once per
//! attempt (Envoy builds a new upstream filter chain for each retry). It finds the attempt's
//! backend in the chosen endpoint's metadata (`filter_metadata.llm.backend`) and makes the
//! request right for that backend: model name, credentials, authority.
//!
//! Envoy gives every attempt the same request header map, so the edits of one attempt are
//! visible to the next. Everything here is therefore derived from the fallback plan (which no
//! stage edits), never from headers an earlier attempt may have changed.

use crate::config::RouterConfig;
use crate::credentials::Credentials;
use crate::decide::{headers_for_backend, FALLBACK_FROM_HEADER, PLAN_HEADER};
use crate::plan::FallbackPlan;
use llm_filters_core::headers::{self, HeaderChanges};

/// What to change on one upstream attempt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttemptChanges {
    pub headers: HeaderChanges,
    /// The model the body must carry on this attempt (rewritten only where it differs).
    pub model: Option<String>,
    /// `(primary, fallback)` when this attempt is a fallback.
    pub fallback: Option<(String, String)>,
}

pub fn attempt_changes(
    config: &RouterConfig,
    credentials: &Credentials,
    request_headers: &[(String, String)],
    attempt_backend: Option<&str>,
) -> AttemptChanges {
    let plan = headers::get(request_headers, PLAN_HEADER).map(FallbackPlan::decode).unwrap_or_default();
    let (Some(primary), Some(attempt)) = (plan.primary(), attempt_backend) else {
        return AttemptChanges::default();
    };
    let Some(model) = plan.model_for(attempt).filter(|_| config.backends.contains_key(attempt)) else {
        return AttemptChanges::default();
    };

    let mut changes = AttemptChanges::default();
    // Another backend's credentials must never travel to this one.
    let own_header = credentials.for_backend(attempt).map(|s| s.name.as_str());
    for other in plan.backends().filter(|b| *b != attempt) {
        if let Some(secret) = credentials.for_backend(other) {
            if Some(secret.name.as_str()) != own_header {
                changes.headers.remove.push(secret.name.clone());
            }
        }
    }
    changes.headers.extend(headers_for_backend(config, credentials, attempt, Some(model)));
    if attempt == primary {
        changes.headers.remove.push(FALLBACK_FROM_HEADER.to_string());
    } else {
        changes.headers.set.push((FALLBACK_FROM_HEADER.to_string(), primary.to_string()));
        changes.fallback = Some((primary.to_string(), attempt.to_string()));
    }
    changes.model = Some(model.to_string());
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::{decide, Outcome, RequestView};
    use crate::policy::{load_policies, RoutePolicy};
    use serde_json::json;

    fn policy() -> RoutePolicy {
        let config = json!({"default": {
            "backends": {
                "primary": { "auth": { "secretEnv": "P" }, "fallback": ["secondary", "tertiary"] },
                "secondary": { "auth": { "secretEnv": "S", "header": "x-api-key" }, "stripClientAuth": true, "host": "s.example" },
                "tertiary": { "modelNameOverride": "llama" }
            },
            "routes": [{ "models": ["gpt-*"], "targets": [{ "backend": "primary" }], "fallbackModels": { "secondary": "claude-x" } }],
            "defaultBackend": "primary"
        }});
        load_policies(config.to_string().as_bytes(), &|n| Some(format!("k{n}"))).unwrap().default.unwrap()
    }

    /// Headers as the upstream stage sees them: the client's plus the route stage's edits.
    fn routed_headers(p: &RoutePolicy, model: &str) -> Vec<(String, String)> {
        let mut headers = vec![("authorization".to_string(), "Bearer client".to_string())];
        let body = json!({ "model": model }).to_string();
        let view = RequestView { headers: &headers.clone(), body: Some(body.as_bytes()), seed: 0 };
        let Outcome::Route(d) = decide(&p.config, &p.credentials, &view) else { panic!() };
        d.headers.apply_to(&mut headers);
        headers
    }

    fn attempt(p: &RoutePolicy, headers: &mut Vec<(String, String)>, backend: &str) -> AttemptChanges {
        let changes = attempt_changes(&p.config, &p.credentials, headers, Some(backend));
        changes.headers.apply_to(headers);
        changes
    }

    #[test]
    fn primary_attempt_keeps_the_route_decision() {
        let p = policy();
        let mut headers = routed_headers(&p, "gpt-4o");
        let before = headers.clone();
        let c = attempt(&p, &mut headers, "primary");
        assert_eq!(c.model.as_deref(), Some("gpt-4o"));
        assert!(c.fallback.is_none());
        let sorted = |mut h: Vec<(String, String)>| {
            h.sort();
            h
        };
        assert_eq!(sorted(headers), sorted(before));
    }

    #[test]
    fn each_attempt_is_made_right_for_its_backend_whatever_came_before() {
        let p = policy();
        let mut headers = routed_headers(&p, "gpt-4o");
        assert_eq!(headers::get(&headers, "authorization"), Some("Bearer kP"));
        attempt(&p, &mut headers, "primary");

        // Second attempt, on the headers the first attempt left behind.
        let c = attempt(&p, &mut headers, "secondary");
        assert_eq!(c.model.as_deref(), Some("claude-x"));
        assert_eq!(c.fallback, Some(("primary".into(), "secondary".into())));
        assert_eq!(headers::get(&headers, "authorization"), None, "primary key must not reach the fallback");
        assert_eq!(headers::get(&headers, "x-api-key"), Some("kS"));
        assert_eq!(headers::get(&headers, "x-llm-backend"), Some("secondary"));
        assert_eq!(headers::get(&headers, "x-llm-model"), Some("claude-x"));
        assert_eq!(headers::get(&headers, ":authority"), Some("s.example"));
        assert_eq!(headers::get(&headers, FALLBACK_FROM_HEADER), Some("primary"));

        // Third attempt, after the second changed the headers again.
        let c = attempt(&p, &mut headers, "tertiary");
        assert_eq!(c.model.as_deref(), Some("llama"));
        assert_eq!(headers::get(&headers, "x-api-key"), None, "secondary key must not reach the tertiary");
        assert_eq!(headers::get(&headers, "authorization"), None);
        assert_eq!(headers::get(&headers, "x-llm-backend"), Some("tertiary"));
        assert_eq!(headers::get(&headers, "x-llm-model"), Some("llama"));
    }

    #[test]
    fn no_plan_or_unknown_backend_changes_nothing() {
        let p = policy();
        let headers = routed_headers(&p, "gpt-4o");
        for backend in [None, Some("nope")] {
            assert_eq!(attempt_changes(&p.config, &p.credentials, &headers, backend), AttemptChanges::default());
        }
        let no_plan = vec![("x-llm-backend".to_string(), "primary".to_string())];
        assert_eq!(attempt_changes(&p.config, &p.credentials, &no_plan, Some("secondary")), AttemptChanges::default());
    }
}

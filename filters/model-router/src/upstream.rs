//! The upstream stage: runs in the backend cluster's upstream HTTP filter chain, once per
//! attempt (Envoy builds a new upstream filter chain for each retry). It finds the attempt's
//! backend in the chosen endpoint's metadata (`filter_metadata.llm.backend`) and makes the
//! request right for that backend: model name, credentials, authority. It is also the last
//! filter before the provider, so it removes every internal header.
//!
//! Envoy gives every attempt the same request header map, so the edits of one attempt are
//! visible to the next. Everything here is therefore derived from the route stage's hand-off in
//! filter state (which no attempt edits), never from headers an earlier attempt may have changed.

use crate::config::RouterConfig;
use crate::credentials::Credentials;
use crate::decide::backend_headers;
use crate::plan::FallbackPlan;
use llm_filters_core::contract::is_internal_header;
use llm_filters_core::headers::HeaderChanges;

/// What to change on one upstream attempt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttemptChanges {
    pub headers: HeaderChanges,
    /// The model the body must carry on this attempt (rewritten only where it differs).
    pub model: Option<String>,
    /// `(primary, fallback)` when this attempt is a fallback.
    pub fallback: Option<(String, String)>,
}

/// Headers that must not reach a provider: every internal header present, the route-selection
/// headers whatever their configured names, the override header and `removeHeaders`.
pub fn provider_strip(config: &RouterConfig, request_headers: &[(String, String)]) -> Vec<String> {
    let mut remove: Vec<String> = request_headers
        .iter()
        .map(|(name, _)| name)
        .filter(|name| is_internal_header(name))
        .cloned()
        .collect();
    remove.push(config.backend_header.clone());
    remove.push(config.model_header.clone());
    remove.extend(config.override_header.iter().cloned());
    remove.extend(config.remove_headers.iter().cloned());
    remove.sort();
    remove.dedup();
    remove
}

pub fn attempt_changes(
    config: &RouterConfig,
    credentials: &Credentials,
    plan: &FallbackPlan,
    attempt_backend: Option<&str>,
    request_headers: &[(String, String)],
) -> AttemptChanges {
    let mut changes = AttemptChanges::default();
    changes.headers.remove = provider_strip(config, request_headers);
    let (Some(primary), Some(attempt)) = (plan.primary(), attempt_backend) else {
        return changes;
    };
    let Some(model) = plan
        .model_for(attempt)
        .filter(|_| config.backends.contains_key(attempt))
    else {
        return changes;
    };

    // Another backend's credentials must never travel to this one.
    let own_header = credentials.for_backend(attempt).map(|s| s.name.as_str());
    for other in plan.backends().filter(|b| *b != attempt) {
        if let Some(secret) = credentials.for_backend(other) {
            if Some(secret.name.as_str()) != own_header {
                changes.headers.remove.push(secret.name.clone());
            }
        }
    }
    changes
        .headers
        .extend(backend_headers(config, credentials, attempt));
    if attempt != primary {
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
    use llm_filters_core::headers;
    use serde_json::json;

    fn policy() -> RoutePolicy {
        let config = json!({"default": {
            "backends": {
                "primary": { "auth": { "secretEnv": "P" }, "fallback": ["secondary", "tertiary"] },
                "secondary": { "auth": { "secretEnv": "S", "header": "x-api-key" }, "stripClientAuth": true, "host": "s.example" },
                "tertiary": { "modelNameOverride": "llama" }
            },
            "routes": [{ "models": ["gpt-*"], "targets": [{ "backend": "primary" }], "fallbackModels": { "secondary": "claude-x" } }],
            "defaultBackend": "primary",
            "removeHeaders": ["x-client-id"]
        }});
        load_policies(config.to_string().as_bytes(), &|n| Some(format!("k{n}")))
            .unwrap()
            .default
            .unwrap()
    }

    /// Headers as the upstream stage sees them: the client's plus the route stage's edits, and
    /// the plan the route stage handed over.
    fn routed(p: &RoutePolicy, model: &str) -> (Vec<(String, String)>, FallbackPlan) {
        let mut headers = vec![
            ("authorization".to_string(), "Bearer client".to_string()),
            ("x-client-id".to_string(), "team-a".to_string()),
        ];
        let body = json!({ "model": model }).to_string();
        let client = headers.clone();
        let view = RequestView::new(&client, Some(body.as_bytes()), 0);
        let Outcome::Route(d) = decide(&p.config, &p.credentials, &view) else {
            panic!()
        };
        d.headers.apply_to(&mut headers);
        (headers, d.plan)
    }

    fn attempt(
        p: &RoutePolicy,
        headers: &mut Vec<(String, String)>,
        plan: &FallbackPlan,
        backend: &str,
    ) -> AttemptChanges {
        let changes = attempt_changes(&p.config, &p.credentials, plan, Some(backend), headers);
        changes.headers.apply_to(headers);
        changes
    }

    fn internal(headers: &[(String, String)]) -> Vec<&str> {
        headers
            .iter()
            .map(|(n, _)| n.as_str())
            .filter(|n| n.starts_with("x-llm-") || *n == "x-client-id")
            .collect()
    }

    #[test]
    fn primary_attempt_keeps_the_route_decision_minus_internal_headers() {
        let p = policy();
        let (mut headers, plan) = routed(&p, "gpt-4o");
        assert_eq!(headers::get(&headers, "x-llm-backend"), Some("primary"));
        let c = attempt(&p, &mut headers, &plan, "primary");
        assert_eq!(c.model.as_deref(), Some("gpt-4o"));
        assert!(c.fallback.is_none());
        assert_eq!(headers::get(&headers, "authorization"), Some("Bearer kP"));
        assert!(internal(&headers).is_empty(), "{headers:?}");
    }

    #[test]
    fn each_attempt_is_made_right_for_its_backend_whatever_came_before() {
        let p = policy();
        let (mut headers, plan) = routed(&p, "gpt-4o");
        assert_eq!(headers::get(&headers, "authorization"), Some("Bearer kP"));
        attempt(&p, &mut headers, &plan, "primary");

        // Second attempt, on the headers the first attempt left behind.
        let c = attempt(&p, &mut headers, &plan, "secondary");
        assert_eq!(c.model.as_deref(), Some("claude-x"));
        assert_eq!(c.fallback, Some(("primary".into(), "secondary".into())));
        assert_eq!(
            headers::get(&headers, "authorization"),
            None,
            "primary key must not reach the fallback"
        );
        assert_eq!(headers::get(&headers, "x-api-key"), Some("kS"));
        assert_eq!(headers::get(&headers, ":authority"), Some("s.example"));
        assert!(internal(&headers).is_empty(), "{headers:?}");

        // Third attempt, after the second changed the headers again.
        let c = attempt(&p, &mut headers, &plan, "tertiary");
        assert_eq!(c.model.as_deref(), Some("llama"));
        assert_eq!(
            headers::get(&headers, "x-api-key"),
            None,
            "secondary key must not reach the tertiary"
        );
        assert_eq!(headers::get(&headers, "authorization"), None);
        assert!(internal(&headers).is_empty());
    }

    #[test]
    fn no_plan_or_unknown_backend_only_strips() {
        let p = policy();
        let (headers, plan) = routed(&p, "gpt-4o");
        let strip = provider_strip(&p.config, &headers);
        for (plan, backend) in [
            (&plan, None),
            (&plan, Some("nope")),
            (&FallbackPlan::default(), Some("secondary")),
        ] {
            let c = attempt_changes(&p.config, &p.credentials, plan, backend, &headers);
            assert_eq!(
                c.headers,
                HeaderChanges {
                    remove: strip.clone(),
                    set: vec![]
                }
            );
            assert_eq!((c.model, c.fallback), (None, None));
        }
        assert_eq!(strip, ["x-client-id", "x-llm-backend", "x-llm-model"]);
    }
}

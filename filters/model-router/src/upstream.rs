//! The upstream stage: runs in the provider cluster's upstream HTTP filter chain, once per
//! attempt (Envoy creates a new upstream filter chain for each retry). On an attempt that Envoy's
//! retry sent to a fallback backend, it swaps model name, credentials and authority for that
//! backend's; on the primary attempt it only removes the internal plan header.
//!
//! Which backend an attempt goes to is read from the chosen endpoint's metadata
//! (`filter_metadata.llm.backend`), which the shell looks up per attempt.

use crate::config::RouterConfig;
use crate::credentials::Credentials;
use crate::decide::{headers_for_backend, FALLBACK_FROM_HEADER, PLAN_HEADER};
use crate::plan::FallbackPlan;
use llm_filters_core::headers::{self, HeaderChanges};

/// What to change on one upstream attempt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttemptChanges {
    pub headers: HeaderChanges,
    /// The model to write into the body, when this attempt is a fallback with its own model.
    pub rewrite_model: Option<String>,
    /// `(primary, fallback)` when this attempt is a fallback.
    pub fallback: Option<(String, String)>,
}

pub fn attempt_changes(
    config: &RouterConfig,
    credentials: &Credentials,
    request_headers: &[(String, String)],
    attempt_backend: Option<&str>,
) -> AttemptChanges {
    let mut changes = AttemptChanges::default();
    changes.headers.remove.push(PLAN_HEADER.to_string());

    let primary = headers::get(request_headers, &config.backend_header);
    let (Some(primary), Some(attempt)) = (primary, attempt_backend) else {
        return changes;
    };
    if primary == attempt || !config.backends.contains_key(attempt) {
        return changes;
    }

    let plan = headers::get(request_headers, PLAN_HEADER).map(FallbackPlan::decode).unwrap_or_default();
    let current_model = headers::get(request_headers, &config.model_header);
    let model = plan
        .model_for(attempt)
        .map(str::to_string)
        .or_else(|| config.backends[attempt].model_name_override.clone())
        .or_else(|| current_model.map(str::to_string));

    // The primary's credentials must not travel to another provider.
    if let Some(primary_auth) = credentials.for_backend(primary) {
        changes.headers.remove.push(primary_auth.name.clone());
    }
    let for_attempt = headers_for_backend(config, credentials, attempt, model.as_deref());
    changes.headers.extend(for_attempt);
    changes.headers.set.push((FALLBACK_FROM_HEADER.to_string(), primary.to_string()));
    changes.rewrite_model = model.filter(|m| Some(m.as_str()) != current_model);
    changes.fallback = Some((primary.to_string(), attempt.to_string()));
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

    #[test]
    fn primary_attempt_only_drops_the_plan() {
        let p = policy();
        let headers = routed_headers(&p, "gpt-4o");
        let c = attempt_changes(&p.config, &p.credentials, &headers, Some("primary"));
        assert_eq!(c.headers.remove, vec![PLAN_HEADER.to_string()]);
        assert!(c.headers.set.is_empty() && c.rewrite_model.is_none() && c.fallback.is_none());
    }

    #[test]
    fn fallback_attempt_swaps_model_and_credentials() {
        let p = policy();
        let mut headers = routed_headers(&p, "gpt-4o");
        assert_eq!(headers::get(&headers, "authorization"), Some("Bearer kP"));
        let c = attempt_changes(&p.config, &p.credentials, &headers, Some("secondary"));
        assert_eq!(c.rewrite_model.as_deref(), Some("claude-x"));
        assert_eq!(c.fallback, Some(("primary".into(), "secondary".into())));
        c.headers.apply_to(&mut headers);
        assert_eq!(headers::get(&headers, "authorization"), None, "primary key must not reach the fallback");
        assert_eq!(headers::get(&headers, "x-api-key"), Some("kS"));
        assert_eq!(headers::get(&headers, "x-llm-backend"), Some("secondary"));
        assert_eq!(headers::get(&headers, "x-llm-model"), Some("claude-x"));
        assert_eq!(headers::get(&headers, ":authority"), Some("s.example"));
        assert_eq!(headers::get(&headers, FALLBACK_FROM_HEADER), Some("primary"));
        assert_eq!(headers::get(&headers, PLAN_HEADER), None);

        let headers = routed_headers(&p, "gpt-4o");
        let c = attempt_changes(&p.config, &p.credentials, &headers, Some("tertiary"));
        assert_eq!(c.rewrite_model.as_deref(), Some("llama"));
    }

    #[test]
    fn unknown_or_missing_attempt_backend_changes_nothing_else() {
        let p = policy();
        let headers = routed_headers(&p, "gpt-4o");
        for attempt in [None, Some("nope")] {
            let c = attempt_changes(&p.config, &p.credentials, &headers, attempt);
            assert_eq!(c.headers.remove, vec![PLAN_HEADER.to_string()]);
            assert!(c.rewrite_model.is_none());
        }
    }
}

//! `GET /v1/models`, answered by the gateway from the route's config: every alias and every
//! model name the router routes by name (literal rule models, target models, overrides,
//! fallback models), in OpenAI's list shape or, for a client sending `anthropic-version`,
//! Anthropic's. Nothing goes upstream. `GET /v1/models/{id}` answers one of them, or a name a
//! route's pattern takes; other names are 404 unless the router sends unknown models to a
//! default backend (then that backend answers, as it would serve the model).

use crate::config::RouterConfig;
use llm_filters_core::glob::glob_match;
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn is_literal(pattern: &str) -> bool {
    !pattern.contains(['*', '?', '['])
}

/// Model name → the backend that serves it (first one the config names).
pub fn listed_models(config: &RouterConfig) -> BTreeMap<String, String> {
    let mut models: BTreeMap<String, String> = BTreeMap::new();
    for route in &config.routes {
        let first = route.targets.first().map(|t| t.backend.clone());
        for target in &route.targets {
            if let Some(m) = &target.model {
                models
                    .entry(m.clone())
                    .or_insert_with(|| target.backend.clone());
            }
        }
        if let Some(backend) = first {
            for m in route.models.iter().filter(|m| is_literal(m)) {
                models.entry(m.clone()).or_insert_with(|| backend.clone());
            }
        }
        for (backend, m) in &route.fallback_models {
            models.entry(m.clone()).or_insert_with(|| backend.clone());
        }
    }
    for (name, backend) in &config.backends {
        if let Some(m) = &backend.model_name_override {
            models.entry(m.clone()).or_insert_with(|| name.clone());
        }
    }
    let default = config.default_backend.clone().unwrap_or_default();
    for (alias, target) in &config.aliases {
        let backend = models
            .get(target)
            .cloned()
            .unwrap_or_else(|| default.clone());
        models.entry(alias.clone()).or_insert(backend);
    }
    models
}

/// The reply body: OpenAI's `{"object":"list","data":[...]}` or Anthropic's paged list.
pub fn list_body(config: &RouterConfig, anthropic: bool) -> Value {
    let models = listed_models(config);
    if anthropic {
        let data: Vec<Value> = models
            .keys()
            .map(|id| json!({ "type": "model", "id": id, "display_name": id, "created_at": "1970-01-01T00:00:00Z" }))
            .collect();
        json!({
            "data": data,
            "has_more": false,
            "first_id": models.keys().next(),
            "last_id": models.keys().next_back(),
        })
    } else {
        let data: Vec<Value> = models
            .iter()
            .map(|(id, backend)| json!({ "id": id, "object": "model", "created": 0, "owned_by": backend }))
            .collect();
        json!({ "object": "list", "data": data })
    }
}

/// What `GET /v1/models/{id}` gets: the model object, a 404 in the client's shape, or `None`
/// when the name is not the config's to answer (a default backend serves unknown models).
pub fn retrieve(config: &RouterConfig, id: &str, anthropic: bool) -> Option<(u16, Value)> {
    let listed = listed_models(config);
    let owner = listed.get(id).cloned().or_else(|| {
        config
            .routes
            .iter()
            .filter(|r| !r.models.is_empty() && r.models.iter().any(|p| glob_match(p, id)))
            .find_map(|r| r.targets.first().map(|t| t.backend.clone()))
    });
    match owner {
        Some(_) if anthropic => Some((
            200,
            json!({ "type": "model", "id": id, "display_name": id, "created_at": "1970-01-01T00:00:00Z" }),
        )),
        Some(backend) => Some((
            200,
            json!({ "id": id, "object": "model", "created": 0, "owned_by": backend }),
        )),
        None if config.default_backend.is_some()
            || config.routes.iter().any(|r| r.models.is_empty()) =>
        {
            None
        }
        None if anthropic => Some((
            404,
            json!({ "type": "error", "error": { "type": "not_found_error", "message": format!("model: {id}") } }),
        )),
        None => Some((
            404,
            json!({ "error": { "message": format!("The model '{id}' does not exist"),
                "type": "invalid_request_error", "param": "model", "code": "model_not_found" } }),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(default_backend: bool) -> RouterConfig {
        let mut raw = json!({
            "backends": { "openai": {}, "claude": { "schema": "anthropic" } },
            "aliases": { "fast": "gpt-4o-mini" },
            "routes": [
                { "models": ["gpt-4o-mini"], "targets": [{ "backend": "openai" }] },
                { "models": ["claude-*"], "targets": [{ "backend": "claude" }] }
            ],
            "listModels": true
        });
        if default_backend {
            raw["defaultBackend"] = json!("openai");
        }
        serde_json::from_value(raw).expect("config")
    }

    #[test]
    fn one_model_is_answered_by_name_pattern_or_not_found() {
        let strict = config(false);
        assert_eq!(
            retrieve(&strict, "fast", false),
            Some((
                200,
                json!({ "id": "fast", "object": "model", "created": 0, "owned_by": "openai" })
            ))
        );
        assert_eq!(
            retrieve(&strict, "claude-sonnet-4-5", false),
            Some((
                200,
                json!({ "id": "claude-sonnet-4-5", "object": "model", "created": 0, "owned_by": "claude" })
            ))
        );
        assert_eq!(
            retrieve(&strict, "claude-sonnet-4-5", true),
            Some((
                200,
                json!({ "type": "model", "id": "claude-sonnet-4-5", "display_name": "claude-sonnet-4-5",
                "created_at": "1970-01-01T00:00:00Z" })
            ))
        );
        // OpenAI's and Anthropic's documented not-found shapes.
        assert_eq!(
            retrieve(&strict, "llama-3", false),
            Some((
                404,
                json!({ "error": { "message": "The model 'llama-3' does not exist",
                "type": "invalid_request_error", "param": "model", "code": "model_not_found" } })
            ))
        );
        assert_eq!(
            retrieve(&strict, "llama-3", true).map(|(s, b)| (s, b["error"]["type"].clone())),
            Some((404, json!("not_found_error")))
        );
        // A default backend serves unknown models, so it answers for them too.
        assert_eq!(retrieve(&config(true), "llama-3", false), None);
    }
}

//! `GET /v1/models`, answered by the gateway from the route's config: every alias and every
//! model name the router routes by name (literal rule models, target models, overrides,
//! fallback models), in OpenAI's list shape or, for a client sending `anthropic-version`,
//! Anthropic's. Nothing goes upstream.

use crate::config::RouterConfig;
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

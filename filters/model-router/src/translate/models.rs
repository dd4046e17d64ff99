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

/// The reply body: OpenAI's `{"object":"list","data":[...]}` (every model), or one page of
/// Anthropic's list as its query asks (`limit`, `after_id`, `before_id`); a query Anthropic
/// would refuse is the message of a 400.
pub fn list_body(config: &RouterConfig, anthropic: bool, query: &str) -> Result<Value, String> {
    let models = listed_models(config);
    if !anthropic {
        let data: Vec<Value> = models
            .iter()
            .map(|(id, backend)| json!({ "id": id, "object": "model", "created": 0, "owned_by": backend }))
            .collect();
        return Ok(json!({ "object": "list", "data": data }));
    }
    let page = AnthropicPage::parse(query)?;
    let ids: Vec<&String> = models.keys().collect();
    let (from, to) = page.window(&ids);
    let data: Vec<Value> = ids
        .get(from..to)
        .unwrap_or_default()
        .iter()
        .map(|id| json!({ "type": "model", "id": id, "display_name": id, "created_at": "1970-01-01T00:00:00Z" }))
        .collect();
    let has_more = if page.before_id.is_some() {
        from > 0
    } else {
        to < ids.len()
    };
    Ok(json!({
        "data": data,
        "has_more": has_more,
        "first_id": data.first().map(|m| m["id"].clone()),
        "last_id": data.last().map(|m| m["id"].clone()),
    }))
}

/// Anthropic's list paging: `limit` 1..=1000 (20 when absent), and a cursor (`after_id` or
/// `before_id`, the id of a model of an earlier page). The order is the list's (by name).
struct AnthropicPage {
    limit: usize,
    after_id: Option<String>,
    before_id: Option<String>,
}

impl AnthropicPage {
    fn parse(query: &str) -> Result<Self, String> {
        let mut page = AnthropicPage {
            limit: 20,
            after_id: None,
            before_id: None,
        };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value).ok_or_else(|| format!("{key}: not valid UTF-8"))?;
            match key {
                "limit" => {
                    page.limit = value
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=1000).contains(n))
                        .ok_or("limit: must be an integer from 1 to 1000")?;
                }
                "after_id" => page.after_id = Some(value),
                "before_id" => page.before_id = Some(value),
                _ => {}
            }
        }
        if page.after_id.is_some() && page.before_id.is_some() {
            return Err("after_id, before_id: give at most one of them".to_string());
        }
        Ok(page)
    }

    /// The index range of the page in `ids`. A cursor that names no listed model starts
    /// where that name would sort.
    fn window(&self, ids: &[&String]) -> (usize, usize) {
        let position = |cursor: &str| ids.partition_point(|id| id.as_str() < cursor);
        if let Some(before) = &self.before_id {
            let to = position(before);
            (to.saturating_sub(self.limit), to)
        } else {
            let from = match &self.after_id {
                Some(after) => {
                    let at = position(after);
                    at + usize::from(ids.get(at).is_some_and(|id| *id == after))
                }
                None => 0,
            };
            (from, from.saturating_add(self.limit).min(ids.len()))
        }
    }
}

/// `%XX` escapes and `+` of a query value; None when the result is not UTF-8.
fn percent_decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| {
            bytes
                .get(at)
                .and_then(|c| (*c as char).to_digit(16))
                .map(|d| d as u8)
        };
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push(hi << 4 | lo);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
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

    fn page_ids(body: &Value) -> Vec<&str> {
        body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap())
            .collect()
    }

    /// Anthropic's list paging (limit, after_id, before_id, has_more, first_id/last_id as in
    /// its API reference) over the config's names in order: `fast`, `gpt-4o-mini`.
    #[test]
    fn anthropic_lists_page_as_asked() {
        let c = config(false);
        let all = list_body(&c, true, "").unwrap();
        assert_eq!(page_ids(&all), ["fast", "gpt-4o-mini"]);
        assert_eq!(
            (&all["has_more"], &all["first_id"], &all["last_id"]),
            (&json!(false), &json!("fast"), &json!("gpt-4o-mini"))
        );
        let first = list_body(&c, true, "limit=1").unwrap();
        assert_eq!(page_ids(&first), ["fast"]);
        assert_eq!(first["has_more"], true);
        let next = list_body(&c, true, "limit=1&after_id=fast").unwrap();
        assert_eq!(page_ids(&next), ["gpt-4o-mini"]);
        assert_eq!(next["has_more"], false);
        let back = list_body(&c, true, "limit=1&before_id=gpt-4o-mini").unwrap();
        assert_eq!(page_ids(&back), ["fast"]);
        assert_eq!(back["has_more"], false);
        let past = list_body(&c, true, "after_id=gpt-4o-mini").unwrap();
        assert_eq!(page_ids(&past), Vec::<&str>::new());
        assert_eq!(
            (&past["has_more"], &past["first_id"], &past["last_id"]),
            (&json!(false), &Value::Null, &Value::Null)
        );
        // An escaped cursor; one that names no model starts where it would sort.
        assert_eq!(
            page_ids(&list_body(&c, true, "after_id=f%61st").unwrap()),
            ["gpt-4o-mini"]
        );
        assert_eq!(
            page_ids(&list_body(&c, true, "after_id=g").unwrap()),
            ["gpt-4o-mini"]
        );
        for bad in [
            "limit=0",
            "limit=1001",
            "limit=x",
            "limit=",
            "after_id=a&before_id=b",
            "after_id=%ff",
        ] {
            assert!(list_body(&c, true, bad).is_err(), "{bad}");
        }
        // OpenAI's list has no paging: the query is not read.
        assert_eq!(
            list_body(&c, false, "limit=0").unwrap()["data"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
    }
}

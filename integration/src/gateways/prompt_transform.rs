//! A gateway with prompt-transform: the filter in the listener (holding request headers until
//! the body is rewritten), the mock LLM behind it; and the chain prompt-transform → model-router.

use crate::bench::scenarios::{chat_body_of_size, Scenario};
use crate::bootstrap::{mock_cluster, wasm_filter, Bootstrap, WasmOptions};
use crate::gateways::model_router::RouterGateway;
use crate::wasm_module;
use serde_json::{json, Value};
use std::net::SocketAddr;

/// The prompt-transform HTTP filter entry for a plugin configuration (`{default, rules}`).
pub fn prompt_transform_filter(config: &Value) -> Value {
    wasm_filter(
        "prompt_transform",
        &wasm_module("prompt_transform"),
        config,
        &WasmOptions {
            root_id: Some("prompt_transform".into()),
            vm_id: Some("prompt_transform".into()),
            // Request headers wait until the body is rewritten (path, content-length).
            allow_on_headers_stop_iteration: true,
            env_keys: Vec::new(),
            ..WasmOptions::default()
        },
    )
}

/// prompt-transform alone in front of the mock (route `/` → cluster `mock`).
pub fn bootstrap(config: &Value, mock: SocketAddr) -> Bootstrap {
    let mut b = Bootstrap::new();
    b.http_filter(prompt_transform_filter(config));
    b.cluster(mock_cluster(mock));
    b
}

/// prompt-transform placed before model-router's route stage in the router's gateway, so a
/// template can name a model alias that model-router then resolves and routes.
pub fn chained_with_router(config: &Value, router: &RouterGateway) -> Bootstrap {
    let mut b = router.bootstrap();
    let filter = prompt_transform_filter(config);
    b.raw(move |v| {
        let filters = v
            .pointer_mut(
                "/static_resources/listeners/0/filter_chains/0/filters/0/typed_config/http_filters",
            )
            .and_then(Value::as_array_mut)
            .expect("the listener has an HTTP filter list");
        filters.insert(0, filter.clone());
    });
    b
}

/// The benchmark's template: one system and one user message around a ~1 KB text.
pub fn bench_config() -> Value {
    json!({ "default": {
        "templates": { "bench": {
            "model": "gpt-4o-mini",
            "params": { "temperature": 0.2, "max_tokens": 32 },
            "messages": [
                { "role": "system", "content": "You are a concise assistant. Answer in {{language}}." },
                { "role": "user", "content": "Summarise these notes:\n{{text}}" }
            ]
        }}
    }})
}

fn bench_build(mock: SocketAddr) -> Bootstrap {
    bootstrap(&bench_config(), mock)
}

/// A templated chat request of exactly 1024 bytes (the text padded to size).
pub fn bench_request() -> (String, Vec<(String, String)>, Vec<u8>) {
    let render = |text: &str| {
        serde_json::to_vec(
            &json!({ "template": "bench", "properties": { "language": "English", "text": text } }),
        )
        .unwrap()
    };
    let overhead = render("").len();
    let filler = "Summarise the following notes about the quarterly planning meeting. ";
    let text: String = filler.chars().cycle().take(1024 - overhead).collect();
    let headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("authorization".to_string(), "Bearer sk-bench".to_string()),
    ];
    ("/v1/chat/completions".to_string(), headers, render(&text))
}

/// A plain 1 KB chat request through the filter with a template-free route config (decorator and
/// defaults only), for comparison with the render scenario.
fn bench_decorate_build(mock: SocketAddr) -> Bootstrap {
    let config = json!({ "default": {
        "decorators": { "system": { "content": "Be concise." } },
        "params": { "temperature": { "value": 0.2 } }
    }});
    bootstrap(&config, mock)
}

fn chat_1kb() -> (String, Vec<(String, String)>, Vec<u8>) {
    let headers = vec![("content-type".to_string(), "application/json".to_string())];
    (
        "/v1/chat/completions".to_string(),
        headers,
        chat_body_of_size(1024),
    )
}

/// Scenarios for the lead to register: template render on a 1 KB request, and decorators +
/// parameter defaults on a 1 KB chat request.
pub fn bench_scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "prompt-transform-template",
            build: bench_build,
            request: bench_request,
        },
        Scenario {
            name: "prompt-transform-decorate",
            build: bench_decorate_build,
            request: chat_1kb,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bench_request_is_1kb_and_templated() {
        let (path, _, body) = bench_request();
        assert_eq!(path, "/v1/chat/completions");
        assert_eq!(body.len(), 1024);
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["template"], "bench");
    }
}

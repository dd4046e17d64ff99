//! The benchmark's scenarios: one Envoy config each, all driven with the same kind of request.
//! Every scenario is listed by [`all`]: the built-ins here plus each filter gateway's
//! `bench_scenarios()`; "bare" is the baseline every ratio is taken against.

use std::net::SocketAddr;

use serde_json::json;

use crate::bootstrap::{mock_cluster, Bootstrap};
use crate::gateways::model_router;

/// (path, headers, body) of the request a scenario sends over and over.
pub type BenchRequest = (String, Vec<(String, String)>, Vec<u8>);

#[derive(Clone, Copy)]
pub struct Scenario {
    pub name: &'static str,
    /// The Envoy config, given the mock LLM's address (route `/` to cluster `mock` by default).
    pub build: fn(mock: SocketAddr) -> Bootstrap,
    pub request: fn() -> BenchRequest,
}

/// Scenarios defined here; [`all`] adds the filters' own.
pub static BUILT_IN: &[Scenario] = &[
    Scenario {
        name: "bare",
        build: bare,
        request: chat_completion_1kb,
    },
    Scenario {
        name: "model-router",
        build: model_router::bench_route_stage,
        request: chat_completion_1kb,
    },
    Scenario {
        name: "model-router+upstream",
        build: model_router::bench_with_upstream_stage,
        request: chat_completion_1kb,
    },
    Scenario {
        name: "model-router+upstream-stream",
        build: model_router::bench_with_upstream_stage,
        request: chat_stream_1kb,
    },
    Scenario {
        name: "translate-openai-to-anthropic",
        build: model_router::bench_translate_to_anthropic,
        request: chat_completion_1kb,
    },
    Scenario {
        name: "translate-openai-to-anthropic-stream",
        build: model_router::bench_translate_to_anthropic,
        request: chat_stream_1kb,
    },
];

/// Every scenario, in the order they run within a round.
pub fn all() -> Vec<Scenario> {
    let mut scenarios: Vec<Scenario> = BUILT_IN.to_vec();
    scenarios.extend(crate::gateways::prompt_transform::bench_scenarios());
    scenarios.extend(crate::gateways::pii_mask::bench_scenarios());
    scenarios.extend(crate::gateways::token_meter::bench_scenarios());
    scenarios
}

/// The baseline name; always run, first in every round.
pub const BASELINE: &str = "bare";

/// Router only, straight to the mock.
pub fn bare(mock: SocketAddr) -> Bootstrap {
    let mut b = Bootstrap::new();
    b.cluster(mock_cluster(mock));
    b
}

/// A non-streaming OpenAI chat completion whose JSON body is exactly 1024 bytes.
pub fn chat_completion_1kb() -> BenchRequest {
    let body = chat_body_of_size(1024);
    let headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("authorization".to_string(), "Bearer sk-bench".to_string()),
    ];
    ("/v1/chat/completions".to_string(), headers, body)
}

/// The 1 KB chat request with `"stream": true` (one byte less: `true` for `false`).
pub fn chat_stream_1kb() -> BenchRequest {
    let (path, headers, body) = chat_completion_1kb();
    let mut value: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    value["stream"] = json!(true);
    (path, headers, serde_json::to_vec(&value).unwrap_or(body))
}

/// Chat request JSON of `size` bytes (padded in the user message; `size` must exceed ~200).
pub fn chat_body_of_size(size: usize) -> Vec<u8> {
    let render = |content: &str| {
        serde_json::to_vec(&json!({
            "model": "gpt-4o-mini",
            "messages": [
                { "role": "system", "content": "You are a concise assistant." },
                { "role": "user", "content": content }
            ],
            "temperature": 0.2,
            "max_tokens": 32,
            "stream": false
        }))
        .unwrap()
    };
    let overhead = render("").len();
    let filler = "Summarise the following notes about the quarterly planning meeting. ";
    let content: String = filler
        .chars()
        .cycle()
        .take(size.saturating_sub(overhead))
        .collect();
    render(&content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_body_is_exactly_1kb_json() {
        let (_, _, body) = chat_completion_1kb();
        assert_eq!(body.len(), 1024);
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["model"], "gpt-4o-mini");
    }

    #[test]
    fn baseline_is_registered_once() {
        assert_eq!(all().iter().filter(|s| s.name == BASELINE).count(), 1);
        let mut names: Vec<&str> = all().iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all().len(), "scenario names are unique");
    }
}

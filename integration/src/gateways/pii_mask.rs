//! A gateway with pii-mask: the filter in the listener (holding request headers until the body
//! is checked, so nothing reaches the provider before a block decision), the mock LLM behind it.

use crate::bench::scenarios::{chat_body_of_size, BenchRequest, Scenario};
use crate::bootstrap::{mock_cluster, wasm_filter, Bootstrap, WasmOptions};
use crate::wasm_module;
use serde_json::{json, Value};
use std::net::SocketAddr;

/// The pii-mask HTTP filter entry for a plugin configuration (`{default, rules}`).
pub fn pii_mask_filter(config: &Value, env_keys: &[&str]) -> Value {
    wasm_filter(
        "pii_mask",
        &wasm_module("pii_mask"),
        config,
        &WasmOptions {
            root_id: Some("pii_mask".into()),
            vm_id: Some("pii_mask".into()),
            allow_on_headers_stop_iteration: true,
            env_keys: env_keys.iter().map(|k| k.to_string()).collect(),
            ..WasmOptions::default()
        },
    )
}

/// pii-mask alone in front of the mock (route `/` → cluster `mock`).
pub fn bootstrap(config: &Value, env_keys: &[&str], mock: SocketAddr) -> Bootstrap {
    let mut b = Bootstrap::new();
    b.http_filter(pii_mask_filter(config, env_keys));
    b.cluster(mock_cluster(mock));
    b
}

/// The default policy of the example gateway: placeholders for contact data (restored in the
/// answer), masked cards, redacted national ids, blocked credentials, answers scanned.
pub fn example_config() -> Value {
    json!({ "default": {
        "detectors": {
            "email": { "action": "placeholder" },
            "phone": { "action": "placeholder" },
            "credit_card": { "action": "mask" },
            "ssn": { "action": "redact" },
            "iban": { "action": "mask" },
            "ipv4": { "action": "redact" },
            "ipv6": { "action": "redact" },
            "openai_key": { "action": "block" },
            "anthropic_key": { "action": "block" },
            "aws_access_key": { "action": "block" },
            "github_token": { "action": "block" },
            "jwt": { "action": "block" },
            "bearer_token": { "action": "block" },
            "private_key": { "action": "block" }
        },
        "response": { "restore": true, "scan": true }
    }})
}

fn bench_build(mock: SocketAddr) -> Bootstrap {
    bootstrap(&example_config(), &[], mock)
}

/// The bench's 1 KB chat request with the user message's filler replaced by `pii` values.
fn chat_1kb_with(pii: &[&str]) -> BenchRequest {
    let mut body: Value =
        serde_json::from_slice(&chat_body_of_size(1024)).expect("bench body is JSON");
    if !pii.is_empty() {
        let content = body["messages"][1]["content"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let insert = format!("Contact: {}. ", pii.join(", "));
        let keep: String = content
            .chars()
            .take(content.len().saturating_sub(insert.len()))
            .collect();
        body["messages"][1]["content"] = json!(format!("{insert}{keep}"));
    }
    let headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("authorization".to_string(), "Bearer sk-bench".to_string()),
    ];
    (
        "/v1/chat/completions".to_string(),
        headers,
        serde_json::to_vec(&body).expect("serializes"),
    )
}

/// 1 KB chat, no PII: the cost of scanning alone.
pub fn bench_request_clean() -> BenchRequest {
    chat_1kb_with(&[])
}

/// 1 KB chat with five values (email, phone, card, SSN, IBAN): scanning plus rewriting and
/// restoring placeholders in the answer the mock echoes.
pub fn bench_request_five_pii() -> BenchRequest {
    chat_1kb_with(&[
        "jane.doe@example.com",
        "+44 20 7946 0958",
        "4111 1111 1111 1111",
        "536-22-1234",
        "DE89 3704 0044 0532 0130 00",
    ])
}

/// Scenarios for the bench (the lead registers them).
pub fn bench_scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "pii-mask-0-pii",
            build: bench_build,
            request: bench_request_clean,
        },
        Scenario {
            name: "pii-mask-5-pii",
            build: bench_build,
            request: bench_request_five_pii,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bench_bodies_are_1kb_chat() {
        for (_, _, body) in [bench_request_clean(), bench_request_five_pii()] {
            let v: Value = serde_json::from_slice(&body).unwrap();
            assert!((1000..=1030).contains(&body.len()), "{}", body.len());
            assert_eq!(v["model"], "gpt-4o-mini");
        }
        let (_, _, body) = bench_request_five_pii();
        assert!(String::from_utf8(body).unwrap().contains("536-22-1234"));
    }
}

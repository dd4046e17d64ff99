//! What pii-mask forwards, end to end through a real Envoy 1.40 (wasm, or the dynamic module
//! with `LLM_FILTERS_BUILD=native`): adjacent texts that only touch keep every byte that was
//! not a value (a value ending where its text ends does not swallow the next text), values
//! split across texts are still masked, and a rewritten body differs from the client's only in
//! the strings that held values (`"content": null`, key order, number spellings kept). Every
//! expected body is written by hand.

use llm_integration::envoy::{Envoy, EnvoyOptions};
use llm_integration::gateways::pii_mask::bootstrap;
use llm_integration::http;
use llm_integration::start_mock;
use mock_llm::{MockConfig, MockServer};
use serde_json::{json, Value};

fn mock() -> MockServer {
    start_mock(MockConfig {
        name: "llm".into(),
        ..MockConfig::default()
    })
}

fn config() -> Value {
    json!({"default": {"detectors": {
        "email": {"action": "redact"},
        "credit_card": {"action": "mask"},
        "street_address": {"action": "redact"}
    }}})
}

fn start(mock: &MockServer) -> Envoy {
    Envoy::start(
        &bootstrap(&config(), &[], mock.addr()),
        EnvoyOptions::default(),
    )
}

/// Posts `body` as written (bytes) and returns the body the provider received, as text.
fn forwarded(envoy: &Envoy, llm: &MockServer, path: &str, body: &str) -> String {
    let response = http::request(
        "POST",
        &envoy.url(path),
        &[
            ("content-type", "application/json"),
            ("anthropic-version", "2023-06-01"),
        ],
        body.as_bytes(),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    llm.requests()
        .pop()
        .expect("the provider got it")
        .body_str()
}

#[test]
fn touching_text_parts_keep_the_next_parts_text() {
    let llm = mock();
    let envoy = start(&llm);
    let sent: Value = serde_json::from_str(&forwarded(
        &envoy,
        &llm,
        "/v1/chat/completions",
        &json!({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": [
            {"type": "text", "text": "Mail ann@x.io"},
            {"type": "text", "text": "and more, card 4111 1111"},
            {"type": "text", "text": "1111 1111 from john.do"},
            {"type": "text", "text": "e@x.com"}
        ]}]})
        .to_string(),
    ))
    .unwrap();
    let parts: Vec<&str> = sent["messages"][0]["content"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        parts,
        [
            "Mail [EMAIL]",
            "and more, card **** **** **** 1111",
            " from [EMAIL]",
            ""
        ]
    );
}

#[test]
fn touching_messages_of_one_role_keep_their_words() {
    let llm = mock();
    let envoy = start(&llm);
    let sent: Value = serde_json::from_str(&forwarded(
        &envoy,
        &llm,
        "/v1/messages",
        &json!({"model": "claude-sonnet-4-5", "max_tokens": 64, "messages": [
            {"role": "user", "content": "I live at 742 Evergreen"},
            {"role": "user", "content": "Terrace, write to ann@x.io"},
            {"role": "user", "content": "Thanks!"}
        ]})
        .to_string(),
    ))
    .unwrap();
    let texts: Vec<&str> = sent["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["content"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "I live at [STREET_ADDRESS]",
            ", write to [EMAIL]",
            "Thanks!"
        ]
    );
}

/// An assistant turn with `tool_calls` and `"content": null`, as in the OpenAI API reference's
/// function-calling example, plus nulls, numbers and a key order serde would change.
const TOOL_CALL_BODY: &str = r#"{
  "model": "gpt-4o",
  "messages": [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "What's the weather like in Boston today? Mail it to ann@example.com"},
    {"role": "assistant", "content": null, "tool_calls": [
      {"id": "call_abc123", "type": "function",
       "function": {"name": "get_current_weather", "arguments": "{\n\"location\": \"Boston, MA\"\n}"}}
    ], "refusal": null},
    {"tool_call_id": "call_abc123", "role": "tool", "content": "{\"temperature\": 22, \"unit\": \"celsius\"}"}
  ],
  "tools": [{"type": "function", "function": {"name": "get_current_weather",
    "parameters": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}}}],
  "tool_choice": "auto",
  "temperature": 0.70,
  "top_p": 1e0,
  "seed": 123456789012345678901,
  "stop": null,
  "user": null
}"#;

#[test]
fn a_rewritten_body_changes_only_the_strings_that_held_values() {
    let llm = mock();
    let envoy = start(&llm);
    let got = forwarded(&envoy, &llm, "/v1/chat/completions", TOOL_CALL_BODY);
    assert_eq!(
        got,
        TOOL_CALL_BODY.replace("Mail it to ann@example.com", "Mail it to [EMAIL]")
    );
    // The assistant turn still says `"content": null`.
    let v: Value = serde_json::from_str(&got).unwrap();
    assert_eq!(v["messages"][2]["content"], Value::Null);
    assert!(v["messages"][2]
        .as_object()
        .unwrap()
        .contains_key("content"));
}

//! Issue 12: request fields besides the conversation that the provider reads, end to end
//! through a real Envoy 1.40 (wasm, or the dynamic module with `LLM_FILTERS_BUILD=native`):
//! tool definitions and their JSON schemas, output formats, `stop`, `metadata`, predictions,
//! Anthropic search results and document titles, Responses reasoning summaries, and numbers
//! and keys inside tool inputs and arguments. Each body is written by hand in the API
//! reference's shape; the provider must receive exactly it, with only the values replaced.

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

fn start(mock: &MockServer) -> Envoy {
    let config = json!({"default": {"detectors": {
        "email": {"action": "redact"},
        "credit_card": {"action": "redact"},
        "ssn": {"action": "redact"}
    }}});
    Envoy::start(
        &bootstrap(&config, &[], mock.addr()),
        EnvoyOptions::default(),
    )
}

/// Posts `body` as written and returns what the provider received, as text. (The mock has no
/// Responses endpoint: it answers 404 there, after recording the request.)
fn forwarded(envoy: &Envoy, llm: &MockServer, path: &str, body: &str) -> String {
    llm.clear();
    let response = http::request(
        "POST",
        &envoy.url(path),
        &[
            ("content-type", "application/json"),
            ("anthropic-version", "2023-06-01"),
        ],
        body.as_bytes(),
    );
    assert!(
        response.status == 200 || (path == "/v1/responses" && response.status == 404),
        "{} {}",
        response.status,
        response.text()
    );
    llm.requests()
        .pop()
        .expect("the provider got it")
        .body_str()
}

/// `body` with each `(from, to)` replaced once, in order.
fn expect(body: &str, edits: &[(&str, &str)]) -> String {
    let mut out = body.to_string();
    for (from, to) in edits {
        assert!(out.contains(from), "{from} is not in the test body");
        out = out.replacen(from, to, 1);
    }
    out
}

fn check(envoy: &Envoy, llm: &MockServer, path: &str, body: &str, edits: &[(&str, &str)]) {
    serde_json::from_str::<Value>(body).expect("the test body is JSON");
    let sent = forwarded(envoy, llm, path, body);
    assert_eq!(sent, expect(body, edits), "what the provider received");
    for (from, _) in edits {
        assert!(!sent.contains(from), "{from} reached the provider");
    }
    serde_json::from_str::<Value>(&sent).expect("the forwarded body is JSON");
}

#[test]
fn chat_tools_formats_predictions_stops_metadata_and_argument_numbers() {
    let llm = mock();
    let envoy = start(&llm);
    let args = r#"{\"card\": 4111111111111111, \"amount\": 12.50}"#;
    let body = format!(
        r#"{{"model": "gpt-4o-mini", "temperature": 0.70,
  "messages": [
    {{"role": "user", "content": "Charge it"}},
    {{"role": "assistant", "content": null, "tool_calls": [{{"id": "call_1", "type": "function",
      "function": {{"name": "charge", "arguments": "{args}"}}}}]}},
    {{"role": "tool", "tool_call_id": "call_1", "content": "done"}}],
  "tools": [{{"type": "function", "function": {{"name": "charge",
    "description": "Charges a card; receipts to billing@corp.example",
    "parameters": {{"type": "object", "properties": {{
      "card": {{"type": "integer", "description": "e.g. 5500 0000 0000 0004"}},
      "to": {{"type": "string", "enum": ["ann@example.com", "none"]}}}}}}}}}}],
  "response_format": {{"type": "json_schema", "json_schema": {{"name": "receipt",
    "description": "Receipt for bob@example.org", "schema": {{"type": "object"}}}}}},
  "prediction": {{"type": "content", "content": "Dear cy@example.net"}},
  "stop": ["dee@example.com"], "metadata": {{"customer": "eve@example.com"}}, "seed": 1e0}}"#
    );
    check(
        &envoy,
        &llm,
        "/v1/chat/completions",
        &body,
        &[
            ("4111111111111111", r#"\"[CREDIT_CARD]\""#),
            ("billing@corp.example", "[EMAIL]"),
            ("5500 0000 0000 0004", "[CREDIT_CARD]"),
            ("ann@example.com", "[EMAIL]"),
            ("bob@example.org", "[EMAIL]"),
            ("cy@example.net", "[EMAIL]"),
            ("dee@example.com", "[EMAIL]"),
            ("eve@example.com", "[EMAIL]"),
        ],
    );
}

#[test]
fn anthropic_tools_search_results_documents_and_tool_input_numbers_and_keys() {
    let llm = mock();
    let envoy = start(&llm);
    let body = r#"{"model": "claude-sonnet-4-5", "max_tokens": 64,
  "tools": [{"name": "lookup", "description": "Escalate to ops@corp.example",
    "input_schema": {"type": "object", "properties": {"card": {"type": "integer", "examples": [4111111111111111]}}}}],
  "messages": [
    {"role": "user", "content": [
      {"type": "search_result", "source": "inbox of ann@example.com", "title": "From bob@example.org",
       "content": [{"type": "text", "text": "Refund approved"}], "citations": {"enabled": true}},
      {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "Notes"},
       "title": "Case of cy@example.net", "context": "Shared by dee@example.com"},
      {"type": "text", "text": "Look him up"}]},
    {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "lookup",
      "input": {"ssn": 536221234, "card": 4111111111111111, "eve@example.com": "owner", "n": 2.50}}]},
    {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "found"}]}]}"#;
    check(
        &envoy,
        &llm,
        "/v1/messages",
        body,
        &[
            ("ops@corp.example", "[EMAIL]"),
            ("[4111111111111111]", r#"["[CREDIT_CARD]"]"#),
            ("ann@example.com", "[EMAIL]"),
            ("bob@example.org", "[EMAIL]"),
            ("cy@example.net", "[EMAIL]"),
            ("dee@example.com", "[EMAIL]"),
            ("536221234", r#""[SSN]""#),
            ("4111111111111111", r#""[CREDIT_CARD]""#),
            ("eve@example.com", "[EMAIL]"),
        ],
    );
}

#[test]
fn responses_reasoning_summaries_tools_and_text_formats() {
    let llm = mock();
    let envoy = start(&llm);
    let body = r#"{"model": "o4-mini", "instructions": "Serve ann@example.com",
  "input": [
    {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "Customer bob@example.org"}]},
    {"role": "user", "content": "go on"}],
  "tools": [{"type": "function", "name": "refund", "description": "Copies cy@example.net",
    "parameters": {"type": "object", "properties": {"to": {"type": "string", "default": "dee@example.com"}}}}],
  "text": {"format": {"type": "json_schema", "name": "r", "description": "For eve@example.com",
    "schema": {"type": "object"}}}}"#;
    check(
        &envoy,
        &llm,
        "/v1/responses",
        body,
        &[
            ("ann@example.com", "[EMAIL]"),
            ("bob@example.org", "[EMAIL]"),
            ("cy@example.net", "[EMAIL]"),
            ("dee@example.com", "[EMAIL]"),
            ("eve@example.com", "[EMAIL]"),
        ],
    );
}

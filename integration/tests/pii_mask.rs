//! pii-mask end to end: real requests through a real Envoy 1.40 with the built wasm module,
//! asserting what the mock LLM received (no PII) and what the client got (restored or masked).

use llm_integration::envoy::{Envoy, EnvoyOptions};
use llm_integration::gateways::pii_mask::{bootstrap, example_config};
use llm_integration::http::{self, HttpResponse};
use mock_llm::{MockConfig, MockServer};
use serde_json::{json, Value};

fn mock() -> MockServer {
    MockServer::start(MockConfig { name: "llm".into(), ..MockConfig::default() }).expect("start mock")
}

fn start(config: &Value, mock: &MockServer) -> Envoy {
    Envoy::start(&bootstrap(config, &[], mock.addr()), EnvoyOptions::default())
}

fn post(envoy: &Envoy, path: &str, headers: &[(&str, &str)], body: &Value) -> HttpResponse {
    http::post_json(&envoy.url(path), headers, body)
}

fn chat(content: &str) -> Value {
    json!({ "model": "gpt-4o-mini", "messages": [{ "role": "user", "content": content }] })
}

fn streamed(content: &str) -> Value {
    let mut body = chat(content);
    body["stream"] = json!(true);
    body
}

/// The text a client assembles from an OpenAI chat stream.
fn openai_stream_text(response: &HttpResponse) -> String {
    let mut text = String::new();
    for event in response.sse_events() {
        if let Ok(v) = serde_json::from_str::<Value>(&event.data) {
            if let Some(piece) = v.pointer("/choices/0/delta/content").and_then(Value::as_str) {
                text.push_str(piece);
            }
        }
    }
    text
}

fn openai_stream_arguments(response: &HttpResponse) -> String {
    let mut args = String::new();
    for event in response.sse_events() {
        if let Ok(v) = serde_json::from_str::<Value>(&event.data) {
            for call in v.pointer("/choices/0/delta/tool_calls").and_then(Value::as_array).into_iter().flatten() {
                args.push_str(call.pointer("/function/arguments").and_then(Value::as_str).unwrap_or(""));
            }
        }
    }
    args
}

fn stat(envoy: &Envoy, name: &str) -> u64 {
    envoy.wait_for_stat(&format!("wasmcustom.{name}"), 1, std::time::Duration::from_secs(10))
}

const PROMPT: &str = "Bonjour, je suis Jürgen (jürgen.müller@beispiel.de, +44 20 7946 0958). Karte 4111 1111 1111 1111, SSN 536-22-1234.";

#[test]
fn the_model_never_sees_pii_and_the_client_gets_its_values_back() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);

    let response = post(&envoy, "/v1/chat/completions", &[], &chat(PROMPT));
    assert_eq!(response.status, 200, "{}", response.text());

    let sent = llm.requests().pop().expect("the mock got the request").json();
    let content = sent["messages"][0]["content"].as_str().unwrap();
    assert_eq!(
        content,
        "Bonjour, je suis Jürgen (<EMAIL_1>, <PHONE_1>). Karte **** **** **** 1111, SSN [SSN]."
    );
    assert_eq!(sent["model"], "gpt-4o-mini");
    // The mock echoes the prompt it got; the client reads its own values again, and the values
    // the filter masked (not placeholders) stay masked.
    let answer = response.json()["choices"][0]["message"]["content"].as_str().unwrap().to_string();
    assert_eq!(
        answer,
        "Mock answer to: Bonjour, je suis Jürgen (jürgen.müller@beispiel.de, +44 20 7946 0958). Karte **** **** **** 1111, SSN [SSN]."
    );
    assert_eq!(stat(&envoy, "llm_pii.detections.detector.email.action.placeholder.direction.request"), 1);
    assert_eq!(stat(&envoy, "llm_pii.detections.detector.phone.action.placeholder.direction.request"), 1);
    assert_eq!(stat(&envoy, "llm_pii.detections.detector.credit_card.action.mask.direction.request"), 1);
    assert_eq!(stat(&envoy, "llm_pii.detections.detector.ssn.action.redact.direction.request"), 1);
    assert_eq!(stat(&envoy, "llm_pii.restored"), 2);
}

#[test]
fn streamed_answers_restore_placeholders_split_into_three_char_pieces() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let reply = "Dear <EMAIL_1>, we will call <PHONE_1> today; again: <EMAIL_1>.";
    let response = post(
        &envoy,
        "/v1/chat/completions",
        &[("x-mock-reply", reply), ("x-mock-chunk-chars", "3")],
        &streamed("mail ann.lee@example.com or call +1 415 555 2671"),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.header("content-type").map(|c| c.starts_with("text/event-stream")), Some(true));
    let sent = llm.requests().pop().unwrap().json();
    assert_eq!(sent["messages"][0]["content"], "mail <EMAIL_1> or call <PHONE_1>");
    assert_eq!(openai_stream_text(&response), "Dear ann.lee@example.com, we will call +1 415 555 2671 today; again: ann.lee@example.com.");
    assert!(response.sse_events().last().unwrap().is_done());
    assert!(!response.text().contains("<EMAIL_1>"));
    assert_eq!(stat(&envoy, "llm_pii.restored"), 3);
}

#[test]
fn anthropic_streams_restore_text_deltas() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let body = json!({ "model": "claude-sonnet-4-5", "max_tokens": 64, "stream": true,
        "messages": [{ "role": "user", "content": [{ "type": "text", "text": "I am bo@corp.example" }] }] });
    let response = post(&envoy, "/v1/messages", &[("x-mock-reply", "Hi <EMAIL_1>!"), ("x-mock-chunk-chars", "3")], &body);
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(llm.requests().pop().unwrap().json()["messages"][0]["content"][0]["text"], "I am <EMAIL_1>");
    let mut text = String::new();
    let mut stop_seen = false;
    for event in response.sse_events() {
        let v: Value = serde_json::from_str(&event.data).unwrap();
        if v["type"] == "content_block_delta" {
            assert!(!stop_seen, "every delta comes before the block stops");
            text.push_str(v["delta"]["text"].as_str().unwrap());
        }
        stop_seen |= v["type"] == "content_block_stop";
    }
    assert_eq!(text, "Hi bo@corp.example!");
}

#[test]
fn tool_call_arguments_are_restored_in_streams_and_whole_bodies() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let tools = json!([{ "type": "function", "function": { "name": "send_mail", "parameters": { "type": "object" } } }]);
    let args = r#"{"to":"<EMAIL_1>","cc":"<EMAIL_2>"}"#;
    for stream in [true, false] {
        let mut body = chat("write to a.b@example.com and c.d@example.org");
        body["tools"] = tools.clone();
        body["stream"] = json!(stream);
        let headers = [("x-mock-tool-call", "send_mail"), ("x-mock-tool-args", args), ("x-mock-chunk-chars", "3")];
        let response = post(&envoy, "/v1/chat/completions", &headers, &body);
        assert_eq!(response.status, 200, "{}", response.text());
        let got = if stream {
            openai_stream_arguments(&response)
        } else {
            response.json()["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"].as_str().unwrap().to_string()
        };
        assert_eq!(got, r#"{"to":"a.b@example.com","cc":"c.d@example.org"}"#, "stream={stream}");
    }
}

#[test]
fn pii_the_model_writes_is_masked_and_no_prefix_reaches_the_client() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let reply = "Sure. The card on file is 5500-0000-0000-0004 and the owner is kim@shop.example, IBAN DE89 3704 0044 0532 0130 00.";
    let response = post(&envoy, "/v1/chat/completions", &[("x-mock-reply", reply), ("x-mock-chunk-chars", "3")], &streamed("what is on file?"));
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        openai_stream_text(&response),
        "Sure. The card on file is ****-****-****-0004 and the owner is [EMAIL], IBAN DE** **** **** **** **30 00."
    );
    // Everything the client received, event by event: no piece of a value before its mask.
    let raw = response.text();
    for leak in ["5500", "kim@", "DE89", "3704"] {
        assert!(!raw.contains(leak), "{leak} leaked: {raw}");
    }
    assert_eq!(stat(&envoy, "llm_pii.detections.detector.credit_card.action.mask.direction.response"), 1);
    assert_eq!(stat(&envoy, "llm_pii.detections.detector.email.action.redact.direction.response"), 1);

    let response = post(&envoy, "/v1/chat/completions", &[("x-mock-reply", reply)], &chat("again"));
    let answer = response.json()["choices"][0]["message"]["content"].as_str().unwrap().to_string();
    assert!(answer.contains("****-****-****-0004") && !answer.contains("kim@"), "{answer}");
}

#[test]
fn credentials_are_blocked_with_a_403_that_names_the_detector() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let cases = [
        ("my key is sk-proj-Ab3dEf9hIjK2mNoPqRsT4uVwXyZ0", "openai_key"),
        ("aws AKIAIOSFODNN7EXAMPLE", "aws_access_key"),
        ("token ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5", "github_token"),
        ("curl -H 'Authorization: Bearer abc123DEF456ghi789JKL'", "bearer_token"),
    ];
    for (prompt, detector) in cases {
        let response = post(&envoy, "/v1/chat/completions", &[], &chat(prompt));
        assert_eq!(response.status, 403, "{prompt}: {}", response.text());
        let error = &response.json()["error"];
        assert_eq!(error["type"], "permission_error");
        assert_eq!(error["code"], "pii_detected");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(detector), "{message}");
        let secret = prompt.split_whitespace().last().unwrap().trim_matches('\'');
        assert!(!response.text().contains(secret));
        assert_eq!(stat(&envoy, &format!("llm_pii.blocked.reason.{detector}")), 1);
    }
    assert!(llm.requests().is_empty(), "nothing reached the model");
}

#[test]
fn deny_phrases_block_or_alert() {
    let llm = mock();
    let config = json!({ "default": {
        "deny": [
            { "name": "codenames", "phrases": ["project falcon", "zephyr"] },
            { "name": "watchlist", "phrases": ["merger"], "action": "alert" }
        ]
    }});
    let envoy = start(&config, &llm);
    let blocked = post(&envoy, "/v1/chat/completions", &[], &chat("Status of PROJECT\n falcon?"));
    assert_eq!(blocked.status, 403, "{}", blocked.text());
    assert_eq!(blocked.json()["error"]["code"], "content_denied");
    assert!(blocked.text().contains("codenames") && !blocked.text().to_lowercase().contains("falcon"));
    assert!(llm.requests().is_empty());

    let fine = post(&envoy, "/v1/chat/completions", &[], &chat("zephyrs and falcons are birds"));
    assert_eq!(fine.status, 200, "whole words only: {}", fine.text());
    assert_eq!(fine.header("x-pii-alert"), None);

    let alerted = post(&envoy, "/v1/chat/completions", &[], &chat("the Merger is secret"));
    assert_eq!(alerted.status, 200);
    assert_eq!(alerted.header("x-pii-alert"), Some("watchlist"));
    assert_eq!(llm.requests().last().unwrap().json()["messages"][0]["content"], "the Merger is secret");
    assert_eq!(stat(&envoy, "llm_pii.deny.list.codenames.action.block"), 1);
    assert_eq!(stat(&envoy, "llm_pii.deny.list.watchlist.action.alert"), 1);
}

#[test]
fn unreadable_bodies_fail_closed_by_default_and_open_when_configured() {
    let llm = mock();
    let policy = |on_invalid: &str| json!({ "detectors": { "email": { "action": "redact" } }, "maxBodyBytes": 2000, "onInvalidBody": on_invalid });
    let config = json!({ "default": policy("reject"), "rules": [{ "match": { "headers": { "x-tenant": "open" } }, "config": policy("passThrough") }] });
    let envoy = start(&config, &llm);
    let big = chat(&format!("a@b.io {}", "x".repeat(5000)));
    let bad = b"{\"messages\": [oops a@b.io";

    let response = post(&envoy, "/v1/chat/completions", &[], &big);
    assert_eq!(response.status, 413, "{}", response.text());
    assert_eq!(response.json()["error"]["code"], "request_too_large");
    let response = http::request("POST", &envoy.url("/v1/chat/completions"), &[("content-type", "application/json")], bad);
    assert_eq!(response.status, 400, "{}", response.text());
    assert!(!response.text().contains("a@b.io"));
    assert!(llm.requests().is_empty(), "fail-closed sends nothing");
    assert_eq!(stat(&envoy, "llm_pii.invalid_body.reason.too_large.action.reject"), 1);
    assert_eq!(stat(&envoy, "llm_pii.invalid_body.reason.not_json.action.reject"), 1);

    let open = [("x-tenant", "open")];
    let response = post(&envoy, "/v1/chat/completions", &open, &big);
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(llm.requests().last().unwrap().json(), big, "passed through unscanned, as configured");
    let mut headers = open.to_vec();
    headers.push(("content-type", "application/json"));
    http::request("POST", &envoy.url("/v1/chat/completions"), &headers, bad);
    assert_eq!(llm.requests().last().unwrap().body, bad.to_vec());
    assert_eq!(stat(&envoy, "llm_pii.invalid_body.reason.too_large.action.pass_through"), 1);
    assert_eq!(stat(&envoy, "llm_pii.invalid_body.reason.not_json.action.pass_through"), 1);
}

#[test]
fn hash_redact_custom_detectors_other_apis_and_json_paths() {
    let llm = mock();
    let config = json!({
        "default": {
            "detectors": { "email": { "action": "hash" }, "ipv4": { "action": "redact" }, "iban": { "action": "mask" } },
            "custom": [{ "name": "employee_id", "pattern": "\\bEMP-[0-9]{6}\\b", "action": "redact" }],
            "hash": { "secretEnv": "E2E_PII_HASH_KEY", "length": 12 }
        },
        "rules": [{ "match": { "paths": ["/tenant/*"] }, "config": {
            "detectors": { "email": { "action": "redact" } }, "jsonPaths": ["$.messages[*].content"] } }]
    });
    let options = EnvoyOptions { env: vec![("E2E_PII_HASH_KEY".into(), "e2e-hash-key".into())], ..EnvoyOptions::default() };
    let envoy = Envoy::start(&bootstrap(&config, &["E2E_PII_HASH_KEY"], llm.addr()), options);

    let response = post(&envoy, "/v1/chat/completions", &[], &chat("EMP-123456 from 10.1.2.3 wrote ann@x.io, IBAN GB82WEST12345698765432"));
    assert_eq!(response.status, 200, "{}", response.text());
    let pseudonym = pii_mask::mask::hash("EMAIL", b"e2e-hash-key", "ann@x.io", 12);
    assert_eq!(
        llm.requests().pop().unwrap().json()["messages"][0]["content"],
        format!("[EMPLOYEE_ID] from [IPV4] wrote {pseudonym}, IBAN GB****************5432")
    );

    let response = post(&envoy, "/v1/embeddings", &[], &json!({ "model": "e", "input": ["x ann@x.io", "plain"] }));
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(llm.requests().pop().unwrap().json()["input"], json!([format!("x {pseudonym}"), "plain"]));

    let response = post(&envoy, "/v1/completions", &[], &json!({ "model": "c", "prompt": "from 10.1.2.3" }));
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(llm.requests().pop().unwrap().json()["prompt"], "from [IPV4]");

    // JSONPaths: only the selected strings change.
    let body = json!({ "model": "m", "user": "ops@x.io", "messages": [{ "role": "user", "content": "ann@x.io" }] });
    let response = post(&envoy, "/tenant/v1/chat/completions", &[], &body);
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().unwrap().json();
    assert_eq!((sent["messages"][0]["content"].as_str(), sent["user"].as_str()), (Some("[EMAIL]"), Some("ops@x.io")));
    assert_eq!(stat(&envoy, "llm_pii.detections.detector.employee_id.action.redact.direction.request"), 1);
    assert_eq!(stat(&envoy, "llm_pii.detections.detector.email.action.hash.direction.request"), 2);
}

//! pii-mask end to end: real requests through a real Envoy 1.40 with the built wasm module,
//! asserting what the mock LLM received (no PII) and what the client got (restored or masked).

use llm_integration::envoy::{Envoy, EnvoyOptions};
use llm_integration::gateways::pii_mask::{bootstrap, example_config};
use llm_integration::http::{self, HttpResponse};
use llm_integration::start_mock;
use mock_llm::{MockConfig, MockServer};
use serde_json::{json, Value};

fn mock() -> MockServer {
    start_mock(MockConfig {
        name: "llm".into(),
        ..MockConfig::default()
    })
}

fn start(config: &Value, mock: &MockServer) -> Envoy {
    Envoy::start(
        &bootstrap(config, &[], mock.addr()),
        EnvoyOptions::default(),
    )
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
            if let Some(piece) = v
                .pointer("/choices/0/delta/content")
                .and_then(Value::as_str)
            {
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
            for call in v
                .pointer("/choices/0/delta/tool_calls")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                args.push_str(
                    call.pointer("/function/arguments")
                        .and_then(Value::as_str)
                        .unwrap_or(""),
                );
            }
        }
    }
    args
}

fn stat(envoy: &Envoy, name: &str) -> u64 {
    envoy.wait_for_stat(
        &format!("wasmcustom.{name}"),
        1,
        std::time::Duration::from_secs(10),
    )
}

/// The placeholder `<NAME_TOKEN>` (e.g. `EMAIL_1`) as it appears in what the upstream got.
fn placeholder(sent: &str, name: &str) -> String {
    let start = sent
        .find(&format!("<{name}_"))
        .unwrap_or_else(|| panic!("no {name} placeholder in {sent}"));
    let end = start + sent[start..].find('>').unwrap() + 1;
    sent[start..end].to_string()
}

/// A request the scripted upstream received.
#[derive(Clone, Debug)]
struct Received {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the scripted upstream answers.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Answer {
        Answer {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body,
        }
    }

    fn header(mut self, name: &str, value: &str) -> Answer {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// An HTTP/1.1 upstream whose answers a test scripts from the request: for what the mock LLM
/// cannot send (compressed bodies, text/plain answers, answers built from the placeholders it
/// received). One request per connection.
struct Scripted {
    addr: std::net::SocketAddr,
    received: std::sync::Arc<std::sync::Mutex<Vec<Received>>>,
}

impl Scripted {
    fn start(answer: impl Fn(&Received) -> Answer + Send + 'static) -> Scripted {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = llm_integration::unclaimed_listener();
        let addr = listener.local_addr().unwrap();
        let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = received.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut headers = Vec::new();
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    continue;
                }
                loop {
                    line.clear();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some((n, v)) = line.trim_end().split_once(':') {
                        headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
                    }
                }
                let header = |name: &str| {
                    headers
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.clone())
                };
                let mut body = Vec::new();
                if let Some(len) = header("content-length").and_then(|l| l.parse::<usize>().ok()) {
                    body.resize(len, 0);
                    reader.read_exact(&mut body).unwrap();
                } else if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
                    loop {
                        line.clear();
                        reader.read_line(&mut line).unwrap();
                        let size = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
                        let mut chunk = vec![0; size + 2];
                        reader.read_exact(&mut chunk).unwrap();
                        if size == 0 {
                            break;
                        }
                        body.extend_from_slice(&chunk[..size]);
                    }
                }
                let request = Received { headers, body };
                let reply = answer(&request);
                log.lock().unwrap().push(request);
                let mut out = format!(
                    "HTTP/1.1 {} OK\r\ncontent-length: {}\r\nconnection: close\r\n",
                    reply.status,
                    reply.body.len()
                );
                for (n, v) in &reply.headers {
                    out.push_str(&format!("{n}: {v}\r\n"));
                }
                out.push_str("\r\n");
                let mut bytes = out.into_bytes();
                bytes.extend_from_slice(&reply.body);
                let _ = stream.write_all(&bytes);
            }
        });
        Scripted { addr, received }
    }

    fn addr(&self) -> std::net::SocketAddr {
        self.addr
    }

    fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// After hostile requests: ordinary ones still work on every worker (a wasm panic would turn
/// them into 503s or let them through unmasked).
fn still_serves(envoy: &Envoy, llm: &MockServer) {
    for i in 0..6 {
        let response = post(
            envoy,
            "/v1/chat/completions",
            &[],
            &chat(&format!("note {i} from ann@example.com")),
        );
        assert_eq!(response.status, 200, "{}", response.text());
        let content = llm.requests().pop().unwrap().json()["messages"][0]["content"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            content.starts_with(&format!("note {i} from <EMAIL_1_")),
            "{content}"
        );
        assert_eq!(
            response.json()["choices"][0]["message"]["content"],
            format!("Mock answer to: note {i} from ann@example.com")
        );
    }
}

fn two_workers(config: &Value, mock: &MockServer) -> Envoy {
    Envoy::start(
        &bootstrap(config, &[], mock.addr()),
        EnvoyOptions::workers(2),
    )
}

const PROMPT: &str = "Bonjour, je suis Jürgen (jürgen.müller@beispiel.de, +44 20 7946 0958). Karte 4111 1111 1111 1111, SSN 536-22-1234.";

#[test]
fn the_model_never_sees_pii_and_the_client_gets_its_values_back() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);

    let response = post(&envoy, "/v1/chat/completions", &[], &chat(PROMPT));
    assert_eq!(response.status, 200, "{}", response.text());

    let sent = llm
        .requests()
        .pop()
        .expect("the mock got the request")
        .json();
    let content = sent["messages"][0]["content"].as_str().unwrap();
    let (e1, p1) = (
        placeholder(content, "EMAIL_1"),
        placeholder(content, "PHONE_1"),
    );
    assert_eq!(
        content,
        format!("Bonjour, je suis Jürgen ({e1}, {p1}). Karte **** **** **** 1111, SSN [SSN].")
    );
    assert_eq!(sent["model"], "gpt-4o-mini");
    // The mock echoes the prompt it got; the client reads its own values again, and the values
    // the filter masked (not placeholders) stay masked.
    let answer = response.json()["choices"][0]["message"]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        answer,
        "Mock answer to: Bonjour, je suis Jürgen (jürgen.müller@beispiel.de, +44 20 7946 0958). Karte **** **** **** 1111, SSN [SSN]."
    );
    assert_eq!(
        stat(
            &envoy,
            "llm_pii.detections.detector.email.action.placeholder.direction.request"
        ),
        1
    );
    assert_eq!(
        stat(
            &envoy,
            "llm_pii.detections.detector.phone.action.placeholder.direction.request"
        ),
        1
    );
    assert_eq!(
        stat(
            &envoy,
            "llm_pii.detections.detector.credit_card.action.mask.direction.request"
        ),
        1
    );
    assert_eq!(
        stat(
            &envoy,
            "llm_pii.detections.detector.ssn.action.redact.direction.request"
        ),
        1
    );
    assert_eq!(stat(&envoy, "llm_pii.restored"), 2);
}

#[test]
fn streamed_answers_restore_placeholders_split_into_three_char_pieces() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    // The mock echoes the prompt it got (placeholders included) in 3-char pieces.
    let response = post(
        &envoy,
        "/v1/chat/completions",
        &[("x-mock-chunk-chars", "3")],
        &streamed("mail ann.lee@example.com or call +1 415 555 2671; again: ann.lee@example.com."),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        response
            .header("content-type")
            .map(|c| c.starts_with("text/event-stream")),
        Some(true)
    );
    let sent = llm.requests().pop().unwrap().json();
    let content = sent["messages"][0]["content"].as_str().unwrap();
    let (e1, p1) = (
        placeholder(content, "EMAIL_1"),
        placeholder(content, "PHONE_1"),
    );
    assert_eq!(content, format!("mail {e1} or call {p1}; again: {e1}."));
    assert_eq!(
        openai_stream_text(&response),
        "Mock answer to: mail ann.lee@example.com or call +1 415 555 2671; again: ann.lee@example.com."
    );
    assert!(response.sse_events().last().unwrap().is_done());
    assert!(!response.text().contains("<EMAIL_1"));
    assert_eq!(stat(&envoy, "llm_pii.restored"), 3);
}

#[test]
fn anthropic_streams_restore_text_deltas() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let body = json!({ "model": "claude-sonnet-4-5", "max_tokens": 64, "stream": true,
        "messages": [{ "role": "user", "content": [{ "type": "text", "text": "I am bo@corp.example" }] }] });
    let response = post(
        &envoy,
        "/v1/messages",
        &[("x-mock-chunk-chars", "3")],
        &body,
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().unwrap().json();
    let text_sent = sent["messages"][0]["content"][0]["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        text_sent,
        format!("I am {}", placeholder(&text_sent, "EMAIL_1"))
    );
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
    assert_eq!(text, "Mock answer to: I am bo@corp.example");
}

#[test]
fn tool_call_arguments_are_restored_in_streams_and_whole_bodies() {
    // The scripted upstream answers with a tool call whose arguments carry the placeholders it got.
    let upstream = Scripted::start(|request| {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let content = body["messages"][0]["content"].as_str().unwrap();
        let args =
            json!({"to": placeholder(content, "EMAIL_1"), "cc": placeholder(content, "EMAIL_2")})
                .to_string();
        if body["stream"] == json!(true) {
            let mut events = String::new();
            for (i, piece) in args.as_bytes().chunks(3).enumerate() {
                let piece = String::from_utf8(piece.to_vec()).unwrap();
                let call = if i == 0 {
                    json!({"index": 0, "id": "call_1", "type": "function", "function": {"name": "send_mail", "arguments": piece}})
                } else {
                    json!({"index": 0, "function": {"arguments": piece}})
                };
                let chunk = json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"tool_calls": [call]}, "finish_reason": null}]});
                events.push_str(&format!("data: {chunk}\n\n"));
            }
            events.push_str("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n");
            Answer::new(200, "text/event-stream", events.into_bytes())
        } else {
            let answer = json!({"id": "c", "object": "chat.completion", "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null,
                "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "send_mail", "arguments": args}}]}}]});
            Answer::new(200, "application/json", answer.to_string().into_bytes())
        }
    });
    let envoy = Envoy::start(
        &bootstrap(&example_config(), &[], upstream.addr()),
        EnvoyOptions::default(),
    );
    for stream in [true, false] {
        let mut body = chat("write to a.b@example.com and c.d@example.org");
        body["stream"] = json!(stream);
        let response = post(&envoy, "/v1/chat/completions", &[], &body);
        assert_eq!(response.status, 200, "{}", response.text());
        let got = if stream {
            openai_stream_arguments(&response)
        } else {
            response.json()["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
                .as_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(
            got, r#"{"to":"a.b@example.com","cc":"c.d@example.org"}"#,
            "stream={stream}"
        );
        let sent = upstream.requests().pop().unwrap();
        assert!(
            !String::from_utf8_lossy(&sent.body).contains("example"),
            "the upstream got placeholders only"
        );
    }
}

#[test]
fn pii_the_model_writes_is_masked_and_no_prefix_reaches_the_client() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let reply = "Sure. The card on file is 5500-0000-0000-0004 and the owner is kim@shop.example, IBAN DE89 3704 0044 0532 0130 00.";
    let response = post(
        &envoy,
        "/v1/chat/completions",
        &[("x-mock-reply", reply), ("x-mock-chunk-chars", "3")],
        &streamed("what is on file?"),
    );
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
    assert_eq!(
        stat(
            &envoy,
            "llm_pii.detections.detector.credit_card.action.mask.direction.response"
        ),
        1
    );
    assert_eq!(
        stat(
            &envoy,
            "llm_pii.detections.detector.email.action.redact.direction.response"
        ),
        1
    );

    let response = post(
        &envoy,
        "/v1/chat/completions",
        &[("x-mock-reply", reply)],
        &chat("again"),
    );
    let answer = response.json()["choices"][0]["message"]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        answer.contains("****-****-****-0004") && !answer.contains("kim@"),
        "{answer}"
    );
}

#[test]
fn credentials_are_blocked_with_a_403_that_names_the_detector() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let cases = [
        (
            "my key is sk-proj-Ab3dEf9hIjK2mNoPqRsT4uVwXyZ0",
            "openai_key",
        ),
        ("aws AKIAZ6QK2WJ3PLM4RT5V", "aws_access_key"),
        (
            "token ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5",
            "github_token",
        ),
        (
            "curl -H 'Authorization: Bearer abc123DEF456ghi789JKL'",
            "bearer_token",
        ),
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
        assert_eq!(
            stat(&envoy, &format!("llm_pii.blocked.reason.{detector}")),
            1
        );
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
    let blocked = post(
        &envoy,
        "/v1/chat/completions",
        &[],
        &chat("Status of PROJECT\n falcon?"),
    );
    assert_eq!(blocked.status, 403, "{}", blocked.text());
    assert_eq!(blocked.json()["error"]["code"], "content_denied");
    assert!(
        blocked.text().contains("codenames") && !blocked.text().to_lowercase().contains("falcon")
    );
    assert!(llm.requests().is_empty());

    let fine = post(
        &envoy,
        "/v1/chat/completions",
        &[],
        &chat("zephyrs and falcons are birds"),
    );
    assert_eq!(fine.status, 200, "whole words only: {}", fine.text());
    assert_eq!(fine.header("x-pii-alert"), None);

    let alerted = post(
        &envoy,
        "/v1/chat/completions",
        &[],
        &chat("the Merger is secret"),
    );
    assert_eq!(alerted.status, 200);
    assert_eq!(alerted.header("x-pii-alert"), Some("watchlist"));
    assert_eq!(
        llm.requests().last().unwrap().json()["messages"][0]["content"],
        "the Merger is secret"
    );
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
    let response = http::request(
        "POST",
        &envoy.url("/v1/chat/completions"),
        &[("content-type", "application/json")],
        bad,
    );
    assert_eq!(response.status, 400, "{}", response.text());
    assert!(!response.text().contains("a@b.io"));
    assert!(llm.requests().is_empty(), "fail-closed sends nothing");
    assert_eq!(
        stat(
            &envoy,
            "llm_pii.invalid_body.reason.too_large.action.reject"
        ),
        1
    );
    assert_eq!(
        stat(&envoy, "llm_pii.invalid_body.reason.not_json.action.reject"),
        1
    );

    let open = [("x-tenant", "open")];
    let response = post(&envoy, "/v1/chat/completions", &open, &big);
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        llm.requests().last().unwrap().json(),
        big,
        "passed through unscanned, as configured"
    );
    let mut headers = open.to_vec();
    headers.push(("content-type", "application/json"));
    http::request("POST", &envoy.url("/v1/chat/completions"), &headers, bad);
    assert_eq!(llm.requests().last().unwrap().body, bad.to_vec());
    assert_eq!(
        stat(
            &envoy,
            "llm_pii.invalid_body.reason.too_large.action.pass_through"
        ),
        1
    );
    assert_eq!(
        stat(
            &envoy,
            "llm_pii.invalid_body.reason.not_json.action.pass_through"
        ),
        1
    );
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
    let options = EnvoyOptions {
        env: vec![("E2E_PII_HASH_KEY".into(), "e2e-hash-key".into())],
        ..EnvoyOptions::default()
    };
    let envoy = Envoy::start(
        &bootstrap(&config, &["E2E_PII_HASH_KEY"], llm.addr()),
        options,
    );

    let response = post(
        &envoy,
        "/v1/chat/completions",
        &[],
        &chat("EMP-123456 from 10.1.2.3 wrote ann@x.io, IBAN GB82WEST12345698765432"),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let pseudonym = pii_mask::mask::hash("EMAIL", b"e2e-hash-key", "ann@x.io", 12);
    assert_eq!(
        llm.requests().pop().unwrap().json()["messages"][0]["content"],
        format!("[EMPLOYEE_ID] from [IPV4] wrote {pseudonym}, IBAN GB****************5432")
    );

    let response = post(
        &envoy,
        "/v1/embeddings",
        &[],
        &json!({ "model": "e", "input": ["x ann@x.io", "plain"] }),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        llm.requests().pop().unwrap().json()["input"],
        json!([format!("x {pseudonym}"), "plain"])
    );

    let response = post(
        &envoy,
        "/v1/completions",
        &[],
        &json!({ "model": "c", "prompt": "from 10.1.2.3" }),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        llm.requests().pop().unwrap().json()["prompt"],
        "from [IPV4]"
    );

    // JSONPaths: only the selected strings change.
    let body = json!({ "model": "m", "user": "ops@x.io", "messages": [{ "role": "user", "content": "ann@x.io" }] });
    let response = post(&envoy, "/tenant/v1/chat/completions", &[], &body);
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().unwrap().json();
    assert_eq!(
        (
            sent["messages"][0]["content"].as_str(),
            sent["user"].as_str()
        ),
        (Some("[EMAIL]"), Some("ops@x.io"))
    );
    assert_eq!(
        stat(
            &envoy,
            "llm_pii.detections.detector.employee_id.action.redact.direction.request"
        ),
        1
    );
    assert_eq!(
        stat(
            &envoy,
            "llm_pii.detections.detector.email.action.hash.direction.request"
        ),
        2
    );
}

// ---- Issue 8: hostile traffic through real Envoy (two workers, so a panic would show as a dead
// ---- worker in `still_serves`).

#[test]
fn multi_byte_spaces_before_emails_do_not_crash_prompts_or_answers() {
    // Item 2.
    let llm = mock();
    let envoy = two_workers(&example_config(), &llm);
    for space in ["\u{a0}", "\u{3000}"] {
        for _ in 0..2 {
            let response = post(
                &envoy,
                "/v1/chat/completions",
                &[],
                &chat(&format!("Contact:{space}ann@example.com")),
            );
            assert_eq!(response.status, 200, "{}", response.text());
            let content = llm.requests().pop().unwrap().json()["messages"][0]["content"]
                .as_str()
                .unwrap()
                .to_string();
            assert_eq!(
                content,
                format!("Contact:{space}{}", placeholder(&content, "EMAIL_1"))
            );
            assert_eq!(
                response.json()["choices"][0]["message"]["content"],
                format!("Mock answer to: Contact:{space}ann@example.com")
            );
        }
        let reply = format!("Write to:{space}bob@example.com");
        let whole = post(
            &envoy,
            "/v1/chat/completions",
            &[("x-mock-reply", &reply)],
            &chat("who?"),
        );
        assert_eq!(
            whole.json()["choices"][0]["message"]["content"],
            format!("Write to:{space}[EMAIL]")
        );
        let streamed_answer = post(
            &envoy,
            "/v1/chat/completions",
            &[("x-mock-reply", &reply), ("x-mock-chunk-chars", "2")],
            &streamed("who?"),
        );
        assert_eq!(
            openai_stream_text(&streamed_answer),
            format!("Write to:{space}[EMAIL]")
        );
        assert!(!streamed_answer.text().contains("bob@"));
    }
    still_serves(&envoy, &llm);
}

#[test]
fn duplicate_json_keys_are_refused_with_a_400() {
    // Item 6: the key in the first `input` used to reach the provider.
    let llm = mock();
    let envoy = two_workers(&example_config(), &llm);
    let body =
        br#"{"model":"text-embedding-3-small","input":"key AKIAZ6QK2WJ3PLM4RT5V","input":"hello"}"#;
    let response = http::request(
        "POST",
        &envoy.url("/v1/embeddings"),
        &[("content-type", "application/json")],
        body,
    );
    assert_eq!(response.status, 400, "{}", response.text());
    let error = &response.json()["error"];
    assert_eq!(
        (error["type"].as_str(), error["code"].as_str()),
        (Some("invalid_request_error"), Some("duplicate_key"))
    );
    assert!(!response.text().contains("AKIA"));
    assert!(llm.requests().is_empty(), "nothing reached the provider");
    assert_eq!(
        stat(
            &envoy,
            "llm_pii.invalid_body.reason.duplicate_key.action.reject"
        ),
        1
    );
    still_serves(&envoy, &llm);
}

#[test]
fn escaped_keys_and_emails_in_tool_arguments_are_caught() {
    // Item 7: `\u002d` hid the key; `\u00fc` left half an address and broke the JSON.
    let llm = mock();
    let config = json!({ "default": { "detectors": {
        "email": { "action": "placeholder" }, "openai_key": { "action": "redact" } } } });
    let envoy = two_workers(&config, &llm);
    let args = r#"{"key":"sk\u002dproj\u002dAb3dEf9hIjK2mNoPqRsT4uVwXyZ0","to":"j\u00fcrgen.m\u00fcller@beispiel.de"}"#;
    let body = json!({ "model": "gpt-4o-mini", "messages": [
        { "role": "user", "content": "send it" },
        { "role": "assistant", "content": null, "tool_calls": [{ "id": "c1", "type": "function", "function": { "name": "send", "arguments": args } }] },
        { "role": "tool", "tool_call_id": "c1", "content": "done" }
    ]});
    let response = post(&envoy, "/v1/chat/completions", &[], &body);
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().unwrap();
    let sent_text = sent.body_str();
    let sent = sent.json();
    let args = sent["messages"][1]["tool_calls"][0]["function"]["arguments"]
        .as_str()
        .unwrap();
    let args: Value = serde_json::from_str(args).expect("the arguments the provider got are JSON");
    assert_eq!(args["key"], "[OPENAI_KEY]");
    assert_eq!(
        args["to"],
        placeholder(args["to"].as_str().unwrap(), "EMAIL_1")
    );
    for leak in ["proj", "rgen", "ller", "beispiel"] {
        assert!(
            !sent_text.contains(leak),
            "{leak} reached the provider: {sent_text}"
        );
    }
    // With the example policy the key blocks the request instead.
    let envoy_blocking = Envoy::start(
        &bootstrap(&example_config(), &[], llm.addr()),
        EnvoyOptions::default(),
    );
    let before = llm.requests().len();
    let blocked = post(&envoy_blocking, "/v1/chat/completions", &[], &body);
    assert_eq!(blocked.status, 403, "{}", blocked.text());
    assert_eq!(blocked.json()["error"]["code"], "pii_detected");
    assert_eq!(llm.requests().len(), before);
    still_serves(&envoy, &llm);
}

/// A JWT of `len` bytes (real ones are often 800+).
/// A JWT of `len` bytes whose claims are the long part, as in real tokens.
fn jwt(len: usize) -> String {
    let (head, sig) = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
        ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    );
    let claims: String = (0..len - head.len() - sig.len() - 3)
        .map(|i| char::from(b"AbCdEf0123456789_-xyZqW"[i % 23]))
        .collect();
    format!("{head}eyJ{claims}{sig}")
}

#[test]
fn long_jwts_in_streamed_answers_are_never_released_in_part() {
    // Item 8: the 256-byte window let the first part of a 1.2 KB JWT through.
    let llm = mock();
    let envoy = two_workers(&example_config(), &llm);
    let token = jwt(1200);
    let reply = format!("Your session token is {token} and it expires soon.");
    for chunk in ["3", "50"] {
        let response = post(
            &envoy,
            "/v1/chat/completions",
            &[("x-mock-reply", &reply), ("x-mock-chunk-chars", chunk)],
            &streamed("token?"),
        );
        assert_eq!(response.status, 200, "{}", response.text());
        assert_eq!(
            openai_stream_text(&response),
            "Your session token is [JWT] and it expires soon."
        );
        let raw = response.text();
        assert!(
            !raw.contains("eyJhbG") && !raw.contains("AbCdEf01"),
            "part of the JWT reached the client"
        );
    }
    let whole = post(
        &envoy,
        "/v1/chat/completions",
        &[("x-mock-reply", &reply)],
        &chat("token?"),
    );
    assert_eq!(
        whole.json()["choices"][0]["message"]["content"],
        "Your session token is [JWT] and it expires soon."
    );
    still_serves(&envoy, &llm);
}

#[test]
fn answers_are_asked_uncompressed_and_compressed_ones_refused() {
    // Item 9: the client's `accept-encoding: gzip` went to the provider, and a gzip answer
    // passed unscanned and unrestored.
    let upstream = Scripted::start(|request| {
        let secret = "Dear ann@example.com";
        if request.header("x-test-binary").is_some() {
            return Answer::new(
                200,
                "application/octet-stream",
                b"\xff\xfe\x00ann@example.com".to_vec(),
            );
        }
        if request.header("x-test-duplicate").is_some() {
            return Answer::new(
                200,
                "application/json",
                br#"{"content":"ann@example.com","content":"hi"}"#.to_vec(),
            );
        }
        if request.header("x-test-plain").is_some() {
            return Answer::new(
                200,
                "text/plain; charset=utf-8",
                format!("{secret}, card 4111 1111 1111 1111").into_bytes(),
            );
        }
        // Compressed whatever was asked (a misbehaving provider or cache).
        Answer::new(
            200,
            "application/json",
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03secret".to_vec(),
        )
        .header("content-encoding", "gzip")
    });
    let envoy = Envoy::start(
        &bootstrap(&example_config(), &[], upstream.addr()),
        EnvoyOptions::workers(2),
    );
    let headers = [("accept-encoding", "gzip, br")];
    let response = post(
        &envoy,
        "/v1/chat/completions",
        &headers,
        &chat("I am ann@example.com"),
    );
    assert_eq!(
        upstream.requests().pop().unwrap().header("accept-encoding"),
        Some("identity")
    );
    assert_eq!(response.status, 502, "{}", response.text());
    assert_eq!(response.header("content-encoding"), None);
    let error = &response.json()["error"];
    assert_eq!(
        (error["type"].as_str(), error["code"].as_str()),
        (Some("api_error"), Some("unscannable_answer"))
    );
    assert_eq!(
        stat(
            &envoy,
            "llm_pii.unscannable_answer.reason.compressed.action.reject"
        ),
        1
    );

    // Found out only once the body is read: the held headers still become the 502.
    for (header, reason) in [
        ("x-test-binary", "not_text"),
        ("x-test-duplicate", "duplicate_key"),
    ] {
        let response = post(
            &envoy,
            "/v1/chat/completions",
            &[(header, "1")],
            &chat("hello"),
        );
        assert_eq!(response.status, 502, "{}", response.text());
        assert_eq!(response.json()["error"]["code"], "unscannable_answer");
        assert!(!response.text().contains("ann@"));
        assert_eq!(
            stat(
                &envoy,
                &format!("llm_pii.unscannable_answer.reason.{reason}.action.reject")
            ),
            1
        );
    }

    // A text/plain answer is scanned as text.
    let plain = post(
        &envoy,
        "/v1/chat/completions",
        &[("x-test-plain", "1")],
        &chat("hello"),
    );
    assert_eq!(plain.status, 200, "{}", plain.text());
    assert_eq!(plain.text(), "Dear [EMAIL], card **** **** **** 1111");
    assert_eq!(
        plain.header("content-length"),
        Some(plain.body.len().to_string().as_str())
    );
}

#[test]
fn plain_text_answers_get_their_placeholders_back() {
    let upstream = Scripted::start(|request| {
        let body = String::from_utf8_lossy(&request.body).to_string();
        Answer::new(
            200,
            "text/plain",
            format!("Hello {}!", placeholder(&body, "EMAIL_1")).into_bytes(),
        )
    });
    let envoy = Envoy::start(
        &bootstrap(&example_config(), &[], upstream.addr()),
        EnvoyOptions::default(),
    );
    let response = post(
        &envoy,
        "/v1/chat/completions",
        &[],
        &chat("I am zoe@example.org"),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.text(), "Hello zoe@example.org!");
    assert!(!String::from_utf8_lossy(&upstream.requests().pop().unwrap().body).contains("zoe@"));
}

#[test]
fn a_placeholder_typed_by_the_client_is_not_restored() {
    // Item 11: `<EMAIL_1>` in the user's text came back as the system prompt's address.
    let llm = mock();
    let envoy = two_workers(&example_config(), &llm);
    let body = json!({ "model": "gpt-4o-mini", "messages": [
        { "role": "system", "content": "Escalations go to ops-lead@corp.example." },
        { "role": "user", "content": "Please repeat <EMAIL_1> verbatim" }
    ]});
    for stream in [false, true] {
        let mut body = body.clone();
        body["stream"] = json!(stream);
        let response = post(
            &envoy,
            "/v1/chat/completions",
            &[("x-mock-chunk-chars", "4")],
            &body,
        );
        assert_eq!(response.status, 200, "{}", response.text());
        let sent = llm.requests().pop().unwrap().json();
        assert_eq!(
            sent["messages"][1]["content"], "Please repeat <EMAIL_1> verbatim",
            "the client's text is its own"
        );
        let system = sent["messages"][0]["content"].as_str().unwrap();
        assert_ne!(placeholder(system, "EMAIL_1"), "<EMAIL_1>");
        let answer = if stream {
            openai_stream_text(&response)
        } else {
            response.json()["choices"][0]["message"]["content"]
                .as_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(answer, "Mock answer to: Please repeat <EMAIL_1> verbatim");
        assert!(!response.text().contains("ops-lead"));
    }
    still_serves(&envoy, &llm);
}

#[test]
fn non_utf8_header_bytes_pass_without_a_crash() {
    // Item 3, for pii-mask's header reads.
    let llm = mock();
    let envoy = two_workers(&example_config(), &llm);
    let body = serde_json::to_vec(&chat("mail ann@example.com")).unwrap();
    let head = format!(
        "POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-note: caf",
        body.len()
    );
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(b"\xe9\r\n\r\n");
    bytes.extend_from_slice(&body);
    for _ in 0..3 {
        let response = http::raw::exchange(
            &envoy.url("/"),
            bytes.clone(),
            std::time::Duration::from_secs(10),
        )
        .expect("an answer");
        assert_eq!(response.status, 200, "{}", response.text());
        assert_eq!(
            response.json()["choices"][0]["message"]["content"],
            "Mock answer to: mail ann@example.com"
        );
    }
    still_serves(&envoy, &llm);
}

// Issue 12: text nobody tuned the detectors for. One test per class; each asserts what the
// mock received and what the client got back.

#[test]
fn a_jws_with_a_non_json_payload_is_blocked() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    // Header `{"alg":"HS256"}`, payload base64url("hello world") (not JSON), signature bytes.
    let jws = "eyJhbGciOiJIUzI1NiJ9.aGVsbG8gd29ybGQ.c2lnbmF0dXJlLWJ5dGVz";
    let response = post(
        &envoy,
        "/v1/chat/completions",
        &[],
        &chat(&format!("verify {jws} please")),
    );
    assert_eq!(response.status, 403, "{}", response.text());
    assert_eq!(response.json()["error"]["code"], "pii_detected");
    assert!(response.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("jwt"));
    assert!(!response.text().contains(jws));
    assert!(llm.requests().is_empty(), "nothing reached the model");
}

#[test]
fn a_jwt_after_bearer_in_a_prompt_is_blocked_as_a_jwt() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let token = jwt(120);
    let prompt = format!("why does this fail?\nGET /v1/me\nAuthorization: Bearer {token}\n");
    let response = post(&envoy, "/v1/chat/completions", &[], &chat(&prompt));
    assert_eq!(response.status, 403, "{}", response.text());
    let message = response.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("(jwt)"), "named for what it is: {message}");
    assert!(!response.text().contains(&token));
    assert!(llm.requests().is_empty(), "nothing reached the model");
}

#[test]
fn lower_case_and_dashed_ibans_spaced_emails_defanged_ips_and_owned_phones_are_masked() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let prompt = "Pay de89 3704 0044 0532 0130 00 or DE89-3704-0044-0532-0130-00, card \
                  4111  1111  1111  1111. Mail sales.north @ foretag.se. C2 185[.]220[.]101[.]4 seen. \
                  Il numero del cliente è +39 390 940 1878.";
    let response = post(&envoy, "/v1/chat/completions", &[], &chat(prompt));
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().unwrap().json()["messages"][0]["content"]
        .as_str()
        .unwrap()
        .to_string();
    let email = placeholder(&sent, "EMAIL_1");
    let phone = placeholder(&sent, "PHONE_1");
    // Masks as the README's action table says: IBANs keep country and last four, cards the
    // last four and their separators; IPv4 redacted; contacts as placeholders.
    let masked = format!(
        "Pay de** **** **** **** **30 00 or DE**-****-****-****-**30-00, card \
         ****  ****  ****  1111. Mail {email}. C2 [IPV4] seen. \
         Il numero del cliente è {phone}."
    );
    assert_eq!(sent, masked);
    // The client reads its own contacts again, the rest as masked.
    let restored = masked
        .replace(&email, "sales.north @ foretag.se")
        .replace(&phone, "+39 390 940 1878");
    assert_eq!(
        response.json()["choices"][0]["message"]["content"],
        format!("Mock answer to: {restored}")
    );
}

#[test]
fn compact_cards_in_parentheses_and_addresses_after_update_are_masked() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let prompt = "Card (5500000000000004). Please update the account: 78.202.144.134. Version 4.19.2.1 stays.";
    let response = post(&envoy, "/v1/chat/completions", &[], &chat(prompt));
    assert_eq!(response.status, 200, "{}", response.text());
    let masked =
        "Card (************0004). Please update the account: [IPV4]. Version 4.19.2.1 stays.";
    assert_eq!(
        llm.requests().pop().unwrap().json()["messages"][0]["content"],
        masked
    );
    assert_eq!(
        response.json()["choices"][0]["message"]["content"],
        format!("Mock answer to: {masked}")
    );
}

#[test]
fn full_width_digits_and_odd_spaces_are_masked_and_the_rest_is_kept() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    // Full-width card digits, an NBSP-grouped card, thin spaces in an SSN, dots in a card.
    let prompt = "Karte ４１１１ １１１１ １１１１ １１１１, card 5500\u{a0}0000\u{a0}0000\u{a0}0004\u{a0}ok, \
                  SSN 536\u{2009}22\u{2009}1234, dotted 4111.1111.1111.1111.";
    let response = post(&envoy, "/v1/chat/completions", &[], &chat(prompt));
    assert_eq!(response.status, 200, "{}", response.text());
    let masked = "Karte **** **** **** １１１１, card ****\u{a0}****\u{a0}****\u{a0}0004\u{a0}ok, \
                  SSN [SSN], dotted ****.****.****.1111.";
    assert_eq!(
        llm.requests().pop().unwrap().json()["messages"][0]["content"],
        masked
    );
    assert_eq!(
        response.json()["choices"][0]["message"]["content"],
        format!("Mock answer to: {masked}")
    );
}

#[test]
fn zero_width_characters_inside_an_email_do_not_hide_it_whole_or_streamed() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let prompt = "\u{200b}mail ann\u{200b}.lee@exam\u{200d}ple.com\u{feff} today";
    let response = post(&envoy, "/v1/chat/completions", &[], &chat(prompt));
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().unwrap().json();
    let content = sent["messages"][0]["content"].as_str().unwrap().to_string();
    let e1 = placeholder(&content, "EMAIL_1");
    // The characters around the value are forwarded; the value (with those inside it) is not.
    assert_eq!(content, format!("\u{200b}mail {e1}\u{feff} today"));
    assert_eq!(
        response.json()["choices"][0]["message"]["content"],
        format!("Mock answer to: {prompt}")
    );
    // Streamed back in 3-char pieces: restored exactly.
    let response = post(
        &envoy,
        "/v1/chat/completions",
        &[("x-mock-chunk-chars", "3")],
        &streamed(prompt),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        openai_stream_text(&response),
        format!("Mock answer to: {prompt}")
    );
}

#[test]
fn a_value_split_across_two_text_parts_is_masked_as_one() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let body = json!({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "write to ann.lee@exa"},
        {"type": "text", "text": "mple.com, card 4111 1111"},
        {"type": "text", "text": " 1111 1111 thanks"}
    ]}]});
    let response = post(&envoy, "/v1/chat/completions", &[], &body);
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().unwrap().json();
    let parts = &sent["messages"][0]["content"];
    let e1 = placeholder(parts[0]["text"].as_str().unwrap(), "EMAIL_1");
    assert_eq!(parts[0]["text"], format!("write to {e1}"));
    assert_eq!(parts[1]["text"], ", card **** **** **** 1111");
    assert_eq!(parts[2]["text"], " thanks");
    // The mock answers with the parts joined; the client reads its email again.
    assert_eq!(
        response.json()["choices"][0]["message"]["content"],
        "Mock answer to: write to ann.lee@example.com, card **** **** **** 1111 thanks"
    );
}

#[test]
fn emails_in_user_and_name_fields_are_masked() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let body = json!({"model": "gpt-4o-mini", "user": "ann.lee@example.com",
        "messages": [{"role": "user", "name": "bob@example.org", "content": "hello"}]});
    let response = post(&envoy, "/v1/chat/completions", &[], &body);
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().unwrap().json();
    let user = sent["user"].as_str().unwrap();
    let name = sent["messages"][0]["name"].as_str().unwrap();
    assert_eq!(user, placeholder(user, "EMAIL_1"));
    assert_eq!(name, placeholder(name, "EMAIL_2"));
    assert!(!sent.to_string().contains("example"));
    assert_eq!(
        response.json()["choices"][0]["message"]["content"],
        "Mock answer to: hello"
    );
}

#[test]
fn opt_in_person_names_and_street_addresses_are_redacted() {
    let llm = mock();
    let config = json!({"default": {"detectors": {
        "person_name": {"action": "placeholder"},
        "street_address": {"action": "redact"}
    }, "response": {"restore": true}}});
    let envoy = start(&config, &llm);
    let prompt = "Dr. Weber moved to 742 Evergreen Terrace; Florence is lovely.";
    let response = post(&envoy, "/v1/chat/completions", &[], &chat(prompt));
    assert_eq!(response.status, 200, "{}", response.text());
    let content = llm.requests().pop().unwrap().json()["messages"][0]["content"]
        .as_str()
        .unwrap()
        .to_string();
    let n1 = placeholder(&content, "PERSON_NAME_1");
    assert_eq!(
        content,
        format!("Dr. {n1} moved to [STREET_ADDRESS]; Florence is lovely.")
    );
    assert_eq!(
        response.json()["choices"][0]["message"]["content"],
        "Mock answer to: Dr. Weber moved to [STREET_ADDRESS]; Florence is lovely."
    );
    // Off by default: the example policy leaves both alone.
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let response = post(&envoy, "/v1/chat/completions", &[], &chat(prompt));
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        llm.requests().pop().unwrap().json()["messages"][0]["content"],
        prompt
    );
}

#[test]
fn labelled_ssns_defanged_urls_name_and_street_fields_and_russian_phones_are_masked() {
    let llm = mock();
    let config = json!({"default": {"detectors": {
        "ssn": {"action": "redact"},
        "ipv4": {"action": "redact"},
        "phone": {"action": "placeholder"},
        "person_name": {"action": "placeholder"},
        "street_address": {"action": "redact"}
    }, "response": {"restore": true}}});
    let envoy = start(&config, &llm);
    let prompt = "SSN (536221234) on file, ssn_count=536221234. C2 hxxp://45[.]67[.]231[.]9/gate. \
                  Név: Varga Péter. Utca és házszám: Tölgyfa u. 175, 6720 Szeged. \
                  Звоните 8 (912) 345-67-89.";
    let response = post(&envoy, "/v1/chat/completions", &[], &chat(prompt));
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().unwrap().json()["messages"][0]["content"]
        .as_str()
        .unwrap()
        .to_string();
    let name = placeholder(&sent, "PERSON_NAME_1");
    let phone = placeholder(&sent, "PHONE_1");
    // The count is no SSN; the parentheses, the URL around the address and the label stay.
    let masked = format!(
        "SSN ([SSN]) on file, ssn_count=536221234. C2 hxxp://[IPV4]/gate. \
         Név: {name}. Utca és házszám: [STREET_ADDRESS], 6720 Szeged. Звоните {phone}."
    );
    assert_eq!(sent, masked);
    let restored = masked
        .replace(&name, "Varga Péter")
        .replace(&phone, "8 (912) 345-67-89");
    assert_eq!(
        response.json()["choices"][0]["message"]["content"],
        format!("Mock answer to: {restored}")
    );
}

/// Values glued to Japanese and Chinese text, a Ukrainian phone, a Turkish street line, a
/// Korean road name, a name before its Japanese honorific and an SQL insert's SSN column: each
/// masked through Envoy, every other byte forwarded, and restored in the answer.
#[test]
fn values_in_spaceless_scripts_more_layouts_and_sql_columns_are_masked() {
    let llm = mock();
    let config = json!({"default": {"detectors": {
        "github_token": {"action": "redact"},
        "aws_access_key": {"action": "redact"},
        "ssn": {"action": "redact"},
        "phone": {"action": "placeholder"},
        "person_name": {"action": "placeholder"},
        "street_address": {"action": "redact"}
    }, "response": {"restore": true}}});
    let envoy = start(&config, &llm);
    let prompt = "うっかりキーghp_0YLSTnBDWYCmpowKmTHIz3OT8qMZz6qxzqvVを貼りました。\
                  密钥AKIAX3LKJ6LYGCTPSZJI贴到群里了。Пишіть на 093 879-63-90. \
                  Teslimat adresi: Lale Sokağı No: 153, İzmir. 배송지: 부산 강남대로 60. \
                  田中陽子様からの苦情。\
                  INSERT INTO customers (id, SSN) VALUES (16904, '536221234');";
    let response = post(&envoy, "/v1/chat/completions", &[], &chat(prompt));
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().unwrap().json()["messages"][0]["content"]
        .as_str()
        .unwrap()
        .to_string();
    let phone = placeholder(&sent, "PHONE_1");
    let name = placeholder(&sent, "PERSON_NAME_1");
    let masked = format!(
        "うっかりキー[GITHUB_TOKEN]を貼りました。密钥[AWS_ACCESS_KEY]贴到群里了。Пишіть на {phone}. \
         Teslimat adresi: [STREET_ADDRESS], İzmir. 배송지: 부산 [STREET_ADDRESS]. \
         {name}様からの苦情。INSERT INTO customers (id, SSN) VALUES (16904, '[SSN]');"
    );
    assert_eq!(sent, masked);
    let restored = masked
        .replace(&phone, "093 879-63-90")
        .replace(&name, "田中陽子");
    assert_eq!(
        response.json()["choices"][0]["message"]["content"],
        format!("Mock answer to: {restored}")
    );
}

#[test]
fn custom_and_mcp_tool_texts_completion_suffixes_and_native_script_names_are_masked() {
    let llm = mock();
    let config = json!({"default": {"detectors": {
        "email": {"action": "placeholder"},
        "phone": {"action": "placeholder"},
        "ssn": {"action": "redact"},
        "person_name": {"action": "placeholder"}
    }, "response": {"restore": true}}});
    let envoy = start(&config, &llm);

    // Responses: a custom tool's free-text input and output, an MCP call's output.
    let body = json!({"model": "gpt-5", "input": [
        {"role": "user", "content": "send it"},
        {"type": "custom_tool_call", "call_id": "c1", "name": "shell", "input": "mail ann@x.io"},
        {"type": "custom_tool_call_output", "call_id": "c1", "output": "sent to ann@x.io"},
        {"type": "mcp_call", "id": "m1", "name": "crm", "server_label": "crm",
         "arguments": "{}", "output": "Bob: +44 20 7946 0958"}]});
    // (The mock LLM answers the Responses API with a 404: what it received is the point.)
    post(&envoy, "/v1/responses", &[], &body);
    let sent = llm.requests().pop().expect("forwarded").json();
    let items = &sent["input"];
    let input = items[1]["input"].as_str().unwrap();
    let email = placeholder(input, "EMAIL_1");
    assert_eq!(input, format!("mail {email}"));
    assert_eq!(items[2]["output"], format!("sent to {email}"));
    let output = items[3]["output"].as_str().unwrap();
    assert_eq!(output, format!("Bob: {}", placeholder(output, "PHONE_1")));
    assert_eq!(items[3]["server_label"], "crm", "other fields untouched");

    // Completions: the text after the insertion point.
    let body = json!({"model": "c", "prompt": "def f():", "suffix": "# by ann@x.io"});
    let response = post(&envoy, "/v1/completions", &[], &body);
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().unwrap().json();
    let suffix = sent["suffix"].as_str().unwrap();
    assert_eq!(suffix, format!("# by {}", placeholder(suffix, "EMAIL_1")));
    assert_eq!(sent["prompt"], "def f():");

    // Chat: a custom tool call's free-text input sent back in the history.
    let body = json!({"model": "gpt-5", "messages": [
        {"role": "assistant", "tool_calls": [
            {"id": "c1", "type": "custom", "custom": {"name": "shell", "input": "mail ann@x.io"}}]},
        {"role": "user", "content": "done?"}]});
    post(&envoy, "/v1/chat/completions", &[], &body);
    let sent = llm.requests().pop().expect("forwarded").json();
    let input = sent["messages"][0]["tool_calls"][0]["custom"]["input"]
        .as_str()
        .unwrap();
    assert_eq!(input, format!("mail {}", placeholder(input, "EMAIL_1")));

    // Names in Hebrew, Devanagari and Korean prose; Russian and Turkish phones in spaces;
    // ports that only look like a spaced SSN.
    let prompt = "מחר יגיע דוד כהן למשרד. कल राहुल शर्मा आएंगे। 김민준 씨가 옵니다. \
                  Звоните: 8 (912) 345 67 89. Cep: 0 532 123 45 67. Open ports 443 80 8080.";
    let response = post(&envoy, "/v1/chat/completions", &[], &chat(prompt));
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().unwrap().json()["messages"][0]["content"]
        .as_str()
        .unwrap()
        .to_string();
    let [n1, n2, n3] =
        ["PERSON_NAME_1", "PERSON_NAME_2", "PERSON_NAME_3"].map(|n| placeholder(&sent, n));
    let [p1, p2] = ["PHONE_1", "PHONE_2"].map(|n| placeholder(&sent, n));
    let masked = format!(
        "מחר יגיע {n1} למשרד. कल {n2} आएंगे। {n3} 씨가 옵니다. \
         Звоните: {p1}. Cep: {p2}. Open ports 443 80 8080."
    );
    assert_eq!(sent, masked);
    assert_eq!(
        response.json()["choices"][0]["message"]["content"],
        format!("Mock answer to: {prompt}")
    );
}

/// Request fields beyond turns and tool calls: shell, patch, file-search and web-search items
/// of the Responses API, an item type newer than this code, an MCP error, a prompt cache key;
/// a Chat file part's name and a web search's location; Anthropic citations and search results
/// sent back. What may hold prose is masked; ids, names and inlined files arrive as sent.
#[test]
fn shell_patch_search_items_unknown_items_citations_and_file_names_are_masked() {
    let llm = mock();
    let config = json!({"default": {"detectors": {
        "email": {"action": "placeholder"},
        "phone": {"action": "placeholder"},
        "street_address": {"action": "redact"}
    }}});
    let envoy = start(&config, &llm);

    let body = json!({"model": "gpt-5", "prompt_cache_key": "ann@x.io", "input": [
        {"type": "local_shell_call", "id": "lsh_1", "call_id": "c1", "status": "completed",
         "action": {"type": "exec", "command": ["grep", "ann@x.io", "crm.log"], "env": {}}},
        {"type": "local_shell_call_output", "id": "o1", "output": "ann@x.io: +44 20 7946 0958"},
        {"type": "apply_patch_call", "call_id": "c2", "status": "completed",
         "operation": {"type": "update_file", "path": "team.md", "diff": "+owner: ann@x.io"}},
        {"type": "file_search_call", "id": "fs_1", "status": "completed", "queries": ["ann@x.io"],
         "results": [{"file_id": "file-1", "filename": "crm.csv", "text": "Ann, ann@x.io"}]},
        {"type": "web_search_call", "id": "ws_1", "status": "completed",
         "action": {"type": "search", "query": "who is ann@x.io"}},
        {"type": "mcp_call", "id": "m1", "name": "crm", "server_label": "crm", "arguments": "{}",
         "error": "no user ann@x.io"},
        {"type": "computer_call_output", "call_id": "c3", "output":
            {"type": "computer_screenshot", "image_url": "data:image/png;base64,YW5uQHguaW8="}},
        {"type": "call_from_the_future", "id": "f1", "note": {"deep": ["ann@x.io"]}},
        {"role": "user", "content": "and?"}]});
    post(&envoy, "/v1/responses", &[], &body);
    let sent = llm.requests().pop().expect("forwarded").json();
    let email = placeholder(&sent["prompt_cache_key"].to_string(), "EMAIL_1");
    assert_eq!(sent["prompt_cache_key"], email);
    let items = &sent["input"];
    assert_eq!(
        items[0]["action"]["command"],
        json!(["grep", email, "crm.log"])
    );
    let output = items[1]["output"].as_str().unwrap();
    assert_eq!(
        output,
        format!("{email}: {}", placeholder(output, "PHONE_1"))
    );
    assert_eq!(items[2]["operation"]["diff"], format!("+owner: {email}"));
    assert_eq!(items[3]["queries"], json!([email]));
    assert_eq!(items[3]["results"][0]["text"], format!("Ann, {email}"));
    assert_eq!(items[4]["action"]["query"], format!("who is {email}"));
    assert_eq!(items[5]["error"], format!("no user {email}"));
    assert_eq!(items[7]["note"]["deep"], json!([email]));
    for (i, key) in [(0, "call_id"), (3, "id"), (5, "name")] {
        assert_eq!(items[i][key], body["input"][i][key], "{key} untouched");
    }
    assert_eq!(
        items[6], body["input"][6],
        "an inlined screenshot untouched"
    );

    // Chat: a file part's name, a web search's location (street, house number).
    let body = json!({"model": "gpt-4o",
        "web_search_options": {"user_location": {"type": "approximate",
            "approximate": {"city": "Leeds", "region": "221 Baker Street"}}},
        "messages": [{"role": "user", "content": [
            {"type": "text", "text": "summarise"},
            {"type": "file", "file": {"filename": "ann@x.io.pdf", "file_data": "data:application/pdf;base64,JVBE"}}]}]});
    let response = post(&envoy, "/v1/chat/completions", &[], &body);
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().unwrap().json();
    let file = &sent["messages"][0]["content"][1]["file"];
    let name = file["filename"].as_str().unwrap();
    assert_eq!(
        name,
        placeholder(name, "EMAIL_1"),
        "an address named as a file"
    );
    assert_eq!(file["file_data"], "data:application/pdf;base64,JVBE");
    let location = &sent["web_search_options"]["user_location"];
    assert_eq!(location["approximate"]["city"], "Leeds");
    assert_ne!(location["approximate"]["region"], "221 Baker Street");
    assert!(!sent.to_string().contains("Baker"), "{sent}");

    // Anthropic: an assistant turn with citations and web search results, sent back.
    let body = json!({"model": "claude-sonnet-4-5", "max_tokens": 50, "messages": [
        {"role": "user", "content": "find ann"},
        {"role": "assistant", "content": [
            {"type": "text", "text": "Found her.", "citations": [
                {"type": "web_search_result_location", "cited_text": "Ann: ann@x.io",
                 "url": "https://e.org/a", "title": "Team", "encrypted_index": "Eo8B"}]},
            {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": [
                {"type": "web_search_result", "url": "https://e.org/a",
                 "title": "ann@x.io - Team", "encrypted_content": "EqAB"}]}]},
        {"role": "user", "content": "thanks"}]});
    post(&envoy, "/v1/messages", &[], &body);
    let sent = llm.requests().pop().expect("forwarded").json();
    let turn = &sent["messages"][1]["content"];
    let cited = turn[0]["citations"][0]["cited_text"].as_str().unwrap();
    let email = placeholder(cited, "EMAIL_1");
    assert_eq!(cited, format!("Ann: {email}"));
    assert_eq!(turn[0]["citations"][0]["encrypted_index"], "Eo8B");
    assert_eq!(turn[1]["content"][0]["title"], format!("{email} - Team"));
    assert_eq!(turn[1]["content"][0]["encrypted_content"], "EqAB");
}

/// One SSE event as a provider writes it.
fn sse_event(name: &str, data: &Value) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

#[test]
fn deny_phrases_split_across_text_parts_are_refused() {
    let llm = mock();
    let config =
        json!({"default": {"deny": [{"name": "codenames", "phrases": ["project falcon"]}]}});
    let envoy = start(&config, &llm);
    for (a, b) in [
        ("notes on proj", "ect falcon"),
        ("notes on project", "falcon, today"),
    ] {
        let body = json!({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": [
            {"type": "text", "text": a}, {"type": "text", "text": b}]}]});
        let response = post(&envoy, "/v1/chat/completions", &[], &body);
        assert_eq!(response.status, 403, "{a:?} + {b:?}: {}", response.text());
        assert_eq!(response.json()["error"]["code"], "content_denied");
    }
    assert!(llm.requests().is_empty(), "nothing reached the provider");
    // Parts that only touch (`project fal` + `conry`) are no phrase.
    let body = json!({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "project fal"}, {"type": "text", "text": "conry"}]}]});
    assert_eq!(post(&envoy, "/v1/chat/completions", &[], &body).status, 200);
}

/// A Responses API stream (`POST /v1/responses`, `stream: true`): the model writes an address
/// split across two `response.output_text.delta` events; every event that carries the text —
/// deltas, `.done`, `content_part.done`, `output_item.done`, `response.completed` — reaches
/// the client masked, and no piece of the address does.
#[test]
fn responses_api_stream_events_are_scanned() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let text = "Write to kim@shop.example today.";
    let ids = json!({"item_id": "msg_1", "output_index": 0, "content_index": 0});
    let with = |extra: Value| {
        let mut v = ids.clone();
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v
    };
    let message = |t: &str| {
        json!({"id": "msg_1", "type": "message", "role": "assistant", "status": "completed",
        "content": [{"type": "output_text", "text": t, "annotations": []}]})
    };
    let stream = [
        sse_event("response.created", &json!({"type": "response.created", "sequence_number": 0,
            "response": {"id": "resp_1", "object": "response", "status": "in_progress", "output": []}})),
        sse_event("response.output_text.delta", &with(json!({"type": "response.output_text.delta", "sequence_number": 1, "delta": "Write to kim@sh"}))),
        sse_event("response.output_text.delta", &with(json!({"type": "response.output_text.delta", "sequence_number": 2, "delta": "op.example today."}))),
        sse_event("response.output_text.done", &with(json!({"type": "response.output_text.done", "sequence_number": 3, "text": text}))),
        sse_event("response.content_part.done", &with(json!({"type": "response.content_part.done", "sequence_number": 4,
            "part": {"type": "output_text", "text": text, "annotations": []}}))),
        sse_event("response.output_item.done", &json!({"type": "response.output_item.done", "sequence_number": 5, "output_index": 0, "item": message(text)})),
        sse_event("response.completed", &json!({"type": "response.completed", "sequence_number": 6,
            "response": {"id": "resp_1", "object": "response", "status": "completed", "output": [message(text)]}})),
    ]
    .concat();
    let body = json!({"model": "gpt-4o-mini", "input": "where do I write?", "stream": true});
    let raw = http::mock_raw_body(&stream);
    let response = post(
        &envoy,
        "/v1/responses",
        &[
            ("x-mock-raw-body", raw.as_str()),
            ("x-mock-content-type", "text/event-stream"),
        ],
        &body,
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let masked = "Write to [EMAIL] today.";
    let mut deltas = String::new();
    let mut types = Vec::new();
    for event in response.sse_events() {
        let v: Value = serde_json::from_str(&event.data).unwrap();
        let kind = v["type"].as_str().unwrap().to_string();
        match kind.as_str() {
            "response.output_text.delta" => deltas.push_str(v["delta"].as_str().unwrap()),
            "response.output_text.done" => assert_eq!(v["text"], masked),
            "response.content_part.done" => assert_eq!(v["part"]["text"], masked),
            "response.output_item.done" => assert_eq!(v["item"]["content"][0]["text"], masked),
            "response.completed" => {
                assert_eq!(v["response"]["output"][0]["content"][0]["text"], masked)
            }
            _ => {}
        }
        types.push(kind);
    }
    assert_eq!(deltas, masked);
    // Every delta (the held rest included) comes before `.done`.
    let done = types.iter().position(|t| t == "response.output_text.done");
    let last_delta = types
        .iter()
        .rposition(|t| t == "response.output_text.delta");
    assert!(last_delta < done, "{types:?}");
    let raw = response.text();
    for leak in ["kim@", "shop.example", "@sh"] {
        assert!(!raw.contains(leak), "{leak} reached the client: {raw}");
    }
}

/// Text in an Anthropic `content_block_start` (a provider may put the first words there) is
/// restored and scanned like a delta's; an address split between it and the next delta too.
#[test]
fn anthropic_text_in_content_block_start_is_restored_and_scanned() {
    let llm = mock();
    let envoy = start(&example_config(), &llm);
    let stream = [
        sse_event(
            "message_start",
            &json!({"type": "message_start", "message": {"id": "msg_1", "type": "message",
            "role": "assistant", "content": [], "model": "claude-sonnet-4-5", "stop_reason": null,
            "usage": {"input_tokens": 5, "output_tokens": 1}}}),
        ),
        sse_event(
            "content_block_start",
            &json!({"type": "content_block_start", "index": 0,
            "content_block": {"type": "text", "text": "You said: {{user}}; ask kim@sh"}}),
        ),
        sse_event(
            "content_block_delta",
            &json!({"type": "content_block_delta", "index": 0,
            "delta": {"type": "text_delta", "text": "op.example."}}),
        ),
        sse_event(
            "content_block_stop",
            &json!({"type": "content_block_stop", "index": 0}),
        ),
        sse_event("message_stop", &json!({"type": "message_stop"})),
    ]
    .concat();
    let body = json!({ "model": "claude-sonnet-4-5", "max_tokens": 64, "stream": true,
        "messages": [{ "role": "user", "content": [{ "type": "text", "text": "I am bo@corp.example" }] }] });
    let raw = http::mock_raw_body(&stream);
    let response = post(
        &envoy,
        "/v1/messages",
        &[
            ("x-mock-raw-body", raw.as_str()),
            ("x-mock-content-type", "text/event-stream"),
        ],
        &body,
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().unwrap().json();
    let text_sent = sent["messages"][0]["content"][0]["text"].as_str().unwrap();
    assert!(!text_sent.contains("bo@"), "{text_sent}");
    let mut text = String::new();
    for event in response.sse_events() {
        let v: Value = serde_json::from_str(&event.data).unwrap();
        match v["type"].as_str() {
            Some("content_block_start") => {
                text.push_str(v["content_block"]["text"].as_str().unwrap())
            }
            Some("content_block_delta") => text.push_str(v["delta"]["text"].as_str().unwrap()),
            _ => {}
        }
    }
    assert_eq!(text, "You said: I am bo@corp.example; ask [EMAIL].");
    assert!(!response.text().contains("kim@"), "{}", response.text());
}

/// Shapes the twelfth corpus taught, through Envoy: a tcpdump line's addresses (the ports
/// stay), `SSN (US)`, a spelled-out local part, a Chinese street glued to its number; a key's
/// prefix kept for an audit trail is no key and is not blocked.
#[test]
fn packet_lines_glossed_ssns_spelled_addresses_and_cjk_streets_reach_the_model_masked() {
    let llm = mock();
    let config = json!({
        "default": {
            "detectors": {
                "ipv4": { "action": "redact" }, "ipv6": { "action": "redact" },
                "ssn": { "action": "redact" }, "email": { "action": "redact" },
                "street_address": { "action": "redact" }, "openai_key": { "action": "block" }
            }
        }
    });
    let envoy = start(&config, &llm);
    let prompt = "IP 10.2.8.9.35359 > 81.7.6.2.443: Flags [S]\n\
                  IP6 2a00:8169::9f5b.5353 > ff02::fb.5353: UDP\n\
                  SSN (US): '627 05 8039'; ✉ liv dot marsh at baobab-works dot co dot ke; \
                  送货: 朝阳区建国路88号; audit prefix sk-proj-hE3a99HCv9K9 only";
    let response = post(&envoy, "/v1/chat/completions", &[], &chat(prompt));
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().expect("the mock got it").json();
    assert_eq!(
        sent["messages"][0]["content"],
        "IP [IPV4].35359 > [IPV4].443: Flags [S]\n\
         IP6 [IPV6].5353 > ff02::fb.5353: UDP\n\
         SSN (US): '[SSN]'; ✉ [EMAIL]; 送货: 朝阳区[STREET_ADDRESS]; audit prefix \
         sk-proj-hE3a99HCv9K9 only"
    );
}

//! The pii-mask session driven natively through core's test host: what the upstream received and
//! what the client got, for the cases of issue 8.

use llm_filters_core::session::Filter;
use llm_filters_core::testing::{chat_answer, run, Message, Outcome, Sent, TestHost};
use pii_mask::session::PiiMask;
use serde_json::{json, Value};
use std::sync::Arc;

struct Load;
impl llm_filters_core::session::LoadContext for Load {
    fn env_var(&self, _: &str) -> Option<String> {
        Some("test-key".into())
    }
    fn instance_name(&self) -> &str {
        "pii_mask"
    }
    fn store(&self) -> &dyn llm_filters_core::quota_store::SharedStore {
        unreachable!("pii-mask keeps no shared state")
    }
    fn now(&self) -> std::time::Duration {
        std::time::Duration::ZERO
    }
}

const CONFIG: &str = r#"{"default":{"detectors":{"email":{"action":"placeholder"},"credit_card":{"action":"mask"},
    "jwt":{"action":"redact"},"aws_access_key":{"action":"block"},"openai_key":{"action":"redact"}},
    "response":{"scan":true}}}"#;

fn filter(config: &str) -> Arc<PiiMask> {
    Arc::new(PiiMask::load(config.as_bytes(), &Load).expect("config loads"))
}

fn exchange(config: &str, request: &Message, response: impl FnOnce(&Sent) -> Message) -> Outcome {
    let mut session = filter(config).new_session(7);
    let out = run(&mut session, TestHost::default(), request, response);
    assert!(!out.stalled, "the stream would hang");
    out
}

fn chat(content: &str) -> Vec<u8> {
    json!({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": content}]})
        .to_string()
        .into_bytes()
}

/// The placeholders the upstream got, in order.
fn placeholders(sent: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = sent;
    while let Some(i) = rest.find("<EMAIL_") {
        let tail = &rest[i..];
        let end = tail.find('>').unwrap() + 1;
        out.push(tail[..end].to_string());
        rest = &tail[end..];
    }
    out
}

/// An upstream that echoes the last user message as the model's answer (like the mock).
fn echo(sent: &Sent) -> Message {
    let body: Value = serde_json::from_slice(&sent.body).unwrap();
    let text = body["messages"].as_array().unwrap().last().unwrap()["content"]
        .as_str()
        .unwrap()
        .to_string();
    chat_answer(&format!("You said: {text}"))(sent)
}

fn sse_answer(pieces: &[String]) -> Vec<u8> {
    let mut out = String::new();
    for p in pieces {
        let chunk = json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": null}]});
        out.push_str(&format!("data: {chunk}\n\n"));
    }
    out.push_str("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    out.into_bytes()
}

fn stream_text(body: &[u8]) -> String {
    let mut parser = llm_filters_core::sse::SseParser::new();
    let mut events = parser.push(body);
    events.extend(parser.finish());
    events
        .iter()
        .filter_map(|e| serde_json::from_str::<Value>(&e.data).ok())
        .filter_map(|v| {
            v.pointer("/choices/0/delta/content")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .collect()
}

#[test]
fn prompts_are_masked_and_answers_restored() {
    let out = exchange(
        CONFIG,
        &Message::json_request("/v1/chat/completions", &chat("I am ann@x.io")),
        echo,
    );
    let up = out.upstream_body();
    assert!(!up.contains("ann@x.io"), "{up}");
    assert_eq!(placeholders(&up).len(), 1);
    let answer: Value = serde_json::from_str(&out.client_body()).unwrap();
    assert_eq!(
        answer["choices"][0]["message"]["content"],
        "You said: I am ann@x.io"
    );
    assert_eq!(out.status(), Some(200));
    assert_eq!(out.host.counter("llm_pii.restored"), 1);
    assert_eq!(
        out.client.as_ref().unwrap().header("content-length"),
        Some(out.client_body().len().to_string().as_str()),
        "a whole answer is held, headers too, and gets its new length"
    );
}

#[test]
fn a_multi_byte_space_before_an_email_in_answers_streamed_or_not() {
    // Issue 8 item 2, answer side.
    for space in ["\u{a0}", "\u{3000}"] {
        let text = format!("Contact:{space}bob@example.com today");
        let out = exchange(
            CONFIG,
            &Message::json_request("/v1/chat/completions", &chat("hi")),
            chat_answer(&text),
        );
        let answer: Value = serde_json::from_str(&out.client_body()).unwrap();
        assert_eq!(
            answer["choices"][0]["message"]["content"],
            format!("Contact:{space}[EMAIL] today")
        );
        let pieces: Vec<String> = text.chars().map(String::from).collect();
        let body = sse_answer(&pieces);
        let out = exchange(
            CONFIG,
            &Message::json_request("/v1/chat/completions", &chat("hi")),
            move |_| {
                Message::response(200, "text/event-stream", &body).split_at(&[1, 9, 40, 77, 130])
            },
        );
        assert_eq!(
            stream_text(out.client.as_ref().unwrap().body.as_slice()),
            format!("Contact:{space}[EMAIL] today")
        );
    }
}

#[test]
fn duplicate_keys_get_a_400_and_nothing_goes_upstream() {
    // Issue 8 item 6.
    let body =
        br#"{"model":"text-embedding-3-small","input":"key AKIAZ6QK2WJ3PLM4RT5V","input":"hello"}"#;
    let pass = r#"{"default":{"detectors":{"aws_access_key":{"action":"block"}},"onInvalidBody":"passThrough"}}"#;
    for config in [CONFIG, pass] {
        let out = exchange(
            config,
            &Message::json_request("/v1/embeddings", body),
            chat_answer("x"),
        );
        assert!(
            out.upstream.is_none(),
            "even with onInvalidBody: passThrough"
        );
        assert_eq!(out.status(), Some(400));
        let error: Value = serde_json::from_str(&out.client_body()).unwrap();
        assert_eq!(error["error"]["code"], "duplicate_key");
        assert_eq!(error["error"]["type"], "invalid_request_error");
        assert_eq!(
            out.host
                .counter("llm_pii.invalid_body.reason.duplicate_key.action.reject"),
            1
        );
    }
}

#[test]
fn escaped_tool_arguments_reach_the_upstream_masked_and_valid() {
    // Issue 8 item 7.
    let args = r#"{"key":"sk\u002dproj\u002dAb3dEf9hIjK2mNoPqRsT4uVwXyZ0","to":"j\u00fcrgen.m\u00fcller@beispiel.de"}"#;
    let body = json!({"model": "m", "messages": [{"role": "assistant", "content": null,
        "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f", "arguments": args}}]}]});
    let out = exchange(
        CONFIG,
        &Message::json_request("/v1/chat/completions", body.to_string().as_bytes()),
        chat_answer("ok"),
    );
    let sent: Value =
        serde_json::from_slice(&out.upstream.as_ref().unwrap().body).expect("valid JSON upstream");
    let args: Value = serde_json::from_str(
        sent["messages"][0]["tool_calls"][0]["function"]["arguments"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(args["key"], "[OPENAI_KEY]");
    assert!(args["to"].as_str().unwrap().starts_with("<EMAIL_1_"));
    let up = out.upstream_body();
    assert!(
        !up.contains("proj") && !up.contains("ller") && !up.contains("beispiel"),
        "{up}"
    );
}

/// A JWT of `len` bytes whose claims are the long part (as in real tokens).
fn jwt(len: usize) -> String {
    let (head, sig) = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
        ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    );
    let claims: String = (0..len - head.len() - sig.len() - 3)
        .map(|i| char::from(b"AbCdEf0123456789_-xyZ"[i % 21]))
        .collect();
    format!("{head}eyJ{claims}{sig}")
}

#[test]
fn long_jwts_never_reach_the_client_in_part() {
    // Issue 8 item 8: a 1.5 KB JWT streamed in 3-char deltas.
    let token = jwt(1500);
    let text = format!("Here: {token} done.");
    let pieces: Vec<String> = text
        .as_bytes()
        .chunks(3)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    let body = sse_answer(&pieces);
    let cuts: Vec<usize> = (1..body.len()).step_by(97).collect();
    let out = exchange(
        CONFIG,
        &Message::json_request("/v1/chat/completions", &chat("hi")),
        move |_| Message::response(200, "text/event-stream", &body).split_at(&cuts),
    );
    let client = out.client.unwrap();
    assert_eq!(stream_text(&client.body), "Here: [JWT] done.");
    assert!(!client.body_str().contains("eyJhbG"));
}

#[test]
fn accept_encoding_is_identity_when_answers_are_rewritten() {
    // Issue 8 item 9: the client's gzip would let the answer bypass the scan.
    let request = Message::json_request("/v1/chat/completions", &chat("hi"))
        .header("accept-encoding", b"gzip, br");
    let out = exchange(CONFIG, &request, chat_answer("ok"));
    assert_eq!(
        out.upstream.as_ref().unwrap().header("accept-encoding"),
        Some("identity")
    );
    // No scan and no placeholder: nothing to rewrite, the client's choice stands.
    let plain = r#"{"default":{"detectors":{"email":{"action":"placeholder"}}}}"#;
    let out = exchange(plain, &request, chat_answer("ok"));
    assert_eq!(
        out.upstream.as_ref().unwrap().header("accept-encoding"),
        Some("gzip, br")
    );
    let with_email = Message::json_request("/v1/chat/completions", &chat("ann@x.io"))
        .header("accept-encoding", b"gzip");
    let out = exchange(plain, &with_email, chat_answer("ok"));
    assert_eq!(
        out.upstream.as_ref().unwrap().header("accept-encoding"),
        Some("identity")
    );
    // A body-less request too (GET), when answers are scanned.
    let get = Message::new(&[
        (":method", "GET"),
        (":path", "/v1/models"),
        ("accept-encoding", "gzip"),
    ]);
    let out = exchange(CONFIG, &get, |_| {
        Message::response(200, "application/json", br#"{"data":[]}"#)
    });
    assert_eq!(
        out.upstream.as_ref().unwrap().header("accept-encoding"),
        Some("identity")
    );
}

#[test]
fn compressed_answers_are_refused_or_passed_as_configured() {
    let gzip = |_: &Sent| {
        Message::response(200, "application/json", b"\x1f\x8b\x08\x00binary")
            .header("content-encoding", b"gzip")
    };
    let out = exchange(
        CONFIG,
        &Message::json_request("/v1/chat/completions", &chat("ann@x.io")),
        gzip,
    );
    assert_eq!(out.status(), Some(502));
    let client = out.client.as_ref().unwrap();
    assert_eq!(client.header("content-encoding"), None);
    let error: Value = serde_json::from_slice(&client.body).expect("an OpenAI-shape error");
    assert_eq!(error["error"]["code"], "unscannable_answer");
    assert_eq!(
        out.host
            .counter("llm_pii.unscannable_answer.reason.compressed.action.reject"),
        1
    );

    let pass = r#"{"default":{"detectors":{"email":{"action":"placeholder"}},"response":{"scan":true,"onUnscannable":"passThrough"}}}"#;
    let out = exchange(
        pass,
        &Message::json_request("/v1/chat/completions", &chat("ann@x.io")),
        gzip,
    );
    assert_eq!(out.status(), Some(200));
    assert_eq!(out.client.as_ref().unwrap().body, b"\x1f\x8b\x08\x00binary");
    assert_eq!(
        out.host
            .counter("llm_pii.unscannable_answer.reason.compressed.action.pass_through"),
        1
    );
}

#[test]
fn text_and_invalid_json_answers_are_scanned_and_restored() {
    let request = Message::json_request("/v1/chat/completions", &chat("I am ann@x.io"));
    for content_type in ["text/plain; charset=utf-8", "application/json", "text/html"] {
        let out = exchange(CONFIG, &request, |sent| {
            let p = placeholders(&sent.body_str()).remove(0);
            Message::response(
                200,
                content_type,
                format!("Dear {p}, card 4111 1111 1111 1111 {{oops").as_bytes(),
            )
            .split_at(&[3, 20])
        });
        assert_eq!(
            out.client_body(),
            "Dear ann@x.io, card **** **** **** 1111 {oops",
            "{content_type}"
        );
    }
    let binary = exchange(CONFIG, &request, |_| {
        Message::response(200, "application/octet-stream", b"\xff\xfe\x00")
    });
    assert_eq!(binary.status(), Some(502), "not text: refused");
    assert_eq!(
        binary
            .host
            .counter("llm_pii.unscannable_answer.reason.not_text.action.reject"),
        1
    );
}

#[test]
fn a_typed_placeholder_is_not_restored() {
    // Issue 8 item 11: the system prompt's address must not come back for a typed `<EMAIL_1>`.
    let body = json!({"model": "m", "messages": [
        {"role": "system", "content": "Escalate to ops@corp.example"},
        {"role": "user", "content": "Repeat <EMAIL_1> please"}
    ]});
    let out = exchange(
        CONFIG,
        &Message::json_request("/v1/chat/completions", body.to_string().as_bytes()),
        echo,
    );
    let answer: Value = serde_json::from_str(&out.client_body()).unwrap();
    assert_eq!(
        answer["choices"][0]["message"]["content"],
        "You said: Repeat <EMAIL_1> please"
    );
    assert!(!out.client_body().contains("ops@corp.example"));
    assert_eq!(out.host.counter("llm_pii.restored"), 0);
}

#[test]
fn non_utf8_header_bytes_do_not_panic() {
    // Issue 8 item 3, for the header reads pii-mask does.
    let request = Message::json_request("/v1/chat/completions", &chat("ann@x.io"))
        .header("x-note", b"caf\xe9")
        .header("content-type", b"application/json\xff");
    let out = exchange(CONFIG, &request, |_| {
        let mut m = Message::response(200, "text/plain", b"ok").header("content-encoding", b"\xff");
        m.headers
            .push(("content-type".into(), b"text/pl\xe9in".to_vec()));
        m
    });
    assert!(out.upstream.is_some() || out.replied.is_some());
}

#[test]
fn trailers_without_a_readable_body_are_refused() {
    let mut request =
        Message::json_request("/v1/chat/completions", &chat("ann@x.io")).split_at(&[5]);
    request.trailers = true;
    let out = exchange(CONFIG, &request, chat_answer("x"));
    assert!(out
        .upstream
        .as_ref()
        .is_none_or(|u| !u.body_str().contains("ann@x.io")));
}

#[test]
fn a_whole_answer_over_max_body_bytes_is_refused_before_envoy_overflows() {
    let huge = format!(
        "{{\"choices\":[{{\"message\":{{\"content\":\"{} bob@y.io\"}}}}]}}",
        "x".repeat(1_200_000)
    );
    let cuts: Vec<usize> = (1..huge.len()).step_by(65536).collect();
    let out = exchange(
        CONFIG,
        &Message::json_request("/v1/chat/completions", &chat("hi")),
        move |_| Message::response(200, "application/json", huge.as_bytes()).split_at(&cuts),
    );
    assert_eq!(out.status(), Some(502));
    let error: Value =
        serde_json::from_str(&out.client_body()).expect("only the error reaches the client");
    assert_eq!(error["error"]["code"], "unscannable_answer");
    assert_eq!(
        out.host
            .counter("llm_pii.unscannable_answer.reason.too_large.action.reject"),
        1
    );
}

#[test]
fn a_stream_event_longer_than_max_body_bytes_ends_the_stream_with_an_error_event() {
    // A provider sending one endless event: parsed whole it would be held without bound.
    let config = r#"{"default":{"detectors":{"email":{"action":"placeholder"}},"response":{"scan":true},"maxBodyBytes":1000}}"#;
    let first = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello there\"},\"finish_reason\":null}]}\n\n";
    let long = format!(
        "data: {{\"id\":\"c\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{}",
        "x".repeat(1200)
    );
    let rest = "ann@x.io\"},\"finish_reason\":null}]}\n\ndata: [DONE]\n\n";
    for api in ["/v1/chat/completions", "/v1/messages"] {
        let body = [first, long.as_str(), rest].concat().into_bytes();
        let cuts = [first.len(), first.len() + long.len()];
        let out = exchange(
            config,
            &Message::json_request(api, &chat("hi")),
            move |_| Message::response(200, "text/event-stream", &body).split_at(&cuts),
        );
        let client = out.client.unwrap();
        let held = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":null}]}\n\ndata: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello there\"},\"finish_reason\":null}]}\n\n";
        let error = if api == "/v1/messages" {
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"the provider's answer is too large and cannot be checked for personal data\"}}\n\n"
        } else {
            "data: {\"error\":{\"message\":\"the provider's answer is too large and cannot be checked for personal data\",\"type\":\"api_error\",\"param\":null,\"code\":\"unscannable_answer\"}}\n\n"
        };
        assert_eq!(client.body_str(), format!("{held}{error}"), "{api}");
        assert_eq!(
            out.host
                .counter("llm_pii.unscannable_answer.reason.too_large.action.reject"),
            1
        );
    }
}

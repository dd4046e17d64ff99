//! prompt-transform's session driven natively by the test host: the issue-8 cases it owns
//! (malformed message inputs, non-UTF-8 header bytes) and the phases around them.

mod common;

use common::{decorated, transform};
use llm_filters_core::session::Filter;
use llm_filters_core::testing::{chat_answer, empty_answer, run, Message, Outcome, TestHost};
use serde_json::{json, Value};

fn send(config: &Value, request: &Message) -> Outcome {
    run(
        &mut transform(config).new_session(1),
        TestHost::default(),
        request,
        chat_answer("ok"),
    )
}

fn chat(body: &Value) -> Message {
    Message::json_request("/v1/chat/completions", &serde_json::to_vec(body).unwrap())
}

fn error_of(out: &Outcome) -> Value {
    serde_json::from_str::<Value>(&out.client_body()).expect("a JSON error")["error"].clone()
}

// Issue 8, item 12: `messages: [1,2,3]` used to pass with a system message inserted.
#[test]
fn messages_of_numbers_is_a_400_and_nothing_goes_upstream() {
    let out = send(
        &decorated(),
        &chat(&json!({ "model": "m", "messages": [1, 2, 3] })),
    );
    assert!(out.upstream.is_none(), "nothing reached the provider");
    assert!(!out.stalled);
    assert_eq!(out.status(), Some(400));
    let error = error_of(&out);
    assert_eq!(error["type"], "invalid_request_error");
    assert_eq!(error["param"], "messages[0]");
    assert_eq!(error["code"], "invalid_type");
    assert_eq!(error["message"], "`messages[0]` must be a message object");
    assert_eq!(
        out.client.as_ref().unwrap().header("content-type"),
        Some("application/json")
    );
    assert_eq!(
        out.host.counter("llm_prompt.failures.reason.invalid_shape"),
        1
    );
}

#[test]
fn every_malformed_message_input_is_refused() {
    let cases = [
        (json!({ "messages": "hello" }), "messages"),
        (
            json!({ "messages": { "role": "user", "content": "x" } }),
            "messages",
        ),
        (json!({ "messages": [] }), "messages"),
        (json!({ "model": "m" }), "messages"),
        (
            json!({ "messages": [{ "role": "user", "content": "x" }, "x"] }),
            "messages[1]",
        ),
        (
            json!({ "messages": [{ "content": "x" }] }),
            "messages[0].role",
        ),
        (
            json!({ "messages": [{ "role": ["user"], "content": "x" }] }),
            "messages[0].role",
        ),
        (
            json!({ "messages": [{ "role": "user", "content": 42 }] }),
            "messages[0].content",
        ),
        (
            json!({ "messages": [{ "role": "user", "content": [7] }] }),
            "messages[0].content[0]",
        ),
        (
            json!({ "messages": [{ "role": "user", "content": [{ "type": "text", "text": {} }] }] }),
            "messages[0].content[0].text",
        ),
        (
            json!({ "model": 3, "messages": [{ "role": "user", "content": "x" }] }),
            "model",
        ),
    ];
    for (body, param) in cases {
        let out = send(&decorated(), &chat(&body));
        assert!(out.upstream.is_none(), "{body}");
        assert_eq!(out.status(), Some(400), "{body}");
        assert_eq!(error_of(&out)["param"], param, "{body}");
    }
}

#[test]
fn a_prompt_of_the_wrong_type_is_refused_on_completions() {
    let config = json!({ "default": { "params": { "temperature": { "value": 0.1 } } } });
    let request = Message::json_request(
        "/v1/completions",
        br#"{"model":"m","prompt":{"text":"hi"}}"#,
    );
    let out = send(&config, &request);
    assert!(out.upstream.is_none());
    assert_eq!(error_of(&out)["param"], "prompt");
    let fine = Message::json_request("/v1/completions", br#"{"model":"m","prompt":[[1,2],[3]]}"#);
    let out = send(&config, &fine);
    assert_eq!(
        out.upstream_body(),
        r#"{"model":"m","prompt":[[1,2],[3]],"temperature":0.1}"#
    );
}

#[test]
fn pass_through_routes_forward_malformed_requests_untouched() {
    let config = json!({ "default": { "onInvalidBody": "passThrough", "decorators": { "system": { "content": "Be kind." } } } });
    let body = br#"{"model":"m","messages":[1,2,3]}"#;
    let out = send(
        &config,
        &Message::json_request("/v1/chat/completions", body),
    );
    let upstream = out.upstream.as_ref().unwrap();
    assert_eq!(upstream.body, body, "nothing inserted");
    assert!(upstream.complete);
    assert_eq!(
        out.host
            .counter("llm_prompt.passthrough.reason.invalid_shape"),
        1
    );
}

#[test]
fn a_well_formed_request_is_decorated_with_a_correct_length() {
    let body = json!({ "model": "m", "messages": [{ "role": "user", "content": "hi" }] });
    let out = send(&decorated(), &chat(&body).split_at(&[3, 17]));
    let upstream = out.upstream.clone().unwrap();
    let sent: Value = serde_json::from_slice(&upstream.body).unwrap();
    assert_eq!(
        sent["messages"],
        json!([{ "role": "system", "content": "Be kind." }, { "role": "user", "content": "hi" }])
    );
    assert_eq!(
        upstream.header("content-length"),
        Some(upstream.body.len().to_string().as_str())
    );
    assert_eq!(out.status(), Some(200));
}

// Issue 8, item 3: header bytes that are not UTF-8.
#[test]
fn non_utf8_header_bytes_are_read_as_replacement_text() {
    let config = json!({ "default": {
        "requestHeaders": { "set": { "x-tenant-copy": "t={{header:x-tenant}}" } },
        "responseHeaders": { "set": { "x-request": "{{request_id}}" } },
        "decorators": { "system": { "content": "Be kind." } }
    }});
    let request = chat(&json!({ "messages": [{ "role": "user", "content": "hi" }] }))
        .header("x-tenant", b"caf\xe9")
        .header("x-request-id", b"\xff\xfe");
    let out = run(
        &mut transform(&config).new_session(2),
        TestHost::default(),
        &request,
        |sent| chat_answer("ok")(sent).header("x-provider", b"\xc3\x28"),
    );
    assert!(!out.stalled);
    let upstream = out.upstream.unwrap();
    assert_eq!(upstream.header("x-tenant-copy"), Some("t=caf\u{fffd}"));
    assert_eq!(
        out.client.unwrap().header("x-request"),
        Some("\u{fffd}\u{fffd}")
    );
}

#[test]
fn body_less_requests_pass_without_stalling() {
    for method in ["GET", "HEAD", "DELETE", "POST"] {
        let request = Message::new(&[(":method", method), (":path", "/v1/chat/completions")]);
        let out = run(
            &mut transform(&decorated()).new_session(3),
            TestHost::default(),
            &request,
            empty_answer,
        );
        assert!(!out.stalled, "{method}");
        assert!(out.upstream.as_ref().unwrap().complete, "{method}");
        assert_eq!(out.status(), Some(200), "{method}");
    }
}

// A body that ends with trailers is decided on too: never forwarded unread.
#[test]
fn a_body_ending_in_trailers_is_not_forwarded_unread() {
    let body = br#"{"model":"m","messages":[1]}"#;
    let mut request = Message::json_request("/v1/chat/completions", body);
    request.trailers = true;
    let out = send(&decorated(), &request);
    assert!(!out.stalled);
    assert!(
        out.upstream
            .as_ref()
            .is_none_or(|u| u.body != body.to_vec()),
        "{out:?}"
    );
}

fn summarize() -> Value {
    json!({ "default": {
        "templates": { "summarize": { "model": "small", "messages": [{ "role": "user", "content": "{{text}}" }] } },
        "endpoints": [{ "path": "/v1/tools/summarize", "template": "summarize", "required": ["text"], "responseField": "summary", "includeUsage": true }]
    }})
}

#[test]
fn an_endpoint_answer_becomes_plain_json_in_any_chunking() {
    let request = Message::json_request("/v1/tools/summarize", br#"{"text":"long"}"#);
    let out = run(
        &mut transform(&summarize()).new_session(4),
        TestHost::default(),
        &request,
        |sent| chat_answer("short")(sent).split_at(&[1, 20, 90]),
    );
    assert_eq!(
        out.upstream.as_ref().unwrap().header(":path"),
        Some("/v1/chat/completions")
    );
    assert_eq!(
        out.client_body(),
        r#"{"summary":"short","usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}"#
    );
    assert_eq!(out.client.as_ref().unwrap().header("content-length"), None);

    // A broken answer becomes a 502 in the OpenAI shape.
    let out = run(
        &mut transform(&summarize()).new_session(5),
        TestHost::default(),
        &request,
        |_| Message::response(200, "application/json", b"{not json"),
    );
    assert_eq!(out.status(), Some(502));
    assert_eq!(error_of(&out)["message"], "the model's answer is not JSON");
}

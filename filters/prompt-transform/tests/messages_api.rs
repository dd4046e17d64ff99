//! The Messages path (`POST /v1/messages`) through the whole session: what reaches the
//! provider, what a refused client reads (Anthropic's error shape), and properties: any bytes
//! or JSON never panic or stall, replies are Anthropic-shaped, a rewritten body keeps the
//! route's limits and a well-formed shape.

mod common;

use common::transform;
use llm_filters_core::session::Filter;
use llm_filters_core::testing::{run, Message};
use proptest::prelude::*;
use serde_json::{json, Value};

/// The local gateway's policy plus message decorators.
fn config() -> Value {
    json!({ "default": {
        "decorators": {
            "system": { "content": "Be concise.", "mode": "ifAbsent" },
            "append": [{ "role": "user", "content": "Answer in English." }]
        },
        "params": {
            "temperature": { "value": 0.3 },
            "maxTokens": { "max": 4096, "outOfRange": "clamp" }
        },
        "context": { "keepLastTurns": 2, "maxPromptTokens": 400 }
    } })
}

fn post(config: &Value, body: &[u8]) -> llm_filters_core::testing::Outcome {
    let filter = transform(config);
    let request = Message::new(&[
        (":method", "POST"),
        (":path", "/v1/messages"),
        (":authority", "gw"),
    ])
    .header("content-length", body.len().to_string().as_bytes())
    .body(body);
    run(
        &mut filter.new_session(1),
        Default::default(),
        &request,
        |_| {
            Message::new(&[(":status", "200"), ("content-type", "application/json")])
                .body(br#"{"type":"message","content":[]}"#)
        },
    )
}

#[test]
fn the_provider_gets_the_decorated_clamped_request() {
    let out = post(
        &config(),
        br#"{"model":"fast","max_tokens":999999,"messages":[{"role":"user","content":"Hello!"}]}"#,
    );
    let upstream = out.upstream.expect("forwarded");
    let sent: Value = serde_json::from_slice(&upstream.body).unwrap();
    assert_eq!(
        sent,
        json!({
            "model": "fast",
            "messages": [{ "role": "user", "content": [
                { "type": "text", "text": "Hello!" }, { "type": "text", "text": "Answer in English." } ] }],
            "system": "Be concise.",
            "max_tokens": 4096,
            "temperature": 0.3
        })
    );
    assert_eq!(
        upstream.header("content-length"),
        Some(upstream.body.len().to_string().as_str())
    );
}

#[test]
fn a_refused_messages_client_reads_anthropic_errors() {
    let cases: [(&[u8], u16, Value); 4] = [
        (
            br#"{"max_tokens":"999999","messages":[{"role":"user","content":"q"}]}"#,
            400,
            json!({ "type": "error", "error": { "type": "invalid_request_error",
                "message": "`max_tokens` must be a positive integer" } }),
        ),
        (
            br#"{"max_tokens":5,"max_tokens":999999,"messages":[{"role":"user","content":"q"}]}"#,
            400,
            json!({ "type": "error", "error": { "type": "invalid_request_error",
                "message": "request body has a duplicated key" } }),
        ),
        (
            br#"{"max_tokens":5,"temperature":1.9,"messages":[{"role":"user","content":"q"}]}"#,
            400,
            json!({ "type": "error", "error": { "type": "invalid_request_error",
                "message": "`temperature` is outside the range allowed on this route (0..1)" } }),
        ),
        (
            b"",
            400,
            json!({ "type": "error", "error": { "type": "invalid_request_error",
                "message": "a Messages request needs a JSON body" } }),
        ),
    ];
    for (body, status, expected) in cases {
        let out = post(&config(), body);
        let reply = out.replied.expect("refused");
        assert_eq!(reply.status, status);
        let got: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(got, expected, "{}", String::from_utf8_lossy(body));
        assert!(out.upstream.is_none(), "nothing reaches the provider");
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        "\\PC{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        let key = prop::sample::select(
            &[
                "role",
                "content",
                "type",
                "text",
                "system",
                "max_tokens",
                "tool_use_id",
                "temperature",
                "stop_sequences",
                "messages",
                "x",
            ][..],
        );
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..4).prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

fn block() -> impl Strategy<Value = Value> {
    prop_oneof![
        "\\PC{0,8}".prop_map(|t| json!({ "type": "text", "text": t })),
        Just(json!({ "type": "tool_use", "id": "t", "name": "f", "input": {} })),
        "\\PC{0,8}"
            .prop_map(|t| json!({ "type": "tool_result", "tool_use_id": "t", "content": t })),
        json_value(),
    ]
}

fn message() -> impl Strategy<Value = Value> {
    let role = prop::sample::select(&["user", "user", "assistant", "system", "tool"][..]);
    prop_oneof![
        3 => (role.clone(), "\\PC{0,40}").prop_map(|(r, t)| json!({ "role": r, "content": t })),
        2 => (role, prop::collection::vec(block(), 0..3)).prop_map(|(r, b)| json!({ "role": r, "content": b })),
        1 => json_value(),
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    let system = prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        "\\PC{0,20}".prop_map(|s| Some(json!(s))),
        prop::collection::vec(block(), 0..3).prop_map(|b| Some(Value::Array(b))),
        json_value().prop_map(Some),
    ];
    let max_tokens = prop_oneof![
        Just(None),
        any::<i64>().prop_map(|n| Some(json!(n))),
        any::<f64>().prop_map(|n| Some(json!(n))),
        Just(Some(json!("999999"))),
        Just(Some(json!(999999))),
    ];
    prop_oneof![
        Just(Vec::new()),
        prop::collection::vec(any::<u8>(), 0..200),
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        (prop::collection::vec(message(), 0..6), system, max_tokens).prop_map(|(m, s, t)| {
            let mut body = json!({ "model": "fast", "messages": m });
            if let Some(s) = s {
                body["system"] = s;
            }
            if let Some(t) = t {
                body["max_tokens"] = t;
            }
            serde_json::to_vec(&body).unwrap()
        }),
        Just(br#"{"messages":[{"role":"user","content":"a"}],"system":"x","system":[1]}"#.to_vec()),
        Just(
            format!(
                r#"{{"max_tokens":9,"messages":[{{"role":"user","content":"{}"}}]}}"#,
                "x".repeat(5000)
            )
            .into_bytes()
        ),
    ]
}

fn configs() -> Vec<Value> {
    vec![
        config(),
        json!({ "default": { "maxBodyBytes": 300, "onInvalidBody": "passThrough",
            "decorators": { "system": { "content": "S", "mode": "force" },
                "prepend": [{ "role": "assistant", "content": "A" }, { "role": "system", "content": "P" }],
                "replacements": [{ "pattern": "a", "replacement": "b" }] },
            "transforms": [{ "op": "remove", "path": "$..x" }] } }),
        json!({ "default": { "params": { "maxCompletionTokens": { "value": 10, "mode": "force" },
            "topP": { "min": 0.2, "max": 0.8, "outOfRange": "clamp" }, "stop": { "value": "END" } },
            "context": { "maxPromptTokens": 30, "bytesPerToken": 1 } } }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn any_body_on_the_messages_path(config in 0usize..3, body in body(), splits in prop::collection::vec(0usize..300, 0..4)) {
        let filter = transform(&configs()[config]);
        let request = Message::new(&[(":method", "POST"), (":path", "/v1/messages"), (":authority", "gw")])
            .body(&body)
            .split_at(&splits);
        let out = run(&mut filter.new_session(3), Default::default(), &request, |_| {
            Message::new(&[(":status", "200")]).body(b"{}")
        });
        prop_assert!(!out.stalled);
        if let Some(reply) = &out.replied {
            let error: Value = serde_json::from_slice(&reply.body).expect("a JSON error");
            prop_assert_eq!(&error["type"], "error");
            prop_assert!(error["error"]["type"].is_string() && error["error"]["message"].is_string(), "{}", error);
            prop_assert!(out.upstream.is_none(), "a refused request went upstream");
        }
        if let Some(upstream) = out.upstream.as_ref().filter(|u| u.complete && u.body != body) {
            let sent: Value = serde_json::from_slice(&upstream.body).expect("a rewritten body is JSON");
            let length = upstream.body.len().to_string();
            prop_assert_eq!(upstream.header("content-length"), Some(length.as_str()));
            let messages = sent["messages"].as_array().expect("messages");
            prop_assert!(!messages.is_empty());
            for m in messages {
                prop_assert!(m["role"] == "user" || m["role"] == "assistant", "{}", sent);
            }
            prop_assert!(sent.get("system").is_none_or(|s| s.is_string() || s.is_array()), "{}", sent);
            match config {
                0 => prop_assert!(sent["max_tokens"].as_u64().is_none_or(|t| (1..=4096).contains(&t)), "{}", sent),
                2 => {
                    prop_assert_eq!(&sent["max_tokens"], 10);
                    prop_assert!(sent["top_p"].is_null() || sent["top_p"].as_f64().is_some_and(|p| (0.2..=0.8).contains(&p)));
                }
                _ => {}
            }
        }
    }
}

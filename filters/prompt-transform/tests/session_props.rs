//! Property tests: prompt-transform's session under arbitrary event sequences (no body, headers
//! only, random chunking, trailers, cut requests and responses, any status and content type,
//! header bytes that are not UTF-8, arbitrary bodies with duplicate keys, escapes, odd Unicode).
//! Always: no panic, no stall, local replies in the OpenAI error shape. When it rewrote a body:
//! the new body is valid JSON, `content-length` is absent or correct, and a chat request it
//! decorated was a well-formed one (it never adds messages to a malformed request).

mod common;

use common::transform;
use llm_filters_core::session::Filter;
use llm_filters_core::testing::{run, Message};
use proptest::prelude::*;
use serde_json::{json, Value};

fn configs() -> Vec<Value> {
    vec![
        // 0: decorators only.
        json!({ "default": { "decorators": { "system": { "content": "Be kind." }, "append": [{ "role": "user", "content": "Thanks." }],
            "replacements": [{ "pattern": "\\d{4}", "replacement": "####" }] } } }),
        // 1: everything, on a route.
        json!({ "rules": [{ "match": { "paths": ["/v1/*"] }, "config": {
            "templates": { "t": { "model": "small", "params": { "temperature": 0.1 }, "messages": [{ "role": "user", "content": "{{text}}" }] } },
            "endpoints": [{ "path": "/v1/tools/t", "template": "t", "required": ["text"], "responseField": "out", "includeUsage": true }],
            "params": { "maxTokens": { "max": 50, "outOfRange": "clamp" }, "seed": { "value": 1 } },
            "context": { "keepLastTurns": 2, "maxPromptTokens": 40 },
            "decorators": { "system": { "content": "S", "mode": "replace" } },
            "requestHeaders": { "set": { "x-copy": "{{header:x-note}}" } },
            "responseHeaders": { "set": { "x-id": "{{request_id}}" } }
        } }] }),
        // 2: fail-open with a small bound and JSONPath transforms.
        json!({ "default": { "onInvalidBody": "passThrough", "maxBodyBytes": 200, "transforms": [
            { "op": "remove", "path": "$..secret" },
            { "op": "set", "path": "$.metadata.route", "value": "r" },
            { "op": "rename", "path": "$.max_completion_tokens", "to": "max_tokens" }
        ] } }),
        // 3: templated requests only.
        json!({ "default": { "untemplated": "deny", "templates": { "t": { "messages": [{ "role": "user", "content": "{{text}}" }] } } } }),
        // 4: headers only.
        json!({ "default": { "requestHeaders": { "set": { "x-a": "1" }, "remove": ["x-note"] } } }),
    ]
}

fn text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        "\\PC{0,12}",
        "[a-z0-9 \"\\\\\n]{0,12}",
        Just("\u{0}\u{ffff}\u{10ffff}é😀 1234".to_string())
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(
                        &[
                            "role",
                            "content",
                            "type",
                            "text",
                            "name",
                            "tool_calls",
                            "secret",
                            "x"
                        ][..]
                    ),
                    inner
                ),
                0..4
            )
            .prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

/// Messages that are sometimes well formed and sometimes not.
fn message() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => (prop::sample::select(&["system", "developer", "user", "assistant", "tool", "robot"][..]), text())
            .prop_map(|(role, content)| json!({ "role": role, "content": content })),
        1 => text().prop_map(|t| json!({ "role": "user", "content": [{ "type": "text", "text": t }, { "type": "image_url", "image_url": { "url": "u" } }] })),
        1 => json_value(),
    ]
}

fn request_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(Vec::new()),
        prop::collection::vec(any::<u8>(), 0..200),
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        (prop::collection::vec(message(), 0..5), prop::option::of(0i64..500)).prop_map(|(messages, max)| {
            let mut body = json!({ "model": "m", "messages": messages });
            if let Some(max) = max {
                body["max_tokens"] = json!(max);
            }
            serde_json::to_vec(&body).unwrap()
        }),
        json_value().prop_map(|messages| serde_json::to_vec(&json!({ "model": "m", "messages": messages })).unwrap()),
        (text(), any::<bool>()).prop_map(|(t, s)| serde_json::to_vec(&json!({ "template": "t", "properties": { "text": t }, "text": t, "stream": s })).unwrap()),
        Just(br#"{"messages":[{"role":"user","content":"a"}],"messages":[1,2,3],"model":"x","model":7}"#.to_vec()),
        Just(br#"{"messages":[{"role":"user","content":"\ud83d\ude00 \u0000 \u00e9 \"x\" \\"}],"prompt":"\ud800"}"#.to_vec()),
        Just(br#"{"prompt":{"a":1},"model":"m"}"#.to_vec()),
        Just(format!(r#"{{"model":"m","messages":[{{"role":"user","content":"{}"}}]}}"#, "x".repeat(3000)).into_bytes()),
    ]
}

fn response_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(Vec::new()),
        prop::collection::vec(any::<u8>(), 0..200),
        text().prop_map(|t| serde_json::to_vec(
            &json!({ "choices": [{ "index": 0, "message": { "role": "assistant", "content": t } }],
            "usage": { "prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3 } })
        )
        .unwrap()),
        prop::collection::vec(text(), 0..4).prop_map(|parts| {
            let mut out = String::new();
            for p in parts {
                out.push_str(&format!(
                    "data: {}\n\n",
                    json!({ "choices": [{ "index": 0, "delta": { "content": p } }] })
                ));
            }
            out.push_str(": ping\n\ndata: [DONE]\n\n");
            out.into_bytes()
        }),
    ]
}

#[derive(Debug, Clone)]
struct Shape {
    splits: Vec<usize>,
    trailers: bool,
    cut_after: Option<usize>,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        prop::collection::vec(0usize..400, 0..6),
        prop::bool::weighted(0.15),
        prop::option::weighted(0.15, 0usize..4),
    )
        .prop_map(|(splits, trailers, cut_after)| Shape {
            splits,
            trailers,
            cut_after,
        })
}

fn shaped(m: Message, s: &Shape) -> Message {
    let mut m = m.split_at(&s.splits);
    m.trailers = s.trailers;
    m.cut_after = s.cut_after;
    m
}

fn headers() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    let name = prop::sample::select(
        &[
            "x-note",
            "x-request-id",
            "content-type",
            "content-length",
            "accept-encoding",
            "x-llm-model",
        ][..],
    );
    let value = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..10),
        "[a-z0-9 -]{0,10}".prop_map(String::into_bytes)
    ];
    prop::collection::vec((name, value), 0..4)
        .prop_map(|v| v.into_iter().map(|(n, b)| (n.to_string(), b)).collect())
}

#[derive(Debug, Clone)]
struct Exchange {
    method: &'static str,
    path: &'static str,
    request_headers: Vec<(String, Vec<u8>)>,
    with_length: bool,
    request_body: Vec<u8>,
    request_shape: Shape,
    status: u16,
    content_type: Option<&'static str>,
    response_headers: Vec<(String, Vec<u8>)>,
    response_body: Vec<u8>,
    response_shape: Shape,
}

fn exchange() -> impl Strategy<Value = Exchange> {
    (
        (
            prop::sample::select(&["POST", "POST", "GET", "PUT"][..]),
            prop::sample::select(
                &[
                    "/v1/chat/completions",
                    "/v1/chat/completions",
                    "/v1/completions",
                    "/v1/embeddings",
                    "/v1/tools/t",
                    "/other",
                ][..],
            ),
            headers(),
            any::<bool>(),
            request_body(),
            shape(),
        ),
        (
            prop::sample::select(&[200u16, 200, 204, 400, 500][..]),
            prop::sample::select(
                &[
                    Some("application/json"),
                    Some("text/event-stream"),
                    Some("text/plain"),
                    None,
                ][..],
            ),
            headers(),
            response_body(),
            shape(),
        ),
    )
        .prop_map(
            |(
                (method, path, request_headers, with_length, request_body, request_shape),
                (status, content_type, response_headers, response_body, response_shape),
            )| Exchange {
                method,
                path,
                request_headers,
                with_length,
                request_body,
                request_shape,
                status,
                content_type,
                response_headers,
                response_body,
                response_shape,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn holds_its_invariants_under_any_traffic(config in 0usize..5, e in exchange()) {
        let filter = transform(&configs()[config]);
        let mut request = Message::new(&[(":method", e.method), (":path", e.path), (":authority", "gw")]);
        if e.with_length {
            request = request.header("content-length", e.request_body.len().to_string().as_bytes());
        }
        request.headers.extend(e.request_headers.iter().cloned());
        let request = shaped(request.body(&e.request_body), &e.request_shape);
        let out = run(&mut filter.new_session(7), Default::default(), &request, |_| {
            let mut response = Message::new(&[(":status", &e.status.to_string())]);
            if let Some(ct) = e.content_type {
                response = response.header("content-type", ct.as_bytes());
            }
            response.headers.extend(e.response_headers.iter().cloned());
            shaped(response.body(&e.response_body), &e.response_shape)
        });
        prop_assert!(!out.stalled, "stalled: {e:?}");

        if let Some(reply) = &out.replied {
            let error: Value = serde_json::from_slice(&reply.body).expect("a JSON error");
            prop_assert!(error["error"]["message"].is_string() && error["error"]["type"].is_string(), "{error}");
            prop_assert!(out.upstream.is_none() || e.request_shape.cut_after.is_some() || reply.status == 413, "a refused request went upstream");
        }
        if let Some(upstream) = out.upstream.as_ref().filter(|u| u.complete) {
            let original: Vec<u8> = request.chunks.concat();
            if upstream.body != original {
                let sent: Value = serde_json::from_slice(&upstream.body).expect("a rewritten body is JSON");
                prop_assert!(sent.is_object());
                if let Some(length) = upstream.header("content-length") {
                    prop_assert_eq!(length, upstream.body.len().to_string());
                }
                // A chat request it decorated was well formed (and still is).
                if upstream.header(":path") == Some("/v1/chat/completions") && config != 2 {
                    let messages = sent["messages"].as_array().expect("messages");
                    prop_assert!(!messages.is_empty());
                    for m in messages {
                        prop_assert!(m["role"].is_string(), "{sent}");
                        prop_assert!(m.get("content").is_none_or(|c| c.is_string() || c.is_array() || c.is_null()), "{sent}");
                    }
                }
            }
        }
    }
}

//! Property tests: token-meter's session under arbitrary event sequences (no body, headers only,
//! random chunking, trailers, cut requests and responses, any status and content type, header
//! bytes that are not UTF-8, arbitrary bodies). Always: no panic, no stall. Invariants: the
//! usage read from a stream does not depend on its chunking; each admitted request is charged
//! exactly once, so the shared record equals the sum of what the requests were charged.

mod common;

use common::{host, meter, record, state_u64};
use llm_filters_core::session::Filter;
use llm_filters_core::testing::{run, Message, Outcome};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::sync::Arc;
use token_meter::TokenMeter;

fn configs() -> Vec<Value> {
    vec![
        json!({ "default": {} }),
        json!({ "default": { "client": { "header": "x-client" }, "quota": { "tokensPerMinute": 1_000_000, "requestsPerMinute": 100_000 },
                             "prices": { "*": { "input": 1, "output": 2 } }, "budget": { "limitUsd": 1000, "fallbackModel": "small" } } }),
        json!({ "default": { "usageHeaders": true, "maxBodyBytes": 64, "maxResponseBytes": 128, "onInvalidBody": "reject" } }),
        json!({ "default": { "client": { "header": "x-client", "default": null }, "quota": { "requestsPerMinute": 2 }, "injectStreamUsage": false } }),
        json!({ "rules": [{ "match": { "paths": ["/v1/chat/*"] }, "config": { "usageHeaders": true } }] }),
    ]
}

fn header_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..12),
        "[a-z0-9 -]{0,12}".prop_map(String::into_bytes),
    ]
}

fn extra_headers(names: &'static [&'static str]) -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    prop::collection::vec((prop::sample::select(names), header_bytes()), 0..4)
        .prop_map(|v| v.into_iter().map(|(n, b)| (n.to_string(), b)).collect())
}

const REQUEST_HEADERS: &[&str] = &[
    "x-client",
    "x-note",
    "content-type",
    "x-llm-model",
    "x-llm-backend",
    "x-llm-model-override",
    "content-length",
    "accept-encoding",
];
const RESPONSE_HEADERS: &[&str] = &[
    "x-provider",
    "content-length",
    "content-encoding",
    "x-ratelimit-limit-tokens",
];

fn text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        "\\PC{0,16}",
        "[a-z \"\\\\\n]{0,16}",
        Just("\u{0}\u{ffff}\u{10ffff}é😀".to_string())
    ]
}

/// Random JSON values, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(
                        &[
                            "model", "messages", "stream", "usage", "choices", "content", "role",
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

fn request_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(Vec::new()),
        prop::collection::vec(any::<u8>(), 0..300),
        (text(), text(), any::<bool>(), prop::option::of(0u64..100)).prop_map(|(model, content, stream, max)| {
            let mut body = json!({ "model": model, "stream": stream, "messages": [{ "role": "user", "content": content }] });
            if let Some(max) = max {
                body["max_tokens"] = json!(max);
            }
            serde_json::to_vec(&body).unwrap()
        }),
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        Just(br#"{"model":"a","model":"b","messages":[{"role":"user","content":"x"}],"messages":7,"stream":true,"stream":"yes"}"#.to_vec()),
        Just(br#"{"model":"gpt\u002d4o","messages":[{"role":"user","content":"\ud83d\ude00 \u0000 \"q\""}],"stream_options":3,"stream":true}"#.to_vec()),
        Just(format!(r#"{{"model":"m","messages":[{{"role":"user","content":"{}"}}]}}"#, "x".repeat(5000)).into_bytes()),
    ]
}

/// An OpenAI chat stream (usage chunk optional), with `\n` or `\r\n` line ends.
fn openai_stream(parts: &[String], usage: Option<(u64, u64)>, crlf: bool) -> Vec<u8> {
    let mut events: Vec<String> = parts
        .iter()
        .map(|p| json!({"object": "chat.completion.chunk", "model": "gpt-4o-mini", "choices": [{"index": 0, "delta": {"content": p}}]}).to_string())
        .collect();
    if let Some((i, o)) = usage {
        events.push(
            json!({"object": "chat.completion.chunk", "model": "gpt-4o-mini", "choices": [],
            "usage": {"prompt_tokens": i, "completion_tokens": o, "total_tokens": i + o}})
            .to_string(),
        );
    }
    events.push("[DONE]".into());
    sse(events.iter().map(|e| (None, e.as_str())), crlf)
}

fn anthropic_stream(parts: &[String], usage: Option<(u64, u64)>, crlf: bool) -> Vec<u8> {
    let (input, output) = usage.unwrap_or((0, 0));
    let mut events = vec![
        ("message_start", json!({"type": "message_start", "message": {"id": "m", "type": "message", "role": "assistant", "model": "claude-x", "content": [], "usage": {"input_tokens": input, "output_tokens": 1}}}).to_string()),
        ("content_block_start", json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}).to_string()),
    ];
    for p in parts {
        events.push(("content_block_delta", json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}}).to_string()));
    }
    if usage.is_some() {
        events.push(("message_delta", json!({"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": output}}).to_string()));
    }
    events.push(("message_stop", json!({"type": "message_stop"}).to_string()));
    sse(events.iter().map(|(n, e)| (Some(*n), e.as_str())), crlf)
}

fn sse<'a>(events: impl Iterator<Item = (Option<&'a str>, &'a str)>, crlf: bool) -> Vec<u8> {
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut out = String::new();
    for (name, data) in events {
        if let Some(name) = name {
            out.push_str(&format!("event: {name}{nl}"));
        }
        out.push_str(&format!("data: {data}{nl}{nl}"));
    }
    out.into_bytes()
}

fn response_body() -> impl Strategy<Value = Vec<u8>> {
    let parts = || prop::collection::vec(text(), 0..5);
    let usage = || prop::option::of((0u64..1000, 0u64..1000));
    prop_oneof![
        Just(Vec::new()),
        prop::collection::vec(any::<u8>(), 0..300),
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        (parts(), usage(), any::<bool>()).prop_map(|(p, u, c)| openai_stream(&p, u, c)),
        (parts(), usage(), any::<bool>()).prop_map(|(p, u, c)| anthropic_stream(&p, u, c)),
        (text(), usage()).prop_map(|(t, u)| {
            let mut body = json!({"model": "gpt-4o-mini", "choices": [{"index": 0, "message": {"role": "assistant", "content": t}}]});
            if let Some((i, o)) = u {
                body["usage"] = json!({"prompt_tokens": i, "completion_tokens": o, "total_tokens": i + o});
            }
            serde_json::to_vec(&body).unwrap()
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
        any::<bool>(),
        prop::option::weighted(0.2, 0usize..4),
    )
        .prop_map(|(splits, trailers, cut_after)| Shape {
            splits,
            trailers,
            cut_after,
        })
}

fn shaped(mut m: Message, s: &Shape) -> Message {
    m = m.split_at(&s.splits);
    m.trailers = s.trailers;
    m.cut_after = s.cut_after;
    m
}

#[derive(Debug, Clone)]
struct Exchange {
    method: &'static str,
    path: &'static str,
    request_headers: Vec<(String, Vec<u8>)>,
    request_body: Vec<u8>,
    request_shape: Shape,
    status: u16,
    content_type: Option<&'static str>,
    response_headers: Vec<(String, Vec<u8>)>,
    response_body: Vec<u8>,
    response_shape: Shape,
}

fn exchange(request_header_names: &'static [&'static str]) -> impl Strategy<Value = Exchange> {
    (
        prop::sample::select(&["GET", "POST", "POST", "HEAD", "PUT"][..]),
        prop::sample::select(
            &[
                "/v1/chat/completions",
                "/v1/models",
                "/v1/messages",
                "/v1/embeddings",
                "/v1/completions",
                "/v1/responses",
                "/x",
            ][..],
        ),
        extra_headers(request_header_names),
        request_body(),
        shape(),
        prop::sample::select(&[200u16, 200, 201, 204, 400, 429, 500, 503][..]),
        prop::sample::select(
            &[
                Some("application/json"),
                Some("text/event-stream"),
                Some("text/event-stream; charset=utf-8"),
                Some("text/plain"),
                Some("application/json; charset=utf-8"),
                None,
            ][..],
        ),
        extra_headers(RESPONSE_HEADERS),
        response_body(),
        shape(),
    )
        .prop_map(
            |(
                method,
                path,
                request_headers,
                request_body,
                request_shape,
                status,
                content_type,
                response_headers,
                response_body,
                response_shape,
            )| Exchange {
                method,
                path,
                request_headers,
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

fn drive(
    filter: &Arc<TokenMeter>,
    store: &Arc<llm_filters_core::quota_store::MemoryStore>,
    e: &Exchange,
    seed: u64,
    client: Option<&str>,
) -> Outcome {
    let mut request = Message::new(&[
        (":method", e.method),
        (":path", e.path),
        (":authority", "gw"),
    ]);
    if let Some(client) = client {
        request = request.header("x-client", client.as_bytes());
    }
    request.headers.extend(e.request_headers.iter().cloned());
    let request = shaped(request.body(&e.request_body), &e.request_shape);
    let mut session = filter.new_session(seed);
    run(&mut session, host(store), &request, |_| {
        let mut response = Message::new(&[(":status", &e.status.to_string())]);
        if let Some(ct) = e.content_type {
            response = response.header("content-type", ct.as_bytes());
        }
        response.headers.extend(e.response_headers.iter().cloned());
        shaped(response.body(&e.response_body), &e.response_shape)
    })
}

fn micro_usd(decimal: &str) -> u64 {
    decimal.replace('.', "").parse().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_never_stalls(config in 0usize..5, e in exchange(REQUEST_HEADERS)) {
        let (filter, store) = meter(&configs()[config]);
        let out = drive(&filter, &store, &e, 1, None);
        prop_assert!(!out.stalled, "stalled: {e:?}");
        if out.upstream.is_some() && e.request_shape.cut_after.is_none() && e.response_shape.cut_after.is_none() {
            prop_assert!(out.client.is_some(), "the answer reached the client");
        }
    }

    /// Whatever the chunking, a stream yields the same usage, the same charge and the same bytes
    /// for the client.
    #[test]
    fn stream_usage_does_not_depend_on_chunking(
        anthropic in any::<bool>(),
        parts in prop::collection::vec(text(), 0..6),
        usage in prop::option::of((0u64..1000, 0u64..1000)),
        crlf in any::<bool>(),
        splits in prop::collection::vec(0usize..2000, 1..12),
        config in prop::sample::select(vec![0usize, 1, 3]),
    ) {
        let (path, stream) = if anthropic {
            ("/v1/messages", anthropic_stream(&parts, usage, crlf))
        } else {
            ("/v1/chat/completions", openai_stream(&parts, usage, crlf))
        };
        let body = br#"{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Say hello"}]}"#;
        let keys = ["token_meter.input_tokens", "token_meter.output_tokens", "token_meter.total_tokens", "token_meter.estimated", "token_meter.model", "token_meter.cost_usd"];
        let mut results = Vec::new();
        for chunking in [Vec::new(), splits] {
            let (filter, store) = meter(&configs()[config]);
            let request = Message::json_request(path, body).header("x-client", b"p");
            let out = run(&mut filter.new_session(1), host(&store), &request, |_| {
                Message::response(200, "text/event-stream", &stream).split_at(&chunking)
            });
            prop_assert!(!out.stalled);
            let state: Vec<Option<String>> = keys.iter().map(|k| out.host.filter_state_str(k).map(str::to_owned)).collect();
            results.push((state, out.client_body()));
        }
        prop_assert_eq!(&results[0], &results[1]);
        if let (Some((i, o)), false) = (usage, anthropic) {
            prop_assert_eq!(results[0].0[2].clone(), Some((i + o).to_string()));
        }
    }

    /// Every admitted request is charged once: the shared record holds exactly one request per
    /// admitted exchange and the sum of their charged tokens and costs, however each ended.
    /// Model listings (`GET`/`HEAD /v1/models`, no LLM call) are settled but charged nothing.
    #[test]
    fn each_admitted_request_is_charged_exactly_once(exchanges in prop::collection::vec(exchange(&["x-note", "content-type", "x-llm-model", "content-length"]), 1..6)) {
        let (filter, store) = meter(&configs()[1]);
        let (mut admitted, mut tokens, mut spend) = (0, 0, 0);
        for (i, e) in exchanges.iter().enumerate() {
            let out = drive(&filter, &store, e, i as u64, Some("p"));
            prop_assert!(!out.stalled);
            let listing = matches!(e.method, "GET" | "HEAD") && e.path == "/v1/models";
            if out.upstream.is_some() && listing {
                prop_assert!(state_u64(&out.host, "token_meter.total_tokens").is_some(), "settled");
            } else if out.upstream.is_some() {
                admitted += 1;
                tokens += state_u64(&out.host, "token_meter.total_tokens").expect("settled");
                spend += micro_usd(out.host.filter_state_str("token_meter.cost_usd").expect("priced"));
            } else {
                prop_assert!(out.host.filter_state_str("token_meter.total_tokens").is_none());
            }
        }
        let r = record(&store, "p");
        prop_assert_eq!(r.minute.requests, admitted);
        prop_assert_eq!(r.minute.tokens, tokens);
        prop_assert_eq!(r.day.tokens, tokens);
        prop_assert_eq!(r.spend.tokens, spend);
    }
}

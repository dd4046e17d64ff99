//! Properties of translation: a chat request translated to Anthropic and back keeps everything
//! both APIs express; stream translation gives the same output under any chunking; nothing
//! panics on any input, through the pure functions and through the upstream stage's session.

mod common;

use common::*;
use llm_filters_core::testing::{Message, TestHost};
use model_router::translate::stream::{ToChatChunks, ToMessageEvents};
use model_router::translate::{anthropic_to_openai, openai_to_anthropic};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,.!?\n\"é😀]{0,20}"
}

fn ident() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,8}"
}

fn image() -> impl Strategy<Value = Value> {
    prop_oneof![
        "[a-z]{1,10}".prop_map(|p| json!({ "type": "image_url", "image_url": { "url": format!("https://example.com/{p}.png") } })),
        ("(png|jpeg|gif|webp)", "[A-Za-z0-9+/]{4,16}").prop_map(|(t, d)| json!({ "type": "image_url", "image_url": { "url": format!("data:image/{t};base64,{d}") } })),
    ]
}

fn user_message() -> impl Strategy<Value = Value> {
    prop_oneof![
        text().prop_map(|t| json!({ "role": "user", "content": t })),
        prop::collection::vec(
            prop_oneof![
                text().prop_map(|t| json!({ "type": "text", "text": t })),
                image()
            ],
            1..4
        )
        .prop_map(|parts| json!({ "role": "user", "content": parts })),
    ]
}

fn arguments() -> impl Strategy<Value = String> {
    prop::collection::btree_map(ident(), text(), 0..3).prop_map(|m| {
        let map: Map<String, Value> = m.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
        Value::Object(map).to_string()
    })
}

/// An assistant turn: text, or tool calls followed by one tool result each.
fn assistant_turn() -> impl Strategy<Value = Vec<Value>> {
    prop_oneof![
        text().prop_map(|t| vec![json!({ "role": "assistant", "content": t })]),
        prop::collection::vec((ident(), arguments(), text()), 1..3).prop_map(|calls| {
            let tool_calls: Vec<Value> = calls
                .iter()
                .enumerate()
                .map(|(i, (name, args, _))| json!({ "id": format!("call_{i}"), "type": "function", "function": { "name": name, "arguments": args } }))
                .collect();
            let mut out = vec![json!({ "role": "assistant", "content": null, "tool_calls": tool_calls })];
            for (i, (_, _, result)) in calls.iter().enumerate() {
                out.push(json!({ "role": "tool", "tool_call_id": format!("call_{i}"), "content": result }));
            }
            out
        }),
    ]
}

fn chat_request() -> impl Strategy<Value = Value> {
    (
        proptest::option::of(text()),
        prop::collection::vec((user_message(), proptest::option::of(assistant_turn())), 1..4),
        proptest::option::of(prop::collection::vec((ident(), text()), 1..3)),
        prop_oneof![Just(None), Just(Some(json!("auto"))), Just(Some(json!("required"))), Just(Some(json!("none")))],
        (1u64..100_000, proptest::option::of(0u32..=10), proptest::option::of(0u32..=10)),
        (proptest::option::of(prop::collection::vec(text(), 1..3)), any::<bool>(), proptest::option::of(ident())),
    )
        .prop_map(|(system, turns, tools, choice, (max, temp, top_p), (stop, stream, user))| {
            let mut messages = Vec::new();
            if let Some(s) = system {
                messages.push(json!({ "role": "system", "content": s }));
            }
            for (u, a) in turns {
                messages.push(u);
                messages.extend(a.into_iter().flatten());
            }
            let mut req = json!({ "model": "m-1", "messages": messages, "max_tokens": max });
            if let Some(tools) = tools {
                req["tools"] = Value::Array(tools.into_iter().map(|(name, d)| json!({ "type": "function", "function": {
                    "name": name, "description": d, "parameters": { "type": "object", "properties": {} } } })).collect());
                if let Some(c) = choice {
                    req["tool_choice"] = c;
                }
            }
            if let Some(t) = temp {
                req["temperature"] = json!(f64::from(t) / 10.0);
            }
            if let Some(p) = top_p {
                req["top_p"] = json!(f64::from(p) / 10.0);
            }
            if let Some(stop) = stop {
                req["stop"] = json!(stop);
            }
            if stream {
                req["stream"] = json!(true);
                req["stream_options"] = json!({ "include_usage": true });
            }
            if let Some(user) = user {
                req["user"] = json!(user);
            }
            req
        })
}

/// Split `whole` at these offsets (sorted, deduplicated, in range).
fn chunks(whole: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (whole.len() + 1)).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut start = 0;
    for c in cuts.into_iter().chain([whole.len()]) {
        out.push(whole[start..c].to_vec());
        start = c;
    }
    out
}

const ANTHROPIC_STREAM: &str = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":4,\"output_tokens\":1}}}\r\n\r\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\nevent: ping\ndata: {\"type\": \"ping\"}\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Héllo 😀\"}}\n\nevent: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}}\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":\"}}\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"1}\"}}\n\nevent: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\nevent: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

const CHAT_STREAM: &str = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\ndata: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Héllo 😀\"},\"finish_reason\":null}]}\r\n\r\ndata: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\"\"}}]},\"finish_reason\":null}]}\n\ndata: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\":1}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\ndata: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-x\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17,\"prompt_tokens_details\":{\"cached_tokens\":2}}}\n\ndata: [DONE]\n\n";

fn to_chat(parts: &[Vec<u8>]) -> Vec<u8> {
    let mut t = ToChatChunks::new(5, true);
    let mut out: Vec<u8> = parts.iter().flat_map(|p| t.push(p)).collect();
    out.extend(t.finish());
    out
}

fn to_messages(parts: &[Vec<u8>]) -> Vec<u8> {
    let mut t = ToMessageEvents::new();
    let mut out: Vec<u8> = parts.iter().flat_map(|p| t.push(p)).collect();
    out.extend(t.finish());
    out
}

/// The routing config of the session properties: `claude-*` on an Anthropic backend.
fn gateway() -> Gateway {
    Gateway::new(&json!({ "default": {
        "backends": { "claude": { "schema": "anthropic" }, "openai": {} },
        "routes": [{ "models": ["claude-*"], "targets": [{ "backend": "claude" }] }],
        "defaultBackend": "openai"
    }}))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn chat_to_anthropic_and_back_keeps_what_both_express(req in chat_request()) {
        let there = openai_to_anthropic::request(&req, "m-1", 4096).unwrap();
        prop_assert!(there.dropped.is_empty(), "{:?}", there.dropped);
        let back = anthropic_to_openai::request(&there.body, "m-1").unwrap();
        prop_assert_eq!(&back.body, &req, "via {}", there.body);
    }

    #[test]
    fn any_chunking_of_an_anthropic_stream_gives_the_same_chat_chunks(cuts in prop::collection::vec(any::<usize>(), 0..12)) {
        let whole = to_chat(&[ANTHROPIC_STREAM.as_bytes().to_vec()]);
        prop_assert_eq!(to_chat(&chunks(ANTHROPIC_STREAM.as_bytes(), &cuts)), whole);
    }

    #[test]
    fn any_chunking_of_a_chat_stream_gives_the_same_anthropic_events(cuts in prop::collection::vec(any::<usize>(), 0..12)) {
        let whole = to_messages(&[CHAT_STREAM.as_bytes().to_vec()]);
        prop_assert_eq!(to_messages(&chunks(CHAT_STREAM.as_bytes(), &cuts)), whole);
    }

    #[test]
    fn stream_translators_never_panic(parts in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..64), 0..8), cut in any::<usize>()) {
        to_chat(&parts);
        to_messages(&parts);
        // Cut real streams anywhere, and feed them to the wrong translator.
        for s in [ANTHROPIC_STREAM, CHAT_STREAM] {
            let bytes = s.as_bytes();
            let prefix = &bytes[..cut % (bytes.len() + 1)];
            to_chat(&[prefix.to_vec()]);
            to_messages(&[prefix.to_vec()]);
        }
    }

    #[test]
    fn pure_translations_never_panic(value in json_value(), status in 100u16..600, bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = openai_to_anthropic::request(&value, "m", 1);
        let _ = anthropic_to_openai::request(&value, "m");
        let _ = openai_to_anthropic::response(&value, 0, &mut Vec::new());
        let _ = anthropic_to_openai::response(&value, &mut Vec::new());
        let _ = openai_to_anthropic::error(&bytes);
        let _ = anthropic_to_openai::error(status, &bytes);
        let wrapped = json!({ "messages": [value.clone()], "tools": [value.clone()], "tool_choice": value.clone(), "stop": value.clone() });
        let _ = openai_to_anthropic::request(&wrapped, "m", 1);
        let _ = anthropic_to_openai::request(&wrapped, "m");
    }

    /// Through the route stage and the upstream stage on the test host: any answer (status,
    /// content type, bytes, chunking) is handled without a panic or a stall.
    #[test]
    fn the_upstream_stage_survives_any_answer(
        status in prop_oneof![Just(200u16), Just(400), Just(429), Just(500), 100u16..600],
        sse in any::<bool>(),
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..200),
            Just(ANTHROPIC_STREAM.as_bytes().to_vec()),
            Just(CHAT_STREAM.as_bytes().to_vec()),
        ],
        cuts in prop::collection::vec(any::<usize>(), 0..6),
        anthropic_client in any::<bool>(),
    ) {
        let gw = gateway();
        let (path, request) = if anthropic_client {
            ("/v1/messages", json!({ "model": "gpt-4o", "max_tokens": 5, "messages": [{ "role": "user", "content": "hi" }] }))
        } else {
            ("/v1/chat/completions", json!({ "model": "claude-x", "messages": [{ "role": "user", "content": "hi" }] }))
        };
        let routed = gw.route(TestHost::default(), &Message::json_request(path, request.to_string().as_bytes()));
        let sent = routed.upstream.clone().unwrap();
        let backend = sent.header("x-llm-backend").unwrap().to_string();
        let mut host = TestHost::default().with_property(&BACKEND_METADATA, backend.as_bytes());
        host.filter_state = routed.host.filter_state.clone();
        let request = Message {
            headers: sent.headers.iter().map(|(n, v)| (n.clone(), v.as_bytes().to_vec())).collect(),
            ..Message::default()
        }
        .body(&sent.body);
        let mut session = llm_filters_core::session::Filter::new_session(&gw.upstream, 1);
        let content_type = if sse { "text/event-stream" } else { "application/json" };
        let offsets: Vec<usize> = cuts.iter().map(|c| c % (body.len() + 1)).collect();
        let out = llm_filters_core::testing::run(&mut session, host, &request, |_| {
            Message::response(status, content_type, &body).split_at(&offsets)
        });
        prop_assert!(!out.stalled);
        prop_assert!(out.client.is_some());
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[a-z_]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("user"),
            Just("assistant"),
            Just("tool"),
            Just("system"),
            Just("text"),
            Just("tool_use"),
            Just("image_url"),
            Just("function")
        ]
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("role"),
                        Just("content"),
                        Just("type"),
                        Just("text"),
                        Just("messages"),
                        Just("tool_calls"),
                        Just("function"),
                        Just("arguments"),
                        Just("image_url"),
                        Just("url"),
                        Just("source"),
                        Just("input"),
                        Just("choices"),
                        Just("message"),
                        Just("delta"),
                        Just("usage"),
                        Just("error"),
                        Just("tools"),
                        Just("name")
                    ]
                    .prop_map(str::to_string),
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

#[test]
fn an_openai_client_gets_a_chat_answer_from_the_anthropic_attempt() {
    let gw = gateway();
    let request = json!({ "model": "claude-x", "messages": [{ "role": "user", "content": "hi" }], "max_tokens": 7 });
    let routed = gw.route(
        TestHost::default(),
        &Message::json_request("/v1/chat/completions", request.to_string().as_bytes()),
    );
    let sent = routed.upstream.clone().unwrap();
    let mut host = TestHost::default().with_property(&BACKEND_METADATA, b"claude");
    host.filter_state = routed.host.filter_state.clone();
    let upstream_request = Message {
        headers: sent
            .headers
            .iter()
            .map(|(n, v)| (n.clone(), v.as_bytes().to_vec()))
            .collect(),
        ..Message::default()
    }
    .body(&sent.body);
    let answer = r#"{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[{"type":"text","text":"Hello"}],"stop_reason":"max_tokens","stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":7}}"#;
    let mut session = llm_filters_core::session::Filter::new_session(&gw.upstream, 1);
    let out = llm_filters_core::testing::run(&mut session, host, &upstream_request, |_| {
        Message::response(200, "application/json", answer.as_bytes()).split_at(&[5, 50, 100])
    });
    let provider = out.upstream.as_ref().unwrap();
    assert_eq!(provider.header(":path"), Some("/v1/messages"));
    assert_eq!(provider.header("anthropic-version"), Some("2023-06-01"));
    assert_eq!(
        serde_json::from_slice::<Value>(&provider.body).unwrap(),
        json!({ "model": "claude-x", "messages": [{ "role": "user", "content": "hi" }], "max_tokens": 7 })
    );
    let client: Value = serde_json::from_str(&out.client_body()).unwrap();
    assert_eq!(client["choices"][0]["message"]["content"], "Hello");
    assert_eq!(client["choices"][0]["finish_reason"], "length");
    assert_eq!(client["usage"]["total_tokens"], 10);
    assert_eq!(
        out.host
            .counter("llm_router.translations.from.openai.to.anthropic"),
        1
    );
}

#[test]
fn an_untranslatable_request_gets_a_400_in_the_clients_shape() {
    let gw = gateway();
    let routed = gw.route(
        TestHost::default(),
        &Message::json_request(
            "/v1/chat/completions",
            br#"{"model":"claude-x","messages":"hi"}"#,
        ),
    );
    let sent = routed.upstream.clone().unwrap();
    let out = gw.attempt(&routed, &sent, "claude");
    // The headers went on, the body never does. The upstream stage cannot hold the headers:
    // on Envoy 1.40 an upstream filter that pauses its request headers is not resumed when its
    // body callback continues (tried: every translated request hung until the 504).
    assert!(out
        .upstream
        .as_ref()
        .is_none_or(|s| !s.complete && s.body.is_empty()));
    assert_eq!(out.status(), Some(400));
    let body: Value = serde_json::from_str(&out.client_body()).unwrap();
    assert_eq!(body["error"]["type"], "invalid_request_error");
}

#[test]
fn models_are_listed_only_with_list_models() {
    let config = |list: bool| {
        json!({ "default": {
            "aliases": { "fast": "gpt-4o-mini" },
            "backends": { "claude": { "schema": "anthropic" }, "openai": {} },
            "routes": [{ "models": ["claude-x", "claude-*"], "targets": [{ "backend": "claude" }] }],
            "defaultBackend": "openai",
            "listModels": list
        }})
    };
    let get = Message::new(&[
        (":method", "GET"),
        (":path", "/v1/models"),
        (":authority", "gw"),
    ]);
    let out = Gateway::new(&config(true)).route(TestHost::default(), &get);
    assert!(out.upstream.is_none());
    assert_eq!(out.status(), Some(200));
    assert_eq!(
        serde_json::from_str::<Value>(&out.client_body()).unwrap(),
        json!({ "object": "list", "data": [
            { "id": "claude-x", "object": "model", "created": 0, "owned_by": "claude" },
            { "id": "fast", "object": "model", "created": 0, "owned_by": "openai" } ] })
    );
    let out = Gateway::new(&config(false)).route(TestHost::default(), &get);
    assert!(out.replied.is_none());
    assert_eq!(
        out.upstream.unwrap().header("x-llm-backend"),
        Some("openai")
    );
}

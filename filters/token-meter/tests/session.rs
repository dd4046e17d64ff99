//! token-meter's session driven natively by the test host: the issue-8 cases it owns (body-less
//! requests, non-UTF-8 header bytes, the trust boundary) and the phases around them.

mod common;

use common::{host, meter, record, state_u64};
use llm_filters_core::contract::state;
use llm_filters_core::session::Filter;
use llm_filters_core::testing::{chat_answer, run, Message, Sent};
use serde_json::{json, Value};
use token_meter::quota::record_key;

const CHAT: &[u8] = br#"{"model":"gpt-4o","messages":[{"role":"user","content":"Say hello"}]}"#;

fn get(path: &str) -> Message {
    Message::new(&[
        (":method", "GET"),
        (":path", path),
        (":authority", "gateway"),
    ])
}

fn models_answer(_: &Sent) -> Message {
    Message::response(
        200,
        "application/json",
        br#"{"object":"list","data":[{"id":"gpt-4o","object":"model"}]}"#,
    )
}

fn quota_config() -> Value {
    json!({ "default": { "client": { "header": "x-client" }, "quota": { "requestsPerMinute": 100 } } })
}

/// An OpenAI chat stream: one chunk per text part, then the usage chunk and `[DONE]`.
fn openai_stream(parts: &[&str], usage: Option<(u64, u64)>) -> Vec<u8> {
    let mut out = String::new();
    for part in parts {
        let event = json!({"id": "c", "object": "chat.completion.chunk", "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": {"content": part}, "finish_reason": null}]});
        out.push_str(&format!("data: {event}\n\n"));
    }
    if let Some((input, output)) = usage {
        let event = json!({"id": "c", "object": "chat.completion.chunk", "model": "gpt-4o-mini", "choices": [],
            "usage": {"prompt_tokens": input, "completion_tokens": output, "total_tokens": input + output}});
        out.push_str(&format!("data: {event}\n\n"));
    }
    out.push_str("data: [DONE]\n\n");
    out.into_bytes()
}

// Issue 8, item 1: body-less requests crashed the response phase.
#[test]
fn get_models_without_a_body_is_answered_and_settled() {
    let (filter, store) = meter(&quota_config());
    let mut session = filter.new_session(1);
    let out = run(
        &mut session,
        host(&store),
        &get("/v1/models").header("x-client", b"team-a"),
        models_answer,
    );
    assert!(!out.stalled);
    let upstream = out.upstream.as_ref().expect("forwarded");
    assert!(upstream.complete && upstream.body.is_empty());
    assert_eq!(out.status(), Some(200));
    assert_eq!(
        out.client_body(),
        r#"{"object":"list","data":[{"id":"gpt-4o","object":"model"}]}"#
    );
    // Settled: nothing to charge, but the request counts and the access log has its numbers.
    assert_eq!(
        out.host.filter_state_str("token_meter.total_tokens"),
        Some("0")
    );
    assert_eq!(
        out.host.filter_state_str("token_meter.client"),
        Some("team-a")
    );
    assert_eq!(
        out.host
            .counter("token_meter.requests.route._.model.other.backend._"),
        1
    );
    // Listing the models is no LLM call: the client's quota is not spent (nor announced).
    assert_eq!(record(&store, "team-a").minute.requests, 0);
    assert_eq!(
        out.client.unwrap().header("x-ratelimit-remaining-requests"),
        None
    );
    // The next chat request is the client's first.
    let chat = Message::new(&[(":method", "POST"), (":path", "/v1/chat/completions")])
        .header("x-client", b"team-a")
        .body(CHAT);
    let out = run(
        &mut filter.new_session(2),
        host(&store),
        &chat,
        chat_answer("Hello"),
    );
    assert_eq!(
        out.client.unwrap().header("x-ratelimit-remaining-requests"),
        Some("99")
    );
    assert_eq!(record(&store, "team-a").minute.requests, 1);
}

#[test]
fn post_with_content_length_zero_gets_the_upstream_status() {
    let (filter, store) = meter(&json!({ "default": {} }));
    let request = Message::new(&[
        (":method", "POST"),
        (":path", "/v1/chat/completions"),
        ("content-type", "application/json"),
        ("content-length", "0"),
    ]);
    let error = br#"{"error":{"message":"no body","type":"invalid_request_error","param":null,"code":null}}"#;
    let out = run(&mut filter.new_session(2), host(&store), &request, |_| {
        Message::response(400, "application/json", error)
    });
    assert!(!out.stalled && out.upstream.as_ref().unwrap().complete);
    assert_eq!(out.status(), Some(400));
    assert_eq!(out.client_body().as_bytes(), error);
    // An error without usage was not billed.
    assert_eq!(
        out.host.filter_state_str("token_meter.total_tokens"),
        Some("0")
    );
    assert_eq!(
        out.host.filter_state_str("token_meter.estimated"),
        Some("false")
    );
}

#[test]
fn body_less_requests_of_every_method_and_bodyless_answers() {
    let (filter, store) = meter(&quota_config());
    for (i, method) in ["GET", "HEAD", "DELETE", "OPTIONS", "POST"]
        .into_iter()
        .enumerate()
    {
        let request = Message::new(&[(":method", method), (":path", "/v1/models/x")])
            .header("x-client", b"c");
        // 204: the answer has no body either.
        let out = run(
            &mut filter.new_session(i as u64),
            host(&store),
            &request,
            |_| Message::new(&[(":status", "204")]),
        );
        assert!(!out.stalled, "{method}");
        assert_eq!(out.status(), Some(204), "{method}");
        assert!(out.client.as_ref().unwrap().complete, "{method}");
        assert_eq!(
            state_u64(&out.host, "token_meter.total_tokens"),
            Some(0),
            "{method}"
        );
    }
    // GET and HEAD of a model are no LLM calls: only the other three spent the quota.
    assert_eq!(record(&store, "c").minute.requests, 3);
}

// Issue 8, item 3: header bytes that are not UTF-8, from the client and from the provider.
#[test]
fn non_utf8_header_bytes_from_client_and_provider() {
    let (filter, store) = meter(&quota_config());
    let request = Message::json_request("/v1/chat/completions", CHAT)
        .header("x-client", b"caf\xe9")
        .header("x-note", b"\xff\xfe\x80");
    let out = run(&mut filter.new_session(3), host(&store), &request, |sent| {
        let answer = chat_answer("hi")(sent);
        answer.header("x-provider", b"\xc3\x28 \xf0\x28\x8c\xbc")
    });
    assert!(!out.stalled);
    assert_eq!(out.status(), Some(200));
    // The bytes are read as replacement characters: the id is still one stable client.
    assert_eq!(
        out.host.filter_state_str("token_meter.client"),
        Some("caf\u{fffd}")
    );
    assert_eq!(record(&store, "caf\u{fffd}").minute.requests, 1);
    assert_eq!(state_u64(&out.host, "token_meter.total_tokens"), Some(12));
}

fn budget_config() -> Value {
    json!({ "default": {
        "client": { "header": "x-client" },
        "prices": { "*": { "input": 1, "output": 1 } },
        "budget": { "limitUsd": 1, "fallbackAtPercent": 50, "fallbackModel": "small" }
    }})
}

// Trust boundary: the budget fallback reaches model-router through filter state, never a header.
#[test]
fn budget_fallback_is_filter_state_never_a_header() {
    let (filter, store) = meter(&budget_config());
    let key = record_key("default", "c");
    token_meter::quota::settle(
        &*store,
        &key,
        1_700_000_000,
        filter.rules().default.as_ref().unwrap().budget.as_ref(),
        &Default::default(),
        0,
        600_000,
    )
    .unwrap();
    let request = Message::json_request("/v1/chat/completions", CHAT).header("x-client", b"c");
    let out = run(
        &mut filter.new_session(4),
        host(&store),
        &request,
        chat_answer("ok"),
    );
    assert_eq!(
        out.host.filter_state_str(state::MODEL_OVERRIDE),
        Some("small")
    );
    let upstream = out.upstream.unwrap();
    assert!(
        upstream
            .headers
            .iter()
            .all(|(n, _)| !n.starts_with("x-llm-")),
        "{:?}",
        upstream.headers
    );
    assert_eq!(upstream.body, CHAT, "the body is model-router's to rewrite");
}

#[test]
fn a_forged_override_header_sets_nothing() {
    let (filter, store) = meter(&budget_config());
    let request = Message::json_request("/v1/chat/completions", CHAT)
        .header("x-client", b"c")
        .header("x-llm-model-override", b"claude-opus-4-1");
    let out = run(
        &mut filter.new_session(5),
        host(&store),
        &request,
        chat_answer("ok"),
    );
    assert_eq!(out.status(), Some(200));
    assert_eq!(
        out.host.filter_state_str(state::MODEL_OVERRIDE),
        None,
        "budget not at its threshold"
    );
}

// Trust boundary: labels and price come from what model-router published, not request headers.
#[test]
fn labels_come_from_router_filter_state_not_request_headers() {
    let config = json!({ "default": { "prices": { "gpt-4o-mini": { "input": 1, "output": 1 }, "gpt-4o": { "input": 100, "output": 100 } } } });
    let (filter, store) = meter(&config);
    let request = Message::json_request("/v1/chat/completions", CHAT)
        .header("x-llm-model", b"gpt-4o")
        .header("x-llm-backend", b"evil");
    let mut routed = host(&store);
    routed
        .filter_state
        .insert(state::ROUTED_MODEL.into(), b"gpt-4o-mini".to_vec());
    routed
        .filter_state
        .insert(state::ROUTED_BACKEND.into(), b"openai".to_vec());
    let out = run(
        &mut filter.new_session(6),
        routed,
        &request,
        chat_answer("ok"),
    );
    assert_eq!(
        out.host
            .counter("token_meter.requests.route._.model.gpt-4o-mini.backend.openai"),
        1
    );
    assert_eq!(
        out.host.filter_state_str("token_meter.model"),
        Some("gpt-4o-mini")
    );
    assert_eq!(
        out.host.filter_state_str("token_meter.cost_usd"),
        Some("0.000012"),
        "12 tokens at $1 per 1M"
    );

    // Without model-router: the response's own model field; the forged headers count for nothing.
    let out = run(
        &mut filter.new_session(7),
        host(&store),
        &request,
        chat_answer("ok"),
    );
    assert_eq!(
        out.host
            .counter("token_meter.requests.route._.model.gpt-4o-mini.backend._"),
        1
    );
    assert!(
        out.host.counters.keys().all(|k| !k.contains("evil")),
        "{:?}",
        out.host.counters
    );
}

// After a fallback, spend is the answering backend's and priced at its model.
#[test]
fn a_fallback_answer_is_labelled_and_priced_as_the_backend_that_answered() {
    let config = json!({ "default": { "prices": { "gpt-4o-mini": { "input": 1, "output": 1 }, "gpt-4o": { "input": 100, "output": 100 } } } });
    let (filter, store) = meter(&config);
    let request = Message::json_request("/v1/chat/completions", CHAT);
    let mut routed = host(&store);
    for (key, value) in [
        (state::ROUTED_MODEL, "gpt-4o"),
        (state::ROUTED_BACKEND, "openai"),
        (state::ANSWERED_MODEL, "gpt-4o-mini"),
        (state::ANSWERED_BACKEND, "backup"),
    ] {
        routed
            .filter_state
            .insert(key.into(), value.as_bytes().to_vec());
    }
    let out = run(
        &mut filter.new_session(9),
        routed,
        &request,
        chat_answer("ok"),
    );
    assert_eq!(
        out.host
            .counter("token_meter.requests.route._.model.gpt-4o-mini.backend.backup"),
        1,
        "{:?}",
        out.host.counters
    );
    assert_eq!(
        out.host.filter_state_str("token_meter.cost_usd"),
        Some("0.000012"),
        "12 tokens at gpt-4o-mini's $1 per 1M, not gpt-4o's $100"
    );
}

// Trust boundary: the client id header stays at the gateway.
#[test]
fn the_client_id_header_does_not_reach_the_provider() {
    let (filter, store) = meter(&quota_config());
    let request = Message::json_request("/v1/chat/completions", CHAT).header("x-client", b"team-a");
    let out = run(
        &mut filter.new_session(8),
        host(&store),
        &request,
        chat_answer("ok"),
    );
    assert_eq!(out.upstream.as_ref().unwrap().header("x-client"), None);
    assert_eq!(
        out.host.filter_state_str("token_meter.client"),
        Some("team-a")
    );
    // The same for a body-less request (decided in the headers callback).
    let out = run(
        &mut filter.new_session(9),
        host(&store),
        &get("/v1/models").header("x-client", b"team-a"),
        models_answer,
    );
    assert_eq!(out.upstream.as_ref().unwrap().header("x-client"), None);

    let keep = json!({ "default": { "client": { "header": "x-client", "forwardHeader": true } } });
    let (filter, store) = meter(&keep);
    let out = run(
        &mut filter.new_session(10),
        host(&store),
        &request,
        chat_answer("ok"),
    );
    assert_eq!(
        out.upstream.as_ref().unwrap().header("x-client"),
        Some("team-a")
    );
}

#[test]
fn stream_usage_is_asked_for_hidden_and_charged() {
    let (filter, store) = meter(&quota_config());
    let body =
        br#"{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Say hello"}]}"#;
    let request = Message::json_request("/v1/chat/completions", body).header("x-client", b"s");
    let stream = openai_stream(&["Hel", "lo"], Some((9, 2)));
    let out = run(&mut filter.new_session(11), host(&store), &request, |_| {
        Message::response(200, "text/event-stream", &stream).split_at(&[7, 40, 150, 200])
    });
    let upstream: Value = serde_json::from_slice(&out.upstream.as_ref().unwrap().body).unwrap();
    assert_eq!(upstream["stream_options"], json!({"include_usage": true}));
    assert_eq!(
        out.upstream.as_ref().unwrap().header("content-length"),
        Some(upstream.to_string().len().to_string().as_str())
    );
    let client = out.client_body();
    assert!(!client.contains("\"usage\""), "{client}");
    assert_eq!(
        client,
        String::from_utf8(openai_stream(&["Hel", "lo"], None)).unwrap()
    );
    assert_eq!(state_u64(&out.host, "token_meter.total_tokens"), Some(11));
    assert_eq!(
        out.host.filter_state_str("token_meter.estimated"),
        Some("false")
    );
    assert_eq!(record(&store, "s").minute.tokens, 11);
}

// A stream the upstream cuts is settled once, in on_done, by estimate.
#[test]
fn a_cut_stream_is_settled_once_by_estimate() {
    let (filter, store) = meter(
        &json!({ "default": { "client": { "header": "x-client" }, "quota": { "tokensPerMinute": 1000 } } }),
    );
    let body =
        br#"{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Say hello"}]}"#;
    let request = Message::json_request("/v1/chat/completions", body).header("x-client", b"cut");
    let stream = openai_stream(&["hello", " world", " again"], Some((9, 3)));
    let mut session = filter.new_session(12);
    let mut out = run(&mut session, host(&store), &request, |_| {
        let mut m = Message::response(200, "text/event-stream", &stream).split_at(&[60, 240]);
        m.cut_after = Some(2);
        m
    });
    assert!(!out.stalled);
    let charged = state_u64(&out.host, "token_meter.total_tokens").unwrap();
    assert_eq!(
        out.host.filter_state_str("token_meter.estimated"),
        Some("true")
    );
    // 9 prompt tokens counted locally plus the text the client saw.
    assert_eq!(state_u64(&out.host, "token_meter.input_tokens"), Some(9));
    assert!(charged > 9);
    assert_eq!(record(&store, "cut").minute.tokens, charged);
    // Envoy may report the end twice (reset, then log): still charged once.
    llm_filters_core::session::Session::on_done(&mut session, &mut out.host);
    assert_eq!(record(&store, "cut").minute.tokens, charged);
    assert_eq!(
        out.host
            .counter("token_meter.requests.route._.model.other.backend._"),
        1
    );
}

#[test]
fn usage_headers_hold_the_json_answer_until_read() {
    let (filter, store) = meter(&json!({ "default": { "usageHeaders": true } }));
    let request = Message::json_request("/v1/chat/completions", CHAT);
    let out = run(
        &mut filter.new_session(13),
        host(&store),
        &request,
        |sent| chat_answer("ok")(sent).split_at(&[5, 50, 100]),
    );
    assert!(!out.stalled);
    let client = out.client.unwrap();
    assert_eq!(client.header("x-llm-usage-total-tokens"), Some("12"));
    assert!(client.complete);
}

// A reply without usage (another filter's or Envoy's own 503) releases the reservation.
#[test]
fn an_error_without_usage_costs_nothing() {
    let (filter, store) = meter(
        &json!({ "default": { "client": { "header": "x-client" }, "quota": { "tokensPerMinute": 1000 } } }),
    );
    let request = Message::json_request("/v1/chat/completions", CHAT).header("x-client", b"e");
    let out = run(&mut filter.new_session(14), host(&store), &request, |_| {
        Message::response(503, "text/plain", b"upstream connect error")
    });
    assert_eq!(out.status(), Some(503));
    assert_eq!(record(&store, "e").minute.tokens, 0);
    assert_eq!(record(&store, "e").minute.requests, 1);
}

#[test]
fn refusals_reply_in_the_openai_shape_and_nothing_goes_upstream() {
    let (filter, store) = meter(
        &json!({ "default": { "client": { "header": "x-client", "default": null }, "quota": { "requestsPerMinute": 1 } } }),
    );
    let out = run(
        &mut filter.new_session(15),
        host(&store),
        &Message::json_request("/v1/chat/completions", CHAT),
        chat_answer("x"),
    );
    assert!(out.upstream.is_none() && !out.stalled);
    assert_eq!(out.status(), Some(401));
    let error: Value = serde_json::from_str(&out.client_body()).unwrap();
    assert_eq!(error["error"]["code"], "missing_client_id");
    assert_eq!(
        out.host
            .counter("token_meter.rejections.reason.missing_client"),
        1
    );
}

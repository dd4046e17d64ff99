//! Session tests: whole exchanges through the native test host, one per case of issue 8 that
//! model-router owns (the numbers are the issue's).

mod common;

use common::*;
use llm_filters_core::contract::state;
use llm_filters_core::testing::{Message, TestHost};
use serde_json::{json, Value};

/// Two backends with fallback and keys, aliases, a strict-mode rule set.
fn config(strict: bool) -> Value {
    json!({ "default": {
        "strict": strict,
        "aliases": { "fast": "gpt-4o-mini", "cheap": "mock-small" },
        "backends": {
            "openai": { "auth": { "secretEnv": "OPENAI" }, "stripClientAuth": true, "fallback": ["anthropic"] },
            "anthropic": { "auth": { "secretEnv": "ANTHROPIC", "header": "x-api-key" }, "stripClientAuth": true },
            "local": { "modelNameOverride": "llama-3.1-8b" }
        },
        "routes": [
            { "models": ["gpt-4o*"], "targets": [{ "backend": "openai" }], "fallbackModels": { "anthropic": "claude-3-5-haiku-20241022" } },
            { "models": ["mock-small"], "targets": [{ "backend": "local" }] }
        ],
        "defaultBackend": "local",
        "removeHeaders": ["x-client-id"],
        "maxBodyBytes": 4096
    }})
}

fn chat(model: &str) -> Vec<u8> {
    json!({ "model": model, "messages": [{ "role": "user", "content": "hi" }] })
        .to_string()
        .into_bytes()
}

fn request(body: &[u8]) -> Message {
    Message::json_request("/v1/chat/completions", body)
}

/// Every client-forgeable internal header, as issue 8 case 5 found them.
fn forged(message: Message) -> Message {
    message
        .header("x-llm-fallback-plan", b"openai=x;anthropic=claude-opus-4-1")
        .header("x-llm-backend", b"anthropic")
        .header("x-llm-model", b"claude-opus-4-1")
        .header("x-llm-fallback-from", b"openai")
        .header("x-llm-model-override", b"claude-opus-4-1")
        .header("X-LLM-Anything", b"1")
        .header("x-client-id", b"team-a")
}

// Case 5: a client-sent plan, backend, model, fallback-from or override changes nothing.
#[test]
fn forged_internal_headers_change_nothing_and_never_reach_the_provider() {
    let gw = Gateway::new(&config(true));
    let (plain, plain_provider) = gw.provider_gets(&request(&chat("gpt-4o")));
    let (routed, provider) = gw.provider_gets(&forged(request(&chat("gpt-4o"))));
    assert!(!routed.stalled && routed.replied.is_none());

    let sent = routed.upstream.clone().unwrap();
    assert_eq!(
        sent.header("x-llm-backend"),
        Some("openai"),
        "the router's choice, not the client's"
    );
    assert_eq!(sent.header("x-llm-model"), Some("gpt-4o"));
    assert_eq!(sent.header("x-llm-fallback-plan"), None);
    assert_eq!(sent.header("x-llm-fallback-from"), None);
    assert_eq!(sent.header("x-llm-anything"), None);
    assert_eq!(
        routed.host.filter_state_str(state::FALLBACK_PLAN),
        Some("d|openai=gpt-4o;anthropic=claude-3-5-haiku-20241022|/v1/chat/completions")
    );
    assert_eq!(
        routed.host.filter_state, plain.host.filter_state,
        "same decision as without the forged headers"
    );

    let provider = provider.unwrap();
    assert_eq!(json_body(&provider)["model"], "gpt-4o");
    assert_eq!(
        provider.header("authorization"),
        Some("Bearer key-of-OPENAI")
    );
    assert!(
        internal_headers(&provider).is_empty(),
        "{:?}",
        provider.headers
    );
    assert_eq!(provider.header("x-client-id"), None, "removeHeaders");
    let mut without_client_id = provider.headers.clone();
    without_client_id.sort();
    let mut expected = plain_provider.unwrap().headers;
    expected.sort();
    assert_eq!(without_client_id, expected);
}

#[test]
fn a_forged_plan_at_the_upstream_stage_is_ignored() {
    // No filter state from the route stage (e.g. it did not run): the header plan is not read.
    let gw = Gateway::new(&config(false));
    let sent = llm_filters_core::testing::Sent {
        headers: vec![
            (":method".into(), "POST".into()),
            (":path".into(), "/v1/chat/completions".into()),
            (
                "x-llm-fallback-plan".into(),
                "openai=x;anthropic=claude-opus-4-1".into(),
            ),
            ("x-llm-backend".into(), "anthropic".into()),
            ("x-client-id".into(), "team-a".into()),
        ],
        body: chat("gpt-4o"),
        complete: true,
    };
    let host = TestHost::default().with_property(&BACKEND_METADATA, b"anthropic");
    let out = gw.attempt_with(host, &sent);
    let provider = out.upstream.unwrap();
    assert_eq!(json_body(&provider)["model"], "gpt-4o", "body untouched");
    assert_eq!(
        provider.header("x-api-key"),
        None,
        "no key for a plan the router did not make"
    );
    assert!(internal_headers(&provider).is_empty());
    assert_eq!(provider.header("x-client-id"), None);

    // A forged filter-state-looking header is just a header too.
    let mut forged_state = TestHost::default().with_property(&BACKEND_METADATA, b"anthropic");
    forged_state
        .filter_state
        .insert(state::FALLBACK_PLAN.into(), b"not a plan".to_vec());
    let out = gw.attempt_with(forged_state, &sent);
    assert_eq!(json_body(out.upstream.as_ref().unwrap())["model"], "gpt-4o");
}

#[test]
fn fallback_attempt_gets_its_model_and_key_from_the_filter_state_plan() {
    let gw = Gateway::new(&config(true));
    let routed = gw.route(
        TestHost::default(),
        &forged(request(&chat("gpt-4o")).header("authorization", b"Bearer client")),
    );
    let sent = routed.upstream.clone().unwrap();
    // Envoy hands every attempt the same header map: the primary attempt's edits come first.
    let primary = gw.attempt(&routed, &sent, "openai").upstream.unwrap();
    let fallback = gw.attempt(&routed, &primary, "anthropic");
    // The attempt names its backend in the answer; the route stage counts the fallback
    // (downstream, so the series is the same on both builds).
    let answer = fallback.client.as_ref().unwrap();
    assert_eq!(answer.header("x-llm-answered-by"), Some("anthropic"));
    assert_eq!(
        fallback
            .host
            .counter("llm_router.fallbacks.from.openai.to.anthropic"),
        0
    );
    let provider = fallback.upstream.unwrap();
    assert_eq!(json_body(&provider)["model"], "claude-3-5-haiku-20241022");
    assert_eq!(json_body(&provider)["messages"][0]["content"], "hi");
    assert_eq!(provider.header("x-api-key"), Some("key-of-ANTHROPIC"));
    assert_eq!(
        provider.header("authorization"),
        None,
        "neither the client's nor the primary's key"
    );
    assert_eq!(
        provider.header("content-length"),
        None,
        "length changed with the body"
    );
    assert!(internal_headers(&provider).is_empty());
    assert_eq!(provider.header("x-client-id"), None);
}

#[test]
fn budget_override_from_filter_state_goes_through_aliases_and_strict_mode() {
    let gw = Gateway::new(&config(true));
    let mut host = TestHost::default();
    host.filter_state
        .insert(state::MODEL_OVERRIDE.into(), b"cheap".to_vec());
    let out = gw.route(host, &request(&chat("gpt-4o")));
    let sent = out.upstream.unwrap();
    assert_eq!(sent.header("x-llm-backend"), Some("local"));
    assert_eq!(json_body(&sent)["model"], "llama-3.1-8b");
    assert_eq!(
        out.host.filter_state_str(state::ROUTED_MODEL),
        Some("llama-3.1-8b")
    );
    assert_eq!(
        out.host.filter_state_str(state::ROUTED_BACKEND),
        Some("local")
    );

    // Strict: a budget model no rule serves is refused like any unknown model.
    let mut host = TestHost::default();
    host.filter_state
        .insert(state::MODEL_OVERRIDE.into(), b"claude-opus-4-1".to_vec());
    let out = gw.route(host, &request(&chat("gpt-4o")));
    assert_eq!(out.status(), Some(400));
    assert_eq!(error_of(&out)["error"]["code"], "model_not_found");
    assert!(out.upstream.is_none());

    // The same name as a header from the client is not an override.
    let out = gw.route(
        TestHost::default(),
        &request(&chat("gpt-4o")).header("x-llm-model-override", b"cheap"),
    );
    assert_eq!(
        out.upstream.unwrap().header("x-llm-backend"),
        Some("openai")
    );
}

#[test]
fn a_configured_override_header_is_a_client_choice_like_the_body() {
    let mut cfg = config(true);
    cfg["default"]["overrideHeader"] = json!("x-model-override");
    let gw = Gateway::new(&cfg);
    let (out, provider) =
        gw.provider_gets(&request(&chat("gpt-4o")).header("x-model-override", b"fast"));
    assert_eq!(
        out.upstream.unwrap().header("x-llm-backend"),
        Some("openai")
    );
    let provider = provider.unwrap();
    assert_eq!(
        json_body(&provider)["model"],
        "gpt-4o-mini",
        "alias applied"
    );
    assert_eq!(provider.header("x-model-override"), None, "not forwarded");

    let out = gw.route(
        TestHost::default(),
        &request(&chat("gpt-4o")).header("x-model-override", b"claude-opus-4-1"),
    );
    assert_eq!(
        (out.status(), error_of(&out)["error"]["code"].clone()),
        (Some(400), json!("model_not_found"))
    );
    let out = gw.route(
        TestHost::default(),
        &request(&chat("gpt-4o")).header("x-model-override", b"gpt-4o\xe9"),
    );
    assert_eq!(
        (out.status(), error_of(&out)["error"]["code"].clone()),
        (Some(400), json!("invalid_model"))
    );
}

// Case 10: the model string is validated before it goes anywhere.
#[test]
fn invalid_model_strings_get_an_openai_shaped_400() {
    let gw = Gateway::new(&config(false));
    for model in [
        "gpt-4o\r\nx-forged: 1",
        "gpt-4o\n[access log line]",
        "",
        "gpt 4o",
        "é",
        &"a".repeat(257),
    ] {
        let out = gw.route(TestHost::default(), &request(&chat(model)));
        assert_eq!(out.status(), Some(400), "{model:?}");
        assert!(out.upstream.is_none());
        let error = error_of(&out);
        assert_eq!(error["error"]["type"], "invalid_request_error");
        assert_eq!(error["error"]["param"], "model");
        assert_eq!(error["error"]["code"], "invalid_model");
        assert!(
            !out.client_body().contains("forged") && !out.client_body().contains("aaaa"),
            "never echoed"
        );
        assert_eq!(
            out.host
                .counter("llm_router.rejections.reason.invalid_model"),
            1
        );
        // Only the trust boundary mark: no routing state for a refused model.
        assert!(out.host.filter_state.keys().all(|k| k == state::BOUNDARY));
    }
    let longest = "a".repeat(256);
    assert!(gw
        .route(TestHost::default(), &request(&chat(&longest)))
        .upstream
        .is_some());
}

// Case 3: header bytes that are not UTF-8.
#[test]
fn non_utf8_header_bytes_neither_panic_nor_steer() {
    let gw = Gateway::new(&config(false));
    let message = request(&chat("gpt-4o"))
        .header("x-note", b"caf\xe9")
        .header("x-request-id", b"\xff\xfe")
        .header("x-llm-backend", b"anth\xffropic");
    let (out, provider) = gw.provider_gets(&message);
    assert!(!out.stalled);
    assert_eq!(
        out.upstream.unwrap().header("x-llm-backend"),
        Some("openai")
    );
    assert!(internal_headers(&provider.unwrap()).is_empty());
}

// Case 1 (model-router's part): requests without a body.
#[test]
fn bodyless_requests_are_routed_untouched() {
    let gw = Gateway::new(&config(true));
    // (`GET /v1/models` with `listModels` is the router's own answer: translate_props.rs.)
    let models = Message::new(&[
        (":method", "GET"),
        (":path", "/v1/models"),
        (":authority", "gw"),
    ]);
    let (out, provider) = gw.provider_gets(&models);
    assert!(!out.stalled && out.replied.is_none());
    let sent = out.upstream.unwrap();
    assert!(sent.complete && sent.body.is_empty());
    assert_eq!(sent.header("x-llm-backend"), Some("local"));
    let provider = provider.unwrap();
    assert!(internal_headers(&provider).is_empty());
    assert_eq!(provider.header(":path"), Some("/v1/models"));

    let empty = Message::new(&[
        (":method", "POST"),
        (":path", "/v1/chat/completions"),
        ("content-length", "0"),
    ]);
    let out = gw.route(TestHost::default(), &empty);
    assert!(!out.stalled);
    assert_eq!(out.upstream.unwrap().header("x-llm-backend"), Some("local"));

    // Headers without end of stream, then an empty last chunk.
    let mut zero_chunk = Message::new(&[(":method", "POST"), (":path", "/v1/chat/completions")]);
    zero_chunk.chunks = vec![Vec::new()];
    let out = gw.route(TestHost::default(), &zero_chunk);
    assert!(!out.stalled);
    let sent = out.upstream.unwrap();
    assert!(sent.complete && sent.body.is_empty());
    assert_eq!(sent.header("x-llm-backend"), Some("local"));
}

#[test]
fn strict_without_a_default_refuses_bodyless_requests_clearly() {
    let mut cfg = config(true);
    cfg["default"]
        .as_object_mut()
        .unwrap()
        .remove("defaultBackend");
    let gw = Gateway::new(&cfg);
    let out = gw.route(
        TestHost::default(),
        &Message::new(&[(":method", "GET"), (":path", "/v1/models")]),
    );
    assert_eq!(out.status(), Some(400));
    assert_eq!(error_of(&out)["error"]["type"], "invalid_request_error");
    assert!(!out.stalled);
}

/// Paths that are no LLM API (the provider's files, batches, admin endpoints; Assistants'
/// thread messages; stored responses) are refused unless `otherPaths: pass` lends the key.
#[test]
fn other_paths_are_refused_unless_configured_to_pass() {
    let gw = Gateway::new(&config(true));
    for (method, path) in [
        ("GET", "/v1/files"),
        ("DELETE", "/v1/files/file-123"),
        ("POST", "/v1/batches"),
        ("GET", "/v1/organization/api_keys"),
        ("POST", "/v1/threads/t1/messages"),
        ("GET", "/v1/responses/resp_1"),
        ("POST", "/v1/messages/count_tokens"),
        ("GET", "/"),
        ("GET", "//"),
        // Read as another path by a server that resolves dot-segments or escapes.
        ("GET", "/v1/files/models/.."),
        ("GET", "/v1/chat/completions/models/.."),
        ("GET", "/v1/batches/models/%2e%2e"),
        ("GET", "/v1/models/..%2F..%2Fv1%2Ffiles"),
        ("GET", "/v1/files;/models"),
        ("GET", "/v1/./files/models"),
        ("POST", "/v1/files/../chat/completions"),
        ("GET", "/v1/files\\models"),
    ] {
        let out = gw.route(
            TestHost::default(),
            &Message::new(&[(":method", method), (":path", path)]),
        );
        assert_eq!(out.status(), Some(404), "{method} {path}");
        assert_eq!(error_of(&out)["error"]["code"], "unknown_endpoint");
        assert!(
            out.upstream.is_none(),
            "{method} {path} reached the provider"
        );
    }
    for (method, path) in [
        ("POST", "/v1/chat/completions"),
        (
            "POST",
            "/openai/deployments/d/chat/completions?api-version=1",
        ),
        ("POST", "/v1/embeddings"),
        ("POST", "/v1/responses"),
        ("POST", "/v1/messages"),
        ("GET", "/v1/models/gpt-4o"),
        ("GET", "//v1/models"),
    ] {
        let empty = Message::new(&[
            (":method", method),
            (":path", path),
            ("content-length", "0"),
        ]);
        let out = gw.route(TestHost::default(), &empty);
        assert!(out.replied.is_none(), "{path}: {}", out.client_body());
        assert_eq!(out.upstream.unwrap().header("x-llm-backend"), Some("local"));
    }
    let mut open = config(true);
    open["default"]["otherPaths"] = serde_json::json!("pass");
    let gw = Gateway::new(&open);
    let out = gw.route(
        TestHost::default(),
        &Message::new(&[(":method", "GET"), (":path", "/v1/files")]),
    );
    assert_eq!(out.upstream.unwrap().header("x-llm-backend"), Some("local"));
}

/// An LLM API path asked with a method its API does not take (`GET /v1/chat/completions` lists
/// the organisation's stored completions) is a 405 naming the method it takes; `otherPaths:
/// pass` forwards it.
#[test]
fn other_methods_on_llm_paths_are_refused_unless_configured_to_pass() {
    let gw = Gateway::new(&config(true));
    for (method, path, allow) in [
        ("GET", "/v1/chat/completions", "POST"),
        ("GET", "/v1/chat/completions?limit=100", "POST"),
        ("DELETE", "/v1/chat/completions", "POST"),
        ("PUT", "/v1/embeddings", "POST"),
        ("GET", "/v1/responses", "POST"),
        (
            "PATCH",
            "/openai/deployments/d/chat/completions?api-version=1",
            "POST",
        ),
        ("get", "/v1/messages", "POST"),
        ("POST", "/v1/models", "GET, HEAD"),
        ("DELETE", "/v1/models/ft:gpt-4o:acme", "GET, HEAD"),
    ] {
        let out = gw.route(
            TestHost::default(),
            &Message::new(&[(":method", method), (":path", path)]),
        );
        assert_eq!(out.status(), Some(405), "{method} {path}");
        assert!(
            out.upstream.is_none(),
            "{method} {path} reached the provider"
        );
        let reply = out.replied.as_ref().unwrap();
        let allow_header = reply.headers.iter().find(|(n, _)| n == "allow");
        assert_eq!(
            allow_header.map(|(_, v)| v.as_str()),
            Some(allow),
            "{method} {path}"
        );
        let error = error_of(&out);
        if path == "/v1/messages" {
            // The Anthropic client gets Anthropic's error shape.
            assert_eq!(error["type"], "error", "{error}");
            assert_eq!(error["error"]["type"], "invalid_request_error");
        } else {
            assert_eq!(error["error"]["code"], "method_not_allowed", "{error}");
            assert_eq!(error["error"]["type"], "invalid_request_error");
        }
    }
    let mut open = config(true);
    open["default"]["otherPaths"] = serde_json::json!("pass");
    let gw = Gateway::new(&open);
    let out = gw.route(
        TestHost::default(),
        &Message::new(&[(":method", "GET"), (":path", "/v1/chat/completions")]),
    );
    assert_eq!(out.upstream.unwrap().header("x-llm-backend"), Some("local"));
}

#[test]
fn duplicate_model_keys_are_refused() {
    let gw = Gateway::new(&config(false));
    for body in [
        &br#"{"model":"mock-small","model":"gpt-4o","messages":[]}"#[..],
        br#"{"model":"gpt-4o","mod\u0065l":"claude-opus-4-1","messages":[]}"#,
    ] {
        let out = gw.route(TestHost::default(), &request(body));
        assert_eq!(out.status(), Some(400));
        assert_eq!(error_of(&out)["error"]["code"], "duplicate_model");
        assert_eq!(error_of(&out)["error"]["param"], "model");
        assert!(out.upstream.is_none());
    }
    // passThrough: like any body the router cannot read, untouched to the default backend.
    let mut cfg = config(false);
    cfg["default"]["onInvalidBody"] = json!("passThrough");
    let body = br#"{"model":"mock-small","model":"gpt-4o"}"#;
    let out = Gateway::new(&cfg).route(TestHost::default(), &request(body));
    let sent = out.upstream.unwrap();
    assert_eq!(sent.body, body);
    assert_eq!(sent.header("x-llm-backend"), Some("local"));
    assert_eq!(
        out.host
            .counter("llm_router.passthrough.reason.duplicate_model"),
        1
    );
}

#[test]
fn escaped_model_strings_route_as_decoded_and_go_out_plain() {
    let gw = Gateway::new(&config(true));
    let body = br#"{"model":"gpt\u002d4o","messages":[{"role":"user","content":"caf\u00e9"}]}"#;
    let (out, provider) = gw.provider_gets(&request(body));
    let sent = out.upstream.unwrap();
    assert_eq!(sent.header("x-llm-backend"), Some("openai"));
    let expected = br#"{"model":"gpt-4o","messages":[{"role":"user","content":"caf\u00e9"}]}"#;
    assert_eq!(sent.body, expected, "only the model's spelling changes");
    assert_eq!(
        sent.header("content-length"),
        Some(expected.len().to_string().as_str())
    );
    assert_eq!(provider.unwrap().body, expected);

    // An escape that decodes to something not allowed is refused.
    let out = gw.route(
        TestHost::default(),
        &request(br#"{"model":"gpt-4o\u000a"}"#),
    );
    assert_eq!(error_of(&out)["error"]["code"], "invalid_model");
}

#[test]
fn bodies_over_max_body_bytes_are_refused_or_streamed_through() {
    let gw = Gateway::new(&config(true));
    let big = json!({ "model": "gpt-4o", "messages": [{ "role": "user", "content": "x".repeat(10_000) }] }).to_string();
    let message = request(big.as_bytes()).split_at(&[1000, 3000, 5000, 9000]);
    let out = gw.route(TestHost::default(), &message);
    assert_eq!(out.status(), Some(413));
    assert_eq!(error_of(&out)["error"]["code"], "request_too_large");
    assert!(out.upstream.is_none() && !out.stalled);

    let mut cfg = config(false);
    cfg["default"]["onInvalidBody"] = json!("passThrough");
    let out = Gateway::new(&cfg).route(TestHost::default(), &message);
    let sent = out.upstream.unwrap();
    assert!(!out.stalled && sent.complete);
    assert_eq!(sent.body, big.as_bytes(), "every chunk, untouched");
    assert_eq!(sent.header("x-llm-backend"), Some("local"));
}

#[test]
fn chunked_bodies_decide_once_at_the_end() {
    let gw = Gateway::new(&config(true));
    let body = chat("fast");
    let out = gw.route(
        TestHost::default(),
        &request(&body).split_at(&[1, 9, 10, 20]),
    );
    let sent = out.upstream.unwrap();
    assert_eq!(json_body(&sent)["model"], "gpt-4o-mini");
    assert!(sent.complete && !out.stalled);
    assert_eq!(
        out.host
            .counter("llm_router.requests.backend.openai.model.gpt-4o-mini"),
        1
    );
}

#[test]
fn trailers_and_cut_streams_never_stall() {
    let gw = Gateway::new(&config(true));
    // The test host, unlike Envoy, hands over no body in the trailers callback: the router
    // must then refuse rather than route a model it has not read.
    let mut with_trailers = request(&chat("claude-opus-4-1"));
    with_trailers.trailers = true;
    let out = gw.route(TestHost::default(), &with_trailers);
    assert!(!out.stalled);
    assert_eq!(out.status(), Some(400));
    assert!(out.upstream.is_none());

    let mut headers_and_trailers =
        Message::new(&[(":method", "POST"), (":path", "/v1/chat/completions")]);
    headers_and_trailers.trailers = true;
    let out = gw.route(TestHost::default(), &headers_and_trailers);
    assert!(!out.stalled);
    assert_eq!(out.upstream.unwrap().header("x-llm-backend"), Some("local"));

    let mut cut = request(&chat("gpt-4o")).split_at(&[5]);
    cut.cut_after = Some(1);
    let out = gw.route(TestHost::default(), &cut);
    assert!(!out.stalled && out.upstream.is_none());
}

#[test]
fn routed_decision_is_published_as_filter_state() {
    let gw = Gateway::new(&config(false));
    let out = gw.route(TestHost::default(), &request(&chat("mystery-model")));
    assert_eq!(
        out.host.filter_state_str(state::ROUTED_BACKEND),
        Some("local")
    );
    assert_eq!(
        out.host.filter_state_str(state::ROUTED_MODEL),
        Some("llama-3.1-8b")
    );
    assert_eq!(
        out.host.filter_state_str(state::FALLBACK_PLAN),
        Some("d||/v1/chat/completions")
    );
}

#[test]
fn the_upstream_stage_uses_the_route_stages_rule_even_when_headers_changed() {
    // The rule matches on :authority, which the route stage rewrites for the backend.
    let cfg = json!({ "rules": [{ "match": { "hosts": ["gw.example"] }, "config": {
        "backends": {
            "a": { "auth": { "secretEnv": "A" }, "host": "api.a.example", "fallback": ["b"] },
            "b": { "auth": { "secretEnv": "B", "header": "x-api-key" }, "host": "api.b.example" }
        },
        "routes": [{ "models": ["*"], "targets": [{ "backend": "a" }] }],
        "defaultBackend": "a"
    }}]});
    let gw = Gateway::new(&cfg);
    let mut message = request(&chat("m-1"));
    message.headers.retain(|(n, _)| n != ":authority");
    let message = message.header(":authority", b"gw.example");
    let routed = gw.route(TestHost::default(), &message);
    let sent = routed.upstream.clone().unwrap();
    assert_eq!(sent.header(":authority"), Some("api.a.example"));
    let fallback = gw.attempt(&routed, &sent, "b").upstream.unwrap();
    assert_eq!(fallback.header(":authority"), Some("api.b.example"));
    assert_eq!(fallback.header("x-api-key"), Some("key-of-B"));
    assert_eq!(fallback.header("authorization"), None);
}

//! model-router end to end: real requests through a real Envoy 1.40 with the built wasm module,
//! asserting what the client got and what the mock LLM received.

use llm_integration::envoy::{Envoy, EnvoyOptions};
use llm_integration::gateways::model_router::{BackendCluster, RouterGateway};
use llm_integration::http::{self, HttpResponse};
use llm_integration::start_mock;
use mock_llm::{Fault, MockConfig, MockServer, RecordedRequest};
use serde_json::{json, Value};

fn mock(name: &str) -> MockServer {
    start_mock(MockConfig {
        name: name.into(),
        ..MockConfig::default()
    })
}

fn failing_mock(name: &str, fault: Fault) -> MockServer {
    start_mock(MockConfig {
        name: name.into(),
        default_fault: Some(fault),
        ..MockConfig::default()
    })
}

fn fault_status(status: u16) -> Fault {
    Fault {
        status: Some(status),
        delay_ms: 0,
        cut_after_events: None,
        only_model: None,
    }
}

fn chat(model: &str) -> Value {
    json!({ "model": model, "messages": [{ "role": "user", "content": "Say hello" }] })
}

/// Nothing internal to the gateway reaches a provider.
fn assert_no_internal_headers(received: &RecordedRequest) {
    let internal: Vec<&(String, String)> = received
        .headers
        .iter()
        .filter(|(name, _)| name.to_ascii_lowercase().starts_with("x-llm-"))
        .collect();
    assert!(
        internal.is_empty(),
        "internal headers reached the provider: {internal:?}"
    );
}

fn post(envoy: &Envoy, headers: &[(&str, &str)], body: &Value) -> HttpResponse {
    http::post_json(&envoy.url("/v1/chat/completions"), headers, body)
}

fn start(gateway: &RouterGateway) -> Envoy {
    Envoy::start(&gateway.bootstrap(), EnvoyOptions::default())
}

fn start_with_env(gateway: &RouterGateway, env: &[(&str, &str)]) -> Envoy {
    let options = EnvoyOptions {
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        log_level: "info".into(),
        ..EnvoyOptions::default()
    };
    Envoy::start(&gateway.bootstrap(), options)
}

/// Two backends, each on its own mock; models `alpha-*` go to alpha, `beta-*` to beta.
fn two_backend_config() -> Value {
    json!({ "default": {
        "backends": { "alpha": {}, "beta": {} },
        "routes": [
            { "models": ["alpha-*"], "targets": [{ "backend": "alpha" }] },
            { "models": ["beta-*"], "targets": [{ "backend": "beta" }] }
        ],
        "defaultBackend": "alpha"
    }})
}

#[test]
fn the_body_alone_decides_the_cluster() {
    let (alpha, beta) = (mock("alpha"), mock("beta"));
    let gateway = RouterGateway::new(
        two_backend_config(),
        vec![
            BackendCluster::new("alpha", alpha.addr()),
            BackendCluster::new("beta", beta.addr()),
        ],
    );
    let envoy = start(&gateway);

    // Same path, same headers: only the body differs.
    let to_beta = post(&envoy, &[], &chat("beta-1"));
    let to_alpha = post(&envoy, &[], &chat("alpha-7"));

    assert_eq!(to_beta.status, 200, "{}", to_beta.text());
    assert_eq!(to_beta.header("x-mock-name"), Some("beta"));
    assert_eq!(to_beta.json()["model"], "beta-1");
    assert_eq!(to_alpha.header("x-mock-name"), Some("alpha"));

    let beta_got = beta.requests();
    assert_eq!(beta_got.len(), 1);
    assert_eq!(beta_got[0].json()["model"], "beta-1");
    assert_no_internal_headers(&beta_got[0]);
    assert_eq!(alpha.requests().len(), 1);
    assert_eq!(alpha.requests()[0].json()["model"], "alpha-7");
    assert_eq!(envoy.stat("cluster.llm_beta.upstream_rq_total"), 1);
}

#[test]
fn aliases_and_overrides_rewrite_the_model_and_keep_everything_else() {
    let (main, small) = (mock("main"), mock("small"));
    let config = json!({ "default": {
        "aliases": { "fast": "gpt-4o-mini" },
        "backends": { "main": {}, "small": { "modelNameOverride": "llama-3.1-8b" } },
        "routes": [
            { "models": ["gpt-4o-mini"], "targets": [{ "backend": "main", "model": "gpt-4o-mini-2024-07-18" }] },
            { "models": ["tiny*"], "targets": [{ "backend": "small" }] }
        ],
        "defaultBackend": "main"
    }});
    let gateway = RouterGateway::new(
        config,
        vec![
            BackendCluster::new("main", main.addr()),
            BackendCluster::new("small", small.addr()),
        ],
    );
    let envoy = start(&gateway);

    let body = json!({
        "messages": [{ "role": "user", "content": "héllo wörld ✓", "x_part_meta": { "k": [1, 2.5, null] } }],
        "model": "fast",
        "temperature": 0.25,
        "vendor_extension": { "nested": { "deep": true } },
        "stream": false
    });
    let response = post(&envoy, &[], &body);
    assert_eq!(response.status, 200, "{}", response.text());
    let received = main
        .requests()
        .pop()
        .expect("main received the request")
        .json();
    let mut expected = body.clone();
    expected["model"] = json!("gpt-4o-mini-2024-07-18");
    assert_eq!(received, expected, "only the model changes");
    assert_eq!(response.json()["model"], "gpt-4o-mini-2024-07-18");

    let response = post(&envoy, &[], &chat("tiny-1"));
    assert_eq!(response.header("x-mock-name"), Some("small"));
    let received = small.requests().pop().unwrap();
    assert_eq!(received.json()["model"], "llama-3.1-8b");
    assert_no_internal_headers(&received);
}

#[test]
fn provider_key_comes_from_the_environment_and_client_keys_are_stripped() {
    let provider = mock("provider");
    let config = json!({ "default": {
        "backends": { "provider": { "auth": { "secretEnv": "E2E_PROVIDER_KEY" }, "stripClientAuth": true,
                                    "host": "api.provider.example" } },
        "defaultBackend": "provider"
    }});
    let mut gateway = RouterGateway::new(
        config,
        vec![BackendCluster::new("provider", provider.addr())],
    );
    gateway.env_keys = vec!["E2E_PROVIDER_KEY".into()];
    let envoy = start_with_env(&gateway, &[("E2E_PROVIDER_KEY", "sk-e2e-provider-secret")]);

    let response = post(
        &envoy,
        &[
            ("authorization", "Bearer client-key"),
            ("x-api-key", "client-key-2"),
        ],
        &chat("m"),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let received = provider.requests().pop().unwrap();
    assert_eq!(
        received.header("authorization"),
        Some("Bearer sk-e2e-provider-secret")
    );
    assert_eq!(received.header("x-api-key"), None);
    assert_eq!(received.header("host"), Some("api.provider.example"));
    assert!(
        !envoy.logs().contains("sk-e2e-provider-secret"),
        "the key must never be logged"
    );
}

#[test]
fn a_missing_secret_fails_the_config_at_load() {
    let provider = mock("provider");
    let config = json!({ "default": {
        "backends": { "provider": { "auth": { "secretEnv": "E2E_UNSET_KEY_FOR_TEST" } } },
        "defaultBackend": "provider"
    }});
    let mut gateway = RouterGateway::new(
        config,
        vec![BackendCluster::new("provider", provider.addr())],
    );
    gateway.env_keys = vec!["E2E_UNSET_KEY_FOR_TEST".into()];
    let error = match Envoy::try_start(&gateway.bootstrap(), EnvoyOptions::default()) {
        Ok(_) => panic!("Envoy must reject the config"),
        Err(e) => e.logs,
    };
    assert!(
        error.contains("backends.provider.auth.secretEnv")
            && error.contains("E2E_UNSET_KEY_FOR_TEST"),
        "the log names field and variable: {error}"
    );
}

#[test]
fn strict_routes_reject_unknown_models_before_any_upstream_call() {
    let upstream = mock("only");
    let config = json!({ "default": {
        "strict": true,
        "backends": { "only": {} },
        "routes": [{ "models": ["known-*"], "targets": [{ "backend": "only" }] }]
    }});
    let gateway = RouterGateway::new(config, vec![BackendCluster::new("only", upstream.addr())]);
    let envoy = start(&gateway);

    let response = post(&envoy, &[], &chat("gpt-imaginary"));
    assert_eq!(response.status, 400);
    let error = response.json();
    assert_eq!(
        error["error"]["message"],
        "model 'gpt-imaginary' is not served on this route"
    );
    assert_eq!(error["error"]["type"], "invalid_request_error");
    assert_eq!(error["error"]["param"], "model");
    assert_eq!(error["error"]["code"], "model_not_found");

    let response = post(&envoy, &[], &chat("known-1"));
    assert_eq!(response.status, 200);
    assert_eq!(
        upstream.requests().len(),
        1,
        "the rejected request never reached the upstream"
    );
    assert_eq!(
        envoy.stat("wasmcustom.llm_router.rejections.reason.unknown_model"),
        1
    );
}

#[test]
fn bad_bodies_get_a_clear_answer_or_pass_through_as_configured() {
    let upstream = mock("u");
    let config = json!({
        "default": { "backends": { "u": {} }, "defaultBackend": "u", "maxBodyBytes": 4096 },
        "rules": [{ "match": { "paths": ["/open/*"] },
                    "config": { "backends": { "u": {} }, "defaultBackend": "u", "onInvalidBody": "passThrough" } }]
    });
    let gateway = RouterGateway::new(config, vec![BackendCluster::new("u", upstream.addr())]);
    let envoy = start(&gateway);

    let not_json = http::request(
        "POST",
        &envoy.url("/v1/chat/completions"),
        &[("content-type", "application/json")],
        b"{\"model\": oops",
    );
    assert_eq!(not_json.status, 400);
    assert_eq!(not_json.json()["error"]["type"], "invalid_request_error");
    assert!(
        !not_json.text().contains("oops"),
        "the body is never echoed"
    );

    let wrong_type = post(&envoy, &[], &json!({ "model": ["a"], "messages": [] }));
    assert_eq!(wrong_type.status, 400);
    assert_eq!(wrong_type.json()["error"]["param"], "model");

    let big =
        json!({ "model": "m", "messages": [{ "role": "user", "content": "x".repeat(10_000) }] });
    let too_large = post(&envoy, &[], &big);
    assert_eq!(too_large.status, 413);
    assert_eq!(too_large.json()["error"]["code"], "request_too_large");
    assert!(upstream.requests().is_empty());

    // passThrough: the default backend gets the bytes exactly as sent.
    let raw = b"this is not json \xe2\x9c\x93".to_vec();
    let passed = http::request(
        "POST",
        &envoy.url("/open/v1/chat/completions"),
        &[("content-type", "text/plain")],
        &raw,
    );
    assert_eq!(
        passed.status, 400,
        "the mock itself answers 400 to non-JSON"
    );
    let got = upstream.requests();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].body, raw);
    assert_no_internal_headers(&got[0]);
    assert_eq!(
        envoy.stat("wasmcustom.llm_router.passthrough.reason.not_json"),
        1
    );
}

#[test]
fn header_rules_override_header_and_bodyless_requests() {
    let (main, canary) = (mock("main"), mock("canary"));
    let config = json!({ "default": {
        "overrideHeader": "x-model-override",
        "backends": { "main": {}, "canary": {} },
        "routes": [
            { "models": ["m-*"], "headers": { "x-tier": "canary" }, "targets": [{ "backend": "canary" }] },
            { "models": ["m-*"], "targets": [{ "backend": "main" }] },
            { "models": ["c-*"], "targets": [{ "backend": "canary" }] }
        ],
        "defaultBackend": "main"
    }});
    let gateway = RouterGateway::new(
        config,
        vec![
            BackendCluster::new("main", main.addr()),
            BackendCluster::new("canary", canary.addr()),
        ],
    );
    let envoy = start(&gateway);

    assert_eq!(
        post(&envoy, &[("x-tier", "canary")], &chat("m-1")).header("x-mock-name"),
        Some("canary")
    );
    assert_eq!(
        post(&envoy, &[], &chat("m-1")).header("x-mock-name"),
        Some("main")
    );

    let overridden = post(&envoy, &[("x-model-override", "c-9")], &chat("m-1"));
    assert_eq!(overridden.header("x-mock-name"), Some("canary"));
    assert_eq!(canary.requests().last().unwrap().json()["model"], "c-9");

    // Bodyless requests go to the default backend (without `listModels`, `/v1/models` too) —
    // those for an LLM API: the provider's other endpoints (files here) are not lent the
    // gateway's key, the client gets a 404 and nothing reaches a provider (`otherPaths`).
    let before = main.requests().len();
    let files = http::request("GET", &envoy.url("/v1/files"), &[], b"");
    assert_eq!(files.status, 404, "{}", files.text());
    assert_eq!(files.json()["error"]["code"], "unknown_endpoint");
    assert_eq!(main.requests().len(), before);
    assert!(canary.requests().iter().all(|r| r.path != "/v1/files"));
    let one = http::request("GET", &envoy.url("/v1/models/m-1"), &[], b"");
    assert_eq!(one.header("x-mock-name"), Some("main"));
    assert_eq!(main.requests().last().unwrap().path, "/v1/models/m-1");
    let models = http::request("GET", &envoy.url("/v1/models"), &[], b"");
    assert_eq!(models.status, 200);
    assert_eq!(models.header("x-mock-name"), Some("main"));
    assert_eq!(models.json()["object"], "list");

    // An LLM path with a method its API does not take: `GET /v1/chat/completions` would list
    // the organisation's stored completions with the gateway's key. 405, nothing upstream.
    let before = main.requests().len();
    for (method, path, allow) in [
        ("GET", "/v1/chat/completions", "POST"),
        ("DELETE", "/v1/chat/completions", "POST"),
        ("POST", "/v1/models", "GET, HEAD"),
    ] {
        let r = http::request(method, &envoy.url(path), &[], b"");
        assert_eq!(r.status, 405, "{method} {path}: {}", r.text());
        assert_eq!(r.header("allow"), Some(allow), "{method} {path}");
        assert_eq!(r.json()["error"]["code"], "method_not_allowed");
    }
    // Paths a provider could resolve to another endpoint (dot-segments, escapes, `;`): 404.
    for path in [
        "/v1/files/models/..",
        "/v1/chat/completions/models/..",
        "/v1/models/..%2F..%2Fv1%2Ffiles",
        "/v1/files;/models",
    ] {
        let r = http::request("GET", &envoy.url(path), &[], b"");
        assert_eq!(r.status, 404, "{path}: {}", r.text());
        assert_eq!(r.json()["error"]["code"], "unknown_endpoint", "{path}");
    }
    assert_eq!(main.requests().len(), before);
    assert!(canary
        .requests()
        .iter()
        .all(|r| r.method == "POST" || r.path.contains("models")));
}

#[test]
fn weighted_split_sends_each_request_where_its_request_id_says() {
    let (a, b) = (mock("a"), mock("b"));
    let config = json!({ "default": {
        "backends": { "a": {}, "b": {} },
        "routes": [{ "models": ["*"], "targets": [{ "backend": "a", "weight": 3 }, { "backend": "b", "weight": 1 }] }],
        "defaultBackend": "a"
    }});
    let gateway = RouterGateway::new(
        config.clone(),
        vec![
            BackendCluster::new("a", a.addr()),
            BackendCluster::new("b", b.addr()),
        ],
    );
    let envoy = start(&gateway);

    // The same decision logic, natively, predicts each request's backend from its id.
    let policies =
        model_router::policy::load_policies(config.to_string().as_bytes(), &|_| None).unwrap();
    let policy = policies.default.as_ref().unwrap();
    let mut expected_b = 0;
    for i in 0..80 {
        let id = format!("req-{i}");
        let body = chat("x");
        let body_text = body.to_string();
        let view = model_router::decide::RequestView::new(
            &[],
            Some(body_text.as_bytes()),
            llm_filters_core::hash::fnv1a64(id.as_bytes()),
        );
        let model_router::decide::Outcome::Route(expected) =
            model_router::decide::decide(&policy.config, &policy.credentials, &view)
        else {
            panic!("unexpected reject");
        };
        let response = post(&envoy, &[("x-request-id", &id)], &body);
        assert_eq!(
            response.header("x-mock-name"),
            Some(expected.backend.as_str()),
            "request {id}"
        );
        expected_b += usize::from(expected.backend == "b");
    }
    assert_eq!(b.requests().len(), expected_b);
    assert_eq!(a.requests().len(), 80 - expected_b);
    assert!(
        (10..=30).contains(&expected_b),
        "about a quarter goes to b: {expected_b}"
    );
}

/// Primary fails; fallback serves with its own model name and key.
fn fallback_gateway(
    primary: &MockServer,
    secondary: &MockServer,
    per_try_timeout_ms: u64,
) -> (RouterGateway, Vec<(&'static str, &'static str)>) {
    let config = json!({ "default": {
        "backends": {
            "primary": { "auth": { "secretEnv": "E2E_PRIMARY_KEY" }, "fallback": ["secondary"] },
            "secondary": { "auth": { "secretEnv": "E2E_SECONDARY_KEY", "header": "x-api-key" } }
        },
        "routes": [{ "models": ["gpt-*"], "targets": [{ "backend": "primary" }],
                     "fallbackModels": { "secondary": "backup-model" } }],
        "defaultBackend": "primary"
    }});
    let mut gateway = RouterGateway::new(
        config,
        vec![
            BackendCluster::new("primary", primary.addr())
                .with_fallback("secondary", secondary.addr()),
            BackendCluster::new("secondary", secondary.addr()),
        ],
    );
    gateway.env_keys = vec!["E2E_PRIMARY_KEY".into(), "E2E_SECONDARY_KEY".into()];
    gateway.per_try_timeout_ms = per_try_timeout_ms;
    (
        gateway,
        vec![
            ("E2E_PRIMARY_KEY", "sk-primary"),
            ("E2E_SECONDARY_KEY", "sk-secondary"),
        ],
    )
}

fn assert_served_by_fallback(primary: &MockServer, secondary: &MockServer, stream: bool) {
    let tried = primary.requests();
    assert_eq!(tried.len(), 1, "the primary was tried once");
    assert_eq!(tried[0].json()["model"], "gpt-4o");
    assert_eq!(tried[0].header("authorization"), Some("Bearer sk-primary"));
    assert_eq!(tried[0].json()["stream"].as_bool().unwrap_or(false), stream);

    let served = secondary.requests();
    assert_eq!(served.len(), 1, "the fallback served once");
    let body = served[0].json();
    assert_eq!(body["model"], "backup-model");
    assert_eq!(
        body["messages"][0]["content"], "Say hello",
        "the prompt is forwarded intact"
    );
    assert_eq!(served[0].header("x-api-key"), Some("sk-secondary"));
    assert_eq!(
        served[0].header("authorization"),
        None,
        "the primary's key never reaches the fallback"
    );
    assert_no_internal_headers(&tried[0]);
    assert_no_internal_headers(&served[0]);
}

#[test]
fn fallback_on_5xx_serves_from_the_next_backend_with_its_model_and_key() {
    let (primary, secondary) = (
        failing_mock("primary", fault_status(503)),
        mock("secondary"),
    );
    let (gateway, env) = fallback_gateway(&primary, &secondary, 10_000);
    let envoy = start_with_env(&gateway, &env);

    let response = post(&envoy, &[], &chat("gpt-4o"));
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.header("x-mock-name"), Some("secondary"));
    assert_eq!(response.json()["model"], "backup-model");
    assert_served_by_fallback(&primary, &secondary, false);
    assert_eq!(
        envoy.stat("wasmcustom.llm_router.fallbacks.from.primary.to.secondary"),
        1
    );
    assert!(!envoy.logs().contains("sk-secondary") && !envoy.logs().contains("sk-primary"));
}

#[test]
fn fallback_on_429() {
    let (primary, secondary) = (
        failing_mock("primary", fault_status(429)),
        mock("secondary"),
    );
    let (gateway, env) = fallback_gateway(&primary, &secondary, 10_000);
    let envoy = start_with_env(&gateway, &env);
    let response = post(&envoy, &[], &chat("gpt-4o"));
    assert_eq!(response.status, 200, "{}", response.text());
    assert_served_by_fallback(&primary, &secondary, false);
}

#[test]
fn fallback_on_timeout() {
    let slow = Fault {
        status: None,
        delay_ms: 5_000,
        cut_after_events: None,
        only_model: None,
    };
    let (primary, secondary) = (failing_mock("primary", slow), mock("secondary"));
    let (gateway, env) = fallback_gateway(&primary, &secondary, 500);
    let envoy = start_with_env(&gateway, &env);
    let response = post(&envoy, &[], &chat("gpt-4o"));
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json()["model"], "backup-model");
    assert_served_by_fallback(&primary, &secondary, false);
}

#[test]
fn fallback_for_a_streaming_request_streams_from_the_next_backend() {
    let (primary, secondary) = (
        failing_mock("primary", fault_status(500)),
        mock("secondary"),
    );
    let (gateway, env) = fallback_gateway(&primary, &secondary, 10_000);
    let envoy = start_with_env(&gateway, &env);

    let mut body = chat("gpt-4o");
    body["stream"] = json!(true);
    let response = post(&envoy, &[("x-mock-event-delay-ms", "20")], &body);
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.header("content-type"), Some("text/event-stream"));
    let events = response.sse_events();
    assert!(events.len() >= 4, "several events: {}", response.text());
    assert!(events.last().unwrap().is_done());
    let chunks: Vec<Value> = events
        .iter()
        .filter(|e| !e.is_done())
        .map(|e| serde_json::from_str(&e.data).unwrap())
        .collect();
    assert!(chunks.iter().all(|c| c["model"] == "backup-model"));
    let text: String = chunks
        .iter()
        .filter_map(|c| c["choices"][0]["delta"]["content"].as_str())
        .collect();
    assert!(text.contains("Say hello"), "the fallback's answer: {text}");
    assert!(
        response.chunk_times.len() >= 3,
        "arrived as a stream, not one buffered body"
    );
    assert_served_by_fallback(&primary, &secondary, true);
}

#[test]
fn a_healthy_primary_streams_untouched() {
    let (primary, secondary) = (mock("primary"), mock("secondary"));
    let (gateway, env) = fallback_gateway(&primary, &secondary, 10_000);
    let envoy = start_with_env(&gateway, &env);
    let mut body = chat("gpt-4o");
    body["stream"] = json!(true);
    body["stream_options"] = json!({ "include_usage": true });
    let response = post(&envoy, &[("x-mock-event-delay-ms", "20")], &body);
    assert_eq!(response.status, 200);
    assert_eq!(response.header("x-mock-name"), Some("primary"));
    let events = response.sse_events();
    let usage: Vec<Value> = events
        .iter()
        .filter(|e| !e.is_done())
        .map(|e| serde_json::from_str::<Value>(&e.data).unwrap())
        .filter(|c| c["usage"].is_object())
        .collect();
    assert_eq!(usage.len(), 1, "usage chunk forwarded");
    assert!(response.chunk_times.len() >= 3);
    assert!(secondary.requests().is_empty());
    assert_no_internal_headers(&primary.requests()[0]);
    assert_eq!(
        envoy.stat("wasmcustom.llm_router.requests.backend.primary.model.gpt-_"),
        1
    );
}

#[test]
fn all_backends_failing_returns_the_last_error() {
    let (primary, secondary) = (
        failing_mock("primary", fault_status(503)),
        failing_mock("secondary", fault_status(503)),
    );
    let (gateway, env) = fallback_gateway(&primary, &secondary, 10_000);
    let envoy = start_with_env(&gateway, &env);
    let response = post(&envoy, &[], &chat("gpt-4o"));
    assert_eq!(response.status, 503);
    assert!(
        response.json()["error"]["type"].as_str().is_some(),
        "{}",
        response.text()
    );
    assert_eq!(primary.requests().len(), 1);
    assert_eq!(secondary.requests().len(), 1);
}

#[test]
fn anthropic_messages_route_by_model_with_the_anthropic_key_header() {
    let (claude, other) = (mock("claude"), mock("other"));
    let config = json!({ "default": {
        "aliases": { "sonnet": "claude-sonnet-4-5" },
        "backends": {
            "anthropic": { "schema": "anthropic", "auth": { "secretEnv": "E2E_ANTHROPIC_KEY", "header": "x-api-key" }, "stripClientAuth": true },
            "other": {}
        },
        "routes": [{ "models": ["claude-*"], "targets": [{ "backend": "anthropic" }] }],
        "defaultBackend": "other"
    }});
    let mut gateway = RouterGateway::new(
        config,
        vec![
            BackendCluster::new("anthropic", claude.addr()),
            BackendCluster::new("other", other.addr()),
        ],
    );
    gateway.env_keys = vec!["E2E_ANTHROPIC_KEY".into()];
    let envoy = start_with_env(&gateway, &[("E2E_ANTHROPIC_KEY", "sk-ant-e2e")]);

    let body = json!({
        "model": "sonnet",
        "max_tokens": 64,
        "system": [{ "type": "text", "text": "Be brief.", "cache_control": { "type": "ephemeral" } }],
        "messages": [{ "role": "user", "content": [{ "type": "text", "text": "Say hello" }] }],
        "stream": true
    });
    let response = http::post_json(
        &envoy.url("/v1/messages"),
        &[
            ("x-api-key", "client-key"),
            ("anthropic-version", "2023-06-01"),
            ("x-mock-event-delay-ms", "10"),
        ],
        &body,
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let events = response.sse_events();
    let names: Vec<&str> = events.iter().filter_map(|e| e.event.as_deref()).collect();
    assert_eq!(names.first(), Some(&"message_start"));
    assert_eq!(names.last(), Some(&"message_stop"));
    let start: Value = serde_json::from_str(&events[0].data).unwrap();
    assert_eq!(start["message"]["model"], "claude-sonnet-4-5");

    let received = claude
        .requests()
        .pop()
        .expect("the anthropic backend got it");
    let mut expected = body.clone();
    expected["model"] = json!("claude-sonnet-4-5");
    assert_eq!(
        received.json(),
        expected,
        "system blocks, cache_control and content parts kept"
    );
    assert_eq!(received.header("x-api-key"), Some("sk-ant-e2e"));
    assert_eq!(received.header("anthropic-version"), Some("2023-06-01"));
    assert!(other.requests().is_empty());
}

/// SDKs that stream their upload send `transfer-encoding: chunked` and no `content-length`; the
/// rewritten body must arrive whole and parseable.
#[test]
fn a_chunked_upload_is_routed_and_rewritten() {
    use std::io::{Read, Write};
    let upstream = mock("u");
    let config = json!({ "default": {
        "aliases": { "fast": "a-much-longer-model-name-than-the-alias" },
        "backends": { "u": {} }, "defaultBackend": "u"
    }});
    let gateway = RouterGateway::new(config, vec![BackendCluster::new("u", upstream.addr())]);
    let envoy = start(&gateway);

    let body = chat("fast").to_string();
    let (first, second) = body.split_at(body.len() / 2);
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", envoy.listener_port())).unwrap();
    let request = format!(
        "POST /v1/chat/completions HTTP/1.1\r\nhost: gw\r\ncontent-type: application/json\r\n\
         transfer-encoding: chunked\r\nconnection: close\r\n\r\n{:x}\r\n{first}\r\n{:x}\r\n{second}\r\n0\r\n\r\n",
        first.len(),
        second.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer.contains("a-much-longer-model-name-than-the-alias"),
        "{answer}"
    );
    let received = upstream.requests().pop().unwrap();
    let mut expected: Value = serde_json::from_str(&body).unwrap();
    expected["model"] = json!("a-much-longer-model-name-than-the-alias");
    assert_eq!(received.json(), expected);
}

/// Every internal header a client could forge (issue 8, case 5), plus the client id.
const FORGED: [(&str, &str); 6] = [
    ("x-llm-fallback-plan", "primary=x;secondary=claude-opus-4-1"),
    ("x-llm-backend", "secondary"),
    ("x-llm-model", "claude-opus-4-1"),
    ("x-llm-fallback-from", "primary"),
    ("x-llm-model-override", "claude-opus-4-1"),
    ("x-client-id", "team-a"),
];

/// The fallback gateway in strict mode, removing the client-id header before the provider.
fn strict_fallback_gateway(
    primary: &MockServer,
    secondary: &MockServer,
) -> (RouterGateway, Vec<(&'static str, &'static str)>) {
    let (mut gateway, env) = fallback_gateway(primary, secondary, 10_000);
    gateway.config["default"]["strict"] = json!(true);
    gateway.config["default"]["removeHeaders"] = json!(["x-client-id"]);
    (gateway, env)
}

#[test]
fn forged_internal_headers_change_nothing_and_never_reach_the_provider() {
    let (primary, secondary) = (mock("primary"), mock("secondary"));
    let (gateway, env) = strict_fallback_gateway(&primary, &secondary);
    let envoy = start_with_env(&gateway, &env);

    let response = post(&envoy, &FORGED, &chat("gpt-4o"));
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        response.header("x-mock-name"),
        Some("primary"),
        "the router's backend, not the client's"
    );
    let got = primary.requests();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].json()["model"], "gpt-4o");
    assert_eq!(got[0].header("authorization"), Some("Bearer sk-primary"));
    assert_no_internal_headers(&got[0]);
    assert_eq!(got[0].header("x-client-id"), None);
    assert!(secondary.requests().is_empty());

    // A forged backend alone does not pick the cluster either.
    let response = post(&envoy, &[("x-llm-backend", "secondary")], &chat("gpt-4o"));
    assert_eq!(response.header("x-mock-name"), Some("primary"));
    assert!(secondary.requests().is_empty());
}

#[test]
fn a_forged_plan_does_not_steer_the_fallback() {
    let (primary, secondary) = (
        failing_mock("primary", fault_status(503)),
        mock("secondary"),
    );
    let (gateway, env) = strict_fallback_gateway(&primary, &secondary);
    let envoy = start_with_env(&gateway, &env);

    let response = post(&envoy, &FORGED, &chat("gpt-4o"));
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.header("x-mock-name"), Some("secondary"));
    // The plan the router made (fallbackModels), handed over as filter state.
    assert_served_by_fallback(&primary, &secondary, false);
    assert_eq!(secondary.requests()[0].header("x-client-id"), None);
    assert_eq!(primary.requests()[0].header("x-client-id"), None);
}

#[test]
fn bad_model_strings_get_an_openai_shaped_400() {
    let upstream = mock("u");
    let config = json!({ "default": { "backends": { "u": {} }, "defaultBackend": "u" } });
    let gateway = RouterGateway::new(config, vec![BackendCluster::new("u", upstream.addr())]);
    let envoy = start(&gateway);

    for model in [
        "gpt-4o\n[2026-01-01] POST /v1/forged 200".to_string(),
        "gpt-4o\r\nx-evil: 1".into(),
        "x".repeat(257),
        String::new(),
        "sk proj".into(),
    ] {
        let response = post(&envoy, &[], &chat(&model));
        assert_eq!(response.status, 400, "{model:?}: {}", response.text());
        assert_eq!(response.header("content-type"), Some("application/json"));
        let error = response.json();
        assert_eq!(error["error"]["type"], "invalid_request_error");
        assert_eq!(error["error"]["param"], "model");
        assert_eq!(error["error"]["code"], "invalid_model");
        assert!(
            !response.text().contains("forged") && !response.text().contains("xxxxx"),
            "never echoed"
        );
    }
    assert!(
        upstream.requests().is_empty(),
        "nothing reached the provider"
    );
    assert_eq!(
        envoy.stat("wasmcustom.llm_router.rejections.reason.invalid_model"),
        5
    );

    // Real provider ids pass, and the filter still serves afterwards.
    for model in [
        "gpt-4o-2024-08-06",
        "anthropic.claude-3-sonnet-20240229-v1:0",
        "llama3.1:8b",
        "accounts/fireworks/models/llama-v3-70b",
    ] {
        let response = post(&envoy, &[], &chat(model));
        assert_eq!(response.status, 200, "{model}: {}", response.text());
        assert_eq!(upstream.requests().pop().unwrap().json()["model"], model);
    }
}

#[test]
fn duplicate_model_keys_and_escaped_models() {
    let upstream = mock("u");
    let config = json!({ "default": { "strict": true, "backends": { "u": {} },
        "routes": [{ "models": ["gpt-4o"], "targets": [{ "backend": "u" }] }] } });
    let gateway = RouterGateway::new(config, vec![BackendCluster::new("u", upstream.addr())]);
    let envoy = start(&gateway);
    let send = |body: &[u8]| {
        http::request(
            "POST",
            &envoy.url("/v1/chat/completions"),
            &[("content-type", "application/json")],
            body,
        )
    };

    let duplicate = send(br#"{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"model":"claude-opus-4-1"}"#);
    assert_eq!(duplicate.status, 400, "{}", duplicate.text());
    assert_eq!(duplicate.json()["error"]["code"], "duplicate_model");
    assert!(upstream.requests().is_empty());

    let escaped = send(br#"{"model":"gpt\u002d4o","messages":[{"role":"user","content":"hi"}]}"#);
    assert_eq!(escaped.status, 200, "{}", escaped.text());
    let got = upstream.requests().pop().unwrap();
    assert_eq!(
        got.body,
        br#"{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}"#.to_vec(),
        "the model in one plain spelling"
    );
}

/// A header byte that is not UTF-8 (issue 8, case 3), from a client that is not an SDK.
#[test]
fn non_utf8_header_bytes_are_served_and_do_not_steer() {
    use std::io::{Read, Write};
    let (a, b) = (mock("alpha"), mock("beta"));
    let gateway = RouterGateway::new(
        two_backend_config(),
        vec![
            BackendCluster::new("alpha", a.addr()),
            BackendCluster::new("beta", b.addr()),
        ],
    );
    let envoy = start(&gateway);
    let body = chat("alpha-1").to_string();
    let mut request = format!(
        "POST /v1/chat/completions HTTP/1.1\r\nhost: gw\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(b"x-note: caf\xe9\r\nx-llm-backend: beta\xff\r\n\r\n");
    request.extend_from_slice(body.as_bytes());
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", envoy.listener_port())).unwrap();
    stream.write_all(&request).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("x-mock-name: alpha"), "{answer}");
    let got = a.requests().pop().unwrap();
    assert_no_internal_headers(&got);
    assert!(b.requests().is_empty());
    // The worker's filter is still alive.
    assert_eq!(
        post(&envoy, &[], &chat("beta-2")).header("x-mock-name"),
        Some("beta")
    );
}

/// The access log reads the decision from filter state (a client cannot write it), one line per
/// request whatever the client sent as model.
#[test]
fn the_access_log_gets_the_routed_backend_and_model_from_filter_state() {
    let (primary, secondary) = (mock("primary"), mock("secondary"));
    let (gateway, env) = strict_fallback_gateway(&primary, &secondary);
    let mut bootstrap = gateway.bootstrap();
    bootstrap.access_log_format(
        "status=%RESPONSE_CODE% backend=%FILTER_STATE(wasm.llm.routed_backend:PLAIN)% \
         model=%FILTER_STATE(wasm.llm.routed_model:PLAIN)% header=%REQ(x-llm-backend)%",
    );
    let options = EnvoyOptions {
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..EnvoyOptions::default()
    };
    let envoy = Envoy::start(&bootstrap, options);

    assert_eq!(post(&envoy, &FORGED, &chat("gpt-4o")).status, 200);
    assert_eq!(
        post(&envoy, &[], &chat("gpt-4o\nstatus=200 backend=forged")).status,
        400
    );
    let lines = envoy.wait_for_access_log(2, std::time::Duration::from_secs(10));
    assert_eq!(lines.len(), 2, "{lines:?}");
    // The upstream stage removed x-llm-backend from the header map every attempt shares, which
    // is also the one the access log reads: only filter state still has the decision.
    assert_eq!(lines[0], "status=200 backend=primary model=gpt-4o header=-");
    assert_eq!(lines[1], "status=400 backend=- model=- header=-");
    assert!(!envoy.access_log().contains("forged"));
}

/// The backend that answered reaches the downstream stream (upstream filter state does not): the
/// upstream stage names it in a response header it always overwrites, the route stage publishes
/// it as filter state, counts a fallback, and strips the header. The fallback counter is counted
/// downstream, so `/stats/prometheus` shows the same series on both builds (a native upstream
/// filter's own metrics would live in the cluster's scope, with the cluster in the name).
#[test]
fn the_answering_backend_is_logged_and_counted_the_same_on_both_builds() {
    let (primary, secondary) = (mock("primary"), mock("secondary"));
    let (gateway, env) = fallback_gateway(&primary, &secondary, 10_000);
    let mut bootstrap = gateway.bootstrap();
    bootstrap.access_log_format(
        "status=%RESPONSE_CODE% routed=%FILTER_STATE(wasm.llm.routed_backend:PLAIN)% \
         answered=%FILTER_STATE(wasm.llm.answered_backend:PLAIN)% \
         model=%FILTER_STATE(wasm.llm.answered_model:PLAIN)% leaked=%RESP(x-llm-answered-by)%",
    );
    let options = EnvoyOptions {
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..EnvoyOptions::default()
    };
    let envoy = Envoy::start(&bootstrap, options);

    // Every provider answer carries a forged attribution; the client sends one too.
    let forged = [
        ("x-mock-response-header", "x-llm-answered-by=forged"),
        ("x-llm-answered-by", "forged-by-client"),
    ];
    // 1: the primary answers 503 for gpt-4o only, so the fallback (sent backup-model) serves.
    let fail_primary = [
        forged[0],
        forged[1],
        ("x-mock-status", "503"),
        ("x-mock-fault-model", "gpt-4o"),
    ];
    let served = post(&envoy, &fail_primary, &chat("gpt-4o"));
    assert_eq!(served.status, 200, "{}", served.text());
    assert_eq!(served.header("x-mock-name"), Some("secondary"));
    assert_eq!(served.header("x-llm-answered-by"), None, "stripped");
    // 2: the primary answers.
    let direct = post(&envoy, &forged, &chat("gpt-4o"));
    assert_eq!(direct.status, 200, "{}", direct.text());
    assert_eq!(direct.header("x-mock-name"), Some("primary"));
    assert_eq!(direct.header("x-llm-answered-by"), None, "stripped");
    assert_eq!(primary.requests().len(), 2);
    assert_eq!(secondary.requests().len(), 1);

    let lines = envoy.wait_for_access_log(2, std::time::Duration::from_secs(10));
    assert_eq!(
        lines,
        [
            "status=200 routed=primary answered=secondary model=backup-model leaked=-",
            "status=200 routed=primary answered=primary model=gpt-4o leaked=-",
        ]
    );
    assert!(!envoy.access_log().contains("forged"));

    let prometheus = http::request("GET", &envoy.admin_url("/stats/prometheus"), &[], b"").text();
    let fallbacks: Vec<&str> = prometheus
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains("fallbacks"))
        .collect();
    assert_eq!(
        fallbacks,
        [r#"llm_router_fallbacks{from="primary",to="secondary"} 1"#],
        "{prometheus}"
    );
    // No model-router series is scoped to a cluster (the upstream stage counts nothing itself).
    let scoped: Vec<&str> = prometheus
        .lines()
        .filter(|l| l.contains("llm_router") && l.contains("cluster"))
        .collect();
    assert!(scoped.is_empty(), "{scoped:?}");
}

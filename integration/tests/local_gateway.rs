//! The local gateway of README's first command (`envoy/bootstrap.yaml`), run as written except
//! for ports and paths: it must load in Envoy 1.40 and do what its comments promise.

use llm_integration::bootstrap::{openai_local_replies, LISTENER_BUFFER_LIMIT_BYTES, MAX_REQUESTS};
use llm_integration::envoy::{assert_healthy_after, parse_prometheus, validate_config, Envoy};
use llm_integration::gateways::local::{
    relocate, shipped_bootstrap_path, start_shipped_gateway, wasm_plugin_configs,
};
use llm_integration::http;
use llm_integration::start_mock;
use mock_llm::{MockConfig, MockServer};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn bootstrap_yaml() -> Value {
    let text =
        std::fs::read_to_string(shipped_bootstrap_path()).expect("read envoy/bootstrap.yaml");
    serde_yaml::from_str(&text).expect("envoy/bootstrap.yaml is YAML")
}

fn start_local_gateway(mock: &MockServer) -> Envoy {
    start_shipped_gateway(&bootstrap_yaml(), mock.port())
}

fn chat(model: &str) -> Value {
    json!({ "model": model, "messages": [{ "role": "user", "content": "Hello!" }] })
}

#[test]
fn the_local_gateway_routes_aliases_to_the_mock() {
    let mock = start_mock(MockConfig {
        name: "mock".into(),
        ..MockConfig::default()
    });
    let envoy = start_local_gateway(&mock);

    let response = http::post_json(&envoy.url("/v1/chat/completions"), &[], &chat("fast"));
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json()["model"], "mock-small");
    assert_eq!(
        response.json()["choices"][0]["message"]["content"],
        "Mock answer to: Hello!"
    );
    let received = mock.requests();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].json()["model"], "mock-small");
    // Routing headers are the gateway's own: none reaches the provider.
    assert_eq!(received[0].header("x-llm-backend"), None);
}

#[test]
fn the_local_gateway_falls_back_as_its_comments_say() {
    let mock = start_mock(MockConfig {
        name: "mock".into(),
        ..MockConfig::default()
    });
    let envoy = start_local_gateway(&mock);

    let response = http::post_json(
        &envoy.url("/v1/chat/completions"),
        &[
            ("x-mock-status", "503"),
            ("x-mock-fault-model", "mock-small"),
        ],
        &chat("fast"),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json()["model"], "mock-backup-model");
    let received: Vec<String> = mock
        .requests()
        .iter()
        .map(|r| r.json()["model"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(received, ["mock-small", "mock-backup-model"]);

    // Prometheus output: the bootstrap's stats_tags give wasm metrics the tags the native
    // module's metrics carry (named by label key), and the native bootstrap strips the metrics
    // namespace as Envoy does for wasm: one series on both builds. Only an upstream filter's
    // native metrics keep their cluster scope in the name (Envoy scopes them to the cluster).
    let prometheus = http::request("GET", &envoy.admin_url("/stats/prometheus"), &[], b"").text();
    let samples = parse_prometheus(&prometheus);
    let value = |name: &str, labels: &[(&str, &str)]| {
        let labels: BTreeMap<String, String> = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        samples
            .iter()
            .find(|s| s.name == name && s.labels == labels)
            .map(|s| s.value)
    };
    let requests = value(
        "llm_router_requests",
        &[("backend", "mock"), ("model", "mock-small")],
    );
    assert_eq!(requests, Some(1.0), "{prometheus}");
    // Counted by the route stage on both builds (the same global series).
    let fallbacks = value(
        "llm_router_fallbacks",
        &[("from", "mock"), ("to", "mock-backup")],
    );
    assert_eq!(fallbacks, Some(1.0), "{prometheus}");
}

#[test]
fn the_local_gateway_speaks_anthropic_to_the_claude_backend() {
    let mock = start_mock(MockConfig {
        name: "mock".into(),
        ..MockConfig::default()
    });
    let envoy = start_local_gateway(&mock);

    let response = http::post_json(
        &envoy.url("/v1/chat/completions"),
        &[],
        &chat("claude-sonnet-4-5"),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    // The client asked in OpenAI's shape and gets OpenAI's shape back.
    assert_eq!(
        response.json()["object"],
        "chat.completion",
        "{}",
        response.text()
    );
    assert!(response.json()["choices"][0]["message"]["content"].is_string());
    // The mock was asked in Anthropic's: Messages API path and body.
    let received = mock.requests();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].path, "/v1/messages");
    let body = received[0].json();
    assert_eq!(body["model"], "claude-sonnet-4-5");
    assert!(
        body["max_tokens"].is_u64(),
        "Anthropic requires max_tokens: {body}"
    );
    assert_eq!(body["messages"][0]["role"], "user");
}

#[test]
fn every_wasm_filter_of_the_shipped_gateway_reloads_a_failed_vm() {
    let config = bootstrap_yaml();
    let plugins = wasm_plugin_configs(&config);
    let names: Vec<&str> = plugins
        .iter()
        .map(|(_, c)| c["name"].as_str().unwrap_or("?"))
        .collect();
    // Four listener filters and model-router's upstream stage (in each of the three clusters).
    assert_eq!(
        names,
        [
            "prompt_transform",
            "pii_mask",
            "token_meter",
            "model_router",
            "model_router_upstream",
            "model_router_upstream",
            "model_router_upstream"
        ]
    );
    for (at, plugin) in &plugins {
        assert_eq!(plugin["failure_policy"], "FAIL_RELOAD", "{at}");
    }
}

#[test]
fn the_shipped_gateway_maps_envoy_replies_to_the_openai_shape_and_sizes_retries() {
    let config = bootstrap_yaml();
    let hcm = &config["static_resources"]["listeners"][0]["filter_chains"][0]["filters"][0]
        ["typed_config"];
    // The same mappers the harness renders (and faults.rs exercises against a real Envoy).
    assert_eq!(hcm["local_reply_config"], openai_local_replies());
    // The catch-all route's own JSON stays as written.
    let routes = hcm["route_config"]["virtual_hosts"][0]["routes"]
        .as_array()
        .unwrap();
    let no_backend = routes
        .iter()
        .find(|r| r["name"] == "no_backend")
        .expect("no_backend route");
    assert_eq!(
        no_backend["response_headers_to_add"][0]["header"],
        json!({ "key": "content-type", "value": "application/json" })
    );
    serde_json::from_str::<Value>(
        no_backend["direct_response"]["body"]["inline_string"]
            .as_str()
            .unwrap(),
    )
    .expect("JSON body");
    // Connections are capped and a client must send its headers in time.
    assert_eq!(
        config["overload_manager"]["resource_monitors"][0]["typed_config"]
            ["max_active_downstream_connections"],
        10000
    );
    assert_eq!(hcm["request_headers_timeout"], "10s");
    // Long answers are not cut by a total-duration cap; stalled ones end.
    for route in routes.iter().filter(|r| r.get("route").is_some()) {
        assert_eq!(route["route"]["timeout"], "0s", "{}", route["name"]);
        assert_eq!(route["route"]["idle_timeout"], "120s", "{}", route["name"]);
        assert!(
            route["route"]["retry_policy"]["per_try_timeout"].is_string(),
            "{}",
            route["name"]
        );
    }
    // Fallback is a retry: every cluster allows as many concurrent retries as requests.
    for cluster in config["static_resources"]["clusters"].as_array().unwrap() {
        let t = &cluster["circuit_breakers"]["thresholds"][0];
        assert_eq!(t["max_requests"], MAX_REQUESTS, "{}", cluster["name"]);
        assert_eq!(t["max_retries"], MAX_REQUESTS, "{}", cluster["name"]);
    }
    // Buffers stay above every filter's maxBodyBytes, so a filter's own 413 decides first.
    let limit = config["static_resources"]["listeners"][0]["per_connection_buffer_limit_bytes"]
        .as_u64()
        .unwrap();
    assert_eq!(
        limit,
        u64::from(LISTENER_BUFFER_LIMIT_BYTES),
        "as the harness renders it"
    );
    for (at, plugin) in wasm_plugin_configs(&config) {
        let plugin_config: Value =
            serde_json::from_str(plugin["configuration"]["value"].as_str().unwrap()).unwrap();
        let max = plugin_config["default"]["maxBodyBytes"]
            .as_u64()
            .unwrap_or(1_000_000);
        assert!(
            limit >= 2 * max,
            "{at}: buffer limit {limit} vs maxBodyBytes {max}"
        );
    }
}

#[test]
fn the_shipped_gateway_passes_envoy_validation() {
    let mut config = bootstrap_yaml();
    relocate(
        &mut config,
        u64::from(llm_integration::free_port()),
        u64::from(llm_integration::free_port()),
        1,
    );
    validate_config(&config).unwrap_or_else(|e| panic!("rejected: {e}"));
}

#[test]
fn the_local_gateway_stays_healthy_on_both_workers() {
    let mock = start_mock(MockConfig {
        name: "mock".into(),
        ..MockConfig::default()
    });
    let envoy = start_local_gateway(&mock);
    assert_healthy_after(&envoy, 8);
}

#[test]
fn the_shipped_gateway_tags_filter_metrics_by_their_label_keys() {
    // The stats_tags of envoy/bootstrap.yaml are core's, which its tests check against names.
    let config = bootstrap_yaml();
    let shipped: Vec<(String, String)> = config["stats_config"]["stats_tags"]
        .as_array()
        .expect("stats_tags")
        .iter()
        .map(|t| {
            (
                t["tag_name"].as_str().unwrap().to_string(),
                t["regex"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = llm_filters_core::metrics::stats_tags()
        .into_iter()
        .map(|t| (t.tag_name.to_string(), t.regex))
        .collect();
    assert_eq!(shipped, expected);
}

/// The reviewer's bypass: the same request as Anthropic Messages (model-router translates it
/// for the OpenAI-shaped mock) gets the gateway's prompt policy too: `max_tokens` clamped to
/// 4096, the system decorator, the temperature default; Anthropic's temperature range holds.
#[test]
fn the_local_gateway_applies_prompt_policy_to_anthropic_messages() {
    let mock = start_mock(MockConfig {
        name: "mock".into(),
        ..MockConfig::default()
    });
    let envoy = start_local_gateway(&mock);

    let response = http::post_json(
        &envoy.url("/v1/messages"),
        &[],
        &json!({ "model": "fast", "max_tokens": 999999,
                 "messages": [{ "role": "user", "content": "Hello!" }] }),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json()["type"], "message", "{}", response.text());
    let received = mock.requests();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].path, "/v1/chat/completions");
    // What model-router's translation of the shaped Messages request sends an OpenAI backend.
    assert_eq!(
        received[0].json(),
        json!({
            "model": "mock-small",
            "messages": [
                { "role": "system", "content": "You are the llm-filters demo assistant. Be concise." },
                { "role": "user", "content": "Hello!" }
            ],
            "max_tokens": 4096,
            "temperature": 0.3
        })
    );
    assert_eq!(response.header("x-llm-context-dropped"), Some("0"));

    // temperature 1.9 is outside Anthropic's 0..1: refused in Anthropic's shape, never sent.
    let response = http::post_json(
        &envoy.url("/v1/messages"),
        &[],
        &json!({ "model": "fast", "max_tokens": 999999, "temperature": 1.9,
                 "messages": [{ "role": "user", "content": "Hello!" }] }),
    );
    assert_eq!(response.status, 400, "{}", response.text());
    assert_eq!(
        response.json(),
        json!({ "type": "error", "error": { "type": "invalid_request_error",
            "message": "`temperature` is outside the range allowed on this route (0..1)" } })
    );
    assert_eq!(mock.requests().len(), 1);
}

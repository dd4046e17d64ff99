//! The harness itself, with no filter: Envoy in front of the mock LLM.

use std::time::Duration;

use llm_integration::bootstrap::{
    mock_cluster, static_cluster, upstream_filters, Bootstrap, Endpoint,
};
use llm_integration::envoy::{validate_config, Envoy, EnvoyOptions};
use llm_integration::http;
use llm_integration::start_mock;
use mock_llm::{MockConfig, MockServer};
use serde_json::json;

fn mock(name: &str) -> MockServer {
    start_mock(MockConfig {
        port: 0,
        name: name.into(),
        default_fault: None,
    })
}

fn bare(mock: &MockServer) -> Bootstrap {
    let mut b = Bootstrap::new();
    b.cluster(mock_cluster(mock.addr()));
    b
}

fn chat(envoy: &Envoy, text: &str) -> http::HttpResponse {
    http::post_json(
        &envoy.url("/v1/chat/completions"),
        &[("authorization", "Bearer sk-test")],
        &json!({ "model": "gpt-4o-mini", "messages": [{ "role": "user", "content": text }] }),
    )
}

#[test]
fn proxies_a_chat_request_to_the_mock() {
    let mock = mock("smoke");
    let envoy = Envoy::start(&bare(&mock), EnvoyOptions::default());

    let resp = chat(&envoy, "hello there");
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(resp.header("x-mock-name"), Some("smoke"));
    assert_eq!(
        resp.json()["choices"][0]["message"]["content"],
        "Mock answer to: hello there"
    );

    let seen = mock.wait_for_requests(1, Duration::from_secs(5));
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].path, "/v1/chat/completions");
    assert_eq!(seen[0].header("authorization"), Some("Bearer sk-test"));
    assert_eq!(seen[0].json()["messages"][0]["content"], "hello there");

    assert!(envoy.wait_for_stat("cluster.mock.upstream_rq_total", 1, Duration::from_secs(5)) >= 1);
    assert!(envoy.stats().contains_key("cluster.mock.upstream_rq_total"));
    assert_eq!(envoy.stat("no.such.stat"), 0);
}

#[test]
fn two_envoys_start_in_parallel_threads() {
    let mock = mock("parallel");
    let bootstrap = bare(&mock);
    let envoys: Vec<Envoy> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| s.spawn(|| Envoy::start(&bootstrap, EnvoyOptions::default())))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    // Used after their starting threads ended: they must still be alive (see process.rs).
    assert_ne!(envoys[0].listener_port(), envoys[1].listener_port());
    for (i, envoy) in envoys.iter().enumerate() {
        let resp = chat(envoy, &format!("from envoy {i}"));
        assert_eq!(resp.status, 200, "{}", resp.text());
        assert_eq!(
            resp.json()["choices"][0]["message"]["content"],
            format!("Mock answer to: from envoy {i}")
        );
    }
    assert_eq!(mock.wait_for_requests(2, Duration::from_secs(5)).len(), 2);
}

#[test]
fn errors_come_back_as_values_and_streams_are_chunked() {
    let mock = mock("errors");
    let mut b = bare(&mock);
    b.access_log_format("%REQ(:PATH)% %RESPONSE_CODE%");
    let envoy = Envoy::start(&b, EnvoyOptions::default());

    let resp = http::post_json(
        &envoy.url("/v1/chat/completions"),
        &[("x-mock-status", "429")],
        &json!({ "model": "m", "messages": [{ "role": "user", "content": "x" }] }),
    );
    assert_eq!(resp.status, 429);
    assert!(resp.json()["error"]["message"].is_string());

    let resp = http::post_json(
        &envoy.url("/v1/chat/completions"),
        &[("x-mock-event-delay-ms", "30")],
        &json!({ "model": "m", "stream": true, "messages": [{ "role": "user", "content": "one two three four five" }] }),
    );
    assert_eq!(resp.status, 200);
    let events = resp.sse_events();
    assert!(events.last().unwrap().is_done(), "{events:?}");
    let text: String = events
        .iter()
        .filter(|e| !e.is_done())
        .filter_map(|e| serde_json::from_str::<serde_json::Value>(&e.data).ok())
        .filter_map(|v| {
            v["choices"][0]["delta"]["content"]
                .as_str()
                .map(str::to_string)
        })
        .collect();
    assert_eq!(text, "Mock answer to: one two three four five");
    // Delays between events show up as spread-out chunk arrivals: a stream, not a buffer.
    assert!(resp.chunk_times.len() >= 3, "{:?}", resp.chunk_times);
    assert!(
        resp.body_spread() >= Duration::from_millis(60),
        "{:?}",
        resp.chunk_times
    );

    let lines = envoy.wait_for_access_log(2, Duration::from_secs(5));
    assert_eq!(
        lines,
        vec!["/v1/chat/completions 429", "/v1/chat/completions 200"]
    );
}

#[test]
fn a_rejected_config_is_an_error_with_logs() {
    let mut b = Bootstrap::new();
    b.route(json!({ "match": { "prefix": "/" }, "route": { "cluster": "nowhere" } }));
    let err = Envoy::try_start(&b, EnvoyOptions::default())
        .err()
        .expect("Envoy must reject an unknown cluster");
    assert!(err.logs.contains("nowhere"), "{err}");
}

#[test]
fn rendered_helpers_pass_envoy_validation() {
    let addr = "127.0.0.1:9".parse().unwrap();
    let mut cluster = static_cluster(
        "llm",
        &[
            Endpoint {
                addr,
                priority: 0,
                metadata: Some(json!({ "llm": { "backend": "alpha" } })),
            },
            Endpoint {
                addr,
                priority: 1,
                metadata: None,
            },
        ],
        1.5,
    );
    upstream_filters(&mut cluster, vec![]);
    let mut b = Bootstrap::new();
    b.cluster(cluster)
        .route(
            json!({ "match": { "prefix": "/" }, "route": { "cluster": "llm", "timeout": "5s" } }),
        )
        .access_log_format("%RESPONSE_CODE%");
    let dir = std::env::temp_dir();
    let config = b.render(
        llm_integration::free_port(),
        llm_integration::free_port(),
        &dir,
    );
    validate_config(&config).unwrap_or_else(|e| panic!("rejected: {e}"));

    // And a broken one is reported as such.
    let mut bad = config.clone();
    bad["static_resources"]["clusters"][0]["type"] = json!("NOT_A_TYPE");
    assert!(validate_config(&bad).is_err());
}

/// Every config the harness generates for the filters: each wasm filter reloads a failed VM,
/// Envoy's own replies are mapped to the OpenAI shape, every cluster allows a retry per request,
/// and Envoy accepts the config.
#[test]
fn generated_gateways_reload_failed_vms_map_local_replies_and_size_retries() {
    use llm_integration::bootstrap::{openai_local_replies, MAX_REQUESTS};
    use llm_integration::gateways::local::wasm_plugin_configs;
    use llm_integration::gateways::model_router::{
        bench_with_upstream_stage, BackendCluster, RouterGateway,
    };
    use llm_integration::gateways::{pii_mask, prompt_transform, token_meter};

    let addr: std::net::SocketAddr = "127.0.0.1:9".parse().unwrap();
    let router = RouterGateway::new(
        json!({ "default": { "backends": { "a": { "fallback": ["b"] }, "b": {} }, "defaultBackend": "a" } }),
        vec![BackendCluster::new("a", addr).with_fallback("b", addr)],
    );
    let prompt_config =
        json!({ "default": { "decorators": { "system": { "content": "Be brief." } } } });
    let meter_config = json!({ "default": { "quota": { "tokensPerMinute": 1000 } } });
    let gateways: Vec<(&str, Bootstrap)> = vec![
        ("model-router", router.bootstrap()),
        ("model-router bench", bench_with_upstream_stage(addr)),
        (
            "pii-mask",
            pii_mask::bootstrap(&pii_mask::example_config(), &[], addr),
        ),
        (
            "prompt-transform",
            prompt_transform::bootstrap(&prompt_config, addr),
        ),
        (
            "prompt-transform + router",
            prompt_transform::chained_with_router(&prompt_config, &router),
        ),
        (
            "token-meter",
            token_meter::meter_gateway(&meter_config, addr),
        ),
        (
            "token-meter + router",
            token_meter::meter_before_router(&meter_config, &router),
        ),
    ];
    let mut rendered = Vec::new();
    for (name, bootstrap) in gateways {
        let config = bootstrap.render(
            llm_integration::free_port(),
            llm_integration::free_port(),
            &std::env::temp_dir(),
        );
        let plugins = wasm_plugin_configs(&config);
        assert!(!plugins.is_empty(), "{name}");
        for (at, plugin) in plugins {
            assert_eq!(plugin["failure_policy"], "FAIL_RELOAD", "{name}: {at}");
        }
        let hcm = &config["static_resources"]["listeners"][0]["filter_chains"][0]["filters"][0]
            ["typed_config"];
        assert_eq!(hcm["local_reply_config"], openai_local_replies(), "{name}");
        for cluster in config["static_resources"]["clusters"].as_array().unwrap() {
            let t = &cluster["circuit_breakers"]["thresholds"][0];
            assert_eq!(
                (&t["max_requests"], &t["max_retries"]),
                (&json!(MAX_REQUESTS), &json!(MAX_REQUESTS)),
                "{name}"
            );
        }
        rendered.push((name, config));
    }
    // Validation compiles the wasm modules (slow): the chains cover every filter and stage.
    rendered.retain(|(name, _)| {
        [
            "model-router",
            "pii-mask",
            "prompt-transform + router",
            "token-meter + router",
        ]
        .contains(name)
    });
    std::thread::scope(|s| {
        for (name, config) in &rendered {
            s.spawn(move || {
                validate_config(config).unwrap_or_else(|e| panic!("{name} rejected: {e}"))
            });
        }
    });
}

/// `LLM_FILTERS_BUILD` decides what Envoy runs: the wasm module, or the same filter (same name,
/// same JSON config) from `libllm_filters.so`, whose metric carries the wasm build's name.
/// Oracle: Envoy's own config dump and the filter's effect on the request.
#[test]
fn the_build_parameter_decides_which_build_envoy_loads() {
    use llm_integration::gateways::prompt_transform;
    use llm_integration::Build;

    let upstream = mock("m");
    let template = json!({ "messages": [{ "role": "user", "content": "Say {{text}}" }] });
    let config = json!({ "default": { "templates": { "say": template },
                                      "decorators": { "system": { "content": "Be brief." } } } });
    let envoy = Envoy::start(
        &prompt_transform::bootstrap(&config, upstream.addr()),
        EnvoyOptions::default(),
    );
    assert_eq!(envoy.build(), Build::current());
    // The listeners Envoy loaded (the bootstrap part of the dump also lists every extension).
    let dump = http::request(
        "GET",
        &envoy.admin_url("/config_dump?resource=static_listeners"),
        &[],
        &[],
    )
    .text();
    let (wasm, native) = (
        dump.contains("envoy.extensions.filters.http.wasm.v3.Wasm"),
        dump.contains("DynamicModuleFilter"),
    );
    match envoy.build() {
        Build::Wasm => assert!(wasm && !native, "wasm build loads the wasm module"),
        Build::Native => {
            assert!(native && !wasm, "native build loads the module only");
            assert!(dump.contains("\"filter_name\": \"prompt_transform\""));
        }
    }

    let resp = http::post_json(
        &envoy.url("/v1/chat/completions"),
        &[],
        &json!({ "model": "m", "template": "say", "properties": { "text": "hi" } }),
    );
    assert_eq!(resp.status, 200, "{}", resp.text());
    let received = upstream.requests();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].json()["messages"],
        json!([{ "role": "system", "content": "Be brief." }, { "role": "user", "content": "Say hi" }]),
        "the filter ran"
    );
    assert_eq!(
        envoy.wait_for_stat(
            "wasmcustom.llm_prompt.requests.template.say",
            1,
            Duration::from_secs(10)
        ),
        1
    );
    let names: Vec<String> = envoy
        .stats()
        .into_keys()
        .filter(|k| k.contains("llm_prompt"))
        .collect();
    assert!(
        !names.is_empty()
            && names
                .iter()
                .all(|k| k.starts_with("wasmcustom.llm_prompt.")),
        "metrics are named wasmcustom.* on either build: {names:?}"
    );
}

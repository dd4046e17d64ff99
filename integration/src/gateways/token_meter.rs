//! Gateways with token-meter: alone in front of the mock, or in front of model-router (token-meter
//! must run first on the request path so its budget fallback header reaches the router), plus
//! the access-log line printing the usage it writes to filter state, and the bench scenarios.

use crate::bench::scenarios::{
    bare, chat_body_of_size, chat_completion_1kb, BenchRequest, Scenario,
};
use crate::bootstrap::{mock_cluster, wasm_filter, Bootstrap, WasmOptions};
use crate::gateways::model_router::RouterGateway;
use crate::wasm_module;
use serde_json::{json, Value};
use std::net::SocketAddr;

/// Envoy access-log text printing token-meter's filter state (proxy-wasm `set_property` of
/// `token_meter.x` is Envoy filter state `wasm.token_meter.x`).
pub const ACCESS_LOG_FORMAT: &str = "%REQ(:PATH)% %RESPONSE_CODE% client=%FILTER_STATE(wasm.token_meter.client:PLAIN)% \
model=%FILTER_STATE(wasm.token_meter.model:PLAIN)% in=%FILTER_STATE(wasm.token_meter.input_tokens:PLAIN)% \
out=%FILTER_STATE(wasm.token_meter.output_tokens:PLAIN)% total=%FILTER_STATE(wasm.token_meter.total_tokens:PLAIN)% \
cached=%FILTER_STATE(wasm.token_meter.cached_tokens:PLAIN)% reasoning=%FILTER_STATE(wasm.token_meter.reasoning_tokens:PLAIN)% \
cost=%FILTER_STATE(wasm.token_meter.cost_usd:PLAIN)% estimated=%FILTER_STATE(wasm.token_meter.estimated:PLAIN)%";

/// The token-meter HTTP filter. It holds the request headers until the body is counted and the
/// quota checked, so it needs `allow_on_headers_stop_iteration`.
pub fn meter_filter(config: &Value) -> Value {
    wasm_filter(
        "token_meter",
        &wasm_module("token_meter"),
        config,
        &WasmOptions {
            root_id: Some("token_meter".into()),
            vm_id: Some("token_meter".into()),
            allow_on_headers_stop_iteration: true,
            env_keys: Vec::new(),
            ..WasmOptions::default()
        },
    )
}

/// token-meter alone, every route to the mock, with the usage access log.
pub fn meter_gateway(config: &Value, mock: SocketAddr) -> Bootstrap {
    let mut b = Bootstrap::new();
    b.http_filter(meter_filter(config));
    b.cluster(mock_cluster(mock));
    b.access_log_format(ACCESS_LOG_FORMAT);
    b
}

/// token-meter first, then model-router's gateway (route stage, routes, clusters).
pub fn meter_before_router(config: &Value, router: &RouterGateway) -> Bootstrap {
    let mut b = router.bootstrap();
    let filter = meter_filter(config);
    b.raw(move |v| {
        let filters = v
            .pointer_mut(
                "/static_resources/listeners/0/filter_chains/0/filters/0/typed_config/http_filters",
            )
            .and_then(Value::as_array_mut)
            .expect("the listener has an HTTP connection manager");
        filters.insert(0, filter.clone());
    });
    b.access_log_format(ACCESS_LOG_FORMAT);
    b
}

/// The bench config: counting, stream usage and a quota far above what a run uses, so every
/// request pays for counting and one shared-data compare-and-swap in and out.
pub fn bench_config() -> Value {
    json!({ "default": {
        "client": { "header": "x-client-id" },
        "quota": { "tokensPerMinute": 1_000_000_000_000u64, "requestsPerMinute": 1_000_000_000u64 },
        "prices": { "gpt-4o-mini*": { "input": 0.15, "output": 0.6, "cachedInput": 0.075 } }
    }})
}

fn bench_gateway(mock: SocketAddr) -> Bootstrap {
    let mut b = Bootstrap::new();
    b.http_filter(meter_filter(&bench_config()));
    b.cluster(mock_cluster(mock));
    b
}

/// A non-streaming chat request whose JSON body is 100 KiB.
pub fn chat_completion_100kb() -> BenchRequest {
    let (path, headers, _) = chat_completion_1kb();
    (path, headers, chat_body_of_size(100 * 1024))
}

/// Scenarios for the lead to register: token-meter with the 1 KB request (ratio against "bare"),
/// and bare vs token-meter with a 100 KB request (compare these two with each other).
pub fn bench_scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "token-meter",
            build: bench_gateway,
            request: chat_completion_1kb,
        },
        Scenario {
            name: "bare-100kb",
            build: bare,
            request: chat_completion_100kb,
        },
        Scenario {
            name: "token-meter-100kb",
            build: bench_gateway,
            request: chat_completion_100kb,
        },
    ]
}

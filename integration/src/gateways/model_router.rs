//! A gateway with model-router: route stage in the listener, upstream stage in every backend
//! cluster, one Envoy route per backend matching `x-llm-backend`, and fallback through retries
//! across the cluster's priorities (see the model-router crate docs).

use crate::bootstrap::{
    set_max_retries, static_cluster, upstream_filters, wasm_filter, Bootstrap, Endpoint,
    WasmOptions, MAX_REQUESTS,
};
use crate::wasm_module;
use serde_json::{json, Value};
use std::net::SocketAddr;

/// One backend as Envoy sees it: where it is, and which backends serve its requests when it
/// fails (in priority order, each with its own address).
#[derive(Debug, Clone)]
pub struct BackendCluster {
    pub backend: String,
    pub addr: SocketAddr,
    pub fallback: Vec<(String, SocketAddr)>,
}

impl BackendCluster {
    pub fn new(backend: &str, addr: SocketAddr) -> Self {
        BackendCluster {
            backend: backend.to_string(),
            addr,
            fallback: Vec::new(),
        }
    }

    pub fn with_fallback(mut self, backend: &str, addr: SocketAddr) -> Self {
        self.fallback.push((backend.to_string(), addr));
        self
    }

    pub fn cluster_name(&self) -> String {
        format!("llm_{}", self.backend)
    }
}

#[derive(Debug, Clone)]
pub struct RouterGateway {
    /// The model-router plugin configuration (`{default, rules}`).
    pub config: Value,
    pub backends: Vec<BackendCluster>,
    /// Environment variables handed to the wasm VMs (provider keys).
    pub env_keys: Vec<String>,
    /// Per-attempt timeout; an attempt that takes longer is retried on the next backend.
    pub per_try_timeout_ms: u64,
    /// A request on which no byte moves for this long is ended (route `idle_timeout`).
    pub idle_timeout_ms: u64,
    /// Load the upstream stage (needed for fallback with another model or key).
    pub upstream_stage: bool,
    /// Concurrent retries each backend cluster allows (fallbacks are retries). Defaults to
    /// [`MAX_REQUESTS`] so fallback holds under load; `None` leaves Envoy's default of 3.
    pub max_retries: Option<u32>,
}

impl RouterGateway {
    pub fn new(config: Value, backends: Vec<BackendCluster>) -> Self {
        RouterGateway {
            config,
            backends,
            env_keys: Vec::new(),
            per_try_timeout_ms: 10_000,
            idle_timeout_ms: 120_000,
            upstream_stage: true,
            max_retries: Some(MAX_REQUESTS),
        }
    }

    pub fn bootstrap(&self) -> Bootstrap {
        let mut bootstrap = Bootstrap::new();
        bootstrap.http_filter(self.route_stage_filter());
        for backend in &self.backends {
            bootstrap.route(self.route_for(backend));
            bootstrap.cluster(self.cluster_for(backend));
        }
        bootstrap.route(no_backend_route());
        bootstrap
    }

    pub fn route_stage_filter(&self) -> Value {
        wasm_filter(
            "model_router",
            &wasm_module("model_router"),
            &self.config,
            &WasmOptions {
                root_id: Some("model_router".into()),
                vm_id: Some("model_router".into()),
                allow_on_headers_stop_iteration: true,
                env_keys: self.env_keys.clone(),
                ..WasmOptions::default()
            },
        )
    }

    fn upstream_stage_filter(&self) -> Value {
        wasm_filter(
            "model_router_upstream",
            &wasm_module("model_router"),
            &self.config,
            &WasmOptions {
                root_id: Some("model_router_upstream".into()),
                vm_id: Some("model_router".into()),
                allow_on_headers_stop_iteration: false,
                env_keys: self.env_keys.clone(),
                ..WasmOptions::default()
            },
        )
    }

    fn route_for(&self, backend: &BackendCluster) -> Value {
        json!({
            "name": format!("backend_{}", backend.backend),
            "match": { "prefix": "/", "headers": [{ "name": "x-llm-backend", "string_match": { "exact": backend.backend } }] },
            "route": {
                "cluster": backend.cluster_name(),
                // As envoy/bootstrap.yaml: no cap on the total duration (it would cut a long
                // stream), an idle limit instead; per_try_timeout bounds the wait for headers.
                "timeout": "0s",
                "idle_timeout": format!("{:.3}s", self.idle_timeout_ms as f64 / 1000.0),
                "retry_policy": {
                    "retry_on": "5xx,reset,connect-failure,retriable-status-codes",
                    "retriable_status_codes": [429],
                    "num_retries": backend.fallback.len(),
                    "per_try_timeout": format!("{:.3}s", self.per_try_timeout_ms as f64 / 1000.0),
                    "retry_priority": {
                        "name": "envoy.retry_priorities.previous_priorities",
                        "typed_config": {
                            "@type": "type.googleapis.com/envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig",
                            "update_frequency": 1
                        }
                    }
                }
            }
        })
    }

    fn cluster_for(&self, backend: &BackendCluster) -> Value {
        let mut endpoints = vec![endpoint(&backend.backend, backend.addr, 0)];
        for (i, (name, addr)) in backend.fallback.iter().enumerate() {
            endpoints.push(endpoint(name, *addr, i as u32 + 1));
        }
        let mut cluster = static_cluster(&backend.cluster_name(), &endpoints, 2.0);
        set_max_retries(&mut cluster, self.max_retries);
        if self.upstream_stage {
            upstream_filters(&mut cluster, vec![self.upstream_stage_filter()]);
        }
        cluster
    }
}

/// The catch-all after the backend routes: model-router named no backend. Its JSON body is marked
/// as JSON so the local-reply mappers leave it as written.
pub fn no_backend_route() -> Value {
    json!({
        "name": "no_backend",
        "match": { "prefix": "/" },
        "direct_response": {
            "status": 503,
            "body": { "inline_string": r#"{"error":{"message":"no LLM backend was selected for this request","type":"api_error","param":null,"code":null}}"# }
        },
        "response_headers_to_add": [{
            "header": { "key": "content-type", "value": "application/json" },
            "append_action": "OVERWRITE_IF_EXISTS_OR_ADD"
        }]
    })
}

fn endpoint(backend: &str, addr: SocketAddr, priority: u32) -> Endpoint {
    Endpoint {
        addr,
        priority,
        metadata: Some(json!({ "llm": { "backend": backend } })),
    }
}

/// Benchmark gateway: the 1 KB chat request (`gpt-4o-mini`) is matched by a glob rule and its
/// model rewritten, i.e. the full route-stage path including a body rewrite.
pub fn bench_route_stage(mock: SocketAddr) -> Bootstrap {
    bench_gateway(mock, false)
}

/// As [`bench_route_stage`], plus a fallback backend and the upstream stage on every attempt.
pub fn bench_with_upstream_stage(mock: SocketAddr) -> Bootstrap {
    bench_gateway(mock, true)
}

fn bench_gateway(mock: SocketAddr, with_fallback: bool) -> Bootstrap {
    let fallback = if with_fallback {
        json!(["backup"])
    } else {
        json!([])
    };
    let config = json!({ "default": {
        "backends": { "mock": { "fallback": fallback }, "backup": {} },
        "routes": [{ "models": ["gpt-4o*"], "targets": [{ "backend": "mock", "model": "gpt-4o-mini-2024-07-18" }] }],
        "defaultBackend": "mock"
    }});
    let mut primary = BackendCluster::new("mock", mock);
    if with_fallback {
        primary = primary.with_fallback("backup", mock);
    }
    let mut gateway = RouterGateway::new(config, vec![primary]);
    gateway.upstream_stage = with_fallback;
    gateway.bootstrap()
}

/// `filters` (e.g. pii-mask, token-meter) inserted before model-router's route stage, in order.
pub fn with_filters_before_router(mut bootstrap: Bootstrap, filters: Vec<Value>) -> Bootstrap {
    bootstrap.raw(move |v| {
        if let Some(chain) = v
            .pointer_mut(
                "/static_resources/listeners/0/filter_chains/0/filters/0/typed_config/http_filters",
            )
            .and_then(Value::as_array_mut)
        {
            for (i, filter) in filters.iter().enumerate() {
                chain.insert(i, filter.clone());
            }
        }
    });
    bootstrap
}

/// Benchmark gateway for API translation: every request goes to an Anthropic-schema backend
/// (the mock's `/v1/messages`), so the upstream stage translates the 1 KB chat request and its
/// answer (or stream). Compare with [`bench_with_upstream_stage`] (same stages, same schema).
pub fn bench_translate_to_anthropic(mock: SocketAddr) -> Bootstrap {
    let config = json!({ "default": {
        "backends": { "mock": { "schema": "anthropic" } },
        "defaultBackend": "mock"
    }});
    let mut gateway = RouterGateway::new(config, vec![BackendCluster::new("mock", mock)]);
    gateway.upstream_stage = true;
    gateway.bootstrap()
}

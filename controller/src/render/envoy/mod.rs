//! `--target envoy`: a complete Envoy bootstrap from a [`Plan`] — listener and HTTP connection
//! manager (OpenAI-shaped local replies, access log with the filters' filter state, request
//! header timeout), the filter chain (`jwt_authn`, `local_ratelimit`, prompt-transform,
//! pii-mask, token-meter, model-router, router), one route per backend keyed on model-router's
//! `x-llm-backend` header with its retry policy (each retry goes to the next priority, i.e. the
//! next fallback backend), the clusters with model-router's upstream stage, stats tags.
//!
//! `envoy/bootstrap.yaml` is this render of `controller/examples/` (a test keeps them in sync).

mod clusters;
mod filters;
mod local_reply;

use serde::Serialize;
use serde_json::{json, Value};

use crate::plan::{Cluster, Plan};
use crate::render::Build;

pub use filters::{jwks_cluster_name, route_matches};
pub use local_reply::local_reply_config;

/// What the plan does not say: how the filters are loaded and where admin listens.
#[derive(Debug, Clone)]
pub struct EnvoyOptions {
    pub build: Build,
    /// Directory of the wasm modules (`<dir>/<module>.wasm`); relative paths resolve against
    /// Envoy's working directory.
    pub module_dir: String,
    pub admin_address: String,
    pub admin_port: u16,
    /// The listener's per-connection buffer limit: twice the filters' default `maxBodyBytes`
    /// (1000000), so a larger body gets the filter's own 413 before Envoy's.
    pub buffer_limit_bytes: u32,
}

impl Default for EnvoyOptions {
    fn default() -> Self {
        EnvoyOptions {
            build: Build::Wasm,
            module_dir: "target/wasm32-wasip1/release".into(),
            admin_address: "127.0.0.1".into(),
            admin_port: 9901,
            buffer_limit_bytes: 2 * 1024 * 1024,
        }
    }
}

/// Envoy durations: `2s`, `0.500s`.
pub(crate) fn duration(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{}.{:03}s", ms / 1000, ms % 1000)
    }
}

fn json_text<T: Serialize>(v: &T) -> String {
    // Serializing plain config types to JSON cannot fail (string keys, finite numbers).
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// The bootstrap as JSON (Envoy reads it as `-c bootstrap.json` or as YAML).
pub fn render(plan: &Plan, opts: &EnvoyOptions) -> Value {
    let router_config = json_text(&plan.model_router);
    let provider_env: Vec<String> = plan.env.keys().cloned().collect();
    let router_env: Vec<String> = plan
        .model_router
        .configs()
        .flat_map(|c| c.backends.values())
        .filter_map(|b| b.auth.as_ref().map(|a| a.secret_env.clone()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let pii_env: Vec<String> = provider_env
        .iter()
        .filter(|e| !router_env.contains(e))
        .cloned()
        .collect();

    let mut http_filters = Vec::new();
    if let Some(j) = &plan.jwt_authn {
        http_filters.push(filters::jwt_authn(j));
    }
    if let Some(r) = &plan.local_ratelimit {
        http_filters.push(filters::local_ratelimit(r));
    }
    let texts = [
        (
            "prompt_transform",
            plan.prompt_transform.as_ref().map(json_text),
            Vec::new(),
        ),
        ("pii_mask", plan.pii_mask.as_ref().map(json_text), pii_env),
        (
            "token_meter",
            plan.token_meter.as_ref().map(json_text),
            Vec::new(),
        ),
        (
            "model_router",
            Some(router_config.clone()),
            router_env.clone(),
        ),
    ];
    for (name, config, env) in &texts {
        if let Some(config) = config {
            http_filters.push(filters::llm_filter(
                &filters::LlmFilter {
                    root_id: name,
                    module: name,
                    config,
                    env,
                    holds_headers: true,
                },
                opts,
            ));
        }
    }
    http_filters.push(filters::router());

    let upstream = filters::llm_filter(
        &filters::LlmFilter {
            root_id: "model_router_upstream",
            module: "model_router",
            config: &router_config,
            env: &router_env,
            holds_headers: false,
        },
        opts,
    );
    let mut clusters: Vec<Value> = plan
        .clusters
        .iter()
        .map(|c| clusters::cluster(c, &upstream))
        .collect();
    if let Some(j) = &plan.jwt_authn {
        for (name, p) in &j.providers {
            if let Some(c) = p
                .jwks_uri
                .as_deref()
                .and_then(|u| clusters::jwks_cluster(&jwks_cluster_name(name), u))
            {
                clusters.push(c);
            }
        }
    }

    let hcm = json!({
        "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
        "stat_prefix": "llm_gateway",
        "codec_type": "AUTO",
        // A client must finish its request headers within 10 s (slow-header clients otherwise
        // hold connections open).
        "request_headers_timeout": "10s",
        "local_reply_config": local_reply_config(plan.local_ratelimit.is_some()),
        "access_log": [access_log()],
        "route_config": {
            "name": "llm_routes",
            "virtual_hosts": [{ "name": "llm", "domains": ["*"], "routes": routes(&plan.clusters) }],
        },
        "http_filters": http_filters,
    });
    let mut bootstrap = json!({
        "admin": { "address": { "socket_address": { "address": opts.admin_address, "port_value": opts.admin_port } } },
        // A cap on open client connections (Envoy warns at startup without one).
        "overload_manager": { "resource_monitors": [{
            "name": "envoy.resource_monitors.global_downstream_max_connections",
            "typed_config": {
                "@type": "type.googleapis.com/envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig",
                "max_active_downstream_connections": 10000,
            }
        }] },
        "stats_config": { "stats_tags": stats_tags() },
        "static_resources": {
            "listeners": [{
                "name": "llm_gateway",
                "address": { "socket_address": { "address": plan.listener.address, "port_value": plan.listener.port } },
                "per_connection_buffer_limit_bytes": opts.buffer_limit_bytes,
                "filter_chains": [{ "filters": [{
                    "name": "envoy.filters.network.http_connection_manager",
                    "typed_config": hcm,
                }] }],
            }],
            "clusters": clusters,
        }
    });
    if opts.build == Build::Native {
        bootstrap["layered_runtime"] = native_runtime();
    }
    bootstrap
}

/// The native build's runtime: Envoy registers the module's metrics namespace as a custom stat
/// namespace (as it always does for wasm's), so Prometheus names are the same on both builds
/// (`llm_router_requests{...}`, not `envoy_wasmcustom_llm_router_requests{...}`).
fn native_runtime() -> Value {
    json!({ "layers": [{ "name": "llm_filters_native", "static_layer": {
        "envoy.reloadable_features.dynamic_modules_strip_custom_stat_prefix": true
    } }] })
}

/// The filters' metric names as Prometheus labels, the same on both builds.
fn stats_tags() -> Vec<Value> {
    llm_filters_core::metrics::stats_tags()
        .into_iter()
        .map(|t| json!({ "tag_name": t.tag_name, "regex": t.regex }))
        .collect()
}

/// Usage per request from the filters' filter state (`wasm.<key>` on both builds).
fn access_log() -> Value {
    let fs = |key: &str| format!("%FILTER_STATE(wasm.{key}:PLAIN)%");
    let line = format!(
        "[%START_TIME%] %REQ(:METHOD)% %REQ(:PATH)% %RESPONSE_CODE% backend={} routed_model={} client={} model={} in={} out={} cached={} reasoning={} cost_usd={} estimated={}\n",
        fs("llm.routed_backend"), fs("llm.routed_model"), fs("token_meter.client"), fs("token_meter.model"),
        fs("token_meter.input_tokens"), fs("token_meter.output_tokens"), fs("token_meter.cached_tokens"),
        fs("token_meter.reasoning_tokens"), fs("token_meter.cost_usd"), fs("token_meter.estimated"),
    );
    json!({
        "name": "envoy.access_loggers.stdout",
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
            "log_format": { "text_format_source": { "inline_string": line } },
        }
    })
}

/// A route per backend on model-router's `x-llm-backend` (Envoy re-selects the route after the
/// filter has read the body), then `no_backend`.
fn routes(clusters: &[Cluster]) -> Vec<Value> {
    let mut routes: Vec<Value> = clusters
        .iter()
        .map(|c| {
            let r = &c.route;
            json!({
                "name": format!("backend_{}", c.backend.replace('-', "_")),
                "match": { "prefix": "/", "headers": [{ "name": "x-llm-backend", "string_match": { "exact": c.backend } }] },
                "route": {
                    "cluster": c.name,
                    // No cap on the whole duration by default (it would cut a long stream);
                    // idle_timeout ends a stream that moves nothing, per_try_timeout bounds
                    // each attempt's wait for the response headers.
                    "timeout": duration(r.timeout_ms),
                    "idle_timeout": duration(r.idle_timeout_ms),
                    "retry_policy": {
                        "retry_on": "5xx,reset,connect-failure,retriable-status-codes",
                        "retriable_status_codes": r.retriable_status_codes,
                        "num_retries": r.num_retries,
                        "per_try_timeout": duration(r.per_try_timeout_ms),
                        // Each retry goes to the next priority: the next fallback backend.
                        "retry_priority": {
                            "name": "envoy.retry_priorities.previous_priorities",
                            "typed_config": {
                                "@type": "type.googleapis.com/envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig",
                                "update_frequency": 1,
                            }
                        }
                    }
                }
            })
        })
        .collect();
    routes.push(json!({
        "name": "no_backend",
        "match": { "prefix": "/" },
        "direct_response": {
            "status": 503,
            "body": { "inline_string": "{\"error\":{\"message\":\"no LLM backend was selected for this request\",\"type\":\"api_error\",\"param\":null,\"code\":null}}" },
        },
        // JSON, so the local-reply mappers keep the body as written.
        "response_headers_to_add": [{ "header": { "key": "content-type", "value": "application/json" }, "append_action": "OVERWRITE_IF_EXISTS_OR_ADD" }],
    }));
    routes
}

/// The bootstrap as YAML, with a header saying where it comes from.
pub fn render_yaml(
    plan: &Plan,
    opts: &EnvoyOptions,
    source: &str,
) -> Result<String, serde_yaml::Error> {
    let body = serde_yaml::to_string(&render(plan, opts))?;
    let build = match opts.build {
        Build::Wasm => "",
        Build::Native => " --build native",
    };
    Ok(format!(
        "# Generated by `llm-filters-controller render -f {source} --target envoy{build}`: do not edit;\n\
         # change the CRs in {source} and regenerate (controller/README.md explains every part).\n{body}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration(2000), "2s");
        assert_eq!(duration(500), "0.500s");
        assert_eq!(duration(0), "0s");
    }
}

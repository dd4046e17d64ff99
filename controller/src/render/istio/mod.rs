//! `--target istio`: the objects an Istio user applies (all `EnvoyFilter`s,
//! `networking.istio.io/v1alpha3`), from a [`Plan`].
//!
//! - `llm-filters-extensions`: one `EXTENSION_CONFIG` per llm filter, the full Envoy filter
//!   config (Wasm with `allow_on_headers_stop_iteration`, or the dynamic module). Istio serves
//!   them by name (ECDS); for a remote module (`oci://`, `https://`) the Istio agent downloads it
//!   first and refuses the config if it cannot.
//! - `llm-filters-http`: the HTTP filter chain, inserted before the router in order: Envoy's
//!   `jwt_authn` and `local_ratelimit` when a policy asks for them, then prompt-transform,
//!   pii-mask, token-meter, model-router (each taking its config from its extension config).
//! - `llm-filters-upstreams`: one cluster per backend (priority-ordered endpoints for fallback,
//!   model-router's upstream stage) and one route per backend.
//!
//! Every llm filter holds the request headers while it reads the body, which only an
//! `EnvoyFilter` can configure (`WasmPlugin` and `TrafficExtension` have no field for
//! `allow_on_headers_stop_iteration`, and no way into a cluster's upstream filters); dynamic
//! modules have no Istio CRD at all. So this render emits no `WasmPlugin`/`TrafficExtension`.

pub mod filters;
pub mod upstream;

use std::collections::BTreeMap;

use serde_json::{json, Value};

pub use super::Build;
use crate::plan::Plan;

/// Where the rendered objects act and where the proxies find the modules.
#[derive(Clone, Debug, PartialEq)]
pub struct IstioOptions {
    /// The wasm modules: `{module}` becomes `prompt_transform`, `pii_mask`, `token_meter` or
    /// `model_router`. `file:///...` (mounted into the proxy), `oci://...` (Istio's Wasm image
    /// format) or `https://...`.
    pub wasm_url: String,
    /// Optional sha256 per module (checked by the Istio agent on download).
    pub wasm_sha256: BTreeMap<String, String>,
    /// The native module inside the proxy container (`--build native`).
    pub native_module_path: String,
    /// `workloadSelector` labels of the proxies (the gateway's pods).
    pub selector: BTreeMap<String, String>,
    /// The EnvoyFilter match context: `GATEWAY` (an ingress gateway), `SIDECAR_INBOUND`...
    pub context: String,
    /// Only this listener port of the proxy gets the filters and routes; `None`: every one.
    pub port: Option<u32>,
}

impl Default for IstioOptions {
    fn default() -> Self {
        IstioOptions {
            wasm_url: "file:///var/local/lib/llm-filters/{module}.wasm".into(),
            wasm_sha256: BTreeMap::new(),
            native_module_path: "/var/lib/llm-filters/libllm_filters.so".into(),
            selector: BTreeMap::from([("istio".to_string(), "ingressgateway".to_string())]),
            context: "GATEWAY".into(),
            port: None,
        }
    }
}

/// Names of the rendered objects.
pub const EXTENSIONS: &str = "llm-filters-extensions";
pub const HTTP: &str = "llm-filters-http";
pub const UPSTREAMS: &str = "llm-filters-upstreams";

/// Why a plan has no Istio render.
#[derive(Debug, thiserror::Error)]
pub enum IstioError {
    #[error("a filter config does not serialize: {0}")]
    Serialize(#[from] serde_json::Error),
}

/// The Istio objects of `plan`, with default options.
pub fn render(plan: &Plan, build: Build) -> Result<Vec<Value>, IstioError> {
    render_with(plan, build, &IstioOptions::default())
}

/// The Istio objects of `plan`.
pub fn render_with(
    plan: &Plan,
    build: Build,
    opts: &IstioOptions,
) -> Result<Vec<Value>, IstioError> {
    let instances = filters::instances(plan)?;
    let (downstream, upstream): (Vec<_>, Vec<_>) = instances
        .iter()
        .partition(|f| f.root_id != "model_router_upstream");
    let Some(upstream) = upstream.first() else {
        return Ok(Vec::new());
    };

    let extensions: Vec<Value> = instances
        .iter()
        .map(|f| {
            json!({
                "applyTo": "EXTENSION_CONFIG",
                "patch": { "operation": "ADD", "value": filters::extension_config(f, build, opts) }
            })
        })
        .collect();

    let (mut chain, extra_clusters) = envoy_filters(plan, build);
    chain.extend(downstream.iter().map(|f| filters::discovered(f, build)));
    let http: Vec<Value> = chain
        .into_iter()
        .map(|value| {
            json!({
                "applyTo": "HTTP_FILTER",
                "match": listener_match(opts),
                "patch": { "operation": "INSERT_BEFORE", "value": value }
            })
        })
        .collect();

    let mut upstreams: Vec<Value> = plan
        .clusters
        .iter()
        .map(|c| {
            json!({
                "applyTo": "CLUSTER",
                "match": { "context": opts.context },
                "patch": { "operation": "ADD", "value": upstream::cluster(c, upstream, build) }
            })
        })
        .collect();
    upstreams.extend(extra_clusters.into_iter().map(|c| {
        json!({
            "applyTo": "CLUSTER",
            "match": { "context": opts.context },
            "patch": { "operation": "ADD", "value": c }
        })
    }));
    upstreams.extend(plan.clusters.iter().map(|c| {
        json!({
            "applyTo": "HTTP_ROUTE",
            "match": route_match(opts),
            "patch": { "operation": "INSERT_FIRST", "value": upstream::route(c) }
        })
    }));

    Ok(vec![
        envoy_filter(EXTENSIONS, opts, extensions),
        envoy_filter(HTTP, opts, http),
        envoy_filter(UPSTREAMS, opts, upstreams),
    ])
}

/// Envoy's own filters a policy asks for (`jwt_authn`, `local_ratelimit`, first in the chain)
/// and the clusters they need (JWKS hosts), taken from the Envoy render of the same plan so both
/// targets enforce the same thing.
fn envoy_filters(plan: &Plan, build: Build) -> (Vec<Value>, Vec<Value>) {
    if plan.jwt_authn.is_none() && plan.local_ratelimit.is_none() {
        return (Vec::new(), Vec::new());
    }
    let opts = crate::render::envoy::EnvoyOptions {
        build,
        ..Default::default()
    };
    let bootstrap = crate::render::envoy::render(plan, &opts);
    const OWN: [&str; 2] = [
        "envoy.filters.http.jwt_authn",
        "envoy.filters.http.local_ratelimit",
    ];
    let filters = bootstrap
        .pointer("/static_resources/listeners")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|l| l["filter_chains"].as_array().into_iter().flatten())
        .flat_map(|fc| fc["filters"].as_array().into_iter().flatten())
        .flat_map(|f| {
            f["typed_config"]["http_filters"]
                .as_array()
                .into_iter()
                .flatten()
        })
        .filter(|f| f["name"].as_str().is_some_and(|n| OWN.contains(&n)))
        .cloned()
        .collect();
    let ours: Vec<&str> = plan.clusters.iter().map(|c| c.name.as_str()).collect();
    let clusters = bootstrap
        .pointer("/static_resources/clusters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|c| c["name"].as_str().is_some_and(|n| !ours.contains(&n)))
        .cloned()
        .collect();
    (filters, clusters)
}

fn envoy_filter(name: &str, opts: &IstioOptions, patches: Vec<Value>) -> Value {
    let mut spec = json!({ "configPatches": patches });
    if !opts.selector.is_empty() {
        spec["workloadSelector"] = json!({ "labels": opts.selector });
    }
    json!({
        "apiVersion": "networking.istio.io/v1alpha3",
        "kind": "EnvoyFilter",
        "metadata": { "name": name },
        "spec": spec,
    })
}

fn listener_match(opts: &IstioOptions) -> Value {
    let mut listener = json!({
        "filterChain": { "filter": {
            "name": "envoy.filters.network.http_connection_manager",
            "subFilter": { "name": "envoy.filters.http.router" }
        } }
    });
    if let Some(port) = opts.port {
        listener["portNumber"] = json!(port);
    }
    json!({ "context": opts.context, "listener": listener })
}

/// Every virtual host (of the port): with no route named, Istio inserts the route first.
fn route_match(opts: &IstioOptions) -> Value {
    let mut rc = json!({});
    if let Some(port) = opts.port {
        rc["portNumber"] = json!(port);
    }
    json!({ "context": opts.context, "routeConfiguration": rc })
}

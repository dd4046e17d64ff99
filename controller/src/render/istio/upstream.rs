//! Backends as Envoy clusters and routes, added to the proxies by `EnvoyFilter` patches.
//!
//! Istio's own objects cannot say this: a `ServiceEntry`/`DestinationRule` has no per-endpoint
//! priorities (fallback is Envoy's retry to the next priority of one cluster), no endpoint
//! metadata under `llm` (how model-router's upstream stage knows which backend an attempt goes
//! to), and no upstream HTTP filters. So each backend is a cluster added with a CLUSTER patch:
//! its endpoint at priority 0, each fallback backend's at 1, 2, ..., and model-router's upstream
//! stage in the cluster's filter chain; and one route per backend (`x-llm-backend: <name>`,
//! which only model-router sets) is inserted first in the proxy's virtual hosts.

use serde_json::{json, Value};

use super::filters::{discovered, FilterInstance};
use super::Build;
use crate::plan::{Cluster, PriorityEndpoint};

/// The header model-router sets to its decision (after removing any copy the client sent).
pub const BACKEND_HEADER: &str = "x-llm-backend";

/// A duration in Envoy's JSON form (`30s`, `0.500s`).
pub fn duration(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{}.{:03}s", ms / 1000, ms % 1000)
    }
}

/// The Envoy cluster of one backend.
pub fn cluster(c: &Cluster, upstream: &FilterInstance, build: Build) -> Value {
    let dns = c.endpoints.iter().any(|e| e.dns);
    let limit = c.max_requests;
    let mut cluster = json!({
        "name": c.name,
        // Several endpoints with different DNS names (a backend and its fallbacks) need
        // STRICT_DNS; LOGICAL_DNS takes one.
        "type": if dns { "STRICT_DNS" } else { "STATIC" },
        "connect_timeout": duration(c.connect_timeout_ms),
        // Fallback is a retry: as many retries as requests may be in flight (Envoy's default
        // allows 3 concurrent retries per cluster, and further fallbacks would be refused).
        "circuit_breakers": { "thresholds": [{
            "priority": "DEFAULT", "max_connections": limit, "max_pending_requests": limit,
            "max_requests": limit, "max_retries": limit, "track_remaining": true
        }] },
        "typed_extension_protocol_options": {
            "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
                "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
                "explicit_http_config": { "http_protocol_options": {} },
                // model-router's upstream stage runs on every attempt: a fallback attempt gets its
                // backend's model name, key and host.
                "http_filters": [
                    discovered(upstream, build),
                    { "name": "envoy.filters.http.upstream_codec",
                      "typed_config": { "@type": "type.googleapis.com/envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec" } }
                ]
            }
        },
        "load_assignment": {
            "cluster_name": c.name,
            "endpoints": localities(&c.endpoints),
        },
    });
    if dns {
        cluster["dns_lookup_family"] = json!("V4_PREFERRED");
    }
    let tls: Vec<Value> = c
        .endpoints
        .iter()
        .filter_map(|e| {
            let tls = e.tls.as_ref()?;
            Some(json!({
                "name": format!("tls-{}", e.backend),
                "match": { "llm_backend": e.backend },
                "transport_socket": {
                    "name": "envoy.transport_sockets.tls",
                    "typed_config": {
                        "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
                        "sni": tls.sni,
                        "common_tls_context": {
                            "validation_context": { "trusted_ca": { "filename": tls.ca_file } }
                        }
                    }
                }
            }))
        })
        .collect();
    if !tls.is_empty() {
        // Endpoints of one cluster may differ in TLS (a fallback to another provider): each TLS
        // endpoint selects its own socket through its metadata; the others stay plain text.
        cluster["transport_socket_matches"] = Value::Array(tls);
    }
    cluster
}

fn localities(endpoints: &[PriorityEndpoint]) -> Vec<Value> {
    endpoints
        .iter()
        .map(|e| {
            let mut metadata = json!({ "llm": { "backend": e.backend } });
            if e.tls.is_some() {
                metadata["envoy.transport_socket_match"] = json!({ "llm_backend": e.backend });
            }
            json!({
                "priority": e.priority,
                "lb_endpoints": [{
                    "endpoint": { "address": { "socket_address": { "address": e.host, "port_value": e.port } } },
                    "metadata": { "filter_metadata": metadata },
                }]
            })
        })
        .collect()
}

/// The route sending requests model-router chose for `c.backend` to its cluster.
pub fn route(c: &Cluster) -> Value {
    let r = &c.route;
    let mut retry = json!({
        "retry_on": "5xx,reset,connect-failure,retriable-status-codes",
        "retriable_status_codes": r.retriable_status_codes,
        "num_retries": r.num_retries,
        // Each retry goes to the next priority: the next fallback backend.
        "retry_priority": {
            "name": "envoy.retry_priorities.previous_priorities",
            "typed_config": {
                "@type": "type.googleapis.com/envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig",
                "update_frequency": 1
            }
        }
    });
    if r.per_try_timeout_ms > 0 {
        retry["per_try_timeout"] = json!(duration(r.per_try_timeout_ms));
    }
    json!({
        "name": format!("llm-filters-{}", c.backend),
        "match": {
            "prefix": "/",
            "headers": [{ "name": BACKEND_HEADER, "string_match": { "exact": c.backend } }]
        },
        "route": {
            "cluster": c.name,
            // 0s: no cap on a whole request (it would cut a long stream); idle_timeout ends a
            // stream that stops moving.
            "timeout": duration(r.timeout_ms),
            "idle_timeout": duration(r.idle_timeout_ms),
            "retry_policy": retry,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_envoy_form() {
        assert_eq!(duration(0), "0s");
        assert_eq!(duration(30_000), "30s");
        assert_eq!(duration(1_500), "1.500s");
        assert_eq!(duration(5), "0.005s");
    }
}

//! Clusters: one per backend, with the fallback backends' endpoints at higher priorities, and
//! model-router's upstream stage in the cluster's upstream filter chain (it runs on every
//! attempt and rewrites a fallback attempt for its backend).

use serde_json::{json, Value};

use crate::plan::{Cluster, PriorityEndpoint};

use super::duration;

const HTTP_OPTIONS: &str = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

/// Fallback to the next backend is a retry, and Envoy's default circuit breaker allows only 3
/// concurrent retries per cluster: under load most failing requests would get the primary's
/// error. A request has at most one retry in flight, so `max_retries = max_requests` never
/// refuses a fallback the request limit admitted.
fn circuit_breakers(max: u32) -> Value {
    json!({ "thresholds": [{
        "priority": "DEFAULT", "max_connections": max, "max_pending_requests": max,
        "max_requests": max, "max_retries": max, "track_remaining": true,
    }] })
}

pub fn upstream_options(upstream_filter: &Value) -> Value {
    json!({ HTTP_OPTIONS: {
        "@type": format!("type.googleapis.com/{HTTP_OPTIONS}"),
        "explicit_http_config": { "http_protocol_options": {} },
        "http_filters": [
            upstream_filter,
            { "name": "envoy.filters.http.upstream_codec",
              "typed_config": { "@type": "type.googleapis.com/envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec" } },
        ],
    } })
}

fn tls_socket(sni: &str, ca_file: &str) -> Value {
    json!({
        "name": "envoy.transport_sockets.tls",
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
            "sni": sni,
            "common_tls_context": { "validation_context": { "trusted_ca": { "filename": ca_file } } },
        }
    })
}

fn lb_endpoint(e: &PriorityEndpoint) -> Value {
    let mut metadata = json!({ "llm": { "backend": e.backend } });
    if e.tls.is_some() {
        // Picks the endpoint's own TLS settings (a fallback may be another provider).
        metadata["envoy.transport_socket_match"] = json!({ "llm_tls": e.backend });
    }
    json!({
        "endpoint": { "address": { "socket_address": { "address": e.host, "port_value": e.port } } },
        "metadata": { "filter_metadata": metadata },
    })
}

pub fn cluster(c: &Cluster, upstream_filter: &Value) -> Value {
    let dns = c.endpoints.iter().any(|e| e.dns);
    let mut v = json!({
        "name": c.name,
        // STRICT_DNS resolves every endpoint (IP literals too); STATIC when there is no name.
        "type": if dns { "STRICT_DNS" } else { "STATIC" },
    });
    if dns {
        v["dns_lookup_family"] = json!("V4_PREFERRED");
    }
    v["connect_timeout"] = json!(duration(c.connect_timeout_ms));
    v["circuit_breakers"] = circuit_breakers(c.max_requests);
    v["typed_extension_protocol_options"] = upstream_options(upstream_filter);
    let mut priorities: Vec<Value> = Vec::new();
    for e in &c.endpoints {
        priorities.push(json!({ "priority": e.priority, "lb_endpoints": [lb_endpoint(e)] }));
    }
    v["load_assignment"] = json!({ "cluster_name": c.name, "endpoints": priorities });
    let tls: Vec<Value> = c
        .endpoints
        .iter()
        .filter_map(|e| {
            let t = e.tls.as_ref()?;
            Some(json!({
                "name": format!("tls_{}", e.backend),
                "match": { "llm_tls": e.backend },
                "transport_socket": tls_socket(&t.sni, &t.ca_file),
            }))
        })
        .collect();
    if !tls.is_empty() {
        v["transport_socket_matches"] = Value::Array(tls);
    }
    v
}

/// A cluster for a JWKS host (`https://host[:port]/path`).
pub fn jwks_cluster(name: &str, uri: &str) -> Option<Value> {
    let (https, rest) = match uri.strip_prefix("https://") {
        Some(r) => (true, r),
        None => (false, uri.strip_prefix("http://")?),
    };
    let authority = rest.split('/').next()?;
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().ok()?),
        None => (authority, if https { 443 } else { 80 }),
    };
    let mut v = json!({
        "name": name,
        "type": "STRICT_DNS",
        "dns_lookup_family": "V4_PREFERRED",
        "connect_timeout": "5s",
        "load_assignment": { "cluster_name": name, "endpoints": [{ "lb_endpoints": [
            { "endpoint": { "address": { "socket_address": { "address": host, "port_value": port } } } }] }] },
    });
    if https {
        v["transport_socket"] = tls_socket(host, "/etc/ssl/certs/ca-certificates.crt");
    }
    Some(v)
}

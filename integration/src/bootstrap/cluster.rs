//! Static upstream clusters and their upstream HTTP filter chains.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use serde_json::{json, Value};

const HTTP_OPTIONS_KEY: &str = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

/// Concurrent connections, pending and active requests a cluster allows (Envoy's defaults).
pub const MAX_REQUESTS: u32 = 1024;

/// Circuit breakers sized for fallback: Envoy's default allows only **3 concurrent retries** per
/// cluster, and fallback to the next backend *is* a retry, so under load most failing requests
/// would get the primary's error (`upstream_rq_retry_overflow`). A request has at most one retry
/// in flight, so `max_retries = max_requests` never refuses a fallback that the request limit
/// admitted; `num_retries` on the route still bounds the attempts per request.
/// `track_remaining` publishes `circuit_breakers.default.remaining_*` gauges.
pub fn circuit_breakers(max_retries: u32) -> Value {
    json!({ "thresholds": [{
        "priority": "DEFAULT",
        "max_connections": MAX_REQUESTS,
        "max_pending_requests": MAX_REQUESTS,
        "max_requests": MAX_REQUESTS,
        "max_retries": max_retries,
        "track_remaining": true,
    }] })
}

/// Replaces the cluster's retry limit; `None` leaves Envoy's defaults (3 concurrent retries).
pub fn set_max_retries(cluster: &mut Value, max_retries: Option<u32>) {
    let Some(map) = cluster.as_object_mut() else {
        return;
    };
    match max_retries {
        Some(n) => {
            map.insert("circuit_breakers".into(), circuit_breakers(n));
        }
        None => {
            map.remove("circuit_breakers");
        }
    }
}

#[derive(Debug, Clone)]
pub struct Endpoint {
    pub addr: SocketAddr,
    /// 0 is the highest priority; higher levels take traffic only when lower ones are unhealthy.
    pub priority: u32,
    /// Becomes the endpoint's `metadata.filter_metadata`, e.g. `{"llm": {"backend": "alpha"}}`.
    pub metadata: Option<Value>,
}

impl Endpoint {
    pub fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            priority: 0,
            metadata: None,
        }
    }
}

/// A STATIC cluster speaking HTTP/1.1 to the endpoints (grouped by priority), with
/// [`circuit_breakers`] sized for fallback.
pub fn static_cluster(name: &str, endpoints: &[Endpoint], timeout_s: f64) -> Value {
    let mut by_priority: BTreeMap<u32, Vec<Value>> = BTreeMap::new();
    for ep in endpoints {
        let mut lb_endpoint = json!({
            "endpoint": { "address": { "socket_address": {
                "address": ep.addr.ip().to_string(),
                "port_value": ep.addr.port(),
            } } }
        });
        if let Some(md) = &ep.metadata {
            lb_endpoint["metadata"] = json!({ "filter_metadata": md });
        }
        by_priority
            .entry(ep.priority)
            .or_default()
            .push(lb_endpoint);
    }
    let localities: Vec<Value> = by_priority
        .into_iter()
        .map(|(priority, lb_endpoints)| json!({ "priority": priority, "lb_endpoints": lb_endpoints }))
        .collect();
    json!({
        "name": name,
        "type": "STATIC",
        "connect_timeout": format!("{timeout_s}s"),
        "lb_policy": "ROUND_ROBIN",
        "load_assignment": { "cluster_name": name, "endpoints": localities },
        "circuit_breakers": circuit_breakers(MAX_REQUESTS),
        "typed_extension_protocol_options": {
            HTTP_OPTIONS_KEY: {
                "@type": format!("type.googleapis.com/{HTTP_OPTIONS_KEY}"),
                "explicit_http_config": { "http_protocol_options": {} },
            }
        }
    })
}

/// The cluster `mock` (the default route's target) with one endpoint.
pub fn mock_cluster(addr: SocketAddr) -> Value {
    static_cluster("mock", &[Endpoint::new(addr)], 5.0)
}

/// Sets the cluster's upstream HTTP filter chain: `filters`, then the mandatory
/// `envoy.filters.http.upstream_codec`. Upstream filters run on every attempt (retries, failover).
pub fn upstream_filters(cluster: &mut Value, filters: Vec<Value>) {
    let options = &mut cluster["typed_extension_protocol_options"][HTTP_OPTIONS_KEY];
    if options.get("@type").is_none() {
        options["@type"] = json!(format!("type.googleapis.com/{HTTP_OPTIONS_KEY}"));
        options["explicit_http_config"] = json!({ "http_protocol_options": {} });
    }
    let mut chain = filters;
    chain.push(json!({
        "name": "envoy.filters.http.upstream_codec",
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec"
        }
    }));
    options["http_filters"] = Value::Array(chain);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_endpoints_by_priority_with_metadata() {
        let a: SocketAddr = "127.0.0.1:1".parse().unwrap();
        let b: SocketAddr = "127.0.0.1:2".parse().unwrap();
        let c = static_cluster(
            "x",
            &[
                Endpoint {
                    addr: b,
                    priority: 1,
                    metadata: None,
                },
                Endpoint {
                    addr: a,
                    priority: 0,
                    metadata: Some(json!({"llm": {"k": "v"}})),
                },
            ],
            2.5,
        );
        let eps = c["load_assignment"]["endpoints"].as_array().unwrap();
        assert_eq!(eps[0]["priority"], 0);
        assert_eq!(
            eps[0]["lb_endpoints"][0]["metadata"]["filter_metadata"]["llm"]["k"],
            "v"
        );
        assert_eq!(
            eps[1]["lb_endpoints"][0]["endpoint"]["address"]["socket_address"]["port_value"],
            2
        );
        assert_eq!(c["connect_timeout"], "2.5s");
    }

    #[test]
    fn retries_are_allowed_as_often_as_requests() {
        let mut c = mock_cluster("127.0.0.1:9".parse().unwrap());
        let t = &c["circuit_breakers"]["thresholds"][0];
        assert_eq!(t["max_retries"], t["max_requests"]);
        set_max_retries(&mut c, Some(0));
        assert_eq!(c["circuit_breakers"]["thresholds"][0]["max_retries"], 0);
        set_max_retries(&mut c, None);
        assert!(c.get("circuit_breakers").is_none());
    }

    #[test]
    fn upstream_chain_ends_with_codec() {
        let mut c = mock_cluster("127.0.0.1:9".parse().unwrap());
        upstream_filters(&mut c, vec![json!({"name": "w"})]);
        let chain = c["typed_extension_protocol_options"][HTTP_OPTIONS_KEY]["http_filters"]
            .as_array()
            .unwrap();
        assert_eq!(chain[0]["name"], "w");
        assert_eq!(chain[1]["name"], "envoy.filters.http.upstream_codec");
    }
}

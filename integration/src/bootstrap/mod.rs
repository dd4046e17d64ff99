//! Envoy bootstrap configs as `serde_json::Value` (Envoy reads JSON for `-c`).
//!
//! A [`Bootstrap`] is a recipe, not a config: ports and the work dir are only known when Envoy
//! starts (and change when a start is retried after a port race), so [`Bootstrap::render`] takes them.

mod cluster;
mod crash;
mod local_reply;
mod native;
mod wasm;

pub use cluster::{
    circuit_breakers, mock_cluster, set_max_retries, static_cluster, upstream_filters, Endpoint,
    MAX_REQUESTS,
};
pub use crash::{crash_filter, crash_headers, crash_module, CRASH_HEADERS};
pub use local_reply::openai_local_replies;
pub use native::{
    dynamic_module_config, loads_wasm, native_filter_entry, native_per_route, nativize,
    METRICS_NAMESPACE, NATIVE_FILTER_NAMES, NATIVE_MODULE_NAME,
};
pub use wasm::{wasm_filter, FailurePolicy, WasmOptions};

use std::path::Path;
use std::sync::Arc;

use serde_json::{json, Value};

type Patch = Arc<dyn Fn(&mut Value) + Send + Sync>;

/// The listener's `per_connection_buffer_limit_bytes` (as in `envoy/bootstrap.yaml`): twice the
/// filters' default `maxBodyBytes`, so a filter refuses a larger body with its own 413 before
/// Envoy's buffer limit answers (Envoy's 1 MiB default is barely above 1000000).
pub const LISTENER_BUFFER_LIMIT_BYTES: u32 = 2 * 1024 * 1024;

/// Admin on 127.0.0.1, one HTTP listener on 127.0.0.1 (HCM stat_prefix `ingress`, codec AUTO,
/// route config `local_route`, virtual host `*`), the given HTTP filters before the router.
/// Envoy's own replies come in the OpenAI error shape ([`openai_local_replies`]) unless
/// [`Bootstrap::plain_local_replies`] is set; connections are balanced exactly across workers.
#[derive(Clone, Default)]
pub struct Bootstrap {
    http_filters: Vec<Value>,
    routes: Vec<Value>,
    clusters: Vec<Value>,
    access_log_format: Option<String>,
    plain_local_replies: bool,
    buffer_limit: Option<u32>,
    patches: Vec<Patch>,
}

impl Bootstrap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends an HTTP filter; `envoy.filters.http.router` is always added last.
    pub fn http_filter(&mut self, filter: Value) -> &mut Self {
        self.http_filters.push(filter);
        self
    }

    /// Appends a route to the `*` virtual host. With no routes, `/` goes to cluster `mock`.
    pub fn route(&mut self, route: Value) -> &mut Self {
        self.routes.push(route);
        self
    }

    pub fn cluster(&mut self, cluster: Value) -> &mut Self {
        self.clusters.push(cluster);
        self
    }

    /// Adds a file access log at `<work_dir>/access.log` with this text format
    /// (a trailing newline is added when missing).
    pub fn access_log_format(&mut self, fmt: &str) -> &mut Self {
        self.access_log_format = Some(fmt.to_string());
        self
    }

    /// Leaves Envoy's own replies as Envoy writes them (plain text), without `local_reply_config`.
    pub fn plain_local_replies(&mut self) -> &mut Self {
        self.plain_local_replies = true;
        self
    }

    /// The listener's per-connection buffer limit; defaults to [`LISTENER_BUFFER_LIMIT_BYTES`].
    pub fn buffer_limit(&mut self, bytes: u32) -> &mut Self {
        self.buffer_limit = Some(bytes);
        self
    }

    /// A last-chance patch of the rendered JSON, applied in order after everything else.
    pub fn raw(&mut self, f: impl Fn(&mut Value) + Send + Sync + 'static) -> &mut Self {
        self.patches.push(Arc::new(f));
        self
    }

    pub fn render(&self, listener_port: u16, admin_port: u16, work_dir: &Path) -> Value {
        let routes = if self.routes.is_empty() {
            vec![default_route("mock")]
        } else {
            self.routes.clone()
        };
        let mut http_filters = self.http_filters.clone();
        http_filters.push(router_filter());

        let mut hcm = json!({
            "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
            "stat_prefix": "ingress",
            "codec_type": "AUTO",
            "route_config": {
                "name": "local_route",
                "virtual_hosts": [{ "name": "local", "domains": ["*"], "routes": routes }]
            },
            "http_filters": http_filters,
        });
        if let Some(fmt) = &self.access_log_format {
            hcm["access_log"] = json!([file_access_log(&work_dir.join("access.log"), fmt)]);
        }
        if !self.plain_local_replies {
            hcm["local_reply_config"] = openai_local_replies();
        }

        // The filters' Prometheus tags, as envoy/bootstrap.yaml has them (the native build's
        // metrics carry the same tags natively).
        let stats_tags: Vec<Value> = llm_filters_core::metrics::stats_tags()
            .into_iter()
            .map(|t| json!({ "tag_name": t.tag_name, "regex": t.regex }))
            .collect();
        let mut config = json!({
            "admin": { "address": socket_address(admin_port) },
            "stats_config": { "stats_tags": stats_tags },
            "static_resources": {
                "listeners": [{
                    "name": "ingress",
                    "address": socket_address(listener_port),
                    // With SO_REUSEPORT (Envoy's default) two Envoys handed the same racy free
                    // port would both bind it and split traffic; without it the second fails to
                    // bind and Envoy::start retries with fresh ports.
                    "enable_reuse_port": false,
                    // One accept queue is shared by the workers; exact balancing hands each new
                    // connection to the worker with the fewest, so tests reach every worker.
                    "connection_balance_config": { "exact_balance": {} },
                    "per_connection_buffer_limit_bytes": self.buffer_limit.unwrap_or(LISTENER_BUFFER_LIMIT_BYTES),
                    "filter_chains": [{
                        "filters": [{
                            "name": "envoy.filters.network.http_connection_manager",
                            "typed_config": hcm,
                        }]
                    }]
                }],
                "clusters": self.clusters,
            }
        });
        for patch in &self.patches {
            patch(&mut config);
        }
        config
    }
}

/// `/` prefix route to `cluster`: no cap on the total duration (it would cut a long stream), a
/// 120 s idle timeout instead (as `envoy/bootstrap.yaml`).
pub fn default_route(cluster: &str) -> Value {
    json!({ "match": { "prefix": "/" }, "route": { "cluster": cluster, "timeout": "0s", "idle_timeout": "120s" } })
}

pub fn router_filter() -> Value {
    json!({
        "name": "envoy.filters.http.router",
        "typed_config": { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" }
    })
}

pub fn socket_address(port: u16) -> Value {
    json!({ "socket_address": { "address": "127.0.0.1", "port_value": port } })
}

fn file_access_log(path: &Path, fmt: &str) -> Value {
    let mut fmt = fmt.to_string();
    if !fmt.ends_with('\n') {
        fmt.push('\n');
    }
    json!({
        "name": "envoy.access_loggers.file",
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog",
            "path": path.to_string_lossy(),
            "log_format": { "text_format_source": { "inline_string": fmt } }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn router_is_last_and_default_route_targets_mock() {
        let mut b = Bootstrap::new();
        b.http_filter(json!({"name": "a"}));
        let v = b.render(1000, 1001, Path::new("/tmp/x"));
        let hcm = &v["static_resources"]["listeners"][0]["filter_chains"][0]["filters"][0]
            ["typed_config"];
        let filters = hcm["http_filters"].as_array().unwrap();
        assert_eq!(filters[0]["name"], "a");
        assert_eq!(filters[1]["name"], "envoy.filters.http.router");
        let route = &hcm["route_config"]["virtual_hosts"][0]["routes"][0];
        assert_eq!(route["route"]["cluster"], "mock");
        assert_eq!(v["admin"]["address"]["socket_address"]["port_value"], 1001);
    }

    #[test]
    fn local_replies_are_openai_shaped_unless_plain() {
        let hcm = |b: &Bootstrap| {
            b.render(1, 2, Path::new("/"))["static_resources"]["listeners"][0]["filter_chains"][0]
                ["filters"][0]["typed_config"]
                .clone()
        };
        let mut b = Bootstrap::new();
        assert_eq!(hcm(&b)["local_reply_config"], openai_local_replies());
        b.plain_local_replies();
        assert!(hcm(&b).get("local_reply_config").is_none());
    }

    #[test]
    fn patches_apply_last() {
        let mut b = Bootstrap::new();
        b.raw(|v| v["admin"]["x"] = json!(1));
        assert_eq!(
            b.render(1, 2, Path::new("/")).pointer("/admin/x"),
            Some(&json!(1))
        );
    }
}

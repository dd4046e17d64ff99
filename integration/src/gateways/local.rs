//! The shipped local gateway, `envoy/bootstrap.yaml`, run as written except for ports and paths.
//!
//! The YAML is parsed with serde_yaml:
//! `serde_yaml::from_str(&std::fs::read_to_string(shipped_bootstrap_path())?)`.

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::bootstrap::Bootstrap;
use crate::envoy::{Envoy, EnvoyOptions};
use crate::{target_dir, workspace_root};

/// Ports written in `envoy/bootstrap.yaml`.
pub const GATEWAY_PORT: u64 = 10000;
pub const ADMIN_PORT: u64 = 9901;
pub const MOCK_PORT: u64 = 18000;

/// `<root>/envoy/bootstrap.yaml`.
pub fn shipped_bootstrap_path() -> PathBuf {
    workspace_root().join("envoy/bootstrap.yaml")
}

/// Moves the gateway onto the given listener and admin ports and the mock onto its own; makes
/// the repository-relative module paths absolute (the harness runs Envoy in a work dir).
pub fn relocate(config: &mut Value, listener: u64, admin: u64, mock: u64) {
    match config {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match (key.as_str(), value.as_u64()) {
                    ("port_value", Some(GATEWAY_PORT)) => *value = json!(listener),
                    ("port_value", Some(ADMIN_PORT)) => *value = json!(admin),
                    ("port_value", Some(MOCK_PORT)) => *value = json!(mock),
                    _ => relocate(value, listener, admin, mock),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| relocate(v, listener, admin, mock)),
        Value::String(s) if s.starts_with("target/") => {
            *s = target_dir()
                .join(&s["target/".len()..])
                .to_string_lossy()
                .into_owned();
        }
        _ => {}
    }
}

/// A [`Bootstrap`] that renders `shipped` (the parsed `envoy/bootstrap.yaml`) with the
/// harness's ports, the mock at `mock_port`.
pub fn shipped_gateway(shipped: &Value, mock_port: u16) -> Bootstrap {
    let original = shipped.clone();
    let mut bootstrap = Bootstrap::new();
    bootstrap.raw(move |rendered| {
        let port = |v: &Value| {
            v["socket_address"]["port_value"]
                .as_u64()
                .expect("rendered port")
        };
        let listener = port(&rendered["static_resources"]["listeners"][0]["address"]);
        let admin = port(&rendered["admin"]["address"]);
        let mut config = original.clone();
        relocate(&mut config, listener, admin, u64::from(mock_port));
        *rendered = config;
    });
    bootstrap
}

/// Starts the shipped gateway in front of a mock on `mock_port` with `--concurrency 2`, as
/// `scripts/gateway.sh` does.
pub fn start_shipped_gateway(shipped: &Value, mock_port: u16) -> Envoy {
    Envoy::start(
        &shipped_gateway(shipped, mock_port),
        EnvoyOptions {
            concurrency: 2,
            ..EnvoyOptions::default()
        },
    )
}

/// Every `envoy.filters.http.wasm` plugin `config` in an Envoy config (listener and upstream
/// filter chains alike), with its JSON pointer.
pub fn wasm_plugin_configs(config: &Value) -> Vec<(String, Value)> {
    fn walk(v: &Value, at: String, out: &mut Vec<(String, Value)>) {
        match v {
            Value::Object(map) => {
                if map.get("@type").and_then(Value::as_str)
                    == Some("type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm")
                {
                    out.push((
                        format!("{at}/config"),
                        map.get("config").cloned().unwrap_or(Value::Null),
                    ));
                }
                for (k, x) in map {
                    walk(x, format!("{at}/{k}"), out);
                }
            }
            Value::Array(items) => {
                for (i, x) in items.iter().enumerate() {
                    walk(x, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(config, String::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relocates_ports_and_module_paths() {
        let mut v = json!({ "a": { "port_value": 10000 }, "b": [{ "port_value": 18000 }, { "port_value": 9901 }],
                            "f": "target/wasm32-wasip1/release/x.wasm", "other": { "port_value": 1 } });
        relocate(&mut v, 1, 2, 3);
        assert_eq!(v["a"]["port_value"], 1);
        assert_eq!(v["b"][0]["port_value"], 3);
        assert_eq!(v["b"][1]["port_value"], 2);
        assert_eq!(v["other"]["port_value"], 1);
        assert!(v["f"]
            .as_str()
            .unwrap()
            .ends_with("/wasm32-wasip1/release/x.wasm"));
        assert!(v["f"].as_str().unwrap().starts_with('/'));
    }

    #[test]
    fn finds_wasm_plugins_anywhere() {
        let v = json!({ "x": [{ "typed_config": { "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
                                                  "config": { "name": "a" } } }],
                        "y": { "deep": { "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
                                         "config": { "name": "b" } } } });
        let found = wasm_plugin_configs(&v);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, "/x/0/typed_config/config");
        assert_eq!(found[1].1["name"], "b");
    }
}

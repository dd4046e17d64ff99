//! The bench's rows beyond the wasm scenarios: each scenario's native twin (`native-<name>`: the
//! same config with the filters from `libllm_filters.so`), the shipped four-filter chain
//! (`chain` / `native-chain`: `envoy/bootstrap.yaml` with its quotas lifted, 1 KB chat) and
//! `direct` (the load generator straight to the mock, no Envoy).

use std::net::SocketAddr;

use serde_json::{json, Value};

use super::scenarios::{chat_completion_1kb, BenchRequest, Scenario};
use crate::bootstrap::{nativize, Bootstrap};
use crate::gateways::local::{shipped_bootstrap_path, shipped_gateway};

/// What one bench row drives.
#[derive(Clone, Copy)]
pub enum Target {
    /// An Envoy started on the scenario's config; `native` swaps the wasm filters for the module's.
    Envoy { scenario: Scenario, native: bool },
    /// The mock itself.
    Direct,
}

#[derive(Clone)]
pub struct Row {
    pub name: String,
    pub target: Target,
    pub request: fn() -> BenchRequest,
}

impl Row {
    fn envoy(scenario: Scenario, native: bool) -> Row {
        let name = if native {
            format!("native-{}", scenario.name)
        } else {
            scenario.name.to_string()
        };
        Row {
            name,
            target: Target::Envoy { scenario, native },
            request: scenario.request,
        }
    }

    /// The row's Envoy config in front of `mock` (None for `direct`).
    pub fn bootstrap(&self, mock: SocketAddr) -> Option<Bootstrap> {
        let Target::Envoy { scenario, native } = self.target else {
            return None;
        };
        let mut b = (scenario.build)(mock);
        if native {
            b.raw(nativize);
        }
        Some(b)
    }

    pub fn is_native(&self) -> bool {
        matches!(self.target, Target::Envoy { native: true, .. })
    }
}

/// The shipped chain: `envoy/bootstrap.yaml` as `scripts/gateway.sh` runs it, quotas and
/// budgets lifted so a bench run is not answered 429.
pub const CHAIN: Scenario = Scenario {
    name: "chain",
    build: chain,
    request: chat_completion_1kb,
};

/// Every row for `scenarios` (the baseline first): each scenario then its native twin (baselines,
/// whose names start with `bare`, have no filter and no twin), the chain and its twin, `direct`.
pub fn rows(scenarios: &[Scenario]) -> Vec<Row> {
    let mut rows = Vec::new();
    for s in scenarios.iter().copied().chain([CHAIN]) {
        rows.push(Row::envoy(s, false));
        if !s.name.starts_with("bare") {
            rows.push(Row::envoy(s, true));
        }
    }
    rows.push(Row {
        name: "direct".into(),
        target: Target::Direct,
        request: chat_completion_1kb,
    });
    rows
}

fn chain(mock: SocketAddr) -> Bootstrap {
    let mut shipped = shipped_json();
    lift_limits(&mut shipped);
    shipped_gateway(&shipped, mock.port())
}

/// `envoy/bootstrap.yaml` as JSON (Envoy's YAML: anchors and aliases resolved).
fn shipped_json() -> Value {
    let path = shipped_bootstrap_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("bench chain: read {}: {e}", path.display()));
    serde_yaml::from_str(&text).expect("envoy/bootstrap.yaml is YAML")
}

/// Raises every quota and budget limit in token-meter's plugin configs (JSON strings inside the
/// Envoy config) far beyond what a bench run uses.
pub fn lift_limits(config: &mut Value) {
    match config {
        Value::String(s) if s.contains("\"quota\"") || s.contains("\"budget\"") => {
            if let Ok(mut plugin) = serde_json::from_str::<Value>(s) {
                raise(&mut plugin);
                *s = plugin.to_string();
            }
        }
        Value::Object(map) => map.values_mut().for_each(lift_limits),
        Value::Array(items) => items.iter_mut().for_each(lift_limits),
        _ => {}
    }
}

fn raise(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                match k.as_str() {
                    "tokensPerMinute" | "tokensPerDay" | "requestsPerMinute" | "limitUsd" => {
                        *x = json!(1_000_000_000_u64)
                    }
                    _ => raise(x),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(raise),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_gets_a_native_twin_and_the_chain_and_direct_rows_exist() {
        let names: Vec<String> = rows(&super::super::scenarios::all())
            .into_iter()
            .map(|r| r.name)
            .collect();
        for s in super::super::scenarios::all() {
            assert!(names.contains(&s.name.to_string()));
            assert_eq!(
                names.contains(&format!("native-{}", s.name)),
                !s.name.starts_with("bare"),
                "{}",
                s.name
            );
        }
        for n in ["chain", "native-chain", "direct"] {
            assert!(names.iter().any(|x| x == n), "{n}");
        }
        assert_eq!(names[0], "bare");
    }

    #[test]
    fn limits_are_lifted_inside_plugin_config_strings() {
        let mut config = json!({ "v": "{\"default\":{\"quota\":{\"tokensPerMinute\":5}}}" });
        lift_limits(&mut config);
        let plugin: Value = serde_json::from_str(config["v"].as_str().unwrap()).unwrap();
        assert_eq!(
            plugin["default"]["quota"]["tokensPerMinute"],
            1_000_000_000_u64
        );
    }
}

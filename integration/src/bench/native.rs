//! The bench's rows beyond the wasm scenarios: each scenario's native twin (`native-<name>`: the
//! same config with the filters from `libllm_filters.so`), the shipped four-filter chain
//! (`chain` / `native-chain`: `envoy/bootstrap.yaml` with its quotas lifted, 1 KB chat) and
//! `direct` (the load generator straight to the mock, no Envoy), and the floor rows (see
//! [`FLOORS`]): what Envoy itself charges for a dynamic-module filter.

use std::net::SocketAddr;

use serde_json::{json, Value};

use super::scenarios::{bare, chat_completion_1kb, BenchRequest, Scenario};
use crate::bootstrap::{native_filter_entry, nativize, Bootstrap};
use crate::gateways::local::{shipped_bootstrap_path, shipped_gateway};

/// What one bench row drives.
#[derive(Clone, Copy)]
pub enum Target {
    /// An Envoy started on the scenario's config; `native` swaps the wasm filters for the module's.
    Envoy { scenario: Scenario, native: bool },
    /// Bare Envoy plus one of the module's test-only floor filters (`filter_name`), loaded from
    /// [`floor_module_dir`].
    Floor { filter: &'static str },
    /// The mock itself.
    Direct,
}

/// The floor rows: (row, test-only filter). `__floor_raw` is passed by the module's hooks without
/// a session or any call into Envoy (Envoy's own charge for a dynamic-module filter entry);
/// `__floor_hold` holds the request headers until the
/// end of the body and reads nothing (the least a body-reading filter costs); `__floor_pass`
/// passes every event (the least any native filter costs); `__floor_count` is `__floor_hold` plus
/// 8 labelled counter increments per request. Both run through the module's hooks
/// and host, so what they add over `bare` is Envoy's price plus the adapter's empty path.
pub const FLOORS: &[(&str, &str)] = &[
    ("native-floor-raw", "__floor_raw"),
    ("native-floor-pass", "__floor_pass"),
    ("native-floor-hold", "__floor_hold"),
    ("native-floor-count", "__floor_count"),
];

/// Where the floor rows load `libllm_filters.so` from: `LLM_FILTERS_FLOOR_MODULE_DIR`, else
/// `target/native-test-filters/native` (the floor filters exist only in a build with the
/// `test-filters` feature, never in the release module):
///
/// ```text
/// CARGO_TARGET_DIR=target/native-test-filters cargo build -p llm-filters-dynamic-module \
///     --profile native --features test-filters
/// ```
pub fn floor_module_dir() -> std::path::PathBuf {
    match std::env::var_os("LLM_FILTERS_FLOOR_MODULE_DIR") {
        Some(dir) => dir.into(),
        None => crate::target_dir()
            .join("native-test-filters")
            .join("native"),
    }
}

#[derive(Clone)]
pub struct Row {
    pub name: String,
    pub target: Target,
    pub request: fn() -> BenchRequest,
    /// Load the module from here instead (`--alt-module`: a before/after twin in the same run).
    pub module_override: Option<std::path::PathBuf>,
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
            module_override: None,
        }
    }

    /// The row's Envoy config in front of `mock` (None for `direct`).
    pub fn bootstrap(&self, mock: SocketAddr) -> Option<Bootstrap> {
        if let Target::Floor { filter } = self.target {
            let mut b = bare(mock);
            b.http_filter(native_filter_entry("llm.floor", filter, "{}"));
            return Some(b);
        }
        let Target::Envoy { scenario, native } = self.target else {
            return None;
        };
        let mut b = (scenario.build)(mock);
        if native {
            b.raw(nativize);
        } else if let Some(dir) = self.module_override.clone() {
            b.raw(move |v| redirect_wasm_modules(v, &dir));
        }
        Some(b)
    }

    pub fn is_native(&self) -> bool {
        matches!(
            self.target,
            Target::Envoy { native: true, .. } | Target::Floor { .. }
        )
    }

    /// This row again, loading its module(s) from `dir` (the `.so` of a native row, the
    /// `.wasm` files of a wasm row); named `<name>@alt`.
    pub fn with_module(&self, dir: &std::path::Path) -> Row {
        Row {
            name: format!("{}@alt", self.name),
            module_override: Some(dir.to_path_buf()),
            ..self.clone()
        }
    }

    /// The directory of the `.so` a native row loads.
    pub fn module_dir(&self) -> std::path::PathBuf {
        if let Some(dir) = &self.module_override {
            return dir.clone();
        }
        match self.target {
            Target::Floor { .. } => floor_module_dir(),
            _ => crate::build::native_module_dir(),
        }
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
    for s in scenarios
        .iter()
        .copied()
        .filter(|s| s.name == super::BASELINE)
    {
        rows.push(Row::envoy(s, false));
    }
    for (name, filter) in FLOORS {
        rows.push(Row {
            name: name.to_string(),
            target: Target::Floor { filter },
            request: chat_completion_1kb,
            module_override: None,
        });
    }
    for s in scenarios
        .iter()
        .copied()
        .filter(|s| s.name != super::BASELINE)
        .chain([CHAIN])
    {
        rows.push(Row::envoy(s, false));
        if !s.name.starts_with("bare") {
            rows.push(Row::envoy(s, true));
        }
    }
    rows.push(Row {
        name: "direct".into(),
        target: Target::Direct,
        request: chat_completion_1kb,
        module_override: None,
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

/// Points every wasm filter of a rendered bootstrap at the module of the same file name in `dir`
/// (a module `dir` does not hold stays the built one).
fn redirect_wasm_modules(v: &mut serde_json::Value, dir: &std::path::Path) {
    match v {
        serde_json::Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    serde_json::Value::String(path)
                        if key == "filename" && path.ends_with(".wasm") =>
                    {
                        let alt = std::path::Path::new(path.as_str())
                            .file_name()
                            .map(|name| dir.join(name));
                        if let Some(alt) = alt.filter(|alt| alt.is_file()) {
                            *path = alt.to_string_lossy().into_owned();
                        }
                    }
                    other => redirect_wasm_modules(other, dir),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                redirect_wasm_modules(item, dir);
            }
        }
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
        for n in [
            "chain",
            "native-chain",
            "direct",
            "native-floor-hold",
            "native-floor-pass",
        ] {
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

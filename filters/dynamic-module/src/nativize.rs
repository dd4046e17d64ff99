//! Turns an Envoy config that loads the filters as proxy-wasm modules into one that loads this
//! module instead: every `envoy.filters.http.wasm` entry whose `root_id` is one of the filters
//! becomes an `envoy.filters.http.dynamic_modules` entry with that `root_id` as `filter_name` and
//! the same JSON config. Listener and upstream (cluster) chains alike; everything else is kept.
//! `scripts/gateway.sh --native` runs the shipped gateway this way (see `examples/nativize.rs`).

use serde_json::{json, Value};

/// The filter names the module serves (the wasm build's root ids).
pub const FILTER_NAMES: &[&str] = &[
    "prompt_transform",
    "pii_mask",
    "token_meter",
    "model_router",
    "model_router_upstream",
];

const FILTER_TYPE: &str =
    "type.googleapis.com/envoy.extensions.filters.http.dynamic_modules.v3.DynamicModuleFilter";

/// The module's HTTP filter entry for `filter_name` with `config` (the JSON text). The module is
/// found through `ENVOY_DYNAMIC_MODULES_SEARCH_PATH`.
pub fn filter_entry(filter_name: &str, config: &str) -> Value {
    json!({
        "name": format!("llm.{filter_name}"),
        "typed_config": {
            "@type": FILTER_TYPE,
            "dynamic_module_config": { "name": "llm_filters" },
            "filter_name": filter_name,
            "filter_config": {
                "@type": "type.googleapis.com/google.protobuf.StringValue",
                "value": config,
            },
        }
    })
}

/// Replaces every wasm entry of the filters in `config`, in place.
pub fn nativize(config: &mut Value) {
    if let Some(native) = native_entry(config) {
        *config = native;
        return;
    }
    match config {
        Value::Object(map) => map.values_mut().for_each(nativize),
        Value::Array(items) => items.iter_mut().for_each(nativize),
        _ => {}
    }
}

fn native_entry(entry: &Value) -> Option<Value> {
    if entry.get("name")?.as_str()? != "envoy.filters.http.wasm" {
        return None;
    }
    let plugin = entry.get("typed_config")?.get("config")?;
    let root_id = plugin.get("root_id")?.as_str()?;
    if !FILTER_NAMES.contains(&root_id) {
        return None;
    }
    let value = plugin.get("configuration")?.get("value")?.as_str()?;
    Some(filter_entry(root_id, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasm_entries_of_the_filters_become_module_entries() {
        let wasm = |root: &str| {
            json!({ "name": "envoy.filters.http.wasm", "typed_config": { "config": {
                "root_id": root, "configuration": { "value": "{\"default\":{}}" } } } })
        };
        let mut config = json!({ "listeners": [{ "http_filters": [wasm("pii_mask"), wasm("crash"), { "name": "router" }] }],
                                 "clusters": [{ "http_filters": [wasm("model_router_upstream")] }] });
        nativize(&mut config);
        let chain = &config["listeners"][0]["http_filters"];
        assert_eq!(chain[0]["typed_config"]["filter_name"], "pii_mask");
        assert_eq!(
            chain[0]["typed_config"]["filter_config"]["value"],
            "{\"default\":{}}"
        );
        assert_eq!(chain[0]["name"], "llm.pii_mask");
        assert_eq!(chain[1], wasm("crash"), "other wasm modules stay");
        assert_eq!(chain[2]["name"], "router");
        assert_eq!(
            config["clusters"][0]["http_filters"][0]["typed_config"]["filter_name"],
            "model_router_upstream"
        );
    }
}

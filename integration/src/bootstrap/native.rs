//! The native twin of a config: every `envoy.filters.http.wasm` entry whose `root_id` is one of
//! the filters becomes an `envoy.filters.http.dynamic_modules` entry of `libllm_filters.so` with
//! that `root_id` as `filter_name` and the same JSON config. Listener and upstream (cluster)
//! chains alike; everything else (other wasm modules included) stays as it is.
//!
//! The module's metrics get the wasm build's namespace (`metrics_namespace: wasmcustom`), so
//! `/stats` names are `wasmcustom.<name>` on both builds. Used by the harness (`LLM_FILTERS_BUILD=
//! native`), the bench's `native-*` scenarios and `scripts/gateway.sh --native`.

use serde_json::{json, Value};

/// The filter names the module serves (the wasm build's root ids).
pub const NATIVE_FILTER_NAMES: &[&str] = &[
    "prompt_transform",
    "pii_mask",
    "token_meter",
    "model_router",
    "model_router_upstream",
];

/// The module's name: Envoy loads `lib<name>.so` from `ENVOY_DYNAMIC_MODULES_SEARCH_PATH`.
pub const NATIVE_MODULE_NAME: &str = "llm_filters";

/// Envoy's namespace of wasm custom metrics, given to the module's metrics too.
pub const METRICS_NAMESPACE: &str = "wasmcustom";

const FILTER_TYPE: &str =
    "type.googleapis.com/envoy.extensions.filters.http.dynamic_modules.v3.DynamicModuleFilter";
const PER_ROUTE_TYPE: &str =
    "type.googleapis.com/envoy.extensions.filters.http.dynamic_modules.v3.DynamicModuleFilterPerRoute";

/// `dynamic_module_config` of every entry: the module by name, metrics named as the wasm build's.
pub fn dynamic_module_config() -> Value {
    json!({ "name": NATIVE_MODULE_NAME, "metrics_namespace": METRICS_NAMESPACE })
}

fn string_value(config: &str) -> Value {
    json!({ "@type": "type.googleapis.com/google.protobuf.StringValue", "value": config })
}

/// The module's HTTP filter entry `name` running `filter_name` with `config` (JSON text).
/// `name` is the key of its per-route configs.
pub fn native_filter_entry(name: &str, filter_name: &str, config: &str) -> Value {
    json!({
        "name": name,
        "typed_config": {
            "@type": FILTER_TYPE,
            "dynamic_module_config": dynamic_module_config(),
            "filter_name": filter_name,
            "filter_config": string_value(config),
        }
    })
}

/// A route's `typed_per_filter_config` value replacing `filter_name`'s config on that route.
pub fn native_per_route(filter_name: &str, config: &str) -> Value {
    json!({
        "@type": PER_ROUTE_TYPE,
        "dynamic_module_config": dynamic_module_config(),
        "per_route_config_name": filter_name,
        "filter_config": string_value(config),
    })
}

/// The runtime flag under which Envoy registers a dynamic module's `metrics_namespace` as a
/// custom stat namespace, as it always does for wasm's `wasmcustom`: Prometheus output then drops
/// the namespace and the `envoy_` prefix, so both builds export `llm_router_requests{...}`.
/// (Off by default in 1.40: native metrics would be `envoy_wasmcustom_llm_router_requests`.)
pub const STRIP_NAMESPACE_FLAG: &str =
    "envoy.reloadable_features.dynamic_modules_strip_custom_stat_prefix";

/// Replaces every wasm entry of the filters in `config`, in place. On a whole bootstrap it also
/// turns on [`STRIP_NAMESPACE_FLAG`] in a static runtime layer.
pub fn nativize(config: &mut Value) {
    if let Some(bootstrap) = config.as_object_mut() {
        if bootstrap.contains_key("static_resources") {
            strip_metrics_namespace(bootstrap);
        }
    }
    nativize_entries(config);
}

fn strip_metrics_namespace(bootstrap: &mut serde_json::Map<String, Value>) {
    let runtime = bootstrap
        .entry("layered_runtime")
        .or_insert_with(|| json!({ "layers": [] }));
    let Some(layers) = runtime.as_object_mut().and_then(|r| {
        r.entry("layers")
            .or_insert_with(|| json!([]))
            .as_array_mut()
    }) else {
        return;
    };
    // The first static layer takes the flag; without one, a new layer (later layers override).
    if let Some(layer) = layers
        .iter_mut()
        .find_map(|l| l.get_mut("static_layer").and_then(Value::as_object_mut))
    {
        layer.insert(STRIP_NAMESPACE_FLAG.into(), json!(true));
    } else {
        layers.push(
            json!({ "name": "llm_filters_native", "static_layer": { STRIP_NAMESPACE_FLAG: true } }),
        );
    }
}

fn nativize_entries(config: &mut Value) {
    if let Some(native) = native_entry(config) {
        *config = native;
        return;
    }
    match config {
        Value::Object(map) => map.values_mut().for_each(nativize_entries),
        Value::Array(items) => items.iter_mut().for_each(nativize_entries),
        _ => {}
    }
}

fn native_entry(entry: &Value) -> Option<Value> {
    if entry.get("name")?.as_str()? != "envoy.filters.http.wasm" {
        return None;
    }
    let plugin = entry.get("typed_config")?.get("config")?;
    let root_id = plugin.get("root_id")?.as_str()?;
    if !NATIVE_FILTER_NAMES.contains(&root_id) {
        return None;
    }
    let config = plugin.get("configuration")?.get("value")?.as_str()?;
    Some(native_filter_entry(
        &format!("llm.{root_id}"),
        root_id,
        config,
    ))
}

/// Whether a rendered config still loads a wasm module (after [`nativize`]: one the module
/// does not replace, e.g. the harness's crash module).
pub fn loads_wasm(config: &Value) -> bool {
    match config {
        Value::Object(map) => {
            map.get("name").and_then(Value::as_str) == Some("envoy.filters.http.wasm")
                || map.values().any(loads_wasm)
        }
        Value::Array(items) => items.iter().any(loads_wasm),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nativized_bootstrap_strips_the_metrics_namespace_from_prometheus_names() {
        let mut bare = json!({ "static_resources": {} });
        nativize(&mut bare);
        assert_eq!(
            bare["layered_runtime"],
            json!({ "layers": [{ "name": "llm_filters_native", "static_layer": { STRIP_NAMESPACE_FLAG: true } }] })
        );
        let mut with_runtime = json!({ "static_resources": {}, "layered_runtime": { "layers": [
            { "name": "admin", "admin_layer": {} },
            { "name": "static", "static_layer": { "overload.global_downstream_max_connections": 10 } }] } });
        nativize(&mut with_runtime);
        let layers = with_runtime["layered_runtime"]["layers"]
            .as_array()
            .unwrap();
        assert_eq!(layers.len(), 2);
        assert_eq!(layers[1]["static_layer"][STRIP_NAMESPACE_FLAG], true);
        assert_eq!(
            layers[1]["static_layer"]["overload.global_downstream_max_connections"],
            10
        );
    }

    fn wasm(root: &str) -> Value {
        json!({ "name": "envoy.filters.http.wasm", "typed_config": { "config": {
            "root_id": root, "configuration": { "value": "{\"default\":{}}" } } } })
    }

    #[test]
    fn wasm_entries_of_the_filters_become_module_entries() {
        let mut config = json!({ "listeners": [{ "http_filters": [wasm("pii_mask"), wasm("crash"), { "name": "router" }] }],
                                 "clusters": [{ "http_filters": [wasm("model_router_upstream")] }] });
        nativize(&mut config);
        let chain = &config["listeners"][0]["http_filters"];
        let entry = &chain[0]["typed_config"];
        assert_eq!(entry["filter_name"], "pii_mask");
        assert_eq!(entry["filter_config"]["value"], "{\"default\":{}}");
        assert_eq!(
            entry["dynamic_module_config"],
            json!({ "name": "llm_filters", "metrics_namespace": "wasmcustom" })
        );
        assert_eq!(chain[0]["name"], "llm.pii_mask");
        assert_eq!(chain[1], wasm("crash"), "other wasm modules stay");
        assert_eq!(chain[2]["name"], "router");
        assert_eq!(
            config["clusters"][0]["http_filters"][0]["typed_config"]["filter_name"],
            "model_router_upstream"
        );
        assert!(loads_wasm(&config), "the crash module is still wasm");
        assert!(config.get("layered_runtime").is_none(), "not a bootstrap");
        let mut only_filters = json!([wasm("token_meter")]);
        nativize(&mut only_filters);
        assert!(!loads_wasm(&only_filters));
    }
}

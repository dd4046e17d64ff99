//! The llm filters as Envoy extension configs (`TypedExtensionConfig`): the full Wasm filter
//! config (`allow_on_headers_stop_iteration`, `failure_policy: FAIL_RELOAD`, secrets from the
//! proxy's environment) or the dynamic module's. Istio serves them to the proxies by name
//! (ECDS); the listener's and the clusters' filter chains refer to them by that name.

use serde::Serialize;
use serde_json::{json, Value};

use super::{Build, IstioOptions};
use crate::plan::Plan;

pub const WASM_TYPE: &str = "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm";
pub const DYNAMIC_MODULE_TYPE: &str =
    "type.googleapis.com/envoy.extensions.filters.http.dynamic_modules.v3.DynamicModuleFilter";
const STRING_VALUE: &str = "type.googleapis.com/google.protobuf.StringValue";

/// One llm filter instance: a filter of the downstream chain or model-router's upstream stage.
#[derive(Clone, Debug, PartialEq)]
pub struct FilterInstance {
    /// The session's name: proxy-wasm `root_id`, the dynamic module's `filter_name`.
    pub root_id: &'static str,
    /// The wasm module holding it (`model_router` holds both of model-router's stages).
    pub module: &'static str,
    /// The plugin configuration, the filter's own config type serialized.
    pub config: String,
    /// Environment variables of the proxy this filter's config names (provider keys, hash key).
    pub env: Vec<String>,
}

impl FilterInstance {
    /// The extension config's name, what filter chains refer to.
    pub fn extension_name(&self) -> String {
        format!("llm-filters.{}", self.root_id)
    }
}

/// The filters of the downstream chain in order (requests top to bottom), then model-router's
/// upstream stage. A filter no CR configures is left out; model-router is always there.
pub fn instances(plan: &Plan) -> Result<Vec<FilterInstance>, serde_json::Error> {
    let mut out = Vec::new();
    if let Some(c) = &plan.prompt_transform {
        out.push(instance(plan, "prompt_transform", "prompt_transform", c)?);
    }
    if let Some(c) = &plan.pii_mask {
        out.push(instance(plan, "pii_mask", "pii_mask", c)?);
    }
    if let Some(c) = &plan.token_meter {
        out.push(instance(plan, "token_meter", "token_meter", c)?);
    }
    out.push(instance(
        plan,
        "model_router",
        "model_router",
        &plan.model_router,
    )?);
    out.push(instance(
        plan,
        "model_router_upstream",
        "model_router",
        &plan.model_router,
    )?);
    Ok(out)
}

fn instance<T: Serialize>(
    plan: &Plan,
    root_id: &'static str,
    module: &'static str,
    config: &T,
) -> Result<FilterInstance, serde_json::Error> {
    let value = serde_json::to_value(config)?;
    // A filter's VM gets only the variables its own config names.
    let env = plan
        .env
        .keys()
        .filter(|name| mentions(&value, name))
        .cloned()
        .collect();
    Ok(FilterInstance {
        root_id,
        module,
        config: serde_json::to_string(&value)?,
        env,
    })
}

/// Whether `value` holds the string `needle` anywhere (as a value, not a key).
fn mentions(value: &Value, needle: &str) -> bool {
    match value {
        Value::String(s) => s == needle,
        Value::Array(items) => items.iter().any(|v| mentions(v, needle)),
        Value::Object(map) => map.values().any(|v| mentions(v, needle)),
        _ => false,
    }
}

/// The `TypedExtensionConfig` of one filter instance.
pub fn extension_config(f: &FilterInstance, build: Build, opts: &IstioOptions) -> Value {
    let typed_config = match build {
        Build::Wasm => wasm_filter(f, opts),
        Build::Native => native_filter(f, opts),
    };
    json!({ "name": f.extension_name(), "typed_config": typed_config })
}

fn wasm_filter(f: &FilterInstance, opts: &IstioOptions) -> Value {
    let mut vm_config = json!({
        "vm_id": f.root_id,
        "runtime": "envoy.wasm.runtime.v8",
        "code": wasm_code(f.module, opts),
    });
    if !f.env.is_empty() {
        // The proxy's own environment variable NAME reaches the VM as NAME (Istio's
        // `valueFrom: HOST`); the Secret feeds the proxy's environment, never this object.
        vm_config["environment_variables"] = json!({ "host_env_keys": f.env });
    }
    let mut config = json!({
        "name": f.root_id,
        "root_id": f.root_id,
        // A panic in a VM must not disable the filter on that worker for good.
        "failure_policy": "FAIL_RELOAD",
        "configuration": { "@type": STRING_VALUE, "value": f.config },
        "vm_config": vm_config,
    });
    if holds_headers(f.root_id) {
        // The filter reads the body before anything goes upstream (WasmPlugin cannot say this).
        config["allow_on_headers_stop_iteration"] = json!(true);
    }
    json!({ "@type": WASM_TYPE, "config": config })
}

/// Every filter of the downstream chain holds the request headers while it reads the body
/// (routing on the model, masking or refusing before the provider, counting the prompt, rewriting
/// the request); model-router's upstream stage edits each attempt's headers and body as they pass.
pub fn holds_headers(root_id: &str) -> bool {
    root_id != "model_router_upstream"
}

/// Where the proxy gets a module: a local file (mounted into the proxy), or a remote URL the
/// Istio agent downloads (`oci://` in Istio's Wasm image format, `http(s)://`) and hands to
/// Envoy as a local file.
fn wasm_code(module: &str, opts: &IstioOptions) -> Value {
    let url = opts.wasm_url.replace("{module}", module);
    match url.strip_prefix("file://") {
        Some(path) => json!({ "local": { "filename": path } }),
        None => {
            let mut remote = json!({
                "http_uri": { "uri": url, "timeout": "30s" },
            });
            if let Some(sha) = opts.wasm_sha256.get(module) {
                remote["sha256"] = json!(sha);
            }
            json!({ "remote": remote })
        }
    }
}

fn native_filter(f: &FilterInstance, opts: &IstioOptions) -> Value {
    json!({
        "@type": DYNAMIC_MODULE_TYPE,
        "dynamic_module_config": {
            "name": "llm_filters",
            "module": { "local": { "filename": opts.native_module_path } },
            // The wasm build's metric names (`wasmcustom.<name>`), so dashboards fit both builds.
            "metrics_namespace": "wasmcustom",
        },
        "filter_name": f.root_id,
        "filter_config": { "@type": STRING_VALUE, "value": f.config },
    })
}

/// A filter-chain entry that takes its config from the named extension config (ECDS): the
/// listener waits for it rather than start without the filter.
pub fn discovered(f: &FilterInstance, build: Build) -> Value {
    let type_url = match build {
        Build::Wasm => WASM_TYPE,
        Build::Native => DYNAMIC_MODULE_TYPE,
    };
    json!({
        "name": f.extension_name(),
        "config_discovery": {
            "config_source": { "ads": {}, "initial_fetch_timeout": "0s" },
            "type_urls": [type_url],
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_finds_values_not_keys() {
        let v =
            json!({ "backends": { "OPENAI_API_KEY": { "auth": { "secretEnv": "LLM_KEY_A" } } } });
        assert!(mentions(&v, "LLM_KEY_A"));
        assert!(!mentions(&v, "OPENAI_API_KEY"));
        assert!(!mentions(&v, "LLM_KEY"));
    }

    #[test]
    fn wasm_code_file_is_local_and_oci_is_remote() {
        let mut opts = IstioOptions {
            wasm_url: "file:///var/local/lib/llm-filters/{module}.wasm".into(),
            ..IstioOptions::default()
        };
        assert_eq!(
            wasm_code("pii_mask", &opts),
            json!({ "local": { "filename": "/var/local/lib/llm-filters/pii_mask.wasm" } })
        );
        opts.wasm_url = "oci://registry.example.com/llm-filters/{module}:0.1.0".into();
        opts.wasm_sha256.insert("pii_mask".into(), "ab".repeat(32));
        assert_eq!(
            wasm_code("pii_mask", &opts),
            json!({ "remote": {
                "http_uri": { "uri": "oci://registry.example.com/llm-filters/pii_mask:0.1.0", "timeout": "30s" },
                "sha256": "ab".repeat(32)
            } })
        );
    }
}

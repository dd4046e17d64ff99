//! The `envoy.filters.http.wasm` filter entry for a proxy-wasm module.

use std::path::Path;

use serde_json::{json, Value};

#[derive(Debug, Clone, Default)]
pub struct WasmOptions {
    /// Defaults to the filter name.
    pub root_id: Option<String>,
    /// Defaults to the filter name.
    pub vm_id: Option<String>,
    /// Needed by filters that hold the headers until the body is read (ENVOY-NOTES: body routing).
    pub allow_on_headers_stop_iteration: bool,
    /// Proxy environment variables handed to the VM (`vm_config.environment_variables.host_env_keys`).
    pub env_keys: Vec<String>,
    /// On a VM failure let requests through instead of failing them (`failure_policy: FAIL_OPEN`).
    pub fail_open: bool,
}

/// An HTTP filter loading `wasm_path` into the V8 runtime (the only one in the PyPI build), with
/// `configuration` handed to the plugin as a JSON string.
pub fn wasm_filter(
    filter_name: &str,
    wasm_path: &Path,
    configuration: &Value,
    opts: &WasmOptions,
) -> Value {
    let root_id = opts.root_id.as_deref().unwrap_or(filter_name);
    let vm_id = opts.vm_id.as_deref().unwrap_or(filter_name);
    // Envoy resolves relative paths against its cwd, which is not the test's: always absolute.
    let path = std::fs::canonicalize(wasm_path).unwrap_or_else(|_| wasm_path.to_path_buf());

    let mut vm_config = json!({
        "vm_id": vm_id,
        "runtime": "envoy.wasm.runtime.v8",
        "code": { "local": { "filename": path.to_string_lossy() } },
    });
    if !opts.env_keys.is_empty() {
        vm_config["environment_variables"] = json!({ "host_env_keys": opts.env_keys });
    }
    let mut config = json!({
        "name": filter_name,
        "root_id": root_id,
        "configuration": {
            "@type": "type.googleapis.com/google.protobuf.StringValue",
            "value": configuration.to_string(),
        },
        "vm_config": vm_config,
        // `fail_open` is deprecated in favour of `failure_policy` in 1.40.
        "failure_policy": if opts.fail_open { "FAIL_OPEN" } else { "FAIL_CLOSED" },
    });
    if opts.allow_on_headers_stop_iteration {
        config["allow_on_headers_stop_iteration"] = json!(true);
    }
    json!({
        "name": "envoy.filters.http.wasm",
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
            "config": config,
        }
    })
}

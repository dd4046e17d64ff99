//! The `envoy.filters.http.wasm` filter entry for a proxy-wasm module.

use std::path::Path;

use serde_json::{json, Value};

/// What Envoy does with requests once a plugin's VM has failed (a panic or trap in the module).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FailurePolicy {
    /// `FAIL_RELOAD`: the next request gets a fresh VM (reloads rate-limited by a 1 s backoff;
    /// requests in the backoff fail closed). Without it a single panic disables the filter on
    /// that worker for good (every later request an empty 503, no stat counting it).
    #[default]
    Reload,
    /// `FAIL_CLOSED`: Envoy's default; every later request on that worker fails (503).
    Closed,
    /// `FAIL_OPEN`: later requests skip the filter.
    Open,
}

impl FailurePolicy {
    pub fn as_envoy(self) -> &'static str {
        match self {
            FailurePolicy::Reload => "FAIL_RELOAD",
            FailurePolicy::Closed => "FAIL_CLOSED",
            FailurePolicy::Open => "FAIL_OPEN",
        }
    }
}

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
    /// On a VM failure let requests through instead of failing them (`failure_policy: FAIL_OPEN`);
    /// overrides `failure_policy`.
    pub fail_open: bool,
    /// Defaults to [`FailurePolicy::Reload`].
    pub failure_policy: FailurePolicy,
}

impl WasmOptions {
    fn effective_failure_policy(&self) -> FailurePolicy {
        if self.fail_open {
            FailurePolicy::Open
        } else {
            self.failure_policy
        }
    }
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
        // (The Wasm proto's `fail_open` is deprecated in favour of `failure_policy` in 1.40.)
        "failure_policy": opts.effective_failure_policy().as_envoy(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(opts: &WasmOptions) -> Value {
        wasm_filter("f", Path::new("/x.wasm"), &json!({}), opts)["typed_config"]["config"]
            ["failure_policy"]
            .clone()
    }

    #[test]
    fn reloads_failed_vms_unless_told_otherwise() {
        assert_eq!(policy(&WasmOptions::default()), "FAIL_RELOAD");
        let closed = WasmOptions {
            failure_policy: FailurePolicy::Closed,
            ..WasmOptions::default()
        };
        assert_eq!(policy(&closed), "FAIL_CLOSED");
        let open = WasmOptions {
            fail_open: true,
            ..WasmOptions::default()
        };
        assert_eq!(policy(&open), "FAIL_OPEN");
    }
}

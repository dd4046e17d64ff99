//! `envoy --mode validate`: checks a config the way Envoy would load it, without serving. On the
//! native build ([`Build::current`]) the config's native twin is checked (Envoy loads the module).

use std::process::Command;

use serde_json::Value;

use crate::bootstrap::nativize;
use crate::build::{native_module_dir, Build};

/// Ok with Envoy's output when the config is valid, Err with it when Envoy rejects it.
pub fn validate_config(config: &Value) -> Result<String, String> {
    let dir = super::workdir::create();
    let path = dir.join("validate.json");
    let mut config = config.clone();
    let mut cmd = Command::new(super::envoy_binary());
    if Build::current() == Build::Native {
        nativize(&mut config);
        cmd.env(super::SEARCH_PATH_VAR, native_module_dir());
    }
    std::fs::write(&path, serde_json::to_vec_pretty(&config).unwrap()).expect("write config");
    let out = cmd
        .args(["--mode", "validate", "-l", "warning", "-c"])
        .arg(&path)
        .current_dir(&dir)
        .output()
        .expect("run envoy --mode validate");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    super::workdir::remove(&dir);
    if out.status.success() {
        Ok(text)
    } else {
        Err(text)
    }
}

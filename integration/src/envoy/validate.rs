//! `envoy --mode validate`: checks a config the way Envoy would load it, without serving.

use std::process::Command;

use serde_json::Value;

/// Ok with Envoy's output when the config is valid, Err with it when Envoy rejects it.
pub fn validate_config(config: &Value) -> Result<String, String> {
    let dir = super::workdir::create();
    let path = dir.join("validate.json");
    std::fs::write(&path, serde_json::to_vec_pretty(config).unwrap()).expect("write config");
    let out = Command::new(super::envoy_binary())
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

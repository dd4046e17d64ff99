//! `cargo run -p llm-filters-dynamic-module --example nativize -- envoy/bootstrap.yaml > out.json`
//! prints the Envoy config with the wasm filters replaced by `libllm_filters.so`'s (JSON, which
//! Envoy reads for a `.json` path), using the e2e harness's `nativize` (metrics named
//! `wasmcustom.<name>` as on the wasm build). Run Envoy with `ENVOY_DYNAMIC_MODULES_SEARCH_PATH` pointing
//! at the directory of the `.so`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: nativize <envoy config .yaml|.json>");
        return ExitCode::FAILURE;
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("nativize: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut config: serde_json::Value = match serde_yaml::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("nativize: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    llm_integration::bootstrap::nativize(&mut config);
    println!("{config:#}");
    ExitCode::SUCCESS
}

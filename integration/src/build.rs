//! Which build of the filters the e2e tests run against: `LLM_FILTERS_BUILD=wasm|native`
//! (default `wasm`). Tests are written once against wasm configs; with `native`, [`crate::envoy::Envoy`]
//! starts the native twin of every config (see [`crate::bootstrap::nativize`]).

use std::io::Write;
use std::path::PathBuf;

use crate::target_dir;

/// The environment variable choosing the build.
pub const BUILD_VAR: &str = "LLM_FILTERS_BUILD";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// The proxy-wasm modules (`target/wasm32-wasip1/release/*.wasm`) in Envoy's V8.
    Wasm,
    /// `libllm_filters.so` as an Envoy dynamic module (`target/native/`).
    Native,
}

impl Build {
    /// The build chosen by `LLM_FILTERS_BUILD`; panics on any other value than `wasm`/`native`
    /// (a typo must not silently run the other build).
    pub fn current() -> Build {
        match std::env::var(BUILD_VAR).as_deref() {
            Err(_) | Ok("") | Ok("wasm") => Build::Wasm,
            Ok("native") => Build::Native,
            Ok(other) => panic!("{BUILD_VAR}={other:?}: expected \"wasm\" or \"native\""),
        }
    }

    pub fn is_native() -> bool {
        Build::current() == Build::Native
    }
}

/// Skips the calling test on `build` with a one-line reason: `if skip_on(Build::Native, "…") { return; }`.
pub fn skip_on(build: Build, reason: &str) -> bool {
    let skip = Build::current() == build;
    if skip {
        // Straight to the stderr handle: libtest captures `eprintln!` of passing tests, and the
        // reason should show in every run's log.
        let _ = writeln!(
            std::io::stderr(),
            "skipped on the {build:?} build: {reason}"
        );
    }
    skip
}

/// The directory holding `libllm_filters.so` (Envoy's `ENVOY_DYNAMIC_MODULES_SEARCH_PATH`):
/// `LLM_FILTERS_NATIVE_MODULE_DIR` (e.g. a profiling build with symbols), else `target/native`;
/// panics with the build command when the module is missing.
pub fn native_module_dir() -> PathBuf {
    let dir = std::env::var_os("LLM_FILTERS_NATIVE_MODULE_DIR")
        .map_or_else(|| target_dir().join("native"), PathBuf::from);
    let so = dir.join("libllm_filters.so");
    if !so.is_file() {
        panic!(
            "{} is missing; build it first with:\n  cargo build -p llm-filters-dynamic-module --profile native",
            so.display()
        );
    }
    dir
}

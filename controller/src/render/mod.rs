//! Renders: a [`Plan`](crate::plan::Plan) laid out as a target's objects. Pure functions.

pub mod envoy;
pub mod istio;

/// How the filters are loaded into Envoy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Build {
    /// proxy-wasm modules (`envoy.filters.http.wasm`, V8).
    #[default]
    Wasm,
    /// The dynamic module `libllm_filters.so` (`envoy.filters.http.dynamic_modules`).
    Native,
}

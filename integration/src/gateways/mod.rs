//! Envoy configurations for the filters, shared by the end-to-end tests and the benchmark.

pub mod model_router;

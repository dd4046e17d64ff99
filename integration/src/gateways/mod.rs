//! Envoy configurations for the filters, shared by the end-to-end tests and the benchmark.

pub mod local;
pub mod model_router;
pub mod pii_mask;
pub mod prompt_transform;
pub mod token_meter;

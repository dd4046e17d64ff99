//! # prompt-transform
//!
//! Shapes what the model receives, per route (through the `{default, rules}` plugin config):
//! named chat-request templates, prompts published as plain REST endpoints, decorators,
//! model-parameter defaults/overrides/ranges, JSONPath body transformations, context-window
//! trimming, and header edits. The user documentation is the crate's README.md.
//!
//! Pure logic lives in small modules tested natively; [`pipeline`] strings them together for
//! one request, and the proxy-wasm shell (`wasm`, wasm32 only) moves bytes between Envoy and it.

pub mod config;
pub mod context;
pub mod decorate;
pub mod endpoint;
pub mod header_values;
pub mod jsonpath;
mod messages;
pub mod params;
pub mod pipeline;
pub mod policy;
pub mod template;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use config::TransformConfig;
pub use policy::{load_policies, Policy};

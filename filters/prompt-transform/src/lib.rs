//! # prompt-transform
//!
//! Shapes what the model receives, per route (through the `{default, rules}` plugin config):
//! named chat-request templates, prompts published as plain REST endpoints, decorators,
//! model-parameter defaults/overrides/ranges, JSONPath body transformations, context-window
//! trimming, and header edits. The user documentation is the crate's README.md.
//!
//! Pure logic lives in small modules tested natively; [`pipeline`] strings them together for
//! one request, and [`session`] is the per-stream state machine over the host trait of
//! `llm_filters_core` (the wasm module only registers it).

// A panic in a wasm filter disables it on that worker for good, and this crate reads client and
// provider bytes: no byte slicing or indexing that can panic (tests may).
#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

pub mod completion_answer;
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
pub mod session;
pub mod template;
pub mod validate;

pub use config::TransformConfig;
pub use policy::{load_policies, Policy};
pub use session::{PromptTransform, TransformSession};

llm_filters_core::register_wasm_filter!(crate::session::PromptTransform);

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

#[cfg(feature = "filter")]
pub mod completion_answer;
pub mod config;
#[cfg(feature = "filter")]
pub mod context;
#[cfg(feature = "filter")]
pub mod decorate;
#[cfg(feature = "filter")]
#[cfg(feature = "filter")]
pub mod endpoint;
#[cfg(feature = "filter")]
pub mod header_values;
#[cfg(feature = "filter")]
pub mod jsonpath;
#[cfg(feature = "filter")]
mod messages;
#[cfg(feature = "filter")]
pub mod messages_api;
#[cfg(feature = "filter")]
pub mod params;
#[cfg(feature = "filter")]
pub mod pipeline;
#[cfg(feature = "filter")]
pub mod policy;
#[cfg(feature = "filter")]
pub mod session;
#[cfg(feature = "filter")]
pub mod template;
#[cfg(feature = "filter")]
pub mod validate;

pub use config::TransformConfig;
#[cfg(feature = "filter")]
pub use policy::{load_policies, Policy};
#[cfg(feature = "filter")]
pub use session::{PromptTransform, TransformSession};

#[cfg(feature = "filter")]
llm_filters_core::register_wasm_filter!(crate::session::PromptTransform);

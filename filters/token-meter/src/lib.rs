//! # token-meter
//!
//! Answers "how many tokens, for whom, at what cost" for LLM traffic inside Envoy, and enforces
//! limits before money is spent:
//! - counts prompts locally with tiktoken's BPE ranks ([`count`]), the way OpenAI bills chat
//!   prompts, to pre-check quotas and to estimate when a provider reports no usage;
//! - reads the provider's usage from responses and streams (`llm_filters_core::usage`), asking
//!   OpenAI streams for it (`stream_options.include_usage`) and hiding the extra chunk from
//!   clients that did not ask;
//! - per-client quotas in tokens and requests per window, shared by every Envoy worker through
//!   proxy-wasm shared data with compare-and-swap ([`quota`]);
//! - USD budgets from a price table ([`pricing`]): past a threshold the request goes to a
//!   cheaper model (model-router reads it from filter state), at 100 % it is refused;
//! - Envoy stats, filter state for access logs and optional usage headers ([`report`]).
//!
//! The logic is plain Rust ([`request`] before forwarding, [`report`] after the response);
//! [`session`] is the per-stream state machine over the host trait of `llm_filters_core`, and
//! the wasm module only registers it. See README.md for the configuration.

// A panic in a wasm filter disables it on that worker for good, and this crate reads client and
// provider bytes: no byte slicing or indexing that can panic (tests may).
#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

pub mod config;
#[cfg(feature = "filter")]
pub mod count;
pub mod encoding;
#[cfg(feature = "filter")]
pub mod pricing;
#[cfg(feature = "filter")]
pub mod quota;
#[cfg(feature = "filter")]
pub mod report;
#[cfg(feature = "filter")]
pub mod request;
#[cfg(feature = "filter")]
pub mod response;
#[cfg(feature = "filter")]
pub mod session;
#[cfg(feature = "filter")]
pub mod tokenizer;

pub use config::MeterConfig;
#[cfg(feature = "filter")]
pub use session::{MeterSession, TokenMeter};

#[cfg(feature = "filter")]
llm_filters_core::register_wasm_filter!(crate::session::TokenMeter);

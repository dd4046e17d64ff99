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
//!   cheaper model through model-router's override header, at 100 % it is refused;
//! - Envoy stats, filter state for access logs and optional usage headers ([`report`]).
//!
//! The logic is plain Rust ([`request`] before forwarding, [`report`] after the response);
//! `wasm` is the thin proxy-wasm shell. See README.md for the configuration.

pub mod config;
pub mod count;
pub mod pricing;
pub mod quota;
pub mod report;
pub mod request;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use config::MeterConfig;

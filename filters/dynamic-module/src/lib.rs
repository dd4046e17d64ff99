//! The four llm-filters as one Envoy dynamic module, `libllm_filters.so`, for Envoy 1.40
//! (dynamic-module ABI `v0.2.0`).
//!
//! This is the second adapter of the filters' sessions (the first is core's proxy-wasm adapter):
//! no filter logic lives here. [`hooks`] receives Envoy's events and drives a
//! [`llm_filters_core::session::Session`]; [`host::NativeHost`] implements the session's `Host`
//! over the ABI callbacks ([`envoy`], declared by hand in [`abi`]).
//!
//! Build it with unwinding panics, so a panic can be caught at the ABI boundary (the workspace's
//! release profile aborts on panic, which would take Envoy down with the module):
//!
//! ```text
//! cargo build -p llm-filters-dynamic-module --profile native   # the root Cargo.toml's profile
//! # -> target/native/libllm_filters.so
//! ```

// Everything here runs inside Envoy on client and provider bytes: no slicing or indexing that can
// panic (a caught panic still costs the request).
#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

pub mod abi;
pub mod envoy;
#[cfg(test)]
mod fake_envoy;
pub mod hooks;
pub mod host;
pub mod logger;
pub mod metrics;
pub mod registry;
pub mod store;
pub mod test_filters;

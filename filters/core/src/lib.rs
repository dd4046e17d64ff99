//! Host-independent building blocks shared by every llm-filters filter.
//!
//! Everything but [`wasm_host`]'s adapter (feature `proxy-wasm`) is plain Rust over headers,
//! bytes and JSON: the same logic and the same sessions ([`session`]) run in every host and are
//! tested natively ([`testing`], feature `testing`).

// A panic in a wasm filter disables it on that worker for good, and everything here reads
// client and provider bytes: no byte slicing or indexing that can panic (tests may).
#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

pub mod api;
pub mod body_policy;
pub mod config;
pub mod contract;
pub mod delta_stream;
pub mod dupkeys;
pub mod error;
pub mod glob;
pub mod hash;
pub mod headers;
pub mod hold_back;
pub mod metrics;
pub mod quota_store;
pub mod rules;
pub mod session;
pub mod sse;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod usage;
pub mod wasm_host;

pub use config::{load_config, parse_config, ConfigError, Validate};
pub use error::ErrorReply;
pub use rules::{RequestInfo, RouteMatch, RouteRules};

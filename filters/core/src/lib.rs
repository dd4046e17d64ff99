//! Host-independent building blocks shared by every llm-filters filter.
//!
//! Nothing in this crate knows about proxy-wasm or Envoy's C ABI: it works on plain
//! headers, bytes and JSON so that the same logic runs in every shell and is tested natively.

// A panic in a wasm filter disables it on that worker for good, and everything here reads
// client and provider bytes: no byte slicing or indexing that can panic (tests may).
#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

pub mod api;
pub mod body_policy;
pub mod config;
pub mod contract;
pub mod delta_stream;
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
#[cfg(feature = "proxy-wasm")]
pub mod wasm_shell;

pub use config::{load_config, parse_config, ConfigError, Validate};
pub use error::ErrorReply;
pub use rules::{RequestInfo, RouteMatch, RouteRules};

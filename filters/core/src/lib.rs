//! Host-independent building blocks shared by every llm-filters filter.
//!
//! Nothing in this crate knows about proxy-wasm or Envoy's C ABI: it works on plain
//! headers, bytes and JSON so that the same logic runs in every shell and is tested natively.

pub mod api;
pub mod config;
pub mod error;
pub mod glob;
pub mod hash;
pub mod headers;
pub mod metrics;
pub mod rules;
pub mod sse;
#[cfg(feature = "proxy-wasm")]
pub mod wasm_shell;

pub use config::{load_config, parse_config, ConfigError, Validate};
pub use error::ErrorReply;
pub use rules::{RequestInfo, RouteMatch, RouteRules};

//! The proxy-wasm adapter: one generic root and HTTP context that host any [`Filter`]'s session
//! in Envoy's wasm runtime. A filter's wasm crate only registers its filter type:
//!
//! ```ignore
//! llm_filters_core::register_wasm_filter!(crate::session::PiiMask);
//! ```
//!
//! [`Filter`]: crate::session::Filter

pub mod wire;

#[cfg(feature = "proxy-wasm")]
mod adapter;
#[cfg(feature = "proxy-wasm")]
mod ffi;

#[cfg(feature = "proxy-wasm")]
pub use adapter::{start, WasmStore};
#[cfg(feature = "proxy-wasm")]
pub use proxy_wasm;

/// Exports the proxy-wasm entry point hosting `$filter` (a [`crate::session::Filter`]).
#[macro_export]
macro_rules! register_wasm_filter {
    ($filter:ty) => {
        #[cfg(target_arch = "wasm32")]
        $crate::wasm_host::proxy_wasm::main! {{
            $crate::wasm_host::start::<$filter>();
        }}
    };
}

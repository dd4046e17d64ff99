//! The filters' config loader (core's tree reader and its path-naming errors) on any bytes.
//!
//! Input: `[filter selector][config bytes]`.
//! Properties: loading never panics, for all four filters' `{default, rules}` configs; a config
//! the loader accepts is one plain serde_json also reads, to the same value (serde_json is the
//! oracle: the loader may refuse more — a struct from an array — never accept more or read
//! otherwise); a refusal of a JSON document names a field or carries serde_json's position.
#![no_main]

use std::fmt::Debug;

use libfuzzer_sys::fuzz_target;
use llm_filters_core::{load_config, parse_config, RouteRules, Validate};
use serde::de::DeserializeOwned;

fn check<T: DeserializeOwned + Validate + PartialEq + Debug>(bytes: &[u8]) {
    let _ = load_config::<T>(bytes);
    match parse_config::<T>(bytes) {
        Ok(ours) => {
            let plain: T = serde_json::from_slice(bytes)
                .unwrap_or_else(|e| panic!("the loader accepted what serde_json refuses: {e}"));
            assert_eq!(ours, plain, "the loader read another value than serde_json");
        }
        Err(e) => assert!(!e.to_string().is_empty(), "an empty config error"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    match selector % 4 {
        0 => check::<RouteRules<token_meter::MeterConfig>>(bytes),
        1 => check::<RouteRules<pii_mask::PiiConfig>>(bytes),
        2 => check::<RouteRules<prompt_transform::TransformConfig>>(bytes),
        _ => check::<RouteRules<model_router::RouterConfig>>(bytes),
    }
});

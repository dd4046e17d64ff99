//! Hostile traffic end to end (issue 8, "Safe under real traffic"): every numbered case of the
//! issue that a real Envoy can show, and its neighbours, sent through each filter alone and
//! through the full chain of `envoy/bootstrap.yaml`, with `--concurrency 2`.
//!
//! Each case asserts the status and the OpenAI error shape where an error is due, what the mock
//! LLM received (no secret, no internal `x-llm-*` header, no client id, only a model the config
//! allows), and then that every worker still serves normal requests with no wasm VM failure
//! (`wasm.<plugin>.vm_reload*`, VMs re-created, `panicked at` / `RuntimeError` in Envoy's log).
//!
//! Needs the wasm modules: `scripts/setup.sh`. Run: `cargo test -p llm-integration --test hostile`.

/// `for_kinds!(case { test_name => Kind, .. })`: one `#[test]` per configuration, each calling
/// `case(Kind)`, so every configuration passes or fails on its own.
macro_rules! for_kinds {
    ($case:ident { $($test:ident => $kind:ident),+ $(,)? }) => {
        mod $case {
            $( #[test] fn $test() { super::$case(crate::hostile::gateway::Kind::$kind); } )+
        }
    };
}

/// [`for_kinds!`] over all five configurations.
macro_rules! all_kinds {
    ($case:ident) => {
        for_kinds!($case {
            token_meter => TokenMeter,
            pii_mask => PiiMask,
            prompt_transform => PromptTransform,
            model_router => ModelRouter,
            chain => Chain,
        });
    };
}

/// [`for_kinds!`] over the configurations with pii-mask.
macro_rules! pii_kinds {
    ($case:ident) => {
        for_kinds!($case { pii_mask => PiiMask, chain => Chain });
    };
}

mod hostile {
    pub mod answers;
    pub mod bodyless;
    pub mod check;
    pub mod faults;
    pub mod gateway;
    pub mod headers;
    pub mod model;
    pub mod prompts;
    pub mod steering;
}

//! Hostile traffic end to end (issue 8, "Safe under real traffic"): every numbered case of the
//! issue that a real Envoy can show, and its neighbours, sent through each filter alone and
//! through the full chain of `envoy/bootstrap.yaml`, with `--concurrency 2`.
//!
//! Each case asserts the status and the OpenAI error shape where an error is due, what the mock
//! LLM received (no secret, no internal `x-llm-*` header, no client id, only a model the config
//! allows), and then that every worker still serves normal requests with no wasm VM failure
//! (`wasm.<plugin>.vm_reload*`, VMs re-created, `panicked at` / `RuntimeError` in Envoy's log).
//!
//! Issue 8's numbered cases and where they are sent (each test runs per configuration:
//! `hostile::<file>::<case>::{token_meter,pii_mask,prompt_transform,model_router,chain}`):
//! 1. body-less requests: `bodyless::bodyless_requests` (+ `odd_framing`)
//! 2. multi-byte space before an email: `prompts::multibyte_space_before_email` (prompts,
//!    completions), `answers::secrets_in_answers` (answers, streamed and not, OpenAI and Anthropic)
//! 3. non-UTF-8 header bytes: `headers::non_utf8_request_headers`, `headers::non_utf8_provider_header`
//! 4. non-ASCII `:authority`: `headers::non_ascii_authority` (Envoy 1.40 refuses it before any
//!    filter, over HTTP/1.1 and HTTP/2; the refusal must be OpenAI-shaped, ASCII hosts must
//!    select the `*.example.com` rule)
//! 5. forged internal headers: `steering::forged_internal_headers`, `steering::forged_plan_on_fallback`
//! 6. duplicate JSON keys: `prompts::duplicate_json_keys`
//! 7. JSON escapes: `prompts::json_escapes_in_prompts`, `answers::escapes_in_tool_call_answers`
//! 8. JWTs longer than the hold-back window: `answers::secrets_in_answers` (900 bytes),
//!    `answers::long_secrets_in_streams` (172-byte key, 1.7 KB PEM key, 5-char events)
//! 9. text/plain, invalid JSON, gzip answers: `answers::unreadable_answers` (+ `huge_answers`,
//!    `odd_answer_framing`)
//! 10. the `model` string: `model::hostile_model_strings`, `model::model_key_not_in_headers`
//! 11. literal placeholders (and another request's placeholder): `prompts::literal_placeholder`
//! 12. `messages: [1,2,3]` and other non-chat bodies: `prompts::malformed_messages`
//!     (+ `prompts::invalid_utf8_body`, `bombs::parser_bombs`)
//! 13. fallback under load: `faults::concurrent_fallback::chain` (60 concurrent; the
//!     single-router variant is tests/faults.rs)
//! 14. Envoy's own replies, 50 MB upload:
//!     `faults::envoy_local_replies_are_openai_shaped_when_all_backends_are_down`,
//!     `faults::upload_50mb`; cut requests and answers: `faults::client_cuts_mid_body`,
//!     `faults::client_cuts_mid_stream`, `faults::provider_cuts_answer`
//! 15. the quota store's create lock: not observable end to end (core's quota store tests).
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
    pub mod bombs;
    pub mod check;
    pub mod faults;
    pub mod gateway;
    pub mod headers;
    pub mod model;
    pub mod prompts;
    pub mod steering;
}

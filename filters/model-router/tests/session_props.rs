//! Property tests: arbitrary requests (bodies, chunkings, trailers, cut streams, header bytes,
//! forged internal headers, budget overrides) through the route stage and the upstream stage.
//! Invariants: no panic, no stall; in strict mode the provider only ever gets a model the
//! config allows, in one unambiguous spelling, and the model the router published; the backend
//! is the router's choice whatever the client sent; nothing internal reaches the provider.

mod common;

use common::*;
use llm_filters_core::api::read_model;
use llm_filters_core::contract::state;
use llm_filters_core::glob::glob_match;
use llm_filters_core::testing::{Message, TestHost};
use model_router::model_field::spelling;
use proptest::prelude::*;
use serde_json::{json, Value};

fn strict_config() -> Value {
    json!({ "default": {
        "strict": true,
        "aliases": { "fast": "gpt-4o-mini", "cheap": "mock-small" },
        "backends": {
            "openai": { "auth": { "secretEnv": "OPENAI" }, "stripClientAuth": true, "fallback": ["anthropic", "local"] },
            "anthropic": { "auth": { "secretEnv": "ANTHROPIC", "header": "x-api-key" }, "stripClientAuth": true },
            "local": { "modelNameOverride": "llama-3.1-8b" }
        },
        "routes": [
            { "models": ["gpt-4o*"], "targets": [{ "backend": "openai", "weight": 3 }, { "backend": "anthropic", "model": "claude-3-5-haiku-20241022" }],
              "fallbackModels": { "anthropic": "claude-3-5-sonnet-20241022" } },
            { "models": ["mock-small"], "targets": [{ "backend": "local" }] }
        ],
        "defaultBackend": "local",
        "removeHeaders": ["x-client-id"],
        "maxBodyBytes": 2048
    }})
}

const BACKENDS: [&str; 3] = ["openai", "anthropic", "local"];

/// Hand-written from the config above: what a provider may receive.
fn allowed(model: &str) -> bool {
    glob_match("gpt-4o*", model)
        || [
            "claude-3-5-haiku-20241022",
            "claude-3-5-sonnet-20241022",
            "llama-3.1-8b",
        ]
        .contains(&model)
}

fn model_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("gpt-4o".to_string()),
        Just("fast".to_string()),
        Just("cheap".to_string()),
        Just("gpt-4o-2024-08-06".to_string()),
        Just("claude-opus-4-1".to_string()),
        Just("mock-small".to_string()),
        Just("gpt-4o\nx-forged: 1".to_string()),
        Just("".to_string()),
        "[a-z0-9.:/_-]{1,12}",
        "\\PC{0,20}",
        Just("g".repeat(300)),
    ]
}

fn body_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        model_strategy().prop_map(|m| {
            json!({ "model": m, "messages": [{ "role": "user", "content": "hi" }] })
                .to_string()
                .into_bytes()
        }),
        // Escaped spelling of the model.
        model_strategy().prop_map(|m| {
            let escaped: String = m
                .chars()
                .map(|c| format!("\\u{:04x}", c as u32 & 0xffff))
                .collect();
            format!(r#"{{"model":"{escaped}","messages":[]}}"#).into_bytes()
        }),
        // Duplicate keys.
        (model_strategy(), model_strategy()).prop_map(|(a, b)| format!(
            r#"{{"model":{},"messages":[],"model":{}}}"#,
            json!(a),
            json!(b)
        )
        .into_bytes()),
        Just(br#"{"messages":[]}"#.to_vec()),
        Just(br#"{"model":42}"#.to_vec()),
        Just(br#"["model"]"#.to_vec()),
        Just(Vec::new()),
        proptest::collection::vec(any::<u8>(), 0..200),
        model_strategy().prop_map(|m| {
            json!({ "model": m, "messages": [{ "role": "user", "content": "x".repeat(3000) }] })
                .to_string()
                .into_bytes()
        }),
    ]
}

fn header_strategy() -> impl Strategy<Value = (String, Vec<u8>)> {
    let name = prop_oneof![
        Just("x-llm-backend"),
        Just("x-llm-model"),
        Just("x-llm-fallback-plan"),
        Just("x-llm-fallback-from"),
        Just("x-llm-model-override"),
        Just("X-LLM-Backend"),
        Just("x-client-id"),
        Just("x-request-id"),
        Just("x-note"),
        Just("authorization"),
    ];
    let value = prop_oneof![
        Just(b"anthropic".to_vec()),
        Just(b"openai=gpt-4o;anthropic=claude-opus-4-1".to_vec()),
        Just(b"claude-opus-4-1".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..16),
    ];
    (name.prop_map(str::to_string), value)
}

#[derive(Debug, Clone)]
struct Case {
    get: bool,
    body: Vec<u8>,
    cuts: Vec<usize>,
    trailers: bool,
    cut_after: Option<usize>,
    headers: Vec<(String, Vec<u8>)>,
    budget: Option<String>,
}

fn case_strategy() -> impl Strategy<Value = Case> {
    (
        any::<bool>(),
        body_strategy(),
        proptest::collection::vec(0usize..4000, 0..5),
        proptest::bool::weighted(0.1),
        proptest::option::weighted(0.1, 0usize..4),
        proptest::collection::vec(header_strategy(), 0..5),
        proptest::option::weighted(0.2, model_strategy()),
    )
        .prop_map(
            |(get, body, cuts, trailers, cut_after, headers, budget)| Case {
                get,
                body,
                cuts,
                trailers,
                cut_after,
                headers,
                budget,
            },
        )
}

fn message(case: &Case) -> Message {
    let mut m = if case.get {
        Message::new(&[
            (":method", "GET"),
            (":path", "/v1/models"),
            (":authority", "gw"),
        ])
    } else {
        Message::json_request("/v1/chat/completions", &case.body).split_at(&case.cuts)
    };
    m.trailers = case.trailers;
    m.cut_after = case.cut_after;
    for (name, value) in &case.headers {
        m = m.header(name, value);
    }
    m
}

fn host(case: &Case) -> TestHost {
    let mut host = TestHost::default();
    if let Some(budget) = &case.budget {
        host.filter_state
            .insert(state::MODEL_OVERRIDE.into(), budget.as_bytes().to_vec());
    }
    host
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_provider_only_gets_what_the_config_allows(case in case_strategy()) {
        let gw = Gateway::new(&strict_config());
        let request = message(&case);
        let routed = gw.route(host(&case), &request);
        prop_assert!(!routed.stalled, "stalled");

        // The same request without any forged header takes the same decision.
        let mut clean_case = case.clone();
        clean_case.headers.retain(|(n, _)| !n.to_ascii_lowercase().starts_with("x-llm-"));
        let clean = gw.route(host(&clean_case), &message(&clean_case));
        prop_assert_eq!(&routed.host.filter_state, &clean.host.filter_state);
        prop_assert_eq!(routed.status(), clean.status());

        let Some(sent) = routed.upstream.clone() else { return Ok(()) };
        // What Envoy routes on is the router's alone: no client copy survives the route stage.
        let internal_now = |s: &llm_filters_core::testing::Sent| {
            let mut h: Vec<(String, String)> = s.headers.iter().filter(|(n, _)| n.starts_with("x-llm-")).cloned().collect();
            h.sort();
            h
        };
        let clean_sent = clean.upstream.clone().unwrap_or_default();
        prop_assert_eq!(internal_now(&sent), internal_now(&clean_sent));
        let Some(backend) = sent.header("x-llm-backend").map(str::to_string) else {
            // Nothing decided (cut before the end): nothing reached a provider either.
            prop_assert!(!sent.complete || case.cut_after.is_some());
            return Ok(());
        };
        prop_assert!(BACKENDS.contains(&backend.as_str()), "backend {}", backend);
        prop_assert_eq!(routed.host.filter_state_str(state::ROUTED_BACKEND), Some(backend.as_str()));

        let plan = routed.host.filter_state_str(state::FALLBACK_PLAN).unwrap_or("").to_string();
        let attempts: Vec<&str> = BACKENDS.iter().copied().filter(|b| *b == backend || plan.contains(&format!("{b}="))).collect();
        let mut headers_now = sent.clone();
        for attempt in attempts {
            let out = gw.attempt(&routed, &headers_now, attempt);
            prop_assert!(!out.stalled);
            let provider = out.upstream.clone().unwrap();
            prop_assert!(internal_headers(&provider).is_empty(), "{:?}", provider.headers);
            prop_assert_eq!(provider.header("x-client-id"), None);
            if provider.complete && !provider.body.is_empty() {
                let model = read_model(&provider.body, "model");
                let spelled = spelling(&provider.body, "model");
                prop_assert!(!spelled.duplicate && !spelled.escaped, "{}", provider.body_str());
                match model {
                    Ok(Some(model)) => {
                        prop_assert!(allowed(&model), "sent {:?} to {}", model, attempt);
                        if attempt == backend {
                            prop_assert_eq!(routed.host.filter_state_str(state::ROUTED_MODEL), Some(model.as_str()));
                        }
                    }
                    other => prop_assert!(false, "provider got a body the router did not read: {:?}", other),
                }
            }
            headers_now = provider;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// The permissive config (non-strict, pass-through) never panics or stalls either, and
    /// still never forwards an internal header.
    #[test]
    fn permissive_config_never_stalls_or_leaks(case in case_strategy()) {
        let mut config = strict_config();
        config["default"]["strict"] = json!(false);
        config["default"]["onInvalidBody"] = json!("passThrough");
        config["default"]["overrideHeader"] = json!("x-model-override");
        // Unknown models go to a backend that keeps the client's name.
        config["default"]["backends"]["any"] = json!({});
        config["default"]["defaultBackend"] = json!("any");
        let gw = Gateway::new(&config);
        let routed = gw.route(host(&case), &message(&case));
        prop_assert!(!routed.stalled);
        if let Some(sent) = routed.upstream.clone() {
            if let Some(backend) = sent.header("x-llm-backend").map(str::to_string) {
                let out = gw.attempt(&routed, &sent, &backend);
                prop_assert!(!out.stalled);
                prop_assert!(internal_headers(out.upstream.as_ref().unwrap()).is_empty());
            }
            if let Some(model) = sent.header("x-llm-model") {
                prop_assert!(model_router::model_name::is_valid_model(model), "{:?}", model);
            }
            if let Some(model) = routed.host.filter_state_str(state::ROUTED_MODEL) {
                prop_assert!(model_router::model_name::is_valid_model(model), "{:?}", model);
            }
        }
    }
}

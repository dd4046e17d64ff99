//! Every metric name the filters' sessions emit must parse back into a declared spec
//! (`llm_filters::metrics`): the native build can only define metrics when a config loads, so a
//! name missing from the specs would silently not be counted. Each filter is driven through
//! core's test host on requests that reach its main metric paths.

use llm_filters::metrics::{parse, specs, Kind};
use llm_filters::registry;
use llm_filters_core::quota_store::MemoryStore;
use llm_filters_core::testing::{chat_answer, run, Message, TestHost};
use serde_json::json;
use std::sync::Arc;

/// Runs `requests` through `filter_name` loaded with `config`; returns every (kind, name) emitted.
fn emitted(
    filter_name: &str,
    config: serde_json::Value,
    requests: &[(Message, &str)],
) -> Vec<(Kind, String)> {
    let loaded = registry::load(filter_name, config.to_string().as_bytes()).expect("config loads");
    let store = Arc::new(MemoryStore::new());
    let mut names = Vec::new();
    for (i, (request, answer)) in requests.iter().enumerate() {
        let mut session = loaded.new_session(i as u64);
        let host = TestHost::new(store.clone()).with_property(&["xds", "route_name"], b"r1");
        let outcome = run(&mut *session, host, request, chat_answer(answer));
        assert!(!outcome.stalled, "{filter_name}: request {i} stalled");
        names.extend(
            outcome
                .host
                .counters
                .keys()
                .map(|n| (Kind::Counter, n.clone())),
        );
        names.extend(
            outcome
                .host
                .histograms
                .keys()
                .map(|n| (Kind::Histogram, n.clone())),
        );
    }
    assert!(
        !names.is_empty(),
        "{filter_name}: nothing was emitted, the scenario is too thin"
    );
    names
}

fn assert_covered(filter_name: &str, names: &[(Kind, String)]) {
    for (kind, name) in names {
        assert!(
            parse(specs(filter_name), *kind, name).is_some(),
            "{filter_name} emits {kind:?} {name}, which no spec in metrics.rs declares"
        );
    }
}

fn chat(model: &str, content: &str) -> Message {
    Message::json_request(
        "/v1/chat/completions",
        json!({ "model": model, "messages": [{ "role": "user", "content": content }] })
            .to_string()
            .as_bytes(),
    )
}

#[test]
fn token_meter_metrics_are_declared() {
    let config = json!({ "default": {
        "prices": { "gpt-4o*": { "input": 2.5, "output": 10.0 } },
        "client": { "header": "x-client" },
        "metrics": { "clientLabels": ["team-a"], "modelLabels": ["gpt-4o"] }
    }});
    let names = emitted(
        "token_meter",
        config,
        &[
            (chat("gpt-4o", "hi").header("x-client", b"team-a"), "hello"),
            (chat("other", "hi"), "hello"),
        ],
    );
    assert_covered("token_meter", &names);
}

#[test]
fn model_router_metrics_are_declared() {
    let config = json!({ "default": {
        "backends": { "alpha": {}, "beta": {} },
        "routes": [{ "models": ["beta-*"], "targets": [{ "backend": "beta" }] }],
        "defaultBackend": "alpha",
        "strict": false
    }});
    let names = emitted(
        "model_router",
        config,
        &[(chat("beta-1", "hi"), "ok"), (chat("zzz", "hi"), "ok")],
    );
    assert_covered("model_router", &names);
}

#[test]
fn model_router_lists_models_under_a_declared_name() {
    let config = json!({ "default": {
        "backends": { "alpha": {} }, "defaultBackend": "alpha", "listModels": true
    }});
    let list = Message::new(&[
        (":method", "GET"),
        (":path", "/v1/models"),
        (":authority", "gateway"),
    ]);
    let names = emitted("model_router", config, &[(list, "unused")]);
    assert!(
        names
            .iter()
            .any(|(_, n)| n.starts_with("llm_router.models_listed")),
        "{names:?}"
    );
    assert_covered("model_router", &names);
}

#[test]
fn the_upstream_stage_translation_metrics_are_declared() {
    // The names model-router's upstream stage builds for translated attempts (see
    // model_router::session::translate): driving that stage needs the endpoint metadata only
    // Envoy gives, so the names are spelled here as it builds them.
    use llm_filters_core::metrics::stat_name;
    let names = [
        stat_name(
            "llm_router.translations",
            &[("from", "openai"), ("to", "anthropic")],
        ),
        stat_name("llm_router.translate_dropped", &[("field", "logit_bias")]),
        "llm_router.translate_untouched".to_string(),
    ];
    let names: Vec<(Kind, String)> = names.into_iter().map(|n| (Kind::Counter, n)).collect();
    // The upstream stage defines no metrics of its own (Envoy would scope them to the cluster):
    // the route stage counts them for it, so its specs must cover them.
    assert_covered("model_router", &names);
    assert!(specs("model_router_upstream").is_empty());
}

#[test]
fn prompt_transform_metrics_are_declared() {
    let config = json!({ "default": { "templates": {
        "t": { "messages": [{ "role": "user", "content": "{{text}}" }] }
    }}});
    let template = |props: serde_json::Value| {
        Message::json_request(
            "/v1/chat/completions",
            json!({ "template": "t", "properties": props })
                .to_string()
                .as_bytes(),
        )
    };
    let names = emitted(
        "prompt_transform",
        config,
        &[
            (template(json!({ "text": "x" })), "ok"),
            (template(json!({})), "ok"),
        ],
    );
    assert_covered("prompt_transform", &names);
}

#[test]
fn pii_mask_metrics_are_declared() {
    let config = json!({ "default": { "detectors": {
        "email": { "action": "placeholder" }, "ssn": { "action": "redact" }
    }}});
    let names = emitted(
        "pii_mask",
        config,
        &[(
            chat("m", "mail ann.lee@example.com, SSN 536-22-1234"),
            "I got <EMAIL_1>",
        )],
    );
    assert_covered("pii_mask", &names);
}

//! Issue 8 item 5: client-sent internal headers (`x-llm-fallback-plan`, `x-llm-backend`,
//! `x-llm-model`, `x-llm-fallback-from`, `x-llm-model-override`) must not steer routing, and no
//! internal header (nor the client id) reaches the provider.

use serde_json::Value;

use super::check::{assert_healthy, assert_mock_clean, assert_normal, chat, send};
use super::gateway::{lease, Gateway, Kind};

/// Models the mock received for the requests recorded after `before`.
fn models_since(g: &Gateway, before: usize) -> Vec<String> {
    g.mock.requests()[before..]
        .iter()
        .map(|r| {
            serde_json::from_slice::<Value>(&r.body)
                .ok()
                .and_then(|v| v["model"].as_str().map(str::to_string))
                .unwrap_or_default()
        })
        .collect()
}

/// Raw header name and value bytes.
type Header = (&'static str, &'static [u8]);

fn forged(kind: Kind) -> Vec<(&'static str, Vec<Header>)> {
    // Backend names as the config under test spells them.
    let backup: &[u8] = match kind {
        Kind::Chain => b"mock-backup",
        _ => b"backup",
    };
    let plan: &'static [u8] = match kind {
        Kind::Chain => b"mock=x;mock-backup=claude-opus-4-1",
        _ => b"primary=x;backup=claude-opus-4-1",
    };
    vec![
        ("fallback plan", vec![("x-llm-fallback-plan", plan)]),
        ("backend", vec![("x-llm-backend", backup)]),
        ("backend, odd case", vec![("X-LLM-Backend", backup)]),
        (
            "backend twice",
            vec![("x-llm-backend", backup), ("x-llm-backend", b"nowhere")],
        ),
        ("backend, non-UTF-8", vec![("x-llm-backend", b"b\xe4ckup")]),
        ("model", vec![("x-llm-model", b"claude-opus-4-1")]),
        ("fallback from", vec![("x-llm-fallback-from", backup)]),
        (
            "model override",
            vec![("x-llm-model-override", b"mock-large")],
        ),
        (
            "model override (other)",
            vec![("x-llm-model-override", b"claude-opus-4-1")],
        ),
        (
            "all at once",
            vec![
                ("x-llm-fallback-plan", plan),
                ("x-llm-backend", backup),
                ("x-llm-model", b"claude-opus-4-1"),
                ("x-llm-fallback-from", backup),
                ("x-llm-model-override", b"mock-large"),
                ("x-llm-usage-cost-usd", b"0"),
            ],
        ),
    ]
}

fn forged_internal_headers(kind: Kind) {
    let g = lease(kind);
    let body = serde_json::to_vec(&chat(kind.client_model(), "Hello!")).unwrap();
    for (what, headers) in forged(kind) {
        let before = g.mock.requests().len();
        let resp = send(&g, "POST", "/v1/chat/completions", &headers, &body);
        assert_normal(&g, &resp, &format!("{kind:?} forged {what}"));
        assert_eq!(
            models_since(&g, before),
            [kind.routed_model()],
            "{kind:?} forged {what}: the provider must get the configured model only"
        );
    }
    // Body-less requests carry forged headers too.
    let plan: &[u8] = b"primary=x;mock=x";
    let models = send(
        &g,
        "GET",
        "/v1/models",
        &[("x-llm-fallback-plan", plan)],
        b"",
    );
    assert_eq!(models.status, 200, "{kind:?}: {:?}", models.text());
    assert_healthy(&g, "after forged internal headers");
    assert_mock_clean(&g, &["claude-opus-4-1"], "forged internal headers");
}

/// With the primary failing, a forged plan must not choose the fallback's model or key: the
/// backup serves with the model its config names.
fn forged_plan_on_fallback(kind: Kind) {
    let g = lease(kind);
    let backup_model = kind.backup_model().expect("router kinds have a backup");
    let body = serde_json::to_vec(&chat(kind.client_model(), "Hello!")).unwrap();
    let plan: &[u8] = match kind {
        Kind::Chain => b"mock=x;mock-backup=claude-opus-4-1",
        _ => b"primary=x;backup=claude-opus-4-1",
    };
    let fail: [(&str, &[u8]); 3] = [
        ("x-mock-status", b"503"),
        ("x-mock-fault-model", kind.routed_model().as_bytes()),
        ("x-llm-fallback-plan", plan),
    ];
    for round in 0..4 {
        let before = g.mock.requests().len();
        let resp = send(&g, "POST", "/v1/chat/completions", &fail, &body);
        assert_eq!(
            resp.status,
            200,
            "{kind:?} round {round}: {:?}",
            resp.text()
        );
        let v: Value = serde_json::from_slice(&resp.body).expect("JSON answer");
        assert_eq!(v["model"], backup_model, "{kind:?} round {round}");
        assert_eq!(
            models_since(&g, before),
            [kind.routed_model(), backup_model],
            "{kind:?} round {round}: primary, then the configured backup model"
        );
    }
    assert_healthy(&g, "after forged plan with fallback");
    assert_mock_clean(&g, &["claude-opus-4-1"], "forged plan with fallback");
}

all_kinds!(forged_internal_headers);
for_kinds!(forged_plan_on_fallback { model_router => ModelRouter, chain => Chain });

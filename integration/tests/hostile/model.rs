//! Issue 8 item 10: the `model` string is untrusted. A newline, a key inside it, 10 KB of it,
//! control characters: a 400 in the OpenAI shape from the router, never a forged access-log
//! line, never the key at the provider, in stats or in the access log.

use std::time::Duration;

use serde_json::{json, Value};

use super::check::{assert_healthy, assert_mock_clean, assert_openai_error, chat, post};
use super::gateway::{lease, Kind};
use super::prompts::AWS_KEY;

const FORGED: &str = "FORGED-LOG-LINE";

fn hostile_models() -> Vec<(&'static str, String)> {
    vec![
        (
            "newline",
            format!("gpt-4o-mini\n[2026-01-01T00:00:00.000Z] POST /v1/admin 200 {FORGED}"),
        ),
        ("carriage return", format!("gpt-4o-mini\r{FORGED}")),
        ("key inside", format!("gpt-4o-mini-{AWS_KEY}")),
        ("10 KB", format!("gpt-4o-mini-{}", "a".repeat(10 * 1024))),
        ("NUL", "gpt-4o-mini\u{0}x".to_string()),
        ("non-ASCII", "gpt-4o-mini-ü".to_string()),
        ("empty", String::new()),
        ("percent and quotes", "gpt-4o-mini%0a\"'".to_string()),
    ]
}

fn hostile_model_strings(kind: Kind) {
    let g = lease(kind);
    let access_lines_before = g.envoy.access_log().lines().count();
    let mut sent = 0;
    for (what, model) in hostile_models() {
        let ctx = format!("{kind:?} model with {what}");
        let before = g.mock.requests().len();
        let resp = post(&g, "/v1/chat/completions", &[], &chat(&model, "Hello!"));
        sent += 1;
        if kind.has_router() {
            // The router validates the model (length, allowed characters) before routing; a
            // well-formed name with a key is pii-mask's to block first in the chain.
            let want: &[u16] = if what == "key inside" && kind.has_pii_mask() {
                &[400, 403]
            } else {
                &[400]
            };
            assert_openai_error(&resp, want, &ctx);
            assert_eq!(g.mock.requests().len(), before, "{ctx}: forwarded");
        } else if resp.status != 200 {
            assert_openai_error(&resp, &[400, 403], &ctx);
        }
        if kind.has_pii_mask() && what == "key inside" {
            assert_ne!(resp.status, 200, "{ctx}: the key must be caught");
        }
        let text = resp.text();
        assert!(
            !text.contains(FORGED) || resp.status == 200,
            "{ctx}: echoed in an error: {text:?}"
        );
    }
    // Also as a number, an array and an object.
    for model in [
        json!(42),
        json!(["gpt-4o-mini"]),
        json!({ "name": "gpt-4o-mini" }),
    ] {
        let mut body = chat("x", "Hello!");
        body["model"] = model.clone();
        let resp = post(&g, "/v1/chat/completions", &[], &body);
        sent += 1;
        if kind.has_router() || resp.status != 200 {
            assert_openai_error(&resp, &[400], &format!("{kind:?} model {model}"));
        }
    }
    assert_healthy(&g, "after hostile model strings");
    let secrets: &[&str] = if kind.has_pii_mask() || kind.has_router() {
        &[AWS_KEY, FORGED]
    } else {
        &[]
    };
    assert_mock_clean(&g, secrets, "hostile model strings");

    // Neither stats nor the access log carry client-chosen model text.
    let stats = g.envoy.stats();
    let bad: Vec<&String> = stats
        .keys()
        .filter(|k| {
            k.contains(AWS_KEY)
                || k.contains(FORGED)
                || k.contains("aaaaaaaaaa")
                || k.contains("FORGED")
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{kind:?}: client text in stat names: {bad:?}"
    );
    let log = access_log(&g);
    assert!(!log.contains(AWS_KEY), "{kind:?}: key in the access log");
    assert!(
        !log.contains("aaaaaaaaaaaaaaaa"),
        "{kind:?}: 10 KB model in the access log"
    );
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    let forged: Vec<&&str> = lines.iter().filter(|l| l.contains(FORGED)).collect();
    assert!(
        forged.is_empty(),
        "{kind:?}: forged access-log lines: {forged:?}"
    );
    if kind == Kind::TokenMeter {
        // One line per request, each starting with its path: a model cannot add lines.
        let all = g
            .envoy
            .wait_for_access_log(access_lines_before + sent, Duration::from_secs(5));
        let ours = all.get(access_lines_before..).unwrap_or_default();
        assert!(
            ours.len() >= sent,
            "{kind:?}: {} access-log lines for {sent} requests",
            ours.len()
        );
        // (Lines of requests Envoy refused before reading a path, `- 400 client=- …`, belong
        // to the gateway's previous test: the file logger flushes on its own clock.)
        let odd: Vec<&String> = ours
            .iter()
            .filter(|l| !l.starts_with('/') && !l.starts_with("- 400 client=- model=- "))
            .collect();
        assert!(
            odd.is_empty(),
            "{kind:?}: lines not starting with a path: {odd:?}"
        );
    }
}

/// The access log: token-meter alone writes a file; the chain (bootstrap.yaml) writes to
/// stdout, which the harness keeps in `output.log`.
fn access_log(g: &super::gateway::Gateway) -> String {
    let file = g.envoy.access_log();
    let stdout = std::fs::read_to_string(g.envoy.work_dir().join("output.log")).unwrap_or_default();
    format!("{file}{stdout}")
}

/// A body-model key also must not reach the `x-llm-model` header or the answer's headers.
fn model_key_not_in_headers(kind: Kind) {
    let g = lease(kind);
    let resp = post(
        &g,
        "/v1/chat/completions",
        &[],
        &chat(&format!("gpt-4o-mini {AWS_KEY}"), "Hello!"),
    );
    for (name, value) in &resp.headers {
        assert!(
            !value.contains(AWS_KEY),
            "{kind:?}: key echoed in response header {name}"
        );
    }
    let v: Value = serde_json::from_slice(&resp.body).unwrap_or(Value::Null);
    assert!(
        resp.status != 200 || !v.to_string().contains(AWS_KEY),
        "{kind:?}: key in the answer"
    );
    assert_healthy(&g, "after a key in the model");
    assert_mock_clean(&g, &[AWS_KEY], "key in the model");
}

all_kinds!(hostile_model_strings);
for_kinds!(model_key_not_in_headers { pii_mask => PiiMask, model_router => ModelRouter, chain => Chain });

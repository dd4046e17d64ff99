//! The controller's Envoy render in front of the mock: `controller/examples/per-route` (two
//! LLMRoutes told apart by a header, one LLMPolicy on each) rendered by `llm-filters-controller
//! render` for the build under test (`--build native` with `LLM_FILTERS_BUILD=native`), run as
//! rendered except for ports and module paths. Routing, fallback and the two routes' different
//! policies (pii-mask on one route only, different token quotas) as the client and the mock see
//! them.

use std::process::Command;

use llm_integration::envoy::Envoy;
use llm_integration::gateways::local::start_shipped_gateway;
use llm_integration::start_mock;
use llm_integration::{http, workspace_root, Build};
use mock_llm::{MockConfig, MockServer};
use serde_json::{json, Value};

/// The render, by the controller's own CLI (the test suite and the user run the same command),
/// once per test binary.
fn render() -> Value {
    static RENDER: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    RENDER.get_or_init(render_once).clone()
}

fn render_once() -> Value {
    let build = match Build::current() {
        Build::Wasm => "wasm",
        Build::Native => "native",
    };
    let out = Command::new(env!("CARGO"))
        .args([
            "run",
            "-q",
            "-p",
            "controller",
            "--bin",
            "llm-filters-controller",
            "--",
        ])
        .args([
            "render",
            "-f",
            "controller/examples/per-route",
            "--target",
            "envoy",
            "--build",
            build,
        ])
        .current_dir(workspace_root())
        .output()
        .expect("run llm-filters-controller");
    assert!(
        out.status.success(),
        "render failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_yaml::from_slice(&out.stdout).expect("the render is YAML")
}

fn start(mock: &MockServer) -> Envoy {
    start_shipped_gateway(&render(), mock.port())
}

fn chat(model: &str, text: &str) -> Value {
    json!({ "model": model, "messages": [{ "role": "user", "content": text }] })
}

fn mock() -> MockServer {
    start_mock(MockConfig {
        name: "mock".into(),
        ..MockConfig::default()
    })
}

fn last_prompt(mock: &MockServer) -> (String, String) {
    let received = mock.requests();
    let last = received.last().expect("the mock got a request").json();
    (
        last["model"].as_str().unwrap_or_default().to_string(),
        last["messages"][0]["content"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

#[test]
fn routes_by_header_and_falls_back_to_the_backup() {
    let mock = mock();
    let envoy = start(&mock);
    let url = envoy.url("/v1/chat/completions");

    // Public route: the model as sent.
    let r = http::post_json(&url, &[], &chat("gpt-4o", "Hello!"));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(last_prompt(&mock).0, "gpt-4o");
    assert_eq!(
        mock.requests().last().unwrap().header("x-llm-backend"),
        None
    );

    // Internal route (header x-team: internal): its backend's model override.
    let r = http::post_json(&url, &[("x-team", "internal")], &chat("gpt-4o", "Hello!"));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["model"], "internal-model");
    assert_eq!(last_prompt(&mock).0, "internal-model");

    // The public backend fails (503 for its model only): the retry goes to the backup, which
    // sends its own model name.
    mock.clear();
    let r = http::post_json(
        &url,
        &[("x-mock-status", "503"), ("x-mock-fault-model", "gpt-4o")],
        &chat("gpt-4o", "Hello!"),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["model"], "backup-model");
    let models: Vec<String> = mock
        .requests()
        .iter()
        .map(|r| r.json()["model"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(models, ["gpt-4o", "backup-model"]);

    // Outside both routes' paths no filter routes the request: the gateway's JSON 503.
    let r = http::post_json(&envoy.url("/other"), &[], &chat("gpt-4o", "Hello!"));
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.json()["error"]["type"], "api_error");
}

#[test]
fn only_the_route_that_passes_other_paths_forwards_them() {
    let mock = mock();
    let envoy = start(&mock);
    let url = envoy.url("/v1/files");
    // Public route: the gateway refuses the provider's other APIs; nothing reaches the mock.
    let r = http::request("GET", &url, &[], b"");
    assert_eq!(r.status, 404, "{}", r.text());
    assert_eq!(r.json()["error"]["code"], "unknown_endpoint");
    assert!(mock.requests().is_empty());
    // Internal route (`otherPaths: pass`): forwarded to its backend as sent.
    let r = http::request("GET", &url, &[("x-team", "internal")], b"");
    assert_ne!(
        r.json()["error"]["code"],
        "unknown_endpoint",
        "{}",
        r.text()
    );
    let received = mock.requests();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].path, "/v1/files");
    assert_eq!(received[0].method, "GET");
}

#[test]
fn each_route_gets_its_own_policy() {
    let mock = mock();
    let envoy = start(&mock);
    let url = envoy.url("/v1/chat/completions");
    let text = "Write to ann@example.com please";

    // pii-mask on the public route only: `redact` writes the detector's label (README).
    let r = http::post_json(&url, &[("x-client-id", "a")], &chat("gpt-4o", text));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(last_prompt(&mock).1, "Write to [EMAIL] please");

    let r = http::post_json(
        &url,
        &[("x-client-id", "a"), ("x-team", "internal")],
        &chat("gpt-4o", text),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(last_prompt(&mock).1, text);

    // Token quotas: the public policy allows 2 requests a minute per client (the first used
    // one), the internal one 100; the two never share counters.
    let r = http::post_json(&url, &[("x-client-id", "a")], &chat("gpt-4o", "hi"));
    assert_eq!(r.status, 200, "{}", r.text());
    let r = http::post_json(&url, &[("x-client-id", "a")], &chat("gpt-4o", "hi"));
    assert_eq!(r.status, 429, "{}", r.text());
    assert!(r.json()["error"]["type"].is_string(), "{}", r.text());
    for _ in 0..3 {
        let r = http::post_json(
            &url,
            &[("x-client-id", "a"), ("x-team", "internal")],
            &chat("gpt-4o", "hi"),
        );
        assert_eq!(r.status, 200, "{}", r.text());
    }
    // Another client of the public route has its own count.
    let r = http::post_json(&url, &[("x-client-id", "b")], &chat("gpt-4o", "hi"));
    assert_eq!(r.status, 200, "{}", r.text());
}

//! The local gateway of README's first command (`envoy/bootstrap.yaml`), run as written except
//! for ports and paths: it must load in Envoy 1.40 and do what its comments promise.

use llm_integration::bootstrap::Bootstrap;
use llm_integration::envoy::{Envoy, EnvoyOptions};
use llm_integration::http;
use llm_integration::{target_dir, workspace_root};
use mock_llm::{MockConfig, MockServer};
use serde_json::{json, Value};

const GATEWAY_PORT: u64 = 10000;
const ADMIN_PORT: u64 = 9901;
const MOCK_PORT: u64 = 18000;

fn bootstrap_yaml() -> Value {
    let text = std::fs::read_to_string(workspace_root().join("envoy/bootstrap.yaml")).expect("read envoy/bootstrap.yaml");
    serde_yaml::from_str(&text).expect("envoy/bootstrap.yaml is YAML")
}

/// Move the gateway onto the ports the harness chose and the mock onto its own; make the
/// repository-relative module paths absolute (the harness runs Envoy in a work dir).
fn relocate(config: &mut Value, listener: u64, admin: u64, mock: u64) {
    match config {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match (key.as_str(), value.as_u64()) {
                    ("port_value", Some(GATEWAY_PORT)) => *value = json!(listener),
                    ("port_value", Some(ADMIN_PORT)) => *value = json!(admin),
                    ("port_value", Some(MOCK_PORT)) => *value = json!(mock),
                    _ => relocate(value, listener, admin, mock),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| relocate(v, listener, admin, mock)),
        Value::String(s) if s.starts_with("target/") => {
            *s = target_dir().join(&s["target/".len()..]).to_string_lossy().into_owned();
        }
        _ => {}
    }
}

fn start_local_gateway(mock: &MockServer) -> Envoy {
    let original = bootstrap_yaml();
    let mock_port = u64::from(mock.port());
    let mut bootstrap = Bootstrap::new();
    bootstrap.raw(move |rendered| {
        let listener = rendered["static_resources"]["listeners"][0]["address"]["socket_address"]["port_value"].as_u64().unwrap();
        let admin = rendered["admin"]["address"]["socket_address"]["port_value"].as_u64().unwrap();
        let mut config = original.clone();
        relocate(&mut config, listener, admin, mock_port);
        *rendered = config;
    });
    Envoy::start(&bootstrap, EnvoyOptions { concurrency: 2, ..EnvoyOptions::default() })
}

fn chat(model: &str) -> Value {
    json!({ "model": model, "messages": [{ "role": "user", "content": "Hello!" }] })
}

#[test]
fn the_local_gateway_routes_aliases_to_the_mock() {
    let mock = MockServer::start(MockConfig { name: "mock".into(), ..MockConfig::default() }).unwrap();
    let envoy = start_local_gateway(&mock);

    let response = http::post_json(&envoy.url("/v1/chat/completions"), &[], &chat("fast"));
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json()["model"], "mock-small");
    assert_eq!(response.json()["choices"][0]["message"]["content"], "Mock answer to: Hello!");
    let received = mock.requests();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].json()["model"], "mock-small");
    assert_eq!(received[0].header("x-llm-backend"), Some("mock"));
}

#[test]
fn the_local_gateway_falls_back_as_its_comments_say() {
    let mock = MockServer::start(MockConfig { name: "mock".into(), ..MockConfig::default() }).unwrap();
    let envoy = start_local_gateway(&mock);

    let response = http::post_json(
        &envoy.url("/v1/chat/completions"),
        &[("x-mock-status", "503"), ("x-mock-fault-model", "mock-small")],
        &chat("fast"),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json()["model"], "mock-backup-model");
    let received: Vec<String> = mock.requests().iter().map(|r| r.json()["model"].as_str().unwrap().to_string()).collect();
    assert_eq!(received, ["mock-small", "mock-backup-model"]);

    // Prometheus output carries the labels the bootstrap's stats_tags promise.
    let prometheus = http::request("GET", &envoy.admin_url("/stats/prometheus"), &[], b"").text();
    assert!(prometheus.contains(r#"llm_router_requests{llm_backend="mock",llm_model="mock-small"} 1"#), "{prometheus}");
    assert!(prometheus.contains(r#"llm_router_fallbacks{llm_fallback_from="mock",llm_fallback_to="mock-backup"} 1"#), "{prometheus}");
}

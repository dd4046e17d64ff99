//! Every example the controller renders for Envoy loads in Envoy 1.40 (`envoy --mode validate`),
//! on the build under test (`LLM_FILTERS_BUILD=native`: the dynamic-module render).

use std::path::Path;

use controller::cli::{render, Target};
use controller::render::Build;
use llm_filters_tests::workspace_root;
use serde_json::Value;

fn build() -> Build {
    match llm_integration::Build::current() {
        llm_integration::Build::Native => Build::Native,
        _ => Build::Wasm,
    }
}

/// Filters check at load that the environment variables their config names are set (the values
/// are never read here): stand-ins for the Secrets the CRs of `dir` reference, named as the plan
/// names them.
fn set_key_stand_ins(dir: &std::path::Path) {
    let inputs = controller::cli::read_inputs(dir).expect("the CRs read");
    let plan = controller::plan::plan(&inputs).expect("a plan");
    for var in plan.env.keys() {
        std::env::set_var(var, "x".repeat(32));
    }
}

fn validate(dir: &str) -> Value {
    let root = workspace_root();
    set_key_stand_ins(&root.join(dir));
    let modules = llm_integration::target_dir().join("wasm32-wasip1/release");
    let yaml = render(
        &root.join(dir),
        Target::Envoy,
        build(),
        &modules.to_string_lossy(),
    )
    .unwrap_or_else(|e| panic!("render {dir}: {e:#}"));
    let config: Value = serde_yaml::from_str(&yaml).expect("the render is YAML");
    if let Err(out) = llm_integration::envoy::validate_config(&config) {
        panic!("Envoy rejects the render of {dir}:\n{out}");
    }
    config
}

#[test]
fn the_local_gateway_examples_validate() {
    let config = validate("controller/examples");
    let chain = config
        .pointer(
            "/static_resources/listeners/0/filter_chains/0/filters/0/typed_config/http_filters",
        )
        .and_then(Value::as_array)
        .expect("http filters");
    // Chain order: prompt-transform, pii-mask, token-meter, model-router, router.
    let names: Vec<String> = chain
        .iter()
        .map(|f| {
            f.pointer("/typed_config/config/root_id")
                .or_else(|| f.pointer("/typed_config/filter_name"))
                .or_else(|| f.get("name"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        [
            "prompt_transform",
            "pii_mask",
            "token_meter",
            "model_router",
            "envoy.filters.http.router"
        ]
    );
}

#[test]
fn the_per_route_examples_validate() {
    validate("controller/examples/per-route");
}

#[test]
fn every_feature_of_the_crds_validates() {
    // TLS and DNS backends with per-endpoint TLS for fallbacks, a Service backend, Anthropic,
    // Azure and OpenAI-compatible schemas, API keys, JWT (local and remote JWKS), rate limits.
    let config = validate("tests/fixtures/full");
    assert!(Path::new(&workspace_root().join("tests/fixtures/full")).is_dir());
    let clusters = config
        .pointer("/static_resources/clusters")
        .and_then(Value::as_array)
        .unwrap();
    assert!(
        clusters
            .iter()
            .any(|c| c["name"] == "jwks_default_auth_corp"),
        "remote JWKS cluster"
    );
}

#[test]
fn an_ipv6_backend_and_same_named_secrets_of_two_namespaces_validate() {
    let config = validate("tests/fixtures/edge");
    let clusters = config
        .pointer("/static_resources/clusters")
        .and_then(Value::as_array)
        .expect("clusters");
    let v6 = clusters
        .iter()
        .find(|c| c["name"] == "llm_a_b")
        .expect("the IPv6 backend's cluster");
    // A static address `::1`, not a DNS name `[::1]` (which resolves to nothing: every request 503).
    assert_eq!(v6["type"], "STATIC");
    assert_eq!(
        v6.pointer("/load_assignment/endpoints/0/lb_endpoints/0/endpoint/address/socket_address"),
        Some(&serde_json::json!({ "address": "::1", "port_value": 18300 }))
    );
    // Two variables, one per namespace (names hand-checked with Python's FNV-1a 32 over
    // "team-a/openai/api-key" and "team-b/openai/api-key").
    let text = serde_json::to_string(&config).unwrap();
    for name in [
        "LLM_TEAM_A_OPENAI_API_KEY_8D63A270",
        "LLM_TEAM_B_OPENAI_API_KEY_D7CAC1DF",
    ] {
        assert!(text.contains(name), "{name}");
    }
    // The wasm build hands them to the VM; the native build reads the process environment.
    if text.contains("host_env_keys") {
        assert!(text.contains("\"host_env_keys\":[\"LLM_TEAM_A_OPENAI_API_KEY_8D63A270\",\"LLM_TEAM_B_OPENAI_API_KEY_D7CAC1DF\"]"), "host_env_keys");
    }
}

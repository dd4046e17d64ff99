//! `--target istio`: every object rendered from the examples validates against Istio's own CRD
//! schemas (tests/schemas/istio-extension-crds.yaml, Istio's published CRDs), including the CEL
//! rules those schemas carry; and the Envoy configs inside the patches load in Envoy 1.40 when
//! laid out as Istio would lay them out (`envoy --mode validate`), on the build under test.

use std::collections::BTreeMap;
use std::path::Path;

use controller::cli::plan_dir;
use controller::render::istio::{render, render_with, IstioOptions};
use controller::render::Build;
use llm_filters_tests::workspace_root;
use serde_json::{json, Value};

const EXAMPLES: [&str; 2] = ["controller/examples", "controller/examples/per-route"];

fn build() -> Build {
    match llm_integration::Build::current() {
        llm_integration::Build::Native => Build::Native,
        _ => Build::Wasm,
    }
}

fn rendered(dir: &str, build: Build) -> Vec<Value> {
    let plan =
        plan_dir(&workspace_root().join(dir)).unwrap_or_else(|e| panic!("plan {dir}: {e:#}"));
    render(&plan, build).unwrap_or_else(|e| panic!("istio render {dir}: {e}"))
}

// ---- Istio's schemas ----

fn schema_file() -> String {
    std::fs::read_to_string(workspace_root().join("tests/schemas/istio-extension-crds.yaml"))
        .expect("tests/schemas/istio-extension-crds.yaml")
}

/// Istio's CRDs: (apiVersion, kind) to the openAPIV3Schema of that version.
fn schemas() -> BTreeMap<(String, String), Value> {
    let mut out = BTreeMap::new();
    for doc in serde_yaml::Deserializer::from_str(&schema_file()) {
        let doc: Value = serde::Deserialize::deserialize(doc).unwrap();
        if doc.is_null() {
            continue;
        }
        let group = doc["spec"]["group"].as_str().unwrap();
        let kind = doc["spec"]["names"]["kind"].as_str().unwrap();
        for v in doc["spec"]["versions"].as_array().unwrap() {
            let version = v["name"].as_str().unwrap();
            out.insert(
                (format!("{group}/{version}"), kind.to_string()),
                v["schema"]["openAPIV3Schema"].clone(),
            );
        }
    }
    out
}

/// OpenAPI v3 (Kubernetes' dialect) as JSON Schema: `nullable: true` allows null; the
/// `x-kubernetes-*` extensions are dropped here (CEL rules are checked below, by hand), and
/// `format: int32`-style formats are left to the ranges the schemas already state.
fn to_json_schema(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                if k.starts_with("x-kubernetes-") || k == "nullable" || k == "format" {
                    continue;
                }
                out.insert(k.clone(), to_json_schema(v));
            }
            if map.get("nullable") == Some(&Value::Bool(true)) {
                if let Some(Value::String(t)) = out.get("type").cloned() {
                    out.insert("type".into(), json!([t, "null"]));
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(to_json_schema).collect()),
        other => other.clone(),
    }
}

fn validate_schema(obj: &Value, schemas: &BTreeMap<(String, String), Value>) {
    let key = (
        obj["apiVersion"].as_str().unwrap().to_string(),
        obj["kind"].as_str().unwrap().to_string(),
    );
    let schema = schemas
        .get(&key)
        .unwrap_or_else(|| panic!("Istio has no schema for {key:?}"));
    let validator = jsonschema::validator_for(&to_json_schema(schema)).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(obj)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{} {} breaks Istio's schema:\n{}",
        key.1,
        obj["metadata"]["name"],
        errors.join("\n")
    );
}

/// Every CEL rule (`x-kubernetes-validations`) in a schema, with the path it sits at.
fn cel_rules(v: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(rules)) = map.get("x-kubernetes-validations") {
                for r in rules {
                    out.push((path.to_string(), r["rule"].as_str().unwrap().to_string()));
                }
            }
            for (k, v) in map {
                cel_rules(v, &format!("{path}/{k}"), out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| cel_rules(v, path, out)),
        _ => {}
    }
}

/// EnvoyFilter's CEL rules, checked by hand on a rendered EnvoyFilter. A rule this test does
/// not know fails it (a new Istio schema must be looked at, not skipped).
fn check_envoy_filter_cel(obj: &Value, schemas: &BTreeMap<(String, String), Value>) {
    let schema = &schemas[&(
        "networking.istio.io/v1alpha3".to_string(),
        "EnvoyFilter".to_string(),
    )];
    let mut rules = Vec::new();
    cel_rules(schema, "", &mut rules);
    let spec = &obj["spec"];
    for (path, rule) in &rules {
        match rule.as_str() {
            // only one of targetRefs or workloadSelector
            r if r.contains("has(self.workloadSelector)") => {
                assert!(spec.get("workloadSelector").is_none() || spec.get("targetRefs").is_none())
            }
            // no wildcard in selector label values
            r if r.contains("!self.contains(\"*\")") => {
                for v in spec["workloadSelector"]["labels"]
                    .as_object()
                    .into_iter()
                    .flatten()
                {
                    assert!(!v.1.as_str().unwrap().contains('*'), "{path}: {rule}");
                }
            }
            // targetRefs[].namespace must be empty
            r if r.contains("self.size() == 0") => {
                for t in spec["targetRefs"].as_array().into_iter().flatten() {
                    assert!(t["namespace"].as_str().unwrap_or("").is_empty());
                }
            }
            // a waypoint match only with context WAYPOINT
            r if r.contains("has(self.waypoint)") => {
                for p in spec["configPatches"].as_array().unwrap() {
                    let m = &p["match"];
                    assert_eq!(
                        m.get("waypoint").is_some(),
                        m["context"] == "WAYPOINT",
                        "{path}"
                    );
                }
            }
            // waypoint port range: no waypoint matches are rendered
            r if r.contains("0 < self && self <= 65535") => {
                for p in spec["configPatches"].as_array().unwrap() {
                    assert!(p["match"].get("waypoint").is_none());
                }
            }
            other => panic!("EnvoyFilter CEL rule at {path} not checked by this test: {other}"),
        }
    }
}

#[test]
fn the_schema_copy_is_istio_s_file_unchanged() {
    let shared = workspace_root().join("../shared/schemas/istio-extension-crds.yaml");
    let copy = schema_file();
    assert!(
        copy.starts_with("# Istio CustomResourceDefinitions"),
        "header names the origin"
    );
    assert!(copy.contains("Apache-2.0"));
    if let Ok(original) = std::fs::read_to_string(&shared) {
        assert!(
            original == copy,
            "tests/schemas/ differs from {}",
            shared.display()
        );
    } else {
        eprintln!("skip: {} is not here (a clean clone)", shared.display());
    }
}

#[test]
fn every_rendered_object_validates_against_istio_s_schemas() {
    let schemas = schemas();
    for dir in EXAMPLES {
        for b in [Build::Wasm, Build::Native] {
            let objects = rendered(dir, b);
            assert_eq!(objects.len(), 3, "{dir}");
            for obj in &objects {
                validate_schema(obj, &schemas);
                check_envoy_filter_cel(obj, &schemas);
            }
        }
    }
}

#[test]
fn the_schema_check_catches_what_istio_refuses() {
    // The oracle itself: objects Istio's schema refuses are refused here too.
    let schemas = schemas();
    let mut obj = rendered("controller/examples", Build::Wasm).remove(1);
    obj["spec"]["configPatches"][0]["applyTo"] = json!("HTTP_FILTERS");
    let result = std::panic::catch_unwind(|| validate_schema(&obj, &schemas));
    assert!(result.is_err(), "a bad applyTo enum value passed");
    let mut obj = rendered("controller/examples", Build::Wasm).remove(1);
    obj["spec"]["configPatches"][0]["match"]["listener"]["portNumber"] = json!("http");
    let result = std::panic::catch_unwind(|| validate_schema(&obj, &schemas));
    assert!(result.is_err(), "a string port passed");
}

fn patches<'a>(obj: &'a Value, apply_to: &str) -> Vec<&'a Value> {
    obj["spec"]["configPatches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["applyTo"] == apply_to)
        .map(|p| &p["patch"]["value"])
        .collect()
}

#[test]
fn filters_hold_headers_fail_reload_and_take_keys_from_the_proxy_environment() {
    let objects = rendered("controller/examples", Build::Wasm);
    let names: Vec<&str> = objects
        .iter()
        .map(|o| o["metadata"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "llm-filters-extensions",
            "llm-filters-http",
            "llm-filters-upstreams"
        ]
    );
    let extensions = patches(&objects[0], "EXTENSION_CONFIG");
    let by_root: BTreeMap<&str, &Value> = extensions
        .iter()
        .map(|e| {
            (
                e["typed_config"]["config"]["root_id"].as_str().unwrap(),
                &e["typed_config"]["config"],
            )
        })
        .collect();
    for root in [
        "prompt_transform",
        "pii_mask",
        "token_meter",
        "model_router",
    ] {
        let c = by_root[root];
        assert_eq!(c["allow_on_headers_stop_iteration"], true, "{root}");
        assert_eq!(c["failure_policy"], "FAIL_RELOAD", "{root}");
        assert_eq!(c["vm_config"]["runtime"], "envoy.wasm.runtime.v8");
        assert_eq!(
            c["vm_config"]["code"]["local"]["filename"],
            if root == "model_router" {
                "/var/local/lib/llm-filters/model_router.wasm".to_string()
            } else {
                format!("/var/local/lib/llm-filters/{root}.wasm")
            }
        );
    }
    // The upstream stage does not hold headers and shares model-router's module.
    let up = by_root["model_router_upstream"];
    assert!(up.get("allow_on_headers_stop_iteration").is_none());
    assert_eq!(
        up["vm_config"]["code"]["local"]["filename"],
        "/var/local/lib/llm-filters/model_router.wasm"
    );

    // The chain, in order, each from its extension config; the cluster's upstream filter too.
    let http: Vec<&str> = patches(&objects[1], "HTTP_FILTER")
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        http,
        [
            "llm-filters.prompt_transform",
            "llm-filters.pii_mask",
            "llm-filters.token_meter",
            "llm-filters.model_router"
        ]
    );
    for c in patches(&objects[2], "CLUSTER") {
        let chain = &c["typed_extension_protocol_options"]
            ["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]["http_filters"];
        assert_eq!(chain[0]["name"], "llm-filters.model_router_upstream");
        assert_eq!(chain[1]["name"], "envoy.filters.http.upstream_codec");
    }
}

#[test]
fn fallback_is_priority_ordered_endpoints_and_per_backend_routes() {
    let objects = rendered("controller/examples", Build::Wasm);
    let clusters = patches(&objects[2], "CLUSTER");
    let mock = clusters
        .iter()
        .find(|c| c["name"] == "llm_mock")
        .expect("llm_mock");
    // The example: backend mock falls back to mock-backup (both the mock on 127.0.0.1:18000).
    let eps = mock["load_assignment"]["endpoints"].as_array().unwrap();
    let order: Vec<(u64, &str)> = eps
        .iter()
        .map(|e| {
            (
                e["priority"].as_u64().unwrap(),
                e["lb_endpoints"][0]["metadata"]["filter_metadata"]["llm"]["backend"]
                    .as_str()
                    .unwrap(),
            )
        })
        .collect();
    assert_eq!(order, [(0, "mock"), (1, "mock-backup")]);
    let routes = patches(&objects[2], "HTTP_ROUTE");
    let route = routes
        .iter()
        .find(|r| r["route"]["cluster"] == "llm_mock")
        .unwrap();
    assert_eq!(
        route["match"]["headers"][0],
        json!({ "name": "x-llm-backend", "string_match": { "exact": "mock" } })
    );
    assert_eq!(route["route"]["retry_policy"]["num_retries"], 2);
    assert_eq!(
        route["route"]["retry_policy"]["retry_priority"]["name"],
        "envoy.retry_priorities.previous_priorities"
    );
}

#[test]
fn remote_modules_and_native_builds_render_as_istio_loads_them() {
    let plan = plan_dir(&workspace_root().join("controller/examples")).unwrap();
    let opts = IstioOptions {
        wasm_url: "oci://registry.example.com/llm-filters/{module}:0.1.0".into(),
        ..IstioOptions::default()
    };
    let objects = render_with(&plan, Build::Wasm, &opts).unwrap();
    let e = patches(&objects[0], "EXTENSION_CONFIG");
    assert_eq!(
        e[0]["typed_config"]["config"]["vm_config"]["code"]["remote"]["http_uri"]["uri"],
        "oci://registry.example.com/llm-filters/prompt_transform:0.1.0"
    );
    let native = render(&plan, Build::Native).unwrap();
    for e in patches(&native[0], "EXTENSION_CONFIG") {
        let t = &e["typed_config"];
        assert_eq!(
            t["@type"],
            "type.googleapis.com/envoy.extensions.filters.http.dynamic_modules.v3.DynamicModuleFilter"
        );
        assert_eq!(
            t["dynamic_module_config"]["module"]["local"]["filename"],
            "/var/lib/llm-filters/libllm_filters.so"
        );
    }
}

// ---- envoy --mode validate ----

/// The patches laid out as Istio lays them out on a gateway: one listener whose HTTP chain is
/// the HTTP_FILTER values in order (each `config_discovery` replaced by its EXTENSION_CONFIG,
/// as ECDS delivers it, with the module at its path on this machine), then the router; the
/// HTTP_ROUTE values first in the virtual host; the CLUSTER values as clusters.
fn as_bootstrap(objects: &[Value], build: Build) -> Value {
    let extensions: BTreeMap<String, Value> = patches(&objects[0], "EXTENSION_CONFIG")
        .into_iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_string(),
                e["typed_config"].clone(),
            )
        })
        .collect();
    let module_dir = llm_integration::target_dir().join("wasm32-wasip1/release");
    let local = |mut typed: Value| {
        if build == Build::Wasm {
            let code = &mut typed["config"]["vm_config"]["code"];
            let file = code["local"]["filename"].as_str().unwrap().to_string();
            let name = Path::new(&file).file_name().unwrap().to_owned();
            *code = json!({ "local": { "filename": module_dir.join(name) } });
        } else {
            let so = llm_integration::build::native_module_dir().join("libllm_filters.so");
            typed["dynamic_module_config"]["module"] = json!({ "local": { "filename": so } });
        }
        typed
    };
    let resolve = |f: &Value| -> Value {
        match f.get("config_discovery") {
            Some(_) => {
                let name = f["name"].as_str().unwrap();
                json!({ "name": name, "typed_config": local(extensions[name].clone()) })
            }
            None => f.clone(),
        }
    };
    let mut chain: Vec<Value> = patches(&objects[1], "HTTP_FILTER")
        .into_iter()
        .map(resolve)
        .collect();
    chain.push(json!({ "name": "envoy.filters.http.router",
        "typed_config": { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } }));
    let routes: Vec<Value> = patches(&objects[2], "HTTP_ROUTE")
        .into_iter()
        .cloned()
        .collect();
    let clusters: Vec<Value> = patches(&objects[2], "CLUSTER")
        .into_iter()
        .map(|c| {
            let mut c = c.clone();
            let key = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
            if let Some(filters) =
                c["typed_extension_protocol_options"][key]["http_filters"].as_array_mut()
            {
                for f in filters.iter_mut() {
                    *f = resolve(f);
                }
            }
            c
        })
        .collect();
    json!({
        "admin": { "address": { "socket_address": { "address": "127.0.0.1", "port_value": 0 } } },
        "static_resources": {
            "listeners": [{
                "name": "gateway",
                "address": { "socket_address": { "address": "127.0.0.1", "port_value": 0 } },
                "filter_chains": [{ "filters": [{
                    "name": "envoy.filters.network.http_connection_manager",
                    "typed_config": {
                        "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
                        "stat_prefix": "gateway",
                        "route_config": { "name": "http.8080", "virtual_hosts": [{
                            "name": "*:8080", "domains": ["*"], "routes": routes
                        }] },
                        "http_filters": chain
                    }
                }] }]
            }],
            "clusters": clusters
        }
    })
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

#[test]
fn the_envoy_configs_inside_the_patches_load_in_envoy() {
    for dir in EXAMPLES {
        set_key_stand_ins(&llm_filters_tests::workspace_root().join(dir));
    }
    let b = build();
    for dir in EXAMPLES {
        let config = as_bootstrap(&rendered(dir, b), b);
        if let Err(out) = llm_integration::envoy::validate_config(&config) {
            panic!("Envoy rejects the Istio render of {dir} ({b:?}):\n{out}");
        }
    }
}

#[test]
fn envoy_validate_refuses_a_broken_patch() {
    // The oracle itself: Envoy rejects what it cannot load.
    let b = build();
    let mut objects = rendered("controller/examples", b);
    objects[2]["spec"]["configPatches"][0]["patch"]["value"]["type"] = json!("NOT_A_TYPE");
    assert!(llm_integration::envoy::validate_config(&as_bootstrap(&objects, b)).is_err());
}

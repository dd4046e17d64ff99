//! Every filter config the controller renders (Envoy bootstrap on both builds, Istio objects)
//! validates against the JSON Schema derived from the filter's own config types
//! (`llm-filters-controller schema`), and a config the loader refuses is refused by the schema
//! too: the schemas describe what the filters accept.

use controller::cli::{render, Target};
use controller::filter_schema::{filter_schema, filter_schemas};
use controller::render::Build;
use llm_filters_tests::workspace_root;
use serde_json::{json, Value};

const DIRS: [&str; 3] = [
    "controller/examples",
    "controller/examples/per-route",
    "tests/fixtures/full",
];

/// One filter config found in a render: the filter (as `schema` names it), where, and the JSON.
struct Block {
    filter: &'static str,
    at: String,
    config: Value,
}

/// The filter a rendered config belongs to, from the Wasm `root_id` or the dynamic module's
/// `filter_name` (model-router's upstream stage loads model-router's config).
fn filter_of(name: &str) -> Option<&'static str> {
    match name {
        "prompt_transform" => Some("prompt-transform"),
        "pii_mask" => Some("pii-mask"),
        "token_meter" => Some("token-meter"),
        "model_router" | "model_router_upstream" => Some("model-router"),
        _ => None,
    }
}

/// Walks a rendered document and collects every llm filter's config: Wasm
/// (`config.root_id` + `config.configuration.value`) and dynamic module (`filter_name` +
/// `filter_config.value`), wherever they are nested (listener, cluster, EnvoyFilter patch).
fn collect(v: &Value, at: &str, out: &mut Vec<Block>) {
    match v {
        Value::Object(map) => {
            let ty = map.get("@type").and_then(Value::as_str).unwrap_or_default();
            let found = if ty.ends_with("filters.http.wasm.v3.Wasm") {
                map.get("config").and_then(|c| {
                    Some((
                        c.get("root_id")?.as_str()?,
                        c.pointer("/configuration/value")?.as_str()?,
                    ))
                })
            } else if ty.ends_with("dynamic_modules.v3.DynamicModuleFilter") {
                map.get("filter_name")
                    .and_then(|n| Some((n.as_str()?, v.pointer("/filter_config/value")?.as_str()?)))
            } else {
                None
            };
            if let Some((name, text)) = found {
                let filter =
                    filter_of(name).unwrap_or_else(|| panic!("{at}: unknown filter {name}"));
                let config = serde_json::from_str(text)
                    .unwrap_or_else(|e| panic!("{at}: {name}'s config is not JSON: {e}"));
                out.push(Block {
                    filter,
                    at: format!("{at} ({name})"),
                    config,
                });
            }
            for (k, child) in map {
                collect(child, &format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect(child, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn blocks_of(dir: &str, target: Target, build: Build) -> Vec<Block> {
    let text = render(&workspace_root().join(dir), target, build, "modules")
        .unwrap_or_else(|e| panic!("render {dir}: {e:#}"));
    let mut out = Vec::new();
    for (i, doc) in serde_yaml::Deserializer::from_str(&text).enumerate() {
        let doc: Value = serde::Deserialize::deserialize(doc).unwrap();
        collect(
            &doc,
            &format!("{dir} {target:?} {build:?} doc {i}"),
            &mut out,
        );
    }
    out
}

fn validator(filter: &str) -> jsonschema::Validator {
    let schema = filter_schema(filter).unwrap_or_else(|| panic!("no schema for {filter}"));
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{filter}'s schema: {e}"))
}

/// The schema's complaints about `config`, as `instance path: message`; empty when valid. An
/// `Option` field is `anyOf [T, null]`, so the leaves of the evaluation say which nested field
/// failed (and the `null` branch complains too).
fn errors(filter: &str, config: &Value) -> Vec<String> {
    let validator = validator(filter);
    if validator.is_valid(config) {
        return Vec::new();
    }
    let evaluation = validator.evaluate(config);
    let out: Vec<String> = evaluation
        .iter_errors()
        .map(|e| format!("{}: {}", e.instance_location.as_str(), e.error))
        .collect();
    assert!(!out.is_empty(), "invalid, yet no error listed");
    out
}

/// The values an enum schema allows: `enum`, or the `const`s of a `oneOf` (variants with docs).
fn allowed(schema: &Value) -> Vec<Value> {
    match (schema.get("enum"), schema.get("oneOf")) {
        (Some(Value::Array(values)), _) => values.clone(),
        (_, Some(Value::Array(variants))) => variants.iter().map(|v| v["const"].clone()).collect(),
        _ => panic!("not an enum: {schema}"),
    }
}

#[test]
fn every_rendered_filter_config_matches_its_schema() {
    for dir in DIRS {
        for (target, build) in [
            (Target::Envoy, Build::Wasm),
            (Target::Envoy, Build::Native),
            (Target::Istio, Build::Wasm),
            (Target::Istio, Build::Native),
        ] {
            let blocks = blocks_of(dir, target, build);
            // model-router is in every render (route stage at least); the full fixture uses
            // every filter.
            let mut seen: Vec<&str> = blocks.iter().map(|b| b.filter).collect();
            seen.sort_unstable();
            seen.dedup();
            assert!(
                seen.contains(&"model-router"),
                "{dir} {target:?} {build:?}: {seen:?}"
            );
            if dir == "tests/fixtures/full" || dir == "controller/examples" {
                assert_eq!(
                    seen,
                    [
                        "model-router",
                        "pii-mask",
                        "prompt-transform",
                        "token-meter"
                    ],
                    "{dir} {target:?} {build:?}"
                );
            }
            for b in &blocks {
                let errs = errors(b.filter, &b.config);
                assert!(errs.is_empty(), "{}: {errs:#?}", b.at);
            }
        }
    }
}

#[test]
fn the_schema_command_prints_one_schema_per_filter() {
    let text = controller::cli::schema_json(None).unwrap();
    let all: Value = serde_json::from_str(&text).unwrap();
    let names: Vec<&String> = all.as_object().unwrap().keys().collect();
    assert_eq!(
        names,
        [
            "model-router",
            "pii-mask",
            "prompt-transform",
            "token-meter"
        ]
    );
    assert_eq!(filter_schemas().len(), 4);
    // Hand-checked spots of what the loaders accept: camelCase names, enums, defaults.
    let pii = &all["pii-mask"]["$defs"];
    assert_eq!(
        allowed(&pii["Action"]),
        [
            json!("redact"),
            json!("mask"),
            json!("hash"),
            json!("placeholder"),
            json!("block")
        ]
    );
    assert_eq!(pii["PiiConfig"]["additionalProperties"], json!(false));
    assert_eq!(
        pii["PiiConfig"]["properties"]["maxBodyBytes"]["default"],
        json!(1_000_000)
    );
    assert_eq!(
        pii["PiiConfig"]["properties"]["onInvalidBody"]["$ref"],
        json!("#/$defs/InvalidBodyPolicy")
    );
    assert_eq!(
        allowed(&pii["InvalidBodyPolicy"]),
        [json!("reject"), json!("passThrough")]
    );
    let router = &all["model-router"]["$defs"];
    assert_eq!(
        allowed(&router["Schema"]),
        [json!("openai"), json!("anthropic"), json!("azure-openai")]
    );
    assert_eq!(
        router["RouterConfig"]["properties"]["modelKey"]["default"],
        json!("model")
    );
    assert_eq!(
        allowed(&all["token-meter"]["$defs"]["Encoding"]),
        [json!("o200k_base"), json!("cl100k_base")]
    );
    assert_eq!(
        all["token-meter"]["$defs"]["ClientId"]["properties"]["default"]["default"],
        json!("anonymous")
    );
}

/// A filter's rendered config of the examples, to break by hand.
fn rendered(filter: &str) -> Value {
    blocks_of("controller/examples", Target::Envoy, Build::Wasm)
        .into_iter()
        .find(|b| b.filter == filter)
        .unwrap_or_else(|| panic!("no {filter} config in the examples"))
        .config
}

#[test]
fn a_wrong_enum_value_is_refused_by_schema_and_loader_naming_the_field() {
    let mut config = rendered("pii-mask");
    let action = config
        .pointer_mut("/default/detectors/email/action")
        .expect("the examples mask emails by default");
    *action = json!("scramble");
    let errs = errors("pii-mask", &config);
    // Every allowed value is named as expected at the field (and the `null` branch of
    // `default` complains too).
    let at_field: Vec<&String> = errs
        .iter()
        .filter(|e| e.starts_with("/default/detectors/email/action: "))
        .collect();
    assert_eq!(at_field.len(), 5, "{errs:#?}");
    assert!(
        at_field[0].ends_with("\"redact\" was expected"),
        "{errs:#?}"
    );

    let bytes = serde_json::to_vec(&config).unwrap();
    let err =
        pii_mask::policy::load_policies(&bytes, &|_| None).expect_err("the loader refuses it too");
    assert_eq!(err.field, "default.detectors.email.action");
    assert!(err.reason.contains("unknown variant `scramble`"), "{err}");
}

#[test]
fn an_unknown_field_is_refused_by_schema_and_loader_naming_the_field() {
    let mut config = rendered("model-router");
    let backend = config
        .pointer_mut("/default/backends/mock")
        .and_then(Value::as_object_mut)
        .expect("the examples have backend mock");
    backend.insert("weigth".into(), json!(3));
    let errs = errors("model-router", &config);
    assert!(
        errs.iter()
            .any(|e| e.starts_with("/default/backends/mock: ") && e.contains("weigth")),
        "{errs:#?}"
    );

    let bytes = serde_json::to_vec(&config).unwrap();
    let err = model_router::policy::load_policies(&bytes, &|_| Some("k".into()))
        .expect_err("the loader refuses it too");
    assert_eq!(err.field, "default.backends.mock.weigth");
    assert!(err.reason.contains("unknown field `weigth`"), "{err}");
}

#[test]
fn an_unknown_detector_name_is_refused_by_both() {
    let mut config = rendered("pii-mask");
    config["default"]["detectors"]["e_mail"] = json!({ "action": "redact" });
    let errs = errors("pii-mask", &config);
    assert!(
        errs.iter()
            .any(|e| e.starts_with("/default/detectors: ") && e.contains("e_mail")),
        "{errs:#?}"
    );
    let bytes = serde_json::to_vec(&config).unwrap();
    let err =
        pii_mask::policy::load_policies(&bytes, &|_| None).expect_err("the loader refuses it too");
    assert_eq!(err.field, "default.detectors.e_mail");
}

//! What the controller serializes, each filter loads back unchanged: for every filter config
//! type, arbitrary valid `{default, rules}` configs are serialized to JSON and loaded with the
//! filter's own loader, and the loaded value must equal the original (so no field is lost,
//! renamed or defaulted differently on the way through a rendered config). Each generated config
//! also validates against the filter's JSON Schema (`llm-filters-controller schema`).

use std::collections::BTreeMap;

use llm_filters_core::config::load_config;
use llm_filters_core::rules::{RouteMatch, Rule};
use llm_filters_core::{parse_config, RouteRules};
use model_router::config::{Backend, BackendAuth, ModelRoute, Target};
use model_router::RouterConfig;
use pii_mask::config as pii;
use pii_mask::PiiConfig;
use prompt_transform::config as pt;
use prompt_transform::TransformConfig;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use token_meter::config as tm;
use token_meter::MeterConfig;

fn defaults<T: DeserializeOwned>() -> T {
    serde_json::from_str("{}").expect("the filter's defaults")
}

fn name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,8}"
}

fn header() -> impl Strategy<Value = String> {
    "x-[a-z]{1,8}".prop_filter("not internal", |h| !h.starts_with("x-llm"))
}

fn model() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9.:-]{0,12}"
}

/// An exactly representable, non-negative price (serde_json round-trips it without loss).
fn price() -> impl Strategy<Value = f64> {
    (0u32..4000).prop_map(|n| f64::from(n) / 4.0)
}

fn route_match() -> impl Strategy<Value = RouteMatch> {
    (
        vec(prop_oneof!["/[a-z]{1,6}", "/[a-z]{1,6}/\\*"], 0..3),
        vec(
            prop_oneof!["[a-z]{1,6}\\.example\\.com", "\\*\\.[a-z]{1,6}\\.com"],
            0..2,
        ),
        btree_map(header(), "[a-z0-9]{1,6}", 0..2),
    )
        .prop_map(|(paths, hosts, headers)| RouteMatch {
            hosts,
            paths,
            methods: Vec::new(),
            headers,
            route_name: None,
        })
}

fn route_rules<T: std::fmt::Debug + Clone, S: Strategy<Value = T>>(
    config: fn() -> S,
) -> impl Strategy<Value = RouteRules<T>> {
    (option::of(config()), vec((route_match(), config()), 0..3)).prop_map(|(default, rules)| {
        RouteRules {
            default,
            rules: rules
                .into_iter()
                .map(|(matcher, config)| Rule { matcher, config })
                .collect(),
        }
    })
}

// ---- model-router ----

fn router_config() -> impl Strategy<Value = RouterConfig> {
    (
        btree_map(
            name(),
            (
                option::of(model()),
                option::of("[A-Z]{1,8}_KEY"),
                any::<bool>(),
                option::of("[a-z]{1,8}\\.com"),
            ),
            1..5,
        ),
        btree_map(model(), model(), 0..3),
        vec(
            (
                vec(model(), 0..3),
                btree_map(header(), "[a-z]{1,4}", 0..2),
                vec((0u32..5, option::of(model())), 1..3),
            ),
            0..3,
        ),
        any::<bool>(),
        1usize..10_000_000,
        any::<bool>(),
    )
        .prop_map(
            |(backends, aliases, routes, strict, max_body, list_models)| {
                let names: Vec<String> = backends.keys().cloned().collect();
                let backends: BTreeMap<String, Backend> = backends
                    .into_iter()
                    .enumerate()
                    .map(|(i, (n, (model, key, strip, host)))| {
                        let fallback = names
                            .iter()
                            .filter(|o| **o != n)
                            .take(i % 3)
                            .cloned()
                            .collect();
                        let backend = Backend {
                            model_name_override: model,
                            auth: key.map(|k| BackendAuth {
                                secret_env: k,
                                header: "authorization".into(),
                                prefix: None,
                            }),
                            strip_client_auth: strip,
                            host,
                            fallback,
                            ..Default::default()
                        };
                        (n, backend)
                    })
                    .collect();
                // Aliases name models, never other aliases.
                let aliases = aliases
                    .into_iter()
                    .filter(|(a, m)| a != m)
                    .collect::<BTreeMap<_, _>>();
                let aliases = aliases
                    .iter()
                    .filter(|(_, m)| !aliases.contains_key(*m))
                    .map(|(a, m)| (a.clone(), m.clone()))
                    .collect();
                let routes = routes
                    .into_iter()
                    .map(|(models, headers, targets)| ModelRoute {
                        models,
                        headers,
                        targets: targets
                            .into_iter()
                            .enumerate()
                            .map(|(i, (w, m))| Target {
                                backend: names[i % names.len()].clone(),
                                weight: w + u32::from(i == 0),
                                model: m,
                            })
                            .collect(),
                        fallback_models: BTreeMap::new(),
                    })
                    .collect();
                let mut c: RouterConfig =
                    serde_json::from_value(serde_json::json!({ "backends": {}, "strict": true }))
                        .unwrap();
                c.backends = backends;
                c.aliases = aliases;
                c.routes = routes;
                c.strict = strict;
                c.default_backend = (!strict).then(|| names[0].clone());
                c.max_body_bytes = max_body;
                c.list_models = list_models;
                c
            },
        )
}

// ---- pii-mask ----

fn action() -> impl Strategy<Value = pii::Action> {
    prop_oneof![
        Just(pii::Action::Redact),
        Just(pii::Action::Mask),
        Just(pii::Action::Placeholder),
        Just(pii::Action::Block),
    ]
}

fn pii_config() -> impl Strategy<Value = PiiConfig> {
    let kinds: Vec<&'static str> = pii_mask::kind::Kind::ALL.iter().map(|k| k.name()).collect();
    (
        proptest::sample::subsequence(kinds, 0..6),
        vec(action(), 6),
        vec(("[a-z]{1,8}", "[A-Z]{2,4}-[0-9]{2,6}", action()), 0..2),
        vec(
            (
                "[a-z]{1,8}",
                vec("[a-z]{1,6}( [a-z]{1,6})?", 1..3),
                any::<bool>(),
            ),
            0..2,
        ),
        (any::<bool>(), any::<bool>(), 64usize..=16384),
        1usize..10_000_000,
    )
        .prop_map(
            |(detectors, actions, custom, deny, (restore, scan, window), max_body)| {
                let mut c: PiiConfig = defaults();
                c.detectors = detectors
                    .into_iter()
                    .zip(actions)
                    .map(|(k, a)| {
                        (
                            k.to_string(),
                            pii::DetectorConfig {
                                action: a,
                                response_action: None,
                            },
                        )
                    })
                    .collect();
                c.custom = custom
                    .into_iter()
                    .enumerate()
                    .map(|(i, (n, p, a))| pii::CustomDetector {
                        name: format!("c{i}_{n}"),
                        pattern: format!("\\b{p}\\b"),
                        action: a,
                        response_action: None,
                    })
                    .collect();
                c.deny = deny
                    .into_iter()
                    .enumerate()
                    .map(|(i, (n, phrases, alert))| pii::DenyList {
                        name: format!("d{i}_{n}"),
                        phrases,
                        action: if alert {
                            pii::DenyAction::Alert
                        } else {
                            pii::DenyAction::Block
                        },
                    })
                    .collect();
                c.response.restore = restore;
                c.response.scan = scan;
                c.response.window_bytes = window;
                c.max_body_bytes = max_body;
                c
            },
        )
}

// ---- token-meter ----

fn meter_config() -> impl Strategy<Value = MeterConfig> {
    (
        option::of(header()),
        option::of((
            option::of(1u64..1_000_000),
            option::of(1u64..1000),
            option::of(1u64..1000),
        )),
        btree_map(
            "[a-z][a-z0-9*-]{0,8}",
            (price(), price(), option::of(price())),
            0..4,
        ),
        option::of((1u32..10_000, 0u32..=100, option::of(model()))),
        vec("[a-z]{1,6}", 0..3),
        any::<bool>(),
    )
        .prop_map(|(client, quota, prices, budget, labels, usage)| {
            let mut c: MeterConfig = defaults();
            c.client.header = client;
            c.quota = quota.map(|(tpm, rpm, rph)| tm::Quota {
                tokens_per_minute: tpm.or(Some(1000)),
                requests_per_minute: rpm,
                requests_per_hour: rph,
                ..Default::default()
            });
            c.prices = prices
                .into_iter()
                .map(|(m, (i, o, cached))| {
                    (
                        m,
                        tm::Price {
                            input: i,
                            output: o,
                            cached_input: cached,
                            cache_write: None,
                        },
                    )
                })
                .collect();
            if !c.prices.is_empty() {
                c.budget = budget.map(|(usd, pct, model)| {
                    let mut b: tm::Budget = serde_json::from_value(
                        serde_json::json!({ "limitUsd": f64::from(usd) / 4.0 }),
                    )
                    .unwrap();
                    b.fallback_at_percent = f64::from(pct);
                    b.fallback_model = model;
                    b
                });
            }
            c.metrics.client_labels = labels;
            c.usage_headers = usage;
            c.scope = "policy-a".into();
            c
        })
}

// ---- prompt-transform ----

fn message() -> impl Strategy<Value = pt::MessageSpec> {
    (
        prop_oneof![Just("system"), Just("user"), Just("assistant")],
        "[a-zA-Z ,.]{0,20}( \\{\\{[a-z]{1,5}\\}\\})?",
    )
        .prop_map(|(role, content)| pt::MessageSpec {
            role: role.into(),
            content,
        })
}

fn transform_config() -> impl Strategy<Value = TransformConfig> {
    (
        btree_map(
            "[a-z]{1,8}",
            (
                vec(message(), 1..3),
                option::of(model()),
                option::of(1u32..4000),
            ),
            0..3,
        ),
        option::of((vec(message(), 0..2), option::of("[a-zA-Z .]{1,30}"))),
        option::of((0u32..20, any::<bool>())),
        option::of((1usize..50, option::of(100u64..100_000))),
        btree_map(header(), "[a-z0-9]{1,8}", 0..2),
    )
        .prop_map(|(templates, decorators, temperature, context, headers)| {
            let mut c: TransformConfig = defaults();
            c.templates = templates
                .into_iter()
                .map(|(n, (messages, model, max))| {
                    let mut params = serde_json::Map::new();
                    if let Some(m) = max {
                        params.insert("max_tokens".into(), m.into());
                    }
                    (
                        n,
                        pt::TemplateSpec {
                            messages,
                            model,
                            params,
                        },
                    )
                })
                .collect();
            if let Some(name) = c.templates.keys().next().cloned() {
                let mut e: pt::EndpointSpec = serde_json::from_value(
                    serde_json::json!({ "path": format!("/v1/tools/{name}"), "template": name }),
                )
                .unwrap();
                e.include_usage = true;
                c.endpoints.push(e);
            }
            c.decorators = decorators.map(|(prepend, system)| pt::Decorators {
                prepend,
                system: system.map(|content| pt::SystemMessage {
                    content,
                    mode: pt::SystemMode::Force,
                }),
                ..Default::default()
            });
            c.params.temperature = temperature.map(|(t, force)| pt::NumberRule {
                value: serde_json::Number::from_f64(f64::from(t) / 10.0),
                mode: if force {
                    pt::ParamMode::Force
                } else {
                    pt::ParamMode::Default
                },
                min: Some(0.0),
                max: Some(2.0),
                out_of_range: pt::OutOfRange::Clamp,
            });
            c.context = context.map(|(turns, tokens)| {
                let mut w: pt::ContextWindow = defaults();
                w.keep_last_turns = Some(turns);
                w.max_prompt_tokens = tokens;
                w
            });
            c.response_headers.set = headers;
            c
        })
}

fn round_trip<T>(
    filter: &str,
    rules: &RouteRules<T>,
    load: impl Fn(&[u8]) -> Result<RouteRules<T>, String>,
) where
    T: serde::Serialize + PartialEq + std::fmt::Debug,
{
    let json = serde_json::to_vec_pretty(rules).unwrap();
    let loaded = load(&json).unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(&json)));
    assert_eq!(&loaded, rules);
    // What the loader accepts, the filter's derived JSON Schema accepts too.
    let schema = controller::filter_schema::filter_schema(filter).expect("a schema");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{filter} schema: {errors:?}\n{value}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn model_router_configs_round_trip(rules in route_rules(router_config)) {
        round_trip("model-router", &rules, |b| load_config::<RouteRules<RouterConfig>>(b).map_err(|e| e.to_string()));
    }

    #[test]
    fn pii_mask_configs_round_trip(rules in route_rules(pii_config)) {
        round_trip("pii-mask", &rules, |b| load_config::<RouteRules<PiiConfig>>(b).map_err(|e| e.to_string()));
    }

    #[test]
    fn token_meter_configs_round_trip(rules in route_rules(meter_config)) {
        round_trip("token-meter", &rules, |b| load_config::<RouteRules<MeterConfig>>(b).map_err(|e| e.to_string()));
    }

    #[test]
    fn prompt_transform_configs_round_trip(rules in route_rules(transform_config)) {
        // The filter's loader compiles templates and patterns; the typed value is compared.
        round_trip("prompt-transform", &rules, |b| {
            prompt_transform::load_policies(b).map_err(|e| e.to_string())?;
            parse_config::<RouteRules<TransformConfig>>(b).map_err(|e| e.to_string())
        });
    }
}

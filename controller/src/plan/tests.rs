//! The plan's decisions on small hand-written inputs: grouping, precedence, conflicts in status.

use std::collections::BTreeSet;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use kube::api::ObjectMeta;

use super::*;
use crate::crd::status::reason;

fn meta(name: &str, created: &str) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.into()),
        namespace: Some("default".into()),
        generation: Some(3),
        creation_timestamp: Some(Time(created.parse().unwrap())),
        ..ObjectMeta::default()
    }
}

fn route(name: &str, created: &str, spec: serde_json::Value) -> LLMRoute {
    LLMRoute {
        metadata: meta(name, created),
        spec: serde_json::from_value(spec).unwrap(),
        status: None,
    }
}

fn policy(name: &str, created: &str, spec: serde_json::Value) -> LLMPolicy {
    LLMPolicy {
        metadata: meta(name, created),
        spec: serde_json::from_value(spec).unwrap(),
        status: None,
    }
}

fn backend(name: &str) -> serde_json::Value {
    serde_json::json!({ "name": name, "endpoint": { "url": "http://127.0.0.1:18000" } })
}

fn gateway() -> Gateway {
    Gateway {
        namespace: "default".into(),
        name: "gw".into(),
        address: None,
        port: 10000,
    }
}

fn to_route(name: &str) -> serde_json::Value {
    serde_json::json!({ "group": "llm-filters.io", "kind": "LLMRoute", "name": name })
}

fn to_gateway() -> serde_json::Value {
    serde_json::json!({ "group": "gateway.networking.k8s.io", "kind": "Gateway", "name": "gw" })
}

const T1: &str = "2026-01-01T00:00:00Z";
const T2: &str = "2026-01-02T00:00:00Z";

fn plan_of(routes: Vec<LLMRoute>) -> Plan {
    plan(&Inputs {
        routes,
        ..Inputs::default()
    })
    .unwrap()
}

fn status(plan: &Plan, key: ObjectKey) -> &ObjectStatus {
    plan.statuses.get(&key).expect("a status for every CR")
}

#[test]
fn two_routes_make_two_rules_in_specificity_order_with_global_backends() {
    let input = Inputs {
        routes: vec![
            route("all", T1, serde_json::json!({ "backends": [backend("a")] })),
            route(
                "team",
                T2,
                serde_json::json!({ "match": { "headers": [{ "name": "x-team", "value": "t" }] },
                                    "backends": [backend("b")] }),
            ),
        ],
        ..Inputs::default()
    };
    let plan = plan(&input).unwrap();
    let router = &plan.model_router;
    assert_eq!(router.rules.len(), 1);
    assert_eq!(
        router.rules[0]
            .matcher
            .headers
            .get("x-team")
            .map(String::as_str),
        Some("t")
    );
    assert_eq!(router.rules[0].config.default_backend.as_deref(), Some("b"));
    assert_eq!(
        router.default.as_ref().unwrap().default_backend.as_deref(),
        Some("a")
    );
    // Every config knows every backend (the upstream stage may see either rule).
    for c in router.configs() {
        assert_eq!(c.backends.keys().collect::<Vec<_>>(), ["a", "b"]);
    }
    assert_eq!(
        plan.clusters
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["llm_a", "llm_b"]
    );
    assert!(
        plan.pii_mask.is_none(),
        "no policy: the filter is not rendered"
    );
}

#[test]
fn fallback_backends_are_the_next_priorities() {
    let input = Inputs {
        routes: vec![route(
            "r",
            T1,
            serde_json::json!({ "backends": [
                { "name": "a", "endpoint": { "url": "https://a.example.com" }, "fallback": ["b", "c"] },
                { "name": "b", "endpoint": { "url": "http://10.0.0.2:8000" } },
                { "name": "c", "endpoint": { "service": { "name": "vllm", "port": 8000 } } } ] }),
        )],
        ..Inputs::default()
    };
    let plan = plan(&input).unwrap();
    let a = &plan.clusters[0];
    let chain: Vec<(u32, &str, &str, u16)> = a
        .endpoints
        .iter()
        .map(|e| (e.priority, e.backend.as_str(), e.host.as_str(), e.port))
        .collect();
    assert_eq!(
        chain,
        [
            (0, "a", "a.example.com", 443),
            (1, "b", "10.0.0.2", 8000),
            (2, "c", "vllm.default.svc.cluster.local", 8000)
        ]
    );
    assert_eq!(a.endpoints[0].tls.as_ref().unwrap().sni, "a.example.com");

    // A Service without a namespace is the route's own namespace's.
    let mut elsewhere = input.routes[0].clone();
    elsewhere.metadata.namespace = Some("team-a".into());
    let other = plan_of(vec![elsewhere]);
    let c = other.clusters[0]
        .endpoints
        .iter()
        .find(|e| e.backend == "c")
        .unwrap();
    assert_eq!(c.host, "vllm.team-a.svc.cluster.local");
    assert!(a.endpoints[1].tls.is_none());
    assert_eq!(a.route.num_retries, 2, "one retry per fallback by default");
    let cfg = plan.model_router.default.as_ref().unwrap();
    assert_eq!(cfg.backends["a"].host.as_deref(), Some("a.example.com"));
    assert_eq!(
        cfg.backends["b"].host, None,
        "an IP endpoint keeps the client's authority"
    );
}

#[test]
fn a_route_policy_wins_over_the_gateway_policy_section_by_section() {
    let input = Inputs {
        routes: vec![
            route("all", T1, serde_json::json!({ "backends": [backend("a")] })),
            route(
                "v2",
                T1,
                serde_json::json!({ "match": { "paths": [{ "value": "/v2/" }] }, "backends": [backend("b")] }),
            ),
        ],
        policies: vec![
            policy(
                "gw",
                T1,
                serde_json::json!({ "targetRefs": [to_gateway()],
                    "piiMask": { "detectors": { "email": { "action": "redact" } } },
                    "tokenMeter": { "quota": { "requestsPerMinute": 10 } } }),
            ),
            policy(
                "v2",
                T2,
                serde_json::json!({ "targetRefs": [to_route("v2")],
                    "piiMask": { "detectors": { "phone": { "action": "mask" } } } }),
            ),
        ],
        gateways: vec![gateway()],
        ..Inputs::default()
    };
    let plan = plan(&input).unwrap();
    let pii = plan.pii_mask.as_ref().unwrap();
    assert_eq!(pii.rules.len(), 1);
    assert_eq!(pii.rules[0].matcher.paths, ["/v2/*"]);
    assert!(pii.rules[0].config.detectors.contains_key("phone"));
    assert!(!pii.rules[0].config.detectors.contains_key("email"));
    assert!(pii
        .default
        .as_ref()
        .unwrap()
        .detectors
        .contains_key("email"));
    // token-meter: the route has no section of its own, so it gets the gateway's.
    let meter = plan.token_meter.as_ref().unwrap();
    assert_eq!(
        meter.rules[0]
            .config
            .quota
            .as_ref()
            .unwrap()
            .requests_per_minute,
        Some(10)
    );
    assert_eq!(meter.rules[0].config.scope, "default-gw");
    for s in plan.statuses.values() {
        assert!(s.is_ok(), "{s:?}");
    }
    // The gateway policy stays accepted and says where a route's policy replaces a section.
    let gw = status(&plan, ObjectKey::policy("default", "gw"));
    assert_eq!(
        gw.accepted.message,
        "accepted; spec.piiMask: LLMRoute default/v2 uses LLMPolicy default/v2 instead"
    );
    let v2 = status(&plan, ObjectKey::policy("default", "v2"));
    assert_eq!(v2.accepted.message, "accepted");
}

#[test]
fn a_route_without_a_policy_never_falls_into_another_routes_rule() {
    let input = Inputs {
        routes: vec![
            route("all", T1, serde_json::json!({ "backends": [backend("a")] })),
            route(
                "v2",
                T1,
                serde_json::json!({ "match": { "paths": [{ "value": "/v2/" }] }, "backends": [backend("b")] }),
            ),
        ],
        policies: vec![policy(
            "all",
            T1,
            serde_json::json!({ "targetRefs": [to_route("all")],
                "piiMask": { "detectors": { "email": { "action": "redact" } } } }),
        )],
        ..Inputs::default()
    };
    let plan = plan(&input).unwrap();
    let pii = plan.pii_mask.as_ref().unwrap();
    // /v2/ gets the pass-through config, not the catch-all route's.
    assert_eq!(pii.rules.len(), 1);
    assert!(pii.rules[0].config.detectors.is_empty());
    assert!(pii
        .default
        .as_ref()
        .unwrap()
        .detectors
        .contains_key("email"));
}

#[test]
fn the_newer_of_two_policies_setting_a_section_is_rejected_whole() {
    let input = Inputs {
        routes: vec![route(
            "r",
            T1,
            serde_json::json!({ "backends": [backend("a")] }),
        )],
        policies: vec![
            policy(
                "newer",
                T2,
                serde_json::json!({ "targetRefs": [to_route("r")],
                    "piiMask": { "detectors": { "phone": { "action": "mask" } } },
                    "tokenMeter": { "quota": { "requestsPerMinute": 1 } } }),
            ),
            policy(
                "older",
                T1,
                serde_json::json!({ "targetRefs": [to_route("r")],
                    "piiMask": { "detectors": { "email": { "action": "redact" } } } }),
            ),
        ],
        ..Inputs::default()
    };
    let plan = plan(&input).unwrap();
    let newer = status(&plan, ObjectKey::policy("default", "newer"));
    assert!(!newer.accepted.status);
    assert_eq!(newer.accepted.reason, reason::CONFLICTED);
    assert!(
        newer
            .accepted
            .message
            .starts_with("spec.piiMask: LLMPolicy default/older"),
        "{}",
        newer.accepted.message
    );
    assert!(status(&plan, ObjectKey::policy("default", "older")).is_ok());
    assert!(plan
        .pii_mask
        .as_ref()
        .unwrap()
        .default
        .as_ref()
        .unwrap()
        .detectors
        .contains_key("email"));
    // Not half-applied: its tokenMeter section, which nobody else sets, is not rendered either.
    assert!(plan.token_meter.is_none());
    assert_eq!(newer.generation, Some(3));
}

#[test]
fn routes_told_apart_by_model_only_cannot_have_different_pre_router_policies() {
    let input = Inputs {
        routes: vec![
            route(
                "gpt",
                T1,
                serde_json::json!({ "match": { "models": ["gpt-*"] }, "backends": [backend("a")] }),
            ),
            route(
                "rest",
                T2,
                serde_json::json!({ "backends": [backend("b")] }),
            ),
        ],
        policies: vec![policy(
            "gpt-only",
            T1,
            serde_json::json!({ "targetRefs": [to_route("gpt")],
                "piiMask": { "detectors": { "email": { "action": "redact" } } } }),
        )],
        ..Inputs::default()
    };
    let plan = plan(&input).unwrap();
    let s = status(&plan, ObjectKey::policy("default", "gpt-only"));
    assert_eq!(s.accepted.reason, reason::CONFLICTED);
    assert!(
        s.accepted.message.contains("differ by model only"),
        "{}",
        s.accepted.message
    );
    assert!(plan.pii_mask.is_none());
    // model-router still routes by model inside the one group.
    let cfg = plan.model_router.default.as_ref().unwrap();
    assert_eq!(cfg.routes[0].models, ["gpt-*"]);
    assert_eq!(cfg.routes[0].targets[0].backend, "a");
    assert_eq!(cfg.default_backend.as_deref(), Some("b"));
}

#[test]
fn missing_secrets_and_targets_are_unresolved_refs() {
    let input = Inputs {
        routes: vec![
            route(
                "keyed",
                T1,
                serde_json::json!({ "backends": [{ "name": "o", "endpoint": { "url": "https://api.openai.com" },
                    "apiKey": { "secretRef": { "name": "openai", "key": "api-key" } } }] }),
            ),
            route(
                "ok",
                T1,
                serde_json::json!({ "match": { "paths": [{ "value": "/x" }] }, "backends": [backend("a")] }),
            ),
        ],
        policies: vec![policy(
            "p",
            T1,
            serde_json::json!({ "targetRefs": [to_route("nope")], "rateLimit": { "requests": 1, "unit": "second" } }),
        )],
        secrets: Some(BTreeSet::new()),
        ..Inputs::default()
    };
    let plan = plan(&input).unwrap();
    let keyed = status(&plan, ObjectKey::route("default", "keyed"));
    assert!(!keyed.resolved_refs.status);
    assert_eq!(keyed.resolved_refs.reason, reason::SECRET_NOT_FOUND);
    assert_eq!(
        keyed.resolved_refs.message,
        "spec.backends[0].apiKey.secretRef: Secret default/openai not found"
    );
    let p = status(&plan, ObjectKey::policy("default", "p"));
    assert_eq!(p.resolved_refs.reason, reason::TARGET_NOT_FOUND);
    assert!(
        plan.clusters.iter().all(|c| c.backend == "a"),
        "the unresolved route is not rendered"
    );
    assert!(plan.env.is_empty());
}

#[test]
fn api_keys_become_environment_variable_references() {
    let input = Inputs {
        routes: vec![route(
            "keyed",
            T1,
            serde_json::json!({ "backends": [{ "name": "claude", "schema": "anthropic",
                "endpoint": { "url": "https://api.anthropic.com" },
                "apiKey": { "secretRef": { "name": "anthropic", "key": "api-key" } } }] }),
        )],
        secrets: Some(BTreeSet::from([(
            "default".to_string(),
            "anthropic".to_string(),
        )])),
        ..Inputs::default()
    };
    let plan = plan(&input).unwrap();
    let auth = plan.model_router.default.as_ref().unwrap().backends["claude"]
        .auth
        .clone()
        .unwrap();
    assert_eq!(auth.secret_env, "LLM_DEFAULT_ANTHROPIC_API_KEY_63E89B8C");
    assert_eq!(auth.header, "x-api-key");
    let source = &plan.env["LLM_DEFAULT_ANTHROPIC_API_KEY_63E89B8C"];
    assert_eq!(
        (source.name.as_str(), source.key.as_str()),
        ("anthropic", "api-key")
    );
}

#[test]
fn invalid_routes_name_the_field_and_the_rest_still_render() {
    let input = Inputs {
        routes: vec![
            route(
                "bad",
                T1,
                serde_json::json!({ "match": { "paths": [{ "value": "/bad" }] },
                    "backends": [{ "name": "x", "endpoint": { "url": "http://h:1" }, "fallback": ["y"] }] }),
            ),
            route(
                "good",
                T1,
                serde_json::json!({ "backends": [backend("a")] }),
            ),
        ],
        ..Inputs::default()
    };
    let plan = plan(&input).unwrap();
    let bad = status(&plan, ObjectKey::route("default", "bad"));
    assert_eq!(bad.accepted.reason, reason::INVALID);
    assert_eq!(
        bad.accepted.message,
        "spec.backends[0].fallback[0]: 'y' is not another backend of this route"
    );
    assert!(plan.model_router.rules.is_empty());
}

#[test]
fn two_routes_defining_one_backend_differently_conflict() {
    let input = Inputs {
        routes: vec![
            route(
                "first",
                T1,
                serde_json::json!({ "backends": [backend("a")] }),
            ),
            route(
                "second",
                T2,
                serde_json::json!({ "match": { "paths": [{ "value": "/s" }] },
                    "backends": [{ "name": "a", "endpoint": { "url": "http://10.9.9.9:1" } }] }),
            ),
        ],
        ..Inputs::default()
    };
    let plan = plan(&input).unwrap();
    let s = status(&plan, ObjectKey::route("default", "second"));
    assert_eq!(s.accepted.reason, reason::CONFLICTED);
    assert!(
        s.accepted.message.contains("LLMRoute default/first"),
        "{}",
        s.accepted.message
    );
    assert_eq!(plan.clusters[0].endpoints[0].host, "127.0.0.1");
    // The older route keeps it, accepted, and names the newer one.
    let first = status(&plan, ObjectKey::route("default", "first"));
    assert!(first.is_ok());
    assert_eq!(
        first.accepted.message,
        "accepted; spec.backends[0]: LLMRoute default/second (newer) defines backend 'a' \
         differently and is not accepted"
    );
}

#[test]
fn a_route_whose_alias_conflicts_adds_nothing_to_its_group() {
    let input = Inputs {
        routes: vec![
            route(
                "first",
                T1,
                serde_json::json!({ "aliases": { "fast": "gpt-4o-mini" }, "backends": [backend("a")] }),
            ),
            // Same requests, told apart by model: its alias clashes with the older route's.
            route(
                "second",
                T2,
                serde_json::json!({ "match": { "models": ["claude-*"] },
                    "aliases": { "fast": "claude-3-5-haiku" }, "backends": [backend("b")] }),
            ),
        ],
        ..Inputs::default()
    };
    let plan = plan(&input).unwrap();
    let second = status(&plan, ObjectKey::route("default", "second"));
    assert_eq!(second.accepted.reason, reason::CONFLICTED);
    assert_eq!(
        second.accepted.message,
        "spec.aliases.fast: LLMRoute default/first maps it to 'gpt-4o-mini'"
    );
    let first = status(&plan, ObjectKey::route("default", "first"));
    assert!(first.is_ok());
    assert_eq!(
        first.accepted.message,
        "accepted; spec.aliases.fast: LLMRoute default/second (newer) maps it to \
         'claude-3-5-haiku' and is not accepted"
    );
    // Nothing of the rejected route is routed: no `claude-*` rule, the older alias only, and
    // no cluster or model-router backend for `b`, which only it defined.
    let config = plan.model_router.default.as_ref().unwrap();
    assert!(config.routes.is_empty(), "{:?}", config.routes);
    assert_eq!(config.aliases["fast"], "gpt-4o-mini");
    assert_eq!(config.backends.keys().collect::<Vec<_>>(), ["a"]);
    let clusters: Vec<&str> = plan.clusters.iter().map(|c| c.backend.as_str()).collect();
    assert_eq!(clusters, ["a"]);
}

#[test]
fn list_models_is_per_group_and_on_when_any_route_of_it_asks() {
    let input = Inputs {
        routes: vec![
            route(
                "all",
                T1,
                serde_json::json!({ "listModels": true, "backends": [backend("a")] }),
            ),
            route(
                "claude",
                T2,
                serde_json::json!({ "match": { "models": ["claude-3-5-haiku"] },
                    "backends": [backend("b")] }),
            ),
            route(
                "other",
                T2,
                serde_json::json!({ "match": { "paths": [{ "value": "/other/" }] },
                    "backends": [backend("c")] }),
            ),
        ],
        ..Inputs::default()
    };
    let plan = plan(&input).unwrap();
    // The match-all group (routes `all` and `claude`) lists; the `/other/` group does not.
    assert!(plan.model_router.default.as_ref().unwrap().list_models);
    assert_eq!(plan.model_router.rules.len(), 1);
    assert!(!plan.model_router.rules[0].config.list_models);
}

#[test]
fn other_paths_is_reject_unless_the_group_says_pass() {
    use model_router::config::OtherPaths;
    let group = |first: serde_json::Value, second: serde_json::Value| Inputs {
        routes: vec![
            route("first", T1, first),
            route(
                "second",
                T2,
                serde_json::json!({ "match": { "models": ["claude-*"] },
                    "backends": [backend("b")] })
                .as_object()
                .unwrap()
                .clone()
                .into_iter()
                .chain(second.as_object().unwrap().clone())
                .collect(),
            ),
        ],
        ..Inputs::default()
    };
    let base = serde_json::json!({ "backends": [backend("a")] });
    let unset = plan(&group(base.clone(), serde_json::json!({}))).unwrap();
    assert_eq!(
        unset.model_router.default.as_ref().unwrap().other_paths,
        OtherPaths::Reject
    );

    // One route of the group passes, the other leaves it unset: the group passes.
    let pass = plan(&group(
        base.clone(),
        serde_json::json!({ "otherPaths": "pass" }),
    ))
    .unwrap();
    assert_eq!(
        pass.model_router.default.as_ref().unwrap().other_paths,
        OtherPaths::Pass
    );
    assert!(status(&pass, ObjectKey::route("default", "second")).is_ok());

    // Two routes of the group disagree: the newer is not accepted and adds nothing.
    let mut first = base.clone();
    first["otherPaths"] = "reject".into();
    let clash = plan(&group(first, serde_json::json!({ "otherPaths": "pass" }))).unwrap();
    assert_eq!(
        clash.model_router.default.as_ref().unwrap().other_paths,
        OtherPaths::Reject
    );
    let second = status(&clash, ObjectKey::route("default", "second"));
    assert_eq!(second.accepted.reason, reason::CONFLICTED);
    assert_eq!(
        second.accepted.message,
        "spec.otherPaths: LLMRoute default/first sets it to 'reject' for the same requests"
    );
    let first = status(&clash, ObjectKey::route("default", "first"));
    assert!(first.is_ok());
    assert_eq!(
        first.accepted.message,
        "accepted; spec.otherPaths: LLMRoute default/second (newer) sets it to 'pass' and is \
         not accepted"
    );
}

fn route_in(ns: &str, name: &str, created: &str, spec: serde_json::Value) -> LLMRoute {
    let mut r = route(name, created, spec);
    r.metadata.namespace = Some(ns.into());
    r
}

fn keyed(name: &str, secret: &str, key: &str) -> serde_json::Value {
    serde_json::json!({ "name": name, "endpoint": { "url": "https://api.example.com" },
        "apiKey": { "secretRef": { "name": secret, "key": key } } })
}

/// The env var each backend's key is read from, as model-router's config names it.
fn secret_env_of(plan: &Plan, backend: &str) -> String {
    let d = plan.model_router.default.as_ref();
    let rules = plan.model_router.rules.iter().map(|r| &r.config);
    d.into_iter()
        .chain(rules)
        .find_map(|c| c.backends.get(backend)?.auth.as_ref())
        .map(|a| a.secret_env.clone())
        .expect("the backend has a key")
}

#[test]
fn keys_whose_old_names_collided_get_distinct_variables() {
    // `openai`/`api-key` and `openai-api`/`key` were both OPENAI_API_KEY.
    let one = plan_of(vec![route(
        "r",
        T1,
        serde_json::json!({ "rules": [
            { "models": ["gpt-*"], "backends": [{ "name": "a" }] },
            { "models": ["x-*"], "backends": [{ "name": "b" }] }],
            "backends": [keyed("a", "openai", "api-key"), keyed("b", "openai-api", "key")] }),
    )]);
    let (a, b) = (secret_env_of(&one, "a"), secret_env_of(&one, "b"));
    assert_ne!(a, b);
    assert_eq!(one.env[&a].name, "openai");
    assert_eq!(one.env[&b].name, "openai-api");
    // The same Secret name and key in two namespaces: two variables, each its namespace's.
    let two = plan_of(vec![
        route_in(
            "team-a",
            "r",
            T1,
            serde_json::json!({ "match": { "models": ["a-*"] },
                "backends": [keyed("a-openai", "openai", "api-key")] }),
        ),
        route_in(
            "team-b",
            "r",
            T2,
            serde_json::json!({ "match": { "models": ["b-*"] },
                "backends": [keyed("b-openai", "openai", "api-key")] }),
        ),
    ]);
    let (a, b) = (
        secret_env_of(&two, "a-openai"),
        secret_env_of(&two, "b-openai"),
    );
    assert_ne!(a, b);
    assert_eq!(two.env[&a].namespace, "team-a");
    assert_eq!(two.env[&b].namespace, "team-b");
    assert_eq!(two.env.len(), 2);
}

fn rejection(spec: serde_json::Value) -> String {
    let plan = plan(&Inputs {
        routes: vec![
            route("bad", T2, spec),
            route(
                "good",
                T1,
                serde_json::json!({ "match": { "paths": [{ "value": "/ok" }] },
                    "backends": [backend("ok")] }),
            ),
        ],
        ..Inputs::default()
    })
    .unwrap();
    let s = status(&plan, ObjectKey::route("default", "bad"));
    assert_eq!(s.accepted.reason, reason::INVALID, "{}", s.accepted.message);
    s.accepted.message.clone()
}

fn with_backend(extra: serde_json::Value) -> serde_json::Value {
    let mut b = backend("x");
    for (k, v) in extra.as_object().unwrap() {
        b[k] = v.clone();
    }
    serde_json::json!({ "backends": [b] })
}

#[test]
fn retries_take_only_error_statuses_and_a_bounded_count() {
    for (code, j) in [(200, 0), (0, 1), (999, 2)] {
        let codes = match j {
            0 => serde_json::json!([code]),
            1 => serde_json::json!([429, code]),
            _ => serde_json::json!([503, 429, code]),
        };
        assert_eq!(
            rejection(with_backend(
                serde_json::json!({ "retries": { "statusCodes": codes } })
            )),
            format!("spec.backends[0].retries.statusCodes[{j}]: {code} is not a 4xx or 5xx status")
        );
    }
    assert_eq!(
        rejection(with_backend(
            serde_json::json!({ "retries": { "attempts": 4294967295_u32 } })
        )),
        "spec.backends[0].retries.attempts: 4294967295 is more than 10"
    );
    let ok = plan_of(vec![route(
        "r",
        T1,
        with_backend(
            serde_json::json!({ "retries": { "attempts": 10, "statusCodes": [408, 599] } }),
        ),
    )]);
    assert_eq!(ok.clusters[0].route.num_retries, 10);
    assert_eq!(ok.clusters[0].route.retriable_status_codes, [408, 599]);
}

#[test]
fn backend_names_making_one_cluster_are_refused() {
    // Within one route.
    assert_eq!(
        rejection(serde_json::json!({ "backends": [backend("a-b"), backend("a_b")] })),
        "spec.backends[1].name: 'a_b' and spec.backends[0].name 'a-b' both make cluster llm_a_b"
    );
    // Across routes: the newer is conflicted, the older keeps its cluster and names the newer.
    let plan = plan_of(vec![
        route(
            "first",
            T1,
            serde_json::json!({ "backends": [backend("a-b")] }),
        ),
        route(
            "second",
            T2,
            serde_json::json!({ "match": { "paths": [{ "value": "/s" }] },
                "backends": [backend("a_b")] }),
        ),
    ]);
    let s = status(&plan, ObjectKey::route("default", "second"));
    assert_eq!(s.accepted.reason, reason::CONFLICTED);
    assert_eq!(
        s.accepted.message,
        "spec.backends[0].name: 'a_b' makes cluster llm_a_b, as backend 'a-b' of \
         LLMRoute default/first (spec.backends[0]) does"
    );
    let first = status(&plan, ObjectKey::route("default", "first"));
    assert!(first.is_ok());
    assert!(
        first
            .accepted
            .message
            .contains("LLMRoute default/second (newer)"),
        "{}",
        first.accepted.message
    );
    let names: Vec<_> = plan.clusters.iter().map(|c| c.backend.as_str()).collect();
    assert_eq!(names, ["a-b"]);
}

#[test]
fn values_envoy_refuses_are_refused_naming_the_field() {
    let hosts =
        |h: &str| serde_json::json!({ "match": { "hosts": [h] }, "backends": [backend("x")] });
    assert_eq!(
        rejection(hosts("")),
        "spec.match.hosts[0]: '' is not a host name, '*.' + a host name, or '*'"
    );
    assert!(rejection(hosts("*.*.x")).starts_with("spec.match.hosts[0]: '*.*.x'"));
    assert_eq!(
        rejection(with_backend(
            serde_json::json!({ "timeouts": { "connect": "0s" } })
        )),
        "spec.backends[0].timeouts.connect: must be more than 0"
    );
    assert_eq!(
        rejection(with_backend(
            serde_json::json!({ "timeouts": { "request": "99999999999999s" } })
        )),
        "spec.backends[0].timeouts.request: '99999999999999s' is longer than 24h"
    );
}

#[test]
fn endpoints_that_would_be_silently_broken_are_refused() {
    let url =
        |u: &str| serde_json::json!({ "backends": [{ "name": "x", "endpoint": { "url": u } }] });
    for (u, why) in [
        ("http://user:pw@h.example:1", "no user info"),
        (
            "http://h.example:1/?a=1",
            "without a path, query or fragment",
        ),
        ("http://h o.example:1", "is not a host name"),
        ("http://h\n.example:1", "is not a host name"),
    ] {
        let m = rejection(url(u));
        assert!(
            m.starts_with("spec.backends[0].endpoint: url") && m.contains(why),
            "{u:?}: {m}"
        );
    }
    let svc = |name: &str, ns: &str, port: u16| {
        serde_json::json!({ "backends": [{ "name": "x",
            "endpoint": { "service": { "name": name, "namespace": ns, "port": port } } }] })
    };
    assert_eq!(
        rejection(svc("evil.com.", "default", 80)),
        "spec.backends[0].endpoint.service.name: 'evil.com.' is not a DNS label"
    );
    assert_eq!(
        rejection(svc("llm", "x/y", 80)),
        "spec.backends[0].endpoint.service.namespace: 'x/y' is not a DNS label"
    );
    assert_eq!(
        rejection(svc("llm", "default", 0)),
        "spec.backends[0].endpoint.service.port: must be 1-65535"
    );
    assert_eq!(
        rejection(with_backend(
            serde_json::json!({ "circuitBreaker": { "maxRequests": 0 } })
        )),
        "spec.backends[0].circuitBreaker.maxRequests: must be at least 1"
    );
    // An IPv6 literal is a static address, not a DNS name `[::1]`.
    let plan = plan_of(vec![route("r", T1, url("http://[::1]:18300"))]);
    let e = &plan.clusters[0].endpoints[0];
    assert_eq!((e.host.as_str(), e.port, e.dns), ("::1", 18300, false));
}

fn policy_rejection(token_meter: serde_json::Value) -> String {
    let plan = plan(&Inputs {
        routes: vec![route(
            "r",
            T1,
            serde_json::json!({ "backends": [backend("a")] }),
        )],
        policies: vec![policy(
            "p",
            T1,
            serde_json::json!({ "targetRefs": [to_route("r")], "tokenMeter": token_meter }),
        )],
        ..Inputs::default()
    })
    .unwrap();
    let s = status(&plan, ObjectKey::policy("default", "p"));
    assert_eq!(s.accepted.reason, reason::INVALID, "{}", s.accepted.message);
    assert!(plan.token_meter.is_none());
    s.accepted.message.clone()
}

#[test]
fn odd_token_meter_values_are_refused() {
    assert_eq!(
        policy_rejection(serde_json::json!({ "clientHeader": "authorization" })),
        "tokenMeter.clientHeader: 'authorization' carries credentials; name a client-id header"
    );
    assert_eq!(
        policy_rejection(serde_json::json!({ "clientHeader": "x-llm-backend" })),
        "tokenMeter.clientHeader: 'x-llm-backend' is an internal header of the filters"
    );
    assert_eq!(
        policy_rejection(serde_json::json!({ "metricClients": ["ok", "a\nb"] })),
        "tokenMeter.metricClients[1]: 'a\\nb' must be 1-128 characters without control characters"
    );
}

#[test]
fn odd_model_patterns_and_api_path_prompt_endpoints_are_refused() {
    let models =
        |m: &str| serde_json::json!({ "match": { "models": [m] }, "backends": [backend("x")] });
    assert!(rejection(models("")).starts_with("spec.match.models[0]: '' is not a model name"));
    assert!(rejection(models("gpt\"4")).starts_with("spec.match.models[0]: 'gpt\\\"4'"));
    assert!(rejection(models("a\u{1}b")).starts_with("spec.match.models[0]: 'a\\u{1}b'"));
    let rule = serde_json::json!({ "rules": [{ "models": ["ok", "a b"], "backends": [{ "name": "x" }] }],
        "backends": [backend("x")] });
    assert!(rejection(rule).starts_with("spec.rules[0].models[1]: 'a b'"));
    let prompt = |path: &str| {
        serde_json::json!({ "backends": [backend("x")], "prompts": {
            "templates": { "t": { "messages": [{ "role": "user", "content": "{{text}}" }] } },
            "endpoints": [{ "path": path, "template": "t" }] } })
    };
    for path in [
        "/v1/chat/completions",
        "/v1/chat/completions/",
        "/v1/messages",
    ] {
        assert!(
            rejection(prompt(path)).starts_with(&format!(
                "spec.prompts.endpoints[0].path: '{path}' is an API path the gateway serves"
            )),
            "{path}"
        );
    }
    let ok = plan_of(vec![route("r", T1, prompt("/v1/tools/summarize"))]);
    assert!(ok.prompt_transform.is_some());
}

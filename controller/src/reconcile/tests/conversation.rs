//! The exact API conversation of each scenario.

use serde_json::{json, Value};

use super::fixtures::*;
use super::server::{context, ApiServer, Seen};
use crate::crd::{LLMPolicy, LLMRoute};
use crate::reconcile::controller::reconcile;

const ROUTES: &str = "/apis/llm-filters.io/v1alpha1/namespaces/team-a/llmroutes";
const POLICIES: &str = "/apis/llm-filters.io/v1alpha1/namespaces/team-a/llmpolicies";
const SECRET: &str = "/api/v1/namespaces/team-a/secrets/openai";
const GATEWAYS: &str = "/apis/gateway.networking.k8s.io/v1/namespaces/team-a/gateways?";
const ENVOY_FILTERS: &str = "/apis/networking.istio.io/v1alpha3/namespaces/team-a/envoyfilters";
const APPLY_QUERY: &str = "?&force=true&fieldManager=llm-filters-controller";
const OURS: &str = "?&labelSelector=app.kubernetes.io%2Fmanaged-by%3Dllm-filters-controller";
const OBJECTS: [&str; 3] = [
    "llm-filters-extensions",
    "llm-filters-http",
    "llm-filters-upstreams",
];

fn routes(items: &[LLMRoute]) -> Value {
    list("llm-filters.io/v1alpha1", "LLMRouteList", items)
}

fn policies(items: &[LLMPolicy]) -> Value {
    list("llm-filters.io/v1alpha1", "LLMPolicyList", items)
}

fn envoy_filter(name: &str) -> Value {
    json!({
        "apiVersion": "networking.istio.io/v1alpha3", "kind": "EnvoyFilter",
        "metadata": { "name": name, "namespace": NS,
                      "labels": { "app.kubernetes.io/managed-by": "llm-filters-controller" } },
        "spec": { "configPatches": [] }
    })
}

/// The reads every namespace reconcile starts with.
async fn reads(api: &mut ApiServer, r: &[LLMRoute], p: &[LLMPolicy], has_secret: bool) {
    api.expect("GET", &format!("{ROUTES}?"))
        .await
        .reply(200, &routes(r));
    api.expect("GET", &format!("{POLICIES}?"))
        .await
        .reply(200, &policies(p));
    let s = api.expect("GET", SECRET).await;
    if has_secret {
        s.reply(200, &serde_json::to_value(secret()).unwrap());
    } else {
        let (code, body) = not_found();
        s.reply(code, &body);
    }
    let (code, body) = not_found();
    api.expect("GET", GATEWAYS).await.reply(code, &body);
}

/// The three applies, in order; returns their bodies.
async fn applies(api: &mut ApiServer) -> Vec<Value> {
    let mut bodies = Vec::new();
    for name in OBJECTS {
        let seen = api
            .expect("PATCH", &format!("{ENVOY_FILTERS}/{name}{APPLY_QUERY}"))
            .await;
        bodies.push(seen.body.clone());
        seen.echo();
    }
    bodies
}

/// The status apply of `object` (answered with the object carrying that status).
async fn status_patch(api: &mut ApiServer, object: &Value) -> Value {
    let plural = if object["kind"] == "LLMRoute" {
        "llmroutes"
    } else {
        "llmpolicies"
    };
    let name = object["metadata"]["name"].as_str().unwrap().to_string();
    let seen: Seen = api
        .expect(
            "PATCH",
            &format!("/apis/llm-filters.io/v1alpha1/namespaces/team-a/{plural}/{name}/status{APPLY_QUERY}"),
        )
        .await;
    let body = seen.body.clone();
    let mut answer = object.clone();
    answer["status"] = body["status"].clone();
    seen.reply(200, &answer);
    body
}

fn condition<'a>(status_body: &'a Value, type_: &str) -> &'a Value {
    status_body["status"]["conditions"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["type"] == type_))
        .unwrap_or_else(|| panic!("no {type_} condition in {status_body}"))
}

/// Everything the rendered objects say, as text (for "is X anywhere in there").
fn text(bodies: &[Value]) -> String {
    serde_json::to_string(bodies).unwrap()
}

#[tokio::test]
async fn a_new_route_gets_the_finalizer_first() {
    let (ctx, mut api) = context();
    let mut r = route();
    r.metadata.finalizers = None;
    let server = tokio::spawn(async move {
        let seen = api.expect("PATCH", &format!("{ROUTES}/chat?")).await;
        assert_eq!(
            seen.body,
            json!([
                { "op": "test", "path": "/metadata/finalizers", "value": null },
                { "op": "add", "path": "/metadata/finalizers", "value": ["llm-filters.io/cleanup"] }
            ])
        );
        let mut finalized = serde_json::to_value(route()).unwrap();
        finalized["metadata"]["resourceVersion"] = json!("101");
        seen.reply(200, &finalized);
        api
    });
    reconcile(std::sync::Arc::new(r), ctx).await.unwrap();
    let api = server.await.unwrap();
    assert_eq!(api.log.len(), 1, "only the finalizer patch: {:?}", api.log);
}

#[tokio::test]
async fn create_applies_every_object_prunes_stale_ones_and_reports_programmed() {
    let (ctx, mut api) = context();
    let server = tokio::spawn(async move {
        reads(&mut api, &[route()], &[], true).await;
        let bodies = applies(&mut api).await;
        // Stale: an object of ours from an earlier render.
        let mut existing: Vec<Value> = OBJECTS.iter().map(|n| envoy_filter(n)).collect();
        existing.push(envoy_filter("llm-filters-old"));
        api.expect("GET", &format!("{ENVOY_FILTERS}{OURS}"))
            .await
            .reply(
                200,
                &list("networking.istio.io/v1alpha3", "EnvoyFilterList", &existing),
            );
        api.expect("DELETE", &format!("{ENVOY_FILTERS}/llm-filters-old?"))
            .await
            .reply(
                200,
                &json!({ "kind": "Status", "apiVersion": "v1", "status": "Success" }),
            );
        let status = status_patch(&mut api, &json!(route())).await;
        (bodies, status, api)
    });
    reconcile(std::sync::Arc::new(route()), std::sync::Arc::clone(&ctx))
        .await
        .unwrap();
    let (bodies, status, api) = server.await.unwrap();
    assert!(ctx
        .metrics
        .render()
        .contains("reconcile_total{kind=\"LLMRoute\"} 1\n"));

    for (body, name) in bodies.iter().zip(OBJECTS) {
        assert_eq!(body["apiVersion"], "networking.istio.io/v1alpha3");
        assert_eq!(body["kind"], "EnvoyFilter");
        assert_eq!(body["metadata"]["name"], name);
        assert_eq!(body["metadata"]["namespace"], NS);
        assert_eq!(
            body["metadata"]["labels"]["app.kubernetes.io/managed-by"],
            "llm-filters-controller"
        );
        assert_eq!(
            body["metadata"]["ownerReferences"],
            json!([{ "apiVersion": "llm-filters.io/v1alpha1", "kind": "LLMRoute",
                     "name": "chat", "uid": "uid-chat" }])
        );
        assert_eq!(
            body["spec"]["workloadSelector"],
            json!({ "labels": { "istio": "ingressgateway" } })
        );
    }
    let all = text(&bodies);
    // The key reaches the filter by name from the proxy's environment, never by value.
    assert!(
        all.contains("\"host_env_keys\":[\"LLM_TEAM_A_OPENAI_API_KEY_8D63A270\"]"),
        "{all}"
    );
    assert!(!all.contains("sk-test") && !all.contains("c2stdGVzdA=="));
    assert!(all.contains("\"allow_on_headers_stop_iteration\":true"));
    // Fallback: cluster llm_openai holds openai at priority 0 and local at 1.
    let clusters: Vec<&Value> = bodies[2]["spec"]["configPatches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["applyTo"] == "CLUSTER")
        .map(|p| &p["patch"]["value"])
        .collect();
    let openai = clusters.iter().find(|c| c["name"] == "llm_openai").unwrap();
    let eps = &openai["load_assignment"]["endpoints"];
    assert_eq!(eps[0]["priority"], 0);
    assert_eq!(
        eps[0]["lb_endpoints"][0]["endpoint"]["address"]["socket_address"]["address"],
        "api.openai.com"
    );
    assert_eq!(eps[1]["priority"], 1);
    assert_eq!(
        eps[1]["lb_endpoints"][0]["endpoint"]["address"]["socket_address"]["address"],
        "vllm.models.svc.cluster.local"
    );

    assert_eq!(
        status,
        json!({
            "apiVersion": "llm-filters.io/v1alpha1", "kind": "LLMRoute",
            "status": { "observedGeneration": 1, "conditions": [
                { "type": "Accepted", "status": "True", "reason": "Accepted", "message": "accepted",
                  "observedGeneration": 1, "lastTransitionTime": "2026-03-01T12:00:00Z" },
                { "type": "ResolvedRefs", "status": "True", "reason": "ResolvedRefs",
                  "message": "all references resolved",
                  "observedGeneration": 1, "lastTransitionTime": "2026-03-01T12:00:00Z" },
                { "type": "Programmed", "status": "True", "reason": "Programmed",
                  "message": "applied EnvoyFilter/llm-filters-extensions, EnvoyFilter/llm-filters-http, EnvoyFilter/llm-filters-upstreams",
                  "observedGeneration": 1, "lastTransitionTime": "2026-03-01T12:00:00Z" }
            ] }
        })
    );
    assert_eq!(api.log.len(), 10, "{:?}", api.log);
}

#[tokio::test]
async fn update_reapplies_changed_objects_and_keeps_unchanged_transition_times() {
    let (ctx, mut api) = context();
    // Generation 2 adds a backend; the status is generation 1's, all True since 11:00.
    let mut r = route();
    r.metadata.generation = Some(2);
    let mut extra = r.spec.backends[1].clone();
    extra.name = "spare".into();
    r.spec.backends.push(extra);
    r.spec.backends[0].fallback = vec!["local".into(), "spare".into()];
    let since = "2026-03-01T11:00:00Z";
    r.status = Some(serde_json::from_value(json!({
        "observedGeneration": 1,
        "conditions": [
            { "type": "Accepted", "status": "True", "reason": "Accepted", "message": "accepted",
              "observedGeneration": 1, "lastTransitionTime": since },
            { "type": "ResolvedRefs", "status": "True", "reason": "ResolvedRefs",
              "message": "all references resolved", "observedGeneration": 1, "lastTransitionTime": since },
            { "type": "Programmed", "status": "True", "reason": "Programmed",
              "message": "applied EnvoyFilter/llm-filters-extensions, EnvoyFilter/llm-filters-http, EnvoyFilter/llm-filters-upstreams",
              "observedGeneration": 1, "lastTransitionTime": since }
        ]
    })).unwrap());
    let listed = r.clone();
    let server = tokio::spawn(async move {
        reads(&mut api, std::slice::from_ref(&listed), &[], true).await;
        let bodies = applies(&mut api).await;
        let existing: Vec<Value> = OBJECTS.iter().map(|n| envoy_filter(n)).collect();
        api.expect("GET", &format!("{ENVOY_FILTERS}{OURS}"))
            .await
            .reply(
                200,
                &list("networking.istio.io/v1alpha3", "EnvoyFilterList", &existing),
            );
        // Nothing stale: no DELETE.
        let status = status_patch(&mut api, &json!(listed)).await;
        (bodies, status, api)
    });
    reconcile(std::sync::Arc::new(r), ctx).await.unwrap();
    let (bodies, status, api) = server.await.unwrap();
    let clusters = text(&[bodies[2].clone()]);
    assert!(clusters.contains("\"name\":\"llm_spare\""), "{clusters}");
    assert!(!api.log.iter().any(|(m, _)| m == "DELETE"));
    assert_eq!(status["status"]["observedGeneration"], 2);
    for c in status["status"]["conditions"].as_array().unwrap() {
        assert_eq!(c["observedGeneration"], 2, "{c}");
        assert_eq!(c["status"], "True", "{c}");
        assert_eq!(
            c["lastTransitionTime"], since,
            "unchanged status keeps its time: {c}"
        );
    }
}

#[tokio::test]
async fn an_unchanged_status_is_not_written_again() {
    let (ctx, mut api) = context();
    let mut r = route();
    // What the previous reconcile wrote for this generation.
    r.status = Some(serde_json::from_value(json!({
        "observedGeneration": 1,
        "conditions": [
            { "type": "Accepted", "status": "True", "reason": "Accepted", "message": "accepted",
              "observedGeneration": 1, "lastTransitionTime": "2026-03-01T11:00:00Z" },
            { "type": "ResolvedRefs", "status": "True", "reason": "ResolvedRefs",
              "message": "all references resolved", "observedGeneration": 1, "lastTransitionTime": "2026-03-01T11:00:00Z" },
            { "type": "Programmed", "status": "True", "reason": "Programmed",
              "message": "applied EnvoyFilter/llm-filters-extensions, EnvoyFilter/llm-filters-http, EnvoyFilter/llm-filters-upstreams",
              "observedGeneration": 1, "lastTransitionTime": "2026-03-01T11:00:00Z" }
        ]
    })).unwrap());
    let listed = r.clone();
    let server = tokio::spawn(async move {
        reads(&mut api, &[listed], &[], true).await;
        applies(&mut api).await;
        let existing: Vec<Value> = OBJECTS.iter().map(|n| envoy_filter(n)).collect();
        api.expect("GET", &format!("{ENVOY_FILTERS}{OURS}"))
            .await
            .reply(
                200,
                &list("networking.istio.io/v1alpha3", "EnvoyFilterList", &existing),
            );
        api
    });
    reconcile(std::sync::Arc::new(r), ctx).await.unwrap();
    let api = server.await.unwrap();
    assert!(
        !api.log.iter().any(|(_, u)| u.contains("/status")),
        "{:?}",
        api.log
    );
}

#[tokio::test]
async fn delete_prunes_everything_then_removes_the_finalizer() {
    let (ctx, mut api) = context();
    let mut r = route();
    r.metadata.deletion_timestamp = Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(
        "2026-03-01T11:59:00Z".parse().unwrap(),
    ));
    let listed = r.clone();
    let server = tokio::spawn(async move {
        api.expect("GET", &format!("{ROUTES}?"))
            .await
            .reply(200, &routes(std::slice::from_ref(&listed)));
        api.expect("GET", &format!("{POLICIES}?"))
            .await
            .reply(200, &policies(&[]));
        // The deleted route takes no part: its Secret is not read.
        let (code, body) = not_found();
        api.expect("GET", GATEWAYS).await.reply(code, &body);
        let existing: Vec<Value> = OBJECTS.iter().map(|n| envoy_filter(n)).collect();
        api.expect("GET", &format!("{ENVOY_FILTERS}{OURS}"))
            .await
            .reply(
                200,
                &list("networking.istio.io/v1alpha3", "EnvoyFilterList", &existing),
            );
        for name in OBJECTS {
            api.expect("DELETE", &format!("{ENVOY_FILTERS}/{name}?"))
                .await
                .reply(
                    200,
                    &json!({ "kind": "Status", "apiVersion": "v1", "status": "Success" }),
                );
        }
        let seen = api.expect("PATCH", &format!("{ROUTES}/chat?")).await;
        assert_eq!(
            seen.body,
            json!([
                { "op": "test", "path": "/metadata/finalizers/0", "value": "llm-filters.io/cleanup" },
                { "op": "remove", "path": "/metadata/finalizers/0" }
            ])
        );
        let mut gone = serde_json::to_value(&listed).unwrap();
        gone["metadata"]["finalizers"] = json!([]);
        seen.reply(200, &gone);
        api
    });
    reconcile(std::sync::Arc::new(r), ctx).await.unwrap();
    let api = server.await.unwrap();
    // No apply, no status write on an object being deleted.
    assert!(
        !api.log
            .iter()
            .any(|(m, u)| m == "PATCH" && u.contains("fieldManager")),
        "{:?}",
        api.log
    );
}

#[tokio::test]
async fn an_invalid_spec_gets_accepted_false_naming_the_field_and_nothing_is_applied() {
    let (ctx, mut api) = context();
    let mut r = route();
    r.spec.default_backend = Some("nope".into());
    let listed = r.clone();
    let server = tokio::spawn(async move {
        reads(&mut api, std::slice::from_ref(&listed), &[], true).await;
        // Straight to status: no apply, no prune (the last good objects stay).
        let status = status_patch(&mut api, &json!(listed)).await;
        (status, api)
    });
    reconcile(std::sync::Arc::new(r), ctx).await.unwrap();
    let (status, api) = server.await.unwrap();
    let accepted = condition(&status, "Accepted");
    assert_eq!(accepted["status"], "False");
    assert_eq!(accepted["reason"], "Invalid");
    assert_eq!(
        accepted["message"],
        "spec.defaultBackend: 'nope' is not in backends"
    );
    assert_eq!(accepted["observedGeneration"], 1);
    let programmed = condition(&status, "Programmed");
    assert_eq!(programmed["status"], "False");
    assert_eq!(programmed["reason"], "Pending");
    assert_eq!(
        programmed["message"],
        "nothing applied: no LLMRoute of namespace team-a is accepted"
    );
    assert!(
        !api.log.iter().any(|(_, u)| u.contains("envoyfilters")),
        "{:?}",
        api.log
    );
}

#[tokio::test]
async fn a_missing_secret_gets_resolved_refs_false_and_nothing_is_applied() {
    let (ctx, mut api) = context();
    let server = tokio::spawn(async move {
        reads(&mut api, &[route()], &[], false).await;
        let status = status_patch(&mut api, &json!(route())).await;
        (status, api)
    });
    reconcile(std::sync::Arc::new(route()), ctx).await.unwrap();
    let (status, api) = server.await.unwrap();
    assert_eq!(condition(&status, "Accepted")["status"], "True");
    let refs = condition(&status, "ResolvedRefs");
    assert_eq!(refs["status"], "False");
    assert_eq!(refs["reason"], "SecretNotFound");
    assert_eq!(
        refs["message"],
        "spec.backends[0].apiKey.secretRef: Secret team-a/openai not found"
    );
    assert_eq!(condition(&status, "Programmed")["status"], "False");
    assert!(
        !api.log.iter().any(|(_, u)| u.contains("envoyfilters")),
        "{:?}",
        api.log
    );
}

#[tokio::test]
async fn conflicting_policies_get_conditions_and_the_loser_is_not_applied_at_all() {
    let (ctx, mut api) = context();
    // Same age: the tie goes by name, so "lenient" (mask) wins over "strict" (redact).
    let strict = policy("strict", "redact");
    let lenient = policy("lenient", "mask");
    let (s2, l2) = (strict.clone(), lenient.clone());
    let server = tokio::spawn(async move {
        reads(&mut api, &[route()], &[l2.clone(), s2.clone()], true).await;
        let bodies = applies(&mut api).await;
        let existing: Vec<Value> = OBJECTS.iter().map(|n| envoy_filter(n)).collect();
        api.expect("GET", &format!("{ENVOY_FILTERS}{OURS}"))
            .await
            .reply(
                200,
                &list("networking.istio.io/v1alpha3", "EnvoyFilterList", &existing),
            );
        let route_status = status_patch(&mut api, &json!(route())).await;
        let lenient_status = status_patch(&mut api, &json!(l2)).await;
        let strict_status = status_patch(&mut api, &json!(s2)).await;
        (bodies, route_status, lenient_status, strict_status)
    });
    reconcile(std::sync::Arc::new(strict), ctx).await.unwrap();
    let (bodies, route_status, lenient_status, strict_status) = server.await.unwrap();

    // The filter config holds the winner's action only.
    let extensions = text(&[bodies[0].clone()]);
    assert!(
        extensions.contains(r#"\"email\":{\"action\":\"mask\""#),
        "{extensions}"
    );
    assert!(!extensions.contains("redact"), "{extensions}");
    // Owners: the route and both policies.
    assert_eq!(
        bodies[0]["metadata"]["ownerReferences"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    assert_eq!(condition(&route_status, "Programmed")["status"], "True");
    // The winner stays accepted, and its status names the policy it won against.
    let winner = condition(&lenient_status, "Accepted");
    assert_eq!(winner["status"], "True");
    assert_eq!(winner["reason"], "Accepted");
    assert_eq!(
        winner["message"],
        "accepted; spec.piiMask: LLMPolicy team-a/strict (newer) also sets it for LLMRoute \
         team-a/chat and is not applied"
    );
    assert_eq!(condition(&lenient_status, "Programmed")["status"], "True");
    let accepted = condition(&strict_status, "Accepted");
    assert_eq!(accepted["status"], "False");
    assert_eq!(accepted["reason"], "Conflicted");
    assert_eq!(
        accepted["message"],
        "spec.piiMask: LLMPolicy team-a/lenient (older) already sets it for LLMRoute team-a/chat"
    );
    let programmed = condition(&strict_status, "Programmed");
    assert_eq!(programmed["status"], "False");
    assert_eq!(programmed["reason"], "Invalid");
    assert!(programmed["message"]
        .as_str()
        .unwrap()
        .starts_with("left out of the render: spec.piiMask"));
}

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
    api.expect("GET", &format!("{ROUTES}?")).await.reply(200, &routes(r));
    api.expect("GET", &format!("{POLICIES}?")).await.reply(200, &policies(p));
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
    let plural = if object["kind"] == "LLMRoute" { "llmroutes" } else { "llmpolicies" };
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
            .reply(200, &list("networking.istio.io/v1alpha3", "EnvoyFilterList", &existing));
        api.expect("DELETE", &format!("{ENVOY_FILTERS}/llm-filters-old?"))
            .await
            .reply(200, &json!({ "kind": "Status", "apiVersion": "v1", "status": "Success" }));
        let status = status_patch(&mut api, &json!(route())).await;
        (bodies, status, api)
    });
    reconcile(std::sync::Arc::new(route()), ctx).await.unwrap();
    let (bodies, status, api) = server.await.unwrap();

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
        assert_eq!(body["spec"]["workloadSelector"], json!({ "labels": { "istio": "ingressgateway" } }));
    }
    let all = text(&bodies);
    // The key reaches the filter by name from the proxy's environment, never by value.
    assert!(all.contains("\"host_env_keys\":[\"OPENAI_API_KEY\"]"), "{all}");
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
    assert_eq!(eps[0]["lb_endpoints"][0]["endpoint"]["address"]["socket_address"]["address"], "api.openai.com");
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
    assert_eq!(api.log.len(), 11, "{:?}", api.log);
}

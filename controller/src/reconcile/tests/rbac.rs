//! Least privilege: controller/deploy/rbac.yaml grants exactly the requests the reconciler makes.
//! The conversation tests pin those requests (method and path); the controllers' watches (list
//! + watch of both CRDs and of Secret metadata) and the lease's get/create/replace are added here.

use std::collections::BTreeSet;

use serde_yaml::Value;

/// (apiGroup, resource, verb)
type Grant = (String, String, String);

fn granted(kind: &str) -> BTreeSet<Grant> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/rbac.yaml"))
        .expect("deploy/rbac.yaml");
    let mut out = BTreeSet::new();
    for doc in serde_yaml::Deserializer::from_str(&text) {
        let doc = Value::deserialize(doc).unwrap();
        if doc["kind"].as_str() != Some(kind) {
            continue;
        }
        for rule in doc["rules"].as_sequence().unwrap() {
            let seq = |k: &str| -> Vec<String> {
                rule[k]
                    .as_sequence()
                    .map(|s| s.iter().map(|v| v.as_str().unwrap().to_string()).collect())
                    .unwrap_or_default()
            };
            for g in seq("apiGroups") {
                for r in seq("resources") {
                    for v in seq("verbs") {
                        out.insert((g.clone(), r.clone(), v));
                    }
                }
            }
        }
    }
    out
}

use serde::Deserialize;

fn grant(group: &str, resource: &str, verb: &str) -> Grant {
    (group.into(), resource.into(), verb.into())
}

#[test]
fn rbac_grants_exactly_what_the_controller_uses() {
    let crd = "llm-filters.io";
    let used: BTreeSet<Grant> = [
        // Controllers' watches.
        grant(crd, "llmroutes", "list"),
        grant(crd, "llmroutes", "watch"),
        grant(crd, "llmpolicies", "list"),
        grant(crd, "llmpolicies", "watch"),
        grant("", "secrets", "list"),
        grant("", "secrets", "watch"),
        // Finalizer add/remove (JSON patch) and status (server-side apply).
        grant(crd, "llmroutes", "patch"),
        grant(crd, "llmpolicies", "patch"),
        grant(crd, "llmroutes/status", "patch"),
        grant(crd, "llmpolicies/status", "patch"),
        // Snapshot reads.
        grant("", "secrets", "get"),
        grant("gateway.networking.k8s.io", "gateways", "list"),
        // Apply and prune.
        grant("networking.istio.io", "envoyfilters", "patch"),
        grant("networking.istio.io", "envoyfilters", "list"),
        grant("networking.istio.io", "envoyfilters", "delete"),
    ]
    .into_iter()
    .collect();
    assert_eq!(granted("ClusterRole"), used);
    let lease: BTreeSet<Grant> = [
        grant("coordination.k8s.io", "leases", "get"),
        grant("coordination.k8s.io", "leases", "create"),
        grant("coordination.k8s.io", "leases", "update"),
    ]
    .into_iter()
    .collect();
    assert_eq!(granted("Role"), lease);
}

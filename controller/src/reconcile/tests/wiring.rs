//! The controller's wiring: which objects a Secret change wakes, the back-off, the error metric.

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::core::v1::Secret;
use kube::core::PartialObjectMeta;
use kube::runtime::reflector::store::Writer;
use kube::runtime::watcher;

use super::fixtures::*;
use super::server::context;
use crate::crd::LLMRoute;
use crate::reconcile::controller::{error_policy, referencing};
use crate::reconcile::engine::Error;

fn secret_meta(namespace: &str, name: &str) -> PartialObjectMeta<Secret> {
    serde_json::from_value(serde_json::json!({
        "apiVersion": "v1", "kind": "Secret",
        "metadata": { "name": name, "namespace": namespace }
    }))
    .unwrap()
}

#[test]
fn a_secret_change_wakes_the_routes_of_its_namespace_that_reference_it() {
    let mut writer: Writer<LLMRoute> = Writer::new(());
    let mut other_ns = route();
    other_ns.metadata.namespace = Some("team-b".into());
    other_ns.metadata.uid = Some("uid-b".into());
    let mut no_key = route();
    no_key.metadata.name = Some("plain".into());
    no_key.spec.backends[0].api_key = None;
    for r in [route(), other_ns, no_key] {
        writer.apply_watcher_event(&watcher::Event::Apply(r));
    }
    let store = writer.as_reader();
    let woken: Vec<String> = referencing(&store, &secret_meta(NS, "openai"))
        .into_iter()
        .map(|r| format!("{}/{}", r.namespace.unwrap(), r.name))
        .collect();
    assert_eq!(woken, ["team-a/chat"]);
    assert!(referencing(&store, &secret_meta(NS, "unrelated")).is_empty());
}

#[tokio::test]
async fn failures_back_off_exponentially_and_are_counted_by_class() {
    let (ctx, _api) = context();
    let obj = Arc::new(route());
    let mut delays = Vec::new();
    for _ in 0..9 {
        let action = error_policy(
            Arc::clone(&obj),
            &Error::Finalizer("x".into()),
            Arc::clone(&ctx),
        );
        delays.push(action);
    }
    let want = [5u64, 10, 20, 40, 80, 160, 300, 300, 300];
    for (action, secs) in delays.iter().zip(want) {
        assert_eq!(
            *action,
            kube::runtime::controller::Action::requeue(Duration::from_secs(secs))
        );
    }
    assert!(ctx
        .metrics
        .render()
        .contains("reconcile_errors_total{kind=\"LLMRoute\",error=\"finalizer\"} 9\n"));
    // A success resets the back-off.
    ctx.succeeded("LLMRoute/team-a/chat");
    assert_eq!(ctx.failed("LLMRoute/team-a/chat"), Duration::from_secs(5));
}

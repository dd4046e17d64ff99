//! The compute step alone: which objects and verdicts each scenario gives.

use std::collections::BTreeSet;

use super::fixtures::*;
use crate::reconcile::compute::compute;
use crate::reconcile::snapshot::Snapshot;
use crate::render::istio::IstioOptions;
use crate::render::Build;

fn snapshot() -> Snapshot {
    Snapshot {
        namespace: NS.into(),
        routes: vec![route()],
        policies: vec![],
        secrets: BTreeSet::from([(NS.to_string(), "openai".to_string())]),
        gateways: vec![],
    }
}

#[test]
fn explore() {
    let mut s = snapshot();
    let o = compute(&s, Build::Wasm, &IstioOptions::default());
    println!("OK: blocked={:?} verdicts={:#?} n={:?}", o.blocked, o.verdicts, o.desired.as_ref().map(|d| d.len()));
    s.secrets.clear();
    let o = compute(&s, Build::Wasm, &IstioOptions::default());
    println!("NOSECRET: blocked={:?} verdicts={:#?}", o.blocked, o.verdicts);
    let mut s = snapshot();
    s.routes[0].spec.default_backend = Some("nope".into());
    let o = compute(&s, Build::Wasm, &IstioOptions::default());
    println!("INVALID: blocked={:?} verdicts={:#?}", o.blocked, o.verdicts);
    let mut s = snapshot();
    s.policies = vec![policy("strict", "redact"), policy("lenient", "mask")];
    let o = compute(&s, Build::Wasm, &IstioOptions::default());
    println!("CONFLICT: blocked={:?} verdicts={:#?}", o.blocked, o.verdicts);
}

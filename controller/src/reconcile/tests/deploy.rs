//! controller/deploy/ stays what the code says: the CRDs are `llm-filters-controller crd`'s
//! output, and the Deployment runs the controller least-privileged with its probes.

use serde_yaml::Value;

fn read(file: &str) -> String {
    std::fs::read_to_string(format!("{}/deploy/{file}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("deploy/{file}: {e}"))
}

#[test]
fn crds_yaml_is_the_crd_subcommand_s_output() {
    let file = read("crds.yaml");
    let body: String = file
        .lines()
        .skip_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let now = crate::crd::crds_yaml().unwrap();
    assert!(
        body == now,
        "controller/deploy/crds.yaml is stale: cargo run -p controller -- crd > controller/deploy/crds.yaml (keep the header)"
    );
}

#[test]
fn the_deployment_runs_non_root_with_probes_on_the_metrics_port() {
    let doc: Value = serde_yaml::from_str(&read("deployment.yaml")).unwrap();
    let pod = &doc["spec"]["template"]["spec"];
    assert_eq!(pod["serviceAccountName"], "llm-filters-controller");
    assert_eq!(pod["securityContext"]["runAsNonRoot"], true);
    let c = &pod["containers"][0];
    assert_eq!(c["securityContext"]["allowPrivilegeEscalation"], false);
    assert_eq!(c["securityContext"]["readOnlyRootFilesystem"], true);
    assert_eq!(c["securityContext"]["capabilities"]["drop"][0], "ALL");
    assert_eq!(c["args"][0], "run");
    assert_eq!(c["livenessProbe"]["httpGet"]["path"], "/healthz");
    assert_eq!(c["readinessProbe"]["httpGet"]["path"], "/readyz");
    assert_eq!(c["ports"][0]["containerPort"], 8080);
    assert!(c["resources"]["limits"]["memory"].is_string());
    // The metrics server answers exactly these paths (see reconcile::metrics).
    let m = crate::reconcile::metrics::Metrics::default();
    m.set_ready(true);
    for path in ["/healthz", "/readyz", "/metrics"] {
        assert_eq!(m.respond(path).0, hyper::StatusCode::OK, "{path}");
    }
    let kustomization: Value = serde_yaml::from_str(&read("kustomization.yaml")).unwrap();
    let listed: Vec<&str> = kustomization["resources"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        listed,
        [
            "namespace.yaml",
            "crds.yaml",
            "rbac.yaml",
            "deployment.yaml"
        ]
    );
}

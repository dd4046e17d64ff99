//! `envoy/bootstrap.yaml` is the render of `controller/examples/`: this fails when either changes
//! alone, printing the difference and the command that regenerates the file.

use controller::cli::{render, Target};
use controller::render::Build;
use llm_filters_tests::{line_diff, workspace_root};

const REGENERATE: &str =
    "cargo run -q -p controller -- render -f controller/examples > envoy/bootstrap.yaml";

#[test]
fn the_shipped_bootstrap_is_the_render_of_the_examples() {
    let root = workspace_root();
    std::env::set_current_dir(&root).expect("cd to the workspace root");
    let rendered = render(
        std::path::Path::new("controller/examples"),
        Target::Envoy,
        Build::Wasm,
        "target/wasm32-wasip1/release",
    )
    .expect("render controller/examples");
    let shipped = std::fs::read_to_string(root.join("envoy/bootstrap.yaml"))
        .expect("read envoy/bootstrap.yaml");
    assert!(
        rendered == shipped,
        "envoy/bootstrap.yaml is not the render of controller/examples (- shipped, + rendered):\n{}\n\nRegenerate it from the repository root with:\n  {REGENERATE}",
        line_diff(&shipped, &rendered, 60)
    );
}

//! The command line: `crd` prints both CRDs, `render` turns a directory of CRs into a target's
//! objects, `run` starts the controller.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use serde_json::Value;

use crate::crd::{LLMPolicy, LLMRoute};
use crate::plan::{self, Gateway, Inputs, Plan};
use crate::render::envoy::{self, EnvoyOptions};
use crate::render::Build;

#[derive(Parser, Debug)]
#[command(
    name = "llm-filters-controller",
    version,
    about = "LLMRoute and LLMPolicy, rendered into Envoy and Istio configuration"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print both CRDs (YAML).
    Crd,
    /// Print the JSON Schema of each filter's plugin configuration (one JSON object, by filter
    /// name), derived from the filters' config types.
    Schema {
        /// Only this filter's (`model-router`, `pii-mask`, `prompt-transform`, `token-meter`).
        #[arg(long)]
        filter: Option<String>,
    },
    /// Render the CRs of a directory (every *.yaml / *.yml, multi-document) for a target.
    Render {
        /// Directory (or file) of LLMRoute, LLMPolicy and Gateway objects.
        #[arg(short = 'f', long = "filename")]
        dir: PathBuf,
        #[arg(long, value_enum, default_value_t = Target::Envoy)]
        target: Target,
        #[arg(long, value_enum, default_value_t = Build::Wasm)]
        build: Build,
        /// Where the wasm modules are (Envoy target).
        #[arg(long, default_value = "target/wasm32-wasip1/release")]
        module_dir: String,
        /// Istio target: the modules' URL, `{module}` standing for the module name
        /// (`file:///...` mounted into the proxy, `oci://...`, `https://...`).
        #[arg(long)]
        wasm_url: Option<String>,
    },
    /// Run the controller (in-cluster, or the kubeconfig's context): reconciles LLMRoutes and
    /// LLMPolicies into Istio objects.
    Run {
        /// How the proxies load the filters.
        #[arg(long, value_enum, default_value_t = Build::Wasm)]
        build: Build,
        /// Watch this namespace only (default: all).
        #[arg(long)]
        namespace: Option<String>,
        /// Address of `/metrics`, `/healthz`, `/readyz`.
        #[arg(long, default_value = "0.0.0.0:8080")]
        metrics_addr: std::net::SocketAddr,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    Envoy,
    Istio,
}

/// Reads every CR of `path` (a directory's `*.yaml`/`*.yml` in name order, or one file).
/// Objects without a namespace are in `default`; kinds other than LLMRoute, LLMPolicy, Gateway
/// and Secret are ignored (Secrets only count as present: their data is never read).
pub fn read_inputs(path: &Path) -> Result<Inputs> {
    let mut files = Vec::new();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).with_context(|| format!("read {}", path.display()))? {
            let p = entry?.path();
            if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                files.push(p);
            }
        }
        files.sort();
    } else {
        files.push(path.to_path_buf());
    }
    let mut inputs = Inputs::default();
    let mut secrets = BTreeSet::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).with_context(|| format!("read {}", file.display()))?;
        for (i, doc) in serde_yaml::Deserializer::from_str(&text).enumerate() {
            let value: Value = serde::Deserialize::deserialize(doc)
                .with_context(|| format!("{} document {i}: not YAML", file.display()))?;
            if value.is_null() {
                continue;
            }
            add_object(&mut inputs, &mut secrets, value)
                .with_context(|| format!("{} document {i}", file.display()))?;
        }
    }
    Ok(inputs)
}

fn add_object(
    inputs: &mut Inputs,
    secrets: &mut BTreeSet<(String, String)>,
    mut value: Value,
) -> Result<()> {
    if value.pointer("/metadata/namespace").is_none() {
        if let Some(m) = value.get_mut("metadata").and_then(Value::as_object_mut) {
            m.insert("namespace".into(), "default".into());
        }
    }
    let kind = value
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let str_at = |p: &str| {
        value
            .pointer(p)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    if matches!(kind.as_str(), "LLMRoute" | "LLMPolicy" | "Gateway") {
        // The apiserver refuses these; files on disk meet no apiserver. Namespaces and names end
        // up in status keys, quota scopes and environment variable names.
        let ns = str_at("/metadata/namespace");
        if !crate::plan::dns_label(&ns) {
            bail!(
                "{kind}: metadata.namespace '{}' is not a DNS label",
                ns.escape_debug()
            );
        }
        let name = str_at("/metadata/name");
        if name.len() > 253 || !name.split('.').all(crate::plan::dns_label) {
            bail!(
                "{kind}: metadata.name '{}' is not a DNS subdomain",
                name.escape_debug()
            );
        }
    }
    match kind.as_str() {
        "LLMRoute" => {
            let route = serde_json::from_value::<LLMRoute>(value.clone()).context("LLMRoute")?;
            no_unknown_fields("LLMRoute", &value, &route)?;
            inputs.routes.push(route);
        }
        "LLMPolicy" => {
            let policy = serde_json::from_value::<LLMPolicy>(value.clone()).context("LLMPolicy")?;
            no_unknown_fields("LLMPolicy", &value, &policy)?;
            inputs.policies.push(policy);
        }
        "Gateway" => {
            let port = value
                .pointer("/spec/listeners/0/port")
                .and_then(Value::as_u64)
                .and_then(|p| u16::try_from(p).ok())
                .filter(|p| *p > 0)
                .context("Gateway: spec.listeners[0].port: must be 1-65535")?;
            inputs.gateways.push(Gateway {
                namespace: str_at("/metadata/namespace"),
                name: str_at("/metadata/name"),
                address: value
                    .pointer("/spec/addresses/0/value")
                    .and_then(Value::as_str)
                    .map(String::from),
                port,
            });
        }
        "Secret" => {
            secrets.insert((str_at("/metadata/namespace"), str_at("/metadata/name")));
        }
        _ => {}
    }
    Ok(())
}

/// A field of `spec` the CRD does not have is an error naming it (see [`crate::strict`]).
fn no_unknown_fields<T: serde::Serialize>(kind: &str, input: &Value, typed: &T) -> Result<()> {
    let back = serde_json::to_value(typed)?;
    match crate::strict::first_unknown(&input["spec"], &back["spec"], "spec") {
        Some(field) => bail!("{kind}: {field}: unknown field"),
        None => Ok(()),
    }
}

/// The plan of a directory; a CR the plan left out is an error here (the CLI has no status to
/// report it in).
pub fn plan_dir(path: &Path) -> Result<Plan> {
    let inputs = read_inputs(path)?;
    let plan = plan::plan(&inputs)?;
    let problems: Vec<String> = plan
        .statuses
        .iter()
        .filter_map(|(k, s)| s.problem().map(|p| format!("{k}: {p}")))
        .collect();
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(plan)
}

/// `render` as text.
pub fn render(dir: &Path, target: Target, build: Build, module_dir: &str) -> Result<String> {
    render_with(dir, target, build, module_dir, None)
}

/// `render` as text, with the Istio modules' URL.
pub fn render_with(
    dir: &Path,
    target: Target,
    build: Build,
    module_dir: &str,
    wasm_url: Option<&str>,
) -> Result<String> {
    let plan = plan_dir(dir)?;
    match target {
        Target::Envoy => {
            let opts = EnvoyOptions {
                build,
                module_dir: module_dir.into(),
                ..EnvoyOptions::default()
            };
            Ok(envoy::render_yaml(
                &plan,
                &opts,
                &dir.display().to_string(),
            )?)
        }
        Target::Istio => render_istio(&plan, build, wasm_url),
    }
}

/// `schema` as text: every filter's schema by name, or one filter's.
pub fn schema_json(filter: Option<&str>) -> Result<String> {
    let value = match filter {
        None => Value::Object(
            crate::filter_schema::filter_schemas()
                .into_iter()
                .map(|(name, schema)| (name.to_string(), schema))
                .collect(),
        ),
        Some(name) => crate::filter_schema::filter_schema(name)
            .with_context(|| format!("no filter named {name:?}"))?,
    };
    Ok(serde_json::to_string_pretty(&value)?)
}

/// The Istio objects as one YAML stream.
fn render_istio(plan: &Plan, build: Build, wasm_url: Option<&str>) -> Result<String> {
    let mut opts = crate::render::istio::IstioOptions::default();
    if let Some(url) = wasm_url {
        opts.wasm_url = url.to_string();
    }
    let mut out = String::new();
    for object in crate::render::istio::render_with(plan, build, &opts)? {
        out.push_str("---\n");
        out.push_str(&serde_yaml::to_string(&object)?);
    }
    Ok(out)
}

/// Writes a command's output. A reader that stops early (`| head`) is not an error: `print!`
/// would panic on the broken pipe.
fn emit(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

pub async fn main(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Crd => emit(&crate::crd::crds_yaml()?)?,
        Command::Schema { filter } => emit(&format!("{}\n", schema_json(filter.as_deref())?))?,
        Command::Render {
            dir,
            target,
            build,
            module_dir,
            wasm_url,
        } => emit(&render_with(
            &dir,
            target,
            build,
            &module_dir,
            wasm_url.as_deref(),
        )?)?,
        Command::Run {
            build,
            namespace,
            metrics_addr,
        } => {
            let opts = crate::reconcile::RunOptions {
                build,
                namespace,
                metrics_addr,
                ..crate::reconcile::RunOptions::default()
            };
            crate::reconcile::run(opts).await?
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gateway_listening_on_port_0_is_refused() {
        let gw = |port: u64| {
            serde_json::json!({ "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
                "metadata": { "name": "gw" },
                "spec": { "listeners": [{ "name": "http", "port": port, "protocol": "HTTP" }] } })
        };
        let mut inputs = Inputs::default();
        let mut secrets = BTreeSet::new();
        let e = add_object(&mut inputs, &mut secrets, gw(0)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Gateway: spec.listeners[0].port: must be 1-65535"
        );
        add_object(&mut inputs, &mut secrets, gw(8080)).unwrap();
        assert_eq!(inputs.gateways[0].port, 8080);
    }

    #[test]
    fn names_the_apiserver_would_refuse_are_refused() {
        let route = |ns: &str, name: &str| {
            serde_json::json!({ "apiVersion": "llm-filters.io/v1alpha1", "kind": "LLMRoute",
                "metadata": { "name": name, "namespace": ns },
                "spec": { "backends": [{ "name": "b", "endpoint": { "url": "http://127.0.0.1:1" } }] } })
        };
        let mut inputs = Inputs::default();
        let mut secrets = BTreeSet::new();
        let e = add_object(&mut inputs, &mut secrets, route("Bad NS", "r")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "LLMRoute: metadata.namespace 'Bad NS' is not a DNS label"
        );
        let e = add_object(&mut inputs, &mut secrets, route("ok", "r/1..x")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "LLMRoute: metadata.name 'r/1..x' is not a DNS subdomain"
        );
        add_object(&mut inputs, &mut secrets, route("team-a", "chat.v2")).unwrap();
        assert_eq!(inputs.routes.len(), 1);
    }
}

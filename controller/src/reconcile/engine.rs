//! One namespace's reconcile: read everything, compute everything, then write — apply the
//! objects, prune what is no longer rendered, and set every CR's status.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Condition;
use k8s_openapi::jiff::Timestamp;
use kube::api::{Api, Patch, PatchParams};
use kube::{Client, ResourceExt};

use super::apply::{apply_and_prune, Applied};
use super::compute::{compute, Outcome};
use super::metrics::Metrics;
use super::objects::FIELD_MANAGER;
use super::snapshot::{self, Snapshot};
use super::status::{conditions, status_patch, unchanged, Cond};
use crate::crd::status::{reason, PROGRAMMED};
use crate::crd::{LLMPolicy, LLMRoute};
use crate::plan::ObjectKey;
use crate::render::istio::IstioOptions;
use crate::render::Build;

/// What every reconcile shares.
pub struct Context {
    pub client: Client,
    pub build: Build,
    pub istio: IstioOptions,
    pub metrics: Arc<Metrics>,
    /// The clock of `lastTransitionTime` (fixed in tests).
    pub now: fn() -> Timestamp,
    /// One reconcile per namespace at a time (the route and policy controllers both write it).
    locks: Mutex<BTreeMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Consecutive failures per object, for the back-off.
    failures: Mutex<BTreeMap<String, u32>>,
}

impl Context {
    pub fn new(client: Client, build: Build, istio: IstioOptions, metrics: Arc<Metrics>) -> Self {
        Context {
            client,
            build,
            istio,
            metrics,
            now: Timestamp::now,
            locks: Mutex::new(BTreeMap::new()),
            failures: Mutex::new(BTreeMap::new()),
        }
    }

    fn lock(&self, namespace: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(locks.entry(namespace.to_string()).or_default())
    }

    /// The delay before retrying `object` after one more failure: 5 s doubling to 5 min.
    pub fn failed(&self, object: &str) -> Duration {
        let mut f = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let n = f.entry(object.to_string()).or_default();
        *n = n.saturating_add(1);
        let secs = 5u64.saturating_mul(1u64 << (*n - 1).min(6));
        Duration::from_secs(secs.min(300))
    }

    pub fn succeeded(&self, object: &str) {
        let mut f = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        f.remove(object);
    }
}

/// Why a reconcile failed (it is retried with back-off).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("reading the namespace failed: {0}")]
    Read(#[source] kube::Error),
    #[error("applying the rendered objects failed: {0}")]
    Apply(#[source] kube::Error),
    #[error("writing status failed: {0}")]
    Status(#[source] kube::Error),
    #[error("finalizer: {0}")]
    Finalizer(String),
}

impl Error {
    /// A fixed label for `reconcile_errors_total`.
    pub fn class(&self) -> &'static str {
        match self {
            Error::Read(_) => "read",
            Error::Apply(_) => "apply",
            Error::Status(_) => "status",
            Error::Finalizer(_) => "finalizer",
        }
    }
}

/// What one namespace reconcile did.
#[derive(Debug, Default)]
pub struct Report {
    pub applied: Option<Applied>,
    pub blocked: Option<String>,
}

/// Reconciles `namespace` as a whole.
pub async fn reconcile_namespace(ctx: &Context, namespace: &str) -> Result<Report, Error> {
    let lock = ctx.lock(namespace);
    let _guard = lock.lock().await;
    let snapshot = snapshot::load(&ctx.client, namespace)
        .await
        .map_err(Error::Read)?;
    let outcome = compute(&snapshot, ctx.build, &ctx.istio);
    let applied = match &outcome.desired {
        Some(desired) => Some(apply_and_prune(&ctx.client, namespace, desired).await),
        None => None,
    };
    let programmed = match &applied {
        None => Programmed::Blocked(outcome.blocked.clone().unwrap_or_default()),
        Some(Ok(done)) => Programmed::Applied(done.applied.clone()),
        Some(Err(e)) => Programmed::Failed(e.to_string()),
    };
    write_statuses(ctx, &snapshot, &outcome, &programmed).await?;
    match applied {
        Some(Err(e)) => Err(Error::Apply(e)),
        Some(Ok(done)) => Ok(Report {
            applied: Some(done),
            blocked: None,
        }),
        None => Ok(Report {
            applied: None,
            blocked: outcome.blocked,
        }),
    }
}

enum Programmed {
    Applied(Vec<String>),
    Blocked(String),
    Failed(String),
}

fn programmed(verdict: Option<&[Cond; 2]>, programmed: &Programmed) -> Cond {
    let problem = verdict.and_then(|v| v.iter().find(|c| !c.ok));
    match (problem, programmed) {
        (_, Programmed::Failed(e)) => Cond::new(
            PROGRAMMED,
            false,
            reason::PENDING,
            format!("apply failed: {e}"),
        ),
        (_, Programmed::Blocked(why)) => Cond::new(
            PROGRAMMED,
            false,
            reason::PENDING,
            format!("nothing applied: {why}"),
        ),
        (Some(p), Programmed::Applied(_)) => Cond::new(
            PROGRAMMED,
            false,
            reason::INVALID,
            format!("left out of the render: {}", p.message),
        ),
        (None, Programmed::Applied(objects)) => Cond::new(
            PROGRAMMED,
            true,
            reason::PROGRAMMED,
            if objects.is_empty() {
                "nothing to apply".to_string()
            } else {
                format!("applied {}", objects.join(", "))
            },
        ),
    }
}

async fn write_statuses(
    ctx: &Context,
    snapshot: &Snapshot,
    outcome: &Outcome,
    result: &Programmed,
) -> Result<(), Error> {
    let ns = &snapshot.namespace;
    for r in &snapshot.routes {
        let key = ObjectKey::route(ns, &r.name_any());
        let current = r.status.clone().unwrap_or_default();
        let api: Api<LLMRoute> = Api::namespaced(ctx.client.clone(), ns);
        patch_status(
            ctx,
            &api,
            "LLMRoute",
            &r.name_any(),
            r.metadata.generation,
            (&current.conditions, current.observed_generation),
            wanted(outcome.verdicts.get(&key), result),
        )
        .await?;
    }
    for p in &snapshot.policies {
        let key = ObjectKey::policy(ns, &p.name_any());
        let current = p.status.clone().unwrap_or_default();
        let api: Api<LLMPolicy> = Api::namespaced(ctx.client.clone(), ns);
        patch_status(
            ctx,
            &api,
            "LLMPolicy",
            &p.name_any(),
            p.metadata.generation,
            (&current.conditions, current.observed_generation),
            wanted(outcome.verdicts.get(&key), result),
        )
        .await?;
    }
    Ok(())
}

fn wanted(verdict: Option<&[Cond; 2]>, result: &Programmed) -> Vec<Cond> {
    let mut conds: Vec<Cond> = verdict.map(|v| v.to_vec()).unwrap_or_default();
    conds.push(programmed(verdict, result));
    conds
}

async fn patch_status<K>(
    ctx: &Context,
    api: &Api<K>,
    kind: &str,
    name: &str,
    generation: Option<i64>,
    current: (&[Condition], Option<i64>),
    wanted: Vec<Cond>,
) -> Result<(), Error>
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug,
{
    let next = conditions(&wanted, current.0, generation, (ctx.now)());
    if unchanged(current.0, current.1, &next, generation) {
        return Ok(());
    }
    let api_version = format!("{}/v1alpha1", crate::crd::GROUP);
    let body = status_patch(&api_version, kind, generation, &next);
    api.patch_status(
        name,
        &PatchParams::apply(FIELD_MANAGER).force(),
        &Patch::Apply(&body),
    )
    .await
    .map_err(Error::Status)?;
    Ok(())
}

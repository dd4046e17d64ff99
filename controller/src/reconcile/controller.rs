//! The kube-rs `Controller`s: one over `LLMRoute`, one over `LLMPolicy`, each also woken by the
//! Secrets its objects reference (watched as metadata only: no Secret value is ever held). The
//! finalizer makes a deletion re-render the namespace without the object (and prune) before
//! the object goes.

use std::fmt::Debug;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::NamespaceResourceScope;
use kube::api::Api;
use kube::core::PartialObjectMeta;
use kube::runtime::controller::Action;
use kube::runtime::finalizer::{finalizer, Event};
use kube::runtime::reflector::{ObjectRef, Store};
use kube::runtime::{watcher, Controller};
use kube::{Client, Resource, ResourceExt};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::engine::{reconcile_namespace, Context, Error};
use super::lease::{LeaderElector, LeaseConfig};
use super::metrics::{self, Metrics};
use super::snapshot::secret_refs;
use crate::crd::{LLMPolicy, LLMRoute};
use crate::render::istio::IstioOptions;
use crate::render::Build;

/// Set on every LLMRoute and LLMPolicy: its deletion waits for the namespace's re-render.
pub const FINALIZER: &str = "llm-filters.io/cleanup";
/// A successful reconcile is repeated this often (repairs objects edited or deleted by hand).
pub const RESYNC: Duration = Duration::from_secs(300);

/// A CRD the controllers reconcile.
pub trait Reconciled:
    Resource<DynamicType = (), Scope = NamespaceResourceScope>
    + Clone
    + DeserializeOwned
    + Serialize
    + Debug
    + Send
    + Sync
    + 'static
{
    const KIND: &'static str;
    fn spec_json(&self) -> serde_json::Value;
}

impl Reconciled for LLMRoute {
    const KIND: &'static str = "LLMRoute";
    fn spec_json(&self) -> serde_json::Value {
        serde_json::to_value(&self.spec).unwrap_or_default()
    }
}

impl Reconciled for LLMPolicy {
    const KIND: &'static str = "LLMPolicy";
    fn spec_json(&self) -> serde_json::Value {
        serde_json::to_value(&self.spec).unwrap_or_default()
    }
}

/// Reconciles one object: adds the finalizer if missing (and waits for the change it causes),
/// else re-renders the object's whole namespace; on deletion, re-renders without it, then lets
/// it go.
pub async fn reconcile<K: Reconciled>(obj: Arc<K>, ctx: Arc<Context>) -> Result<Action, Error> {
    ctx.metrics.reconciled(K::KIND);
    let namespace = obj.namespace().unwrap_or_default();
    let id = format!("{}/{namespace}/{}", K::KIND, obj.name_any());
    let api: Api<K> = Api::namespaced(ctx.client.clone(), &namespace);
    let (ctx_ref, ns_ref) = (&ctx, &namespace);
    let result = finalizer(&api, FINALIZER, obj, |event| async move {
        match event {
            // A deleted object is left out of the namespace's snapshot: the same reconcile
            // renders the namespace without it.
            Event::Apply(_) | Event::Cleanup(_) => {
                reconcile_namespace(ctx_ref, ns_ref).await.map(|report| {
                    if let Some(why) = &report.blocked {
                        tracing::info!(namespace = %ns_ref, why = %why, "nothing applied");
                    }
                    Action::requeue(RESYNC)
                })
            }
        }
    })
    .await
    .map_err(|e| match e {
        kube::runtime::finalizer::Error::ApplyFailed(e)
        | kube::runtime::finalizer::Error::CleanupFailed(e) => e,
        other => Error::Finalizer(other.to_string()),
    });
    if result.is_ok() {
        ctx.succeeded(&id);
    }
    result
}

/// Counts the failure and retries with exponential back-off.
pub fn error_policy<K: Reconciled>(obj: Arc<K>, error: &Error, ctx: Arc<Context>) -> Action {
    ctx.metrics.failed(K::KIND, error.class());
    let id = format!(
        "{}/{}/{}",
        K::KIND,
        obj.namespace().unwrap_or_default(),
        obj.name_any()
    );
    let delay = ctx.failed(&id);
    tracing::warn!(object = %id, error = %error, retry_in = ?delay, "reconcile failed");
    Action::requeue(delay)
}

/// The objects of `store` a Secret's change concerns: those in its namespace that reference it.
pub(crate) fn referencing<K: Reconciled>(
    store: &Store<K>,
    secret: &PartialObjectMeta<Secret>,
) -> Vec<ObjectRef<K>> {
    let ns = secret.namespace();
    let name = secret.name_any();
    store
        .state()
        .iter()
        .filter(|o| o.namespace() == ns)
        .filter(|o| {
            let mut refs = Default::default();
            secret_refs(&o.spec_json(), &mut refs);
            refs.contains_key(&name)
        })
        .map(|o| ObjectRef::from_obj(o.as_ref()))
        .collect()
}

/// Runs the controller of `K` until `shutdown` resolves.
async fn run_one<K: Reconciled>(
    ctx: Arc<Context>,
    namespace: Option<String>,
    shutdown: impl std::future::Future<Output = ()> + Send + Sync + 'static,
) {
    let client = ctx.client.clone();
    // Secrets as metadata only: no value is ever transferred to the controller.
    let (api, secrets): (Api<K>, Api<PartialObjectMeta<Secret>>) = match &namespace {
        Some(ns) => (
            Api::namespaced(client.clone(), ns),
            Api::namespaced(client, ns),
        ),
        None => (Api::all(client.clone()), Api::all(client)),
    };
    let controller = Controller::new(api, watcher::Config::default());
    let store = controller.store();
    controller
        .watches(secrets, watcher::Config::default(), move |s| {
            referencing(&store, &s)
        })
        .graceful_shutdown_on(shutdown)
        .run(reconcile::<K>, error_policy::<K>, ctx)
        .for_each(|r| async move {
            if let Err(e) = r {
                tracing::debug!(error = %e, "controller event");
            }
        })
        .await;
}

/// Options of `llm-filters-controller run`.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// `/metrics`, `/healthz`, `/readyz`.
    pub metrics_addr: SocketAddr,
    /// The Lease's namespace (default: `$POD_NAMESPACE`, else `llm-filters-system`).
    pub lease_namespace: Option<String>,
    /// This replica's identity in the Lease (default: `$POD_NAME`, else `$HOSTNAME`).
    pub identity: Option<String>,
    pub build: Build,
    pub istio: IstioOptions,
    /// Watch one namespace only (default: all).
    pub namespace: Option<String>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            metrics_addr: SocketAddr::from(([0, 0, 0, 0], 8080)),
            lease_namespace: None,
            identity: None,
            build: Build::Wasm,
            istio: IstioOptions::default(),
            namespace: None,
        }
    }
}

/// Runs the controller: in-cluster config or the kubeconfig (`Client::try_default`), metrics
/// and probes, leader election; reconciles while this replica holds the Lease. Returns on
/// SIGTERM / Ctrl-C (after releasing the Lease), or with an error when the Lease is lost.
pub async fn run(opts: RunOptions) -> anyhow::Result<()> {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .try_init();
    let client = Client::try_default().await?;
    let metrics = Arc::new(Metrics::default());
    let server = tokio::spawn(metrics::serve(opts.metrics_addr, Arc::clone(&metrics)));

    let lease_ns = opts
        .lease_namespace
        .clone()
        .or_else(|| std::env::var("POD_NAMESPACE").ok())
        .unwrap_or_else(|| "llm-filters-system".into());
    let identity = opts
        .identity
        .clone()
        .or_else(|| std::env::var("POD_NAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "llm-filters-controller".into());
    let elector = LeaderElector::new(client.clone(), LeaseConfig::new(&lease_ns, &identity));

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    });
    let stopped = move || {
        let mut rx = stop_rx.clone();
        async move {
            let _ = rx.wait_for(|s| *s).await;
        }
    };

    let (leading_tx, leading_rx) = tokio::sync::oneshot::channel();
    let ctx = Arc::new(Context::new(
        client,
        opts.build,
        opts.istio.clone(),
        Arc::clone(&metrics),
    ));
    let controllers = {
        let metrics = Arc::clone(&metrics);
        let stopped = stopped.clone();
        async move {
            if leading_rx.await.is_err() {
                return;
            }
            metrics.set_leading(true);
            tracing::info!("leading: starting the LLMRoute and LLMPolicy controllers");
            tokio::join!(
                run_one::<LLMRoute>(Arc::clone(&ctx), opts.namespace.clone(), stopped()),
                run_one::<LLMPolicy>(ctx, opts.namespace, stopped()),
            );
        }
    };
    let lease = elector.run(leading_tx, stopped(), &metrics);
    tokio::pin!(lease);
    let result = tokio::select! {
        lease = &mut lease => lease.map_err(anyhow::Error::from),
        // The controllers stop on the shutdown signal; the lease task then releases the Lease.
        () = controllers => lease.await.map_err(anyhow::Error::from),
    };
    server.abort();
    result
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

//! Leader election with a `coordination.k8s.io/v1` Lease.
//!
//! kube-rs has none built in. Only the replica holding the Lease reconciles; the others wait. The
//! holder renews well within the lease duration; a replica takes over only a lease whose last
//! renewal is older than its duration. Every write is a `create` or a `replace` carrying the
//! `resourceVersion` it read, so two replicas racing for one expired lease cannot both win: the
//! API server refuses the second write with 409 Conflict.
//!
//! A holder that fails to renew before its lease expires must stop reconciling at once (another
//! replica may already have taken over): `run` returns, and the process exits.

use std::time::Duration;

use k8s_openapi::api::coordination::v1::{Lease, LeaseSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta};
use k8s_openapi::jiff::{SignedDuration, Timestamp};
use kube::api::{Api, PostParams};

/// Where the lease lives and how it is held.
#[derive(Clone, Debug)]
pub struct LeaseConfig {
    pub name: String,
    pub namespace: String,
    /// This replica's identity (the pod name).
    pub identity: String,
    /// How long a renewal stays valid.
    pub lease_duration: Duration,
    /// How often the holder renews (and a waiting replica retries).
    pub renew_every: Duration,
}

impl LeaseConfig {
    pub fn new(namespace: &str, identity: &str) -> Self {
        Self {
            name: "llm-filters-controller".into(),
            namespace: namespace.into(),
            identity: identity.into(),
            lease_duration: Duration::from_secs(15),
            renew_every: Duration::from_secs(5),
        }
    }
}

/// One replica's view of the Lease.
pub struct LeaderElector {
    api: Api<Lease>,
    config: LeaseConfig,
}

/// What one attempt found.
#[derive(Debug, PartialEq, Eq)]
pub enum Attempt {
    /// This replica holds the lease (just created, renewed or taken over).
    Leading,
    /// Another replica holds a current lease.
    Following { holder: String },
}

impl LeaderElector {
    pub fn new(client: kube::Client, config: LeaseConfig) -> Self {
        let api = Api::namespaced(client, &config.namespace);
        Self { api, config }
    }

    /// Acquires, renews or observes the lease once, at time `now`.
    pub async fn try_acquire_or_renew(&self, now: Timestamp) -> Result<Attempt, kube::Error> {
        let cfg = &self.config;
        let Some(current) = self.api.get_opt(&cfg.name).await? else {
            let lease = self.lease(None, now, now, 0);
            return match self.api.create(&PostParams::default(), &lease).await {
                Ok(_) => Ok(Attempt::Leading),
                // Another replica created it between our read and our write.
                Err(e) if is_conflict(&e) => Ok(self.follower("")),
                Err(e) => Err(e),
            };
        };
        let spec = current.spec.clone().unwrap_or_default();
        let holder = spec.holder_identity.clone().unwrap_or_default();
        let transitions = spec.lease_transitions.unwrap_or(0);
        let (acquired, transitions) = if holder == cfg.identity {
            (spec.acquire_time.map(|t| t.0).unwrap_or(now), transitions)
        } else if holder.is_empty() || expired(&spec, now) {
            (now, transitions.saturating_add(1))
        } else {
            return Ok(self.follower(&holder));
        };
        let lease = self.lease(
            current.metadata.resource_version.clone(),
            acquired,
            now,
            transitions,
        );
        match self
            .api
            .replace(&cfg.name, &PostParams::default(), &lease)
            .await
        {
            Ok(_) => Ok(Attempt::Leading),
            Err(e) if is_conflict(&e) => Ok(self.follower(&holder)),
            Err(e) => Err(e),
        }
    }

    /// Gives the lease up (on shutdown) so another replica need not wait for it to expire.
    pub async fn release(&self) -> Result<(), kube::Error> {
        let Some(current) = self.api.get_opt(&self.config.name).await? else {
            return Ok(());
        };
        let spec = current.spec.clone().unwrap_or_default();
        if spec.holder_identity.as_deref() != Some(self.config.identity.as_str()) {
            return Ok(());
        }
        let mut lease = current;
        lease.metadata.managed_fields = None;
        lease.spec = Some(LeaseSpec {
            holder_identity: None,
            ..spec
        });
        self.api
            .replace(&self.config.name, &PostParams::default(), &lease)
            .await
            .map(|_| ())
    }

    /// Waits until this replica leads, then keeps renewing; returns when the lease is lost
    /// (an error or another holder) or `shutdown` resolves. `on_leading` is told once.
    pub async fn run(
        &self,
        on_leading: tokio::sync::oneshot::Sender<()>,
        shutdown: impl std::future::Future<Output = ()>,
        metrics: &super::metrics::Metrics,
    ) -> Result<(), LeaseLost> {
        tokio::pin!(shutdown);
        let mut on_leading = Some(on_leading);
        let mut last_renewal: Option<tokio::time::Instant> = None;
        loop {
            let attempt = self.try_acquire_or_renew(Timestamp::now()).await;
            if attempt.is_ok() {
                // The API server answers: ready (a follower too, see `metrics`).
                metrics.set_ready(true);
            }
            match (attempt, last_renewal) {
                (Ok(Attempt::Leading), _) => {
                    last_renewal = Some(tokio::time::Instant::now());
                    if let Some(tx) = on_leading.take() {
                        tracing::info!(identity = %self.config.identity, "acquired leader lease");
                        let _ = tx.send(());
                    }
                }
                (Ok(Attempt::Following { holder }), Some(_)) => {
                    metrics.set_leading(false);
                    return Err(LeaseLost(format!("lease taken over by {holder}")));
                }
                (Ok(Attempt::Following { .. }), None) => {}
                (Err(e), Some(at)) if at.elapsed() >= self.config.lease_duration => {
                    metrics.set_leading(false);
                    return Err(LeaseLost(format!("could not renew the lease in time: {e}")));
                }
                (Err(e), _) => tracing::warn!(error = %e, "lease request failed; retrying"),
            }
            tokio::select! {
                () = &mut shutdown => {
                    if last_renewal.is_some() {
                        if let Err(e) = self.release().await {
                            tracing::warn!(error = %e, "could not release the lease");
                        }
                    }
                    return Ok(());
                }
                () = tokio::time::sleep(self.config.renew_every) => {}
            }
        }
    }

    fn follower(&self, holder: &str) -> Attempt {
        Attempt::Following {
            holder: holder.to_string(),
        }
    }

    fn lease(
        &self,
        resource_version: Option<String>,
        acquired: Timestamp,
        renewed: Timestamp,
        transitions: i32,
    ) -> Lease {
        let cfg = &self.config;
        Lease {
            metadata: ObjectMeta {
                name: Some(cfg.name.clone()),
                namespace: Some(cfg.namespace.clone()),
                resource_version,
                ..ObjectMeta::default()
            },
            spec: Some(LeaseSpec {
                holder_identity: Some(cfg.identity.clone()),
                lease_duration_seconds: Some(
                    i32::try_from(cfg.lease_duration.as_secs()).unwrap_or(i32::MAX),
                ),
                acquire_time: Some(MicroTime(acquired)),
                renew_time: Some(MicroTime(renewed)),
                lease_transitions: Some(transitions),
                ..LeaseSpec::default()
            }),
        }
    }
}

/// The lease was lost: this replica must stop reconciling.
#[derive(Debug, thiserror::Error)]
#[error("leader lease lost: {0}")]
pub struct LeaseLost(pub String);

/// A lease whose last renewal is older than its duration (or that was never renewed).
fn expired(spec: &LeaseSpec, now: Timestamp) -> bool {
    let Some(renewed) = spec.renew_time.as_ref().map(|t| t.0) else {
        return true;
    };
    let duration = SignedDuration::from_secs(i64::from(spec.lease_duration_seconds.unwrap_or(0)));
    match renewed.checked_add(duration) {
        Ok(until) => until < now,
        Err(_) => false,
    }
}

fn is_conflict(e: &kube::Error) -> bool {
    matches!(e, kube::Error::Api(s) if s.code == 409)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{Request, Response};
    use kube::client::Body;
    use serde_json::{json, Value};

    type Handle = tower_test::mock::Handle<Request<Body>, Response<Body>>;

    const PATH: &str = "/apis/coordination.k8s.io/v1/namespaces/llm-filters-system/leases";

    fn elector() -> (LeaderElector, Handle) {
        let (svc, handle) = tower_test::mock::pair::<Request<Body>, Response<Body>>();
        let client = kube::Client::new(svc, "default");
        let config = LeaseConfig::new("llm-filters-system", "pod-a");
        (LeaderElector::new(client, config), handle)
    }

    fn now() -> Timestamp {
        "2026-03-01T10:00:00Z".parse().unwrap()
    }

    fn lease(holder: &str, renewed: &str, transitions: i32) -> Value {
        json!({
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
            "metadata": { "name": "llm-filters-controller", "namespace": "llm-filters-system", "resourceVersion": "41" },
            "spec": { "holderIdentity": holder, "leaseDurationSeconds": 15,
                      "acquireTime": "2026-03-01T09:00:00.000000Z", "renewTime": renewed,
                      "leaseTransitions": transitions }
        })
    }

    fn not_found() -> Response<Body> {
        let status = json!({ "kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404, "message": "not found" });
        Response::builder()
            .status(404)
            .body(Body::from(serde_json::to_vec(&status).unwrap()))
            .unwrap()
    }

    fn conflict() -> Response<Body> {
        let status = json!({ "kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "Conflict", "code": 409, "message": "the object has been modified" });
        Response::builder()
            .status(409)
            .body(Body::from(serde_json::to_vec(&status).unwrap()))
            .unwrap()
    }

    fn ok(v: &Value) -> Response<Body> {
        Response::builder()
            .body(Body::from(serde_json::to_vec(v).unwrap()))
            .unwrap()
    }

    async fn expect(
        handle: &mut Handle,
        method: &str,
        uri: &str,
    ) -> (Value, tower_test::mock::SendResponse<Response<Body>>) {
        let (req, send) = handle.next_request().await.expect("a request");
        assert_eq!(req.method().as_str(), method);
        assert_eq!(req.uri().to_string(), uri);
        let bytes = req.into_body().collect_bytes().await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap()
        };
        (body, send)
    }

    #[tokio::test]
    async fn creates_a_missing_lease_and_leads() {
        let (elector, mut handle) = elector();
        let server = tokio::spawn(async move {
            let (_, send) = expect(
                &mut handle,
                "GET",
                &format!("{PATH}/llm-filters-controller"),
            )
            .await;
            send.send_response(not_found());
            let (body, send) = expect(&mut handle, "POST", &format!("{PATH}?")).await;
            assert_eq!(body["spec"]["holderIdentity"], "pod-a");
            assert_eq!(body["spec"]["leaseDurationSeconds"], 15);
            assert_eq!(body["spec"]["leaseTransitions"], 0);
            assert_eq!(body["spec"]["renewTime"], "2026-03-01T10:00:00.000000Z");
            assert!(body["metadata"].get("resourceVersion").is_none());
            send.send_response(ok(&body));
        });
        assert_eq!(
            elector.try_acquire_or_renew(now()).await.unwrap(),
            Attempt::Leading
        );
        server.await.unwrap();
    }

    #[tokio::test]
    async fn follows_a_current_lease_without_writing() {
        let (elector, mut handle) = elector();
        let server = tokio::spawn(async move {
            let (_, send) = expect(
                &mut handle,
                "GET",
                &format!("{PATH}/llm-filters-controller"),
            )
            .await;
            // Renewed 10 s ago, valid for 15 s.
            send.send_response(ok(&lease("pod-b", "2026-03-01T09:59:50.000000Z", 3)));
        });
        assert_eq!(
            elector.try_acquire_or_renew(now()).await.unwrap(),
            Attempt::Following {
                holder: "pod-b".into()
            }
        );
        server.await.unwrap();
    }

    #[tokio::test]
    async fn takes_over_an_expired_lease_with_its_resource_version() {
        let (elector, mut handle) = elector();
        let server = tokio::spawn(async move {
            let (_, send) = expect(
                &mut handle,
                "GET",
                &format!("{PATH}/llm-filters-controller"),
            )
            .await;
            // Renewed 20 s ago, valid for 15 s: expired.
            send.send_response(ok(&lease("pod-b", "2026-03-01T09:59:40.000000Z", 3)));
            let (body, send) = expect(
                &mut handle,
                "PUT",
                &format!("{PATH}/llm-filters-controller?"),
            )
            .await;
            assert_eq!(body["metadata"]["resourceVersion"], "41");
            assert_eq!(body["spec"]["holderIdentity"], "pod-a");
            assert_eq!(body["spec"]["leaseTransitions"], 4);
            assert_eq!(body["spec"]["acquireTime"], "2026-03-01T10:00:00.000000Z");
            send.send_response(ok(&body));
        });
        assert_eq!(
            elector.try_acquire_or_renew(now()).await.unwrap(),
            Attempt::Leading
        );
        server.await.unwrap();
    }

    #[tokio::test]
    async fn renews_its_own_lease_keeping_acquire_time() {
        let (elector, mut handle) = elector();
        let server = tokio::spawn(async move {
            let (_, send) = expect(
                &mut handle,
                "GET",
                &format!("{PATH}/llm-filters-controller"),
            )
            .await;
            send.send_response(ok(&lease("pod-a", "2026-03-01T09:59:55.000000Z", 2)));
            let (body, send) = expect(
                &mut handle,
                "PUT",
                &format!("{PATH}/llm-filters-controller?"),
            )
            .await;
            assert_eq!(body["spec"]["leaseTransitions"], 2);
            assert_eq!(body["spec"]["acquireTime"], "2026-03-01T09:00:00.000000Z");
            assert_eq!(body["spec"]["renewTime"], "2026-03-01T10:00:00.000000Z");
            send.send_response(ok(&body));
        });
        assert_eq!(
            elector.try_acquire_or_renew(now()).await.unwrap(),
            Attempt::Leading
        );
        server.await.unwrap();
    }

    #[tokio::test]
    async fn losing_the_race_for_an_expired_lease_is_following() {
        let (elector, mut handle) = elector();
        let server = tokio::spawn(async move {
            let (_, send) = expect(
                &mut handle,
                "GET",
                &format!("{PATH}/llm-filters-controller"),
            )
            .await;
            send.send_response(ok(&lease("pod-b", "2026-03-01T09:00:00.000000Z", 3)));
            let (_, send) = expect(
                &mut handle,
                "PUT",
                &format!("{PATH}/llm-filters-controller?"),
            )
            .await;
            send.send_response(conflict());
        });
        assert_eq!(
            elector.try_acquire_or_renew(now()).await.unwrap(),
            Attempt::Following {
                holder: "pod-b".into()
            }
        );
        server.await.unwrap();
    }
}

//! The target-independent plan: what every render (Envoy bootstrap, Istio objects) is made of,
//! computed once from the CRs by [`plan`]. A render only lays the plan out in its target's
//! objects; every decision (which backend, which config for which requests, what conflicts) is
//! taken here.
//!
//! The filter configs in a plan are the filters' own config types (`RouteRules<RouterConfig>`,
//! ...), built from the CRs and checked with the filters' own validation: the controller never
//! writes filter JSON by hand.

mod backends;
mod checks;
mod groups;
mod schema;
mod secrets;
mod status;

use std::collections::{BTreeMap, BTreeSet};

use llm_filters_core::RouteRules;
use model_router::RouterConfig;
use pii_mask::PiiConfig;
use prompt_transform::TransformConfig;
use token_meter::MeterConfig;

use crate::crd::policy::{JwtProvider, RateUnit};
use crate::crd::{LLMPolicy, LLMRoute};

pub use groups::{GroupMatch, PathRule};
pub use status::{Condition, ObjectKey, ObjectKind, ObjectStatus};

/// What a plan is computed from.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub routes: Vec<LLMRoute>,
    pub policies: Vec<LLMPolicy>,
    /// Secrets that exist, as `(namespace, name)`. `None`: do not check (the CLI render, which
    /// never reads Secrets); a reference to a Secret not listed makes `ResolvedRefs` false.
    pub secrets: Option<BTreeSet<(String, String)>>,
    /// The Gateways present (targets of gateway-wide policies; the listener of the Envoy render).
    pub gateways: Vec<Gateway>,
}

/// A Gateway API `Gateway`, as far as the plan needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gateway {
    pub namespace: String,
    pub name: String,
    /// The listener address (`spec.addresses[0].value`), if any.
    pub address: Option<String>,
    /// The listener port (`spec.listeners[0].port`).
    pub port: u16,
}

/// Everything a render needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The listener: where clients connect (from the Gateway, else `0.0.0.0:10000`).
    pub listener: Listener,
    /// One cluster per backend, in backend-name order. A cluster lists its backend's endpoint at
    /// priority 0 and each fallback backend's endpoint at priorities 1, 2, ... in fallback order
    /// (Envoy's retry to the next priority is the fallback).
    pub clusters: Vec<Cluster>,
    /// model-router's config (route stage and upstream stage alike): one rule per route group,
    /// each holding every backend (backend names are global).
    pub model_router: RouteRules<RouterConfig>,
    /// prompt-transform's folded config (templates and endpoints of routes, decorators/params of
    /// policies); `None` when no route or policy uses it (the filter is not rendered).
    pub prompt_transform: Option<RouteRules<TransformConfig>>,
    /// pii-mask's folded config; `None` when no policy sets `piiMask`.
    pub pii_mask: Option<RouteRules<PiiConfig>>,
    /// token-meter's folded config; `None` when no policy sets `tokenMeter`.
    pub token_meter: Option<RouteRules<MeterConfig>>,
    /// Envoy's `jwt_authn`, first in the chain; `None` when no policy sets `authentication`.
    pub jwt_authn: Option<JwtAuthn>,
    /// Envoy's `local_ratelimit`; `None` when no policy sets `rateLimit`.
    pub local_ratelimit: Option<LocalRateLimit>,
    /// Environment variables the proxy must have, each fed from a Secret key (provider API keys,
    /// pii-mask's hash key). Filters name them in config; the values never enter a rendered object.
    pub env: BTreeMap<String, SecretSource>,
    /// The conditions of every CR in the inputs (accepted, references, conflicts), by object.
    pub statuses: BTreeMap<ObjectKey, ObjectStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listener {
    pub address: String,
    pub port: u16,
}

/// A Secret key that feeds an environment variable of the proxy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SecretSource {
    pub namespace: String,
    pub name: String,
    pub key: String,
}

/// One Envoy cluster: the backend's endpoint first, then its fallbacks'.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// `llm_<backend>` with `-` as `_`.
    pub name: String,
    /// The backend (value of `x-llm-backend`) whose requests this cluster carries.
    pub backend: String,
    /// Priority 0 is `backend`'s endpoint; priority n its n-th fallback's.
    pub endpoints: Vec<PriorityEndpoint>,
    /// TCP/TLS connect timeout in milliseconds.
    pub connect_timeout_ms: u64,
    /// Circuit breaker limit on connections, pending and active requests and retries.
    pub max_requests: u32,
    /// The Envoy route for `x-llm-backend: <backend>`: timeouts and retries.
    pub route: BackendRoute,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorityEndpoint {
    pub priority: u32,
    /// The backend this endpoint belongs to (endpoint metadata `llm.backend`: the upstream stage
    /// rewrites the attempt for it).
    pub backend: String,
    pub host: String,
    pub port: u16,
    /// Whether `host` is a DNS name (else an IP literal).
    pub dns: bool,
    /// TLS to this endpoint, with this SNI.
    pub tls: Option<Tls>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tls {
    pub sni: String,
    pub ca_file: String,
}

/// Timeouts and retries of a backend's Envoy route (milliseconds; 0 is none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendRoute {
    pub timeout_ms: u64,
    pub idle_timeout_ms: u64,
    pub per_try_timeout_ms: u64,
    /// Retries after the first attempt (each to the next priority).
    pub num_retries: u32,
    /// Statuses retried besides 5xx.
    pub retriable_status_codes: Vec<u16>,
}

/// Envoy `jwt_authn`: providers, and per route group which providers are required.
#[derive(Debug, Clone, PartialEq)]
pub struct JwtAuthn {
    /// Every provider, by a name unique in the plan (`<namespace>-<policy>-<provider>`).
    pub providers: BTreeMap<String, JwtProvider>,
    /// In match order: requests matching `matches` need a token of one of `providers`
    /// (empty: no token needed).
    pub rules: Vec<(GroupMatch, Vec<String>)>,
    /// Providers required of requests no rule matches (a gateway-wide policy); empty: none.
    pub default: Vec<String>,
}

/// Envoy `local_ratelimit`: a token bucket per route group, and one for the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalRateLimit {
    /// In match order, each with the descriptor value naming it (`route-<n>`).
    pub rules: Vec<(GroupMatch, String, Bucket)>,
    /// Requests no rule matches (a gateway-wide policy); `None`: unlimited.
    pub default: Option<Bucket>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    pub max_tokens: u32,
    pub tokens_per_fill: u32,
    pub fill_interval_ms: u64,
}

impl Bucket {
    pub fn from_crd(limit: &crate::crd::policy::RateLimit) -> Bucket {
        let fill_interval_ms = match limit.unit {
            RateUnit::Second => 1_000,
            RateUnit::Minute => 60_000,
            RateUnit::Hour => 3_600_000,
        };
        Bucket {
            max_tokens: limit.burst.unwrap_or(limit.requests),
            tokens_per_fill: limit.requests,
            fill_interval_ms,
        }
    }
}

/// Why no plan could be made at all (a single bad CR only fails that CR, in its status).
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("no LLMRoute was accepted: {0}")]
    NoRoutes(NoRoutes),
    #[error("the rendered {filter} config does not load: {reason}")]
    Invalid {
        filter: &'static str,
        reason: String,
    },
}

/// No route is accepted: every CR's verdict as far as the plan got (each route's own problem,
/// with its reason), so a reconciler reports them without parsing a message.
#[derive(Debug, Clone, PartialEq)]
pub struct NoRoutes {
    pub statuses: BTreeMap<ObjectKey, ObjectStatus>,
}

impl NoRoutes {
    /// The routes' problems, `LLMRoute <ns>/<name>: <problem>` joined by `; `.
    pub fn routes_problems(&self) -> String {
        self.statuses
            .iter()
            .filter(|(k, _)| k.kind == ObjectKind::Route)
            .filter_map(|(k, s)| s.problem().map(|p| format!("{k}: {p}")))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl std::fmt::Display for NoRoutes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.routes_problems() {
            p if p.is_empty() => f.write_str("there are none"),
            p => f.write_str(&p),
        }
    }
}

/// Computes the plan. Bad or conflicting CRs are left out of the plan and say why in
/// [`Plan::statuses`]; an error means nothing could be rendered at all.
pub fn plan(input: &Inputs) -> Result<Plan, PlanError> {
    let mut statuses = status::initial(input);
    let secrets = secrets::Secrets::new(input.secrets.as_ref());

    // Routes: check each alone, then the backends they share.
    let accepted = backends::accept_routes(input, &secrets, &mut statuses);
    let groups = groups::group(&accepted);
    let mut backends = backends::global_backends(&accepted, &secrets, &mut statuses);
    let groups: Vec<_> = groups
        .into_iter()
        .filter_map(|g| g.retain_accepted(&statuses))
        .collect();
    if groups.is_empty() {
        return Err(PlanError::NoRoutes(NoRoutes { statuses }));
    }
    let mut model_router = backends::router_rules(&groups, &backends, &mut statuses)?;
    // Routes model-router's rules rejected (a conflict within a group) get no policies either;
    // the oldest route of a group is never one of them, so no group empties here.
    let before = groups.iter().map(|g| g.routes.len()).sum::<usize>();
    let groups: Vec<_> = groups
        .into_iter()
        .filter_map(|g| g.retain_accepted(&statuses))
        .collect();
    if groups.iter().map(|g| g.routes.len()).sum::<usize>() != before {
        // Nor backends (clusters, Secrets) only they defined: a rejected route never half-applies.
        backends.retain(|name, _| {
            groups
                .iter()
                .flat_map(|g| g.routes.iter())
                .any(|r| r.spec().backends.iter().any(|b| b.name == *name))
        });
        model_router = backends::router_rules(&groups, &backends, &mut statuses)?;
    }
    let clusters = backends::clusters(&backends);

    // Policies: attach, fold per filter by precedence, report conflicts.
    let folded = crate::fold::fold(input, &groups, &secrets, &mut statuses)?;

    let mut env = secrets.env(&backends);
    for (name, source) in folded.env.clone() {
        // Only a hash collision of the names gets here (routes' keys clash as conflicts).
        secrets::claim(&mut env, name.clone(), source.clone()).map_err(|other| {
            PlanError::Invalid {
                filter: "pii-mask",
                reason: format!(
                    "piiMask.hash.secretRef (Secret {}/{} key {}) and another reference \
                     (Secret {}/{} key {}) share the environment variable {name}",
                    source.namespace,
                    source.name,
                    source.key,
                    other.namespace,
                    other.name,
                    other.key
                ),
            }
        })?;
    }

    Ok(Plan {
        listener: listener(&input.gateways),
        clusters,
        model_router,
        prompt_transform: folded.prompt_transform,
        pii_mask: folded.pii_mask,
        token_meter: folded.token_meter,
        jwt_authn: folded.jwt_authn,
        local_ratelimit: folded.local_ratelimit,
        env,
        statuses,
    })
}

fn listener(gateways: &[Gateway]) -> Listener {
    match gateways.first() {
        Some(g) => Listener {
            address: g.address.clone().unwrap_or_else(|| "0.0.0.0".into()),
            port: g.port,
        },
        None => Listener {
            address: "0.0.0.0".into(),
            port: 10000,
        },
    }
}

pub use checks::dns_label;
pub(crate) use groups::Group;
pub(crate) use secrets::{env_name as env_name_of, source as source_of, Secrets};

#[cfg(test)]
mod tests;

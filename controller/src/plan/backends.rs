//! Routes and backends: each LLMRoute checked alone, backends shared across routes by name,
//! model-router's `{default, rules}` config (one rule per route group), and the clusters with
//! their fallback priorities.

use std::collections::BTreeMap;

use kube::ResourceExt;
use llm_filters_core::config::Validate;
use llm_filters_core::rules::Rule;
use llm_filters_core::RouteRules;
use model_router::config::{
    Backend as RouterBackend, BackendAuth, ModelRoute, OtherPaths as RouterOtherPaths, Target,
};
use model_router::RouterConfig;

use crate::crd::route::{Backend, LLMRouteSpec, ModelRule, OtherPaths, ProviderSchema};
use crate::crd::status::reason;
use crate::crd::LLMRoute;

use super::groups::Group;
use super::secrets::{env_name, Secrets};
use super::status::{ObjectKey, ObjectStatus};
use super::{BackendRoute, Cluster, PlanError, PriorityEndpoint, Tls};

/// Default timeouts (ms) when a backend gives none: as the shipped local gateway.
const CONNECT_MS: u64 = 5_000;
const PER_TRY_MS: u64 = 30_000;
const IDLE_MS: u64 = 120_000;
/// Envoy's default limits of connections, pending and active requests.
const MAX_REQUESTS: u32 = 1024;
const DEFAULT_CA: &str = "/etc/ssl/certs/ca-certificates.crt";

/// A route that passed its own checks.
#[derive(Debug, Clone)]
pub struct AcceptedRoute {
    pub key: ObjectKey,
    pub route: LLMRoute,
}

impl AcceptedRoute {
    /// Older first, then namespace/name: the tie rule everywhere.
    pub fn age_key(&self) -> (Option<String>, ObjectKey) {
        let created = self
            .route
            .metadata
            .creation_timestamp
            .as_ref()
            .map(|t| t.0.to_string());
        // A route without a timestamp (files on disk) sorts after every dated one.
        (created.or(Some("~".into())), self.key.clone())
    }

    pub fn spec(&self) -> &LLMRouteSpec {
        &self.route.spec
    }

    /// `defaultBackend`, else the first backend.
    pub fn default_backend(&self) -> &str {
        self.spec()
            .default_backend
            .as_deref()
            .or_else(|| self.spec().backends.first().map(|b| b.name.as_str()))
            .unwrap_or_default()
    }

    /// The route's `match.models` (empty: every model).
    pub fn models(&self) -> &[String] {
        self.spec()
            .matches
            .as_ref()
            .map(|m| m.models.as_slice())
            .unwrap_or_default()
    }
}

/// A backend as every route shares it.
#[derive(Debug, Clone)]
pub struct GlobalBackend {
    pub namespace: String,
    pub owner: ObjectKey,
    pub spec: Backend,
}

/// Checks each route alone (what the CRD's CEL rules check, for inputs that never met an
/// apiserver, plus endpoints and Secrets) and returns the routes that pass.
pub(super) fn accept_routes(
    input: &super::Inputs,
    secrets: &Secrets,
    statuses: &mut BTreeMap<ObjectKey, ObjectStatus>,
) -> Vec<AcceptedRoute> {
    let mut out = Vec::new();
    for route in &input.routes {
        let ns = route.namespace().unwrap_or_default();
        let key = ObjectKey::route(&ns, &route.name_any());
        let Some(status) = statuses.get_mut(&key) else {
            continue;
        };
        if let Err(message) = check_route(&route.spec) {
            status.reject(reason::INVALID, message);
            continue;
        }
        for (i, b) in route.spec.backends.iter().enumerate() {
            if let Some(k) = &b.api_key {
                if !secrets.exists(&ns, &k.secret_ref) {
                    status.unresolved(
                        reason::SECRET_NOT_FOUND,
                        format!(
                            "spec.backends[{i}].apiKey.secretRef: Secret {ns}/{} not found",
                            k.secret_ref.name
                        ),
                    );
                }
            }
        }
        if status.is_ok() {
            out.push(AcceptedRoute {
                key,
                route: route.clone(),
            });
        }
    }
    out
}

fn check_route(spec: &LLMRouteSpec) -> Result<(), String> {
    if spec.backends.is_empty() {
        return Err("spec.backends: at least one backend is required".into());
    }
    let known = |n: &str| spec.backends.iter().any(|b| b.name == n);
    for (i, b) in spec.backends.iter().enumerate() {
        if spec.backends.iter().take(i).any(|o| o.name == b.name) {
            return Err(format!(
                "spec.backends[{i}].name: '{}' is used twice",
                b.name
            ));
        }
        for (j, f) in b.fallback.iter().enumerate() {
            if !known(f) || f == &b.name {
                return Err(format!(
                    "spec.backends[{i}].fallback[{j}]: '{f}' is not another backend of this route"
                ));
            }
        }
        endpoint(b).map_err(|e| format!("spec.backends[{i}].endpoint: {e}"))?;
        super::checks::backend(i, b)?;
        match (b.schema, &b.azure, &b.anthropic, &b.path_prefix) {
            (ProviderSchema::AzureOpenai, None, _, _) => {
                return Err(format!(
                    "spec.backends[{i}].azure: required by schema azure-openai"
                ))
            }
            (s, Some(_), _, _) if s != ProviderSchema::AzureOpenai => {
                return Err(format!(
                    "spec.backends[{i}].azure: only for schema azure-openai"
                ))
            }
            (s, _, Some(_), _) if s != ProviderSchema::Anthropic => {
                return Err(format!(
                    "spec.backends[{i}].anthropic: only for schema anthropic"
                ))
            }
            (s, _, _, Some(_)) if s != ProviderSchema::OpenaiCompatible => {
                return Err(format!(
                    "spec.backends[{i}].pathPrefix: only for schema openai-compatible"
                ))
            }
            _ => {}
        }
    }
    super::checks::cluster_names(spec)?;
    super::checks::hosts(spec)?;
    super::checks::models(spec)?;
    super::checks::prompt_endpoints(spec)?;
    if let Some(d) = &spec.default_backend {
        if !known(d) {
            return Err(format!("spec.defaultBackend: '{d}' is not in backends"));
        }
    }
    let match_models = spec.matches.as_ref().is_some_and(|m| !m.models.is_empty());
    for (i, rule) in spec.rules.iter().enumerate() {
        if match_models && !rule.models.is_empty() {
            return Err(format!(
                "spec.rules[{i}].models: give models in match or in rules, not both"
            ));
        }
        if rule.backends.is_empty() {
            return Err(format!(
                "spec.rules[{i}].backends: at least one is required"
            ));
        }
        for (j, t) in rule.backends.iter().enumerate() {
            if !known(&t.name) {
                return Err(format!(
                    "spec.rules[{i}].backends[{j}].name: '{}' is not in backends",
                    t.name
                ));
            }
        }
    }
    if let Some(m) = &spec.matches {
        for (i, h) in m.headers.iter().enumerate() {
            if llm_filters_core::contract::is_internal_header(&h.name) {
                return Err(format!(
                    "spec.match.headers[{i}].name: '{}' is an internal header of the filters",
                    h.name
                ));
            }
        }
    }
    Ok(())
}

/// Backends by name across routes. A name two routes describe differently is a conflict: the
/// older route keeps it, the newer is not accepted.
pub(super) fn global_backends(
    routes: &[AcceptedRoute],
    _secrets: &Secrets,
    statuses: &mut BTreeMap<ObjectKey, ObjectStatus>,
) -> BTreeMap<String, GlobalBackend> {
    let mut sorted: Vec<&AcceptedRoute> = routes.iter().collect();
    sorted.sort_by_key(|r| r.age_key());
    let mut out: BTreeMap<String, GlobalBackend> = BTreeMap::new();
    // Environment variable -> (Secret key feeding it, route and field that asked for it).
    let mut env: BTreeMap<String, (super::SecretSource, ObjectKey, String)> = BTreeMap::new();
    for r in sorted {
        let ns = &r.key.namespace;
        let clash = r
            .spec()
            .backends
            .iter()
            .enumerate()
            .find_map(|(i, b)| {
                let other = out.get(&b.name)?;
                (other.spec != in_namespace(b, ns) || other.namespace != *ns).then(|| {
                    let message = format!(
                        "spec.backends[{i}]: backend '{}' is already defined differently by {}",
                        b.name, other.owner
                    );
                    let field = r_field(routes, &other.owner, &b.name);
                    let note = format!(
                        "{field}: {} (newer) defines backend '{}' differently and is not accepted",
                        r.key, b.name
                    );
                    (message, other.owner.clone(), note)
                })
            })
            .or_else(|| cluster_clash(r, &out, routes))
            .or_else(|| env_clash(r, &env));
        if let Some((message, owner, note)) = clash {
            if let Some(s) = statuses.get_mut(&r.key) {
                s.reject(reason::CONFLICTED, message);
            }
            // The older route keeps the backend; its status names the newer one too.
            if let Some(s) = statuses.get_mut(&owner) {
                s.conflicted_by(note);
            }
            continue;
        }
        for (i, b) in r.spec().backends.iter().enumerate() {
            if let Some(k) = &b.api_key {
                env.entry(env_name(ns, &k.secret_ref)).or_insert_with(|| {
                    (
                        super::secrets::source(ns, &k.secret_ref),
                        r.key.clone(),
                        format!("spec.backends[{i}].apiKey.secretRef"),
                    )
                });
            }
        }
        for b in &r.spec().backends {
            out.entry(b.name.clone()).or_insert_with(|| GlobalBackend {
                namespace: ns.clone(),
                owner: r.key.clone(),
                spec: in_namespace(b, ns),
            });
        }
    }
    out
}

/// The field of `owner`'s backend `name` (`spec.backends[i]`).
fn r_field(routes: &[AcceptedRoute], owner: &ObjectKey, name: &str) -> String {
    routes
        .iter()
        .find(|o| o.key == *owner)
        .and_then(|o| o.spec().backends.iter().position(|b| b.name == name))
        .map_or_else(
            || "spec.backends".to_string(),
            |i| format!("spec.backends[{i}]"),
        )
}

/// A backend of `r` whose cluster name an older route's backend of another name already has
/// (`a-b` and `a_b` are both `llm_a_b`): `(message, older route, note for the older route)`.
fn cluster_clash(
    r: &AcceptedRoute,
    out: &BTreeMap<String, GlobalBackend>,
    routes: &[AcceptedRoute],
) -> Option<(String, ObjectKey, String)> {
    r.spec().backends.iter().enumerate().find_map(|(i, b)| {
        let cluster = cluster_name(&b.name);
        let (other, o) = out
            .iter()
            .find(|(name, _)| **name != b.name && cluster_name(name) == cluster)?;
        let field = r_field(routes, &o.owner, other);
        Some((
            format!(
                "spec.backends[{i}].name: '{}' makes cluster {cluster}, as backend '{other}' of {} \
                 ({field}) does",
                b.name, o.owner
            ),
            o.owner.clone(),
            format!(
                "{field}.name: {} (newer) spec.backends[{i}].name '{}' would make the same \
                 cluster {cluster} and is not accepted",
                r.key, b.name
            ),
        ))
    })
}

/// A key of `r` whose environment variable another Secret key already feeds (only a hash
/// collision of [`env_name`] gets here): `(message, older route, note for the older route)`.
fn env_clash(
    r: &AcceptedRoute,
    env: &BTreeMap<String, (super::SecretSource, ObjectKey, String)>,
) -> Option<(String, ObjectKey, String)> {
    let ns = &r.key.namespace;
    r.spec().backends.iter().enumerate().find_map(|(i, b)| {
        let k = b.api_key.as_ref()?;
        let name = env_name(ns, &k.secret_ref);
        let (source, owner, field) = env.get(&name)?;
        (*source != super::secrets::source(ns, &k.secret_ref)).then(|| {
            (
                format!(
                    "spec.backends[{i}].apiKey.secretRef: its environment variable {name} is \
                     already fed by {owner} {field} (Secret {}/{} key {})",
                    source.namespace, source.name, source.key
                ),
                owner.clone(),
                format!(
                    "{field}: {} (newer) spec.backends[{i}].apiKey.secretRef would share the \
                     environment variable {name} and is not accepted",
                    r.key
                ),
            )
        })
    })
}

/// `b` with a Service endpoint's namespace defaulted to the route's (as the CRD documents).
fn in_namespace(b: &Backend, namespace: &str) -> Backend {
    let mut b = b.clone();
    if let Some(service) = b.endpoint.service.as_mut() {
        if service.namespace.is_none() {
            service.namespace = Some(namespace.to_string());
        }
    }
    b
}

/// model-router's config: a rule per group (the match-all group is `default`), each with every
/// backend, the group's routes' model rules in age order, and the default backend of the
/// group's route that claims every model.
pub(super) fn router_rules(
    groups: &[Group],
    backends: &BTreeMap<String, GlobalBackend>,
    statuses: &mut BTreeMap<ObjectKey, ObjectStatus>,
) -> Result<RouteRules<RouterConfig>, PlanError> {
    let router_backends: BTreeMap<String, RouterBackend> = backends
        .iter()
        .map(|(name, b)| (name.clone(), router_backend(&b.spec, &b.namespace)))
        .collect();
    let mut rules = RouteRules::default();
    for group in groups {
        let config = group_config(group, &router_backends, statuses)?;
        config.validate().map_err(|e| PlanError::Invalid {
            filter: "model-router",
            reason: e.to_string(),
        })?;
        if group.matcher.is_empty() {
            rules.default = Some(config);
        } else {
            rules.rules.push(Rule {
                matcher: group.matcher.route_match(),
                config,
            });
        }
    }
    Ok(rules)
}

fn group_config(
    group: &Group,
    backends: &BTreeMap<String, RouterBackend>,
    statuses: &mut BTreeMap<ObjectKey, ObjectStatus>,
) -> Result<RouterConfig, PlanError> {
    let mut aliases: BTreeMap<String, (String, ObjectKey)> = BTreeMap::new();
    let mut routes = Vec::new();
    let mut default_backend: Option<(String, &ObjectKey)> = None;
    let mut listed = Vec::new();
    let mut other_paths: Option<(OtherPaths, &ObjectKey)> = None;
    for r in &group.routes {
        // A route that conflicts with an older one of its group adds nothing (no half-apply):
        // the first clash rejects it, and the older route's status names it.
        let alias_clash = r.spec().aliases.iter().find_map(|(alias, model)| {
            let (other, owner) = aliases.get(alias).filter(|(other, _)| other != model)?;
            Some((
                owner.clone(),
                format!("spec.aliases.{alias}: {owner} maps it to '{other}'"),
                format!(
                    "spec.aliases.{alias}: {} (newer) maps it to '{model}' and is not accepted",
                    r.key
                ),
            ))
        });
        let claim_clash = match &default_backend {
            Some((_, owner)) if r.models().is_empty() => Some((
                (*owner).clone(),
                format!(
                    "spec.match: {owner} already claims every model of the same requests; \
                     give one of them match.models"
                ),
                format!(
                    "spec.match: {} (newer) also claims every model of the same requests \
                     and is not accepted",
                    r.key
                ),
            )),
            _ => None,
        };
        let other_paths_clash = match (&other_paths, r.spec().other_paths) {
            (Some((theirs, owner)), Some(ours)) if *theirs != ours => Some((
                (*owner).clone(),
                format!(
                    "spec.otherPaths: {owner} sets it to '{}' for the same requests",
                    other_paths_name(*theirs)
                ),
                format!(
                    "spec.otherPaths: {} (newer) sets it to '{}' and is not accepted",
                    r.key,
                    other_paths_name(ours)
                ),
            )),
            _ => None,
        };
        if let Some((owner, message, note)) = alias_clash.or(claim_clash).or(other_paths_clash) {
            conflict(statuses, &r.key, message);
            note_older(statuses, &owner, note);
            continue;
        }
        listed.push(r);
        if let (None, Some(value)) = (&other_paths, r.spec().other_paths) {
            other_paths = Some((value, &r.key));
        }
        for (alias, model) in &r.spec().aliases {
            aliases
                .entry(alias.clone())
                .or_insert_with(|| (model.clone(), r.key.clone()));
        }
        for rule in &r.spec().rules {
            routes.push(model_route(rule, r.models()));
        }
        if r.models().is_empty() {
            default_backend = Some((r.default_backend().to_string(), &r.key));
        } else {
            routes.push(ModelRoute {
                models: r.models().to_vec(),
                headers: BTreeMap::new(),
                targets: vec![target(r.default_backend(), None, None)],
                fallback_models: BTreeMap::new(),
            });
        }
    }
    let mut config = router_defaults(backends.clone())?;
    config.aliases = aliases.into_iter().map(|(k, (v, _))| (k, v)).collect();
    config.routes = routes;
    config.strict = default_backend.is_none();
    config.default_backend = default_backend.map(|(b, _)| b);
    // One list per group (GET /v1/models names no model, so it cannot tell the routes apart).
    config.list_models = listed.iter().any(|r| r.spec().list_models);
    config.other_paths = match other_paths {
        Some((OtherPaths::Pass, _)) => RouterOtherPaths::Pass,
        Some((OtherPaths::Reject, _)) | None => RouterOtherPaths::Reject,
    };
    Ok(config)
}

fn other_paths_name(value: OtherPaths) -> &'static str {
    match value {
        OtherPaths::Reject => "reject",
        OtherPaths::Pass => "pass",
    }
}

fn conflict(statuses: &mut BTreeMap<ObjectKey, ObjectStatus>, key: &ObjectKey, message: String) {
    if let Some(s) = statuses.get_mut(key) {
        s.reject(reason::CONFLICTED, message);
    }
}

/// The older side of a conflict stays accepted and names the newer one.
fn note_older(statuses: &mut BTreeMap<ObjectKey, ObjectStatus>, key: &ObjectKey, message: String) {
    if let Some(s) = statuses.get_mut(key) {
        s.conflicted_by(message);
    }
}

/// model-router's config with its own defaults (parsed from the smallest config it accepts, so
/// the defaults stay the filter's).
fn router_defaults(backends: BTreeMap<String, RouterBackend>) -> Result<RouterConfig, PlanError> {
    let mut config: RouterConfig = serde_json::from_value(
        serde_json::json!({ "backends": {}, "strict": true }),
    )
    .map_err(|e| PlanError::Invalid {
        filter: "model-router",
        reason: e.to_string(),
    })?;
    config.backends = backends;
    Ok(config)
}

fn model_route(rule: &ModelRule, route_models: &[String]) -> ModelRoute {
    let models = if rule.models.is_empty() {
        route_models.to_vec()
    } else {
        rule.models.clone()
    };
    ModelRoute {
        models,
        headers: rule
            .headers
            .iter()
            .map(|h| (h.name.clone(), h.value.clone()))
            .collect(),
        targets: rule
            .backends
            .iter()
            .map(|t| target(&t.name, t.weight, t.model.clone()))
            .collect(),
        fallback_models: BTreeMap::new(),
    }
}

fn target(backend: &str, weight: Option<u32>, model: Option<String>) -> Target {
    Target {
        backend: backend.into(),
        weight: weight.unwrap_or(1),
        model,
    }
}

/// model-router's view of a backend.
fn router_backend(b: &Backend, namespace: &str) -> RouterBackend {
    let host = endpoint(b).ok().and_then(|e| e.dns.then_some(e.host));
    let auth = b.api_key.as_ref().map(|k| BackendAuth {
        secret_env: env_name(namespace, &k.secret_ref),
        header: k
            .header
            .clone()
            .unwrap_or_else(|| super::schema::default_auth_header(b.schema).into()),
        prefix: k.prefix.clone(),
    });
    let backend = RouterBackend {
        model_name_override: b.model_name_override.clone(),
        auth,
        strip_client_auth: b.strip_client_auth,
        host,
        fallback: b.fallback.clone(),
        ..Default::default()
    };
    super::schema::with_schema(backend, b)
}

/// Where a backend's endpoint is.
pub(super) struct Address {
    pub host: String,
    pub port: u16,
    pub dns: bool,
    pub tls: Option<Tls>,
}

pub(super) fn endpoint(b: &Backend) -> Result<Address, String> {
    let e = &b.endpoint;
    let (host, port, https) = match (&e.url, &e.service) {
        (Some(url), None) => parse_url(url)?,
        (None, Some(s)) => {
            let ns = s.namespace.as_deref().unwrap_or("default");
            (format!("{}.{ns}.svc.cluster.local", s.name), s.port, false)
        }
        _ => return Err("give exactly one of url and service".into()),
    };
    let dns = host.parse::<std::net::IpAddr>().is_err();
    let tls = (https || e.tls.is_some()).then(|| Tls {
        sni: e
            .tls
            .as_ref()
            .and_then(|t| t.sni.clone())
            .unwrap_or_else(|| host.clone()),
        ca_file: e
            .tls
            .as_ref()
            .and_then(|t| t.ca_file.clone())
            .unwrap_or_else(|| DEFAULT_CA.into()),
    });
    Ok(Address {
        host,
        port,
        dns,
        tls,
    })
}

fn parse_url(url: &str) -> Result<(String, u16, bool), String> {
    let (https, rest) = if let Some(r) = url.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = url.strip_prefix("http://") {
        (false, r)
    } else {
        return Err(format!("url '{url}' must start with http:// or https://"));
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() || authority.contains(['/', '?', '#']) {
        return Err(format!(
            "url '{}' must be scheme://host[:port] without a path, query or fragment",
            url.escape_debug()
        ));
    }
    if authority.contains('@') {
        return Err(format!(
            "url '{}': no user info (give the key in apiKey)",
            url.escape_debug()
        ));
    }
    let default_port = if https { 443 } else { 80 };
    let port_of = |p: &str| {
        p.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| p.parse::<u16>().ok())
            .flatten()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("url '{}': bad port", url.escape_debug()))
    };
    // `[::1]:8080`: an IPv6 literal (rendered as a static address, never a DNS name).
    if let Some(v6) = authority.strip_prefix('[') {
        let (ip, after) = v6
            .split_once(']')
            .ok_or_else(|| format!("url '{}': unclosed '['", url.escape_debug()))?;
        if ip.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(format!(
                "url '{}': '{ip}' is not an IPv6 address",
                url.escape_debug()
            ));
        }
        let port = match after {
            "" => default_port,
            p => port_of(p.strip_prefix(':').unwrap_or("x"))?,
        };
        return Ok((ip.to_string(), port, https));
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, port_of(p)?),
        None => (authority, default_port),
    };
    if host.is_empty() {
        return Err(format!("url '{}': no host", url.escape_debug()));
    }
    if !super::checks::dns_name(host) {
        return Err(format!(
            "url '{}': '{}' is not a host name or IP address",
            url.escape_debug(),
            host.escape_debug()
        ));
    }
    Ok((host.to_string(), port, https))
}

/// `500ms`, `30s`, `2m` in milliseconds.
pub(crate) fn duration_ms(s: &str) -> Option<u64> {
    let (num, unit) = if let Some(n) = s.strip_suffix("ms") {
        (n, 1)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1_000)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60_000)
    } else {
        return None;
    };
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    num.parse::<u64>().ok()?.checked_mul(unit)
}

/// A cluster per backend: its endpoint at priority 0, each fallback's at 1, 2, ...
pub(super) fn clusters(backends: &BTreeMap<String, GlobalBackend>) -> Vec<Cluster> {
    backends
        .iter()
        .map(|(name, b)| {
            let chain =
                std::iter::once(name.as_str()).chain(b.spec.fallback.iter().map(String::as_str));
            let endpoints = chain
                .enumerate()
                .filter_map(|(priority, backend)| {
                    let spec = &backends.get(backend)?.spec;
                    let a = endpoint(spec).ok()?;
                    Some(PriorityEndpoint {
                        priority: u32::try_from(priority).unwrap_or(u32::MAX),
                        backend: backend.to_string(),
                        host: a.host,
                        port: a.port,
                        dns: a.dns,
                        tls: a.tls,
                    })
                })
                .collect();
            let t = &b.spec.timeouts;
            let ms = |v: &Option<String>, default: u64| {
                v.as_deref().and_then(duration_ms).unwrap_or(default)
            };
            let retries = b.spec.retries.clone().unwrap_or_default();
            Cluster {
                name: cluster_name(name),
                backend: name.clone(),
                endpoints,
                connect_timeout_ms: ms(&t.connect, CONNECT_MS),
                max_requests: b
                    .spec
                    .circuit_breaker
                    .as_ref()
                    .and_then(|c| c.max_requests)
                    .unwrap_or(MAX_REQUESTS),
                route: BackendRoute {
                    timeout_ms: ms(&t.request, 0),
                    idle_timeout_ms: ms(&t.idle, IDLE_MS),
                    per_try_timeout_ms: ms(&t.per_try, PER_TRY_MS),
                    num_retries: retries.attempts.unwrap_or_else(|| {
                        u32::try_from(b.spec.fallback.len())
                            .unwrap_or(u32::MAX)
                            .max(1)
                    }),
                    retriable_status_codes: retries.status_codes.unwrap_or_else(|| vec![429]),
                },
            }
        })
        .collect()
}

/// `llm_<backend>`, `-` as `_` (`mock-backup` → `llm_mock_backup`).
pub fn cluster_name(backend: &str) -> String {
    format!("llm_{}", backend.replace('-', "_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration_ms("500ms"), Some(500));
        assert_eq!(duration_ms("30s"), Some(30_000));
        assert_eq!(duration_ms("2m"), Some(120_000));
        assert_eq!(duration_ms("s"), None);
        assert_eq!(duration_ms("1.5s"), None);
        assert_eq!(duration_ms("-1s"), None);
    }

    #[test]
    fn urls() {
        assert_eq!(
            parse_url("http://127.0.0.1:18000").unwrap(),
            ("127.0.0.1".into(), 18000, false)
        );
        assert_eq!(
            parse_url("https://api.openai.com/").unwrap(),
            ("api.openai.com".into(), 443, true)
        );
        assert!(parse_url("https://api.openai.com/v1").is_err());
        assert!(parse_url("ftp://x").is_err());
        assert!(parse_url("http://x:0").is_err());
        assert_eq!(
            parse_url("http://[::1]:18300").unwrap(),
            ("::1".into(), 18300, false)
        );
        for bad in [
            "http://user:pw@h:1",
            "http://h:1?x=1",
            "http://h:1#f",
            "http://h o:1",
            "http://h\n.x:1",
            "http://[::1",
            "http://[zz]:1",
            "http://h:+1",
            "http://a..b",
        ] {
            assert!(parse_url(bad).is_err(), "{bad:?}");
        }
    }
}

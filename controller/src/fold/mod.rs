//! Folding: every LLMPolicy (and every route's prompts) that applies to the same proxies into one
//! `{default, rules}` config per filter, with one rule per route group in the groups' order.
//!
//! Precedence, section by section (`piiMask`, `tokenMeter`, `promptTransform`, `authentication`,
//! `rateLimit`):
//! 1. a policy targeting the `LLMRoute` wins over one targeting the `Gateway`;
//! 2. two policies at the same level setting the same section for the same target conflict: the
//!    older (`creationTimestamp`, then namespace/name) keeps it, the newer is not accepted
//!    (`Accepted: False`, reason `Conflicted`, naming the section and the other policy) and
//!    applies nowhere — a policy never half-applies;
//! 3. routes of one group (same hosts/paths/headers, different models) must get the same policy
//!    for a section, because the filters before model-router cannot tell them apart; a route's
//!    policy that would leak onto (or miss) another route of its group is a conflict too.
//!
//! The gateway's policy is the `default`; a route group with no policy of its own for a filter
//! gets the gateway's config as its rule, or the filter's pass-through config (`{}`) when there
//! is none, so a request never picks up another group's config.

pub(crate) mod sections;

use std::collections::{BTreeMap, BTreeSet};

use kube::ResourceExt;
use llm_filters_core::rules::Rule;
use llm_filters_core::RouteRules;
use pii_mask::PiiConfig;
use prompt_transform::TransformConfig;
use serde::de::DeserializeOwned;
use token_meter::MeterConfig;

use crate::crd::policy::{JwtProvider, PromptTransform};
use crate::crd::route::Prompts;
use crate::crd::status::reason;
use crate::crd::LLMPolicy;
use crate::plan::{
    Bucket, Group, GroupMatch, Inputs, JwtAuthn, LocalRateLimit, ObjectKey, ObjectStatus,
    PlanError, SecretSource, Secrets,
};

/// The policy sections, in chain order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Authentication,
    RateLimit,
    PromptTransform,
    PiiMask,
    TokenMeter,
}

impl Section {
    pub fn field(self) -> &'static str {
        match self {
            Section::Authentication => "authentication",
            Section::RateLimit => "rateLimit",
            Section::PromptTransform => "promptTransform",
            Section::PiiMask => "piiMask",
            Section::TokenMeter => "tokenMeter",
        }
    }
}

/// What a policy's section attaches to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    Route(ObjectKey),
    Gateway(String, String),
}

/// A policy whose sections compiled.
struct Compiled<'a> {
    key: ObjectKey,
    policy: &'a LLMPolicy,
    targets: Vec<Target>,
    pii: Option<PiiConfig>,
    meter: Option<MeterConfig>,
    env: Option<(String, SecretSource)>,
}

impl Compiled<'_> {
    fn sections(&self) -> Vec<Section> {
        let s = &self.policy.spec;
        let mut out = Vec::new();
        if s.authentication.is_some() {
            out.push(Section::Authentication);
        }
        if s.rate_limit.is_some() {
            out.push(Section::RateLimit);
        }
        if s.prompt_transform.is_some() {
            out.push(Section::PromptTransform);
        }
        if self.pii.is_some() {
            out.push(Section::PiiMask);
        }
        if self.meter.is_some() {
            out.push(Section::TokenMeter);
        }
        out
    }
}

/// The folded configs, as `Plan` carries them.
#[derive(Debug, Default)]
pub struct Folded {
    pub prompt_transform: Option<RouteRules<TransformConfig>>,
    pub pii_mask: Option<RouteRules<PiiConfig>>,
    pub token_meter: Option<RouteRules<MeterConfig>>,
    pub jwt_authn: Option<JwtAuthn>,
    pub local_ratelimit: Option<LocalRateLimit>,
    pub env: BTreeMap<String, SecretSource>,
}

pub(crate) fn fold(
    input: &Inputs,
    groups: &[Group],
    secrets: &Secrets,
    statuses: &mut BTreeMap<ObjectKey, ObjectStatus>,
) -> Result<Folded, PlanError> {
    let compiled = compile(input, groups, secrets, statuses);
    let gateway = input
        .gateways
        .first()
        .map(|g| Target::Gateway(g.namespace.clone(), g.name.clone()));

    // Attach until stable: each round may reject policies, which only removes candidates.
    let mut winners;
    loop {
        winners = attach(&compiled, statuses);
        if !check_groups(groups, &winners, gateway.as_ref(), statuses) {
            break;
        }
    }

    note_overridden(groups, &winners, gateway.as_ref(), statuses);

    // Per group and section, the policy that applies (route first, then the gateway).
    let provider = |g: &Group, s: Section| -> Option<&Compiled> {
        let route = g.routes.first()?;
        winners
            .get(&(Target::Route(route.key.clone()), s))
            .or_else(|| {
                gateway
                    .as_ref()
                    .and_then(|gw| winners.get(&(gw.clone(), s)))
            })
            .and_then(|k| compiled.iter().find(|c| &c.key == k))
    };
    let gateway_policy = |s: Section| -> Option<&Compiled> {
        let k = winners.get(&(gateway.clone()?, s))?;
        compiled.iter().find(|c| &c.key == k)
    };

    let pii_mask = fold_filter(
        groups,
        &|g| provider(g, Section::PiiMask).and_then(|c| c.pii.clone()),
        gateway_policy(Section::PiiMask).and_then(|c| c.pii.clone()),
    )?;
    let token_meter = fold_filter(
        groups,
        &|g| provider(g, Section::TokenMeter).and_then(|c| c.meter.clone()),
        gateway_policy(Section::TokenMeter).and_then(|c| c.meter.clone()),
    )?;

    // prompt-transform: the group's routes' prompts plus the policy section.
    let transform = |g: Option<&Group>,
                     p: Option<&PromptTransform>|
     -> Result<Option<TransformConfig>, PlanError> {
        let prompts: Vec<&Prompts> = g
            .map(|g| {
                g.routes
                    .iter()
                    .filter_map(|r| r.spec().prompts.as_ref())
                    .collect()
            })
            .unwrap_or_default();
        if prompts.is_empty() && p.is_none() {
            return Ok(None);
        }
        sections::prompt_transform(&prompts, p)
            .map(Some)
            .map_err(|reason| PlanError::Invalid {
                filter: "prompt-transform",
                reason,
            })
    };
    let gw_transform = gateway_policy(Section::PromptTransform)
        .and_then(|c| c.policy.spec.prompt_transform.as_ref());
    let mut per_group = Vec::new();
    for g in groups {
        let p = provider(g, Section::PromptTransform)
            .and_then(|c| c.policy.spec.prompt_transform.as_ref());
        per_group.push(transform(Some(g), p)?);
    }
    let pt_default = transform(None, gw_transform)?;
    let by_id: BTreeMap<&str, Option<TransformConfig>> = groups
        .iter()
        .map(|g| g.id.as_str())
        .zip(per_group)
        .collect();
    let prompt_transform = fold_filter(
        groups,
        &|g| by_id.get(g.id.as_str()).cloned().flatten(),
        pt_default,
    )?;
    if let Some(rules) = &prompt_transform {
        sections::check_prompt_transform(rules).map_err(|reason| PlanError::Invalid {
            filter: "prompt-transform",
            reason,
        })?;
    }

    let jwt_authn = jwt(groups, &provider, gateway_policy(Section::Authentication));
    let local_ratelimit = ratelimit(groups, &provider, gateway_policy(Section::RateLimit));
    let used: BTreeSet<&ObjectKey> = winners.values().collect();
    let env = compiled
        .iter()
        .filter(|c| used.contains(&c.key))
        .filter_map(|c| c.env.clone())
        .collect();
    Ok(Folded {
        prompt_transform,
        pii_mask,
        token_meter,
        jwt_authn,
        local_ratelimit,
        env,
    })
}

/// A gateway policy's section that a route's own policy replaces says so in the gateway
/// policy's status (it stays accepted: it still applies to every other route).
fn note_overridden(
    groups: &[Group],
    winners: &Winners,
    gateway: Option<&Target>,
    statuses: &mut BTreeMap<ObjectKey, ObjectStatus>,
) {
    let Some(gateway) = gateway else {
        return;
    };
    for ((target, section), winner) in winners {
        if target != gateway {
            continue;
        }
        for g in groups {
            let Some(route) = g.routes.first() else {
                continue;
            };
            let Some(ours) = winners.get(&(Target::Route(route.key.clone()), *section)) else {
                continue;
            };
            if ours != winner {
                if let Some(status) = statuses.get_mut(winner) {
                    status.note(format!(
                        "spec.{}: {} uses {ours} instead",
                        section.field(),
                        route.key
                    ));
                }
            }
        }
    }
}

/// Compiles every policy's sections and checks its targets and Secrets.
fn compile<'a>(
    input: &'a Inputs,
    groups: &[Group],
    secrets: &Secrets,
    statuses: &mut BTreeMap<ObjectKey, ObjectStatus>,
) -> Vec<Compiled<'a>> {
    let mut policies: Vec<&LLMPolicy> = input.policies.iter().collect();
    policies.sort_by_key(|p| age_key(p));
    let route_exists = |ns: &str, name: &str| {
        input
            .routes
            .iter()
            .any(|r| r.namespace().as_deref() == Some(ns) && r.name_any() == name)
    };
    let _ = groups;
    let mut out = Vec::new();
    for p in policies {
        let ns = p.namespace().unwrap_or_default();
        let key = ObjectKey::policy(&ns, &p.name_any());
        let Some(status) = statuses.get_mut(&key) else {
            continue;
        };
        let mut targets = Vec::new();
        for (i, t) in p.spec.target_refs.iter().enumerate() {
            if t.section_name.is_some() {
                status.reject(
                    reason::INVALID,
                    format!("spec.targetRefs[{i}].sectionName: not supported"),
                );
            } else if t.is_route() {
                if route_exists(&ns, &t.name) {
                    targets.push(Target::Route(ObjectKey::route(&ns, &t.name)));
                } else {
                    status.unresolved(
                        reason::TARGET_NOT_FOUND,
                        format!("spec.targetRefs[{i}]: LLMRoute {ns}/{} not found", t.name),
                    );
                }
            } else if t.is_gateway() {
                if input
                    .gateways
                    .iter()
                    .any(|g| g.namespace == ns && g.name == t.name)
                {
                    targets.push(Target::Gateway(ns.clone(), t.name.clone()));
                } else {
                    status.unresolved(
                        reason::TARGET_NOT_FOUND,
                        format!("spec.targetRefs[{i}]: Gateway {ns}/{} not found", t.name),
                    );
                }
            } else {
                status.reject(
                    reason::INVALID,
                    format!(
                        "spec.targetRefs[{i}]: {}/{} is not an LLMRoute or a Gateway",
                        t.group, t.kind
                    ),
                );
            }
        }
        let mut pii = None;
        let mut env = None;
        if let Some(section) = &p.spec.pii_mask {
            if let Some(h) = &section.hash {
                if !secrets.exists(&ns, &h.secret_ref) {
                    status.unresolved(
                        reason::SECRET_NOT_FOUND,
                        format!(
                            "spec.piiMask.hash.secretRef: Secret {ns}/{} not found",
                            h.secret_ref.name
                        ),
                    );
                }
            }
            match sections::pii_mask(section, &ns) {
                Ok((c, e)) => {
                    pii = Some(c);
                    env = e;
                }
                Err(m) => status.reject(reason::INVALID, m),
            }
        }
        let mut meter = None;
        if let Some(section) = &p.spec.token_meter {
            match sections::token_meter(section) {
                // Quotas and budgets count per policy: two policies never share counters.
                Ok(mut c) => {
                    c.scope = format!("{ns}-{}", p.name_any()).replace('.', "_");
                    meter = Some(c)
                }
                Err(m) => status.reject(reason::INVALID, m),
            }
        }
        if let Some(section) = &p.spec.prompt_transform {
            let alone = sections::prompt_transform(&[], Some(section)).and_then(|c| {
                sections::check_prompt_transform(&RouteRules {
                    default: Some(c),
                    rules: Vec::new(),
                })
            });
            if let Err(m) = alone {
                status.reject(reason::INVALID, format!("spec.promptTransform: {m}"));
            }
        }
        if let Some(auth) = &p.spec.authentication {
            for (i, j) in auth.jwt.iter().enumerate() {
                if j.jwks_uri.is_some() == j.local_jwks.is_some() {
                    status.reject(
                        reason::INVALID,
                        format!("spec.authentication.jwt[{i}]: give exactly one of jwksUri and localJwks"),
                    );
                }
            }
        }
        if status.is_ok() {
            out.push(Compiled {
                key,
                policy: p,
                targets,
                pii,
                meter,
                env,
            });
        }
    }
    out
}

fn age_key(p: &LLMPolicy) -> (String, String, String) {
    (
        p.metadata
            .creation_timestamp
            .as_ref()
            .map(|t| t.0.to_string())
            .unwrap_or_else(|| "~".into()),
        p.namespace().unwrap_or_default(),
        p.name_any(),
    )
}

type Winners = BTreeMap<(Target, Section), ObjectKey>;

/// Oldest first, a policy takes every (target, section) it sets, unless an older accepted policy
/// holds one of them: then it is rejected whole.
fn attach(compiled: &[Compiled], statuses: &mut BTreeMap<ObjectKey, ObjectStatus>) -> Winners {
    let mut winners = Winners::new();
    for c in compiled {
        if !statuses.get(&c.key).is_some_and(ObjectStatus::is_ok) {
            continue;
        }
        let wanted: Vec<(Target, Section)> = c
            .targets
            .iter()
            .flat_map(|t| c.sections().into_iter().map(move |s| (t.clone(), s)))
            .collect();
        if let Some(((target, section), owner)) =
            wanted.iter().find_map(|w| winners.get(w).map(|o| (w, o)))
        {
            let on = match target {
                Target::Route(k) => k.to_string(),
                Target::Gateway(ns, n) => format!("Gateway {ns}/{n}"),
            };
            let message = format!(
                "spec.{}: {owner} (older) already sets it for {on}",
                section.field()
            );
            let rejected = statuses.get_mut(&c.key).is_some_and(|s| {
                s.reject(reason::CONFLICTED, message);
                true
            });
            if rejected {
                let note = format!(
                    "spec.{}: {} (newer) also sets it for {on} and is not applied",
                    section.field(),
                    c.key
                );
                if let Some(s) = statuses.get_mut(owner) {
                    s.conflicted_by(note);
                }
            }
            continue;
        }
        for w in wanted {
            winners.insert(w, c.key.clone());
        }
    }
    winners
}

/// Rejects route policies that routes of one group would not share; true when it rejected any.
fn check_groups(
    groups: &[Group],
    winners: &Winners,
    gateway: Option<&Target>,
    statuses: &mut BTreeMap<ObjectKey, ObjectStatus>,
) -> bool {
    let sections = [
        Section::Authentication,
        Section::RateLimit,
        Section::PromptTransform,
        Section::PiiMask,
        Section::TokenMeter,
    ];
    let mut rejected = false;
    for g in groups.iter().filter(|g| g.routes.len() > 1) {
        for s in sections {
            let providers: Vec<(Option<&ObjectKey>, bool)> = g
                .routes
                .iter()
                .map(|r| match winners.get(&(Target::Route(r.key.clone()), s)) {
                    Some(k) => (Some(k), true),
                    None => (gateway.and_then(|gw| winners.get(&(gw.clone(), s))), false),
                })
                .collect();
            if providers.windows(2).all(|w| w[0].0 == w[1].0) {
                continue;
            }
            let routes: Vec<String> = g.keys().map(ToString::to_string).collect();
            for (key, route_level) in providers {
                let Some(key) = key.filter(|_| route_level) else {
                    continue;
                };
                if let Some(st) = statuses.get_mut(key) {
                    if st.is_ok() {
                        st.reject(
                            reason::CONFLICTED,
                            format!(
                                "spec.{}: {} claim the same requests (they differ by model only) \
                                 and filters before model-router cannot tell them apart; attach \
                                 the policy to all of them or give them different hosts, paths or headers",
                                s.field(),
                                routes.join(", ")
                            ),
                        );
                        rejected = true;
                    }
                }
            }
        }
    }
    rejected
}

/// One rule per group (its config, else the gateway's, else the filter's pass-through `{}`),
/// the match-all group as `default`; `None` when nothing configures the filter.
fn fold_filter<T: Clone + DeserializeOwned>(
    groups: &[Group],
    config_of: &dyn Fn(&Group) -> Option<T>,
    gateway: Option<T>,
) -> Result<Option<RouteRules<T>>, PlanError> {
    let configs: Vec<Option<T>> = groups.iter().map(config_of).collect();
    if gateway.is_none() && configs.iter().all(Option::is_none) {
        return Ok(None);
    }
    let pass_through = || {
        sections::defaults::<T>().map_err(|reason| PlanError::Invalid {
            filter: "pass-through",
            reason,
        })
    };
    let mut rules = RouteRules {
        default: gateway.clone(),
        rules: Vec::new(),
    };
    for (g, config) in groups.iter().zip(configs) {
        if g.matcher.is_empty() {
            if config.is_some() {
                rules.default = config;
            }
            continue;
        }
        let config = match config.or_else(|| gateway.clone()) {
            Some(c) => c,
            None => pass_through()?,
        };
        rules.rules.push(Rule {
            matcher: g.matcher.route_match(),
            config,
        });
    }
    Ok(Some(rules))
}

type Provider<'p, 'a> = dyn Fn(&Group, Section) -> Option<&'p Compiled<'a>> + 'p;

fn jwt(groups: &[Group], provider: &Provider, gateway: Option<&Compiled>) -> Option<JwtAuthn> {
    let mut providers: BTreeMap<String, JwtProvider> = BTreeMap::new();
    let mut names = |c: &Compiled| -> Vec<String> {
        let Some(auth) = &c.policy.spec.authentication else {
            return Vec::new();
        };
        auth.jwt
            .iter()
            .map(|j| {
                let name = format!("{}-{}-{}", c.key.namespace, c.key.name, j.name);
                providers.insert(name.clone(), j.clone());
                name
            })
            .collect()
    };
    let default = gateway.map(&mut names).unwrap_or_default();
    let mut rules: Vec<(GroupMatch, Vec<String>)> = Vec::new();
    let mut any = !default.is_empty();
    for g in groups {
        let required = provider(g, Section::Authentication)
            .map(&mut names)
            .unwrap_or_default();
        any |= !required.is_empty();
        if g.matcher.is_empty() {
            continue;
        }
        rules.push((g.matcher.clone(), required));
    }
    // The match-all group's own policy is the default.
    if let Some(g) = groups.iter().find(|g| g.matcher.is_empty()) {
        if let Some(c) = provider(g, Section::Authentication) {
            let d = names(c);
            return any.then_some(JwtAuthn {
                providers,
                rules,
                default: d,
            });
        }
    }
    any.then_some(JwtAuthn {
        providers,
        rules,
        default,
    })
}

fn ratelimit(
    groups: &[Group],
    provider: &Provider,
    gateway: Option<&Compiled>,
) -> Option<LocalRateLimit> {
    let bucket = |c: &Compiled| c.policy.spec.rate_limit.as_ref().map(Bucket::from_crd);
    let mut default = gateway.and_then(bucket);
    let mut rules = Vec::new();
    let gateway_key = gateway.map(|c| &c.key);
    for g in groups {
        // Groups without their own limit share the gateway's bucket (the default).
        let Some(c) = provider(g, Section::RateLimit).filter(|c| Some(&c.key) != gateway_key)
        else {
            continue;
        };
        let Some(b) = bucket(c) else {
            continue;
        };
        if g.matcher.is_empty() {
            default = Some(b);
        } else {
            rules.push((g.matcher.clone(), g.id.clone(), b));
        }
    }
    (default.is_some() || !rules.is_empty()).then_some(LocalRateLimit { rules, default })
}

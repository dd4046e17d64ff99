//! The compute step, pure: a namespace's [`Snapshot`] in, the objects to apply and each CR's
//! `Accepted` / `ResolvedRefs` verdict out. Nothing here talks to the API server, so everything
//! is known (and checked) before the first write.

use std::collections::BTreeMap;

use kube::ResourceExt;

use super::objects::{prepare, Desired, ObjectError, Owner};
use super::snapshot::Snapshot;
use super::status::Cond;
use crate::crd::status::{reason, ACCEPTED, RESOLVED_REFS};
use crate::crd::{LLMPolicy, LLMRoute};
use crate::plan::{self, Inputs, NoRoutes, ObjectKey, ObjectStatus, PlanError};
use crate::render::istio::{self, IstioOptions};
use crate::render::Build;

/// What the namespace should look like.
#[derive(Debug)]
pub struct Outcome {
    /// The complete set of objects to apply; `None`: apply nothing and prune nothing (the
    /// namespace keeps the objects of its last good render).
    pub desired: Option<Vec<Desired>>,
    /// Why nothing is applied, when `desired` is `None`.
    pub blocked: Option<String>,
    /// `Accepted` and `ResolvedRefs` of every CR of the snapshot.
    pub verdicts: BTreeMap<ObjectKey, [Cond; 2]>,
}

/// Computes the namespace's objects and verdicts.
pub fn compute(snapshot: &Snapshot, build: Build, opts: &IstioOptions) -> Outcome {
    let inputs = Inputs {
        routes: snapshot.routes.clone(),
        policies: snapshot.policies.clone(),
        secrets: Some(snapshot.secrets.clone()),
        gateways: snapshot.gateways.clone(),
    };
    let owners = owners(&snapshot.routes, &snapshot.policies);
    match plan::plan(&inputs) {
        Ok(plan) => {
            let verdicts = plan
                .statuses
                .iter()
                .map(|(k, s)| (k.clone(), verdict(s)))
                .collect();
            match istio::render_with(&plan, build, opts)
                .map_err(|e| e.to_string())
                .and_then(|objects| {
                    prepare(objects, &snapshot.namespace, &owners)
                        .map_err(|e: ObjectError| e.to_string())
                }) {
                Ok(desired) => Outcome {
                    desired: Some(desired),
                    blocked: None,
                    verdicts,
                },
                Err(why) => Outcome {
                    desired: None,
                    blocked: Some(format!("the Istio render failed: {why}")),
                    verdicts,
                },
            }
        }
        // No route at all: nothing is served; every object of ours goes.
        Err(PlanError::NoRoutes(no_routes)) if snapshot.routes.is_empty() => Outcome {
            desired: Some(Vec::new()),
            blocked: None,
            verdicts: no_route_verdicts(snapshot, &no_routes),
        },
        Err(PlanError::NoRoutes(no_routes)) => Outcome {
            desired: None,
            blocked: Some(format!(
                "no LLMRoute of namespace {} is accepted",
                snapshot.namespace
            )),
            verdicts: no_route_verdicts(snapshot, &no_routes),
        },
        Err(e @ PlanError::Invalid { .. }) => Outcome {
            desired: None,
            blocked: Some(e.to_string()),
            verdicts: BTreeMap::new(),
        },
    }
}

fn verdict(s: &ObjectStatus) -> [Cond; 2] {
    let c = |c: &plan::Condition| Cond::new(c.type_, c.status, c.reason, c.message.clone());
    [c(&s.accepted), c(&s.resolved_refs)]
}

/// Verdicts when the plan gave up because no route is accepted: each route's own conditions
/// from the plan (reason and field as the checks set them); policies have nothing to attach to.
fn no_route_verdicts(snapshot: &Snapshot, no_routes: &NoRoutes) -> BTreeMap<ObjectKey, [Cond; 2]> {
    let mut out = BTreeMap::new();
    for r in &snapshot.routes {
        let key = ObjectKey::route(&snapshot.namespace, &r.name_any());
        let verdict = match no_routes.statuses.get(&key) {
            Some(s) if !s.is_ok() => verdict(s),
            // Not in the plan's statuses, or no problem recorded: still not served.
            _ => [
                Cond::new(ACCEPTED, false, reason::INVALID, "not accepted"),
                Cond::new(
                    RESOLVED_REFS,
                    true,
                    reason::RESOLVED_REFS,
                    "all references resolved",
                ),
            ],
        };
        out.insert(key, verdict);
    }
    for p in &snapshot.policies {
        let key = ObjectKey::policy(&snapshot.namespace, &p.name_any());
        let accepted = no_routes
            .statuses
            .get(&key)
            .map(|s| verdict(s)[0].clone())
            .unwrap_or_else(|| Cond::new(ACCEPTED, true, reason::ACCEPTED, "accepted"));
        let refs = Cond::new(
            RESOLVED_REFS,
            false,
            reason::TARGET_NOT_FOUND,
            format!(
                "spec.targetRefs: no LLMRoute of namespace {} is accepted",
                snapshot.namespace
            ),
        );
        out.insert(key, [accepted, refs]);
    }
    out
}

/// Every route and policy owns every object (they fold into one set).
fn owners(routes: &[LLMRoute], policies: &[LLMPolicy]) -> Vec<Owner> {
    let api_version = format!("{}/v1alpha1", crate::crd::GROUP);
    let mut out: Vec<Owner> = routes
        .iter()
        .filter_map(|r| {
            Some(Owner {
                api_version: api_version.clone(),
                kind: "LLMRoute".into(),
                name: r.name_any(),
                uid: r.metadata.uid.clone()?,
            })
        })
        .collect();
    out.extend(policies.iter().filter_map(|p| {
        Some(Owner {
            api_version: api_version.clone(),
            kind: "LLMPolicy".into(),
            name: p.name_any(),
            uid: p.metadata.uid.clone()?,
        })
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::tests::fixtures::{policy, route, NS};

    fn snapshot(routes: Vec<LLMRoute>, policies: Vec<LLMPolicy>) -> Snapshot {
        Snapshot {
            namespace: NS.into(),
            routes,
            policies,
            secrets: Default::default(),
            gateways: Vec::new(),
        }
    }

    /// No route accepted: each route's verdict is its own (reason and field from the plan's
    /// checks, not guessed from a joined message); the policy's targets are not found.
    #[test]
    fn no_routes_reports_each_routes_own_conditions() {
        // `chat` references Secret `openai`, absent from the snapshot.
        let missing_secret = route();
        let mut invalid: LLMRoute = route();
        invalid.metadata.name = Some("broken".into());
        invalid.spec.backends.truncate(1);
        invalid.spec.backends[0].api_key = None;
        // Falls back to a backend it does not define.
        invalid.spec.backends[0].fallback = vec!["nowhere".into()];
        let out = compute(
            &snapshot(vec![missing_secret, invalid], vec![policy("p", "mask")]),
            Build::Wasm,
            &IstioOptions::default(),
        );
        assert!(out.desired.is_none());
        assert_eq!(
            out.blocked.as_deref(),
            Some("no LLMRoute of namespace team-a is accepted")
        );
        let chat = &out.verdicts[&ObjectKey::route(NS, "chat")];
        assert!(chat[0].ok, "{chat:?}");
        assert_eq!(
            (chat[1].ok, chat[1].reason.as_str()),
            (false, "SecretNotFound")
        );
        assert!(
            chat[1]
                .message
                .starts_with("spec.backends[0].apiKey.secretRef"),
            "{chat:?}"
        );
        let broken = &out.verdicts[&ObjectKey::route(NS, "broken")];
        assert_eq!(
            (broken[0].ok, broken[0].reason.as_str()),
            (false, "Invalid")
        );
        assert!(
            broken[0]
                .message
                .starts_with("spec.backends[0].fallback[0]"),
            "{broken:?}"
        );
        assert!(broken[1].ok);
        let p = &out.verdicts[&ObjectKey::policy(NS, "p")];
        assert!(p[0].ok);
        assert_eq!(
            (p[1].ok, p[1].reason.as_str(), p[1].message.as_str()),
            (
                false,
                "TargetNotFound",
                "spec.targetRefs: no LLMRoute of namespace team-a is accepted"
            )
        );
    }

    #[test]
    fn no_routes_at_all_prunes_everything() {
        let out = compute(
            &snapshot(Vec::new(), vec![policy("p", "mask")]),
            Build::Wasm,
            &IstioOptions::default(),
        );
        assert_eq!(out.desired.map(|d| d.len()), Some(0));
        assert_eq!(
            out.verdicts[&ObjectKey::policy(NS, "p")][1].reason,
            "TargetNotFound"
        );
    }
}

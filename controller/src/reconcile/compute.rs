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
use crate::plan::{self, Inputs, ObjectKey, ObjectStatus, PlanError};
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
        Err(PlanError::NoRoutes(_)) if snapshot.routes.is_empty() => Outcome {
            desired: Some(Vec::new()),
            blocked: None,
            verdicts: no_route_verdicts(snapshot, ""),
        },
        Err(PlanError::NoRoutes(message)) => Outcome {
            desired: None,
            blocked: Some(format!(
                "no LLMRoute of namespace {} is accepted",
                snapshot.namespace
            )),
            verdicts: no_route_verdicts(snapshot, &message),
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

/// Verdicts when the plan gave up because no route is accepted. The plan's error lists each
/// route's problem as `LLMRoute <ns>/<name>: <problem>`, joined by `; `; each route gets its own
/// problem back (a reference problem names `secretRef`/`targetRefs`, the field it is in), and
/// policies have nothing to attach to.
fn no_route_verdicts(snapshot: &Snapshot, message: &str) -> BTreeMap<ObjectKey, [Cond; 2]> {
    let ok_accepted = || Cond::new(ACCEPTED, true, reason::ACCEPTED, "accepted");
    let ok_refs = || {
        Cond::new(
            RESOLVED_REFS,
            true,
            reason::RESOLVED_REFS,
            "all references resolved",
        )
    };
    let mut problems: BTreeMap<String, String> = BTreeMap::new();
    for part in message.split("; ") {
        if let Some((key, problem)) = part.split_once(": ") {
            problems.insert(key.to_string(), problem.to_string());
        }
    }
    let mut out = BTreeMap::new();
    for r in &snapshot.routes {
        let key = ObjectKey::route(&snapshot.namespace, &r.name_any());
        let problem = problems
            .get(&key.to_string())
            .cloned()
            .unwrap_or_else(|| "not accepted".into());
        let verdict = if problem.contains("secretRef") {
            [
                ok_accepted(),
                Cond::new(RESOLVED_REFS, false, reason::SECRET_NOT_FOUND, problem),
            ]
        } else if problem.contains("conflict") {
            [
                Cond::new(ACCEPTED, false, reason::CONFLICTED, problem),
                ok_refs(),
            ]
        } else {
            [
                Cond::new(ACCEPTED, false, reason::INVALID, problem),
                ok_refs(),
            ]
        };
        out.insert(key, verdict);
    }
    for p in &snapshot.policies {
        let key = ObjectKey::policy(&snapshot.namespace, &p.name_any());
        let refs = Cond::new(
            RESOLVED_REFS,
            false,
            reason::TARGET_NOT_FOUND,
            format!(
                "spec.targetRefs: no LLMRoute of namespace {} is accepted",
                snapshot.namespace
            ),
        );
        out.insert(key, [ok_accepted(), refs]);
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

//! Status conditions: `Accepted` (the spec is valid and does not conflict with another object),
//! `ResolvedRefs` (every Secret and target it names exists), `Programmed` (the namespace's
//! objects, this one's share included, are applied). Each carries `observedGeneration`, and a
//! message that names the offending field.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{Condition, Time};
use k8s_openapi::jiff::Timestamp;
use serde_json::{json, Value};

pub use crate::crd::status::{ACCEPTED, PROGRAMMED, RESOLVED_REFS};

/// One condition before it is stamped with a generation and a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cond {
    pub type_: &'static str,
    pub ok: bool,
    pub reason: String,
    pub message: String,
}

impl Cond {
    pub fn new(type_: &'static str, ok: bool, reason: &str, message: impl Into<String>) -> Self {
        Self {
            type_,
            ok,
            reason: reason.into(),
            message: message.into(),
        }
    }
}

/// The conditions an object's status should hold, with `lastTransitionTime` kept from `current`
/// when a condition's status did not change (Kubernetes' convention), else `now`.
pub fn conditions(
    wanted: &[Cond],
    current: &[Condition],
    generation: Option<i64>,
    now: Timestamp,
) -> Vec<Condition> {
    wanted
        .iter()
        .map(|c| {
            let status = if c.ok { "True" } else { "False" };
            let since = current
                .iter()
                .find(|old| old.type_ == c.type_ && old.status == status)
                .map(|old| old.last_transition_time.clone())
                .unwrap_or(Time(now));
            Condition {
                type_: c.type_.to_string(),
                status: status.to_string(),
                reason: c.reason.clone(),
                message: c.message.clone(),
                observed_generation: generation,
                last_transition_time: since,
            }
        })
        .collect()
}

/// True when `current` already says what `next` says (times aside): no patch is needed, and
/// none is sent (a status write would wake the watch and reconcile again for nothing).
pub fn unchanged(
    current: &[Condition],
    observed: Option<i64>,
    next: &[Condition],
    generation: Option<i64>,
) -> bool {
    observed == generation
        && current.len() == next.len()
        && next.iter().all(|n| {
            current.iter().any(|c| {
                c.type_ == n.type_
                    && c.status == n.status
                    && c.reason == n.reason
                    && c.message == n.message
                    && c.observed_generation == n.observed_generation
            })
        })
}

/// The body of the server-side apply patch on an object's `/status`.
pub fn status_patch(
    api_version: &str,
    kind: &str,
    generation: Option<i64>,
    conditions: &[Condition],
) -> Value {
    json!({
        "apiVersion": api_version,
        "kind": kind,
        "status": {
            "observedGeneration": generation,
            "conditions": conditions,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn transition_time_moves_only_when_status_changes() {
        let first = conditions(
            &[
                Cond::new(ACCEPTED, true, "Accepted", "ok"),
                Cond::new(PROGRAMMED, false, "Pending", "applying"),
            ],
            &[],
            Some(1),
            at("2026-01-01T00:00:00Z"),
        );
        let second = conditions(
            &[
                Cond::new(ACCEPTED, true, "Accepted", "still ok"),
                Cond::new(PROGRAMMED, true, "Programmed", "applied"),
            ],
            &first,
            Some(2),
            at("2026-01-01T00:05:00Z"),
        );
        assert_eq!(second[0].last_transition_time.0, at("2026-01-01T00:00:00Z"));
        assert_eq!(second[1].last_transition_time.0, at("2026-01-01T00:05:00Z"));
        assert_eq!(second[1].observed_generation, Some(2));
        assert_eq!(second[0].message, "still ok");
    }

    #[test]
    fn unchanged_ignores_times_but_not_generation_or_message() {
        let a = conditions(
            &[Cond::new(ACCEPTED, true, "Accepted", "ok")],
            &[],
            Some(3),
            at("2026-01-01T00:00:00Z"),
        );
        let b = conditions(
            &[Cond::new(ACCEPTED, true, "Accepted", "ok")],
            &[],
            Some(3),
            at("2026-02-01T00:00:00Z"),
        );
        assert!(unchanged(&a, Some(3), &b, Some(3)));
        assert!(!unchanged(&a, Some(2), &b, Some(3)));
        let c = conditions(
            &[Cond::new(ACCEPTED, true, "Accepted", "other")],
            &[],
            Some(3),
            at("2026-02-01T00:00:00Z"),
        );
        assert!(!unchanged(&a, Some(3), &c, Some(3)));
    }

    #[test]
    fn patch_body_is_an_apply_of_status_only() {
        let c = conditions(
            &[Cond::new(
                ACCEPTED,
                false,
                "Invalid",
                "spec.backends[0].name: bad",
            )],
            &[],
            Some(4),
            at("2026-01-01T00:00:00Z"),
        );
        let body = status_patch("llm-filters.io/v1alpha1", "LLMRoute", Some(4), &c);
        assert_eq!(
            body,
            json!({
                "apiVersion": "llm-filters.io/v1alpha1",
                "kind": "LLMRoute",
                "status": {
                    "observedGeneration": 4,
                    "conditions": [{
                        "type": "Accepted", "status": "False", "reason": "Invalid",
                        "message": "spec.backends[0].name: bad", "observedGeneration": 4,
                        "lastTransitionTime": "2026-01-01T00:00:00Z"
                    }]
                }
            })
        );
    }
}

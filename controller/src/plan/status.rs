//! The conditions a plan reports per CR: `Accepted` (valid, not in conflict) and `ResolvedRefs`
//! (backends, Secrets, targets found). `Programmed` is the reconciler's (it applies objects).

use std::collections::BTreeMap;
use std::fmt;

use kube::ResourceExt;

use crate::crd::status::{self, reason};

use super::Inputs;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObjectKind {
    Route,
    Policy,
}

/// A CR of the inputs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectKey {
    pub kind: ObjectKind,
    pub namespace: String,
    pub name: String,
}

impl ObjectKey {
    pub fn route(namespace: &str, name: &str) -> Self {
        ObjectKey {
            kind: ObjectKind::Route,
            namespace: namespace.into(),
            name: name.into(),
        }
    }
    pub fn policy(namespace: &str, name: &str) -> Self {
        ObjectKey {
            kind: ObjectKind::Policy,
            namespace: namespace.into(),
            name: name.into(),
        }
    }
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ObjectKind::Route => "LLMRoute",
            ObjectKind::Policy => "LLMPolicy",
        };
        write!(f, "{kind} {}/{}", self.namespace, self.name)
    }
}

/// One condition, without the timestamps the reconciler adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// `Accepted` or `ResolvedRefs`.
    pub type_: &'static str,
    pub status: bool,
    /// CamelCase reason (`crate::crd::status::reason`).
    pub reason: &'static str,
    /// Names the offending field, e.g. `spec.backends[1].fallback[0]: ...`.
    pub message: String,
}

/// The plan's verdict on one CR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectStatus {
    /// `metadata.generation` the verdict is for (`observedGeneration`).
    pub generation: Option<i64>,
    pub accepted: Condition,
    pub resolved_refs: Condition,
}

impl ObjectStatus {
    fn new(generation: Option<i64>) -> Self {
        ObjectStatus {
            generation,
            accepted: Condition {
                type_: status::ACCEPTED,
                status: true,
                reason: reason::ACCEPTED,
                message: "accepted".into(),
            },
            resolved_refs: Condition {
                type_: status::RESOLVED_REFS,
                status: true,
                reason: reason::RESOLVED_REFS,
                message: "all references resolved".into(),
            },
        }
    }

    /// Whether the CR takes part in the render.
    pub fn is_ok(&self) -> bool {
        self.accepted.status && self.resolved_refs.status
    }

    /// The first problem, if any.
    pub fn problem(&self) -> Option<&str> {
        if !self.accepted.status {
            Some(&self.accepted.message)
        } else if !self.resolved_refs.status {
            Some(&self.resolved_refs.message)
        } else {
            None
        }
    }

    /// Marks the CR not accepted (the first reason given is kept: it is what the user fixes first).
    pub fn reject(&mut self, reason: &'static str, message: impl Into<String>) {
        if self.accepted.status {
            self.accepted.status = false;
            self.accepted.reason = reason;
            self.accepted.message = message.into();
        }
    }

    /// The CR keeps what it holds, but a newer one conflicted with it (and was rejected): says
    /// so in `Accepted`'s message, which stays true, so both sides of a conflict name the other.
    pub fn conflicted_by(&mut self, message: impl Into<String>) {
        self.note(message);
    }

    /// Adds to `Accepted`'s message of an accepted CR (once per distinct message).
    pub fn note(&mut self, message: impl Into<String>) {
        if !self.accepted.status {
            return;
        }
        let message = message.into();
        if self.accepted.message == "accepted" {
            self.accepted.message = format!("accepted; {message}");
        } else if !self.accepted.message.contains(&message) {
            self.accepted.message.push_str("; ");
            self.accepted.message.push_str(&message);
        }
    }

    /// Marks a reference unresolved.
    pub fn unresolved(&mut self, reason: &'static str, message: impl Into<String>) {
        if self.resolved_refs.status {
            self.resolved_refs.status = false;
            self.resolved_refs.reason = reason;
            self.resolved_refs.message = message.into();
        }
    }

    /// The conditions as `metav1.Condition`s (the reconciler sets `lastTransitionTime`).
    pub fn conditions(&self) -> [&Condition; 2] {
        [&self.accepted, &self.resolved_refs]
    }
}

pub(super) fn initial(input: &Inputs) -> BTreeMap<ObjectKey, ObjectStatus> {
    let mut out = BTreeMap::new();
    for r in &input.routes {
        let key = ObjectKey::route(&r.namespace().unwrap_or_default(), &r.name_any());
        out.insert(key, ObjectStatus::new(r.metadata.generation));
    }
    for p in &input.policies {
        let key = ObjectKey::policy(&p.namespace().unwrap_or_default(), &p.name_any());
        out.insert(key, ObjectStatus::new(p.metadata.generation));
    }
    out
}

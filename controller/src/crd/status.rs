//! Status of both CRDs: `metav1.Condition`s (`Accepted`, `ResolvedRefs`, `Programmed`) with
//! `observedGeneration`, as Gateway API objects carry them.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Condition;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The spec is valid and not in conflict with another object.
pub const ACCEPTED: &str = "Accepted";
/// Every reference (backends, Secrets, targets) resolves.
pub const RESOLVED_REFS: &str = "ResolvedRefs";
/// The rendered objects were applied.
pub const PROGRAMMED: &str = "Programmed";

/// Reasons used in conditions (CamelCase, as Kubernetes conventions ask).
pub mod reason {
    pub const ACCEPTED: &str = "Accepted";
    pub const INVALID: &str = "Invalid";
    pub const CONFLICTED: &str = "Conflicted";
    pub const RESOLVED_REFS: &str = "ResolvedRefs";
    pub const SECRET_NOT_FOUND: &str = "SecretNotFound";
    pub const TARGET_NOT_FOUND: &str = "TargetNotFound";
    pub const PROGRAMMED: &str = "Programmed";
    pub const PENDING: &str = "Pending";
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RouteStatus {
    /// The generation the conditions describe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyStatus {
    /// The generation the conditions describe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
}

//! The two CRDs, `LLMRoute` and `LLMPolicy` (`llm-filters.io/v1alpha1`), and the references they
//! share. `crds_yaml` prints both as `llm-filters-controller crd` does.

pub mod policy;
pub mod route;
pub mod status;

use kube::CustomResourceExt;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use policy::{LLMPolicy, LLMPolicySpec};
pub use route::{LLMRoute, LLMRouteSpec};

/// The API group of both CRDs.
pub const GROUP: &str = "llm-filters.io";
/// Gateway API's group (a policy may target a `Gateway`).
pub const GATEWAY_GROUP: &str = "gateway.networking.k8s.io";

/// A Secret key in the referring object's namespace.
#[derive(
    JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default, Hash, PartialOrd, Ord,
)]
pub struct SecretKeyRef {
    #[schemars(
        regex(pattern = r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"),
        length(max = 253)
    )]
    pub name: String,
    #[schemars(regex(pattern = r"^[-._a-zA-Z0-9]+$"), length(max = 253))]
    pub key: String,
}

/// A Gateway a route is served by (Gateway API `parentRefs`).
#[derive(
    JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "camelCase")]
pub struct ParentRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
}

/// Policy attachment (GEP-713): the object a policy applies to, in the policy's namespace.
#[derive(
    kube::KubeSchema,
    Serialize,
    Deserialize,
    Clone,
    Debug,
    PartialEq,
    Eq,
    Default,
    Hash,
    PartialOrd,
    Ord,
)]
#[x_kube(validation = Rule::new("(self.group == 'llm-filters.io' && self.kind == 'LLMRoute') || (self.group == 'gateway.networking.k8s.io' && self.kind == 'Gateway')").message("targetRefs are LLMRoutes (group llm-filters.io) or Gateways (group gateway.networking.k8s.io)"))]
#[serde(rename_all = "camelCase")]
pub struct TargetRef {
    pub group: String,
    pub kind: String,
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// Not supported yet (reserved by GEP-713).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_name: Option<String>,
}

impl TargetRef {
    pub fn is_route(&self) -> bool {
        self.group == GROUP && self.kind == "LLMRoute"
    }
    pub fn is_gateway(&self) -> bool {
        self.group == GATEWAY_GROUP && self.kind == "Gateway"
    }
}

/// Free-form JSON in a structural schema (template parameters).
pub(crate) fn preserve_unknown(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "object", "x-kubernetes-preserve-unknown-fields": true })
}

/// Both CRDs as one YAML stream.
pub fn crds_yaml() -> Result<String, serde_yaml::Error> {
    let route = serde_yaml::to_string(&LLMRoute::crd())?;
    let policy = serde_yaml::to_string(&LLMPolicy::crd())?;
    Ok(format!("---\n{route}---\n{policy}"))
}

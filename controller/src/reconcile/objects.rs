//! The rendered objects of one namespace, made ready to apply: namespaced, labelled as ours and
//! owned by every LLMRoute / LLMPolicy they were computed from.
//!
//! Every route and policy of a namespace folds into one set of objects (one config per filter),
//! so each object is owned by all of them: Kubernetes' garbage collector removes an object only
//! once its last owner is gone, and the controller prunes what it no longer renders before that.

use kube::api::{ApiResource, DynamicObject, GroupVersionKind};
use serde_json::{Map, Value};

/// The field manager of every server-side apply the controller makes.
pub const FIELD_MANAGER: &str = "llm-filters-controller";
/// Set on every object the controller creates; pruning lists by it.
pub const MANAGED_BY_LABEL: &str = "app.kubernetes.io/managed-by";
pub const MANAGED_BY: &str = "llm-filters-controller";

/// A kind the controller creates, addressed without a discovery call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kind {
    pub group: &'static str,
    pub version: &'static str,
    pub kind: &'static str,
    pub plural: &'static str,
}

impl Kind {
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    pub fn api_resource(&self) -> ApiResource {
        ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk(self.group, self.version, self.kind),
            self.plural,
        )
    }
}

pub const ENVOY_FILTER: Kind = Kind {
    group: "networking.istio.io",
    version: "v1alpha3",
    kind: "EnvoyFilter",
    plural: "envoyfilters",
};

/// Every kind the Istio render can produce: the kinds pruning looks at.
pub const MANAGED_KINDS: &[Kind] = &[ENVOY_FILTER];

/// One CR that contributed to the rendered objects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub uid: String,
}

/// A rendered object ready for server-side apply.
#[derive(Clone, Debug)]
pub struct Desired {
    pub kind: Kind,
    pub name: String,
    pub object: DynamicObject,
}

/// Why a rendered object cannot be applied (a render bug, never a user error).
#[derive(Debug, thiserror::Error)]
pub enum ObjectError {
    #[error("rendered object has an unknown kind {0}")]
    UnknownKind(String),
    #[error("rendered object of kind {0} has no metadata.name")]
    NoName(String),
    #[error("rendered object is not a Kubernetes object: {0}")]
    Shape(#[from] serde_json::Error),
}

/// Stamps namespace, labels and owner references on each rendered object and checks that the
/// controller knows its kind (pruning only looks at kinds it knows).
pub fn prepare(
    rendered: Vec<Value>,
    namespace: &str,
    owners: &[Owner],
) -> Result<Vec<Desired>, ObjectError> {
    rendered
        .into_iter()
        .map(|mut value| {
            let api_version = value
                .get("apiVersion")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let kind_name = value.get("kind").and_then(Value::as_str).unwrap_or("");
            let kind = MANAGED_KINDS
                .iter()
                .find(|k| k.kind == kind_name && k.api_version() == api_version)
                .copied()
                .ok_or_else(|| ObjectError::UnknownKind(format!("{api_version}/{kind_name}")))?;
            let name = value
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .filter(|n| !n.is_empty())
                .ok_or_else(|| ObjectError::NoName(kind.kind.to_string()))?
                .to_string();
            stamp(&mut value, namespace, owners);
            let object: DynamicObject = serde_json::from_value(value)?;
            Ok(Desired { kind, name, object })
        })
        .collect()
}

fn stamp(value: &mut Value, namespace: &str, owners: &[Owner]) {
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    let meta = obj
        .entry("metadata")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(meta) = meta.as_object_mut() else {
        return;
    };
    meta.insert("namespace".into(), Value::String(namespace.into()));
    let labels = meta
        .entry("labels")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(labels) = labels.as_object_mut() {
        labels.insert(MANAGED_BY_LABEL.into(), Value::String(MANAGED_BY.into()));
    }
    let refs: Vec<Value> = owners
        .iter()
        .map(|o| {
            serde_json::json!({
                "apiVersion": o.api_version,
                "kind": o.kind,
                "name": o.name,
                "uid": o.uid,
            })
        })
        .collect();
    meta.insert("ownerReferences".into(), Value::Array(refs));
}

/// The label selector that finds every object this controller created in a namespace.
pub fn managed_selector() -> String {
    format!("{MANAGED_BY_LABEL}={MANAGED_BY}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn owner(kind: &str, name: &str) -> Owner {
        Owner {
            api_version: "llm-filters.io/v1alpha1".into(),
            kind: kind.into(),
            name: name.into(),
            uid: format!("uid-{name}"),
        }
    }

    #[test]
    fn stamps_namespace_label_and_every_owner() {
        let rendered = vec![json!({
            "apiVersion": "networking.istio.io/v1alpha3",
            "kind": "EnvoyFilter",
            "metadata": { "name": "llm-filters-http", "labels": { "app": "x" } },
            "spec": { "configPatches": [] }
        })];
        let owners = [owner("LLMRoute", "chat"), owner("LLMPolicy", "strict")];
        let desired = prepare(rendered, "team-a", &owners).unwrap();
        assert_eq!(desired.len(), 1);
        assert_eq!(desired[0].name, "llm-filters-http");
        let v = serde_json::to_value(&desired[0].object).unwrap();
        assert_eq!(v["metadata"]["namespace"], "team-a");
        assert_eq!(v["metadata"]["labels"]["app"], "x");
        assert_eq!(
            v["metadata"]["labels"]["app.kubernetes.io/managed-by"],
            "llm-filters-controller"
        );
        assert_eq!(
            v["metadata"]["ownerReferences"],
            json!([
                { "apiVersion": "llm-filters.io/v1alpha1", "kind": "LLMRoute", "name": "chat", "uid": "uid-chat" },
                { "apiVersion": "llm-filters.io/v1alpha1", "kind": "LLMPolicy", "name": "strict", "uid": "uid-strict" }
            ])
        );
        assert_eq!(v["spec"], json!({ "configPatches": [] }));
    }

    #[test]
    fn refuses_unknown_kinds_and_nameless_objects() {
        let unknown =
            vec![json!({ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "x" } })];
        assert!(matches!(
            prepare(unknown, "ns", &[]),
            Err(ObjectError::UnknownKind(k)) if k == "v1/ConfigMap"
        ));
        let nameless = vec![
            json!({ "apiVersion": "networking.istio.io/v1alpha3", "kind": "EnvoyFilter", "metadata": {} }),
        ];
        assert!(matches!(
            prepare(nameless, "ns", &[]),
            Err(ObjectError::NoName(_))
        ));
    }
}

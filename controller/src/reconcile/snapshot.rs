//! Reads what one namespace's render is computed from: its LLMRoutes and LLMPolicies (objects
//! being deleted left out) and which referenced Secrets exist with the referenced key.
//!
//! Reads come first and are all there is before the compute step: nothing is written until the
//! whole namespace is known.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::Secret;
use kube::api::{Api, ApiResource, DynamicObject, GroupVersionKind, ListParams};
use kube::{Client, Resource, ResourceExt};
use serde_json::Value;

use crate::crd::{LLMPolicy, LLMRoute, GATEWAY_GROUP};
use crate::plan::Gateway;

/// One namespace's CRs and Secrets.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub namespace: String,
    /// Routes and policies taking part in the render (none with a deletion timestamp).
    pub routes: Vec<LLMRoute>,
    pub policies: Vec<LLMPolicy>,
    /// Referenced Secrets that exist and hold every key referenced, as `(namespace, name)`.
    pub secrets: BTreeSet<(String, String)>,
    /// The namespace's Gateway API Gateways (targets of gateway-wide policies).
    pub gateways: Vec<Gateway>,
}

/// Lists the namespace's routes and policies, then reads each Secret they reference.
pub async fn load(client: &Client, namespace: &str) -> Result<Snapshot, kube::Error> {
    let lp = ListParams::default();
    let routes = Api::<LLMRoute>::namespaced(client.clone(), namespace)
        .list(&lp)
        .await?
        .items;
    let policies = Api::<LLMPolicy>::namespaced(client.clone(), namespace)
        .list(&lp)
        .await?
        .items;
    let routes: Vec<LLMRoute> = routes
        .into_iter()
        .filter(|r| r.meta().deletion_timestamp.is_none())
        .collect();
    let policies: Vec<LLMPolicy> = policies
        .into_iter()
        .filter(|p| p.meta().deletion_timestamp.is_none())
        .collect();

    let mut wanted: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in &routes {
        secret_refs(
            &serde_json::to_value(&r.spec).unwrap_or_default(),
            &mut wanted,
        );
    }
    for p in &policies {
        secret_refs(
            &serde_json::to_value(&p.spec).unwrap_or_default(),
            &mut wanted,
        );
    }
    let api: Api<Secret> = Api::namespaced(client.clone(), namespace);
    let mut secrets = BTreeSet::new();
    for (name, keys) in &wanted {
        // Only the key names are looked at; values never leave this function.
        let Some(secret) = api.get_opt(name).await? else {
            continue;
        };
        let has = |k: &String| {
            secret.data.as_ref().is_some_and(|d| d.contains_key(k))
                || secret
                    .string_data
                    .as_ref()
                    .is_some_and(|d| d.contains_key(k))
        };
        if keys.iter().all(has) {
            secrets.insert((namespace.to_string(), name.clone()));
        }
    }
    let gateways = gateways(client, namespace).await?;
    Ok(Snapshot {
        namespace: namespace.to_string(),
        routes,
        policies,
        secrets,
        gateways,
    })
}

/// The namespace's Gateways; none when Gateway API is not installed.
async fn gateways(client: &Client, namespace: &str) -> Result<Vec<Gateway>, kube::Error> {
    let resource = ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk(GATEWAY_GROUP, "v1", "Gateway"),
        "gateways",
    );
    let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), namespace, &resource);
    let list = match api.list(&ListParams::default()).await {
        Ok(list) => list,
        Err(kube::Error::Api(s)) if s.code == 404 => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    Ok(list
        .items
        .iter()
        .map(|g| Gateway {
            namespace: namespace.to_string(),
            name: g.name_any(),
            address: g
                .data
                .pointer("/spec/addresses/0/value")
                .and_then(Value::as_str)
                .map(str::to_string),
            port: g
                .data
                .pointer("/spec/listeners/0/port")
                .and_then(Value::as_u64)
                .and_then(|p| u16::try_from(p).ok())
                .unwrap_or(80),
        })
        .collect())
}

/// Every `secretRef: {name, key}` in a spec, by Secret name. (Both CRDs reference Secrets only
/// this way, in the object's own namespace.)
pub fn secret_refs(spec: &Value, out: &mut BTreeMap<String, BTreeSet<String>>) {
    match spec {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "secretRef" {
                    if let (Some(name), Some(key)) = (
                        v.get("name").and_then(Value::as_str),
                        v.get("key").and_then(Value::as_str),
                    ) {
                        out.entry(name.to_string())
                            .or_default()
                            .insert(key.to_string());
                        continue;
                    }
                }
                secret_refs(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| secret_refs(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_secret_refs_at_any_depth() {
        let spec = json!({
            "backends": [
                { "name": "a", "apiKey": { "secretRef": { "name": "openai", "key": "api-key" } } },
                { "name": "b", "apiKey": { "secretRef": { "name": "openai", "key": "other" } } }
            ],
            "piiMask": { "hash": { "secretRef": { "name": "hash", "key": "k" } } }
        });
        let mut out = BTreeMap::new();
        secret_refs(&spec, &mut out);
        assert_eq!(
            out,
            BTreeMap::from([
                ("hash".to_string(), BTreeSet::from(["k".to_string()])),
                (
                    "openai".to_string(),
                    BTreeSet::from(["api-key".to_string(), "other".to_string()])
                ),
            ])
        );
    }
}

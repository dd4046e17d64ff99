//! Server-side apply of a namespace's rendered objects, then pruning of the objects this
//! controller created there and no longer renders.
//!
//! Callers hand in the complete set, computed and checked before this runs: applying starts only
//! once nothing can make the set invalid.

use std::collections::BTreeSet;

use kube::api::{Api, DeleteParams, DynamicObject, ListParams, Patch, PatchParams};
use kube::Client;

use super::objects::{managed_selector, Desired, FIELD_MANAGER, MANAGED_KINDS};

/// What a successful apply did, for the logs.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub applied: Vec<String>,
    pub pruned: Vec<String>,
}

/// Applies every object (server-side apply, our field manager, forced: the controller owns these
/// objects' fields), then deletes our objects of every managed kind that are not in `desired`.
pub async fn apply_and_prune(
    client: &Client,
    namespace: &str,
    desired: &[Desired],
) -> Result<Applied, kube::Error> {
    let mut done = Applied::default();
    let params = PatchParams::apply(FIELD_MANAGER).force();
    for d in desired {
        let api: Api<DynamicObject> =
            Api::namespaced_with(client.clone(), namespace, &d.kind.api_resource());
        api.patch(&d.name, &params, &Patch::Apply(&d.object))
            .await?;
        done.applied.push(format!("{}/{}", d.kind.kind, d.name));
    }
    done.pruned = prune(client, namespace, desired).await?;
    Ok(done)
}

/// Deletes this controller's objects in `namespace` that `keep` does not hold.
pub async fn prune(
    client: &Client,
    namespace: &str,
    keep: &[Desired],
) -> Result<Vec<String>, kube::Error> {
    let mut pruned = Vec::new();
    let selector = managed_selector();
    for kind in MANAGED_KINDS {
        let api: Api<DynamicObject> =
            Api::namespaced_with(client.clone(), namespace, &kind.api_resource());
        let existing = match api.list(&ListParams::default().labels(&selector)).await {
            Ok(list) => list,
            // The kind's CRD is not installed: there is nothing of ours to prune.
            Err(kube::Error::Api(s)) if s.code == 404 => continue,
            Err(e) => return Err(e),
        };
        let wanted: BTreeSet<&str> = keep
            .iter()
            .filter(|d| d.kind == *kind)
            .map(|d| d.name.as_str())
            .collect();
        for obj in existing.items {
            let Some(name) = obj.metadata.name.as_deref() else {
                continue;
            };
            if wanted.contains(name) {
                continue;
            }
            match api.delete(name, &DeleteParams::default()).await {
                Ok(_) => pruned.push(format!("{}/{name}", kind.kind)),
                // Gone already: what pruning wanted.
                Err(kube::Error::Api(s)) if s.code == 404 => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(pruned)
}

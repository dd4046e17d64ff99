//! Secret references: whether they resolve, and the proxy environment variable each becomes.
//! The key never enters a rendered object: filters name the variable (`secretEnv`), Envoy hands
//! it to the filter (`vm_config.environment_variables.host_env_keys`), and the proxy's
//! environment is fed from the Secret (a Pod `env.valueFrom.secretKeyRef`, or the user's shell).

use std::collections::{BTreeMap, BTreeSet};

use crate::crd::SecretKeyRef;

use super::backends::GlobalBackend;
use super::SecretSource;

pub(crate) struct Secrets<'a> {
    present: Option<&'a BTreeSet<(String, String)>>,
}

impl<'a> Secrets<'a> {
    pub fn new(present: Option<&'a BTreeSet<(String, String)>>) -> Self {
        Secrets { present }
    }

    /// Whether `secret` exists in `namespace` (always, when existence is not checked).
    pub fn exists(&self, namespace: &str, secret: &SecretKeyRef) -> bool {
        self.present
            .is_none_or(|p| p.contains(&(namespace.to_string(), secret.name.clone())))
    }

    /// Environment variables of every backend key.
    pub fn env(
        &self,
        backends: &BTreeMap<String, GlobalBackend>,
    ) -> BTreeMap<String, SecretSource> {
        backends
            .values()
            .filter_map(|b| {
                let key = b.spec.api_key.as_ref()?;
                Some((
                    env_name(&key.secret_ref),
                    source(&b.namespace, &key.secret_ref),
                ))
            })
            .collect()
    }
}

pub(crate) fn source(namespace: &str, r: &SecretKeyRef) -> SecretSource {
    SecretSource {
        namespace: namespace.to_string(),
        name: r.name.clone(),
        key: r.key.clone(),
    }
}

/// `<SECRET>_<KEY>` in upper case, other characters as `_`: Secret `openai` key `api-key` is
/// `OPENAI_API_KEY`. (Two namespaces' Secrets of the same name and key share the variable:
/// the plan reports that as a conflict.)
pub(crate) fn env_name(r: &SecretKeyRef) -> String {
    let raw = format!("{}_{}", r.name, r.key);
    let mut out: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_names_are_shell_names() {
        let r = |name: &str, key: &str| SecretKeyRef {
            name: name.into(),
            key: key.into(),
        };
        assert_eq!(env_name(&r("openai", "api-key")), "OPENAI_API_KEY");
        assert_eq!(env_name(&r("9lives", "k.v")), "_9LIVES_K_V");
    }
}

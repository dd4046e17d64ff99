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
                    env_name(&b.namespace, &key.secret_ref),
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

/// `LLM_<NAMESPACE>_<SECRET>_<KEY>_<HASH>`: the readable part in upper case with other
/// characters as `_`, then 8 hex digits of FNV-1a (32-bit) over `namespace/secret/key`. The
/// readable part alone is ambiguous (`openai`/`api-key` and `openai-api`/`key`; the same Secret
/// in two namespaces), the hash tells them apart; a hash collision left over is refused by the
/// plan ([`claim`]), naming both references.
pub(crate) fn env_name(namespace: &str, r: &SecretKeyRef) -> String {
    let readable: String = format!("{namespace}_{}_{}", r.name, r.key)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "LLM_{readable}_{:08X}",
        fnv1a32(&format!("{namespace}/{}/{}", r.name, r.key))
    )
}

fn fnv1a32(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Records that `source` feeds `name` in `taken`; `Err(other)` when another Secret key already
/// feeds that name (the same key twice is fine: the same value).
pub(crate) fn claim(
    taken: &mut BTreeMap<String, SecretSource>,
    name: String,
    source: SecretSource,
) -> Result<(), SecretSource> {
    match taken.get(&name) {
        Some(other) if *other != source => Err(other.clone()),
        Some(_) => Ok(()),
        None => {
            taken.insert(name, source);
            Ok(())
        }
    }
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
        // Hash suffixes checked by hand with Python's FNV-1a 32 (offset 0x811c9dc5, prime
        // 0x01000193) over "default/openai/api-key" and "team-b/openai/api-key".
        assert_eq!(
            env_name("default", &r("openai", "api-key")),
            "LLM_DEFAULT_OPENAI_API_KEY_1FC809B8"
        );
        assert!(env_name("d", &r("9lives", "k.v")).starts_with("LLM_D_9LIVES_K_V_"));
    }

    #[test]
    fn env_names_are_injective_where_the_readable_part_is_not() {
        let r = |name: &str, key: &str| SecretKeyRef {
            name: name.into(),
            key: key.into(),
        };
        assert_ne!(
            env_name("default", &r("openai", "api-key")),
            env_name("default", &r("openai-api", "key"))
        );
        assert_ne!(
            env_name("team-a", &r("openai", "api-key")),
            env_name("team-b", &r("openai", "api-key"))
        );
    }

    #[test]
    fn a_name_fed_by_two_secrets_is_refused() {
        let src = |ns: &str| SecretSource {
            namespace: ns.into(),
            name: "s".into(),
            key: "k".into(),
        };
        let mut taken = BTreeMap::new();
        assert!(claim(&mut taken, "N".into(), src("a")).is_ok());
        assert!(claim(&mut taken, "N".into(), src("a")).is_ok());
        assert_eq!(claim(&mut taken, "N".into(), src("b")), Err(src("a")));
    }
}

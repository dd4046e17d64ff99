//! Provider credentials, resolved once at load from the proxy's environment.
//!
//! Keys never live in config text: config names an environment variable, the host hands the
//! variable to the filter (Envoy: `vm_config.environment_variables.host_env_keys`), and the
//! value is read here. The value is kept in a type whose `Debug` hides it.

use crate::config::RouterConfig;
use llm_filters_core::config::ConfigError;
use std::collections::BTreeMap;
use std::fmt;

/// A header value carrying a secret. `Debug` prints a placeholder, never the value.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretHeader {
    pub name: String,
    value: String,
}

impl SecretHeader {
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Debug for SecretHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SecretHeader {{ name: {:?}, value: <redacted> }}",
            self.name
        )
    }
}

/// The auth header to send to each backend that has one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    by_backend: BTreeMap<String, SecretHeader>,
}

impl Credentials {
    /// Read every backend's secret through `lookup` (the host's environment). A backend whose
    /// variable is unset or empty fails the load, naming the field and the variable.
    pub fn resolve(
        config: &RouterConfig,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let mut by_backend = BTreeMap::new();
        for (name, backend) in &config.backends {
            let Some(auth) = &backend.auth else { continue };
            let key = lookup(&auth.secret_env)
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| {
                    ConfigError::new(
                        format!("backends.{name}.auth.secretEnv"),
                        format!(
                        "environment variable '{}' is not set for the filter (hand it over with \
                         vm_config.environment_variables.host_env_keys)",
                        auth.secret_env
                    ),
                    )
                })?;
            let value = format!("{}{}", auth.prefix(), key.trim());
            by_backend.insert(
                name.clone(),
                SecretHeader {
                    name: auth.header.clone(),
                    value,
                },
            );
        }
        Ok(Credentials { by_backend })
    }

    pub fn for_backend(&self, backend: &str) -> Option<&SecretHeader> {
        self.by_backend.get(backend)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use llm_filters_core::config::parse_config;

    fn config() -> RouterConfig {
        parse_config(
            br#"{"backends":{"openai":{"auth":{"secretEnv":"OPENAI_KEY"}},
                 "anthropic":{"auth":{"secretEnv":"ANTHROPIC_KEY","header":"x-api-key"}},
                 "local":{}},"defaultBackend":"local"}"#,
        )
        .unwrap()
    }

    #[test]
    fn resolves_headers_per_backend() {
        let creds = Credentials::resolve(&config(), &|name| Some(format!("sk-{name}"))).unwrap();
        let openai = creds.for_backend("openai").unwrap();
        assert_eq!(
            (openai.name.as_str(), openai.value()),
            ("authorization", "Bearer sk-OPENAI_KEY")
        );
        let anthropic = creds.for_backend("anthropic").unwrap();
        assert_eq!(
            (anthropic.name.as_str(), anthropic.value()),
            ("x-api-key", "sk-ANTHROPIC_KEY")
        );
        assert!(creds.for_backend("local").is_none());
    }

    #[test]
    fn missing_variable_fails_naming_field_not_value() {
        let err = Credentials::resolve(&config(), &|name| {
            (name == "OPENAI_KEY").then(|| "sk-secret".to_string())
        })
        .unwrap_err();
        assert_eq!(err.field, "backends.anthropic.auth.secretEnv");
        assert!(err.reason.contains("ANTHROPIC_KEY"));
        assert!(!err.to_string().contains("sk-secret"));
    }

    #[test]
    fn debug_never_shows_the_key() {
        let creds =
            Credentials::resolve(&config(), &|_| Some("sk-very-secret".to_string())).unwrap();
        assert!(!format!("{creds:?}").contains("sk-very-secret"));
    }
}

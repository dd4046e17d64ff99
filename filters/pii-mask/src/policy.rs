//! Loading the plugin configuration into per-route policies, ready for requests: validated,
//! detectors compiled, hash key resolved from the proxy's environment.

use crate::config::{Action, PiiConfig};
use crate::deny::{self, CompiledDeny};
use crate::detect::{DetectorId, DetectorSpec, Kind, Scanner};
use crate::jsonpath::JsonPath;
use llm_filters_core::config::{load_config, ConfigError, Validate};
use llm_filters_core::rules::RouteRules;
use std::sync::Arc;

#[derive(Debug)]
pub struct Policy {
    pub config: PiiConfig,
    pub scanner: Scanner,
    /// Per detector id.
    pub actions: Vec<Action>,
    pub response_actions: Vec<Action>,
    /// `EMAIL`, `CREDIT_CARD`, `EMPLOYEE_ID`: in replacements and placeholders.
    pub labels: Vec<String>,
    pub deny: Vec<CompiledDeny>,
    pub hash_key: Option<Vec<u8>>,
    pub json_paths: Vec<JsonPath>,
}

/// Shared with every request's masker.
pub type Policies = RouteRules<Arc<Policy>>;

impl Policy {
    pub fn build(
        config: PiiConfig,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Policy, ConfigError> {
        config.validate()?;
        let mut specs = Vec::new();
        let mut actions = Vec::new();
        let mut response_actions = Vec::new();
        for (name, detector) in &config.detectors {
            let Some(kind) = Kind::from_name(name) else {
                return Err(ConfigError::new(
                    format!("detectors.{name}"),
                    "unknown detector",
                ));
            };
            specs.push(DetectorSpec::Builtin(kind));
            actions.push(detector.action);
            response_actions.push(detector.response_action());
        }
        for custom in &config.custom {
            specs.push(DetectorSpec::Custom {
                name: custom.name.clone(),
                pattern: custom.pattern.clone(),
            });
            actions.push(custom.action);
            response_actions.push(custom.detector().response_action());
        }
        let scanner = Scanner::new(&specs).map_err(|(_, why)| ConfigError::new("custom", why))?;
        let labels = (0..scanner.len())
            .map(|id| scanner.name(id).to_ascii_uppercase())
            .collect();
        let hash_key = match &config.hash {
            Some(hash) => match lookup(&hash.secret_env) {
                Some(key) if !key.is_empty() => Some(key.into_bytes()),
                _ => {
                    return Err(ConfigError::new(
                        "hash.secretEnv",
                        format!(
                            "environment variable '{}' is not set for the filter (host_env_keys)",
                            hash.secret_env
                        ),
                    ))
                }
            },
            None => None,
        };
        let json_paths = config
            .json_paths
            .iter()
            .enumerate()
            .map(|(i, p)| {
                JsonPath::parse(p).map_err(|why| ConfigError::new(format!("jsonPaths[{i}]"), why))
            })
            .collect::<Result<_, _>>()?;
        Ok(Policy {
            deny: deny::compile(&config.deny),
            scanner,
            actions,
            response_actions,
            labels,
            hash_key,
            json_paths,
            config,
        })
    }

    pub fn detector_name(&self, id: DetectorId) -> &str {
        self.scanner.name(id)
    }

    /// The request-side action of a detector.
    pub fn action(&self, id: DetectorId) -> Action {
        self.actions.get(id).copied().unwrap_or(Action::Redact)
    }

    /// The answer-side action of a detector.
    pub fn response_action(&self, id: DetectorId) -> Action {
        self.response_actions
            .get(id)
            .copied()
            .unwrap_or(Action::Redact)
    }

    /// The replacement label of a detector (`EMAIL`).
    pub fn label(&self, id: DetectorId) -> &str {
        self.labels.get(id).map_or("PII", String::as_str)
    }
}

/// Parse, validate and resolve secrets through `lookup` (the proxy's environment).
pub fn load_policies(
    bytes: &[u8],
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Policies, ConfigError> {
    let rules: RouteRules<PiiConfig> = load_config(bytes)?;
    rules.try_map(|config| Policy::build(config, lookup).map(Arc::new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_key_comes_from_the_environment() {
        let json = br#"{"default":{"detectors":{"email":{"action":"hash"}},"hash":{"secretEnv":"PII_KEY"}}}"#;
        let err = load_policies(json, &|_| None).unwrap_err();
        assert_eq!(err.field, "default.hash.secretEnv");
        let policies =
            load_policies(json, &|name| (name == "PII_KEY").then(|| "k".to_string())).unwrap();
        assert_eq!(
            policies.default.unwrap().hash_key.as_deref(),
            Some(&b"k"[..])
        );
    }
}

//! Loading the plugin configuration into per-route policies, ready for requests: parsed,
//! validated, credentials resolved.

use crate::config::RouterConfig;
use crate::credentials::Credentials;
use llm_filters_core::config::{load_config, ConfigError, Validate};
use llm_filters_core::rules::RouteRules;

#[derive(Debug)]
pub struct RoutePolicy {
    pub config: RouterConfig,
    pub credentials: Credentials,
}

pub type Policies = RouteRules<RoutePolicy>;

/// Parse, validate and resolve secrets through `lookup` (the proxy's environment).
pub fn load_policies(
    bytes: &[u8],
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Policies, ConfigError> {
    let rules: RouteRules<RouterConfig> = load_config(bytes)?;
    rules.try_map(|config| {
        config.validate()?;
        let credentials = Credentials::resolve(&config, lookup)?;
        Ok(RoutePolicy {
            config,
            credentials,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_secret_in_a_rule_names_the_rule() {
        let json = br#"{"default":{"backends":{"m":{}},"defaultBackend":"m"},
            "rules":[{"match":{"paths":["/v1/*"]},"config":{"backends":{"o":{"auth":{"secretEnv":"NOPE"}}},"defaultBackend":"o"}}]}"#;
        let err = load_policies(json, &|_| None).unwrap_err();
        assert_eq!(err.field, "rules[0].config.backends.o.auth.secretEnv");
        assert!(load_policies(json, &|_| Some("k".into())).is_ok());
    }
}

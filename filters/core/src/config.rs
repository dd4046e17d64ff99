//! Config loading: JSON in, typed config out, and an error that names the field.
//!
//! Filters parse their whole plugin configuration once, at load. A failure here makes the host
//! reject the config (proxy-wasm `on_configure` returns false), so a bad config never reaches a
//! request.

mod tree;

use serde::de::DeserializeOwned;
use std::fmt;
use tree::{At, Tree};

/// A config that could not be loaded: where (a JSON path like `default.backends.openai.weight`)
/// and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub field: String,
    pub reason: String,
}

impl ConfigError {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        ConfigError {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// Prefix the field path, e.g. when a nested validation failed inside `rules[2].config`.
    pub fn within(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() || self.field == "." {
            parent.to_string()
        } else if self.field.starts_with('[') {
            format!("{parent}{}", self.field)
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() || self.field == "." {
            write!(f, "invalid config: {}", self.reason)
        } else {
            write!(f, "invalid config at '{}': {}", self.field, self.reason)
        }
    }
}

impl std::error::Error for ConfigError {}

/// Implemented by configs that have rules beyond what serde checks (ranges, references between
/// fields, patterns that must compile). Errors name the field relative to the value validated.
pub trait Validate {
    fn validate(&self) -> Result<(), ConfigError>;
}

/// Parse JSON into `T`, naming the failing field on error. An empty input is an error: a filter
/// must be told explicitly what to do (an empty object `{}` means "pass through").
///
/// The JSON is read once into a [`tree::Tree`] and `T` is deserialized from that (see the
/// module for why: far less code per config type than a path-tracking reader, which Envoy's V8
/// compiles at start). A JSON syntax error has no field; its message keeps serde_json's line and
/// column.
pub fn parse_config<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ConfigError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ConfigError::new(
            "",
            "configuration is empty; use {} to pass everything through",
        ));
    }
    let tree: Tree =
        serde_json::from_slice(bytes).map_err(|e| ConfigError::new("", e.to_string()))?;
    T::deserialize(At(&tree)).map_err(|e| ConfigError::new(e.path(), e.reason))
}

/// Parse and validate in one step.
pub fn load_config<T: DeserializeOwned + Validate>(bytes: &[u8]) -> Result<T, ConfigError> {
    let config: T = parse_config(bytes)?;
    config.validate()?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[allow(dead_code)] // only deserialized
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Inner {
        max_body_bytes: u64,
    }

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        items: Vec<Inner>,
    }

    #[test]
    fn names_the_field_with_wrong_type() {
        let err = parse_config::<Outer>(br#"{"items":[{"maxBodyBytes":1},{"maxBodyBytes":"x"}]}"#)
            .unwrap_err();
        assert_eq!(err.field, "items[1].maxBodyBytes");
        assert!(err.reason.contains("invalid type"), "{}", err.reason);
    }

    #[test]
    fn names_unknown_fields() {
        let err = parse_config::<Outer>(br#"{"items":[{"maxBodyByte":1}]}"#).unwrap_err();
        assert_eq!(err.field, "items[0].maxBodyByte");
        assert!(
            err.reason.contains("unknown field `maxBodyByte`"),
            "{}",
            err.reason
        );
    }

    #[test]
    fn rejects_empty_and_trailing_garbage() {
        assert!(parse_config::<Outer>(b"  ")
            .unwrap_err()
            .reason
            .contains("empty"));
        assert!(parse_config::<Outer>(br#"{"items":[]} x"#).is_err());
    }

    #[test]
    fn within_prefixes_paths() {
        assert_eq!(
            ConfigError::new("weight", "r")
                .within("rules[0].config")
                .field,
            "rules[0].config.weight"
        );
        assert_eq!(
            ConfigError::new("[2]", "r").within("targets").field,
            "targets[2]"
        );
        assert_eq!(ConfigError::new("", "r").within("default").field, "default");
        assert_eq!(
            ConfigError::new("a", "bad").to_string(),
            "invalid config at 'a': bad"
        );
    }
}

//! Config loading: JSON in, typed config out, and an error that names the field.
//!
//! Filters parse their whole plugin configuration once, at load. A failure here makes the host
//! reject the config (proxy-wasm `on_configure` returns false), so a bad config never reaches a
//! request.

use serde::de::DeserializeOwned;
use std::fmt;

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
pub fn parse_config<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ConfigError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ConfigError::new(
            "",
            "configuration is empty; use {} to pass everything through",
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let field = e.path().to_string();
        ConfigError::new(field, strip_position(&e.inner().to_string()))
    })?;
    de.end()
        .map_err(|e| ConfigError::new("", strip_position(&e.to_string())))?;
    Ok(value)
}

/// Parse and validate in one step.
pub fn load_config<T: DeserializeOwned + Validate>(bytes: &[u8]) -> Result<T, ConfigError> {
    let config: T = parse_config(bytes)?;
    config.validate()?;
    Ok(config)
}

/// serde_json appends " at line L column C"; the field path is more useful to a user of a
/// one-line JSON string embedded in YAML, so keep the position only when there is no path.
fn strip_position(message: &str) -> String {
    match message.rsplit_once(" at line ") {
        Some((before, _)) => before.to_string(),
        None => message.to_string(),
    }
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

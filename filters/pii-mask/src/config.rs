//! pii-mask configuration: what one route's policy may say, and its load-time checks.
//!
//! The plugin configuration is `RouteRules<PiiConfig>` (see `llm_filters_core::rules`).

use crate::jsonpath::JsonPath;
use crate::kind::Kind;
use llm_filters_core::config::{ConfigError, Validate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use llm_filters_core::body_policy::{InvalidBodyPolicy, DEFAULT_MAX_BODY_BYTES};
/// Hold-back window of streamed answers, in bytes. Must cover the longest value the response
/// scan should catch whole (cards, phones, IBANs ≤ 42 bytes; API keys ≤ 200) and placeholders.
pub const DEFAULT_WINDOW_BYTES: usize = 256;
/// Longest run of token characters an answer holds back whole (see `ResponseConfig`).
pub const DEFAULT_MAX_TOKEN_BYTES: usize = 16384;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PiiConfig {
    /// Built-in detectors to run, by name (`email`, `phone`, `credit_card`, ...), with their action.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "BTreeMap<Kind, DetectorConfig>"))]
    pub detectors: BTreeMap<String, DetectorConfig>,
    /// Named regex detectors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<CustomDetector>,
    /// Words and phrases that block a request or raise an alert.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deny: Vec<DenyList>,
    /// Only these JSONPaths are scanned (every string under each selected node). Empty: the
    /// API's text fields (messages, prompts, inputs, tool calls and results); for a body that
    /// is not JSON, the raw text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub json_paths: Vec<String>,
    /// Key for the `hash` action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<HashConfig>,
    #[serde(default)]
    pub response: ResponseConfig,
    /// Largest request body read, and largest whole (non-streamed) answer held for rewriting.
    #[serde(default = "default_max_body_bytes")]
    pub max_body_bytes: usize,
    /// A request body over `maxBodyBytes`, not JSON when it says it is, or not UTF-8 text:
    /// `reject` (default: a body the filter cannot read may hold PII) or `passThrough`.
    #[serde(default)]
    pub on_invalid_body: InvalidBodyPolicy,
    /// Response header naming the deny lists that alerted.
    #[serde(default = "default_alert_header")]
    pub alert_header: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum Action {
    /// `[EMAIL]`
    Redact,
    /// Partial: `j***@example.com`, `**** **** **** 1111`.
    Mask,
    /// `[EMAIL:3f9a0c1d2b4e5f60]`: keyed HMAC-SHA256, truncated hex; stable pseudonyms.
    Hash,
    /// `<EMAIL_1>`, restored in the response.
    Placeholder,
    /// 403 naming the detector.
    Block,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Action::Redact => "redact",
            Action::Mask => "mask",
            Action::Hash => "hash",
            Action::Placeholder => "placeholder",
            Action::Block => "block",
        }
    }

    /// What the answer scan does by default for a detector with this request action: a
    /// stream cannot be refused half-way and a new placeholder means nothing to the client.
    fn response_default(self) -> Action {
        match self {
            Action::Placeholder | Action::Block => Action::Redact,
            other => other,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DetectorConfig {
    pub action: Action,
    /// Action on values the model writes (when `response.scan` is on). Default: the request
    /// action, with `placeholder` and `block` turned into `redact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_action: Option<Action>,
}

impl DetectorConfig {
    pub fn response_action(&self) -> Action {
        self.response_action
            .unwrap_or(self.action.response_default())
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CustomDetector {
    /// Metric label and replacement label (`employee_id` → `[EMPLOYEE_ID]`).
    pub name: String,
    /// Rust `regex` syntax.
    pub pattern: String,
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_action: Option<Action>,
}

impl CustomDetector {
    pub fn detector(&self) -> DetectorConfig {
        DetectorConfig {
            action: self.action,
            response_action: self.response_action,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum DenyAction {
    /// 403 naming the list.
    #[default]
    Block,
    /// Let it through; count it and name the list in the alert response header.
    Alert,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DenyList {
    /// Metric label and the name in the 403 message or alert header (never the phrase).
    pub name: String,
    /// Case-insensitive, whole words; spaces inside a phrase match any whitespace.
    pub phrases: Vec<String>,
    #[serde(default)]
    pub action: DenyAction,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HashConfig {
    /// Environment variable of the proxy holding the HMAC key (`host_env_keys`). Never the key.
    pub secret_env: String,
    /// Hex digits kept (8–64).
    #[serde(default = "default_hash_length")]
    pub length: usize,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ResponseConfig {
    /// Give placeholders back their values in answers (streams too).
    #[serde(default = "yes")]
    pub restore: bool,
    /// Run the detectors on answers too (response actions).
    #[serde(default)]
    pub scan: bool,
    /// Bytes of a streamed answer held back so that no value is sent before it is complete.
    #[serde(default = "default_window")]
    pub window_bytes: usize,
    /// With `scan`: a run of token characters (keys, JWTs, base64, URLs) is held whole until it
    /// ends, up to this many bytes; a longer one is replaced by `[TOKEN]` (never released in
    /// part), streamed or not.
    #[serde(default = "default_max_token")]
    pub max_token_bytes: usize,
    /// An answer that cannot be scanned or restored (compressed despite `accept-encoding:
    /// identity`, not UTF-8 text, duplicate JSON keys): `reject` (default: the client gets a
    /// 502 in the OpenAI error shape instead) or `passThrough` (sent unchanged, counted).
    #[serde(default)]
    pub on_unscannable: InvalidBodyPolicy,
}

impl Default for ResponseConfig {
    fn default() -> Self {
        ResponseConfig {
            restore: true,
            scan: false,
            window_bytes: DEFAULT_WINDOW_BYTES,
            max_token_bytes: DEFAULT_MAX_TOKEN_BYTES,
            on_unscannable: InvalidBodyPolicy::Reject,
        }
    }
}

fn default_max_token() -> usize {
    DEFAULT_MAX_TOKEN_BYTES
}

fn yes() -> bool {
    true
}
fn default_window() -> usize {
    DEFAULT_WINDOW_BYTES
}
fn default_hash_length() -> usize {
    16
}
fn default_max_body_bytes() -> usize {
    DEFAULT_MAX_BODY_BYTES
}
fn default_alert_header() -> String {
    "x-pii-alert".to_string()
}

/// Names used as metric labels and replacement labels.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl PiiConfig {
    /// Every action in use, request and response side.
    fn actions(&self) -> impl Iterator<Item = (String, DetectorConfig)> + '_ {
        let builtin = self
            .detectors
            .iter()
            .map(|(name, d)| (format!("detectors.{name}"), d.clone()));
        let custom = self
            .custom
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("custom[{i}]"), c.detector()));
        builtin.chain(custom)
    }
}

/// Whether `pattern` compiles as the detector will compile it; the reason's last line if not.
/// Without the `filter` feature (the controller) it is parsed only, which catches every syntax
/// error but not the engine's size limit.
fn check_pattern(pattern: &str) -> Result<(), String> {
    #[cfg(feature = "filter")]
    let result = regex::Regex::new(pattern)
        .map(drop)
        .map_err(|e| e.to_string());
    #[cfg(not(feature = "filter"))]
    let result = regex_syntax::Parser::new()
        .parse(pattern)
        .map(drop)
        .map_err(|e| e.to_string());
    result.map_err(|e| e.lines().last().unwrap_or("invalid").trim().to_string())
}

impl Validate for PiiConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        for name in self.detectors.keys() {
            if Kind::from_name(name).is_none() {
                let known: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                return Err(ConfigError::new(
                    format!("detectors.{name}"),
                    format!("unknown detector; known: {}", known.join(", ")),
                ));
            }
        }
        for (i, custom) in self.custom.iter().enumerate() {
            let field = format!("custom[{i}]");
            if !valid_name(&custom.name) {
                return Err(ConfigError::new(
                    format!("{field}.name"),
                    "use 1-40 of a-z, 0-9, _",
                ));
            }
            if Kind::from_name(&custom.name).is_some()
                || self.custom.iter().take(i).any(|c| c.name == custom.name)
            {
                return Err(ConfigError::new(
                    format!("{field}.name"),
                    "name already used by another detector",
                ));
            }
            if let Err(reason) = check_pattern(&custom.pattern) {
                return Err(ConfigError::new(
                    format!("{field}.pattern"),
                    format!("not a valid regex: {reason}"),
                ));
            }
        }
        for (field, detector) in self.actions() {
            if let Some(action @ (Action::Block | Action::Placeholder)) = detector.response_action {
                return Err(ConfigError::new(
                    format!("{field}.responseAction"),
                    format!(
                        "'{}' is not possible on answers; use redact, mask or hash",
                        action.name()
                    ),
                ));
            }
            let uses_hash =
                detector.action == Action::Hash || detector.response_action() == Action::Hash;
            if uses_hash && self.hash.is_none() {
                return Err(ConfigError::new(
                    format!("{field}.action"),
                    "the hash action needs `hash.secretEnv`",
                ));
            }
        }
        if let Some(hash) = &self.hash {
            if !(8..=64).contains(&hash.length) {
                return Err(ConfigError::new(
                    "hash.length",
                    "must be 8 to 64 hex digits",
                ));
            }
            if hash.secret_env.is_empty() {
                return Err(ConfigError::new(
                    "hash.secretEnv",
                    "must name an environment variable",
                ));
            }
        }
        for (i, list) in self.deny.iter().enumerate() {
            if !valid_name(&list.name) {
                return Err(ConfigError::new(
                    format!("deny[{i}].name"),
                    "use 1-40 of a-z, 0-9, _",
                ));
            }
            if list.phrases.is_empty() {
                return Err(ConfigError::new(
                    format!("deny[{i}].phrases"),
                    "must not be empty",
                ));
            }
            if let Some(j) = list.phrases.iter().position(|p| p.trim().is_empty()) {
                return Err(ConfigError::new(
                    format!("deny[{i}].phrases[{j}]"),
                    "must not be blank",
                ));
            }
        }
        for (i, path) in self.json_paths.iter().enumerate() {
            JsonPath::parse(path)
                .map_err(|why| ConfigError::new(format!("jsonPaths[{i}]"), why))?;
        }
        if !(256..=1 << 20).contains(&self.response.max_token_bytes) {
            return Err(ConfigError::new(
                "response.maxTokenBytes",
                "must be 256 to 1048576",
            ));
        }
        if !(64..=16384).contains(&self.response.window_bytes) {
            return Err(ConfigError::new(
                "response.windowBytes",
                "must be 64 to 16384",
            ));
        }
        if self.max_body_bytes == 0 {
            return Err(ConfigError::new("maxBodyBytes", "must be positive"));
        }
        if self.alert_header.is_empty()
            || !self
                .alert_header
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(ConfigError::new(
                "alertHeader",
                "must be a lower-case header name",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use llm_filters_core::config::load_config;
    use llm_filters_core::rules::RouteRules;

    fn err(json: &str) -> ConfigError {
        load_config::<RouteRules<PiiConfig>>(json.as_bytes()).unwrap_err()
    }

    #[test]
    fn a_full_config_loads_with_defaults() {
        let rules: RouteRules<PiiConfig> = load_config(
            br#"{"default":{"detectors":{"email":{"action":"placeholder"},"credit_card":{"action":"mask"}},
                "custom":[{"name":"employee_id","pattern":"EMP-[0-9]{6}","action":"redact"}],
                "deny":[{"name":"projects","phrases":["project falcon"]}]}}"#,
        )
        .unwrap();
        let c = rules.default.unwrap();
        assert_eq!(c.detectors["email"].response_action(), Action::Redact);
        assert_eq!(c.detectors["credit_card"].response_action(), Action::Mask);
        assert_eq!(c.deny[0].action, DenyAction::Block);
        assert!(c.response.restore && !c.response.scan);
        assert_eq!(
            (c.response.window_bytes, c.max_body_bytes),
            (DEFAULT_WINDOW_BYTES, DEFAULT_MAX_BODY_BYTES)
        );
        assert_eq!(c.on_invalid_body, InvalidBodyPolicy::Reject);
        assert_eq!(c.alert_header, "x-pii-alert");
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            err(r#"{"default":{"detectors":{"emial":{"action":"redact"}}}}"#).field,
            "default.detectors.emial"
        );
        assert_eq!(
            err(r#"{"default":{"detectors":{"email":{"action":"erase"}}}}"#).field,
            "default.detectors.email.action"
        );
        assert_eq!(
            err(r#"{"default":{"custom":[{"name":"x","pattern":"(","action":"redact"}]}}"#).field,
            "default.custom[0].pattern"
        );
        assert_eq!(
            err(r#"{"default":{"custom":[{"name":"Bad Name","pattern":"x","action":"redact"}]}}"#)
                .field,
            "default.custom[0].name"
        );
        assert_eq!(
            err(r#"{"default":{"detectors":{"email":{"action":"hash"}}}}"#).field,
            "default.detectors.email.action"
        );
        assert_eq!(
            err(r#"{"default":{"detectors":{"email":{"action":"redact","responseAction":"block"}}}}"#).field,
            "default.detectors.email.responseAction"
        );
        assert_eq!(
            err(r#"{"default":{"deny":[{"name":"d","phrases":[" "]}]}}"#).field,
            "default.deny[0].phrases[0]"
        );
        assert_eq!(
            err(r#"{"default":{"jsonPaths":["messages"]}}"#).field,
            "default.jsonPaths[0]"
        );
        assert_eq!(
            err(r#"{"default":{"response":{"windowBytes":8}}}"#).field,
            "default.response.windowBytes"
        );
        assert_eq!(
            err(r#"{"default":{"surprise":1}}"#).field,
            "default.surprise"
        );
    }
}

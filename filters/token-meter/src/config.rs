//! token-meter configuration: one route's metering policy, checked at load.
//!
//! The plugin configuration is `RouteRules<MeterConfig>` (see `llm_filters_core::rules`).

use crate::encoding::Encoding;
use llm_filters_core::config::{ConfigError, Validate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use llm_filters_core::body_policy::{InvalidBodyPolicy, DEFAULT_MAX_BODY_BYTES};

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MeterConfig {
    /// Tokenizer for models no `modelEncodings` entry (or built-in default) names.
    #[serde(default)]
    pub encoding: Encoding,
    /// Model name pattern (`*` wildcard) → tokenizer, checked before the built-in map
    /// (`gpt-4`, `gpt-4-*`, `gpt-3.5-turbo*`, `text-embedding-ada-002`, `text-embedding-3-*` → cl100k_base).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub model_encodings: BTreeMap<String, Encoding>,
    /// Add `stream_options.include_usage: true` to streaming chat requests that lack it, and
    /// remove the extra usage-only chunk from what the client receives.
    #[serde(default = "yes")]
    pub inject_stream_usage: bool,
    /// Largest request body read for counting.
    #[serde(default = "default_max_body_bytes")]
    pub max_body_bytes: usize,
    /// Largest non-streamed response body kept to read its usage.
    #[serde(default = "default_max_body_bytes")]
    pub max_response_bytes: usize,
    /// What to do with a request body over `maxBodyBytes` or not JSON. Default `passThrough`:
    /// forward it uncounted (no estimate; provider usage is still read), counted in
    /// `token_meter.passthrough` — a meter should not block traffic it cannot read.
    #[serde(default = "fail_open")]
    pub on_invalid_body: InvalidBodyPolicy,
    /// Who a request is charged to.
    #[serde(default)]
    pub client: ClientId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<Quota>,
    /// Routes with the same scope share each client's counters and spend; default `default`.
    #[serde(default = "default_scope")]
    pub scope: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
    /// Model name pattern → price per 1M tokens in USD. Exact names win, then the longest
    /// matching pattern.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub prices: BTreeMap<String, Price>,
    #[serde(default)]
    pub metrics: MetricsConfig,
    /// Add `x-llm-usage-*` headers to non-streamed responses (the response is held until its
    /// body has been read).
    #[serde(default)]
    pub usage_headers: bool,
}

fn yes() -> bool {
    true
}
fn default_max_body_bytes() -> usize {
    DEFAULT_MAX_BODY_BYTES
}
fn fail_open() -> InvalidBodyPolicy {
    InvalidBodyPolicy::PassThrough
}

/// Where the client id comes from: a request header, or an Envoy property path (metadata set
/// by an auth filter, e.g. `["metadata","filter_metadata","envoy.filters.http.jwt_authn","sub"]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClientId {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// Keep `header` on the request sent to the provider. Default: removed once read, so the
    /// provider never learns how the gateway names its clients.
    #[serde(default, skip_serializing_if = "is_false")]
    pub forward_header: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub property: Vec<String>,
    /// The id used when the request carries none. `null` rejects such requests with 401.
    #[serde(default = "default_client")]
    pub default: Option<String>,
}

impl Default for ClientId {
    fn default() -> Self {
        ClientId {
            header: None,
            forward_header: false,
            property: Vec::new(),
            default: default_client(),
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn default_client() -> Option<String> {
    Some("anonymous".into())
}

/// Per-client limits; each is optional. Windows are fixed and aligned to UTC (minute, hour, day).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Quota {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens_per_minute: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens_per_hour: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens_per_day: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests_per_minute: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests_per_hour: Option<u64>,
    /// Output tokens added to the prompt estimate when reserving (`max_tokens` of the request
    /// caps it). 0 reserves the prompt only.
    #[serde(default)]
    pub reserve_output_tokens: u64,
}

fn default_scope() -> String {
    "default".into()
}

/// A spend limit in USD per client and period.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Budget {
    pub limit_usd: f64,
    #[serde(default)]
    pub period: Period,
    /// From this share of the limit on, requests go to `fallbackModel` (handed to model-router
    /// in filter state, never in a header a client could forge).
    #[serde(default = "default_fallback_percent")]
    pub fallback_at_percent: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback_model: Option<String>,
}

fn default_fallback_percent() -> f64 {
    80.0
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum Period {
    Hour,
    #[default]
    Day,
    /// Calendar month, UTC.
    Month,
}

/// USD per 1M tokens.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Price {
    pub input: f64,
    pub output: f64,
    /// Prompt tokens read from the cache; defaults to `input`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cached_input: Option<f64>,
    /// Prompt tokens written to the cache (Anthropic); defaults to `input`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_write: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MetricsConfig {
    /// Add a `client` label for these client ids; every other client is labelled `other`.
    /// Empty: no client label (client ids are not bounded otherwise).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub client_labels: Vec<String>,
    /// Model names or patterns that label metrics, besides the `prices` keys. A model matching
    /// none is labelled `other`; one matching only a pattern is labelled with the pattern, so
    /// clients cannot create metrics by inventing model names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub model_labels: Vec<String>,
}

impl Validate for MeterConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        if self.max_body_bytes == 0 {
            return Err(ConfigError::new("maxBodyBytes", "must be > 0"));
        }
        if let Some(header) = &self.client.header {
            check_header_name(header).map_err(|e| e.within("client.header"))?;
        }
        if self.client.header.is_some() && !self.client.property.is_empty() {
            return Err(ConfigError::new(
                "client",
                "give either `header` or `property`, not both",
            ));
        }
        if let Some(quota) = &self.quota {
            let limits = [
                ("tokensPerMinute", quota.tokens_per_minute),
                ("tokensPerHour", quota.tokens_per_hour),
                ("tokensPerDay", quota.tokens_per_day),
                ("requestsPerMinute", quota.requests_per_minute),
                ("requestsPerHour", quota.requests_per_hour),
            ];
            for (name, limit) in limits {
                if limit == Some(0) {
                    return Err(ConfigError::new(
                        format!("quota.{name}"),
                        "must be > 0 (leave it out for no limit)",
                    ));
                }
            }
            if limits.iter().all(|(_, l)| l.is_none()) {
                return Err(ConfigError::new("quota", "set at least one limit"));
            }
        }
        if let Some(budget) = &self.budget {
            if !(budget.limit_usd.is_finite() && budget.limit_usd > 0.0) {
                return Err(ConfigError::new(
                    "budget.limitUsd",
                    "must be a positive number",
                ));
            }
            if !(0.0..=100.0).contains(&budget.fallback_at_percent) {
                return Err(ConfigError::new(
                    "budget.fallbackAtPercent",
                    "must be between 0 and 100",
                ));
            }
            if self.prices.is_empty() {
                return Err(ConfigError::new("prices", "a budget needs a price table"));
            }
        }
        for (model, price) in &self.prices {
            let all = [
                Some(price.input),
                Some(price.output),
                price.cached_input,
                price.cache_write,
            ];
            if all.iter().flatten().any(|p| !(p.is_finite() && *p >= 0.0)) {
                return Err(ConfigError::new(
                    format!("prices.{model}"),
                    "prices must be non-negative numbers",
                ));
            }
        }
        check_scope(&self.scope)?;
        Ok(())
    }
}

fn check_header_name(name: &str) -> Result<(), ConfigError> {
    if name.is_empty()
        || name
            .bytes()
            .any(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'))
    {
        return Err(ConfigError::new(
            "",
            "header names must be lower case (a-z, 0-9, '-', '_')",
        ));
    }
    Ok(())
}

fn check_scope(scope: &str) -> Result<(), ConfigError> {
    if scope.is_empty() || scope.contains(['.', '\n']) {
        return Err(ConfigError::new("scope", "a non-empty name without dots"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use llm_filters_core::config::load_config;
    use llm_filters_core::RouteRules;

    fn load(json: &str) -> Result<RouteRules<MeterConfig>, ConfigError> {
        load_config(json.as_bytes())
    }

    #[test]
    fn defaults() {
        let rules = load(r#"{"default":{}}"#).unwrap();
        let c = rules.default.unwrap();
        assert_eq!(c.encoding, Encoding::O200kBase);
        assert!(c.inject_stream_usage);
        assert_eq!(c.client.default.as_deref(), Some("anonymous"));
        assert!(!c.client.forward_header);
    }

    #[test]
    fn errors_name_fields() {
        assert_eq!(
            load(r#"{"default":{"quota":{"tokensPerMinute":0}}}"#)
                .unwrap_err()
                .field,
            "default.quota.tokensPerMinute"
        );
        assert_eq!(
            load(r#"{"default":{"quota":{}}}"#).unwrap_err().field,
            "default.quota"
        );
        assert_eq!(
            load(r#"{"default":{"encoding":"p99k"}}"#)
                .unwrap_err()
                .field,
            "default.encoding"
        );
        assert_eq!(
            load(r#"{"default":{"client":{"header":"X-Client"}}}"#)
                .unwrap_err()
                .field,
            "default.client.header"
        );
        assert_eq!(
            load(r#"{"default":{"budget":{"limitUsd":1}}}"#)
                .unwrap_err()
                .field,
            "default.prices"
        );
        assert_eq!(
            load(r#"{"default":{"budget":{"limitUsd":-1},"prices":{"m":{"input":1,"output":1}}}}"#)
                .unwrap_err()
                .field,
            "default.budget.limitUsd"
        );
        assert_eq!(
            load(r#"{"rules":[{"config":{"prices":{"m":{"input":-1,"output":1}}}}]}"#)
                .unwrap_err()
                .field,
            "rules[0].config.prices.m"
        );
        assert_eq!(
            load(r#"{"default":{"quotas":{}}}"#).unwrap_err().field,
            "default.quotas"
        );
        // Header-based inter-filter names are gone: the model and backend come from filter state.
        assert_eq!(
            load(r#"{"default":{"modelHeader":"x-llm-model"}}"#)
                .unwrap_err()
                .field,
            "default.modelHeader"
        );
    }
}

//! model-router configuration: what a route's config may say, and its load-time checks.
//!
//! The plugin configuration is `RouteRules<RouterConfig>` (see `llm_filters_core::rules`).

use crate::model_name::{is_valid_model, RULE};
use llm_filters_core::config::{ConfigError, Validate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use llm_filters_core::body_policy::{InvalidBodyPolicy, DEFAULT_MAX_BODY_BYTES};

/// One route's routing policy.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RouterConfig {
    /// Where the model name is in the JSON body; dotted for nested keys. Default `model`
    /// (OpenAI and Anthropic both use a top-level `model`).
    #[serde(default = "default_model_key")]
    pub model_key: String,
    /// A request header that, when present, names the model instead of the body: a client's
    /// choice, treated like the body's model (aliases, strict mode, validation). token-meter's
    /// budget fallback does not use it: it hands its model over as filter state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_header: Option<String>,
    /// Alias → model name, resolved once before matching (`"fast": "gpt-4o-mini"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub aliases: BTreeMap<String, String>,
    /// Every backend this route may send to, by name. The name is what Envoy routes on
    /// (`x-llm-backend`) and what the upstream stage finds in the endpoint metadata.
    pub backends: BTreeMap<String, Backend>,
    /// Model rules, first match wins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<ModelRoute>,
    /// Where a request goes that no rule matches (unless `strict`), and requests without a body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_backend: Option<String>,
    /// Reject models that no rule matches with a 400 naming the model.
    #[serde(default)]
    pub strict: bool,
    /// Largest body the router reads to find the model.
    #[serde(default = "default_max_body_bytes")]
    pub max_body_bytes: usize,
    /// What to do with a body over `maxBodyBytes`, not JSON, or with a model that is not a string.
    #[serde(default)]
    pub on_invalid_body: InvalidBodyPolicy,
    /// Header names the decision is published in.
    #[serde(default = "default_backend_header")]
    pub backend_header: String,
    #[serde(default = "default_model_header")]
    pub model_header: String,
    /// Request headers the upstream stage removes before any provider sees the request, besides
    /// the internal `x-llm-*` ones it always removes: e.g. the client-id header token-meter reads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_headers: Vec<String>,
    /// Answer `GET /v1/models` from this config (aliases and routed models, OpenAI's list shape,
    /// Anthropic's with `anthropic-version`) instead of passing it to the default backend.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub list_models: bool,
    /// Requests for paths that are not an LLM API the filters understand (chat completions,
    /// completions, embeddings, responses, messages, models): `reject` (default, a 404) or
    /// `pass` (to the default backend, with the backend's key: the provider's whole API —
    /// files, batches, admin — is then open to every client of the gateway, unscanned and
    /// unmetered).
    #[serde(default, skip_serializing_if = "OtherPaths::is_reject")]
    pub other_paths: OtherPaths,
}

/// `otherPaths`: what happens to a request for a path that is no LLM API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum OtherPaths {
    #[default]
    Reject,
    Pass,
}

impl OtherPaths {
    fn is_reject(&self) -> bool {
        *self == OtherPaths::Reject
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Backend {
    /// The model name this backend always receives, whatever the client asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_name_override: Option<String>,
    /// Provider credentials, taken from the proxy's environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<BackendAuth>,
    /// Remove client credentials (`authorization`, `x-api-key`, `api-key`) before the request
    /// leaves for this backend, so a caller's key never reaches the provider.
    #[serde(default)]
    pub strip_client_auth: bool,
    /// `:authority` to send to this backend (e.g. `api.openai.com`); unchanged when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Backends that serve this one's requests when it fails, in priority order. The Envoy
    /// cluster for this backend lists their endpoints at priorities 1, 2, ... (see crate docs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallback: Vec<String>,
    /// The API this backend speaks. A request in the other API is translated, per attempt, in
    /// the upstream stage (and its answer translated back).
    #[serde(default, skip_serializing_if = "Schema::is_default")]
    pub schema: Schema,
    /// OpenAI-compatible providers (`schema: openai`): the prefix that replaces the path's
    /// leading `/v1`, e.g. `/v1beta/openai` (Gemini), `/openai/v1` (Groq).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
    /// Required with `schema: azure-openai`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure: Option<AzureOptions>,
    /// Options of `schema: anthropic` (all have defaults).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anthropic: Option<AnthropicOptions>,
}

/// The API schema a backend speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Schema {
    /// OpenAI (and OpenAI-compatible with `pathPrefix`): `/v1/chat/completions`, bearer key.
    #[default]
    Openai,
    /// Anthropic Messages: `/v1/messages`, `anthropic-version` header, `x-api-key`.
    Anthropic,
    /// Azure OpenAI: `/openai/deployments/{deployment}/...?api-version=...`, `api-key` header.
    AzureOpenai,
}

impl Schema {
    pub fn is_default(&self) -> bool {
        *self == Schema::Openai
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Schema::Openai => "openai",
            Schema::Anthropic => "anthropic",
            Schema::AzureOpenai => "azure-openai",
        }
    }

    /// Whether the backend speaks OpenAI's Chat Completions (as opposed to Anthropic Messages).
    pub fn is_openai_family(self) -> bool {
        self != Schema::Anthropic
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AzureOptions {
    /// The deployment name in `/openai/deployments/{deployment}/chat/completions`.
    pub deployment: String,
    /// The `api-version` query parameter, e.g. `2024-10-21`.
    pub api_version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AnthropicOptions {
    /// The `anthropic-version` header sent when the client did not send one.
    #[serde(default = "default_anthropic_version")]
    pub version: String,
    /// `max_tokens` for a translated request that set neither `max_tokens` nor
    /// `max_completion_tokens` (Anthropic requires it).
    #[serde(default = "default_max_tokens")]
    pub default_max_tokens: u64,
}

impl Default for AnthropicOptions {
    fn default() -> Self {
        AnthropicOptions {
            version: default_anthropic_version(),
            default_max_tokens: default_max_tokens(),
        }
    }
}

/// The `anthropic-version` sent when neither the config nor the client names one.
pub const DEFAULT_ANTHROPIC_VERSION: &str = "2023-06-01";
/// `max_tokens` sent to an Anthropic backend when the client named none.
pub const DEFAULT_MAX_TOKENS: u64 = 4096;

fn default_anthropic_version() -> String {
    DEFAULT_ANTHROPIC_VERSION.into()
}
fn default_max_tokens() -> u64 {
    DEFAULT_MAX_TOKENS
}

impl Backend {
    /// The Anthropic options in force (defaults when the backend names none).
    pub fn anthropic_options(&self) -> AnthropicOptions {
        self.anthropic.clone().unwrap_or_default()
    }
}

/// Path-safe characters for a prefix, deployment or version: nothing that could end the path,
/// start a query or break the request line.
fn is_path_token(value: &str, slash: bool) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (slash && b == b'/'))
}

fn validate_schema(field: &str, backend: &Backend) -> Result<(), ConfigError> {
    if let Some(prefix) = &backend.path_prefix {
        if backend.schema != Schema::Openai {
            return Err(ConfigError::new(
                format!("{field}.pathPrefix"),
                "only for schema openai (OpenAI-compatible providers)",
            ));
        }
        if !prefix.starts_with('/')
            || prefix.ends_with('/')
            || prefix.contains("//")
            || !is_path_token(prefix, true)
        {
            return Err(ConfigError::new(
                format!("{field}.pathPrefix"),
                "must be a path like /v1beta/openai: starts with '/', no trailing '/', only letters, digits and -._~/",
            ));
        }
    }
    match (&backend.azure, backend.schema) {
        (None, Schema::AzureOpenai) => {
            return Err(ConfigError::new(
                format!("{field}.azure"),
                "required with schema azure-openai (deployment, apiVersion)",
            ))
        }
        (Some(_), s) if s != Schema::AzureOpenai => {
            return Err(ConfigError::new(
                format!("{field}.azure"),
                "only for schema azure-openai",
            ))
        }
        (Some(azure), _) => {
            if !is_path_token(&azure.deployment, false) {
                return Err(ConfigError::new(
                    format!("{field}.azure.deployment"),
                    "must be a deployment name (letters, digits, -._~)",
                ));
            }
            if !is_path_token(&azure.api_version, false) {
                return Err(ConfigError::new(
                    format!("{field}.azure.apiVersion"),
                    "must be an API version like 2024-10-21",
                ));
            }
        }
        (None, _) => {}
    }
    if let Some(anthropic) = &backend.anthropic {
        if backend.schema != Schema::Anthropic {
            return Err(ConfigError::new(
                format!("{field}.anthropic"),
                "only for schema anthropic",
            ));
        }
        if !is_path_token(&anthropic.version, false) {
            return Err(ConfigError::new(
                format!("{field}.anthropic.version"),
                "must be a version like 2023-06-01",
            ));
        }
        if anthropic.default_max_tokens == 0 {
            return Err(ConfigError::new(
                format!("{field}.anthropic.defaultMaxTokens"),
                "must be greater than 0",
            ));
        }
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BackendAuth {
    /// Name of an environment variable of the proxy holding the key (handed to the wasm VM with
    /// `vm_config.environment_variables.host_env_keys`). Never the key itself.
    pub secret_env: String,
    /// Header to set. `authorization` for OpenAI-compatible APIs, `x-api-key` for Anthropic.
    #[serde(default = "default_auth_header")]
    pub header: String,
    /// Prefix before the key: `Bearer ` by default; empty for `x-api-key`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

impl BackendAuth {
    pub fn prefix(&self) -> &str {
        self.prefix
            .as_deref()
            .unwrap_or(if self.header == "authorization" {
                "Bearer "
            } else {
                ""
            })
    }
}

/// A model rule: which requests (by model and headers) go to which backends.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ModelRoute {
    /// Model names or globs (`gpt-4o*`); empty matches every model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<String>,
    /// Header name → exact value (`*`: present) that must all hold.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Weighted split among backends. One target means "always this backend".
    pub targets: Vec<Target>,
    /// Model name to send when a fallback backend serves this route's request.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fallback_models: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Target {
    pub backend: String,
    #[serde(default = "default_weight")]
    pub weight: u32,
    /// Model name this target receives; overrides the backend's `modelNameOverride`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

fn default_model_key() -> String {
    "model".into()
}
fn default_max_body_bytes() -> usize {
    DEFAULT_MAX_BODY_BYTES
}
fn default_backend_header() -> String {
    "x-llm-backend".into()
}
fn default_model_header() -> String {
    "x-llm-model".into()
}
fn default_auth_header() -> String {
    "authorization".into()
}
fn default_weight() -> u32 {
    1
}

fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn is_backend_name(name: &str) -> bool {
    // Backend names travel in a header and in stat names.
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A model name from config that the router would send or match exactly.
fn check_model(field: String, name: &str) -> Result<(), ConfigError> {
    if is_valid_model(name) {
        Ok(())
    } else {
        Err(ConfigError::new(field, format!("a model name {RULE}")))
    }
}

impl RouterConfig {
    /// Every model name the router may send comes from here or from a validated client name,
    /// so none can carry a line break into a header or the access log.
    fn validate_model_names(&self) -> Result<(), ConfigError> {
        for (alias, target) in &self.aliases {
            check_model(format!("aliases.{alias}"), alias)?;
            check_model(format!("aliases.{alias}"), target)?;
        }
        for (name, backend) in &self.backends {
            if let Some(model) = &backend.model_name_override {
                check_model(format!("backends.{name}.modelNameOverride"), model)?;
            }
        }
        for (i, route) in self.routes.iter().enumerate() {
            for (j, target) in route.targets.iter().enumerate() {
                if let Some(model) = &target.model {
                    check_model(format!("routes[{i}].targets[{j}].model"), model)?;
                }
            }
            for (name, model) in &route.fallback_models {
                check_model(format!("routes[{i}].fallbackModels.{name}"), model)?;
            }
        }
        Ok(())
    }
}

impl Validate for RouterConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        if self.model_key.is_empty() || self.model_key.split('.').any(str::is_empty) {
            return Err(ConfigError::new(
                "modelKey",
                "must be a field name or a dotted path",
            ));
        }
        for (field, name) in [
            ("backendHeader", &self.backend_header),
            ("modelHeader", &self.model_header),
        ] {
            if !is_header_name(name) {
                return Err(ConfigError::new(field, "must be a lower-case header name"));
            }
        }
        if let Some(h) = &self.override_header {
            if !is_header_name(h) {
                return Err(ConfigError::new(
                    "overrideHeader",
                    "must be a lower-case header name",
                ));
            }
            if llm_filters_core::contract::is_internal_header(h) {
                // Client-sent x-llm-* headers are removed before any filter reads them.
                return Err(ConfigError::new(
                    "overrideHeader",
                    "is read from the client, so it cannot be an internal x-llm-* header",
                ));
            }
            if h == &self.backend_header || h == &self.model_header {
                return Err(ConfigError::new(
                    "overrideHeader",
                    "must differ from backendHeader and modelHeader",
                ));
            }
        }
        for (i, h) in self.remove_headers.iter().enumerate() {
            if !is_header_name(h) {
                return Err(ConfigError::new(
                    format!("removeHeaders[{i}]"),
                    "must be a lower-case header name",
                ));
            }
        }
        self.validate_model_names()?;
        if self.max_body_bytes == 0 {
            return Err(ConfigError::new("maxBodyBytes", "must be greater than 0"));
        }
        if self.backends.is_empty() {
            return Err(ConfigError::new(
                "backends",
                "at least one backend is required",
            ));
        }
        let known = |name: &str| self.backends.contains_key(name);
        for (name, backend) in &self.backends {
            let field = format!("backends.{name}");
            if !is_backend_name(name) {
                return Err(ConfigError::new(
                    field,
                    "backend names may only use letters, digits, '-' and '_'",
                ));
            }
            if let Some(auth) = &backend.auth {
                if auth.secret_env.is_empty() {
                    return Err(ConfigError::new(
                        format!("{field}.auth.secretEnv"),
                        "must name an environment variable",
                    ));
                }
                if !is_header_name(&auth.header) {
                    return Err(ConfigError::new(
                        format!("{field}.auth.header"),
                        "must be a lower-case header name",
                    ));
                }
            }
            validate_schema(&field, backend)?;
            for (i, fb) in backend.fallback.iter().enumerate() {
                if !known(fb) || fb == name {
                    return Err(ConfigError::new(
                        format!("{field}.fallback[{i}]"),
                        format!("'{fb}' is not another backend of this config"),
                    ));
                }
            }
        }
        if let Some(default) = &self.default_backend {
            if !known(default) {
                return Err(ConfigError::new(
                    "defaultBackend",
                    format!("'{default}' is not in backends"),
                ));
            }
        } else if !self.strict {
            return Err(ConfigError::new(
                "defaultBackend",
                "required unless strict is true",
            ));
        }
        for (alias, target) in &self.aliases {
            if self.aliases.contains_key(target) && target != alias {
                return Err(ConfigError::new(
                    format!("aliases.{alias}"),
                    "an alias must name a model, not another alias",
                ));
            }
        }
        for (i, route) in self.routes.iter().enumerate() {
            let field = format!("routes[{i}]");
            if route.targets.is_empty() {
                return Err(ConfigError::new(
                    format!("{field}.targets"),
                    "at least one target is required",
                ));
            }
            if route.targets.iter().all(|t| t.weight == 0) {
                return Err(ConfigError::new(
                    format!("{field}.targets"),
                    "at least one target needs a weight above 0",
                ));
            }
            for (j, target) in route.targets.iter().enumerate() {
                if !known(&target.backend) {
                    return Err(ConfigError::new(
                        format!("{field}.targets[{j}].backend"),
                        format!("'{}' is not in backends", target.backend),
                    ));
                }
            }
            for name in route.fallback_models.keys() {
                if !known(name) {
                    return Err(ConfigError::new(
                        format!("{field}.fallbackModels.{name}"),
                        "not in backends",
                    ));
                }
            }
            for name in route.headers.keys() {
                if !is_header_name(name) {
                    return Err(ConfigError::new(
                        format!("{field}.headers.{name}"),
                        "must be a lower-case header name",
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use llm_filters_core::config::load_config;
    use llm_filters_core::rules::RouteRules;

    fn load(json: &str) -> Result<RouteRules<RouterConfig>, ConfigError> {
        load_config(json.as_bytes())
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let rules =
            load(r#"{"default":{"backends":{"mock":{}},"defaultBackend":"mock"}}"#).unwrap();
        let c = rules.default.unwrap();
        assert_eq!(c.model_key, "model");
        assert_eq!(c.backend_header, "x-llm-backend");
        assert_eq!(c.model_header, "x-llm-model");
        assert_eq!(c.max_body_bytes, DEFAULT_MAX_BODY_BYTES);
        assert_eq!(c.on_invalid_body, InvalidBodyPolicy::Reject);
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (
                r#"{"default":{"backends":{"a":{}}}}"#,
                "default.defaultBackend",
            ),
            (
                r#"{"default":{"backends":{"a":{}},"defaultBackend":"b"}}"#,
                "default.defaultBackend",
            ),
            (
                r#"{"default":{"backends":{"a":{"fallback":["zz"]}},"defaultBackend":"a"}}"#,
                "default.backends.a.fallback[0]",
            ),
            (
                r#"{"rules":[{"config":{"backends":{"a":{}},"strict":true,"routes":[{"targets":[{"backend":"x"}]}]}}]}"#,
                "rules[0].config.routes[0].targets[0].backend",
            ),
            (
                r#"{"default":{"backends":{"a":{}},"defaultBackend":"a","routes":[{"targets":[]}]}}"#,
                "default.routes[0].targets",
            ),
            (
                r#"{"default":{"backends":{"a b":{}},"defaultBackend":"a b"}}"#,
                "default.backends.a b",
            ),
            (
                r#"{"default":{"backends":{"a":{"auth":{"secretEnv":""}}},"defaultBackend":"a"}}"#,
                "default.backends.a.auth.secretEnv",
            ),
            (
                r#"{"default":{"backends":{"a":{"auth":{"secretEnv":"K","key":"sk-1"}}},"defaultBackend":"a"}}"#,
                "default.backends.a.auth.key",
            ),
            (
                r#"{"default":{"backends":{"a":{}},"defaultBackend":"a","maxBodyBytes":"big"}}"#,
                "default.maxBodyBytes",
            ),
            (
                r#"{"default":{"backends":{"a":{}},"defaultBackend":"a","onInvalidBody":"drop"}}"#,
                "default.onInvalidBody",
            ),
            (
                r#"{"default":{"backends":{"a":{"modelNameOverride":"m\nx"}},"defaultBackend":"a"}}"#,
                "default.backends.a.modelNameOverride",
            ),
            (
                r#"{"default":{"backends":{"a":{}},"defaultBackend":"a","aliases":{"fast":"gpt 4o"}}}"#,
                "default.aliases.fast",
            ),
            (
                r#"{"default":{"backends":{"a":{}},"defaultBackend":"a","routes":[{"targets":[{"backend":"a","model":""}]}]}}"#,
                "default.routes[0].targets[0].model",
            ),
            (
                r#"{"default":{"backends":{"a":{}},"defaultBackend":"a","removeHeaders":["X-Client-Id"]}}"#,
                "default.removeHeaders[0]",
            ),
            (
                r#"{"default":{"backends":{"a":{}},"defaultBackend":"a","overrideHeader":"x-llm-backend"}}"#,
                "default.overrideHeader",
            ),
            (
                r#"{"default":{"backends":{"a":{"schema":"gemini"}},"defaultBackend":"a"}}"#,
                "default.backends.a.schema",
            ),
            (
                r#"{"default":{"backends":{"a":{"schema":"azure-openai"}},"defaultBackend":"a"}}"#,
                "default.backends.a.azure",
            ),
            (
                r#"{"default":{"backends":{"a":{"schema":"azure-openai","azure":{"deployment":"d/x","apiVersion":"2024-10-21"}}},"defaultBackend":"a"}}"#,
                "default.backends.a.azure.deployment",
            ),
            (
                r#"{"default":{"backends":{"a":{"schema":"azure-openai","azure":{"deployment":"d","apiVersion":"2024-10-21?x=1"}}},"defaultBackend":"a"}}"#,
                "default.backends.a.azure.apiVersion",
            ),
            (
                r#"{"default":{"backends":{"a":{"azure":{"deployment":"d","apiVersion":"v"}}},"defaultBackend":"a"}}"#,
                "default.backends.a.azure",
            ),
            (
                r#"{"default":{"backends":{"a":{"pathPrefix":"v1beta/openai"}},"defaultBackend":"a"}}"#,
                "default.backends.a.pathPrefix",
            ),
            (
                r#"{"default":{"backends":{"a":{"schema":"anthropic","pathPrefix":"/x"}},"defaultBackend":"a"}}"#,
                "default.backends.a.pathPrefix",
            ),
            (
                r#"{"default":{"backends":{"a":{"schema":"anthropic","anthropic":{"defaultMaxTokens":0}}},"defaultBackend":"a"}}"#,
                "default.backends.a.anthropic.defaultMaxTokens",
            ),
            (
                r#"{"default":{"backends":{"a":{"anthropic":{}}},"defaultBackend":"a"}}"#,
                "default.backends.a.anthropic",
            ),
            (
                r#"{"default":{"backends":{"a":{"schema":"anthropic","anthropic":{"version":"2023-06-01","beta":"x"}}},"defaultBackend":"a"}}"#,
                "default.backends.a.anthropic.beta",
            ),
        ];
        for (json, field) in cases {
            let err = load(json).unwrap_err();
            assert_eq!(err.field, field, "{json}: {err}");
        }
    }

    #[test]
    fn schema_defaults_and_round_trip() {
        let json = r#"{"default":{"backends":{
            "o":{},
            "g":{"pathPrefix":"/v1beta/openai"},
            "z":{"schema":"azure-openai","azure":{"deployment":"gpt4o","apiVersion":"2024-10-21"}},
            "c":{"schema":"anthropic"}},"defaultBackend":"o"}}"#;
        let c = load(json).unwrap().default.unwrap();
        assert_eq!(c.backends["o"].schema, Schema::Openai);
        assert_eq!(c.backends["c"].schema, Schema::Anthropic);
        assert_eq!(c.backends["c"].anthropic_options().version, "2023-06-01");
        assert_eq!(c.backends["c"].anthropic_options().default_max_tokens, 4096);
        assert_eq!(Backend::default().schema, Schema::Openai);
        // The controller writes these types back: defaults stay out, the rest round-trips.
        let written = serde_json::to_value(&c.backends["o"]).unwrap();
        assert_eq!(written, serde_json::json!({"stripClientAuth": false}));
        let z = serde_json::to_value(&c.backends["z"]).unwrap();
        assert_eq!(z["schema"], "azure-openai");
        assert_eq!(z["azure"]["apiVersion"], "2024-10-21");
        let back: Backend = serde_json::from_value(z).unwrap();
        assert_eq!(back, c.backends["z"]);
    }

    #[test]
    fn auth_prefix_defaults_by_header() {
        let bearer = BackendAuth {
            secret_env: "K".into(),
            header: "authorization".into(),
            prefix: None,
        };
        assert_eq!(bearer.prefix(), "Bearer ");
        let anthropic = BackendAuth {
            secret_env: "K".into(),
            header: "x-api-key".into(),
            prefix: None,
        };
        assert_eq!(anthropic.prefix(), "");
    }
}

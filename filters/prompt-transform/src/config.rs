//! prompt-transform configuration: what one route's config may say, as the user writes it.
//!
//! The plugin configuration is `RouteRules<TransformConfig>` (see `llm_filters_core::rules`).
//! Everything that must compile (templates, regexes, JSONPaths, header value templates) is
//! compiled at load by [`crate::policy`], so a broken config fails there, naming the field.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub use llm_filters_core::body_policy::{InvalidBodyPolicy, DEFAULT_MAX_BODY_BYTES};

/// One route's prompt shaping. Every part is optional; an empty config passes requests through.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TransformConfig {
    /// Named chat-request templates, invoked with `{"template": "name", "properties": {...}}`
    /// on the chat endpoint or by an encapsulated endpoint.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub templates: BTreeMap<String, TemplateSpec>,
    /// REST endpoints that are really a template plus a model (`POST /v1/tools/summarize`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub endpoints: Vec<EndpointSpec>,
    /// Whether chat requests that name no template are accepted on this route.
    #[serde(default)]
    pub untemplated: Untemplated,
    /// Messages added to every chat request, regex replacements, a route system message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decorators: Option<Decorators>,
    /// Model-parameter defaults, overrides and allowed ranges.
    #[serde(default, skip_serializing_if = "ParamRules::is_empty")]
    pub params: ParamRules,
    /// JSONPath edits of the body, applied last, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transforms: Vec<BodyTransform>,
    /// Trimming of long conversations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<ContextWindow>,
    #[serde(default, skip_serializing_if = "HeaderEdits::is_empty")]
    pub request_headers: HeaderEdits,
    #[serde(default, skip_serializing_if = "HeaderEdits::is_empty")]
    pub response_headers: HeaderEdits,
    /// Largest request body the filter reads.
    #[serde(default = "default_max_body_bytes")]
    pub max_body_bytes: usize,
    /// A body over `maxBodyBytes` or not a JSON object (on a path the filter would change);
    /// `passThrough` forwards it untouched, counted in `llm_prompt.passthrough`.
    #[serde(default)]
    pub on_invalid_body: InvalidBodyPolicy,
    /// For a completions backend: a chat request that `transforms` turned into a completions
    /// request (`$.messages` joined into `$.prompt`, `messages` removed) is sent to
    /// `…/completions`, and the answer, whole or streamed, comes back as a chat answer, so the
    /// client keeps its schema. On by default; `false` leaves path and answer to Envoy's route
    /// (e.g. a `prefix_rewrite` to a legacy backend whose client reads `choices[].text`).
    #[serde(
        default = "default_chat_answer",
        skip_serializing_if = "is_default_chat_answer"
    )]
    pub chat_answer: bool,
}

fn default_chat_answer() -> bool {
    true
}

fn is_default_chat_answer(on: &bool) -> bool {
    *on
}

fn default_max_body_bytes() -> usize {
    DEFAULT_MAX_BODY_BYTES
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum Untemplated {
    #[default]
    Allow,
    /// 403 for chat requests without `template`: the route only serves published prompts.
    Deny,
}

/// A whole chat request as a template. Strings in `model` and every message `content` are
/// handlebars templates rendered one by one; the JSON around them is built by the filter.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TemplateSpec {
    pub messages: Vec<MessageSpec>,
    /// Model (a template too, e.g. a fixed alias); used when the client sent none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Literal request fields (`temperature`, `max_tokens`, ...) used when the client sent none.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub params: Map<String, Value>,
}

/// A message: a role and its content (a template where templates are rendered).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MessageSpec {
    pub role: String,
    pub content: String,
}

/// A prompt published as a plain REST endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EndpointSpec {
    /// Exact request path (query ignored).
    pub path: String,
    #[serde(default = "default_method")]
    pub method: String,
    /// The template rendered with the request body as its properties.
    pub template: String,
    /// Body fields that must be present (and not null); a missing one is a 400 naming it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// Path of the chat completion the request becomes.
    #[serde(default = "default_chat_path")]
    pub chat_path: String,
    /// Field of the plain JSON answer that carries the extracted value.
    #[serde(default = "default_response_field")]
    pub response_field: String,
    /// JSONPath into the chat completion response that is the answer (non-streaming).
    #[serde(default = "default_extract")]
    pub extract: String,
    /// Add the provider's `usage` to the answer (and ask for it on streams).
    #[serde(default)]
    pub include_usage: bool,
}

fn default_method() -> String {
    "POST".into()
}
fn default_chat_path() -> String {
    "/v1/chat/completions".into()
}
fn default_response_field() -> String {
    "result".into()
}
fn default_extract() -> String {
    "$.choices[0].message.content".into()
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Decorators {
    /// Added before the client's messages (after a leading system message block).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prepend: Vec<MessageSpec>,
    /// Added after the client's messages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub append: Vec<MessageSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<SystemMessage>,
    /// Regex replacements in message text, applied in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replacements: Vec<Replacement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SystemMessage {
    pub content: String,
    #[serde(default)]
    pub mode: SystemMode,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum SystemMode {
    /// Added first when the request has no system (or developer) message.
    #[default]
    IfAbsent,
    /// Always added first; the client's system messages stay after it.
    Force,
    /// Always added first; the client's system messages are removed.
    Replace,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Replacement {
    /// Roles whose messages are edited; empty = every role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// A `regex` crate pattern.
    pub pattern: String,
    /// Replacement text; `$1`/`${name}` refer to groups.
    pub replacement: String,
}

/// Rules for the OpenAI sampling fields. Each field names the JSON key it governs.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ParamRules {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<NumberRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_p: Option<NumberRule>,
    /// `max_tokens`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<NumberRule>,
    /// `max_completion_tokens`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_completion_tokens: Option<NumberRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<NumberRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop: Option<ValueRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_format: Option<ValueRule>,
}

impl ParamRules {
    pub fn is_empty(&self) -> bool {
        *self == ParamRules::default()
    }
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NumberRule {
    /// The value to set (when absent, or always with `mode: force`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Number>,
    #[serde(default)]
    pub mode: ParamMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// What a client value outside `[min, max]` gets.
    #[serde(default)]
    pub out_of_range: OutOfRange,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ValueRule {
    pub value: Value,
    #[serde(default)]
    pub mode: ParamMode,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum ParamMode {
    /// Set only when the client sent none.
    #[default]
    Default,
    /// Always set, replacing the client's value.
    Force,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum OutOfRange {
    /// 400 naming the parameter.
    #[default]
    Reject,
    /// Move the value to the nearest bound.
    Clamp,
}

/// A JSONPath edit of the request body.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(
    tag = "op",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum BodyTransform {
    /// Set every match to `value`; when nothing matches and the path is a plain path
    /// (names and indices only), create it.
    Set { path: String, value: Value },
    /// Remove every match.
    Remove { path: String },
    /// Move every match (an object member) to the member `to` of the same object.
    Rename { path: String, to: String },
    /// Render each element of the matched array (or each match) through `template` and join the
    /// results into one string at the plain path `to`.
    Join {
        path: String,
        template: String,
        #[serde(default = "default_separator")]
        separator: String,
        to: String,
        /// Remove the source after joining (e.g. `messages` for a completions backend).
        #[serde(default)]
        remove_source: bool,
    },
}

fn default_separator() -> String {
    "\n".into()
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ContextWindow {
    /// Keep the system messages plus the last N turns (a turn starts at a user message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_last_turns: Option<usize>,
    /// Token budget for the prompt when no `modelBudgets` entry matches the request's model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_prompt_tokens: Option<u64>,
    /// Model name or glob → prompt token budget; the first match (exact names first) wins.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub model_budgets: BTreeMap<String, u64>,
    /// The estimator: tokens ≈ ceil(UTF-8 bytes / bytesPerToken) + per-message overhead.
    #[serde(default = "default_bytes_per_token")]
    pub bytes_per_token: f64,
    #[serde(default = "default_message_overhead")]
    pub message_overhead_tokens: u64,
    /// Response header reporting how many messages were dropped.
    #[serde(default = "default_dropped_header")]
    pub dropped_header: String,
}

fn default_bytes_per_token() -> f64 {
    4.0
}
fn default_message_overhead() -> u64 {
    4
}
fn default_dropped_header() -> String {
    "x-llm-context-dropped".into()
}

/// Header edits. Values may use `{{request_id}}` and `{{header:NAME}}` (a request header as the
/// client sent it).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HeaderEdits {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub set: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
}

impl HeaderEdits {
    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.remove.is_empty()
    }
}

//! `LLMPolicy`: how LLM traffic is treated, attached by `targetRefs` to `LLMRoute`s or to a
//! `Gateway` (Gateway API policy attachment). Each section maps onto one filter's own config type
//! (pii-mask, token-meter, prompt-transform) or onto one of Envoy's own filters (`jwt_authn`,
//! `local_ratelimit`).

use std::collections::BTreeMap;

use kube::{CustomResource, KubeSchema};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::route::Message;
use super::status::PolicyStatus;
use super::{SecretKeyRef, TargetRef};

/// How LLM traffic is treated.
#[derive(CustomResource, KubeSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[kube(
    group = "llm-filters.io",
    version = "v1alpha1",
    kind = "LLMPolicy",
    plural = "llmpolicies",
    shortname = "llmpolicy",
    namespaced,
    status = "PolicyStatus",
    derive = "PartialEq",
    derive = "Default",
    doc = "How LLM traffic is treated: PII masking, token quotas and budgets, prompt decorators, authentication and rate limits, for the LLMRoutes or Gateways it targets.",
    printcolumn = r#"{"name":"Targets","type":"string","jsonPath":".spec.targetRefs[*].name"}"#,
    printcolumn = r#"{"name":"Accepted","type":"string","jsonPath":".status.conditions[?(@.type==\"Accepted\")].status"}"#,
    printcolumn = r#"{"name":"Programmed","type":"string","jsonPath":".status.conditions[?(@.type==\"Programmed\")].status"}"#,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#
)]
#[x_kube(
    validation = Rule::new("has(self.piiMask) || has(self.tokenMeter) || has(self.promptTransform) || has(self.authentication) || has(self.rateLimit)").message("set at least one of piiMask, tokenMeter, promptTransform, authentication, rateLimit")
)]
#[serde(rename_all = "camelCase")]
pub struct LLMPolicySpec {
    /// What the policy applies to: `LLMRoute`s (group `llm-filters.io`) or `Gateway`s
    /// (group `gateway.networking.k8s.io`) in the policy's namespace. A route's own policy wins
    /// over its gateway's, section by section.
    #[schemars(length(min = 1, max = 16))]
    pub target_refs: Vec<TargetRef>,
    /// pii-mask: detectors and their actions, custom patterns, deny lists, answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pii_mask: Option<PiiMask>,
    /// token-meter: quotas per client, prices, a USD budget.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_meter: Option<TokenMeter>,
    /// prompt-transform: decorators, model parameters, context window, header edits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_transform: Option<PromptTransform>,
    /// JWT authentication, rendered as Envoy's `jwt_authn` filter (before every llm filter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication: Option<Authentication>,
    /// Request rate limit per proxy, rendered as Envoy's `local_ratelimit` filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
}

// ---- pii-mask ----

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct PiiMask {
    /// Built-in detector name (`email`, `phone`, `credit_card`, `iban`, `ssn`, `ipv4`, `ipv6`,
    /// `openai_key`, `anthropic_key`, `aws_access_key`, `github_token`, `jwt`, `bearer_token`,
    /// `private_key`) to its action.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub detectors: BTreeMap<String, DetectorAction>,
    /// Own patterns (Rust regex syntax).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 64))]
    pub custom: Vec<CustomDetector>,
    /// Phrases (not blank) that block the request or only raise an alert header.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 64))]
    pub deny: Vec<DenyList>,
    /// Only these JSONPaths of the request are scanned (default: every text field).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub json_paths: Vec<String>,
    /// The key for the `hash` action, from a Secret (an env var on the proxy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<HashKey>,
    /// What happens to answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<PiiResponse>,
    /// Largest body scanned (bytes). Default 1000000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 100000000))]
    pub max_body_bytes: Option<u64>,
    /// A body that is not JSON or too large: `reject` (default) or `passThrough`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_invalid_body: Option<OnInvalidBody>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum PiiAction {
    Redact,
    Mask,
    Hash,
    Placeholder,
    Block,
}

#[derive(KubeSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[x_kube(validation = Rule::new("!has(self.responseAction) || self.responseAction in ['redact', 'mask', 'hash']").message("responseAction is redact, mask or hash"))]
#[serde(rename_all = "camelCase")]
pub struct DetectorAction {
    pub action: PiiAction,
    /// The action on answers; default: the same (`redact` for placeholder and block).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_action: Option<PiiAction>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CustomDetector {
    #[schemars(regex(pattern = r"^[a-z0-9_]{1,40}$"))]
    pub name: String,
    #[schemars(length(min = 1, max = 4096))]
    pub pattern: String,
    pub action: PiiAction,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct DenyList {
    #[schemars(regex(pattern = r"^[a-z0-9_]{1,40}$"))]
    pub name: String,
    #[schemars(length(min = 1))]
    pub phrases: Vec<String>,
    /// `block` (default) or `alert`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<DenyAction>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum DenyAction {
    Block,
    Alert,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct HashKey {
    pub secret_ref: SecretKeyRef,
    /// Hex digits kept. Default 16.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 8, max = 64))]
    pub length: Option<u32>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct PiiResponse {
    /// Give placeholders their values back in answers. Default true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore: Option<bool>,
    /// Run the detectors over answers too. Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan: Option<bool>,
    /// Bytes a streamed answer is held back. Default 256.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 64, max = 16384))]
    pub window_bytes: Option<u32>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum OnInvalidBody {
    Reject,
    PassThrough,
}

// ---- token-meter ----

#[derive(KubeSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[x_kube(validation = Rule::new("!has(self.clientHeader) || !(self.clientHeader in ['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key'] || self.clientHeader.startsWith('x-llm-'))").message("clientHeader must not be a credential header or an internal x-llm-* header"))]
#[serde(rename_all = "camelCase")]
pub struct TokenMeter {
    /// The header naming the client (quotas and metrics are per client).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9_-]*$"))]
    pub client_header: Option<String>,
    /// Limits per client and window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<Quota>,
    /// USD per million tokens, by model name or pattern (`gpt-4o*`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub prices: BTreeMap<String, Price>,
    /// A USD budget per period; past `fallbackAtPercent` requests go to `fallbackModel`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
    /// Client ids that get their own metric label (others count as `other`); 1-128
    /// characters, no control characters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(length(min = 1, max = 128), regex(pattern = r"^[^\x00-\x1F\x7F]+$")))]
    pub metric_clients: Vec<String>,
    /// Add `x-ratelimit-*`-style usage headers to answers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub usage_headers: bool,
}

#[derive(KubeSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[x_kube(validation = Rule::new("has(self.tokensPerMinute) || has(self.tokensPerHour) || has(self.tokensPerDay) || has(self.requestsPerMinute) || has(self.requestsPerHour)").message("set at least one limit"))]
#[serde(rename_all = "camelCase")]
pub struct Quota {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub tokens_per_minute: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub tokens_per_hour: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub tokens_per_day: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub requests_per_minute: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub requests_per_hour: Option<u64>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Price {
    #[schemars(range(min = 0.0))]
    pub input: f64,
    #[schemars(range(min = 0.0))]
    pub output: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub cached_input: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub cache_write: Option<f64>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Budget {
    #[schemars(range(min = 0.000001))]
    pub limit_usd: f64,
    /// `hour`, `day` (default) or `month`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<BudgetPeriod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 100.0))]
    pub fallback_at_percent: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[A-Za-z0-9._:/@+-]{1,256}$"))]
    pub fallback_model: Option<String>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum BudgetPeriod {
    Hour,
    Day,
    Month,
}

// ---- prompt-transform ----

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct PromptTransform {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decorators: Option<Decorators>,
    /// Model-parameter defaults, forced values and allowed ranges.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<ParamName, ParamRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<ContextWindow>,
    /// Headers set on the answer (values may use `{{request_id}}`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub response_headers: BTreeMap<String, String>,
    /// Headers set on the request.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub request_headers: BTreeMap<String, String>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Decorators {
    /// A system message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<SystemMessage>,
    /// Messages added before the client's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prepend: Vec<Message>,
    /// Messages added after the client's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub append: Vec<Message>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SystemMessage {
    pub content: String,
    /// `ifAbsent` (default), `force` (before the client's) or `replace` (instead of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<SystemMode>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum SystemMode {
    IfAbsent,
    Force,
    Replace,
}

#[derive(
    JsonSchema, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord,
)]
#[serde(rename_all = "camelCase")]
pub enum ParamName {
    Temperature,
    TopP,
    MaxTokens,
    MaxCompletionTokens,
    Seed,
}

#[derive(KubeSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[x_kube(validation = Rule::new("!has(self.min) || !has(self.max) || self.min <= self.max").message("min must not be above max"))]
#[serde(rename_all = "camelCase")]
pub struct ParamRule {
    /// The value set (a default unless `mode: force`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "number")]
    pub value: Option<serde_json::Number>,
    /// `default` (only when the client sent none) or `force`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<ParamMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// A client value outside `min`..`max`: `reject` (400, default) or `clamp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_of_range: Option<OutOfRange>,
}

fn number(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "number" })
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ParamMode {
    Default,
    Force,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum OutOfRange {
    Reject,
    Clamp,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ContextWindow {
    /// Keep the system messages and the last N turns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub keep_last_turns: Option<u32>,
    /// Drop the oldest turns past this estimate of prompt tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub max_prompt_tokens: Option<u64>,
}

// ---- Envoy's own filters ----

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Authentication {
    /// JWT providers; a request must carry a valid token of one of them.
    #[schemars(length(min = 1, max = 8))]
    pub jwt: Vec<JwtProvider>,
}

#[derive(KubeSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[x_kube(validation = Rule::new("has(self.jwksUri) != has(self.localJwks)").message("give exactly one of jwksUri and localJwks"))]
#[serde(rename_all = "camelCase")]
pub struct JwtProvider {
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9_-]{0,62}$"))]
    pub name: String,
    pub issuer: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audiences: Vec<String>,
    /// `https://issuer/.well-known/jwks.json`, fetched by the proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/.*)?$"))]
    pub jwks_uri: Option<String>,
    /// The public keys (a JWKS document) inline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_jwks: Option<String>,
    /// Copy claims into request headers (e.g. `sub` → `x-client-id` for token-meter).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claim_to_headers: Vec<ClaimToHeader>,
    /// Keep the `authorization` header for the provider. Default false (removed).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forward: bool,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ClaimToHeader {
    pub claim: String,
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9_-]*$"))]
    pub header: String,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RateLimit {
    /// Requests allowed per `unit` (per proxy), refilled evenly.
    #[schemars(range(min = 1))]
    pub requests: u32,
    pub unit: RateUnit,
    /// Requests allowed at once; default `requests`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub burst: Option<u32>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum RateUnit {
    Second,
    Minute,
    Hour,
}

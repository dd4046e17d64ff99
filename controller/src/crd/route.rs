//! `LLMRoute`: where LLM traffic goes. The request match (hosts, paths, headers, models), the
//! model-routing rules, the backends (provider schema, endpoint, model mapping, weights, fallback
//! order, timeouts, retries, API key by Secret reference) and the prompt endpoints/templates.
//!
//! Everything here maps onto one filter's own config type in `plan` (model-router's
//! `RouterConfig`, prompt-transform's templates and endpoints) and onto Envoy routes and clusters.

use std::collections::BTreeMap;

use kube::{CustomResource, KubeSchema};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::status::RouteStatus;
use super::{preserve_unknown, ParentRef, SecretKeyRef};

/// Where LLM traffic goes.
#[derive(CustomResource, KubeSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[kube(
    group = "llm-filters.io",
    version = "v1alpha1",
    kind = "LLMRoute",
    plural = "llmroutes",
    shortname = "llmroute",
    namespaced,
    status = "RouteStatus",
    derive = "PartialEq",
    derive = "Default",
    doc = "Where LLM traffic goes: the requests it claims, the model-routing rules and the backends.",
    printcolumn = r#"{"name":"Hosts","type":"string","jsonPath":".spec.match.hosts"}"#,
    printcolumn = r#"{"name":"Backends","type":"string","jsonPath":".spec.backends[*].name"}"#,
    printcolumn = r#"{"name":"Accepted","type":"string","jsonPath":".status.conditions[?(@.type==\"Accepted\")].status"}"#,
    printcolumn = r#"{"name":"Programmed","type":"string","jsonPath":".status.conditions[?(@.type==\"Programmed\")].status"}"#,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#
)]
#[x_kube(
    validation = Rule::new("!has(self.defaultBackend) || self.backends.exists(b, b.name == self.defaultBackend)").message("defaultBackend must name one of backends"),
    validation = Rule::new("!has(self.rules) || self.rules.all(r, r.backends.all(t, self.backends.exists(b, b.name == t.name)))").message("rules[].backends[].name must name one of backends"),
    validation = Rule::new("self.backends.all(b, !has(b.fallback) || b.fallback.all(f, f != b.name && self.backends.exists(o, o.name == f)))").message("backends[].fallback must name other backends of this route"),
    validation = Rule::new("!has(self.match) || !has(self.match.models) || !has(self.rules) || self.rules.all(r, !has(r.models))").message("give models in match or in rules, not both"),
    validation = Rule::new("!has(self.prompts) || !has(self.prompts.endpoints) || self.prompts.endpoints.all(e, has(self.prompts.templates) && e.template in self.prompts.templates)").message("prompts.endpoints[].template must name one of prompts.templates")
)]
#[serde(rename_all = "camelCase")]
pub struct LLMRouteSpec {
    /// The Gateways (proxies) this route is served by. Empty: every gateway the controller renders.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parent_refs: Vec<ParentRef>,
    /// Which requests this route claims. Empty: every request.
    #[serde(default, rename = "match", skip_serializing_if = "Option::is_none")]
    pub matches: Option<RequestMatch>,
    /// Model names clients may use for other model names (`fast: gpt-4o-mini`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub aliases: BTreeMap<String, String>,
    /// Model-routing rules, first match wins; a request no rule matches goes to `defaultBackend`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 64))]
    pub rules: Vec<ModelRule>,
    /// The backend of requests no rule matches. Defaults to the first backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_backend: Option<String>,
    /// The upstream providers. Names are shared across routes: two routes that name the same
    /// backend must describe it identically (else a conflict in status).
    #[schemars(length(min = 1, max = 32))]
    pub backends: Vec<Backend>,
    /// Prompt templates and REST endpoints bound to them (prompt-transform).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompts: Option<Prompts>,
    /// Answer `GET /v1/models` (and `/models`) at the gateway from this route's config instead
    /// of passing it to the default backend: every alias and every model named literally
    /// (rule and match models without `*`, target models, `modelNameOverride`s), in OpenAI's
    /// list shape (Anthropic's for a client sending `anthropic-version`), `owned_by` the
    /// backend serving it. Routes claiming the same requests (differing by model only) share
    /// one list: it is on when any of them sets this, and holds all their models.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub list_models: bool,
    /// Requests for paths that are no LLM API the filters understand (chat completions,
    /// completions, embeddings, responses, messages, models), or for such a path with another
    /// method than its API takes (POST; GET and HEAD for models): `reject` (the default, a
    /// 404 `unknown_endpoint` or a 405 `method_not_allowed`) or `pass` (to the default backend
    /// with its key, so the provider's whole API — files, batches, stored completions, admin —
    /// is open to every client of the route, unscanned and unmetered). Routes claiming the same
    /// requests share one setting: two of them that give different values conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_paths: Option<OtherPaths>,
}

/// What happens to a request for a path that is no LLM API.
#[derive(JsonSchema, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum OtherPaths {
    Reject,
    Pass,
}

/// Which requests a route claims. Every condition given must hold; inside a list any entry may.
#[derive(
    KubeSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "camelCase")]
pub struct RequestMatch {
    /// `api.example.com`, `*.example.com`; compared without port, case-insensitively.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(
        length(max = 16),
        inner(regex(pattern = r"^(\*\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\*$"))
    )]
    pub hosts: Vec<String>,
    /// Request paths.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 16))]
    pub paths: Vec<PathMatch>,
    /// Header name (lower case) to exact value; all must match.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 16))]
    pub headers: Vec<HeaderMatch>,
    /// Model names (`gpt-4o`, `gpt-*`) this route claims. Only model-router can see the model
    /// (it reads the body): filters before it tell routes apart by hosts, paths and headers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(
        length(max = 32),
        inner(regex(pattern = r"^[A-Za-z0-9._:/@+*-]{1,256}$"))
    )]
    pub models: Vec<String>,
}

#[derive(
    JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "camelCase")]
pub struct PathMatch {
    /// `PathPrefix` (default) or `Exact`.
    #[serde(default, rename = "type")]
    pub kind: PathMatchType,
    #[schemars(regex(pattern = r"^/[^*\s]*$"), length(max = 1024))]
    pub value: String,
}

#[derive(
    JsonSchema,
    Serialize,
    Deserialize,
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Default,
    Hash,
    PartialOrd,
    Ord,
)]
pub enum PathMatchType {
    #[default]
    PathPrefix,
    Exact,
}

#[derive(
    JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
pub struct HeaderMatch {
    /// Lower-case header name; not an internal `x-llm-*` header.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9_-]*$"), length(max = 128))]
    pub name: String,
    /// Exact value.
    #[schemars(length(max = 1024))]
    pub value: String,
}

/// One model-routing rule: the models (and headers) it applies to and the weighted backends.
#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ModelRule {
    /// Model names or patterns (`gpt-*`). Empty: the route's `match.models`, or any model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(regex(pattern = r"^[A-Za-z0-9._:/@+*-]{1,256}$")))]
    pub models: Vec<String>,
    /// Headers that must also match (exact values).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderMatch>,
    /// Where matching requests go, split by weight.
    #[schemars(length(min = 1, max = 16))]
    pub backends: Vec<WeightedBackend>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct WeightedBackend {
    /// A backend of this route.
    pub name: String,
    /// Share of traffic (0–100 is usual; any non-negative number works). Default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1000000))]
    pub weight: Option<u32>,
    /// The model to send to this backend for these requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[A-Za-z0-9._:/@+-]{1,256}$"))]
    pub model: Option<String>,
}

/// One upstream provider.
#[derive(KubeSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[x_kube(
    validation = Rule::new("!has(self.azure) || self.schema == 'azure-openai'").message("azure is only for schema azure-openai"),
    validation = Rule::new("self.schema != 'azure-openai' || has(self.azure)").message("schema azure-openai needs azure.deployment"),
    validation = Rule::new("!has(self.anthropic) || self.schema == 'anthropic'").message("anthropic is only for schema anthropic"),
    validation = Rule::new("!has(self.pathPrefix) || self.schema == 'openai-compatible'").message("pathPrefix is only for schema openai-compatible")
)]
#[serde(rename_all = "camelCase")]
pub struct Backend {
    /// The backend's name: the value of `x-llm-backend`, the cluster `llm_<name>`, metric labels.
    #[schemars(regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$"))]
    pub name: String,
    /// The API the provider speaks.
    #[serde(default)]
    pub schema: ProviderSchema,
    /// openai-compatible: the prefix replacing `/v1` (e.g. `/v1beta/openai`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^/[A-Za-z0-9._~/-]*$"))]
    pub path_prefix: Option<String>,
    /// azure-openai: the deployment and API version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure: Option<AzureSettings>,
    /// anthropic: the API version header and the default `max_tokens`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anthropic: Option<AnthropicSettings>,
    /// Where the provider is.
    pub endpoint: Endpoint,
    /// The model name this backend gets, whatever the client asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[A-Za-z0-9._:/@+-]{1,256}$"))]
    pub model_name_override: Option<String>,
    /// The provider's API key, from a Secret. The proxy gets it as an environment variable;
    /// the key itself is never in a rendered object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<ApiKey>,
    /// Remove the client's own `authorization` / `x-api-key` before the provider.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strip_client_auth: bool,
    /// Backends tried next, in order, when this one fails (5xx, 429, reset, connect failure).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 8))]
    pub fallback: Vec<String>,
    /// Timeouts of requests to this backend.
    #[serde(default)]
    pub timeouts: Timeouts,
    /// Retries (each one goes to the next fallback backend).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<Retries>,
    /// Circuit breaker limits of the backend's cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circuit_breaker: Option<CircuitBreaker>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ProviderSchema {
    #[default]
    Openai,
    Anthropic,
    AzureOpenai,
    OpenaiCompatible,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct AzureSettings {
    #[schemars(regex(pattern = r"^[A-Za-z0-9._-]{1,64}$"))]
    pub deployment: String,
    /// The `api-version` query parameter, e.g. `2024-10-21`.
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$"))]
    pub api_version: String,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct AnthropicSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 1000000))]
    pub default_max_tokens: Option<u32>,
}

/// Exactly one of `url` and `service`.
#[derive(KubeSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[x_kube(validation = Rule::new("has(self.url) != has(self.service)").message("give exactly one of url and service"))]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    /// `http://host:port` or `https://host[:port]` (TLS with SNI `host`); no path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$"))]
    pub url: Option<String>,
    /// A Kubernetes Service (`<name>.<namespace>.svc.cluster.local`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<ServiceRef>,
    /// TLS settings (a `https` url implies TLS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<Tls>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRef {
    #[schemars(regex(pattern = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"), length(max = 63))]
    pub name: String,
    /// Defaults to the route's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"), length(max = 63))]
    pub namespace: Option<String>,
    #[schemars(range(min = 1, max = 65535))]
    pub port: u16,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Tls {
    /// Server name sent and verified; defaults to the endpoint's host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sni: Option<String>,
    /// CA bundle file on the proxy. Default `/etc/ssl/certs/ca-certificates.crt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<String>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ApiKey {
    /// The Secret (in the route's namespace) and key holding the provider key.
    pub secret_ref: SecretKeyRef,
    /// Header the key goes in; default `authorization` (`x-api-key` for schema anthropic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9_-]*$"))]
    pub header: Option<String>,
    /// Prefix before the key; default `Bearer ` for `authorization`, else none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

/// Durations are Go-style strings (`2s`, `500ms`, `1m`); `0s` means none.
#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Timeouts {
    /// TCP (and TLS) connect timeout. Default `5s`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^0*[1-9][0-9]{0,7}(ms|s|m)$"))]
    pub connect: Option<String>,
    /// How long one attempt waits for the response headers before the next backend is tried.
    /// Default `30s`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{1,8}(ms|s|m)$"))]
    pub per_try: Option<String>,
    /// A stream that moves no byte for this long is ended. Default `120s`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{1,8}(ms|s|m)$"))]
    pub idle: Option<String>,
    /// Cap on a request's whole duration; default `0s` (none: it would cut a long stream).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{1,8}(ms|s|m)$"))]
    pub request: Option<String>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Retries {
    /// Retries after the first attempt, at most 10 (the provider bills each). Default: the
    /// number of fallback backends (at least 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 10))]
    pub attempts: Option<u32>,
    /// Statuses retried besides 5xx: 4xx or 5xx only (400-599; a 2xx is never retried).
    /// Default `[429]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(inner(range(min = 400, max = 599)))]
    pub status_codes: Option<Vec<u16>>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct CircuitBreaker {
    /// Concurrent requests (and connections, pending requests, retries). Default 1024.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 1000000))]
    pub max_requests: Option<u32>,
}

/// prompt-transform's templates and the REST endpoints bound to them.
#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Prompts {
    /// Named chat-request templates (handlebars `{{variable}}`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub templates: BTreeMap<String, PromptTemplate>,
    /// Plain REST endpoints (`POST /v1/tools/summarize {"text": ...}`) answered by a template.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub endpoints: Vec<PromptEndpoint>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct PromptTemplate {
    /// The model the template asks for (an alias works).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Request parameters (`max_tokens`, `temperature`...) set by the template.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    #[schemars(schema_with = "preserve_unknown")]
    pub params: serde_json::Map<String, serde_json::Value>,
    #[schemars(length(min = 1))]
    pub messages: Vec<Message>,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Message {
    #[schemars(regex(pattern = r"^(system|developer|user|assistant)$"))]
    pub role: String,
    pub content: String,
}

#[derive(JsonSchema, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct PromptEndpoint {
    #[schemars(regex(pattern = r"^/[A-Za-z0-9._~/-]*$"))]
    pub path: String,
    /// A template of `prompts.templates`.
    pub template: String,
    /// Variables the caller must send.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// The answer's field holding the completion text. Default `result`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_field: Option<String>,
    /// Add the provider's usage to the answer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub include_usage: bool,
}

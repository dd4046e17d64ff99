//! The request path, as plain data in and out: given a route's policy, the method, path and
//! (when needed) the body, what to send upstream or what to answer.
//!
//! Order of the steps on a body: template (chat endpoint) or encapsulated endpoint →
//! context window → decorators → parameter rules → JSONPath transforms. Parameter rules come
//! after templates so a route's `force` wins over a template's params; transforms come last
//! because they may turn the chat request into another API's shape.

// A rejection is the rare path and is built once per request; boxing it buys nothing.
#![allow(clippy::result_large_err)]

use crate::config::{InvalidBodyPolicy, Untemplated};
use crate::endpoint::{self, BuildError, EndpointMatch};
use crate::policy::Policy;
use crate::template::RenderFailure;
use crate::{jsonpath, messages_api, params, validate};
use llm_filters_core::api::ApiKind;
use llm_filters_core::ErrorReply;
use serde_json::{Map, Value};

/// A rejected request: the reply, and labels for metrics (config names only, never content).
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub reply: ErrorReply,
    pub reason: &'static str,
    pub template: Option<String>,
}

impl Failure {
    /// A rejection without a template label.
    pub fn rejected(reply: ErrorReply, reason: &'static str) -> Self {
        Self::new(reply, reason)
    }

    fn new(reply: ErrorReply, reason: &'static str) -> Self {
        Failure {
            reply,
            reason,
            template: None,
        }
    }

    fn for_template(mut self, name: &str) -> Self {
        self.template = Some(name.to_string());
        self
    }
}

/// What the headers stage decides.
#[derive(Debug, PartialEq)]
pub enum HeadersDecision {
    /// Nothing on this request depends on the body.
    Pass,
    /// Hold the headers and read the body.
    ReadBody,
    Reject(Failure),
}

/// `has_body`: false when the request ended with its headers.
pub fn on_headers(policy: &Policy, method: &str, path: &str, has_body: bool) -> HeadersDecision {
    match endpoint::find(&policy.endpoints, method, path) {
        EndpointMatch::Found(..) if has_body => HeadersDecision::ReadBody,
        EndpointMatch::Found(..) => HeadersDecision::Reject(Failure::new(
            ErrorReply::bad_request("this endpoint needs a JSON body").with_code("missing_body"),
            "missing_body",
        )),
        EndpointMatch::WrongMethod => HeadersDecision::Reject(Failure::new(
            ErrorReply::new(
                405,
                "invalid_request_error",
                format!("method {method} is not allowed on this endpoint"),
            )
            .with_code("method_not_allowed"),
            "wrong_method",
        )),
        EndpointMatch::None => {
            let kind = ApiKind::from_path(path);
            if kind == ApiKind::AnthropicMessages && messages_api::shapes(policy) {
                return match (has_body, method) {
                    (true, _) => HeadersDecision::ReadBody,
                    // The route's limits apply to every prompt: one without a body is refused
                    // here rather than left for the provider to guess about.
                    (false, "POST") => HeadersDecision::Reject(messages_api::missing_body()),
                    (false, _) => HeadersDecision::Pass,
                };
            }
            let chat = kind == ApiKind::ChatCompletions;
            if chat && !has_body && policy.untemplated == Untemplated::Deny {
                return HeadersDecision::Reject(untemplated_denied());
            }
            let reads = (chat && policy.shapes_chat())
                || (kind == ApiKind::Completions && !policy.params.is_empty())
                || !policy.transforms.is_empty();
            if reads && has_body {
                HeadersDecision::ReadBody
            } else {
                HeadersDecision::Pass
            }
        }
    }
}

/// What the body stage decided for a request that goes upstream.
#[derive(Debug, Default, PartialEq)]
pub struct Plan {
    /// The new body; `None` = unchanged.
    pub body: Option<Vec<u8>>,
    /// The new `:path` (encapsulated endpoints).
    pub path: Option<String>,
    /// The template rendered, for metrics.
    pub template: Option<String>,
    /// The encapsulated endpoint that answers (index into the policy's endpoints).
    pub endpoint: Option<usize>,
    /// Messages the context window dropped; `Some` when a context policy applies.
    pub dropped: Option<usize>,
    /// Why the body went through untouched (fail-open), for metrics.
    pub passthrough: Option<&'static str>,
    /// The transforms turned this chat request into a completions request: the answer is
    /// turned back into a chat answer ([`crate::completion_answer`]).
    pub completion_answer: bool,
}

pub fn on_body(policy: &Policy, method: &str, path: &str, body: &[u8]) -> Result<Plan, Failure> {
    if body.len() > policy.max_body_bytes {
        return on_oversized_at(policy, method, path);
    }
    if is_messages_api(policy, method, path) {
        return on_messages_body(policy, body);
    }
    let mut request = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => map,
        _ => {
            return invalid(
                policy,
                ErrorReply::bad_request("request body is not a JSON object"),
                "invalid_body",
            )
        }
    };
    let mut plan = Plan::default();
    let kind = match endpoint::find(&policy.endpoints, method, path) {
        EndpointMatch::Found(i, ep) => {
            // Endpoints name existing templates (checked at load); a miss is a config bug,
            // answered like one.
            let Some(template) = policy.templates.get(&ep.template) else {
                let reply = ErrorReply::new(
                    500,
                    "server_error",
                    "this endpoint's template is not configured",
                );
                return Err(Failure::new(reply, "unknown_template"));
            };
            let (built, _stream) = endpoint::build_request(ep, template, &policy.hb, request)
                .map_err(|e| match e {
                    BuildError::MissingField(field) => Failure::new(
                        ErrorReply::bad_request(format!("missing required field `{field}`"))
                            .with_param(field)
                            .with_code("missing_field"),
                        "missing_field",
                    )
                    .for_template(&ep.template),
                    BuildError::Render(f) => render_failure(&ep.template, f, ""),
                })?;
            request = built;
            plan.path = Some(ep.chat_path.clone());
            plan.endpoint = Some(i);
            plan.template = Some(ep.template.clone());
            ApiKind::ChatCompletions
        }
        EndpointMatch::WrongMethod => {
            return Err(Failure::new(
                ErrorReply::bad_request("wrong method"),
                "wrong_method",
            ))
        }
        EndpointMatch::None => {
            let kind = ApiKind::from_path(path);
            if kind == ApiKind::ChatCompletions {
                plan.template = apply_chat_template(policy, &mut request)?;
            }
            kind
        }
    };
    // Nothing is added to, trimmed from or rewritten in a request of the wrong shape.
    let shape = match kind {
        ApiKind::ChatCompletions => validate::chat(&request),
        ApiKind::Completions => validate::completion(&request),
        _ => Ok(()),
    };
    if let Err(e) = shape {
        let reply = ErrorReply::bad_request(e.message)
            .with_param(e.param)
            .with_code(e.code);
        return invalid(policy, reply, "invalid_shape");
    }
    if kind == ApiKind::ChatCompletions {
        shape_messages(policy, &mut request, &mut plan);
    }
    if matches!(kind, ApiKind::ChatCompletions | ApiKind::Completions) {
        params::apply(&policy.params, &mut request).map_err(|reply| {
            let f = Failure::new(reply, "param_out_of_range");
            match &plan.template {
                Some(t) => f.for_template(t),
                None => f,
            }
        })?;
    }
    jsonpath::apply(&policy.transforms, &policy.join_hb, &mut request)
        .map_err(|reply| Failure::new(reply, "transform_failed"))?;
    if policy.chat_answer
        && kind == ApiKind::ChatCompletions
        && plan.endpoint.is_none()
        && crate::completion_answer::is_chat_turned_completion(&request)
    {
        // Chat in, completions out: the completions endpoint answers, the client gets chat.
        if let Some(completions) = crate::completion_answer::completions_path(path) {
            plan.path = Some(completions);
            plan.completion_answer = true;
        }
    }
    plan.body = Some(serde_json::to_vec(&Value::Object(request)).unwrap_or_default());
    Ok(plan)
}

/// A request the Messages stage shapes: the Anthropic Messages path, no encapsulated endpoint.
pub fn is_messages_api(policy: &Policy, method: &str, path: &str) -> bool {
    ApiKind::from_path(path) == ApiKind::AnthropicMessages
        && matches!(
            endpoint::find(&policy.endpoints, method, path),
            EndpointMatch::None
        )
        && messages_api::shapes(policy)
}

/// Anthropic Messages: the route's policy in that API's terms ([`messages_api`]), then the
/// transforms.
fn on_messages_body(policy: &Policy, body: &[u8]) -> Result<Plan, Failure> {
    let mut plan = Plan::default();
    let mut request = match messages_api::on_body(policy, body, &mut plan)? {
        messages_api::Outcome::Shaped(request) => request,
        messages_api::Outcome::PassThrough(reason) => {
            return Ok(Plan {
                passthrough: Some(reason),
                ..Plan::default()
            })
        }
    };
    jsonpath::apply(&policy.transforms, &policy.join_hb, &mut request)
        .map_err(|reply| Failure::new(reply, "transform_failed"))?;
    plan.body = Some(serde_json::to_vec(&Value::Object(request)).unwrap_or_default());
    Ok(plan)
}

/// [`on_oversized`] for a request's path: the Messages stage fails closed on routes with limits.
pub fn on_oversized_at(policy: &Policy, method: &str, path: &str) -> Result<Plan, Failure> {
    if is_messages_api(policy, method, path) {
        return messages_api::too_large(policy);
    }
    on_oversized(policy)
}

/// A body over `maxBodyBytes`: decided as soon as the bound is passed, without buffering the rest.
pub fn on_oversized(policy: &Policy) -> Result<Plan, Failure> {
    invalid(
        policy,
        ErrorReply::too_large(format!(
            "request body exceeds {} bytes",
            policy.max_body_bytes
        )),
        "too_large",
    )
}

/// `{"template": "name", "properties": {...}}` on the chat endpoint.
fn apply_chat_template(
    policy: &Policy,
    request: &mut Map<String, Value>,
) -> Result<Option<String>, Failure> {
    let Some(name) = request.remove("template") else {
        if policy.untemplated == Untemplated::Deny {
            return Err(untemplated_denied());
        }
        return Ok(None);
    };
    let unknown = || {
        Failure::new(
            ErrorReply::bad_request("the requested template does not exist on this route")
                .with_param("template")
                .with_code("unknown_template"),
            "unknown_template",
        )
    };
    let name = name.as_str().ok_or_else(unknown)?.to_string();
    let template = policy.templates.get(&name).ok_or_else(unknown)?;
    let properties = match request.remove("properties") {
        None => Value::Object(Map::new()),
        Some(Value::Object(p)) => Value::Object(p),
        Some(_) => {
            return Err(Failure::new(
                ErrorReply::bad_request("`properties` must be an object")
                    .with_param("properties")
                    .with_code("invalid_type"),
                "invalid_properties",
            )
            .for_template(&name))
        }
    };
    if request.contains_key("messages") {
        return Err(Failure::new(
            ErrorReply::bad_request(
                "a templated request must not carry `messages`; the template writes them",
            )
            .with_param("messages")
            .with_code("messages_with_template"),
            "messages_with_template",
        )
        .for_template(&name));
    }
    template
        .render_into(&policy.hb, &properties, request)
        .map_err(|f| render_failure(&name, f, "properties."))?;
    Ok(Some(name))
}

/// The context window, then decorators, on the `messages` array. Trimming comes first so it
/// only ever drops the client's turns (an appended route message must not count as the latest
/// turn); the decorators' own messages are reserved out of the token budget.
fn shape_messages(policy: &Policy, request: &mut Map<String, Value>, plan: &mut Plan) {
    let model = request
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let Some(Value::Array(messages)) = request.get_mut("messages") else {
        return;
    };
    if let Some(context) = &policy.context {
        let reserve = policy
            .decorators
            .as_ref()
            .map(|d| d.added_messages().map(|m| context.estimate(&m)).sum())
            .unwrap_or(0);
        plan.dropped = Some(context.trim_with_reserve(&model, messages, reserve));
    }
    if let Some(decorators) = &policy.decorators {
        decorators.apply(messages);
    }
}

fn render_failure(template: &str, failure: RenderFailure, param_prefix: &str) -> Failure {
    match failure {
        RenderFailure::MissingVariable(var) => Failure::new(
            ErrorReply::bad_request(format!(
                "template '{template}' needs `{var}`, which the request does not provide"
            ))
            .with_param(format!("{param_prefix}{var}"))
            .with_code("missing_variable"),
            "missing_variable",
        ),
        RenderFailure::Invalid(why) => Failure::new(
            ErrorReply::bad_request(format!(
                "template '{template}' could not be rendered: {why}"
            ))
            .with_code("template_render_failed"),
            "render_failed",
        ),
    }
    .for_template(template)
}

fn untemplated_denied() -> Failure {
    Failure::new(
        ErrorReply::forbidden("this route only accepts templated requests: send {\"template\": ..., \"properties\": {...}}")
            .with_code("template_required"),
        "untemplated_denied",
    )
}

fn invalid(policy: &Policy, reply: ErrorReply, reason: &'static str) -> Result<Plan, Failure> {
    match policy.on_invalid_body {
        InvalidBodyPolicy::Reject => Err(Failure::new(reply, reason)),
        InvalidBodyPolicy::PassThrough => Ok(Plan {
            passthrough: Some(reason),
            ..Plan::default()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::load_policies;
    use serde_json::json;

    fn policy(config: Value) -> Policy {
        load_policies(json!({ "default": config }).to_string().as_bytes())
            .unwrap()
            .default
            .unwrap()
    }

    fn body_of(plan: &Plan) -> Value {
        serde_json::from_slice(plan.body.as_ref().unwrap()).unwrap()
    }

    fn post(p: &Policy, path: &str, body: Value) -> Result<Plan, Failure> {
        on_body(p, "POST", path, &serde_json::to_vec(&body).unwrap())
    }

    fn full() -> Policy {
        policy(json!({
            "templates": {
                "summarize": { "model": "fast", "messages": [
                    { "role": "system", "content": "Summarize in {{language}}." },
                    { "role": "user", "content": "{{text}}" } ] }
            },
            "endpoints": [{ "path": "/v1/tools/summarize", "template": "summarize", "required": ["text"],
                            "responseField": "summary" }],
            "decorators": { "system": { "content": "Be kind." }, "append": [{ "role": "user", "content": "Thanks." }] },
            "params": { "temperature": { "value": 0.3 }, "maxTokens": { "max": 100, "outOfRange": "clamp" } },
            "context": { "keepLastTurns": 2 }
        }))
    }

    #[test]
    fn templated_chat_request_goes_through_every_step() {
        let p = full();
        let plan = post(&p, "/v1/chat/completions", json!({
            "template": "summarize", "properties": { "text": "T", "language": "de" }, "max_tokens": 500, "user": "u1"
        }))
        .unwrap();
        assert_eq!(plan.template.as_deref(), Some("summarize"));
        assert_eq!(plan.dropped, Some(0));
        assert_eq!(plan.path, None);
        assert_eq!(
            body_of(&plan),
            json!({
                "max_tokens": 100, "user": "u1", "model": "fast", "temperature": 0.3,
                "messages": [
                    { "role": "system", "content": "Summarize in de." },
                    { "role": "user", "content": "T" },
                    { "role": "user", "content": "Thanks." }
                ]
            })
        );
    }

    #[test]
    fn the_context_window_trims_client_turns_before_decorators_add_theirs() {
        let p = policy(json!({
            "decorators": { "append": [{ "role": "user", "content": "Reply in French." }] },
            "context": { "keepLastTurns": 1 }
        }));
        let plan = post(
            &p,
            "/v1/chat/completions",
            json!({ "model": "m", "messages": [
            { "role": "user", "content": "old" }, { "role": "assistant", "content": "a" },
            { "role": "user", "content": "question" } ] }),
        )
        .unwrap();
        assert_eq!(plan.dropped, Some(2));
        assert_eq!(
            body_of(&plan)["messages"],
            json!([{ "role": "user", "content": "question" }, { "role": "user", "content": "Reply in French." }])
        );
    }

    #[test]
    fn endpoint_request_becomes_a_chat_completion() {
        let p = full();
        assert_eq!(
            on_headers(&p, "POST", "/v1/tools/summarize", true),
            HeadersDecision::ReadBody
        );
        let plan = post(
            &p,
            "/v1/tools/summarize",
            json!({ "text": "T", "language": "fr" }),
        )
        .unwrap();
        assert_eq!(plan.path.as_deref(), Some("/v1/chat/completions"));
        assert_eq!(plan.endpoint, Some(0));
        let body = body_of(&plan);
        assert_eq!(body["model"], "fast");
        assert_eq!(body["messages"][0]["content"], "Summarize in fr.");
        assert!(
            body.get("text").is_none(),
            "endpoint fields are properties, not request fields"
        );

        let err = post(&p, "/v1/tools/summarize", json!({ "language": "fr" })).unwrap_err();
        assert_eq!((err.reply.status, err.reason), (400, "missing_field"));
        assert_eq!(err.reply.param.as_deref(), Some("text"));
        let err = post(&p, "/v1/tools/summarize", json!({ "text": "x" })).unwrap_err();
        assert_eq!(err.reason, "missing_variable");
        assert_eq!(err.reply.param.as_deref(), Some("language"));
        assert!(
            err.reply.message.contains("`language`"),
            "{}",
            err.reply.message
        );
        assert_eq!(err.template.as_deref(), Some("summarize"));

        assert!(
            matches!(on_headers(&p, "GET", "/v1/tools/summarize", false), HeadersDecision::Reject(f) if f.reply.status == 405)
        );
        assert!(
            matches!(on_headers(&p, "POST", "/v1/tools/summarize", false), HeadersDecision::Reject(f) if f.reply.status == 400)
        );
    }

    #[test]
    fn template_errors_name_what_is_wrong() {
        let p = full();
        let err = post(
            &p,
            "/v1/chat/completions",
            json!({ "template": "summarize", "properties": { "text": "x" } }),
        )
        .unwrap_err();
        assert_eq!(err.reply.param.as_deref(), Some("properties.language"));
        assert_eq!(err.reply.code.as_deref(), Some("missing_variable"));
        let err = post(&p, "/v1/chat/completions", json!({ "template": "nope" })).unwrap_err();
        assert_eq!(
            (err.reason, err.template.clone()),
            ("unknown_template", None)
        );
        let err = post(
            &p,
            "/v1/chat/completions",
            json!({ "template": "summarize", "properties": [] }),
        )
        .unwrap_err();
        assert_eq!(err.reply.param.as_deref(), Some("properties"));
        let err = post(&p, "/v1/chat/completions",
            json!({ "template": "summarize", "properties": { "text": "x", "language": "en" }, "messages": [] })).unwrap_err();
        assert_eq!(err.reply.param.as_deref(), Some("messages"));
    }

    #[test]
    fn untemplated_requests_allowed_or_denied() {
        let chat = json!({ "model": "m", "messages": [{ "role": "user", "content": "hi" }] });
        let allow = full();
        let plan = post(&allow, "/v1/chat/completions", chat.clone()).unwrap();
        assert_eq!(plan.template, None);
        assert_eq!(body_of(&plan)["messages"][0]["content"], "Be kind.");

        let deny = policy(json!({ "untemplated": "deny",
            "templates": { "t": { "messages": [{ "role": "user", "content": "x" }] } } }));
        let err = post(&deny, "/v1/chat/completions", chat).unwrap_err();
        assert_eq!((err.reply.status, err.reason), (403, "untemplated_denied"));
        assert!(post(&deny, "/v1/chat/completions", json!({ "template": "t" })).is_ok());
        assert!(matches!(
            on_headers(&deny, "POST", "/v1/chat/completions", false),
            HeadersDecision::Reject(_)
        ));
    }

    #[test]
    fn bodies_that_cannot_be_read_reject_or_pass() {
        let strict = policy(json!({ "maxBodyBytes": 64, "params": { "seed": { "value": 1 } } }));
        let err = on_body(&strict, "POST", "/v1/chat/completions", &[b' '; 65]).unwrap_err();
        assert_eq!((err.reply.status, err.reason), (413, "too_large"));
        let err = on_body(&strict, "POST", "/v1/chat/completions", b"[1]").unwrap_err();
        assert_eq!((err.reply.status, err.reason), (400, "invalid_body"));
        let open =
            policy(json!({ "onInvalidBody": "passThrough", "params": { "seed": { "value": 1 } } }));
        let plan = on_body(&open, "POST", "/v1/chat/completions", b"not json").unwrap();
        assert_eq!((plan.body, plan.passthrough), (None, Some("invalid_body")));
    }

    #[test]
    fn only_relevant_paths_are_read() {
        let params_only = policy(json!({ "params": { "temperature": { "value": 0.1 } } }));
        assert_eq!(
            on_headers(&params_only, "POST", "/v1/chat/completions", true),
            HeadersDecision::ReadBody
        );
        assert_eq!(
            on_headers(&params_only, "POST", "/v1/completions", true),
            HeadersDecision::ReadBody
        );
        assert_eq!(
            on_headers(&params_only, "POST", "/v1/embeddings", true),
            HeadersDecision::Pass
        );
        let headers_only = policy(json!({ "requestHeaders": { "set": { "x-a": "1" } } }));
        assert_eq!(
            on_headers(&headers_only, "POST", "/v1/chat/completions", true),
            HeadersDecision::Pass
        );
        let plan = post(&params_only, "/v1/completions", json!({ "prompt": "p" })).unwrap();
        assert_eq!(body_of(&plan), json!({ "prompt": "p", "temperature": 0.1 }));
    }

    #[test]
    fn completion_style_backend_via_join() {
        let p = policy(json!({ "chatAnswer": false, "transforms": [
            { "op": "join", "path": "$.messages", "template": "{{capitalize role}}: {{content}}", "to": "$.prompt", "removeSource": true },
            { "op": "rename", "path": "$.max_completion_tokens", "to": "max_tokens" }
        ]}));
        let plan = post(
            &p,
            "/v1/chat/completions",
            json!({ "model": "m", "max_completion_tokens": 5, "messages": [
            { "role": "user", "content": "Hi" }, { "role": "assistant", "content": "Hello" } ] }),
        )
        .unwrap();
        assert_eq!(
            body_of(&plan),
            json!({ "model": "m", "prompt": "User: Hi\nAssistant: Hello", "max_tokens": 5 })
        );
        assert_eq!(
            plan.path, None,
            "without chatAnswer the route decides where it goes"
        );
        assert!(!plan.completion_answer);
        // chatAnswer is on by default.
        let mut config = json!({ "transforms": [
            { "op": "join", "path": "$.messages", "template": "{{capitalize role}}: {{content}}", "to": "$.prompt", "removeSource": true }
        ]});
        let p = policy(config.clone());
        let chat = json!({ "model": "m", "messages": [{ "role": "user", "content": "Hi" }] });
        let plan = post(&p, "/v1/chat/completions", chat.clone()).unwrap();
        assert_eq!(plan.path.as_deref(), Some("/v1/completions"));
        assert!(plan.completion_answer);
        // A join that keeps `messages` is still a chat request.
        config["transforms"][0]["removeSource"] = json!(false);
        let plan = post(&policy(config), "/v1/chat/completions", chat).unwrap();
        assert!(plan.path.is_none() && !plan.completion_answer);
    }
}

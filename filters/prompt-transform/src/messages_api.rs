//! The route's request policy on Anthropic Messages requests (`POST /v1/messages`), so a client
//! cannot escape parameter limits, decorators or the context window by switching API.
//!
//! Order as on chat: checks → context window → decorators → parameter rules (OpenAI names
//! mapped, see [`crate::params::apply_messages`]); JSONPath transforms run after, in the
//! pipeline. Templates and encapsulated endpoints produce chat requests and stay chat: a
//! Messages body is never templated. Failures reach the client in Anthropic's error shape.

// A rejection is the rare path and is built once per request; boxing it buys nothing.
#![allow(clippy::result_large_err)]

use crate::config::{InvalidBodyPolicy, ParamMode, Untemplated};
use crate::pipeline::{Failure, Plan};
use crate::policy::Policy;
use llm_filters_core::api::anthropic::request_limits::ROLES;
use llm_filters_core::api::anthropic::{AnthropicContent, MessagesRequest};
use llm_filters_core::api::{parse_body, BodyError};
use llm_filters_core::dupkeys::has_duplicate_keys;
use llm_filters_core::ErrorReply;
use serde_json::{json, Map, Value};

/// Whether anything of the route applies to a Messages body. Templates alone do not (they
/// make chat requests); `untemplated: deny` does (no Messages request is templated).
pub fn shapes(policy: &Policy) -> bool {
    policy.untemplated == Untemplated::Deny
        || policy.decorators.is_some()
        || !policy.params.is_empty()
        || policy.context.is_some()
}

/// A route that limits parameters (or only serves templates) cannot let an unreadable body
/// through: what it cannot read it cannot enforce. `onInvalidBody: passThrough` is honoured
/// on Messages only on routes without such limits.
fn fails_closed(policy: &Policy) -> bool {
    let p = &policy.params;
    let limits = [
        &p.temperature,
        &p.top_p,
        &p.max_tokens,
        &p.max_completion_tokens,
    ]
    .into_iter()
    .flatten()
    .any(|r| r.min.is_some() || r.max.is_some() || r.mode == ParamMode::Force);
    limits
        || policy.untemplated == Untemplated::Deny
        || p.seed.as_ref().is_some_and(|r| r.mode == ParamMode::Force)
        || p.response_format
            .as_ref()
            .is_some_and(|r| r.mode == ParamMode::Force)
}

fn invalid(policy: &Policy, reply: ErrorReply, reason: &'static str) -> Result<Outcome, Failure> {
    if policy.on_invalid_body == InvalidBodyPolicy::PassThrough && !fails_closed(policy) {
        return Ok(Outcome::PassThrough(reason));
    }
    Err(Failure::rejected(reply, reason))
}

/// What the Messages stage decided.
pub enum Outcome {
    /// The shaped body, for the transforms and serialization.
    Shaped(Map<String, Value>),
    /// Forwarded untouched (fail-open), with the reason for metrics.
    PassThrough(&'static str),
}

pub fn too_large(policy: &Policy) -> Result<Plan, Failure> {
    let reply = ErrorReply::too_large(format!(
        "request body exceeds {} bytes",
        policy.max_body_bytes
    ));
    match invalid(policy, reply, "too_large")? {
        Outcome::PassThrough(reason) => Ok(Plan {
            passthrough: Some(reason),
            ..Plan::default()
        }),
        Outcome::Shaped(_) => Ok(Plan::default()),
    }
}

/// 400 for a body-less `POST /v1/messages` on a route that shapes Messages.
pub fn missing_body() -> Failure {
    Failure::rejected(
        ErrorReply::bad_request("a Messages request needs a JSON body").with_code("missing_body"),
        "missing_body",
    )
}

pub fn on_body(policy: &Policy, body: &[u8], plan: &mut Plan) -> Result<Outcome, Failure> {
    match has_duplicate_keys(body) {
        Some(false) => {}
        None => {
            let reply = ErrorReply::bad_request("request body is not a JSON object");
            return invalid(policy, reply, "invalid_body");
        }
        // Never passed through: which copy the provider reads decides what it enforces.
        Some(true) => {
            return Err(Failure::rejected(
                ErrorReply::bad_request("request body has a duplicated key")
                    .with_code("duplicate_key"),
                "duplicate_key",
            ))
        }
    }
    let raw = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => map,
        _ => {
            let reply = ErrorReply::bad_request("request body is not a JSON object");
            return invalid(policy, reply, "invalid_body");
        }
    };
    if policy.untemplated == Untemplated::Deny {
        return Err(Failure::rejected(
            ErrorReply::forbidden(
                "this route only serves templated chat requests; Messages requests cannot name a template",
            )
            .with_code("template_required"),
            "untemplated_denied",
        ));
    }
    if raw.contains_key("template") {
        return Err(Failure::rejected(
            ErrorReply::bad_request(
                "templates make chat requests: send {\"template\": ...} to the chat completions endpoint",
            )
            .with_param("template")
            .with_code("invalid_request"),
            "unknown_template",
        ));
    }
    let mut request = match check(body, &raw) {
        Ok(request) => request,
        Err(reply) => return invalid(policy, reply, "invalid_shape"),
    };
    if let Some(context) = &policy.context {
        let reserve = policy
            .decorators
            .as_ref()
            .map(|d| d.added_messages().map(|m| context.estimate(&m)).sum())
            .unwrap_or(0);
        let system_cost = request
            .system
            .as_ref()
            .map(|s| context.estimate(&json!({ "role": "system", "content": s })))
            .unwrap_or(0);
        let model = request.model.clone();
        plan.dropped =
            Some(context.trim_messages_api(&model, &mut request.messages, system_cost, reserve));
    }
    if let Some(decorators) = &policy.decorators {
        decorators.apply_messages_api(&mut request);
    }
    let mut map = match serde_json::to_value(&request) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    crate::params::apply_messages(&policy.params, &mut map).map_err(|reply| {
        let reason = match reply.code.as_deref() {
            Some("unsupported_param") => "unsupported_param",
            Some("missing_field") => "missing_field",
            _ => "param_out_of_range",
        };
        Failure::rejected(reply, reason)
    })?;
    Ok(Outcome::Shaped(map))
}

/// The request's shape, checked before anything is added, trimmed or rewritten. Errors name
/// the field, never a value.
fn check(body: &[u8], raw: &Map<String, Value>) -> Result<MessagesRequest, ErrorReply> {
    let wrong = |param: String, why: &str| {
        ErrorReply::bad_request(format!("`{param}` {why}"))
            .with_param(param)
            .with_code("invalid_type")
    };
    // Fields the typed model reads leniently, checked first for clearer messages.
    match raw.get("messages") {
        None => {
            return Err(ErrorReply::bad_request("`messages` is required")
                .with_param("messages")
                .with_code("missing_field"))
        }
        Some(Value::Array(a)) if a.is_empty() => {
            return Err(wrong("messages".into(), "must hold at least one message"))
        }
        Some(Value::Array(_)) => {}
        Some(_) => return Err(wrong("messages".into(), "must be an array of messages")),
    }
    if let Some(v) = raw.get("max_tokens") {
        if !v.is_u64() {
            return Err(wrong("max_tokens".into(), "must be a positive integer"));
        }
    }
    if let Some(v) = raw.get("model") {
        if !v.is_string() {
            return Err(wrong("model".into(), "must be a string"));
        }
    }
    for key in ["temperature", "top_p"] {
        if raw.get(key).is_some_and(|v| !v.is_number()) {
            return Err(wrong(key.into(), "must be a number"));
        }
    }
    if let Some(v) = raw.get("stop_sequences") {
        if !v.as_array().is_some_and(|a| a.iter().all(Value::is_string)) {
            return Err(wrong(
                "stop_sequences".into(),
                "must be an array of strings",
            ));
        }
    }
    if let Some(system) = raw.get("system") {
        check_system(system).map_err(|(param, why)| wrong(param, why))?;
    }
    let request: MessagesRequest = parse_body(body).map_err(|e| match e {
        BodyError::WrongType { field } => wrong(field, "is missing or has the wrong type"),
        _ => ErrorReply::bad_request("request body is not a JSON object"),
    })?;
    for (i, m) in request.messages.iter().enumerate() {
        if !ROLES.contains(&m.role.as_str()) {
            return Err(wrong(
                format!("messages[{i}].role"),
                "must be `user` or `assistant` (system text is the top-level `system`)",
            ));
        }
        if let AnthropicContent::Blocks(blocks) = &m.content {
            if blocks.is_empty() {
                return Err(wrong(format!("messages[{i}].content"), "must not be empty"));
            }
        }
    }
    Ok(request)
}

/// `system`: a string or an array of `text` blocks (`{"type":"text","text":...}`, other keys
/// such as `cache_control` kept). `null` is refused rather than guessed at.
fn check_system(system: &Value) -> Result<(), (String, &'static str)> {
    let why = "must be a string or an array of text blocks";
    match system {
        Value::String(_) => Ok(()),
        Value::Array(blocks) => {
            for (i, b) in blocks.iter().enumerate() {
                let ok = b.get("type").and_then(Value::as_str) == Some("text")
                    && b.get("text").is_some_and(Value::is_string);
                if !ok {
                    return Err((
                        format!("system[{i}]"),
                        "must be a text block with a string `text`",
                    ));
                }
            }
            Ok(())
        }
        _ => Err(("system".into(), why)),
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::{on_body, on_headers, HeadersDecision, Plan};
    use crate::policy::{load_policies, Policy};
    use serde_json::{json, Value};

    fn policy(config: Value) -> Policy {
        load_policies(json!({ "default": config }).to_string().as_bytes())
            .unwrap()
            .default
            .unwrap()
    }

    /// The local gateway's policy (envoy/bootstrap.yaml), trimmed to what applies here.
    fn gateway() -> Policy {
        policy(json!({
            "decorators": { "system": { "content": "Be concise.", "mode": "ifAbsent" } },
            "params": {
                "temperature": { "value": 0.3 },
                "maxTokens": { "max": 4096, "outOfRange": "clamp" }
            },
            "context": { "keepLastTurns": 20, "maxPromptTokens": 100000 }
        }))
    }

    fn post(p: &Policy, body: &str) -> Result<Plan, crate::pipeline::Failure> {
        on_body(p, "POST", "/v1/messages", body.as_bytes())
    }

    fn sent(plan: &Plan) -> Value {
        serde_json::from_slice(plan.body.as_ref().expect("a rewritten body")).unwrap()
    }

    fn rejected(p: &Policy, body: &str) -> (u16, String, Option<String>) {
        let f = post(p, body).unwrap_err();
        (f.reply.status, f.reason.to_string(), f.reply.param.clone())
    }

    #[test]
    fn the_gateway_policy_applies_to_messages() {
        let plan = post(
            &gateway(),
            r#"{"model":"fast","max_tokens":999999,"messages":[{"role":"user","content":"Hello!"}]}"#,
        )
        .unwrap();
        assert_eq!(plan.dropped, Some(0));
        assert_eq!(
            sent(&plan),
            json!({
                "model": "fast",
                "messages": [{ "role": "user", "content": "Hello!" }],
                "system": "Be concise.",
                "max_tokens": 4096,
                "temperature": 0.3
            })
        );
        // Anthropic's temperature is 0..1: 1.9 is out of range even where the route sets none.
        assert_eq!(
            rejected(
                &gateway(),
                r#"{"model":"fast","max_tokens":10,"temperature":1.9,"messages":[{"role":"user","content":"x"}]}"#
            ),
            (400, "param_out_of_range".into(), Some("temperature".into()))
        );
    }

    #[test]
    fn system_decorators_keep_the_client_shape() {
        let force = |mode: &str| {
            policy(json!({ "decorators": {
                "system": { "content": "Route rules.", "mode": mode },
                "prepend": [{ "role": "system", "content": "Also this." }],
                "append": [{ "role": "developer", "content": "And last." }]
            }}))
        };
        // String system: texts joined with a blank line.
        let plan = post(
            &force("force"),
            r#"{"max_tokens":5,"system":"Client rules.","messages":[{"role":"user","content":"q"}]}"#,
        )
        .unwrap();
        assert_eq!(
            sent(&plan)["system"],
            json!("Route rules.\n\nClient rules.\n\nAlso this.\n\nAnd last.")
        );
        // Block system: blocks added around the client's, its cache_control kept.
        let plan = post(&force("force"), r#"{"max_tokens":5,"system":[{"type":"text","text":"Client rules.","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"q"}]}"#).unwrap();
        assert_eq!(
            sent(&plan)["system"],
            json!([
                { "type": "text", "text": "Route rules." },
                { "type": "text", "text": "Client rules.", "cache_control": { "type": "ephemeral" } },
                { "type": "text", "text": "Also this." },
                { "type": "text", "text": "And last." }
            ])
        );
        // ifAbsent: a client system (string or blocks) stays first; "" and [] count as absent.
        let plan = post(
            &force("ifAbsent"),
            r#"{"max_tokens":5,"system":"Mine.","messages":[{"role":"user","content":"q"}]}"#,
        )
        .unwrap();
        assert_eq!(
            sent(&plan)["system"],
            json!("Mine.\n\nAlso this.\n\nAnd last.")
        );
        for empty in [r#""""#, "[]"] {
            let body = format!(
                r#"{{"max_tokens":5,"system":{empty},"messages":[{{"role":"user","content":"q"}}]}}"#
            );
            let plan = post(&force("ifAbsent"), &body).unwrap();
            assert_eq!(
                sent(&plan)["system"],
                json!("Route rules.\n\nAlso this.\n\nAnd last."),
                "{empty}"
            );
        }
        // replace drops the client's system text.
        let plan = post(&force("replace"), r#"{"max_tokens":5,"system":[{"type":"text","text":"Mine."}],"messages":[{"role":"user","content":"q"}]}"#).unwrap();
        assert_eq!(
            sent(&plan)["system"],
            json!("Route rules.\n\nAlso this.\n\nAnd last.")
        );
    }

    #[test]
    fn message_decorators_keep_turns_alternating() {
        let p = policy(json!({ "decorators": {
            "prepend": [{ "role": "user", "content": "Context: v2." }],
            "append": [{ "role": "user", "content": "Answer briefly." }, { "role": "assistant", "content": "Sure:" }]
        }}));
        let plan = post(&p, r#"{"max_tokens":5,"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":[{"type":"text","text":"Price?"}]}]}"#).unwrap();
        assert_eq!(
            sent(&plan)["messages"],
            json!([
                { "role": "user", "content": [{ "type": "text", "text": "Context: v2." }, { "type": "text", "text": "Hi" }] },
                { "role": "assistant", "content": "Hello" },
                { "role": "user", "content": [{ "type": "text", "text": "Price?" }, { "type": "text", "text": "Answer briefly." }] },
                { "role": "assistant", "content": "Sure:" }
            ])
        );
        // A conversation ending with an assistant prefill: the user append becomes its own turn.
        let p = policy(
            json!({ "decorators": { "append": [{ "role": "user", "content": "Go on." }] } }),
        );
        let plan = post(&p, r#"{"max_tokens":5,"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Well"}]}"#).unwrap();
        assert_eq!(
            sent(&plan)["messages"],
            json!([
                { "role": "user", "content": "Hi" },
                { "role": "assistant", "content": "Well" },
                { "role": "user", "content": "Go on." }
            ])
        );
    }

    #[test]
    fn replacements_reach_system_messages_and_tool_results() {
        let p = policy(json!({ "decorators": { "replacements": [
            { "roles": ["user", "system"], "pattern": "\\d{4}-\\d{4}", "replacement": "[n]" },
            { "roles": ["tool"], "pattern": "secret", "replacement": "[s]" }
        ]}}));
        let plan = post(&p, r#"{"max_tokens":5,"system":"id 1234-5678","messages":[
            {"role":"user","content":"call 1111-2222"},
            {"role":"assistant","content":[{"type":"text","text":"1111-2222"},{"type":"tool_use","id":"t1","name":"f","input":{}}]},
            {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"a secret 3333-4444"}]}]}"#).unwrap();
        assert_eq!(
            sent(&plan),
            json!({
                "max_tokens": 5,
                "system": "id [n]",
                "messages": [
                    { "role": "user", "content": "call [n]" },
                    { "role": "assistant", "content": [{ "type": "text", "text": "1111-2222" }, { "type": "tool_use", "id": "t1", "name": "f", "input": {} }] },
                    { "role": "user", "content": [{ "type": "tool_result", "tool_use_id": "t1", "content": "a [s] 3333-4444" }] }
                ]
            })
        );
    }

    #[test]
    fn the_context_window_keeps_tool_results_with_their_call() {
        let p = policy(json!({ "context": { "keepLastTurns": 1 } }));
        let plan = post(&p, r#"{"max_tokens":5,"system":"S","messages":[
            {"role":"user","content":"old"},{"role":"assistant","content":"a"},
            {"role":"user","content":"weather?"},
            {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"w","input":{}}]},
            {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"sunny"}]}]}"#).unwrap();
        assert_eq!(plan.dropped, Some(2));
        assert_eq!(
            sent(&plan),
            json!({
                "max_tokens": 5,
                "system": "S",
                "messages": [
                    { "role": "user", "content": "weather?" },
                    { "role": "assistant", "content": [{ "type": "tool_use", "id": "t1", "name": "w", "input": {} }] },
                    { "role": "user", "content": [{ "type": "tool_result", "tool_use_id": "t1", "content": "sunny" }] }
                ]
            })
        );
        // A token budget: each message here costs ceil(bytes/4)+4; the system text counts too.
        // {"role":"user","content":"<40 a>"} is 68 bytes → 21; three are 63 > 50, the last is 21.
        let p = policy(json!({ "context": { "maxPromptTokens": 50 } }));
        let long = "a".repeat(40);
        let body = format!(
            r#"{{"max_tokens":5,"messages":[{{"role":"user","content":"{long}"}},{{"role":"assistant","content":"{long}"}},{{"role":"user","content":"{long}"}}]}}"#
        );
        let plan = post(&p, &body).unwrap();
        assert_eq!(plan.dropped, Some(2));
        assert_eq!(
            sent(&plan)["messages"],
            json!([{ "role": "user", "content": long }])
        );
    }

    #[test]
    fn parameter_rules_in_messages_terms() {
        let p = policy(json!({ "params": {
            "temperature": { "value": 1.5 },
            "topP": { "min": 0.5, "max": 2, "outOfRange": "clamp" },
            "maxCompletionTokens": { "max": 100, "outOfRange": "clamp" },
            "stop": { "value": "END" },
            "seed": { "value": 7 },
            "responseFormat": { "value": { "type": "json_object" } }
        }}));
        // Route temperature 1.5 is sent as Anthropic's maximum; top_p clamps to 1;
        // max_completion_tokens governs max_tokens; stop becomes stop_sequences; seed and
        // response_format (default mode) have no Messages field and are not added.
        let plan = post(
            &p,
            r#"{"max_tokens":500,"top_p":1.7,"messages":[{"role":"user","content":"q"}]}"#,
        )
        .unwrap();
        assert_eq!(
            sent(&plan),
            json!({
                "max_tokens": 100, "top_p": 1.0, "temperature": 1.0,
                "stop_sequences": ["END"],
                "messages": [{ "role": "user", "content": "q" }]
            })
        );
        // A client stop_sequences stays (default mode).
        let plan = post(
            &p,
            r#"{"max_tokens":5,"stop_sequences":["x"],"messages":[{"role":"user","content":"q"}]}"#,
        )
        .unwrap();
        assert_eq!(sent(&plan)["stop_sequences"], json!(["x"]));
        // max_tokens 0 is below Anthropic's 1: rejected by default, clamped with clamp.
        let reject = policy(json!({ "params": { "maxTokens": { "max": 10 } } }));
        assert_eq!(
            rejected(
                &reject,
                r#"{"max_tokens":0,"messages":[{"role":"user","content":"q"}]}"#
            ),
            (400, "param_out_of_range".into(), Some("max_tokens".into()))
        );
        assert_eq!(
            rejected(
                &reject,
                r#"{"max_tokens":11,"messages":[{"role":"user","content":"q"}]}"#
            ),
            (400, "param_out_of_range".into(), Some("max_tokens".into()))
        );
        // Without max_tokens (which the Messages API requires) a route cap would hold nowhere.
        assert_eq!(
            rejected(&reject, r#"{"messages":[{"role":"user","content":"q"}]}"#),
            (400, "missing_field".into(), Some("max_tokens".into()))
        );
        let filled = policy(json!({ "params": { "maxTokens": { "value": 8, "max": 10 } } }));
        let plan = post(&filled, r#"{"messages":[{"role":"user","content":"q"}]}"#).unwrap();
        assert_eq!(sent(&plan)["max_tokens"], 8);
        // A route requirement with no Messages field is a 400 naming it, never a pass.
        let seed = policy(json!({ "params": { "seed": { "value": 7, "mode": "force" } } }));
        assert_eq!(
            rejected(
                &seed,
                r#"{"max_tokens":5,"messages":[{"role":"user","content":"q"}]}"#
            ),
            (400, "unsupported_param".into(), Some("seed".into()))
        );
        // A route range outside Anthropic's cannot be met.
        let high = policy(json!({ "params": { "temperature": { "min": 1.2, "max": 2 } } }));
        assert_eq!(
            rejected(
                &high,
                r#"{"max_tokens":5,"messages":[{"role":"user","content":"q"}]}"#
            ),
            (400, "param_out_of_range".into(), Some("temperature".into()))
        );
        // Force wins over the client.
        let force = policy(json!({ "params": {
            "maxTokens": { "value": 64, "mode": "force" },
            "stop": { "value": null, "mode": "force" } } }));
        let plan = post(&force, r#"{"max_tokens":5000,"stop_sequences":["x"],"messages":[{"role":"user","content":"q"}]}"#).unwrap();
        assert_eq!(
            sent(&plan),
            json!({ "max_tokens": 64, "messages": [{ "role": "user", "content": "q" }] })
        );
    }

    #[test]
    fn hostile_bodies_get_a_400_naming_the_field() {
        let p = gateway();
        let cases: &[(&str, u16, &str, Option<&str>)] = &[
            ("", 400, "invalid_body", None),
            ("not json", 400, "invalid_body", None),
            ("[1]", 400, "invalid_body", None),
            ("{} {}", 400, "invalid_body", None),
            (
                r#"{"max_tokens":1,"max_tokens":999999,"messages":[{"role":"user","content":"q"}]}"#,
                400,
                "duplicate_key",
                None,
            ),
            (
                r#"{"max_tokens":5,"messages":[{"role":"user","content":"q","role":"assistant"}]}"#,
                400,
                "duplicate_key",
                None,
            ),
            (
                r#"{"max_tokens":"999999","messages":[{"role":"user","content":"q"}]}"#,
                400,
                "invalid_shape",
                Some("max_tokens"),
            ),
            (
                r#"{"max_tokens":99.5,"messages":[{"role":"user","content":"q"}]}"#,
                400,
                "invalid_shape",
                Some("max_tokens"),
            ),
            (
                r#"{"max_tokens":-1,"messages":[{"role":"user","content":"q"}]}"#,
                400,
                "invalid_shape",
                Some("max_tokens"),
            ),
            (
                r#"{"max_tokens":1e30,"messages":[{"role":"user","content":"q"}]}"#,
                400,
                "invalid_shape",
                Some("max_tokens"),
            ),
            (
                r#"{"max_tokens":5}"#,
                400,
                "invalid_shape",
                Some("messages"),
            ),
            (
                r#"{"max_tokens":5,"messages":[]}"#,
                400,
                "invalid_shape",
                Some("messages"),
            ),
            (
                r#"{"max_tokens":5,"messages":{}}"#,
                400,
                "invalid_shape",
                Some("messages"),
            ),
            (
                r#"{"max_tokens":5,"messages":[1]}"#,
                400,
                "invalid_shape",
                Some("messages[0]"),
            ),
            (
                r#"{"max_tokens":5,"messages":[{"role":"system","content":"q"}]}"#,
                400,
                "invalid_shape",
                Some("messages[0].role"),
            ),
            (
                r#"{"max_tokens":5,"messages":[{"role":"user","content":5}]}"#,
                400,
                "invalid_shape",
                Some("messages[0].content"),
            ),
            (
                r#"{"max_tokens":5,"messages":[{"role":"user","content":[]}]}"#,
                400,
                "invalid_shape",
                Some("messages[0].content"),
            ),
            (
                r#"{"max_tokens":5,"system":null,"messages":[{"role":"user","content":"q"}]}"#,
                400,
                "invalid_shape",
                Some("system"),
            ),
            (
                r#"{"max_tokens":5,"system":5,"messages":[{"role":"user","content":"q"}]}"#,
                400,
                "invalid_shape",
                Some("system"),
            ),
            (
                r#"{"max_tokens":5,"system":{"type":"text","text":"x"},"messages":[{"role":"user","content":"q"}]}"#,
                400,
                "invalid_shape",
                Some("system"),
            ),
            (
                r#"{"max_tokens":5,"system":["x"],"messages":[{"role":"user","content":"q"}]}"#,
                400,
                "invalid_shape",
                Some("system[0]"),
            ),
            (
                r#"{"max_tokens":5,"system":[{"type":"image","text":"x"}],"messages":[{"role":"user","content":"q"}]}"#,
                400,
                "invalid_shape",
                Some("system[0]"),
            ),
            (
                r#"{"max_tokens":5,"system":[{"type":"text","text":1}],"messages":[{"role":"user","content":"q"}]}"#,
                400,
                "invalid_shape",
                Some("system[0]"),
            ),
            (
                r#"{"max_tokens":5,"temperature":"hot","messages":[{"role":"user","content":"q"}]}"#,
                400,
                "invalid_shape",
                Some("temperature"),
            ),
            (
                r#"{"max_tokens":5,"model":7,"messages":[{"role":"user","content":"q"}]}"#,
                400,
                "invalid_shape",
                Some("model"),
            ),
            (
                r#"{"max_tokens":5,"stop_sequences":"x","messages":[{"role":"user","content":"q"}]}"#,
                400,
                "invalid_shape",
                Some("stop_sequences"),
            ),
            (
                r#"{"template":"t","properties":{}}"#,
                400,
                "unknown_template",
                Some("template"),
            ),
        ];
        for (body, status, reason, param) in cases {
            let (s, r, p2) = rejected(&p, body);
            assert_eq!(
                (s, r.as_str(), p2.as_deref()),
                (*status, *reason, *param),
                "{body}"
            );
        }
        let big = policy(json!({ "maxBodyBytes": 64, "params": { "maxTokens": { "max": 5 } } }));
        let f = on_body(&big, "POST", "/v1/messages", &[b' '; 65]).unwrap_err();
        assert_eq!((f.reply.status, f.reason), (413, "too_large"));
    }

    #[test]
    fn pass_through_only_where_no_limit_is_lost() {
        let open = policy(json!({ "onInvalidBody": "passThrough",
            "decorators": { "system": { "content": "S" } } }));
        let plan = post(&open, "not json").unwrap();
        assert_eq!((plan.body, plan.passthrough), (None, Some("invalid_body")));
        let limited = policy(json!({ "onInvalidBody": "passThrough",
            "params": { "maxTokens": { "max": 10 } } }));
        assert_eq!(rejected(&limited, "not json").1, "invalid_body");
        assert_eq!(
            rejected(&limited, r#"{"max_tokens":"x","messages":[]}"#).1,
            "invalid_shape"
        );
        // Duplicate keys are never passed, whatever the route says.
        assert_eq!(rejected(&open, r#"{"a":1,"a":2}"#).1, "duplicate_key");
    }

    #[test]
    fn which_messages_requests_are_read() {
        let p = gateway();
        assert_eq!(
            on_headers(&p, "POST", "/v1/messages", true),
            HeadersDecision::ReadBody
        );
        assert!(matches!(
            on_headers(&p, "POST", "/v1/messages", false),
            HeadersDecision::Reject(f) if f.reply.status == 400 && f.reason == "missing_body"
        ));
        assert_eq!(
            on_headers(&p, "OPTIONS", "/v1/messages", false),
            HeadersDecision::Pass
        );
        // count_tokens is not a generation request.
        assert_eq!(
            on_headers(&p, "POST", "/v1/messages/count_tokens", true),
            HeadersDecision::Pass
        );
        // Templates alone make chat requests: Messages pass untouched.
        let templates = policy(
            json!({ "templates": { "t": { "messages": [{ "role": "user", "content": "x" }] } } }),
        );
        assert_eq!(
            on_headers(&templates, "POST", "/v1/messages", true),
            HeadersDecision::Pass
        );
        // untemplated: deny refuses every Messages request.
        let deny = policy(json!({ "untemplated": "deny",
            "templates": { "t": { "messages": [{ "role": "user", "content": "x" }] } } }));
        let f = post(
            &deny,
            r#"{"max_tokens":5,"messages":[{"role":"user","content":"q"}]}"#,
        )
        .unwrap_err();
        assert_eq!((f.reply.status, f.reason), (403, "untemplated_denied"));
    }

    #[test]
    fn errors_have_the_anthropic_shape() {
        let f = post(
            &gateway(),
            r#"{"max_tokens":"x","messages":[{"role":"user","content":"q"}]}"#,
        )
        .unwrap_err();
        let body: Value = serde_json::from_str(&f.reply.anthropic_body()).unwrap();
        assert_eq!(
            body,
            json!({ "type": "error", "error": { "type": "invalid_request_error",
                "message": "`max_tokens` must be a positive integer" } })
        );
        let f = on_body(
            &policy(json!({ "maxBodyBytes": 8, "params": { "maxTokens": { "max": 5 } } })),
            "POST",
            "/v1/messages",
            b"{\"messages\": []}",
        )
        .unwrap_err();
        let body: Value = serde_json::from_str(&f.reply.anthropic_body()).unwrap();
        assert_eq!(
            body,
            json!({ "type": "error", "error": { "type": "request_too_large",
                "message": "request body exceeds 8 bytes" } })
        );
    }
}

//! Shape checks of the request fields prompt-transform reads and rewrites, before it touches
//! them: a route must not turn a malformed request (`"messages": [1,2,3]`) into a well-formed
//! one by adding its own messages, nor trim or rewrite values it does not understand. The
//! checks follow the OpenAI API's types; values are never echoed in errors.

use serde_json::{Map, Value};

/// What is wrong, for a 400 in the OpenAI shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    /// The offending field, e.g. `messages[2].role`.
    pub param: String,
    pub message: String,
    /// `missing_field` or `invalid_type`.
    pub code: &'static str,
}

impl ShapeError {
    fn missing(param: impl Into<String>) -> Self {
        let param = param.into();
        ShapeError {
            message: format!("missing required field `{param}`"),
            param,
            code: "missing_field",
        }
    }

    fn invalid(param: impl Into<String>, expected: &str) -> Self {
        let param = param.into();
        ShapeError {
            message: format!("`{param}` must be {expected}"),
            param,
            code: "invalid_type",
        }
    }
}

/// Roles of the Chat Completions API.
const ROLES: &[&str] = &[
    "system",
    "developer",
    "user",
    "assistant",
    "tool",
    "function",
];

/// A Chat Completions request: `model` a string when present; `messages` a non-empty array of
/// message objects with a known `role`, and `content` a string or an array of content parts
/// (absent or `null` only for assistant messages).
pub fn chat(request: &Map<String, Value>) -> Result<(), ShapeError> {
    model(request)?;
    let messages = match request.get("messages") {
        None => return Err(ShapeError::missing("messages")),
        Some(Value::Array(messages)) => messages,
        Some(_) => return Err(ShapeError::invalid("messages", "an array of messages")),
    };
    if messages.is_empty() {
        return Err(ShapeError::invalid(
            "messages",
            "an array with at least one message",
        ));
    }
    for (i, message) in messages.iter().enumerate() {
        check_message(&format!("messages[{i}]"), message)?;
    }
    Ok(())
}

fn model(request: &Map<String, Value>) -> Result<(), ShapeError> {
    match request.get("model") {
        None | Some(Value::String(_)) => Ok(()),
        Some(_) => Err(ShapeError::invalid("model", "a string")),
    }
}

fn check_message(at: &str, message: &Value) -> Result<(), ShapeError> {
    let Value::Object(fields) = message else {
        return Err(ShapeError::invalid(at, "a message object"));
    };
    let role = match fields.get("role") {
        None => return Err(ShapeError::missing(format!("{at}.role"))),
        Some(Value::String(role)) if ROLES.contains(&role.as_str()) => role.as_str(),
        Some(_) => {
            return Err(ShapeError::invalid(
                format!("{at}.role"),
                "one of system, developer, user, assistant, tool, function",
            ))
        }
    };
    let content_at = format!("{at}.content");
    match fields.get("content") {
        Some(Value::String(_)) => {}
        Some(Value::Array(parts)) => {
            for (j, part) in parts.iter().enumerate() {
                check_part(&format!("{content_at}[{j}]"), part)?;
            }
        }
        None | Some(Value::Null) if role == "assistant" => {}
        None => return Err(ShapeError::missing(content_at)),
        Some(_) => {
            return Err(ShapeError::invalid(
                content_at,
                "a string or an array of content parts",
            ))
        }
    }
    for field in ["name", "tool_call_id"] {
        if fields.get(field).is_some_and(|v| !v.is_string()) {
            return Err(ShapeError::invalid(format!("{at}.{field}"), "a string"));
        }
    }
    if let Some(calls) = fields.get("tool_calls") {
        let Value::Array(calls) = calls else {
            return Err(ShapeError::invalid(
                format!("{at}.tool_calls"),
                "an array of tool calls",
            ));
        };
        if let Some(j) = calls.iter().position(|c| !c.is_object()) {
            return Err(ShapeError::invalid(
                format!("{at}.tool_calls[{j}]"),
                "a tool call object",
            ));
        }
    }
    Ok(())
}

/// A content part: an object with a string `type`; a `text` field, when present, is a string.
fn check_part(at: &str, part: &Value) -> Result<(), ShapeError> {
    let Value::Object(fields) = part else {
        return Err(ShapeError::invalid(at, "a content part object"));
    };
    match fields.get("type") {
        Some(Value::String(_)) => {}
        None => return Err(ShapeError::missing(format!("{at}.type"))),
        Some(_) => return Err(ShapeError::invalid(format!("{at}.type"), "a string")),
    }
    if fields.get("text").is_some_and(|t| !t.is_string()) {
        return Err(ShapeError::invalid(format!("{at}.text"), "a string"));
    }
    Ok(())
}

/// A legacy Completions request: `prompt`, when present, is a string, an array of strings, an
/// array of token ids or an array of token-id arrays (the API's four forms).
pub fn completion(request: &Map<String, Value>) -> Result<(), ShapeError> {
    model(request)?;
    let ok = match request.get("prompt") {
        None | Some(Value::String(_)) => true,
        Some(Value::Array(items)) => {
            items.iter().all(Value::is_string)
                || items.iter().all(is_token)
                || items
                    .iter()
                    .all(|i| i.as_array().is_some_and(|ids| ids.iter().all(is_token)))
        }
        Some(_) => false,
    };
    if ok {
        Ok(())
    } else {
        Err(ShapeError::invalid(
            "prompt",
            "a string, an array of strings, an array of token ids or an array of token-id arrays",
        ))
    }
}

fn is_token(v: &Value) -> bool {
    v.as_u64().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chat_of(v: Value) -> Result<(), ShapeError> {
        chat(v.as_object().unwrap())
    }

    fn param_of(v: Value) -> String {
        chat_of(v).unwrap_err().param
    }

    #[test]
    fn well_formed_chat_requests_pass() {
        assert!(chat_of(json!({"model": "m", "messages": [
            {"role": "system", "content": "s"},
            {"role": "user", "content": [{"type": "text", "text": "hi"}, {"type": "image_url", "image_url": {"url": "u"}}], "name": "n"},
            {"role": "assistant", "content": null, "tool_calls": [{"id": "1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": "1", "content": "r"},
            {"role": "assistant"},
            {"role": "developer", "content": "d", "extra": {"kept": true}}
        ]}))
        .is_ok());
    }

    #[test]
    fn every_malformed_message_input_names_its_field() {
        assert_eq!(param_of(json!({"messages": [1, 2, 3]})), "messages[0]");
        assert_eq!(param_of(json!({"messages": {"role": "user"}})), "messages");
        assert_eq!(param_of(json!({"messages": "hi"})), "messages");
        assert_eq!(param_of(json!({"messages": null})), "messages");
        assert_eq!(param_of(json!({"messages": []})), "messages");
        assert_eq!(param_of(json!({"model": "m"})), "messages");
        assert_eq!(
            param_of(json!({"messages": [{"role": "user", "content": "a"}, null]})),
            "messages[1]"
        );
        assert_eq!(
            param_of(json!({"messages": [{"content": "a"}]})),
            "messages[0].role"
        );
        assert_eq!(
            param_of(json!({"messages": [{"role": 1, "content": "a"}]})),
            "messages[0].role"
        );
        assert_eq!(
            param_of(json!({"messages": [{"role": "robot", "content": "a"}]})),
            "messages[0].role"
        );
        assert_eq!(
            param_of(json!({"messages": [{"role": "user"}]})),
            "messages[0].content"
        );
        assert_eq!(
            param_of(json!({"messages": [{"role": "user", "content": null}]})),
            "messages[0].content"
        );
        assert_eq!(
            param_of(json!({"messages": [{"role": "user", "content": 5}]})),
            "messages[0].content"
        );
        assert_eq!(
            param_of(json!({"messages": [{"role": "user", "content": {"text": "a"}}]})),
            "messages[0].content"
        );
        assert_eq!(
            param_of(json!({"messages": [{"role": "user", "content": ["a"]}]})),
            "messages[0].content[0]"
        );
        assert_eq!(
            param_of(json!({"messages": [{"role": "user", "content": [{"text": "a"}]}]})),
            "messages[0].content[0].type"
        );
        assert_eq!(
            param_of(
                json!({"messages": [{"role": "user", "content": [{"type": "text", "text": 1}]}]})
            ),
            "messages[0].content[0].text"
        );
        assert_eq!(
            param_of(json!({"messages": [{"role": "user", "content": "a", "name": 3}]})),
            "messages[0].name"
        );
        assert_eq!(
            param_of(json!({"messages": [{"role": "assistant", "tool_calls": {}}]})),
            "messages[0].tool_calls"
        );
        assert_eq!(
            param_of(json!({"messages": [{"role": "assistant", "tool_calls": [1]}]})),
            "messages[0].tool_calls[0]"
        );
        assert_eq!(
            param_of(json!({"model": 4, "messages": [{"role": "user", "content": "a"}]})),
            "model"
        );
        let e = chat_of(json!({"messages": [1]})).unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.code),
            ("`messages[0]` must be a message object", "invalid_type")
        );
        assert_eq!(chat_of(json!({})).unwrap_err().code, "missing_field");
    }

    #[test]
    fn completion_prompts_in_the_four_api_forms() {
        let ok = |p: Value| completion(json!({"prompt": p}).as_object().unwrap()).is_ok();
        assert!(
            ok(json!("text"))
                && ok(json!(["a", "b"]))
                && ok(json!([1, 2]))
                && ok(json!([[1], [2, 3]]))
                && ok(json!([]))
        );
        assert!(
            !ok(json!(5))
                && !ok(json!({"a": 1}))
                && !ok(json!(["a", 1]))
                && !ok(json!([[1, "x"]]))
                && !ok(json!(null))
                && !ok(json!([-1]))
        );
        assert!(completion(json!({}).as_object().unwrap()).is_ok());
    }
}

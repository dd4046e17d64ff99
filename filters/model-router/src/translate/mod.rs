//! API translation between OpenAI Chat Completions and Anthropic Messages, per upstream attempt.
//!
//! Pure functions over JSON values (requests, whole answers, errors) and two incremental stream
//! translators over core's SSE parser. What a target API cannot express is dropped and named
//! (a fixed label per field, for the `llm_router.translate_dropped` counter); what it has under
//! the same name is passed through. The table is in the crate's README.

pub mod anthropic_to_openai;
pub mod models;
pub mod openai_to_anthropic;
pub mod paths;
pub mod stream;

use serde_json::{Map, Value};

/// The API a client (or an attempt) speaks, as far as translation cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// `POST …/chat/completions`
    Chat,
    /// `POST /v1/messages`
    Messages,
    /// Anything else: never translated (paths may still be rewritten).
    Other,
}

impl Api {
    pub fn from_path(path: &str) -> Api {
        use llm_filters_core::api::ApiKind;
        match ApiKind::from_path(path) {
            ApiKind::ChatCompletions => Api::Chat,
            ApiKind::AnthropicMessages => Api::Messages,
            _ => Api::Other,
        }
    }
}

/// A translated request: the body for the target API and the labels of what it dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Translated {
    pub body: Value,
    pub dropped: Vec<&'static str>,
    /// Chat client asked for `stream_options.include_usage` (its stream's last chunk).
    pub include_usage: bool,
    pub stream: bool,
}

/// Why a request could not be translated (a 400 to the client).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslateError(pub String);

/// A request body's object and its `messages` array (both APIs require them), with the types
/// of the fields both APIs share checked: a value the target would read differently (a string
/// `stream`, a fractional `max_tokens`) is refused naming the field, never guessed.
pub(crate) fn request_parts(
    body: &Value,
) -> Result<(&Map<String, Value>, &Vec<Value>), TranslateError> {
    let Some(req) = body.as_object() else {
        return Err(TranslateError(
            "the request body is not a JSON object".into(),
        ));
    };
    let Some(messages) = req.get("messages").and_then(Value::as_array) else {
        return Err(TranslateError("'messages' must be an array".into()));
    };
    for (key, value) in req {
        let ok = match key.as_str() {
            _ if value.is_null() => true,
            "stream" => value.is_boolean(),
            "max_tokens" | "max_completion_tokens" => value.as_u64().is_some_and(|n| n > 0),
            "temperature" | "top_p" => value.is_number(),
            _ => true,
        };
        if !ok {
            let want = match key.as_str() {
                "stream" => "a boolean",
                "temperature" | "top_p" => "a number",
                _ => "a positive integer",
            };
            return Err(TranslateError(format!("'{key}' must be {want}")));
        }
    }
    Ok((req, messages))
}

/// Content parts (OpenAI) and blocks (Anthropic) are objects with a `type`; anything else in
/// the list is refused naming its place (unknown types are dropped and counted by the caller).
pub(crate) fn check_parts(message: usize, content: &Value) -> Result<(), TranslateError> {
    for (i, part) in content
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if !part.get("type").is_some_and(Value::is_string) {
            return Err(TranslateError(format!(
                "messages[{message}].content[{i}] must be an object with a 'type'"
            )));
        }
    }
    Ok(())
}

/// The text of an OpenAI `content` (string, or the `text` of its text parts) or of Anthropic
/// blocks, joined.
pub(crate) fn joined_text(content: &Value) -> String {
    match content {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(""),
        _ => String::new(),
    }
}

pub(crate) fn obj(pairs: Vec<(&str, Value)>) -> Value {
    let mut map = Map::new();
    for (k, v) in pairs {
        map.insert(k.to_string(), v);
    }
    Value::Object(map)
}

pub(crate) fn u64_at(v: &Value, key: &str) -> u64 {
    v.get(key).and_then(Value::as_u64).unwrap_or(0)
}

/// Anthropic `stop_reason` → OpenAI `finish_reason`.
pub fn finish_reason(stop_reason: &str) -> &'static str {
    match stop_reason {
        "max_tokens" | "model_context_window_exceeded" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",
        // end_turn, stop_sequence, pause_turn, and anything new.
        _ => "stop",
    }
}

/// OpenAI `finish_reason` → Anthropic `stop_reason`.
pub fn stop_reason(finish_reason: &str) -> &'static str {
    match finish_reason {
        "length" => "max_tokens",
        "tool_calls" | "function_call" => "tool_use",
        "content_filter" => "refusal",
        _ => "end_turn",
    }
}

pub use llm_filters_core::error::anthropic_error_type;

/// A provider's error text when it is not JSON: bounded, so a huge HTML page is not copied.
pub(crate) fn plain_message(body: &[u8]) -> String {
    const MAX: usize = 512;
    let text = String::from_utf8_lossy(body.get(..body.len().min(MAX)).unwrap_or_default())
        .trim()
        .to_string();
    if text.is_empty() {
        "the provider answered with an error".to_string()
    } else {
        text
    }
}

//! Anthropic Messages client → OpenAI Chat Completions backend: the request on the way out,
//! the answer (and errors) on the way back. Streams are in [`super::stream`].

use super::{
    anthropic_error_type, check_parts, obj, plain_message, request_parts, stop_reason, u64_at,
    TranslateError, Translated,
};
use serde_json::{json, Map, Value};

/// Messages request fields OpenAI cannot express: dropped, counted under their own name.
const DROPPED: &[&str] = &[
    "top_k",
    "thinking",
    "container",
    "mcp_servers",
    "context_management",
    "service_tier",
];

fn label(name: &str) -> &'static str {
    DROPPED
        .iter()
        .find(|d| **d == name)
        .copied()
        .unwrap_or("other")
}

/// Request fields Chat Completions has under the same name and meaning.
const PASS_THROUGH: &[&str] = &[
    "frequency_penalty",
    "presence_penalty",
    "seed",
    "logit_bias",
    "response_format",
    "n",
];

/// Translate a Messages request into a chat request for `model`. Streams always ask for the
/// usage chunk: Anthropic clients get usage in every stream.
pub fn request(body: &Value, model: &str) -> Result<Translated, TranslateError> {
    let (req, messages) = request_parts(body)?;
    let mut dropped = Vec::new();
    let mut out = Map::new();
    out.insert("model".into(), Value::String(model.into()));
    let mut chat = Vec::new();
    match req.get("system") {
        Some(Value::String(s)) => chat.push(json!({ "role": "system", "content": s })),
        Some(Value::Array(blocks)) => {
            let parts: Vec<Value> = blocks
                .iter()
                .filter_map(|b| b.get("text").and_then(Value::as_str))
                .map(|t| json!({ "type": "text", "text": t }))
                .collect();
            if blocks.iter().any(|b| b.get("cache_control").is_some()) {
                dropped.push("cache_control");
            }
            chat.push(json!({ "role": "system", "content": parts }));
        }
        _ => {}
    }
    for (i, message) in messages.iter().enumerate() {
        convert_message(i, message, &mut chat, &mut dropped)?;
    }
    out.insert("messages".into(), Value::Array(chat));
    let stream = req.get("stream").and_then(Value::as_bool).unwrap_or(false);
    let mut disable_parallel = false;
    for (key, value) in req {
        match key.as_str() {
            "model" | "messages" | "system" => {}
            "max_tokens" => {
                out.insert("max_tokens".into(), value.clone());
            }
            "stream" => {
                out.insert("stream".into(), Value::Bool(stream));
                if stream {
                    out.insert("stream_options".into(), json!({ "include_usage": true }));
                }
            }
            "temperature" | "top_p" => {
                out.insert(key.clone(), value.clone());
            }
            "stop_sequences" => {
                if value.as_array().is_some_and(|a| !a.is_empty()) {
                    out.insert("stop".into(), value.clone());
                }
            }
            "metadata" => {
                if let Some(user) = value.get("user_id").and_then(Value::as_str) {
                    out.insert("user".into(), json!(user));
                }
            }
            "tools" => {
                if let Some(tools) = convert_tools(value, &mut dropped) {
                    out.insert("tools".into(), tools);
                }
            }
            "tool_choice" => {
                disable_parallel = value
                    .get("disable_parallel_tool_use")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                if let Some(choice) = convert_tool_choice(value) {
                    out.insert("tool_choice".into(), choice);
                }
            }
            name if PASS_THROUGH.contains(&name) => {
                out.insert(key.clone(), value.clone());
            }
            name => dropped.push(label(name)),
        }
    }
    if disable_parallel && out.contains_key("tools") {
        out.insert("parallel_tool_calls".into(), Value::Bool(false));
    }
    Ok(Translated {
        body: Value::Object(out),
        dropped,
        include_usage: false,
        stream,
    })
}

/// One Anthropic turn → one or more chat messages: tool results become `tool` messages (before
/// the rest of their user turn), tool uses become the assistant's `tool_calls`.
fn convert_message(
    index: usize,
    message: &Value,
    chat: &mut Vec<Value>,
    dropped: &mut Vec<&'static str>,
) -> Result<(), TranslateError> {
    let role = message.get("role").and_then(Value::as_str).unwrap_or("");
    if role != "user" && role != "assistant" {
        return Err(TranslateError(format!(
            "messages[{index}].role must be user or assistant"
        )));
    }
    let content = message.get("content").unwrap_or(&Value::Null);
    check_parts(index, content)?;
    let blocks = match content {
        Value::Array(blocks) => blocks,
        Value::String(s) => {
            chat.push(json!({ "role": role, "content": s }));
            return Ok(());
        }
        _ => {
            return Err(TranslateError(format!(
                "messages[{index}].content must be a string or an array of blocks"
            )))
        }
    };
    let mut parts = Vec::new();
    let mut calls = Vec::new();
    for block in blocks {
        if block.get("cache_control").is_some() {
            dropped.push("cache_control");
        }
        match block.get("type").and_then(Value::as_str) {
            Some("text") => parts.push(json!({
                "type": "text",
                "text": block.get("text").and_then(Value::as_str).unwrap_or(""),
            })),
            Some("image") => match image_url(block.get("source").unwrap_or(&Value::Null)) {
                Some(url) => parts.push(json!({ "type": "image_url", "image_url": { "url": url } })),
                None => dropped.push("content.image_source"),
            },
            Some("tool_use") if role == "assistant" => calls.push(json!({
                "id": block.get("id").cloned().unwrap_or(json!("")),
                "type": "function",
                "function": {
                    "name": block.get("name").cloned().unwrap_or(json!("")),
                    "arguments": block.get("input").map_or_else(|| "{}".to_string(), Value::to_string),
                },
            })),
            Some("tool_result") if role == "user" => {
                if block.get("is_error").is_some() {
                    dropped.push("tool_result.is_error");
                }
                chat.push(json!({
                    "role": "tool",
                    "tool_call_id": block.get("tool_use_id").cloned().unwrap_or(json!("")),
                    "content": tool_result_content(block.get("content").unwrap_or(&Value::Null)),
                }));
            }
            _ => dropped.push("content.other"),
        }
    }
    if role == "assistant" {
        if parts.is_empty() && calls.is_empty() {
            return Ok(());
        }
        let text: String = parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect();
        let mut m = vec![("role", json!("assistant"))];
        if calls.is_empty() {
            m.push(("content", Value::Array(parts)));
        } else {
            m.push((
                "content",
                if text.is_empty() {
                    Value::Null
                } else {
                    Value::String(text)
                },
            ));
            m.push(("tool_calls", Value::Array(calls)));
        }
        chat.push(obj(m));
    } else if !parts.is_empty() {
        chat.push(json!({ "role": "user", "content": parts }));
    }
    Ok(())
}

/// An Anthropic image source → an `image_url` URL (base64 as a data URL).
pub fn image_url(source: &Value) -> Option<String> {
    match source.get("type").and_then(Value::as_str)? {
        "base64" => Some(format!(
            "data:{};base64,{}",
            source.get("media_type").and_then(Value::as_str)?,
            source.get("data").and_then(Value::as_str)?
        )),
        "url" => source
            .get("url")
            .and_then(Value::as_str)
            .map(str::to_string),
        _ => None,
    }
}

fn tool_result_content(content: &Value) -> Value {
    match content {
        Value::Array(blocks) => Value::Array(
            blocks
                .iter()
                .filter_map(|b| b.get("text").and_then(Value::as_str))
                .map(|t| json!({ "type": "text", "text": t }))
                .collect(),
        ),
        Value::String(s) => Value::String(s.clone()),
        _ => Value::String(String::new()),
    }
}

fn convert_tools(tools: &Value, dropped: &mut Vec<&'static str>) -> Option<Value> {
    let tools = tools.as_array()?;
    let mut out = Vec::new();
    for tool in tools {
        // Server tools (web_search_20250305, bash_...) carry a type and no input_schema.
        let Some(schema) = tool.get("input_schema") else {
            dropped.push("tools.server_tool");
            continue;
        };
        let mut function = Map::new();
        function.insert(
            "name".into(),
            tool.get("name").cloned().unwrap_or(json!("")),
        );
        if let Some(d) = tool.get("description") {
            function.insert("description".into(), d.clone());
        }
        function.insert("parameters".into(), schema.clone());
        if tool.get("cache_control").is_some() {
            dropped.push("cache_control");
        }
        out.push(json!({ "type": "function", "function": function }));
    }
    (!out.is_empty()).then_some(Value::Array(out))
}

fn convert_tool_choice(choice: &Value) -> Option<Value> {
    match choice.get("type").and_then(Value::as_str)? {
        "auto" => Some(json!("auto")),
        "any" => Some(json!("required")),
        "none" => Some(json!("none")),
        "tool" => Some(json!({
            "type": "function",
            "function": { "name": choice.get("name").and_then(Value::as_str)? },
        })),
        _ => None,
    }
}

/// Anthropic usage from OpenAI usage: Anthropic's `input_tokens` excludes the cache read.
pub fn usage(usage: &Value) -> Value {
    let prompt = u64_at(usage, "prompt_tokens");
    let cached = usage
        .get("prompt_tokens_details")
        .map_or(0, |d| u64_at(d, "cached_tokens"))
        .min(prompt);
    let mut out = vec![
        ("input_tokens", json!(prompt - cached)),
        ("output_tokens", json!(u64_at(usage, "completion_tokens"))),
    ];
    if cached > 0 {
        out.push(("cache_read_input_tokens", json!(cached)));
    }
    obj(out)
}

/// Tool arguments as the object Anthropic's `input` must be.
pub(crate) fn tool_input(arguments: &str, dropped: &mut Vec<&'static str>) -> Value {
    match serde_json::from_str::<Value>(arguments) {
        Ok(v @ Value::Object(_)) => v,
        _ => {
            dropped.push("tool_calls.arguments");
            json!({})
        }
    }
}

/// A chat.completion → a Messages answer.
/// Whether an answer is a chat completion (a `choices` list): anything else is passed on
/// untouched rather than turned into an empty Messages answer.
pub fn is_answer(body: &Value) -> bool {
    body.get("choices").is_some_and(Value::is_array)
}

pub fn response(body: &Value, dropped: &mut Vec<&'static str>) -> Value {
    let choice = body
        .get("choices")
        .and_then(Value::as_array)
        .and_then(|c| c.first())
        .unwrap_or(&Value::Null);
    if body
        .get("choices")
        .and_then(Value::as_array)
        .is_some_and(|c| c.len() > 1)
    {
        dropped.push("choices.extra");
    }
    let message = choice.get("message").unwrap_or(&Value::Null);
    let mut content = Vec::new();
    if let Some(text) = message.get("content").and_then(Value::as_str) {
        if !text.is_empty() {
            content.push(json!({ "type": "text", "text": text }));
        }
    }
    for call in message
        .get("tool_calls")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let function = call.get("function").unwrap_or(&Value::Null);
        let arguments = function
            .get("arguments")
            .and_then(Value::as_str)
            .unwrap_or("{}");
        content.push(json!({
            "type": "tool_use",
            "id": call.get("id").cloned().unwrap_or(json!("")),
            "name": function.get("name").cloned().unwrap_or(json!("")),
            "input": tool_input(arguments, dropped),
        }));
    }
    let stop = choice
        .get("finish_reason")
        .and_then(Value::as_str)
        .map(stop_reason);
    obj(vec![
        ("id", body.get("id").cloned().unwrap_or(json!(""))),
        ("type", json!("message")),
        ("role", json!("assistant")),
        ("model", body.get("model").cloned().unwrap_or(json!(""))),
        ("content", Value::Array(content)),
        ("stop_reason", stop.map_or(Value::Null, |s| json!(s))),
        ("stop_sequence", Value::Null),
        ("usage", usage(body.get("usage").unwrap_or(&Value::Null))),
    ])
}

/// An OpenAI error body → Anthropic's shape, the type chosen by status (Anthropic's error
/// reference); the status stays what the provider sent.
pub fn error(status: u16, body: &[u8]) -> Value {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let message = parsed
        .as_ref()
        .and_then(|v| v.get("error"))
        .and_then(|e| e.get("message"))
        .and_then(Value::as_str)
        .map_or_else(|| plain_message(body), str::to_string);
    json!({ "type": "error", "error": { "type": anthropic_error_type(status), "message": message } })
}

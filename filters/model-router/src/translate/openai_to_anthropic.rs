//! OpenAI Chat Completions client → Anthropic Messages backend: the request on the way out,
//! the answer (and errors) on the way back. Streams are in [`super::stream`].

use super::{
    check_parts, finish_reason, joined_text, obj, plain_message, request_parts, u64_at,
    TranslateError, Translated,
};
use serde_json::{json, Map, Value};

/// Request fields Anthropic has under the same name and meaning: passed through as they are.
const PASS_THROUGH: &[&str] = &["top_k", "thinking", "container", "mcp_servers"];

/// Chat request fields Anthropic cannot express: dropped, counted under their own name.
const DROPPED: &[&str] = &[
    "frequency_penalty",
    "presence_penalty",
    "logit_bias",
    "logprobs",
    "top_logprobs",
    "n",
    "seed",
    "response_format",
    "service_tier",
    "store",
    "metadata",
    "modalities",
    "audio",
    "prediction",
    "reasoning_effort",
    "web_search_options",
    "functions",
    "function_call",
    "verbosity",
    "prompt_cache_key",
    "safety_identifier",
];

/// OpenAI takes `temperature` in 0..2, Anthropic in 0..1 (`top_p` is 0..1 on both). A value
/// Anthropic would refuse is refused here, naming the field, rather than silently clamped.
fn unit_interval(key: &str, value: &Value) -> Result<Value, TranslateError> {
    match value.as_f64() {
        Some(v) if (0.0..=1.0).contains(&v) => Ok(value.clone()),
        Some(_) => Err(TranslateError(format!(
            "'{key}' must be between 0 and 1 for this model (its provider speaks the Anthropic API)"
        ))),
        None => Err(TranslateError(format!("'{key}' must be a number"))),
    }
}

fn label(name: &str) -> &'static str {
    DROPPED
        .iter()
        .find(|d| **d == name)
        .copied()
        .unwrap_or("other")
}

/// Translate a chat request into a Messages request for `model`.
pub fn request(
    body: &Value,
    model: &str,
    default_max_tokens: u64,
) -> Result<Translated, TranslateError> {
    let (req, messages) = request_parts(body)?;
    let mut dropped = Vec::new();
    let mut out = Map::new();
    out.insert("model".into(), Value::String(model.into()));
    let (system, turns) = convert_messages(messages, &mut dropped)?;
    if let Some(system) = system {
        out.insert("system".into(), system);
    }
    out.insert("messages".into(), Value::Array(turns));
    let max = req
        .get("max_completion_tokens")
        .or_else(|| req.get("max_tokens"))
        .and_then(Value::as_u64)
        .unwrap_or(default_max_tokens);
    out.insert("max_tokens".into(), json!(max));
    let stream = req.get("stream").and_then(Value::as_bool).unwrap_or(false);
    let include_usage = req
        .get("stream_options")
        .and_then(|o| o.get("include_usage"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut tool_choice = None;
    let mut parallel = None;
    for (key, value) in req {
        match key.as_str() {
            "model" | "messages" | "max_tokens" | "max_completion_tokens" | "stream_options" => {}
            "stream" => {
                out.insert("stream".into(), Value::Bool(stream));
            }
            "temperature" | "top_p" => {
                if !value.is_null() {
                    out.insert(key.clone(), unit_interval(key, value)?);
                }
            }
            "stop" => match value {
                Value::String(s) => {
                    out.insert("stop_sequences".into(), json!([s]));
                }
                Value::Array(list) if !list.is_empty() => {
                    out.insert("stop_sequences".into(), Value::Array(list.clone()));
                }
                _ => {}
            },
            "tools" => {
                if let Some(tools) = convert_tools(value, &mut dropped) {
                    out.insert("tools".into(), tools);
                }
            }
            "tool_choice" => tool_choice = convert_tool_choice(value),
            "parallel_tool_calls" => parallel = value.as_bool(),
            "user" => {
                if let Some(user) = value.as_str() {
                    out.insert("metadata".into(), json!({ "user_id": user }));
                }
            }
            "n" if value.as_u64() == Some(1) => {}
            name if PASS_THROUGH.contains(&name) => {
                out.insert(key.clone(), value.clone());
            }
            name => dropped.push(label(name)),
        }
    }
    if parallel == Some(false) && out.contains_key("tools") {
        let mut choice = tool_choice.unwrap_or_else(|| json!({ "type": "auto" }));
        if choice.get("type").and_then(Value::as_str) != Some("none") {
            if let Some(map) = choice.as_object_mut() {
                map.insert("disable_parallel_tool_use".into(), Value::Bool(true));
            }
        }
        tool_choice = Some(choice);
    }
    if let Some(choice) = tool_choice {
        out.insert("tool_choice".into(), choice);
    }
    Ok(Translated {
        body: Value::Object(out),
        dropped,
        include_usage,
        stream,
    })
}

/// System/developer messages become `system` (a string when there is one string, else text
/// blocks); tool results become `tool_result` blocks of a user turn.
fn convert_messages(
    messages: &[Value],
    dropped: &mut Vec<&'static str>,
) -> Result<(Option<Value>, Vec<Value>), TranslateError> {
    let mut system: Vec<Value> = Vec::new();
    let mut turns: Vec<Value> = Vec::new();
    // Whether the last turn is a user turn built from tool results (more may join it).
    let mut open_results = false;
    for (i, message) in messages.iter().enumerate() {
        let role = message.get("role").and_then(Value::as_str).unwrap_or("");
        let content = message.get("content").unwrap_or(&Value::Null);
        check_parts(i, content)?;
        if message.get("name").is_some() {
            dropped.push("messages.name");
        }
        match role {
            "system" | "developer" => {
                match content {
                    Value::String(s) => system.push(json!({ "type": "text", "text": s })),
                    Value::Array(parts) => {
                        for part in parts {
                            if let Some(text) = part.get("text").and_then(Value::as_str) {
                                system.push(json!({ "type": "text", "text": text }));
                            }
                        }
                    }
                    _ => {}
                }
                open_results = false;
            }
            "user" => {
                turns.push(json!({ "role": "user", "content": user_content(content, dropped) }));
                open_results = false;
            }
            "assistant" => {
                turns.push(assistant_turn(message, content, dropped));
                open_results = false;
            }
            "tool" => {
                let id = message
                    .get("tool_call_id")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let result = json!({
                    "type": "tool_result",
                    "tool_use_id": id,
                    "content": tool_result_content(content),
                });
                let joined = open_results
                    && turns
                        .last_mut()
                        .and_then(|t| t.get_mut("content"))
                        .and_then(Value::as_array_mut)
                        .map(|blocks| blocks.push(result.clone()))
                        .is_some();
                if !joined {
                    turns.push(json!({ "role": "user", "content": [result] }));
                }
                open_results = true;
            }
            _ => {
                return Err(TranslateError(format!(
                    "messages[{i}].role must be system, developer, user, assistant or tool"
                )))
            }
        }
    }
    let system_messages: Vec<&Value> = messages
        .iter()
        .filter(|m| {
            matches!(
                m.get("role").and_then(Value::as_str),
                Some("system" | "developer")
            )
        })
        .collect();
    // One string system message stays a string; anything else is a list of text blocks.
    let system = match (system.as_slice(), system_messages.as_slice()) {
        ([], _) => None,
        ([one], [message]) if message.get("content").is_some_and(Value::is_string) => {
            one.get("text").cloned()
        }
        _ => Some(Value::Array(system)),
    };
    Ok((system, turns))
}

/// A string stays a string; parts become blocks.
fn user_content(content: &Value, dropped: &mut Vec<&'static str>) -> Value {
    match content {
        Value::Array(parts) => Value::Array(
            parts
                .iter()
                .filter_map(|p| content_part(p, dropped))
                .collect(),
        ),
        Value::Null => Value::String(String::new()),
        other => Value::String(joined_text(other)),
    }
}

fn content_part(part: &Value, dropped: &mut Vec<&'static str>) -> Option<Value> {
    match part.get("type").and_then(Value::as_str) {
        Some("text") => Some(json!({
            "type": "text",
            "text": part.get("text").and_then(Value::as_str).unwrap_or(""),
        })),
        Some("image_url") => {
            let url = part
                .get("image_url")
                .and_then(|u| u.get("url").or(Some(u)))
                .and_then(Value::as_str)?;
            Some(json!({ "type": "image", "source": image_source(url) }))
        }
        Some("input_audio") => {
            dropped.push("content.input_audio");
            None
        }
        Some("file") => {
            dropped.push("content.file");
            None
        }
        _ => {
            dropped.push("content.other");
            None
        }
    }
}

/// `data:<media type>;base64,<data>` → a base64 source; anything else is a URL source.
pub fn image_source(url: &str) -> Value {
    if let Some(rest) = url.strip_prefix("data:") {
        if let Some((meta, data)) = rest.split_once(',') {
            if let Some(media_type) = meta.strip_suffix(";base64") {
                return json!({ "type": "base64", "media_type": media_type, "data": data });
            }
        }
    }
    json!({ "type": "url", "url": url })
}

/// What an earlier assistant turn said: its text, or, for a turn the model refused, the
/// refusal (an assistant `refusal` or `refusal` content parts). Anthropic has no refusal field
/// in a request; the words go on as the turn's text instead of an empty turn.
fn assistant_text(message: &Value, content: &Value) -> String {
    let text = joined_text(content);
    if !text.is_empty() {
        return text;
    }
    let parts: String = content
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.get("refusal").and_then(Value::as_str))
        .collect();
    if !parts.is_empty() {
        return parts;
    }
    message
        .get("refusal")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn assistant_turn(message: &Value, content: &Value, dropped: &mut Vec<&'static str>) -> Value {
    let calls = message
        .get("tool_calls")
        .and_then(Value::as_array)
        .filter(|c| !c.is_empty());
    let text = assistant_text(message, content);
    let Some(calls) = calls else {
        let content = match content {
            Value::Array(_) => json!([{ "type": "text", "text": text }]),
            _ => Value::String(text),
        };
        return json!({ "role": "assistant", "content": content });
    };
    let mut blocks = Vec::new();
    if !text.is_empty() {
        blocks.push(json!({ "type": "text", "text": text }));
    }
    for call in calls {
        let function = call.get("function").unwrap_or(&Value::Null);
        let arguments = function
            .get("arguments")
            .and_then(Value::as_str)
            .unwrap_or("{}");
        let input = match serde_json::from_str::<Value>(arguments) {
            Ok(v @ Value::Object(_)) => v,
            _ => {
                dropped.push("tool_calls.arguments");
                json!({})
            }
        };
        blocks.push(json!({
            "type": "tool_use",
            "id": call.get("id").and_then(Value::as_str).unwrap_or(""),
            "name": function.get("name").and_then(Value::as_str).unwrap_or(""),
            "input": input,
        }));
    }
    json!({ "role": "assistant", "content": blocks })
}

fn tool_result_content(content: &Value) -> Value {
    match content {
        Value::Array(parts) => Value::Array(
            parts
                .iter()
                .filter_map(|p| p.get("text").and_then(Value::as_str))
                .map(|t| json!({ "type": "text", "text": t }))
                .collect(),
        ),
        other => Value::String(joined_text(other)),
    }
}

fn convert_tools(tools: &Value, dropped: &mut Vec<&'static str>) -> Option<Value> {
    let tools = tools.as_array()?;
    let mut out = Vec::new();
    for tool in tools {
        let Some(function) = tool
            .get("function")
            .filter(|_| tool.get("type").and_then(Value::as_str) == Some("function"))
        else {
            dropped.push("tools.other");
            continue;
        };
        let mut t = Map::new();
        t.insert(
            "name".into(),
            function.get("name").cloned().unwrap_or(json!("")),
        );
        if let Some(d) = function.get("description") {
            t.insert("description".into(), d.clone());
        }
        t.insert(
            "input_schema".into(),
            function
                .get("parameters")
                .cloned()
                .unwrap_or_else(|| json!({ "type": "object", "properties": {} })),
        );
        if function.get("strict").is_some() {
            dropped.push("tools.strict");
        }
        out.push(Value::Object(t));
    }
    (!out.is_empty()).then_some(Value::Array(out))
}

fn convert_tool_choice(choice: &Value) -> Option<Value> {
    match choice {
        Value::String(s) => match s.as_str() {
            "none" => Some(json!({ "type": "none" })),
            "auto" => Some(json!({ "type": "auto" })),
            "required" => Some(json!({ "type": "any" })),
            _ => None,
        },
        Value::Object(_) => {
            let name = choice
                .get("function")
                .and_then(|f| f.get("name"))
                .and_then(Value::as_str)?;
            Some(json!({ "type": "tool", "name": name }))
        }
        _ => None,
    }
}

/// OpenAI usage from Anthropic usage: the prompt is all three input counts, the cached part
/// is the cache read.
pub fn usage(usage: &Value) -> Value {
    let input = u64_at(usage, "input_tokens");
    let cache_read = u64_at(usage, "cache_read_input_tokens");
    let cache_write = u64_at(usage, "cache_creation_input_tokens");
    let prompt = input + cache_read + cache_write;
    let completion = u64_at(usage, "output_tokens");
    json!({
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": { "cached_tokens": cache_read },
    })
}

/// A Messages answer → a chat.completion.
/// Whether an answer is a Messages response (`"type": "message"`): anything else (another
/// API's answer from a backend with the wrong `schema`, an error body with status 200) is
/// passed on untouched rather than turned into an empty chat answer.
pub fn is_answer(body: &Value) -> bool {
    body.get("type").and_then(Value::as_str) == Some("message")
}

pub fn response(body: &Value, created: u64, dropped: &mut Vec<&'static str>) -> Value {
    let mut text = String::new();
    let mut calls = Vec::new();
    for block in body
        .get("content")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        match block.get("type").and_then(Value::as_str) {
            Some("text") => text.push_str(block.get("text").and_then(Value::as_str).unwrap_or("")),
            Some("tool_use") => calls.push(json!({
                "id": block.get("id").cloned().unwrap_or(json!("")),
                "type": "function",
                "function": {
                    "name": block.get("name").cloned().unwrap_or(json!("")),
                    "arguments": block.get("input").map_or_else(|| "{}".to_string(), Value::to_string),
                },
            })),
            _ => dropped.push("content.thinking_or_other"),
        }
    }
    let stop = body.get("stop_reason").and_then(Value::as_str);
    let mut message = vec![
        ("role", json!("assistant")),
        (
            "content",
            if text.is_empty() && !calls.is_empty() {
                Value::Null
            } else {
                Value::String(text)
            },
        ),
    ];
    if !calls.is_empty() {
        message.push(("tool_calls", Value::Array(calls)));
    }
    obj(vec![
        ("id", body.get("id").cloned().unwrap_or(json!(""))),
        ("object", json!("chat.completion")),
        ("created", json!(created)),
        ("model", body.get("model").cloned().unwrap_or(json!(""))),
        (
            "choices",
            json!([{
                "index": 0,
                "message": obj(message),
                "logprobs": null,
                "finish_reason": stop.map(finish_reason),
            }]),
        ),
        ("usage", usage(body.get("usage").unwrap_or(&Value::Null))),
    ])
}

/// An Anthropic error body (`{"type":"error","error":{"type","message"}}`) → OpenAI's shape;
/// the status stays what the provider sent.
pub fn error(body: &[u8]) -> Value {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let error = parsed.as_ref().and_then(|v| v.get("error"));
    let kind = error
        .and_then(|e| e.get("type"))
        .and_then(Value::as_str)
        .unwrap_or("api_error");
    let message = error
        .and_then(|e| e.get("message"))
        .and_then(Value::as_str)
        .map_or_else(|| plain_message(body), str::to_string);
    json!({ "error": { "message": message, "type": kind, "param": null, "code": null } })
}

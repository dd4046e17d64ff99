//! OpenAI-compatible endpoints: chat completions, completions, embeddings, models.

use serde_json::{json, Value};

use crate::reply::{model_of, sse_data, sse_done, wants_stream, Answer, Hints, Reply};
use crate::text::{
    approx_tokens, base64, embedding, hash_hex, last_user_text, message_text, split_arguments,
    split_for_stream, CREATED, MESSAGE_OVERHEAD,
};

const FINGERPRINT: &str = "fp_mock";
const EMBEDDING_DIMS: usize = 8;

/// Model ids listed by `GET /v1/models`.
pub const MODELS: &[&str] = &[
    "gpt-4o",
    "gpt-4o-mini",
    "gpt-3.5-turbo",
    "text-embedding-3-small",
    "claude-3-5-sonnet-20241022",
];

fn usage(prompt: u64, completion: u64) -> Value {
    json!({"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion})
}

fn include_usage(body: &Value) -> bool {
    body.pointer("/stream_options/include_usage")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// Prompt estimate: sum over messages of ceil(chars/4) + 4.
pub fn chat_prompt_tokens(messages: &[Value]) -> u64 {
    messages
        .iter()
        .map(|m| approx_tokens(&message_text(m)) + MESSAGE_OVERHEAD)
        .sum()
}

/// `POST /v1/chat/completions`.
pub fn chat(body: &Value, raw: &[u8], hints: &Hints) -> Reply {
    let Some(messages) = body.get("messages").and_then(Value::as_array) else {
        return Reply::error_param(400, "'messages' is a required property", Some("messages"));
    };
    let model = model_of(body);
    let id = format!("chatcmpl-mock-{}", hash_hex(raw));
    let prompt = chat_prompt_tokens(messages);
    let answer = hints.answer(body, || match last_user_text(messages) {
        Some(t) => format!("Mock answer to: {t}"),
        None => "Mock answer.".to_string(),
    });
    if wants_stream(body) {
        return chat_stream(&id, &model, prompt, &answer, include_usage(body), hints);
    }
    let (message, finish, completion) = match &answer {
        Answer::Text(text) => (
            json!({"role": "assistant", "content": text, "refusal": null}),
            "stop",
            approx_tokens(text),
        ),
        Answer::ToolCall { name, arguments } => (
            json!({"role": "assistant", "content": null, "refusal": null, "tool_calls": [
                {"id": "call_mock_1", "type": "function", "function": {"name": name, "arguments": arguments}}
            ]}),
            "tool_calls",
            approx_tokens(name) + approx_tokens(arguments),
        ),
    };
    Reply::Json(
        200,
        json!({
            "id": id, "object": "chat.completion", "created": CREATED, "model": model,
            "system_fingerprint": FINGERPRINT,
            "choices": [{"index": 0, "message": message, "logprobs": null, "finish_reason": finish}],
            "usage": usage(prompt, completion),
        }),
    )
}

fn chat_stream(
    id: &str,
    model: &str,
    prompt: u64,
    answer: &Answer,
    with_usage: bool,
    hints: &Hints,
) -> Reply {
    // Real OpenAI adds `"usage": null` to every chunk once include_usage is on.
    let chunk = |delta: Value, finish: Value| {
        let mut c = json!({
            "id": id, "object": "chat.completion.chunk", "created": CREATED, "model": model,
            "system_fingerprint": FINGERPRINT,
            "choices": [{"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish}],
        });
        if with_usage {
            c["usage"] = Value::Null;
        }
        sse_data(&c)
    };
    let mut events = Vec::new();
    let (finish, completion) = match answer {
        Answer::Text(text) => {
            events.push(chunk(
                json!({"role": "assistant", "content": ""}),
                Value::Null,
            ));
            for piece in split_for_stream(text, hints.chunk_chars) {
                events.push(chunk(json!({"content": piece}), Value::Null));
            }
            ("stop", approx_tokens(text))
        }
        Answer::ToolCall { name, arguments } => {
            events.push(chunk(
                json!({"role": "assistant", "content": null, "tool_calls": [
                    {"index": 0, "id": "call_mock_1", "type": "function",
                     "function": {"name": name, "arguments": ""}}
                ]}),
                Value::Null,
            ));
            for piece in split_arguments(arguments, hints.chunk_chars) {
                events.push(chunk(
                    json!({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}),
                    Value::Null,
                ));
            }
            ("tool_calls", approx_tokens(name) + approx_tokens(arguments))
        }
    };
    events.push(chunk(json!({}), json!(finish)));
    if with_usage {
        events.push(sse_data(&json!({
            "id": id, "object": "chat.completion.chunk", "created": CREATED, "model": model,
            "system_fingerprint": FINGERPRINT, "choices": [], "usage": usage(prompt, completion),
        })));
    }
    events.push(sse_done());
    Reply::Sse(events)
}

/// Prompt of a legacy completion as text plus its token estimate. Arrays of strings are joined
/// with newlines; token-id arrays count one token per id.
fn completion_prompt(prompt: Option<&Value>) -> (String, u64) {
    match prompt {
        Some(Value::String(s)) => (s.clone(), approx_tokens(s)),
        Some(Value::Array(items)) => {
            let mut texts = Vec::new();
            let mut tokens = 0;
            for item in items {
                match item {
                    Value::String(s) => {
                        tokens += approx_tokens(s);
                        texts.push(s.clone());
                    }
                    Value::Number(_) => tokens += 1,
                    Value::Array(ids) => tokens += ids.len() as u64,
                    _ => {}
                }
            }
            (texts.join("\n"), tokens)
        }
        _ => (String::new(), 0),
    }
}

/// `POST /v1/completions` (legacy text completions).
pub fn completions(body: &Value, raw: &[u8], hints: &Hints) -> Reply {
    let model = model_of(body);
    let id = format!("cmpl-mock-{}", hash_hex(raw));
    let (prompt_text, prompt) = completion_prompt(body.get("prompt"));
    let text = hints
        .reply
        .clone()
        .unwrap_or_else(|| format!("Mock completion for: {prompt_text}"));
    let completion = approx_tokens(&text);
    if !wants_stream(body) {
        return Reply::Json(
            200,
            json!({
                "id": id, "object": "text_completion", "created": CREATED, "model": model,
                "system_fingerprint": FINGERPRINT,
                "choices": [{"text": text, "index": 0, "logprobs": null, "finish_reason": "stop"}],
                "usage": usage(prompt, completion),
            }),
        );
    }
    let chunk = |piece: &str, finish: Value| {
        sse_data(&json!({
            "id": id, "object": "text_completion", "created": CREATED, "model": model,
            "system_fingerprint": FINGERPRINT,
            "choices": [{"text": piece, "index": 0, "logprobs": null, "finish_reason": finish}],
        }))
    };
    let mut events: Vec<_> = split_for_stream(&text, hints.chunk_chars)
        .iter()
        .map(|p| chunk(p, Value::Null))
        .collect();
    events.push(chunk("", json!("stop")));
    if include_usage(body) {
        events.push(sse_data(&json!({
            "id": id, "object": "text_completion", "created": CREATED, "model": model,
            "choices": [], "usage": usage(prompt, completion),
        })));
    }
    events.push(sse_done());
    Reply::Sse(events)
}

/// Inputs of an embeddings request as (hash key, token estimate) pairs.
fn embedding_inputs(input: &Value) -> Option<Vec<(String, u64)>> {
    let one = |v: &Value| match v {
        Value::String(s) => Some((s.clone(), approx_tokens(s))),
        Value::Array(ids) if ids.iter().all(Value::is_number) => {
            Some((serde_json::to_string(ids).ok()?, ids.len() as u64))
        }
        _ => None,
    };
    match input {
        Value::String(_) => Some(vec![one(input)?]),
        // A flat array of numbers is a single tokenized input.
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_number) => {
            Some(vec![one(input)?])
        }
        Value::Array(items) if !items.is_empty() => items.iter().map(one).collect(),
        _ => None,
    }
}

/// `POST /v1/embeddings`: one deterministic vector per input (8 dims unless `dimensions` asks).
pub fn embeddings(body: &Value) -> Reply {
    let Some(inputs) = body.get("input").and_then(embedding_inputs) else {
        return Reply::error_param(
            400,
            "'input' must be a non-empty string or array of strings or token arrays",
            Some("input"),
        );
    };
    let dims = body
        .get("dimensions")
        .and_then(Value::as_u64)
        .filter(|d| (1..=4096).contains(d))
        .map_or(EMBEDDING_DIMS, |d| d as usize);
    let as_base64 = body.get("encoding_format").and_then(Value::as_str) == Some("base64");
    let mut tokens = 0;
    let data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(i, (key, t))| {
            tokens += t;
            let vector = embedding(key, dims);
            let embedding = if as_base64 {
                // The openai clients ask for base64 little-endian f32 by default.
                let bytes: Vec<u8> = vector
                    .iter()
                    .flat_map(|v| (*v as f32).to_le_bytes())
                    .collect();
                json!(base64(&bytes))
            } else {
                json!(vector)
            };
            json!({"object": "embedding", "index": i, "embedding": embedding})
        })
        .collect();
    Reply::Json(
        200,
        json!({
            "object": "list", "data": data, "model": model_of(body),
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        }),
    )
}

/// `GET /v1/models`.
pub fn models() -> Reply {
    let data: Vec<Value> = MODELS
        .iter()
        .map(|id| json!({"id": id, "object": "model", "created": CREATED, "owned_by": "mock-llm"}))
        .collect();
    Reply::Json(200, json!({"object": "list", "data": data}))
}

//! Anthropic Messages API: `POST /v1/messages`, plain and streamed.

use serde_json::{json, Value};

use crate::reply::{model_of, sse_named, wants_stream, Answer, Hints, Reply};
use crate::text::{
    approx_tokens, content_text, hash_hex, last_user_text, message_text, split_arguments,
    split_for_stream, MESSAGE_OVERHEAD,
};

/// Input estimate: the system prompt (if any) and every message each cost ceil(chars/4) + 4.
pub fn input_tokens(body: &Value, messages: &[Value]) -> u64 {
    let system = body.get("system").map(content_text).unwrap_or_default();
    let system_tokens = if system.is_empty() {
        0
    } else {
        approx_tokens(&system) + MESSAGE_OVERHEAD
    };
    system_tokens
        + messages
            .iter()
            .map(|m| approx_tokens(&message_text(m)) + MESSAGE_OVERHEAD)
            .sum::<u64>()
}

/// Output estimate for an answer; also used for the final `message_delta` usage.
fn output_tokens(answer: &Answer) -> u64 {
    match answer {
        Answer::Text(t) => approx_tokens(t),
        Answer::ToolCall { name, arguments } => approx_tokens(name) + approx_tokens(arguments),
    }
}

/// Tool arguments as a JSON object for a `tool_use` block (a non-JSON string is wrapped).
fn tool_input(arguments: &str) -> Value {
    serde_json::from_str(arguments).unwrap_or_else(|_| json!({"arguments": arguments}))
}

/// `POST /v1/messages`.
pub fn messages(body: &Value, raw: &[u8], hints: &Hints) -> Reply {
    let Some(messages) = body.get("messages").and_then(Value::as_array) else {
        return Reply::error_param(400, "messages: Field required", Some("messages"));
    };
    let model = model_of(body);
    let id = format!("msg_mock_{}", hash_hex(raw));
    let input = input_tokens(body, messages);
    let answer = hints.answer(body, || match last_user_text(messages) {
        Some(t) => format!("Mock answer to: {t}"),
        None => "Mock answer.".to_string(),
    });
    let output = output_tokens(&answer);
    if wants_stream(body) {
        return stream(&id, &model, input, output, &answer, hints);
    }
    let (content, stop) = match &answer {
        Answer::Text(t) => (json!([{"type": "text", "text": t}]), "end_turn"),
        Answer::ToolCall { name, arguments } => (
            json!([{"type": "tool_use", "id": "toolu_mock_1", "name": name, "input": tool_input(arguments)}]),
            "tool_use",
        ),
    };
    Reply::Json(
        200,
        json!({
            "id": id, "type": "message", "role": "assistant", "model": model,
            "content": content, "stop_reason": stop, "stop_sequence": null,
            "usage": {"input_tokens": input, "output_tokens": output},
        }),
    )
}

/// The real event sequence: message_start, content_block_start, ping, content_block_delta...,
/// content_block_stop, message_delta (stop_reason + final output_tokens), message_stop.
fn stream(id: &str, model: &str, input: u64, output: u64, answer: &Answer, hints: &Hints) -> Reply {
    let mut events = vec![sse_named(
        "message_start",
        &json!({"type": "message_start", "message": {
            "id": id, "type": "message", "role": "assistant", "model": model, "content": [],
            "stop_reason": null, "stop_sequence": null,
            "usage": {"input_tokens": input, "output_tokens": 1},
        }}),
    )];
    let (block, deltas, stop) = match answer {
        Answer::Text(t) => (
            json!({"type": "text", "text": ""}),
            split_for_stream(t, hints.chunk_chars)
                .into_iter()
                .map(|p| json!({"type": "text_delta", "text": p}))
                .collect::<Vec<_>>(),
            "end_turn",
        ),
        Answer::ToolCall { name, arguments } => (
            json!({"type": "tool_use", "id": "toolu_mock_1", "name": name, "input": {}}),
            split_arguments(arguments, hints.chunk_chars)
                .into_iter()
                .map(|p| json!({"type": "input_json_delta", "partial_json": p}))
                .collect(),
            "tool_use",
        ),
    };
    events.push(sse_named(
        "content_block_start",
        &json!({"type": "content_block_start", "index": 0, "content_block": block}),
    ));
    events.push(sse_named("ping", &json!({"type": "ping"})));
    for delta in deltas {
        events.push(sse_named(
            "content_block_delta",
            &json!({"type": "content_block_delta", "index": 0, "delta": delta}),
        ));
    }
    events.push(sse_named(
        "content_block_stop",
        &json!({"type": "content_block_stop", "index": 0}),
    ));
    events.push(sse_named(
        "message_delta",
        &json!({"type": "message_delta",
                "delta": {"stop_reason": stop, "stop_sequence": null},
                "usage": {"output_tokens": output}}),
    ));
    events.push(sse_named("message_stop", &json!({"type": "message_stop"})));
    Reply::Sse(events)
}

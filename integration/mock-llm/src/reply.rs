//! What a handler decides to send, before it becomes HTTP; plus the per-request hints read from
//! `x-mock-*` headers. Keeping handlers pure (JSON in, `Reply` out) makes them unit-testable.

use bytes::Bytes;
use serde_json::{json, Value};

use crate::text::last_user_text;

/// Stands for the last user message's text in `x-mock-reply` / `x-mock-tool-args`.
const USER: &str = "{{user}}";

/// A handler's decision.
#[derive(Debug)]
pub enum Reply {
    /// One JSON document with this status.
    Json(u16, Value),
    /// Server-sent events, each already encoded; each is written and flushed on its own.
    Sse(Vec<Bytes>),
    /// Plain text (health check).
    Text(u16, &'static str),
    /// Exactly these bytes with this content type (`x-mock-raw-body`).
    Raw(u16, String, Bytes),
}

impl Reply {
    /// OpenAI error shape `{"error":{"message","type","param","code"}}` with the type and code
    /// a real provider uses for this status.
    pub fn error(status: u16, message: impl Into<String>) -> Reply {
        Reply::error_param(status, message, None)
    }

    /// Anthropic's error shape `{"type":"error","error":{"type","message"}}` with the type its
    /// errors reference gives for this status (for `POST …/messages`).
    pub fn anthropic_error(status: u16, message: impl Into<String>) -> Reply {
        let kind = match status {
            400 => "invalid_request_error",
            401 => "authentication_error",
            403 => "permission_error",
            404 => "not_found_error",
            413 => "request_too_large",
            429 => "rate_limit_error",
            529 => "overloaded_error",
            _ => "api_error",
        };
        Reply::Json(
            status,
            json!({"type": "error", "error": {"type": kind, "message": message.into()}}),
        )
    }

    pub fn error_param(status: u16, message: impl Into<String>, param: Option<&str>) -> Reply {
        let (kind, code) = match status {
            400 | 405 | 413 | 422 => ("invalid_request_error", Value::Null),
            401 => ("authentication_error", json!("invalid_api_key")),
            403 => ("permission_error", Value::Null),
            404 => ("invalid_request_error", Value::Null),
            429 => ("rate_limit_error", json!("rate_limit_exceeded")),
            _ if status >= 500 => ("server_error", Value::Null),
            _ => ("invalid_request_error", Value::Null),
        };
        Reply::Json(
            status,
            json!({"error": {"message": message.into(), "type": kind, "param": param, "code": code}}),
        )
    }
}

/// Per-request steering read from headers.
#[derive(Debug, Default, Clone)]
pub struct Hints {
    /// `x-mock-reply`: the exact answer text.
    pub reply: Option<String>,
    /// `x-mock-tool-call`: answer with a call to this tool (only when the request has `tools`).
    pub tool_call: Option<String>,
    /// `x-mock-tool-args`: the call's `arguments` string (default `{}`).
    pub tool_args: Option<String>,
    /// `x-mock-chunk-chars`: stream the answer in pieces of this many chars.
    pub chunk_chars: Option<usize>,
    /// `x-mock-reply-repeat: N`: the text answer is said N times over (huge answers), capped
    /// at [`MAX_REPEATED_BYTES`].
    pub repeat: Option<usize>,
}

/// Upper bound for a repeated answer, so a typo cannot exhaust memory.
pub const MAX_REPEATED_BYTES: usize = 64 * 1024 * 1024;

/// What the model "says".
pub enum Answer {
    Text(String),
    ToolCall { name: String, arguments: String },
}

impl Hints {
    /// Decide the answer: a tool call if asked for and the request offers tools, else the
    /// `x-mock-reply` text, else `default_text`.
    ///
    /// In `x-mock-reply` and `x-mock-tool-args`, `{{user}}` stands for the text of the last user
    /// message (JSON-string-escaped, without quotes, in tool arguments): the model repeats what
    /// it was sent, e.g. a placeholder whose exact spelling the test cannot know in advance.
    pub fn answer(&self, body: &Value, default_text: impl FnOnce() -> String) -> Answer {
        let has_tools = body
            .get("tools")
            .and_then(Value::as_array)
            .is_some_and(|t| !t.is_empty());
        let user = || {
            body.get("messages")
                .and_then(Value::as_array)
                .and_then(|m| last_user_text(m))
                .unwrap_or_default()
        };
        match (&self.tool_call, has_tools) {
            (Some(name), true) => Answer::ToolCall {
                name: name.clone(),
                arguments: match &self.tool_args {
                    Some(args) if args.contains(USER) => {
                        let escaped = Value::String(user()).to_string();
                        let inner = escaped.get(1..escaped.len() - 1).unwrap_or_default();
                        args.replace(USER, inner)
                    }
                    Some(args) => args.clone(),
                    None => "{}".to_string(),
                },
            },
            _ => {
                let text = match &self.reply {
                    Some(reply) if reply.contains(USER) => reply.replace(USER, &user()),
                    Some(reply) => reply.clone(),
                    None => default_text(),
                };
                Answer::Text(match self.repeat {
                    Some(n) if n > 1 && !text.is_empty() => {
                        text.repeat(n.min(MAX_REPEATED_BYTES / text.len()).max(1))
                    }
                    _ => text,
                })
            }
        }
    }
}

/// `"stream": true` in the body.
pub fn wants_stream(body: &Value) -> bool {
    body.get("stream").and_then(Value::as_bool).unwrap_or(false)
}

/// `model` from the body, or a placeholder so replies stay well-formed without one.
pub fn model_of(body: &Value) -> String {
    body.get("model")
        .and_then(Value::as_str)
        .unwrap_or("mock-model")
        .to_string()
}

/// One SSE event in OpenAI style: `data: <json>\n\n`.
pub fn sse_data(v: &Value) -> Bytes {
    let mut out = Vec::with_capacity(128);
    out.extend_from_slice(b"data: ");
    serde_json::to_writer(&mut out, v).expect("json serializes");
    out.extend_from_slice(b"\n\n");
    Bytes::from(out)
}

/// OpenAI's stream terminator.
pub fn sse_done() -> Bytes {
    Bytes::from_static(b"data: [DONE]\n\n")
}

/// One SSE event in Anthropic style: `event: <name>\ndata: <json>\n\n`.
pub fn sse_named(event: &str, v: &Value) -> Bytes {
    let mut out = Vec::with_capacity(160);
    out.extend_from_slice(b"event: ");
    out.extend_from_slice(event.as_bytes());
    out.extend_from_slice(b"\ndata: ");
    serde_json::to_writer(&mut out, v).expect("json serializes");
    out.extend_from_slice(b"\n\n");
    Bytes::from(out)
}

//! Stream translation, incremental: each chunk of the provider's SSE goes through core's parser
//! and comes out as the client API's events right away; nothing is held beyond an unfinished
//! event. Any chunking of the same stream gives the same output (the parser's guarantee, and
//! these translators keep no state tied to chunk boundaries).

use super::anthropic_to_openai::usage as anthropic_usage;
use super::openai_to_anthropic::{error as openai_error, usage as openai_usage};
use super::{anthropic_error_type, finish_reason, obj, stop_reason};
use llm_filters_core::sse::{SseEvent, SseParser};
use serde_json::{json, Map, Value};

/// Anthropic Messages events → `chat.completion.chunk`s (OpenAI client, Anthropic backend).
#[derive(Debug, Default)]
pub struct ToChatChunks {
    parser: SseParser,
    created: u64,
    include_usage: bool,
    id: String,
    model: String,
    /// Anthropic usage so far (`message_start`, then cumulative `message_delta` counts).
    usage: Map<String, Value>,
    /// Content block index → tool-call index, for the tool-use blocks seen.
    tools: Vec<(u64, u64)>,
    done: bool,
    pub dropped: Vec<&'static str>,
}

impl ToChatChunks {
    pub fn new(created: u64, include_usage: bool) -> Self {
        ToChatChunks {
            created,
            include_usage,
            ..Default::default()
        }
    }

    pub fn push(&mut self, chunk: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for event in self.parser.push(chunk) {
            self.on_event(&event, &mut out);
        }
        out
    }

    /// The stream ended: an unterminated last event still counts. A stream cut before
    /// `message_stop` gets no `[DONE]`, so the client sees it was cut.
    pub fn finish(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some(event) = self.parser.finish() {
            self.on_event(&event, &mut out);
        }
        out
    }

    fn chunk(&self, delta: Value, finish: Option<&str>) -> Vec<u8> {
        let mut body = json!({
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": [{ "index": 0, "delta": delta, "logprobs": null, "finish_reason": finish }],
        });
        // With `include_usage`, OpenAI gives every chunk but the last a `"usage": null`.
        if self.include_usage {
            if let Some(map) = body.as_object_mut() {
                map.insert("usage".into(), Value::Null);
            }
        }
        SseEvent::data(body.to_string()).to_bytes()
    }

    fn on_event(&mut self, event: &SseEvent, out: &mut Vec<u8>) {
        if self.done || event.data.is_empty() {
            return;
        }
        let Ok(data) = serde_json::from_str::<Value>(&event.data) else {
            self.dropped.push("stream.not_json");
            return;
        };
        let kind = data
            .get("type")
            .and_then(Value::as_str)
            .or(event.event.as_deref())
            .unwrap_or("");
        match kind {
            "message_start" => {
                let message = data.get("message").unwrap_or(&Value::Null);
                let text = |k: &str| {
                    message
                        .get(k)
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string()
                };
                self.id = text("id");
                self.model = text("model");
                if let Some(usage) = message.get("usage").and_then(Value::as_object) {
                    self.usage = usage.clone();
                }
                out.extend(self.chunk(json!({ "role": "assistant", "content": "" }), None));
            }
            "content_block_start" => {
                let index = data.get("index").and_then(Value::as_u64).unwrap_or(0);
                let block = data.get("content_block").unwrap_or(&Value::Null);
                match block.get("type").and_then(Value::as_str) {
                    Some("tool_use") => {
                        let tool = self.tools.len() as u64;
                        self.tools.push((index, tool));
                        let delta = json!({ "tool_calls": [{
                            "index": tool,
                            "id": block.get("id").cloned().unwrap_or(json!("")),
                            "type": "function",
                            "function": { "name": block.get("name").cloned().unwrap_or(json!("")), "arguments": "" },
                        }]});
                        out.extend(self.chunk(delta, None));
                    }
                    Some("text") => {
                        if let Some(text) = block
                            .get("text")
                            .and_then(Value::as_str)
                            .filter(|t| !t.is_empty())
                        {
                            out.extend(self.chunk(json!({ "content": text }), None));
                        }
                    }
                    _ => self.dropped.push("content.thinking_or_other"),
                }
            }
            "content_block_delta" => {
                let index = data.get("index").and_then(Value::as_u64).unwrap_or(0);
                let delta = data.get("delta").unwrap_or(&Value::Null);
                match delta.get("type").and_then(Value::as_str) {
                    Some("text_delta") => {
                        let text = delta.get("text").and_then(Value::as_str).unwrap_or("");
                        out.extend(self.chunk(json!({ "content": text }), None));
                    }
                    Some("input_json_delta") => {
                        let Some(&(_, tool)) = self.tools.iter().find(|(b, _)| *b == index) else {
                            return;
                        };
                        let partial = delta
                            .get("partial_json")
                            .and_then(Value::as_str)
                            .unwrap_or("");
                        let d = json!({ "tool_calls": [{ "index": tool, "function": { "arguments": partial } }] });
                        out.extend(self.chunk(d, None));
                    }
                    _ => self.dropped.push("content.thinking_or_other"),
                }
            }
            "message_delta" => {
                if let Some(usage) = data.get("usage").and_then(Value::as_object) {
                    for (k, v) in usage {
                        if !v.is_null() {
                            self.usage.insert(k.clone(), v.clone());
                        }
                    }
                }
                if let Some(stop) = data
                    .get("delta")
                    .and_then(|d| d.get("stop_reason"))
                    .and_then(Value::as_str)
                {
                    out.extend(self.chunk(json!({}), Some(finish_reason(stop))));
                }
            }
            "message_stop" => {
                if self.include_usage {
                    let body = json!({
                        "id": self.id,
                        "object": "chat.completion.chunk",
                        "created": self.created,
                        "model": self.model,
                        "choices": [],
                        "usage": openai_usage(&Value::Object(self.usage.clone())),
                    });
                    out.extend(SseEvent::data(body.to_string()).to_bytes());
                }
                out.extend(SseEvent::data("[DONE]").to_bytes());
                self.done = true;
            }
            "error" => {
                let body = openai_error(event.data.as_bytes());
                out.extend(SseEvent::data(body.to_string()).to_bytes());
                self.done = true;
            }
            // ping, content_block_stop: nothing to say in chat chunks.
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Text,
    /// The chat tool-call index this block streams.
    Tool(u64),
}

/// `chat.completion.chunk`s → Anthropic Messages events (Anthropic client, OpenAI backend), in
/// the order Anthropic's SDKs expect: `message_start`, per block `content_block_start` /
/// `_delta`... / `_stop`, `message_delta` (stop reason, usage), `message_stop`.
#[derive(Debug, Default)]
pub struct ToMessageEvents {
    parser: SseParser,
    started: bool,
    finished: bool,
    /// The open block and its index.
    open: Option<(u64, Block)>,
    next_block: u64,
    stop: Option<&'static str>,
    usage: Option<Value>,
    pub dropped: Vec<&'static str>,
}

fn named(kind: &str, body: Value) -> Vec<u8> {
    SseEvent::named(kind, body.to_string()).to_bytes()
}

impl ToMessageEvents {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, chunk: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for event in self.parser.push(chunk) {
            self.on_event(&event, &mut out);
        }
        out
    }

    /// The stream ended. An answer that reached its `finish_reason` is closed properly even
    /// without `[DONE]`; one cut before that stays cut (no `message_stop`).
    pub fn finish(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some(event) = self.parser.finish() {
            self.on_event(&event, &mut out);
        }
        if self.started && !self.finished && self.stop.is_some() {
            self.end_message(&mut out);
        }
        out
    }

    fn start(&mut self, chunk: &Value, out: &mut Vec<u8>) {
        if self.started {
            return;
        }
        self.started = true;
        let text = |k: &str| {
            chunk
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        out.extend(named(
            "message_start",
            json!({ "type": "message_start", "message": {
                "id": text("id"), "type": "message", "role": "assistant", "model": text("model"),
                "content": [], "stop_reason": null, "stop_sequence": null,
                "usage": { "input_tokens": 0, "output_tokens": 0 },
            }}),
        ));
    }

    fn close(&mut self, out: &mut Vec<u8>) {
        if let Some((index, _)) = self.open.take() {
            out.extend(named(
                "content_block_stop",
                json!({ "type": "content_block_stop", "index": index }),
            ));
        }
    }

    fn open(&mut self, block: Block, content_block: Value, out: &mut Vec<u8>) -> u64 {
        self.close(out);
        let index = self.next_block;
        self.next_block += 1;
        self.open = Some((index, block));
        out.extend(named(
            "content_block_start",
            json!({ "type": "content_block_start", "index": index, "content_block": content_block }),
        ));
        index
    }

    fn end_message(&mut self, out: &mut Vec<u8>) {
        self.close(out);
        let usage = self
            .usage
            .as_ref()
            .map_or_else(|| json!({ "output_tokens": 0 }), anthropic_usage);
        out.extend(named(
            "message_delta",
            json!({ "type": "message_delta",
                    "delta": { "stop_reason": self.stop.unwrap_or("end_turn"), "stop_sequence": null },
                    "usage": usage }),
        ));
        out.extend(named("message_stop", json!({ "type": "message_stop" })));
        self.finished = true;
    }

    fn on_event(&mut self, event: &SseEvent, out: &mut Vec<u8>) {
        if self.finished || event.data.is_empty() {
            return;
        }
        if event.is_done() {
            self.start(&Value::Null, out);
            self.end_message(out);
            return;
        }
        let Ok(chunk) = serde_json::from_str::<Value>(&event.data) else {
            self.dropped.push("stream.not_json");
            return;
        };
        if let Some(error) = chunk.get("error") {
            let message = error
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("the provider stream failed");
            out.extend(named(
                "error",
                json!({ "type": "error", "error": { "type": anthropic_error_type(500), "message": message } }),
            ));
            self.finished = true;
            return;
        }
        self.start(&chunk, out);
        if let Some(usage) = chunk.get("usage").filter(|u| u.is_object()) {
            self.usage = Some(usage.clone());
        }
        let choices = chunk.get("choices").and_then(Value::as_array);
        let Some(choice) = choices.and_then(|c| c.first()) else {
            return;
        };
        let delta = choice.get("delta").unwrap_or(&Value::Null);
        if let Some(text) = delta
            .get("content")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
        {
            let index = match self.open {
                Some((index, Block::Text)) => index,
                _ => self.open(Block::Text, json!({ "type": "text", "text": "" }), out),
            };
            out.extend(named(
                "content_block_delta",
                json!({ "type": "content_block_delta", "index": index,
                        "delta": { "type": "text_delta", "text": text } }),
            ));
        }
        for call in delta
            .get("tool_calls")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let tool = call.get("index").and_then(Value::as_u64).unwrap_or(0);
            let function = call.get("function").unwrap_or(&Value::Null);
            // Later deltas of a call carry `"id": null` (or no id) and the same index.
            let id = call
                .get("id")
                .filter(|v| v.as_str().is_some_and(|s| !s.is_empty()));
            let index = match self.open {
                Some((index, Block::Tool(t))) if t == tool && id.is_none() => index,
                _ => {
                    let block = obj(vec![
                        ("type", json!("tool_use")),
                        ("id", id.cloned().unwrap_or(json!(""))),
                        (
                            "name",
                            function
                                .get("name")
                                .filter(|n| n.is_string())
                                .cloned()
                                .unwrap_or(json!("")),
                        ),
                        ("input", json!({})),
                    ]);
                    self.open(Block::Tool(tool), block, out)
                }
            };
            if let Some(args) = function
                .get("arguments")
                .and_then(Value::as_str)
                .filter(|a| !a.is_empty())
            {
                out.extend(named(
                    "content_block_delta",
                    json!({ "type": "content_block_delta", "index": index,
                            "delta": { "type": "input_json_delta", "partial_json": args } }),
                ));
            }
        }
        if let Some(reason) = choice.get("finish_reason").and_then(Value::as_str) {
            self.stop = Some(stop_reason(reason));
            self.close(out);
        }
    }
}

//! Rewriting the text of streamed LLM answers, event by event, whatever the chunking.
//!
//! [`DeltaStream`] parses an SSE response (OpenAI chat and completions chunks, Anthropic
//! messages events, OpenAI Responses events), hands every text delta to a [`DeltaRewriter`] by
//! channel (choice content, one tool call's arguments, one Anthropic content block, one
//! Responses text), and writes the events back with the text the rewriter releases. A rewriter
//! may hold text back (see `hold_back`).
//!
//! **Order.** The client reads everything in the order the provider wrote it: what a channel
//! still holds goes out, in the stream's own event shape, before the first event that comes
//! after that text and is not more of it:
//! - OpenAI: into the chunk carrying that choice's `finish_reason`, or into the chunk where
//!   another channel of the same choice carries text (a tool call after the text), or as one
//!   extra chunk (built from the last chunk's `id`, `model`, ...) before `[DONE]`, the usage
//!   chunk (`choices: []`), an error, any other event, or the end of the stream;
//! - Anthropic: as one extra `content_block_delta` before the block's `content_block_stop`,
//!   before another block's events, `message_delta`, `message_stop`, `error` or the end; text
//!   already in a `content_block_start` is the block's first piece;
//! - OpenAI Responses (`response.output_text.delta`, `refusal`, `function_call_arguments`,
//!   `reasoning_summary_text`, `reasoning_text`): as one extra `.delta` event before the
//!   channel's `.done` event, another channel's delta, a part or item event, `response.completed`
//!   and the other events carrying the response, an `error`, or the end. The events that repeat
//!   the whole text (`.done`, `response.content_part.*`, `response.output_item.*`,
//!   `response.completed`, ...) get the text that was released for that channel, or, when they
//!   hold text no delta carried, that text rewritten whole (pushed and finished at once on
//!   [`ChannelKey::Whole`]).
//!
//! Only what carries and ends nothing may overtake held text: keep-alives (comments, `retry:`,
//! Anthropic `ping`), chat chunks without text for a channel, Responses side events
//! (annotations, tool progress). Releasing held text there could send the start of a value.
//!
//! Text outside the channels is rewritten whole: a tool call's `input` given in
//! `content_block_start` or `message_start`, every string of an error or an unknown event,
//! data that is not JSON (a plain-text error, an event cut by the end of the stream), comment
//! lines. Other events pass unchanged (re-serialized).

use crate::api::TextKind;
use crate::sse::{SseEvent, SseParser};
use serde_json::{json, Map, Value};

/// Where a piece of text belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChannelKey {
    /// OpenAI `choices[i].delta.content` (or legacy `choices[i].text`).
    Text { choice: u64 },
    /// OpenAI `choices[i].delta.tool_calls[k].function.arguments`.
    ToolArguments { choice: u64, call: u64 },
    /// Anthropic content block `index` (`text_delta.text` or `input_json_delta.partial_json`).
    Block { index: u64 },
    /// OpenAI Responses: one text field of `output[output]`, content (or summary) `part`.
    Response {
        output: u64,
        part: u64,
        field: ResponseField,
    },
    /// A whole text in one piece (pushed and finished at once): text a Responses event repeats
    /// that no delta carried.
    Whole,
}

/// Which streamed text of a Responses output item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResponseField {
    /// `response.output_text.delta`: `output_text` content part `text`.
    Text,
    /// `response.refusal.delta`: `refusal` content part `refusal`.
    Refusal,
    /// `response.function_call_arguments.delta`: the item's `arguments` (JSON text).
    Arguments,
    /// `response.reasoning_summary_text.delta`: `summary[part].text`.
    Summary,
    /// `response.reasoning_text.delta`: reasoning `content[part].text`.
    Reasoning,
}

impl ResponseField {
    /// The field from a `response.<family>.delta|done` event type, with the name of the field
    /// holding the whole text in the `.done` event.
    fn from_family(family: &str) -> Option<(ResponseField, &'static str)> {
        Some(match family {
            "output_text" => (ResponseField::Text, "text"),
            "refusal" => (ResponseField::Refusal, "refusal"),
            "function_call_arguments" => (ResponseField::Arguments, "arguments"),
            "reasoning_summary_text" => (ResponseField::Summary, "text"),
            "reasoning_text" => (ResponseField::Reasoning, "text"),
            _ => return None,
        })
    }

    fn family(self) -> &'static str {
        match self {
            ResponseField::Text => "output_text",
            ResponseField::Refusal => "refusal",
            ResponseField::Arguments => "function_call_arguments",
            ResponseField::Summary => "reasoning_summary_text",
            ResponseField::Reasoning => "reasoning_text",
        }
    }

    fn kind(self) -> TextKind {
        match self {
            ResponseField::Arguments => TextKind::ToolArguments,
            _ => TextKind::Content,
        }
    }
}

/// What a Responses channel carried so far: the text as the provider wrote it and as it was
/// released, and the last delta event (to build the flush event from).
#[derive(Debug, Default)]
struct ResponseText {
    original: String,
    released: String,
    template: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Channel {
    pub key: ChannelKey,
    /// `Content` for prose, `ToolArguments` for JSON text.
    pub kind: TextKind,
}

/// The filter's side: text in, text to send now out.
pub trait DeltaRewriter {
    fn push(&mut self, channel: &Channel, piece: &str) -> String;
    /// The channel ended: the rest it holds.
    fn finish(&mut self, channel: &Channel) -> String;
}

#[derive(Debug, Default)]
pub struct DeltaStream {
    parser: SseParser,
    /// Channels with text so far, in order of appearance, and whether they are legacy `text`.
    open: Vec<(Channel, bool)>,
    /// The last OpenAI chunk, to build a flush chunk from.
    template: Option<Map<String, Value>>,
    /// Responses channels with deltas so far.
    responses: Vec<(ChannelKey, ResponseText)>,
    /// Responses `sequence_number`s (see [`Sequence`]).
    sequence: Sequence,
}

/// Responses events carry a `sequence_number` that clients may expect to be unique and
/// increasing. Every `.delta` event this stream inserts (held text released before the event
/// that ends its channel) takes the number of the event it precedes, and every later event's
/// number moves up by one more: the provider's `0, 1, 2, …` reaches the client as
/// `0, 1, 2, …` over all events, inserted ones included, whatever the chunking (the state
/// lives here, across reads).
#[derive(Debug, Default)]
struct Sequence {
    /// Events inserted so far: added to every provider number.
    inserted: u64,
    /// The provider's number of the event being handled (inserted events go before it).
    upcoming: Option<u64>,
    /// The last number sent.
    last: Option<u64>,
}

impl Sequence {
    /// The number of an event inserted now, before the event being handled (after the last
    /// one sent when there is none, as at the end of the stream).
    fn insert(&mut self) -> Option<u64> {
        let n = match self.upcoming {
            Some(n) => n.checked_add(self.inserted),
            None => self.last.and_then(|l| l.checked_add(1)),
        }?;
        self.inserted = self.inserted.saturating_add(1);
        self.last = Some(n);
        Some(n)
    }

    /// A provider event about to be sent: its number moved past the inserted ones.
    fn renumber(&mut self, data: &mut Map<String, Value>) {
        let Some(n) = data.get("sequence_number").and_then(Value::as_u64) else {
            return;
        };
        let Some(moved) = n.checked_add(self.inserted) else {
            return;
        };
        data.insert("sequence_number".into(), json!(moved));
        self.last = Some(moved);
    }
}

impl DeltaStream {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds response bytes (any chunking) and returns the bytes to send now.
    pub fn push(&mut self, bytes: &[u8], rewriter: &mut dyn DeltaRewriter) -> Vec<u8> {
        let mut out = Vec::new();
        for event in self.parser.push(bytes) {
            self.on_event(event, rewriter, &mut out);
        }
        out
    }

    /// The response ended: the last event and everything still held.
    pub fn finish(&mut self, rewriter: &mut dyn DeltaRewriter) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some(event) = self.parser.finish() {
            self.on_event(event, rewriter, &mut out);
        }
        // What is still held goes after the last event sent.
        self.sequence.upcoming = None;
        self.flush_all(rewriter, &mut out);
        out
    }

    /// The `sequence_number` an event added after everything sent so far takes (an error
    /// event that ends a Responses stream early), when the stream has such numbers.
    pub fn next_sequence_number(&self) -> Option<u64> {
        self.sequence.last.and_then(|l| l.checked_add(1))
    }

    /// Bytes of an event that has begun but not ended (the parser holds them).
    pub fn pending_event_bytes(&self) -> usize {
        self.parser.pending_len()
    }

    /// Ends the stream early: the event still arriving is dropped, what the channels hold goes
    /// out (the caller then adds its own last event and sends nothing more).
    pub fn abort(&mut self, rewriter: &mut dyn DeltaRewriter) -> Vec<u8> {
        self.parser = SseParser::new();
        self.sequence.upcoming = None;
        let mut out = Vec::new();
        self.flush_all(rewriter, &mut out);
        out
    }

    fn open(&mut self, channel: Channel, legacy: bool) {
        if !self.open.iter().any(|(c, _)| *c == channel) {
            self.open.push((channel, legacy));
        }
    }

    /// Everything every channel still holds, in the stream's own event shape, before whatever
    /// comes next: the client reads the text in the order the provider wrote it.
    fn flush_all(&mut self, rewriter: &mut dyn DeltaRewriter, out: &mut Vec<u8>) {
        self.flush_openai(rewriter, out);
        self.flush_blocks(&|_| true, rewriter, out);
        self.flush_responses(None, rewriter, out);
    }

    fn on_event(
        &mut self,
        mut event: SseEvent,
        rewriter: &mut dyn DeltaRewriter,
        out: &mut Vec<u8>,
    ) {
        rewrite_comments(&mut event, rewriter);
        self.sequence.upcoming = None;
        if event.is_done() {
            self.flush_all(rewriter, out);
            event.write_to(out);
            return;
        }
        if event.data.is_empty() {
            // Keep-alives (comments, `retry:`, `event: ping`) carry nothing and end nothing:
            // what is held may be the start of a value, so they do not release it.
            if event.event.as_deref() == Some("error") {
                self.flush_all(rewriter, out);
            }
            event.write_to(out);
            return;
        }
        let Ok(Value::Object(mut data)) = serde_json::from_str::<Value>(&event.data) else {
            // Not JSON (a plain-text error, a cut event): what came before goes first, and
            // the text itself is rewritten whole.
            self.sequence.upcoming = None;
            self.flush_all(rewriter, out);
            event.data = whole(&event.data, rewriter);
            event.write_to(out);
            return;
        };
        if data.get("choices").is_some_and(Value::is_array) {
            self.openai_chunk(&mut data, rewriter, out);
            event.data = Value::Object(data).to_string();
            event.write_to(out);
            return;
        }
        // Events inserted while this one is handled go before it, with its number.
        self.sequence.upcoming = data.get("sequence_number").and_then(Value::as_u64);
        let kind = data.get("type").and_then(Value::as_str).map(str::to_string);
        if let Some(name) = kind.as_deref().and_then(|t| t.strip_prefix("response.")) {
            self.responses_event(name, &mut data, rewriter, out);
            self.sequence.renumber(&mut data);
            event.data = Value::Object(data).to_string();
            event.write_to(out);
            return;
        }
        match kind.as_deref() {
            Some("ping") => {}
            Some("content_block_start") => {
                let index = data.get("index").and_then(Value::as_u64).unwrap_or(0);
                self.flush_blocks(&|i| i != index, rewriter, out);
                let block = data.get_mut("content_block").and_then(Value::as_object_mut);
                if let Some(block) = block {
                    self.block_start(index, block, rewriter);
                }
            }
            Some("content_block_delta") => {
                let index = data.get("index").and_then(Value::as_u64).unwrap_or(0);
                self.flush_blocks(&|i| i != index, rewriter, out);
                if let Some(delta) = data.get_mut("delta").and_then(Value::as_object_mut) {
                    let (field, kind) = match delta.get("type").and_then(Value::as_str) {
                        Some("text_delta") => ("text", TextKind::Content),
                        Some("input_json_delta") => ("partial_json", TextKind::ToolArguments),
                        _ => ("", TextKind::Content),
                    };
                    if let Some(Value::String(piece)) = delta.get_mut(field) {
                        let channel = Channel {
                            key: ChannelKey::Block { index },
                            kind,
                        };
                        self.open(channel, false);
                        *piece = rewriter.push(&channel, piece);
                    }
                }
            }
            // This block ends, and any other a provider left open.
            Some("content_block_stop") => self.flush_blocks(&|_| true, rewriter, out),
            Some("message_start") => {
                self.flush_all(rewriter, out);
                // A provider may put content in the message already: each text whole.
                let blocks = data
                    .get_mut("message")
                    .and_then(|m| m.get_mut("content"))
                    .and_then(Value::as_array_mut);
                for block in blocks.into_iter().flatten() {
                    if let Some(block) = block.as_object_mut() {
                        block_whole(block, rewriter);
                    }
                }
            }
            Some("message_delta" | "message_stop") => self.flush_all(rewriter, out),
            _ => {
                // An error (`{"error":...}`, `"type":"error"`) or an event this stream does not
                // know: after everything before it, and every string in it rewritten whole.
                self.flush_all(rewriter, out);
                data.values_mut().for_each(|v| strings_whole(v, rewriter));
            }
        }
        // A Responses `error` event has a number too.
        self.sequence.renumber(&mut data);
        event.data = Value::Object(data).to_string();
        event.write_to(out);
    }

    /// A `content_block_start`: the block's first text is its first piece; a tool call's input
    /// given whole here (providers that do not stream it) is rewritten whole.
    fn block_start(
        &mut self,
        index: u64,
        block: &mut Map<String, Value>,
        rewriter: &mut dyn DeltaRewriter,
    ) {
        if block.get("type") == Some(&json!("text")) {
            if let Some(Value::String(piece)) = block.get_mut("text") {
                if !piece.is_empty() {
                    let channel = Channel {
                        key: ChannelKey::Block { index },
                        kind: TextKind::Content,
                    };
                    self.open(channel, false);
                    *piece = rewriter.push(&channel, piece);
                }
            }
            return;
        }
        if let Some(input) = block.get_mut("input") {
            strings_whole(input, rewriter);
        }
    }

    fn openai_chunk(
        &mut self,
        data: &mut Map<String, Value>,
        rewriter: &mut dyn DeltaRewriter,
        out: &mut Vec<u8>,
    ) {
        let Some(Value::Array(choices)) = data.get_mut("choices") else {
            return;
        };
        if choices.is_empty() {
            // The usage chunk (or a provider's last word): after all the text.
            self.flush_openai(rewriter, out);
        }
        for (position, choice) in choices.iter_mut().enumerate() {
            let Some(choice) = choice.as_object_mut() else {
                continue;
            };
            let index = choice
                .get("index")
                .and_then(Value::as_u64)
                .unwrap_or(position as u64);
            let carried = carried_channels(index, choice);
            let text = Channel {
                key: ChannelKey::Text { choice: index },
                kind: TextKind::Content,
            };
            if let Some(Value::String(piece)) = choice.get_mut("text") {
                self.open(text, true);
                *piece = rewriter.push(&text, piece);
            }
            if let Some(delta) = choice.get_mut("delta").and_then(Value::as_object_mut) {
                if let Some(Value::String(piece)) = delta.get_mut("content") {
                    self.open(text, false);
                    *piece = rewriter.push(&text, piece);
                }
                for (k, call) in delta
                    .get_mut("tool_calls")
                    .and_then(Value::as_array_mut)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    let call_index = call
                        .get("index")
                        .and_then(Value::as_u64)
                        .unwrap_or(k as u64);
                    if let Some(Value::String(piece)) = call.pointer_mut("/function/arguments") {
                        let channel = Channel {
                            key: ChannelKey::ToolArguments {
                                choice: index,
                                call: call_index,
                            },
                            kind: TextKind::ToolArguments,
                        };
                        self.open(channel, false);
                        *piece = rewriter.push(&channel, piece);
                    }
                }
            }
            // A choice's channels take turns (text, then each tool call): one that carries
            // text now ends the others of its choice (their rest goes into this chunk).
            if !carried.is_empty() {
                self.flush_choice_into(index, choice, &|c| !carried.contains(c), rewriter);
            }
            if choice.get("finish_reason").is_some_and(|f| !f.is_null()) {
                self.flush_choice_into(index, choice, &|_| true, rewriter);
            }
        }
        let mut template = data.clone();
        template.remove("choices");
        self.template = Some(template);
    }

    /// Appends what the choice's channels (those `which` selects) still hold to this choice
    /// object.
    fn flush_choice_into(
        &mut self,
        index: u64,
        choice: &mut Map<String, Value>,
        which: &dyn Fn(&Channel) -> bool,
        rewriter: &mut dyn DeltaRewriter,
    ) {
        let selected = |c: &Channel| channel_choice(c) == Some(index) && which(c);
        let mine: Vec<(Channel, bool)> = self
            .open
            .iter()
            .copied()
            .filter(|(c, _)| selected(c))
            .collect();
        self.open.retain(|(c, _)| !selected(c));
        for (channel, legacy) in mine {
            let rest = rewriter.finish(&channel);
            if rest.is_empty() {
                continue;
            }
            match channel.key {
                ChannelKey::Text { .. } if legacy => {
                    append(choice.entry("text").or_insert(json!("")), &rest)
                }
                ChannelKey::Text { .. } => {
                    let delta = choice.entry("delta").or_insert(json!({}));
                    if let Some(delta) = delta.as_object_mut() {
                        append(delta.entry("content").or_insert(json!("")), &rest);
                    }
                }
                ChannelKey::ToolArguments { call, .. } => {
                    let delta = choice.entry("delta").or_insert(json!({}));
                    let Some(delta) = delta.as_object_mut() else {
                        continue;
                    };
                    let calls = delta.entry("tool_calls").or_insert(json!([]));
                    if !calls.is_array() {
                        *calls = json!([]);
                    }
                    let Some(calls) = calls.as_array_mut() else {
                        continue;
                    };
                    let existing = calls
                        .iter_mut()
                        .find(|c| c.get("index").and_then(Value::as_u64) == Some(call));
                    match existing {
                        Some(c) => {
                            if c.pointer("/function/arguments").is_none() {
                                if let Some(c) = c.as_object_mut() {
                                    c.insert("function".into(), json!({ "arguments": "" }));
                                }
                            }
                            if let Some(args) = c.pointer_mut("/function/arguments") {
                                append(args, &rest);
                            }
                        }
                        None => {
                            calls.push(json!({ "index": call, "function": { "arguments": rest } }))
                        }
                    }
                }
                ChannelKey::Block { .. } | ChannelKey::Response { .. } | ChannelKey::Whole => {}
            }
        }
    }

    /// One chunk with everything the OpenAI channels still hold (before `[DONE]`, an error,
    /// the usage chunk or the end).
    fn flush_openai(&mut self, rewriter: &mut dyn DeltaRewriter, out: &mut Vec<u8>) {
        let mut indices: Vec<u64> = Vec::new();
        for index in self.open.iter().filter_map(|(c, _)| channel_choice(c)) {
            if !indices.contains(&index) {
                indices.push(index);
            }
        }
        let mut choices = Vec::new();
        for index in indices {
            let mut choice = Map::new();
            choice.insert("index".into(), json!(index));
            self.flush_choice_into(index, &mut choice, &|_| true, rewriter);
            if choice.len() > 1 {
                if !choice.contains_key("text") {
                    choice.entry("delta").or_insert(json!({}));
                }
                choice.insert("finish_reason".into(), Value::Null);
                choices.push(Value::Object(choice));
            }
        }
        if choices.is_empty() {
            return;
        }
        let mut chunk = self.template.clone().unwrap_or_default();
        if chunk.contains_key("usage") {
            chunk.insert("usage".into(), Value::Null);
        }
        chunk.insert("choices".into(), Value::Array(choices));
        SseEvent::data(Value::Object(chunk).to_string()).write_to(out);
    }

    /// What the blocks `which` selects still hold: one `content_block_delta` each, in the
    /// order the blocks began.
    fn flush_blocks(
        &mut self,
        which: &dyn Fn(u64) -> bool,
        rewriter: &mut dyn DeltaRewriter,
        out: &mut Vec<u8>,
    ) {
        let is_block = |c: &Channel| matches!(c.key, ChannelKey::Block { index } if which(index));
        let blocks: Vec<Channel> = self.open.iter().map(|(c, _)| *c).filter(is_block).collect();
        self.open.retain(|(c, _)| !is_block(c));
        for channel in blocks {
            let rest = rewriter.finish(&channel);
            let ChannelKey::Block { index } = channel.key else {
                continue;
            };
            if rest.is_empty() {
                continue;
            }
            let delta = match channel.kind {
                TextKind::ToolArguments => {
                    json!({ "type": "input_json_delta", "partial_json": rest })
                }
                _ => json!({ "type": "text_delta", "text": rest }),
            };
            let data = json!({ "type": "content_block_delta", "index": index, "delta": delta });
            SseEvent::named("content_block_delta", data.to_string()).write_to(out);
        }
    }
}

/// The channels a chat choice carries a non-empty piece for in this chunk.
fn carried_channels(index: u64, choice: &Map<String, Value>) -> Vec<Channel> {
    let non_empty = |v: Option<&Value>| v.and_then(Value::as_str).is_some_and(|s| !s.is_empty());
    let mut carried = Vec::new();
    let text = Channel {
        key: ChannelKey::Text { choice: index },
        kind: TextKind::Content,
    };
    let delta = choice.get("delta");
    if non_empty(choice.get("text")) || non_empty(delta.and_then(|d| d.get("content"))) {
        carried.push(text);
    }
    let calls = delta
        .and_then(|d| d.get("tool_calls"))
        .and_then(Value::as_array);
    for (k, call) in calls.into_iter().flatten().enumerate() {
        if non_empty(call.pointer("/function/arguments")) {
            let call_index = call
                .get("index")
                .and_then(Value::as_u64)
                .unwrap_or(k as u64);
            carried.push(Channel {
                key: ChannelKey::ToolArguments {
                    choice: index,
                    call: call_index,
                },
                kind: TextKind::ToolArguments,
            });
        }
    }
    carried
}

/// A text that is not part of any channel, rewritten at once (JSON text stays JSON).
fn whole(text: &str, rewriter: &mut dyn DeltaRewriter) -> String {
    if text.is_empty() {
        return String::new();
    }
    let kind = if text.trim_start().starts_with(['{', '[']) {
        TextKind::ToolArguments
    } else {
        TextKind::Content
    };
    let channel = Channel {
        key: ChannelKey::Whole,
        kind,
    };
    let mut done = rewriter.push(&channel, text);
    done.push_str(&rewriter.finish(&channel));
    done
}

/// Every string value (not the keys) rewritten whole.
fn strings_whole(v: &mut Value, rewriter: &mut dyn DeltaRewriter) {
    match v {
        Value::String(s) => *s = whole(s, rewriter),
        Value::Array(items) => items.iter_mut().for_each(|x| strings_whole(x, rewriter)),
        Value::Object(map) => map.values_mut().for_each(|x| strings_whole(x, rewriter)),
        _ => {}
    }
}

/// A content block given whole (in `message_start`): its text and a tool call's input.
fn block_whole(block: &mut Map<String, Value>, rewriter: &mut dyn DeltaRewriter) {
    if block.get("type") == Some(&json!("text")) {
        if let Some(Value::String(text)) = block.get_mut("text") {
            *text = whole(text, rewriter);
        }
    }
    if let Some(input) = block.get_mut("input") {
        strings_whole(input, rewriter);
    }
}

/// Comment lines are text a raw reader sees: rewritten whole like any other.
fn rewrite_comments(event: &mut SseEvent, rewriter: &mut dyn DeltaRewriter) {
    for comment in event.comments.iter_mut() {
        if !comment.is_empty() {
            *comment = whole(comment, rewriter);
        }
    }
}

impl DeltaStream {
    /// One `response.<name>` event of the Responses API.
    fn responses_event(
        &mut self,
        name: &str,
        data: &mut Map<String, Value>,
        rewriter: &mut dyn DeltaRewriter,
        out: &mut Vec<u8>,
    ) {
        let output = data
            .get("output_index")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        let part = ["content_index", "summary_index"]
            .iter()
            .find_map(|k| data.get(*k).and_then(Value::as_u64))
            .unwrap_or(0);
        if let Some((family, stage)) = name.rsplit_once('.') {
            if let Some((field, whole)) = ResponseField::from_family(family) {
                let key = ChannelKey::Response {
                    output,
                    part,
                    field,
                };
                match stage {
                    "delta" => {
                        // Texts stream one after the other: this one ends any other.
                        self.flush_responses(Some(key), rewriter, out);
                        self.response_delta(key, field, data, rewriter);
                    }
                    "done" => {
                        self.flush_responses(Some(key), rewriter, out);
                        self.flush_response(key, Some(&*data), rewriter, out);
                        if let Some(Value::String(text)) = data.get_mut(whole) {
                            *text = self.repeated(key, text, rewriter);
                        }
                    }
                    _ => {}
                }
                return;
            }
        }
        match name {
            "content_part.added"
            | "content_part.done"
            | "reasoning_summary_part.added"
            | "reasoning_summary_part.done" => {
                // A part begins or ends: every text before it is complete.
                self.flush_all(rewriter, out);
                if let Some(p) = data.get_mut("part").and_then(Value::as_object_mut) {
                    let field = if name.starts_with("reasoning") {
                        ResponseField::Summary
                    } else {
                        ResponseField::Text
                    };
                    self.repeated_part(output, part, field, p, rewriter);
                }
            }
            "output_item.added" | "output_item.done" => {
                self.flush_all(rewriter, out);
                if let Some(item) = data.get_mut("item").and_then(Value::as_object_mut) {
                    self.repeated_item(output, item, rewriter);
                }
            }
            _ if data.get("response").is_some() => {
                // `response.created`, `in_progress`, `completed`, `incomplete`, `failed`...:
                // after all the text, the response object with every output item so far.
                self.flush_all(rewriter, out);
                let items = data
                    .get_mut("response")
                    .and_then(|r| r.get_mut("output"))
                    .and_then(Value::as_array_mut);
                for (k, item) in items.into_iter().flatten().enumerate() {
                    if let Some(item) = item.as_object_mut() {
                        self.repeated_item(k as u64, item, rewriter);
                    }
                }
            }
            // Side events (annotations, tool-call progress): they end no text.
            _ => {}
        }
    }

    fn response_delta(
        &mut self,
        key: ChannelKey,
        field: ResponseField,
        data: &mut Map<String, Value>,
        rewriter: &mut dyn DeltaRewriter,
    ) {
        let channel = Channel {
            key,
            kind: field.kind(),
        };
        let mut template = data.clone();
        let Some(Value::String(piece)) = data.get_mut("delta") else {
            return;
        };
        self.open(channel, false);
        template.remove("delta");
        let released = rewriter.push(&channel, piece);
        let state = match self.responses.iter().position(|(k, _)| *k == key) {
            Some(i) => self.responses.get_mut(i).map(|(_, s)| s),
            None => {
                self.responses.push((key, ResponseText::default()));
                self.responses.last_mut().map(|(_, s)| s)
            }
        };
        if let Some(state) = state {
            state.original.push_str(piece);
            state.released.push_str(&released);
            state.template = template;
        }
        *piece = released;
    }

    /// The channel ends: what it holds goes out as one more `.delta` event (built from `done`,
    /// the event that ends it, or from its last delta).
    fn flush_response(
        &mut self,
        key: ChannelKey,
        done: Option<&Map<String, Value>>,
        rewriter: &mut dyn DeltaRewriter,
        out: &mut Vec<u8>,
    ) {
        let ChannelKey::Response { field, .. } = key else {
            return;
        };
        let Some(at) = self.open.iter().position(|(c, _)| c.key == key) else {
            return;
        };
        let (channel, _) = self.open.remove(at);
        let rest = rewriter.finish(&channel);
        let Some((_, state)) = self.responses.iter_mut().find(|(k, _)| *k == key) else {
            return;
        };
        if rest.is_empty() {
            return;
        }
        state.released.push_str(&rest);
        let mut event = state.template.clone();
        if let Some(done) = done {
            for k in ["item_id", "output_index", "content_index", "summary_index"] {
                if let Some(v) = done.get(k) {
                    event.insert(k.into(), v.clone());
                }
            }
        }
        match self.sequence.insert() {
            Some(n) => event.insert("sequence_number".into(), json!(n)),
            None => event.remove("sequence_number"),
        };
        let name = format!("response.{}.delta", field.family());
        event.insert("type".into(), json!(name));
        event.insert("delta".into(), json!(rest));
        SseEvent::named(&name, Value::Object(event).to_string()).write_to(out);
    }

    /// What every open Responses channel but `except` holds, as one `.delta` event each.
    fn flush_responses(
        &mut self,
        except: Option<ChannelKey>,
        rewriter: &mut dyn DeltaRewriter,
        out: &mut Vec<u8>,
    ) {
        let keys: Vec<ChannelKey> = self
            .open
            .iter()
            .map(|(c, _)| c.key)
            .filter(|k| matches!(k, ChannelKey::Response { .. }) && Some(*k) != except)
            .collect();
        for key in keys {
            self.flush_response(key, None, rewriter, out);
        }
    }

    /// A whole text an event repeats: what the channel released when it is the text its
    /// deltas carried, else the text rewritten whole.
    fn repeated(
        &mut self,
        key: ChannelKey,
        text: &str,
        rewriter: &mut dyn DeltaRewriter,
    ) -> String {
        let open = self.open.iter().any(|(c, _)| c.key == key);
        if let Some((_, state)) = self.responses.iter().find(|(k, _)| *k == key) {
            if state.original == text && !open {
                return state.released.clone();
            }
        }
        if text.is_empty() {
            return String::new();
        }
        let kind = match key {
            ChannelKey::Response { field, .. } => field.kind(),
            _ => TextKind::Content,
        };
        let whole = Channel {
            key: ChannelKey::Whole,
            kind,
        };
        let mut done = rewriter.push(&whole, text);
        done.push_str(&rewriter.finish(&whole));
        done
    }

    /// A content (or summary) part object: its `text` or `refusal`.
    fn repeated_part(
        &mut self,
        output: u64,
        part: u64,
        text_field: ResponseField,
        p: &mut Map<String, Value>,
        rewriter: &mut dyn DeltaRewriter,
    ) {
        for (name, field) in [("text", text_field), ("refusal", ResponseField::Refusal)] {
            let key = ChannelKey::Response {
                output,
                part,
                field,
            };
            if let Some(Value::String(text)) = p.get_mut(name) {
                *text = self.repeated(key, text, rewriter);
            }
        }
    }

    /// An output item: message content parts, function call arguments, reasoning texts.
    fn repeated_item(
        &mut self,
        output: u64,
        item: &mut Map<String, Value>,
        rewriter: &mut dyn DeltaRewriter,
    ) {
        let key = ChannelKey::Response {
            output,
            part: 0,
            field: ResponseField::Arguments,
        };
        if let Some(Value::String(text)) = item.get_mut("arguments") {
            *text = self.repeated(key, text, rewriter);
        }
        let lists = [
            ("content", ResponseField::Text),
            ("summary", ResponseField::Summary),
        ];
        for (list, field) in lists {
            let reasoning = item.get("type") == Some(&json!("reasoning"));
            let field = if reasoning && list == "content" {
                ResponseField::Reasoning
            } else {
                field
            };
            let Some(Value::Array(parts)) = item.get_mut(list) else {
                continue;
            };
            for (k, p) in parts.iter_mut().enumerate() {
                if let Some(p) = p.as_object_mut() {
                    self.repeated_part(output, k as u64, field, p, rewriter);
                }
            }
        }
    }
}

fn channel_choice(c: &Channel) -> Option<u64> {
    match c.key {
        ChannelKey::Text { choice } | ChannelKey::ToolArguments { choice, .. } => Some(choice),
        ChannelKey::Block { .. } | ChannelKey::Response { .. } | ChannelKey::Whole => None,
    }
}

fn append(v: &mut Value, rest: &str) {
    match v {
        Value::String(s) => s.push_str(rest),
        other => *other = Value::String(rest.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Upper-cases and holds everything until the channel ends.
    #[derive(Default)]
    struct HoldAll {
        held: HashMap<ChannelKey, String>,
    }

    impl DeltaRewriter for HoldAll {
        fn push(&mut self, channel: &Channel, piece: &str) -> String {
            self.held.entry(channel.key).or_default().push_str(piece);
            String::new()
        }
        fn finish(&mut self, channel: &Channel) -> String {
            self.held
                .remove(&channel.key)
                .unwrap_or_default()
                .to_uppercase()
        }
    }

    fn run(input: &str) -> Vec<SseEvent> {
        let mut stream = DeltaStream::new();
        let mut r = HoldAll::default();
        let mut out = Vec::new();
        for b in input.as_bytes().chunks(7) {
            out.extend(stream.push(b, &mut r));
        }
        out.extend(stream.finish(&mut r));
        SseParser::new().push(&out)
    }

    #[test]
    fn openai_text_flushes_at_the_tool_call_and_tool_calls_at_finish_reason() {
        let input = concat!(
            "data: {\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"he\"},\"finish_reason\":null}]}\n\n",
            "data: {\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"llo\"},\"finish_reason\":null}]}\n\n",
            "data: {\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\":\"}}]},\"finish_reason\":null}]}\n\n",
            "data: {\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"x\\\"}\"}}]},\"finish_reason\":null}]}\n\n",
            "data: {\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
            "data: [DONE]\n\n",
        );
        let events = run(input);
        assert_eq!(events.len(), 6);
        let v = |i: usize| serde_json::from_str::<Value>(&events[i].data).unwrap();
        assert_eq!(v(0)["choices"][0]["delta"]["content"], "");
        assert_eq!(v(0)["choices"][0]["delta"]["role"], "assistant");
        // The text ends where the tool call begins: its rest goes with the call's first piece.
        assert_eq!(v(2)["choices"][0]["delta"]["content"], "HELLO");
        let last = v(4);
        assert_eq!(last["choices"][0]["delta"].get("content"), None);
        assert_eq!(
            last["choices"][0]["delta"]["tool_calls"][0]["function"]["arguments"],
            "{\"A\":\"X\"}"
        );
        assert_eq!(last["choices"][0]["finish_reason"], "stop");
        assert!(events[5].is_done());
    }

    #[test]
    fn openai_without_finish_reason_flushes_before_done() {
        let input = "data: {\"id\":\"c\",\"usage\":null,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"abc\"},\"finish_reason\":null}]}\n\ndata: [DONE]\n\n";
        let events = run(input);
        assert_eq!(events.len(), 3);
        let flush: Value = serde_json::from_str(&events[1].data).unwrap();
        assert_eq!(
            flush,
            json!({"id": "c", "usage": null, "choices": [{"index": 0, "delta": {"content": "ABC"}, "finish_reason": null}]})
        );
    }

    #[test]
    fn anthropic_blocks_flush_before_stop() {
        let input = concat!(
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hé\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"llo\"}}\n\n",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
        );
        let events = run(input);
        let names: Vec<&str> = events
            .iter()
            .map(|e| e.event.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(
            names,
            [
                "content_block_start",
                "content_block_delta",
                "content_block_delta",
                "content_block_delta",
                "content_block_stop",
                "content_block_delta",
                "content_block_delta",
                "message_stop"
            ]
        );
        let flushed: Value = serde_json::from_str(&events[3].data).unwrap();
        assert_eq!(
            flushed["delta"],
            json!({"type": "text_delta", "text": "HÉLLO"})
        );
        let json_flush: Value = serde_json::from_str(&events[6].data).unwrap();
        assert_eq!(
            json_flush["delta"],
            json!({"type": "input_json_delta", "partial_json": "{}"})
        );
    }

    #[test]
    fn comments_and_non_json_data_are_rewritten_whole() {
        let events = run(": ping\n\ndata: not json\n\n");
        assert_eq!(events[0].comments, ["PING"]);
        assert_eq!(events[1].data, "NOT JSON");
        assert_eq!(events.len(), 2);
    }

    #[test]
    fn anthropic_text_in_block_start_is_the_first_piece() {
        let input = concat!(
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"hi \"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"there\"}}\n\n",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
        );
        let events = run(input);
        let v = |i: usize| serde_json::from_str::<Value>(&events[i].data).unwrap();
        assert_eq!(v(0)["content_block"]["text"], "");
        assert_eq!(v(1)["delta"]["text"], "");
        assert_eq!(
            v(2)["delta"],
            json!({"type": "text_delta", "text": "HI THERE"})
        );
        assert_eq!(events[3].event.as_deref(), Some("content_block_stop"));
    }

    fn responses_event(name: &str, data: Value) -> String {
        format!("event: {name}\ndata: {data}\n\n")
    }

    #[test]
    fn responses_deltas_flush_before_done_and_repeats_get_the_released_text() {
        let msg = |text: &str| json!({"id": "m1", "type": "message", "role": "assistant", "content": [{"type": "output_text", "text": text, "annotations": []}]});
        let input = [
            responses_event("response.created", json!({"type": "response.created", "sequence_number": 0, "response": {"id": "r", "output": []}})),
            responses_event("response.output_item.added", json!({"type": "response.output_item.added", "sequence_number": 1, "output_index": 0, "item": {"id": "m1", "type": "message", "content": []}})),
            responses_event("response.content_part.added", json!({"type": "response.content_part.added", "sequence_number": 2, "item_id": "m1", "output_index": 0, "content_index": 0, "part": {"type": "output_text", "text": ""}})),
            responses_event("response.output_text.delta", json!({"type": "response.output_text.delta", "sequence_number": 3, "item_id": "m1", "output_index": 0, "content_index": 0, "delta": "he"})),
            responses_event("response.output_text.delta", json!({"type": "response.output_text.delta", "sequence_number": 4, "item_id": "m1", "output_index": 0, "content_index": 0, "delta": "llo"})),
            responses_event("response.output_text.done", json!({"type": "response.output_text.done", "sequence_number": 5, "item_id": "m1", "output_index": 0, "content_index": 0, "text": "hello"})),
            responses_event("response.content_part.done", json!({"type": "response.content_part.done", "sequence_number": 6, "item_id": "m1", "output_index": 0, "content_index": 0, "part": {"type": "output_text", "text": "hello"}})),
            responses_event("response.output_item.done", json!({"type": "response.output_item.done", "sequence_number": 7, "output_index": 0, "item": msg("hello")})),
            responses_event("response.completed", json!({"type": "response.completed", "sequence_number": 8, "response": {"id": "r", "output": [msg("hello"), {"type": "function_call", "name": "f", "arguments": "{\"a\":\"b\"}"}]}})),
        ]
        .concat();
        let events = run(&input);
        let v = |i: usize| serde_json::from_str::<Value>(&events[i].data).unwrap();
        let names: Vec<&str> = events
            .iter()
            .map(|e| e.event.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(
            names[3..7],
            [
                "response.output_text.delta",
                "response.output_text.delta",
                "response.output_text.delta",
                "response.output_text.done"
            ]
        );
        assert_eq!(v(3)["delta"], "");
        assert_eq!(v(4)["delta"], "");
        assert_eq!(
            v(5),
            json!({"type": "response.output_text.delta", "sequence_number": 5, "item_id": "m1", "output_index": 0, "content_index": 0, "delta": "HELLO"})
        );
        // The inserted delta took 5; `.done` and every event after it moved up by one.
        let numbers: Vec<Value> = (0..events.len())
            .map(|i| v(i)["sequence_number"].clone())
            .collect();
        assert_eq!(numbers, (0..10).map(|n| json!(n)).collect::<Vec<_>>());
        assert_eq!(v(6)["text"], "HELLO");
        assert_eq!(v(7)["part"]["text"], "HELLO");
        assert_eq!(v(8)["item"]["content"][0]["text"], "HELLO");
        assert_eq!(v(9)["response"]["output"][0]["content"][0]["text"], "HELLO");
        // Text no delta carried is rewritten whole.
        assert_eq!(v(9)["response"]["output"][1]["arguments"], "{\"A\":\"B\"}");
    }

    #[test]
    fn responses_stream_cut_before_done_flushes_at_the_end() {
        let input = responses_event(
            "response.function_call_arguments.delta",
            json!({"type": "response.function_call_arguments.delta", "item_id": "f1", "output_index": 1, "delta": "{\"q\":1}"}),
        );
        let events = run(&input);
        assert_eq!(events.len(), 2);
        let last: Value = serde_json::from_str(&events[1].data).unwrap();
        assert_eq!(
            last,
            json!({"type": "response.function_call_arguments.delta", "item_id": "f1", "output_index": 1, "delta": "{\"Q\":1}"})
        );
    }

    /// Events as (event name, data JSON or raw text), for hand-written expectations.
    fn shapes(events: &[SseEvent]) -> Vec<(String, Value)> {
        events
            .iter()
            .map(|e| {
                let data = serde_json::from_str(&e.data).unwrap_or_else(|_| json!(e.data));
                (e.event.clone().unwrap_or_default(), data)
            })
            .collect()
    }

    fn chunk(content: &str) -> String {
        format!(
            "data: {}\n\n",
            json!({"id": "c", "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": null}]})
        )
    }

    #[test]
    fn held_chat_text_goes_before_an_error_chunk() {
        let input = [
            chunk("he"),
            chunk("llo"),
            "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n".into(),
        ]
        .concat();
        assert_eq!(
            shapes(&run(&input)),
            [
                (
                    "".into(),
                    json!({"id": "c", "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": null}]})
                ),
                (
                    "".into(),
                    json!({"id": "c", "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": null}]})
                ),
                (
                    "".into(),
                    json!({"id": "c", "choices": [{"index": 0, "delta": {"content": "HELLO"}, "finish_reason": null}]})
                ),
                // The error's strings are rewritten whole too.
                (
                    "".into(),
                    json!({"error": {"message": "OVERLOADED", "type": "SERVER_ERROR"}})
                ),
            ]
        );
    }

    #[test]
    fn held_chat_text_goes_before_the_usage_chunk_and_done() {
        let input = [
            chunk("abc"),
            "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"total_tokens\":3}}\n\n".into(),
            "data: [DONE]\n\n".into(),
        ]
        .concat();
        assert_eq!(
            shapes(&run(&input)),
            [
                (
                    "".into(),
                    json!({"id": "c", "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": null}]})
                ),
                (
                    "".into(),
                    json!({"id": "c", "choices": [{"index": 0, "delta": {"content": "ABC"}, "finish_reason": null}]})
                ),
                (
                    "".into(),
                    json!({"id": "c", "choices": [], "usage": {"total_tokens": 3}})
                ),
                ("".into(), json!("[DONE]")),
            ]
        );
    }

    #[test]
    fn held_chat_text_goes_with_the_first_tool_call_piece_and_a_data_line_that_is_not_json() {
        let tool = |args: &str| {
            format!(
                "data: {}\n\n",
                json!({"id": "c", "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": args}}]}, "finish_reason": null}]})
            )
        };
        let input = [
            chunk("see "),
            tool("{\"a\":"),
            tool("1}"),
            "data: oops\n\n".into(),
        ]
        .concat();
        assert_eq!(
            shapes(&run(&input)),
            [
                (
                    "".into(),
                    json!({"id": "c", "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": null}]})
                ),
                (
                    "".into(),
                    json!({"id": "c", "choices": [{"index": 0, "delta": {"content": "SEE ", "tool_calls": [{"index": 0, "function": {"arguments": ""}}]}, "finish_reason": null}]})
                ),
                (
                    "".into(),
                    json!({"id": "c", "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": ""}}]}, "finish_reason": null}]})
                ),
                (
                    "".into(),
                    json!({"id": "c", "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": "{\"A\":1}"}}]}, "finish_reason": null}]})
                ),
                ("".into(), json!("OOPS")),
            ]
        );
    }

    #[test]
    fn keep_alives_do_not_release_held_text() {
        let input = [
            chunk("he"),
            ": keep-alive\n\n".into(),
            "retry: 500\n\n".into(),
            "event: ping\n\n".into(),
            chunk("llo"),
        ]
        .concat();
        let events = run(&input);
        assert_eq!(events[1].comments, ["KEEP-ALIVE"]);
        assert_eq!(events[2].retry, Some(500));
        assert_eq!(events[3].event.as_deref(), Some("ping"));
        assert_eq!(
            shapes(&events[4..]),
            [
                (
                    "".into(),
                    json!({"id": "c", "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": null}]})
                ),
                (
                    "".into(),
                    json!({"id": "c", "choices": [{"index": 0, "delta": {"content": "HELLO"}, "finish_reason": null}]})
                ),
            ]
        );
    }

    #[test]
    fn other_choices_do_not_release_a_choice() {
        let two = |i: u64, text: &str| {
            format!(
                "data: {}\n\n",
                json!({"id": "c", "choices": [{"index": i, "delta": {"content": text}, "finish_reason": null}]})
            )
        };
        let input = [
            two(0, "a"),
            two(1, "b"),
            two(0, "c"),
            "data: [DONE]\n\n".into(),
        ]
        .concat();
        let events = shapes(&run(&input));
        assert_eq!(
            events[3],
            (
                "".into(),
                json!({"id": "c", "choices": [
                    {"index": 0, "delta": {"content": "AC"}, "finish_reason": null},
                    {"index": 1, "delta": {"content": "B"}, "finish_reason": null}]})
            )
        );
        assert_eq!(events.len(), 5);
    }

    fn named(name: &str, data: Value) -> String {
        format!("event: {name}\ndata: {data}\n\n")
    }

    #[test]
    fn held_anthropic_text_goes_before_an_error_and_before_the_next_block() {
        let delta = |i: u64, t: &str| {
            named(
                "content_block_delta",
                json!({"type": "content_block_delta", "index": i, "delta": {"type": "text_delta", "text": t}}),
            )
        };
        let input = [
            named("content_block_start", json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})),
            delta(0, "hé"),
            // No content_block_stop for block 0: the next block's start ends it.
            named("content_block_start", json!({"type": "content_block_start", "index": 1,
                "content_block": {"type": "tool_use", "id": "t1", "name": "send", "input": {"to": "ann", "n": [1, "x"]}}})),
            named("content_block_delta", json!({"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": "{}"}})),
            named("ping", json!({"type": "ping"})),
            named("error", json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})),
        ]
        .concat();
        assert_eq!(
            shapes(&run(&input)),
            [
                (
                    "content_block_start".into(),
                    json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})
                ),
                (
                    "content_block_delta".into(),
                    json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": ""}})
                ),
                (
                    "content_block_delta".into(),
                    json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "HÉ"}})
                ),
                // A tool call's input given whole at its start: its strings rewritten whole.
                (
                    "content_block_start".into(),
                    json!({"type": "content_block_start", "index": 1,
                    "content_block": {"type": "tool_use", "id": "t1", "name": "send", "input": {"to": "ANN", "n": [1, "X"]}}})
                ),
                (
                    "content_block_delta".into(),
                    json!({"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": ""}})
                ),
                ("ping".into(), json!({"type": "ping"})),
                (
                    "content_block_delta".into(),
                    json!({"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": "{}"}})
                ),
                (
                    "error".into(),
                    json!({"type": "ERROR", "error": {"type": "OVERLOADED_ERROR", "message": "OVERLOADED"}})
                ),
            ]
        );
    }

    #[test]
    fn content_in_message_start_is_rewritten_whole() {
        let input = named(
            "message_start",
            json!({"type": "message_start", "message": {"id": "m", "content": [
                {"type": "text", "text": "hi"}, {"type": "tool_use", "name": "f", "input": {"q": "x"}}]}}),
        );
        assert_eq!(
            shapes(&run(&input)),
            [(
                "message_start".into(),
                json!({"type": "message_start", "message": {"id": "m", "content": [
                    {"type": "text", "text": "HI"}, {"type": "tool_use", "name": "f", "input": {"q": "X"}}]}})
            )]
        );
    }

    #[test]
    fn held_responses_text_goes_before_the_next_text_and_response_completed() {
        let delta = |output: u64, d: &str| {
            responses_event(
                "response.output_text.delta",
                json!({"type": "response.output_text.delta", "output_index": output, "content_index": 0, "delta": d}),
            )
        };
        let input = [
            delta(0, "ab"),
            responses_event(
                "response.output_text.annotation.added",
                json!({"type": "response.output_text.annotation.added", "output_index": 0, "content_index": 0, "annotation": {}}),
            ),
            delta(0, "c"),
            // No `.done` for output 0: output 1's text ends it.
            delta(1, "de"),
            responses_event(
                "response.completed",
                json!({"type": "response.completed", "response": {"output": [
                    {"type": "message", "content": [{"type": "output_text", "text": "abc"}]},
                    {"type": "message", "content": [{"type": "output_text", "text": "de"}]}]}}),
            ),
        ]
        .concat();
        let d = |output: u64, text: &str| {
            (
                "response.output_text.delta".to_string(),
                json!({"type": "response.output_text.delta", "output_index": output, "content_index": 0, "delta": text}),
            )
        };
        assert_eq!(
            shapes(&run(&input)),
            [
                d(0, ""),
                (
                    "response.output_text.annotation.added".into(),
                    json!({"type": "response.output_text.annotation.added", "output_index": 0, "content_index": 0, "annotation": {}})
                ),
                d(0, ""),
                d(0, "ABC"),
                d(1, ""),
                d(1, "DE"),
                (
                    "response.completed".into(),
                    json!({"type": "response.completed", "response": {"output": [
                        {"type": "message", "content": [{"type": "output_text", "text": "ABC"}]},
                        {"type": "message", "content": [{"type": "output_text", "text": "DE"}]}]}})
                ),
            ]
        );
    }
}

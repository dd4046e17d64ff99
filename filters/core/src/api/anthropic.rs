//! Anthropic Messages API models: request, response, usage and the SSE stream events.

use super::text::{
    text_segments, visit_block_field, visit_block_field_mut, visit_definition,
    visit_definition_mut, visit_string_leaves, visit_string_leaves_mut, visit_text_blocks,
    visit_text_blocks_mut,
};
use super::{keep_null, BodyError, Extra, TextKind, VisitTexts};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// `POST /v1/messages`. `model` may be absent (Vertex/Bedrock take it from the path): it then
/// reads as "" and stays absent when written.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MessagesRequest {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub model: String,
    pub messages: Vec<AnthropicMessage>,
    /// A string or an array of `text` blocks. An explicit `null` is `Some(Value::Null)`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "keep_null"
    )]
    pub system: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl MessagesRequest {
    pub fn is_streaming(&self) -> bool {
        self.stream == Some(true)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnthropicMessage {
    pub role: String,
    pub content: AnthropicContent,
    #[serde(flatten)]
    pub extra: Extra,
}

impl AnthropicMessage {
    pub fn text(role: impl Into<String>, text: impl Into<String>) -> Self {
        AnthropicMessage {
            role: role.into(),
            content: AnthropicContent::Text(text.into()),
            extra: Extra::new(),
        }
    }
}

/// A message's `content`: a string or an array of blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnthropicContent {
    Text(String),
    Blocks(Vec<ContentBlock>),
}

/// A content block: `text`, `image`, `document`, `tool_use` (`input` object), `tool_result`
/// (`content`: string or blocks), `thinking`... Fields of other types live in `extra`.
/// An explicit `null` in `input` or `content` is `Some(Value::Null)`, so it is written back.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ContentBlock {
    pub r#type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "keep_null"
    )]
    pub input: Option<Value>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "keep_null"
    )]
    pub content: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ContentBlock {
    pub fn text(text: impl Into<String>) -> Self {
        ContentBlock {
            r#type: "text".into(),
            text: Some(text.into()),
            ..Default::default()
        }
    }
}

/// A non-streamed response; also the `message` of a `message_start` event.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MessagesResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    pub content: Vec<ContentBlock>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<AnthropicUsage>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl MessagesResponse {
    /// Kept in `extra` so a `null` (in `message_start`) survives re-serialization.
    pub fn stop_reason(&self) -> Option<&str> {
        self.extra.get("stop_reason").and_then(Value::as_str)
    }
}

/// Usage of a response or `message_start`. Input and output read as 0 when left out.
/// Total input is `input_tokens + cache_creation_input_tokens + cache_read_input_tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AnthropicUsage {
    #[serde(default)]
    pub input_tokens: u64,
    #[serde(default)]
    pub output_tokens: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_creation_input_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_read_input_tokens: Option<u64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Usage of a `message_delta`: cumulative counts, usually only `output_tokens`. Every count is
/// optional so that re-serializing never adds a 0 a client would take as the new value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeltaUsage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_creation_input_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_read_input_tokens: Option<u64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The JSON payload of one SSE event of a streamed response. The `type` field selects the
/// variant and is not repeated in the structs. Unknown types, and known types whose payload does
/// not have the expected shape, are kept whole as `Other`, so any event can be written back.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    MessageStart(MessageStart),
    ContentBlockStart(ContentBlockStart),
    ContentBlockDelta(ContentBlockDelta),
    ContentBlockStop(ContentBlockStop),
    MessageDelta(MessageDelta),
    /// The event's fields other than `type`.
    MessageStop(Extra),
    Ping(Extra),
    Error(ErrorEvent),
    Other(Value),
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MessageStart {
    pub message: MessagesResponse,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ContentBlockStart {
    pub index: u32,
    pub content_block: ContentBlock,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ContentBlockDelta {
    pub index: u32,
    pub delta: BlockDelta,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `text_delta` (`text`), `input_json_delta` (`partial_json`); `thinking_delta` and
/// `signature_delta` keep their fields in `extra`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BlockDelta {
    pub r#type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial_json: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ContentBlockStop {
    pub index: u32,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MessageDelta {
    pub delta: MessageDeltaBody,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<DeltaUsage>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `stop_sequence` (often `null`) stays in `extra`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MessageDeltaBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_reason: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ErrorEvent {
    /// `{"type": "overloaded_error", "message": ...}`
    pub error: Value,
    #[serde(flatten)]
    pub extra: Extra,
}

impl StreamEvent {
    /// Parses an SSE `data` payload. Fails only on invalid JSON or a non-object.
    pub fn from_json(data: &str) -> Result<Self, BodyError> {
        match serde_json::from_str(data) {
            Ok(value @ Value::Object(_)) => Ok(Self::from_value(value)),
            Ok(_) => Err(BodyError::NotAnObject),
            Err(e) => Err(BodyError::NotJson(format!(
                "at line {} column {}",
                e.line(),
                e.column()
            ))),
        }
    }

    /// Never fails: whatever does not fit a variant is `Other`.
    pub fn from_value(value: Value) -> Self {
        let Value::Object(mut map) = value else {
            return StreamEvent::Other(value);
        };
        let kind = match map.get("type") {
            Some(Value::String(kind)) => kind.clone(),
            _ => return StreamEvent::Other(Value::Object(map)),
        };
        map.shift_remove("type");
        let rest = Value::Object(map);
        fn typed<T: for<'de> Deserialize<'de>>(
            rest: &Value,
            wrap: fn(T) -> StreamEvent,
        ) -> Option<StreamEvent> {
            T::deserialize(rest).ok().map(wrap)
        }
        let parsed = match kind.as_str() {
            "message_start" => typed(&rest, StreamEvent::MessageStart),
            "content_block_start" => typed(&rest, StreamEvent::ContentBlockStart),
            "content_block_delta" => typed(&rest, StreamEvent::ContentBlockDelta),
            "content_block_stop" => typed(&rest, StreamEvent::ContentBlockStop),
            "message_delta" => typed(&rest, StreamEvent::MessageDelta),
            "message_stop" => typed(&rest, StreamEvent::MessageStop),
            "ping" => typed(&rest, StreamEvent::Ping),
            "error" => typed(&rest, StreamEvent::Error),
            _ => None,
        };
        parsed.unwrap_or_else(|| match rest {
            Value::Object(mut map) => {
                map.shift_insert(0, "type".to_owned(), Value::String(kind));
                StreamEvent::Other(Value::Object(map))
            }
            // Built as an object above; kept as it is rather than a panic.
            other => StreamEvent::Other(other),
        })
    }

    /// The `type` field (also the SSE `event:` name Anthropic sends).
    pub fn event_type(&self) -> &str {
        match self {
            StreamEvent::MessageStart(_) => "message_start",
            StreamEvent::ContentBlockStart(_) => "content_block_start",
            StreamEvent::ContentBlockDelta(_) => "content_block_delta",
            StreamEvent::ContentBlockStop(_) => "content_block_stop",
            StreamEvent::MessageDelta(_) => "message_delta",
            StreamEvent::MessageStop(_) => "message_stop",
            StreamEvent::Ping(_) => "ping",
            StreamEvent::Error(_) => "error",
            StreamEvent::Other(v) => v.get("type").and_then(Value::as_str).unwrap_or(""),
        }
    }

    /// The payload as JSON, `type` first as Anthropic writes it.
    pub fn to_value(&self) -> Value {
        let fields = match self {
            StreamEvent::MessageStart(e) => serde_json::to_value(e),
            StreamEvent::ContentBlockStart(e) => serde_json::to_value(e),
            StreamEvent::ContentBlockDelta(e) => serde_json::to_value(e),
            StreamEvent::ContentBlockStop(e) => serde_json::to_value(e),
            StreamEvent::MessageDelta(e) => serde_json::to_value(e),
            StreamEvent::MessageStop(e) | StreamEvent::Ping(e) => Ok(Value::Object(e.clone())),
            StreamEvent::Error(e) => serde_json::to_value(e),
            StreamEvent::Other(v) => return v.clone(),
        };
        // These types have string keys only, so serializing cannot fail.
        let mut map = match fields {
            Ok(Value::Object(map)) => map,
            _ => Extra::new(),
        };
        map.shift_insert(
            0,
            "type".to_owned(),
            Value::String(self.event_type().to_owned()),
        );
        Value::Object(map)
    }

    pub fn to_json(&self) -> String {
        self.to_value().to_string()
    }

    /// The text this event adds to the response, if it is a `text_delta`.
    pub fn text_delta(&self) -> Option<&str> {
        match self {
            StreamEvent::ContentBlockDelta(d) => d.delta.text.as_deref(),
            _ => None,
        }
    }
}

impl Serialize for StreamEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for StreamEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(StreamEvent::from_value)
    }
}

impl ContentBlock {
    fn visit<'a>(&'a self, kind: TextKind, f: &mut dyn FnMut(TextKind, &'a str)) {
        if let Some(text) = &self.text {
            f(kind, text);
        }
        for (key, value) in &self.extra {
            visit_block_field(&self.r#type, key, value, kind, f);
        }
        if let Some(input) = &self.input {
            visit_string_leaves(input, TextKind::ToolInput, f);
        }
        if let Some(content) = &self.content {
            visit_text_blocks(content, TextKind::ToolResult, f);
        }
    }

    fn visit_mut<'a>(&'a mut self, kind: TextKind, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        if let Some(text) = &mut self.text {
            f(kind, text);
        }
        for (key, value) in self.extra.iter_mut() {
            visit_block_field_mut(&self.r#type, key, value, kind, f);
        }
        if let Some(input) = &mut self.input {
            visit_string_leaves_mut(input, TextKind::ToolInput, f);
        }
        if let Some(content) = &mut self.content {
            visit_text_blocks_mut(content, TextKind::ToolResult, f);
        }
    }
}

impl VisitTexts for ContentBlock {
    fn visit_texts<'a>(&'a self, f: &mut dyn FnMut(TextKind, &'a str)) {
        self.visit(TextKind::Content, f)
    }
    fn visit_texts_mut<'a>(&'a mut self, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        self.visit_mut(TextKind::Content, f)
    }
}

impl VisitTexts for AnthropicContent {
    fn visit_texts<'a>(&'a self, f: &mut dyn FnMut(TextKind, &'a str)) {
        match self {
            AnthropicContent::Text(s) => f(TextKind::Content, s),
            AnthropicContent::Blocks(blocks) => blocks.iter().for_each(|b| b.visit_texts(f)),
        }
    }
    fn visit_texts_mut<'a>(&'a mut self, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        match self {
            AnthropicContent::Text(s) => f(TextKind::Content, s),
            AnthropicContent::Blocks(blocks) => {
                blocks.iter_mut().for_each(|b| b.visit_texts_mut(f))
            }
        }
    }
}

impl VisitTexts for AnthropicMessage {
    fn visit_texts<'a>(&'a self, f: &mut dyn FnMut(TextKind, &'a str)) {
        self.content.visit_texts(f)
    }
    fn visit_texts_mut<'a>(&'a mut self, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        self.content.visit_texts_mut(f)
    }
}

impl VisitTexts for MessagesRequest {
    fn visit_texts<'a>(&'a self, f: &mut dyn FnMut(TextKind, &'a str)) {
        if let Some(system) = &self.system {
            visit_text_blocks(system, TextKind::System, f);
        }
        self.messages.iter().for_each(|m| m.visit_texts(f));
        for (key, value) in &self.extra {
            match key.as_str() {
                "tools" => value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .for_each(|tool| visit_definition(tool, f)),
                "stop_sequences" => visit_text_blocks(value, TextKind::Parameter, f),
                _ => {}
            }
        }
    }
    fn visit_texts_mut<'a>(&'a mut self, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        if let Some(system) = &mut self.system {
            visit_text_blocks_mut(system, TextKind::System, f);
        }
        self.messages.iter_mut().for_each(|m| m.visit_texts_mut(f));
        for (key, value) in self.extra.iter_mut() {
            match (key.as_str(), value) {
                ("tools", Value::Array(tools)) => tools
                    .iter_mut()
                    .for_each(|tool| visit_definition_mut(tool, f)),
                ("stop_sequences", value) => visit_text_blocks_mut(value, TextKind::Parameter, f),
                _ => {}
            }
        }
    }
}

impl VisitTexts for MessagesResponse {
    fn visit_texts<'a>(&'a self, f: &mut dyn FnMut(TextKind, &'a str)) {
        self.content.iter().for_each(|b| b.visit_texts(f))
    }
    fn visit_texts_mut<'a>(&'a mut self, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        self.content.iter_mut().for_each(|b| b.visit_texts_mut(f))
    }
}

impl VisitTexts for StreamEvent {
    fn visit_texts<'a>(&'a self, f: &mut dyn FnMut(TextKind, &'a str)) {
        match self {
            StreamEvent::MessageStart(e) => e.message.visit_texts(f),
            StreamEvent::ContentBlockStart(e) => e.content_block.visit_texts(f),
            StreamEvent::ContentBlockDelta(e) => {
                if let Some(text) = &e.delta.text {
                    f(TextKind::Content, text);
                }
                if let Some(json) = &e.delta.partial_json {
                    f(TextKind::ToolArguments, json);
                }
            }
            _ => {}
        }
    }
    fn visit_texts_mut<'a>(&'a mut self, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        match self {
            StreamEvent::MessageStart(e) => e.message.visit_texts_mut(f),
            StreamEvent::ContentBlockStart(e) => e.content_block.visit_texts_mut(f),
            StreamEvent::ContentBlockDelta(e) => {
                if let Some(text) = &mut e.delta.text {
                    f(TextKind::Content, text);
                }
                if let Some(json) = &mut e.delta.partial_json {
                    f(TextKind::ToolArguments, json);
                }
            }
            _ => {}
        }
    }
}

text_segments!(
    ContentBlock,
    AnthropicContent,
    AnthropicMessage,
    MessagesRequest,
    MessagesResponse,
    StreamEvent
);

/// Request-side bounds and helpers the Messages API documents (used by filters that apply a
/// route's policy to `/v1/messages` bodies).
pub mod request_limits {
    /// `temperature` and `top_p` range from 0 to 1 (OpenAI's temperature goes to 2).
    pub const UNIT_RANGE: (f64, f64) = (0.0, 1.0);
    /// `max_tokens` is a required integer of at least 1.
    pub const MIN_MAX_TOKENS: f64 = 1.0;
    /// The only roles of `messages`; system text is the top-level `system`.
    pub const ROLES: [&str; 2] = ["user", "assistant"];
}

impl ContentBlock {
    pub fn is_tool_result(&self) -> bool {
        self.r#type == "tool_result"
    }
}

impl AnthropicContent {
    /// The content as blocks: a string becomes one `text` block.
    pub fn into_blocks(self) -> Vec<ContentBlock> {
        match self {
            AnthropicContent::Text(text) => vec![ContentBlock::text(text)],
            AnthropicContent::Blocks(blocks) => blocks,
        }
    }

    /// Adds a `text` block before the others (a string content becomes blocks).
    pub fn prepend_text(&mut self, text: impl Into<String>) {
        let mut blocks =
            std::mem::replace(self, AnthropicContent::Blocks(Vec::new())).into_blocks();
        blocks.insert(0, ContentBlock::text(text));
        *self = AnthropicContent::Blocks(blocks);
    }

    /// Adds a `text` block after the others (a string content becomes blocks).
    pub fn append_text(&mut self, text: impl Into<String>) {
        let mut blocks =
            std::mem::replace(self, AnthropicContent::Blocks(Vec::new())).into_blocks();
        blocks.push(ContentBlock::text(text));
        *self = AnthropicContent::Blocks(blocks);
    }
}

impl AnthropicMessage {
    /// A user message that answers tool calls: its content starts with a `tool_result` block
    /// (the API wants those first), so it belongs to the assistant turn before it.
    pub fn is_tool_result(&self) -> bool {
        self.role == "user"
            && matches!(&self.content, AnthropicContent::Blocks(b) if b.first().is_some_and(ContentBlock::is_tool_result))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sse::SseParser;
    use serde_json::json;

    fn round_trip<T: serde::de::DeserializeOwned + Serialize>(v: &Value) -> (T, Value) {
        let typed: T = serde_json::from_value(v.clone()).unwrap();
        let back = serde_json::to_value(&typed).unwrap();
        (typed, back)
    }

    #[test]
    fn text_is_added_as_blocks_and_tool_results_are_recognised() {
        let mut content = AnthropicContent::Text("Hi".into());
        content.prepend_text("Before.");
        content.append_text("After.");
        assert_eq!(
            serde_json::to_value(&content).unwrap(),
            json!([
                { "type": "text", "text": "Before." },
                { "type": "text", "text": "Hi" },
                { "type": "text", "text": "After." }
            ])
        );
        let answer: AnthropicMessage = serde_json::from_value(json!({ "role": "user",
            "content": [{ "type": "tool_result", "tool_use_id": "t", "content": "ok" }, { "type": "text", "text": "next" }] }))
        .unwrap();
        assert!(answer.is_tool_result());
        let question: AnthropicMessage = serde_json::from_value(
            json!({ "role": "user", "content": [{ "type": "text", "text": "q" }] }),
        )
        .unwrap();
        assert!(!question.is_tool_result());
        assert!(!AnthropicMessage::text("user", "q").is_tool_result());
    }

    fn request() -> Value {
        json!({
            "model": "claude-sonnet-4-5",
            "max_tokens": 1024,
            "system": [{"type": "text", "text": "You are a support bot.", "cache_control": {"type": "ephemeral"}}],
            "messages": [
                {"role": "user", "content": "My email is ann@example.com"},
                {"role": "assistant", "content": [
                    {"type": "thinking", "thinking": "Look it up.", "signature": "sig=="},
                    {"type": "text", "text": "Let me check."},
                    {"type": "tool_use", "id": "toolu_1", "name": "crm_lookup",
                     "input": {"email": "ann@example.com", "filters": {"tags": ["vip", 3]}, "limit": 5}}
                ]},
                {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_1", "content": [
                        {"type": "text", "text": "Ann, ann@example.com"},
                        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBOR"}}
                    ], "is_error": false},
                    {"type": "tool_result", "tool_use_id": "toolu_2", "content": "plain result"},
                    {"type": "image", "source": {"type": "url", "url": "https://example.com/a.png"}, "x_block": 1}
                ], "x_msg": null}
            ],
            "tools": [{"name": "crm_lookup", "input_schema": {"type": "object"}}],
            "metadata": {"user_id": "u1"},
            "stream": false,
            "x_top": [1, {"a": "b"}]
        })
    }

    #[test]
    fn request_round_trips_with_unknown_fields_everywhere() {
        let original = request();
        let (req, back) = round_trip::<MessagesRequest>(&original);
        assert_eq!(back, original);
        assert_eq!(req.model, "claude-sonnet-4-5");
        assert_eq!(req.max_tokens, Some(1024));
        assert!(!req.is_streaming());
        assert_eq!(req.messages[2].extra["x_msg"], Value::Null);
        let AnthropicContent::Blocks(blocks) = &req.messages[1].content else {
            panic!()
        };
        assert_eq!(blocks[0].extra["signature"], json!("sig=="));
        assert_eq!(blocks[2].input.as_ref().unwrap()["limit"], json!(5));
        assert_eq!(blocks[2].extra["name"], json!("crm_lookup"));
    }

    #[test]
    fn texts_tool_inputs_and_tool_results_rewritten_in_place() {
        let original = request();
        let mut req: MessagesRequest = serde_json::from_value(original.clone()).unwrap();
        assert_eq!(
            req.tagged_text_segments(),
            [
                (TextKind::System, "You are a support bot."),
                (TextKind::Content, "My email is ann@example.com"),
                (TextKind::Content, "Let me check."),
                (TextKind::ToolInput, "ann@example.com"),
                (TextKind::ToolInput, "vip"),
                (TextKind::ToolResult, "Ann, ann@example.com"),
                (TextKind::ToolResult, "plain result"),
                (TextKind::Schema, "object"),
            ]
        );
        for text in req.text_segments_mut() {
            *text = text.replace("ann@example.com", "<EMAIL_1>");
        }
        let mut expected = original;
        expected["messages"][0]["content"] = json!("My email is <EMAIL_1>");
        expected["messages"][1]["content"][2]["input"]["email"] = json!("<EMAIL_1>");
        expected["messages"][2]["content"][0]["content"][0]["text"] = json!("Ann, <EMAIL_1>");
        assert_eq!(serde_json::to_value(&req).unwrap(), expected);
    }

    /// Shapes from the Messages API reference: an assistant turn sent back with its citations
    /// and a web search's results, a web search tool with the user's location.
    #[test]
    fn citations_web_search_results_and_user_location_are_texts() {
        let original = json!({ "model": "m", "max_tokens": 10,
            "tools": [{ "type": "web_search_20250305", "name": "web_search",
                        "user_location": { "type": "approximate", "city": "Leeds", "country": "GB" } }],
            "messages": [{ "role": "assistant", "content": [
                { "type": "text", "text": "Her mail is on file.", "citations": [
                    { "type": "char_location", "cited_text": "Ann: ann@x.io", "document_index": 0,
                      "document_title": "CRM", "start_char_index": 0, "end_char_index": 13 },
                    { "type": "web_search_result_location", "cited_text": "Ann Lee, Leeds",
                      "url": "https://e.org/a", "title": "Team", "encrypted_index": "Eo8B" }] },
                { "type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search",
                  "input": { "query": "ann@x.io" } },
                { "type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": [
                    { "type": "web_search_result", "url": "https://e.org/a", "title": "Ann Lee's page",
                      "encrypted_content": "EqAB", "page_age": "2 days" }] } ] }]
        });
        let mut req: MessagesRequest = serde_json::from_value(original.clone()).unwrap();
        assert_eq!(
            req.tagged_text_segments(),
            [
                (TextKind::Content, "Her mail is on file."),
                (TextKind::Content, "Ann: ann@x.io"),
                (TextKind::Content, "CRM"),
                (TextKind::Content, "Ann Lee, Leeds"),
                (TextKind::Content, "https://e.org/a"),
                (TextKind::Content, "Team"),
                (TextKind::ToolInput, "ann@x.io"),
                (TextKind::ToolResult, "Ann Lee's page"),
                (TextKind::Parameter, "Leeds"),
                (TextKind::Parameter, "GB"),
            ]
        );
        let mut n = 0;
        for s in req.text_segments_mut() {
            n += 1;
            *s = format!("<{n}>");
        }
        let back = serde_json::to_value(&req).unwrap();
        let citation = &back["messages"][0]["content"][0]["citations"][1];
        assert_eq!(citation["cited_text"], "<4>");
        assert_eq!(citation["encrypted_index"], "Eo8B", "opaque: untouched");
        let result = &back["messages"][0]["content"][2]["content"][0];
        assert_eq!(result["title"], "<8>");
        assert_eq!(result["encrypted_content"], "EqAB");
        assert_eq!(back["tools"][0]["user_location"]["city"], "<9>");
        assert_eq!(back["tools"][0]["user_location"]["type"], "approximate");
    }

    #[test]
    fn tool_definitions_stop_sequences_search_results_and_document_titles_are_texts() {
        let original = json!({ "model": "m", "max_tokens": 10,
            "tools": [
                { "name": "lookup", "description": "Find a customer",
                  "input_schema": { "type": "object", "properties": {
                      "email": { "type": "string", "description": "their mail" } } } },
                { "type": "web_search_20250305", "name": "web_search", "max_uses": 5 } ],
            "stop_sequences": ["END"],
            "messages": [{ "role": "user", "content": [
                { "type": "search_result", "source": "https://kb/1", "title": "KB one",
                  "content": [{ "type": "text", "text": "kb text" }], "citations": { "enabled": true } },
                { "type": "document", "source": { "type": "content", "content": [
                    { "type": "text", "text": "chunk" }, { "type": "image", "source": { "type": "url", "url": "u" } } ] },
                  "title": "Doc", "context": "ctx" },
                { "type": "tool_result", "tool_use_id": "t", "content": [
                    { "type": "search_result", "source": "s2", "title": "t2",
                      "content": [{ "type": "text", "text": "c2" }] } ] } ] }]
        });
        let mut req: MessagesRequest = serde_json::from_value(original.clone()).unwrap();
        assert_eq!(
            req.tagged_text_segments(),
            [
                (TextKind::Content, "https://kb/1"),
                (TextKind::Content, "KB one"),
                (TextKind::ToolResult, "kb text"),
                (TextKind::Content, "chunk"),
                (TextKind::Content, "Doc"),
                (TextKind::Content, "ctx"),
                (TextKind::ToolResult, "s2"),
                (TextKind::ToolResult, "t2"),
                (TextKind::ToolResult, "c2"),
                (TextKind::Schema, "Find a customer"),
                (TextKind::Schema, "object"),
                (TextKind::Schema, "string"),
                (TextKind::Schema, "their mail"),
                (TextKind::Parameter, "END"),
            ]
        );
        let visited: Vec<_> = req
            .tagged_text_segments()
            .into_iter()
            .map(|(k, s)| (k, s.to_owned()))
            .collect();
        let mut n = 0;
        let mut_order: Vec<_> = req
            .tagged_text_segments_mut()
            .into_iter()
            .map(|(k, s)| {
                let before = s.clone();
                n += 1;
                *s = format!("<{n}>");
                (k, before)
            })
            .collect();
        assert_eq!(mut_order, visited, "both visitors, one order");
        let back = serde_json::to_value(&req).unwrap();
        assert_eq!(
            back["tools"][1], original["tools"][1],
            "no strings: untouched"
        );
        assert_eq!(
            back["tools"][0]["input_schema"]["properties"]["email"]["description"],
            "<13>"
        );
        assert_eq!(
            back["messages"][0]["content"][1]["source"]["content"][1],
            original["messages"][0]["content"][1]["source"]["content"][1]
        );
        assert_eq!(back["stop_sequences"], json!(["<14>"]));
    }

    #[test]
    fn plain_text_documents_are_texts_wherever_they_are() {
        let original = json!({ "model": "m", "max_tokens": 10, "messages": [
            { "role": "user", "content": [
                { "type": "document", "source": { "type": "text", "media_type": "text/plain",
                  "data": "Patient mail ann@example.com" } },
                { "type": "document", "source": { "type": "base64", "media_type": "application/pdf",
                  "data": "ann@example.com" } } ] },
            { "role": "user", "content": [
                { "type": "tool_result", "tool_use_id": "t", "content": [
                    { "type": "document", "source": { "type": "text", "data": "x ann@example.com" } } ] } ] }
        ]});
        let mut req: MessagesRequest = serde_json::from_value(original.clone()).unwrap();
        assert_eq!(
            req.tagged_text_segments(),
            [
                (TextKind::Content, "Patient mail ann@example.com"),
                (TextKind::ToolResult, "x ann@example.com"),
            ]
        );
        for text in req.text_segments_mut() {
            *text = text.replace("ann@example.com", "<EMAIL_1>");
        }
        let mut expected = original;
        expected["messages"][0]["content"][0]["source"]["data"] = json!("Patient mail <EMAIL_1>");
        expected["messages"][1]["content"][0]["content"][0]["source"]["data"] =
            json!("x <EMAIL_1>");
        // A base64 document is not text: untouched.
        assert_eq!(serde_json::to_value(&req).unwrap(), expected);
    }

    #[test]
    fn explicit_nulls_in_value_fields_are_kept() {
        // Found by the property test below: `Option<Value>` fields keep a `null`.
        let original = json!({"model": "m", "system": null, "messages": [{"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "t", "content": null}]}]});
        let (req, back) = round_trip::<MessagesRequest>(&original);
        assert_eq!(req.system, Some(Value::Null));
        assert!(req.text_segments().is_empty());
        assert_eq!(back, original);
    }

    #[test]
    fn string_system_and_helpers() {
        let original = json!({"model": "claude-3-5-haiku-latest", "system": "Be terse.", "max_tokens": 10,
                              "messages": [{"role": "user", "content": "hi"}]});
        let (mut req, back) = round_trip::<MessagesRequest>(&original);
        assert_eq!(back, original);
        assert_eq!(
            req.tagged_text_segments()[0],
            (TextKind::System, "Be terse.")
        );
        req.messages.push(AnthropicMessage::text("assistant", "ok"));
        assert_eq!(
            serde_json::to_value(&req).unwrap()["messages"][1],
            json!({"role": "assistant", "content": "ok"})
        );
        assert_eq!(
            serde_json::to_value(ContentBlock::text("t")).unwrap(),
            json!({"type": "text", "text": "t"})
        );
    }

    #[test]
    fn response_usage_with_cache() {
        let original = json!({
            "id": "msg_01", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
            "content": [{"type": "text", "text": "Hi!", "citations": null},
                        {"type": "tool_use", "id": "toolu_9", "name": "f", "input": {}}],
            "stop_reason": "tool_use", "stop_sequence": null,
            "usage": {"input_tokens": 12, "cache_creation_input_tokens": 100, "cache_read_input_tokens": 2048,
                      "output_tokens": 30, "service_tier": "standard",
                      "cache_creation": {"ephemeral_5m_input_tokens": 100, "ephemeral_1h_input_tokens": 0}}
        });
        let (resp, back) = round_trip::<MessagesResponse>(&original);
        assert_eq!(back, original);
        assert_eq!(resp.stop_reason(), Some("tool_use"));
        assert_eq!(resp.text_segments(), ["Hi!"]);
        let usage = resp.usage.unwrap();
        assert_eq!((usage.input_tokens, usage.output_tokens), (12, 30));
        assert_eq!(usage.cache_creation_input_tokens, Some(100));
        assert_eq!(usage.cache_read_input_tokens, Some(2048));
        assert_eq!(usage.extra["service_tier"], json!("standard"));
    }

    /// A realistic stream, including a tool call and an unknown event type.
    const STREAM: &str = concat!(
        "event: message_start\n",
        "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"cache_read_input_tokens\":7,\"output_tokens\":1}}}\n\n",
        "event: content_block_start\n",
        "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
        "event: ping\n",
        "data: {\"type\": \"ping\"}\n\n",
        "event: content_block_delta\n",
        "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n",
        "event: content_block_stop\n",
        "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
        "event: content_block_start\n",
        "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}\n\n",
        "event: content_block_delta\n",
        "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"Par\"}}\n\n",
        "event: future_event\n",
        "data: {\"type\":\"future_event\",\"whatever\":[1,2]}\n\n",
        "event: message_delta\n",
        "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n\n",
        "event: message_stop\n",
        "data: {\"type\":\"message_stop\"}\n\n",
    );

    #[test]
    fn stream_events_parse_and_round_trip() {
        let mut parser = SseParser::new();
        let sse = parser.push(STREAM.as_bytes());
        assert_eq!(parser.finish(), None);
        let events: Vec<StreamEvent> = sse
            .iter()
            .map(|e| StreamEvent::from_json(&e.data).unwrap())
            .collect();
        for (sse, ev) in sse.iter().zip(&events) {
            assert_eq!(sse.event.as_deref(), Some(ev.event_type()));
            let original: Value = serde_json::from_str(&sse.data).unwrap();
            assert_eq!(ev.to_value(), original);
            // `type` first, as Anthropic writes it.
            assert!(
                ev.to_json()
                    .starts_with(&format!("{{\"type\":\"{}\"", ev.event_type())),
                "{}",
                ev.to_json()
            );
        }
        let StreamEvent::MessageStart(start) = &events[0] else {
            panic!("{:?}", events[0])
        };
        let usage = start.message.usage.as_ref().unwrap();
        assert_eq!(
            (
                usage.input_tokens,
                usage.output_tokens,
                usage.cache_read_input_tokens
            ),
            (25, 1, Some(7))
        );
        assert_eq!(start.message.stop_reason(), None);
        assert!(
            matches!(&events[1], StreamEvent::ContentBlockStart(s) if s.index == 0 && s.content_block.r#type == "text")
        );
        assert!(matches!(&events[2], StreamEvent::Ping(extra) if extra.is_empty()));
        assert_eq!(events[3].text_delta(), Some("Hello"));
        assert!(matches!(&events[4], StreamEvent::ContentBlockStop(s) if s.index == 0));
        assert_eq!(
            events[6].tagged_text_segments(),
            [(TextKind::ToolArguments, "{\"city\": \"Par")]
        );
        assert!(matches!(&events[7], StreamEvent::Other(v) if v["whatever"] == json!([1, 2])));
        assert_eq!(events[7].event_type(), "future_event");
        let StreamEvent::MessageDelta(delta) = &events[8] else {
            panic!()
        };
        assert_eq!(delta.delta.stop_reason.as_deref(), Some("tool_use"));
        let usage = delta.usage.as_ref().unwrap();
        assert_eq!((usage.output_tokens, usage.input_tokens), (Some(15), None));
        assert!(matches!(&events[9], StreamEvent::MessageStop(_)));
    }

    #[test]
    fn rewrite_a_text_delta() {
        let mut ev = StreamEvent::from_json(
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"<EMAIL_1> hi"},"x":1}"#,
        )
        .unwrap();
        for text in ev.text_segments_mut() {
            *text = text.replace("<EMAIL_1>", "ann@example.com");
        }
        assert_eq!(
            ev.to_json(),
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ann@example.com hi"},"x":1}"#
        );
    }

    #[test]
    fn error_event_and_bad_shapes() {
        let ev = StreamEvent::from_json(
            r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
        )
        .unwrap();
        assert!(matches!(&ev, StreamEvent::Error(e) if e.error["type"] == "overloaded_error"));
        // A known type with an unexpected shape is kept whole.
        let raw = json!({"type": "content_block_delta", "index": "zero", "delta": {}});
        let ev = StreamEvent::from_value(raw.clone());
        assert_eq!(ev, StreamEvent::Other(raw.clone()));
        assert_eq!(ev.to_value(), raw);
        assert_eq!(
            StreamEvent::from_value(json!({"no_type": 1})),
            StreamEvent::Other(json!({"no_type": 1}))
        );
        assert_eq!(StreamEvent::from_json("[1]"), Err(BodyError::NotAnObject));
        let err = StreamEvent::from_json("{\"type\": \"secret").unwrap_err();
        assert!(matches!(&err, BodyError::NotJson(m) if !m.contains("secret")));
        // Through serde as well.
        let ev: StreamEvent = serde_json::from_str(r#"{"type":"ping"}"#).unwrap();
        assert_eq!(serde_json::to_string(&ev).unwrap(), r#"{"type":"ping"}"#);
    }

    mod props {
        use super::*;
        use crate::api::openai::tests::props::{extras, json_value};
        use proptest::prelude::*;

        fn with(
            mut base: serde_json::Map<String, Value>,
            extra: serde_json::Map<String, Value>,
        ) -> Value {
            base.extend(extra);
            Value::Object(base)
        }

        fn block() -> impl Strategy<Value = Value> {
            (
                prop_oneof![
                    Just("text"),
                    Just("image"),
                    Just("tool_use"),
                    Just("tool_result")
                ],
                "\\PC{0,10}",
                json_value(),
                extras(),
            )
                .prop_map(|(t, text, any, extra)| {
                    let mut base = serde_json::Map::new();
                    base.insert("type".into(), json!(t));
                    match t {
                        "text" => base.insert("text".into(), json!(text)),
                        "image" => {
                            base.insert("source".into(), json!({"type": "url", "url": text}))
                        }
                        "tool_use" => base.insert("input".into(), json!({"q": any})),
                        _ => base.insert("content".into(), any),
                    };
                    with(base, extra)
                })
        }

        fn message() -> impl Strategy<Value = Value> {
            let content = prop_oneof![
                "\\PC{0,10}".prop_map(Value::String),
                proptest::collection::vec(block(), 0..3).prop_map(Value::Array)
            ];
            (
                prop_oneof![Just("user"), Just("assistant")],
                content,
                extras(),
            )
                .prop_map(|(role, content, extra)| {
                    let mut base = serde_json::Map::new();
                    base.insert("role".into(), json!(role));
                    base.insert("content".into(), content);
                    with(base, extra)
                })
        }

        proptest! {
            #[test]
            fn unknown_fields_survive_a_model_rewrite(
                messages in proptest::collection::vec(message(), 0..4),
                top in extras(),
                model in "[a-z0-9-]{1,10}",
            ) {
                let mut base = serde_json::Map::new();
                base.insert("model".into(), json!("claude"));
                base.insert("max_tokens".into(), json!(64));
                base.insert("messages".into(), Value::Array(messages));
                let original = with(base, top);
                let mut req: MessagesRequest = serde_json::from_value(original.clone()).unwrap();
                prop_assert_eq!(serde_json::to_value(&req).unwrap(), original.clone());
                req.model = model.clone();
                let mut expected = original;
                expected["model"] = json!(model);
                prop_assert_eq!(serde_json::to_value(&req).unwrap(), expected);
            }
        }
    }
}

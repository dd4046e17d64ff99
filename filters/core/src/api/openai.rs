//! OpenAI models: Chat Completions (request, response, stream chunk), Completions, Embeddings
//! and Responses requests, usage.

use super::text::{
    is_text_key, text_segments, visit_block_field, visit_block_field_mut, visit_definition,
    visit_definition_mut, visit_free_strings, visit_free_strings_mut, visit_string_leaves,
    visit_string_leaves_mut, visit_text_blocks, visit_text_blocks_mut,
};
use super::{Extra, TextKind, VisitTexts};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `POST /v1/chat/completions`. `model` may be absent (Azure takes it from the path): it then
/// reads as "" and stays absent when written.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChatCompletionRequest {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub model: String,
    pub messages: Vec<ChatMessage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream_options: Option<StreamOptions>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<Value>>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ChatCompletionRequest {
    pub fn is_streaming(&self) -> bool {
        self.stream == Some(true)
    }

    /// Asks for the final usage chunk of a stream (`stream_options.include_usage`). Note that the
    /// client then also receives that extra chunk (its `choices` is empty).
    pub fn request_stream_usage(&mut self) {
        if self.is_streaming() {
            self.stream_options
                .get_or_insert_with(StreamOptions::default)
                .include_usage = Some(true);
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StreamOptions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_usage: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One message of a conversation, in a request or a response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChatMessage {
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<MessageContent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<ToolCall>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ChatMessage {
    /// A message with string content, e.g. an injected system prompt.
    pub fn text(role: impl Into<String>, content: impl Into<String>) -> Self {
        ChatMessage {
            role: role.into(),
            content: Some(MessageContent::Text(content.into())),
            ..Default::default()
        }
    }

    /// The kind of this message's content, from its role.
    fn content_kind(&self) -> TextKind {
        match self.role.as_str() {
            "system" | "developer" => TextKind::System,
            "tool" | "function" => TextKind::ToolResult,
            _ => TextKind::Content,
        }
    }
}

/// `content`: a string, or an array of parts (`text`, `image_url`, `input_audio`, `file`...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MessageContent {
    Text(String),
    Parts(Vec<ContentPart>),
}

impl MessageContent {
    /// All text joined, parts without text skipped (e.g. for token counting).
    pub fn joined_text(&self) -> String {
        match self {
            MessageContent::Text(s) => s.clone(),
            MessageContent::Parts(parts) => parts
                .iter()
                .filter_map(|p| p.text.as_deref())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    fn visit_as<'a>(&'a self, kind: TextKind, f: &mut dyn FnMut(TextKind, &'a str)) {
        match self {
            MessageContent::Text(s) => f(kind, s),
            MessageContent::Parts(parts) => {
                for part in parts {
                    if let Some(s) = part.visible_text() {
                        f(kind, s);
                    }
                    for (key, value) in &part.extra {
                        visit_block_field(&part.r#type, key, value, kind, f);
                    }
                }
            }
        }
    }

    fn visit_as_mut<'a>(&'a mut self, kind: TextKind, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        match self {
            MessageContent::Text(s) => f(kind, s),
            MessageContent::Parts(parts) => {
                for part in parts {
                    // The visible text first, then the other fields, as `visit_as` does.
                    let ContentPart {
                        r#type,
                        text,
                        extra,
                    } = part;
                    let mut refusal = None;
                    let mut others = Vec::new();
                    for (key, value) in extra.iter_mut() {
                        match (key.as_str(), value) {
                            ("refusal", Value::String(s)) => refusal = Some(s),
                            (key, value) => others.push((key, value)),
                        }
                    }
                    if let Some(s) = text.as_mut().or(refusal) {
                        f(kind, s);
                    }
                    for (key, value) in others {
                        visit_block_field_mut(r#type, key, value, kind, f);
                    }
                }
            }
        }
    }
}

/// A content part. Parts without `text` (images, audio, files) are carried untouched in `extra`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ContentPart {
    pub r#type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ContentPart {
    /// What the part says: its `text`, or a `refusal` part's refusal.
    fn visible_text(&self) -> Option<&str> {
        match (&self.text, self.extra.get("refusal")) {
            (Some(text), _) => Some(text),
            (None, Some(Value::String(refusal))) => Some(refusal),
            _ => None,
        }
    }
}

/// A tool call of an assistant message.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ToolCall {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<FunctionCall>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `function` of a tool call; in a stream chunk, `arguments` is a fragment of the JSON text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FunctionCall {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// JSON text, as a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

fn visit_arguments<'a>(function: Option<&'a FunctionCall>, f: &mut dyn FnMut(TextKind, &'a str)) {
    if let Some(args) = function.and_then(|c| c.arguments.as_deref()) {
        f(TextKind::ToolArguments, args);
    }
}

fn visit_arguments_mut<'a>(
    function: Option<&'a mut FunctionCall>,
    f: &mut dyn FnMut(TextKind, &'a mut String),
) {
    if let Some(args) = function.and_then(|c| c.arguments.as_mut()) {
        f(TextKind::ToolArguments, args);
    }
}

/// A non-streamed chat completion.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChatCompletionResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    pub choices: Vec<Choice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Choice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
    pub message: ChatMessage,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Choice {
    /// Kept in `extra` so a `null` survives re-serialization.
    pub fn finish_reason(&self) -> Option<&str> {
        self.extra.get("finish_reason").and_then(Value::as_str)
    }
}

/// One `data:` payload of a streamed chat completion (not the `[DONE]` terminator).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChatCompletionChunk {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    pub choices: Vec<ChunkChoice>,
    /// Only on the last chunk, with `stream_options.include_usage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChunkChoice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delta: Option<ChunkDelta>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ChunkChoice {
    /// Kept in `extra` so the `null` of every chunk but the last survives re-serialization.
    pub fn finish_reason(&self) -> Option<&str> {
        self.extra.get("finish_reason").and_then(Value::as_str)
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChunkDelta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<ToolCallDelta>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A fragment of a tool call in a stream; fragments with the same `index` add up.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ToolCallDelta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<FunctionCall>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Token usage. The three counts read as 0 when a provider leaves one out.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Usage {
    #[serde(default)]
    pub prompt_tokens: u64,
    #[serde(default)]
    pub completion_tokens: u64,
    #[serde(default)]
    pub total_tokens: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_tokens_details: Option<PromptTokensDetails>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_tokens_details: Option<CompletionTokensDetails>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Usage {
    /// Prompt tokens served from the provider's prompt cache (part of `prompt_tokens`).
    pub fn cached_tokens(&self) -> u64 {
        self.prompt_tokens_details
            .as_ref()
            .and_then(|d| d.cached_tokens)
            .unwrap_or(0)
    }

    /// Reasoning tokens (part of `completion_tokens`).
    pub fn reasoning_tokens(&self) -> u64 {
        self.completion_tokens_details
            .as_ref()
            .and_then(|d| d.reasoning_tokens)
            .unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PromptTokensDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cached_tokens: Option<u64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CompletionTokensDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning_tokens: Option<u64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `POST /v1/completions` (legacy). `prompt` is a string, an array of strings, or token arrays.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CompletionRequest {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub model: String,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub prompt: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `POST /v1/embeddings`. `input` is a string, an array of strings, or token arrays.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EmbeddingRequest {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub model: String,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub input: Value,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `POST /v1/responses`. `input` is a string or an array of items (messages with string or
/// part content, `function_call`, `function_call_output`, ...); `instructions` stays in `extra`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ResponsesRequest {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub model: String,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub input: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl VisitTexts for MessageContent {
    fn visit_texts<'a>(&'a self, f: &mut dyn FnMut(TextKind, &'a str)) {
        self.visit_as(TextKind::Content, f)
    }
    fn visit_texts_mut<'a>(&'a mut self, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        self.visit_as_mut(TextKind::Content, f)
    }
}

impl VisitTexts for ChatMessage {
    fn visit_texts<'a>(&'a self, f: &mut dyn FnMut(TextKind, &'a str)) {
        if let Some(content) = &self.content {
            content.visit_as(self.content_kind(), f);
        }
        for call in self.tool_calls.iter().flatten() {
            visit_arguments(call.function.as_ref(), f);
            if let Some(Value::String(input)) =
                call.extra.get("custom").and_then(|c| c.get("input"))
            {
                f(TextKind::Content, input);
            }
        }
        // The legacy `function_call` and an assistant's `refusal` are texts too.
        if let Some(Value::String(args)) = self
            .extra
            .get("function_call")
            .and_then(|c| c.get("arguments"))
        {
            f(TextKind::ToolArguments, args);
        }
        if let Some(Value::String(refusal)) = self.extra.get("refusal") {
            f(self.content_kind(), refusal);
        }
    }
    fn visit_texts_mut<'a>(&'a mut self, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        let kind = self.content_kind();
        if let Some(content) = &mut self.content {
            content.visit_as_mut(kind, f);
        }
        for call in self.tool_calls.iter_mut().flatten() {
            visit_arguments_mut(call.function.as_mut(), f);
            // A custom tool's input: free text, not JSON.
            if let Some(Value::String(input)) = call
                .extra
                .get_mut("custom")
                .and_then(|c| c.get_mut("input"))
            {
                f(TextKind::Content, input);
            }
        }
        // In the order `visit_texts` visits them, whatever the map's order.
        let mut extra: Vec<(u8, TextKind, &'a mut String)> = self
            .extra
            .iter_mut()
            .filter_map(|(k, v)| match (k.as_str(), v) {
                ("function_call", Value::Object(call)) => match call.get_mut("arguments") {
                    Some(Value::String(args)) => Some((0, TextKind::ToolArguments, args)),
                    _ => None,
                },
                ("refusal", Value::String(refusal)) => Some((1, kind, refusal)),
                _ => None,
            })
            .collect();
        extra.sort_by_key(|(order, _, _)| *order);
        for (_, k, s) in extra {
            f(k, s);
        }
    }
}

/// Request fields besides the conversation that the provider reads: tool and output
/// definitions ([`TextKind::Schema`]), `prediction.content` (the text the answer is predicted
/// to be), `stop` and `metadata` values ([`TextKind::Parameter`]); Responses' `text.format`
/// and `prompt.variables` too. In the order of the body.
fn visit_request_extra<'a>(extra: &'a Extra, f: &mut dyn FnMut(TextKind, &'a str)) {
    for (key, value) in extra {
        match key.as_str() {
            "tools" | "functions" => value
                .as_array()
                .into_iter()
                .flatten()
                .for_each(|tool| visit_definition(tool, f)),
            "response_format" => {
                if let Some(schema) = value.get("json_schema") {
                    visit_definition(schema, f)
                }
            }
            "text" => {
                if let Some(format) = value.get("format") {
                    visit_definition(format, f)
                }
            }
            "prediction" => {
                if let Some(content) = value.get("content") {
                    visit_text_blocks(content, TextKind::Content, f)
                }
            }
            "prompt" => {
                // A variable is a string or an input part (`input_text`, images, files).
                if let Some(Value::Object(variables)) = value.get("variables") {
                    for variable in variables.values() {
                        match variable {
                            Value::String(s) => f(TextKind::Content, s),
                            Value::Object(part) => {
                                if let Some(Value::String(s)) = part.get("text") {
                                    f(TextKind::Content, s)
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            "stop" => visit_text_blocks(value, TextKind::Parameter, f),
            "metadata" => visit_string_leaves(value, TextKind::Parameter, f),
            "web_search_options" => visit_free_strings(value, TextKind::Parameter, f),
            _ => {}
        }
    }
}

fn visit_request_extra_mut<'a>(extra: &'a mut Extra, f: &mut dyn FnMut(TextKind, &'a mut String)) {
    for (key, value) in extra.iter_mut() {
        visit_request_field_mut(key, value, f);
    }
}

fn visit_request_field_mut<'a>(
    key: &str,
    value: &'a mut Value,
    f: &mut dyn FnMut(TextKind, &'a mut String),
) {
    {
        match (key, value) {
            ("tools" | "functions", Value::Array(tools)) => tools
                .iter_mut()
                .for_each(|tool| visit_definition_mut(tool, f)),
            ("response_format", value) => {
                if let Some(schema) = value.get_mut("json_schema") {
                    visit_definition_mut(schema, f)
                }
            }
            ("text", value) => {
                if let Some(format) = value.get_mut("format") {
                    visit_definition_mut(format, f)
                }
            }
            ("prediction", value) => {
                if let Some(content) = value.get_mut("content") {
                    visit_text_blocks_mut(content, TextKind::Content, f)
                }
            }
            ("prompt", value) => {
                if let Some(Value::Object(variables)) = value.get_mut("variables") {
                    for variable in variables.values_mut() {
                        match variable {
                            Value::String(s) => f(TextKind::Content, s),
                            Value::Object(part) => {
                                if let Some(Value::String(s)) = part.get_mut("text") {
                                    f(TextKind::Content, s)
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            ("stop", value) => visit_text_blocks_mut(value, TextKind::Parameter, f),
            ("metadata", value) => visit_string_leaves_mut(value, TextKind::Parameter, f),
            ("web_search_options", value) => visit_free_strings_mut(value, TextKind::Parameter, f),
            _ => {}
        }
    }
}

impl VisitTexts for ChatCompletionRequest {
    fn visit_texts<'a>(&'a self, f: &mut dyn FnMut(TextKind, &'a str)) {
        self.messages.iter().for_each(|m| m.visit_texts(f));
        self.tools
            .iter()
            .flatten()
            .for_each(|tool| visit_definition(tool, f));
        visit_request_extra(&self.extra, f);
    }
    fn visit_texts_mut<'a>(&'a mut self, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        self.messages.iter_mut().for_each(|m| m.visit_texts_mut(f));
        self.tools
            .iter_mut()
            .flatten()
            .for_each(|tool| visit_definition_mut(tool, f));
        visit_request_extra_mut(&mut self.extra, f);
    }
}

impl VisitTexts for ChatCompletionResponse {
    fn visit_texts<'a>(&'a self, f: &mut dyn FnMut(TextKind, &'a str)) {
        self.choices.iter().for_each(|c| c.message.visit_texts(f))
    }
    fn visit_texts_mut<'a>(&'a mut self, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        self.choices
            .iter_mut()
            .for_each(|c| c.message.visit_texts_mut(f))
    }
}

impl VisitTexts for ChatCompletionChunk {
    fn visit_texts<'a>(&'a self, f: &mut dyn FnMut(TextKind, &'a str)) {
        for delta in self.choices.iter().filter_map(|c| c.delta.as_ref()) {
            if let Some(content) = &delta.content {
                f(TextKind::Content, content);
            }
            for call in delta.tool_calls.iter().flatten() {
                visit_arguments(call.function.as_ref(), f);
            }
        }
    }
    fn visit_texts_mut<'a>(&'a mut self, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        for delta in self.choices.iter_mut().filter_map(|c| c.delta.as_mut()) {
            if let Some(content) = &mut delta.content {
                f(TextKind::Content, content);
            }
            for call in delta.tool_calls.iter_mut().flatten() {
                visit_arguments_mut(call.function.as_mut(), f);
            }
        }
    }
}

/// Completions: the prompt, then the text that follows the insertion (`suffix`), then the
/// stop sequences.
impl VisitTexts for CompletionRequest {
    fn visit_texts<'a>(&'a self, f: &mut dyn FnMut(TextKind, &'a str)) {
        visit_text_blocks(&self.prompt, TextKind::Content, f);
        if let Some(Value::String(s)) = self.extra.get("suffix") {
            f(TextKind::Content, s);
        }
        if let Some(stop) = self.extra.get("stop") {
            visit_text_blocks(stop, TextKind::Parameter, f);
        }
    }
    fn visit_texts_mut<'a>(&'a mut self, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        visit_text_blocks_mut(&mut self.prompt, TextKind::Content, f);
        let mut suffix = None;
        let mut stop = None;
        for (key, value) in self.extra.iter_mut() {
            match (key.as_str(), value) {
                ("suffix", Value::String(s)) => suffix = Some(s),
                ("stop", value) => stop = Some(value),
                _ => {}
            }
        }
        if let Some(s) = suffix {
            f(TextKind::Content, s);
        }
        if let Some(stop) = stop {
            visit_text_blocks_mut(stop, TextKind::Parameter, f);
        }
    }
}

impl VisitTexts for EmbeddingRequest {
    fn visit_texts<'a>(&'a self, f: &mut dyn FnMut(TextKind, &'a str)) {
        visit_text_blocks(&self.input, TextKind::Content, f)
    }
    fn visit_texts_mut<'a>(&'a mut self, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        visit_text_blocks_mut(&mut self.input, TextKind::Content, f)
    }
}

/// The kind of a Responses input item's content, from its role.
fn responses_kind(item: &serde_json::Map<String, Value>) -> TextKind {
    match item.get("role").and_then(Value::as_str) {
        Some("system" | "developer") => TextKind::System,
        _ => TextKind::Content,
    }
}

/// How a field of a Responses input item holds text.
enum ItemField {
    /// A string or an array of content parts ([`visit_text_blocks`]).
    Blocks(TextKind),
    /// A string of that kind; anything else in it is walked as [`ItemField::Free`].
    Text(TextKind),
    /// Every string that may be prose ([`visit_free_strings`]).
    Free(TextKind),
    /// An id, a tag, a name or an opaque blob.
    Skip,
}

/// Where the texts of a Responses input item are: the known fields of the known item types,
/// and, so that a field or item type this code does not know is not forwarded unread, every
/// other string of the item (a shell call's commands and output, a file search's queries and
/// results, a web search's query, an MCP error, an apply-patch diff).
fn responses_item_field(item_type: Option<&str>, key: &str, kind: TextKind) -> ItemField {
    match (item_type, key) {
        (_, "content") | (Some("reasoning"), "summary") => ItemField::Blocks(kind),
        // JSON text: function and MCP call arguments, an MCP approval request's.
        (_, "arguments") => ItemField::Text(TextKind::ToolArguments),
        // A custom tool's input is free text, not JSON.
        (Some("custom_tool_call"), "input") => ItemField::Text(TextKind::Content),
        (Some("function_call_output" | "custom_tool_call_output" | "mcp_call"), "output") => {
            ItemField::Blocks(TextKind::ToolResult)
        }
        (_, "output") => ItemField::Free(TextKind::ToolResult),
        // A generated image, base64.
        (Some("image_generation_call"), "result") => ItemField::Skip,
        (_, key) if !is_text_key(key) => ItemField::Skip,
        _ => ItemField::Free(kind),
    }
}

fn visit_responses_item<'a>(
    item: &'a serde_json::Map<String, Value>,
    f: &mut dyn FnMut(TextKind, &'a str),
) {
    let kind = responses_kind(item);
    let item_type = item.get("type").and_then(Value::as_str);
    for (key, value) in item {
        match (responses_item_field(item_type, key, kind), value) {
            (ItemField::Blocks(k), v) => visit_text_blocks(v, k, f),
            (ItemField::Text(k), Value::String(s)) => f(k, s),
            (ItemField::Text(k) | ItemField::Free(k), v) => visit_free_strings(v, k, f),
            (ItemField::Skip, _) => {}
        }
    }
}

fn visit_responses_item_mut<'a>(
    item: &'a mut serde_json::Map<String, Value>,
    f: &mut dyn FnMut(TextKind, &'a mut String),
) {
    let kind = responses_kind(item);
    let item_type = item.get("type").and_then(Value::as_str).map(str::to_owned);
    for (key, value) in item.iter_mut() {
        match (responses_item_field(item_type.as_deref(), key, kind), value) {
            (ItemField::Blocks(k), v) => visit_text_blocks_mut(v, k, f),
            (ItemField::Text(k), Value::String(s)) => f(k, s),
            (ItemField::Text(k) | ItemField::Free(k), v) => visit_free_strings_mut(v, k, f),
            (ItemField::Skip, _) => {}
        }
    }
}

impl VisitTexts for ResponsesRequest {
    fn visit_texts<'a>(&'a self, f: &mut dyn FnMut(TextKind, &'a str)) {
        if let Some(Value::String(s)) = self.extra.get("instructions") {
            f(TextKind::System, s);
        }
        match &self.input {
            Value::String(s) => f(TextKind::Content, s),
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_object)
                .for_each(|item| visit_responses_item(item, f)),
            _ => {}
        }
        visit_request_extra(&self.extra, f);
    }
    fn visit_texts_mut<'a>(&'a mut self, f: &mut dyn FnMut(TextKind, &'a mut String)) {
        // `instructions` first, the rest of `extra` after `input`, as `visit_texts` does.
        let mut instructions = Vec::new();
        let mut others: Vec<(&'a String, &'a mut Value)> = Vec::new();
        for (key, value) in self.extra.iter_mut() {
            match (key.as_str(), value) {
                ("instructions", Value::String(s)) => instructions.push(s),
                (_, value) => others.push((key, value)),
            }
        }
        for s in instructions {
            f(TextKind::System, s);
        }
        match &mut self.input {
            Value::String(s) => f(TextKind::Content, s),
            Value::Array(items) => items
                .iter_mut()
                .filter_map(Value::as_object_mut)
                .for_each(|item| visit_responses_item_mut(item, f)),
            _ => {}
        }
        for (key, value) in others {
            visit_request_field_mut(key, value, f);
        }
    }
}

text_segments!(
    MessageContent,
    ChatMessage,
    ChatCompletionRequest,
    ChatCompletionResponse,
    ChatCompletionChunk,
    CompletionRequest,
    EmbeddingRequest,
    ResponsesRequest,
);

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip<T: serde::de::DeserializeOwned + Serialize>(v: &Value) -> (T, Value) {
        let typed: T = serde_json::from_value(v.clone()).unwrap();
        let back = serde_json::to_value(&typed).unwrap();
        (typed, back)
    }

    fn request() -> Value {
        json!({
            "model": "gpt-4o",
            "x_top": {"nested": [1, 2.5, null]},
            "messages": [
                {"role": "system", "content": "You are helpful.", "x_msg": true},
                {"role": "user", "name": "alice", "content": [
                    {"type": "text", "text": "What is in this image? Mail bob@example.com", "x_part": 1},
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA", "detail": "high"}},
                    {"type": "input_audio", "input_audio": {"data": "UklG", "format": "wav"}}
                ]},
                {"role": "assistant", "tool_calls": [{
                    "id": "call_1", "type": "function",
                    "function": {"name": "lookup", "arguments": "{\"email\":\"bob@example.com\"}", "x_fn": "k"},
                    "x_call": [1]
                }], "refusal": null},
                {"role": "tool", "tool_call_id": "call_1", "content": "found bob"}
            ],
            "temperature": 0.2,
            "stream": true,
            "stream_options": {"include_usage": false, "x_so": 1},
            "tools": [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}],
            "response_format": {"type": "json_object"},
            "seed": 9007199254740993u64
        })
    }

    #[test]
    fn request_round_trips_with_unknown_fields_everywhere() {
        let original = request();
        let (req, back) = round_trip::<ChatCompletionRequest>(&original);
        assert_eq!(back, original);
        assert_eq!(req.model, "gpt-4o");
        assert!(req.is_streaming());
        assert_eq!(req.messages[0].extra["x_msg"], json!(true));
        let MessageContent::Parts(parts) = req.messages[1].content.as_ref().unwrap() else {
            panic!()
        };
        assert_eq!(parts[0].extra["x_part"], json!(1));
        assert_eq!(parts[1].r#type, "image_url");
        assert_eq!(req.messages[1].name.as_deref(), Some("alice"));
        let call = &req.messages[2].tool_calls.as_ref().unwrap()[0];
        assert_eq!(call.extra["x_call"], json!([1]));
        assert_eq!(call.function.as_ref().unwrap().extra["x_fn"], json!("k"));
        assert_eq!(req.messages[3].tool_call_id.as_deref(), Some("call_1"));
        assert_eq!(req.extra["seed"], json!(9007199254740993u64));
        assert_eq!(req.stream_options.as_ref().unwrap().extra["x_so"], json!(1));
    }

    #[test]
    fn unknown_fields_keep_their_order() {
        let body = r#"{"model":"m","messages":[],"b":1,"a":2,"c":{"z":1,"y":2}}"#;
        let req: ChatCompletionRequest = serde_json::from_str(body).unwrap();
        assert_eq!(serde_json::to_string(&req).unwrap(), body);
    }

    #[test]
    fn text_parts_rewritten_images_untouched() {
        let original = request();
        let mut req: ChatCompletionRequest = serde_json::from_value(original.clone()).unwrap();
        let kinds: Vec<TextKind> = req
            .tagged_text_segments()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(
            kinds,
            [
                TextKind::System,
                TextKind::Content,
                TextKind::ToolArguments,
                TextKind::ToolResult,
                TextKind::Schema
            ]
        );
        for text in req.text_segments_mut() {
            *text = text.replace("bob@example.com", "[EMAIL]");
        }
        let mut expected = original;
        expected["messages"][1]["content"][0]["text"] =
            json!("What is in this image? Mail [EMAIL]");
        expected["messages"][2]["tool_calls"][0]["function"]["arguments"] =
            json!("{\"email\":\"[EMAIL]\"}");
        assert_eq!(serde_json::to_value(&req).unwrap(), expected);
    }

    /// Both visitors visit the same strings in the same order; returns them.
    fn same_order<T: VisitTextsHelpers>(req: &mut T) -> Vec<(TextKind, String)> {
        let visited: Vec<_> = req.tagged();
        let mut n = 0;
        let seen: Vec<_> = req.tagged_mut_numbering(&mut n);
        assert_eq!(seen, visited, "both visitors, one order");
        visited
    }

    trait VisitTextsHelpers {
        fn tagged(&self) -> Vec<(TextKind, String)>;
        /// Replaces every text with `<n>`, counting from 1; returns what they were.
        fn tagged_mut_numbering(&mut self, n: &mut usize) -> Vec<(TextKind, String)>;
    }

    impl<T: VisitTexts> VisitTextsHelpers for T {
        fn tagged(&self) -> Vec<(TextKind, String)> {
            let mut out = Vec::new();
            self.visit_texts(&mut |k, s| out.push((k, s.to_owned())));
            out
        }
        fn tagged_mut_numbering(&mut self, n: &mut usize) -> Vec<(TextKind, String)> {
            let mut out = Vec::new();
            self.visit_texts_mut(&mut |k, s| {
                *n += 1;
                out.push((k, std::mem::replace(s, format!("<{n}>"))));
            });
            out
        }
    }

    #[test]
    fn chat_tool_definitions_formats_predictions_stops_and_metadata_are_texts() {
        use TextKind::*;
        let original = json!({
            "model": "gpt-4o",
            "messages": [{"role": "user", "content": "hi"}],
            "tools": [
                {"type": "function", "function": {"name": "f", "description": "desc f",
                  "parameters": {"type": "object", "properties": {"a": {"enum": ["x", 1]}}}, "strict": true}},
                {"type": "custom", "custom": {"name": "c", "description": "desc c"}}],
            "response_format": {"type": "json_schema", "json_schema": {"name": "r", "description": "desc r",
                "schema": {"default": "d"}, "strict": true}},
            "prediction": {"type": "content", "content": [{"type": "text", "text": "pred"}]},
            "stop": ["s1", "s2"],
            "metadata": {"k": "m1"},
            "temperature": 0.5
        });
        let mut req: ChatCompletionRequest = serde_json::from_value(original.clone()).unwrap();
        assert_eq!(
            same_order(&mut req),
            [
                (Content, "hi"),
                (Schema, "desc f"),
                (Schema, "object"),
                (Schema, "x"),
                (Schema, "desc c"),
                (Schema, "desc r"),
                (Schema, "d"),
                (Content, "pred"),
                (Parameter, "s1"),
                (Parameter, "s2"),
                (Parameter, "m1"),
            ]
            .map(|(k, s)| (k, s.to_string()))
        );
        let back = serde_json::to_value(&req).unwrap();
        assert_eq!(
            back["tools"][0]["function"]["name"], "f",
            "names are not texts"
        );
        assert_eq!(
            back["tools"][0]["function"]["parameters"]["properties"]["a"]["enum"],
            json!(["<4>", 1])
        );
        assert_eq!(
            back["response_format"]["json_schema"]["schema"]["default"],
            "<7>"
        );
        assert_eq!(back["stop"], json!(["<9>", "<10>"]));
        let (mut req, _) =
            round_trip::<ChatCompletionRequest>(&json!({"model": "m", "messages": [],
            "stop": "one", "prediction": {"type": "content", "content": "p"}}));
        assert_eq!(
            same_order(&mut req),
            [(Parameter, "one".to_string()), (Content, "p".to_string())],
            "in the order of the body"
        );
    }

    #[test]
    fn responses_reasoning_summaries_tools_formats_and_prompt_variables_are_texts() {
        use TextKind::*;
        let original = json!({
            "model": "o4-mini", "instructions": "be brief",
            "input": [
                {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "sum"}], "encrypted_content": "gAAA"},
                {"role": "user", "content": "q"}],
            "tools": [{"type": "function", "name": "f", "description": "desc", "parameters": {"type": "object"}},
                      {"type": "web_search_preview"}],
            "text": {"format": {"type": "json_schema", "name": "n", "description": "fmt", "schema": {"title": "T"}}},
            "prompt": {"id": "pmpt_1", "variables": {"a": "va", "b": {"type": "input_text", "text": "vb"},
                "c": {"type": "input_image", "image_url": "https://x/y.png"}}},
            "metadata": {"k": "m"}
        });
        let mut req: ResponsesRequest = serde_json::from_value(original.clone()).unwrap();
        assert_eq!(
            same_order(&mut req),
            [
                (System, "be brief"),
                (Content, "sum"),
                (Content, "q"),
                (Schema, "desc"),
                (Schema, "object"),
                (Schema, "fmt"),
                (Schema, "T"),
                (Content, "va"),
                (Content, "vb"),
                (Parameter, "m"),
            ]
            .map(|(k, s)| (k, s.to_string()))
        );
        let back = serde_json::to_value(&req).unwrap();
        assert_eq!(back["input"][0]["encrypted_content"], "gAAA");
        assert_eq!(
            back["prompt"]["variables"]["c"],
            original["prompt"]["variables"]["c"]
        );
        assert_eq!(back["text"]["format"]["name"], "n");
    }

    /// A file part's name, an answer's annotations sent back, a web search's user location.
    #[test]
    fn file_names_annotations_and_search_locations_are_texts() {
        use TextKind::*;
        let original = json!({"model": "m", "messages": [
            {"role": "user", "content": [
                {"type": "file", "file": {"filename": "ann.lee@x.io.pdf", "file_data": "data:application/pdf;base64,JVBE"}}]},
            {"role": "assistant", "content": [
                {"type": "text", "text": "See", "annotations": [
                    {"type": "url_citation", "url_citation": {"url": "https://e.org", "title": "Ann Lee"}}]}]}],
            "web_search_options": {"user_location": {"type": "approximate",
                "approximate": {"city": "Leeds", "country": "GB"}}}});
        let (mut req, back) = round_trip::<ChatCompletionRequest>(&original);
        assert_eq!(back, original);
        assert_eq!(
            same_order(&mut req),
            [
                (Content, "ann.lee@x.io.pdf"),
                (Content, "See"),
                (Content, "https://e.org"),
                (Content, "Ann Lee"),
                (Parameter, "Leeds"),
                (Parameter, "GB"),
            ]
            .map(|(k, s)| (k, s.to_string()))
        );
        let (mut req, _) = round_trip::<ResponsesRequest>(&json!({"model": "m",
            "input": [{"role": "user", "content": [
                {"type": "input_file", "filename": "ann@x.io.txt", "file_url": "https://f/1"}]}],
            "tools": [{"type": "web_search", "user_location": {"type": "approximate", "city": "Leeds"}}]}));
        assert_eq!(
            same_order(&mut req),
            [(Content, "ann@x.io.txt"), (Parameter, "Leeds")].map(|(k, s)| (k, s.to_string()))
        );
    }

    /// Shapes from the Responses API reference (shell, patch, search and MCP items) and one
    /// item type no version of this code knows: every string that may hold prose is visited;
    /// ids, tags, names, encrypted content and inlined images are not.
    #[test]
    fn every_responses_item_type_is_read_known_or_not() {
        use TextKind::*;
        let original = json!({"model": "gpt-5", "input": [
            {"type": "local_shell_call", "id": "lsh_1", "call_id": "c2", "status": "completed",
             "action": {"type": "exec", "command": ["grep", "ann@x.io", "crm.log"],
                        "env": {"TO": "bob@x.io"}, "working_directory": "/srv", "timeout_ms": 10}},
            {"type": "local_shell_call_output", "id": "o1", "output": "3 hits for ann@x.io"},
            {"type": "shell_call_output", "call_id": "c3", "output": [
                {"stdout": "Ann +44 20 7946 0958", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}]},
            {"type": "apply_patch_call", "call_id": "c4", "status": "completed",
             "operation": {"type": "update_file", "path": "team.md", "diff": "+ann@x.io"}},
            {"type": "file_search_call", "id": "fs", "status": "completed", "queries": ["who is ann"],
             "results": [{"file_id": "file-1", "filename": "crm.csv", "score": 0.5, "text": "Ann, 4111"}]},
            {"type": "web_search_call", "id": "ws", "status": "completed",
             "action": {"type": "search", "query": "ann@x.io"}},
            {"type": "mcp_call", "id": "m", "name": "crm", "server_label": "s", "arguments": "{}",
             "error": "no user ann@x.io"},
            {"type": "mcp_approval_request", "id": "a", "server_label": "s", "name": "send",
             "arguments": "{\"to\":\"ann@x.io\"}"},
            {"type": "computer_call_output", "call_id": "c5", "output":
                {"type": "computer_screenshot", "image_url": "data:image/png;base64,iVBORw0KGgo"}},
            {"type": "image_generation_call", "id": "ig", "status": "completed", "result": "iVBORw0KGgo"},
            {"type": "reasoning", "id": "r", "encrypted_content": "gAAA", "summary": []},
            {"type": "call_from_the_future", "id": "f", "note": {"deep": ["ann@x.io"]}, "n": 1}
        ]});
        let (mut req, back) = round_trip::<ResponsesRequest>(&original);
        assert_eq!(back, original);
        assert_eq!(
            same_order(&mut req),
            [
                (Content, "grep"),
                (Content, "ann@x.io"),
                (Content, "crm.log"),
                (Content, "bob@x.io"),
                (Content, "/srv"),
                (ToolResult, "3 hits for ann@x.io"),
                (ToolResult, "Ann +44 20 7946 0958"),
                (ToolResult, ""),
                (Content, "team.md"),
                (Content, "+ann@x.io"),
                (Content, "who is ann"),
                (Content, "crm.csv"),
                (Content, "Ann, 4111"),
                (Content, "ann@x.io"),
                (ToolArguments, "{}"),
                (Content, "no user ann@x.io"),
                (ToolArguments, "{\"to\":\"ann@x.io\"}"),
                (Content, "ann@x.io"),
            ]
            .map(|(k, s)| (k, s.to_string()))
        );
        let back = serde_json::to_value(&req).unwrap();
        for (item, key) in [
            (0, "call_id"),
            (6, "name"),
            (10, "encrypted_content"),
            (9, "result"),
        ] {
            assert_eq!(
                back["input"][item][key], original["input"][item][key],
                "{key}"
            );
        }
    }

    #[test]
    fn custom_and_mcp_tool_calls_and_completion_suffixes_are_texts() {
        use TextKind::*;
        let mut req: ResponsesRequest = serde_json::from_value(json!({"model": "gpt-5", "input": [
            {"type": "custom_tool_call", "call_id": "c1", "name": "shell", "input": "mail ann@x.io"},
            {"type": "custom_tool_call_output", "call_id": "c1", "output": "sent to ann@x.io"},
            {"type": "mcp_call", "id": "m1", "name": "crm", "server_label": "s",
             "arguments": "{\"q\":\"bob\"}", "output": "Bob, +44 20 7946 0958"},
            {"type": "mcp_list_tools", "id": "l", "server_label": "s", "tools": []}]}))
        .unwrap();
        assert_eq!(
            same_order(&mut req),
            [
                (Content, "mail ann@x.io"),
                (ToolResult, "sent to ann@x.io"),
                (ToolArguments, "{\"q\":\"bob\"}"),
                (ToolResult, "Bob, +44 20 7946 0958"),
            ]
            .map(|(k, s)| (k, s.to_string()))
        );
        let mut req: ChatCompletionRequest = serde_json::from_value(json!({"model": "m", "messages": [
            {"role": "assistant", "tool_calls": [
                {"id": "c", "type": "custom", "custom": {"name": "sh", "input": "mail ann@x.io"}}]}]}))
        .unwrap();
        assert_eq!(
            same_order(&mut req),
            [(Content, "mail ann@x.io".to_string())],
            "a Chat custom tool call's input"
        );
        let (mut req, _) = round_trip::<CompletionRequest>(
            &json!({"model": "m", "prompt": "def f():", "suffix": "# by ann@x.io", "echo": true,
                    "stop": ["ann@x.io", "\n\n"]}),
        );
        assert_eq!(
            same_order(&mut req),
            [
                (Content, "def f():"),
                (Content, "# by ann@x.io"),
                (Parameter, "ann@x.io"),
                (Parameter, "\n\n")
            ]
            .map(|(k, s)| (k, s.to_string()))
        );
    }

    #[test]
    fn refusals_and_legacy_function_calls_are_texts() {
        let original = json!({ "model": "m", "messages": [
            { "role": "assistant", "content": [
                { "type": "refusal", "refusal": "Not for ann@example.com" } ] },
            { "role": "assistant", "refusal": "No, ann@example.com",
              "function_call": { "name": "f", "arguments": "{\"m\":\"ann@example.com\"}" } }
        ]});
        let mut req: ChatCompletionRequest = serde_json::from_value(original.clone()).unwrap();
        assert_eq!(
            req.tagged_text_segments(),
            [
                (TextKind::Content, "Not for ann@example.com"),
                (TextKind::ToolArguments, "{\"m\":\"ann@example.com\"}"),
                (TextKind::Content, "No, ann@example.com"),
            ]
        );
        for text in req.text_segments_mut() {
            *text = text.replace("ann@example.com", "[EMAIL]");
        }
        let mut expected = original;
        expected["messages"][0]["content"][0]["refusal"] = json!("Not for [EMAIL]");
        expected["messages"][1]["refusal"] = json!("No, [EMAIL]");
        expected["messages"][1]["function_call"]["arguments"] = json!("{\"m\":\"[EMAIL]\"}");
        assert_eq!(serde_json::to_value(&req).unwrap(), expected);
    }

    #[test]
    fn message_helpers() {
        let mut msg = ChatMessage::text("user", "hi");
        assert_eq!(
            serde_json::to_value(&msg).unwrap(),
            json!({"role": "user", "content": "hi"})
        );
        assert_eq!(msg.text_segments(), ["hi"]);
        msg.text_segments_mut()[0].push('!');
        assert_eq!(msg.content.as_ref().unwrap().joined_text(), "hi!");
        let parts: MessageContent = serde_json::from_value(json!([{"type": "text", "text": "a"}, {"type": "image_url", "image_url": {"url": "u"}}, {"type": "text", "text": "b"}])).unwrap();
        assert_eq!(parts.joined_text(), "a\nb");
        assert_eq!(parts.text_segments(), ["a", "b"]);
    }

    #[test]
    fn stream_usage_request() {
        let mut req: ChatCompletionRequest =
            serde_json::from_value(json!({"model": "m", "messages": [], "stream": true})).unwrap();
        req.request_stream_usage();
        assert_eq!(
            serde_json::to_value(&req).unwrap()["stream_options"],
            json!({"include_usage": true})
        );
        let mut req: ChatCompletionRequest =
            serde_json::from_value(json!({"model": "m", "messages": []})).unwrap();
        req.request_stream_usage();
        assert!(req.stream_options.is_none());
    }

    #[test]
    fn absent_model_stays_absent() {
        let original = json!({"messages": [{"role": "user", "content": "x"}]});
        let (req, back) = round_trip::<ChatCompletionRequest>(&original);
        assert_eq!(req.model, "");
        assert_eq!(back, original);
    }

    #[test]
    fn response_with_usage_details() {
        let original = json!({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o-2024-08-06",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello", "refusal": null, "annotations": []},
                         "logprobs": null, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1200, "completion_tokens": 300, "total_tokens": 1500,
                      "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
                      "completion_tokens_details": {"reasoning_tokens": 256, "audio_tokens": 0,
                                                    "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}},
            "service_tier": "default", "system_fingerprint": "fp_1"
        });
        let (resp, back) = round_trip::<ChatCompletionResponse>(&original);
        assert_eq!(back, original);
        assert_eq!(resp.model.as_deref(), Some("gpt-4o-2024-08-06"));
        assert_eq!(resp.choices[0].finish_reason(), Some("stop"));
        assert_eq!(resp.text_segments(), ["Hello"]);
        let usage = resp.usage.unwrap();
        assert_eq!(
            (
                usage.prompt_tokens,
                usage.completion_tokens,
                usage.total_tokens
            ),
            (1200, 300, 1500)
        );
        assert_eq!(usage.cached_tokens(), 1024);
        assert_eq!(usage.reasoning_tokens(), 256);
        assert_eq!(
            usage.prompt_tokens_details.unwrap().extra["audio_tokens"],
            json!(0)
        );
    }

    #[test]
    fn usage_without_details() {
        let usage: Usage =
            serde_json::from_value(json!({"prompt_tokens": 5, "total_tokens": 5})).unwrap();
        assert_eq!(
            (
                usage.prompt_tokens,
                usage.completion_tokens,
                usage.cached_tokens(),
                usage.reasoning_tokens()
            ),
            (5, 0, 0, 0)
        );
    }

    #[test]
    fn stream_chunks() {
        let first = json!({"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
            "choices": [{"index": 0, "delta": {"role": "assistant", "content": "", "refusal": null}, "logprobs": null, "finish_reason": null}],
            "usage": null});
        let (chunk, back) = round_trip::<ChatCompletionChunk>(&first);
        assert_eq!(
            chunk.choices[0].delta.as_ref().unwrap().role.as_deref(),
            Some("assistant")
        );
        assert_eq!(chunk.choices[0].finish_reason(), None);
        // `usage: null` is a modelled optional field: it is written back as absent.
        let mut expected = first.clone();
        expected.as_object_mut().unwrap().remove("usage");
        assert_eq!(back, expected);

        let tool = json!({"id": "c1", "model": "gpt-4o", "choices": [{"index": 0, "delta": {"tool_calls": [
            {"index": 0, "id": "call_9", "type": "function", "function": {"name": "get_weather", "arguments": ""}},
            {"index": 1, "function": {"arguments": "{\"city\": \"Par"}}
        ]}, "finish_reason": null}]});
        let (mut chunk, back) = round_trip::<ChatCompletionChunk>(&tool);
        assert_eq!(back, tool);
        let calls = chunk.choices[0]
            .delta
            .as_ref()
            .unwrap()
            .tool_calls
            .as_ref()
            .unwrap();
        assert_eq!(calls[1].index, Some(1));
        assert_eq!(
            calls[1].function.as_ref().unwrap().arguments.as_deref(),
            Some("{\"city\": \"Par")
        );
        assert_eq!(
            chunk.tagged_text_segments(),
            [
                (TextKind::ToolArguments, ""),
                (TextKind::ToolArguments, "{\"city\": \"Par")
            ]
        );
        *chunk.text_segments_mut()[1] = "{\"city\": \"Lyo".into();
        assert_eq!(
            serde_json::to_value(&chunk).unwrap()["choices"][0]["delta"]["tool_calls"][1]
                ["function"]["arguments"],
            json!("{\"city\": \"Lyo")
        );

        let last = json!({"id": "c1", "model": "gpt-4o", "choices": [],
            "usage": {"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12, "prompt_tokens_details": {"cached_tokens": 0}}});
        let (chunk, back) = round_trip::<ChatCompletionChunk>(&last);
        assert_eq!(back, last);
        assert_eq!(chunk.usage.unwrap().total_tokens, 12);
    }

    #[test]
    fn other_request_kinds() {
        let original = json!({"model": "gpt-3.5-turbo-instruct", "prompt": ["Say a", "Say b"], "max_tokens": 7, "stream": false});
        let (mut req, back) = round_trip::<CompletionRequest>(&original);
        assert_eq!(back, original);
        assert_eq!(req.text_segments(), ["Say a", "Say b"]);
        req.text_segments_mut()[1].push('!');
        assert_eq!(req.prompt, json!(["Say a", "Say b!"]));

        let original = json!({"model": "text-embedding-3-small", "input": "hello", "dimensions": 256, "encoding_format": "float"});
        let (req, back) = round_trip::<EmbeddingRequest>(&original);
        assert_eq!(back, original);
        assert_eq!(req.text_segments(), ["hello"]);
        let (req, _) = round_trip::<EmbeddingRequest>(&json!({"model": "e", "input": [[1, 2, 3]]}));
        assert!(req.text_segments().is_empty());

        let original = json!({
            "model": "gpt-4.1", "instructions": "Be brief.", "stream": true, "store": false,
            "input": [
                {"role": "developer", "content": "dev note"},
                {"type": "message", "role": "user", "content": [
                    {"type": "input_text", "text": "hi there"},
                    {"type": "input_image", "image_url": "https://example.com/x.png"}]},
                {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{\"a\":1}"},
                {"type": "function_call_output", "call_id": "c1", "output": "42"}
            ]
        });
        let (mut req, back) = round_trip::<ResponsesRequest>(&original);
        assert_eq!(back, original);
        assert_eq!(
            req.tagged_text_segments(),
            [
                (TextKind::System, "Be brief."),
                (TextKind::System, "dev note"),
                (TextKind::Content, "hi there"),
                (TextKind::ToolArguments, "{\"a\":1}"),
                (TextKind::ToolResult, "42")
            ]
        );
        let mut_kinds: Vec<_> = req
            .tagged_text_segments_mut()
            .into_iter()
            .map(|(k, s)| (k, s.clone()))
            .collect();
        let ro_kinds: Vec<_> = req
            .tagged_text_segments()
            .into_iter()
            .map(|(k, s)| (k, s.to_owned()))
            .collect();
        assert_eq!(mut_kinds, ro_kinds);
        let (req, _) = round_trip::<ResponsesRequest>(&json!({"model": "m", "input": "just text"}));
        assert_eq!(req.text_segments(), ["just text"]);
    }

    #[test]
    fn explicit_null_on_a_typed_field_is_written_as_absent() {
        // Documented loss (module docs): OpenAI treats `null` and absent the same here.
        let original = json!({"role": "assistant", "content": null, "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}"}}], "refusal": null});
        let (msg, back) = round_trip::<ChatMessage>(&original);
        assert_eq!(msg.content, None);
        let mut expected = original;
        expected.as_object_mut().unwrap().remove("content");
        assert_eq!(back, expected);
    }

    #[test]
    fn wrong_shapes_are_errors() {
        assert!(serde_json::from_value::<ChatCompletionRequest>(json!({"model": "m"})).is_err());
        assert!(serde_json::from_value::<ChatCompletionRequest>(
            json!({"model": 1, "messages": []})
        )
        .is_err());
        assert!(
            serde_json::from_value::<ChatMessage>(json!({"role": "user", "content": 5})).is_err()
        );
    }

    pub(crate) mod props {
        use super::*;
        use proptest::prelude::*;

        /// Arbitrary JSON without floats (they are re-printed, see the module docs).
        pub(crate) fn json_value() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                any::<u64>().prop_map(Value::from),
                "\\PC{0,12}".prop_map(Value::String),
            ];
            leaf.prop_recursive(3, 24, 4, |inner| {
                prop_oneof![
                    proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                    proptest::collection::vec(("[a-z]{1,6}", inner), 0..4)
                        .prop_map(|kv| Value::Object(kv.into_iter().collect())),
                ]
            })
        }

        /// Unknown fields: keys that no model knows (`x_` prefix), in random order.
        pub(crate) fn extras() -> impl Strategy<Value = serde_json::Map<String, Value>> {
            proptest::collection::vec(("x_[a-z]{1,5}", json_value()), 0..4)
                .prop_map(|kv| kv.into_iter().collect())
        }

        fn with(
            mut base: serde_json::Map<String, Value>,
            extra: serde_json::Map<String, Value>,
        ) -> Value {
            base.extend(extra);
            Value::Object(base)
        }

        fn part() -> impl Strategy<Value = Value> {
            (
                prop_oneof![Just("text"), Just("image_url")],
                "\\PC{0,10}",
                extras(),
            )
                .prop_map(|(t, text, extra)| {
                    let mut base = serde_json::Map::new();
                    base.insert("type".into(), json!(t));
                    if t == "text" {
                        base.insert("text".into(), json!(text));
                    } else {
                        base.insert("image_url".into(), json!({"url": text}));
                    }
                    with(base, extra)
                })
        }

        fn message() -> impl Strategy<Value = Value> {
            let content = prop_oneof![
                "\\PC{0,10}".prop_map(Value::String),
                proptest::collection::vec(part(), 0..3).prop_map(Value::Array)
            ];
            (
                prop_oneof![Just("system"), Just("user"), Just("assistant")],
                proptest::option::of(content),
                extras(),
            )
                .prop_map(|(role, content, extra)| {
                    let mut base = serde_json::Map::new();
                    base.insert("role".into(), json!(role));
                    if let Some(c) = content {
                        base.insert("content".into(), c);
                    }
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
                base.insert("model".into(), json!("original"));
                base.insert("messages".into(), Value::Array(messages));
                let original = with(base, top);
                let body = serde_json::to_vec(&original).unwrap();

                let mut expected = original.clone();
                expected["model"] = json!(model);

                let mut req: ChatCompletionRequest = serde_json::from_slice(&body).unwrap();
                prop_assert_eq!(serde_json::to_value(&req).unwrap(), original);
                req.model = model.clone();
                prop_assert_eq!(serde_json::to_value(&req).unwrap(), expected.clone());

                let rewritten = crate::api::rewrite_model(&body, "model", &model).unwrap();
                // rewrite_model keeps the key order too, so compare the text.
                prop_assert_eq!(rewritten, serde_json::to_vec(&expected).unwrap());
            }
        }
    }
}

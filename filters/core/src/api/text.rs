//! Walking every text string of a model, so a filter can read (count, scan) or rewrite (mask,
//! restore) prompts and completions in place without knowing each API's shapes.

use serde_json::Value;

/// What a text string is, so a filter can treat e.g. tool arguments (JSON text) apart from prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextKind {
    /// Prose of a user or assistant turn, a prompt, an embedding input.
    Content,
    /// System or developer instructions.
    System,
    /// A JSON text of tool-call arguments: OpenAI `function.arguments`, Anthropic `partial_json`,
    /// Responses `function_call.arguments`. Rewrites must keep it JSON.
    ToolArguments,
    /// A string value inside an Anthropic `tool_use.input` object.
    ToolInput,
    /// Tool output sent back to the model (OpenAI `tool` messages, Anthropic `tool_result`).
    ToolResult,
    /// A string of a tool or output definition: a tool's `description`, every string of its
    /// JSON schema (`parameters`, `input_schema`, a `json_schema` response format: property
    /// descriptions, `enum`, `default`, `examples`...). The provider reads them; they are not
    /// turns of the conversation.
    Schema,
    /// A string request parameter that is not prompt text: `stop` sequences, `metadata` values.
    Parameter,
}

/// Implemented by every model that holds text. Visits in document order.
pub trait VisitTexts {
    fn visit_texts<'a>(&'a self, f: &mut dyn FnMut(TextKind, &'a str));
    fn visit_texts_mut<'a>(&'a mut self, f: &mut dyn FnMut(TextKind, &'a mut String));
}

/// Adds the collecting helpers as inherent methods, so callers need no trait import.
macro_rules! text_segments {
    ($($ty:ty),* $(,)?) => { $(
        impl $ty {
            /// Every text string, in document order.
            pub fn text_segments(&self) -> Vec<&str> {
                let mut out = Vec::new();
                $crate::api::VisitTexts::visit_texts(self, &mut |_, s| out.push(s));
                out
            }

            /// Every text string, for rewriting in place.
            pub fn text_segments_mut(&mut self) -> Vec<&mut String> {
                let mut out = Vec::new();
                $crate::api::VisitTexts::visit_texts_mut(self, &mut |_, s| out.push(s));
                out
            }

            /// Every text string with what it is.
            pub fn tagged_text_segments(&self) -> Vec<($crate::api::TextKind, &str)> {
                let mut out = Vec::new();
                $crate::api::VisitTexts::visit_texts(self, &mut |k, s| out.push((k, s)));
                out
            }

            /// Every text string with what it is, for rewriting in place.
            pub fn tagged_text_segments_mut(&mut self) -> Vec<($crate::api::TextKind, &mut String)> {
                let mut out = Vec::new();
                $crate::api::VisitTexts::visit_texts_mut(self, &mut |k, s| out.push((k, s)));
                out
            }
        }
    )* };
}
pub(crate) use text_segments;

/// A string, or an array of strings and/or blocks with a `text` string (`{"type":"text",...}`,
/// `input_text`, `output_text`), with the texts of Anthropic `document` and `search_result`
/// blocks (see [`visit_block_field`]). Other blocks (images, files, token arrays) are skipped.
pub(crate) fn visit_text_blocks<'a>(
    v: &'a Value,
    kind: TextKind,
    f: &mut dyn FnMut(TextKind, &'a str),
) {
    match v {
        Value::String(s) => f(kind, s),
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::String(s) => f(kind, s),
                    Value::Object(block) => {
                        let ty = block.get("type").and_then(Value::as_str).unwrap_or("");
                        for (key, value) in block {
                            match (key.as_str(), value) {
                                ("text", Value::String(s)) => f(kind, s),
                                ("content", content) if ty == "search_result" => {
                                    visit_text_blocks(content, kind, f)
                                }
                                _ => visit_block_field(ty, key, value, kind, f),
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

pub(crate) fn visit_text_blocks_mut<'a>(
    v: &'a mut Value,
    kind: TextKind,
    f: &mut dyn FnMut(TextKind, &'a mut String),
) {
    match v {
        Value::String(s) => f(kind, s),
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::String(s) => f(kind, s),
                    Value::Object(block) => {
                        let ty = block
                            .get("type")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_owned();
                        for (key, value) in block.iter_mut() {
                            match key.as_str() {
                                "text" => {
                                    if let Value::String(s) = value {
                                        f(kind, s)
                                    }
                                }
                                "content" if ty == "search_result" => {
                                    visit_text_blocks_mut(value, kind, f)
                                }
                                _ => visit_block_field_mut(&ty, key, value, kind, f),
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// The texts of a block's field besides `text`: a plain-text document's `source.data`, a
/// `source` of type `content` (its text blocks), and the `title` and `context` of a
/// `document` or `search_result` block, a `search_result`'s `source` (a URL or name).
pub(crate) fn visit_block_field<'a>(
    ty: &str,
    key: &str,
    value: &'a Value,
    kind: TextKind,
    f: &mut dyn FnMut(TextKind, &'a str),
) {
    let cited = matches!(ty, "document" | "search_result");
    match (key, value) {
        ("source", Value::Object(source)) => match source.get("type").and_then(Value::as_str) {
            Some("text") => {
                if let Some(Value::String(data)) = source.get("data") {
                    f(kind, data)
                }
            }
            Some("content") => {
                if let Some(content) = source.get("content") {
                    visit_text_blocks(content, kind, f)
                }
            }
            _ => {}
        },
        ("source", Value::String(s)) if ty == "search_result" => f(kind, s),
        ("title" | "context", Value::String(s)) if cited => f(kind, s),
        _ => {}
    }
}

pub(crate) fn visit_block_field_mut<'a>(
    ty: &str,
    key: &str,
    value: &'a mut Value,
    kind: TextKind,
    f: &mut dyn FnMut(TextKind, &'a mut String),
) {
    let cited = matches!(ty, "document" | "search_result");
    let string_field =
        (key == "source" && ty == "search_result") || (cited && matches!(key, "title" | "context"));
    match value {
        Value::Object(source) if key == "source" => {
            let source_type = source
                .get("type")
                .and_then(Value::as_str)
                .map(str::to_owned);
            for (k, v) in source.iter_mut() {
                match (source_type.as_deref(), k.as_str()) {
                    (Some("text"), "data") => {
                        if let Value::String(data) = v {
                            f(kind, data)
                        }
                    }
                    (Some("content"), "content") => visit_text_blocks_mut(v, kind, f),
                    _ => {}
                }
            }
        }
        Value::String(s) if string_field => f(kind, s),
        _ => {}
    }
}

/// A tool or output definition (`{"type":"function","function":{...}}`, a Responses or
/// Anthropic tool, a `json_schema` format): its `description` and every string of its JSON
/// schema (`parameters`, `input_schema`, `schema`), as [`TextKind::Schema`].
pub(crate) fn visit_definition<'a>(def: &'a Value, f: &mut dyn FnMut(TextKind, &'a str)) {
    let Value::Object(map) = def else { return };
    for (key, value) in map {
        match (key.as_str(), value) {
            ("description", Value::String(s)) => f(TextKind::Schema, s),
            ("parameters" | "input_schema" | "schema", schema) => {
                visit_string_leaves(schema, TextKind::Schema, f)
            }
            ("function" | "custom", inner @ Value::Object(_)) => visit_definition(inner, f),
            _ => {}
        }
    }
}

pub(crate) fn visit_definition_mut<'a>(
    def: &'a mut Value,
    f: &mut dyn FnMut(TextKind, &'a mut String),
) {
    let Value::Object(map) = def else { return };
    for (key, value) in map.iter_mut() {
        match (key.as_str(), value) {
            ("description", Value::String(s)) => f(TextKind::Schema, s),
            ("parameters" | "input_schema" | "schema", schema) => {
                visit_string_leaves_mut(schema, TextKind::Schema, f)
            }
            ("function" | "custom", inner @ Value::Object(_)) => visit_definition_mut(inner, f),
            _ => {}
        }
    }
}

/// Every string value (not key) anywhere inside `v`.
pub(crate) fn visit_string_leaves<'a>(
    v: &'a Value,
    kind: TextKind,
    f: &mut dyn FnMut(TextKind, &'a str),
) {
    match v {
        Value::String(s) => f(kind, s),
        Value::Array(items) => items.iter().for_each(|x| visit_string_leaves(x, kind, f)),
        Value::Object(map) => map.values().for_each(|x| visit_string_leaves(x, kind, f)),
        _ => {}
    }
}

pub(crate) fn visit_string_leaves_mut<'a>(
    v: &'a mut Value,
    kind: TextKind,
    f: &mut dyn FnMut(TextKind, &'a mut String),
) {
    match v {
        Value::String(s) => f(kind, s),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|x| visit_string_leaves_mut(x, kind, f)),
        Value::Object(map) => map
            .values_mut()
            .for_each(|x| visit_string_leaves_mut(x, kind, f)),
        _ => {}
    }
}

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
/// `input_text`, `output_text`). Other blocks (images, files, token arrays) are skipped.
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
                        if let Some(Value::String(s)) = block.get("text") {
                            f(kind, s)
                        }
                        if let Some(data) = super::anthropic::document_text(block) {
                            f(kind, data)
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
                        let (text, source): (Vec<_>, Vec<_>) = block
                            .iter_mut()
                            .filter(|(k, _)| *k == "text" || *k == "source")
                            .partition(|(k, _)| *k == "text");
                        if let Some((_, Value::String(s))) = text.into_iter().next() {
                            f(kind, s)
                        }
                        if let Some((_, Value::Object(source))) = source.into_iter().next() {
                            if source.get("type").and_then(Value::as_str) == Some("text") {
                                if let Some(Value::String(data)) = source.get_mut("data") {
                                    f(kind, data)
                                }
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

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
/// `source` of type `content` (its text blocks), the `title` and `context` of a `document`,
/// `search_result` or `web_search_result` block, a `search_result`'s `source` (a URL or name),
/// the citations of a text block (Anthropic `citations` with their `cited_text`, OpenAI
/// `annotations`), and the file name of a file part (Chat `file.filename`, Responses
/// `input_file.filename`).
pub(crate) fn visit_block_field<'a>(
    ty: &str,
    key: &str,
    value: &'a Value,
    kind: TextKind,
    f: &mut dyn FnMut(TextKind, &'a str),
) {
    let cited = matches!(ty, "document" | "search_result" | "web_search_result");
    match (key, value) {
        ("citations" | "annotations", citations @ Value::Array(_)) => {
            visit_free_strings(citations, kind, f)
        }
        ("file", Value::Object(file)) if ty == "file" => {
            if let Some(Value::String(name)) = file.get("filename") {
                f(kind, name)
            }
        }
        ("filename", Value::String(name)) if ty == "input_file" => f(kind, name),
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
    let cited = matches!(ty, "document" | "search_result" | "web_search_result");
    let string_field = (key == "source" && ty == "search_result")
        || (cited && matches!(key, "title" | "context"))
        || (key == "filename" && ty == "input_file");
    // Key and type in the pattern, not in a guard: a guarded arm that binds `&'a mut` inside
    // an object keeps the borrow for the arms after it.
    match (key, ty, value) {
        ("citations" | "annotations", _, citations @ Value::Array(_)) => {
            visit_free_strings_mut(citations, kind, f)
        }
        ("file", "file", Value::Object(file)) => {
            if let Some(Value::String(name)) = file.get_mut("filename") {
                f(kind, name)
            }
        }
        ("source", _, Value::Object(source)) => {
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
        (_, _, Value::String(s)) if string_field => f(kind, s),
        _ => {}
    }
}

/// A tool or output definition (`{"type":"function","function":{...}}`, a Responses or
/// Anthropic tool, a `json_schema` format): its `description` and every string of its JSON
/// schema (`parameters`, `input_schema`, `schema`), as [`TextKind::Schema`]; a web search
/// tool's `user_location`, as [`TextKind::Parameter`].
pub(crate) fn visit_definition<'a>(def: &'a Value, f: &mut dyn FnMut(TextKind, &'a str)) {
    let Value::Object(map) = def else { return };
    for (key, value) in map {
        match (key.as_str(), value) {
            ("description", Value::String(s)) => f(TextKind::Schema, s),
            ("parameters" | "input_schema" | "schema", schema) => {
                visit_string_leaves(schema, TextKind::Schema, f)
            }
            ("function" | "custom", inner @ Value::Object(_)) => visit_definition(inner, f),
            // A web search tool's approximate location of the user.
            ("user_location", location) => visit_free_strings(location, TextKind::Parameter, f),
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
            ("user_location", location) => visit_free_strings_mut(location, TextKind::Parameter, f),
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

/// Keys whose string values name or tag things rather than say them: ids, enum tags, tool and
/// server names, opaque blobs. Rewriting one would break the request (a tool call's `call_id`,
/// a reasoning item's `encrypted_content`), and none holds prose.
const NOT_TEXT_KEYS: &[&str] = &[
    "type",
    "id",
    "status",
    "role",
    "name",
    "server_label",
    "encrypted_content",
    "encrypted_index",
    "image_url",
    "file_data",
    "file_url",
    "mime_type",
    "media_type",
    "detail",
];

pub(crate) fn is_text_key(key: &str) -> bool {
    !NOT_TEXT_KEYS.contains(&key) && !key.ends_with("_id")
}

/// A `data:` URL with base64 content (an inlined image or file), not text.
fn is_data_url(s: &str) -> bool {
    s.starts_with("data:")
        && s.get(..s.len().min(128))
            .is_some_and(|head| head.contains(";base64,"))
}

/// Every string inside `v` that may be prose, for shapes the visitors do not know (a Responses
/// item type added after this code, a tool call's `action`): all string values except under
/// [`NOT_TEXT_KEYS`] and keys ending in `_id`, and except inlined `data:` URLs. Scanning too
/// much costs a look; skipping a field forwards what it holds.
pub(crate) fn visit_free_strings<'a>(
    v: &'a Value,
    kind: TextKind,
    f: &mut dyn FnMut(TextKind, &'a str),
) {
    match v {
        Value::String(s) if !is_data_url(s) => f(kind, s),
        Value::Array(items) => items.iter().for_each(|x| visit_free_strings(x, kind, f)),
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| is_text_key(k))
            .for_each(|(_, x)| visit_free_strings(x, kind, f)),
        _ => {}
    }
}

pub(crate) fn visit_free_strings_mut<'a>(
    v: &'a mut Value,
    kind: TextKind,
    f: &mut dyn FnMut(TextKind, &'a mut String),
) {
    match v {
        Value::String(s) if !is_data_url(s) => f(kind, s),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|x| visit_free_strings_mut(x, kind, f)),
        Value::Object(map) => map
            .iter_mut()
            .filter(|(k, _)| is_text_key(k))
            .for_each(|(_, x)| visit_free_strings_mut(x, kind, f)),
        _ => {}
    }
}

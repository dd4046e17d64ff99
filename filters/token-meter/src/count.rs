//! Local token counting with tiktoken's BPE ranks ([`crate::tokenizer`]), and the prompt-counting rules
//! OpenAI documents for chat requests.
//!
//! Chat prompts (OpenAI cookbook "How to count tokens with tiktoken"): every message costs 3
//! tokens plus the tokens of each of its string values (role, content, name, ...), a `name`
//! one more, and every reply is primed with 3. Tools follow the cookbook's
//! `num_tokens_for_tools` rules. Content parts count their `text`; images and audio are not
//! counted (the provider's usage has them). Anthropic, Responses, legacy completions and
//! embeddings are counted as their text segments with the same tokenizer: an estimate.

use crate::config::MeterConfig;
pub use crate::encoding::Encoding;
use crate::tokenizer::Tokenizer;
use llm_filters_core::api::ApiKind;
use llm_filters_core::glob::glob_match;
use serde_json::Value;

impl Encoding {
    /// The tokenizer (built once per process, per VM in wasm; the filter builds all at load).
    pub fn tokenizer(self) -> &'static Tokenizer {
        Tokenizer::get(self)
    }

    /// Tokens of `text`, encoded as ordinary text: tiktoken's `encode_ordinary(text).len()`.
    pub fn count(self, text: &str) -> u64 {
        self.tokenizer().count(text) as u64
    }
}

/// Models whose tokenizer is cl100k_base (tiktoken's own model map).
const CL100K_MODELS: &[&str] = &[
    "gpt-4",
    "gpt-4-*",
    "gpt-3.5-turbo*",
    "gpt-35-turbo*",
    "text-embedding-ada-002",
    "text-embedding-3-*",
];

/// The tokenizer for a model: the config's map first, then tiktoken's defaults, then `encoding`.
pub fn encoding_for(config: &MeterConfig, model: &str) -> Encoding {
    if let Some(e) = config.model_encodings.get(model) {
        return *e;
    }
    let best = config
        .model_encodings
        .iter()
        .filter(|(pattern, _)| glob_match(pattern, model))
        .max_by_key(|(pattern, _)| pattern.len());
    if let Some((_, e)) = best {
        return *e;
    }
    if CL100K_MODELS.iter().any(|p| glob_match(p, model)) {
        return Encoding::Cl100kBase;
    }
    config.encoding
}

/// Per-function constants of the cookbook's tool counting; cl100k models start functions higher.
struct ToolCosts {
    func_init: i64,
    prop_init: i64,
    prop_key: i64,
    enum_init: i64,
    enum_item: i64,
    func_end: i64,
}

fn tool_costs(encoding: Encoding) -> ToolCosts {
    let func_init = if encoding == Encoding::Cl100kBase {
        10
    } else {
        7
    };
    ToolCosts {
        func_init,
        prop_init: 3,
        prop_key: 3,
        enum_init: -3,
        enum_item: 3,
        func_end: 12,
    }
}

const TOKENS_PER_MESSAGE: u64 = 3;
const TOKENS_PER_NAME: u64 = 1;
const REPLY_PRIMING: u64 = 3;

/// Tokens of a chat request's `messages` and `tools` as OpenAI bills them.
pub fn count_chat(encoding: Encoding, body: &Value) -> u64 {
    let mut total = 0;
    if let Some(messages) = body.get("messages").and_then(Value::as_array) {
        for message in messages {
            total += count_message(encoding, message);
        }
        total += REPLY_PRIMING;
    }
    if let Some(tools) = body.get("tools").and_then(Value::as_array) {
        total += count_tools(encoding, tools);
    }
    total
}

fn count_message(encoding: Encoding, message: &Value) -> u64 {
    let mut total = TOKENS_PER_MESSAGE;
    let Some(fields) = message.as_object() else {
        return total;
    };
    for (key, value) in fields {
        total += match value {
            Value::String(s) => encoding.count(s),
            Value::Array(_) if key == "content" => {
                content_parts(value).map(|t| encoding.count(t)).sum()
            }
            Value::Array(calls) if key == "tool_calls" => calls
                .iter()
                .flat_map(|c| {
                    [
                        c.pointer("/function/name"),
                        c.pointer("/function/arguments"),
                    ]
                })
                .flatten()
                .filter_map(Value::as_str)
                .map(|t| encoding.count(t))
                .sum(),
            _ => 0,
        };
        if key == "name" {
            total += TOKENS_PER_NAME;
        }
    }
    total
}

/// The `text` of content parts (`{"type":"text","text":...}`).
fn content_parts(content: &Value) -> impl Iterator<Item = &str> {
    content
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|part| part.get("text").and_then(Value::as_str))
}

fn count_tools(encoding: Encoding, tools: &[Value]) -> u64 {
    if tools.is_empty() {
        return 0;
    }
    let c = tool_costs(encoding);
    let mut total: i64 = 0;
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_string();
    for tool in tools {
        let function = tool.get("function").unwrap_or(tool);
        total += c.func_init;
        let desc = text(function.get("description"));
        let line = format!(
            "{}:{}",
            text(function.get("name")),
            desc.strip_suffix('.').unwrap_or(&desc)
        );
        total += encoding.count(&line) as i64;
        let properties = function
            .pointer("/parameters/properties")
            .and_then(Value::as_object);
        if let Some(properties) = properties.filter(|p| !p.is_empty()) {
            total += c.prop_init;
            for (name, prop) in properties {
                total += c.prop_key;
                if let Some(items) = prop.get("enum").and_then(Value::as_array) {
                    total += c.enum_init;
                    for item in items {
                        total += c.enum_item;
                        let item = match item {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        total += encoding.count(&item) as i64;
                    }
                }
                let desc = text(prop.get("description"));
                let line = format!(
                    "{name}:{}:{}",
                    text(prop.get("type")),
                    desc.strip_suffix('.').unwrap_or(&desc)
                );
                total += encoding.count(&line) as i64;
            }
        }
    }
    (total + c.func_end).max(0) as u64
}

/// Prompt tokens of any request body this filter meters.
pub fn count_prompt(encoding: Encoding, kind: ApiKind, body: &Value) -> u64 {
    match kind {
        ApiKind::ChatCompletions => count_chat(encoding, body),
        ApiKind::AnthropicMessages => {
            let mut total = REPLY_PRIMING;
            total += count_texts(encoding, body.get("system"));
            for message in body
                .get("messages")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                total += TOKENS_PER_MESSAGE + count_texts(encoding, message.get("content"));
            }
            if let Some(tools) = body.get("tools").and_then(Value::as_array) {
                total += tools
                    .iter()
                    .map(|t| encoding.count(&t.to_string()))
                    .sum::<u64>();
            }
            total
        }
        ApiKind::Completions => count_texts(encoding, body.get("prompt")),
        ApiKind::Embeddings => count_texts(encoding, body.get("input")),
        ApiKind::Responses => {
            count_texts(encoding, body.get("instructions"))
                + count_texts(encoding, body.get("input"))
        }
        ApiKind::Models | ApiKind::Unknown => 0,
    }
}

/// Every text under a value: strings, and `text`/`content`/`input`/`output` of nested objects.
/// Token-id arrays count one token per id.
fn count_texts(encoding: Encoding, value: Option<&Value>) -> u64 {
    match value {
        None | Some(Value::Null | Value::Bool(_)) => 0,
        Some(Value::Number(_)) => 1,
        Some(Value::String(s)) => encoding.count(s),
        Some(Value::Array(items)) => items.iter().map(|i| count_texts(encoding, Some(i))).sum(),
        Some(Value::Object(map)) => [
            "text",
            "content",
            "input",
            "output",
            "arguments",
            "thinking",
        ]
        .iter()
        .map(|k| match map.get(*k) {
            Some(Value::Object(o)) if *k == "input" => {
                encoding.count(&Value::Object(o.clone()).to_string())
            }
            v => count_texts(encoding, v),
        })
        .sum(),
    }
}

/// `max_tokens` / `max_completion_tokens` / `max_output_tokens` of a request, if any.
pub fn max_output_tokens(body: &Value) -> Option<u64> {
    ["max_completion_tokens", "max_tokens", "max_output_tokens"]
        .iter()
        .find_map(|k| body.get(*k)?.as_u64())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn known_counts() {
        // Values from Python tiktoken (also covered by the corpus test).
        assert_eq!(Encoding::O200kBase.count("hello world"), 2);
        assert_eq!(Encoding::Cl100kBase.count("hello world"), 2);
        assert_eq!(Encoding::O200kBase.count(""), 0);
    }

    #[test]
    fn chat_overheads() {
        let e = Encoding::O200kBase;
        let one = json!({"messages": [{"role": "user", "content": "hello world"}]});
        // 3 per message + "user" (1) + "hello world" (2) + 3 priming.
        assert_eq!(count_chat(e, &one), 3 + 1 + 2 + 3);
        let named =
            json!({"messages": [{"role": "user", "content": "hello world", "name": "bob"}]});
        assert_eq!(count_chat(e, &named), 9 + e.count("bob") + 1);
        let parts = json!({"messages": [{"role": "user", "content": [{"type": "text", "text": "hello world"}, {"type": "image_url", "image_url": {"url": "x"}}]}]});
        assert_eq!(count_chat(e, &parts), 9);
    }

    #[test]
    fn tools_add_cookbook_overheads() {
        let e = Encoding::O200kBase;
        let tools = json!([{"type": "function", "function": {"name": "get_weather", "description": "Get weather.",
            "parameters": {"type": "object", "properties": {"unit": {"type": "string", "description": "Unit.", "enum": ["c", "f"]}}}}}]);
        let expected = 7 + e.count("get_weather:Get weather") as i64 + 3 + 3 - 3
            + (3 + 1) * 2
            + e.count("unit:string:Unit") as i64
            + 12;
        assert_eq!(count_tools(e, tools.as_array().unwrap()) as i64, expected);
    }

    #[test]
    fn model_map() {
        let mut c: MeterConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(encoding_for(&c, "gpt-4o-mini"), Encoding::O200kBase);
        assert_eq!(encoding_for(&c, "gpt-4-turbo"), Encoding::Cl100kBase);
        assert_eq!(encoding_for(&c, "gpt-3.5-turbo-0125"), Encoding::Cl100kBase);
        c.model_encodings
            .insert("llama-*".into(), Encoding::Cl100kBase);
        c.model_encodings
            .insert("gpt-4-*".into(), Encoding::O200kBase);
        assert_eq!(encoding_for(&c, "llama-3"), Encoding::Cl100kBase);
        assert_eq!(encoding_for(&c, "gpt-4-turbo"), Encoding::O200kBase);
    }

    #[test]
    fn other_apis() {
        let e = Encoding::O200kBase;
        assert_eq!(
            count_prompt(
                e,
                ApiKind::Embeddings,
                &json!({"input": ["hello world", "hello world"]})
            ),
            4
        );
        assert_eq!(
            count_prompt(e, ApiKind::Completions, &json!({"prompt": [[1, 2, 3]]})),
            3
        );
        let anthropic = json!({"system": "hello world", "messages": [{"role": "user", "content": [{"type": "text", "text": "hello world"}]}]});
        assert_eq!(
            count_prompt(e, ApiKind::AnthropicMessages, &anthropic),
            3 + 2 + 3 + 2
        );
        assert_eq!(max_output_tokens(&json!({"max_tokens": 5})), Some(5));
    }
}

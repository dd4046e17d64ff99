//! Small helpers over chat messages kept as JSON values (unknown fields survive untouched).

use serde_json::{Map, Value};

pub fn role(message: &Value) -> &str {
    message.get("role").and_then(Value::as_str).unwrap_or("")
}

/// System instructions: `system`, or `developer` (OpenAI's newer name for it).
pub fn is_system(message: &Value) -> bool {
    matches!(role(message), "system" | "developer")
}

pub fn text_message(role: &str, content: &str) -> Value {
    let mut m = Map::new();
    m.insert("role".into(), Value::String(role.into()));
    m.insert("content".into(), Value::String(content.into()));
    Value::Object(m)
}

/// Every text of a message's `content`: the string itself, or the `text` of each part.
pub fn for_each_text_mut(message: &mut Value, f: &mut dyn FnMut(&mut String)) {
    match message.get_mut("content") {
        Some(Value::String(s)) => f(s),
        Some(Value::Array(parts)) => {
            for part in parts {
                if let Some(Value::String(s)) = part.get_mut("text") {
                    f(s)
                }
            }
        }
        _ => {}
    }
}

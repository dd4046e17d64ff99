//! Request, response and stream models for the OpenAI and Anthropic APIs, as far as the
//! filters need them.
//!
//! Every struct keeps the fields it does not model in `extra` (`#[serde(flatten)]`), so a body
//! that is parsed, rewritten and serialized again keeps everything else. What is lost:
//! - key order between modelled fields and `extra` (modelled fields are written first, in struct
//!   order; `extra` keeps its own order) — JSON objects are unordered, so the meaning is the same;
//! - an explicit `null` on a modelled optional field of a typed (non-`Value`) kind, e.g.
//!   `"content": null` on an assistant tool-call message, is written back as absent (both APIs
//!   treat the two the same). Nulls in `Value` fields and in unmodelled fields stay, which is why
//!   `finish_reason`, `stop_sequence`, `logprobs`... are left in `extra` and read by accessors;
//! - number spelling: without serde_json's `arbitrary_precision`, integers keep their value
//!   (i64/u64) but floats are re-printed (`1.50` → `1.5`, `1e2` → `100.0`) and floats beyond
//!   f64 precision lose digits.

pub mod anthropic;
mod body;
mod kind;
pub mod model_name;
pub mod openai;
mod text;

pub use body::{parse_body, read_model, rewrite_model, BodyError};
pub use kind::{is_models_path, ApiKind};
pub use text::{TextKind, VisitTexts};

use serde_json::Value;

/// Unmodelled fields of an object, in their original order.
pub type Extra = serde_json::Map<String, Value>;

/// For `Option<Value>` fields: an explicit `null` becomes `Some(Value::Null)` instead of `None`,
/// so it is written back (absent still deserializes to `None` through `#[serde(default)]`).
pub(crate) fn keep_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    serde::Deserialize::deserialize(d).map(Some)
}

/// `"stream": true` in any of the request bodies.
pub fn is_streaming_request(body: &Value) -> bool {
    body.get("stream").and_then(Value::as_bool).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn streaming_flag() {
        assert!(is_streaming_request(&json!({"model": "m", "stream": true})));
        assert!(!is_streaming_request(
            &json!({"model": "m", "stream": false})
        ));
        assert!(!is_streaming_request(&json!({"model": "m"})));
        assert!(!is_streaming_request(&json!({"stream": "true"})));
        assert!(!is_streaming_request(&json!([true])));
    }
}

//! Reading and rewriting the model of arbitrary bodies (core's span-based JSON edit), and the
//! typed request parsers.
//!
//! Input: `[key selector][model length][model bytes][body]`.
//! Properties: no panic; `read_model` and `rewrite_model` agree on whether the body is usable;
//! a rewritten body is valid JSON, reads back the new model, and equals the original with only
//! that field set (missing parents created); the typed parsers accept or refuse without panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use llm_filters_core::api::anthropic::MessagesRequest;
use llm_filters_core::api::openai::{
    ChatCompletionRequest, CompletionRequest, EmbeddingRequest, ResponsesRequest,
};
use llm_filters_core::api::{parse_body, read_model, rewrite_model};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

const KEYS: [&str; 5] = ["model", "metadata.model", "a.b.model", "", "model."];

/// The oracle: set `key` (dotted) to `model` in a parsed body, creating missing objects.
fn set_field(body: &mut Value, key: &str, model: &str) -> bool {
    let mut node = body;
    let mut parts = key.split('.').peekable();
    while let Some(part) = parts.next() {
        let Value::Object(map) = node else {
            return false;
        };
        if parts.peek().is_none() {
            map.insert(part.to_string(), Value::String(model.to_string()));
            return true;
        }
        node = map
            .entry(part.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    false
}

fn typed<T: DeserializeOwned + Serialize>(body: &[u8]) {
    if let Ok(parsed) = parse_body::<T>(body) {
        let out = serde_json::to_vec(&parsed).expect("a parsed request serializes");
        assert!(serde_json::from_slice::<Value>(&out).is_ok());
    }
}

fuzz_target!(|data: &[u8]| {
    let [selector, len, rest @ ..] = data else {
        return;
    };
    let key = KEYS[usize::from(*selector) % KEYS.len()];
    let len = usize::from(*len).min(rest.len());
    let (model, body) = rest.split_at(len);
    let model = String::from_utf8_lossy(model);

    let read = read_model(body, key);
    let rewritten = rewrite_model(body, key, &model);
    assert_eq!(
        read.is_ok(),
        rewritten.is_ok(),
        "read {read:?}, rewrite {rewritten:?}"
    );
    if let Ok(out) = rewritten {
        assert!(
            serde_json::from_slice::<&RawValue>(&out).is_ok(),
            "rewritten body is not JSON"
        );
        assert_eq!(read_model(&out, key), Ok(Some(model.to_string())));
        // Numbers beyond f64 are valid JSON that a Value cannot hold: compare when it can.
        if let Ok(mut expected) = serde_json::from_slice::<Value>(body) {
            assert!(set_field(&mut expected, key, &model));
            let got: Value = serde_json::from_slice(&out).expect("same numbers as the input");
            assert_eq!(got, expected, "rewrite changed more than the field");
        }
    }

    typed::<ChatCompletionRequest>(body);
    typed::<CompletionRequest>(body);
    typed::<EmbeddingRequest>(body);
    typed::<ResponsesRequest>(body);
    typed::<MessagesRequest>(body);
});

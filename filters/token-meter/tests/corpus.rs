//! token-meter's counts equal OpenAI's Python `tiktoken` on the committed corpus.
//! Expected counts come from tests/corpus/generate.py (see there to regenerate).

use serde_json::Value;
use token_meter::count::{count_chat, encoding_for, Encoding};
use token_meter::MeterConfig;

fn load(name: &str) -> Value {
    let path = format!("{}/tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
        .unwrap()
}

fn encoding(name: &str) -> Encoding {
    serde_json::from_value(Value::String(name.to_string())).unwrap()
}

#[test]
fn text_counts_equal_tiktoken() {
    let (corpus, expected) = (load("corpus.json"), load("expected.json"));
    let texts = corpus["texts"].as_array().unwrap();
    for (name, counts) in expected["texts"].as_object().unwrap() {
        let enc = encoding(name);
        let counts = counts.as_array().unwrap();
        assert_eq!(
            counts.len(),
            texts.len(),
            "expected.json is stale; rerun generate.py"
        );
        for (text, want) in texts.iter().zip(counts) {
            let text = text.as_str().unwrap();
            assert_eq!(
                enc.count(text),
                want.as_u64().unwrap(),
                "{name} on {text:?}"
            );
        }
    }
}

#[test]
fn chat_counts_equal_the_cookbook_rules_over_tiktoken() {
    let (corpus, expected) = (load("corpus.json"), load("expected.json"));
    let config: MeterConfig = serde_json::from_str("{}").unwrap();
    let chats = corpus["chats"].as_array().unwrap();
    let wants = expected["chats"].as_array().unwrap();
    assert_eq!(
        chats.len(),
        wants.len(),
        "expected.json is stale; rerun generate.py"
    );
    for (chat, want) in chats.iter().zip(wants) {
        let model = chat["model"].as_str().unwrap();
        let enc = encoding_for(&config, model);
        assert_eq!(enc, encoding(want["encoding"].as_str().unwrap()), "{model}");
        assert_eq!(
            count_chat(enc, chat),
            want["tokens"].as_u64().unwrap(),
            "{model}: {chat}"
        );
    }
}

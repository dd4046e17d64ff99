//! Inputs the fuzzer (fuzz/, target `pii_mask`) found, as regression tests.

use pii_mask::masker::Masker;
use pii_mask::policy::load_policies;
use pii_mask::response::AnswerStream;
use serde_json::{json, Value};

const CONFIG: &str = r#"{"default":{"detectors":{"private_key":{"action":"redact"}},
    "response":{"scan":true,"windowBytes":64}}}"#;

const KEY_BODY: &str = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";

/// The client's text of an OpenAI stream whose content arrives in these pieces.
fn streamed(pieces: &[&str]) -> String {
    let policy = load_policies(CONFIG.as_bytes(), &|_| None)
        .unwrap()
        .default
        .unwrap();
    let mut masker = Masker::new(policy, 1);
    let mut stream = AnswerStream::new();
    let mut out = Vec::new();
    for p in pieces {
        let chunk = json!({"id": "c", "object": "chat.completion.chunk",
            "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": null}]});
        out.extend(stream.push(&mut masker, format!("data: {chunk}\n\n").as_bytes()));
    }
    out.extend(stream.push(&mut masker, b"data: [DONE]\n\n"));
    out.extend(stream.finish(&mut masker));
    let mut parser = llm_filters_core::sse::SseParser::new();
    let mut events = parser.push(&out);
    events.extend(parser.finish());
    events
        .iter()
        .filter_map(|e| serde_json::from_str::<Value>(&e.data).ok())
        .filter_map(|v| {
            v.pointer("/choices/0/delta/content")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .collect()
}

/// Found by `pii_mask` (FUZZ_STRICT=1): a PEM private key streamed in small pieces reached the
/// client unmasked. The hold-back lets the block go as soon as `-----END` has arrived, before
/// the detector can see the whole `-----END PRIVATE KEY-----` line, so the key's body is
/// released first and the block is never found whole.
/// Fuzz input (base64): BQMFEQItLS0tLUJFR0lOIFBSSVZBVEUgS0VZLS0tLS0KTUlJRXZRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0MKLS0tLS1FTkQgUFJJVkFURSBLRVktLS0tLQ==
#[test]
fn a_private_key_streamed_in_small_pieces_is_masked() {
    let pem = format!("-----BEGIN PRIVATE KEY-----\n{KEY_BODY}\n-----END PRIVATE KEY-----");
    let mut pieces = Vec::new();
    let mut rest = pem.as_str();
    for len in [6, 18, 3].into_iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (piece, tail) = rest.split_at(len.min(rest.len()));
        pieces.push(piece);
        rest = tail;
    }
    let whole = streamed(&[pem.as_str()]);
    assert!(!whole.contains(KEY_BODY), "{whole}");
    let client = streamed(&pieces);
    assert!(
        !client.contains(KEY_BODY),
        "the key reached the client: {client}"
    );
}

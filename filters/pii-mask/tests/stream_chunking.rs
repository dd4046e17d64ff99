//! Property: however a streamed answer is chunked (TCP reads and delta pieces alike), the
//! client gets exactly the text of the unchunked answer, and never a piece of a value before it
//! is masked (everything it has at any moment is a prefix of the final, masked text). Values
//! include addresses longer than the hold-back window with letters outside ASCII.

use pii_mask::masker::Masker;
use pii_mask::policy::load_policies;
use pii_mask::response::AnswerStream;
use proptest::prelude::*;
use serde_json::{json, Value};

const CONFIG: &str = r#"{"default":{"detectors":{"email":{"action":"placeholder"},"phone":{"action":"placeholder"},
    "credit_card":{"action":"mask"},"iban":{"action":"redact"}},"response":{"scan":true,"windowBytes":64}}}"#;

/// Values the model may write verbatim (masked on the way out).
const RAW_PII: &[&str] = &[
    "4111 1111 1111 1111",
    "zoë@example.org",
    "DE89 3704 0044 0532 0130 00",
    "5500-0000-0000-0004",
    // Look-alikes: NBSP groups, full-width digits, a zero-width space inside an email.
    "4111\u{a0}1111\u{a0}1111\u{a0}1111",
    "５５００００００００００００００４",
    "ann\u{200b}@example.com",
    // Addresses with letters outside ASCII, longer than the 64-byte window.
    "jürgen.müller.jürgen.müller@beispiel-müllerei-und-söhne-großhandel.example.de",
    "zoë.élodie.françoise.åsa.øre@société-générale-exemple.fr",
];
/// Placeholders the request produced (restored on the way out).
const PLACEHOLDERS: &[&str] = &["<EMAIL_1>", "<PHONE_1>", "<EMAIL_2>"];
const WORDS: &[&str] = &[
    "Hello", "Grüße", "ça", "会议", "the", "card", "is", "—", "ok", "<", "EMAIL", "_1", ">", "12",
    "3.4", "\n",
];

thread_local! {
    // Compiling the detectors is the slow part of a case; do it once.
    static POLICY: std::sync::Arc<pii_mask::policy::Policy> = load_policies(CONFIG.as_bytes(), &|_| None).unwrap().default.unwrap();
}

fn masker() -> Masker {
    let mut m = Masker::new(POLICY.with(|p| p.clone()), SEED);
    let mut prompt = "ann@x.io, +44 20 7946 0958, bob@y.io".to_string();
    m.mask_request_text(&mut prompt, false);
    assert_eq!(
        prompt,
        PLACEHOLDERS
            .iter()
            .map(|p| tokened(p))
            .collect::<Vec<_>>()
            .join(", ")
    );
    m
}

const SEED: u64 = 1;

/// A placeholder as this request's vault issues it (`<EMAIL_1>` → `<EMAIL_1_TOKEN>`).
fn tokened(p: &str) -> String {
    let token = pii_mask::vault::Vault::new(SEED).token().to_string();
    p.replace('>', &format!("_{token}>"))
}

fn answer() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(WORDS).prop_map(str::to_string),
        1 => prop::sample::select(RAW_PII).prop_map(str::to_string),
        1 => prop::sample::select(PLACEHOLDERS).prop_map(tokened),
    ];
    prop::collection::vec(piece, 1..40).prop_map(|pieces| pieces.join(" "))
}

/// Splits `text` at the given fractions (on char boundaries) into delta pieces.
fn split(text: &str, cuts: &[f64]) -> Vec<String> {
    let mut points: Vec<usize> = cuts
        .iter()
        .map(|f| {
            let mut i = (f * text.len() as f64) as usize;
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        })
        .collect();
    points.push(0);
    points.push(text.len());
    points.sort();
    points.dedup();
    points
        .windows(2)
        .map(|w| text[w[0]..w[1]].to_string())
        .collect()
}

fn sse(pieces: &[String]) -> Vec<u8> {
    let mut out = String::new();
    for p in pieces {
        let chunk = json!({"id": "c", "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": null}]});
        out.push_str(&format!("data: {chunk}\n\n"));
    }
    out.push_str("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    out.into_bytes()
}

/// Runs the stream in `reads`-sized pieces; returns (all output bytes, client text after each read).
fn run(input: &[u8], reads: &[usize]) -> (Vec<u8>, Vec<String>) {
    let mut m = masker();
    let mut stream = AnswerStream::new();
    let mut out = Vec::new();
    let mut texts = Vec::new();
    let mut at = 0;
    let mut sizes = reads.iter().cycle();
    while at < input.len() {
        let n = (*sizes.next().unwrap()).clamp(1, input.len() - at);
        out.extend(stream.push(&mut m, &input[at..at + n]));
        at += n;
        texts.push(client_text(&out));
    }
    out.extend(stream.finish(&mut m));
    texts.push(client_text(&out));
    (out, texts)
}

fn client_text(bytes: &[u8]) -> String {
    let mut parser = llm_filters_core::sse::SseParser::new();
    let mut text = String::new();
    let mut events = parser.push(bytes);
    events.extend(parser.finish());
    for e in events {
        if let Ok(v) = serde_json::from_str::<Value>(&e.data) {
            if let Some(c) = v
                .pointer("/choices/0/delta/content")
                .and_then(Value::as_str)
            {
                text.push_str(c);
            }
        }
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_chunking_gives_the_unchunked_answer_and_leaks_nothing(
        text in answer(),
        cuts in prop::collection::vec(0.0f64..1.0, 0..30),
        reads in prop::collection::vec(1usize..64, 1..10),
    ) {
        let expected = masker().rewrite_whole_answer(&text, false);
        // Unchunked: one delta, read in one go.
        let (whole_bytes, _) = run(&sse(std::slice::from_ref(&text)), &[usize::MAX]);
        prop_assert_eq!(client_text(&whole_bytes), expected.clone());

        // The same events read in random TCP pieces: byte-identical output.
        let events = sse(&split(&text, &cuts));
        let (all_at_once, _) = run(&events, &[usize::MAX]);
        let (chunked, texts) = run(&events, &reads);
        prop_assert_eq!(&chunked, &all_at_once);

        // Random delta pieces: the same text as unchunked, built only by appending.
        let final_text = texts.last().unwrap().clone();
        prop_assert_eq!(&final_text, &expected);
        for t in &texts {
            prop_assert!(final_text.starts_with(t.as_str()), "sent {:?} then changed it", t);
        }
        for value in RAW_PII {
            prop_assert!(!final_text.contains(value), "{} reached the client", value);
        }
        prop_assert!(!final_text.contains("<EMAIL_1>") && !final_text.contains("<PHONE_1>"));
    }
}

/// The same answer as a Responses API stream: deltas, then the `.done` event and
/// `response.completed` repeating the whole text.
fn responses_sse(pieces: &[String], whole: &str) -> Vec<u8> {
    let ids = json!({"item_id": "msg_1", "output_index": 0, "content_index": 0});
    let mut out = String::new();
    let mut event = |name: &str, mut data: Value| {
        data["type"] = json!(name);
        out.push_str(&format!("event: {name}\ndata: {data}\n\n"));
    };
    for p in pieces {
        let mut d = ids.clone();
        d["delta"] = json!(p);
        event("response.output_text.delta", d);
    }
    let mut done = ids.clone();
    done["text"] = json!(whole);
    event("response.output_text.done", done);
    let item = json!({"type": "message", "content": [{"type": "output_text", "text": whole}]});
    event(
        "response.completed",
        json!({"response": {"output": [item]}}),
    );
    out.into_bytes()
}

/// (delta text, `.done` text, `response.completed` text) the client reads.
fn responses_client_text(bytes: &[u8]) -> (String, String, String) {
    let mut parser = llm_filters_core::sse::SseParser::new();
    let mut events = parser.push(bytes);
    events.extend(parser.finish());
    let (mut deltas, mut done, mut completed) = (String::new(), String::new(), String::new());
    for e in events {
        let Ok(v) = serde_json::from_str::<Value>(&e.data) else {
            continue;
        };
        match v["type"].as_str() {
            Some("response.output_text.delta") => deltas.push_str(v["delta"].as_str().unwrap()),
            Some("response.output_text.done") => done = v["text"].as_str().unwrap().to_string(),
            Some("response.completed") => {
                completed = v["response"]["output"][0]["content"][0]["text"]
                    .as_str()
                    .unwrap()
                    .to_string()
            }
            _ => {}
        }
    }
    (deltas, done, completed)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Responses API streams: the deltas, the `.done` text and `response.completed` all read as
    /// the whole answer rewritten, for any delta pieces and TCP reads.
    #[test]
    fn responses_streams_read_as_the_whole_answer(
        text in answer(),
        cuts in prop::collection::vec(0.0f64..1.0, 0..30),
        reads in prop::collection::vec(1usize..64, 1..10),
    ) {
        let expected = masker().rewrite_whole_answer(&text, false);
        let events = responses_sse(&split(&text, &cuts), &text);
        let (out, _) = run(&events, &reads);
        let (deltas, done, completed) = responses_client_text(&out);
        prop_assert_eq!(&deltas, &expected);
        prop_assert_eq!(&done, &expected);
        prop_assert_eq!(&completed, &expected);
    }
}

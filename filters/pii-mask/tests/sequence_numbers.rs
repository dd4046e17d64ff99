//! Property: a Responses stream whose events the provider numbered `s, s+1, s+2, …` reaches the
//! client numbered `s, s+1, s+2, …` over every event it gets, the `.delta` events pii-mask
//! inserts (held text released before the event that ends its channel) included, whatever the
//! texts, the channels and the TCP reads. Also: no provider event is lost or reordered.

use llm_filters_core::sse::SseParser;
use pii_mask::masker::Masker;
use pii_mask::policy::load_policies;
use pii_mask::response::AnswerStream;
use proptest::prelude::*;
use serde_json::{json, Value};

const CONFIG: &str = r#"{"default":{"detectors":{"email":{"action":"redact"}},
    "response":{"scan":true,"windowBytes":64}}}"#;

thread_local! {
    static POLICY: std::sync::Arc<pii_mask::policy::Policy> = load_policies(CONFIG.as_bytes(), &|_| None).unwrap().default.unwrap();
}

const PIECES: &[&str] = &["Write to ", "kim@sh", "op.example", " today. ", "ok", "—ü "];

/// One output item of the generated stream.
#[derive(Debug, Clone)]
struct Item {
    /// `output_text` (true) or `function_call` arguments.
    text: bool,
    deltas: Vec<String>,
    /// Whether the provider sends `.done` (some do not) and the part/item done events.
    done: bool,
    /// A side event (an annotation) after each delta with this index.
    side_after: Option<usize>,
}

fn item() -> impl Strategy<Value = Item> {
    (
        any::<bool>(),
        prop::collection::vec(
            prop::collection::vec(prop::sample::select(PIECES), 1..4).prop_map(|p| p.concat()),
            1..5,
        ),
        any::<bool>(),
        prop::option::of(0usize..5),
    )
        .prop_map(|(text, deltas, done, side_after)| Item {
            text,
            deltas,
            done,
            side_after,
        })
}

/// The stream's events (name, data without `sequence_number`).
fn stream(items: &[Item], completed: bool) -> Vec<(String, Value)> {
    let mut events = vec![(
        "response.created".to_string(),
        json!({"type": "response.created", "response": {"id": "r", "output": []}}),
    )];
    for (n, item) in items.iter().enumerate() {
        let family = if item.text {
            "output_text"
        } else {
            "function_call_arguments"
        };
        let ids = json!({"item_id": format!("i{n}"), "output_index": n, "content_index": 0});
        let with = |mut v: Value| {
            v.as_object_mut()
                .unwrap()
                .extend(ids.as_object().unwrap().clone());
            v
        };
        events.push((
            "response.output_item.added".into(),
            json!({"type": "response.output_item.added", "output_index": n, "item": {"id": format!("i{n}"), "type": "message", "content": []}}),
        ));
        for (k, d) in item.deltas.iter().enumerate() {
            let name = format!("response.{family}.delta");
            events.push((name.clone(), with(json!({"type": name, "delta": d}))));
            if item.side_after == Some(k) {
                let name = "response.output_text.annotation.added";
                events.push((name.into(), with(json!({"type": name, "annotation": {}}))));
            }
        }
        if item.done {
            let name = format!("response.{family}.done");
            let field = if item.text { "text" } else { "arguments" };
            let mut done = with(json!({"type": name}));
            done[field] = json!(item.deltas.concat());
            events.push((name, done));
            events.push((
                "response.output_item.done".into(),
                json!({"type": "response.output_item.done", "output_index": n, "item": {"id": format!("i{n}"), "type": "message"}}),
            ));
        }
    }
    if completed {
        events.push((
            "response.completed".into(),
            json!({"type": "response.completed", "response": {"id": "r", "status": "completed"}}),
        ));
    }
    events
}

fn client(input: &[u8], reads: &[usize]) -> Vec<Value> {
    let mut m = Masker::new(POLICY.with(|p| p.clone()), 1);
    let mut s = AnswerStream::new();
    let mut out = Vec::new();
    let mut at = 0;
    let mut sizes = reads.iter().cycle();
    while at < input.len() {
        let n = (*sizes.next().unwrap()).clamp(1, input.len() - at);
        out.extend(s.push(&mut m, &input[at..at + n]));
        at += n;
    }
    out.extend(s.finish(&mut m));
    let mut parser = SseParser::new();
    let mut events = parser.push(&out);
    events.extend(parser.finish());
    events
        .iter()
        .filter(|e| !e.data.is_empty())
        .map(|e| serde_json::from_str(&e.data).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn sequence_numbers_count_up_by_one_over_every_event(
        items in prop::collection::vec(item(), 1..4),
        completed in any::<bool>(),
        first in 0u64..5,
        keepalives in any::<bool>(),
        reads in prop::collection::vec(1usize..300, 1..8),
    ) {
        let events = stream(&items, completed);
        let mut input = String::new();
        for (n, (name, data)) in events.iter().enumerate() {
            let mut data = data.clone();
            data["sequence_number"] = json!(first + n as u64);
            input.push_str(&format!("event: {name}\ndata: {data}\n\n"));
            if keepalives {
                input.push_str(": keep-alive\n\n");
            }
        }
        let got = client(input.as_bytes(), &reads);
        let numbers: Vec<u64> = got.iter().map(|v| v["sequence_number"].as_u64().unwrap()).collect();
        let expected: Vec<u64> = (first..first + got.len() as u64).collect();
        prop_assert_eq!(&numbers, &expected);
        // Every provider event is there, in order (the inserted ones are extra deltas).
        let provider: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
        let types: Vec<&str> = got.iter().map(|v| v["type"].as_str().unwrap()).collect();
        let mut it = types.iter();
        for name in &provider {
            prop_assert!(it.any(|t| t == name), "{} missing or out of order in {:?}", name, types);
        }
    }
}

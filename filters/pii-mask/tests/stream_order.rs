//! The order of a streamed answer survives the hold-back window: text held back (it may be the
//! start of a value or placeholder) reaches the client before any event the provider wrote
//! after it, in the stream's own event shape — OpenAI chunks, Anthropic events, Responses
//! events — and tool-call input given whole or in pieces is restored and masked.
//!
//! The expected bodies are written by hand; the property at the end checks, for random texts,
//! random delta pieces, random event boundaries and random TCP reads, that the client's events
//! in order are the same as unchunked and its text between boundaries is the whole answer
//! rewritten.

use llm_filters_core::sse::{SseEvent, SseParser};
use pii_mask::masker::Masker;
use pii_mask::policy::load_policies;
use pii_mask::response::AnswerStream;
use proptest::prelude::*;
use serde_json::{json, Value};

const CONFIG: &str = r#"{"default":{"detectors":{"email":{"action":"placeholder"},"credit_card":{"action":"mask"}},
    "response":{"scan":true,"windowBytes":64}}}"#;
const SEED: u64 = 5;

thread_local! {
    static POLICY: std::sync::Arc<pii_mask::policy::Policy> = load_policies(CONFIG.as_bytes(), &|_| None).unwrap().default.unwrap();
}

/// A masker whose request held `ann@x.io` (placeholder `<EMAIL_1_TOKEN>`).
fn masker() -> Masker {
    let mut m = Masker::new(POLICY.with(|p| p.clone()), SEED);
    let mut prompt = "I am ann@x.io".to_string();
    m.mask_request_text(&mut prompt, false);
    assert_eq!(prompt, format!("I am {}", email_1()));
    m
}

fn email_1() -> String {
    format!("<EMAIL_1_{}>", pii_mask::vault::Vault::new(SEED).token())
}

/// Runs the stream read in `read`-byte pieces; returns the client's events.
fn client(input: &str, read: usize) -> Vec<SseEvent> {
    let mut m = masker();
    let mut stream = AnswerStream::new();
    let mut out = Vec::new();
    for piece in input.as_bytes().chunks(read.max(1)) {
        out.extend(stream.push(&mut m, piece));
    }
    out.extend(stream.finish(&mut m));
    let mut parser = SseParser::new();
    let mut events = parser.push(&out);
    events.extend(parser.finish());
    events
}

/// (event name, data as JSON or as a string) of each event.
fn shapes(events: &[SseEvent]) -> Vec<(String, Value)> {
    events
        .iter()
        .map(|e| {
            let data = serde_json::from_str(&e.data).unwrap_or_else(|_| json!(e.data));
            (e.event.clone().unwrap_or_default(), data)
        })
        .collect()
}

/// The same events for every TCP read size.
fn for_every_read(input: &str) -> Vec<(String, Value)> {
    let whole = shapes(&client(input, usize::MAX));
    for read in [1, 2, 3, 7, 64] {
        assert_eq!(shapes(&client(input, read)), whole, "read {read}");
    }
    whole
}

fn data(v: Value) -> String {
    format!("data: {v}\n\n")
}

fn named(name: &str, v: Value) -> String {
    format!("event: {name}\ndata: {v}\n\n")
}

fn chat_chunk(delta: Value, finish: Value) -> Value {
    json!({"id": "c1", "object": "chat.completion.chunk", "model": "m",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
}

#[test]
fn chat_text_held_back_reaches_the_client_before_a_mid_stream_error() {
    let p = email_1();
    let input = [
        data(chat_chunk(
            json!({"role": "assistant", "content": "Dear "}),
            Value::Null,
        )),
        data(chat_chunk(json!({"content": p}), Value::Null)),
        data(chat_chunk(
            json!({"content": ", mail bob@y.io"}),
            Value::Null,
        )),
        data(json!({"error": {"message": "server overloaded", "type": "server_error"}})),
    ]
    .concat();
    assert_eq!(
        for_every_read(&input),
        [
            (
                "".into(),
                chat_chunk(json!({"role": "assistant", "content": ""}), Value::Null)
            ),
            ("".into(), chat_chunk(json!({"content": ""}), Value::Null)),
            ("".into(), chat_chunk(json!({"content": ""}), Value::Null)),
            (
                "".into(),
                json!({"id": "c1", "object": "chat.completion.chunk", "model": "m",
                "choices": [{"index": 0, "delta": {"content": "Dear ann@x.io, mail [EMAIL]"}, "finish_reason": null}]})
            ),
            (
                "".into(),
                json!({"error": {"message": "server overloaded", "type": "server_error"}})
            ),
        ]
    );
}

#[test]
fn chat_text_held_back_reaches_the_client_before_the_usage_chunk() {
    // A provider that sends no finish_reason chunk: the usage chunk must not overtake.
    let input = [
        data(chat_chunk(
            json!({"content": "card 4111 1111 "}),
            Value::Null,
        )),
        data(chat_chunk(json!({"content": "1111 1111 ok"}), Value::Null)),
        data(
            json!({"id": "c1", "object": "chat.completion.chunk", "model": "m", "choices": [],
            "usage": {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}}),
        ),
        "data: [DONE]\n\n".to_string(),
    ]
    .concat();
    assert_eq!(
        for_every_read(&input),
        [
            ("".into(), chat_chunk(json!({"content": ""}), Value::Null)),
            ("".into(), chat_chunk(json!({"content": ""}), Value::Null)),
            (
                "".into(),
                json!({"id": "c1", "object": "chat.completion.chunk", "model": "m",
                "choices": [{"index": 0, "delta": {"content": "card **** **** **** 1111 ok"}, "finish_reason": null}]})
            ),
            (
                "".into(),
                json!({"id": "c1", "object": "chat.completion.chunk", "model": "m", "choices": [],
                "usage": {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}})
            ),
            ("".into(), json!("[DONE]")),
        ]
    );
}

#[test]
fn chat_text_before_a_tool_call_goes_with_the_tool_calls_first_piece() {
    let p = email_1();
    let (head, tail) = p.split_at(6);
    let call = |args: &str, first: bool| {
        let mut c = json!({"index": 0, "function": {"arguments": args}});
        if first {
            c["id"] = json!("call_1");
            c["type"] = json!("function");
            c["function"]["name"] = json!("send");
        }
        chat_chunk(json!({"tool_calls": [c]}), Value::Null)
    };
    let input = [
        data(chat_chunk(
            json!({"content": "Sending to you."}),
            Value::Null,
        )),
        data(call(&format!("{{\"to\":\"{head}"), true)),
        data(call(&format!("{tail}\"}}"), false)),
        data(chat_chunk(json!({}), json!("tool_calls"))),
        "data: [DONE]\n\n".to_string(),
    ]
    .concat();
    let mut first = call("", true);
    first["choices"][0]["delta"]["content"] = json!("Sending to you.");
    assert_eq!(
        for_every_read(&input),
        [
            ("".into(), chat_chunk(json!({"content": ""}), Value::Null)),
            ("".into(), first),
            ("".into(), call("", false)),
            (
                "".into(),
                chat_chunk(
                    json!({"tool_calls": [{"index": 0, "function": {"arguments": "{\"to\":\"ann@x.io\"}"}}]}),
                    json!("tool_calls")
                )
            ),
            ("".into(), json!("[DONE]")),
        ]
    );
}

#[test]
fn anthropic_text_held_back_reaches_the_client_before_an_error_event() {
    let input = [
        named("content_block_start", json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})),
        named("content_block_delta", json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Mail bob@y"}})),
        named("ping", json!({"type": "ping"})),
        named("content_block_delta", json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": ".io now"}})),
        named("error", json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})),
    ]
    .concat();
    let delta = |t: &str| {
        (
            "content_block_delta".to_string(),
            json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": t}}),
        )
    };
    assert_eq!(
        for_every_read(&input),
        [
            (
                "content_block_start".into(),
                json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})
            ),
            delta(""),
            // A keep-alive ends nothing: the address split around it is still found.
            ("ping".into(), json!({"type": "ping"})),
            delta(""),
            delta("Mail [EMAIL] now"),
            (
                "error".into(),
                json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})
            ),
        ]
    );
}

#[test]
fn anthropic_tool_use_input_is_restored_and_masked_given_whole_or_in_pieces() {
    let p = email_1();
    let (head, tail) = p.split_at(9);
    let start = |index: u64, input: Value| {
        named(
            "content_block_start",
            json!({"type": "content_block_start", "index": index,
                "content_block": {"type": "tool_use", "id": format!("toolu_{index}"), "name": "send", "input": input}}),
        )
    };
    let json_delta = |index: u64, piece: &str| {
        named(
            "content_block_delta",
            json!({"type": "content_block_delta", "index": index, "delta": {"type": "input_json_delta", "partial_json": piece}}),
        )
    };
    let stop = |index: u64| {
        named(
            "content_block_stop",
            json!({"type": "content_block_stop", "index": index}),
        )
    };
    let input = [
        // A provider that gives the input whole at the start.
        start(0, json!({"to": p, "cc": ["bob@y.io"], "n": 2})),
        stop(0),
        // Anthropic's own shape: `input: {}`, then the JSON in pieces.
        start(1, json!({})),
        json_delta(1, &format!("{{\"to\": \"{head}")),
        json_delta(1, &format!("{tail}\", \"card\": \"4111 1111")),
        json_delta(1, " 1111 1111\"}"),
        stop(1),
        named(
            "message_delta",
            json!({"type": "message_delta", "delta": {"stop_reason": "tool_use"}}),
        ),
        named("message_stop", json!({"type": "message_stop"})),
    ]
    .concat();
    let ev = |s: String| {
        let mut p = SseParser::new();
        let e = p.push(s.as_bytes()).remove(0);
        (
            e.event.unwrap(),
            serde_json::from_str::<Value>(&e.data).unwrap(),
        )
    };
    assert_eq!(
        for_every_read(&input),
        [
            ev(start(
                0,
                json!({"to": "ann@x.io", "cc": ["[EMAIL]"], "n": 2})
            )),
            ev(stop(0)),
            ev(start(1, json!({}))),
            ev(json_delta(1, "")),
            ev(json_delta(1, "")),
            ev(json_delta(1, "")),
            ev(json_delta(
                1,
                "{\"to\": \"ann@x.io\", \"card\": \"**** **** **** 1111\"}"
            )),
            ev(stop(1)),
            ev(named(
                "message_delta",
                json!({"type": "message_delta", "delta": {"stop_reason": "tool_use"}})
            )),
            ev(named("message_stop", json!({"type": "message_stop"}))),
        ]
    );
}

#[test]
fn responses_text_held_back_reaches_the_client_before_response_completed() {
    // A provider that sends no `.done` events: `response.completed` must not overtake.
    let delta = |d: &str, seq: u64| {
        named(
            "response.output_text.delta",
            json!({"type": "response.output_text.delta", "sequence_number": seq, "item_id": "m1", "output_index": 0, "content_index": 0, "delta": d}),
        )
    };
    let completed = |text: &str| {
        json!({"type": "response.completed", "sequence_number": 3, "response": {"id": "r", "status": "completed",
            "output": [{"id": "m1", "type": "message", "content": [{"type": "output_text", "text": text}]}]}})
    };
    let input = [
        delta("Ask bob", 1),
        delta("@y.io.", 2),
        named("response.completed", completed("Ask bob@y.io.")),
    ]
    .concat();
    let d = |text: &str, seq: u64| {
        (
            "response.output_text.delta".to_string(),
            json!({"type": "response.output_text.delta", "sequence_number": seq, "item_id": "m1", "output_index": 0, "content_index": 0, "delta": text}),
        )
    };
    assert_eq!(
        for_every_read(&input),
        [
            d("", 1),
            d("", 2),
            // The inserted delta takes the number of the event it precedes, which moves up.
            d("Ask [EMAIL].", 3),
            ("response.completed".into(), {
                let mut c = completed("Ask [EMAIL].");
                c["sequence_number"] = json!(4);
                c
            }),
        ]
    );
}

#[test]
fn odd_streams_neither_panic_nor_lose_nor_leak() {
    // CRLF line ends, a comment with an address, `retry:`, a data line that is not JSON, an
    // event split mid-UTF-8 by every read size (for_every_read), and a cut last event.
    let input = concat!(
        "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Grüße an bob@y\"},\"finish_reason\":null}]}\r\n\r\n",
        ": note for bob@y.io\r\n\r\n",
        "retry: 1000\r\n\r\n",
        "data: upstream says: write to bob@y.io\r\n\r\n",
        "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"und ann@x.io\"",
    );
    let events = for_every_read(input);
    assert_eq!(
        events,
        [
            ("".into(), json!({"id": "c", "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": null}]})),
            ("".into(), json!("")),
            ("".into(), json!("")),
            // The held text before the event that is not JSON; `bob@y` alone is no address.
            ("".into(), json!({"id": "c", "choices": [{"index": 0, "delta": {"content": "Grüße an bob@y"}, "finish_reason": null}]})),
            ("".into(), json!("upstream says: write to [EMAIL]")),
            // Cut inside its JSON: the text as it is, rewritten whole.
            ("".into(), json!("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"und [EMAIL]\"")),
        ]
    );
    let raw = client(input, 3);
    assert_eq!(raw[1].comments, ["note for [EMAIL]"]);
    assert_eq!(raw[2].retry, Some(1000));
}

// ---- property -------------------------------------------------------------------------------

const WORDS: &[&str] = &[
    "Hello", "Grüße", "the", "card", "—", "ok", "12", "\n", "<", ">",
];
const RAW_PII: &[&str] = &["4111 1111 1111 1111", "zoë@example.org", "bob@y.io"];

/// What ends a stretch of text in the generated stream.
#[derive(Debug, Clone, Copy)]
enum Boundary {
    /// OpenAI: a usage chunk (`choices: []`); Anthropic: `message_delta`.
    Usage,
    /// An error event of the stream's format.
    Error,
    /// A data line that is not JSON.
    NotJson,
}

#[derive(Debug, Clone, Copy)]
enum Format {
    Chat,
    Anthropic,
    Responses,
}

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(WORDS).prop_map(str::to_string),
        1 => prop::sample::select(RAW_PII).prop_map(str::to_string),
        1 => Just(email_1()),
    ];
    prop::collection::vec(piece, 1..12).prop_map(|p| p.join(" "))
}

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
    points.extend([0, text.len()]);
    points.sort();
    points.dedup();
    points
        .windows(2)
        .map(|w| text[w[0]..w[1]].to_string())
        .collect()
}

fn content_event(format: Format, piece: &str) -> String {
    match format {
        Format::Chat => data(
            json!({"id": "c", "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": null}]}),
        ),
        Format::Anthropic => named(
            "content_block_delta",
            json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": piece}}),
        ),
        Format::Responses => named(
            "response.output_text.delta",
            json!({"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "delta": piece}),
        ),
    }
}

fn boundary_event(format: Format, b: Boundary) -> String {
    match (format, b) {
        (Format::Chat, Boundary::Usage) => {
            data(json!({"id": "c", "choices": [], "usage": {"total_tokens": 1}}))
        }
        (Format::Anthropic, Boundary::Usage) => named(
            "message_delta",
            json!({"type": "message_delta", "usage": {"output_tokens": 1}}),
        ),
        (Format::Chat, Boundary::Error) => data(json!({"error": {"message": "boom"}})),
        (Format::Anthropic, Boundary::Error) => named(
            "error",
            json!({"type": "error", "error": {"message": "boom"}}),
        ),
        (Format::Responses, Boundary::Usage) => named(
            "response.in_progress",
            json!({"type": "response.in_progress", "response": {"output": [], "usage": {"total_tokens": 1}}}),
        ),
        (Format::Responses, Boundary::Error) => named(
            "error",
            json!({"type": "error", "code": "x", "message": "boom"}),
        ),
        (_, Boundary::NotJson) => "data: boom\n\n".to_string(),
    }
}

/// What the client reads: text (merged across events) and the boundary events, in order;
/// keep-alive comments counted apart.
#[derive(Debug, PartialEq)]
enum Seen {
    Text(String),
    Boundary(String),
}

fn project(events: &[SseEvent]) -> (Vec<Seen>, usize) {
    let mut seen = Vec::new();
    let mut keep_alives = 0;
    for e in events {
        if e.data.is_empty() {
            keep_alives += 1;
            continue;
        }
        let v: Value = serde_json::from_str(&e.data).unwrap_or(Value::Null);
        let piece = v
            .pointer("/choices/0/delta/content")
            .or_else(|| v.pointer("/delta/text"))
            .or_else(|| v.get("delta").filter(|d| d.is_string()))
            .and_then(Value::as_str);
        match piece {
            Some(p) => {
                if let Some(Seen::Text(t)) = seen.last_mut() {
                    t.push_str(p);
                } else if !p.is_empty() {
                    seen.push(Seen::Text(p.to_string()));
                }
            }
            None => seen.push(Seen::Boundary(e.data.clone())),
        }
    }
    (seen, keep_alives)
}

fn boundary() -> impl Strategy<Value = Boundary> {
    prop_oneof![
        Just(Boundary::Usage),
        Just(Boundary::Error),
        Just(Boundary::NotJson)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn every_chunking_keeps_the_order_and_the_text(
        format in prop_oneof![Just(Format::Chat), Just(Format::Anthropic), Just(Format::Responses)],
        stretches in prop::collection::vec(
            (text(), prop::collection::vec(0.0f64..1.0, 0..8), boundary(), any::<bool>()),
            1..4,
        ),
        read in 1usize..40,
    ) {
        let mut input = String::new();
        let mut expected = Vec::new();
        let mut keep_alives = 0;
        for (text, cuts, b, keep_alive) in &stretches {
            let pieces = split(text, cuts);
            for (i, piece) in pieces.iter().enumerate() {
                input.push_str(&content_event(format, piece));
                if *keep_alive && i == pieces.len() / 2 {
                    input.push_str(": ping\n\n");
                    keep_alives += 1;
                }
            }
            let whole = masker().rewrite_whole_answer(text, false);
            if !whole.is_empty() {
                expected.push(Seen::Text(whole));
            }
            let event = boundary_event(format, *b);
            let mut parser = SseParser::new();
            expected.push(Seen::Boundary(parser.push(event.as_bytes()).remove(0).data));
            input.push_str(&event);
        }
        let unchunked = client(&input, usize::MAX);
        let chunked = client(&input, read);
        prop_assert_eq!(&chunked, &unchunked);
        let (seen, pings) = project(&chunked);
        prop_assert_eq!(pings, keep_alives);
        prop_assert_eq!(seen, expected);
    }
}

//! Properties of the pii-mask session over arbitrary event sequences (core's test host):
//! - no detected value (emails, keys, JWTs of 100–2000 bytes, cards) reaches the upstream, nor
//!   the client when answers are scanned, whatever the chunking of request and answer;
//! - nor when the prompt is cut into adjacent text parts anywhere (values included);
//! - any chunking of an answer gives the client the same bytes as the unchunked answer;
//! - arbitrary bodies, JSON, header bytes, trailers and cut streams: no panic, no stall.

use llm_filters_core::session::{Filter, LoadContext};
use llm_filters_core::testing::{run, Message, Outcome, Sent, TestHost};
use pii_mask::session::PiiMask;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::sync::{Arc, OnceLock};

struct Load;
impl LoadContext for Load {
    fn env_var(&self, _: &str) -> Option<String> {
        Some("k".into())
    }
    fn instance_name(&self) -> &str {
        "pii_mask"
    }
    fn store(&self) -> &dyn llm_filters_core::quota_store::SharedStore {
        unreachable!()
    }
    fn now(&self) -> std::time::Duration {
        std::time::Duration::ZERO
    }
}

const CONFIG: &str = r#"{"default":{"detectors":{"email":{"action":"placeholder"},"credit_card":{"action":"mask"},
    "jwt":{"action":"redact"},"openai_key":{"action":"redact"},"aws_access_key":{"action":"hash"},
    "private_key":{"action":"redact"}},
    "hash":{"secretEnv":"K"},"response":{"scan":true}}}"#;

fn filter() -> Arc<PiiMask> {
    static FILTER: OnceLock<Arc<PiiMask>> = OnceLock::new();
    FILTER
        .get_or_init(|| Arc::new(PiiMask::load(CONFIG.as_bytes(), &Load).unwrap()))
        .clone()
}

fn exchange(request: &Message, response: impl FnOnce(&Sent) -> Message) -> Outcome {
    let mut session = filter().new_session(11);
    run(&mut session, TestHost::default(), request, response)
}

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A JWT of `len` bytes (header naming an `alg`, payload an object, random signature).
/// A JWT of `len` bytes: long claims (as in real tokens) or a long signature, by the seed.
fn jwt(len: usize, seed: &[u8]) -> String {
    let head = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ";
    let random = |n: usize| -> String {
        (0..n.max(8))
            .map(|i| char::from(B64[usize::from(seed[i % seed.len()]).wrapping_add(i * 7) % 64]))
            .collect()
    };
    let rest = len.saturating_sub(head.len() + 2);
    if seed[0].is_multiple_of(2) {
        format!("{head}{}.{}", random(rest.saturating_sub(43)), random(43))
    } else {
        format!("{head}zdWIiOiI0MiJ9.{}", random(rest.saturating_sub(14)))
    }
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,8}\\.[a-z]{1,8}@(example|beispiel)\\.(com|de|org)",
        Just("jürgen.müller@beispiel.de".to_string()),
        Just("4111 1111 1111 1111".to_string()),
        Just("5500-0000-0000-0004".to_string()),
        Just("sk-proj-Ab3dEf9hIjK2mNoPqRsT4uVwXyZ0".to_string()),
        Just("AKIAZ6QK2WJ3PLM4RT5V".to_string()),
        // Look-alikes: zero-width inside an email and a key, full-width and NBSP-grouped cards.
        Just("ann\u{200b}@example.com".to_string()),
        Just("sk-proj-Ab3dEf9hIj\u{200d}K2mNoPqRsT4uVwXyZ0".to_string()),
        Just("４１１１ １１１１ １１１１ １１１１".to_string()),
        Just("5500\u{2009}0000\u{2009}0000\u{2009}0004".to_string()),
        (100usize..2000, prop::collection::vec(any::<u8>(), 1..16)).prop_map(|(n, s)| jwt(n, &s)),
        (1usize..40).prop_map(|lines| format!(
            "-----BEGIN RSA PRIVATE KEY-----\n{}-----END RSA PRIVATE KEY-----",
            "MIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n".repeat(lines)
        )),
    ]
}

const WORDS: &[&str] = &[
    "Hello", "Grüße", "ça", "会议", "the", "card", "—", "ok", "12", "3.4", "\n", "\u{a0}",
    "\u{3000}", "<", ">", "\"", "key:",
];

/// Prose with values in it; returns the text and the values.
fn text_with_values() -> impl Strategy<Value = (String, Vec<String>)> {
    let piece = prop_oneof![3 => prop::sample::select(WORDS).prop_map(|w| (w.to_string(), None)), 1 => value().prop_map(|v| (v.clone(), Some(v)))];
    prop::collection::vec(piece, 1..12).prop_map(|pieces| {
        let text = pieces
            .iter()
            .map(|(p, _)| p.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        (text, pieces.into_iter().filter_map(|(_, v)| v).collect())
    })
}

/// Cut points as fractions of a length.
fn cuts() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0.0f64..1.0, 0..12)
}

fn at(len: usize, fractions: &[f64]) -> Vec<usize> {
    fractions
        .iter()
        .map(|f| (f * len as f64) as usize)
        .collect()
}

fn leaks<'a>(bytes: &[u8], values: &'a [String]) -> Option<&'a String> {
    let text = String::from_utf8_lossy(bytes);
    // Also what a JSON reader would see (escaped non-ASCII).
    let decoded: String = serde_json::from_slice::<Value>(bytes)
        .map(|v| v.to_string())
        .unwrap_or_default();
    let seen = |piece: &str| text.contains(piece) || decoded.contains(piece);
    // Long secrets: any 24-byte piece of one counts (a release in part).
    values.iter().find(|v| {
        seen(v)
            || (v.len() >= 32
                && (0..v.len() - 24)
                    .step_by(8)
                    .filter_map(|i| v.get(i..i + 24))
                    .any(|p| !p.contains('\n') && !p.contains("-----") && seen(p)))
    })
}

fn sse(pieces: &[String]) -> Vec<u8> {
    let mut out = String::new();
    for p in pieces {
        let chunk = json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": null}]});
        out.push_str(&format!("data: {chunk}\n\n"));
    }
    out.push_str("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    out.into_bytes()
}

/// `text` cut into delta pieces at `fractions` (on char boundaries).
fn pieces(text: &str, fractions: &[f64]) -> Vec<String> {
    let mut points: Vec<usize> = at(text.len(), fractions)
        .into_iter()
        .map(|mut i| {
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        })
        .collect();
    points.extend([0, text.len()]);
    points.sort_unstable();
    points.dedup();
    points
        .windows(2)
        .map(|w| text[w[0]..w[1]].to_string())
        .collect()
}

fn placeholders(sent: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = sent;
    while let Some(i) = rest.find("<EMAIL_") {
        let tail = &rest[i..];
        let Some(end) = tail.find('>') else { break };
        out.push(tail[..=end].to_string());
        rest = &tail[end + 1..];
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn no_value_reaches_the_upstream_in_any_chunking((text, values) in text_with_values(), request_cuts in cuts(), api in 0usize..3) {
        let body = match api {
            0 => json!({"model": "m", "messages": [{"role": "user", "content": text}]}),
            1 => json!({"model": "e", "input": [text, "x"]}),
            _ => json!({"model": "m", "messages": [{"role": "assistant", "content": null, "tool_calls": [{"id": "c", "type": "function",
                "function": {"name": "f", "arguments": json!({"q": text}).to_string()}}]}]}),
        };
        let path = ["/v1/chat/completions", "/v1/embeddings", "/v1/chat/completions"][api];
        let raw = body.to_string();
        let request = Message::json_request(path, raw.as_bytes()).split_at(&at(raw.len(), &request_cuts));
        let out = exchange(&request, |_| Message::response(200, "application/json", b"{}"));
        prop_assert!(!out.stalled);
        let up = out.upstream.expect("masked requests pass");
        prop_assert!(up.complete);
        prop_assert!(serde_json::from_slice::<Value>(&up.body).is_ok(), "valid JSON upstream");
        prop_assert_eq!(leaks(&up.body, &values), None, "upstream got {}", up.body_str());
    }

    #[test]
    fn no_value_split_across_text_parts_reaches_the_upstream((text, values) in text_with_values(), part_cuts in cuts(), anthropic in any::<bool>()) {
        // The prompt cut into adjacent text parts anywhere, values included: what the provider
        // reads (the parts joined) holds none of them.
        let parts: Vec<Value> = pieces(&text, &part_cuts).into_iter().map(|p| json!({"type": "text", "text": p})).collect();
        let (path, body) = if anthropic {
            ("/v1/messages", json!({"model": "m", "max_tokens": 9, "messages": [{"role": "user", "content": parts}]}))
        } else {
            ("/v1/chat/completions", json!({"model": "m", "messages": [{"role": "user", "content": parts}]}))
        };
        let raw = body.to_string();
        let out = exchange(&Message::json_request(path, raw.as_bytes()), |_| Message::response(200, "application/json", b"{}"));
        let up = out.upstream.expect("masked requests pass");
        let sent: Value = serde_json::from_slice(&up.body).expect("valid JSON upstream");
        let joined: String = sent["messages"][0]["content"].as_array().unwrap().iter()
            .map(|p| p["text"].as_str().unwrap_or("")).collect();
        prop_assert_eq!(leaks(joined.as_bytes(), &values), None, "upstream read {}", joined);
    }

    #[test]
    fn streamed_answers_leak_nothing_and_chunking_does_not_matter(
        (text, values) in text_with_values(), delta_cuts in cuts(), read_cuts in cuts(), echo in any::<bool>()
    ) {
        let request = Message::json_request("/v1/chat/completions", br#"{"model":"m","messages":[{"role":"user","content":"I am ann@x.io"}]}"#);
        let answer = |cuts: &[f64], reads: &[f64], sent: &Sent| {
            let mut text = text.clone();
            if echo {
                // The model repeats the placeholder it was given.
                for p in placeholders(&sent.body_str()) {
                    text = format!("{text} {p}.");
                }
            }
            let body = sse(&pieces(&text, cuts));
            Message::response(200, "text/event-stream", &body).split_at(&at(body.len(), reads))
        };
        let out = exchange(&request, |sent| answer(&delta_cuts, &read_cuts, sent));
        prop_assert!(!out.stalled);
        let client = out.client.clone().unwrap();
        prop_assert_eq!(leaks(&client.body, &values), None, "client got {}", client.body_str());
        let whole = exchange(&request, |sent| answer(&[], &[], sent));
        prop_assert_eq!(stream_text(&client.body), stream_text(&whole.client.unwrap().body));
        if echo {
            prop_assert!(stream_text(&client.body).ends_with("ann@x.io."), "restored: {}", stream_text(&client.body));
        }
    }

    #[test]
    fn whole_answers_leak_nothing_and_chunking_does_not_matter((text, values) in text_with_values(), read_cuts in cuts(), kind in 0usize..3) {
        let request = Message::json_request("/v1/chat/completions", br#"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#);
        let answer = |reads: &[f64]| {
            let (ct, body) = match kind {
                0 => ("application/json", json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": text}}]}).to_string()),
                1 => ("text/plain", text.clone()),
                _ => ("application/json", format!("{{\"broken\": \"{text}")),
            };
            Message::response(200, ct, body.as_bytes()).split_at(&at(body.len(), reads))
        };
        let out = exchange(&request, |_| answer(&read_cuts));
        prop_assert!(!out.stalled);
        let client = out.client.clone().unwrap();
        prop_assert_eq!(leaks(&client.body, &values), None, "client got {}", client.body_str());
        let whole = exchange(&request, |_| answer(&[]));
        prop_assert_eq!(client.body, whole.client.unwrap().body);
    }

    #[test]
    fn arbitrary_bodies_headers_trailers_and_cuts_never_panic_or_stall(
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..300),
            "\\PC{0,200}".prop_map(String::into_bytes),
            Just(br#"{"input":"a@b.io","input":"c"}"#.to_vec()),
            Just(br#"{"messages":[{"role":"user","content":"x\u00a0a@b.io \ud800"}]}"#.to_vec()),
            Just(b"{\"messages\": [1,2,3]}".to_vec()),
        ],
        answer in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..300),
            Just(b"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x a@b.io\"}}]}\n\n".to_vec()),
        ],
        header_bytes in prop::collection::vec(any::<u8>(), 0..20),
        content_type in prop::sample::select(&["application/json", "text/plain", "text/event-stream", "image/png", "", "application/json; charset=\u{e9}"][..]),
        encoding in prop::sample::select(&["", "gzip", "identity", "br"][..]),
        status in prop::sample::select(&[200u16, 204, 400, 500][..]),
        request_cuts in cuts(), answer_cuts in cuts(),
        trailers in any::<bool>(), cut_request in prop::option::of(0usize..3), cut_answer in prop::option::of(0usize..3),
        path in prop::sample::select(&["/v1/chat/completions", "/v1/embeddings", "/v1/messages", "/other", "/v1/models"][..]),
    ) {
        let mut request = Message::json_request(path, &body).split_at(&at(body.len(), &request_cuts)).header("x-note", &header_bytes);
        request.trailers = trailers;
        request.cut_after = cut_request;
        let response = move |_: &Sent| {
            let mut m = Message::response(status, content_type, &answer).split_at(&at(answer.len(), &answer_cuts)).header("x-odd", &header_bytes);
            if !encoding.is_empty() {
                m = m.header("content-encoding", encoding.as_bytes());
            }
            m.cut_after = cut_answer;
            m
        };
        let out = exchange(&request, response);
        prop_assert!(!out.stalled);
    }
}

fn stream_text(body: &[u8]) -> String {
    let mut parser = llm_filters_core::sse::SseParser::new();
    let mut events = parser.push(body);
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

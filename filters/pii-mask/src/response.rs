//! The answer side: restore placeholders and mask what the model wrote, in whole bodies and in
//! SSE streams (through core's `DeltaStream` and `HoldBack`).

use crate::dupkeys::has_duplicate_keys;
use crate::masker::{Masker, Skip};
use llm_filters_core::api::{ApiKind, TextKind};
use llm_filters_core::delta_stream::{Channel, ChannelKey, DeltaRewriter, DeltaStream};
use llm_filters_core::headers::is_json_content_type;
use llm_filters_core::hold_back::HoldBack;
use llm_filters_core::sse::SseEvent;
use llm_filters_core::ErrorReply;
use serde_json::Value;
use std::collections::HashMap;

/// Already-sent text kept per channel: word boundaries and the cues rules read before a value.
const CONTEXT_BYTES: usize = crate::detect::CONTEXT_BEFORE_BYTES;

/// Why an answer could not be scanned or restored (the metric label).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unscannable {
    /// `content-encoding` other than `identity` (the filter asked for `identity`).
    Compressed,
    /// Not UTF-8 text.
    NotText,
    /// A whole answer larger than `maxBodyBytes` (it would have to be held whole).
    TooLarge,
    /// The same key twice in one JSON object: which one the client reads is its choice.
    DuplicateKey,
}

impl Unscannable {
    pub fn label(self) -> &'static str {
        match self {
            Unscannable::Compressed => "compressed",
            Unscannable::NotText => "not_text",
            Unscannable::TooLarge => "too_large",
            Unscannable::DuplicateKey => "duplicate_key",
        }
    }

    /// What the client gets instead of the answer (`response.onUnscannable: reject`).
    pub fn reply(self) -> ErrorReply {
        let why = match self {
            Unscannable::Compressed => "is compressed",
            Unscannable::NotText => "is not UTF-8 text",
            Unscannable::TooLarge => "is too large",
            Unscannable::DuplicateKey => "has a duplicate key in a JSON object",
        };
        ErrorReply::upstream(
            502,
            format!("the provider's answer {why} and cannot be checked for personal data"),
        )
        .with_code("unscannable_answer")
    }
}

/// Rewrites a whole (non-streamed) answer of any content type. `Ok(None)`: leave the body as
/// it is. JSON: every string value (tool-call arguments as JSON text); JSON that does not parse
/// is scanned as text; any other content type is scanned as text when it is UTF-8.
pub fn rewrite_body(
    masker: &mut Masker,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Option<Vec<u8>>, Unscannable> {
    let json = content_type.is_none_or(is_json_content_type);
    if json {
        match has_duplicate_keys(body) {
            Some(true) => return Err(Unscannable::DuplicateKey),
            Some(false) => {
                if let Ok(mut doc) = serde_json::from_slice::<Value>(body) {
                    let mut changed = false;
                    strings(&mut doc, false, &mut |s, json_text| {
                        let new = masker.rewrite_whole_answer(s, json_text || looks_like_json(s));
                        if new != *s {
                            *s = new;
                            changed = true;
                        }
                    });
                    // Only the strings change: numbers stay as the provider wrote them.
                    return Ok(changed
                        .then(|| {
                            crate::splice::splice_strings(body, &doc)
                                .or_else(|| serde_json::to_vec(&doc).ok())
                        })
                        .flatten());
                }
            }
            None => {}
        }
    }
    let text = std::str::from_utf8(body).map_err(|_| Unscannable::NotText)?;
    // Invalid JSON is still JSON-ish text: restored values are JSON-escaped in it.
    let new = masker.rewrite_whole_answer(text, json);
    Ok((new != text).then(|| new.into_bytes()))
}

fn looks_like_json(s: &str) -> bool {
    s.trim_start().starts_with(['{', '['])
}

/// Every string value, flagged when it is JSON text (tool-call `arguments`, `partial_json`).
fn strings(v: &mut Value, json_text: bool, f: &mut dyn FnMut(&mut String, bool)) {
    match v {
        Value::String(s) => f(s, json_text),
        Value::Array(items) => items.iter_mut().for_each(|x| strings(x, json_text, f)),
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                strings(
                    value,
                    matches!(key.as_str(), "arguments" | "partial_json"),
                    f,
                );
            }
        }
        _ => {}
    }
}

/// One text channel of a streamed answer.
#[derive(Debug)]
struct ChannelState {
    hold: HoldBack,
    /// Inside a token run that was replaced at the bound: its rest is dropped.
    skipping: Skip,
}

/// One streamed answer.
#[derive(Debug, Default)]
pub struct AnswerStream {
    stream: DeltaStream,
    channels: HashMap<ChannelKey, ChannelState>,
}

impl AnswerStream {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, masker: &mut Masker, bytes: &[u8]) -> Vec<u8> {
        let mut rewriter = Rewriter {
            masker,
            channels: &mut self.channels,
        };
        self.stream.push(bytes, &mut rewriter)
    }

    pub fn finish(&mut self, masker: &mut Masker) -> Vec<u8> {
        let mut rewriter = Rewriter {
            masker,
            channels: &mut self.channels,
        };
        self.stream.finish(&mut rewriter)
    }

    /// Whether the event being received is already longer than `max` bytes: it is parsed
    /// (and held) whole, so an endless one would hold without bound.
    pub fn event_longer_than(&self, max: usize) -> bool {
        self.stream.pending_event_bytes() > max
    }

    /// Ends the stream with `error` as the client API's error event, after what the channels
    /// hold; the event still arriving is dropped.
    pub fn abort(&mut self, masker: &mut Masker, api: ApiKind, error: &ErrorReply) -> Vec<u8> {
        let mut rewriter = Rewriter {
            masker,
            channels: &mut self.channels,
        };
        let mut out = self.stream.abort(&mut rewriter);
        error_event(api, error, self.stream.next_sequence_number()).write_to(&mut out);
        out
    }

    /// Text held back over all channels.
    pub fn held_bytes(&self) -> usize {
        self.channels.values().map(|c| c.hold.pending_len()).sum()
    }
}

/// An error as the event a client of `api` reads in a stream (a Responses one numbered after
/// the last event sent, when the stream has numbers).
fn error_event(api: ApiKind, error: &ErrorReply, sequence_number: Option<u64>) -> SseEvent {
    match api {
        ApiKind::AnthropicMessages => SseEvent::named("error", error.anthropic_body()),
        ApiKind::Responses => {
            let mut data = serde_json::json!({"type": "error", "code": error.code, "message": error.message, "param": error.param});
            if let (Some(n), Some(map)) = (sequence_number, data.as_object_mut()) {
                map.insert("sequence_number".into(), serde_json::json!(n));
            }
            SseEvent::named("error", data.to_string())
        }
        _ => SseEvent::data(error.body()),
    }
}

struct Rewriter<'a> {
    masker: &'a mut Masker,
    channels: &'a mut HashMap<ChannelKey, ChannelState>,
}

impl DeltaRewriter for Rewriter<'_> {
    fn push(&mut self, channel: &Channel, piece: &str) -> String {
        let state = self
            .channels
            .entry(channel.key)
            .or_insert_with(|| ChannelState {
                hold: HoldBack::new(CONTEXT_BYTES),
                skipping: Skip::Nothing,
            });
        let json_text = channel.kind == TextKind::ToolArguments;
        let masker = &mut *self.masker;
        let skipping = &mut state.skipping;
        state.hold.push(piece, &mut |context, pending, last| {
            masker.rewrite_answer(skipping, context, pending, last, json_text)
        })
    }

    fn finish(&mut self, channel: &Channel) -> String {
        let Some(mut state) = self.channels.remove(&channel.key) else {
            return String::new();
        };
        let json_text = channel.kind == TextKind::ToolArguments;
        let masker = &mut *self.masker;
        let skipping = &mut state.skipping;
        state.hold.finish(&mut |context, pending, last| {
            masker.rewrite_answer(skipping, context, pending, last, json_text)
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::masker::tests::{ph, policy};
    use llm_filters_core::sse::SseParser;
    use serde_json::json;

    pub const CONFIG: &str = r#"{"default":{"detectors":{"email":{"action":"placeholder"},"phone":{"action":"placeholder"},
        "credit_card":{"action":"mask"}},"response":{"scan":true,"windowBytes":64}}}"#;

    pub fn openai_stream(pieces: &[&str]) -> String {
        let mut s = String::new();
        for p in pieces {
            let chunk = json!({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": null}]});
            s.push_str(&format!("data: {chunk}\n\n"));
        }
        s.push_str("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        s
    }

    /// Streams `input` in `chunk`-byte pieces; returns the text the client reads and every
    /// intermediate text it had.
    pub fn client_text(masker: &mut Masker, input: &str, chunk: usize) -> (String, Vec<String>) {
        let mut stream = AnswerStream::new();
        let mut parser = SseParser::new();
        let mut text = String::new();
        let mut seen = Vec::new();
        let mut read = |bytes: &[u8], text: &mut String| {
            for e in parser.push(bytes) {
                if let Ok(v) = serde_json::from_str::<Value>(&e.data) {
                    if let Some(c) = v
                        .pointer("/choices/0/delta/content")
                        .and_then(Value::as_str)
                    {
                        text.push_str(c);
                    }
                }
            }
        };
        for piece in input.as_bytes().chunks(chunk) {
            let out = stream.push(masker, piece);
            read(&out, &mut text);
            seen.push(text.clone());
        }
        let out = stream.finish(masker);
        read(&out, &mut text);
        (text, seen)
    }

    #[test]
    fn stream_restores_a_placeholder_split_across_events() {
        let p = policy(CONFIG);
        let mut m = Masker::new(p.clone(), 1);
        let mut prompt = "I am ann@x.io".to_string();
        m.mask_request_text(&mut prompt, false);
        let tail = format!("_1_{}>, your card 4111 1111 ", m.vault.token());
        let input = openai_stream(&["Hello <EM", "AIL", &tail, "1111 1111 is noted."]);
        let (text, seen) = client_text(&mut m, &input, 5);
        assert_eq!(
            text,
            "Hello ann@x.io, your card **** **** **** 1111 is noted."
        );
        assert!(
            seen.iter().all(|s| !s.contains("4111")),
            "no card prefix before masking"
        );
        assert_eq!(m.restored, 1);
    }

    #[test]
    fn whole_bodies() {
        let p = policy(CONFIG);
        let mut m = Masker::new(p.clone(), 1);
        let mut prompt = "call +44 20 7946 0958".to_string();
        m.mask_request_text(&mut prompt, false);
        let p1 = ph(&m, "PHONE_1");
        assert_eq!(prompt, format!("call {p1}"));
        let body = json!({"choices": [{"message": {"content": format!("Calling {p1} now; mail me at bob@y.io"),
            "tool_calls": [{"function": {"name": "dial", "arguments": format!("{{\"n\":\"{p1}\"}}")}}]}}]});
        let out: Value = serde_json::from_slice(
            &rewrite_body(
                &mut m,
                Some("application/json"),
                body.to_string().as_bytes(),
            )
            .unwrap()
            .unwrap(),
        )
        .unwrap();
        assert_eq!(
            out["choices"][0]["message"]["content"],
            "Calling +44 20 7946 0958 now; mail me at [EMAIL]"
        );
        assert_eq!(
            out["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"],
            "{\"n\":\"+44 20 7946 0958\"}"
        );
        assert_eq!(
            rewrite_body(&mut m, Some("text/plain"), format!("plain {p1}").as_bytes())
                .unwrap()
                .unwrap(),
            b"plain +44 20 7946 0958"
        );
        assert_eq!(
            rewrite_body(&mut m, Some("application/json"), b"{\"a\":\"nothing\"}"),
            Ok(None)
        );
    }

    #[test]
    fn answers_of_any_content_type() {
        // Issue 8 item 9: text/plain, invalid JSON and HTML answers are restored and scanned.
        let p = policy(CONFIG);
        let mut m = Masker::new(p.clone(), 1);
        let mut prompt = "mail ann@x.io".to_string();
        m.mask_request_text(&mut prompt, false);
        let e1 = ph(&m, "EMAIL_1");
        let out = |m: &mut Masker, ct: Option<&str>, body: String| {
            rewrite_body(m, ct, body.as_bytes()).map(|b| b.map(|b| String::from_utf8(b).unwrap()))
        };
        assert_eq!(
            out(
                &mut m,
                Some("text/plain"),
                format!("to {e1}, card 4111 1111 1111 1111")
            ),
            Ok(Some("to ann@x.io, card **** **** **** 1111".into()))
        );
        assert_eq!(
            out(&mut m, Some("text/html"), format!("<p>{e1}</p>")),
            Ok(Some("<p>ann@x.io</p>".into()))
        );
        // JSON that does not parse: scanned as JSON-ish text, values JSON-escaped.
        assert_eq!(
            out(
                &mut m,
                Some("application/json"),
                format!("{{\"a\":\"{e1} bob@y.io")
            ),
            Ok(Some("{\"a\":\"ann@x.io [EMAIL]".into()))
        );
        assert_eq!(
            rewrite_body(&mut m, Some("text/plain"), b"\xff\xfe"),
            Err(Unscannable::NotText)
        );
        // Duplicate keys: the client may read either copy.
        assert_eq!(
            out(&mut m, None, "{\"c\":\"bob@y.io\",\"c\":\"x\"}".into()),
            Err(Unscannable::DuplicateKey)
        );
    }
}

//! The answer side: restore placeholders and mask what the model wrote, in whole bodies and in
//! SSE streams (through core's `DeltaStream` and `HoldBack`).

use crate::masker::Masker;
use llm_filters_core::api::TextKind;
use llm_filters_core::delta_stream::{Channel, ChannelKey, DeltaRewriter, DeltaStream};
use llm_filters_core::headers::is_json_content_type;
use llm_filters_core::hold_back::HoldBack;
use serde_json::Value;
use std::collections::HashMap;

/// Already-sent text kept per channel, for word boundaries at the start of what is pending.
const CONTEXT_BYTES: usize = 64;

/// Rewrites a whole (non-streamed) answer. `None`: leave the body as it is.
pub fn rewrite_body(
    masker: &mut Masker,
    content_type: Option<&str>,
    body: &[u8],
) -> Option<Vec<u8>> {
    if content_type.is_none_or(is_json_content_type) {
        let mut doc: Value = serde_json::from_slice(body).ok()?;
        let mut changed = false;
        strings(&mut doc, false, &mut |s, json_text| {
            let new = masker.rewrite_whole_answer(s, json_text);
            if new != *s {
                *s = new;
                changed = true;
            }
        });
        return changed.then(|| serde_json::to_vec(&doc).expect("a Value serializes"));
    }
    let text = std::str::from_utf8(body).ok()?;
    let new = masker.rewrite_whole_answer(text, false);
    (new != text).then(|| new.into_bytes())
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

/// One streamed answer.
#[derive(Debug, Default)]
pub struct AnswerStream {
    stream: DeltaStream,
    holds: HashMap<ChannelKey, HoldBack>,
}

impl AnswerStream {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, masker: &mut Masker, bytes: &[u8]) -> Vec<u8> {
        let mut rewriter = Rewriter {
            masker,
            holds: &mut self.holds,
        };
        self.stream.push(bytes, &mut rewriter)
    }

    pub fn finish(&mut self, masker: &mut Masker) -> Vec<u8> {
        let mut rewriter = Rewriter {
            masker,
            holds: &mut self.holds,
        };
        self.stream.finish(&mut rewriter)
    }

    /// Text held back over all channels.
    pub fn held_bytes(&self) -> usize {
        self.holds.values().map(HoldBack::pending_len).sum()
    }
}

struct Rewriter<'a> {
    masker: &'a mut Masker,
    holds: &'a mut HashMap<ChannelKey, HoldBack>,
}

impl DeltaRewriter for Rewriter<'_> {
    fn push(&mut self, channel: &Channel, piece: &str) -> String {
        let hold = self
            .holds
            .entry(channel.key)
            .or_insert_with(|| HoldBack::new(CONTEXT_BYTES));
        hold.push(piece, &mut settle(self.masker, channel))
    }

    fn finish(&mut self, channel: &Channel) -> String {
        let Some(mut hold) = self.holds.remove(&channel.key) else {
            return String::new();
        };
        hold.finish(&mut settle(self.masker, channel))
    }
}

/// The hold-back rule of a channel: the masker's answer rewrite, JSON-escaping in tool arguments.
fn settle<'a>(
    masker: &'a mut Masker,
    channel: &Channel,
) -> impl FnMut(&str, &str, bool) -> (usize, String) + 'a {
    let json_text = channel.kind == TextKind::ToolArguments;
    move |context, pending, last| masker.rewrite_answer(context, pending, last, json_text)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::masker::tests::policy;
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
        let mut m = Masker::new(p.clone());
        let mut prompt = "I am ann@x.io".to_string();
        m.mask_request_text(&mut prompt);
        let input = openai_stream(&[
            "Hello <EM",
            "AIL",
            "_1>, your card 4111 1111 ",
            "1111 1111 is noted.",
        ]);
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
        let mut m = Masker::new(p.clone());
        let mut prompt = "call +44 20 7946 0958".to_string();
        m.mask_request_text(&mut prompt);
        assert_eq!(prompt, "call <PHONE_1>");
        let body = json!({"choices": [{"message": {"content": "Calling <PHONE_1> now; mail me at bob@y.io",
            "tool_calls": [{"function": {"name": "dial", "arguments": "{\"n\":\"<PHONE_1>\"}"}}]}}]});
        let out: Value = serde_json::from_slice(
            &rewrite_body(
                &mut m,
                Some("application/json"),
                body.to_string().as_bytes(),
            )
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
            rewrite_body(&mut m, Some("text/plain"), b"plain <PHONE_1>").unwrap(),
            b"plain +44 20 7946 0958"
        );
        assert_eq!(
            rewrite_body(&mut m, Some("application/json"), b"{\"a\":\"nothing\"}"),
            None
        );
    }
}

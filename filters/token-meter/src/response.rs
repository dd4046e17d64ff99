//! What the response phase keeps of a response body to learn its usage: a bounded copy of a
//! non-streamed body, or the incremental SSE reader for streams, whose generated text is counted
//! as it passes (for the estimate when the stream is cut before the provider's usage).

use crate::encoding::Encoding;
use crate::tokenizer::StreamCounter;
use llm_filters_core::usage::{usage_from_response, ChunkOutcome, StreamUsage, TokenUsage};
use serde_json::Value;

/// Generated text one network chunk may hand to the counter; beyond it bytes are counted.
pub const STREAM_TEXT_LIMIT: usize = 1 << 20;

#[derive(Debug, Default)]
pub enum ResponseBody {
    /// No response body seen (yet), or nothing to read.
    #[default]
    None,
    /// A non-streamed body, kept up to the configured bound; `overflow` once it passed it.
    Json {
        buf: Vec<u8>,
        overflow: bool,
        /// For an answer without usage: its generated text is counted with this.
        encoding: Encoding,
    },
    Stream(Box<MeteredStream>),
}

/// An SSE stream's reader and the running token count of its generated text.
#[derive(Debug)]
pub struct MeteredStream {
    usage: StreamUsage,
    counter: StreamCounter,
}

impl MeteredStream {
    pub fn push(&mut self, chunk: &[u8]) -> ChunkOutcome {
        let outcome = self.usage.push(chunk);
        self.count_new_text();
        outcome
    }

    /// The bytes still held back at the end of the stream, if any.
    pub fn finish(&mut self) -> Option<Vec<u8>> {
        let rest = self.usage.finish();
        self.count_new_text();
        rest
    }

    /// Counts the text of the events completed by the last chunk; the reader then forgets it
    /// and the counter keeps only the unfinished pre-token(s).
    fn count_new_text(&mut self) {
        let counter = &mut self.counter;
        self.usage.take_text(|new| counter.push(new));
    }
}

/// What a response body told about usage.
#[derive(Debug, Default)]
pub struct Observed {
    pub usage: Option<TokenUsage>,
    /// False when the usage is partial or absent.
    pub complete: bool,
    /// The model the response names (provider-chosen text: used only as a fallback).
    pub model: Option<String>,
    /// Tokens of a stream's generated text, counted as it passed (for estimates).
    pub text_tokens: u64,
    pub dropped_text_bytes: u64,
}

impl ResponseBody {
    pub fn stream(strip_usage_chunk: bool, encoding: Encoding) -> Self {
        ResponseBody::Stream(Box::new(MeteredStream {
            usage: StreamUsage::new(strip_usage_chunk, STREAM_TEXT_LIMIT),
            counter: StreamCounter::new(encoding),
        }))
    }

    pub fn json(encoding: Encoding) -> Self {
        ResponseBody::Json {
            buf: Vec::new(),
            overflow: false,
            encoding,
        }
    }

    /// Appends a chunk of a non-streamed body that is not held (it passes through as it comes),
    /// keeping at most `max` bytes.
    pub fn keep(&mut self, chunk: &[u8], max: usize) {
        if let ResponseBody::Json { buf, overflow, .. } = self {
            if *overflow {
                return;
            }
            if buf.len().saturating_add(chunk.len()) <= max {
                buf.extend_from_slice(chunk);
            } else {
                *overflow = true;
                buf.clear();
            }
        }
    }

    /// The whole non-streamed body, read at once (a held response at its end).
    pub fn replace(&mut self, body: &[u8], max: usize) {
        if let ResponseBody::Json { buf, overflow, .. } = self {
            if body.len() <= max {
                buf.clear();
                buf.extend_from_slice(body);
            } else {
                *overflow = true;
                buf.clear();
            }
        }
    }

    pub fn mark_overflow(&mut self) {
        if let ResponseBody::Json { buf, overflow, .. } = self {
            *overflow = true;
            buf.clear();
        }
    }

    pub fn observed(&self) -> Observed {
        match self {
            ResponseBody::None => Observed::default(),
            ResponseBody::Json {
                buf,
                overflow,
                encoding,
            } => {
                let (usage, model) = if *overflow {
                    (None, None)
                } else {
                    usage_from_response(buf)
                };
                // A provider that reports no usage is charged for the text it answered.
                let text_tokens = match usage {
                    None if !*overflow => answer_text_tokens(buf, *encoding),
                    _ => 0,
                };
                Observed {
                    usage,
                    complete: usage.is_some(),
                    model,
                    text_tokens,
                    ..Observed::default()
                }
            }
            ResponseBody::Stream(s) => Observed {
                usage: s.usage.usage(),
                complete: s.usage.usage_complete(),
                model: s.usage.model().map(str::to_owned),
                text_tokens: s.counter.total(),
                dropped_text_bytes: s.usage.dropped_text_bytes(),
            },
        }
    }
}

/// Tokens of the generated text of a whole (non-streamed) answer: OpenAI chat and completions,
/// Anthropic Messages and the Responses API (text, refusals, reasoning, tool-call arguments;
/// an Anthropic tool call's `input` as the JSON it was sent as). 0 for a body that is no JSON.
fn answer_text_tokens(body: &[u8], encoding: Encoding) -> u64 {
    let Ok(answer) = serde_json::from_slice::<Value>(body) else {
        return 0;
    };
    let mut tokens = 0u64;
    let mut count = |v: Option<&Value>| {
        if let Some(text) = v.and_then(Value::as_str) {
            tokens = tokens.saturating_add(encoding.count(text));
        }
    };
    for choice in array(answer.get("choices")) {
        count(choice.get("text"));
        let message = choice.get("message");
        for key in ["content", "refusal", "reasoning_content"] {
            count(message.and_then(|m| m.get(key)));
        }
        for call in array(message.and_then(|m| m.get("tool_calls"))) {
            count(call.pointer("/function/arguments"));
        }
        count(message.and_then(|m| m.pointer("/function_call/arguments")));
    }
    for block in array(answer.get("content")) {
        for key in ["text", "thinking"] {
            count(block.get(key));
        }
        if let Some(input) = block.get("input") {
            count(Some(&Value::String(input.to_string())));
        }
    }
    for item in array(answer.get("output")) {
        count(item.get("arguments"));
        for part in array(item.get("content")).chain(array(item.get("summary"))) {
            for key in ["text", "refusal"] {
                count(part.get(key));
            }
        }
    }
    tokens
}

fn array(v: Option<&Value>) -> impl Iterator<Item = &Value> {
    v.and_then(Value::as_array).into_iter().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] =
        br#"{"model":"m","usage":{"prompt_tokens":2,"completion_tokens":3,"total_tokens":5}}"#;

    #[test]
    fn json_bodies_are_read_within_the_bound_only() {
        let mut b = ResponseBody::json(Encoding::O200kBase);
        let (head, tail) = BODY.split_at(10);
        b.keep(head, 1000);
        b.keep(tail, 1000);
        let o = b.observed();
        assert_eq!(o.usage.map(|u| u.total()), Some(5));
        assert_eq!(o.model.as_deref(), Some("m"));
        assert!(o.complete);

        let mut small = ResponseBody::json(Encoding::O200kBase);
        small.keep(head, 12);
        small.keep(tail, 12);
        assert!(small.observed().usage.is_none());
        small.keep(b"", 12);
        assert!(small.observed().usage.is_none(), "overflow is final");

        let mut held = ResponseBody::json(Encoding::O200kBase);
        held.replace(BODY, BODY.len() - 1);
        assert!(held.observed().usage.is_none());
    }

    #[test]
    fn answers_without_usage_are_counted_from_their_text() {
        // "Hello there friend" is 3 o200k_base tokens (Hello, " there", " friend": tiktoken).
        let answers: [&[u8]; 4] = [
            br#"{"choices":[{"message":{"role":"assistant","content":"Hello there friend"}}]}"#,
            br#"{"choices":[{"text":"Hello there friend"}]}"#,
            br#"{"type":"message","content":[{"type":"text","text":"Hello there friend"}]}"#,
            br#"{"output":[{"type":"message","content":[{"type":"output_text","text":"Hello there friend"}]}]}"#,
        ];
        for answer in answers {
            let mut b = ResponseBody::json(Encoding::O200kBase);
            b.replace(answer, 1000);
            let o = b.observed();
            assert!(o.usage.is_none() && !o.complete);
            assert_eq!(o.text_tokens, 3, "{}", String::from_utf8_lossy(answer));
        }
        // Tool-call arguments count as the string they were sent as.
        let mut call = ResponseBody::json(Encoding::O200kBase);
        call.replace(
            br#"{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{\"a\":1}"}}]}}]}"#,
            1000,
        );
        assert_eq!(
            call.observed().text_tokens,
            Encoding::O200kBase.count("{\"a\":1}")
        );
        // With usage the text is not counted; a body that is no JSON counts nothing.
        let mut with = ResponseBody::json(Encoding::O200kBase);
        with.replace(BODY, 1000);
        assert_eq!(with.observed().text_tokens, 0);
        let mut html = ResponseBody::json(Encoding::O200kBase);
        html.replace(b"<html>Hello there friend</html>", 1000);
        assert_eq!(html.observed().text_tokens, 0);
    }

    #[test]
    fn stream_text_is_counted_as_it_passes() {
        let deltas = [
            "Hello",
            " world",
            ", how are",
            " you today?",
            "\n\n",
            "Fine",
            " thanks.",
        ];
        let mut b = ResponseBody::stream(false, Encoding::O200kBase);
        for d in deltas {
            let event = serde_json::json!({"choices": [{"delta": {"content": d}}]});
            // Each event split in two network chunks.
            let line = format!("data: {event}\n\n");
            let (a, z) = line.as_bytes().split_at(7);
            if let ResponseBody::Stream(s) = &mut b {
                s.push(a);
                s.push(z);
                // Only the unfinished pre-token(s) are held, never the whole answer.
                assert!(s.counter.tail_len() <= 12, "{}", s.counter.tail_len());
            }
        }
        let whole = deltas.concat();
        let want = tiktoken_rs::o200k_base_singleton()
            .encode_ordinary(&whole)
            .len() as u64;
        assert_eq!(b.observed().text_tokens, want);
        assert!(!b.observed().complete);
    }
}

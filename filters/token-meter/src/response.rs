//! What the response phase keeps of a response body to learn its usage: a bounded copy of a
//! non-streamed body, or the incremental SSE reader for streams, whose generated text is counted
//! as it passes (for the estimate when the stream is cut before the provider's usage).

use crate::encoding::Encoding;
use crate::tokenizer::StreamCounter;
use llm_filters_core::usage::{usage_from_response, ChunkOutcome, StreamUsage, TokenUsage};

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

    pub fn json() -> Self {
        ResponseBody::Json {
            buf: Vec::new(),
            overflow: false,
        }
    }

    /// Appends a chunk of a non-streamed body that is not held (it passes through as it comes),
    /// keeping at most `max` bytes.
    pub fn keep(&mut self, chunk: &[u8], max: usize) {
        if let ResponseBody::Json { buf, overflow } = self {
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
        if let ResponseBody::Json { buf, overflow } = self {
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
        if let ResponseBody::Json { buf, overflow } = self {
            *overflow = true;
            buf.clear();
        }
    }

    pub fn observed(&self) -> Observed {
        match self {
            ResponseBody::None => Observed::default(),
            ResponseBody::Json { buf, overflow } => {
                let (usage, model) = if *overflow {
                    (None, None)
                } else {
                    usage_from_response(buf)
                };
                Observed {
                    usage,
                    complete: usage.is_some(),
                    model,
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

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] =
        br#"{"model":"m","usage":{"prompt_tokens":2,"completion_tokens":3,"total_tokens":5}}"#;

    #[test]
    fn json_bodies_are_read_within_the_bound_only() {
        let mut b = ResponseBody::json();
        let (head, tail) = BODY.split_at(10);
        b.keep(head, 1000);
        b.keep(tail, 1000);
        let o = b.observed();
        assert_eq!(o.usage.map(|u| u.total()), Some(5));
        assert_eq!(o.model.as_deref(), Some("m"));
        assert!(o.complete);

        let mut small = ResponseBody::json();
        small.keep(head, 12);
        small.keep(tail, 12);
        assert!(small.observed().usage.is_none());
        small.keep(b"", 12);
        assert!(small.observed().usage.is_none(), "overflow is final");

        let mut held = ResponseBody::json();
        held.replace(BODY, BODY.len() - 1);
        assert!(held.observed().usage.is_none());
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

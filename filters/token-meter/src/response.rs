//! What the response phase keeps of a response body to learn its usage: a bounded copy of a
//! non-streamed body, or the incremental SSE reader for streams.

use llm_filters_core::usage::{usage_from_response, StreamUsage, TokenUsage};

/// Generated text kept per stream for estimates; beyond it bytes are counted.
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
    Stream(Box<StreamUsage>),
}

/// What a response body told about usage.
#[derive(Debug, Default)]
pub struct Observed<'a> {
    pub usage: Option<TokenUsage>,
    /// False when the usage is partial or absent.
    pub complete: bool,
    /// The model the response names (provider-chosen text: used only as a fallback).
    pub model: Option<String>,
    /// Generated text of a stream (for estimates).
    pub text: &'a str,
    pub dropped_text_bytes: u64,
}

impl ResponseBody {
    pub fn stream(strip_usage_chunk: bool) -> Self {
        ResponseBody::Stream(Box::new(StreamUsage::new(
            strip_usage_chunk,
            STREAM_TEXT_LIMIT,
        )))
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
    pub fn replace(&mut self, body: Vec<u8>, max: usize) {
        if let ResponseBody::Json { buf, overflow } = self {
            if body.len() <= max {
                *buf = body;
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

    pub fn observed(&self) -> Observed<'_> {
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
                    text: "",
                    dropped_text_bytes: 0,
                }
            }
            ResponseBody::Stream(s) => Observed {
                usage: s.usage(),
                complete: s.usage_complete(),
                model: s.model().map(str::to_owned),
                text: s.text(),
                dropped_text_bytes: s.dropped_text_bytes(),
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
        held.replace(BODY.to_vec(), BODY.len() - 1);
        assert!(held.observed().usage.is_none());
    }
}

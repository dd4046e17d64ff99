//! Counting a stream as it passes: completed pre-tokens are counted as deltas arrive and only
//! the unfinished tail is kept, so a cut stream's estimate needs no re-tokenising at the end.
//!
//! A pre-token is complete when its match did not look at the end of the text seen so far: its
//! extent then cannot change whatever follows (each match depends only on the characters it
//! read), and neither can the start of the next one.

use super::bpe::Scratch;
use super::Tokenizer;
use crate::encoding::Encoding;

/// Tail kept at most. Only one pre-token longer than this (a huge run of spaces or letters)
/// makes the tail grow so far; it is then counted as if the text ended there (a cut that may
/// differ from the whole text's by a token or two) rather than rescanned on every delta.
pub const TAIL_LIMIT: usize = 64 * 1024;

pub struct StreamCounter {
    tokenizer: &'static Tokenizer,
    tail: String,
    tokens: u64,
    scratch: Scratch,
}

impl std::fmt::Debug for StreamCounter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamCounter")
            .field("tokens", &self.tokens)
            .field("tail_bytes", &self.tail.len())
            .finish()
    }
}

impl StreamCounter {
    pub fn new(encoding: Encoding) -> Self {
        StreamCounter {
            tokenizer: Tokenizer::get(encoding),
            tail: String::new(),
            tokens: 0,
            scratch: Scratch::default(),
        }
    }

    /// Adds a piece of the text (any split, as long as it is on char boundaries: `&str`).
    pub fn push(&mut self, delta: &str) {
        if delta.is_empty() {
            return;
        }
        self.tail.push_str(delta);
        let tok = self.tokenizer;
        let mut done = 0;
        let mut tokens = 0;
        let scratch = &mut self.scratch;
        tok.pieces(&self.tail, |piece, touched_end| {
            if touched_end {
                return false;
            }
            tokens += tok.count_piece(piece, scratch) as u64;
            done += piece.len();
            true
        });
        self.tokens += tokens;
        self.tail.drain(..done);
        if self.tail.len() > TAIL_LIMIT {
            self.tokens += tok.count(&self.tail) as u64;
            self.tail.clear();
        }
    }

    /// Tokens of the text so far, as if it ended here.
    pub fn total(&self) -> u64 {
        self.tokens + self.tokenizer.count(&self.tail) as u64
    }

    /// Bytes held for the unfinished pre-token(s).
    pub fn tail_len(&self) -> usize {
        self.tail.len()
    }
}

//! Holding back the end of a streamed text until it is safe to send.
//!
//! A filter that rewrites values in a stream (masking, restoring placeholders) must not send the
//! first half of a value before it has seen the second. [`HoldBack`] keeps the text of one
//! stream channel that is not settled yet, plus a short tail of what was already sent (so word
//! boundaries still read right), and asks the filter's `settle` function how much is settled.

/// `settle(context, pending, last)` returns how many bytes of `pending` are settled and their
/// rewritten text. With `last`, everything must be settled.
pub type Settle<'a> = dyn FnMut(&str, &str, bool) -> (usize, String) + 'a;

#[derive(Debug, Clone, Default)]
pub struct HoldBack {
    pending: String,
    context: String,
    context_bytes: usize,
}

impl HoldBack {
    /// Keeps up to `context_bytes` of already-sent text as left context.
    pub fn new(context_bytes: usize) -> Self {
        HoldBack {
            pending: String::new(),
            context: String::new(),
            context_bytes,
        }
    }

    /// Adds a piece and returns what may be sent now (possibly empty).
    pub fn push(&mut self, piece: &str, settle: &mut Settle<'_>) -> String {
        self.pending.push_str(piece);
        self.settle(false, settle)
    }

    /// The stream of this channel ended: everything left, rewritten.
    pub fn finish(&mut self, settle: &mut Settle<'_>) -> String {
        self.settle(true, settle)
    }

    /// Bytes waiting.
    pub fn pending_len(&self) -> usize {
        self.pending.len()
    }

    fn settle(&mut self, last: bool, settle: &mut Settle<'_>) -> String {
        if self.pending.is_empty() {
            return String::new();
        }
        let (consumed, out) = settle(&self.context, &self.pending, last);
        // A count inside a character is a settle bug; keeping that character pending is safer
        // than a panic (which would disable the filter on the worker) or dropping bytes.
        let consumed = if last {
            self.pending.len()
        } else {
            self.pending.floor_char_boundary(consumed)
        };
        self.context
            .push_str(self.pending.get(..consumed).unwrap_or_default());
        self.pending.drain(..consumed);
        if let Some(excess) = self.context.len().checked_sub(self.context_bytes) {
            let cut = self.context.ceil_char_boundary(excess);
            self.context.drain(..cut);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Upper-cases, holding back the last 3 bytes (on a char boundary) until the end.
    fn settle(context: &str, pending: &str, last: bool) -> (usize, String) {
        assert!(context.len() <= 4, "context is bounded");
        let mut n = if last {
            pending.len()
        } else {
            pending.len().saturating_sub(3)
        };
        while !pending.is_char_boundary(n) {
            n -= 1;
        }
        (n, pending[..n].to_uppercase())
    }

    #[test]
    fn holds_back_and_flushes() {
        let mut h = HoldBack::new(4);
        let mut f = settle;
        assert_eq!(h.push("ab", &mut f), "");
        assert_eq!(h.push("cdé", &mut f), "ABC");
        assert_eq!(h.pending_len(), 3);
        assert_eq!(h.push("fgh", &mut f), "DÉ");
        assert_eq!(h.finish(&mut f), "FGH");
        assert_eq!(h.finish(&mut f), "");
    }

    #[test]
    fn a_count_inside_a_character_or_past_the_end_does_not_panic() {
        let mut h = HoldBack::new(1);
        // Claims one byte into `é` (bytes 1..3): the whole `é` stays pending.
        let mut inside = |_: &str, pending: &str, _: bool| (2, pending.chars().take(1).collect());
        assert_eq!(h.push("aé\u{3000}", &mut inside), "a");
        assert_eq!(h.pending_len(), "é\u{3000}".len());
        let mut past = |_: &str, pending: &str, _: bool| (usize::MAX, pending.to_string());
        assert_eq!(h.push("x", &mut past), "é\u{3000}x");
        assert_eq!(h.pending_len(), 0);
        // The context is cut at a boundary too (a 1-byte context after a 3-byte character).
        assert_eq!(h.push("\u{3000}", &mut past), "\u{3000}");
        assert_eq!(h.push("y", &mut past), "y");
        assert_eq!(h.finish(&mut past), "");
    }
}

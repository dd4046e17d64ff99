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
        let consumed = if last {
            self.pending.len()
        } else {
            consumed.min(self.pending.len())
        };
        self.context.push_str(&self.pending[..consumed]);
        self.pending.drain(..consumed);
        if self.context.len() > self.context_bytes {
            let mut cut = self.context.len() - self.context_bytes;
            while !self.context.is_char_boundary(cut) {
                cut += 1;
            }
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
}

//! A small per-thread memo of the token counts of pre-tokens, consulted before the rank table:
//! real text repeats its words (Zipf), and the rank table (2–4 MB) misses the CPU cache on
//! nearly every lookup, while this memo (256 KiB) mostly stays in it. Runs of one repeated
//! byte (indentation, `-----`) recur at the same lengths and are kept whatever their length.
//! Exact: an entry matches only the same bytes (or the same byte repeated as often) under the
//! same encoding.

use super::ranks::{hash, hash_words};
use std::cell::RefCell;

const SLOTS: usize = 8192;
/// Longest piece kept byte for byte; longer ones only when they repeat one byte.
pub const INLINE: usize = 24;
const WORDS: usize = INLINE / 8;

#[derive(Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// The piece's bytes, zero-padded (or the repeated byte, for a run).
    words: [u64; WORDS],
    len: u32,
    /// 0: empty; else the encoding's id + 1; bit 7: a repeated-byte run. Bits 8..: the count.
    meta: u32,
}

const EMPTY: Entry = Entry {
    words: [0; WORDS],
    len: 0,
    meta: 0,
};
const RUN: u32 = 0x80;
const COUNT_SHIFT: u32 = 8;

/// The memo of one thread (a VM in wasm).
pub struct Memo {
    slots: Vec<Entry>,
}

thread_local! {
    static CACHE: RefCell<Memo> = const { RefCell::new(Memo { slots: Vec::new() }) };
}

/// Runs `f` with this thread's memo, borrowed once for a whole text (not per piece: in wasm the
/// thread-local access and the borrow flag cost as much as a hit). None when it is already in
/// use or gone: then nothing is memoised.
pub fn with(f: impl FnOnce(Option<&mut Memo>) -> usize) -> usize {
    let mut f = Some(f);
    let mut out = None;
    let _ = CACHE.try_with(|c| {
        if let Ok(mut m) = c.try_borrow_mut() {
            if let Some(g) = f.take() {
                out = Some(g(Some(&mut m)));
            }
        }
    });
    match (out, f) {
        (Some(n), _) => n,
        (None, Some(g)) => g(None),
        // `f` is taken only where `out` is set.
        (None, None) => 0,
    }
}

/// Bytes `at..at + 8` of the piece (`len` bytes at the start of `w`), zero past its end; read
/// as one load when `w` (the rest of the text) has them.
#[inline(always)]
fn word(w: &[u8], at: usize, len: usize) -> u64 {
    if at >= len {
        return 0;
    }
    let n = len - at;
    let raw = match w.get(at..at + 8) {
        Some(c) => c.try_into().map_or(0, u64::from_le_bytes),
        None => w
            .get(at..len)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .fold(0, |x, (i, &b)| x | u64::from(b) << (8 * i)),
    };
    if n >= 8 {
        raw
    } else {
        raw & ((1u64 << (8 * n)) - 1)
    }
}

/// The key of a piece (count bits clear) and its hash. `rest`: the text from the piece's start
/// (the piece is its first `piece.len()` bytes). `None`: not cacheable.
#[inline(always)]
fn key(piece: &[u8], rest: &[u8], encoding: u8) -> Option<(u64, Entry)> {
    let len = piece.len();
    let mut e = Entry {
        len: u32::try_from(len).ok()?,
        meta: u32::from(encoding) + 1,
        ..EMPTY
    };
    if len <= INLINE {
        let rest = if rest.len() >= len { rest } else { piece };
        for (i, w) in e.words.iter_mut().enumerate() {
            *w = word(rest, 8 * i, len);
        }
        return Some((hash_words(len, &e.words), e));
    }
    let first = *piece.first()?;
    if !piece.iter().all(|&b| b == first) {
        return None;
    }
    e.meta |= RUN;
    e.words[0] = u64::from(first);
    let h = hash(&[first]) ^ u64::from(e.len).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    Some((h, e))
}

fn slot_of(h: u64) -> usize {
    (h >> 51) as usize % SLOTS
}

impl Memo {
    /// The count of `piece` from the memo, else from `compute` (then remembered). `compute`
    /// gets the piece's hash when one was computed (the rank table uses the same hash).
    #[inline(always)]
    pub fn count(
        &mut self,
        piece: &[u8],
        rest: &[u8],
        encoding: u8,
        compute: impl FnOnce(Option<u64>) -> usize,
    ) -> usize {
        let Some((h, mut entry)) = key(piece, rest, encoding) else {
            return compute(None);
        };
        let slot = slot_of(h);
        if let Some(e) = self.slots.get(slot) {
            if e.words == entry.words
                && e.len == entry.len
                && (e.meta & ((1 << COUNT_SHIFT) - 1)) == entry.meta
            {
                return (e.meta >> COUNT_SHIFT) as usize;
            }
        }
        let n = compute((entry.meta & RUN == 0).then_some(h));
        // Counts that do not fit (never for a piece this short, or a run of 16M tokens) are
        // not kept.
        let Ok(n32) = u32::try_from(n) else {
            return n;
        };
        if n32 >= 1 << (32 - COUNT_SHIFT) {
            return n;
        }
        entry.meta |= n32 << COUNT_SHIFT;
        if self.slots.is_empty() {
            self.slots = vec![EMPTY; SLOTS];
        }
        if let Some(e) = self.slots.get_mut(slot) {
            *e = entry;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_of_words_is_the_hash_of_the_bytes() {
        let text: Vec<u8> = (0..64u32).map(|i| (i * 37 + 11) as u8).collect();
        for start in 0..8 {
            for len in 0..=INLINE {
                let piece = &text[start..start + len];
                // From the rest of the text, and from the piece alone (at the text's end).
                for rest in [&text[start..], piece] {
                    let (h, e) = key(piece, rest, 0).unwrap();
                    assert_eq!(h, hash(piece), "{start} {len}");
                    let mut want = [0u8; 24];
                    want[..len].copy_from_slice(piece);
                    for (i, w) in e.words.iter().enumerate() {
                        assert_eq!(w.to_le_bytes(), want[8 * i..8 * i + 8]);
                    }
                }
            }
        }
    }
}

//! A small per-thread memo of the token counts of pre-tokens, consulted before the rank table:
//! real text repeats its words (Zipf), and the rank table (2–4 MB) misses the CPU cache on
//! nearly every lookup, while this memo (256 KiB) mostly stays in it. Runs of one repeated
//! byte (indentation, `-----`) recur at the same lengths and are kept whatever their length.
//! Exact: an entry matches only the same bytes (or the same byte repeated as often) under the
//! same encoding.

use super::ranks::hash;
use std::cell::RefCell;

const SLOTS: usize = 8192;
/// Longest piece kept byte for byte; longer ones only when they repeat one byte.
const INLINE: usize = 24;
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

struct Cache {
    slots: Vec<Entry>,
}

thread_local! {
    static CACHE: RefCell<Cache> = const { RefCell::new(Cache { slots: Vec::new() }) };
}

/// The key of a piece (count bits clear) and its hash. `None`: not cacheable.
#[inline]
fn key(piece: &[u8], encoding: u8) -> Option<(u64, Entry)> {
    let mut e = Entry {
        len: u32::try_from(piece.len()).ok()?,
        meta: u32::from(encoding) + 1,
        ..EMPTY
    };
    if piece.len() <= INLINE {
        let mut chunks = piece.chunks(8);
        for w in e.words.iter_mut() {
            if let Some(c) = chunks.next() {
                let mut b = [0u8; 8];
                if let Some(dst) = b.get_mut(..c.len()) {
                    dst.copy_from_slice(c);
                }
                *w = u64::from_le_bytes(b);
            }
        }
        return Some((hash(piece), e));
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

/// The count of `piece` from the cache, else from `compute` (then remembered). `compute` gets
/// the piece's hash when one was computed (the rank table uses the same hash).
#[inline]
pub fn count(piece: &[u8], encoding: u8, compute: impl FnOnce(Option<u64>) -> usize) -> usize {
    let Some((h, mut entry)) = key(piece, encoding) else {
        return compute(None);
    };
    let slot = slot_of(h);
    let hit = CACHE
        .try_with(|c| {
            let c = c.try_borrow().ok()?;
            let e = c.slots.get(slot)?;
            let same = e.words == entry.words
                && e.len == entry.len
                && (e.meta & ((1 << COUNT_SHIFT) - 1)) == entry.meta;
            same.then_some((e.meta >> COUNT_SHIFT) as usize)
        })
        .ok()
        .flatten();
    if let Some(n) = hit {
        return n;
    }
    let n = compute((entry.meta & RUN == 0).then_some(h));
    // Counts that do not fit (never for a piece this short, or a run of 16M tokens) are not kept.
    let Ok(n32) = u32::try_from(n) else {
        return n;
    };
    if n32 >= 1 << (32 - COUNT_SHIFT) {
        return n;
    }
    entry.meta |= n32 << COUNT_SHIFT;
    let _ = CACHE.try_with(|c| {
        if let Ok(mut c) = c.try_borrow_mut() {
            if c.slots.is_empty() {
                c.slots = vec![EMPTY; SLOTS];
            }
            if let Some(e) = c.slots.get_mut(slot) {
                *e = entry;
            }
        }
    });
    n
}

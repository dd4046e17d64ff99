//! A small per-thread memo of the token counts of pre-tokens that are not one token (those
//! need merging, the slow path): real text repeats its words, and runs of one repeated byte
//! (indentation, `-----`) recur at the same lengths. Exact: an entry matches only the same
//! bytes (or the same byte repeated as often) under the same encoding.

use super::ranks::hash;
use std::cell::RefCell;

const SLOTS: usize = 4096;
/// Longest piece kept byte for byte; longer ones only when they repeat one byte.
const INLINE: usize = 24;

#[derive(Clone, Copy)]
struct Entry {
    len: u32,
    count: u32,
    /// 0: empty; else the encoding's id + 1; high bit: a repeated-byte run.
    kind: u8,
    bytes: [u8; INLINE],
}

const EMPTY: Entry = Entry {
    len: 0,
    count: 0,
    kind: 0,
    bytes: [0; INLINE],
};
const RUN: u8 = 0x80;

struct Cache {
    slots: Vec<Entry>,
}

thread_local! {
    static CACHE: RefCell<Cache> = const { RefCell::new(Cache { slots: Vec::new() }) };
}

/// The key of a piece: where it goes and what identifies it. `None`: not cacheable.
fn key(piece: &[u8], encoding: u8) -> Option<(usize, Entry)> {
    let mut e = Entry {
        len: u32::try_from(piece.len()).ok()?,
        kind: encoding + 1,
        ..EMPTY
    };
    let h = if let Some(inline) = e.bytes.get_mut(..piece.len()) {
        inline.copy_from_slice(piece);
        hash(piece)
    } else {
        let first = *piece.first()?;
        if !piece.iter().all(|&b| b == first) {
            return None;
        }
        e.kind |= RUN;
        e.bytes[0] = first;
        hash(&[first]) ^ u64::from(e.len).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    };
    Some(((h >> 52) as usize % SLOTS, e))
}

fn same(a: &Entry, b: &Entry) -> bool {
    a.kind == b.kind && a.len == b.len && a.bytes == b.bytes
}

/// The count of `piece` from the cache, else from `compute` (then remembered).
pub fn count(piece: &[u8], encoding: u8, compute: impl FnOnce() -> usize) -> usize {
    let Some((slot, mut entry)) = key(piece, encoding) else {
        return compute();
    };
    let hit = CACHE
        .try_with(|c| {
            let c = c.try_borrow().ok()?;
            c.slots
                .get(slot)
                .filter(|e| same(e, &entry))
                .map(|e| e.count as usize)
        })
        .ok()
        .flatten();
    if let Some(n) = hit {
        return n;
    }
    let n = compute();
    entry.count = u32::try_from(n).unwrap_or(u32::MAX);
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

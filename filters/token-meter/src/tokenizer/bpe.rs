//! Byte-pair merging of one pre-token, with tiktoken's rule: repeatedly merge the adjacent pair
//! whose concatenation has the lowest rank (the leftmost of equals) until no pair is a token.
//!
//! The merging starts from single bytes, or, given the character table ([`Chars`]), from the
//! parts most 2/3-byte characters merge to on their own (exactly where that provably changes
//! nothing, see `chars.rs`). Short pieces use tiktoken's own array scan (quadratic, fastest up to
//! a few dozen parts); longer ones a heap over a linked list, O(n log n), so a megabyte-long
//! pre-token (a run of spaces or letters) takes milliseconds, not minutes. Both produce the
//! same merges.

use super::chars::Chars;
use super::ranks::Ranks;
use super::runs::{self, Group};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Most initial parts merged with the array scan.
const SMALL: usize = 32;
const NONE: u32 = u32::MAX;

/// Reusable buffers: one per count call, not per piece.
#[derive(Default)]
pub struct Scratch {
    pub(super) starts: Vec<u32>,
    parts: Vec<(u32, u32)>,
    next: Vec<u32>,
    prev: Vec<u32>,
    rank: Vec<u32>,
    heap: BinaryHeap<Reverse<u64>>,
    groups: Vec<Group>,
    /// A cut piece's segments and one segment's starts (see `cuts.rs`).
    pub(super) segs: Vec<u32>,
    pub(super) seg_starts: Vec<u32>,
}

/// Calls `out` with the byte range of every token of `piece`, in order. `chars`: start from
/// pre-merged characters (None: from single bytes, as tiktoken does).
pub fn merge(
    ranks: &Ranks,
    chars: Option<&Chars>,
    piece: &[u8],
    scratch: &mut Scratch,
    out: &mut impl FnMut(usize, usize),
) {
    let n = piece.len();
    if n <= 1 || ranks.get(piece).is_some() {
        if n > 0 {
            out(0, n);
        }
        return;
    }
    merge_parts(ranks, chars, piece, scratch, out);
}

/// [`merge`] of a piece of at least two bytes that is not one token.
pub fn merge_parts(
    ranks: &Ranks,
    chars: Option<&Chars>,
    piece: &[u8],
    scratch: &mut Scratch,
    out: &mut impl FnMut(usize, usize),
) {
    let n = piece.len();
    if n <= 1 {
        if n > 0 {
            out(0, n);
        }
        return;
    }
    let mut starts = std::mem::take(&mut scratch.starts);
    match chars {
        // ASCII has nothing to pre-merge.
        Some(c) if !piece.is_ascii() => c.starts(piece, &mut starts),
        _ => {
            starts.clear();
            starts.extend(0..n as u32);
        }
    }
    merge_starts(ranks, piece, &mut starts, scratch, out);
    scratch.starts = starts;
}

/// [`merge_parts`] from the given initial parts (`starts`: ascending, from 0, each part of
/// `piece` one token; overwritten).
pub fn merge_starts(
    ranks: &Ranks,
    piece: &[u8],
    starts: &mut Vec<u32>,
    scratch: &mut Scratch,
    out: &mut impl FnMut(usize, usize),
) {
    let n = piece.len();
    let mut rank = |a: u32, b: u32| rank_of(ranks, piece, a, b);
    // A long piece of few runs (indentation, a line of spaces): merged a run at a time first.
    if starts.len() > SMALL && runs::group(piece, starts, n as u32, &mut scratch.groups) {
        runs::merge(&mut rank, piece, &mut scratch.groups, starts);
    }
    if starts.len() <= SMALL {
        small(&mut rank, starts, n as u32, scratch, out);
    } else {
        large(&mut rank, starts, n as u32, scratch, out);
    }
}

/// The rank of `piece[start..end]`, or `NONE`; pairs from the pair table.
#[inline]
fn rank_of(ranks: &Ranks, piece: &[u8], start: u32, end: u32) -> u32 {
    if end.saturating_sub(start) > ranks.max_len() {
        return NONE;
    }
    match piece.get(start as usize..end as usize) {
        Some(&[a, b]) => ranks.pair(a, b).unwrap_or(NONE),
        Some(bytes) => ranks.get(bytes).unwrap_or(NONE),
        None => NONE,
    }
}

/// tiktoken's scan: `parts[i] = (start, rank of the pair starting at part i)`.
fn small(
    rank_of: &mut impl FnMut(u32, u32) -> u32,
    starts: &[u32],
    n: u32,
    s: &mut Scratch,
    out: &mut impl FnMut(usize, usize),
) {
    let parts = &mut s.parts;
    parts.clear();
    // The pair of part i ends where part i + 2 starts (the piece's end for the last pair).
    let end = |i: usize| starts.get(i).copied().unwrap_or(n);
    for (i, &a) in starts.iter().enumerate() {
        let r = if i + 1 < starts.len() {
            rank_of(a, end(i + 2))
        } else {
            NONE
        };
        parts.push((a, r));
    }
    parts.push((n, NONE));
    // The rank of part i merged with its next two (after the merge at i).
    let mut pair_after = |parts: &[(u32, u32)], i: usize| -> u32 {
        match (parts.get(i), parts.get(i + 3)) {
            (Some(&(a, _)), Some(&(b, _))) => rank_of(a, b),
            _ => NONE,
        }
    };
    loop {
        let mut min = (NONE, 0usize);
        for (i, &(_, r)) in parts.iter().enumerate().take(parts.len().saturating_sub(1)) {
            if r < min.0 {
                min = (r, i);
            }
        }
        if min.0 == NONE {
            break;
        }
        let i = min.1;
        if i > 0 {
            let r = pair_after(parts, i - 1);
            if let Some(p) = parts.get_mut(i - 1) {
                p.1 = r;
            }
        }
        let r = pair_after(parts, i);
        if let Some(p) = parts.get_mut(i) {
            p.1 = r;
        }
        if i + 1 < parts.len() {
            parts.remove(i + 1);
        }
    }
    for w in parts.windows(2) {
        if let [(a, _), (b, _)] = w {
            out(*a as usize, *b as usize);
        }
    }
}

/// Heap of `(rank << 32 | start)`: the lowest rank first, the leftmost of equals. Entries go
/// stale when a neighbour merges; they are skipped when their rank is no longer the part's.
fn large(
    rank_of: &mut impl FnMut(u32, u32) -> u32,
    starts: &[u32],
    n: u32,
    s: &mut Scratch,
    out: &mut impl FnMut(usize, usize),
) {
    let (next, prev, rank, heap) = (&mut s.next, &mut s.prev, &mut s.rank, &mut s.heap);
    next.clear();
    prev.clear();
    rank.clear();
    heap.clear();
    // Indexed by byte: for a part starting at i, next[i] is the next part's start (n at the
    // end), prev[i] the previous one's (NONE first), rank[i] the rank of it merged with the
    // next. Bytes inside a part are never looked at.
    next.resize(n as usize, NONE);
    prev.resize(n as usize, NONE);
    rank.resize(n as usize, NONE);
    let end = |i: usize| starts.get(i).copied().unwrap_or(n);
    for (i, &a) in starts.iter().enumerate() {
        let b = end(i + 1);
        if let Some(x) = next.get_mut(a as usize) {
            *x = b;
        }
        if let Some(x) = prev.get_mut(b as usize) {
            *x = a;
        }
        if b < n {
            let r = rank_of(a, end(i + 2));
            if let Some(x) = rank.get_mut(a as usize) {
                *x = r;
            }
            if r != NONE {
                heap.push(Reverse(u64::from(r) << 32 | u64::from(a)));
            }
        }
    }
    let at = |v: &Vec<u32>, i: u32| v.get(i as usize).copied().unwrap_or(NONE);
    while let Some(Reverse(e)) = heap.pop() {
        let (r, i) = ((e >> 32) as u32, e as u32);
        if at(rank, i) != r {
            continue;
        }
        // Merge part i with the next one.
        let j = at(next, i);
        let k = at(next, j);
        if let Some(x) = next.get_mut(i as usize) {
            *x = k;
        }
        if k < n {
            if let Some(x) = prev.get_mut(k as usize) {
                *x = i;
            }
        }
        if let Some(x) = rank.get_mut(j as usize) {
            *x = NONE;
        }
        // New pairs: i with the part after k, and the part before i with i.
        let after = if k < n { at(next, k) } else { NONE };
        let ri = if after != NONE {
            rank_of(i, after)
        } else {
            NONE
        };
        if let Some(x) = rank.get_mut(i as usize) {
            *x = ri;
        }
        if ri != NONE {
            heap.push(Reverse(u64::from(ri) << 32 | u64::from(i)));
        }
        let p = at(prev, i);
        if p != NONE {
            let rp = rank_of(p, k);
            if let Some(x) = rank.get_mut(p as usize) {
                *x = rp;
            }
            if rp != NONE {
                heap.push(Reverse(u64::from(rp) << 32 | u64::from(p)));
            }
        }
    }
    let mut i = 0;
    while i < n {
        let j = at(next, i);
        out(i as usize, j as usize);
        i = j;
    }
}

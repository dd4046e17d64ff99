//! Merging inside one character first: where it provably gives tiktoken's result, a 2- or
//! 3-byte character enters the BPE as the parts it merges to on its own (one token for most
//! CJK, kana and Hangul characters) instead of as single bytes, so a CJK piece starts with a
//! third of the parts and skips two merges (four rank lookups) per character.
//!
//! Why it is exact. tiktoken merges the lowest-ranked adjacent pair first (leftmost of equals).
//! Take a character `c` whose own merging (its bytes alone) goes through states S0 → … → Sk with
//! merge ranks m0 … m(k-1). In the whole piece, while `c` is at a state Si (i < k), its next
//! own merge (rank mi) is available, so any merge the piece makes meanwhile has a rank below mi.
//! Hence if every token that joins an edge part of Si with the neighbouring byte has a rank
//! above mi (condition a), nothing joins `c` to a neighbour before `c` is at Sk, and c's own
//! merges happen in its own order. Starting from Sk instead only adds pairs with c's final edge
//! parts earlier than the piece would have them; if every token joining such a part (created by
//! merge t) to the neighbour ranks above max(m0..=mt) (condition b), none of them is picked
//! earlier than in the piece either. Both conditions only depend on c, the side, and the
//! neighbour's byte next to c, so [`derive`] checks them for every code point against every
//! token of the vocabulary, per class of that byte (exact per byte where it mattered: the lead
//! byte of a following 3-byte character), and the filter looks the result up. A character at a
//! piece's edge has no neighbour on that side. tests/tables.rs checks the committed table equals
//! [`derive`] over the rank data, tests/tokenizer_props.rs checks ids against tiktoken-rs on
//! every code point in several neighbourhoods and on random runs.

use super::ranks::Ranks;

/// Entry bits. `KNOWN`: the entry is computed (else: always bytes).
const KNOWN: u32 = 1 << 0;
/// A part boundary stays after the character's first byte / second byte.
const SPLIT1: u32 = 1 << 1;
const SPLIT2: u32 = 1 << 2;
/// Left-safe after a space, after another ASCII byte, after a continuation byte.
const L_SHIFT: u32 = 3;
const L_CLASSES: u32 = 3;
/// Right-safe before ASCII, a 2-byte lead, a 4-byte lead, then each 3-byte lead E0..=EF.
const R_SHIFT: u32 = L_SHIFT + L_CLASSES;
const R_CLASSES: u32 = 3 + 16;

/// First code point in the table (ASCII is always bytes).
const FIRST: u32 = 0x80;
const LAST: u32 = 0xffff;

/// The class of the byte before a character (the left neighbour's last byte).
const fn left_class(b: u8) -> Option<u32> {
    match b {
        b' ' => Some(0),
        0..=0x7f => Some(1),
        0x80..=0xbf => Some(2),
        _ => None,
    }
}

/// The class of the byte after a character (the right neighbour's first byte).
const fn right_class(b: u8) -> Option<u32> {
    match b {
        0..=0x7f => Some(0),
        0xc2..=0xdf => Some(1),
        0xf0..=0xf4 => Some(2),
        0xe0..=0xef => Some(3 + (b - 0xe0) as u32),
        _ => None,
    }
}

/// [`left_class`] and [`right_class`] as the entry bit they test (0: none), by byte: one load
/// instead of a chain of range tests per character. (Evaluated at compile time only, so the
/// indexing cannot panic in the filter; `get_mut` is not const yet.)
#[allow(clippy::indexing_slicing)]
const fn class_bits(right: bool) -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut b = 0;
    while b < 256 {
        let c = if right {
            right_class(b as u8)
        } else {
            left_class(b as u8)
        };
        if let Some(c) = c {
            t[b] = 1 << (if right { R_SHIFT } else { L_SHIFT } + c);
        }
        b += 1;
    }
    t
}
static LEFT_BIT: [u32; 256] = class_bits(false);
static RIGHT_BIT: [u32; 256] = class_bits(true);

/// The per-encoding table (embedded data): a palette of at most 256 distinct entries (a count
/// byte, then u32 LE each), then one palette index per code point from U+0080 to U+FFFF (66 KB;
/// only 121–227 distinct entries occur).
pub struct Chars {
    palette: &'static [u8],
    index: &'static [u8],
}

impl Chars {
    /// Malformed data (never the committed files) gives a table that pre-merges nothing.
    pub fn new(data: &'static [u8]) -> Chars {
        let k = usize::from(data.first().copied().unwrap_or(0)) + 1;
        match (data.get(1..1 + 4 * k), data.get(1 + 4 * k..)) {
            (Some(palette), Some(index)) => Chars { palette, index },
            _ => Chars {
                palette: &[],
                index: &[],
            },
        }
    }

    #[inline]
    fn entry(&self, cp: u32) -> u32 {
        let Some(&k) = cp
            .checked_sub(FIRST)
            .and_then(|i| self.index.get(i as usize))
        else {
            return 0;
        };
        let k = usize::from(k) * 4;
        self.palette
            .get(k..k + 4)
            .and_then(|s| s.try_into().ok())
            .map_or(0, u32::from_le_bytes)
    }

    /// The start of every initial part of `piece` (ascending, from 0): pre-merged characters
    /// where allowed, single bytes elsewhere.
    pub fn starts(&self, piece: &[u8], out: &mut Vec<u32>) {
        out.clear();
        let n = piece.len();
        let mut i = 0usize;
        while i < n {
            let b0 = piece.get(i).copied().unwrap_or(0);
            let len = match b0 {
                0xc2..=0xdf => 2,
                0xe0..=0xef => 3,
                _ => 1,
            }
            .min(n - i);
            let e = if len > 1 {
                self.premerge(piece, i, len)
            } else {
                0
            };
            if e & KNOWN != 0 {
                out.push(i as u32);
                if e & SPLIT1 != 0 {
                    out.push(i as u32 + 1);
                }
                if e & SPLIT2 != 0 {
                    out.push(i as u32 + 2);
                }
            } else {
                // Not pre-merged (or not a 2/3-byte character): its bytes one by one.
                for k in 0..len {
                    out.push((i + k) as u32);
                }
            }
            i += len;
        }
    }

    /// The entry of the `len`-byte character at `i` if it may enter pre-merged here, else 0.
    #[inline]
    fn premerge(&self, piece: &[u8], i: usize, len: usize) -> u32 {
        let Some(bytes) = piece.get(i..i + len) else {
            return 0;
        };
        let cp = match *bytes {
            [a, b] if b & 0xc0 == 0x80 => u32::from(a & 0x1f) << 6 | u32::from(b & 0x3f),
            [a, b, c] if b & 0xc0 == 0x80 && c & 0xc0 == 0x80 => {
                u32::from(a & 0x0f) << 12 | u32::from(b & 0x3f) << 6 | u32::from(c & 0x3f)
            }
            _ => return 0,
        };
        let e = self.entry(cp);
        if e & KNOWN == 0 {
            return 0;
        }
        let left = match i.checked_sub(1).map(|j| piece.get(j).copied()) {
            None => true,
            Some(b) => b.is_some_and(|b| e & LEFT_BIT.get(usize::from(b)).unwrap_or(&0) != 0),
        };
        let right = match piece.get(i + len) {
            None => true,
            Some(&b) => e & RIGHT_BIT.get(usize::from(b)).unwrap_or(&0) != 0,
        };
        if left && right {
            e
        } else {
            0
        }
    }
}

/// One character merged alone: its states' edge parts with the rank thresholds of conditions
/// a and b (see the module comment), and the boundaries that stay.
struct Own {
    /// (left edge part, threshold) and (right edge part, threshold).
    left: Vec<(Vec<u8>, u32)>,
    right: Vec<(Vec<u8>, u32)>,
    /// Part starts of the final state.
    starts: Vec<usize>,
}

fn merge_alone(ranks: &Ranks, bytes: &[u8]) -> Own {
    // Parts as (start, end, the merge step that created it or None).
    let mut parts: Vec<(usize, usize, Option<usize>)> =
        (0..bytes.len()).map(|i| (i, i + 1, None)).collect();
    let mut m: Vec<u32> = Vec::new();
    let part = |p: &(usize, usize, Option<usize>)| bytes.get(p.0..p.1).unwrap_or_default().to_vec();
    let mut own = Own {
        left: Vec::new(),
        right: Vec::new(),
        starts: Vec::new(),
    };
    loop {
        let mut best: Option<(u32, usize)> = None;
        for (i, w) in parts.windows(2).enumerate() {
            if let [a, b] = w {
                if let Some(r) = bytes.get(a.0..b.1).and_then(|t| ranks.get(t)) {
                    if best.is_none_or(|(br, _)| r < br) {
                        best = Some((r, i));
                    }
                }
            }
        }
        let Some((r, i)) = best else { break };
        // Condition a for this state: its edge parts against the merge it is about to make.
        if let (Some(first), Some(last)) = (parts.first(), parts.last()) {
            own.left.push((part(first), r));
            own.right.push((part(last), r));
        }
        let step = m.len();
        m.push(r);
        if let (Some(&a), Some(&b)) = (parts.get(i), parts.get(i + 1)) {
            if let Some(p) = parts.get_mut(i) {
                *p = (a.0, b.1, Some(step));
            }
            parts.remove(i + 1);
        }
    }
    // Condition b: the final edge parts, against the highest own merge up to their creation.
    let upto = |t: usize| m.iter().take(t + 1).copied().max().unwrap_or(0);
    if let Some(p @ &(_, _, Some(t))) = parts.first() {
        own.left.push((part(p), upto(t)));
    }
    if let Some(p @ &(_, _, Some(t))) = parts.last() {
        own.right.push((part(p), upto(t)));
    }
    own.starts = parts.iter().map(|p| p.0).collect();
    own
}

/// The table for `ranks` (its bytes as embedded): every condition checked against every token.
/// Slow (a pass over the vocabulary with hash maps): for tests and regeneration only.
pub fn derive(ranks: &Ranks) -> Vec<u8> {
    use std::collections::HashMap;
    // Lowest rank of a token ending with `p` right after a byte of class c / starting with `p`
    // right before a byte of class c; `p` up to 3 bytes (the edge parts of a 2/3-byte char).
    let mut min_left: HashMap<(Vec<u8>, u32), u32> = HashMap::new();
    let mut min_right: HashMap<(Vec<u8>, u32), u32> = HashMap::new();
    for (rank, t) in ranks.tokens() {
        let n = t.len();
        for s in 1..=3.min(n.saturating_sub(1)) {
            if let (Some(p), Some(c)) = (
                t.get(n - s..),
                t.get(n - s - 1).and_then(|&b| left_class(b)),
            ) {
                let e = min_left.entry((p.to_vec(), c)).or_insert(u32::MAX);
                *e = (*e).min(rank);
            }
            if let (Some(p), Some(c)) = (t.get(..s), t.get(s).and_then(|&b| right_class(b))) {
                let e = min_right.entry((p.to_vec(), c)).or_insert(u32::MAX);
                *e = (*e).min(rank);
            }
        }
    }
    let holds = |map: &HashMap<(Vec<u8>, u32), u32>, conds: &[(Vec<u8>, u32)], c: u32| {
        conds
            .iter()
            .all(|(p, t)| map.get(&(p.clone(), c)).is_none_or(|&r| r > *t))
    };
    let mut entries = Vec::with_capacity((LAST - FIRST + 1) as usize);
    for cp in FIRST..=LAST {
        let mut e = 0u32;
        if let Some(ch) = char::from_u32(cp) {
            let mut buf = [0u8; 4];
            let own = merge_alone(ranks, ch.encode_utf8(&mut buf).as_bytes());
            e = KNOWN;
            for s in own.starts {
                e |= match s {
                    1 => SPLIT1,
                    2 => SPLIT2,
                    _ => 0,
                };
            }
            for c in 0..L_CLASSES {
                if holds(&min_left, &own.left, c) {
                    e |= 1 << (L_SHIFT + c);
                }
            }
            for c in 0..R_CLASSES {
                if holds(&min_right, &own.right, c) {
                    e |= 1 << (R_SHIFT + c);
                }
            }
        }
        entries.push(e);
    }
    let mut palette: Vec<u32> = entries.clone();
    palette.sort_unstable();
    palette.dedup();
    // More than 256 distinct entries would need a wider index: entries past the first 256 then
    // become entry 0 (the surrogates': pre-merge nothing, always exact). These two
    // vocabularies have 121 and 227.
    palette.truncate(256);
    let mut out = vec![palette.len().saturating_sub(1) as u8];
    for p in &palette {
        out.extend_from_slice(&p.to_le_bytes());
    }
    for e in entries {
        let k = palette.binary_search(&e).unwrap_or(0);
        out.push(k as u8);
    }
    out
}

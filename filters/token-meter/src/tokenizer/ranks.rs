//! A BPE rank table: token bytes -> rank, over data embedded in the module.
//!
//! The data (`data/*.ranks`, checked against tiktoken-rs by tests/tables.rs) is a u32 LE token
//! count, then one length byte per token in rank order, then the tokens' bytes back to back. At
//! VM start one open-addressing table of packed u64 slots is built over it (a few ms); lookups
//! hash the bytes once and compare a tag before touching the token bytes.

/// Slot layout: rank (18 bits) | length (8) | offset into the token bytes (21) | hash tag (17).
/// An empty slot is 0 (no token has length 0).
const RANK_BITS: u32 = 18;
const LEN_BITS: u32 = 8;
const OFFSET_BITS: u32 = 21;
const LEN_SHIFT: u32 = RANK_BITS;
const OFFSET_SHIFT: u32 = RANK_BITS + LEN_BITS;
const TAG_SHIFT: u32 = RANK_BITS + LEN_BITS + OFFSET_BITS;

pub struct Ranks {
    /// Token lengths in rank order, and the tokens' bytes back to back.
    lens: &'static [u8],
    bytes: &'static [u8],
    slots: Box<[u64]>,
    /// `64 - log2(slots.len())`: the slot index is the hash's top bits.
    shift: u32,
    mask: usize,
    len: usize,
    /// Longest token: no longer byte string needs a lookup.
    max_len: u32,
    /// Rank of every two-byte token by its bytes (`u32::MAX`: none): the first merges of every
    /// piece ask for pairs, and this 256 KiB table answers without hashing or missing the cache.
    pairs: Box<[u32]>,
}

/// Equal byte strings of the same length, compared a word at a time (short tokens: a call to
/// `memcmp` costs more than the comparison).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    for (p, q) in (&mut x).zip(&mut y) {
        if p != q {
            return false;
        }
    }
    x.remainder() == y.remainder()
}

/// The table's hash (also keys the piece cache).
#[inline]
pub fn hash(b: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (b.len() as u64).wrapping_mul(K);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        h = (h ^ w).wrapping_mul(K).rotate_left(29);
    }
    let mut w = 0u64;
    for (i, &x) in chunks.remainder().iter().enumerate() {
        w |= u64::from(x) << (8 * i);
    }
    h = (h ^ w).wrapping_mul(K);
    h ^ (h >> 31)
}

/// [`hash`] of a piece of `len` (at most 24) bytes given as little-endian words, zero past
/// its end (the piece memo has them loaded already).
#[inline]
pub fn hash_words(len: usize, words: &[u64; 3]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (len as u64).wrapping_mul(K);
    let full = len / 8;
    for &w in words.iter().take(full) {
        h = (h ^ w).wrapping_mul(K).rotate_left(29);
    }
    h = (h ^ words.get(full).copied().unwrap_or(0)).wrapping_mul(K);
    h ^ (h >> 31)
}

impl Ranks {
    /// Builds the table over `data`. Malformed data (never the committed files) gives a table
    /// missing the tokens past the damage, not a panic.
    pub fn new(data: &'static [u8]) -> Ranks {
        let n = data
            .get(..4)
            .and_then(|h| h.try_into().ok())
            .map_or(0, u32::from_le_bytes) as usize;
        let lens = data.get(4..4 + n).unwrap_or_default();
        let bytes = data.get(4 + n..).unwrap_or_default();
        let size = (n * 2).next_power_of_two().max(64);
        let mut t = Ranks {
            lens,
            bytes,
            slots: vec![0u64; size].into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
            mask: size - 1,
            len: 0,
            max_len: 0,
            pairs: vec![u32::MAX; 1 << 16].into_boxed_slice(),
        };
        let mut offset = 0usize;
        for (rank, &l) in lens.iter().enumerate() {
            let l = usize::from(l);
            let Some(token) = bytes.get(offset..offset + l) else {
                break;
            };
            if offset >= 1 << OFFSET_BITS || rank >= 1 << RANK_BITS {
                break;
            }
            let h = hash(token);
            let slot = rank as u64
                | (l as u64) << LEN_SHIFT
                | (offset as u64) << OFFSET_SHIFT
                | (h & ((1 << (64 - TAG_SHIFT)) - 1)) << TAG_SHIFT;
            let mut i = (h >> t.shift) as usize;
            while let Some(s) = t.slots.get_mut(i) {
                if *s == 0 {
                    *s = slot;
                    break;
                }
                i = (i + 1) & t.mask;
            }
            if let [a, b] = *token {
                if let Some(p) = t.pairs.get_mut(usize::from(a) << 8 | usize::from(b)) {
                    *p = rank as u32;
                }
            }
            t.len += 1;
            t.max_len = t.max_len.max(l as u32);
            offset += l;
        }
        t
    }

    /// Every token with its rank, in rank order.
    pub fn tokens(&self) -> impl Iterator<Item = (u32, &'static [u8])> {
        let bytes = self.bytes;
        let mut offset = 0usize;
        self.lens
            .iter()
            .take(self.len)
            .enumerate()
            .map_while(move |(rank, &l)| {
                let t = bytes.get(offset..offset + usize::from(l))?;
                offset += usize::from(l);
                Some((rank as u32, t))
            })
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn max_len(&self) -> u32 {
        self.max_len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The rank of `token`, if it is one.
    #[inline]
    pub fn get(&self, token: &[u8]) -> Option<u32> {
        if let [a, b] = *token {
            return self.pair(a, b);
        }
        if token.len() > self.max_len as usize {
            return None;
        }
        self.get_hashed(token, hash(token))
    }

    /// The rank of the two-byte token `a b`, if it is one.
    #[inline]
    pub fn pair(&self, a: u8, b: u8) -> Option<u32> {
        self.pairs
            .get(usize::from(a) << 8 | usize::from(b))
            .copied()
            .filter(|&r| r != u32::MAX)
    }

    /// [`Ranks::get`] with the token's [`hash`] already computed.
    #[inline]
    pub fn get_hashed(&self, token: &[u8], h: u64) -> Option<u32> {
        let tag = h & ((1 << (64 - TAG_SHIFT)) - 1);
        let mut i = (h >> self.shift) as usize;
        loop {
            let s = *self.slots.get(i)?;
            if s == 0 {
                return None;
            }
            let len = ((s >> LEN_SHIFT) & ((1 << LEN_BITS) - 1)) as usize;
            if s >> TAG_SHIFT == tag && len == token.len() {
                let off = ((s >> OFFSET_SHIFT) & ((1 << OFFSET_BITS) - 1)) as usize;
                if self
                    .bytes
                    .get(off..off + len)
                    .is_some_and(|b| same_bytes(b, token))
                {
                    return Some((s & ((1 << RANK_BITS) - 1)) as u32);
                }
            }
            i = (i + 1) & self.mask;
        }
    }
}

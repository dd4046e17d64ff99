//! tiktoken-exact token counting (o200k_base, cl100k_base) without a regex engine: a
//! hand-written pre-tokenizer for each split pattern ([`pretok`]), BPE merging over a rank table
//! built from data embedded in the module ([`ranks`], [`bpe`]), starting from whole characters
//! where that is provably the same ([`chars`]). Counts and ids equal tiktoken's
//! `encode_ordinary` (special-token strings are ordinary text); tests/tokenizer_props.rs compares
//! them with tiktoken-rs on random text, tests/corpus.rs with Python tiktoken.

pub mod bpe;
mod cache;
pub mod chars;
pub mod cuts;
pub mod pretok;
pub mod ranks;
mod runs;
pub mod stream;
pub mod unicode;

use crate::encoding::Encoding;
use bpe::Scratch;
use chars::Chars;
use cuts::Cuts;
use pretok::{Pattern, Scanner};
use ranks::Ranks;
use std::sync::OnceLock;

pub use stream::StreamCounter;

static O200K_DATA: &[u8] = include_bytes!("../../data/o200k_base.ranks");
static CL100K_DATA: &[u8] = include_bytes!("../../data/cl100k_base.ranks");
/// Generated from the rank data by tests/tables.rs ([`chars::derive`]).
static O200K_CHARS: &[u8] = include_bytes!("data/o200k_base.chars");
static CL100K_CHARS: &[u8] = include_bytes!("data/cl100k_base.chars");
/// Generated from the rank data by tests/tables.rs ([`cuts::derive`]).
static O200K_CUTS: &[u8] = include_bytes!("data/o200k_base.cuts");
static CL100K_CUTS: &[u8] = include_bytes!("data/cl100k_base.cuts");

pub struct Tokenizer {
    pattern: Pattern,
    ranks: Ranks,
    chars: Chars,
    cuts: Cuts,
}

impl Tokenizer {
    /// The tokenizer of an encoding, built once per process (per VM in wasm) on first use;
    /// the filter builds every encoding at load.
    pub fn get(encoding: Encoding) -> &'static Tokenizer {
        static O200K: OnceLock<Tokenizer> = OnceLock::new();
        static CL100K: OnceLock<Tokenizer> = OnceLock::new();
        match encoding {
            Encoding::O200kBase => O200K.get_or_init(|| Tokenizer {
                pattern: Pattern::O200k,
                ranks: Ranks::new(O200K_DATA),
                chars: Chars::new(O200K_CHARS),
                cuts: Cuts::new(O200K_CUTS),
            }),
            Encoding::Cl100kBase => CL100K.get_or_init(|| Tokenizer {
                pattern: Pattern::Cl100k,
                ranks: Ranks::new(CL100K_DATA),
                chars: Chars::new(CL100K_CHARS),
                cuts: Cuts::new(CL100K_CUTS),
            }),
        }
    }

    /// Number of ordinary tokens in the vocabulary.
    pub fn vocab_len(&self) -> usize {
        self.ranks.len()
    }

    pub fn rank(&self, token: &[u8]) -> Option<u32> {
        self.ranks.get(token)
    }

    /// The rank table (tests derive the character table from it).
    pub fn ranks(&self) -> &Ranks {
        &self.ranks
    }

    /// The table of character pairs that may meet in a token (tests check it).
    #[doc(hidden)]
    pub fn cuts(&self) -> &Cuts {
        &self.cuts
    }

    /// Calls `f` with every pre-token of `text` in order, and whether its match looked at the
    /// end of `text`; stops early when `f` returns false.
    pub fn pieces<'t>(&self, text: &'t str, mut f: impl FnMut(&'t str, bool) -> bool) {
        self.piece_ends(text, |start, end, touched_end| {
            text.get(start..end).is_some_and(|p| f(p, touched_end))
        });
    }

    /// [`Tokenizer::pieces`] as byte offsets (`start..end` is on char boundaries).
    #[inline(always)]
    fn piece_ends(&self, text: &str, mut f: impl FnMut(usize, usize, bool) -> bool) {
        let mut scanner = Scanner::new(text);
        let mut start = 0;
        while start < text.len() {
            let end = scanner.next_end(start, self.pattern);
            if !f(start, end, scanner.touched_end) {
                return;
            }
            start = end;
        }
    }

    /// Tokens of one pre-token.
    pub fn count_piece(&self, piece: &str, scratch: &mut Scratch) -> usize {
        let bytes = piece.as_bytes();
        cache::with(|memo| self.count_any(bytes, bytes, memo, Some(&self.chars), scratch))
    }

    /// [`Tokenizer::count_piece_from`], for a piece longer than the memo keeps cut first where
    /// no merge can cross, if anywhere (`cuts.rs`).
    #[inline(always)]
    fn count_any(
        &self,
        bytes: &[u8],
        rest: &[u8],
        memo: Option<&mut cache::Memo>,
        chars: Option<&Chars>,
        scratch: &mut Scratch,
    ) -> usize {
        if bytes.len() > cache::INLINE {
            self.count_long(bytes, rest, memo, chars, scratch)
        } else {
            self.count_piece_from(bytes, rest, memo, chars, scratch)
        }
    }

    /// Not inlined: in the per-piece loop this path cost the ASCII texts, which never cut,
    /// 4–6 % more instructions.
    #[inline(never)]
    fn count_long(
        &self,
        bytes: &[u8],
        rest: &[u8],
        mut memo: Option<&mut cache::Memo>,
        chars: Option<&Chars>,
        scratch: &mut Scratch,
    ) -> usize {
        match self.count_cut(bytes, rest, memo.as_deref_mut(), chars, scratch) {
            Some(n) => n,
            None => self.count_piece_from(bytes, rest, memo, chars, scratch),
        }
    }

    /// Tokens of `piece`; `rest` is the text from its start (the memo reads its words there).
    #[inline(always)]
    fn count_piece_from(
        &self,
        bytes: &[u8],
        rest: &[u8],
        memo: Option<&mut cache::Memo>,
        chars: Option<&Chars>,
        scratch: &mut Scratch,
    ) -> usize {
        match *bytes {
            [] => return 0,
            [_] => return 1,
            // Every single byte is a token: two bytes are one token or two.
            [a, b] => {
                return if self.ranks.pair(a, b).is_some() {
                    1
                } else {
                    2
                }
            }
            _ => {}
        }
        let mut compute = |h: Option<u64>| {
            let rank = match h {
                Some(h) if bytes.len() <= self.ranks.max_len() as usize => {
                    self.ranks.get_hashed(bytes, h)
                }
                _ => self.ranks.get(bytes),
            };
            if rank.is_some() {
                return 1;
            }
            let mut n = 0;
            bpe::merge_parts(&self.ranks, chars, bytes, scratch, &mut |_, _| n += 1);
            n
        };
        match memo {
            Some(m) => m.count(bytes, rest, self.pattern as u8, compute),
            None => compute(None),
        }
    }

    /// [`Tokenizer::count_piece_from`] of a non-ASCII piece of more than two bytes, cut into
    /// segments where no merge can cross (`cuts.rs`), each counted as a piece (through the
    /// memo); merged whole when there is none. None for ASCII or without the character table.
    #[inline(always)]
    fn count_cut(
        &self,
        bytes: &[u8],
        rest: &[u8],
        mut memo: Option<&mut cache::Memo>,
        chars: Option<&Chars>,
        scratch: &mut Scratch,
    ) -> Option<usize> {
        let chars = chars?;
        if bytes.is_ascii() {
            return None;
        }
        let mut starts = std::mem::take(&mut scratch.starts);
        let mut segs = std::mem::take(&mut scratch.segs);
        chars.starts(bytes, &mut starts);
        let mut n = 0;
        if !self.cuts.segments(bytes, &starts, &mut segs) {
            if self.ranks.get(bytes).is_some() {
                n = 1;
            } else {
                bpe::merge_starts(&self.ranks, bytes, &mut starts, scratch, &mut |_, _| n += 1);
            }
        } else {
            let len = bytes.len() as u32;
            for (w, &i) in segs.iter().enumerate() {
                let j = segs.get(w + 1).copied().unwrap_or(starts.len() as u32);
                if j - i == 1 {
                    // One part: one token.
                    n += 1;
                    continue;
                }
                let a = starts.get(i as usize).copied().unwrap_or(len);
                let b = starts.get(j as usize).copied().unwrap_or(len);
                let (Some(seg), Some(seg_rest)) =
                    (bytes.get(a as usize..b as usize), rest.get(a as usize..))
                else {
                    continue;
                };
                let mut compute = |h: Option<u64>| {
                    let rank = match h {
                        Some(h) if seg.len() <= self.ranks.max_len() as usize => {
                            self.ranks.get_hashed(seg, h)
                        }
                        _ => self.ranks.get(seg),
                    };
                    if rank.is_some() {
                        return 1;
                    }
                    let mut s = std::mem::take(&mut scratch.seg_starts);
                    s.clear();
                    s.extend(
                        starts
                            .get(i as usize..j as usize)
                            .unwrap_or_default()
                            .iter()
                            .map(|&x| x - a),
                    );
                    let mut k = 0;
                    bpe::merge_starts(&self.ranks, seg, &mut s, scratch, &mut |_, _| k += 1);
                    scratch.seg_starts = s;
                    k
                };
                n += match memo.as_deref_mut() {
                    Some(m) if seg.len() <= cache::INLINE => {
                        m.count(seg, seg_rest, self.pattern as u8, compute)
                    }
                    _ => compute(None),
                };
            }
        }
        scratch.starts = starts;
        scratch.segs = segs;
        Some(n)
    }

    /// Number of tokens of `text` as ordinary text (tiktoken's `encode_ordinary(text).len()`).
    pub fn count(&self, text: &str) -> usize {
        self.count_with(text, Some(&self.chars))
    }

    /// [`Tokenizer::count`] merging every piece from single bytes, as before the character
    /// table (benches compare the two in one run).
    #[doc(hidden)]
    pub fn count_from_bytes(&self, text: &str) -> usize {
        self.count_with(text, None)
    }

    fn count_with(&self, text: &str, chars: Option<&Chars>) -> usize {
        let mut scratch = Scratch::default();
        let b = text.as_bytes();
        cache::with(|mut memo| {
            let mut n = 0;
            self.piece_ends(text, |start, end, _| {
                if let (Some(piece), Some(rest)) = (b.get(start..end), b.get(start..)) {
                    n += self.count_any(piece, rest, memo.as_deref_mut(), chars, &mut scratch);
                }
                true
            });
            n
        })
    }

    /// Token ids of `text` as ordinary text (tiktoken's `encode_ordinary`).
    pub fn encode(&self, text: &str) -> Vec<u32> {
        self.encode_from(text, Some(&self.chars))
    }

    /// [`Tokenizer::encode`] merging from single bytes (tests compare the two).
    #[doc(hidden)]
    pub fn encode_from_bytes(&self, text: &str) -> Vec<u32> {
        self.encode_from(text, None)
    }

    fn encode_from(&self, text: &str, chars: Option<&Chars>) -> Vec<u32> {
        let mut scratch = Scratch::default();
        let mut ids = Vec::new();
        self.pieces(text, |piece, _| {
            let bytes = piece.as_bytes();
            bpe::merge(&self.ranks, chars, bytes, &mut scratch, &mut |a, b| {
                // Every merged part is a token (single bytes are); u32::MAX would mean bad data.
                let id = bytes.get(a..b).and_then(|t| self.ranks.get(t));
                ids.push(id.unwrap_or(u32::MAX));
            });
            true
        });
        ids
    }

    /// The pre-tokens of `text` (tests and tools).
    pub fn split<'t>(&self, text: &'t str) -> Vec<&'t str> {
        let mut out = Vec::new();
        self.pieces(text, |p, _| {
            out.push(p);
            true
        });
        out
    }
}

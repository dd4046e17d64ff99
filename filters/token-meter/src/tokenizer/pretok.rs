//! The two split patterns, hand-written: each function returns the end of the pre-token that
//! tiktoken's regex (leftmost-first alternation, greedy/possessive as written) matches at `start`.
//! No backtracking engine: every alternative is a few forward scans, so a piece costs time
//! linear in its length.
//!
//! cl100k_base: `'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+|
//!   ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`
//! o200k_base: `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+C?|
//!   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*C?|\p{N}{1,3}|
//!   ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+` with `C = (?i:'s|'t|'re|'ve|'m|'ll|'d)`.
//!
//! The scanner records whether a match looked at the end of the text: such a piece may change
//! when more text follows (streams keep it as the unfinished tail).

use super::unicode::{ascii_class, class_range, Class};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    Cl100k,
    O200k,
}

pub struct Scanner<'a> {
    s: &'a [u8],
    /// Set when a scan asked for the character at the end of the text.
    pub touched_end: bool,
    /// The last class range looked up (`start..end` have class `range_class`): text in one
    /// script (a CJK or Hangul block) mostly stays in it, and the search costs more than the
    /// rest of the scan.
    range: (u32, u32),
    range_class: Class,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Self {
        Scanner {
            s: text.as_bytes(),
            touched_end: false,
            range: (0, 0),
            range_class: Class::Other,
        }
    }

    /// The class of a non-ASCII code point.
    #[inline(always)]
    fn class_of(&mut self, cp: u32) -> Class {
        if cp.wrapping_sub(self.range.0) < self.range.1.wrapping_sub(self.range.0) {
            return self.range_class;
        }
        let (c, start, end) = class_range(cp);
        self.range = (start, end);
        self.range_class = c;
        c
    }

    /// The code point at `pos` (a char boundary), its class and byte length.
    #[inline(always)]
    fn at(&mut self, pos: usize) -> Option<(u32, Class, usize)> {
        let Some(&b0) = self.s.get(pos) else {
            self.touched_end = true;
            return None;
        };
        if b0 < 0x80 {
            return Some((u32::from(b0), ascii_class(b0), 1));
        }
        let cont = |i: usize| u32::from(self.s.get(pos + i).copied().unwrap_or(0x80) & 0x3f);
        let (cp, len) = if b0 < 0xe0 {
            ((u32::from(b0 & 0x1f) << 6) | cont(1), 2)
        } else if b0 < 0xf0 {
            ((u32::from(b0 & 0x0f) << 12) | (cont(1) << 6) | cont(2), 3)
        } else {
            (
                (u32::from(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
                4,
            )
        };
        Some((cp, self.class_of(cp), len))
    }

    /// End of the run of characters whose class satisfies `f`, from `pos`.
    #[inline(always)]
    fn run(&mut self, mut pos: usize, f: impl Fn(Class) -> bool) -> usize {
        // ASCII first, byte by byte.
        while let Some(&b) = self.s.get(pos) {
            if b >= 0x80 || !f(ascii_class(b)) {
                break;
            }
            pos += 1;
        }
        while let Some((_, c, l)) = self.at(pos) {
            if !f(c) {
                break;
            }
            pos += l;
        }
        pos
    }

    /// The end of the pre-token starting at `start` (< text length).
    pub fn next_end(&mut self, start: usize, pattern: Pattern) -> usize {
        self.touched_end = false;
        if let Some(end) = self.ascii_word(start, pattern) {
            return end;
        }
        if let Some(end) = self.ascii_other(start, pattern) {
            return end;
        }
        let Some(first) = self.at(start) else {
            return start;
        };
        let end = match pattern {
            Pattern::Cl100k => self.cl100k(start, first),
            Pattern::O200k => self.o200k(start, first),
        };
        // Never an empty piece (each pattern matches every character; this is belt and braces).
        end.max(start + first.2)
    }

    /// The letter alternatives on a plain ASCII word (most pieces of prose and code): an
    /// optional ASCII prefix character, then letters (o200k: `[A-Z]*[a-z]*`), stopped by an
    /// ASCII byte that is not a letter (o200k: or by a capital after small letters). What the
    /// general scan would match there, without its per-character class lookups. None: any
    /// other case, including a word that reaches the end of the text or a non-ASCII character.
    #[inline(always)]
    fn ascii_word(&mut self, p0: usize, pattern: Pattern) -> Option<usize> {
        let s = self.s;
        let b0 = *s.get(p0)?;
        // An apostrophe first: cl100k's contractions come before the letters.
        let q = if b0.is_ascii_alphabetic() {
            p0
        } else if b0 < 0x80
            && b0 != b'\''
            && ascii_class(b0).prefix()
            && s.get(p0 + 1).is_some_and(u8::is_ascii_alphabetic)
        {
            p0 + 1
        } else {
            return None;
        };
        let mut e = q;
        match pattern {
            // `\p{L}++`
            Pattern::Cl100k => {
                while s.get(e).is_some_and(u8::is_ascii_alphabetic) {
                    e += 1;
                }
            }
            // Capitals are upper only, small letters lower only: `[A-Z]*` then `[a-z]+` is the
            // first alternative's match (with no small letter, `[A-Z]+` is the second's).
            Pattern::O200k => {
                while s.get(e).is_some_and(u8::is_ascii_uppercase) {
                    e += 1;
                }
                while s.get(e).is_some_and(u8::is_ascii_lowercase) {
                    e += 1;
                }
            }
        }
        let stop = *s.get(e)?;
        if stop >= 0x80 {
            return None;
        }
        Some(match pattern {
            Pattern::O200k if stop == b'\'' => self.contraction_suffix(e),
            _ => e,
        })
    }

    /// Plain ASCII digits and punctuation: `\p{N}{1,3}`, and ` ?[^\s\p{L}\p{N}]+` stopped by
    /// an ASCII letter, digit or space (not a newline, which the pattern may take too). What
    /// the general scan would match there; None for any other case.
    #[inline(always)]
    fn ascii_other(&mut self, p0: usize, pattern: Pattern) -> Option<usize> {
        let s = self.s;
        let b0 = *s.get(p0)?;
        if b0.is_ascii_digit() {
            // Three digits end the piece whatever follows; fewer, an ASCII non-digit.
            let mut e = p0 + 1;
            while e < p0 + 3 && s.get(e).is_some_and(u8::is_ascii_digit) {
                e += 1;
            }
            if e == p0 + 3 {
                return Some(e);
            }
            return (*s.get(e)? < 0x80).then_some(e);
        }
        let punct = |b: u8| b < 0x80 && ascii_class(b) == Class::Other;
        // Here an ASCII letter never follows the first character (`ascii_word` took those),
        // so the letter alternatives fail and the numbers' too: the punctuation one is next.
        // cl100k tries its contractions before all of these.
        let from = if punct(b0) && !(b0 == b'\'' && pattern == Pattern::Cl100k) {
            p0
        } else if b0 == b' ' && s.get(p0 + 1).is_some_and(|&b| punct(b)) {
            p0 + 1
        } else {
            return None;
        };
        // After a first character that is a prefix, a letter (an apostrophe's `'s` in o200k)
        // or a non-ASCII character (maybe a letter or mark) needs the letter alternatives.
        let next = *s.get(from + 1)?;
        if from == p0 && (next >= 0x80 || next.is_ascii_alphabetic()) {
            return None;
        }
        let mut e = from + 1;
        while s.get(e).is_some_and(|&b| punct(b)) {
            e += 1;
        }
        let stop = *s.get(e)?;
        (stop < 0x80 && stop != b'\r' && stop != b'\n').then_some(e)
    }

    fn cl100k(&mut self, p0: usize, (c0, k0, l0): (u32, Class, usize)) -> usize {
        let p1 = p0 + l0;
        // '(?i:[sdmt]|ll|ve|re)
        if c0 == u32::from(b'\'') {
            if let Some(e) = self.contraction(p1, true) {
                return e;
            }
        }
        // [^\r\n\p{L}\p{N}]?+\p{L}++
        if k0.prefix() {
            if let Some((_, k1, l1)) = self.at(p1) {
                if k1.letter() {
                    return self.run(p1 + l1, Class::letter);
                }
            }
        } else if k0.letter() {
            return self.run(p1, Class::letter);
        }
        // \p{N}{1,3}+
        if k0 == Class::Number {
            return self.numbers(p1);
        }
        // ' ?[^\s\p{L}\p{N}]++[\r\n]*+'
        if let Some(e) = self.punct(p0, c0, k0, p1, false) {
            return e;
        }
        // \s++$ | \s*[\r\n] | \s+(?!\S) | \s
        let run = self.space_run(p0);
        if run.end == self.s.len() {
            // Only the end of the text stops a run that reaches it.
            self.touched_end = true;
            return run.end;
        }
        if let Some(e) = run.last_newline_end {
            return e;
        }
        if run.last_start > p0 {
            return run.last_start;
        }
        p1
    }

    fn o200k(&mut self, p0: usize, (c0, k0, l0): (u32, Class, usize)) -> usize {
        let p1 = p0 + l0;
        // The two letter alternatives, each first with the optional prefix character. Both
        // need a letter or mark at p0, or after a prefix character at p1: skip them otherwise
        // (punctuation, digits, spaces before spaces).
        let cased = |k: Class| k.upperish() || k.lowerish();
        let word = cased(k0) || (k0.prefix() && self.at(p1).is_some_and(|(_, k, _)| cased(k)));
        if !word {
            return self.o200k_rest(p0, c0, k0, p1);
        }
        if k0.prefix() {
            if let Some(e) = self.o200k_lower_word(p1) {
                return e;
            }
        }
        if let Some(e) = self.o200k_lower_word(p0) {
            return e;
        }
        if k0.prefix() {
            if let Some(e) = self.o200k_upper_word(p1) {
                return e;
            }
        }
        if let Some(e) = self.o200k_upper_word(p0) {
            return e;
        }
        self.o200k_rest(p0, c0, k0, p1)
    }

    /// o200k's alternatives after the two letter ones.
    fn o200k_rest(&mut self, p0: usize, c0: u32, k0: Class, p1: usize) -> usize {
        // \p{N}{1,3}
        if k0 == Class::Number {
            return self.numbers(p1);
        }
        // ' ?[^\s\p{L}\p{N}]+[\r\n/]*'
        if let Some(e) = self.punct(p0, c0, k0, p1, true) {
            return e;
        }
        // \s*[\r\n]+ | \s+(?!\S) | \s+
        let run = self.space_run(p0);
        if let Some(e) = run.last_newline_end {
            return e;
        }
        if run.end == self.s.len() {
            return run.end;
        }
        if run.last_start > p0 {
            return run.last_start;
        }
        p1
    }

    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+C?` at `q`. The first part is
    /// greedy: it gives back characters until the second can start, and then the second is one
    /// character unless what stopped the first is a lowercase letter.
    fn o200k_lower_word(&mut self, q: usize) -> Option<usize> {
        let mut pos = q;
        // ASCII capitals first without the class table (they are upper only, never "both").
        while self.s.get(pos).is_some_and(u8::is_ascii_uppercase) {
            pos += 1;
        }
        let mut last_both_end = None;
        let stop = loop {
            match self.at(pos) {
                Some((_, c, l)) if c.upperish() => {
                    pos += l;
                    if c.lowerish() {
                        last_both_end = Some(pos);
                    }
                }
                other => break other,
            }
        };
        let end = match stop {
            Some((_, Class::Lower, _)) => self.run(pos, Class::lowerish),
            _ => last_both_end?,
        };
        Some(self.contraction_suffix(end))
    }

    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*C?` at `q`.
    fn o200k_upper_word(&mut self, q: usize) -> Option<usize> {
        let a = self.run(q, Class::upperish);
        if a == q {
            return None;
        }
        let end = self.run(a, Class::lowerish);
        Some(self.contraction_suffix(end))
    }

    /// o200k's optional `(?i:'s|'t|'re|'ve|'m|'ll|'d)` at `pos`.
    fn contraction_suffix(&mut self, pos: usize) -> usize {
        match self.at(pos) {
            Some((c, _, l)) if c == u32::from(b'\'') => {
                self.contraction(pos + l, false).unwrap_or(pos)
            }
            _ => pos,
        }
    }

    /// After an apostrophe at `pos`: `s t m d` (and cl100k's set `s d m t`, the same letters),
    /// `re ve ll`, case-insensitively (Unicode simple folding: `s` also matches U+017F ſ).
    fn contraction(&mut self, pos: usize, _cl100k: bool) -> Option<usize> {
        let (c1, _, l1) = self.at(pos)?;
        let lower = |c: u32| {
            if (0x41..=0x5a).contains(&c) {
                c + 0x20
            } else {
                c
            }
        };
        let c1l = lower(c1);
        if c1 == 0x17f
            || [b's', b't', b'm', b'd']
                .iter()
                .any(|&x| c1l == u32::from(x))
        {
            return Some(pos + l1);
        }
        let want = match u8::try_from(c1l).ok()? {
            b'r' | b'v' => b'e',
            b'l' => b'l',
            _ => return None,
        };
        let (c2, _, l2) = self.at(pos + l1)?;
        (lower(c2) == u32::from(want)).then_some(pos + l1 + l2)
    }

    /// Up to two more numbers after the first.
    fn numbers(&mut self, mut pos: usize) -> usize {
        for _ in 0..2 {
            match self.at(pos) {
                Some((_, Class::Number, l)) => pos += l,
                _ => break,
            }
        }
        pos
    }

    /// ` ?[^\s\p{L}\p{N}]+[\r\n]*` at `p0` (o200k: `[\r\n/]*`, slashes after a newline).
    fn punct(&mut self, p0: usize, c0: u32, k0: Class, p1: usize, slash: bool) -> Option<usize> {
        let from = if k0.punct() {
            p0
        } else if c0 == u32::from(b' ') {
            match self.at(p1) {
                Some((_, k1, _)) if k1.punct() => p1,
                _ => return None,
            }
        } else {
            return None;
        };
        let mut end = self.run(from, Class::punct);
        while let Some((c, k, l)) = self.at(end) {
            if k != Class::Newline && !(slash && c == u32::from(b'/')) {
                break;
            }
            end += l;
        }
        Some(end)
    }

    fn space_run(&mut self, p0: usize) -> SpaceRun {
        let mut run = SpaceRun {
            end: p0,
            last_start: p0,
            last_newline_end: None,
        };
        loop {
            // ASCII white space byte by byte (indentation, newlines), without decoding.
            while let Some(&b) = self.s.get(run.end) {
                if b >= 0x80 {
                    break;
                }
                let c = ascii_class(b);
                if !c.space() {
                    return run;
                }
                run.last_start = run.end;
                run.end += 1;
                if c == Class::Newline {
                    run.last_newline_end = Some(run.end);
                }
            }
            // A non-ASCII character, or the end of the text (`at` notes that it looked there).
            match self.at(run.end) {
                Some((_, c, l)) if c.space() => {
                    run.last_start = run.end;
                    run.end += l;
                }
                _ => return run,
            }
        }
    }
}

/// A maximal run of white space.
struct SpaceRun {
    end: usize,
    /// Start of its last character.
    last_start: usize,
    /// End of its last `\r` or `\n`.
    last_newline_end: Option<usize>,
}

//! Character classes of the two split patterns (`\p{L}`, `\p{N}`, `\s`, the o200k case
//! classes), from a table generated from the regex crate's Unicode data — the same data the
//! reference tokenizers' regexes use (tests/tables.rs checks every code point and regenerates it).

/// One class per code point; the patterns only ever ask about these unions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Class {
    /// Not a letter, number, mark or white space (punctuation, symbols, controls, ...).
    Other = 0,
    /// `\p{M}`: in o200k's case classes, not in `\p{L}`.
    Mark = 1,
    /// `\p{Lu}`, `\p{Lt}`.
    Upper = 2,
    /// `\p{Ll}`.
    Lower = 3,
    /// `\p{Lm}`, `\p{Lo}`: in both of o200k's case classes.
    LetterOther = 4,
    /// `\p{N}`.
    Number = 5,
    /// `\s` other than `\r` and `\n`.
    Space = 6,
    /// `\r`, `\n`.
    Newline = 7,
}

impl Class {
    pub fn from_u8(v: u8) -> Class {
        match v {
            1 => Class::Mark,
            2 => Class::Upper,
            3 => Class::Lower,
            4 => Class::LetterOther,
            5 => Class::Number,
            6 => Class::Space,
            7 => Class::Newline,
            _ => Class::Other,
        }
    }

    /// `\p{L}`.
    #[inline]
    pub fn letter(self) -> bool {
        matches!(self, Class::Upper | Class::Lower | Class::LetterOther)
    }
    /// `\s`.
    #[inline]
    pub fn space(self) -> bool {
        matches!(self, Class::Space | Class::Newline)
    }
    /// `[^\s\p{L}\p{N}]`.
    #[inline]
    pub fn punct(self) -> bool {
        matches!(self, Class::Other | Class::Mark)
    }
    /// `[^\r\n\p{L}\p{N}]`.
    #[inline]
    pub fn prefix(self) -> bool {
        matches!(self, Class::Other | Class::Mark | Class::Space)
    }
    /// o200k's `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`.
    #[inline]
    pub fn upperish(self) -> bool {
        matches!(self, Class::Upper | Class::LetterOther | Class::Mark)
    }
    /// o200k's `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`.
    #[inline]
    pub fn lowerish(self) -> bool {
        matches!(self, Class::Lower | Class::LetterOther | Class::Mark)
    }
}

/// ASCII classes, hand-written (tests compare them with the regex crate too).
#[inline(always)]
pub fn ascii_class(b: u8) -> Class {
    match ASCII.get(usize::from(b)) {
        Some(&c) => c,
        None => Class::Other,
    }
}

// Evaluated at compile time: an index out of range fails the build, it cannot panic at run time.
#[allow(clippy::indexing_slicing)]
static ASCII: [Class; 128] = {
    let mut t = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = ascii_class_slow(b as u8);
        b += 1;
    }
    t
};

const fn ascii_class_slow(b: u8) -> Class {
    match b {
        b'a'..=b'z' => Class::Lower,
        b'A'..=b'Z' => Class::Upper,
        b'0'..=b'9' => Class::Number,
        b'\r' | b'\n' => Class::Newline,
        b' ' | b'\t' | 0x0b | 0x0c => Class::Space,
        _ => Class::Other,
    }
}

/// The class of a code point.
#[inline]
pub fn class(cp: u32) -> Class {
    if cp < 0x80 {
        return ascii_class(cp as u8);
    }
    // The last range starting at or before `cp`.
    let i = RANGE_STARTS.partition_point(|&s| s <= cp);
    let v = i
        .checked_sub(1)
        .and_then(|i| RANGE_CLASSES.get(i))
        .copied()
        .unwrap_or(0);
    Class::from_u8(v)
}

/// The class of a code point with the range of code points around it that have the
/// same class (`start..end`), so a scanner can answer the next characters of a script without
/// searching again.
#[inline]
pub fn class_range(cp: u32) -> (Class, u32, u32) {
    if cp < 0x80 {
        return (ascii_class(cp as u8), cp, cp + 1);
    }
    let i = RANGE_STARTS.partition_point(|&s| s <= cp);
    let Some(k) = i.checked_sub(1) else {
        return (Class::Other, cp, cp + 1);
    };
    let v = RANGE_CLASSES.get(k).copied().unwrap_or(0);
    let start = RANGE_STARTS.get(k).copied().unwrap_or(cp);
    let end = RANGE_STARTS.get(i).copied().unwrap_or(0x11_0000);
    (Class::from_u8(v), start, end)
}

include!("unicode_table.rs");

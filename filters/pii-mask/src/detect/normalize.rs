//! What the detectors see: the text with the look-alikes that hide a value undone, and the way
//! back to the original bytes.
//!
//! - zero-width characters (U+200B–U+200D, U+2060, U+FEFF, soft hyphen U+00AD) are dropped:
//!   `ann\u{200b}@example.com` is an address to a reader;
//! - spaces other than U+0020 (NBSP, thin, narrow, figure, ideographic, ...) become a space:
//!   `4111\u{a0}1111 ...` is a grouped card;
//! - hyphens that are not U+002D (hyphen, non-breaking hyphen, figure dash, en dash, minus
//!   sign) become `-`: typesetters put them between the groups of a phone number;
//! - the NFKC forms the detectors care about: full-width ASCII (`４１１１`, `＠`, `－`) and
//!   mathematical digits (`𝟒`) become ASCII. A small table, not a Unicode normalisation crate:
//!   nothing else NFKC changes is a digit, a separator or a key character.
//!
//! Text with none of these (all ASCII text, most other text) is not copied.

/// The normalised text and, for each of its bytes, where the character it came from starts in
/// the original.
pub struct Normalized {
    pub text: String,
    origin: Vec<u32>,
}

/// What one original character becomes.
enum Map {
    Keep,
    Drop,
    To(char),
}

fn map(c: char) -> Map {
    match c {
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => Map::Drop,
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => Map::To(' '),
        '\u{2010}'..='\u{2013}' | '\u{2212}' => Map::To('-'),
        // Full-width forms of `!`..`~`.
        '\u{ff01}'..='\u{ff5e}' => {
            char::from_u32(u32::from(c) - 0xff01 + 0x21).map_or(Map::Keep, Map::To)
        }
        // Mathematical bold, double-struck, sans-serif, ... digits: five runs of 0-9.
        '\u{1d7ce}'..='\u{1d7ff}' => {
            char::from_digit((u32::from(c) - 0x1d7ce) % 10, 10).map_or(Map::Keep, Map::To)
        }
        _ => Map::Keep,
    }
}

/// Whether the UTF-8 sequence at `bytes[i..]` is a character [`map`] changes: a byte test,
/// so the common text (no look-alikes) costs one pass over its bytes and no decoding.
fn changes_at(bytes: &[u8], i: usize) -> bool {
    let b = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match b(0) {
        0xc2 => matches!(b(1), 0xa0 | 0xad),
        // U+2000–U+200D, U+2010–U+2013, U+202F, U+205F, U+2060, U+2212
        0xe2 => matches!(
            (b(1), b(2)),
            (0x80, 0x80..=0x8d | 0x90..=0x93 | 0xaf) | (0x81, 0x9f | 0xa0) | (0x88, 0x92)
        ),
        0xe3 => b(1) == 0x80 && b(2) == 0x80,
        // U+FEFF, U+FF01–U+FF5E
        0xef => matches!(
            (b(1), b(2)),
            (0xbb, 0xbf) | (0xbc, 0x81..=0xbf) | (0xbd, 0x80..=0x9e)
        ),
        // U+1D7CE–U+1D7FF
        0xf0 => b(1) == 0x9d && b(2) == 0x9f && (0x8e..=0xbf).contains(&b(3)),
        _ => false,
    }
}

/// `None` when the detectors can read `text` as it is.
pub fn normalize(text: &str) -> Option<Normalized> {
    let bytes = text.as_bytes();
    // Lead bytes first (a tight loop the compiler vectorises), then the exact test.
    let mut at = 0;
    let first = loop {
        let lead = bytes
            .get(at..)?
            .iter()
            .position(|b| matches!(b, 0xc2 | 0xe2 | 0xe3 | 0xef | 0xf0))?;
        if changes_at(bytes, at + lead) {
            break at + lead;
        }
        at += lead + 1;
    };
    let head = text.get(..first)?;
    let tail = text.get(first..)?;
    // Offsets fit u32: bodies are capped far below 4 GiB (maxBodyBytes).
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    out.push_str(head);
    origin.extend(0..u32::try_from(first).ok()?);
    for (i, c) in tail.char_indices() {
        let at = u32::try_from(first + i).ok()?;
        let to = match map(c) {
            Map::Drop => continue,
            Map::Keep => c,
            Map::To(t) => t,
        };
        out.push(to);
        origin.extend(std::iter::repeat_n(at, to.len_utf8()));
    }
    Some(Normalized { text: out, origin })
}

impl Normalized {
    /// The original byte range of the normalised range `start..end` (`original` is the text
    /// this was made from): from the first character's start to the last character's end, so
    /// zero-width characters inside a value go with it and those around it stay.
    pub fn original_range(&self, original: &str, start: usize, end: usize) -> (usize, usize) {
        let from = self
            .origin
            .get(start)
            .map_or(original.len(), |&o| o as usize);
        let last = end
            .checked_sub(1)
            .and_then(|i| self.origin.get(i))
            .map_or(from, |&o| o as usize);
        let last_len = original
            .get(last..)
            .and_then(|s| s.chars().next())
            .map_or(0, char::len_utf8);
        (from, (last + last_len).max(from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn back(text: &str, needle: &str) -> String {
        let n = normalize(text).expect("changes");
        let s = n.text.find(needle).expect("in normalised text");
        let (a, b) = n.original_range(text, s, s + needle.len());
        text[a..b].to_string()
    }

    #[test]
    fn plain_text_is_not_copied() {
        assert!(normalize("ann@example.com 4111 1111").is_none());
        assert!(normalize("Grüße — 会议 café").is_none());
    }

    #[test]
    fn look_alikes_are_undone_and_mapped_back() {
        let t = "card ４１１１\u{a0}1111\u{2009}1111 1111 ok";
        assert_eq!(normalize(t).unwrap().text, "card 4111 1111 1111 1111 ok");
        assert_eq!(
            back(t, "4111 1111 1111 1111"),
            "４１１１\u{a0}1111\u{2009}1111 1111"
        );
        let t = "mail \u{200b}ann\u{200d}@example.com\u{feff}!";
        assert_eq!(normalize(t).unwrap().text, "mail ann@example.com!");
        // Zero-width characters inside go with the value, those around it stay.
        assert_eq!(back(t, "ann@example.com"), "ann\u{200d}@example.com");
        assert_eq!(normalize("𝟒𝟏 ＡＫＩＡ").unwrap().text, "41 AKIA");
        assert_eq!(
            normalize("030\u{2011}1234\u{2013}56 \u{2212}1 — ok")
                .unwrap()
                .text,
            "030-1234-56 -1 — ok"
        );
    }
}

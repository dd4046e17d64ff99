//! What the detectors see: the text with the look-alikes that hide a value undone, and the way
//! back to the original bytes.
//!
//! - characters a reader does not see ([`invisible`]: zero-width characters, soft hyphen,
//!   direction marks and embeddings, invisible operators, variation selectors, tags, fillers)
//!   are dropped: `ann\u{200b}@example.com` and `4111\u{200e}1111...` are values to a reader;
//! - spaces other than U+0020 (NBSP, thin, narrow, figure, ideographic, ...) become a space:
//!   `4111\u{a0}1111 ...` is a grouped card;
//! - hyphens that are not U+002D (hyphen, non-breaking hyphen, figure dash, en dash, minus
//!   sign, modifier and heavy minus, hyphen bullet, small hyphen-minus) become `-`:
//!   typesetters put them between the groups of a phone number (the em dash is prose and
//!   stays); small and half-width look-alikes of `.` and `@` (NFKC folds them) become those;
//! - the NFKC forms the detectors care about: full-width ASCII (`４１１１`, `＠`, `－`) and
//!   mathematical digits (`𝟒`) become ASCII. A small table, not a Unicode normalisation crate:
//!   nothing else NFKC changes is a digit, a separator or a key character;
//! - the decimal digits of other scripts (Unicode category Nd, which NFKC keeps) become ASCII
//!   digits: Arabic-Indic `٠١٢`, Extended Arabic-Indic (Persian, Urdu) `۰۱۲`, Devanagari `०१२`,
//!   Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Sinhala, Thai, Lao,
//!   Tibetan, Myanmar, Khmer, Mongolian, N'Ko and the other blocks of ten in the Basic
//!   Multilingual Plane ([`DIGIT_ZEROS`]): `+٩٧١ ٥٠ ١٢٣ ٤٥٦٧` is a phone number to its reader.
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
        c if invisible(c) => Map::Drop,
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => Map::To(' '),
        '\u{2010}'..='\u{2013}' | '\u{2212}' | '\u{2d7}' | '\u{2043}' | '\u{2796}' | '\u{fe63}' => {
            Map::To('-')
        }
        // One dot leader, small and half-width ideographic full stops (NFKC or IDNA dots; the
        // ideographic full stop U+3002 itself ends every CJK sentence and is left alone).
        '\u{2024}' | '\u{fe52}' | '\u{ff61}' => Map::To('.'),
        '\u{fe6b}' => Map::To('@'),
        // Full-width forms of `!`..`~`.
        '\u{ff01}'..='\u{ff5e}' => {
            char::from_u32(u32::from(c) - 0xff01 + 0x21).map_or(Map::Keep, Map::To)
        }
        // Mathematical bold, double-struck, sans-serif, ... digits: five runs of 0-9.
        '\u{1d7ce}'..='\u{1d7ff}' => {
            char::from_digit((u32::from(c) - 0x1d7ce) % 10, 10).map_or(Map::Keep, Map::To)
        }
        _ => decimal_digit(c).map_or(Map::Keep, Map::To),
    }
}

/// Characters a reader does not see (zero-width and joiner characters, soft hyphen, direction
/// marks and embeddings, invisible operators, variation selectors, tags, fillers, Mongolian
/// and Khmer invisible signs, musical formatting): dropped, so a value with one inside is still
/// the value. The default-ignorable code points of Unicode that fit inside a word.
pub fn invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}'
        | '\u{feff}' | '\u{ffa0}' | '\u{1d173}'..='\u{1d17a}' | '\u{e0000}'..='\u{e0fff}')
}

/// The zero of every run of ten decimal digits (Unicode 15, category Nd) in the Basic
/// Multilingual Plane but ASCII and full-width (mapped above), ascending. Runs in the other
/// planes (Osmanya, Adlam, ...) are left as they are: rare in prompts, and each would cost the
/// byte test below a case.
const DIGIT_ZEROS: [u32; 35] = [
    0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66,
    0x0de6, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0,
];

/// The ASCII digit of a decimal digit of another script.
fn decimal_digit(c: char) -> Option<char> {
    let c = u32::from(c);
    let zero = DIGIT_ZEROS.iter().rev().find(|z| **z <= c)?;
    (c - zero < 10)
        .then(|| char::from_digit(c - zero, 10))
        .flatten()
}

/// The code point of the two- or three-byte UTF-8 sequence at `bytes[i..]` (`bytes` is valid
/// UTF-8 and `lead` its first byte).
fn code_point(bytes: &[u8], i: usize, lead: u8) -> Option<char> {
    let cont = |k: usize| bytes.get(i + k).map(|b| u32::from(b & 0x3f));
    let cp = if lead < 0xe0 {
        (u32::from(lead & 0x1f) << 6) | cont(1)?
    } else {
        (u32::from(lead & 0x0f) << 12) | (cont(1)? << 6) | cont(2)?
    };
    char::from_u32(cp)
}

/// Whether the UTF-8 sequence at `bytes[i..]` is a character [`map`] changes: a byte test,
/// so the common text (no look-alikes) costs one pass over its bytes and no decoding.
fn changes_at(bytes: &[u8], i: usize) -> bool {
    let b = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match b(0) {
        0xc2 => matches!(b(1), 0xa0 | 0xad),
        // U+02D7, U+034F, U+061C
        0xcb => b(1) == 0x97,
        0xcd => b(1) == 0x8f,
        0xd8 => b(1) == 0x9c,
        // U+2000–U+200F, U+2010–U+2013, U+2024, U+202A–U+202F, U+2043, U+205F–U+2064,
        // U+2066–U+206F, U+2212, U+2796
        0xe2 => matches!(
            (b(1), b(2)),
            (0x80, 0x80..=0x93 | 0xa4 | 0xaa..=0xaf)
                | (0x81, 0x83 | 0x9f..=0xa4 | 0xa6..=0xaf)
                | (0x88, 0x92)
                | (0x9e, 0x96)
        ),
        // U+3000, U+3164
        0xe3 => matches!((b(1), b(2)), (0x80, 0x80) | (0x85, 0xa4)),
        // U+FE00–U+FE0F, U+FE52, U+FE63, U+FE6B, U+FEFF, U+FF01–U+FF5E, U+FF61, U+FFA0
        0xef => matches!(
            (b(1), b(2)),
            (0xb8, 0x80..=0x8f)
                | (0xb9, 0x92 | 0xa3 | 0xab)
                | (0xbb, 0xbf)
                | (0xbc, 0x81..=0xbf)
                | (0xbd, 0x80..=0x9e | 0xa1)
                | (0xbe, 0xa0)
        ),
        // U+1D173–U+1D17A, U+1D7CE–U+1D7FF
        0xf0 => {
            b(1) == 0x9d
                && ((b(2) == 0x9f && (0x8e..=0xbf).contains(&b(3)))
                    || (b(2) == 0x85 && (0xb3..=0xba).contains(&b(3))))
        }
        // U+E0000–U+E0FFF (tags, variation selectors supplement)
        0xf3 => b(1) == 0xa0,
        // The lead bytes of the digit runs in DIGIT_ZEROS (U+0660–U+07FF, U+0800–U+1FFF,
        // U+A000–U+AFFF) and of the invisible characters among them (U+115F, U+1160, U+17B4,
        // U+17B5, U+180B–U+180F).
        lead @ (0xd9 | 0xdb | 0xdf | 0xe0 | 0xe1 | 0xea) => {
            code_point(bytes, i, lead).is_some_and(|c| decimal_digit(c).is_some() || invisible(c))
        }
        _ => false,
    }
}

/// `None` when the detectors can read `text` as it is.
pub fn normalize(text: &str) -> Option<Normalized> {
    let bytes = text.as_bytes();
    // Lead bytes first (a tight loop the compiler vectorises), then the exact test.
    let mut at = 0;
    let first = loop {
        let lead = bytes.get(at..)?.iter().position(|b| {
            matches!(
                b,
                0xc2 | 0xcb
                    | 0xcd
                    | 0xd8
                    | 0xd9
                    | 0xdb
                    | 0xdf
                    | 0xe0
                    | 0xe1
                    | 0xe2
                    | 0xe3
                    | 0xea
                    | 0xef
                    | 0xf0
                    | 0xf3
            )
        })?;
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
        let mut last = end
            .checked_sub(1)
            .and_then(|i| self.origin.get(i))
            .map_or(from, |&o| o as usize);
        // Bytes before the first change map to themselves, one by one: the last byte of a
        // value ending in a multi-byte character there is inside that character.
        while last > 0 && !original.is_char_boundary(last) {
            last -= 1;
        }
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

    /// The byte test and the mapping agree on every code point: a character `map` changes is
    /// never skipped by the fast path, and one it keeps never forces a copy.
    #[test]
    fn the_byte_test_agrees_with_the_map_on_every_character() {
        for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let changes = !matches!(map(c), Map::Keep);
            assert_eq!(changes_at(bytes, 0), changes, "U+{:04X}", u32::from(c));
            let text = format!("a{c}b");
            assert_eq!(
                normalize(&text).is_some(),
                changes,
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    /// Invisible characters and look-alikes a reviewer hid values with (U+200E inside an
    /// address, U+FE63 in an SSN, U+FE6B as `@`...).
    #[test]
    fn invisible_characters_and_look_alikes_inside_values() {
        for hide in [
            '\u{200e}',
            '\u{200f}',
            '\u{2061}',
            '\u{2064}',
            '\u{34f}',
            '\u{fe0f}',
            '\u{e0020}',
            '\u{180e}',
            '\u{61c}',
            '\u{202a}',
            '\u{2066}',
            '\u{17b4}',
            '\u{1d173}',
            '\u{3164}',
            '\u{115f}',
            '\u{ffa0}',
        ] {
            let t = format!("mail ann{hide}@exam{hide}ple.com or 4111{hide}1111 ok");
            let n = normalize(&t).expect("changes");
            assert_eq!(
                n.text,
                "mail ann@example.com or 41111111 ok",
                "U+{:04X}",
                u32::from(hide)
            );
            assert_eq!(
                back(&t, "ann@example.com"),
                format!("ann{hide}@exam{hide}ple.com")
            );
        }
        let t = "ann\u{fe6b}example\u{2024}com, 536\u{fe63}22\u{2796}1234, a\u{ff61}b\u{fe52}c";
        assert_eq!(
            normalize(t).unwrap().text,
            "ann@example.com, 536-22-1234, a.b.c"
        );
        // Prose punctuation stays: the em dash and the ideographic full stop.
        assert!(normalize("Grüße — 会议。").is_none());
    }

    /// Found by `pii_mask`: a value ending in a multi-byte character before the first
    /// character normalisation changes (`ann@example.crЊ ... \u{a0}`) was mapped back to an end
    /// inside that character.
    #[test]
    fn a_value_ending_in_a_multi_byte_character_before_the_first_change_maps_whole() {
        let t = "mail ann@example.crЊ then\u{a0}more";
        assert_eq!(back(t, "ann@example.crЊ"), "ann@example.crЊ");
        assert_eq!(back(t, "mail ann@example.crЊ"), "mail ann@example.crЊ");
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

    #[test]
    fn digits_of_other_scripts_become_ascii_and_map_back() {
        // Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali, Thai, Myanmar, N'Ko.
        for (digits, zero) in [
            ("٠١٢٣٤٥٦٧٨٩", '\u{660}'),
            ("۰۱۲۳۴۵۶۷۸۹", '\u{6f0}'),
            ("०१२३४५६७८९", '\u{966}'),
            ("০১২৩৪৫৬৭৮৯", '\u{9e6}'),
            ("๐๑๒๓๔๕๖๗๘๙", '\u{e50}'),
            ("၀၁၂၃၄၅၆၇၈၉", '\u{1040}'),
            ("߀߁߂߃߄߅߆߇߈߉", '\u{7c0}'),
        ] {
            assert!(digits.starts_with(zero));
            let t = format!("رقم {digits} ok");
            assert_eq!(normalize(&t).unwrap().text, "رقم 0123456789 ok", "{digits}");
            assert_eq!(back(&t, "0123456789"), digits);
            assert_eq!(
                back(&t, "345"),
                digits.chars().skip(3).take(3).collect::<String>()
            );
        }
        // Script letters, signs and other numerals (Roman, superscript, fractions) stay.
        assert!(normalize("नमस्ते ٪ ক ข ⅻ ² ½ Ⅷ").is_none());
        // Mixed with look-alikes of the other kinds.
        let t = "tel\u{a0}+٩٧١\u{2009}٥٠ 123\u{200b}४५६७.";
        assert_eq!(normalize(t).unwrap().text, "tel +971 50 1234567.");
        assert_eq!(back(t, "+971 50 1234567"), "+٩٧١\u{2009}٥٠ 123\u{200b}४५६७");
    }
}

/// Random text with values written in the digits of other scripts (each digit its own script,
/// as an evasion would mix them): each value is found at exactly its original bytes, and
/// nothing else is.
#[cfg(test)]
mod props {
    use super::super::{DetectorSpec, Kind, Scanner};
    use proptest::prelude::*;

    /// Zeros of scripts people write numbers in (and ASCII).
    const ZEROS: &[u32] = &[
        0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xa66, 0xae6, 0xbe6, 0xc66, 0xd66, 0xe50, 0x1040, 0x17e0,
        0xff10,
    ];

    /// Valid values with no context needed, and their kinds (hand-checked: Visa test card,
    /// Luhn; an E.164 UAE mobile; a private IPv4 address; an SSN outside the reserved ranges).
    const VALUES: &[(&str, Kind)] = &[
        ("4111 1111 1111 1111", Kind::CreditCard),
        ("5500-0000-0000-0004", Kind::CreditCard),
        ("+971 50 123 4567", Kind::Phone),
        ("+44 20 7946 0958", Kind::Phone),
        ("192.168.1.20", Kind::Ipv4),
        ("536-22-1234", Kind::Ssn),
    ];

    /// Words without digits, in several scripts, some with zero-width and odd spaces.
    const WORDS: &[&str] = &[
        "note",
        "رقم",
        "اتصل",
        "फ़ोन",
        "नंबर",
        "ফোন",
        "โทร",
        "電話",
        "Grüße",
        "a\u{200b}b",
        "x\u{a0}y",
        "—",
        ",",
        "ok.",
    ];

    fn written(value: &str, scripts: &[usize]) -> String {
        value
            .chars()
            .enumerate()
            .map(|(i, c)| match c.to_digit(10) {
                Some(d) => {
                    let zero = ZEROS[scripts[i % scripts.len()] % ZEROS.len()];
                    char::from_u32(zero + d).unwrap_or(c)
                }
                None => c,
            })
            .collect()
    }

    proptest! {
        #[test]
        fn other_script_values_map_back_to_their_bytes(
            pieces in prop::collection::vec(
                (prop::collection::vec(0..WORDS.len(), 0..4),
                 prop::option::of((0..VALUES.len(), prop::collection::vec(0..ZEROS.len(), 1..6)))),
                1..6),
        ) {
            let specs: Vec<DetectorSpec> = [Kind::CreditCard, Kind::Phone, Kind::Ipv4, Kind::Ssn]
                .into_iter().map(DetectorSpec::Builtin).collect();
            let scanner = Scanner::new(&specs).unwrap();
            let mut text = String::new();
            let mut masked = String::new();
            let mut want = Vec::new();
            for (words, value) in &pieces {
                for w in words {
                    text.push_str(WORDS[*w]);
                    text.push(' ');
                    masked.push_str(WORDS[*w]);
                    masked.push(' ');
                }
                if let Some((v, scripts)) = value {
                    let (ascii, kind) = VALUES[*v];
                    let w = written(ascii, scripts);
                    want.push((text.len(), text.len() + w.len(), kind));
                    text.push_str(&w);
                    text.push_str(" . ");
                    masked.push_str("[V] . ");
                }
            }
            let found: Vec<(usize, usize, Kind)> = scanner
                .scan(&text)
                .into_iter()
                .map(|f| (f.start, f.end, scanner.kind(f.detector).unwrap()))
                .collect();
            prop_assert_eq!(&found, &want, "{:?}", text);
            // Every byte outside a value is forwarded as it was.
            let mut out = String::new();
            let mut at = 0;
            for (s, e, _) in &found {
                out.push_str(&text[at..*s]);
                out.push_str("[V]");
                at = *e;
            }
            out.push_str(&text[at..]);
            prop_assert_eq!(out, masked);
        }
    }
}

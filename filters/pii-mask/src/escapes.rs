//! A decoded view of text that holds JSON string escapes (`\u002d`, `\u00fc`, `\"`).
//!
//! Tool-call arguments are a JSON string holding JSON text: once the body is parsed, the text
//! still carries the escapes of the inner level (`"sk\u002dproj\u002d..."`). Detectors must see
//! what those escapes mean, and a replacement must cover every raw byte of the value, escapes
//! included. [`View`] is the decoded text plus the way back to raw offsets.

use std::borrow::Cow;

/// One escape sequence: `decoded_len` bytes of decoded text at `at`, from `raw_len` raw bytes
/// at `raw`.
#[derive(Debug, Clone, Copy)]
struct Escape {
    at: usize,
    decoded_len: usize,
    raw: usize,
    raw_len: usize,
}

#[derive(Debug, Clone)]
pub struct View<'a> {
    /// The decoded text.
    pub text: Cow<'a, str>,
    /// How many raw bytes the decoded text stands for: all of them, except an escape cut off at
    /// the end of a text that is still growing (a stream).
    pub raw_len: usize,
    escapes: Vec<Escape>,
}

impl<'a> View<'a> {
    /// The text as it is (no escapes decoded).
    pub fn identity(raw: &'a str) -> View<'a> {
        View {
            text: Cow::Borrowed(raw),
            raw_len: raw.len(),
            escapes: Vec::new(),
        }
    }

    /// Decodes JSON escapes in `raw`. An invalid escape stays as written. With `complete`
    /// false, an escape cut off at the end is left out of the view (more text will follow).
    pub fn decode(raw: &'a str, complete: bool) -> View<'a> {
        if !raw.contains('\\') {
            return View::identity(raw);
        }
        let bytes = raw.as_bytes();
        let mut text = String::with_capacity(raw.len());
        let mut escapes = Vec::new();
        let mut copied = 0; // raw bytes copied or decoded so far
        let mut i = 0;
        while let Some(off) = bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|b| *b == b'\\'))
        {
            let at = i + off;
            let tail = raw.get(at..).unwrap_or("");
            match escape(tail) {
                Parsed::Char(c, len) => {
                    text.push_str(raw.get(copied..at).unwrap_or(""));
                    let start = text.len();
                    text.push(c);
                    escapes.push(Escape {
                        at: start,
                        decoded_len: c.len_utf8(),
                        raw: at,
                        raw_len: len,
                    });
                    copied = at + len;
                    i = copied;
                }
                Parsed::Incomplete if !complete => {
                    text.push_str(raw.get(copied..at).unwrap_or(""));
                    return View {
                        text: Cow::Owned(text),
                        raw_len: at,
                        escapes,
                    };
                }
                Parsed::Incomplete | Parsed::Invalid => i = at + 1,
            }
        }
        text.push_str(raw.get(copied..).unwrap_or(""));
        View {
            text: Cow::Owned(text),
            raw_len: raw.len(),
            escapes,
        }
    }

    /// The raw offset of decoded offset `d` (a character boundary of the view).
    pub fn raw(&self, d: usize) -> usize {
        let before = self.escapes.partition_point(|e| e.at < d);
        match before.checked_sub(1).and_then(|k| self.escapes.get(k)) {
            None => d,
            Some(e) => (e.raw + e.raw_len + d).saturating_sub(e.at + e.decoded_len),
        }
    }

    /// The decoded offset of raw offset `r`; a raw offset inside an escape maps past it.
    pub fn decoded(&self, r: usize) -> usize {
        let before = self.escapes.partition_point(|e| e.raw + e.raw_len <= r);
        if let Some(e) = self.escapes.get(before).filter(|e| e.raw < r) {
            return e.at + e.decoded_len;
        }
        match before.checked_sub(1).and_then(|k| self.escapes.get(k)) {
            None => r.min(self.text.len()),
            Some(e) => (e.at + e.decoded_len + r)
                .saturating_sub(e.raw + e.raw_len)
                .min(self.text.len()),
        }
    }
}

enum Parsed {
    Char(char, usize),
    Incomplete,
    Invalid,
}

/// The escape at the start of `s` (which starts with `\`).
fn escape(s: &str) -> Parsed {
    let b = s.as_bytes();
    let Some(&kind) = b.get(1) else {
        return Parsed::Incomplete;
    };
    let simple = match kind {
        b'"' => Some('"'),
        b'\\' => Some('\\'),
        b'/' => Some('/'),
        b'b' => Some('\u{8}'),
        b'f' => Some('\u{c}'),
        b'n' => Some('\n'),
        b'r' => Some('\r'),
        b't' => Some('\t'),
        b'u' => None,
        _ => return Parsed::Invalid,
    };
    if let Some(c) = simple {
        return Parsed::Char(c, 2);
    }
    let unit = |from: usize| -> Result<u32, Parsed> {
        let hex = s.get(from..from + 4).ok_or_else(|| {
            let have = s.get(from..).unwrap_or("");
            if have.bytes().all(|b| b.is_ascii_hexdigit()) {
                Parsed::Incomplete
            } else {
                Parsed::Invalid
            }
        })?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Parsed::Invalid);
        }
        u32::from_str_radix(hex, 16).map_err(|_| Parsed::Invalid)
    };
    let high = match unit(2) {
        Ok(u) => u,
        Err(p) => return p,
    };
    if !(0xD800..0xDC00).contains(&high) {
        // A lone low surrogate means nothing: read it as U+FFFD, as serde_json would refuse it.
        return Parsed::Char(char::from_u32(high).unwrap_or('\u{fffd}'), 6);
    }
    // A high surrogate wants `\uDC00`-`\uDFFF` right after it.
    let next = s.get(6..8);
    match next {
        None if s.len() < 8 && "\\u".starts_with(s.get(6..).unwrap_or("")) => {
            return Parsed::Incomplete
        }
        Some("\\u") => {}
        _ => return Parsed::Char('\u{fffd}', 6),
    }
    match unit(8) {
        Ok(low) if (0xDC00..0xE000).contains(&low) => {
            let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
            Parsed::Char(char::from_u32(c).unwrap_or('\u{fffd}'), 12)
        }
        Err(Parsed::Incomplete) => Parsed::Incomplete,
        _ => Parsed::Char('\u{fffd}', 6),
    }
}

/// `value` as the inside of a JSON string (quotes and backslashes escaped).
pub fn json_escape(value: &str) -> String {
    let quoted = serde_json::to_string(value).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or("")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_maps_back() {
        let raw = r#"{"k":"sk\u002dproj","n":"j\u00fcrgen \ud83d\ude00 \"q\" \x"}"#;
        let v = View::decode(raw, true);
        assert_eq!(v.text, "{\"k\":\"sk-proj\",\"n\":\"jürgen 😀 \"q\" \\x\"}");
        let s = v.text.find("sk-proj").unwrap();
        let e = s + "sk-proj".len();
        assert_eq!(&raw[v.raw(s)..v.raw(e)], r"sk\u002dproj");
        let s = v.text.find("jürgen").unwrap();
        assert_eq!(&raw[v.raw(s)..v.raw(s + "jürgen".len())], r"j\u00fcrgen");
        assert_eq!(v.decoded(v.raw(e)), e);
        assert_eq!(v.raw_len, raw.len());
    }

    #[test]
    fn a_cut_off_escape_waits_unless_complete() {
        for cut in [
            r"ab\",
            r"ab\u",
            r"ab\u00",
            r"ab\ud83d",
            r"ab\ud83d\",
            r"ab\ud83d\ude0",
        ] {
            let v = View::decode(cut, false);
            assert_eq!((v.text.as_ref(), v.raw_len), ("ab", 2), "{cut}");
            assert_eq!(View::decode(cut, true).raw_len, cut.len());
        }
        assert_eq!(View::decode(r"ab\uZZ", false).text, r"ab\uZZ");
    }

    #[test]
    fn escapes_for_json() {
        assert_eq!(json_escape("say \"hi\"\\"), r#"say \"hi\"\\"#);
    }
}

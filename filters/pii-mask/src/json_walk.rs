//! A JSON text read as bytes, token by token, with each token's byte span: what a rewrite of a
//! body needs that serde_json's `Value` forgets (where a string was written, how a number was
//! spelled). Used to change string values in place ([`crate::splice`]) and to read JSON
//! subtrees as JSON text ([`crate::parts`]). The input is JSON serde_json already accepted, or
//! is refused (`None`); nothing here panics on any bytes.

use serde_json::Value;

/// A step of a path into a JSON text: an object member (its decoded key) or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Key,
    Str,
    Number,
    Literal,
    Object,
    Array,
}

/// One token of a JSON text: its byte span, the start of the container it is in
/// (`usize::MAX` at the top), the path to it (a key's path is its object's) and what a shadow
/// document holds at that path ([`walk_json_beside`]).
pub struct Node<'p, 'v> {
    pub token: Token,
    pub start: usize,
    pub end: usize,
    pub parent: usize,
    pub path: &'p [Seg],
    pub shadow: Option<&'v Value>,
}

/// Calls `f` on every token of the JSON text `b` in order (a container after what it holds).
/// `None`: `b` is not JSON this walker reads.
pub fn walk_json(b: &[u8], f: &mut dyn FnMut(&Node)) -> Option<()> {
    walk_json_beside(b, None, f)
}

/// [`walk_json`], with each node's [`Node::shadow`]: the value at the same path in `shadow`
/// (a document of the same structure), found as the walk descends (no lookup from the root
/// per node: a deep hostile body costs the same as a flat one).
pub fn walk_json_beside<'v>(
    b: &[u8],
    shadow: Option<&'v Value>,
    f: &mut dyn FnMut(&Node<'_, 'v>),
) -> Option<()> {
    let mut w = Walker {
        b,
        i: 0,
        path: Vec::new(),
        shadows: vec![shadow],
    };
    w.value(usize::MAX, 0, f)?;
    w.ws();
    (w.i == b.len()).then_some(())
}

/// The text of a JSON string token (quotes included in `raw`), escapes decoded.
pub fn decode_string(raw: &[u8]) -> Option<String> {
    match raw.get(1..raw.len().saturating_sub(1)) {
        // Most strings have no escape: no parse needed.
        Some(inner) if !inner.contains(&b'\\') => {
            std::str::from_utf8(inner).ok().map(str::to_string)
        }
        _ => serde_json::from_slice(raw).ok(),
    }
}

/// `b` with each `(start, end, replacement)` span replaced; the spans are in order and do not
/// overlap. `None`: a span is out of order or outside `b`.
pub fn apply_edits(b: &[u8], edits: &[(usize, usize, String)]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    let mut at = 0;
    for (start, end, text) in edits {
        out.extend_from_slice(b.get(at..*start)?);
        out.extend_from_slice(text.as_bytes());
        at = *end;
    }
    out.extend_from_slice(b.get(at..)?);
    Some(out)
}

struct Walker<'a, 'v> {
    b: &'a [u8],
    i: usize,
    path: Vec<Seg>,
    /// The shadow document's value at each prefix of `path` (one more entry than `path`).
    shadows: Vec<Option<&'v Value>>,
}

/// Deeper than serde_json's own limit: a body it parsed is never refused here.
const MAX_DEPTH: usize = 256;

impl<'v> Walker<'_, 'v> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn string(&mut self) -> Option<(usize, usize)> {
        let start = self.i;
        (self.peek()? == b'"').then_some(())?;
        self.i += 1;
        loop {
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    return Some((start, self.i));
                }
                b'\\' => self.i += 2,
                _ => self.i += 1,
            }
        }
    }

    fn node(
        &self,
        f: &mut dyn FnMut(&Node<'_, 'v>),
        token: Token,
        span: (usize, usize),
        parent: usize,
    ) {
        f(&Node {
            token,
            start: span.0,
            end: span.1,
            parent,
            path: &self.path,
            shadow: self.shadows.last().copied().flatten(),
        });
    }

    fn push(&mut self, seg: Seg) {
        let here = self.shadows.last().copied().flatten();
        self.shadows.push(here.and_then(|v| match &seg {
            Seg::Key(key) => v.get(key.as_str()),
            Seg::Index(k) => v.get(*k),
        }));
        self.path.push(seg);
    }

    fn pop(&mut self) {
        self.path.pop();
        self.shadows.pop();
    }

    fn value(
        &mut self,
        parent: usize,
        depth: usize,
        f: &mut dyn FnMut(&Node<'_, 'v>),
    ) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        let start = self.i;
        match self.peek()? {
            b'"' => {
                let span = self.string()?;
                self.node(f, Token::Str, span, parent);
            }
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.i += 1;
                self.ws();
                let mut k = 0;
                if self.peek()? == close {
                    self.i += 1;
                } else {
                    loop {
                        if open == b'{' {
                            self.ws();
                            let (ks, ke) = self.string()?;
                            self.node(f, Token::Key, (ks, ke), start);
                            let key = decode_string(self.b.get(ks..ke)?)?;
                            self.ws();
                            (self.peek()? == b':').then_some(())?;
                            self.i += 1;
                            self.push(Seg::Key(key));
                        } else {
                            self.push(Seg::Index(k));
                        }
                        self.value(start, depth + 1, f)?;
                        self.pop();
                        k += 1;
                        self.ws();
                        match self.peek()? {
                            b',' => self.i += 1,
                            c if c == close => {
                                self.i += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
                let token = if open == b'{' {
                    Token::Object
                } else {
                    Token::Array
                };
                self.node(f, token, (start, self.i), parent);
            }
            first => {
                // A number or a literal: up to the next delimiter.
                while self.peek().is_some_and(|c| {
                    !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    self.i += 1;
                }
                if self.i == start {
                    return None;
                }
                let token = if first == b'-' || first.is_ascii_digit() {
                    Token::Number
                } else {
                    Token::Literal
                };
                self.node(f, token, (start, self.i), parent);
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Option<Vec<(Token, String, usize)>> {
        let mut out = Vec::new();
        walk_json(text.as_bytes(), &mut |n| {
            out.push((n.token, text[n.start..n.end].to_string(), n.path.len()))
        })?;
        Some(out)
    }

    #[test]
    fn every_token_with_its_span_and_depth() {
        let got = tokens(r#" {"a\u0062": [1.50, "x\"y", null], "c": {}} "#).unwrap();
        let want = [
            (Token::Key, r#""a\u0062""#, 0),
            (Token::Number, "1.50", 2),
            (Token::Str, r#""x\"y""#, 2),
            (Token::Literal, "null", 2),
            (Token::Array, r#"[1.50, "x\"y", null]"#, 1),
            (Token::Key, r#""c""#, 0),
            (Token::Object, "{}", 1),
            (
                Token::Object,
                r#"{"a\u0062": [1.50, "x\"y", null], "c": {}}"#,
                0,
            ),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(t, s, d)| (*t, (*s).to_string(), *d))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn paths_carry_decoded_keys() {
        let text = r#"{"a\u0062":[{"k":"v"}]}"#;
        let mut paths = Vec::new();
        walk_json(text.as_bytes(), &mut |n| {
            if n.token == Token::Str {
                paths.push(n.path.to_vec());
            }
        })
        .unwrap();
        let want = vec![Seg::Key("ab".into()), Seg::Index(0), Seg::Key("k".into())];
        assert_eq!(paths, vec![want]);
    }

    #[test]
    fn not_json_or_too_deep_is_refused() {
        for bad in ["", "{", r#"{"a" 1}"#, "[1,]x", r#""open"#, "[1 2]", "{} {}"] {
            assert!(tokens(bad).is_none(), "{bad:?}");
        }
        let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
        assert!(tokens(&deep).is_none());
        let ok = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(tokens(&ok).is_some());
    }

    #[test]
    fn strings_decode_with_and_without_escapes() {
        assert_eq!(decode_string(br#""caf\u00e9""#).as_deref(), Some("café"));
        assert_eq!(
            decode_string("\"café\"".as_bytes()).as_deref(),
            Some("café")
        );
        assert_eq!(decode_string(br#""""#).as_deref(), Some(""));
        assert_eq!(decode_string(br#"""#), None);
        assert_eq!(decode_string(b""), None);
    }

    #[test]
    fn edits_replace_their_spans_only() {
        let edits = [(1, 2, "XY".to_string()), (3, 3, "-".to_string())];
        assert_eq!(apply_edits(b"abcd", &edits).unwrap(), b"aXYc-d");
        assert!(apply_edits(b"ab", &[(1, 5, String::new())]).is_none());
        assert!(apply_edits(b"abcd", &[(2, 3, String::new()), (1, 2, String::new())]).is_none());
    }
}

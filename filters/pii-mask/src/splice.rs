//! Rewritten request bodies change only string values: the masked document is not serialized
//! again (that would drop `"content": null`, reorder keys the typed request models declare,
//! and rewrite numbers: `0.70` → `0.7`, `1e2` → `100.0`, integers past `u64` → floats); its
//! changed strings are written into the original bytes instead, at the same places.

use serde_json::Value;

/// `body` with every string value that differs in `new` (same structure: only strings
/// changed) replaced by its JSON encoding. `None`: `body` is not the JSON it should be.
pub fn splice_strings(body: &[u8], new: &Value) -> Option<Vec<u8>> {
    let mut w = Walker {
        b: body,
        i: 0,
        edits: Vec::new(),
    };
    w.value(Some(new), 0)?;
    w.ws();
    if w.i != body.len() {
        return None;
    }
    let mut out = Vec::with_capacity(body.len());
    let mut at = 0;
    for (start, end, text) in w.edits {
        out.extend_from_slice(body.get(at..start)?);
        out.extend_from_slice(text.as_bytes());
        at = end;
    }
    out.extend_from_slice(body.get(at..)?);
    Some(out)
}

struct Walker<'a> {
    b: &'a [u8],
    i: usize,
    /// (start, end, replacement) of changed strings, in order.
    edits: Vec<(usize, usize, String)>,
}

/// serde_json's own nesting limit: a parsed body is never deeper.
const MAX_DEPTH: usize = 256;

impl Walker<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.peek()? == c).then(|| self.i += 1)
    }

    /// A string at `i` (its opening quote): its span, quotes included.
    fn string(&mut self) -> Option<(usize, usize)> {
        let start = self.i;
        if self.peek()? != b'"' {
            return None;
        }
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

    fn decoded(&self, start: usize, end: usize) -> Option<String> {
        let raw = self.b.get(start..end)?;
        match raw.get(1..raw.len().saturating_sub(1)) {
            Some(inner) if !inner.contains(&b'\\') => {
                std::str::from_utf8(inner).ok().map(str::to_string)
            }
            _ => serde_json::from_slice(raw).ok(),
        }
    }

    /// One value; `new` is the same place in the rewritten document, if it is there.
    fn value(&mut self, new: Option<&Value>, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match self.peek()? {
            b'"' => {
                let (start, end) = self.string()?;
                if let Some(Value::String(text)) = new {
                    if self.decoded(start, end).as_deref() != Some(text.as_str()) {
                        let encoded = serde_json::to_string(text).ok()?;
                        self.edits.push((start, end, encoded));
                    }
                }
            }
            b'{' => {
                self.i += 1;
                self.ws();
                if self.peek()? == b'}' {
                    self.i += 1;
                    return Some(());
                }
                loop {
                    self.ws();
                    let (ks, ke) = self.string()?;
                    let key = self.decoded(ks, ke)?;
                    self.eat(b':')?;
                    self.value(new.and_then(|v| v.get(key.as_str())), depth + 1)?;
                    self.ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                self.ws();
                if self.peek()? == b']' {
                    self.i += 1;
                    return Some(());
                }
                let mut k = 0;
                loop {
                    self.value(new.and_then(|v| v.get(k)), depth + 1)?;
                    k += 1;
                    self.ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            _ => {
                // A number or a literal: up to the next delimiter.
                let start = self.i;
                while self.peek().is_some_and(|c| {
                    !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    self.i += 1;
                }
                if self.i == start {
                    return None;
                }
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_changed_strings_change() {
        let body = br#"{ "model":"m", "temperature": 0.70, "seed": 123456789012345678901234,
  "messages": [ {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
  "function":{"name":"f","arguments":"{\"to\":\"ann@x.io\"}"}}]},
  {"role":"user","content":"mail ann@x.io","name":null} ], "n": 1e2 }"#;
        let mut doc: Value = serde_json::from_slice(body).unwrap();
        doc["messages"][1]["content"] = json!("mail [EMAIL] \"q\"");
        doc["messages"][0]["tool_calls"][0]["function"]["arguments"] =
            json!("{\"to\":\"[EMAIL]\"}");
        let out = String::from_utf8(splice_strings(body, &doc).unwrap()).unwrap();
        let expected = std::str::from_utf8(body)
            .unwrap()
            .replace(r#""mail ann@x.io""#, r#""mail [EMAIL] \"q\"""#)
            .replace(r#""{\"to\":\"ann@x.io\"}""#, r#""{\"to\":\"[EMAIL]\"}""#);
        assert_eq!(out, expected);
        assert_eq!(
            splice_strings(body, &serde_json::from_slice(body).unwrap()).unwrap(),
            body
        );
    }

    #[test]
    fn escaped_keys_and_strings_are_compared_decoded() {
        let body = br#"{"\u0063ontent":"caf\u00e9 ann@x.io","x":"caf\u00e9"}"#;
        let new = json!({"content": "café [EMAIL]", "x": "café"});
        assert_eq!(
            splice_strings(body, &new).unwrap(),
            r#"{"\u0063ontent":"café [EMAIL]","x":"caf\u00e9"}"#.as_bytes()
        );
    }

    #[test]
    fn not_json_is_none() {
        for bad in [&b"{\"a\":"[..], b"[1,", b"\"open", b"{} x", b"{\"a\" 1}"] {
            assert_eq!(splice_strings(bad, &json!({})), None, "{bad:?}");
        }
    }
}

//! Rewritten request bodies change only string values: the masked document is not serialized
//! again (that would drop `"content": null`, reorder keys the typed request models declare,
//! and rewrite numbers: `0.70` → `0.7`, `1e2` → `100.0`, integers past `u64` → floats); its
//! changed strings are written into the original bytes instead, at the same places.

use crate::json_walk::{apply_edits, decode_string, walk_json_beside, Token};
use serde_json::Value;

/// `body` with every string value that differs in `new` (same structure: only strings
/// changed) replaced by its JSON encoding. `None`: `body` is not the JSON it should be.
pub fn splice_strings(body: &[u8], new: &Value) -> Option<Vec<u8>> {
    let mut edits = Vec::new();
    let mut encoded_ok = true;
    walk_json_beside(body, Some(new), &mut |n| {
        let (Token::Str, Some(Value::String(text))) = (n.token, n.shadow) else {
            return;
        };
        let raw = body.get(n.start..n.end).unwrap_or_default();
        if decode_string(raw).as_deref() != Some(text.as_str()) {
            match serde_json::to_string(text) {
                Ok(encoded) => edits.push((n.start, n.end, encoded)),
                Err(_) => encoded_ok = false,
            }
        }
    })?;
    encoded_ok.then_some(())?;
    apply_edits(body, &edits)
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

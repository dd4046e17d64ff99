//! What the router must know about the model field's spelling, beyond its value: whether the
//! key occurs more than once on its path (`{"model":"a","model":"b"}`: parsers disagree on
//! which one counts, so the provider could act on another model than the router), and whether
//! the value is written with escapes (`"gpt\u002d4o"`), so the router forwards the one plain
//! spelling of the model it decided.

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// The spelling of the model field along a dotted key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Spelling {
    /// Some object on the key's path has the key (or a parent key) more than once.
    pub duplicate: bool,
    /// The value's JSON text contains an escape.
    pub escaped: bool,
}

/// Inspect `body` along `key` (dotted). A body that is not JSON, or a path through a non-object,
/// reads as plain: `read_model` has already judged those.
pub fn spelling(body: &[u8], key: &str) -> Spelling {
    let Ok(mut text) = std::str::from_utf8(body) else {
        return Spelling::default();
    };
    let mut parts = key.split('.').peekable();
    let mut out = Spelling::default();
    while let Some(part) = parts.next() {
        let Some(member) = find_member(text, part) else {
            return out;
        };
        out.duplicate |= member.count > 1;
        let Some(value) = member.last else {
            return out;
        };
        if parts.peek().is_none() {
            out.escaped = value.get().contains('\\');
            return out;
        }
        text = value.get();
    }
    out
}

struct Member<'a> {
    count: usize,
    last: Option<&'a RawValue>,
}

/// How often `name` occurs among the members of the JSON object `text` (keys compared after
/// unescaping, as a parser sees them), and its last value. `None` when `text` is not an object.
fn find_member<'a>(text: &'a str, name: &str) -> Option<Member<'a>> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.deserialize_map(MemberVisitor { name }).ok()
}

struct MemberVisitor<'n> {
    name: &'n str,
}

impl<'de> Visitor<'de> for MemberVisitor<'_> {
    type Value = Member<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut member = Member {
            count: 0,
            last: None,
        };
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == self.name {
                member.count = member.count.saturating_add(1);
                member.last = Some(map.next_value::<&'de RawValue>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(member)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(body: &str, key: &str) -> Spelling {
        spelling(body.as_bytes(), key)
    }

    #[test]
    fn plain_single_model() {
        assert_eq!(
            s(r#"{"model":"gpt-4o","x":{"model":1}}"#, "model"),
            Spelling::default()
        );
        assert_eq!(s(r#"{"messages":[]}"#, "model"), Spelling::default());
    }

    #[test]
    fn duplicates_are_found_even_when_the_key_is_escaped() {
        assert!(s(r#"{"model":"a","model":"b"}"#, "model").duplicate);
        assert!(s(r#"{"model":"a","mod\u0065l":"b"}"#, "model").duplicate);
        assert!(
            s(
                r#"{"meta":{"model":"a"},"meta":{"model":"b"}}"#,
                "meta.model"
            )
            .duplicate
        );
        assert!(s(r#"{"meta":{"model":"a","model":"b"}}"#, "meta.model").duplicate);
        assert!(!s(r#"{"meta":{"model":"a"},"model":"b"}"#, "meta.model").duplicate);
        // Nested objects with the same key are other objects.
        assert!(
            !s(
                r#"{"model":"a","tools":[{"model":"b"}],"m":{"model":"c"}}"#,
                "model"
            )
            .duplicate
        );
    }

    #[test]
    fn escapes_in_the_value() {
        assert!(s(r#"{"model":"gpt\u002d4o"}"#, "model").escaped);
        assert!(!s(r#"{"mod\u0065l":"gpt-4o"}"#, "model").escaped);
    }

    #[test]
    fn anything_else_reads_plain() {
        for body in ["", "[]", "not json", r#"{"model":"#, "\u{ff}"] {
            assert_eq!(s(body, "model"), Spelling::default(), "{body}");
        }
        assert_eq!(
            spelling(b"{\"model\":\"\xff\"}", "model"),
            Spelling::default()
        );
        assert_eq!(s(r#"{"meta":5}"#, "meta.model"), Spelling::default());
    }
}

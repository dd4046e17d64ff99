//! Duplicate keys in JSON objects.
//!
//! `{"input":"key AKIA...","input":"hello"}` parses (the last key wins in serde_json) while a
//! provider may read the first: what a filter scanned or limited (pii-mask's scan,
//! prompt-transform's `max_tokens` cap) would not be what the provider sees. So filters refuse a
//! body with a duplicate key anywhere; this is the check, one pass that allocates only for
//! escaped keys.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

/// Whether `body` is JSON with the same key twice in one object (`None`: not JSON at all).
pub fn has_duplicate_keys(body: &[u8]) -> Option<bool> {
    match serde_json::from_slice::<Checked>(body) {
        Ok(Checked) => Some(false),
        Err(e) if e.to_string().starts_with(DUPLICATE) => Some(true),
        Err(_) => None,
    }
}

const DUPLICATE: &str = "duplicate key";

struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Check)
    }
}

struct Check;

impl<'de> Visitor<'de> for Check {
    type Value = Checked;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_unit<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_none<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        let mut keys: HashSet<Cow<'de, str>> = HashSet::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if !keys.insert(key) {
                return Err(de::Error::custom(DUPLICATE));
            }
            map.next_value::<Checked>()?;
        }
        Ok(Checked)
    }
}

/// An object key, borrowed from the body unless it holds escapes (then decoded: `"\u0069nput"`
/// is `input`).
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_duplicates_at_any_depth_escaped_or_not() {
        assert_eq!(
            has_duplicate_keys(br#"{"a":1,"b":[{"c":1,"d":2}]}"#),
            Some(false)
        );
        assert_eq!(
            has_duplicate_keys(br#"{"input":"x","input":"y"}"#),
            Some(true)
        );
        assert_eq!(
            has_duplicate_keys(br#"{"m":[{"content":"x","content":"y"}]}"#),
            Some(true)
        );
        assert_eq!(
            has_duplicate_keys(br#"{"input":"x","\u0069nput":"y"}"#),
            Some(true)
        );
        assert_eq!(
            has_duplicate_keys(br#"[{"a":1},{"a":1}]"#),
            Some(false),
            "different objects"
        );
        assert_eq!(has_duplicate_keys(b"{nope"), None);
        assert_eq!(has_duplicate_keys(b"{} {}"), None, "trailing data");
        assert_eq!(has_duplicate_keys(b""), None);
        assert_eq!(
            has_duplicate_keys(
                br#"{"messages":[{"role":"user","content":"x","role":"assistant"}]}"#
            ),
            Some(true)
        );
    }
}

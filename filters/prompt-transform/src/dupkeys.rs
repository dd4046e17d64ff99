//! Finds a duplicated key anywhere in a JSON document. Which copy a provider reads is its
//! choice, so a body with one cannot be judged by a policy (a filter reading the last
//! `max_tokens` while the provider reads the first would enforce nothing).

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::HashSet;
use std::fmt;

/// Why a body failed the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DupError {
    NotJson,
    Duplicate,
}

/// Keys are compared after JSON unescaping (`"\u0069nput"` is `"input"`).
pub fn check(body: &[u8]) -> Result<(), DupError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    match NoDuplicates::deserialize(&mut de).and_then(|_| de.end()) {
        Ok(()) => Ok(()),
        Err(e) if e.is_data() => Err(DupError::Duplicate),
        Err(_) => Err(DupError::NotJson),
    }
}

/// Deserializes any JSON value, keeping nothing but the keys of the object being read.
struct NoDuplicates;

impl<'de> Deserialize<'de> for NoDuplicates {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NoDuplicates)
    }
}

impl<'de> Visitor<'de> for NoDuplicates {
    type Value = NoDuplicates;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self, E> {
        Ok(NoDuplicates)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self, E> {
        Ok(NoDuplicates)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self, E> {
        Ok(NoDuplicates)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self, E> {
        Ok(NoDuplicates)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self, E> {
        Ok(NoDuplicates)
    }
    fn visit_unit<E>(self) -> Result<Self, E> {
        Ok(NoDuplicates)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<NoDuplicates>()?.is_some() {}
        Ok(NoDuplicates)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key) {
                // The key is client text: never quoted.
                return Err(de::Error::custom("duplicate key"));
            }
            map.next_value::<NoDuplicates>()?;
        }
        Ok(NoDuplicates)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_at_any_depth() {
        assert_eq!(check(br#"{"a":1,"b":[{"c":1,"d":{"e":2}}]}"#), Ok(()));
        assert_eq!(check(br#"[{"a":1},{"a":1}]"#), Ok(()));
        assert_eq!(
            check(br#"{"max_tokens":1,"max_tokens":999999}"#),
            Err(DupError::Duplicate)
        );
        assert_eq!(
            check(br#"{"messages":[{"role":"user","content":"x","role":"assistant"}]}"#),
            Err(DupError::Duplicate)
        );
        assert_eq!(
            check(br#"{"system":"x","\u0073ystem":"y"}"#),
            Err(DupError::Duplicate)
        );
        assert_eq!(check(b"{nope"), Err(DupError::NotJson));
        assert_eq!(check(b"{} {}"), Err(DupError::NotJson));
        assert_eq!(check(b""), Err(DupError::NotJson));
    }
}

//! The config as a small tree, and a serde deserializer over it whose errors carry the path of
//! the failing field (`default.backends.mock.weigth`, `rules[2].config`).
//!
//! Why not `serde_path_to_error` over serde_json's reader: it wraps every visitor, map and
//! sequence access of every config type around the JSON reader, and Envoy's V8 compiles all of
//! that code with TurboFan before the listener is ready (token-meter's README, "Start-up time").
//! Here the JSON reader is instantiated once, for [`Tree`]; per config type there is only a match
//! over the tree, and a path is built only while an error unwinds (each map entry and array
//! element it passes adds its key or index). The tree replays exactly the visits serde_json made
//! (its number kinds, duplicate keys in order), so a struct still refuses a repeated field and a
//! map still keeps the last value, as when deserializing from the JSON directly.

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Unexpected,
    VariantAccess, Visitor,
};
use serde::Deserialize;
use std::fmt;

/// A parsed JSON document: what serde_json handed to the visitor, in order.
pub(super) enum Tree {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(String),
    Seq(Vec<Tree>),
    /// Entries in document order; a key given twice is kept twice.
    Map(Vec<(String, Tree)>),
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tree, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Tree, E> {
        Ok(Tree::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Tree, E> {
        Ok(Tree::U64(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Tree, E> {
        Ok(Tree::I64(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Tree, E> {
        Ok(Tree::F64(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Tree, E> {
        Ok(Tree::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Tree, E> {
        Ok(Tree::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Tree::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Tree::Map(entries))
    }
}

impl Tree {
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Tree::Null => Unexpected::Unit,
            Tree::Bool(b) => Unexpected::Bool(*b),
            Tree::U64(n) => Unexpected::Unsigned(*n),
            Tree::I64(n) => Unexpected::Signed(*n),
            Tree::F64(n) => Unexpected::Float(*n),
            Tree::Str(s) => Unexpected::Str(s),
            Tree::Seq(_) => Unexpected::Seq,
            Tree::Map(_) => Unexpected::Map,
        }
    }
}

/// A deserialization error and where it happened.
#[derive(Debug)]
pub(super) struct PathError {
    /// Innermost first: pushed while the error unwinds.
    segments: Vec<Segment>,
    pub(super) reason: String,
}

#[derive(Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

impl PathError {
    #[cold]
    fn at_key(mut self, key: &str) -> Self {
        self.segments.push(Segment::Key(key.to_owned()));
        self
    }

    #[cold]
    fn at_index(mut self, index: usize) -> Self {
        self.segments.push(Segment::Index(index));
        self
    }

    /// `a.b[2].c`; `.` for the document itself (as serde_path_to_error wrote it).
    pub(super) fn path(&self) -> String {
        if self.segments.is_empty() {
            return ".".to_string();
        }
        let mut out = String::new();
        for segment in self.segments.iter().rev() {
            match segment {
                Segment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for PathError {}

impl de::Error for PathError {
    #[cold]
    fn custom<T: fmt::Display>(msg: T) -> Self {
        PathError {
            segments: Vec::new(),
            reason: msg.to_string(),
        }
    }

    // As serde_json words them (`null`, its float format), so messages stay what they were;
    // this also keeps core's float formatting out of the module.
    #[cold]
    fn invalid_type(unexpected: Unexpected, expected: &dyn de::Expected) -> Self {
        de::Error::custom(format_args!(
            "invalid type: {}, expected {expected}",
            Json(unexpected)
        ))
    }

    #[cold]
    fn invalid_value(unexpected: Unexpected, expected: &dyn de::Expected) -> Self {
        de::Error::custom(format_args!(
            "invalid value: {}, expected {expected}",
            Json(unexpected)
        ))
    }
}

/// An unexpected value in serde_json's words: `null`, and its float format.
struct Json<'a>(Unexpected<'a>);

impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Unit => f.write_str("null"),
            // Every float here came from JSON text, so it is finite.
            Unexpected::Float(v) => match serde_json::Number::from_f64(v) {
                Some(n) => write!(f, "floating point `{n}`"),
                None => f.write_str("floating point"),
            },
            other => fmt::Display::fmt(&other, f),
        }
    }
}

/// Numbers go to the visitor as serde_json's reader hands them over (serde's primitive
/// visitors do the range checks and conversions), anything else is the wrong type.
macro_rules! numbers {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
                match self.0 {
                    Tree::U64(n) => visitor.visit_u64(*n),
                    Tree::I64(n) => visitor.visit_i64(*n),
                    Tree::F64(n) => visitor.visit_f64(*n),
                    other => Err(wrong_type(other, &visitor)),
                }
            }
        )*
    };
}

/// Deserializes a [`Tree`] node.
#[derive(Clone, Copy)]
pub(super) struct At<'a>(pub(super) &'a Tree);

// Containers are not inlined (`inline(never)`): otherwise each struct's visitor, with those of
// all the structs inside it, becomes one function (token-meter's was 25 KB), and TurboFan's
// time grows faster than linearly with a function's size (230 ms for that one).
impl<'de> Deserializer<'de> for At<'_> {
    type Error = PathError;

    #[inline(never)]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.0 {
            Tree::Null => visitor.visit_unit(),
            Tree::Bool(b) => visitor.visit_bool(*b),
            Tree::U64(n) => visitor.visit_u64(*n),
            Tree::I64(n) => visitor.visit_i64(*n),
            Tree::F64(n) => visitor.visit_f64(*n),
            Tree::Str(s) => visitor.visit_str(s),
            Tree::Seq(items) => visit_seq(items, visitor),
            Tree::Map(entries) => visit_map(entries, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.0 {
            Tree::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.0 {
            Tree::Bool(b) => visitor.visit_bool(*b),
            other => Err(wrong_type(other, &visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.0 {
            Tree::Str(s) => visitor.visit_str(s),
            other => Err(wrong_type(other, &visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        self.deserialize_str(visitor)
    }

    #[inline(never)]
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.0 {
            Tree::Seq(items) => visit_seq(items, visitor),
            other => Err(wrong_type(other, &visitor)),
        }
    }

    #[inline(never)]
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.0 {
            Tree::Map(entries) => visit_map(entries, visitor),
            other => Err(wrong_type(other, &visitor)),
        }
    }

    /// Objects only: serde_json's reader would also fill a struct from an array of its fields
    /// in order, which no config means (and which would double each struct's code).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PathError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        self.deserialize_str(visitor)
    }

    /// `"variant"`, or `{"variant": value}` as serde_json writes enums.
    #[inline(never)]
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PathError> {
        match self.0 {
            Tree::Str(name) => visitor.visit_enum(Variant { name, value: None }),
            Tree::Map(entries) => match entries.as_slice() {
                [(name, value)] => visitor.visit_enum(Variant {
                    name,
                    value: Some(value),
                }),
                _ => Err(de::Error::invalid_value(
                    Unexpected::Map,
                    &"map with a single key",
                )),
            },
            other => Err(de::Error::invalid_type(
                other.unexpected(),
                &"string or map",
            )),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, PathError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        visitor.visit_unit()
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.0 {
            Tree::Null => visitor.visit_unit(),
            other => Err(wrong_type(other, &visitor)),
        }
    }

    numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf unit_struct tuple tuple_struct
    }
}

/// A node of the wrong shape for what the visitor expects; one copy for every visitor.
#[cold]
fn wrong_type(tree: &Tree, expected: &dyn de::Expected) -> PathError {
    de::Error::invalid_type(tree.unexpected(), expected)
}

fn visit_seq<'de, V: Visitor<'de>>(items: &[Tree], visitor: V) -> Result<V::Value, PathError> {
    let mut access = Items {
        iter: items.iter().enumerate(),
    };
    let value = visitor.visit_seq(&mut access)?;
    if access.iter.len() == 0 {
        Ok(value)
    } else {
        Err(de::Error::invalid_length(
            items.len(),
            &"fewer elements in array",
        ))
    }
}

fn visit_map<'de, V: Visitor<'de>>(
    entries: &[(String, Tree)],
    visitor: V,
) -> Result<V::Value, PathError> {
    let mut access = Entries {
        iter: entries.iter(),
        value: None,
    };
    let value = visitor.visit_map(&mut access)?;
    if access.iter.len() == 0 {
        Ok(value)
    } else {
        Err(de::Error::invalid_length(
            entries.len(),
            &"fewer elements in map",
        ))
    }
}

/// A map key or an enum variant name.
struct Key<'a>(&'a str);

impl<'de> Deserializer<'de> for Key<'_> {
    type Error = PathError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        visitor.visit_str(self.0)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct Items<'a> {
    iter: std::iter::Enumerate<std::slice::Iter<'a, Tree>>,
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = PathError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, PathError> {
        match self.iter.next() {
            None => Ok(None),
            Some((i, item)) => match seed.deserialize(At(item)) {
                Ok(value) => Ok(Some(value)),
                Err(e) => Err(e.at_index(i)),
            },
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct Entries<'a> {
    iter: std::slice::Iter<'a, (String, Tree)>,
    /// The entry whose key was handed out last.
    value: Option<&'a (String, Tree)>,
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = PathError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, PathError> {
        let Some(entry) = self.iter.next() else {
            return Ok(None);
        };
        self.value = Some(entry);
        // An unknown field is named with its own key, as serde_path_to_error did.
        match seed.deserialize(Key(&entry.0)) {
            Ok(key) => Ok(Some(key)),
            Err(e) => Err(e.at_key(&entry.0)),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, PathError> {
        let Some((key, value)) = self.value.take() else {
            return Err(de::Error::custom(
                "a map value was asked for before its key",
            ));
        };
        match seed.deserialize(At(value)) {
            Ok(value) => Ok(value),
            Err(e) => Err(e.at_key(key)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// An enum: its variant name and, for `{"variant": value}`, the value.
struct Variant<'a> {
    name: &'a str,
    value: Option<&'a Tree>,
}

impl<'de, 'a> EnumAccess<'de> for Variant<'a> {
    type Error = PathError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), PathError> {
        let variant = seed.deserialize(Key(self.name))?;
        Ok((variant, self))
    }
}

impl<'de> VariantAccess<'de> for Variant<'_> {
    type Error = PathError;

    fn unit_variant(self) -> Result<(), PathError> {
        match self.value {
            None => Ok(()),
            Some(value) => <()>::deserialize(At(value)).map_err(|e| e.at_key(self.name)),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, PathError> {
        match self.value {
            Some(value) => seed.deserialize(At(value)),
            None => Err(unit_only("newtype variant")),
        }
        .map_err(|e| e.at_key(self.name))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, PathError> {
        match self.value {
            Some(value) => At(value).deserialize_seq(visitor),
            None => Err(unit_only("tuple variant")),
        }
        .map_err(|e| e.at_key(self.name))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PathError> {
        match self.value {
            Some(value) => At(value).deserialize_map(visitor),
            None => Err(unit_only("struct variant")),
        }
        .map_err(|e| e.at_key(self.name))
    }
}

/// A variant with data given as a bare string.
#[cold]
fn unit_only(expected: &'static str) -> PathError {
    de::Error::invalid_type(Unexpected::UnitVariant, &expected)
}

/// The loader against the one it replaced (serde_path_to_error over serde_json's reader) as the
/// oracle: the same values, and for every data error the same field path and message.
#[cfg(test)]
mod tests {
    use crate::config::{parse_config, ConfigError};
    use crate::rules::RouteRules;
    use serde::de::DeserializeOwned;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Config {
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        limit: u8,
        #[serde(default)]
        ratio: f64,
        #[serde(default)]
        flag: bool,
        #[serde(default)]
        list: Vec<Item>,
        #[serde(default)]
        map: BTreeMap<String, Item>,
        #[serde(default)]
        mode: Mode,
        #[serde(default)]
        shape: Option<Shape>,
        #[serde(default)]
        ops: Vec<Op>,
        #[serde(default)]
        raw: Option<serde_json::Value>,
        #[serde(default)]
        either: Option<Either>,
        #[serde(default)]
        pair: Option<(u16, String)>,
        #[serde(default)]
        wrapped: Option<Wrapper>,
        #[serde(default = "seven")]
        defaulted: i32,
    }

    fn seven() -> i32 {
        7
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        id: u32,
        #[serde(default)]
        tags: Vec<String>,
    }

    /// No `deny_unknown_fields`: unknown keys are skipped.
    #[derive(Debug, PartialEq, Deserialize)]
    struct Lenient {
        #[serde(default)]
        id: i64,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    enum Mode {
        #[default]
        Fast,
        SlowMode,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    enum Shape {
        Circle(f64),
        Rect { w: u32, h: u32 },
        Point,
        Pair(u8, u8),
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(tag = "op", rename_all = "camelCase", deny_unknown_fields)]
    enum Op {
        Set {
            path: String,
            value: serde_json::Value,
        },
        Remove {
            path: String,
        },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum Either {
        N(u64),
        S(String),
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Wrapper(u32);

    /// The previous loader, verbatim.
    fn oracle<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ConfigError> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let field = e.path().to_string();
            ConfigError::new(field, strip_position(&e.inner().to_string()))
        })?;
        de.end()
            .map_err(|e| ConfigError::new("", strip_position(&e.to_string())))?;
        Ok(value)
    }

    fn strip_position(message: &str) -> String {
        match message.rsplit_once(" at line ") {
            Some((before, _)) => before.to_string(),
            None => message.to_string(),
        }
    }

    fn is_syntax(json: &str) -> bool {
        serde_json::from_str::<serde_json::Value>(json).is_err()
    }

    /// Same result as the oracle; `same_reason: false` where serde_json's reader reports a
    /// syntax-style message for a shape error (the path must still agree).
    fn check<T: DeserializeOwned + PartialEq + std::fmt::Debug>(json: &str, same_reason: bool) {
        let ours = parse_config::<T>(json.as_bytes());
        let theirs = oracle::<T>(json.as_bytes());
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{json}"),
            (Err(_), Err(_)) if is_syntax(json) => {}
            (Err(a), Err(b)) => {
                assert_eq!(a.field, b.field, "{json}: ours {a}, oracle {b}");
                if same_reason {
                    assert_eq!(a.reason, b.reason, "{json}");
                }
            }
            _ => panic!("{json}: ours {ours:?}, oracle {theirs:?}"),
        }
    }

    #[test]
    fn values_and_errors_equal_serde_path_to_error() {
        let cases = [
            r#"{}"#,
            r#"{"name":"a","limit":3,"ratio":1,"flag":true,"list":[{"id":1},{"id":2,"tags":["x"]}],
               "map":{"k":{"id":3}},"mode":"slowMode","shape":{"Rect":{"w":1,"h":2}},
               "ops":[{"op":"set","path":"$.a","value":{"x":[1,2.5,-3,"s",null,true]}},{"path":"b","op":"remove"}],
               "raw":{"b":1,"a":[{}]},"either":"s","pair":[1,"x"],"wrapped":5,"defaulted":-2}"#,
            r#"{"limit":300}"#,
            r#"{"limit":-1}"#,
            r#"{"limit":1.5}"#,
            r#"{"limit":"3"}"#,
            r#"{"limit":null}"#,
            r#"{"limit":18446744073709551616}"#,
            r#"{"ratio":"x"}"#,
            r#"{"ratio":-0}"#,
            r#"{"ratio":1e308}"#,
            r#"{"flag":1}"#,
            r#"{"name":null}"#,
            r#"{"name":"\u00e9\ud83d\ude00"}"#,
            r#"{"name":["a"]}"#,
            r#"{"list":[{"id":1},{"id":"x"}]}"#,
            r#"{"list":[{"id":1},{}]}"#,
            r#"{"list":[{"id":1,"idd":2}]}"#,
            r#"{"list":[{"id":1,"tags":["a",2]}]}"#,
            r#"{"list":{"id":1}}"#,
            r#"{"list":[{"id":1}],"list":[]}"#,
            r#"{"map":{"a":{"id":1},"b":{"id":-5}}}"#,
            r#"{"map":{"a":{"id":1},"a":{"id":2}}}"#,
            r#"{"map":{"a":null}}"#,
            r#"{"map":{"a.b":{"id":1,"tags":{}}}}"#,
            r#"{"name":"a","name":"b"}"#,
            r#"{"mode":"medium"}"#,
            r#"{"mode":{"fast":null}}"#,
            r#"{"mode":{"fast":1}}"#,
            r#"{"shape":"Point"}"#,
            r#"{"shape":"Circle"}"#,
            r#"{"shape":{"Circle":2}}"#,
            r#"{"shape":{"Circle":"x"}}"#,
            r#"{"shape":{"Rect":{"w":1}}}"#,
            r#"{"shape":{"Rect":{"w":1,"h":"2"}}}"#,
            r#"{"shape":{"Hex":1}}"#,
            r#"{"shape":{"Pair":[1]}}"#,
            r#"{"shape":{"Pair":[1,300]}}"#,
            r#"{"ops":[{"op":"set","path":"a","value":1},{"op":"remove"}]}"#,
            r#"{"ops":[{"op":"nope"}]}"#,
            r#"{"ops":[{"path":"a"}]}"#,
            r#"{"ops":[{"op":"remove","path":"a","extra":1}]}"#,
            r#"{"ops":[{"op":"remove","path":5}]}"#,
            r#"{"either":7}"#,
            r#"{"either":true}"#,
            r#"{"pair":[1]}"#,
            r#"{"pair":[70000,"x"]}"#,
            r#"{"wrapped":"x"}"#,
            r#"{"defaulted":2147483648}"#,
            r#"{"nope":1}"#,
            r#"5"#,
            r#""x""#,
            r#"null"#,
            r#"{"limit":1e400}"#,
            r#"{"limit":1,}"#,
            r#"{"a" 1}"#,
            r#"{"name":"\ud800"}"#,
            r#"{"limit":1} x"#,
            r#"{"limit":1"#,
        ];
        for json in cases {
            check::<Config>(json, true);
        }
        // serde_json's reader says "expected value" / "trailing characters" for these shapes;
        // ours names the shape. The field is the same.
        for json in [
            r#"{"mode":5}"#,
            r#"{"shape":{"Circle":1,"Point":null}}"#,
            r#"{"shape":{}}"#,
            r#"{"shape":{"Pair":[1,2,3]}}"#,
        ] {
            check::<Config>(json, false);
        }
        for json in [
            r#"{"id":1,"other":{"deep":[1,{"x":null}]}}"#,
            r#"{"other":1,"id":"x"}"#,
        ] {
            check::<Lenient>(json, true);
        }
        let deep = format!("{{\"raw\":{}{}}}", "[".repeat(200), "]".repeat(200));
        check::<Config>(&deep, true);
    }

    #[test]
    fn route_rules_errors_equal_serde_path_to_error() {
        for json in [
            r#"{"default":{"limit":1},"rules":[{"match":{"paths":["/a"]},"config":{"list":[{"id":2}]}}]}"#,
            r#"{"rules":[{"match":{"paths":[1]},"config":{}}]}"#,
            r#"{"rules":[{"config":{"limit":1}},{"match":{},"config":{"list":[{"id":1,"x":1}]}}]}"#,
            r#"{"default":{},"default":{}}"#,
            r#"{"rules":[{}]}"#,
            r#"{"rules":[{"match":{"headers":{"x":1}},"config":{}}]}"#,
            r#"{"rule":[]}"#,
        ] {
            check::<RouteRules<Config>>(json, true);
        }
    }

    #[test]
    fn errors_name_the_field() {
        let err = parse_config::<RouteRules<Config>>(
            br#"{"rules":[{"config":{}},{"config":{"map":{"mock":{"id":1,"weigth":3}}}}]}"#,
        )
        .unwrap_err();
        assert_eq!(err.field, "rules[1].config.map.mock.weigth");
        assert_eq!(
            err.reason,
            "unknown field `weigth`, expected `id` or `tags`"
        );
        let err = parse_config::<Config>(br#"{"mode":5}"#).unwrap_err();
        assert_eq!(err.field, "mode");
        assert_eq!(
            err.reason,
            "invalid type: integer `5`, expected string or map"
        );
        let err = parse_config::<Config>(b"5").unwrap_err();
        assert_eq!(err.field, ".");
        // serde_json's reader also filled a struct from an array of its fields in order
        // (`[]` was a config, `{"list":[[7]]}` an item with id 7); a config struct is an object.
        let err = parse_config::<Config>(b"[]").unwrap_err();
        assert_eq!(err.reason, "invalid type: sequence, expected struct Config");
        let err = parse_config::<Config>(br#"{"list":[[7]]}"#).unwrap_err();
        assert_eq!(err.field, "list[0]");
        // A syntax error keeps serde_json's position.
        let err = parse_config::<Config>(br#"{"limit":}"#).unwrap_err();
        assert_eq!(err.field, "");
        assert_eq!(err.reason, "expected value at line 1 column 10");
    }
}

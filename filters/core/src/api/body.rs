//! Reading and rewriting one field of a JSON body without a typed model, and parsing a body into
//! a typed model with errors that are safe to log and to return to a client.

use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_json::{Map, Value};
use std::fmt;

/// Why a body could not be used. The messages never contain body content: a body holds prompts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// Not valid JSON; the message names the position, not the text.
    NotJson(String),
    /// Valid JSON, but not an object at the top level.
    NotAnObject,
    /// A field (dotted path, arrays as `[i]`) is missing where required or has the wrong type.
    WrongType { field: String },
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::NotJson(why) => write!(f, "request body is not valid JSON: {why}"),
            BodyError::NotAnObject => f.write_str("request body is not a JSON object"),
            BodyError::WrongType { field } => write!(f, "field `{field}` is missing or has the wrong type"),
        }
    }
}

impl std::error::Error for BodyError {}

/// Syntax errors from serde_json are fixed texts plus a position; anything else is replaced,
/// since data errors quote values ("invalid type: string \"...\"").
fn not_json(e: &serde_json::Error) -> BodyError {
    match e.classify() {
        Category::Syntax | Category::Eof => BodyError::NotJson(e.to_string()),
        Category::Io | Category::Data => {
            BodyError::NotJson(format!("unreadable at line {} column {}", e.line(), e.column()))
        }
    }
}

fn parse_object(body: &[u8]) -> Result<Map<String, Value>, BodyError> {
    match serde_json::from_slice(body).map_err(|e| not_json(&e))? {
        Value::Object(map) => Ok(map),
        _ => Err(BodyError::NotAnObject),
    }
}

/// Reads a string field; `key` may be a dotted path (`metadata.model`; keys containing dots are
/// not addressable). A missing field (or missing parent) is `Ok(None)`; a present field that is
/// not a string (`null` included), or a parent that is not an object, is `WrongType`.
pub fn read_model(body: &[u8], key: &str) -> Result<Option<String>, BodyError> {
    let root = parse_object(body)?;
    let mut map = &root;
    let mut parts = key.split('.').peekable();
    let mut path = String::new();
    while let Some(part) = parts.next() {
        push_segment(&mut path, part);
        let Some(value) = map.get(part) else { return Ok(None) };
        match (value, parts.peek()) {
            (Value::String(s), None) => return Ok(Some(s.clone())),
            (Value::Object(inner), Some(_)) => map = inner,
            _ => return Err(BodyError::WrongType { field: path }),
        }
    }
    Ok(None)
}

/// Sets a string field (dotted path as in [`read_model`]) and keeps everything else: other
/// fields, their order, unknown fields. A missing field is added (with missing parent objects);
/// a present non-string field or a non-object parent is `WrongType` and nothing is written.
/// The output is compact JSON; see the module notes on number spelling.
pub fn rewrite_model(body: &[u8], key: &str, new_model: &str) -> Result<Vec<u8>, BodyError> {
    let mut root = parse_object(body)?;
    let mut map = &mut root;
    let mut parts = key.split('.').peekable();
    let mut path = String::new();
    while let Some(part) = parts.next() {
        push_segment(&mut path, part);
        if parts.peek().is_none() {
            match map.get_mut(part) {
                Some(Value::String(s)) => *s = new_model.to_owned(),
                Some(_) => return Err(BodyError::WrongType { field: path }),
                None => {
                    map.insert(part.to_owned(), Value::String(new_model.to_owned()));
                }
            }
            break;
        }
        let next = map.entry(part).or_insert_with(|| Value::Object(Map::new()));
        match next {
            Value::Object(inner) => map = inner,
            _ => return Err(BodyError::WrongType { field: path }),
        }
    }
    serde_json::to_vec(&root).map_err(|e| not_json(&e))
}

fn push_segment(path: &mut String, part: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(part);
}

/// Parses a body into a typed model. A data error names the field path
/// (`messages[2].content`) and never the value.
pub fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let err = match serde_path_to_error::deserialize(&mut de) {
        Ok(value) => {
            // Trailing non-whitespace after the object.
            de.end().map_err(|e| not_json(&e))?;
            return Ok(value);
        }
        Err(err) => err,
    };
    let inner = err.inner();
    if inner.classify() != Category::Data {
        return Err(not_json(inner));
    }
    let at_root = err.path().iter().next().is_none();
    let trimmed = body.iter().find(|b| !b.is_ascii_whitespace());
    if at_root && trimmed != Some(&b'{') {
        return Err(BodyError::NotAnObject);
    }
    let mut field = if at_root { String::new() } else { err.path().to_string() };
    // serde's text for this case is fixed ("missing field `name`"), the name comes from our types.
    if let Some(name) = inner.to_string().strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
        push_segment(&mut field, name);
    }
    if field.is_empty() {
        field.push('.');
    }
    Err(BodyError::WrongType { field })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BODY: &[u8] = br#"{"model":"gpt-4o","messages":[{"role":"user","content":"secret prompt"}],"metadata":{"model":"m1","n":1},"temperature":0.5,"x_unknown":{"deep":[1,2,{"a":null}]}}"#;

    #[test]
    fn reads_top_level_and_dotted() {
        assert_eq!(read_model(BODY, "model").unwrap().as_deref(), Some("gpt-4o"));
        assert_eq!(read_model(BODY, "metadata.model").unwrap().as_deref(), Some("m1"));
    }

    #[test]
    fn missing_is_none() {
        assert_eq!(read_model(BODY, "nope"), Ok(None));
        assert_eq!(read_model(BODY, "nope.model"), Ok(None));
        assert_eq!(read_model(BODY, "metadata.nope"), Ok(None));
        assert_eq!(read_model(b"{}", "model"), Ok(None));
    }

    #[test]
    fn wrong_types() {
        assert_eq!(read_model(BODY, "metadata.n"), Err(BodyError::WrongType { field: "metadata.n".into() }));
        assert_eq!(read_model(BODY, "temperature.x"), Err(BodyError::WrongType { field: "temperature".into() }));
        assert_eq!(read_model(BODY, "metadata"), Err(BodyError::WrongType { field: "metadata".into() }));
        assert_eq!(read_model(br#"{"model":null}"#, "model"), Err(BodyError::WrongType { field: "model".into() }));
        assert_eq!(read_model(br#"{"model":7}"#, "model"), Err(BodyError::WrongType { field: "model".into() }));
        assert_eq!(rewrite_model(br#"{"model":7}"#, "model", "x"), Err(BodyError::WrongType { field: "model".into() }));
        assert_eq!(
            rewrite_model(BODY, "temperature.x", "x"),
            Err(BodyError::WrongType { field: "temperature".into() })
        );
    }

    #[test]
    fn not_json_and_not_object_never_echo_the_body() {
        for body in [&b"{\"model\": \"secret prompt"[..], b"secret prompt", b"{\"a\":tru secret}", b""] {
            let err = read_model(body, "model").unwrap_err();
            assert!(matches!(err, BodyError::NotJson(_)), "{err:?}");
            assert!(!err.to_string().contains("secret"), "{err}");
        }
        assert_eq!(read_model(b"[\"secret\"]", "model"), Err(BodyError::NotAnObject));
        assert_eq!(rewrite_model(b"\"secret\"", "model", "x"), Err(BodyError::NotAnObject));
        assert!(!BodyError::NotAnObject.to_string().contains("secret"));
    }

    #[test]
    fn rewrite_keeps_everything_else_in_order() {
        let out = rewrite_model(BODY, "model", "claude-x").unwrap();
        let expected = String::from_utf8(BODY.to_vec()).unwrap().replace("gpt-4o", "claude-x");
        assert_eq!(String::from_utf8(out).unwrap(), expected);
        let out = rewrite_model(BODY, "metadata.model", "m2").unwrap();
        let mut expected: Value = serde_json::from_slice(BODY).unwrap();
        expected["metadata"]["model"] = json!("m2");
        assert_eq!(serde_json::from_slice::<Value>(&out).unwrap(), expected);
    }

    #[test]
    fn rewrite_adds_a_missing_field() {
        let out = rewrite_model(br#"{"messages":[]}"#, "model", "m").unwrap();
        assert_eq!(out, br#"{"messages":[],"model":"m"}"#);
        let out = rewrite_model(br#"{"a":1}"#, "metadata.model", "m").unwrap();
        assert_eq!(out, br#"{"a":1,"metadata":{"model":"m"}}"#);
    }

    #[test]
    fn parse_body_errors_name_fields_not_values() {
        use crate::api::openai::ChatCompletionRequest;
        let err = parse_body::<ChatCompletionRequest>(
            br#"{"model":"m","messages":[{"role":"user","content":"ok"},{"role":"user","content":42}]}"#,
        )
        .unwrap_err();
        assert_eq!(err, BodyError::WrongType { field: "messages[1].content".into() });
        let err = parse_body::<ChatCompletionRequest>(
            br#"{"model":"m","messages":[{"role":"user","content":"a"}],"stream":"secret"}"#,
        )
        .unwrap_err();
        assert_eq!(err, BodyError::WrongType { field: "stream".into() });
        let err = parse_body::<ChatCompletionRequest>(br#"{"model":"secret"}"#).unwrap_err();
        assert_eq!(err, BodyError::WrongType { field: "messages".into() });
        let err = parse_body::<ChatCompletionRequest>(br#"["secret"]"#).unwrap_err();
        assert_eq!(err, BodyError::NotAnObject);
        let err =
            parse_body::<ChatCompletionRequest>(br#"{"model":"secret","messages":[]} trailing secret"#).unwrap_err();
        assert!(matches!(err, BodyError::NotJson(_)) && !err.to_string().contains("secret"), "{err}");
        let ok: ChatCompletionRequest = parse_body(br#" {"model":"m","messages":[]} "#).unwrap();
        assert_eq!(ok.model, "m");
    }
}

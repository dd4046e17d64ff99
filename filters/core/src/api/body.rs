//! Reading and rewriting one field of a JSON body without a typed model, and parsing a body into
//! a typed model with errors that are safe to log and to return to a client.

use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::BTreeMap;
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
            BodyError::WrongType { field } => {
                write!(f, "field `{field}` is missing or has the wrong type")
            }
        }
    }
}

impl std::error::Error for BodyError {}

/// Syntax errors from serde_json are fixed texts plus a position; anything else is replaced,
/// since data errors quote values ("invalid type: string \"...\"").
fn not_json(e: &serde_json::Error) -> BodyError {
    match e.classify() {
        Category::Syntax | Category::Eof => BodyError::NotJson(e.to_string()),
        Category::Io | Category::Data => BodyError::NotJson(format!(
            "unreadable at line {} column {}",
            e.line(),
            e.column()
        )),
    }
}

/// The members of one JSON object, values left as raw text. Parsing to this validates the whole
/// object without building a tree; duplicate keys resolve to the last one, as in a full parse.
type RawObject<'a> = BTreeMap<String, &'a RawValue>;

fn parse_raw_object(json: &str) -> Result<RawObject<'_>, BodyError> {
    serde_json::from_str::<RawObject<'_>>(json).map_err(|e| match e.classify() {
        // Valid JSON of another shape fails as a data error; anything else is a syntax error.
        Category::Data if serde_json::from_str::<&RawValue>(json).is_ok() => BodyError::NotAnObject,
        _ => not_json(&e),
    })
}

/// Where a dotted field is in the body.
enum Place<'a> {
    /// The field's value and its byte range in the body.
    Found {
        value: &'a RawValue,
        start: usize,
        end: usize,
    },
    /// Absent: the byte offset of the closing `}` of the deepest object present, whether that
    /// object is empty, and the path segments still missing below it.
    Missing {
        close: usize,
        empty: bool,
        missing: Vec<&'a str>,
    },
}

/// Where `part`, a slice of `body` (serde_json borrows raw values from its input), starts.
fn offset_in(body: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(body.as_ptr() as usize)
}

fn locate<'a>(body: &'a str, key: &'a str) -> Result<Place<'a>, BodyError> {
    let mut object = parse_raw_object(body)?;
    let mut object_text = body.trim_end();
    let mut parts = key.split('.').peekable();
    let mut path = String::new();
    while let Some(part) = parts.next() {
        push_segment(&mut path, part);
        let Some(value) = object.get(part).copied() else {
            let mut missing = vec![part];
            missing.extend(parts);
            // The object's text ends in its `}`.
            let close = (offset_in(body, object_text) + object_text.len()).saturating_sub(1);
            return Ok(Place::Missing {
                close,
                empty: object.is_empty(),
                missing,
            });
        };
        if parts.peek().is_none() {
            let start = offset_in(body, value.get());
            return Ok(Place::Found {
                value,
                start,
                end: start + value.get().len(),
            });
        }
        if !value.get().starts_with('{') {
            return Err(BodyError::WrongType { field: path });
        }
        object = parse_raw_object(value.get())?;
        object_text = value.get();
    }
    // `split` yields at least one segment, so the loop always returned.
    Err(BodyError::WrongType { field: path })
}

fn as_str(body: &[u8]) -> Result<&str, BodyError> {
    std::str::from_utf8(body)
        .map_err(|e| BodyError::NotJson(format!("invalid UTF-8 at byte {}", e.valid_up_to())))
}

/// Reads a string field; `key` may be a dotted path (`metadata.model`; keys containing dots are
/// not addressable). A missing field (or missing parent) is `Ok(None)`; a present field that is
/// not a string (`null` included), or a parent that is not an object, is `WrongType`.
/// Validates the whole body as JSON but builds no tree: this runs on every routed request.
pub fn read_model(body: &[u8], key: &str) -> Result<Option<String>, BodyError> {
    match locate(as_str(body)?, key)? {
        Place::Found { value, .. } => match serde_json::from_str::<String>(value.get()) {
            Ok(model) => Ok(Some(model)),
            Err(_) => Err(BodyError::WrongType {
                field: key.to_string(),
            }),
        },
        Place::Missing { .. } => Ok(None),
    }
}

/// Sets a string field (dotted path as in [`read_model`]) and keeps every other byte of the
/// body as it was: other fields, their order and spelling, numbers, whitespace. A missing field
/// is added (with missing parent objects) at the end of the deepest object present; a present
/// non-string field or a non-object parent is `WrongType` and nothing is written.
pub fn rewrite_model(body: &[u8], key: &str, new_model: &str) -> Result<Vec<u8>, BodyError> {
    let text = as_str(body)?;
    let new_value = Value::String(new_model.to_owned()).to_string();
    let mut out = Vec::with_capacity(body.len() + new_value.len() + key.len() + 8);
    match locate(text, key)? {
        Place::Found { value, start, end } => {
            if !value.get().starts_with('"') {
                return Err(BodyError::WrongType {
                    field: key.to_string(),
                });
            }
            let (head, tail) = split_around(body, start, end, key)?;
            out.extend_from_slice(head);
            out.extend_from_slice(new_value.as_bytes());
            out.extend_from_slice(tail);
        }
        Place::Missing {
            close,
            empty,
            missing,
        } => {
            // `"a":{"b":{"model":"x"}}` for the segments still missing.
            let (first, below) = missing.split_first().ok_or_else(|| wrong_type(key))?;
            let mut member = new_value;
            for segment in below.iter().rev() {
                member = format!("{{{}:{member}}}", Value::String((*segment).to_owned()));
            }
            let member = format!("{}:{member}", Value::String((*first).to_owned()));
            let (head, tail) = split_around(body, close, close, key)?;
            out.extend_from_slice(head);
            if !empty {
                out.push(b',');
            }
            out.extend_from_slice(member.as_bytes());
            out.extend_from_slice(tail);
        }
    }
    Ok(out)
}

fn wrong_type(key: &str) -> BodyError {
    BodyError::WrongType {
        field: key.to_string(),
    }
}

/// The bytes before `start` and from `end` on. `locate` only returns offsets inside the body;
/// should one not be, the field is reported unusable instead of panicking.
fn split_around<'a>(
    body: &'a [u8],
    start: usize,
    end: usize,
    key: &str,
) -> Result<(&'a [u8], &'a [u8]), BodyError> {
    match (body.get(..start), body.get(end..)) {
        (Some(head), Some(tail)) if start <= end => Ok((head, tail)),
        _ => Err(wrong_type(key)),
    }
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
    let mut field = if at_root {
        String::new()
    } else {
        err.path().to_string()
    };
    // serde's text for this case is fixed ("missing field `name`"), the name comes from our types.
    if let Some(name) = inner
        .to_string()
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
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
        assert_eq!(
            read_model(BODY, "model").unwrap().as_deref(),
            Some("gpt-4o")
        );
        assert_eq!(
            read_model(BODY, "metadata.model").unwrap().as_deref(),
            Some("m1")
        );
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
        assert_eq!(
            read_model(BODY, "metadata.n"),
            Err(BodyError::WrongType {
                field: "metadata.n".into()
            })
        );
        assert_eq!(
            read_model(BODY, "temperature.x"),
            Err(BodyError::WrongType {
                field: "temperature".into()
            })
        );
        assert_eq!(
            read_model(BODY, "metadata"),
            Err(BodyError::WrongType {
                field: "metadata".into()
            })
        );
        assert_eq!(
            read_model(br#"{"model":null}"#, "model"),
            Err(BodyError::WrongType {
                field: "model".into()
            })
        );
        assert_eq!(
            read_model(br#"{"model":7}"#, "model"),
            Err(BodyError::WrongType {
                field: "model".into()
            })
        );
        assert_eq!(
            rewrite_model(br#"{"model":7}"#, "model", "x"),
            Err(BodyError::WrongType {
                field: "model".into()
            })
        );
        assert_eq!(
            rewrite_model(BODY, "temperature.x", "x"),
            Err(BodyError::WrongType {
                field: "temperature".into()
            })
        );
    }

    #[test]
    fn not_json_and_not_object_never_echo_the_body() {
        for body in [
            &b"{\"model\": \"secret prompt"[..],
            b"secret prompt",
            b"{\"a\":tru secret}",
            b"",
        ] {
            let err = read_model(body, "model").unwrap_err();
            assert!(matches!(err, BodyError::NotJson(_)), "{err:?}");
            assert!(!err.to_string().contains("secret"), "{err}");
        }
        assert_eq!(
            read_model(b"[\"secret\"]", "model"),
            Err(BodyError::NotAnObject)
        );
        assert_eq!(
            rewrite_model(b"\"secret\"", "model", "x"),
            Err(BodyError::NotAnObject)
        );
        assert!(!BodyError::NotAnObject.to_string().contains("secret"));
    }

    #[test]
    fn rewrite_keeps_everything_else_in_order() {
        let out = rewrite_model(BODY, "model", "claude-x").unwrap();
        let expected = String::from_utf8(BODY.to_vec())
            .unwrap()
            .replace("gpt-4o", "claude-x");
        assert_eq!(String::from_utf8(out).unwrap(), expected);
        let out = rewrite_model(BODY, "metadata.model", "m2").unwrap();
        let mut expected: Value = serde_json::from_slice(BODY).unwrap();
        expected["metadata"]["model"] = json!("m2");
        assert_eq!(serde_json::from_slice::<Value>(&out).unwrap(), expected);
    }

    #[test]
    fn rewrite_keeps_bytes_outside_the_value() {
        let body = br#"{ "temperature": 1.0000000000000002, "big": 12345678901234567890,
  "model" : "a\u00e9", "x": {"model": "inner"} }"#;
        let out = rewrite_model(body, "model", "b\"q").unwrap();
        let expected = String::from_utf8(body.to_vec())
            .unwrap()
            .replace(r#""a\u00e9""#, r#""b\"q""#);
        assert_eq!(String::from_utf8(out).unwrap(), expected);
        assert_eq!(read_model(body, "model").unwrap().as_deref(), Some("aé"));
        let nested = rewrite_model(body, "x.model", "n").unwrap();
        assert_eq!(
            read_model(&nested, "x.model").unwrap().as_deref(),
            Some("n")
        );
        assert_eq!(read_model(&nested, "model").unwrap().as_deref(), Some("aé"));
    }

    #[test]
    fn rewrite_adds_a_missing_field() {
        let out = rewrite_model(br#"{"messages":[]}"#, "model", "m").unwrap();
        assert_eq!(out, br#"{"messages":[],"model":"m"}"#);
        let out = rewrite_model(br#"{"a":1}"#, "metadata.model", "m").unwrap();
        assert_eq!(out, br#"{"a":1,"metadata":{"model":"m"}}"#);
        let out = rewrite_model(b" {} ", "model", "m").unwrap();
        assert_eq!(out, br#" {"model":"m"} "#);
        let out = rewrite_model(br#"{"meta":{ }}"#, "meta.a.model", "m").unwrap();
        assert_eq!(out, br#"{"meta":{ "a":{"model":"m"}}}"#);
    }

    #[test]
    fn parse_body_errors_name_fields_not_values() {
        use crate::api::openai::ChatCompletionRequest;
        let err = parse_body::<ChatCompletionRequest>(
            br#"{"model":"m","messages":[{"role":"user","content":"ok"},{"role":"user","content":42}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            err,
            BodyError::WrongType {
                field: "messages[1].content".into()
            }
        );
        let err = parse_body::<ChatCompletionRequest>(
            br#"{"model":"m","messages":[{"role":"user","content":"a"}],"stream":"secret"}"#,
        )
        .unwrap_err();
        assert_eq!(
            err,
            BodyError::WrongType {
                field: "stream".into()
            }
        );
        let err = parse_body::<ChatCompletionRequest>(br#"{"model":"secret"}"#).unwrap_err();
        assert_eq!(
            err,
            BodyError::WrongType {
                field: "messages".into()
            }
        );
        let err = parse_body::<ChatCompletionRequest>(br#"["secret"]"#).unwrap_err();
        assert_eq!(err, BodyError::NotAnObject);
        let err = parse_body::<ChatCompletionRequest>(
            br#"{"model":"secret","messages":[]} trailing secret"#,
        )
        .unwrap_err();
        assert!(
            matches!(err, BodyError::NotJson(_)) && !err.to_string().contains("secret"),
            "{err}"
        );
        let ok: ChatCompletionRequest = parse_body(br#" {"model":"m","messages":[]} "#).unwrap();
        assert_eq!(ok.model, "m");
    }
}

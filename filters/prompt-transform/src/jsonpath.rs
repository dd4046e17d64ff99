//! JSONPath edits of a request body (jsonpath-rust): set, remove, rename, and join an array
//! through a template into one string field.

use crate::config::BodyTransform;
use crate::template::{register, render};
use handlebars::Handlebars;
use jsonpath_rust::parser::model::{JpQuery, Segment, Selector};
use jsonpath_rust::parser::parse_json_path;
use jsonpath_rust::query::js_path_process;
use jsonpath_rust::query::queryable::Queryable;
use llm_filters_core::config::ConfigError;
use llm_filters_core::ErrorReply;
use serde_json::{Map, Value};

/// One step of a plain path: `$.a[0].b` → `a`, `0`, `b`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Name(String),
    Index(usize),
}

#[derive(Debug, Clone)]
pub enum CompiledTransform {
    Set {
        query: JpQuery,
        plain: Option<Vec<Step>>,
        value: Value,
    },
    Remove {
        path: String,
    },
    Rename {
        query: JpQuery,
        to: String,
    },
    Join {
        path: String,
        query: JpQuery,
        template: String,
        separator: String,
        to: Vec<Step>,
        remove_source: bool,
    },
}

/// The parsed path (parsed once, here, not per request), and its steps when it has only names
/// and indices.
fn parse(path: &str, field: &str) -> Result<(JpQuery, Option<Vec<Step>>), ConfigError> {
    let query = parse_json_path(path)
        .map_err(|e| ConfigError::new(field, format!("invalid JSONPath: {e}")))?;
    let plain = plain_steps(&query.segments);
    Ok((query, plain))
}

/// Normalized paths (`$['a'][0]`) of every match of a parsed query.
fn matched_paths(query: &JpQuery, root: &Value) -> Vec<String> {
    js_path_process(query, root)
        .map(|found| found.into_iter().map(|r| r.path).collect())
        .unwrap_or_default()
}

fn plain_steps(segments: &[Segment]) -> Option<Vec<Step>> {
    segments
        .iter()
        .map(|s| match s {
            Segment::Selector(Selector::Name(n)) => Some(Step::Name(n.clone())),
            Segment::Selector(Selector::Index(i)) if *i >= 0 => Some(Step::Index(*i as usize)),
            _ => None,
        })
        .collect()
}

/// Compiles the route's transforms; join templates go into `join_hb` (a lenient registry:
/// a field an element lacks renders as empty, e.g. the `content` of a tool-call message).
pub fn compile(
    transforms: &[BodyTransform],
    join_hb: &mut Handlebars<'static>,
) -> Result<Vec<CompiledTransform>, ConfigError> {
    transforms
        .iter()
        .enumerate()
        .map(|(i, t)| compile_one(i, t, join_hb).map_err(|e| e.within(&format!("transforms[{i}]"))))
        .collect()
}

fn compile_one(
    i: usize,
    t: &BodyTransform,
    join_hb: &mut Handlebars<'static>,
) -> Result<CompiledTransform, ConfigError> {
    Ok(match t {
        BodyTransform::Set { path, value } => {
            let (query, plain) = parse(path, "path")?;
            if plain.as_ref().is_some_and(Vec::is_empty) {
                return Err(ConfigError::new("path", "cannot replace the whole body"));
            }
            CompiledTransform::Set {
                query,
                plain,
                value: value.clone(),
            }
        }
        BodyTransform::Remove { path } => {
            parse(path, "path")?;
            CompiledTransform::Remove { path: path.clone() }
        }
        BodyTransform::Rename { path, to } => {
            let (query, _) = parse(path, "path")?;
            if to.is_empty() {
                return Err(ConfigError::new("to", "a member name"));
            }
            CompiledTransform::Rename {
                query,
                to: to.clone(),
            }
        }
        BodyTransform::Join {
            path,
            template,
            separator,
            to,
            remove_source,
        } => {
            let (query, _) = parse(path, "path")?;
            let to_steps = match parse(to, "to")?.1 {
                Some(steps) if !steps.is_empty() => steps,
                _ => {
                    return Err(ConfigError::new(
                        "to",
                        "a plain path of names and indices, like $.prompt",
                    ))
                }
            };
            let key = format!("transforms[{i}]");
            register(join_hb, &key, template, "template")?;
            CompiledTransform::Join {
                path: path.clone(),
                query,
                template: key,
                separator: separator.clone(),
                to: to_steps,
                remove_source: *remove_source,
            }
        }
    })
}

/// Applies the transforms in order to a body object.
pub fn apply(
    transforms: &[CompiledTransform],
    join_hb: &Handlebars<'static>,
    body: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    if transforms.is_empty() {
        return Ok(());
    }
    let mut root = Value::Object(std::mem::take(body));
    let result = transforms
        .iter()
        .try_for_each(|t| apply_one(t, join_hb, &mut root));
    if let Value::Object(map) = root {
        *body = map;
    }
    result
}

fn apply_one(
    t: &CompiledTransform,
    join_hb: &Handlebars<'static>,
    root: &mut Value,
) -> Result<(), ErrorReply> {
    match t {
        CompiledTransform::Set {
            query,
            plain,
            value,
        } => {
            let matches = matched_paths(query, root);
            if matches.is_empty() {
                if let Some(steps) = plain {
                    create(root, steps, value.clone());
                }
            }
            for p in matches {
                if let Some(slot) = root.reference_mut(p) {
                    *slot = value.clone();
                }
            }
        }
        CompiledTransform::Remove { path } => {
            let _ = root.delete_by_path(path);
        }
        CompiledTransform::Rename { query, to } => {
            // Last match first, so earlier normalized paths stay valid.
            for p in matched_paths(query, root).into_iter().rev() {
                rename(root, &p, to);
            }
        }
        CompiledTransform::Join {
            path,
            query,
            template,
            separator,
            to,
            remove_source,
        } => {
            let matches: Vec<Value> = js_path_process(query, &*root)
                .map(|found| found.into_iter().map(|r| r.val.clone()).collect())
                .unwrap_or_default();
            let items: Vec<Value> = match matches.as_slice() {
                [Value::Array(items)] => items.clone(),
                _ => matches,
            };
            let mut parts = Vec::with_capacity(items.len());
            for item in &items {
                parts.push(render(join_hb, template, item).map_err(|_| {
                    ErrorReply::bad_request(
                        "the request body does not fit this route's body transformation",
                    )
                    .with_code("transform_failed")
                })?);
            }
            if *remove_source {
                let _ = root.delete_by_path(path);
            }
            create(root, to, Value::String(parts.join(separator)));
        }
    }
    Ok(())
}

/// Sets `value` at a plain path, creating missing objects on the way; an index must exist.
fn create(root: &mut Value, steps: &[Step], value: Value) {
    let Some((last, parents)) = steps.split_last() else {
        return;
    };
    let mut node = root;
    for step in parents {
        node = match step {
            Step::Name(name) => match node {
                Value::Object(map) => map
                    .entry(name.clone())
                    .or_insert_with(|| Value::Object(Map::new())),
                _ => return,
            },
            Step::Index(i) => match node.get_mut(*i) {
                Some(next) => next,
                None => return,
            },
        };
    }
    match (last, node) {
        (Step::Name(name), Value::Object(map)) => {
            map.insert(name.clone(), value);
        }
        (Step::Index(i), Value::Array(items)) => {
            if let Some(slot) = items.get_mut(*i) {
                *slot = value;
            }
        }
        _ => {}
    }
}

/// Moves the member at the normalized path `p` (`$['a']['b']`) to `to` in the same object.
fn rename(root: &mut Value, p: &str, to: &str) {
    let Ok(query) = parse_json_path(p) else {
        return;
    };
    let Some(steps) = plain_steps(&query.segments) else {
        return;
    };
    let Some((Step::Name(name), parents)) = steps.split_last() else {
        return;
    };
    let mut node = &mut *root;
    for step in parents {
        let next = match step {
            Step::Name(n) => node.get_mut(n.as_str()),
            Step::Index(i) => node.get_mut(*i),
        };
        match next {
            Some(n) => node = n,
            None => return,
        }
    }
    if let Value::Object(map) = node {
        if let Some(value) = map.remove(name) {
            map.insert(to.to_string(), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::new_registry;
    use serde_json::json;

    fn run(transforms: Value, body: Value) -> Result<Value, ErrorReply> {
        let specs: Vec<BodyTransform> = serde_json::from_value(transforms).unwrap();
        let mut hb = lenient();
        let compiled = compile(&specs, &mut hb).unwrap();
        let mut map = body.as_object().unwrap().clone();
        apply(&compiled, &hb, &mut map)?;
        Ok(Value::Object(map))
    }

    fn lenient() -> Handlebars<'static> {
        let mut hb = new_registry();
        hb.set_strict_mode(false);
        hb
    }

    #[test]
    fn set_existing_matches_and_create_plain_paths() {
        let out = run(
            json!([
                {"op": "set", "path": "$.metadata.team", "value": "search"},
                {"op": "set", "path": "$.messages[?(@.role == 'system')].name", "value": "route"},
                {"op": "set", "path": "$.user", "value": "gateway"}
            ]),
            json!({"user": "u1", "messages": [{"role": "system", "content": "s", "name": "x"}, {"role": "user", "content": "q"}]}),
        )
        .unwrap();
        assert_eq!(out["metadata"], json!({"team": "search"}));
        assert_eq!(out["messages"][0]["name"], "route");
        assert!(
            out["messages"][1].get("name").is_none(),
            "filters select, they do not create"
        );
        assert_eq!(out["user"], "gateway");
    }

    #[test]
    fn remove_and_rename() {
        let out = run(
            json!([
                {"op": "remove", "path": "$.logprobs"},
                {"op": "remove", "path": "$.messages[*].name"},
                {"op": "rename", "path": "$.max_tokens", "to": "max_completion_tokens"},
                {"op": "rename", "path": "$.nope", "to": "x"}
            ]),
            json!({"logprobs": true, "max_tokens": 9, "messages": [{"role": "user", "content": "q", "name": "n"}]}),
        )
        .unwrap();
        assert_eq!(
            out,
            json!({"messages": [{"role": "user", "content": "q"}], "max_completion_tokens": 9})
        );
    }

    #[test]
    fn join_messages_into_a_prompt() {
        let out = run(
            json!([{"op": "join", "path": "$.messages", "template": "{{capitalize role}}: {{content}}",
                    "to": "$.prompt", "removeSource": true}]),
            json!({"model": "m", "messages": [
                {"role": "user", "content": "Hi \"there\""},
                {"role": "assistant", "content": "Hello"},
                {"role": "assistant", "tool_calls": []}
            ]}),
        )
        .unwrap();
        assert_eq!(
            out,
            json!({"model": "m", "prompt": "User: Hi \"there\"\nAssistant: Hello\nAssistant: "})
        );
    }

    #[test]
    fn bad_paths_and_templates_name_the_transform() {
        let err = |v: Value| {
            let specs: Vec<BodyTransform> = serde_json::from_value(v).unwrap();
            compile(&specs, &mut lenient()).unwrap_err().field
        };
        assert_eq!(
            err(json!([{"op": "remove", "path": "$.ok"}, {"op": "remove", "path": "$[?(@.x =="}])),
            "transforms[1].path"
        );
        assert_eq!(
            err(json!([{"op": "join", "path": "$.m", "template": "{{#each}}", "to": "$.p"}])),
            "transforms[0].template"
        );
        assert_eq!(
            err(json!([{"op": "join", "path": "$.m", "template": "x", "to": "$.a[*]"}])),
            "transforms[0].to"
        );
        assert_eq!(
            err(json!([{"op": "set", "path": "$", "value": 1}])),
            "transforms[0].path"
        );
    }
}

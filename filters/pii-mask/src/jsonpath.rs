//! The JSONPath subset for `jsonPaths`: `$`, `.key`, `['key']`, `[n]`, `[*]` and `.*`.
//! Every string under a selected node is scanned; keys are never touched.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonPath {
    steps: Vec<Step>,
}

impl JsonPath {
    pub fn parse(path: &str) -> Result<JsonPath, String> {
        let mut rest = path.strip_prefix('$').ok_or("must start with `$`")?;
        let mut steps = Vec::new();
        while let Some(c) = rest.chars().next() {
            let offset = path.len() - rest.len() + 1;
            if let Some(after) = rest.strip_prefix('.') {
                let end = after.find(['.', '[']).unwrap_or(after.len());
                let (key, tail) = after.split_at_checked(end).ok_or("bad key")?;
                match key {
                    "" => return Err(format!("empty key at offset {offset}")),
                    "*" => steps.push(Step::Any),
                    key => steps.push(Step::Key(key.to_string())),
                }
                rest = tail;
            } else if let Some(after) = rest.strip_prefix('[') {
                let (inner, tail) = after.split_once(']').ok_or("unclosed `[`")?;
                if inner == "*" {
                    steps.push(Step::Any);
                } else if let Some(key) =
                    inner.strip_prefix('\'').and_then(|k| k.strip_suffix('\''))
                {
                    steps.push(Step::Key(key.to_string()));
                } else {
                    let n = inner
                        .parse()
                        .map_err(|_| format!("`[{inner}]` is not an index, `*` or 'key'"))?;
                    steps.push(Step::Index(n));
                }
                rest = tail;
            } else {
                return Err(format!("unexpected `{c}` at offset {offset}"));
            }
        }
        Ok(JsonPath { steps })
    }

    /// Calls `f` on every string value under every node the path selects.
    pub fn visit_strings_mut(&self, root: &mut Value, f: &mut dyn FnMut(&mut String)) {
        select(root, &self.steps, f);
    }
}

fn select(node: &mut Value, steps: &[Step], f: &mut dyn FnMut(&mut String)) {
    let Some((step, rest)) = steps.split_first() else {
        return leaves(node, f);
    };
    match (step, node) {
        (Step::Key(k), Value::Object(map)) => {
            if let Some(v) = map.get_mut(k) {
                select(v, rest, f)
            }
        }
        (Step::Index(n), Value::Array(items)) => {
            if let Some(v) = items.get_mut(*n) {
                select(v, rest, f)
            }
        }
        (Step::Any, Value::Array(items)) => items.iter_mut().for_each(|v| select(v, rest, f)),
        (Step::Any, Value::Object(map)) => map.values_mut().for_each(|v| select(v, rest, f)),
        _ => {}
    }
}

/// Every string value (not key) inside `v`.
pub fn leaves(v: &mut Value, f: &mut dyn FnMut(&mut String)) {
    match v {
        Value::String(s) => f(s),
        Value::Array(items) => items.iter_mut().for_each(|x| leaves(x, f)),
        Value::Object(map) => map.values_mut().for_each(|x| leaves(x, f)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn upper(path: &str, mut v: Value) -> Value {
        JsonPath::parse(path)
            .unwrap()
            .visit_strings_mut(&mut v, &mut |s| *s = s.to_uppercase());
        v
    }

    #[test]
    fn selects_and_changes_only_string_values() {
        let doc = json!({"a": {"b": ["x", {"c": "y", "k": 1}]}, "d": "z"});
        assert_eq!(
            upper("$.a.b[1]", doc.clone()),
            json!({"a": {"b": ["x", {"c": "Y", "k": 1}]}, "d": "z"})
        );
        assert_eq!(
            upper("$.a.b[*]", doc.clone()),
            json!({"a": {"b": ["X", {"c": "Y", "k": 1}]}, "d": "z"})
        );
        assert_eq!(
            upper("$['d']", doc.clone()),
            json!({"a": {"b": ["x", {"c": "y", "k": 1}]}, "d": "Z"})
        );
        assert_eq!(
            upper("$.*", doc.clone()),
            json!({"a": {"b": ["X", {"c": "Y", "k": 1}]}, "d": "Z"})
        );
        assert_eq!(upper("$.nope.x", doc.clone()), doc);
    }

    #[test]
    fn bad_paths() {
        assert!(JsonPath::parse("a.b").is_err());
        assert!(JsonPath::parse("$.a[").is_err());
        assert!(JsonPath::parse("$.a[x]").is_err());
        assert!(JsonPath::parse("$..a").is_err());
    }
}

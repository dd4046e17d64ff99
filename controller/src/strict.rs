//! Unknown fields in a CR read from a file (`render -f`). The API server prunes fields its
//! schema does not know (and kubectl warns), but a file read by the CLI has no API server: a
//! typo (`listmodels: true`) would be dropped silently and the render would differ from what
//! the user wrote. serde keeps every field it knows when the typed value is written back, so a
//! key of the input missing from that output is unknown, unless its value is empty (`false`,
//! `null`, `[]`, `{}`, `""`), which the CRD types leave out when writing.

use serde_json::Value;

/// The first input field (a path like `spec.backends[0].endpont`) the typed value dropped.
pub fn first_unknown(input: &Value, typed: &Value, at: &str) -> Option<String> {
    match (input, typed) {
        (Value::Object(given), Value::Object(kept)) => given.iter().find_map(|(k, v)| {
            let path = format!("{at}.{k}");
            match kept.get(k) {
                Some(t) => first_unknown(v, t, &path),
                None if is_empty(v) => None,
                None => Some(path),
            }
        }),
        (Value::Array(given), Value::Array(kept)) => given
            .iter()
            .zip(kept)
            .enumerate()
            .find_map(|(i, (v, t))| first_unknown(v, t, &format!("{at}[{i}]"))),
        _ => None,
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::first_unknown;
    use crate::crd::LLMRoute;
    use serde_json::json;

    fn check(spec: serde_json::Value) -> Option<String> {
        let input = json!({ "apiVersion": "llm-filters.io/v1alpha1", "kind": "LLMRoute",
                            "metadata": { "name": "r" }, "spec": spec });
        let typed: LLMRoute = serde_json::from_value(input.clone()).unwrap();
        let back = serde_json::to_value(&typed).unwrap();
        first_unknown(&input["spec"], &back["spec"], "spec")
    }

    #[test]
    fn names_a_typo_at_any_depth() {
        let backend = json!({ "name": "a", "endpoint": { "url": "http://127.0.0.1:1" } });
        assert_eq!(check(json!({ "backends": [backend] })), None);
        assert_eq!(
            check(json!({ "listmodels": true, "backends": [backend] })),
            Some("spec.listmodels".into())
        );
        assert_eq!(
            check(
                json!({ "backends": [{ "name": "a", "endpoint": { "url": "http://127.0.0.1:1" },
                                         "falback": ["b"] }] })
            ),
            Some("spec.backends[0].falback".into())
        );
        // Empty values the types leave out when writing are not unknown.
        assert_eq!(
            check(
                json!({ "listModels": false, "aliases": {}, "rules": [], "backends": [backend] })
            ),
            None
        );
        // Free-form maps keep every key.
        assert_eq!(
            check(
                json!({ "backends": [backend], "prompts": { "templates": { "t": {
                "messages": [{ "role": "user", "content": "x" }], "params": { "top_k": 3 } } } } })
            ),
            None
        );
    }
}

//! Small helpers over header lists as the hosts hand them over: `(name, value)` pairs with
//! lower-case names (HTTP/2 style, which Envoy uses for every protocol).

/// Header edits a filter wants applied: removals first, then sets (a set replaces any value).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderChanges {
    pub remove: Vec<String>,
    pub set: Vec<(String, String)>,
}

impl HeaderChanges {
    pub fn is_empty(&self) -> bool {
        self.remove.is_empty() && self.set.is_empty()
    }

    pub fn extend(&mut self, other: HeaderChanges) {
        self.remove.extend(other.remove);
        self.set.extend(other.set);
    }

    /// Apply to an owned header list (used by native shells and tests).
    pub fn apply_to(&self, headers: &mut Vec<(String, String)>) {
        headers.retain(|(n, _)| !self.remove.iter().any(|r| r.eq_ignore_ascii_case(n)));
        for (name, value) in &self.set {
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            headers.push((name.clone(), value.clone()));
        }
    }
}

/// First value of a header, by case-insensitive name.
pub fn get<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Whether the content type is JSON (`application/json`, `application/*+json`, with parameters).
pub fn is_json_content_type(value: &str) -> bool {
    let mime = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// Whether the content type is a server-sent event stream.
pub fn is_event_stream(value: &str) -> bool {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case("text/event-stream")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case() {
        let h = vec![("Content-Type".to_string(), "application/json".to_string())];
        assert_eq!(get(&h, "content-type"), Some("application/json"));
        assert_eq!(get(&h, "x"), None);
    }

    #[test]
    fn changes_remove_then_set() {
        let mut h = vec![
            ("a".to_string(), "1".to_string()),
            ("b".to_string(), "2".to_string()),
        ];
        let changes = HeaderChanges {
            remove: vec!["a".into(), "b".into()],
            set: vec![("b".into(), "3".into())],
        };
        changes.apply_to(&mut h);
        assert_eq!(h, vec![("b".to_string(), "3".to_string())]);
    }

    #[test]
    fn content_types() {
        assert!(is_json_content_type("application/json; charset=utf-8"));
        assert!(is_json_content_type("application/vnd.api+json"));
        assert!(!is_json_content_type("text/plain"));
        assert!(is_event_stream("text/event-stream; charset=utf-8"));
        assert!(!is_event_stream("application/json"));
    }
}

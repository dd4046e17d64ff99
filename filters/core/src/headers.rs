//! Small helpers over header lists as the hosts hand them over: `(name, value)` pairs with
//! lower-case names (HTTP/2 style, which Envoy uses for every protocol).

/// First value of a header, by case-insensitive name.
pub fn get<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// Whether the content type is JSON (`application/json`, `application/*+json`, with parameters).
pub fn is_json_content_type(value: &str) -> bool {
    let mime = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// Whether the content type is a server-sent event stream.
pub fn is_event_stream(value: &str) -> bool {
    value.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("text/event-stream")
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
    fn content_types() {
        assert!(is_json_content_type("application/json; charset=utf-8"));
        assert!(is_json_content_type("application/vnd.api+json"));
        assert!(!is_json_content_type("text/plain"));
        assert!(is_event_stream("text/event-stream; charset=utf-8"));
        assert!(!is_event_stream("application/json"));
    }
}

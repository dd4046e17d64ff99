//! Header edits whose values may reference the request id or another request header:
//! `{{request_id}}`, `{{header:x-tenant}}`. Compiled at load; a missing header renders empty.

use crate::config::HeaderEdits;
use llm_filters_core::config::ConfigError;
use llm_filters_core::hash::fnv1a64;
use llm_filters_core::headers::{self, HeaderChanges};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    RequestId,
    Header(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueTemplate(Vec<Piece>);

impl ValueTemplate {
    pub fn parse(source: &str) -> Result<Self, String> {
        let mut pieces = Vec::new();
        let mut rest = source;
        while let Some((text, after)) = rest.split_once("{{") {
            if !text.is_empty() {
                pieces.push(Piece::Text(text.to_string()));
            }
            let (name, next) = after.split_once("}}").ok_or("unclosed '{{'")?;
            let name = name.trim();
            pieces.push(match name.strip_prefix("header:") {
                Some(h) if !h.trim().is_empty() => Piece::Header(h.trim().to_ascii_lowercase()),
                _ if name == "request_id" => Piece::RequestId,
                _ => return Err(format!("unknown reference '{{{{{name}}}}}'; use {{{{request_id}}}} or {{{{header:NAME}}}}")),
            });
            rest = next;
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
        }
        Ok(ValueTemplate(pieces))
    }

    pub fn render(&self, request_id: &str, request_headers: &[(String, String)]) -> String {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::RequestId => out.push_str(request_id),
                Piece::Header(name) => {
                    out.push_str(headers::get(request_headers, name).unwrap_or(""))
                }
            }
        }
        // A header value cannot carry line breaks.
        out.retain(|c| c != '\r' && c != '\n');
        out
    }
}

#[derive(Debug, Clone, Default)]
pub struct CompiledHeaderEdits {
    set: Vec<(String, ValueTemplate)>,
    remove: Vec<String>,
}

impl CompiledHeaderEdits {
    pub fn compile(edits: &HeaderEdits) -> Result<Self, ConfigError> {
        let check = |name: &str, field: String| {
            if name.is_empty()
                || name.starts_with(':')
                || name
                    .chars()
                    .any(|c| c.is_ascii_uppercase() || c.is_whitespace())
            {
                Err(ConfigError::new(
                    field,
                    "a lower-case header name (pseudo-headers cannot be edited)",
                ))
            } else {
                Ok(())
            }
        };
        let mut set = Vec::new();
        for (name, value) in &edits.set {
            check(name, format!("set.{name}"))?;
            set.push((
                name.clone(),
                ValueTemplate::parse(value)
                    .map_err(|e| ConfigError::new(format!("set.{name}"), e))?,
            ));
        }
        for (i, name) in edits.remove.iter().enumerate() {
            check(name, format!("remove[{i}]"))?;
        }
        Ok(CompiledHeaderEdits {
            set,
            remove: edits.remove.clone(),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.remove.is_empty()
    }

    pub fn changes(&self, request_id: &str, request_headers: &[(String, String)]) -> HeaderChanges {
        HeaderChanges {
            remove: self.remove.clone(),
            set: self
                .set
                .iter()
                .map(|(n, v)| (n.clone(), v.render(request_id, request_headers)))
                .collect(),
        }
    }
}

/// The request id: Envoy's `x-request-id` when present (the HTTP connection manager sets one
/// by default), otherwise 32 hex digits derived from `seed` (the shell passes time and a counter).
pub fn request_id(request_headers: &[(String, String)], seed: u64) -> String {
    if let Some(id) = headers::get(request_headers, "x-request-id").filter(|v| !v.is_empty()) {
        return id.to_string();
    }
    let a = fnv1a64(&seed.to_le_bytes());
    let b = fnv1a64(&a.to_le_bytes());
    format!("{a:016x}{b:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn values_reference_request_id_and_headers() {
        let t = ValueTemplate::parse(
            "rid={{request_id}}; tenant={{ header:X-Tenant }}; none={{header:x-missing}}",
        )
        .unwrap();
        let headers = h(&[("x-tenant", "acme\r\nx-evil: 1")]);
        assert_eq!(
            t.render("r1", &headers),
            "rid=r1; tenant=acmex-evil: 1; none="
        );
        assert_eq!(
            ValueTemplate::parse("plain").unwrap().render("r", &[]),
            "plain"
        );
        assert!(ValueTemplate::parse("{{body}}")
            .unwrap_err()
            .contains("unknown reference"));
        assert!(ValueTemplate::parse("{{request_id").is_err());
    }

    #[test]
    fn edits_compile_and_produce_changes() {
        let edits: HeaderEdits = serde_json::from_value(serde_json::json!({
            "set": {"x-gateway-request-id": "{{request_id}}", "x-team": "{{header:x-team}}-llm"},
            "remove": ["x-debug"]
        }))
        .unwrap();
        let c = CompiledHeaderEdits::compile(&edits)
            .unwrap()
            .changes("id7", &h(&[("x-team", "search")]));
        assert_eq!(c.remove, vec!["x-debug".to_string()]);
        assert_eq!(
            c.set,
            vec![
                ("x-gateway-request-id".to_string(), "id7".to_string()),
                ("x-team".to_string(), "search-llm".to_string())
            ]
        );
        let bad: HeaderEdits =
            serde_json::from_value(serde_json::json!({"set": {":path": "/x"}})).unwrap();
        assert_eq!(
            CompiledHeaderEdits::compile(&bad).unwrap_err().field,
            "set.:path"
        );
    }

    #[test]
    fn request_ids() {
        assert_eq!(request_id(&h(&[("x-request-id", "abc")]), 1), "abc");
        let a = request_id(&[], 1);
        assert_eq!(a.len(), 32);
        assert_ne!(a, request_id(&[], 2));
    }
}

//! Per-route configuration: `{ "default": {...}, "rules": [ { "match": {...}, "config": {...} } ] }`.
//!
//! Stock Envoy and Istio give a wasm filter no per-route config, so every filter carries its own
//! rule list and picks the config for a request from the request's host, path, method, headers
//! and (where the host exposes it) Envoy's route name. The first matching rule wins; no match
//! falls back to `default`; no `default` means the filter passes the request through.

use crate::config::{ConfigError, Validate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A filter's whole plugin configuration.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct RouteRules<T> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<T>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule<T>>,
}

impl<T> Default for RouteRules<T> {
    fn default() -> Self {
        RouteRules {
            default: None,
            rules: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Rule<T> {
    #[serde(rename = "match", default)]
    pub matcher: RouteMatch,
    pub config: T,
}

/// Conditions of a rule. Every condition given must hold; inside one list any entry may match.
/// An empty match matches every request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RouteMatch {
    /// `api.example.com`, `*.example.com` or `*`; compared without port, case-insensitively.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// Exact path, or a prefix when the entry ends with `*` (`/v1/*`). The query is ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<String>,
    /// Header name to exact value; the value `*` only requires presence.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Envoy's route name (`name` of the matched route), when the host exposes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_name: Option<String>,
}

/// What a rule is matched against. Header names are expected in lower case.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestInfo<'a> {
    pub host: &'a str,
    pub path: &'a str,
    pub method: &'a str,
    pub headers: &'a [(String, String)],
    pub route_name: Option<&'a str>,
}

impl<T> RouteRules<T> {
    /// The config for this request, or `None` to pass it through.
    pub fn select(&self, request: &RequestInfo<'_>) -> Option<&T> {
        self.rules
            .iter()
            .find(|rule| rule.matcher.matches(request))
            .map(|rule| &rule.config)
            .or(self.default.as_ref())
    }

    /// Like [`RouteRules::select`], but says which config: `Some(Some(i))` is rule `i`,
    /// `Some(None)` the default, `None` pass through. Shells keep this index per request.
    pub fn select_index(&self, request: &RequestInfo<'_>) -> Option<Option<usize>> {
        match self
            .rules
            .iter()
            .position(|rule| rule.matcher.matches(request))
        {
            Some(i) => Some(Some(i)),
            None if self.default.is_some() => Some(None),
            None => None,
        }
    }

    /// The config an index from [`RouteRules::select_index`] names.
    pub fn config_at(&self, index: Option<usize>) -> Option<&T> {
        match index {
            None => self.default.as_ref(),
            Some(i) => self.rules.get(i).map(|r| &r.config),
        }
    }

    /// Whether any rule needs Envoy's route name (hosts fetch it only then).
    pub fn uses_route_name(&self) -> bool {
        self.rules.iter().any(|r| r.matcher.route_name.is_some())
    }

    /// Turn every config into a compiled form (patterns, secrets), naming the failing one.
    pub fn try_map<U>(
        self,
        mut f: impl FnMut(T) -> Result<U, ConfigError>,
    ) -> Result<RouteRules<U>, ConfigError> {
        let default = self
            .default
            .map(|c| f(c).map_err(|e| e.within("default")))
            .transpose()?;
        let rules = self
            .rules
            .into_iter()
            .enumerate()
            .map(|(i, rule)| {
                let config = f(rule.config).map_err(|e| e.within(&format!("rules[{i}].config")))?;
                Ok(Rule {
                    matcher: rule.matcher,
                    config,
                })
            })
            .collect::<Result<_, ConfigError>>()?;
        Ok(RouteRules { default, rules })
    }

    /// Every config in the set, default first; for load-time work such as compiling patterns.
    pub fn configs(&self) -> impl Iterator<Item = &T> {
        self.default
            .iter()
            .chain(self.rules.iter().map(|r| &r.config))
    }
}

impl<T: Validate> Validate for RouteRules<T> {
    fn validate(&self) -> Result<(), ConfigError> {
        if let Some(default) = &self.default {
            default.validate().map_err(|e| e.within("default"))?;
        }
        for (i, rule) in self.rules.iter().enumerate() {
            rule.matcher
                .validate()
                .map_err(|e| e.within(&format!("rules[{i}].match")))?;
            rule.config
                .validate()
                .map_err(|e| e.within(&format!("rules[{i}].config")))?;
        }
        Ok(())
    }
}

impl Validate for RouteMatch {
    fn validate(&self) -> Result<(), ConfigError> {
        for (i, path) in self.paths.iter().enumerate() {
            if !path.starts_with('/') && path != "*" {
                return Err(ConfigError::new(
                    format!("paths[{i}]"),
                    "a path must start with '/'",
                ));
            }
            if path.trim_end_matches('*').contains('*') {
                return Err(ConfigError::new(
                    format!("paths[{i}]"),
                    "'*' is only allowed at the end of a path",
                ));
            }
        }
        for (i, host) in self.hosts.iter().enumerate() {
            // A `*` only in first place; skip a whole char (the name may start with a non-ASCII one).
            let mut after_first = host.chars();
            if after_first.next().is_none() || after_first.as_str().contains('*') {
                return Err(ConfigError::new(
                    format!("hosts[{i}]"),
                    "a host is a name, '*.suffix' or '*'",
                ));
            }
        }
        for name in self.headers.keys() {
            if name.is_empty() || name.chars().any(|c| c.is_ascii_uppercase()) {
                return Err(ConfigError::new(
                    format!("headers.{name}"),
                    "header names must be lower case",
                ));
            }
        }
        Ok(())
    }
}

impl RouteMatch {
    pub fn matches(&self, request: &RequestInfo<'_>) -> bool {
        (self.hosts.is_empty() || self.hosts.iter().any(|h| host_matches(h, request.host)))
            && (self.paths.is_empty() || self.paths.iter().any(|p| path_matches(p, request.path)))
            && (self.methods.is_empty()
                || self
                    .methods
                    .iter()
                    .any(|m| m.eq_ignore_ascii_case(request.method)))
            && self
                .headers
                .iter()
                .all(|(name, want)| header_matches(request.headers, name, want))
            && self
                .route_name
                .as_deref()
                .is_none_or(|want| request.route_name == Some(want))
    }
}

fn host_matches(pattern: &str, host: &str) -> bool {
    let host = strip_port(host);
    if pattern == "*" {
        return true;
    }
    match pattern.strip_prefix("*.") {
        // Compared as bytes: the host comes from the client and may hold any UTF-8, so an
        // offset counted from the suffix's length need not be a char boundary of the host.
        Some(suffix) => {
            let (host, suffix) = (host.as_bytes(), suffix.as_bytes());
            // At least one byte of label, then the dot, then the suffix.
            let Some(label_end) = host.len().checked_sub(suffix.len() + 1).filter(|&n| n > 0)
            else {
                return false;
            };
            host.get(label_end) == Some(&b'.')
                && host
                    .get(label_end + 1..)
                    .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
        }
        None => pattern.eq_ignore_ascii_case(host),
    }
}

fn strip_port(host: &str) -> &str {
    if let Some(v6) = host.strip_prefix('[') {
        // [v6]:port
        return match v6.split_once(']') {
            Some((inner, _)) => host.get(..inner.len() + 2).unwrap_or(host),
            None => host,
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            name
        }
        _ => host,
    }
}

/// Match a path pattern against the request path, ignoring the query string.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or("");
    match pattern.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix),
        None => pattern == path,
    }
}

fn header_matches(headers: &[(String, String)], name: &str, want: &str) -> bool {
    headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case(name) && (want == "*" || v == want))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;

    fn info<'a>(
        host: &'a str,
        path: &'a str,
        method: &'a str,
        headers: &'a [(String, String)],
    ) -> RequestInfo<'a> {
        RequestInfo {
            host,
            path,
            method,
            headers,
            route_name: None,
        }
    }

    #[test]
    fn first_matching_rule_wins_then_default() {
        let rules: RouteRules<String> = parse_config(
            br#"{"default":"d","rules":[
                {"match":{"paths":["/v1/chat/*"],"methods":["post"]},"config":"chat"},
                {"match":{"paths":["/v1/chat/completions"]},"config":"never"},
                {"match":{"hosts":["*.example.com"],"headers":{"x-tenant":"a"}},"config":"tenant-a"}]}"#,
        )
        .unwrap();
        let none: Vec<(String, String)> = vec![];
        let tenant = vec![("x-tenant".to_string(), "a".to_string())];
        assert_eq!(
            rules
                .select(&info("x", "/v1/chat/completions?x=1", "POST", &none))
                .unwrap(),
            "chat"
        );
        assert_eq!(
            rules
                .select(&info("x", "/v1/chat/completions", "GET", &none))
                .unwrap(),
            "never"
        );
        assert_eq!(
            rules
                .select(&info(
                    "api.example.com:443",
                    "/v1/embeddings",
                    "POST",
                    &tenant
                ))
                .unwrap(),
            "tenant-a"
        );
        assert_eq!(
            rules
                .select(&info("example.com", "/v1/embeddings", "POST", &tenant))
                .unwrap(),
            "d"
        );
        assert_eq!(
            rules
                .select(&info("api.example.com", "/v1/embeddings", "POST", &none))
                .unwrap(),
            "d"
        );
    }

    #[test]
    fn select_index_names_the_config() {
        let rules: RouteRules<String> =
            parse_config(br#"{"default":"d","rules":[{"match":{"paths":["/a"]},"config":"a"}]}"#)
                .unwrap();
        let at = |path| rules.select_index(&info("h", path, "GET", &[]));
        assert_eq!(at("/a"), Some(Some(0)));
        assert_eq!(at("/b"), Some(None));
        assert_eq!(rules.config_at(Some(0)).unwrap(), "a");
        assert_eq!(rules.config_at(None).unwrap(), "d");
        let none: RouteRules<String> = parse_config(b"{}").unwrap();
        assert_eq!(none.select_index(&info("h", "/", "GET", &[])), None);
    }

    #[test]
    fn no_default_passes_through() {
        let rules: RouteRules<String> =
            parse_config(br#"{"rules":[{"match":{"paths":["/a"]},"config":"a"}]}"#).unwrap();
        assert!(rules.select(&info("h", "/b", "GET", &[])).is_none());
        let empty: RouteRules<String> = parse_config(b"{}").unwrap();
        assert!(empty.select(&info("h", "/b", "GET", &[])).is_none());
    }

    #[test]
    fn header_presence_and_route_name() {
        let m = RouteMatch {
            headers: [("x-key".to_string(), "*".to_string())].into(),
            route_name: Some("llm".into()),
            ..Default::default()
        };
        let h = vec![("x-key".to_string(), "anything".to_string())];
        let mut r = info("h", "/", "GET", &h);
        assert!(!m.matches(&r));
        r.route_name = Some("llm");
        assert!(m.matches(&r));
        r.headers = &[];
        assert!(!m.matches(&r));
    }

    #[test]
    fn hosts_and_ports() {
        assert!(host_matches("api.example.com", "API.example.com:8443"));
        assert!(host_matches("*.example.com", "a.b.example.com"));
        assert!(!host_matches("*.example.com", "badexample.com"));
        assert!(host_matches("[::1]", "[::1]:80"));
        assert!(host_matches("*", "anything"));
    }

    #[test]
    fn hosts_with_non_ascii_bytes_never_panic() {
        // Slicing at `host.len() - suffix.len()` lands inside `ä` (bytes 2..4) here.
        assert!(!host_matches("*.example.com", "aaäxample.com"));
        assert!(!host_matches("*.example.com", "exämple.com"));
        assert!(!host_matches("*.example.com", "aexämple.com:443"));
        assert!(host_matches("*.example.com", "ü.example.com"));
        assert!(host_matches("*.example.com", "ü.EXAMPLE.com:8443"));
        assert!(!host_matches("*.example.com", "üexample.com"));
        assert!(host_matches("*.exämple.com", "a.exämple.com"));
        assert!(!host_matches("*.exämple.com", "a.exxmple.com"));
        assert!(!host_matches("*.example.com", ".example.com"));
        assert!(!host_matches("*.example.com", "example.com"));
        assert!(!host_matches("*.example.com", ""));
        assert!(!host_matches("*.example.com", "ü"));
        assert!(!host_matches("*.example.com", "a"));
        assert!(!host_matches("*.é", "é"));
        assert!(host_matches("*.é", "a.é"));
        assert!(host_matches("exämple.com", "exämple.com:80"));
        assert!(!host_matches("a", ""));
        assert!(!host_matches("", "a"));
        assert!(host_matches("", ""));
        // IPv6 literals keep their brackets, with or without a port; a malformed one is left whole.
        assert_eq!(strip_port("[::1]:80"), "[::1]");
        assert_eq!(strip_port("[fe80::ü]:1"), "[fe80::ü]");
        assert_eq!(strip_port("[::1"), "[::1");
        assert_eq!(strip_port("["), "[");
        assert_eq!(strip_port("ü:443"), "ü");
        assert_eq!(strip_port(""), "");
        assert!(!host_matches("*.example.com", "[::1]:443"));
    }

    #[test]
    fn host_patterns_starting_with_non_ascii_validate() {
        let ok = RouteMatch {
            hosts: vec!["ü.example.com".into(), "*.exämple.com".into(), "é".into()],
            ..Default::default()
        };
        assert!(ok.validate().is_ok());
        let bad = RouteMatch {
            hosts: vec!["ü*.example.com".into()],
            ..Default::default()
        };
        assert_eq!(bad.validate().unwrap_err().field, "hosts[0]");
        let empty = RouteMatch {
            hosts: vec![String::new()],
            ..Default::default()
        };
        assert!(empty.validate().is_err());
    }

    #[test]
    fn try_map_names_the_failing_config() {
        let rules: RouteRules<i32> =
            parse_config(br#"{"default":1,"rules":[{"config":2},{"config":-3}]}"#).unwrap();
        let doubled = rules.clone().try_map(|n| Ok(n * 2)).unwrap();
        assert_eq!(doubled.default, Some(2));
        assert_eq!(doubled.rules[1].config, -6);
        let err = rules
            .try_map(|n| {
                if n > 0 {
                    Ok(n)
                } else {
                    Err(ConfigError::new("n", "negative"))
                }
            })
            .unwrap_err();
        assert_eq!(err.field, "rules[1].config.n");
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Positive {
        n: i64,
    }
    impl Validate for Positive {
        fn validate(&self) -> Result<(), ConfigError> {
            if self.n > 0 {
                Ok(())
            } else {
                Err(ConfigError::new("n", "must be > 0"))
            }
        }
    }

    #[test]
    fn validation_names_rule_paths() {
        let rules: RouteRules<Positive> = parse_config(
            br#"{"default":{"n":1},"rules":[{"match":{},"config":{"n":1}},{"config":{"n":0}}]}"#,
        )
        .unwrap();
        assert_eq!(rules.validate().unwrap_err().field, "rules[1].config.n");
        let bad: RouteRules<Positive> =
            parse_config(br#"{"rules":[{"match":{"paths":["v1"]},"config":{"n":1}}]}"#).unwrap();
        assert_eq!(bad.validate().unwrap_err().field, "rules[0].match.paths[0]");
        let unknown = parse_config::<RouteRules<Positive>>(
            br#"{"rules":[{"match":{"path":["/"]},"config":{"n":1}}]}"#,
        );
        assert_eq!(unknown.unwrap_err().field, "rules[0].match.path");
    }
}

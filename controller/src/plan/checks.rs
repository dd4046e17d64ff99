//! Values the CRD schema refuses (patterns, ranges), checked again for inputs that never met an
//! apiserver (the CLI render), plus values Envoy or a filter would refuse at load or take
//! silently wrong. Each error names the field.

use crate::crd::route::{Backend, LLMRouteSpec};

use super::backends::{cluster_name, duration_ms};

/// Most retries after the first attempt (each attempt is billed by the provider).
pub const MAX_ATTEMPTS: u32 = 10;
/// Longest timeout accepted (Envoy refuses durations past its protobuf range; a day is plenty).
pub const MAX_TIMEOUT_MS: u64 = 86_400_000;

/// An RFC 1123 label (Service names, namespaces).
pub fn dns_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b.first() != Some(&b'-')
        && b.last() != Some(&b'-')
}

/// A DNS name of labels of letters, digits and `-` (not starting or ending with `-`).
pub fn dns_name(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|l| {
            let b = l.as_bytes();
            !b.is_empty()
                && b.len() <= 63
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && b.first() != Some(&b'-')
                && b.last() != Some(&b'-')
        })
}

/// `match.hosts` entries: `*`, `api.example.com` or `*.example.com`.
pub fn host_pattern(s: &str) -> bool {
    s == "*" || dns_name(s.strip_prefix("*.").unwrap_or(s))
}

pub fn backend(i: usize, b: &Backend) -> Result<(), String> {
    let t = &b.timeouts;
    for (field, value) in [
        ("connect", &t.connect),
        ("perTry", &t.per_try),
        ("idle", &t.idle),
        ("request", &t.request),
    ] {
        let Some(v) = value else { continue };
        let ms = duration_ms(v).ok_or_else(|| {
            format!("spec.backends[{i}].timeouts.{field}: '{v}' is not a duration like 30s")
        })?;
        if ms > MAX_TIMEOUT_MS {
            return Err(format!(
                "spec.backends[{i}].timeouts.{field}: '{v}' is longer than 24h"
            ));
        }
        if field == "connect" && ms == 0 {
            return Err(format!(
                "spec.backends[{i}].timeouts.connect: must be more than 0"
            ));
        }
    }
    if let Some(r) = &b.retries {
        if let Some(a) = r.attempts.filter(|a| *a > MAX_ATTEMPTS) {
            return Err(format!(
                "spec.backends[{i}].retries.attempts: {a} is more than {MAX_ATTEMPTS}"
            ));
        }
        for (j, c) in r.status_codes.iter().flatten().enumerate() {
            if !(400..=599).contains(c) {
                return Err(format!(
                    "spec.backends[{i}].retries.statusCodes[{j}]: {c} is not a 4xx or 5xx status"
                ));
            }
        }
    }
    if b.circuit_breaker.as_ref().and_then(|c| c.max_requests) == Some(0) {
        return Err(format!(
            "spec.backends[{i}].circuitBreaker.maxRequests: must be at least 1"
        ));
    }
    if let Some(s) = &b.endpoint.service {
        if !dns_label(&s.name) {
            return Err(format!(
                "spec.backends[{i}].endpoint.service.name: '{}' is not a DNS label",
                s.name.escape_debug()
            ));
        }
        if let Some(ns) = s.namespace.as_deref().filter(|ns| !dns_label(ns)) {
            return Err(format!(
                "spec.backends[{i}].endpoint.service.namespace: '{}' is not a DNS label",
                ns.escape_debug()
            ));
        }
        if s.port == 0 {
            return Err(format!(
                "spec.backends[{i}].endpoint.service.port: must be 1-65535"
            ));
        }
    }
    Ok(())
}

/// Two backends of one route whose clusters would share a name (`a-b`, `a_b`).
pub fn cluster_names(spec: &LLMRouteSpec) -> Result<(), String> {
    for (i, b) in spec.backends.iter().enumerate() {
        if let Some(j) = spec
            .backends
            .iter()
            .take(i)
            .position(|o| o.name != b.name && cluster_name(&o.name) == cluster_name(&b.name))
        {
            return Err(format!(
                "spec.backends[{i}].name: '{}' and spec.backends[{j}].name '{}' both make \
                 cluster {}",
                b.name,
                spec.backends
                    .get(j)
                    .map(|o| o.name.as_str())
                    .unwrap_or_default(),
                cluster_name(&b.name)
            ));
        }
    }
    Ok(())
}

pub fn hosts(spec: &LLMRouteSpec) -> Result<(), String> {
    let hosts = spec.matches.iter().flat_map(|m| m.hosts.iter());
    for (i, h) in hosts.enumerate() {
        if !host_pattern(h) {
            return Err(format!(
                "spec.match.hosts[{i}]: '{}' is not a host name, '*.' + a host name, or '*'",
                h.escape_debug()
            ));
        }
    }
    Ok(())
}

/// A model name or pattern as `match.models` takes it (the CRD's pattern): no empty name, no
/// quotes, spaces or control characters.
pub fn model_pattern(s: &str) -> bool {
    (1..=256).contains(&s.len())
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"._:/@+*-".contains(&c))
}

pub fn models(spec: &LLMRouteSpec) -> Result<(), String> {
    let bad = |field: String, m: &str| {
        format!(
            "{field}: '{}' is not a model name or pattern (1-256 of A-Z a-z 0-9 . _ : / @ + * -)",
            m.escape_debug()
        )
    };
    let matched = spec.matches.iter().flat_map(|m| m.models.iter());
    for (i, m) in matched.enumerate() {
        if !model_pattern(m) {
            return Err(bad(format!("spec.match.models[{i}]"), m));
        }
    }
    for (i, r) in spec.rules.iter().enumerate() {
        for (j, m) in r.models.iter().enumerate() {
            if !model_pattern(m) {
                return Err(bad(format!("spec.rules[{i}].models[{j}]"), m));
            }
        }
    }
    Ok(())
}

/// The APIs the gateway serves: a prompt endpoint at one of them would take over every request
/// of that API.
const API_PATHS: [&str; 12] = [
    "/v1/chat/completions",
    "/chat/completions",
    "/v1/completions",
    "/completions",
    "/v1/messages",
    "/messages",
    "/v1/embeddings",
    "/embeddings",
    "/v1/responses",
    "/responses",
    "/v1/models",
    "/models",
];

pub fn prompt_endpoints(spec: &LLMRouteSpec) -> Result<(), String> {
    let endpoints = spec.prompts.iter().flat_map(|p| p.endpoints.iter());
    for (i, e) in endpoints.enumerate() {
        let path = e.path.trim_end_matches('/');
        if API_PATHS
            .iter()
            .any(|a| path == *a || path.starts_with(&format!("{a}/")))
        {
            return Err(format!(
                "spec.prompts.endpoints[{i}].path: '{}' is an API path the gateway serves \
                 (every such request would get the template); use e.g. /v1/tools/<name>",
                e.path
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_hosts() {
        assert!(dns_label("llm-mock"));
        for bad in ["", "evil.com.", "x/y", "-a", "A", "a\n"] {
            assert!(!dns_label(bad), "{bad:?}");
        }
        assert!(host_pattern("*") && host_pattern("*.example.com") && host_pattern("api.x"));
        for bad in ["", "*.*.x", "a..b", "a b", "*x", "x.", "ex*.com"] {
            assert!(!host_pattern(bad), "{bad:?}");
        }
    }
}

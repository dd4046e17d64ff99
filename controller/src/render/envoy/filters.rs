//! HTTP filter entries: the llm filters (wasm or the dynamic module), Envoy's `jwt_authn` and
//! `local_ratelimit`, the router.

use serde_json::{json, Value};

use crate::plan::{Bucket, GroupMatch, JwtAuthn, LocalRateLimit};
use crate::render::Build;

use super::{duration, EnvoyOptions};

const STRING_VALUE: &str = "type.googleapis.com/google.protobuf.StringValue";

/// One llm filter: its session name (`root_id` / `filter_name`), the wasm module it is in, its
/// plugin configuration (JSON text), the proxy environment variables it reads.
pub struct LlmFilter<'a> {
    pub root_id: &'a str,
    pub module: &'a str,
    pub config: &'a str,
    pub env: &'a [String],
    /// Holds the request headers until it has read the body.
    pub holds_headers: bool,
}

pub fn llm_filter(f: &LlmFilter, opts: &EnvoyOptions) -> Value {
    match opts.build {
        Build::Wasm => wasm(f, opts),
        Build::Native => native(f),
    }
}

fn wasm(f: &LlmFilter, opts: &EnvoyOptions) -> Value {
    let mut vm = json!({
        "vm_id": f.module,
        "runtime": "envoy.wasm.runtime.v8",
        "code": { "local": { "filename": format!("{}/{}.wasm", opts.module_dir, f.module) } },
    });
    if !f.env.is_empty() {
        vm["environment_variables"] = json!({ "host_env_keys": f.env });
    }
    let mut config = json!({
        "name": f.root_id,
        "root_id": f.root_id,
        // A panic in the VM must not disable the filter on that worker for good: the next
        // request gets a fresh VM.
        "failure_policy": "FAIL_RELOAD",
    });
    if f.holds_headers {
        config["allow_on_headers_stop_iteration"] = json!(true);
    }
    config["configuration"] = json!({ "@type": STRING_VALUE, "value": f.config });
    config["vm_config"] = vm;
    json!({
        "name": "envoy.filters.http.wasm",
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
            "config": config,
        }
    })
}

/// The dynamic module `libllm_filters.so` (found through `ENVOY_DYNAMIC_MODULES_SEARCH_PATH`),
/// its metrics in the wasm build's namespace so both builds export the same names. It reads
/// the proxy's environment itself.
fn native(f: &LlmFilter) -> Value {
    json!({
        "name": format!("llm.{}", f.root_id),
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.dynamic_modules.v3.DynamicModuleFilter",
            "dynamic_module_config": { "name": "llm_filters", "metrics_namespace": "wasmcustom" },
            "filter_name": f.root_id,
            "filter_config": { "@type": STRING_VALUE, "value": f.config },
        }
    })
}

pub fn router() -> Value {
    json!({
        "name": "envoy.filters.http.router",
        "typed_config": { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" }
    })
}

/// `(?i)` regex of a host pattern as the filters match it (`*.example.com`: any label(s), then
/// the suffix), with an optional port.
fn host_regex(host: &str) -> String {
    let escape = |s: &str| {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c.to_string()
                } else {
                    format!("\\{c}")
                }
            })
            .collect::<String>()
    };
    match host.strip_prefix("*.") {
        Some(suffix) => format!("(?i)^.+\\.{}(:[0-9]+)?$", escape(suffix)),
        None => format!("(?i)^{}(:[0-9]+)?$", escape(host)),
    }
}

/// Envoy route matches (`prefix`/`path` plus header matchers) for a group: one per
/// (path, host) pair, since Envoy ANDs the conditions of one match.
pub fn route_matches(m: &GroupMatch) -> Vec<Value> {
    let paths: Vec<Value> = if m.paths.is_empty() {
        vec![json!({ "prefix": "/" })]
    } else {
        m.paths
            .iter()
            .map(|p| {
                if p.exact {
                    json!({ "path": p.value })
                } else {
                    json!({ "prefix": p.value })
                }
            })
            .collect()
    };
    let hosts: Vec<Option<&str>> = if m.hosts.is_empty() || m.hosts.iter().any(|h| h == "*") {
        vec![None]
    } else {
        m.hosts.iter().map(|h| Some(h.as_str())).collect()
    };
    let mut out = Vec::new();
    for path in &paths {
        for host in &hosts {
            let mut headers = header_matchers(m, *host);
            let mut rm = path.clone();
            if !headers.is_empty() {
                rm["headers"] = Value::Array(std::mem::take(&mut headers));
            }
            out.push(rm);
        }
    }
    out
}

fn header_matchers(m: &GroupMatch, host: Option<&str>) -> Vec<Value> {
    let mut headers: Vec<Value> = host
        .map(|h| json!({ "name": ":authority", "string_match": { "safe_regex": { "regex": host_regex(h) } } }))
        .into_iter()
        .collect();
    for (name, value) in &m.headers {
        headers.push(if value == "*" {
            json!({ "name": name, "present_match": true })
        } else {
            json!({ "name": name, "string_match": { "exact": value } })
        });
    }
    headers
}

fn requirement(providers: &[String]) -> Option<Value> {
    match providers {
        [] => None,
        [one] => Some(json!({ "provider_name": one })),
        many => Some(json!({ "requires_any": { "requirements":
            many.iter().map(|p| json!({ "provider_name": p })).collect::<Vec<_>>() } })),
    }
}

/// The jwks cluster of a provider with a remote JWKS.
pub fn jwks_cluster_name(provider: &str) -> String {
    format!("jwks_{}", provider.replace('-', "_"))
}

/// Envoy's `jwt_authn`: one rule per group's (path, host) match, in group order; a group that
/// needs no token gets a rule without `requires` so a later rule cannot catch it.
pub fn jwt_authn(j: &JwtAuthn) -> Value {
    let providers: serde_json::Map<String, Value> = j
        .providers
        .iter()
        .map(|(name, p)| {
            let mut v = json!({ "issuer": p.issuer });
            if !p.audiences.is_empty() {
                v["audiences"] = json!(p.audiences);
            }
            if let Some(inline) = &p.local_jwks {
                v["local_jwks"] = json!({ "inline_string": inline });
            }
            if let Some(uri) = &p.jwks_uri {
                v["remote_jwks"] = json!({
                    "http_uri": { "uri": uri, "cluster": jwks_cluster_name(name), "timeout": "5s" },
                    "cache_duration": "300s",
                });
            }
            v["forward"] = json!(p.forward);
            if !p.claim_to_headers.is_empty() {
                v["claim_to_headers"] = p
                    .claim_to_headers
                    .iter()
                    .map(|c| json!({ "header_name": c.header, "claim_name": c.claim }))
                    .collect();
            }
            (name.clone(), v)
        })
        .collect();
    let mut rules = Vec::new();
    for (m, required) in &j.rules {
        for rm in route_matches(m) {
            let mut rule = json!({ "match": rm });
            if let Some(r) = requirement(required) {
                rule["requires"] = r;
            }
            rules.push(rule);
        }
    }
    let mut last = json!({ "match": { "prefix": "/" } });
    if let Some(r) = requirement(&j.default) {
        last["requires"] = r;
    }
    rules.push(last);
    json!({
        "name": "envoy.filters.http.jwt_authn",
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication",
            "providers": providers,
            "rules": rules,
        }
    })
}

fn bucket(b: &Bucket) -> Value {
    json!({ "max_tokens": b.max_tokens, "tokens_per_fill": b.tokens_per_fill, "fill_interval": duration(b.fill_interval_ms) })
}

/// Envoy's `local_ratelimit`: the gateway's bucket as the filter's own; a route group's bucket
/// as a descriptor generated when the request matches the group (`header_value_match`), and
/// only that bucket is charged then.
pub fn local_ratelimit(r: &LocalRateLimit) -> Value {
    let percent = |key: &str| json!({ "runtime_key": key, "default_value": { "numerator": 100, "denominator": "HUNDRED" } });
    // Without a gateway limit the filter's own bucket never runs out in practice.
    let default = r.default.unwrap_or(Bucket {
        max_tokens: u32::MAX,
        tokens_per_fill: u32::MAX,
        fill_interval_ms: 1000,
    });
    let mut config = json!({
        "@type": "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit",
        "stat_prefix": "llm_rate_limit",
        "token_bucket": bucket(&default),
        "filter_enabled": percent("llm_rate_limit.enabled"),
        "filter_enforced": percent("llm_rate_limit.enforced"),
    });
    if !r.rules.is_empty() {
        config["always_consume_default_token_bucket"] = json!(false);
        config["descriptors"] = r
            .rules
            .iter()
            .map(|(_, id, b)| json!({ "entries": [{ "key": "llm_route", "value": id }], "token_bucket": bucket(b) }))
            .collect();
        let mut limits = Vec::new();
        for (m, id, _) in &r.rules {
            for rm in route_matches(m) {
                let mut headers = rm.get("headers").cloned().unwrap_or_else(|| json!([]));
                if let Some(list) = headers.as_array_mut() {
                    if let Some(p) = rm.get("prefix").and_then(Value::as_str) {
                        list.insert(
                            0,
                            json!({ "name": ":path", "string_match": { "prefix": p } }),
                        );
                    }
                    if let Some(p) = rm.get("path").and_then(Value::as_str) {
                        list.insert(
                            0,
                            json!({ "name": ":path", "string_match": { "exact": p } }),
                        );
                    }
                }
                limits.push(json!({ "actions": [{ "header_value_match": {
                    "descriptor_key": "llm_route", "descriptor_value": id, "headers": headers } }] }));
            }
        }
        config["rate_limits"] = Value::Array(limits);
    }
    json!({ "name": "envoy.filters.http.local_ratelimit", "typed_config": config })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_patterns_match_like_the_filters() {
        assert_eq!(
            host_regex("api.example.com"),
            r"(?i)^api\.example\.com(:[0-9]+)?$"
        );
        assert_eq!(
            host_regex("*.example.com"),
            r"(?i)^.+\.example\.com(:[0-9]+)?$"
        );
    }
}

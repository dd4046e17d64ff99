//! Envoy's own replies (no route, upstream unreachable, timeouts, overflow, too large, a failed
//! wasm VM, a rate limit) in the OpenAI error shape `{"error":{"message","type","param","code"}}`.
//! The first mapper that matches sets the body; statuses stay Envoy's. Replies already written as
//! JSON (every filter error) are left alone: the status-only mappers require a non-JSON
//! content-type. Messages are fixed: nothing from the request is echoed.

use serde_json::{json, Value};

const NOT_JSON: &str = "!('content-type' in response.headers) || !response.headers['content-type'].startsWith('application/json')";

fn mapper(filter: Value, kind: &str, code: Option<&str>, message: &str) -> Value {
    json!({
        "filter": filter,
        "body_format_override": {
            "json_format": { "error": { "message": message, "type": kind, "param": null, "code": code } },
            "content_type": "application/json",
        }
    })
}

fn flags(flags: &[&str]) -> Value {
    json!({ "response_flag_filter": { "flags": flags } })
}

fn cel(expression: &str) -> Value {
    json!({ "extension_filter": {
        "name": "envoy.access_loggers.extension_filters.cel",
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.access_loggers.filters.cel.v3.ExpressionFilter",
            "expression": expression,
        }
    } })
}

/// The HCM's `local_reply_config`; `rate_limited` adds the mapper of `local_ratelimit`'s 429.
pub fn local_reply_config(rate_limited: bool) -> Value {
    let mut mappers = vec![
        mapper(
            flags(&["NR"]),
            "not_found_error",
            Some("route_not_found"),
            "No route on this gateway matches the request.",
        ),
        mapper(
            flags(&["UT"]),
            "api_error",
            Some("upstream_timeout"),
            "The upstream provider did not answer in time.",
        ),
        // Route idle_timeout: nothing moved (504, or 408 for a stalled client).
        mapper(
            flags(&["SI"]),
            "api_error",
            Some("stream_idle_timeout"),
            "No data moved on this request for too long.",
        ),
        // Circuit breaker limits reached.
        mapper(
            flags(&["UO"]),
            "api_error",
            Some("gateway_overloaded"),
            "The gateway is at its request limit for this provider; retry later.",
        ),
        // Every backend (fallbacks included) tried, or none usable.
        mapper(
            flags(&["UH", "UF", "UC", "UR", "LR", "NC", "URX"]),
            "api_error",
            Some("upstream_unavailable"),
            "No upstream provider could be reached for this request.",
        ),
    ];
    if rate_limited {
        mappers.push(mapper(
            flags(&["RL"]),
            "rate_limit_error",
            Some("rate_limit_exceeded"),
            "Too many requests on this route; retry later.",
        ));
    }
    mappers.extend([
        // A wasm VM failed on this request (FAIL_RELOAD gives the next one a fresh VM).
        mapper(
            cel("response.code_details == 'wasm_fail_stream'"),
            "api_error",
            Some("gateway_filter_failed"),
            "A gateway filter failed while handling this request; retry it.",
        ),
        // Envoy's own 413: the buffer limit was passed before a filter decided.
        mapper(
            cel(&format!("response.code == 413 && ({NOT_JSON})")),
            "invalid_request_error",
            Some("request_too_large"),
            "The request body is larger than this gateway accepts.",
        ),
        mapper(
            cel(&format!(
                "response.code >= 400 && response.code < 500 && ({NOT_JSON})"
            )),
            "invalid_request_error",
            None,
            "The gateway could not accept this request.",
        ),
        mapper(
            cel(&format!("response.code >= 500 && ({NOT_JSON})")),
            "api_error",
            None,
            "The gateway could not complete this request.",
        ),
    ]);
    json!({ "mappers": mappers })
}

//! Envoy's own replies (no route, no upstream reachable, timeouts, overflow, too-large bodies, a
//! failed wasm VM) in the OpenAI error shape `{"error":{"message","type","param","code"}}`.
//!
//! Envoy answers these itself in plain text (or with an empty body). The HCM's
//! `local_reply_config` rewrites them: the first mapper whose filter matches sets the body.
//! Replies a filter already wrote as JSON (every llm-filters error) are left alone: the mappers
//! that match on status alone also require a non-JSON `content-type`.
//!
//! Messages are fixed strings: nothing from the request (path, headers, body) is echoed back.
//! Statuses stay Envoy's own (404 no route, 503 unavailable/overflow, 504/408 timeouts, 413 too large).
//! `envoy/bootstrap.yaml` carries the same value (a test compares them).

use serde_json::{json, Value};

/// CEL: the reply was not written as JSON (Envoy's text replies, empty bodies).
const NOT_JSON: &str =
    "!('content-type' in response.headers) || !response.headers['content-type'].startsWith('application/json')";

/// One mapping: when it applies, and the OpenAI error it becomes.
struct Mapping {
    filter: Value,
    kind: &'static str,
    code: Option<&'static str>,
    message: &'static str,
}

fn mappings() -> Vec<Mapping> {
    vec![
        Mapping {
            filter: flags(&["NR"]),
            kind: "not_found_error",
            code: Some("route_not_found"),
            message: "No route on this gateway matches the request.",
        },
        Mapping {
            filter: flags(&["UT"]),
            kind: "api_error",
            code: Some("upstream_timeout"),
            message: "The upstream provider did not answer in time.",
        },
        Mapping {
            // No byte moved either way for the route's idle_timeout (504 upstream, 408 client).
            filter: flags(&["SI"]),
            kind: "api_error",
            code: Some("stream_idle_timeout"),
            message: "No data moved on this request for too long.",
        },
        Mapping {
            // Circuit breaker limits (connections, pending or active requests) are exhausted.
            filter: flags(&["UO"]),
            kind: "api_error",
            code: Some("gateway_overloaded"),
            message: "The gateway is at its request limit for this provider; retry later.",
        },
        Mapping {
            // No healthy host, connect failure, reset or closed before the response headers,
            // no such cluster: every backend (fallbacks included) was tried or none was usable.
            filter: flags(&["UH", "UF", "UC", "UR", "LR", "NC", "URX"]),
            kind: "api_error",
            code: Some("upstream_unavailable"),
            message: "No upstream provider could be reached for this request.",
        },
        Mapping {
            // A wasm VM failed (panicked) on this request; with FAIL_RELOAD the next one gets a
            // fresh VM.
            filter: cel("response.code_details == 'wasm_fail_stream'"),
            kind: "api_error",
            code: Some("gateway_filter_failed"),
            message: "A gateway filter failed while handling this request; retry it.",
        },
        Mapping {
            // Envoy's own 413: a filter's buffer limit (per_connection_buffer_limit_bytes) was
            // passed before the filter decided.
            filter: cel(&format!("response.code == 413 && ({NOT_JSON})")),
            kind: "invalid_request_error",
            code: Some("request_too_large"),
            message: "The request body is larger than this gateway accepts.",
        },
        Mapping {
            filter: cel(&format!(
                "response.code >= 400 && response.code < 500 && ({NOT_JSON})"
            )),
            kind: "invalid_request_error",
            code: None,
            message: "The gateway could not accept this request.",
        },
        Mapping {
            filter: cel(&format!("response.code >= 500 && ({NOT_JSON})")),
            kind: "api_error",
            code: None,
            message: "The gateway could not complete this request.",
        },
    ]
}

/// The HCM `local_reply_config` mapping Envoy's own replies to the OpenAI error shape.
pub fn openai_local_replies() -> Value {
    let mappers: Vec<Value> = mappings()
        .into_iter()
        .map(|m| {
            json!({
                "filter": m.filter,
                "body_format_override": {
                    "json_format": { "error": {
                        "message": m.message,
                        "type": m.kind,
                        "param": null,
                        "code": m.code,
                    } },
                    "content_type": "application/json",
                },
            })
        })
        .collect();
    json!({ "mappers": mappers })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mapper_writes_the_openai_shape_as_json() {
        let config = openai_local_replies();
        let mappers = config["mappers"].as_array().unwrap();
        assert_eq!(mappers.len(), 9);
        for m in mappers {
            let body = &m["body_format_override"];
            assert_eq!(body["content_type"], "application/json");
            let error = &body["json_format"]["error"];
            assert!(
                error["message"].as_str().is_some_and(|s| !s.contains('%')),
                "{m}"
            );
            assert!(error["type"].is_string());
            assert!(error["param"].is_null());
            assert!(m["filter"].is_object());
            // Statuses stay Envoy's own.
            assert!(m.get("status_code").is_none());
        }
    }

    #[test]
    fn status_only_mappers_leave_json_replies_alone() {
        let config = openai_local_replies();
        for m in config["mappers"].as_array().unwrap() {
            if let Some(expr) = m.pointer("/filter/extension_filter/typed_config/expression") {
                let expr = expr.as_str().unwrap();
                assert!(
                    expr.contains("wasm_fail_stream") || expr.contains(NOT_JSON),
                    "{expr}"
                );
            }
        }
    }
}

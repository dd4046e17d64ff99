//! CRs, Secrets and API-server answers for the reconcile tests.

use k8s_openapi::api::core::v1::Secret;
use serde_json::{json, Value};

use crate::crd::{LLMPolicy, LLMRoute};

pub const NS: &str = "team-a";

/// An accepted route `chat`: backend `openai` (key from Secret `openai`) falling back to a
/// Service backend `local`.
pub fn route() -> LLMRoute {
    serde_json::from_value(json!({
        "apiVersion": "llm-filters.io/v1alpha1", "kind": "LLMRoute",
        "metadata": {
            "name": "chat", "namespace": NS, "uid": "uid-chat", "generation": 1,
            "resourceVersion": "100", "creationTimestamp": "2026-01-01T00:00:00Z",
            "finalizers": ["llm-filters.io/cleanup"]
        },
        "spec": {
            "defaultBackend": "openai",
            "backends": [
                { "name": "openai", "endpoint": { "url": "https://api.openai.com" },
                  "apiKey": { "secretRef": { "name": "openai", "key": "api-key" } },
                  "fallback": ["local"] },
                { "name": "local", "endpoint": { "service": { "name": "vllm", "namespace": "models", "port": 8000 } },
                  "modelNameOverride": "llama-3.1-8b" }
            ]
        }
    }))
    .unwrap()
}

/// A policy `name` masking emails with `action` on route `chat`.
pub fn policy(name: &str, action: &str) -> LLMPolicy {
    serde_json::from_value(json!({
        "apiVersion": "llm-filters.io/v1alpha1", "kind": "LLMPolicy",
        "metadata": {
            "name": name, "namespace": NS, "uid": format!("uid-{name}"), "generation": 1,
            "resourceVersion": "200", "creationTimestamp": "2026-01-01T00:00:00Z",
            "finalizers": ["llm-filters.io/cleanup"]
        },
        "spec": {
            "targetRefs": [{ "group": "llm-filters.io", "kind": "LLMRoute", "name": "chat" }],
            "piiMask": { "detectors": { "email": { "action": action } } }
        }
    }))
    .unwrap()
}

pub fn secret() -> Secret {
    serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "Secret",
        "metadata": { "name": "openai", "namespace": NS },
        // "sk-test" (base64): a value the controller must never copy anywhere.
        "data": { "api-key": "c2stdGVzdA==" }
    }))
    .unwrap()
}

pub fn list<T: serde::Serialize>(api_version: &str, kind: &str, items: &[T]) -> Value {
    json!({
        "apiVersion": api_version, "kind": kind,
        "metadata": { "resourceVersion": "1" },
        "items": items
    })
}

pub fn not_found() -> (u16, Value) {
    (
        404,
        json!({ "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "reason": "NotFound", "code": 404, "message": "not found" }),
    )
}

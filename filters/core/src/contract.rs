//! How the filters talk to each other, in one place.
//!
//! Trust rule: a client must never be able to set a value filters use among themselves. So state
//! passes through Envoy filter state (which a client cannot write), never through request headers,
//! with one exception: the route-selection header model-router sets for Envoy's route table. Its
//! writer removes any client-sent copy before setting it, and the upstream stage removes every
//! internal header before the provider sees the request.

/// Filter-state keys (`Host::set_filter_state` / `Host::filter_state`). In Envoy's wasm host a key
/// `k` is stored as filter state `wasm.k`, so access logs read `%FILTER_STATE(wasm.k:PLAIN)%`.
pub mod state {
    /// token-meter → model-router: the model a budget threshold falls back to. model-router
    /// applies it through its own aliases and strict mode.
    pub const MODEL_OVERRIDE: &str = "llm.model_override";
    /// model-router → later filters and the access log: the model sent to the provider.
    pub const ROUTED_MODEL: &str = "llm.routed_model";
    /// model-router → later filters and the access log: the backend chosen for the first attempt.
    pub const ROUTED_BACKEND: &str = "llm.routed_backend";
    /// model-router route stage → its upstream stage: the fallback plan for later attempts.
    pub const FALLBACK_PLAN: &str = "llm.fallback_plan";
}

/// Request headers that are internal to the gateway start with this prefix. None of them may
/// come from a client where a filter reads it, and none may reach a provider.
pub const INTERNAL_HEADER_PREFIX: &str = "x-llm-";

/// Whether a request header is internal (see [`INTERNAL_HEADER_PREFIX`]); names are compared
/// case-insensitively.
pub fn is_internal_header(name: &str) -> bool {
    name.len() >= INTERNAL_HEADER_PREFIX.len()
        && name
            .as_bytes()
            .iter()
            .zip(INTERNAL_HEADER_PREFIX.as_bytes())
            .all(|(a, b)| a.eq_ignore_ascii_case(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_headers_by_prefix() {
        assert!(is_internal_header("x-llm-backend"));
        assert!(is_internal_header("X-LLM-Fallback-Plan"));
        assert!(!is_internal_header("x-llm"));
        assert!(!is_internal_header("x-request-id"));
        assert!(!is_internal_header("é"));
    }
}

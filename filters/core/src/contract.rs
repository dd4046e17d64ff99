//! How the filters talk to each other, in one place.
//!
//! Trust rule: a client must never be able to set a value filters use among themselves. So state
//! passes through Envoy filter state (which a client cannot write), never through request headers,
//! with one exception: the route-selection header model-router sets for Envoy's route table. Its
//! writer removes any client-sent copy before setting it, and the upstream stage removes every
//! internal header before the provider sees the request.

use crate::session::Host;

/// Filter-state keys (`Host::set_filter_state` / `Host::filter_state`). In Envoy's wasm host a key
/// `k` is stored as filter state `wasm.k`, so access logs read `%FILTER_STATE(wasm.k:PLAIN)%`.
pub mod state {
    /// token-meter → model-router: the model a budget threshold falls back to. model-router
    /// applies it through its own aliases and strict mode.
    pub const MODEL_OVERRIDE: &str = "llm.model_override";
    /// model-router → later filters and the access log: the model sent to the provider.
    pub const ROUTED_MODEL: &str = "llm.routed_model";
    /// model-router → later filters and the access log: the backend chosen for the first attempt.
    /// Set on every request model-router routes, and before any of [`ROUTED_MODEL`],
    /// [`ANSWERED_BACKEND`], [`ANSWERED_MODEL`]: a stream without it has none of them (readers
    /// rely on this to skip the other reads).
    pub const ROUTED_BACKEND: &str = "llm.routed_backend";
    /// model-router → later filters and the access log, once the response headers arrived:
    /// the backend that answered (the primary, or the fallback that served the request). Set
    /// only when model-router's upstream stage named it ([`super::ANSWERED_BY_HEADER`]).
    pub const ANSWERED_BACKEND: &str = "llm.answered_backend";
    /// The model the answering backend was sent (its entry in the fallback plan).
    pub const ANSWERED_MODEL: &str = "llm.answered_model";
    /// model-router route stage → its upstream stage: the fallback plan for later attempts.
    pub const FALLBACK_PLAN: &str = "llm.fallback_plan";
    /// Set by the first llm filter of a stream once it removed the client's internal headers
    /// ([`super::guard_request`]); later filters see it and leave the headers filters set alone.
    pub const BOUNDARY: &str = "llm.boundary";
}

/// Request headers that are internal to the gateway start with this prefix. None of them may
/// come from a client where a filter reads it, and none may reach a provider.
pub const INTERNAL_HEADER_PREFIX: &str = "x-llm-";

/// model-router upstream stage → route stage, as a *response* header: the backend of the attempt
/// whose answer this is (upstream filter state does not reach the downstream stream). The
/// upstream stage sees the provider's answer first and always overwrites or removes it, so a
/// provider cannot forge it; the route stage reads it, accepts only a backend of the request's
/// plan, and removes it before the client or any other filter sees the response.
pub const ANSWERED_BY_HEADER: &str = "x-llm-answered-by";

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

/// The trust boundary, enforced by every host adapter before a session sees the request: the
/// first llm filter of a stream removes every internal header the client sent and marks the
/// stream, so whichever filter runs first (or alone) no client value steers a filter or reaches
/// the provider, and filters later in the chain keep the internal headers earlier ones set.
pub fn guard_request(host: &mut dyn Host) {
    if host.filter_state(state::BOUNDARY).is_some() {
        return;
    }
    for (name, _) in host.request_headers() {
        if is_internal_header(&name) {
            host.remove_request_header(&name);
        }
    }
    host.set_filter_state(state::BOUNDARY, b"1");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Flow, Session};
    use crate::testing::{empty_answer, run, Message, TestHost};

    struct Sees(Vec<String>);
    impl Session for Sees {
        fn on_request_headers(&mut self, host: &mut dyn Host, _: bool) -> Flow {
            self.0 = host.request_headers().into_iter().map(|(n, _)| n).collect();
            host.set_request_header("x-llm-backend", "chosen");
            Flow::Continue
        }
    }

    #[test]
    fn the_first_filter_strips_client_internal_headers_later_ones_keep_filter_set_ones() {
        let request = Message::new(&[(":method", "GET"), (":path", "/")])
            .header("X-LLM-Fallback-Plan", b"mock=x")
            .header("x-llm-backend", b"forged")
            .header("x-note", b"kept");
        let mut first = Sees(Vec::new());
        let out = run(&mut first, TestHost::default(), &request, empty_answer);
        assert_eq!(first.0, vec![":method", ":path", "x-note"]);
        let up = out.upstream.as_ref().unwrap();
        assert_eq!(up.header("x-llm-backend"), Some("chosen"));
        assert_eq!(up.header("x-llm-fallback-plan"), None);

        // A second filter on the same stream: the boundary is already drawn.
        let mut host = out.host;
        host.set_request_header("x-llm-backend", "chosen");
        guard_request(&mut host);
        assert_eq!(
            crate::headers::get(&host.request_headers(), "x-llm-backend"),
            Some("chosen")
        );
    }

    #[test]
    fn internal_headers_by_prefix() {
        assert!(is_internal_header("x-llm-backend"));
        assert!(is_internal_header("X-LLM-Fallback-Plan"));
        assert!(!is_internal_header("x-llm"));
        assert!(!is_internal_header("x-request-id"));
        assert!(!is_internal_header("é"));
    }
}

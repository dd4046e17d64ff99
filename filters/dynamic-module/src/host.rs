//! [`Host`] over Envoy's dynamic-module callbacks, with the wasm adapter's guarantees: request
//! headers readable in every phase (a copy kept from the request-headers hook), header values
//! read lossily as UTF-8, no call that can panic (a call invalid in the current phase does
//! nothing and reads as absent).
//!
//! Bodies. Envoy hands a body hook two buffers: the chunk just received and what earlier hooks
//! buffered (`StopIterationAndBuffer`, which is what [`Flow::Pause`] maps to). The session
//! contract is proxy-wasm's: inside a body callback the body is everything held since the last
//! `Continue`, i.e. buffered + received. When a previous filter resumed with its buffer, the
//! received chunk *is* the buffered body (Envoy says so) and is read once. Outside a body hook
//! (trailers) the held body is the buffered one. Writes replace exactly what reads return.

use crate::abi::{body_type, header_type};
use crate::envoy;
use crate::metrics::{self, Kind};
use crate::registry;
use crate::store;
use llm_filters_core::quota_store::SharedStore;
use llm_filters_core::session::{cache_header, HeaderList, Host};
use std::sync::Arc;
use std::time::Duration;

/// Which body hook is running, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyHook {
    None,
    Request,
    Response,
}

pub struct NativeHost {
    pub filter: envoy::Filter,
    pub metrics: Arc<metrics::Table>,
    /// Read at the request-headers hook (the trust boundary needs them), kept for later phases.
    pub request_headers: Option<HeaderList>,
    /// Read when a session first asks (most filters never look at the response headers), then
    /// kept like the request headers.
    pub response_headers: Option<HeaderList>,
    /// The caches were read during the running hook (and kept up to date since): a header
    /// absent from them is absent from Envoy's map, so removing it needs no call.
    request_fresh: bool,
    response_fresh: bool,
    /// A request header changed in this hook: the route is re-selected once, when the hook
    /// returns or before the route is read ([`NativeHost::settle`]).
    pub route_dirty: bool,
    pub in_response: bool,
    pub body_hook: BodyHook,
    /// The filter instance (`filter_name`), for `["plugin_root_id"]`.
    pub instance: Arc<str>,
    /// A downstream filter: request header changes re-select the route.
    pub downstream: bool,
    /// Counts go to [`metrics::defer`] (model-router's upstream stage) ...
    defers_metrics: bool,
    /// ... and are counted by model-router's route stage at the end of its hooks.
    counts_deferred: bool,
}

impl NativeHost {
    pub fn new(filter: envoy::Filter, metrics: Arc<metrics::Table>, instance: Arc<str>) -> Self {
        let downstream = &*instance != "model_router_upstream";
        let counts_deferred = &*instance == "model_router";
        NativeHost {
            defers_metrics: !downstream,
            counts_deferred,
            filter,
            metrics,
            request_headers: None,
            response_headers: None,
            request_fresh: false,
            response_fresh: false,
            route_dirty: false,
            in_response: false,
            body_hook: BodyHook::None,
            instance,
            downstream,
        }
    }

    /// At the start of a hook: the request headers are read at their own hook; earlier reads
    /// stay readable but are no longer known to be current.
    pub fn begin_hook(&mut self, request_headers_hook: bool) {
        self.request_fresh = request_headers_hook;
        self.response_fresh = false;
        if request_headers_hook {
            self.request_headers = Some(self.filter.header_list(header_type::REQUEST_HEADER));
        }
    }

    /// At the end of a hook: one route re-selection for all the request header changes; the
    /// route stage counts what upstream stages of this worker deferred.
    pub fn settle(&mut self) {
        if std::mem::take(&mut self.route_dirty) {
            self.filter.clear_route_cache();
        }
        if self.counts_deferred {
            for (name, by) in metrics::take_deferred() {
                self.count(&name, by);
            }
        }
    }

    fn cached_response_headers(&mut self) -> Option<&HeaderList> {
        if !self.in_response {
            return None;
        }
        if self.response_headers.is_none() {
            self.response_headers = Some(self.filter.header_list(header_type::RESPONSE_HEADER));
            self.response_fresh = true;
        }
        self.response_headers.as_ref()
    }

    /// Whether removing `name` from a map needs no call: the cache is current and lacks it.
    fn surely_absent(fresh: bool, cache: &Option<HeaderList>, name: &str) -> bool {
        fresh
            && cache
                .as_ref()
                .is_some_and(|h| !h.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)))
    }

    /// The trust boundary (`llm_filters_core::contract::guard_request`) on the kept request
    /// headers, without copying them.
    pub fn guard_request(&mut self) {
        use llm_filters_core::contract::{is_internal_header, state};
        if self.filter_state(state::BOUNDARY).is_some() {
            return;
        }
        let internal: Vec<String> = self
            .request_headers
            .iter()
            .flatten()
            .filter(|(n, _)| is_internal_header(n))
            .map(|(n, _)| n.clone())
            .collect();
        for name in internal {
            self.remove_request_header(&name);
        }
        self.set_filter_state(state::BOUNDARY, b"1");
    }

    /// The (buffered, received) body types of a direction.
    fn types(response: bool) -> (u32, u32) {
        if response {
            (body_type::BUFFERED_RESPONSE, body_type::RECEIVED_RESPONSE)
        } else {
            (body_type::BUFFERED_REQUEST, body_type::RECEIVED_REQUEST)
        }
    }

    /// Whether a body hook of this direction is running with a chunk distinct from the buffer.
    fn separate_chunk(&self, response: bool) -> bool {
        let hook = if response {
            BodyHook::Response
        } else {
            BodyHook::Request
        };
        self.body_hook == hook && !self.filter.received_is_buffered(response)
    }

    pub fn held_size(&self, response: bool) -> usize {
        let (buffered, received) = Self::types(response);
        let mut size = self.filter.body_size(buffered);
        if self.separate_chunk(response) {
            size = size.saturating_add(self.filter.body_size(received));
        }
        size
    }

    fn body(&self, response: bool) -> Vec<u8> {
        let (buffered, received) = Self::types(response);
        let mut out = Vec::new();
        self.filter.read_body_into(buffered, &mut out);
        if self.separate_chunk(response) {
            self.filter.read_body_into(received, &mut out);
        }
        out
    }

    /// Lends the held body to `read` (see `Host::read_request_body`): in place when it is one
    /// Envoy slice (the common case of a body that came in one chunk), else copied once.
    fn lend(&self, response: bool, read: &mut dyn FnMut(&[u8])) {
        let (buffered, received) = Self::types(response);
        if !self.separate_chunk(response) {
            self.filter.lend_body(buffered, read);
        } else if self.filter.body_size(buffered) == 0 {
            self.filter.lend_body(received, read);
        } else {
            read(&self.body(response));
        }
    }

    fn set_body(&mut self, response: bool, body: &[u8]) {
        let (buffered, received) = Self::types(response);
        let separate = self.separate_chunk(response);
        self.filter.drain_body(buffered, usize::MAX);
        if separate {
            // Envoy moves the received chunk into the buffer when the hook returns, so the new
            // body goes where the chunk was and the buffer stays empty.
            self.filter.drain_body(received, usize::MAX);
            self.filter.append_body(received, body);
        } else {
            self.filter.append_body(buffered, body);
        }
    }
}

impl Host for NativeHost {
    fn request_headers(&mut self) -> HeaderList {
        self.request_headers.clone().unwrap_or_default()
    }

    fn request_header(&mut self, name: &str) -> Option<String> {
        let headers = self.request_headers.as_deref()?;
        llm_filters_core::headers::get(headers, name).map(str::to_string)
    }

    fn set_request_header(&mut self, name: &str, value: &str) {
        if !self.in_response
            && self
                .filter
                .set_header(header_type::REQUEST_HEADER, name, Some(value.as_bytes()))
        {
            cache_header(&mut self.request_headers, name, Some(value));
            self.route_dirty |= self.downstream;
        }
    }

    fn remove_request_header(&mut self, name: &str) {
        if self.in_response || Self::surely_absent(self.request_fresh, &self.request_headers, name)
        {
            return;
        }
        if self
            .filter
            .set_header(header_type::REQUEST_HEADER, name, None)
        {
            cache_header(&mut self.request_headers, name, None);
            self.route_dirty |= self.downstream;
        }
    }

    fn request_body(&mut self) -> Vec<u8> {
        if self.in_response {
            Vec::new()
        } else {
            self.body(false)
        }
    }

    fn read_request_body(&mut self, read: &mut dyn FnMut(&[u8])) {
        if self.in_response {
            read(&[]);
        } else {
            self.lend(false, read);
        }
    }

    fn set_request_body(&mut self, body: &[u8]) {
        if !self.in_response {
            self.set_body(false, body);
        }
    }

    fn response_headers(&mut self) -> HeaderList {
        self.cached_response_headers().cloned().unwrap_or_default()
    }

    fn response_header(&mut self, name: &str) -> Option<String> {
        let headers = self.cached_response_headers()?;
        llm_filters_core::headers::get(headers, name).map(str::to_string)
    }

    fn set_response_header(&mut self, name: &str, value: &str) {
        if self.in_response
            && self
                .filter
                .set_header(header_type::RESPONSE_HEADER, name, Some(value.as_bytes()))
        {
            cache_header(&mut self.response_headers, name, Some(value));
        }
    }

    fn remove_response_header(&mut self, name: &str) {
        let absent = Self::surely_absent(self.response_fresh, &self.response_headers, name);
        if self.in_response
            && !absent
            && self
                .filter
                .set_header(header_type::RESPONSE_HEADER, name, None)
        {
            cache_header(&mut self.response_headers, name, None);
        }
    }

    fn response_body(&mut self) -> Vec<u8> {
        if self.in_response {
            self.body(true)
        } else {
            Vec::new()
        }
    }

    fn read_response_body(&mut self, read: &mut dyn FnMut(&[u8])) {
        if self.in_response {
            self.lend(true, read);
        } else {
            read(&[]);
        }
    }

    fn set_response_body(&mut self, body: &[u8]) {
        if self.in_response {
            self.set_body(true, body);
        }
    }

    fn send_reply(&mut self, status: u16, headers: &[(String, String)], body: &[u8]) {
        self.filter.send_response(status, headers, body);
    }

    fn property(&mut self, path: &[&str]) -> Option<Vec<u8>> {
        use crate::abi::{attribute_id, metadata_source};
        if self.route_dirty && matches!(path.first(), Some(&"xds")) {
            // The route (and its cluster and metadata) as the changed headers select it.
            self.settle();
        }
        let value = match path {
            ["plugin_root_id"] | ["plugin_name"] => Some(self.instance.as_bytes().to_vec()),
            ["xds", "route_name"] => self.filter.attribute_string(attribute_id::XDS_ROUTE_NAME),
            ["xds", "cluster_name"] => self.filter.attribute_string(attribute_id::XDS_CLUSTER_NAME),
            ["xds", "upstream_host_metadata", "filter_metadata", ns, key] => {
                self.filter.metadata_string(metadata_source::HOST, ns, key)
            }
            ["xds", "route_metadata", "filter_metadata", ns, key] => {
                self.filter.metadata_string(metadata_source::ROUTE, ns, key)
            }
            ["xds", "cluster_metadata", "filter_metadata", ns, key] => {
                self.filter
                    .metadata_string(metadata_source::CLUSTER, ns, key)
            }
            _ => None,
        };
        value.filter(|v| !v.is_empty())
    }

    fn set_filter_state(&mut self, key: &str, value: &[u8]) {
        self.filter.set_filter_state(&envoy_key(key), value);
    }

    fn filter_state(&mut self, key: &str) -> Option<Vec<u8>> {
        self.filter
            .filter_state(&envoy_key(key))
            .filter(|v| !v.is_empty())
    }

    fn count(&mut self, name: &str, by: u64) {
        if self.defers_metrics {
            return metrics::defer(name, by);
        }
        // Adding 0 to a counter that exists changes nothing: only its first use goes to Envoy
        // (which creates it, so it shows as 0).
        if by == 0 && self.metrics.is_counted(name) {
            return;
        }
        match self.metrics.resolve(Kind::Counter, name) {
            Some((id, labels)) => {
                self.filter.increment_counter(id, labels.as_slice(), by);
            }
            None => metrics::note_unknown(name),
        }
    }

    fn record(&mut self, name: &str, value: u64) {
        match self.metrics.resolve(Kind::Histogram, name) {
            Some((id, labels)) => {
                self.filter.record_histogram(id, labels.as_slice(), value);
            }
            None => metrics::note_unknown(name),
        }
    }

    fn now(&self) -> Duration {
        registry::now()
    }

    fn store(&self) -> &dyn SharedStore {
        store::shared()
    }
}

/// Envoy's filter-state name of a contract key: the wasm build's, `wasm.<key>` (Envoy's wasm
/// host prefixes every key a plugin sets), so `%FILTER_STATE(wasm.llm.routed_model:PLAIN)%` in an
/// access log reads the same value on both builds.
fn envoy_key(key: &str) -> std::borrow::Cow<'static, str> {
    use llm_filters_core::contract::state;
    // The contract's keys, spelled out: no formatting on the hot path.
    let known = match key {
        state::MODEL_OVERRIDE => "wasm.llm.model_override",
        state::ROUTED_MODEL => "wasm.llm.routed_model",
        state::ROUTED_BACKEND => "wasm.llm.routed_backend",
        state::ANSWERED_BACKEND => "wasm.llm.answered_backend",
        state::ANSWERED_MODEL => "wasm.llm.answered_model",
        state::FALLBACK_PLAN => "wasm.llm.fallback_plan",
        state::BOUNDARY => "wasm.llm.boundary",
        _ => return format!("wasm.{key}").into(),
    };
    known.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::{attribute_id, metadata_source};
    use crate::fake_envoy::{self, with};

    fn host() -> NativeHost {
        fake_envoy::reset();
        let metrics = metrics::Table::define(envoy::Config(std::ptr::null_mut()), "token_meter");
        NativeHost::new(
            envoy::Filter(std::ptr::null_mut()),
            Arc::new(metrics),
            Arc::from("token_meter"),
        )
    }

    fn set_bodies(buffered: &[&[u8]], received: &[&[u8]], same: bool) {
        with(|f| {
            f.bodies[body_type::BUFFERED_REQUEST as usize] =
                buffered.iter().map(|c| c.to_vec()).collect();
            f.bodies[body_type::RECEIVED_REQUEST as usize] =
                received.iter().map(|c| c.to_vec()).collect();
            f.received_is_buffered = same;
        });
    }

    #[test]
    fn in_a_body_hook_the_held_body_is_buffered_then_received() {
        let mut h = host();
        set_bodies(&[b"ab", b"c"], &[b"def"], false);
        h.body_hook = BodyHook::Request;
        assert_eq!(h.held_size(false), 6);
        assert_eq!(h.request_body(), b"abcdef");
        h.set_request_body(b"XY");
        // The replacement takes the received chunk's place; the buffer is emptied.
        with(|f| {
            assert!(f.bodies[body_type::BUFFERED_REQUEST as usize]
                .concat()
                .is_empty());
            assert_eq!(
                f.bodies[body_type::RECEIVED_REQUEST as usize].concat(),
                b"XY"
            );
        });
        assert_eq!(h.request_body(), b"XY");
    }

    #[test]
    fn a_chunk_that_is_the_buffer_is_read_once() {
        let mut h = host();
        set_bodies(&[b"whole body"], &[], true);
        h.body_hook = BodyHook::Request;
        assert_eq!(h.held_size(false), 10);
        assert_eq!(h.request_body(), b"whole body");
        h.set_request_body(b"new");
        with(|f| {
            assert_eq!(
                f.bodies[body_type::BUFFERED_REQUEST as usize].concat(),
                b"new"
            )
        });
    }

    #[test]
    fn a_lent_body_is_the_held_body_in_one_piece_or_many() {
        let lent = |h: &mut NativeHost| {
            let mut out = Vec::new();
            h.read_request_body(&mut |b| out = b.to_vec());
            out
        };
        let mut h = host();
        h.body_hook = BodyHook::Request;
        // One chunk received, nothing buffered yet: lent in place.
        set_bodies(&[], &[b"whole"], false);
        assert_eq!(lent(&mut h), b"whole");
        // A previous filter's buffer handed on as the chunk: read once.
        set_bodies(&[b"once"], &[], true);
        assert_eq!(lent(&mut h), b"once");
        // Several slices and a separate chunk: copied, in order.
        set_bodies(&[b"ab", b"c"], &[b"def"], false);
        assert_eq!(lent(&mut h), b"abcdef");
        set_bodies(&[b"ab", b"c"], &[], true);
        assert_eq!(lent(&mut h), b"abc");
        set_bodies(&[], &[], false);
        assert_eq!(lent(&mut h), b"");
        // No request body in the response phase; the response body is lent the same way.
        h.in_response = true;
        assert_eq!(lent(&mut h), b"");
        h.body_hook = BodyHook::Response;
        with(|f| {
            f.bodies[body_type::RECEIVED_RESPONSE as usize] = vec![b"answer".to_vec()];
            f.received_is_buffered = false;
        });
        let mut out = Vec::new();
        h.read_response_body(&mut |b| out = b.to_vec());
        assert_eq!(out, b"answer");
    }

    #[test]
    fn outside_a_body_hook_only_the_buffer_is_held() {
        let mut h = host();
        set_bodies(&[b"buffered"], &[b"stale chunk"], false);
        assert_eq!(h.request_body(), b"buffered");
        assert_eq!(h.held_size(false), 8);
        h.in_response = true;
        assert!(
            h.request_body().is_empty(),
            "no request body in the response phase"
        );
        h.set_request_body(b"late");
        with(|f| {
            assert_eq!(
                f.bodies[body_type::BUFFERED_REQUEST as usize].concat(),
                b"buffered"
            )
        });
    }

    #[test]
    fn headers_read_lossily_and_changes_keep_the_cache_and_reselect_the_route() {
        let mut h = host();
        with(|f| f.request_headers = vec![(b"X-Bin".to_vec(), b"caf\xff".to_vec())]);
        h.begin_hook(true);
        assert_eq!(
            h.request_headers(),
            [("x-bin".to_string(), "caf\u{fffd}".to_string())]
        );
        h.set_request_header("x-llm-backend", "alpha");
        h.remove_request_header("x-bin");
        assert_eq!(
            h.request_headers(),
            [("x-llm-backend".to_string(), "alpha".to_string())]
        );
        with(|f| {
            assert_eq!(
                f.request_headers,
                [(b"x-llm-backend".to_vec(), b"alpha".to_vec())]
            );
            assert_eq!(f.route_cache_cleared, 0, "once, when the hook settles");
        });
        h.settle();
        with(|f| assert_eq!(f.route_cache_cleared, 1));
        // Once the response started, request headers no longer change (but stay readable).
        h.in_response = true;
        h.set_request_header("x-late", "1");
        assert_eq!(h.request_headers().len(), 1);
        with(|f| assert_eq!(f.request_headers.len(), 1));
    }

    #[test]
    fn properties_map_onto_attributes_and_metadata() {
        let mut h = host();
        with(|f| {
            f.attributes
                .insert(attribute_id::XDS_ROUTE_NAME, b"chat".to_vec());
            f.metadata.insert(
                (metadata_source::HOST, b"llm".to_vec(), b"backend".to_vec()),
                b"alpha".to_vec(),
            );
        });
        assert_eq!(h.property(&["xds", "route_name"]), Some(b"chat".to_vec()));
        assert_eq!(
            h.property(&[
                "xds",
                "upstream_host_metadata",
                "filter_metadata",
                "llm",
                "backend"
            ]),
            Some(b"alpha".to_vec())
        );
        assert_eq!(
            h.property(&["plugin_root_id"]),
            Some(b"token_meter".to_vec())
        );
        assert_eq!(h.property(&["xds", "cluster_name"]), None);
        assert_eq!(h.property(&["anything", "else"]), None);
        h.set_filter_state("llm.routed_model", b"m");
        assert_eq!(h.filter_state("llm.routed_model"), Some(b"m".to_vec()));
        // Stored under the wasm build's name, so access logs read the same key on both builds.
        let stored = with(|f| f.filter_state.get(&b"wasm.llm.routed_model"[..]).cloned());
        assert_eq!(stored, Some(b"m".to_vec()));
        assert_eq!(h.filter_state("llm.absent"), None);
    }

    #[test]
    fn the_upstream_stage_counts_through_the_route_stage_of_its_worker() {
        fake_envoy::reset();
        let table = |name| {
            Arc::new(metrics::Table::define(
                envoy::Config(std::ptr::null_mut()),
                name,
            ))
        };
        let filter = envoy::Filter(std::ptr::null_mut());
        let upstream_table = table("model_router_upstream");
        let route_table = table("model_router");
        let mut upstream =
            NativeHost::new(filter, upstream_table, Arc::from("model_router_upstream"));
        let mut route = NativeHost::new(filter, route_table, Arc::from("model_router"));
        upstream.count("llm_router.translations.from.openai.to.anthropic", 1);
        upstream.settle();
        with(|f| {
            assert!(
                f.increments.is_empty(),
                "nothing counted in the cluster's scope"
            )
        });
        route.settle();
        let id = with(|f| {
            f.defined
                .iter()
                .position(|(_, name, _)| name == "llm_router.translations")
                .unwrap()
        });
        with(|f| {
            assert_eq!(
                f.increments,
                [(id, vec!["openai".to_string(), "anthropic".to_string()], 1)]
            )
        });
        route.settle();
        with(|f| assert_eq!(f.increments.len(), 1, "counted once"));
    }

    #[test]
    fn metrics_go_to_the_spec_defined_at_load_with_their_label_values() {
        let mut h = host();
        let defined = with(|f| f.defined.clone());
        let id = defined
            .iter()
            .position(|(hist, name, labels)| {
                !hist && name == "token_meter.requests" && labels.len() == 3
            })
            .unwrap();
        h.count("token_meter.requests.route.r.model.m.backend.b", 2);
        h.count("token_meter.undeclared", 1);
        with(|f| {
            assert_eq!(
                f.increments,
                [(
                    id,
                    vec!["r".to_string(), "m".to_string(), "b".to_string()],
                    2
                )]
            )
        });
    }
}

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
use crate::envoy::{self, RawHeaders};
use crate::metrics::{self, Kind};
use crate::registry;
use crate::store;
use llm_filters_core::quota_store::SharedStore;
use llm_filters_core::session::{HeaderList, Host};
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
    pub request_headers: Option<HeaderList>,
    pub response_headers: Option<HeaderList>,
    pub in_response: bool,
    pub body_hook: BodyHook,
    /// The filter instance (`filter_name`), for `["plugin_root_id"]`.
    pub instance: Arc<str>,
    /// A downstream filter: request header changes re-select the route.
    pub downstream: bool,
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A header map as text: names lower-cased, values not valid UTF-8 read with U+FFFD.
pub fn to_list(raw: RawHeaders) -> HeaderList {
    raw.into_iter()
        .map(|(n, v)| (lossy(&n).to_ascii_lowercase(), lossy(&v)))
        .collect()
}

fn cache_set(cache: &mut Option<HeaderList>, name: &str, value: Option<&str>) {
    if let Some(headers) = cache.as_mut() {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        if let Some(value) = value {
            headers.push((name.to_ascii_lowercase(), value.to_string()));
        }
    }
}

impl NativeHost {
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

    fn set_request_header(&mut self, name: &str, value: &str) {
        if !self.in_response
            && self
                .filter
                .set_header(header_type::REQUEST_HEADER, name, Some(value.as_bytes()))
        {
            cache_set(&mut self.request_headers, name, Some(value));
            if self.downstream {
                self.filter.clear_route_cache();
            }
        }
    }

    fn remove_request_header(&mut self, name: &str) {
        if !self.in_response
            && self
                .filter
                .set_header(header_type::REQUEST_HEADER, name, None)
        {
            cache_set(&mut self.request_headers, name, None);
            if self.downstream {
                self.filter.clear_route_cache();
            }
        }
    }

    fn request_body(&mut self) -> Vec<u8> {
        if self.in_response {
            Vec::new()
        } else {
            self.body(false)
        }
    }

    fn set_request_body(&mut self, body: &[u8]) {
        if !self.in_response {
            self.set_body(false, body);
        }
    }

    fn response_headers(&mut self) -> HeaderList {
        self.response_headers.clone().unwrap_or_default()
    }

    fn set_response_header(&mut self, name: &str, value: &str) {
        if self.in_response
            && self
                .filter
                .set_header(header_type::RESPONSE_HEADER, name, Some(value.as_bytes()))
        {
            cache_set(&mut self.response_headers, name, Some(value));
        }
    }

    fn remove_response_header(&mut self, name: &str) {
        if self.in_response
            && self
                .filter
                .set_header(header_type::RESPONSE_HEADER, name, None)
        {
            cache_set(&mut self.response_headers, name, None);
        }
    }

    fn response_body(&mut self) -> Vec<u8> {
        if self.in_response {
            self.body(true)
        } else {
            Vec::new()
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
        self.filter.set_filter_state(key, value);
    }

    fn filter_state(&mut self, key: &str) -> Option<Vec<u8>> {
        self.filter.filter_state(key).filter(|v| !v.is_empty())
    }

    fn count(&mut self, name: &str, by: u64) {
        match self.metrics.resolve(Kind::Counter, name) {
            Some((id, labels)) => {
                self.filter.increment_counter(id, &labels, by);
            }
            None => metrics::note_unknown(name),
        }
    }

    fn record(&mut self, name: &str, value: u64) {
        match self.metrics.resolve(Kind::Histogram, name) {
            Some((id, labels)) => {
                self.filter.record_histogram(id, &labels, value);
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

//! The generic proxy-wasm root and HTTP context. No filter logic lives here: it moves events
//! and data between Envoy and a [`Session`], through the non-panicking calls in [`super::ffi`].

use super::ffi;
use crate::quota_store::{SharedStore, StoreError};
use crate::session::{
    cache_header, header_list, Filter, Flow, HeaderList, Host, LoadContext, Session,
};
use proxy_wasm::traits::{Context, HttpContext, RootContext};
use proxy_wasm::types::{Action, ContextType, LogLevel};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

/// Installs the root context for `F`. Called from the module's `_initialize`.
pub fn start<F: Filter>() {
    proxy_wasm::set_log_level(LogLevel::Info);
    proxy_wasm::set_root_context(|_| -> Box<dyn RootContext> {
        Box::new(Root::<F> {
            filter: None,
            streams: Cell::new(0),
        })
    });
}

struct Root<F: Filter> {
    filter: Option<Arc<F>>,
    /// Counts streams, for per-stream seeds.
    streams: Cell<u64>,
}

impl<F: Filter> Context for Root<F> {}

struct WasmLoad {
    instance: String,
}

impl LoadContext for WasmLoad {
    fn env_var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn instance_name(&self) -> &str {
        &self.instance
    }

    fn store(&self) -> &dyn SharedStore {
        &WasmStore
    }

    fn now(&self) -> Duration {
        Duration::from_nanos(ffi::now_nanos())
    }
}

impl<F: Filter> RootContext for Root<F> {
    fn on_configure(&mut self, _size: usize) -> bool {
        // Drop log lines Envoy would drop anyway before they are formatted and handed over.
        if let Ok(level) = proxy_wasm::hostcalls::get_log_level() {
            proxy_wasm::set_log_level(level);
        }
        let config = ffi::buffer(ffi::PLUGIN_CONFIGURATION, 0, usize::MAX).unwrap_or_default();
        let instance = ffi::property(&["plugin_root_id"])
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        match F::load(&config, &WasmLoad { instance }) {
            Ok(filter) => {
                self.filter = Some(Arc::new(filter));
                true
            }
            Err(err) => {
                // The error names the field and the reason; never the config text.
                log::error!("{}: {err}", F::NAME);
                false
            }
        }
    }

    fn get_type(&self) -> Option<ContextType> {
        Some(ContextType::HttpContext)
    }

    fn create_http_context(&self, context_id: u32) -> Option<Box<dyn HttpContext>> {
        // Returning None would panic the SDK's dispatcher: an unconfigured root passes through.
        self.streams.set(self.streams.get().wrapping_add(1));
        let seed = ffi::now_nanos() ^ (self.streams.get() << 32) ^ u64::from(context_id);
        let session = self.filter.as_ref().map(|f| f.new_session(seed));
        Some(Box::new(Stream::<F> {
            session,
            host: WasmHost::default(),
            done: false,
            filter: PhantomData,
        }))
    }
}

struct Stream<F: Filter> {
    session: Option<F::Session>,
    host: WasmHost,
    done: bool,
    filter: PhantomData<F>,
}

impl<F: Filter> Context for Stream<F> {}

fn action(flow: Flow) -> Action {
    match flow {
        Flow::Continue => Action::Continue,
        Flow::Pause => Action::Pause,
    }
}

impl<F: Filter> HttpContext for Stream<F> {
    fn on_http_request_headers(&mut self, _num_headers: usize, end_of_stream: bool) -> Action {
        self.host.request_headers = Some(read_headers(ffi::REQUEST_HEADERS));
        let Some(session) = self.session.as_mut() else {
            return Action::Continue;
        };
        // Until this callback returns the kept headers are Envoy's map, changes included.
        self.host.request_fresh = true;
        crate::contract::guard_request(&mut self.host);
        let flow = session.on_request_headers(&mut self.host, end_of_stream);
        self.host.request_fresh = false;
        action(flow)
    }

    fn on_http_request_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        self.host.body_size = body_size;
        let Some(session) = self.session.as_mut() else {
            return Action::Continue;
        };
        action(session.on_request_body(&mut self.host, body_size, end_of_stream))
    }

    fn on_http_request_trailers(&mut self, _num_trailers: usize) -> Action {
        let Some(session) = self.session.as_mut() else {
            return Action::Continue;
        };
        action(session.on_request_trailers(&mut self.host))
    }

    fn on_http_response_headers(&mut self, _num_headers: usize, end_of_stream: bool) -> Action {
        self.host.in_response = true;
        self.host.response_headers = Some(read_headers(ffi::RESPONSE_HEADERS));
        let Some(session) = self.session.as_mut() else {
            return Action::Continue;
        };
        action(session.on_response_headers(&mut self.host, end_of_stream))
    }

    fn on_http_response_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        self.host.in_response = true;
        self.host.body_size = body_size;
        let Some(session) = self.session.as_mut() else {
            return Action::Continue;
        };
        action(session.on_response_body(&mut self.host, body_size, end_of_stream))
    }

    fn on_http_response_trailers(&mut self, _num_trailers: usize) -> Action {
        let Some(session) = self.session.as_mut() else {
            return Action::Continue;
        };
        action(session.on_response_trailers(&mut self.host))
    }

    fn on_log(&mut self) {
        if std::mem::replace(&mut self.done, true) {
            return;
        }
        if let Some(session) = self.session.as_mut() {
            session.on_done(&mut self.host);
        }
    }
}

/// A header map as text (see [`header_list`]).
fn read_headers(map: u32) -> HeaderList {
    header_list(ffi::header_pairs(map).unwrap_or_default())
}

/// The stream's view of Envoy. Request headers are kept from the request-headers callback, so
/// reading them later never needs the (possibly gone) request header map.
#[derive(Default)]
struct WasmHost {
    request_headers: Option<HeaderList>,
    response_headers: Option<HeaderList>,
    /// Bytes Envoy holds for the current body callback.
    body_size: usize,
    in_response: bool,
    /// Inside the request-headers callback: `request_headers` is exactly Envoy's map, so a
    /// header absent from it needs no call to remove.
    request_fresh: bool,
}

impl WasmHost {
    fn body(&self, buffer: u32) -> Vec<u8> {
        ffi::buffer(buffer, 0, self.body_size).unwrap_or_default()
    }

    fn set_body(&mut self, buffer: u32, body: &[u8]) {
        if ffi::set_buffer(buffer, 0, self.body_size, body) {
            self.body_size = body.len();
        }
    }
}

impl Host for WasmHost {
    fn request_headers(&mut self) -> HeaderList {
        self.request_headers.clone().unwrap_or_default()
    }

    fn request_header(&mut self, name: &str) -> Option<String> {
        crate::headers::get(self.request_headers.as_deref()?, name).map(str::to_string)
    }

    fn set_request_header(&mut self, name: &str, value: &str) {
        if !self.in_response && ffi::replace_header(ffi::REQUEST_HEADERS, name, value.as_bytes()) {
            cache_header(&mut self.request_headers, name, Some(value));
        }
    }

    fn remove_request_header(&mut self, name: &str) {
        let absent = self.request_fresh
            && self
                .request_headers
                .as_ref()
                .is_some_and(|h| !h.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)));
        if !self.in_response && !absent && ffi::remove_header(ffi::REQUEST_HEADERS, name) {
            cache_header(&mut self.request_headers, name, None);
        }
    }

    fn request_body(&mut self) -> Vec<u8> {
        if self.in_response {
            Vec::new()
        } else {
            self.body(ffi::REQUEST_BODY)
        }
    }

    fn set_request_body(&mut self, body: &[u8]) {
        if !self.in_response {
            self.set_body(ffi::REQUEST_BODY, body);
        }
    }

    fn response_headers(&mut self) -> HeaderList {
        self.response_headers.clone().unwrap_or_default()
    }

    fn response_header(&mut self, name: &str) -> Option<String> {
        crate::headers::get(self.response_headers.as_deref()?, name).map(str::to_string)
    }

    fn set_response_header(&mut self, name: &str, value: &str) {
        if self.in_response && ffi::replace_header(ffi::RESPONSE_HEADERS, name, value.as_bytes()) {
            cache_header(&mut self.response_headers, name, Some(value));
        }
    }

    fn remove_response_header(&mut self, name: &str) {
        if self.in_response && ffi::remove_header(ffi::RESPONSE_HEADERS, name) {
            cache_header(&mut self.response_headers, name, None);
        }
    }

    fn response_body(&mut self) -> Vec<u8> {
        if self.in_response {
            self.body(ffi::RESPONSE_BODY)
        } else {
            Vec::new()
        }
    }

    fn set_response_body(&mut self, body: &[u8]) {
        if self.in_response {
            self.set_body(ffi::RESPONSE_BODY, body);
        }
    }

    fn send_reply(&mut self, status: u16, headers: &[(String, String)], body: &[u8]) {
        let pairs: Vec<(&str, &[u8])> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_bytes()))
            .collect();
        ffi::send_local_response(u32::from(status), &pairs, body);
    }

    fn property(&mut self, path: &[&str]) -> Option<Vec<u8>> {
        ffi::property(path)
    }

    fn set_filter_state(&mut self, key: &str, value: &[u8]) {
        ffi::set_property(&[key], value);
    }

    fn filter_state(&mut self, key: &str) -> Option<Vec<u8>> {
        ffi::property(&[key]).filter(|v| !v.is_empty())
    }

    fn count(&mut self, name: &str, by: u64) {
        // Adding 0 to a counter that exists changes nothing: only the first use (which defines
        // it, so it shows as 0) calls Envoy.
        if let Some((id, new)) = metric_id(Kind::Counter, name) {
            if by > 0 || new {
                ffi::increment_metric(id, i64::try_from(by).unwrap_or(i64::MAX));
            }
        }
    }

    fn record(&mut self, name: &str, value: u64) {
        if let Some((id, _)) = metric_id(Kind::Histogram, name) {
            ffi::record_metric(id, value);
        }
    }

    fn now(&self) -> Duration {
        Duration::from_nanos(ffi::now_nanos())
    }

    fn store(&self) -> &dyn SharedStore {
        &WasmStore
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Counter,
    Histogram,
}

thread_local! {
    // One VM is single-threaded; metric ids are per VM while the stats they name are shared by
    // all VMs of the proxy. One map per kind, so a lookup borrows the name (no allocation).
    static COUNTER_IDS: RefCell<HashMap<String, u32>> = RefCell::new(HashMap::new());
    static HISTOGRAM_IDS: RefCell<HashMap<String, u32>> = RefCell::new(HashMap::new());
}

/// The id of a metric and whether this call defined it (first use).
fn metric_id(kind: Kind, name: &str) -> Option<(u32, bool)> {
    let (ids, wire) = match kind {
        Kind::Counter => (&COUNTER_IDS, ffi::COUNTER),
        Kind::Histogram => (&HISTOGRAM_IDS, ffi::HISTOGRAM),
    };
    ids.with(|ids| {
        if let Some(id) = ids.borrow().get(name) {
            return Some((*id, false));
        }
        let id = ffi::define_metric(wire, name)?;
        ids.borrow_mut().insert(name.to_string(), id);
        Some((id, true))
    })
}

/// proxy-wasm shared data: keyed per `vm_id` and shared by every worker's VM of that id.
pub struct WasmStore;

impl SharedStore for WasmStore {
    fn get(&self, key: &str) -> (Option<Vec<u8>>, u32) {
        ffi::shared_data(key)
    }

    fn set(&self, key: &str, value: &[u8], cas: u32) -> Result<(), StoreError> {
        match ffi::set_shared_data(key, value, cas) {
            ffi::OK => Ok(()),
            ffi::CAS_MISMATCH => Err(StoreError::CasMismatch),
            _ => Err(StoreError::Unavailable),
        }
    }
}

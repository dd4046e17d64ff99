//! Helpers shared by every filter's proxy-wasm shell: config loading with a one-line error,
//! header access, local error replies, properties and counters. Compiled only with the
//! `proxy-wasm` feature; the filters' logic never depends on it.

use crate::config::{load_config, Validate};
use crate::headers::{get, HeaderChanges};
use crate::rules::{RequestInfo, RouteRules};
use crate::ErrorReply;
use proxy_wasm::hostcalls;
use proxy_wasm::types::{MapType, MetricType};
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::collections::HashMap;

/// Parse and validate a plugin configuration. On failure logs one line naming the filter, the
/// field and the reason (never the config text, which may hold names of secrets but must not
/// echo anything else) and returns `None`; the caller's `on_configure` then returns false.
pub fn load_plugin_config<T: DeserializeOwned + Validate>(
    filter: &str,
    bytes: Option<Vec<u8>>,
) -> Option<T> {
    let bytes = bytes.unwrap_or_default();
    match load_config::<T>(&bytes) {
        Ok(config) => Some(config),
        Err(err) => {
            log::error!("{filter}: {err}");
            None
        }
    }
}

/// Load a plugin configuration with the filter's own loader (parse, validate, resolve secrets).
/// On failure logs one line naming the filter, the field and the reason and returns `None`, so
/// `on_configure` can return `loaded.is_some()`.
pub fn load_with<T>(
    filter: &str,
    bytes: Option<Vec<u8>>,
    load: impl FnOnce(&[u8]) -> Result<T, crate::ConfigError>,
) -> Option<std::rc::Rc<T>> {
    match load(&bytes.unwrap_or_default()) {
        Ok(loaded) => Some(std::rc::Rc::new(loaded)),
        Err(err) => {
            log::error!("{filter}: {err}");
            None
        }
    }
}

/// The proxy's environment, as handed to the VM (`vm_config.environment_variables`).
pub fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

pub fn request_headers() -> Vec<(String, String)> {
    header_map(MapType::HttpRequestHeaders)
}

pub fn response_headers() -> Vec<(String, String)> {
    header_map(MapType::HttpResponseHeaders)
}

/// A header map with values read as bytes: `get_map` unwraps `String::from_utf8` and so panics
/// on a value like `caf\xe9`, which clients and providers may send. Such bytes become U+FFFD
/// here (the values are only read; names are tokens, ASCII by HTTP's grammar and Envoy's codecs).
fn header_map(map: MapType) -> Vec<(String, String)> {
    hostcalls::get_map_bytes(map)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, value)| (name, String::from_utf8_lossy(&value).into_owned()))
        .collect()
}

pub fn apply_request_header_changes(changes: &HeaderChanges) {
    apply(MapType::HttpRequestHeaders, changes);
}

pub fn apply_response_header_changes(changes: &HeaderChanges) {
    apply(MapType::HttpResponseHeaders, changes);
}

fn apply(map: MapType, changes: &HeaderChanges) {
    for name in &changes.remove {
        let _ = hostcalls::set_map_value(map, name, None);
    }
    for (name, value) in &changes.set {
        let _ = hostcalls::set_map_value(map, name, Some(value));
    }
}

/// Reply locally with an OpenAI-shape error; the request goes no further.
pub fn send_error(reply: &ErrorReply) {
    let headers = reply.response_headers();
    let refs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let _ =
        hostcalls::send_http_response(u32::from(reply.status), refs, Some(reply.body().as_bytes()));
}

/// A string property (`["xds", "route_name"]`), `None` when absent or not UTF-8.
pub fn property_string(path: &[&str]) -> Option<String> {
    let bytes = hostcalls::get_property(path.to_vec()).ok().flatten()?;
    String::from_utf8(bytes).ok()
}

thread_local! {
    // One VM is single-threaded; metric ids are per VM while the stats they name are shared by
    // all VMs of the proxy.
    static METRIC_IDS: RefCell<HashMap<String, u32>> = RefCell::new(HashMap::new());
}

/// The id of a metric, defining it on first use. Counter and histogram names must differ.
fn metric_id(kind: MetricType, name: &str) -> Option<u32> {
    METRIC_IDS.with(|ids| {
        if let Some(id) = ids.borrow().get(name) {
            return Some(*id);
        }
        let id = hostcalls::define_metric(kind, name).ok()?;
        ids.borrow_mut().insert(name.to_string(), id);
        Some(id)
    })
}

/// Add to a counter, defining it on first use.
pub fn count(name: &str, by: u64) {
    if let Some(id) = metric_id(MetricType::Counter, name) {
        let _ = hostcalls::increment_metric(id, by as i64);
    }
}

/// Record a value in a histogram (e.g. milliseconds), defining it on first use.
pub fn record_histogram(name: &str, value: u64) {
    if let Some(id) = metric_id(MetricType::Histogram, name) {
        let _ = hostcalls::record_metric(id, value);
    }
}

/// Which config of `rules` applies to a request with these headers (see
/// [`RouteRules::select_index`]); fetches Envoy's route name only when a rule needs it.
pub fn select_rule<T>(
    rules: &RouteRules<T>,
    headers: &[(String, String)],
) -> Option<Option<usize>> {
    let route_name = if rules.uses_route_name() {
        property_string(&["xds", "route_name"])
    } else {
        None
    };
    let info = RequestInfo {
        host: get(headers, ":authority").unwrap_or(""),
        path: get(headers, ":path").unwrap_or(""),
        method: get(headers, ":method").unwrap_or(""),
        headers,
        route_name: route_name.as_deref(),
    };
    rules.select_index(&info)
}

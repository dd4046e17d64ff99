//! A fake of the Envoy side of the ABI for unit tests: the callbacks [`crate::abi`] declares,
//! defined over one thread-local stream, so [`crate::host::NativeHost`] can be tested without
//! Envoy. It models what the header documents: received vs buffered bodies, "received is the
//! buffer" after a previous filter resumed with its buffer, a null value removing a header.

use crate::abi::{EnvoyBuffer, HttpHeader, ModuleBuffer, ModulePtr};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ffi::c_void;

#[derive(Default)]
pub struct Fake {
    pub request_headers: Vec<(Vec<u8>, Vec<u8>)>,
    pub response_headers: Vec<(Vec<u8>, Vec<u8>)>,
    /// Body chunks by body type (0 received request, 1 buffered request, 2/3 response).
    pub bodies: [Vec<Vec<u8>>; 4],
    pub received_is_buffered: bool,
    pub filter_state: BTreeMap<Vec<u8>, Vec<u8>>,
    pub attributes: BTreeMap<u32, Vec<u8>>,
    pub metadata: BTreeMap<(u32, Vec<u8>, Vec<u8>), Vec<u8>>,
    pub defined: Vec<(bool, String, Vec<String>)>,
    pub increments: Vec<(usize, Vec<String>, u64)>,
    pub replies: Vec<(u32, Vec<u8>)>,
    pub route_cache_cleared: usize,
}

thread_local! {
    pub static FAKE: RefCell<Fake> = RefCell::new(Fake::default());
}

pub fn with<R>(f: impl FnOnce(&mut Fake) -> R) -> R {
    FAKE.with(|fake| f(&mut fake.borrow_mut()))
}

pub fn reset() {
    with(|f| *f = Fake::default());
}

fn bytes(b: ModuleBuffer) -> Vec<u8> {
    if b.ptr.is_null() {
        return Vec::new();
    }
    // SAFETY: the module passes live buffers.
    unsafe { std::slice::from_raw_parts(b.ptr, b.length) }.to_vec()
}

/// Hands Envoy-owned bytes out: leaked, fine in tests.
fn leak(v: &[u8]) -> EnvoyBuffer {
    let v: &'static [u8] = Box::leak(v.to_vec().into_boxed_slice());
    EnvoyBuffer {
        ptr: v.as_ptr(),
        length: v.len(),
    }
}

fn map(f: &mut Fake, header_type: u32) -> &mut Vec<(Vec<u8>, Vec<u8>)> {
    if header_type == 0 {
        &mut f.request_headers
    } else {
        &mut f.response_headers
    }
}

fn body(f: &mut Fake, body_type: u32) -> &mut Vec<Vec<u8>> {
    let i = body_type.min(3) as usize;
    // "Received" is the buffer itself after a previous filter resumed with its buffer.
    let i = if f.received_is_buffered && (i == 0 || i == 2) {
        i + 1
    } else {
        i
    };
    &mut f.bodies[i]
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_log(_level: u32, _message: ModuleBuffer) {}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_log_enabled(_level: u32) -> bool {
    false
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_filter_config_define_counter(
    _config: *mut c_void,
    name: ModuleBuffer,
    labels: *const ModuleBuffer,
    n: usize,
    id: *mut usize,
) -> u32 {
    define(false, name, labels, n, id)
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_filter_config_define_histogram(
    _config: *mut c_void,
    name: ModuleBuffer,
    labels: *const ModuleBuffer,
    n: usize,
    id: *mut usize,
) -> u32 {
    define(true, name, labels, n, id)
}

fn labels(labels: *const ModuleBuffer, n: usize) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    // SAFETY: the module passes `n` live buffers.
    unsafe { std::slice::from_raw_parts(labels, n) }
        .iter()
        .map(|b| String::from_utf8(bytes(*b)).unwrap())
        .collect()
}

fn define(
    histogram: bool,
    name: ModuleBuffer,
    l: *const ModuleBuffer,
    n: usize,
    id: *mut usize,
) -> u32 {
    with(|f| {
        f.defined.push((
            histogram,
            String::from_utf8(bytes(name)).unwrap(),
            labels(l, n),
        ));
        // SAFETY: the module passes a live out-pointer.
        unsafe { *id = f.defined.len() - 1 };
    });
    0
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_filter_increment_counter(
    _filter: *mut c_void,
    id: usize,
    l: *const ModuleBuffer,
    n: usize,
    value: u64,
) -> u32 {
    with(|f| f.increments.push((id, labels(l, n), value)));
    0
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_filter_record_histogram_value(
    _filter: *mut c_void,
    id: usize,
    l: *const ModuleBuffer,
    n: usize,
    value: u64,
) -> u32 {
    with(|f| f.increments.push((id, labels(l, n), value)));
    0
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_get_headers_size(
    _filter: *mut c_void,
    t: u32,
) -> usize {
    with(|f| map(f, t).len())
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_get_headers(
    _filter: *mut c_void,
    t: u32,
    out: *mut HttpHeader,
) -> bool {
    with(|f| {
        for (i, (k, v)) in map(f, t).iter().enumerate() {
            let (k, v) = (leak(k), leak(v));
            // SAFETY: the module sized the array with `get_headers_size`.
            unsafe {
                *out.add(i) = HttpHeader {
                    key_ptr: k.ptr,
                    key_length: k.length,
                    value_ptr: v.ptr,
                    value_length: v.length,
                }
            };
        }
    });
    true
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_set_header(
    _filter: *mut c_void,
    t: u32,
    key: ModuleBuffer,
    value: ModuleBuffer,
) -> bool {
    with(|f| {
        let key = bytes(key);
        let headers = map(f, t);
        headers.retain(|(k, _)| !k.eq_ignore_ascii_case(&key)); // Envoy's maps ignore case
        if !value.ptr.is_null() {
            headers.push((key, bytes(value)));
        }
    });
    true
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_send_response(
    _filter: *mut c_void,
    status: u32,
    _headers: *const HttpHeader,
    _n: usize,
    body: ModuleBuffer,
    _details: ModuleBuffer,
) {
    with(|f| f.replies.push((status, bytes(body))));
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_get_body_size(
    _filter: *mut c_void,
    t: u32,
) -> usize {
    with(|f| body(f, t).iter().map(Vec::len).sum())
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_get_body_chunks_size(
    _filter: *mut c_void,
    t: u32,
) -> usize {
    with(|f| body(f, t).len())
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_get_body_chunks(
    _filter: *mut c_void,
    t: u32,
    out: *mut EnvoyBuffer,
) -> bool {
    with(|f| {
        for (i, chunk) in body(f, t).iter().enumerate() {
            // SAFETY: the module sized the array with `get_body_chunks_size`.
            unsafe { *out.add(i) = leak(chunk) };
        }
    });
    true
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_append_body(
    _filter: *mut c_void,
    t: u32,
    data: ModuleBuffer,
) -> bool {
    with(|f| body(f, t).push(bytes(data)));
    true
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_drain_body(
    _filter: *mut c_void,
    t: u32,
    n: usize,
) -> bool {
    with(|f| {
        let all: Vec<u8> = body(f, t).concat();
        let rest = all.get(n.min(all.len())..).unwrap_or(&[]).to_vec();
        *body(f, t) = if rest.is_empty() {
            Vec::new()
        } else {
            vec![rest]
        };
    });
    true
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_received_buffered_request_body(
    _filter: *mut c_void,
) -> bool {
    with(|f| f.received_is_buffered)
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_received_buffered_response_body(
    _filter: *mut c_void,
) -> bool {
    with(|f| f.received_is_buffered)
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_get_metadata_string(
    _filter: *mut c_void,
    source: u32,
    ns: ModuleBuffer,
    key: ModuleBuffer,
    out: *mut EnvoyBuffer,
) -> bool {
    let found = with(|f| f.metadata.get(&(source, bytes(ns), bytes(key))).cloned());
    match found {
        Some(v) => {
            // SAFETY: the module passes a live out-pointer.
            unsafe { *out = leak(&v) };
            true
        }
        None => false,
    }
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_filter_get_attribute_string(
    _filter: *mut c_void,
    id: u32,
    out: *mut EnvoyBuffer,
) -> bool {
    let found = with(|f| f.attributes.get(&id).cloned());
    match found {
        Some(v) => {
            // SAFETY: as above.
            unsafe { *out = leak(&v) };
            true
        }
        None => false,
    }
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_set_filter_state_bytes(
    _filter: *mut c_void,
    key: ModuleBuffer,
    value: ModuleBuffer,
) -> bool {
    with(|f| f.filter_state.insert(bytes(key), bytes(value)));
    true
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_get_filter_state_bytes(
    _filter: *mut c_void,
    key: ModuleBuffer,
    out: *mut EnvoyBuffer,
) -> bool {
    let found = with(|f| f.filter_state.get(&bytes(key)).cloned());
    match found {
        Some(v) => {
            // SAFETY: as above.
            unsafe { *out = leak(&v) };
            true
        }
        None => false,
    }
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_http_clear_route_cache(_filter: *mut c_void) {
    with(|f| f.route_cache_cleared += 1);
}

#[no_mangle]
extern "C" fn envoy_dynamic_module_callback_get_most_specific_route_config(
    _filter: *mut c_void,
) -> ModulePtr {
    std::ptr::null()
}

//! The few proxy-wasm host calls the adapter uses, declared here instead of going through the
//! SDK's `hostcalls`: those panic on any status they do not expect (a request-header read in the
//! response phase of a body-less request, a body read outside its phase, ...), and a panic kills
//! the filter on that worker for good. Here every call returns its status and the adapter treats
//! anything but `OK` as "absent" or "not applied".
//!
//! Signatures: the proxy-wasm ABI v0.2.1 as Envoy 1.40 implements it. Enum arguments and results
//! are `u32` on the wire.

#![allow(clashing_extern_declarations)] // the SDK declares the same imports with its enum types

use super::wire::{decode_pairs, encode_pairs, encode_path};
use std::ptr::null_mut;

pub const OK: u32 = 0;
pub const CAS_MISMATCH: u32 = 8;

pub const REQUEST_HEADERS: u32 = 0;
pub const RESPONSE_HEADERS: u32 = 2;
pub const REQUEST_BODY: u32 = 0;
pub const RESPONSE_BODY: u32 = 1;
pub const PLUGIN_CONFIGURATION: u32 = 7;
pub const COUNTER: u32 = 0;
pub const HISTOGRAM: u32 = 2;

#[link(wasm_import_module = "env")]
extern "C" {
    fn proxy_get_header_map_pairs(map_type: u32, data: *mut *mut u8, size: *mut usize) -> u32;
    fn proxy_replace_header_map_value(
        map_type: u32,
        key: *const u8,
        key_size: usize,
        value: *const u8,
        value_size: usize,
    ) -> u32;
    fn proxy_remove_header_map_value(map_type: u32, key: *const u8, key_size: usize) -> u32;
    fn proxy_get_buffer_bytes(
        buffer_type: u32,
        start: usize,
        max_size: usize,
        data: *mut *mut u8,
        size: *mut usize,
    ) -> u32;
    fn proxy_set_buffer_bytes(
        buffer_type: u32,
        start: usize,
        size: usize,
        data: *const u8,
        data_size: usize,
    ) -> u32;
    #[allow(clippy::too_many_arguments)]
    fn proxy_send_local_response(
        status_code: u32,
        details: *const u8,
        details_size: usize,
        body: *const u8,
        body_size: usize,
        headers: *const u8,
        headers_size: usize,
        grpc_status: i32,
    ) -> u32;
    fn proxy_get_property(
        path: *const u8,
        path_size: usize,
        data: *mut *mut u8,
        size: *mut usize,
    ) -> u32;
    fn proxy_set_property(
        path: *const u8,
        path_size: usize,
        value: *const u8,
        value_size: usize,
    ) -> u32;
    fn proxy_define_metric(
        metric_type: u32,
        name: *const u8,
        name_size: usize,
        id: *mut u32,
    ) -> u32;
    fn proxy_increment_metric(id: u32, offset: i64) -> u32;
    fn proxy_record_metric(id: u32, value: u64) -> u32;
    fn proxy_get_shared_data(
        key: *const u8,
        key_size: usize,
        data: *mut *mut u8,
        size: *mut usize,
        cas: *mut u32,
    ) -> u32;
    fn proxy_set_shared_data(
        key: *const u8,
        key_size: usize,
        value: *const u8,
        value_size: usize,
        cas: u32,
    ) -> u32;
    fn proxy_get_current_time_nanoseconds(time: *mut u64) -> u32;
}

/// Takes ownership of a buffer the host allocated through the SDK's `proxy_on_memory_allocate`
/// (a boxed slice of exactly `size` bytes).
///
/// # Safety
/// `data` must be null or come from the host call that reported `size`.
unsafe fn owned(data: *mut u8, size: usize) -> Vec<u8> {
    if data.is_null() {
        Vec::new()
    } else {
        Vec::from_raw_parts(data, size, size)
    }
}

/// `proxy_get_header_map_pairs`, raw bytes (names and values need not be UTF-8).
pub fn header_pairs(map_type: u32) -> Option<Vec<(Vec<u8>, Vec<u8>)>> {
    let (mut data, mut size) = (null_mut(), 0);
    // SAFETY: out-pointers are valid; the host fills them only on success.
    let status = unsafe { proxy_get_header_map_pairs(map_type, &mut data, &mut size) };
    if status != OK {
        return None;
    }
    // SAFETY: on OK, data/size describe a buffer the host allocated for us.
    let bytes = unsafe { owned(data, size) };
    Some(decode_pairs(&bytes))
}

pub fn replace_header(map_type: u32, name: &str, value: &[u8]) -> bool {
    // SAFETY: pointers and lengths describe live slices.
    unsafe {
        proxy_replace_header_map_value(
            map_type,
            name.as_ptr(),
            name.len(),
            value.as_ptr(),
            value.len(),
        ) == OK
    }
}

pub fn remove_header(map_type: u32, name: &str) -> bool {
    // SAFETY: pointer and length describe a live slice.
    unsafe { proxy_remove_header_map_value(map_type, name.as_ptr(), name.len()) == OK }
}

pub fn buffer(buffer_type: u32, start: usize, max_size: usize) -> Option<Vec<u8>> {
    let (mut data, mut size) = (null_mut(), 0);
    // SAFETY: out-pointers are valid.
    let status =
        unsafe { proxy_get_buffer_bytes(buffer_type, start, max_size, &mut data, &mut size) };
    if status != OK {
        return None;
    }
    // SAFETY: on OK, data/size describe a buffer the host allocated for us.
    Some(unsafe { owned(data, size) })
}

pub fn set_buffer(buffer_type: u32, start: usize, size: usize, data: &[u8]) -> bool {
    // SAFETY: pointer and length describe a live slice.
    unsafe { proxy_set_buffer_bytes(buffer_type, start, size, data.as_ptr(), data.len()) == OK }
}

pub fn send_local_response(status: u32, headers: &[(&str, &[u8])], body: &[u8]) -> bool {
    let map = encode_pairs(headers);
    let details = b"llm_filters_local_reply";
    // SAFETY: every pointer/length pair describes a live slice.
    unsafe {
        proxy_send_local_response(
            status,
            details.as_ptr(),
            details.len(),
            body.as_ptr(),
            body.len(),
            map.as_ptr(),
            map.len(),
            -1,
        ) == OK
    }
}

/// Calls `f` with the wire form of `path`; a one-segment path (every filter-state key) is its
/// own wire form, without building one.
fn with_path<T>(path: &[&str], f: impl FnOnce(&[u8]) -> T) -> T {
    match path {
        [key] => f(key.as_bytes()),
        _ => f(&encode_path(path)),
    }
}

pub fn property(path: &[&str]) -> Option<Vec<u8>> {
    let (mut data, mut size) = (null_mut(), 0);
    // SAFETY: pointers are valid.
    let status = with_path(path, |path| unsafe {
        proxy_get_property(path.as_ptr(), path.len(), &mut data, &mut size)
    });
    if status != OK {
        return None;
    }
    // SAFETY: on OK, data/size describe a buffer the host allocated for us.
    let value = unsafe { owned(data, size) };
    if data.is_null() {
        None
    } else {
        Some(value)
    }
}

pub fn set_property(path: &[&str], value: &[u8]) -> bool {
    // SAFETY: pointers and lengths describe live slices.
    with_path(path, |path| unsafe {
        proxy_set_property(path.as_ptr(), path.len(), value.as_ptr(), value.len()) == OK
    })
}

pub fn define_metric(metric_type: u32, name: &str) -> Option<u32> {
    let mut id = 0;
    // SAFETY: pointers are valid.
    let status = unsafe { proxy_define_metric(metric_type, name.as_ptr(), name.len(), &mut id) };
    (status == OK).then_some(id)
}

pub fn increment_metric(id: u32, by: i64) {
    // SAFETY: plain values.
    unsafe {
        proxy_increment_metric(id, by);
    }
}

pub fn record_metric(id: u32, value: u64) {
    // SAFETY: plain values.
    unsafe {
        proxy_record_metric(id, value);
    }
}

/// The value (None when absent) and its CAS version (0 when absent).
pub fn shared_data(key: &str) -> (Option<Vec<u8>>, u32) {
    let (mut data, mut size, mut cas) = (null_mut(), 0, 0);
    // SAFETY: out-pointers are valid.
    let status =
        unsafe { proxy_get_shared_data(key.as_ptr(), key.len(), &mut data, &mut size, &mut cas) };
    if status != OK {
        return (None, 0);
    }
    // SAFETY: on OK, data/size describe a buffer the host allocated for us.
    let value = unsafe { owned(data, size) };
    (if data.is_null() { None } else { Some(value) }, cas)
}

/// The raw status of `proxy_set_shared_data`.
pub fn set_shared_data(key: &str, value: &[u8], cas: u32) -> u32 {
    // SAFETY: pointers and lengths describe live slices.
    unsafe { proxy_set_shared_data(key.as_ptr(), key.len(), value.as_ptr(), value.len(), cas) }
}

pub fn now_nanos() -> u64 {
    let mut t = 0;
    // SAFETY: out-pointer is valid.
    let status = unsafe { proxy_get_current_time_nanoseconds(&mut t) };
    if status == OK {
        t
    } else {
        0
    }
}

//! Safe wrappers over the callbacks in [`crate::abi`]: every pointer Envoy hands back is turned
//! into owned bytes before the wrapper returns, so nothing here outlives a hook.
//!
//! The `filter` pointer is the `filter_envoy_ptr` of the hook being run; Envoy guarantees it is
//! valid until `envoy_dynamic_module_on_http_filter_destroy`.

use crate::abi::{self, EnvoyBuffer, FilterEnvoyPtr, HttpHeader, ModuleBuffer};
use llm_filters_core::session::HeaderList;

/// A stream's handle in Envoy (`filter_envoy_ptr`).
#[derive(Clone, Copy)]
pub struct Filter(pub FilterEnvoyPtr);

/// Owned header pairs, bytes as Envoy holds them (possibly not UTF-8).
pub type RawHeaders = Vec<(Vec<u8>, Vec<u8>)>;

/// Header bytes as session text: valid UTF-8 is copied once as is (the common case), anything
/// else is read lossily (U+FFFD).
fn text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

impl Filter {
    /// Calls `f` with every header of the map, borrowed from Envoy (valid during this call).
    fn each_header(self, header_type: u32, mut f: impl FnMut(&[u8], &[u8])) {
        // SAFETY: the array is sized by Envoy's own count; the entries point into Envoy's header
        // map, valid until this hook returns or the map changes, and are only borrowed inside
        // this call.
        unsafe {
            let n = abi::envoy_dynamic_module_callback_http_get_headers_size(self.0, header_type);
            if n == 0 {
                return;
            }
            let mut raw = vec![HttpHeader::NULL; n];
            if !abi::envoy_dynamic_module_callback_http_get_headers(
                self.0,
                header_type,
                raw.as_mut_ptr(),
            ) {
                return;
            }
            for h in &raw {
                let key = EnvoyBuffer {
                    ptr: h.key_ptr,
                    length: h.key_length,
                };
                let value = EnvoyBuffer {
                    ptr: h.value_ptr,
                    length: h.value_length,
                };
                f(key.as_slice(), value.as_slice());
            }
        }
    }

    pub fn headers(self, header_type: u32) -> RawHeaders {
        let mut out = Vec::new();
        self.each_header(header_type, |k, v| out.push((k.to_vec(), v.to_vec())));
        out
    }

    /// The header map as sessions see it (see `llm_filters_core::session::header_list`), read
    /// straight from Envoy's buffers: one copy of each name and value.
    pub fn header_list(self, header_type: u32) -> HeaderList {
        let mut out = Vec::new();
        self.each_header(header_type, |k, v| {
            let mut name = text(k);
            // Envoy's codecs already hand names over lower-case; only a config could not.
            if name.bytes().any(|b| b.is_ascii_uppercase()) {
                name.make_ascii_lowercase();
            }
            out.push((name, text(v)));
        });
        out
    }

    /// Replaces every value of `name` (`None` removes the header).
    pub fn set_header(self, header_type: u32, name: &str, value: Option<&[u8]>) -> bool {
        let value = value.map_or(ModuleBuffer::NULL, ModuleBuffer::of);
        // SAFETY: both buffers point at live module memory for the duration of the call.
        unsafe {
            abi::envoy_dynamic_module_callback_http_set_header(
                self.0,
                header_type,
                ModuleBuffer::of(name.as_bytes()),
                value,
            )
        }
    }

    pub fn clear_route_cache(self) {
        // SAFETY: a valid filter pointer; a no-op in phases where it does not apply.
        unsafe { abi::envoy_dynamic_module_callback_http_clear_route_cache(self.0) }
    }

    pub fn send_response(self, status: u16, headers: &[(String, String)], body: &[u8]) {
        let raw: Vec<HttpHeader> = headers
            .iter()
            .map(|(n, v)| HttpHeader {
                key_ptr: n.as_ptr(),
                key_length: n.len(),
                value_ptr: v.as_ptr(),
                value_length: v.len(),
            })
            .collect();
        // SAFETY: every pointer is into `headers`/`body`/a static, alive during the call.
        unsafe {
            abi::envoy_dynamic_module_callback_http_send_response(
                self.0,
                u32::from(status),
                raw.as_ptr(),
                raw.len(),
                ModuleBuffer::of(body),
                ModuleBuffer::of(b"llm_filters"),
            )
        }
    }

    pub fn body_size(self, body_type: u32) -> usize {
        // SAFETY: a valid filter pointer; 0 when the body is not available.
        unsafe { abi::envoy_dynamic_module_callback_http_get_body_size(self.0, body_type) }
    }

    /// Appends the body of `body_type` to `out`, chunk by chunk straight from Envoy's slices
    /// (one copy: Envoy's buffer into `out`).
    pub fn read_body_into(self, body_type: u32, out: &mut Vec<u8>) {
        // SAFETY: the chunk array is sized by Envoy's count; each chunk points into Envoy's
        // buffer, valid until this hook returns or the body is changed, and is copied at once.
        unsafe {
            let n = abi::envoy_dynamic_module_callback_http_get_body_chunks_size(self.0, body_type);
            if n == 0 {
                return;
            }
            let mut chunks = vec![EnvoyBuffer::NULL; n];
            if !abi::envoy_dynamic_module_callback_http_get_body_chunks(
                self.0,
                body_type,
                chunks.as_mut_ptr(),
            ) {
                return;
            }
            let total = chunks
                .iter()
                .fold(0usize, |a, c| a.saturating_add(c.length));
            out.reserve(total);
            for chunk in &chunks {
                out.extend_from_slice(chunk.as_slice());
            }
        }
    }

    /// Lends the body of `body_type` to `read`: Envoy's own bytes when the body is one slice
    /// (no copy), else one copy of all its slices.
    pub fn lend_body(self, body_type: u32, read: &mut dyn FnMut(&[u8])) {
        // SAFETY: as in `read_body_into`. The one slice is lent to `read` only during this call,
        // inside the hook, and `read` cannot change the body: sessions reach the stream only
        // through their host, which is borrowed for the whole call.
        unsafe {
            let n = abi::envoy_dynamic_module_callback_http_get_body_chunks_size(self.0, body_type);
            if n > 1 {
                let mut out = Vec::new();
                self.read_body_into(body_type, &mut out);
                return read(&out);
            }
            let mut chunk = [EnvoyBuffer::NULL; 1];
            let filled = n == 1
                && abi::envoy_dynamic_module_callback_http_get_body_chunks(
                    self.0,
                    body_type,
                    chunk.as_mut_ptr(),
                );
            let [chunk] = chunk;
            read(if filled { chunk.as_slice() } else { &[] });
        }
    }

    pub fn drain_body(self, body_type: u32, bytes: usize) -> bool {
        // SAFETY: a valid filter pointer; draining more than there is drains everything.
        unsafe { abi::envoy_dynamic_module_callback_http_drain_body(self.0, body_type, bytes) }
    }

    pub fn append_body(self, body_type: u32, data: &[u8]) -> bool {
        // SAFETY: `data` is alive during the call; Envoy copies it.
        unsafe {
            abi::envoy_dynamic_module_callback_http_append_body(
                self.0,
                body_type,
                ModuleBuffer::of(data),
            )
        }
    }

    /// Whether the chunk of this body callback is the body a previous filter buffered (then
    /// "received" and "buffered" are one buffer and must not be read twice).
    pub fn received_is_buffered(self, response: bool) -> bool {
        // SAFETY: a valid filter pointer.
        unsafe {
            if response {
                abi::envoy_dynamic_module_callback_http_received_buffered_response_body(self.0)
            } else {
                abi::envoy_dynamic_module_callback_http_received_buffered_request_body(self.0)
            }
        }
    }

    pub fn metadata_string(self, source: u32, namespace: &str, key: &str) -> Option<Vec<u8>> {
        let mut out = EnvoyBuffer::NULL;
        // SAFETY: the result points into Envoy's metadata, valid during this hook; copied at once.
        unsafe {
            abi::envoy_dynamic_module_callback_http_get_metadata_string(
                self.0,
                source,
                ModuleBuffer::of(namespace.as_bytes()),
                ModuleBuffer::of(key.as_bytes()),
                &mut out,
            )
            .then(|| out.as_slice().to_vec())
        }
    }

    pub fn attribute_string(self, id: u32) -> Option<Vec<u8>> {
        let mut out = EnvoyBuffer::NULL;
        // SAFETY: as for `metadata_string`.
        unsafe {
            abi::envoy_dynamic_module_callback_http_filter_get_attribute_string(
                self.0, id, &mut out,
            )
            .then(|| out.as_slice().to_vec())
        }
    }

    pub fn set_filter_state(self, key: &str, value: &[u8]) -> bool {
        // SAFETY: both buffers are alive during the call; Envoy copies them.
        unsafe {
            abi::envoy_dynamic_module_callback_http_set_filter_state_bytes(
                self.0,
                ModuleBuffer::of(key.as_bytes()),
                ModuleBuffer::of(value),
            )
        }
    }

    pub fn filter_state(self, key: &str) -> Option<Vec<u8>> {
        let mut out = EnvoyBuffer::NULL;
        // SAFETY: as for `metadata_string`.
        unsafe {
            abi::envoy_dynamic_module_callback_http_get_filter_state_bytes(
                self.0,
                ModuleBuffer::of(key.as_bytes()),
                &mut out,
            )
            .then(|| out.as_slice().to_vec())
        }
    }

    pub fn increment_counter(self, id: usize, labels: &[&str], by: u64) -> bool {
        let (values, n) = label_buffers(labels);
        // SAFETY: the label array and its strings are alive during the call.
        unsafe {
            abi::envoy_dynamic_module_callback_http_filter_increment_counter(
                self.0,
                id,
                values.as_ptr(),
                n,
                by,
            ) == abi::METRICS_SUCCESS
        }
    }

    pub fn record_histogram(self, id: usize, labels: &[&str], value: u64) -> bool {
        let (values, n) = label_buffers(labels);
        // SAFETY: as for `increment_counter`.
        unsafe {
            abi::envoy_dynamic_module_callback_http_filter_record_histogram_value(
                self.0,
                id,
                values.as_ptr(),
                n,
                value,
            ) == abi::METRICS_SUCCESS
        }
    }

    /// The per-route config Envoy picked for this stream's route (the pointer this module returned
    /// from `envoy_dynamic_module_on_http_filter_per_route_config_new`), if any.
    pub fn route_config(self) -> abi::ModulePtr {
        // SAFETY: a valid filter pointer; null when the route has no config for this filter.
        unsafe { abi::envoy_dynamic_module_callback_get_most_specific_route_config(self.0) }
    }
}

/// Label values as ABI buffers, on the stack (a metric has at most [`crate::metrics::MAX_LABELS`]).
fn label_buffers(labels: &[&str]) -> ([ModuleBuffer; crate::metrics::MAX_LABELS], usize) {
    let mut out = [ModuleBuffer::NULL; crate::metrics::MAX_LABELS];
    let mut n = 0;
    for (slot, label) in out.iter_mut().zip(labels) {
        *slot = ModuleBuffer::of(label.as_bytes());
        n += 1;
    }
    (out, n)
}

/// A filter config's handle in Envoy (`filter_config_envoy_ptr`), valid during `config_new`.
#[derive(Clone, Copy)]
pub struct Config(pub abi::FilterConfigEnvoyPtr);

/// Defines a counter (or histogram) on a filter config; `None` when Envoy refuses (e.g. stat
/// creation is frozen once the config is loaded).
pub fn define_metric(
    config: Config,
    histogram: bool,
    name: &str,
    labels: &[&str],
) -> Option<usize> {
    let names: Vec<ModuleBuffer> = labels
        .iter()
        .map(|l| ModuleBuffer::of(l.as_bytes()))
        .collect();
    let mut id = 0usize;
    // SAFETY: the config pointer is the one of the running `config_new` hook; buffers are alive.
    let status = unsafe {
        let define = if histogram {
            abi::envoy_dynamic_module_callback_http_filter_config_define_histogram
        } else {
            abi::envoy_dynamic_module_callback_http_filter_config_define_counter
        };
        define(
            config.0,
            ModuleBuffer::of(name.as_bytes()),
            names.as_ptr(),
            names.len(),
            &mut id,
        )
    };
    (status == abi::METRICS_SUCCESS).then_some(id)
}

pub fn log(level: u32, message: &str) {
    // SAFETY: the message is alive during the call; Envoy copies it.
    unsafe { abi::envoy_dynamic_module_callback_log(level, ModuleBuffer::of(message.as_bytes())) }
}

pub fn log_enabled(level: u32) -> bool {
    // SAFETY: no pointers.
    unsafe { abi::envoy_dynamic_module_callback_log_enabled(level) }
}

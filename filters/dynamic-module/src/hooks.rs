//! The event hooks Envoy calls (`envoy_dynamic_module_on_*`). No filter logic: they move events
//! and data between Envoy and a [`Session`], as the proxy-wasm adapter does.
//!
//! Every hook body runs inside [`std::panic::catch_unwind`]: an unwinding panic across the C ABI
//! is undefined behaviour, and a panic must cost one request, not the proxy. A panic in a stream
//! hook drops that stream's session, answers 500 in the OpenAI error shape (if the response has
//! not started; else Envoy resets the stream) and stops the stream; later hooks of that stream
//! pass through. This needs a build with `panic = "unwind"` (see the crate docs).
//!
//! Envoy 1.40 refuses a module that lacks any HTTP-filter hook, so the callout, stream,
//! scheduler and watermark hooks are exported too, as no-ops.

use crate::abi::{self, status, EnvoyBuffer, FilterConfigEnvoyPtr, FilterEnvoyPtr, ModulePtr};
use crate::envoy;
use crate::host::{BodyHook, NativeHost};
use crate::metrics;
use crate::registry::{self, Loaded};
use llm_filters_core::session::{Flow, Session};
use llm_filters_core::ErrorReply;
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A filter config (`filter_name` + `filter_config`), one per HTTP filter entry in Envoy.
pub struct Config {
    name: Arc<str>,
    filter: Arc<dyn Loaded>,
    metrics: Arc<metrics::Table>,
    /// See [`Loaded::inert`].
    inert: bool,
}

/// A per-route config (`DynamicModuleFilterPerRoute`): a config of the filter named by
/// `per_route_config_name`; on its route it replaces that filter's config.
pub struct RouteConfig {
    name: String,
    filter: Arc<dyn Loaded>,
}

struct Stream {
    config: Arc<Config>,
    session: Option<Box<dyn Session>>,
    /// The session was created (at the first hook of the stream).
    started: bool,
    /// A hook panicked: the stream was answered or reset; everything else passes.
    failed: bool,
    done: bool,
    host: NativeHost,
}

fn name_of(buffer: EnvoyBuffer) -> String {
    // SAFETY: Envoy's buffer is valid during the hook that handed it over.
    String::from_utf8_lossy(unsafe { buffer.as_slice() }).into_owned()
}

fn seed() -> u64 {
    static STREAMS: AtomicU64 = AtomicU64::new(0);
    let n = STREAMS.fetch_add(1, Ordering::Relaxed);
    let nanos = registry::now().as_nanos() as u64;
    nanos ^ n.rotate_left(32)
}

/// Program init: the process-wide pieces (logger, panic hook) and the ABI version.
#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_program_init() -> *const u8 {
    let ok = catch_unwind(|| {
        crate::logger::install();
        // The default hook prints the panic message to stderr; a message can hold request
        // bytes (an `unwrap` on a parse error), so only the location is logged.
        std::panic::set_hook(Box::new(|info| {
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            log::error!("llm_filters: panic caught at {at}; the request gets a 500");
        }));
        if cfg!(panic = "abort") {
            log::warn!(
                "llm_filters: built with panic=abort, so a panic would abort Envoy; build with \
                 the native profile (panic=unwind), see the module's README"
            );
        }
    });
    if ok.is_err() {
        return std::ptr::null();
    }
    abi::ABI_VERSION.as_ptr()
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_config_new(
    config_envoy_ptr: FilterConfigEnvoyPtr,
    name: EnvoyBuffer,
    config: EnvoyBuffer,
) -> ModulePtr {
    let made = catch_unwind(AssertUnwindSafe(|| {
        let name = name_of(name);
        // SAFETY: as in `name_of`.
        let bytes = unsafe { config.as_slice() };
        match registry::load(&name, bytes) {
            Ok(filter) => {
                let metrics = Arc::new(metrics::Table::define(
                    envoy::Config(config_envoy_ptr),
                    &name,
                ));
                let config = Config {
                    name: Arc::from(name.as_str()),
                    inert: filter.inert(),
                    filter,
                    metrics,
                };
                Arc::into_raw(Arc::new(config)) as ModulePtr
            }
            Err(err) => {
                log::error!("llm_filters: {err}");
                std::ptr::null()
            }
        }
    }));
    made.unwrap_or(std::ptr::null())
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_config_destroy(config: ModulePtr) {
    if !config.is_null() {
        // SAFETY: the pointer came from `Arc::into_raw` in `config_new`; Envoy destroys it once.
        let config = unsafe { Arc::from_raw(config as *const Config) };
        let _ = catch_unwind(AssertUnwindSafe(move || drop(config)));
    }
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_per_route_config_new(
    name: EnvoyBuffer,
    config: EnvoyBuffer,
) -> ModulePtr {
    let made = catch_unwind(AssertUnwindSafe(|| {
        let name = name_of(name);
        // SAFETY: as in `name_of`.
        let bytes = unsafe { config.as_slice() };
        match registry::load(&name, bytes) {
            Ok(filter) => Box::into_raw(Box::new(RouteConfig { name, filter })) as ModulePtr,
            Err(err) => {
                log::error!("llm_filters: per-route config: {err}");
                std::ptr::null()
            }
        }
    }));
    made.unwrap_or(std::ptr::null())
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_per_route_config_destroy(config: ModulePtr) {
    if !config.is_null() {
        // SAFETY: the pointer came from `Box::into_raw` in `per_route_config_new`.
        let config = unsafe { Box::from_raw(config as *mut RouteConfig) };
        let _ = catch_unwind(AssertUnwindSafe(move || drop(config)));
    }
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_new(
    config: ModulePtr,
    filter_envoy_ptr: FilterEnvoyPtr,
) -> ModulePtr {
    if config.is_null() {
        return std::ptr::null();
    }
    let made = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `config` is a live pointer from `config_new` (Envoy keeps the config alive
        // while its filters exist); taking a new strong count keeps it alive for this stream.
        let config = unsafe {
            Arc::increment_strong_count(config as *const Config);
            Arc::from_raw(config as *const Config)
        };
        let host = NativeHost::new(
            envoy::Filter(filter_envoy_ptr),
            config.metrics.clone(),
            config.name.clone(),
        );
        let stream = Stream {
            config,
            session: None,
            started: false,
            failed: false,
            done: false,
            host,
        };
        Box::into_raw(Box::new(stream)) as ModulePtr
    }));
    made.unwrap_or(std::ptr::null())
}

impl Stream {
    /// Creates the session on the stream's first hook, with the route's config when the route
    /// has one for this filter (the route is known by then; it is not at `filter_new`).
    fn start(&mut self) {
        if !self.started {
            self.started = true;
            let route = self.host.filter.route_config();
            let mut filter = &self.config.filter;
            if !route.is_null() {
                // SAFETY: Envoy returns the pointer `per_route_config_new` made; the route (and
                // so its config) outlives this hook, and only an `Arc` is taken from it.
                let route = unsafe { &*(route as *const RouteConfig) };
                if route.name.as_str() == &*self.config.name {
                    filter = &route.filter;
                } else {
                    log::debug!(
                        "llm_filters: per-route config for '{}' ignored by filter '{}'",
                        route.name,
                        self.config.name
                    );
                }
            }
            self.session = Some(filter.new_session(seed()));
        }
    }

    /// After a panic: the session is gone, the client gets a 500 (or a reset once the response
    /// has started), nothing else of this stream reaches the filter.
    fn fail(&mut self) {
        self.failed = true;
        self.host.body_hook = BodyHook::None;
        if let Some(session) = self.session.take() {
            let _ = catch_unwind(AssertUnwindSafe(move || drop(session)));
        }
        let reply = ErrorReply::new(500, "server_error", "the gateway failed on this request");
        let _ = catch_unwind(AssertUnwindSafe(|| {
            self.host.filter.send_response(
                reply.status,
                &reply.response_headers(),
                reply.body().as_bytes(),
            );
        }));
    }
}

/// Runs `f` on the stream behind `module_ptr`. `pass` is the status when there is nothing to
/// run (a failed stream, a null pointer); `stop` the status after a panic.
fn on_stream<R: Copy>(
    filter_envoy_ptr: FilterEnvoyPtr,
    module_ptr: ModulePtr,
    pass: R,
    stop: R,
    f: impl FnOnce(&mut Stream) -> R,
) -> R {
    if module_ptr.is_null() {
        return pass;
    }
    // SAFETY: the pointer came from `Box::into_raw` in `filter_new` and is only destroyed by
    // `filter_destroy`; Envoy runs a stream's hooks on one thread, one at a time.
    let stream = unsafe { &mut *(module_ptr as *mut Stream) };
    stream.host.filter = envoy::Filter(filter_envoy_ptr);
    if stream.failed || stream.config.inert {
        return pass;
    }
    match catch_unwind(AssertUnwindSafe(|| {
        let status = f(&mut *stream);
        stream.host.settle();
        status
    })) {
        Ok(status) => status,
        Err(_) => {
            stream.fail();
            stop
        }
    }
}

fn headers_status(flow: Flow) -> u32 {
    match flow {
        Flow::Continue => status::HEADERS_CONTINUE,
        Flow::Pause => status::HEADERS_STOP_ITERATION,
    }
}

fn body_status(flow: Flow) -> u32 {
    match flow {
        Flow::Continue => status::BODY_CONTINUE,
        Flow::Pause => status::BODY_STOP_AND_BUFFER,
    }
}

fn trailers_status(flow: Flow) -> u32 {
    match flow {
        Flow::Continue => status::TRAILERS_CONTINUE,
        Flow::Pause => status::TRAILERS_STOP_ITERATION,
    }
}

/// Request or response headers. The request map is read here and kept (sessions read it in every
/// later phase, and the first llm filter of the stream strips the client's internal headers);
/// the response map only when a session asks for it.
fn headers_event(
    filter_envoy_ptr: FilterEnvoyPtr,
    module_ptr: ModulePtr,
    response: bool,
    end_of_stream: bool,
) -> u32 {
    on_stream(
        filter_envoy_ptr,
        module_ptr,
        status::HEADERS_CONTINUE,
        status::HEADERS_STOP_ITERATION,
        |s| {
            s.host.in_response |= response;
            s.host.begin_hook(!response);
            s.start();
            let Some(session) = s.session.as_mut() else {
                return status::HEADERS_CONTINUE;
            };
            let flow = if response {
                session.on_response_headers(&mut s.host, end_of_stream)
            } else {
                s.host.guard_request();
                session.on_request_headers(&mut s.host, end_of_stream)
            };
            headers_status(flow)
        },
    )
}

/// A request or response body chunk; the session sees everything held since the last continue.
fn body_event(
    filter_envoy_ptr: FilterEnvoyPtr,
    module_ptr: ModulePtr,
    response: bool,
    end_of_stream: bool,
) -> u32 {
    on_stream(
        filter_envoy_ptr,
        module_ptr,
        status::BODY_CONTINUE,
        status::BODY_STOP_AND_BUFFER,
        |s| {
            s.host.in_response |= response;
            s.host.begin_hook(false);
            s.host.body_hook = if response {
                BodyHook::Response
            } else {
                BodyHook::Request
            };
            let size = s.host.held_size(response);
            s.start();
            let flow = match s.session.as_mut() {
                Some(session) if response => {
                    session.on_response_body(&mut s.host, size, end_of_stream)
                }
                Some(session) => session.on_request_body(&mut s.host, size, end_of_stream),
                None => Flow::Continue,
            };
            s.host.body_hook = BodyHook::None;
            body_status(flow)
        },
    )
}

fn trailers_event(filter_envoy_ptr: FilterEnvoyPtr, module_ptr: ModulePtr, response: bool) -> u32 {
    on_stream(
        filter_envoy_ptr,
        module_ptr,
        status::TRAILERS_CONTINUE,
        status::TRAILERS_STOP_ITERATION,
        |s| {
            s.host.in_response |= response;
            s.host.begin_hook(false);
            s.start();
            match s.session.as_mut() {
                Some(session) if response => {
                    trailers_status(session.on_response_trailers(&mut s.host))
                }
                Some(session) => trailers_status(session.on_request_trailers(&mut s.host)),
                None => status::TRAILERS_CONTINUE,
            }
        },
    )
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_request_headers(
    filter_envoy_ptr: FilterEnvoyPtr,
    module_ptr: ModulePtr,
    end_of_stream: bool,
) -> u32 {
    headers_event(filter_envoy_ptr, module_ptr, false, end_of_stream)
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_request_body(
    filter_envoy_ptr: FilterEnvoyPtr,
    module_ptr: ModulePtr,
    end_of_stream: bool,
) -> u32 {
    body_event(filter_envoy_ptr, module_ptr, false, end_of_stream)
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_request_trailers(
    filter_envoy_ptr: FilterEnvoyPtr,
    module_ptr: ModulePtr,
) -> u32 {
    trailers_event(filter_envoy_ptr, module_ptr, false)
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_response_headers(
    filter_envoy_ptr: FilterEnvoyPtr,
    module_ptr: ModulePtr,
    end_of_stream: bool,
) -> u32 {
    headers_event(filter_envoy_ptr, module_ptr, true, end_of_stream)
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_response_body(
    filter_envoy_ptr: FilterEnvoyPtr,
    module_ptr: ModulePtr,
    end_of_stream: bool,
) -> u32 {
    body_event(filter_envoy_ptr, module_ptr, true, end_of_stream)
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_response_trailers(
    filter_envoy_ptr: FilterEnvoyPtr,
    module_ptr: ModulePtr,
) -> u32 {
    trailers_event(filter_envoy_ptr, module_ptr, true)
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_stream_complete(
    filter_envoy_ptr: FilterEnvoyPtr,
    module_ptr: ModulePtr,
) {
    on_stream(filter_envoy_ptr, module_ptr, (), (), |s| {
        if !std::mem::replace(&mut s.done, true) {
            s.host.begin_hook(false);
            if let Some(session) = s.session.as_mut() {
                session.on_done(&mut s.host);
            }
        }
    });
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_destroy(module_ptr: ModulePtr) {
    if !module_ptr.is_null() {
        // SAFETY: the pointer came from `Box::into_raw` in `filter_new`; destroyed once.
        let stream = unsafe { Box::from_raw(module_ptr as *mut Stream) };
        let _ = catch_unwind(AssertUnwindSafe(move || drop(stream)));
    }
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_local_reply(
    _filter_envoy_ptr: FilterEnvoyPtr,
    _module_ptr: ModulePtr,
    _response_code: u32,
    _details: EnvoyBuffer,
    _reset_imminent: bool,
) -> u32 {
    status::LOCAL_REPLY_CONTINUE
}

// ---- Hooks Envoy requires but this module does not use (no callouts, schedulers, streams). ----

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_scheduled(
    _filter_envoy_ptr: FilterEnvoyPtr,
    _module_ptr: ModulePtr,
    _event_id: u64,
) {
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_config_scheduled(
    _config_envoy_ptr: FilterConfigEnvoyPtr,
    _config: ModulePtr,
    _event_id: u64,
) {
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_downstream_above_write_buffer_high_watermark(
    _filter_envoy_ptr: FilterEnvoyPtr,
    _module_ptr: ModulePtr,
) {
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_downstream_below_write_buffer_low_watermark(
    _filter_envoy_ptr: FilterEnvoyPtr,
    _module_ptr: ModulePtr,
) {
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_http_callout_done(
    _filter_envoy_ptr: FilterEnvoyPtr,
    _module_ptr: ModulePtr,
    _callout_id: u64,
    _result: u32,
    _headers: *const c_void,
    _headers_size: usize,
    _body_chunks: *const c_void,
    _body_chunks_size: usize,
) {
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_http_stream_headers(
    _filter_envoy_ptr: FilterEnvoyPtr,
    _module_ptr: ModulePtr,
    _stream_id: u64,
    _headers: *const c_void,
    _headers_size: usize,
    _end_stream: bool,
) {
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_http_stream_data(
    _filter_envoy_ptr: FilterEnvoyPtr,
    _module_ptr: ModulePtr,
    _stream_id: u64,
    _data: *const c_void,
    _data_count: usize,
    _end_stream: bool,
) {
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_http_stream_trailers(
    _filter_envoy_ptr: FilterEnvoyPtr,
    _module_ptr: ModulePtr,
    _stream_id: u64,
    _trailers: *const c_void,
    _trailers_size: usize,
) {
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_http_stream_complete(
    _filter_envoy_ptr: FilterEnvoyPtr,
    _module_ptr: ModulePtr,
    _stream_id: u64,
) {
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_http_stream_reset(
    _filter_envoy_ptr: FilterEnvoyPtr,
    _module_ptr: ModulePtr,
    _stream_id: u64,
    _reason: u32,
) {
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_config_http_callout_done(
    _config_envoy_ptr: FilterConfigEnvoyPtr,
    _config: ModulePtr,
    _callout_id: u64,
    _result: u32,
    _headers: *const c_void,
    _headers_size: usize,
    _body_chunks: *const c_void,
    _body_chunks_size: usize,
) {
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_config_http_stream_headers(
    _config_envoy_ptr: FilterConfigEnvoyPtr,
    _config: ModulePtr,
    _stream_id: u64,
    _headers: *const c_void,
    _headers_size: usize,
    _end_stream: bool,
) {
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_config_http_stream_data(
    _config_envoy_ptr: FilterConfigEnvoyPtr,
    _config: ModulePtr,
    _stream_id: u64,
    _data: *const c_void,
    _data_count: usize,
    _end_stream: bool,
) {
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_config_http_stream_trailers(
    _config_envoy_ptr: FilterConfigEnvoyPtr,
    _config: ModulePtr,
    _stream_id: u64,
    _trailers: *const c_void,
    _trailers_size: usize,
) {
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_config_http_stream_complete(
    _config_envoy_ptr: FilterConfigEnvoyPtr,
    _config: ModulePtr,
    _stream_id: u64,
) {
}

#[no_mangle]
pub extern "C" fn envoy_dynamic_module_on_http_filter_config_http_stream_reset(
    _config_envoy_ptr: FilterConfigEnvoyPtr,
    _config: ModulePtr,
    _stream_id: u64,
    _reason: u32,
) {
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fake_envoy::{self, with};

    fn buf(s: &'static [u8]) -> EnvoyBuffer {
        EnvoyBuffer {
            ptr: s.as_ptr(),
            length: s.len(),
        }
    }

    fn config(name: &'static [u8], config: &'static [u8]) -> ModulePtr {
        std::env::set_var(crate::test_filters::ENV, "1");
        envoy_dynamic_module_on_http_filter_config_new(std::ptr::null_mut(), buf(name), buf(config))
    }

    #[test]
    fn a_panicking_hook_answers_500_and_the_rest_of_the_stream_passes() {
        fake_envoy::reset();
        let cfg = config(b"__panic_test", b"{}");
        assert!(!cfg.is_null());
        with(|f| f.request_headers = vec![(b"x-test-panic".to_vec(), b"headers".to_vec())]);
        let stream = envoy_dynamic_module_on_http_filter_new(cfg, std::ptr::null_mut());
        let envoy = std::ptr::null_mut();
        assert_eq!(
            envoy_dynamic_module_on_http_filter_request_headers(envoy, stream, false),
            status::HEADERS_STOP_ITERATION
        );
        with(|f| {
            assert_eq!(f.replies.len(), 1);
            assert_eq!(f.replies[0].0, 500);
            let body: serde_json::Value = serde_json::from_slice(&f.replies[0].1).unwrap();
            assert_eq!(body["error"]["type"], "server_error");
        });
        assert_eq!(
            envoy_dynamic_module_on_http_filter_request_body(envoy, stream, true),
            status::BODY_CONTINUE
        );
        assert_eq!(
            envoy_dynamic_module_on_http_filter_response_headers(envoy, stream, true),
            status::HEADERS_CONTINUE
        );
        envoy_dynamic_module_on_http_filter_stream_complete(envoy, stream);
        envoy_dynamic_module_on_http_filter_destroy(stream);
        envoy_dynamic_module_on_http_filter_config_destroy(cfg);
        with(|f| assert_eq!(f.replies.len(), 1, "one reply, nothing after the panic"));
    }

    #[test]
    fn a_session_sees_the_whole_body_across_paused_chunks() {
        fake_envoy::reset();
        let cfg = config(b"__echo_test", br#"{"mode":"reply","tag":"t"}"#);
        let stream = envoy_dynamic_module_on_http_filter_new(cfg, std::ptr::null_mut());
        let envoy = std::ptr::null_mut();
        assert_eq!(
            envoy_dynamic_module_on_http_filter_request_headers(envoy, stream, false),
            status::HEADERS_STOP_ITERATION
        );
        // First chunk: held (Envoy then moves it into the buffer).
        with(|f| f.bodies[0] = vec![b"hello ".to_vec()]);
        assert_eq!(
            envoy_dynamic_module_on_http_filter_request_body(envoy, stream, false),
            status::BODY_STOP_AND_BUFFER
        );
        with(|f| {
            let chunk = std::mem::take(&mut f.bodies[0]);
            f.bodies[1].extend(chunk);
            f.bodies[0] = vec![b"world".to_vec()];
        });
        envoy_dynamic_module_on_http_filter_request_body(envoy, stream, true);
        with(|f| {
            let body: serde_json::Value = serde_json::from_slice(&f.replies[0].1).unwrap();
            assert_eq!(body["body"], "hello world");
            assert_eq!(body["body_size"], 11);
        });
        envoy_dynamic_module_on_http_filter_destroy(stream);
        envoy_dynamic_module_on_http_filter_config_destroy(cfg);
    }

    #[test]
    fn unknown_names_and_invalid_configs_are_refused() {
        fake_envoy::reset();
        assert!(config(b"nope", b"{}").is_null());
        assert!(config(b"token_meter", b"{\"default\": {\"nope\": 1}}").is_null());
        assert!(config(b"pii_mask", b"not json").is_null());
        let cfg = config(b"token_meter", b"{\"default\": {}}");
        assert!(!cfg.is_null());
        envoy_dynamic_module_on_http_filter_config_destroy(cfg);
    }
}

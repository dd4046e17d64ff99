//! Test-only filters, loadable only when Envoy runs with `LLM_FILTERS_TEST_FILTERS=1` (else their
//! names are unknown and the config is refused):
//!
//! - `__echo_test`: exercises the host. Config `{"mode":"reply"}` answers every request with
//!   what the session saw (headers, the whole body, its size, properties, the config's `tag`);
//!   `{"mode":"rewrite"}` forwards the request with its body upper-cased and the response with
//!   `|seen` appended, both held until their end.
//! - `__panic_test`: panics where the request header `x-test-panic` says (`headers`, `body`,
//!   `response`); passes everything else.
//!
//! Only in a build with the `test-filters` feature (never the release `.so`; the bench's floor
//! rows, see integration/src/bench/floor.rs): `__floor_hold` holds the request headers until the
//! end of the body and touches nothing else (what a native filter that buffers costs);
//! `__floor_pass` passes every event through the hooks and host (what any native filter of this
//! module costs: the trust-boundary check included); `__floor_raw` is passed by the hooks without
//! a session or any call into Envoy (what Envoy charges for the filter entry alone);
//! `__floor_count` is `__floor_hold` plus 8 increments of one counter with 3 labels per request
//! (what Envoy charges for labelled metrics).

use crate::registry::Loaded;
use llm_filters_core::session::{Flow, Host, HostExt, Session};
use std::sync::Arc;

pub const ENV: &str = "LLM_FILTERS_TEST_FILTERS";

pub fn load(name: &str, config: &[u8]) -> Option<Result<Arc<dyn Loaded>, String>> {
    #[cfg(feature = "test-filters")]
    if let Some(floor) = floor::load(name) {
        return Some(Ok(floor));
    }
    if !matches!(name, "__echo_test" | "__panic_test") {
        return None;
    }
    if std::env::var(ENV).as_deref() != Ok("1") {
        return Some(Err(format!(
            "'{name}' is a test filter; set {ENV}=1 to load it"
        )));
    }
    let config: serde_json::Value = match serde_json::from_slice(config) {
        Ok(v) => v,
        Err(_) => return Some(Err(format!("{name}: invalid config at '.': not JSON"))),
    };
    let loaded: Arc<dyn Loaded> = match name {
        "__echo_test" => {
            let rewrite = config.get("mode").and_then(|m| m.as_str()) == Some("rewrite");
            let tag = config
                .get("tag")
                .and_then(|t| t.as_str())
                .unwrap_or("")
                .to_string();
            Arc::new(Echo {
                rewrite,
                tag: Arc::from(tag),
            })
        }
        _ => Arc::new(Panics),
    };
    Some(Ok(loaded))
}

struct Echo {
    rewrite: bool,
    tag: Arc<str>,
}

impl Loaded for Echo {
    fn new_session(&self, _seed: u64) -> Box<dyn Session> {
        Box::new(EchoSession {
            rewrite: self.rewrite,
            tag: self.tag.clone(),
        })
    }
}

struct EchoSession {
    rewrite: bool,
    tag: Arc<str>,
}

impl EchoSession {
    fn reply(&self, host: &mut dyn Host, body_size: usize) {
        let body = host.request_body();
        let report = serde_json::json!({
            "tag": &*self.tag,
            "headers": host.request_headers(),
            "body": String::from_utf8_lossy(&body),
            "body_size": body_size,
            "route_name": host.property_string(&["xds", "route_name"]),
            "instance": host.property_string(&["plugin_root_id"]),
            "filter_state": host.filter_state_string("llm.test_seen"),
        });
        host.count(
            &llm_filters_core::metrics::stat_name("llm_test.requests", &[("tag", &self.tag)]),
            1,
        );
        host.send_reply(
            200,
            &[("content-type".into(), "application/json".into())],
            report.to_string().as_bytes(),
        );
    }
}

impl Session for EchoSession {
    fn on_request_headers(&mut self, host: &mut dyn Host, end_of_stream: bool) -> Flow {
        host.set_filter_state("llm.test_seen", b"yes");
        if self.rewrite {
            host.remove_request_header("content-length");
            return if end_of_stream {
                Flow::Continue
            } else {
                Flow::Pause
            };
        }
        if end_of_stream {
            self.reply(host, 0);
        }
        Flow::Pause
    }

    fn on_request_body(
        &mut self,
        host: &mut dyn Host,
        body_size: usize,
        end_of_stream: bool,
    ) -> Flow {
        if !end_of_stream {
            return Flow::Pause;
        }
        if self.rewrite {
            let upper = host.request_body().to_ascii_uppercase();
            host.set_request_body(&upper);
            host.set_request_header("x-test-body-size", &body_size.to_string());
            return Flow::Continue;
        }
        self.reply(host, body_size);
        Flow::Pause
    }

    fn on_response_headers(&mut self, host: &mut dyn Host, end_of_stream: bool) -> Flow {
        if !self.rewrite || end_of_stream {
            return Flow::Continue;
        }
        host.remove_response_header("content-length");
        let seen = if host.request_headers().is_empty() {
            "no"
        } else {
            "yes"
        };
        host.set_response_header("x-test-request-header-seen", seen);
        Flow::Pause
    }

    fn on_response_body(
        &mut self,
        host: &mut dyn Host,
        _body_size: usize,
        end_of_stream: bool,
    ) -> Flow {
        if !self.rewrite {
            return Flow::Continue;
        }
        if !end_of_stream {
            return Flow::Pause;
        }
        let mut body = host.response_body();
        body.extend_from_slice(b"|seen");
        host.set_response_body(&body);
        Flow::Continue
    }
}

struct Panics;

impl Loaded for Panics {
    fn new_session(&self, _seed: u64) -> Box<dyn Session> {
        Box::new(PanicSession { at: None })
    }
}

struct PanicSession {
    at: Option<String>,
}

impl Session for PanicSession {
    fn on_request_headers(&mut self, host: &mut dyn Host, _end_of_stream: bool) -> Flow {
        self.at = llm_filters_core::headers::get(&host.request_headers(), "x-test-panic")
            .map(str::to_string);
        if self.at.as_deref() == Some("headers") {
            panic!("test panic in request headers");
        }
        Flow::Continue
    }

    fn on_request_body(
        &mut self,
        _host: &mut dyn Host,
        _size: usize,
        _end_of_stream: bool,
    ) -> Flow {
        if self.at.as_deref() == Some("body") {
            panic!("test panic in request body");
        }
        Flow::Continue
    }

    fn on_response_headers(&mut self, _host: &mut dyn Host, _end_of_stream: bool) -> Flow {
        if self.at.as_deref() == Some("response") {
            panic!("test panic in response headers");
        }
        Flow::Continue
    }
}

/// The bench's floor filters: empty sessions, so a bench row measures Envoy's own cost of a
/// dynamic-module filter (and this adapter's, which reads nothing the session does not ask for).
#[cfg(feature = "test-filters")]
mod floor {
    use super::*;

    pub fn load(name: &str) -> Option<Arc<dyn Loaded>> {
        match name {
            "__floor_hold" => Some(Arc::new(Floor {
                hold: true,
                inert: false,
                counts: 0,
            })),
            "__floor_count" => Some(Arc::new(Floor {
                hold: true,
                inert: false,
                counts: COUNTS,
            })),
            "__floor_pass" => Some(Arc::new(Floor {
                hold: false,
                inert: false,
                counts: 0,
            })),
            "__floor_raw" => Some(Arc::new(Floor {
                hold: false,
                inert: true,
                counts: 0,
            })),
            _ => None,
        }
    }

    /// How many labelled counter increments `__floor_count` makes per request (token-meter
    /// makes about this many).
    const COUNTS: u32 = 8;

    struct Floor {
        hold: bool,
        inert: bool,
        counts: u32,
    }

    impl Loaded for Floor {
        fn new_session(&self, _seed: u64) -> Box<dyn Session> {
            Box::new(FloorSession {
                hold: self.hold,
                counts: self.counts,
            })
        }

        fn inert(&self) -> bool {
            self.inert
        }
    }

    struct FloorSession {
        hold: bool,
        counts: u32,
    }

    fn hold_until(hold: bool, end_of_stream: bool) -> Flow {
        if hold && !end_of_stream {
            Flow::Pause
        } else {
            Flow::Continue
        }
    }

    impl Session for FloorSession {
        fn on_request_headers(&mut self, _host: &mut dyn Host, end_of_stream: bool) -> Flow {
            hold_until(self.hold, end_of_stream)
        }

        fn on_request_body(&mut self, host: &mut dyn Host, _size: usize, end: bool) -> Flow {
            if end {
                for _ in 0..self.counts {
                    host.count("llm_test.floor.route.r.model.m.backend.b", 1);
                }
            }
            hold_until(self.hold, end)
        }
    }
}

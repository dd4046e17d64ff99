//! proxy-wasm shell: moves headers and bodies between Envoy and the masking logic.

use crate::config::InvalidBodyPolicy;
use crate::masker::{Direction, Masker};
use crate::policy::{load_policies, Policies, Policy};
use crate::request::{mask_request, RequestOutcome, Unreadable};
use crate::response::{rewrite_body, AnswerStream};
use llm_filters_core::headers;
use llm_filters_core::metrics::stat_name;
use llm_filters_core::wasm_shell as shell;
use proxy_wasm::hostcalls;
use proxy_wasm::traits::{Context, HttpContext, RootContext};
use proxy_wasm::types::{Action, BufferType, ContextType, LogLevel};
use std::rc::Rc;

const FILTER: &str = "pii-mask";

proxy_wasm::main! {{
    proxy_wasm::set_log_level(LogLevel::Info);
    proxy_wasm::set_root_context(|_| -> Box<dyn RootContext> { Box::new(Root { policies: None }) });
}}

struct Root {
    policies: Option<Rc<Policies>>,
}

impl Context for Root {}

impl RootContext for Root {
    fn on_configure(&mut self, _size: usize) -> bool {
        self.policies = shell::load_with(FILTER, self.get_plugin_configuration(), |bytes| {
            load_policies(bytes, &shell::env_var)
        });
        self.policies.is_some()
    }

    fn get_type(&self) -> Option<ContextType> {
        Some(ContextType::HttpContext)
    }

    fn create_http_context(&self, _context_id: u32) -> Option<Box<dyn HttpContext>> {
        Some(Box::new(Request {
            policies: self.policies.clone()?,
            policy: None,
            headers: Vec::new(),
            masker: None,
            answer: Answer::Untouched,
        }))
    }
}

/// How the response body is handled.
enum Answer {
    Untouched,
    Whole,
    Stream(AnswerStream),
}

struct Request {
    policies: Rc<Policies>,
    policy: Option<Rc<Policy>>,
    headers: Vec<(String, String)>,
    masker: Option<Masker>,
    answer: Answer,
}

impl Context for Request {}

impl Request {
    fn select_policy(&mut self) {
        let index = shell::select_rule(&self.policies, &self.headers);
        self.policy = index.and_then(|i| self.policies.config_at(i)).cloned();
    }

    /// A body the filter cannot scan: reject or let it through, per config.
    fn unreadable(&mut self, policy: &Policy, why: Unreadable) -> Action {
        self.policy = None;
        match policy.config.on_invalid_body {
            InvalidBodyPolicy::Reject => {
                shell::count(
                    &stat_name(
                        "llm_pii.invalid_body",
                        &[("reason", why.label()), ("action", "reject")],
                    ),
                    1,
                );
                shell::send_error(&why.reply(policy.config.max_body_bytes));
                Action::Pause
            }
            InvalidBodyPolicy::PassThrough => {
                shell::count(
                    &stat_name(
                        "llm_pii.invalid_body",
                        &[("reason", why.label()), ("action", "pass_through")],
                    ),
                    1,
                );
                Action::Continue
            }
        }
    }

    fn count(&self, masker: &Masker, direction: Direction) {
        for ((id, action, dir), n) in &masker.counts {
            if *dir == direction {
                let name = stat_name(
                    "llm_pii.detections",
                    &[
                        ("detector", masker.policy.detector_name(*id)),
                        ("action", action.name()),
                        ("direction", direction.name()),
                    ],
                );
                shell::count(&name, *n);
            }
        }
    }
}

impl HttpContext for Request {
    fn on_http_request_headers(&mut self, _num_headers: usize, end_of_stream: bool) -> Action {
        self.headers = shell::request_headers();
        self.select_policy();
        if self.policy.is_none() || end_of_stream {
            return Action::Continue;
        }
        // Nothing goes upstream before the body is checked (allow_on_headers_stop_iteration).
        Action::Pause
    }

    fn on_http_request_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        let Some(policy) = self.policy.clone() else {
            return Action::Continue;
        };
        if body_size > policy.config.max_body_bytes {
            return self.unreadable(&policy, Unreadable::TooLarge);
        }
        if !end_of_stream {
            return Action::Pause;
        }
        self.policy = None; // decided; later body callbacks pass
        let body = self.get_http_request_body(0, body_size).unwrap_or_default();
        let mut masker = Masker::new(policy.clone());
        let outcome = mask_request(
            &mut masker,
            headers::get(&self.headers, ":path").unwrap_or(""),
            headers::get(&self.headers, "content-type"),
            &body,
        );
        self.count(&masker, Direction::Request);
        for &i in &masker.deny_hits {
            let list = &policy.deny[i];
            let action = match list.action {
                crate::config::DenyAction::Block => "block",
                crate::config::DenyAction::Alert => "alert",
            };
            shell::count(
                &stat_name("llm_pii.deny", &[("list", &list.name), ("action", action)]),
                1,
            );
        }
        let action = match outcome {
            Err(why) => return self.unreadable(&policy, why),
            Ok(RequestOutcome::Blocked { reply, reason }) => {
                shell::count(&stat_name("llm_pii.blocked", &[("reason", &reason)]), 1);
                shell::send_error(&reply);
                return Action::Pause;
            }
            Ok(RequestOutcome::Rewritten(new_body)) => {
                self.set_http_request_body(0, body_size, &new_body);
                self.set_http_request_header("content-length", Some(&new_body.len().to_string()));
                Action::Continue
            }
            Ok(RequestOutcome::Unchanged) => Action::Continue,
        };
        self.masker = Some(masker);
        action
    }

    fn on_http_response_headers(&mut self, _num_headers: usize, _end_of_stream: bool) -> Action {
        let Some(masker) = &self.masker else {
            return Action::Continue;
        };
        let alerts = masker.alerts();
        if !alerts.is_empty() {
            self.set_http_response_header(
                &masker.policy.config.alert_header,
                Some(&alerts.join(",")),
            );
        }
        if !masker.rewrites_answers() {
            return Action::Continue;
        }
        let response = shell::response_headers();
        let ok = headers::get(&response, ":status").is_some_and(|s| s.starts_with('2'));
        let encoded = headers::get(&response, "content-encoding")
            .is_some_and(|e| !e.eq_ignore_ascii_case("identity"));
        if !ok || encoded {
            return Action::Continue;
        }
        let streaming =
            headers::get(&response, "content-type").is_some_and(headers::is_event_stream);
        self.answer = if streaming {
            Answer::Stream(AnswerStream::new())
        } else {
            Answer::Whole
        };
        // Restored and masked values change the length.
        self.set_http_response_header("content-length", None);
        Action::Continue
    }

    fn on_http_response_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        let Some(mut masker) = self.masker.take() else {
            return Action::Continue;
        };
        let action = match &mut self.answer {
            Answer::Untouched => Action::Continue,
            Answer::Stream(stream) => {
                let chunk = hostcalls::get_buffer(BufferType::HttpResponseBody, 0, body_size)
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                let mut out = stream.push(&mut masker, &chunk);
                if end_of_stream {
                    out.extend(stream.finish(&mut masker));
                }
                let _ = hostcalls::set_buffer(BufferType::HttpResponseBody, 0, body_size, &out);
                Action::Continue
            }
            Answer::Whole if !end_of_stream => Action::Pause,
            Answer::Whole => {
                let body = hostcalls::get_buffer(BufferType::HttpResponseBody, 0, body_size)
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                let response = shell::response_headers();
                if let Some(new_body) =
                    rewrite_body(&mut masker, headers::get(&response, "content-type"), &body)
                {
                    let _ = hostcalls::set_buffer(
                        BufferType::HttpResponseBody,
                        0,
                        body_size,
                        &new_body,
                    );
                }
                Action::Continue
            }
        };
        self.masker = Some(masker);
        action
    }

    fn on_log(&mut self) {
        if let Some(masker) = self.masker.take() {
            self.count(&masker, Direction::Response);
            if masker.restored > 0 {
                shell::count("llm_pii.restored", masker.restored);
            }
        }
    }
}

//! The per-stream state machine, written once against core's [`Host`] (proxy-wasm adapter,
//! dynamic module, test host).
//!
//! Request: the headers are held until the whole body is checked, so nothing reaches the
//! provider before it is masked (or the request is refused). Answer: placeholders are restored
//! and (with `response.scan`) values masked; whole answers are held, headers included, until
//! they are rewritten; streams pass event by event with the hold-back window.

use crate::config::InvalidBodyPolicy;
use crate::masker::{Direction, Masker};
use crate::policy::{load_policies, Policies, Policy};
use crate::request::{mask_request, RequestOutcome, Unreadable};
use crate::response::{rewrite_body, AnswerStream, Unscannable};
use llm_filters_core::api::ApiKind;
use llm_filters_core::config::ConfigError;
use llm_filters_core::headers;
use llm_filters_core::metrics::stat_name;
use llm_filters_core::session::{Filter, Flow, Host, HostExt, LoadContext, Session};
use llm_filters_core::ErrorReply;
use std::sync::Arc;

/// The loaded plugin configuration: one compiled policy per route rule.
#[derive(Debug)]
pub struct PiiMask {
    policies: Policies,
}

impl PiiMask {
    pub fn new(policies: Policies) -> Self {
        PiiMask { policies }
    }
}

impl Filter for PiiMask {
    const NAME: &'static str = "pii-mask";
    type Session = PiiSession;

    fn load(config: &[u8], context: &dyn LoadContext) -> Result<Self, ConfigError> {
        load_policies(config, &|name| context.env_var(name)).map(PiiMask::new)
    }

    fn new_session(self: &Arc<Self>, seed: u64) -> PiiSession {
        PiiSession {
            filter: self.clone(),
            seed,
            reading: None,
            seen: 0,
            masker: None,
            api: ApiKind::Unknown,
            answer: Answer::Untouched,
        }
    }
}

/// How the answer body is handled.
#[derive(Debug)]
enum Answer {
    Untouched,
    /// Held whole (headers too), rewritten at the end.
    Whole,
    Stream(Box<AnswerStream>),
    /// A stream ended early with an error event (an event too long to hold): the rest goes
    /// nowhere.
    Ended,
    /// Replaced by this error (`response.onUnscannable: reject`); `sent` once the body went.
    Refused {
        reply: ErrorReply,
        sent: bool,
    },
}

pub struct PiiSession {
    filter: Arc<PiiMask>,
    seed: u64,
    /// The policy while the request body is being read.
    reading: Option<Arc<Policy>>,
    /// Bytes of request body held so far.
    seen: usize,
    /// Set once the request passed: what the answer needs.
    masker: Option<Masker>,
    /// The request's API (the shape of an error event in its stream).
    api: ApiKind,
    answer: Answer,
}

const ACCEPT_ENCODING: &str = "accept-encoding";

impl PiiSession {
    /// A request body the filter cannot scan: reject or let it through, per config. Duplicate
    /// keys are always refused (the provider may read the other copy).
    fn unreadable(&mut self, host: &mut dyn Host, policy: &Policy, why: Unreadable) -> Flow {
        self.reading = None;
        let reject = why == Unreadable::DuplicateKey
            || policy.config.on_invalid_body == InvalidBodyPolicy::Reject;
        let action = if reject { "reject" } else { "pass_through" };
        host.count(
            &stat_name(
                "llm_pii.invalid_body",
                &[("reason", why.label()), ("action", action)],
            ),
            1,
        );
        if reject {
            host.send_error(&why.reply(policy.config.max_body_bytes));
            Flow::Pause
        } else {
            Flow::Continue
        }
    }

    fn count(host: &mut dyn Host, masker: &Masker, direction: Direction) {
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
                host.count(&name, *n);
            }
        }
    }

    /// The whole request body is here: mask it, refuse it, or let it pass.
    fn decide(&mut self, host: &mut dyn Host, policy: Arc<Policy>, body: &[u8]) -> Flow {
        self.reading = None;
        let request = host.request_headers();
        let mut masker = Masker::new(policy.clone(), self.seed);
        let path = headers::get(&request, ":path").unwrap_or("");
        self.api = ApiKind::from_path(path);
        let outcome = mask_request(
            &mut masker,
            path,
            headers::get(&request, "content-type"),
            body,
        );
        Self::count(host, &masker, Direction::Request);
        for list in masker.deny_hits.iter().filter_map(|&i| policy.deny.get(i)) {
            let action = match list.action {
                crate::config::DenyAction::Block => "block",
                crate::config::DenyAction::Alert => "alert",
            };
            host.count(
                &stat_name("llm_pii.deny", &[("list", &list.name), ("action", action)]),
                1,
            );
        }
        match outcome {
            Err(why) => return self.unreadable(host, &policy, why),
            Ok(RequestOutcome::Blocked { reply, reason }) => {
                host.count(&stat_name("llm_pii.blocked", &[("reason", &reason)]), 1);
                host.send_error(&reply);
                return Flow::Pause;
            }
            Ok(RequestOutcome::Rewritten(new_body)) => {
                host.set_request_body(&new_body);
                host.set_request_header("content-length", &new_body.len().to_string());
            }
            Ok(RequestOutcome::Unchanged) => {}
        }
        self.answer_uncompressed(host, &masker);
        self.masker = Some(masker);
        Flow::Continue
    }

    /// Answers that will be rewritten must arrive readable: ask the provider for no compression.
    fn answer_uncompressed(&self, host: &mut dyn Host, masker: &Masker) {
        if masker.rewrites_answers() {
            host.set_request_header(ACCEPT_ENCODING, "identity");
        }
    }

    /// An answer that cannot be scanned: refused with a 502 or passed, per config.
    fn unscannable(host: &mut dyn Host, masker: &Masker, why: Unscannable) -> Option<ErrorReply> {
        let reject = masker.policy.config.response.on_unscannable == InvalidBodyPolicy::Reject;
        let action = if reject { "reject" } else { "pass_through" };
        host.count(
            &stat_name(
                "llm_pii.unscannable_answer",
                &[("reason", why.label()), ("action", action)],
            ),
            1,
        );
        reject.then(|| why.reply())
    }

    /// Turns the response into `reply` (headers still held or not yet sent).
    fn replace_response_headers(host: &mut dyn Host, reply: &ErrorReply, body_len: Option<usize>) {
        host.set_response_header(":status", &reply.status.to_string());
        host.remove_response_header("content-encoding");
        host.remove_response_header("content-length");
        for (name, value) in reply.response_headers() {
            host.set_response_header(&name, &value);
        }
        if let Some(len) = body_len {
            host.set_response_header("content-length", &len.to_string());
        }
    }
}

impl Session for PiiSession {
    fn on_request_headers(&mut self, host: &mut dyn Host, end_of_stream: bool) -> Flow {
        let request = host.request_headers();
        let Some(index) = host.select_rule(&self.filter.policies, &request) else {
            return Flow::Continue;
        };
        let Some(policy) = self.filter.policies.config_at(index).cloned() else {
            return Flow::Continue;
        };
        if end_of_stream {
            // No body to check; the answer may still need scanning.
            let masker = Masker::new(policy, self.seed);
            self.answer_uncompressed(host, &masker);
            self.masker = Some(masker);
            return Flow::Continue;
        }
        // Nothing goes upstream before the body is checked (allow_on_headers_stop_iteration).
        self.reading = Some(policy);
        Flow::Pause
    }

    fn on_request_body(
        &mut self,
        host: &mut dyn Host,
        body_size: usize,
        end_of_stream: bool,
    ) -> Flow {
        let Some(policy) = self.reading.clone() else {
            return Flow::Continue;
        };
        if body_size > policy.config.max_body_bytes {
            return self.unreadable(host, &policy, Unreadable::TooLarge);
        }
        if !end_of_stream {
            self.seen = body_size;
            return Flow::Pause;
        }
        let body = host.request_body();
        self.decide(host, policy, &body)
    }

    fn on_request_trailers(&mut self, host: &mut dyn Host) -> Flow {
        let Some(policy) = self.reading.clone() else {
            return Flow::Continue;
        };
        // The body ended without end_of_stream; Envoy shows the buffered body here.
        let body = host.request_body();
        if body.len() < self.seen {
            return self.unreadable(host, &policy, Unreadable::Unavailable);
        }
        self.decide(host, policy, &body)
    }

    fn on_response_headers(&mut self, host: &mut dyn Host, end_of_stream: bool) -> Flow {
        let Some(masker) = &self.masker else {
            return Flow::Continue;
        };
        let alerts = masker.alerts();
        if !alerts.is_empty() {
            let value = alerts.join(",");
            host.set_response_header(&masker.policy.config.alert_header, &value);
        }
        if !masker.rewrites_answers() || end_of_stream {
            return Flow::Continue;
        }
        let response = host.response_headers();
        let encoded = headers::get(&response, "content-encoding")
            .is_some_and(|e| !e.trim().eq_ignore_ascii_case("identity"));
        if encoded {
            if let Some(reply) = Self::unscannable(host, masker, Unscannable::Compressed) {
                Self::replace_response_headers(host, &reply, None);
                self.answer = Answer::Refused { reply, sent: false };
            }
            return Flow::Continue;
        }
        // Restored and masked values change the length.
        host.remove_response_header("content-length");
        if headers::get(&response, "content-type").is_some_and(headers::is_event_stream) {
            self.answer = Answer::Stream(Box::default());
            return Flow::Continue;
        }
        self.answer = Answer::Whole;
        Flow::Pause
    }

    fn on_response_body(
        &mut self,
        host: &mut dyn Host,
        body_size: usize,
        end_of_stream: bool,
    ) -> Flow {
        let Some(masker) = self.masker.as_mut() else {
            return Flow::Continue;
        };
        match &mut self.answer {
            Answer::Untouched => Flow::Continue,
            Answer::Refused { reply, sent } => {
                let body = if std::mem::replace(sent, true) {
                    String::new()
                } else {
                    reply.body()
                };
                host.set_response_body(body.as_bytes());
                Flow::Continue
            }
            Answer::Stream(stream) => {
                let chunk = host.response_body();
                let mut out = stream.push(masker, &chunk);
                let max = masker.policy.config.max_body_bytes;
                if end_of_stream {
                    out.extend(stream.finish(masker));
                } else if stream.event_longer_than(max) {
                    // One event longer than a whole answer may be: held whole it would grow
                    // without bound. Refused (counted); with `passThrough` it is held anyway.
                    if let Some(reply) = Self::unscannable(host, masker, Unscannable::TooLarge) {
                        out.extend(stream.abort(masker, self.api, &reply));
                        self.answer = Answer::Ended;
                    }
                }
                host.set_response_body(&out);
                Flow::Continue
            }
            Answer::Ended => {
                host.set_response_body(&[]);
                Flow::Continue
            }
            Answer::Whole if body_size > masker.policy.config.max_body_bytes => {
                // Held whole it would overflow Envoy's buffer (a bare 500): refuse or pass it
                // ourselves, before that happens.
                match Self::unscannable(host, masker, Unscannable::TooLarge) {
                    Some(reply) => {
                        Self::replace_response_headers(host, &reply, None);
                        host.set_response_body(reply.body().as_bytes());
                        self.answer = Answer::Refused { reply, sent: true };
                    }
                    None => self.answer = Answer::Untouched,
                }
                Flow::Continue
            }
            Answer::Whole if !end_of_stream => Flow::Pause,
            Answer::Whole => {
                let body = host.response_body();
                let response = host.response_headers();
                match rewrite_body(masker, headers::get(&response, "content-type"), &body) {
                    Ok(Some(new_body)) => {
                        host.set_response_body(&new_body);
                        host.set_response_header("content-length", &new_body.len().to_string());
                    }
                    Ok(None) => host.set_response_header("content-length", &body.len().to_string()),
                    Err(why) => match Self::unscannable(host, masker, why) {
                        Some(reply) => {
                            let text = reply.body();
                            Self::replace_response_headers(host, &reply, Some(text.len()));
                            host.set_response_body(text.as_bytes());
                        }
                        None => host.set_response_header("content-length", &body.len().to_string()),
                    },
                }
                self.answer = Answer::Untouched;
                Flow::Continue
            }
        }
    }

    fn on_response_trailers(&mut self, host: &mut dyn Host) -> Flow {
        // The answer ended with trailers: finish a held whole body if the host still shows it.
        if matches!(self.answer, Answer::Whole) {
            let size = host.response_body().len();
            return self.on_response_body(host, size, true);
        }
        Flow::Continue
    }

    fn on_done(&mut self, host: &mut dyn Host) {
        if let Some(masker) = self.masker.take() {
            Self::count(host, &masker, Direction::Response);
            if masker.restored > 0 {
                host.count("llm_pii.restored", masker.restored);
            }
            if masker.long_runs > 0 {
                host.count("llm_pii.long_token_runs", masker.long_runs);
            }
        }
    }
}

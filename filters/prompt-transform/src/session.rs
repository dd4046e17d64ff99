//! prompt-transform's per-stream state machine, written against the host trait of
//! `llm_filters_core::session` (hosted by the proxy-wasm adapter and the test host).
//!
//! It holds the request headers until the body has been read and rewritten (path and
//! content-length change), so Envoy's Wasm config needs `allow_on_headers_stop_iteration: true`.
//! For an encapsulated endpoint it turns the provider's answer back into the endpoint's plain
//! JSON (held until complete, so a broken answer can still become a 502) or SSE text deltas.

use crate::completion_answer::{chat_answer, ChatChunks};
use crate::endpoint::AnswerStream;
use crate::header_values::request_id;
use crate::pipeline::{on_body, on_headers, on_oversized_at, Failure, HeadersDecision, Plan};
use crate::policy::{load_policies, Policies, Policy};
use llm_filters_core::config::ConfigError;
use llm_filters_core::headers::{self, HeaderChanges};
use llm_filters_core::metrics::stat_name;
use llm_filters_core::session::{Filter, Flow, Host, HostExt, LoadContext, Session};
use std::sync::Arc;

/// The loaded plugin configuration.
pub struct PromptTransform {
    policies: Policies,
}

impl Filter for PromptTransform {
    const NAME: &'static str = "prompt-transform";
    type Session = TransformSession;

    fn load(config: &[u8], _ctx: &dyn LoadContext) -> Result<Self, ConfigError> {
        Ok(PromptTransform {
            policies: load_policies(config)?,
        })
    }

    fn new_session(self: &Arc<Self>, seed: u64) -> TransformSession {
        TransformSession {
            filter: Arc::clone(self),
            selected: None,
            method: String::new(),
            path: String::new(),
            seed,
            reading_body: false,
            response_changes: HeaderChanges::default(),
            dropped: None,
            endpoint: None,
            completion_answer: false,
            answer: Answer::Untouched,
        }
    }
}

/// How the response body of an encapsulated endpoint is turned into its plain answer.
enum Answer {
    Untouched,
    Buffered,
    Streamed(Box<AnswerStream>),
    /// A completions answer to a chat request, whole or streamed.
    CompletionBuffered,
    CompletionStreamed(Box<ChatChunks>),
}

pub struct TransformSession {
    filter: Arc<PromptTransform>,
    /// `None` = pass through; `Some(None)` = default; `Some(Some(i))` = rule i.
    selected: Option<Option<usize>>,
    method: String,
    path: String,
    seed: u64,
    /// The request headers are held until the body has been decided on.
    reading_body: bool,
    response_changes: HeaderChanges,
    /// The context window's dropped-messages header and count.
    dropped: Option<(String, usize)>,
    endpoint: Option<usize>,
    /// The request went to a completions endpoint for a chat client.
    completion_answer: bool,
    answer: Answer,
}

impl TransformSession {
    fn policy(&self) -> Option<&Policy> {
        self.filter.policies.config_at(self.selected?)
    }

    /// A `/v1/messages` client reads errors in Anthropic's shape.
    fn anthropic_client(&self) -> bool {
        self.policy()
            .is_some_and(|p| crate::pipeline::is_messages_api(p, &self.method, &self.path))
    }

    fn reject(&self, host: &mut dyn Host, failure: &Failure) -> Flow {
        host.count(
            &stat_name("llm_prompt.failures", &[("reason", failure.reason)]),
            1,
        );
        if let Some(template) = &failure.template {
            let labels = [("template", template.as_str()), ("reason", failure.reason)];
            host.count(&stat_name("llm_prompt.template_failures", &labels), 1);
        }
        if self.anthropic_client() {
            let body = failure.reply.anthropic_body();
            host.send_reply(
                failure.reply.status,
                &failure.reply.response_headers(),
                body.as_bytes(),
            );
        } else {
            host.send_error(&failure.reply);
        }
        Flow::Pause
    }

    fn forward(&mut self, host: &mut dyn Host, plan: Plan) -> Flow {
        let mut changes = HeaderChanges::default();
        if let Some(body) = &plan.body {
            host.set_request_body(body);
            changes
                .set
                .push(("content-length".into(), body.len().to_string()));
        }
        if let Some(path) = plan.path {
            changes.set.push((":path".into(), path));
            changes
                .set
                .push(("content-type".into(), "application/json".into()));
            // The answer is rewritten here, so the provider must not compress it.
            changes.remove.push("accept-encoding".into());
        }
        host.apply_request_changes(&changes);
        if let Some(template) = &plan.template {
            host.count(
                &stat_name("llm_prompt.requests", &[("template", template)]),
                1,
            );
        }
        if let Some(reason) = plan.passthrough {
            host.count(
                &stat_name("llm_prompt.passthrough", &[("reason", reason)]),
                1,
            );
        }
        let dropped_header = self
            .policy()
            .and_then(|p| p.context.as_ref())
            .map(|c| c.dropped_header.clone());
        if let (Some(dropped), Some(header)) = (plan.dropped, dropped_header) {
            host.count("llm_prompt.context_dropped_messages", dropped as u64);
            self.dropped = Some((header, dropped));
        }
        self.endpoint = plan.endpoint;
        self.completion_answer = plan.completion_answer;
        Flow::Continue
    }

    /// Decides on the whole request body (or on the bound being passed).
    fn decide(&mut self, host: &mut dyn Host, oversized: bool) -> Flow {
        self.reading_body = false;
        let filter = Arc::clone(&self.filter);
        let Some(policy) = self.selected.and_then(|s| filter.policies.config_at(s)) else {
            return Flow::Continue;
        };
        let outcome = if oversized {
            on_oversized_at(policy, &self.method, &self.path)
        } else {
            let body = host.request_body();
            on_body(policy, &self.method, &self.path, &body)
        };
        match outcome {
            Ok(plan) => self.forward(host, plan),
            Err(failure) => self.reject(host, &failure),
        }
    }

    /// A whole completions answer as a chat answer; one that is not a completion (an error
    /// body, not JSON) passes as it is.
    fn completion_buffered(&mut self, host: &mut dyn Host) {
        self.answer = Answer::Untouched;
        match chat_answer(&host.response_body()) {
            Some(chat) => host.set_response_body(&chat),
            None => host.count(
                &stat_name(
                    "llm_prompt.failures",
                    &[("reason", "bad_completion_answer")],
                ),
                1,
            ),
        }
    }

    /// The complete answer of an encapsulated endpoint, as its plain JSON (or a 502).
    fn answer_buffered(&mut self, host: &mut dyn Host) {
        self.answer = Answer::Untouched;
        let Some(ep) = self
            .endpoint
            .and_then(|i| self.policy().and_then(|p| p.endpoints.get(i)))
            .cloned()
        else {
            return;
        };
        let completion = host.response_body();
        let out = match crate::endpoint::answer(&ep, &completion) {
            Ok(answer) => answer,
            Err(reply) => {
                host.count(
                    &stat_name("llm_prompt.failures", &[("reason", "bad_answer")]),
                    1,
                );
                host.set_response_header(":status", &reply.status.to_string());
                reply.body().into_bytes()
            }
        };
        host.set_response_body(&out);
    }
}

impl Session for TransformSession {
    fn on_request_headers(&mut self, host: &mut dyn Host, end_of_stream: bool) -> Flow {
        let request_headers = host.request_headers();
        self.method = headers::get(&request_headers, ":method")
            .unwrap_or("")
            .to_string();
        self.path = headers::get(&request_headers, ":path")
            .unwrap_or("")
            .to_string();
        self.selected = host.select_rule(&self.filter.policies, &request_headers);
        let filter = Arc::clone(&self.filter);
        let Some(policy) = self.selected.and_then(|s| filter.policies.config_at(s)) else {
            return Flow::Continue;
        };
        if !policy.request_headers.is_empty() || !policy.response_headers.is_empty() {
            let id = request_id(&request_headers, self.seed);
            let request_changes = policy.request_headers.changes(&id, &request_headers);
            self.response_changes = policy.response_headers.changes(&id, &request_headers);
            host.apply_request_changes(&request_changes);
        }
        match on_headers(policy, &self.method, &self.path, !end_of_stream) {
            HeadersDecision::Pass => Flow::Continue,
            HeadersDecision::Reject(failure) => self.reject(host, &failure),
            HeadersDecision::ReadBody => {
                self.reading_body = true;
                Flow::Pause
            }
        }
    }

    fn on_request_body(
        &mut self,
        host: &mut dyn Host,
        body_size: usize,
        end_of_stream: bool,
    ) -> Flow {
        if !self.reading_body {
            return Flow::Continue;
        }
        let Some(max) = self.policy().map(|p| p.max_body_bytes) else {
            return Flow::Continue;
        };
        // Over the bound: decide now, without buffering the rest.
        if body_size > max {
            return self.decide(host, true);
        }
        if !end_of_stream {
            return Flow::Pause;
        }
        self.decide(host, false)
    }

    fn on_request_trailers(&mut self, host: &mut dyn Host) -> Flow {
        // The body ended with trailers: decide on what the host buffered. Passing it on
        // unread would skip the route's policy.
        if !self.reading_body {
            return Flow::Continue;
        }
        self.decide(host, false)
    }

    fn on_response_headers(&mut self, host: &mut dyn Host, end_of_stream: bool) -> Flow {
        let mut changes = std::mem::take(&mut self.response_changes);
        if let Some((name, dropped)) = &self.dropped {
            changes.set.push((name.clone(), dropped.to_string()));
        }
        let mut flow = Flow::Continue;
        let endpoint = self.endpoint.and_then(|i| self.policy()?.endpoints.get(i));
        if let (Some(include_usage), false) = (endpoint.map(|ep| ep.include_usage), end_of_stream) {
            let response = host.response_headers();
            let ok = headers::get(&response, ":status").is_some_and(|s| s.starts_with('2'));
            if ok {
                // The plain answer has another size than the completion.
                changes.remove.push("content-length".into());
                if headers::get(&response, "content-type").is_some_and(headers::is_event_stream) {
                    self.answer = Answer::Streamed(Box::new(AnswerStream::new(include_usage)));
                } else {
                    changes
                        .set
                        .push(("content-type".into(), "application/json".into()));
                    self.answer = Answer::Buffered;
                    // Held so a broken answer can still become a 502.
                    flow = Flow::Pause;
                }
            }
        }
        if self.completion_answer && !end_of_stream {
            let response = host.response_headers();
            if headers::get(&response, ":status").is_some_and(|s| s.starts_with('2')) {
                changes.remove.push("content-length".into());
                self.answer = if headers::get(&response, "content-type")
                    .is_some_and(headers::is_event_stream)
                {
                    Answer::CompletionStreamed(Box::new(ChatChunks::new()))
                } else {
                    Answer::CompletionBuffered
                };
            }
        }
        host.apply_response_changes(&changes);
        flow
    }

    fn on_response_body(
        &mut self,
        host: &mut dyn Host,
        _body_size: usize,
        end_of_stream: bool,
    ) -> Flow {
        match &mut self.answer {
            Answer::Untouched => Flow::Continue,
            Answer::Streamed(stream) => {
                let chunk = host.response_body();
                let mut out = stream.push(&chunk);
                if end_of_stream {
                    out.extend(stream.finish());
                }
                host.set_response_body(&out);
                Flow::Continue
            }
            Answer::Buffered => {
                if !end_of_stream {
                    return Flow::Pause;
                }
                self.answer_buffered(host);
                Flow::Continue
            }
            Answer::CompletionStreamed(stream) => {
                let chunk = host.response_body();
                let mut out = stream.push(&chunk);
                if end_of_stream {
                    out.extend(stream.finish());
                }
                host.set_response_body(&out);
                Flow::Continue
            }
            Answer::CompletionBuffered => {
                if !end_of_stream {
                    return Flow::Pause;
                }
                self.completion_buffered(host);
                Flow::Continue
            }
        }
    }

    fn on_response_trailers(&mut self, host: &mut dyn Host) -> Flow {
        // The answer ended with trailers: convert what the host buffered.
        if matches!(self.answer, Answer::Buffered) {
            self.answer_buffered(host);
        }
        if matches!(self.answer, Answer::CompletionBuffered) {
            self.completion_buffered(host);
        }
        Flow::Continue
    }
}

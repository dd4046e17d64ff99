//! One attempt's translation: the request body into the backend's API, the answer (whole,
//! error, or stream) back into the client's.

use crate::translate::stream::{ToChatChunks, ToMessageEvents};
use crate::translate::{anthropic_to_openai, openai_to_anthropic, Api, TranslateError, Translated};
use llm_filters_core::headers;
use llm_filters_core::metrics::stat_name;
use llm_filters_core::session::{Flow, Host};
use serde_json::Value;

/// A whole (non-stream) answer larger than this is passed on untranslated (counted): the
/// buffer must stay bounded.
pub const MAX_TRANSLATED_ANSWER: usize = 32 * 1024 * 1024;

/// Which way an attempt is translated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// OpenAI chat client, Anthropic backend.
    ChatToMessages,
    /// Anthropic client, OpenAI-schema backend.
    MessagesToChat,
}

impl Direction {
    pub fn new(client: Api, target: Api) -> Option<Direction> {
        match (client, target) {
            (Api::Chat, Api::Messages) => Some(Direction::ChatToMessages),
            (Api::Messages, Api::Chat) => Some(Direction::MessagesToChat),
            _ => None,
        }
    }

    fn labels(self) -> [(&'static str, &'static str); 2] {
        match self {
            Direction::ChatToMessages => [("from", "openai"), ("to", "anthropic")],
            Direction::MessagesToChat => [("from", "anthropic"), ("to", "openai")],
        }
    }
}

enum Answer {
    Waiting,
    Whole {
        status: u16,
    },
    ToChat(ToChatChunks),
    ToMessages(ToMessageEvents),
    /// Not translatable (compressed, too large): passed on as it is.
    Untouched,
}

pub struct AttemptTranslation {
    direction: Direction,
    model: String,
    default_max_tokens: u64,
    include_usage: bool,
    answer: Answer,
}

impl AttemptTranslation {
    pub fn new(direction: Direction, model: String, default_max_tokens: u64) -> Self {
        AttemptTranslation {
            direction,
            model,
            default_max_tokens,
            include_usage: false,
            answer: Answer::Waiting,
        }
    }

    fn count_dropped(host: &mut dyn Host, dropped: &mut Vec<&'static str>) {
        dropped.sort_unstable();
        dropped.dedup();
        for field in dropped.iter() {
            host.count(
                &stat_name("llm_router.translate_dropped", &[("field", field)]),
                1,
            );
        }
    }

    /// Translate the whole request body (held until its end). An untranslatable body gets a
    /// 400 in the client's API shape.
    pub fn request(&mut self, host: &mut dyn Host, body: &[u8], model: Option<&str>) -> Flow {
        let model = model.map_or_else(|| self.model.clone(), str::to_string);
        let result: Result<Translated, TranslateError> = match serde_json::from_slice::<Value>(body)
        {
            Err(_) => Err(TranslateError("the request body is not JSON".into())),
            Ok(value) => {
                let model = if model.is_empty() {
                    value
                        .get("model")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string()
                } else {
                    model
                };
                match self.direction {
                    Direction::ChatToMessages => {
                        openai_to_anthropic::request(&value, &model, self.default_max_tokens)
                    }
                    Direction::MessagesToChat => anthropic_to_openai::request(&value, &model),
                }
            }
        };
        match result {
            Ok(mut translated) => {
                self.include_usage = translated.include_usage;
                host.set_request_body(translated.body.to_string().as_bytes());
                host.count(
                    &stat_name("llm_router.translations", &self.direction.labels()),
                    1,
                );
                Self::count_dropped(host, &mut translated.dropped);
                Flow::Continue
            }
            Err(TranslateError(message)) => {
                host.count(
                    &stat_name("llm_router.rejections", &[("reason", "untranslatable")]),
                    1,
                );
                let body = match self.direction {
                    Direction::ChatToMessages => serde_json::json!({ "error": {
                        "message": message, "type": "invalid_request_error", "param": null, "code": null } }),
                    Direction::MessagesToChat => serde_json::json!({ "type": "error", "error": {
                        "type": "invalid_request_error", "message": message } }),
                };
                host.send_reply(
                    400,
                    &[("content-type".to_string(), "application/json".to_string())],
                    body.to_string().as_bytes(),
                );
                Flow::Pause
            }
        }
    }

    pub fn response_headers(&mut self, host: &mut dyn Host, end_of_stream: bool) {
        let headers = host.response_headers();
        let status = headers::get(&headers, ":status")
            .and_then(|s| s.parse::<u16>().ok())
            .unwrap_or(200);
        let content_type = headers::get(&headers, "content-type").unwrap_or("");
        let encoded = headers::get(&headers, "content-encoding")
            .is_some_and(|e| !e.eq_ignore_ascii_case("identity"));
        if end_of_stream || encoded {
            if encoded {
                host.count("llm_router.translate_untouched", 1);
            }
            self.answer = Answer::Untouched;
            return;
        }
        let stream = status < 300 && content_type.contains("text/event-stream");
        self.answer = match (stream, self.direction) {
            (true, Direction::ChatToMessages) => {
                Answer::ToChat(ToChatChunks::new(host.now().as_secs(), self.include_usage))
            }
            (true, Direction::MessagesToChat) => Answer::ToMessages(ToMessageEvents::new()),
            (false, _) => Answer::Whole { status },
        };
        host.remove_response_header("content-length");
        host.set_response_header(
            "content-type",
            if stream {
                "text/event-stream"
            } else {
                "application/json"
            },
        );
    }

    pub fn response_body(&mut self, host: &mut dyn Host, size: usize, end_of_stream: bool) -> Flow {
        match &mut self.answer {
            Answer::Waiting | Answer::Untouched => Flow::Continue,
            Answer::ToChat(t) => {
                let chunk = host.response_body();
                let mut out = t.push(&chunk);
                if end_of_stream {
                    out.extend(t.finish());
                }
                host.set_response_body(&out);
                if end_of_stream {
                    Self::count_dropped(host, &mut t.dropped);
                }
                Flow::Continue
            }
            Answer::ToMessages(t) => {
                let chunk = host.response_body();
                let mut out = t.push(&chunk);
                if end_of_stream {
                    out.extend(t.finish());
                }
                host.set_response_body(&out);
                if end_of_stream {
                    Self::count_dropped(host, &mut t.dropped);
                }
                Flow::Continue
            }
            Answer::Whole { status } => {
                let status = *status;
                if size > MAX_TRANSLATED_ANSWER {
                    host.count("llm_router.translate_untouched", 1);
                    self.answer = Answer::Untouched;
                    return Flow::Continue;
                }
                if !end_of_stream {
                    return Flow::Pause;
                }
                let body = host.response_body();
                let out = self.whole(host, status, &body);
                if let Some(out) = out {
                    host.set_response_body(&out);
                }
                Flow::Continue
            }
        }
    }

    /// A buffered answer ended with trailers: translate what is held.
    pub fn response_trailers(&mut self, host: &mut dyn Host) {
        let Answer::Whole { status } = self.answer else {
            if let Answer::ToChat(_) | Answer::ToMessages(_) = self.answer {
                // Trailers after a stream: the parser's last event has nothing to add.
            }
            return;
        };
        let body = host.response_body();
        if let Some(out) = self.whole(host, status, &body) {
            host.set_response_body(&out);
        }
    }

    fn whole(&mut self, host: &mut dyn Host, status: u16, body: &[u8]) -> Option<Vec<u8>> {
        let mut dropped = Vec::new();
        let out = if status >= 400 {
            match self.direction {
                Direction::ChatToMessages => openai_to_anthropic::error(body),
                Direction::MessagesToChat => anthropic_to_openai::error(status, body),
            }
        } else {
            let recognised = serde_json::from_slice::<Value>(body)
                .ok()
                .filter(|value| match self.direction {
                    Direction::ChatToMessages => openai_to_anthropic::is_answer(value),
                    Direction::MessagesToChat => anthropic_to_openai::is_answer(value),
                });
            let Some(value) = recognised else {
                host.count("llm_router.translate_untouched", 1);
                return None;
            };
            match self.direction {
                Direction::ChatToMessages => {
                    openai_to_anthropic::response(&value, host.now().as_secs(), &mut dropped)
                }
                Direction::MessagesToChat => anthropic_to_openai::response(&value, &mut dropped),
            }
        };
        Self::count_dropped(host, &mut dropped);
        self.answer = Answer::Untouched;
        Some(out.to_string().into_bytes())
    }
}

//! A chat request that the route's transforms turned into a legacy completions request
//! (`$.messages` joined into `$.prompt`) is answered by a completions backend; the client asked
//! in chat, so its answer is turned back into a chat answer: `text_completion` → `chat.completion`
//! whole, and each streamed `text_completion` chunk → a `chat.completion.chunk`, incrementally
//! (core's SSE parser; nothing held beyond an unfinished event).

use llm_filters_core::sse::{SseEvent, SseParser};
use serde_json::{json, Map, Value};

/// Whether a request is now a completions request built from a chat one.
pub fn is_chat_turned_completion(body: &Map<String, Value>) -> bool {
    body.contains_key("prompt") && !body.contains_key("messages")
}

/// `…/chat/completions` → `…/completions` (query kept).
pub fn completions_path(chat_path: &str) -> Option<String> {
    let (path, query) = match chat_path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (chat_path, None),
    };
    let base = path.strip_suffix("/chat/completions")?;
    Some(match query {
        Some(q) => format!("{base}/completions?{q}"),
        None => format!("{base}/completions"),
    })
}

fn chat_choice(choice: &Value, stream: bool, first: bool) -> Value {
    let text = choice.get("text").and_then(Value::as_str).unwrap_or("");
    let index = choice.get("index").cloned().unwrap_or(json!(0));
    let finish = choice.get("finish_reason").cloned().unwrap_or(Value::Null);
    if stream {
        let delta = if first {
            json!({ "role": "assistant", "content": text })
        } else {
            json!({ "content": text })
        };
        json!({ "index": index, "delta": delta, "logprobs": null, "finish_reason": finish })
    } else {
        json!({ "index": index, "message": { "role": "assistant", "content": text },
                "logprobs": null, "finish_reason": finish })
    }
}

/// Every field but `object` and `choices` is kept (`id`, `created`, `model`, `usage`,
/// `system_fingerprint`); choice `logprobs` (token logprobs of another shape) are dropped.
fn convert(body: &Value, stream: bool, first: &mut Vec<u64>) -> Option<Value> {
    let map = body.as_object()?;
    let choices = map.get("choices")?.as_array()?;
    let mut out = Map::new();
    for (key, value) in map {
        match key.as_str() {
            "object" => {
                let object = if stream {
                    "chat.completion.chunk"
                } else {
                    "chat.completion"
                };
                out.insert(key.clone(), json!(object));
            }
            "choices" => {
                let converted = choices
                    .iter()
                    .map(|c| {
                        let index = c.get("index").and_then(Value::as_u64).unwrap_or(0);
                        let is_first = !first.contains(&index);
                        if is_first {
                            first.push(index);
                        }
                        chat_choice(c, stream, is_first)
                    })
                    .collect();
                out.insert(key.clone(), Value::Array(converted));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Some(Value::Object(out))
}

/// A whole `text_completion` answer as a `chat.completion`; `None` when it is not one.
pub fn chat_answer(body: &[u8]) -> Option<Vec<u8>> {
    let value: Value = serde_json::from_slice(body).ok()?;
    convert(&value, false, &mut Vec::new()).map(|v| v.to_string().into_bytes())
}

/// Streamed `text_completion` chunks → `chat.completion.chunk`s.
#[derive(Debug, Default)]
pub struct ChatChunks {
    parser: SseParser,
    /// Choice indices that already had their first (role-carrying) chunk.
    started: Vec<u64>,
}

impl ChatChunks {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, chunk: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for event in self.parser.push(chunk) {
            self.convert(&event, &mut out);
        }
        out
    }

    pub fn finish(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some(event) = self.parser.finish() {
            self.convert(&event, &mut out);
        }
        out
    }

    fn convert(&mut self, event: &SseEvent, out: &mut Vec<u8>) {
        let converted = serde_json::from_str::<Value>(&event.data)
            .ok()
            .and_then(|v| convert(&v, true, &mut self.started));
        match converted {
            Some(chunk) => {
                let mut e = event.clone();
                e.data = chunk.to_string();
                e.write_to(out);
            }
            // `[DONE]`, comments, errors and anything else pass as they are.
            None => event.write_to(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_references_completion_becomes_a_chat_completion() {
        // The legacy Completions reference's example answer.
        let body = br#"{"id":"cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7","object":"text_completion","created":1589478378,"model":"gpt-3.5-turbo-instruct","system_fingerprint":"fp_44709d6fcb","choices":[{"text":"\n\nThis is indeed a test","index":0,"logprobs":null,"finish_reason":"length"}],"usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}"#;
        let got: Value = serde_json::from_slice(&chat_answer(body).unwrap()).unwrap();
        assert_eq!(
            got,
            json!({ "id": "cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7", "object": "chat.completion", "created": 1589478378,
                "model": "gpt-3.5-turbo-instruct", "system_fingerprint": "fp_44709d6fcb",
                "choices": [{ "index": 0, "message": { "role": "assistant", "content": "\n\nThis is indeed a test" },
                              "logprobs": null, "finish_reason": "length" }],
                "usage": { "prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12 } })
        );
        assert_eq!(chat_answer(b"not json"), None);
        assert_eq!(chat_answer(br#"{"error":{"message":"x"}}"#), None);
    }

    #[test]
    fn the_references_completion_stream_becomes_chat_chunks_in_any_chunking() {
        // The reference's streamed completion (shortened), a usage chunk and [DONE].
        let stream = "data: {\"id\":\"cmpl-7iA7iJjj8V2zOkCGvWF2hAkDWBQZe\",\"object\":\"text_completion\",\"created\":1690759702,\"choices\":[{\"text\":\"This\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}],\"model\":\"gpt-3.5-turbo-instruct\",\"system_fingerprint\":\"fp_44709d6fcb\"}\n\n\
data: {\"id\":\"cmpl-7iA7iJjj8V2zOkCGvWF2hAkDWBQZe\",\"object\":\"text_completion\",\"created\":1690759702,\"choices\":[{\"text\":\" is\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}],\"model\":\"gpt-3.5-turbo-instruct\",\"system_fingerprint\":\"fp_44709d6fcb\"}\n\n\
data: {\"id\":\"cmpl-7iA7iJjj8V2zOkCGvWF2hAkDWBQZe\",\"object\":\"text_completion\",\"created\":1690759702,\"choices\":[],\"model\":\"gpt-3.5-turbo-instruct\",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\n\
data: [DONE]\n\n";
        let chunk = |choices: Value| {
            json!({ "id": "cmpl-7iA7iJjj8V2zOkCGvWF2hAkDWBQZe", "object": "chat.completion.chunk", "created": 1690759702,
                    "choices": choices, "model": "gpt-3.5-turbo-instruct", "system_fingerprint": "fp_44709d6fcb" })
        };
        let expected = vec![
            chunk(
                json!([{ "index": 0, "delta": { "role": "assistant", "content": "This" }, "logprobs": null, "finish_reason": null }]),
            ),
            chunk(
                json!([{ "index": 0, "delta": { "content": " is" }, "logprobs": null, "finish_reason": "stop" }]),
            ),
            json!({ "id": "cmpl-7iA7iJjj8V2zOkCGvWF2hAkDWBQZe", "object": "chat.completion.chunk", "created": 1690759702,
                    "choices": [], "model": "gpt-3.5-turbo-instruct", "usage": { "prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7 } }),
            json!("[DONE]"),
        ];
        let parse = |out: &[u8]| -> Vec<Value> {
            let mut p = SseParser::new();
            let mut events = p.push(out);
            events.extend(p.finish());
            events
                .iter()
                .map(|e| serde_json::from_str(&e.data).unwrap_or(json!(e.data)))
                .collect()
        };
        let whole = {
            let mut t = ChatChunks::new();
            let mut out = t.push(stream.as_bytes());
            out.extend(t.finish());
            out
        };
        assert_eq!(parse(&whole), expected);
        let bytes = stream.as_bytes();
        for step in [1, 2, 7, 33, 100] {
            let mut t = ChatChunks::new();
            let mut out: Vec<u8> = bytes.chunks(step).flat_map(|c| t.push(c)).collect();
            out.extend(t.finish());
            assert_eq!(out, whole, "chunks of {step}");
        }
    }

    #[test]
    fn paths() {
        assert_eq!(
            completions_path("/v1/chat/completions").as_deref(),
            Some("/v1/completions")
        );
        assert_eq!(
            completions_path("/openai/v1/chat/completions?x=1").as_deref(),
            Some("/openai/v1/completions?x=1")
        );
        assert_eq!(completions_path("/v1/embeddings"), None);
    }
}

//! Token usage as providers report it, normalized across APIs, from whole responses and from
//! SSE streams fed chunk by chunk.
//!
//! Shapes understood (`usage` objects):
//! - OpenAI Chat Completions / Completions / Embeddings: `prompt_tokens`, `completion_tokens`,
//!   `prompt_tokens_details.cached_tokens`, `completion_tokens_details.reasoning_tokens`;
//! - OpenAI Responses: `input_tokens`, `output_tokens`, `input_tokens_details.cached_tokens`,
//!   `output_tokens_details.reasoning_tokens` (in `response.completed` when streamed);
//! - Anthropic Messages: `input_tokens` (without cache), `cache_creation_input_tokens`,
//!   `cache_read_input_tokens`, `output_tokens`; streamed in `message_start` and cumulative
//!   `message_delta` events.
//!
//! Provider totals are trusted as given; nothing here re-derives them.

use crate::sse::{SseEvent, SseParser};
use serde_json::Value;

/// Usage of one request, normalized. `input_tokens` is the whole prompt, cached parts included
/// (for Anthropic the sum of its three input counts), so `input + output` is the billable total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenUsage {
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// Prompt tokens read from the provider's prompt cache (part of `input_tokens`).
    pub cached_input_tokens: u64,
    /// Prompt tokens written to the prompt cache (Anthropic; part of `input_tokens`).
    pub cache_creation_input_tokens: u64,
    /// Reasoning tokens (part of `output_tokens`).
    pub reasoning_tokens: u64,
}

impl TokenUsage {
    pub fn total(&self) -> u64 {
        self.input_tokens.saturating_add(self.output_tokens)
    }

    /// Reads any of the `usage` object shapes above; `None` when it is none of them.
    pub fn from_usage_value(usage: &Value) -> Option<TokenUsage> {
        let obj = usage.as_object()?;
        let num = |v: Option<&Value>| v.and_then(Value::as_u64).unwrap_or(0);
        let at = |path: &str| num(usage.pointer(path));
        if obj.contains_key("prompt_tokens") || obj.contains_key("completion_tokens") {
            return Some(TokenUsage {
                input_tokens: at("/prompt_tokens"),
                output_tokens: at("/completion_tokens"),
                cached_input_tokens: at("/prompt_tokens_details/cached_tokens"),
                cache_creation_input_tokens: 0,
                reasoning_tokens: at("/completion_tokens_details/reasoning_tokens"),
            });
        }
        if !(obj.contains_key("input_tokens") || obj.contains_key("output_tokens")) {
            return None;
        }
        if obj.contains_key("input_tokens_details") || obj.contains_key("output_tokens_details") {
            // OpenAI Responses: input already includes cached tokens.
            return Some(TokenUsage {
                input_tokens: at("/input_tokens"),
                output_tokens: at("/output_tokens"),
                cached_input_tokens: at("/input_tokens_details/cached_tokens"),
                cache_creation_input_tokens: 0,
                reasoning_tokens: at("/output_tokens_details/reasoning_tokens"),
            });
        }
        // Anthropic: the three input counts are disjoint. Counts come from the provider, so
        // sums saturate rather than wrap (a wrapped count would undercharge).
        let read = at("/cache_read_input_tokens");
        let created = at("/cache_creation_input_tokens");
        Some(TokenUsage {
            input_tokens: at("/input_tokens")
                .saturating_add(read)
                .saturating_add(created),
            output_tokens: at("/output_tokens"),
            cached_input_tokens: read,
            cache_creation_input_tokens: created,
            reasoning_tokens: 0,
        })
    }
}

/// The two fields a whole response is read for; serde skips the rest (choices, content)
/// without building a tree of it.
#[derive(serde::Deserialize)]
struct ResponseUsage {
    #[serde(default)]
    usage: Option<Value>,
    #[serde(default)]
    model: Option<Value>,
}

/// Usage and model of a whole (non-streamed) JSON response body.
pub fn usage_from_response(body: &[u8]) -> (Option<TokenUsage>, Option<String>) {
    let Ok(response) = serde_json::from_slice::<ResponseUsage>(body) else {
        return (None, None);
    };
    let usage = response
        .usage
        .as_ref()
        .and_then(TokenUsage::from_usage_value);
    let model = response
        .model
        .as_ref()
        .and_then(Value::as_str)
        .map(str::to_owned);
    (usage, model)
}

/// What one chunk of a stream produced.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ChunkOutcome {
    /// Replacement bytes for the chunk; `None` means forward the chunk unchanged.
    pub replace: Option<Vec<u8>>,
    /// This chunk carried the first generated content of the stream (time to first token).
    pub first_content: bool,
}

/// Follows one SSE response stream: reads usage, the model and the generated text (for an
/// estimate when no usage arrives), and optionally removes OpenAI's usage-only chunk.
///
/// The generated text is not kept: it is handed out with [`StreamUsage::take_text`] (the caller
/// counts it as it passes), so the answer is held only between a chunk and that call.
///
/// Without removal the bytes are never touched. With removal, complete events are re-written
/// (an OpenAI event is a single `data:` line, so this keeps them byte-equal in practice) and the
/// unfinished tail of the chunk is held back until its event completes: at most one event.
#[derive(Debug)]
pub struct StreamUsage {
    parser: SseParser,
    strip_usage_chunk: bool,
    usage: Option<TokenUsage>,
    model: Option<String>,
    /// Generated text not yet taken.
    text: String,
    /// Most text held before a take (one huge chunk).
    text_limit: usize,
    /// Text beyond `text_limit` (before a take) is counted in bytes only.
    dropped_text_bytes: u64,
    seen_content: bool,
    events: u64,
    stripped: bool,
    /// The usage seen is the final one (not only Anthropic's opening counts).
    complete: bool,
}

impl StreamUsage {
    /// `text_limit` bounds the generated text held between two [`StreamUsage::take_text`] calls.
    pub fn new(strip_usage_chunk: bool, text_limit: usize) -> Self {
        StreamUsage {
            parser: SseParser::new(),
            strip_usage_chunk,
            usage: None,
            model: None,
            text: String::new(),
            text_limit,
            dropped_text_bytes: 0,
            seen_content: false,
            events: 0,
            stripped: false,
            complete: false,
        }
    }

    pub fn push(&mut self, chunk: &[u8]) -> ChunkOutcome {
        let had_content = self.seen_content;
        let events = self.parser.push(chunk);
        let replace = self.take_events(events);
        ChunkOutcome {
            replace,
            first_content: !had_content && self.seen_content,
        }
    }

    /// Ends the stream; returns bytes still held back (only when stripping).
    pub fn finish(&mut self) -> Option<Vec<u8>> {
        let last: Vec<SseEvent> = self.parser.finish().into_iter().collect();
        let strip = self.strip_usage_chunk;
        let out = self.take_events(last);
        if strip {
            Some(out.unwrap_or_default())
        } else {
            None
        }
    }

    fn take_events(&mut self, events: Vec<SseEvent>) -> Option<Vec<u8>> {
        let mut out = self.strip_usage_chunk.then(Vec::new);
        for event in events {
            self.events += 1;
            let drop = self.observe(&event);
            if let Some(out) = out.as_mut() {
                if drop {
                    self.stripped = true;
                } else {
                    event.write_to(out);
                }
            }
        }
        out
    }

    /// Reads one event; returns whether it is the usage-only chunk to remove.
    fn observe(&mut self, event: &SseEvent) -> bool {
        if event.data.is_empty() || event.is_done() {
            return false;
        }
        let Ok(value) = serde_json::from_str::<Value>(&event.data) else {
            return false;
        };
        if let Some(model) = value.get("model").and_then(Value::as_str) {
            self.model.get_or_insert_with(|| model.to_owned());
        }
        match value.get("type").and_then(Value::as_str) {
            Some(kind) => self.observe_typed(kind, &value),
            None => self.observe_openai_chunk(&value),
        }
    }

    fn observe_openai_chunk(&mut self, value: &Value) -> bool {
        if let Some(choices) = value.get("choices").and_then(Value::as_array) {
            for choice in choices {
                if let Some(text) = choice.pointer("/delta/content").and_then(Value::as_str) {
                    self.add_text(text);
                }
                if let Some(calls) = choice
                    .pointer("/delta/tool_calls")
                    .and_then(Value::as_array)
                {
                    for call in calls {
                        for key in ["/function/name", "/function/arguments"] {
                            if let Some(text) = call.pointer(key).and_then(Value::as_str) {
                                self.add_text(text);
                            }
                        }
                    }
                }
                // Legacy completions stream `text`.
                if let Some(text) = choice.get("text").and_then(Value::as_str) {
                    self.add_text(text);
                }
            }
        }
        let usage = value
            .get("usage")
            .filter(|u| !u.is_null())
            .and_then(TokenUsage::from_usage_value);
        let Some(usage) = usage else { return false };
        self.usage = Some(usage);
        self.complete = true;
        let usage_only = value
            .get("choices")
            .and_then(Value::as_array)
            .is_some_and(|c| c.is_empty());
        self.strip_usage_chunk && usage_only
    }

    /// Anthropic events and OpenAI Responses events carry a `type`.
    fn observe_typed(&mut self, kind: &str, value: &Value) -> bool {
        match kind {
            "message_start" => {
                if let Some(model) = value.pointer("/message/model").and_then(Value::as_str) {
                    self.model.get_or_insert_with(|| model.to_owned());
                }
                if let Some(u) = value
                    .pointer("/message/usage")
                    .and_then(TokenUsage::from_usage_value)
                {
                    self.usage = Some(u);
                }
            }
            "message_delta" => {
                if let Some(delta) = value.get("usage") {
                    self.merge_anthropic_delta(delta);
                    self.complete = true;
                }
            }
            "content_block_delta" => {
                for key in ["/delta/text", "/delta/partial_json", "/delta/thinking"] {
                    if let Some(text) = value.pointer(key).and_then(Value::as_str) {
                        self.add_text(text);
                    }
                }
            }
            "response.output_text.delta"
            | "response.function_call_arguments.delta"
            | "response.reasoning_summary_text.delta" => {
                if let Some(text) = value.get("delta").and_then(Value::as_str) {
                    self.add_text(text);
                }
            }
            "response.completed" | "response.incomplete" | "response.failed" => {
                if let Some(model) = value.pointer("/response/model").and_then(Value::as_str) {
                    self.model = Some(model.to_owned());
                }
                if let Some(u) = value
                    .pointer("/response/usage")
                    .and_then(TokenUsage::from_usage_value)
                {
                    self.usage = Some(u);
                    self.complete = true;
                }
            }
            _ => {}
        }
        false
    }

    /// `message_delta` counts are cumulative: each present count replaces the earlier one.
    fn merge_anthropic_delta(&mut self, delta: &Value) {
        let mut usage = self.usage.unwrap_or_default();
        let get = |k: &str| delta.get(k).and_then(Value::as_u64);
        if let Some(out) = get("output_tokens") {
            usage.output_tokens = out;
        }
        let base = usage
            .input_tokens
            .saturating_sub(usage.cached_input_tokens)
            .saturating_sub(usage.cache_creation_input_tokens);
        let input = get("input_tokens").unwrap_or(base);
        let read = get("cache_read_input_tokens").unwrap_or(usage.cached_input_tokens);
        let created =
            get("cache_creation_input_tokens").unwrap_or(usage.cache_creation_input_tokens);
        usage.input_tokens = input.saturating_add(read).saturating_add(created);
        usage.cached_input_tokens = read;
        usage.cache_creation_input_tokens = created;
        self.usage = Some(usage);
    }

    fn add_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.seen_content = true;
        let room = self.text_limit.saturating_sub(self.text.len());
        if text.len() <= room {
            self.text.push_str(text);
        } else {
            let cut = text.floor_char_boundary(room);
            self.text.push_str(text.get(..cut).unwrap_or_default());
            self.dropped_text_bytes += (text.len() - cut) as u64;
        }
    }

    /// The provider's usage, when the stream carried one. Anthropic sends input counts first, so
    /// after a stream cut before `message_delta` the output count is only the initial one.
    pub fn usage(&self) -> Option<TokenUsage> {
        self.usage
    }

    /// Whether the usage is the provider's final count (an Anthropic stream cut before
    /// `message_delta` has only the input counts).
    pub fn usage_complete(&self) -> bool {
        self.complete
    }

    /// The model the provider named in the stream.
    pub fn model(&self) -> Option<&str> {
        self.model.as_deref()
    }

    /// Hands the generated text seen since the last call to `sink` (in stream order, on char
    /// boundaries) and forgets it.
    pub fn take_text(&mut self, sink: impl FnOnce(&str)) {
        if !self.text.is_empty() {
            sink(&self.text);
            self.text.clear();
        }
        // Don't keep a huge chunk's buffer for the rest of the stream.
        if self.text.capacity() > 64 * 1024 {
            self.text = String::new();
        }
    }

    /// Bytes of generated text dropped because more than the limit arrived between two takes
    /// (estimate them, e.g. 4 bytes per token).
    pub fn dropped_text_bytes(&self) -> u64 {
        self.dropped_text_bytes
    }

    pub fn events(&self) -> u64 {
        self.events
    }

    /// Whether the usage-only chunk was removed.
    pub fn stripped(&self) -> bool {
        self.stripped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn openai_usage_with_details() {
        let u = TokenUsage::from_usage_value(&json!({
            "prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150,
            "prompt_tokens_details": {"cached_tokens": 64}, "completion_tokens_details": {"reasoning_tokens": 20}
        }))
        .unwrap();
        assert_eq!(
            u,
            TokenUsage {
                input_tokens: 100,
                output_tokens: 50,
                cached_input_tokens: 64,
                cache_creation_input_tokens: 0,
                reasoning_tokens: 20
            }
        );
        assert_eq!(u.total(), 150);
    }

    #[test]
    fn anthropic_usage_sums_cache_counts() {
        let u = TokenUsage::from_usage_value(&json!({
            "input_tokens": 10, "cache_creation_input_tokens": 200, "cache_read_input_tokens": 300, "output_tokens": 7
        }))
        .unwrap();
        assert_eq!(u.input_tokens, 510);
        assert_eq!(u.cached_input_tokens, 300);
        assert_eq!(u.cache_creation_input_tokens, 200);
        assert_eq!(u.output_tokens, 7);
    }

    #[test]
    fn huge_provider_counts_saturate_instead_of_overflowing() {
        let max = u64::MAX;
        let u = TokenUsage::from_usage_value(&json!({
            "input_tokens": max, "cache_read_input_tokens": 2, "cache_creation_input_tokens": max, "output_tokens": max
        }))
        .unwrap();
        assert_eq!((u.input_tokens, u.total()), (max, max));
        // A message_delta whose counts are smaller than the start's cache counts.
        let stream = format!(
            "event: message_start\ndata: {{\"type\":\"message_start\",\"message\":{{\"usage\":{{\"input_tokens\":1,\"cache_read_input_tokens\":{max},\"output_tokens\":1}}}}}}\n\n\
             event: message_delta\ndata: {{\"type\":\"message_delta\",\"usage\":{{\"cache_creation_input_tokens\":{max},\"output_tokens\":3}}}}\n\n"
        );
        let (_, s, _, _) = run(stream.as_bytes(), false, &[]);
        let u = s.usage().unwrap();
        assert_eq!(
            (u.input_tokens, u.cached_input_tokens, u.output_tokens),
            (max, max, 3)
        );
    }

    #[test]
    fn responses_usage() {
        let u = TokenUsage::from_usage_value(&json!({
            "input_tokens": 40, "output_tokens": 9, "input_tokens_details": {"cached_tokens": 32},
            "output_tokens_details": {"reasoning_tokens": 4}, "total_tokens": 49
        }))
        .unwrap();
        assert_eq!(
            (u.input_tokens, u.cached_input_tokens, u.reasoning_tokens),
            (40, 32, 4)
        );
        assert!(TokenUsage::from_usage_value(&json!({"foo": 1})).is_none());
        assert!(TokenUsage::from_usage_value(&json!(null)).is_none());
    }

    #[test]
    fn whole_response() {
        let (u, m) = usage_from_response(
            br#"{"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}"#,
        );
        assert_eq!(u.unwrap().total(), 7);
        assert_eq!(m.as_deref(), Some("gpt-4o"));
        assert_eq!(usage_from_response(b"not json"), (None, None));
        assert_eq!(usage_from_response(b"[1]"), (None, None));
        assert_eq!(
            usage_from_response(br#"{"model":7,"usage":null}"#),
            (None, None)
        );
    }

    fn openai_stream(with_usage: bool) -> Vec<u8> {
        let mut s = String::new();
        let u = if with_usage { ",\"usage\":null" } else { "" };
        s += &format!("data: {{\"model\":\"gpt-4o\",\"choices\":[{{\"index\":0,\"delta\":{{\"role\":\"assistant\",\"content\":\"\"}}}}]{u}}}\n\n");
        s += &format!("data: {{\"model\":\"gpt-4o\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"Hé\"}}}}]{u}}}\n\n");
        s += &format!("data: {{\"model\":\"gpt-4o\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"llo\"}}}}]{u}}}\n\n");
        if with_usage {
            s += "data: {\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":2,\"total_tokens\":13}}\n\n";
        }
        s += "data: [DONE]\n\n";
        s.into_bytes()
    }

    /// The stream pushed in chunks ending at `cuts`: the bytes forwarded, the reader, how many
    /// chunks were first content, and the text taken after each chunk.
    fn run(stream: &[u8], strip: bool, cuts: &[usize]) -> (Vec<u8>, StreamUsage, usize, String) {
        let mut s = StreamUsage::new(strip, 1 << 20);
        let mut text = String::new();
        let mut out = Vec::new();
        let mut start = 0;
        let mut firsts = 0;
        let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (stream.len() + 1)).collect();
        bounds.sort();
        bounds.push(stream.len());
        for end in bounds {
            let chunk = &stream[start..end.max(start)];
            let o = s.push(chunk);
            firsts += usize::from(o.first_content);
            out.extend(o.replace.unwrap_or_else(|| chunk.to_vec()));
            s.take_text(|t| text.push_str(t));
            start = end.max(start);
        }
        if let Some(rest) = s.finish() {
            out.extend(rest);
        }
        s.take_text(|t| text.push_str(t));
        (out, s, firsts, text)
    }

    #[test]
    fn stream_usage_kept_when_not_stripping() {
        let bytes = openai_stream(true);
        let (out, s, firsts, text) = run(&bytes, false, &[5, 17, 90]);
        assert_eq!(out, bytes);
        assert_eq!(s.usage().unwrap().total(), 13);
        assert_eq!(text, "Héllo");
        assert_eq!(s.model(), Some("gpt-4o"));
        assert_eq!(firsts, 1);
    }

    #[test]
    fn usage_only_chunk_is_removed_at_any_chunking() {
        let bytes = openai_stream(true);
        let text = String::from_utf8(bytes.clone()).unwrap();
        let expected: String = text
            .split_inclusive("\n\n")
            .filter(|e| !e.contains("\"choices\":[]"))
            .collect();
        for cut in 0..bytes.len() {
            let (out, s, _, _) = run(&bytes, true, &[cut, cut + 3]);
            assert_eq!(String::from_utf8(out).unwrap(), expected, "cut at {cut}");
            assert_eq!(s.usage().unwrap().input_tokens, 11);
            assert!(s.stripped());
        }
    }

    #[test]
    fn stream_without_usage_keeps_text_for_estimates() {
        let (_, s, _, text) = run(&openai_stream(false), false, &[]);
        assert!(s.usage().is_none());
        assert_eq!(text, "Héllo");
    }

    /// A stream cut anywhere, pushed in chunks of any size: the text taken after each chunk is
    /// exactly the text of the events completed so far, and nothing stays held after a take.
    #[test]
    fn cut_streams_hand_out_the_completed_events_text_at_every_chunking() {
        // Hand-written events and the text each carries (OpenAI chat, legacy completions,
        // Anthropic, Responses), one stream.
        let events: [(&str, &str); 6] = [
            ("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n", ""),
            ("data: {\"choices\":[{\"delta\":{\"content\":\"Hé\"}}]}\n\n", "Hé"),
            ("data: {\"choices\":[{\"text\":\"llo 世界\"}]}\n\n", "llo 世界"),
            ("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\" ok\"}}\n\n", " ok"),
            ("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"!\\n\"}\n\n", "!\n"),
            ("data: [DONE]\n\n", ""),
        ];
        let stream: String = events.iter().map(|e| e.0).collect();
        let bytes = stream.as_bytes();
        for cut in 0..=bytes.len() {
            let mut want = String::new();
            let mut end = 0;
            for (event, text) in events {
                end += event.len();
                if end <= cut {
                    want.push_str(text);
                }
            }
            for size in 1..=cut.max(1) {
                let mut s = StreamUsage::new(false, 1 << 20);
                let mut got = String::new();
                for chunk in bytes[..cut].chunks(size) {
                    assert_eq!(s.push(chunk).replace, None);
                    s.take_text(|t| got.push_str(t));
                    s.take_text(|t| panic!("text handed out twice: {t:?}"));
                }
                assert_eq!(got, want, "cut at {cut}, chunks of {size}");
                assert_eq!(s.dropped_text_bytes(), 0);
            }
        }
    }

    #[test]
    fn anthropic_stream_usage() {
        let stream = concat!(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-x\",\"usage\":{\"input_tokens\":20,\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":5,\"output_tokens\":1}}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":42}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
        );
        let (out, s, firsts, text) = run(stream.as_bytes(), false, &[33, 140]);
        assert_eq!(out, stream.as_bytes());
        let u = s.usage().unwrap();
        assert_eq!(
            u,
            TokenUsage {
                input_tokens: 125,
                output_tokens: 42,
                cached_input_tokens: 100,
                cache_creation_input_tokens: 5,
                reasoning_tokens: 0
            }
        );
        assert_eq!(s.model(), Some("claude-x"));
        assert_eq!(text, "Hi");
        assert_eq!(firsts, 1);
        assert!(s.usage_complete());
        let cut = stream.split("event: message_delta").next().unwrap();
        let (_, s, _, _) = run(cut.as_bytes(), false, &[]);
        assert!(!s.usage_complete());
        assert_eq!(s.usage().unwrap().input_tokens, 125);
    }

    #[test]
    fn responses_stream_usage() {
        let stream = concat!(
            "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"ok\"}\n\n",
            "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"model\":\"gpt-4.1\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens_details\":{\"reasoning_tokens\":0}}}}\n\n",
        );
        let (_, s, _, _) = run(stream.as_bytes(), false, &[]);
        assert_eq!(s.usage().unwrap().total(), 6);
        assert_eq!(s.model(), Some("gpt-4.1"));
    }

    #[test]
    fn text_is_bounded_on_char_boundaries() {
        let mut s = StreamUsage::new(false, 3);
        s.push("data: {\"choices\":[{\"delta\":{\"content\":\"aéé\"}}]}\n\n".as_bytes());
        let mut text = String::new();
        s.take_text(|t| text.push_str(t));
        assert_eq!(text, "aé");
        assert_eq!(s.dropped_text_bytes(), 2);
        // The bound is per take: after one, the next chunk's text fits again.
        s.push("data: {\"choices\":[{\"delta\":{\"content\":\"bc\"}}]}\n\n".as_bytes());
        s.take_text(|t| text.push_str(t));
        assert_eq!(text, "aébc");
        assert_eq!(s.dropped_text_bytes(), 2);
    }
}

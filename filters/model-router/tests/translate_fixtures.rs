//! Translation mappings against hand-checked fixtures. Provider bodies are the shapes and, where
//! the references give one, the examples of OpenAI's Chat Completions reference and Anthropic's
//! Messages / streaming / tool-use / prompt-caching / errors references; every expected value
//! was written by hand from the mapping table in the crate README, never produced by the code.

use model_router::translate::stream::{ToChatChunks, ToMessageEvents};
use model_router::translate::{anthropic_to_openai, openai_to_anthropic};
use serde_json::{json, Value};

const CREATED: u64 = 1_700_000_000;

// Checked against openai-python src/openai/types/chat/chat_completion_function_tool_param.py (type, function.name/description/parameters).
fn weather_tool_openai() -> Value {
    json!({ "type": "function", "function": {
        "name": "get_current_weather",
        "description": "Get the current weather in a given location",
        "parameters": { "type": "object", "properties": {
            "location": { "type": "string", "description": "The city and state, e.g. San Francisco, CA" },
            "unit": { "type": "string", "enum": ["celsius", "fahrenheit"] } },
            "required": ["location"] } } })
}

// Checked against anthropic-sdk-python src/anthropic/types/tool_param.py (name, description, input_schema).
fn weather_tool_anthropic() -> Value {
    json!({
        "name": "get_current_weather",
        "description": "Get the current weather in a given location",
        "input_schema": { "type": "object", "properties": {
            "location": { "type": "string", "description": "The city and state, e.g. San Francisco, CA" },
            "unit": { "type": "string", "enum": ["celsius", "fahrenheit"] } },
            "required": ["location"] } })
}

const IMAGE_URL: &str = "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg";

// Checked against openai-python src/openai/types/chat/completion_create_params.py and chat_completion_content_part_image_param.py
// (provider side: anthropic-sdk-python src/anthropic/types/message_create_params.py, image_block_param.py, base64_image_source_param.py,
// url_image_source_param.py, tool_result_block_param.py, metadata_param.py, tool_choice_auto_param.py).
#[test]
fn chat_request_to_messages() {
    let chat = json!({
        "model": "gpt-4o",
        "messages": [
            { "role": "developer", "content": "You are a helpful assistant." },
            { "role": "user", "content": [
                { "type": "text", "text": "What's in this image?" },
                { "type": "image_url", "image_url": { "url": IMAGE_URL } },
                { "type": "image_url", "image_url": { "url": "data:image/jpeg;base64,/9j/4AAQSkZJRg==", "detail": "low" } } ] },
            { "role": "assistant", "content": null, "tool_calls": [{ "id": "call_abc123", "type": "function",
                "function": { "name": "get_current_weather", "arguments": "{\n\"location\": \"Boston, MA\"\n}" } }] },
            { "role": "tool", "tool_call_id": "call_abc123", "content": "15 degrees" },
            { "role": "user", "content": "Thanks" }
        ],
        "tools": [weather_tool_openai()],
        "tool_choice": "auto",
        "parallel_tool_calls": false,
        "max_completion_tokens": 300,
        "temperature": 0.5,
        "top_p": 0.9,
        "stop": "\n\nHuman:",
        "user": "user-123",
        "stream": true,
        "stream_options": { "include_usage": true },
        "seed": 42,
        "top_k": 5
    });
    let t = openai_to_anthropic::request(&chat, "claude-sonnet-4-5", 4096).unwrap();
    let expected = json!({
        "model": "claude-sonnet-4-5",
        "system": "You are a helpful assistant.",
        "messages": [
            { "role": "user", "content": [
                { "type": "text", "text": "What's in this image?" },
                { "type": "image", "source": { "type": "url", "url": IMAGE_URL } },
                { "type": "image", "source": { "type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQSkZJRg==" } } ] },
            { "role": "assistant", "content": [
                { "type": "tool_use", "id": "call_abc123", "name": "get_current_weather", "input": { "location": "Boston, MA" } } ] },
            { "role": "user", "content": [
                { "type": "tool_result", "tool_use_id": "call_abc123", "content": "15 degrees" } ] },
            { "role": "user", "content": "Thanks" }
        ],
        "max_tokens": 300,
        "temperature": 0.5,
        "top_p": 0.9,
        "stop_sequences": ["\n\nHuman:"],
        "metadata": { "user_id": "user-123" },
        "stream": true,
        "tools": [weather_tool_anthropic()],
        "tool_choice": { "type": "auto", "disable_parallel_tool_use": true },
        "top_k": 5
    });
    assert_eq!(t.body, expected);
    assert_eq!(t.dropped, vec!["seed"]);
    assert!(t.stream && t.include_usage);
}

// Checked against openai-python src/openai/types/chat/chat_completion_assistant_message_param.py
// (`refusal: Optional[str]`, content parts `ChatCompletionContentPartRefusalParam` with
// `type: "refusal"`, `refusal: str`).
#[test]
fn refused_assistant_turns_keep_their_words() {
    let chat = json!({ "model": "gpt-4.1", "messages": [
        { "role": "user", "content": "Tell me a secret." },
        { "role": "assistant", "content": null, "refusal": "I can't help with that." },
        { "role": "user", "content": "And now?" },
        { "role": "assistant", "content": [{ "type": "refusal", "refusal": "Still no." }] },
        { "role": "user", "content": "Fine." } ] });
    let t = openai_to_anthropic::request(&chat, "claude-sonnet-4-5", 64).unwrap();
    assert_eq!(
        t.body["messages"],
        json!([
            { "role": "user", "content": "Tell me a secret." },
            { "role": "assistant", "content": "I can't help with that." },
            { "role": "user", "content": "And now?" },
            { "role": "assistant", "content": [{ "type": "text", "text": "Still no." }] },
            { "role": "user", "content": "Fine." }
        ])
    );
}

// Checked against anthropic-sdk-python src/anthropic/types/message_create_params.py (system: string or text blocks), tool_choice_tool_param.py,
// tool_choice_any_param.py, tool_choice_none_param.py (no disable_parallel_tool_use on none);
// openai-python src/openai/types/chat/chat_completion_tool_choice_option_param.py, chat_completion_named_tool_choice_param.py.
#[test]
fn chat_request_defaults_and_choices() {
    // The smallest chat request (the reference's "Default" example) gets the configured max_tokens.
    let chat = json!({ "model": "gpt-4.1", "messages": [
        { "role": "system", "content": "You are a helpful assistant." },
        { "role": "system", "content": [{ "type": "text", "text": "Be brief." }] },
        { "role": "user", "content": "Hello!" } ],
        "tool_choice": { "type": "function", "function": { "name": "get_current_weather" } },
        "tools": [weather_tool_openai()], "stop": ["a", "b"], "n": 1, "logprobs": true });
    let t = openai_to_anthropic::request(&chat, "claude-3-5-haiku-latest", 1024).unwrap();
    assert_eq!(
        t.body,
        json!({ "model": "claude-3-5-haiku-latest",
            "system": [{ "type": "text", "text": "You are a helpful assistant." }, { "type": "text", "text": "Be brief." }],
            "messages": [{ "role": "user", "content": "Hello!" }],
            "max_tokens": 1024,
            "tool_choice": { "type": "tool", "name": "get_current_weather" },
            "tools": [weather_tool_anthropic()],
            "stop_sequences": ["a", "b"] })
    );
    assert_eq!(t.dropped, vec!["logprobs"]);
    for (choice, want) in [
        ("required", json!({ "type": "any" })),
        ("none", json!({ "type": "none" })),
    ] {
        let mut c = chat.clone();
        c["tool_choice"] = json!(choice);
        let t = openai_to_anthropic::request(&c, "m", 1).unwrap();
        assert_eq!(t.body["tool_choice"], want);
    }
    assert!(openai_to_anthropic::request(&json!({ "model": "m" }), "m", 1).is_err());
    // Types both references give: stream a boolean, max_tokens an integer ≥ 1, temperature a
    // number, content parts objects with a type. A value of another type is refused, not guessed.
    for (field, value) in [
        ("stream", json!("true")),
        ("max_tokens", json!(100.5)),
        ("max_tokens", json!(-5)),
        ("max_tokens", json!(0)),
        ("max_completion_tokens", json!("5")),
        ("temperature", json!("hot")),
    ] {
        let mut c = chat.clone();
        c[field] = value.clone();
        let e = openai_to_anthropic::request(&c, "m", 1).expect_err(field);
        assert!(e.0.contains(&format!("'{field}'")), "{}", e.0);
        let mut m = json!({ "model": "m", "max_tokens": 5, "messages": [{ "role": "user", "content": "x" }] });
        m[field] = value;
        let e = anthropic_to_openai::request(&m, "m").expect_err(field);
        assert!(e.0.contains(&format!("'{field}'")), "{}", e.0);
    }
    let mut c = chat.clone();
    c["max_tokens"] = json!(null);
    c["stream"] = json!(null);
    assert!(openai_to_anthropic::request(&c, "m", 1).is_ok());
    for part in [
        json!(null),
        json!(5),
        json!("s"),
        json!({ "text": "no type" }),
    ] {
        let c = json!({ "messages": [{ "role": "user", "content": [{ "type": "text", "text": "a" }, part] }] });
        let e = openai_to_anthropic::request(&c, "m", 1).expect_err("part");
        assert_eq!(
            e.0,
            "messages[0].content[1] must be an object with a 'type'"
        );
        let e = anthropic_to_openai::request(&c, "m").expect_err("block");
        assert_eq!(
            e.0,
            "messages[0].content[1] must be an object with a 'type'"
        );
    }
    // Ranges from the API references: OpenAI temperature 0..2, Anthropic temperature and top_p 0..1.
    for (field, value, ok) in [
        ("temperature", json!(0), true),
        ("temperature", json!(1.0), true),
        ("temperature", json!(0.35), true),
        ("temperature", json!(1.5), false),
        ("temperature", json!(-0.1), false),
        ("temperature", json!("0.5"), false),
        ("top_p", json!(0.9), true),
        ("top_p", json!(1.01), false),
    ] {
        let mut c = chat.clone();
        c[field] = value.clone();
        match openai_to_anthropic::request(&c, "m", 1) {
            Ok(t) => {
                assert!(ok, "{field}={value} should be refused");
                assert_eq!(t.body[field], value);
            }
            Err(e) => {
                assert!(!ok, "{field}={value} should pass: {}", e.0);
                assert!(e.0.contains(field), "{}", e.0);
            }
        }
    }
    assert!(openai_to_anthropic::request(
        &json!({ "messages": [{ "role": "wizard", "content": "x" }] }),
        "m",
        1
    )
    .is_err());
}

// Checked against https://docs.claude.com/en/api/messages (example answer) and anthropic-sdk-python src/anthropic/types/message.py, usage.py;
// client side openai-python src/openai/types/chat/chat_completion.py, completion_usage.py.
#[test]
fn messages_response_to_chat() {
    // The Messages reference's example answer.
    let answer = json!({ "content": [{ "text": "Hi! My name is Claude.", "type": "text" }],
        "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF", "model": "claude-sonnet-4-5", "role": "assistant",
        "stop_reason": "end_turn", "stop_sequence": null, "type": "message",
        "usage": { "input_tokens": 2095, "output_tokens": 503 } });
    let got = openai_to_anthropic::response(&answer, CREATED, &mut Vec::new());
    assert_eq!(
        got,
        json!({ "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF", "object": "chat.completion", "created": CREATED,
            "model": "claude-sonnet-4-5",
            "choices": [{ "index": 0, "message": { "role": "assistant", "content": "Hi! My name is Claude." },
                          "logprobs": null, "finish_reason": "stop" }],
            "usage": { "prompt_tokens": 2095, "completion_tokens": 503, "total_tokens": 2598,
                       "prompt_tokens_details": { "cached_tokens": 0 } } })
    );
}

// Checked against anthropic-sdk-python src/anthropic/types/tool_use_block.py, usage.py (cache_creation_input_tokens, cache_read_input_tokens;
// total input = input + cache_creation + cache_read), stop_reason.py (all seven values);
// openai-python src/openai/types/completion_usage.py (prompt_tokens_details.cached_tokens), chat/chat_completion.py (finish_reason).
#[test]
fn messages_tool_use_and_cache_usage_to_chat() {
    // The tool-use guide's answer, with the prompt-caching guide's usage of a cache hit.
    let answer = json!({ "id": "msg_01Aq9w938a90dw8q", "model": "claude-sonnet-4-5", "stop_reason": "tool_use",
        "role": "assistant", "type": "message",
        "content": [
            { "type": "text", "text": "I'll check the current weather in San Francisco for you." },
            { "type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather",
              "input": { "location": "San Francisco, CA", "unit": "celsius" } } ],
        "usage": { "input_tokens": 21, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 188086, "output_tokens": 393 } });
    let got = openai_to_anthropic::response(&answer, CREATED, &mut Vec::new());
    assert_eq!(
        got["choices"][0],
        json!({ "index": 0, "logprobs": null, "finish_reason": "tool_calls",
            "message": { "role": "assistant",
                "content": "I'll check the current weather in San Francisco for you.",
                "tool_calls": [{ "id": "toolu_01A09q90qw90lq917835lq9", "type": "function",
                    "function": { "name": "get_weather", "arguments": "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}" } }] } })
    );
    assert_eq!(
        got["usage"],
        json!({ "prompt_tokens": 188107, "completion_tokens": 393, "total_tokens": 188500,
                "prompt_tokens_details": { "cached_tokens": 188086 } })
    );
    for (stop, finish) in [
        ("max_tokens", "length"),
        ("stop_sequence", "stop"),
        ("refusal", "content_filter"),
        ("pause_turn", "stop"),
    ] {
        let got = openai_to_anthropic::response(
            &json!({ "content": [], "stop_reason": stop }),
            0,
            &mut Vec::new(),
        );
        assert_eq!(got["choices"][0]["finish_reason"], finish, "{stop}");
    }
}

// Checked against https://docs.claude.com/en/api/errors ("Error shapes": type, error.type, error.message,
// request_id) and anthropic-sdk-python src/anthropic/types/shared/error_response.py.
#[test]
fn anthropic_errors_to_openai_shape() {
    // The errors reference's shape.
    let body = br#"{"type":"error","error":{"type":"not_found_error","message":"The requested resource could not be found."},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}"#;
    assert_eq!(
        openai_to_anthropic::error(body),
        json!({ "error": { "message": "The requested resource could not be found.", "type": "not_found_error", "param": null, "code": null } })
    );
    assert_eq!(
        openai_to_anthropic::error(b"<html>Bad gateway</html>"),
        json!({ "error": { "message": "<html>Bad gateway</html>", "type": "api_error", "param": null, "code": null } })
    );
}

// Checked against https://docs.claude.com/en/api/messages-streaming ("Basic streaming request") and
// anthropic-sdk-python src/anthropic/types/raw_message_start_event.py, raw_content_block_delta_event.py, text_delta.py, raw_message_delta_event.py.
/// The streaming reference's basic text stream, whole.
const TEXT_STREAM: &str = "event: message_start\n\
data: {\"type\": \"message_start\", \"message\": {\"id\": \"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY\", \"type\": \"message\", \"role\": \"assistant\", \"content\": [], \"model\": \"claude-opus-4-6\", \"stop_reason\": null, \"stop_sequence\": null, \"usage\": {\"input_tokens\": 25, \"output_tokens\": 1}}}\n\n\
event: content_block_start\n\
data: {\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"text\", \"text\": \"\"}}\n\n\
event: ping\n\
data: {\"type\": \"ping\"}\n\n\
event: content_block_delta\n\
data: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"Hello\"}}\n\n\
event: content_block_delta\n\
data: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"!\"}}\n\n\
event: content_block_stop\n\
data: {\"type\": \"content_block_stop\", \"index\": 0}\n\n\
event: message_delta\n\
data: {\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\", \"stop_sequence\":null}, \"usage\": {\"output_tokens\": 15}}\n\n\
event: message_stop\n\
data: {\"type\": \"message_stop\"}\n\n";

// Checked against https://docs.claude.com/en/api/messages-streaming ("Streaming request with tool use")
// and anthropic-sdk-python src/anthropic/types/raw_content_block_start_event.py, input_json_delta.py (partial_json), message_delta_usage.py.
/// The streaming reference's tool-use stream (text deltas shortened).
const TOOL_STREAM: &str = "event: message_start\n\
data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_014p7gG3wDgGV9EUtLvnow3U\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-opus-4-6\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":472,\"output_tokens\":2},\"content\":[],\"stop_reason\":null}}\n\n\
event: content_block_start\n\
data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n\
event: ping\n\
data: {\"type\": \"ping\"}\n\n\
event: content_block_delta\n\
data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Okay\"}}\n\n\
event: content_block_delta\n\
data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\", let's check:\"}}\n\n\
event: content_block_stop\n\
data: {\"type\":\"content_block_stop\",\"index\":0}\n\n\
event: content_block_start\n\
data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"name\":\"get_weather\",\"input\":{}}}\n\n\
event: content_block_delta\n\
data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n\
event: content_block_delta\n\
data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"location\\\":\"}}\n\n\
event: content_block_delta\n\
data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\" \\\"San Francisc\"}}\n\n\
event: content_block_delta\n\
data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"o, CA\\\", \\\"unit\\\": \\\"fahrenheit\\\"}\"}}\n\n\
event: content_block_stop\n\
data: {\"type\":\"content_block_stop\",\"index\":1}\n\n\
event: message_delta\n\
data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":89}}\n\n\
event: message_stop\n\
data: {\"type\":\"message_stop\"}\n\n";

/// Every `data:` payload of an SSE text, JSON-parsed (`[DONE]` as a string), with event names.
pub fn events(sse: &[u8]) -> Vec<(Option<String>, Value)> {
    let mut parser = llm_filters_core::sse::SseParser::new();
    let mut all = parser.push(sse);
    all.extend(parser.finish());
    all.into_iter()
        .map(|e| {
            let data = serde_json::from_str(&e.data).unwrap_or(Value::String(e.data.clone()));
            (e.event, data)
        })
        .collect()
}

fn chunk(id: &str, model: &str, delta: Value, finish: Value) -> Value {
    json!({ "id": id, "object": "chat.completion.chunk", "created": CREATED, "model": model,
            "choices": [{ "index": 0, "delta": delta, "logprobs": null, "finish_reason": finish }] })
}

/// A chunk of a stream the client asked `include_usage` for: OpenAI's `stream_options` reference
/// says every chunk but the usage chunk carries `"usage": null`.
fn chunk_u(id: &str, model: &str, delta: Value, finish: Value) -> Value {
    let mut c = chunk(id, model, delta, finish);
    c["usage"] = Value::Null;
    c
}

// Client side checked against openai-python src/openai/types/chat/chat_completion_chunk.py and chat_completion_stream_options_param.py
// (usage chunk with empty choices; every other chunk "usage": null).
#[test]
fn anthropic_text_stream_to_chat_chunks() {
    let mut t = ToChatChunks::new(CREATED, true);
    let mut out = t.push(TEXT_STREAM.as_bytes());
    out.extend(t.finish());
    let id = "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY";
    let m = "claude-opus-4-6";
    let got: Vec<Value> = events(&out)
        .into_iter()
        .map(|(name, data)| {
            assert_eq!(name, None, "chat chunks have no event names");
            data
        })
        .collect();
    assert_eq!(
        got,
        vec![
            chunk_u(
                id,
                m,
                json!({ "role": "assistant", "content": "" }),
                Value::Null
            ),
            chunk_u(id, m, json!({ "content": "Hello" }), Value::Null),
            chunk_u(id, m, json!({ "content": "!" }), Value::Null),
            chunk_u(id, m, json!({}), json!("stop")),
            json!({ "id": id, "object": "chat.completion.chunk", "created": CREATED, "model": m, "choices": [],
                    "usage": { "prompt_tokens": 25, "completion_tokens": 15, "total_tokens": 40,
                               "prompt_tokens_details": { "cached_tokens": 0 } } }),
            json!("[DONE]"),
        ]
    );
}

// Client side checked against openai-python src/openai/types/chat/chat_completion_chunk.py (ChoiceDeltaToolCall: index, id, type,
// function.name/arguments).
#[test]
fn anthropic_tool_stream_to_chat_tool_call_deltas() {
    let mut t = ToChatChunks::new(CREATED, false);
    let mut out = t.push(TOOL_STREAM.as_bytes());
    out.extend(t.finish());
    let id = "msg_014p7gG3wDgGV9EUtLvnow3U";
    let m = "claude-opus-4-6";
    let args = |a: &str| json!({ "tool_calls": [{ "index": 0, "function": { "arguments": a } }] });
    let got: Vec<Value> = events(&out).into_iter().map(|(_, d)| d).collect();
    assert_eq!(
        got,
        vec![
            chunk(
                id,
                m,
                json!({ "role": "assistant", "content": "" }),
                Value::Null
            ),
            chunk(id, m, json!({ "content": "Okay" }), Value::Null),
            chunk(id, m, json!({ "content": ", let's check:" }), Value::Null),
            chunk(
                id,
                m,
                json!({ "tool_calls": [{ "index": 0, "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "type": "function",
                "function": { "name": "get_weather", "arguments": "" } }] }),
                Value::Null
            ),
            chunk(id, m, args(""), Value::Null),
            chunk(id, m, args("{\"location\":"), Value::Null),
            chunk(id, m, args(" \"San Francisc"), Value::Null),
            chunk(
                id,
                m,
                args("o, CA\", \"unit\": \"fahrenheit\"}"),
                Value::Null
            ),
            chunk(id, m, json!({}), json!("tool_calls")),
            json!("[DONE]"),
        ]
    );
}

// Checked against https://docs.claude.com/en/api/messages-streaming ("Error events") and openai-python
// src/openai/_streaming.py (a data payload with an `error` key is raised as an API error).
#[test]
fn anthropic_stream_error_event_becomes_an_openai_error_chunk() {
    // The streaming reference's error event, after the stream started.
    let stream = format!(
        "{}event: error\ndata: {{\"type\": \"error\", \"error\": {{\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}}}\n\n",
        TEXT_STREAM.split("event: content_block_stop").next().unwrap()
    );
    let mut t = ToChatChunks::new(CREATED, true);
    let mut out = t.push(stream.as_bytes());
    out.extend(t.finish());
    let got: Vec<Value> = events(&out).into_iter().map(|(_, d)| d).collect();
    assert_eq!(got.len(), 4);
    assert_eq!(
        got[3],
        json!({ "error": { "message": "Overloaded", "type": "overloaded_error", "param": null, "code": null } })
    );
    // A stream cut before message_stop gets no [DONE].
    let cut = TEXT_STREAM.split("event: message_delta").next().unwrap();
    let mut t = ToChatChunks::new(CREATED, true);
    let mut out = t.push(cut.as_bytes());
    out.extend(t.finish());
    assert!(!String::from_utf8_lossy(&out).contains("[DONE]"));
}

// Checked against anthropic-sdk-python src/anthropic/types/message_create_params.py, text_block_param.py (cache_control), image_block_param.py,
// tool_result_block_param.py, tool_choice_any_param.py; client openai-python src/openai/types/chat/completion_create_params.py.
#[test]
fn messages_request_to_chat() {
    let messages = json!({
        "model": "claude-sonnet-4-5",
        "max_tokens": 1024,
        "system": [{ "type": "text", "text": "You are a weather bot.", "cache_control": { "type": "ephemeral" } }],
        "messages": [
            { "role": "user", "content": [
                { "type": "image", "source": { "type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQSkZJRg==" } },
                { "type": "image", "source": { "type": "url", "url": IMAGE_URL } },
                { "type": "text", "text": "What's the weather like in San Francisco?" } ] },
            { "role": "assistant", "content": [
                { "type": "text", "text": "I'll check the current weather in San Francisco for you." },
                { "type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather", "input": { "location": "San Francisco, CA", "unit": "celsius" } } ] },
            { "role": "user", "content": [
                { "type": "tool_result", "tool_use_id": "toolu_01A09q90qw90lq917835lq9", "content": "15 degrees" },
                { "type": "text", "text": "And tomorrow?" } ] }
        ],
        "tools": [weather_tool_anthropic()],
        "tool_choice": { "type": "any", "disable_parallel_tool_use": true },
        "stop_sequences": ["END"],
        "temperature": 1.0,
        "top_p": 0.7,
        "top_k": 40,
        "metadata": { "user_id": "13803d75-b4b5-4c3e-b2a2-6f21399b021b" },
        "stream": true
    });
    let t = anthropic_to_openai::request(&messages, "gpt-4o").unwrap();
    assert_eq!(
        t.body,
        json!({
            "model": "gpt-4o",
            "messages": [
                { "role": "system", "content": [{ "type": "text", "text": "You are a weather bot." }] },
                { "role": "user", "content": [
                    { "type": "image_url", "image_url": { "url": "data:image/jpeg;base64,/9j/4AAQSkZJRg==" } },
                    { "type": "image_url", "image_url": { "url": IMAGE_URL } },
                    { "type": "text", "text": "What's the weather like in San Francisco?" } ] },
                { "role": "assistant", "content": "I'll check the current weather in San Francisco for you.",
                  "tool_calls": [{ "id": "toolu_01A09q90qw90lq917835lq9", "type": "function",
                      "function": { "name": "get_weather", "arguments": "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}" } }] },
                { "role": "tool", "tool_call_id": "toolu_01A09q90qw90lq917835lq9", "content": "15 degrees" },
                { "role": "user", "content": [{ "type": "text", "text": "And tomorrow?" }] }
            ],
            "max_tokens": 1024,
            "tools": [weather_tool_openai()],
            "tool_choice": "required",
            "parallel_tool_calls": false,
            "stop": ["END"],
            "temperature": 1.0,
            "top_p": 0.7,
            "user": "13803d75-b4b5-4c3e-b2a2-6f21399b021b",
            "stream": true,
            "stream_options": { "include_usage": true }
        })
    );
    let mut dropped = t.dropped.clone();
    dropped.sort();
    assert_eq!(dropped, vec!["cache_control", "top_k"]);
}

// Checked against https://platform.openai.com/docs/api-reference/chat/object and openai-python src/openai/types/chat/chat_completion.py,
// completion_usage.py; provider side anthropic-sdk-python src/anthropic/types/message.py, usage.py.
#[test]
fn chat_response_to_messages() {
    // The Chat Completions reference's example answer.
    let answer = json!({ "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion", "created": 1741569952,
        "model": "gpt-4.1-2025-04-14",
        "choices": [{ "index": 0, "message": { "role": "assistant", "content": "Hello! How can I assist you today?", "refusal": null, "annotations": [] },
                      "logprobs": null, "finish_reason": "stop" }],
        "usage": { "prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29,
                   "prompt_tokens_details": { "cached_tokens": 0, "audio_tokens": 0 },
                   "completion_tokens_details": { "reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0 } },
        "service_tier": "default" });
    assert_eq!(
        anthropic_to_openai::response(&answer, &mut Vec::new()),
        json!({ "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "type": "message", "role": "assistant",
            "model": "gpt-4.1-2025-04-14", "content": [{ "type": "text", "text": "Hello! How can I assist you today?" }],
            "stop_reason": "end_turn", "stop_sequence": null, "usage": { "input_tokens": 19, "output_tokens": 10 } })
    );
    // The function-calling example answer, with a cache hit.
    let tool = json!({ "id": "chatcmpl-abc123", "object": "chat.completion", "created": 1699896916, "model": "gpt-4o-mini",
        "choices": [{ "index": 0, "message": { "role": "assistant", "content": null, "tool_calls": [{ "id": "call_abc123", "type": "function",
            "function": { "name": "get_current_weather", "arguments": "{\n\"location\": \"Boston, MA\"\n}" } }] },
            "logprobs": null, "finish_reason": "tool_calls" }],
        "usage": { "prompt_tokens": 82, "completion_tokens": 17, "total_tokens": 99, "prompt_tokens_details": { "cached_tokens": 64 } } });
    assert_eq!(
        anthropic_to_openai::response(&tool, &mut Vec::new()),
        json!({ "id": "chatcmpl-abc123", "type": "message", "role": "assistant", "model": "gpt-4o-mini",
            "content": [{ "type": "tool_use", "id": "call_abc123", "name": "get_current_weather", "input": { "location": "Boston, MA" } }],
            "stop_reason": "tool_use", "stop_sequence": null,
            "usage": { "input_tokens": 18, "output_tokens": 17, "cache_read_input_tokens": 64 } })
    );
}

// Checked against https://platform.openai.com/docs/guides/error-codes (error.message/type/param/code),
// https://docs.claude.com/en/api/errors (status -> type; other 4XX invalid_request_error) and
// anthropic-sdk-python src/anthropic/types/shared/error_object.py (billing_error, timeout_error).
#[test]
fn openai_errors_to_anthropic_shape() {
    let body = br#"{"error":{"message":"Incorrect API key provided: sk-abc.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#;
    assert_eq!(
        anthropic_to_openai::error(401, body),
        json!({ "type": "error", "error": { "type": "authentication_error", "message": "Incorrect API key provided: sk-abc." } })
    );
    for (status, kind) in [
        (400, "invalid_request_error"),
        (403, "permission_error"),
        (402, "billing_error"),
        (404, "not_found_error"),
        (409, "invalid_request_error"),
        (413, "request_too_large"),
        (422, "invalid_request_error"),
        (429, "rate_limit_error"),
        (500, "api_error"),
        (503, "api_error"),
        (504, "timeout_error"),
        (529, "overloaded_error"),
    ] {
        assert_eq!(
            anthropic_to_openai::error(status, b"x")["error"]["type"],
            kind
        );
    }
}

// Checked against https://platform.openai.com/docs/api-reference/chat/streaming and openai-python src/openai/types/chat/chat_completion_chunk.py;
// stream_options.include_usage per chat/chat_completion_stream_options_param.py ("usage": null until the last).
/// The reference's streamed chat answer (content deltas, stop, the include_usage chunk, DONE).
const CHAT_STREAM: &str = "data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n\
data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n\
data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n\
data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n\
data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":10,\"total_tokens\":29}}\n\n\
data: [DONE]\n\n";

// Checked against https://platform.openai.com/docs/guides/function-calling (streaming) and
// openai-python src/openai/types/chat/chat_completion_chunk.py (ChoiceDeltaToolCall id/type/function.name optional after the first).
/// The function-calling guide's streamed tool call (`id`/`name`/`type` null after the first).
const CHAT_TOOL_STREAM: &str = "data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_DdmO9pD3xa9XTPNJ32zg2hcA\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n\
data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":null,\"type\":null,\"function\":{\"name\":null,\"arguments\":\"{\\\"\"}}]},\"finish_reason\":null}]}\n\n\
data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"location\\\":\\\"Paris, France\\\"}\"}}]},\"finish_reason\":null}]}\n\n\
data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n\
data: [DONE]\n\n";

fn ev(name: &str, data: Value) -> (Option<String>, Value) {
    (Some(name.to_string()), data)
}

// Provider side checked against https://docs.claude.com/en/api/messages-streaming (event flow) and
// anthropic-sdk-python src/anthropic/types/raw_message_stream_event.py, message_delta_usage.py (input_tokens is a valid, optional field).
#[test]
fn chat_stream_to_anthropic_events() {
    let mut t = ToMessageEvents::new();
    let mut out = t.push(CHAT_STREAM.as_bytes());
    out.extend(t.finish());
    assert_eq!(
        events(&out),
        vec![
            ev(
                "message_start",
                json!({ "type": "message_start", "message": { "id": "chatcmpl-123", "type": "message",
                "role": "assistant", "model": "gpt-4o-mini", "content": [], "stop_reason": null, "stop_sequence": null,
                "usage": { "input_tokens": 0, "output_tokens": 0 } } })
            ),
            ev(
                "content_block_start",
                json!({ "type": "content_block_start", "index": 0, "content_block": { "type": "text", "text": "" } })
            ),
            ev(
                "content_block_delta",
                json!({ "type": "content_block_delta", "index": 0, "delta": { "type": "text_delta", "text": "Hello" } })
            ),
            ev(
                "content_block_delta",
                json!({ "type": "content_block_delta", "index": 0, "delta": { "type": "text_delta", "text": "!" } })
            ),
            ev(
                "content_block_stop",
                json!({ "type": "content_block_stop", "index": 0 })
            ),
            ev(
                "message_delta",
                json!({ "type": "message_delta", "delta": { "stop_reason": "end_turn", "stop_sequence": null },
                "usage": { "input_tokens": 19, "output_tokens": 10 } })
            ),
            ev("message_stop", json!({ "type": "message_stop" })),
        ]
    );
}

// Checked against anthropic-sdk-python src/anthropic/types/raw_content_block_start_event.py (tool_use block with input {}), input_json_delta.py.
#[test]
fn chat_tool_stream_to_anthropic_tool_use_events() {
    let mut t = ToMessageEvents::new();
    let mut out = t.push(CHAT_TOOL_STREAM.as_bytes());
    out.extend(t.finish());
    let delta = |p: &str| {
        ev(
            "content_block_delta",
            json!({ "type": "content_block_delta", "index": 0,
        "delta": { "type": "input_json_delta", "partial_json": p } }),
        )
    };
    assert_eq!(
        events(&out),
        vec![
            ev(
                "message_start",
                json!({ "type": "message_start", "message": { "id": "chatcmpl-9", "type": "message",
                "role": "assistant", "model": "gpt-4o", "content": [], "stop_reason": null, "stop_sequence": null,
                "usage": { "input_tokens": 0, "output_tokens": 0 } } })
            ),
            ev(
                "content_block_start",
                json!({ "type": "content_block_start", "index": 0,
                "content_block": { "type": "tool_use", "id": "call_DdmO9pD3xa9XTPNJ32zg2hcA", "name": "get_weather", "input": {} } })
            ),
            delta("{\""),
            delta("location\":\"Paris, France\"}"),
            ev(
                "content_block_stop",
                json!({ "type": "content_block_stop", "index": 0 })
            ),
            ev(
                "message_delta",
                json!({ "type": "message_delta", "delta": { "stop_reason": "tool_use", "stop_sequence": null },
                "usage": { "output_tokens": 0 } })
            ),
            ev("message_stop", json!({ "type": "message_stop" })),
        ]
    );
}

// Checked against openai-python src/openai/_streaming.py (error payloads in the stream) and
// https://docs.claude.com/en/api/messages-streaming ("Error events": event: error, {type, error{type, message}}).
#[test]
fn an_openai_error_chunk_becomes_an_anthropic_error_event() {
    let stream = "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n";
    let mut t = ToMessageEvents::new();
    let out = t.push(stream.as_bytes());
    assert_eq!(
        events(&out),
        vec![ev(
            "error",
            json!({ "type": "error", "error": { "type": "api_error", "message": "The server had an error" } })
        )]
    );
}

#[test]
fn answers_of_another_api_are_recognised_as_such() {
    // The reference examples' shapes: a Messages answer has "type": "message", a chat
    // completion a "choices" list. Anything else is not translated (passed on untouched).
    let message = json!({ "id": "msg_1", "type": "message", "role": "assistant", "content": [], "model": "m",
        "stop_reason": "end_turn", "usage": { "input_tokens": 1, "output_tokens": 1 } });
    let chat = json!({ "id": "c", "object": "chat.completion", "choices": [], "model": "m" });
    assert!(openai_to_anthropic::is_answer(&message));
    assert!(anthropic_to_openai::is_answer(&chat));
    for other in [
        json!([]),
        json!({}),
        json!("x"),
        json!({ "type": "error", "error": {} }),
        chat.clone(),
    ] {
        assert!(!openai_to_anthropic::is_answer(&other), "{other}");
    }
    for other in [json!([]), json!({}), json!({ "choices": {} }), message] {
        assert!(!anthropic_to_openai::is_answer(&other), "{other}");
    }
}

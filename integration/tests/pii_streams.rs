//! pii-mask streams end to end (issue 12, hostile review): through a real Envoy 1.40 with the
//! built filter (wasm, or the dynamic module with `LLM_FILTERS_BUILD=native`), the text
//! pii-mask holds back (it may be the start of a value) reaches the client before every event
//! the provider wrote after it — an error, the usage chunk, the end of a block — in the
//! stream's own event shape; tool-use input is restored and masked; and translated streams
//! (model-router's upstream stage, before pii-mask on the way back) keep their `[DONE]` /
//! `message_stop`. Every expected body is written by hand.

use llm_integration::envoy::{Envoy, EnvoyOptions};
use llm_integration::gateways::model_router::{
    with_filters_before_router, BackendCluster, RouterGateway,
};
use llm_integration::gateways::pii_mask::{bootstrap, example_config, pii_mask_filter};
use llm_integration::http::{self, HttpResponse};
use llm_integration::start_mock;
use mock_llm::{MockConfig, MockServer};
use serde_json::{json, Value};

fn mock(name: &str) -> MockServer {
    start_mock(MockConfig {
        name: name.into(),
        ..MockConfig::default()
    })
}

fn post(envoy: &Envoy, path: &str, headers: &[(&str, &str)], body: &Value) -> HttpResponse {
    http::post_json(&envoy.url(path), headers, body)
}

fn data(v: Value) -> String {
    format!("data: {v}\n\n")
}

fn named(name: &str, v: &Value) -> String {
    format!("event: {name}\ndata: {v}\n\n")
}

/// Posts `body` with the mock answering `stream` verbatim as an event stream.
fn raw_stream(envoy: &Envoy, path: &str, body: &Value, stream: &str) -> HttpResponse {
    let raw = http::mock_raw_body(stream);
    let response = post(
        envoy,
        path,
        &[
            ("x-mock-raw-body", raw.as_str()),
            ("x-mock-content-type", "text/event-stream"),
        ],
        body,
    );
    assert_eq!(response.status, 200, "{}", response.text());
    response
}

/// (event name, data as JSON or as text) of every event the client got.
fn events(response: &HttpResponse) -> Vec<(String, Value)> {
    response
        .sse_events()
        .into_iter()
        .map(|e| {
            let data = serde_json::from_str(&e.data).unwrap_or(Value::String(e.data.clone()));
            (e.event.unwrap_or_default(), data)
        })
        .collect()
}

fn chat_chunk(delta: Value) -> Value {
    json!({"id": "c1", "object": "chat.completion.chunk", "model": "m",
        "choices": [{"index": 0, "delta": delta, "finish_reason": null}]})
}

#[test]
fn chat_text_held_back_comes_before_a_mid_stream_error() {
    let llm = mock("llm");
    let envoy = Envoy::start(
        &bootstrap(&example_config(), &[], llm.addr()),
        EnvoyOptions::default(),
    );
    // `{{user}}` is what the provider received: `I am <EMAIL_1_…>`.
    let stream = [
        data(chat_chunk(
            json!({"role": "assistant", "content": "You said: {{user}}"}),
        )),
        data(chat_chunk(json!({"content": "; write to kim@sh"}))),
        data(chat_chunk(json!({"content": "op.example"}))),
        data(json!({"error": {"message": "The server had an error", "type": "server_error"}})),
    ]
    .concat();
    let body = json!({"model": "gpt-4o-mini", "stream": true,
        "messages": [{"role": "user", "content": "I am ann@example.com"}]});
    let response = raw_stream(&envoy, "/v1/chat/completions", &body, &stream);
    let sent = llm.requests().pop().unwrap().json();
    assert!(!sent.to_string().contains("ann@"), "{sent}");
    assert_eq!(
        events(&response),
        [
            (
                "".into(),
                chat_chunk(json!({"role": "assistant", "content": ""}))
            ),
            ("".into(), chat_chunk(json!({"content": ""}))),
            ("".into(), chat_chunk(json!({"content": ""}))),
            (
                "".into(),
                chat_chunk(json!({"content": "You said: I am ann@example.com; write to [EMAIL]"}))
            ),
            (
                "".into(),
                json!({"error": {"message": "The server had an error", "type": "server_error"}})
            ),
        ]
    );
    assert!(!response.text().contains("kim@"), "{}", response.text());
}

#[test]
fn chat_text_held_back_comes_before_the_usage_chunk_without_a_finish_reason() {
    let llm = mock("llm");
    let envoy = Envoy::start(
        &bootstrap(&example_config(), &[], llm.addr()),
        EnvoyOptions::default(),
    );
    let usage = json!({"id": "c1", "object": "chat.completion.chunk", "model": "m", "choices": [],
        "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8}});
    let stream = [
        data(chat_chunk(json!({"content": "Card 4111 1111"}))),
        data(chat_chunk(json!({"content": " 1111 1111, ok"}))),
        data(usage.clone()),
        "data: [DONE]\n\n".to_string(),
    ]
    .concat();
    let body = json!({"model": "gpt-4o-mini", "stream": true,
        "messages": [{"role": "user", "content": "mail me: bo@corp.example"}]});
    let response = raw_stream(&envoy, "/v1/chat/completions", &body, &stream);
    assert_eq!(
        events(&response),
        [
            ("".into(), chat_chunk(json!({"content": ""}))),
            ("".into(), chat_chunk(json!({"content": ""}))),
            (
                "".into(),
                chat_chunk(json!({"content": "Card **** **** **** 1111, ok"}))
            ),
            ("".into(), usage),
            ("".into(), json!("[DONE]")),
        ]
    );
}

#[test]
fn anthropic_text_and_tool_input_keep_their_order_and_are_restored() {
    let llm = mock("llm");
    let envoy = Envoy::start(
        &bootstrap(&example_config(), &[], llm.addr()),
        EnvoyOptions::default(),
    );
    let text_delta = |t: &str| json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": t}});
    let json_delta = |p: &str| json!({"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": p}});
    let tool_start = |input: Value| {
        json!({"type": "content_block_start", "index": 1,
            "content_block": {"type": "tool_use", "id": "toolu_1", "name": "send", "input": input}})
    };
    let text_start = json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}});
    let error =
        json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}});
    let stream = [
        named("content_block_start", &text_start),
        named("content_block_delta", &text_delta("Sending to kim@sh")),
        named("ping", &json!({"type": "ping"})),
        named("content_block_delta", &text_delta("op.example")),
        // No content_block_stop: the next block's start ends block 0.
        named(
            "content_block_start",
            &tool_start(json!({"to": "{{user}}"})),
        ),
        named("content_block_delta", &json_delta("{\"cc\": \"kim@sh")),
        named("content_block_delta", &json_delta("op.example\"}")),
        named("error", &error),
    ]
    .concat();
    let body = json!({"model": "claude-sonnet-4-5", "max_tokens": 64, "stream": true,
        "messages": [{"role": "user", "content": "ann@example.com"}]});
    let response = raw_stream(&envoy, "/v1/messages", &body, &stream);
    assert_eq!(
        events(&response),
        [
            ("content_block_start".into(), text_start),
            ("content_block_delta".into(), text_delta("")),
            ("ping".into(), json!({"type": "ping"})),
            ("content_block_delta".into(), text_delta("")),
            (
                "content_block_delta".into(),
                text_delta("Sending to [EMAIL]")
            ),
            (
                "content_block_start".into(),
                tool_start(json!({"to": "ann@example.com"}))
            ),
            ("content_block_delta".into(), json_delta("")),
            ("content_block_delta".into(), json_delta("")),
            (
                "content_block_delta".into(),
                json_delta("{\"cc\": \"[EMAIL]\"}")
            ),
            ("error".into(), error),
        ]
    );
}

/// `claude-*` → an Anthropic-schema backend, `gpt-*` → an OpenAI-schema one; pii-mask before
/// the router (on the way back it reads the stream already translated).
fn translating(claude: &MockServer, openai: &MockServer) -> Envoy {
    let config = json!({ "default": {
        "backends": {
            "claude": { "schema": "anthropic", "auth": { "secretEnv": "E2E_ANTHROPIC_KEY", "header": "x-api-key" },
                        "stripClientAuth": true, "anthropic": { "defaultMaxTokens": 512 } },
            "openai": {}
        },
        "routes": [
            { "models": ["claude-*"], "targets": [{ "backend": "claude" }] },
            { "models": ["gpt-*"], "targets": [{ "backend": "openai" }] }
        ],
        "defaultBackend": "openai"
    }});
    let mut gateway = RouterGateway::new(
        config,
        vec![
            BackendCluster::new("claude", claude.addr()),
            BackendCluster::new("openai", openai.addr()),
        ],
    );
    gateway.env_keys = vec!["E2E_ANTHROPIC_KEY".into()];
    let pii = pii_mask_filter(&example_config(), &[]);
    let bootstrap = with_filters_before_router(gateway.bootstrap(), vec![pii]);
    Envoy::start(
        &bootstrap,
        EnvoyOptions {
            env: vec![("E2E_ANTHROPIC_KEY".into(), "sk-ant-e2e".into())],
            ..EnvoyOptions::default()
        },
    )
}

#[test]
fn translated_streams_keep_their_end_and_their_order() {
    let (claude, openai) = (mock("claude"), mock("openai"));
    let envoy = translating(&claude, &openai);
    let user = "Mail jane.doe@example.com";

    // OpenAI client, Anthropic backend: the mock's own stream, 3-char pieces.
    let body = json!({"model": "claude-sonnet-4-5", "stream": true, "stream_options": {"include_usage": true},
        "messages": [{"role": "user", "content": user}]});
    let response = post(
        &envoy,
        "/v1/chat/completions",
        &[("x-mock-chunk-chars", "3")],
        &body,
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert!(!claude
        .requests()
        .pop()
        .unwrap()
        .json()
        .to_string()
        .contains("jane"));
    let got = events(&response);
    let text: String = got
        .iter()
        .filter_map(|(_, v)| {
            v.pointer("/choices/0/delta/content")
                .and_then(Value::as_str)
        })
        .collect();
    assert_eq!(text, format!("Mock answer to: {user}"));
    let n = got.len();
    assert_eq!(got[n - 1].1, json!("[DONE]"), "{got:?}");
    assert_eq!(got[n - 2].1["choices"], json!([]), "the usage chunk");
    assert_eq!(got[n - 3].1["choices"][0]["finish_reason"], "stop");
    let last_text = got
        .iter()
        .rposition(|(_, v)| v.pointer("/choices/0/delta/content").is_some())
        .unwrap();
    assert!(last_text <= n - 3, "no text after the finish: {got:?}");

    // Anthropic client, OpenAI backend.
    let body = json!({"model": "gpt-4o-mini", "max_tokens": 50, "stream": true,
        "messages": [{"role": "user", "content": user}]});
    let response = post(
        &envoy,
        "/v1/messages",
        &[
            ("anthropic-version", "2023-06-01"),
            ("x-mock-chunk-chars", "3"),
        ],
        &body,
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let got = events(&response);
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    let stop = names
        .iter()
        .position(|n| *n == "content_block_stop")
        .unwrap();
    assert!(
        names[..stop]
            .iter()
            .skip(2)
            .all(|n| *n == "content_block_delta"),
        "{names:?}"
    );
    assert_eq!(
        names[stop..],
        ["content_block_stop", "message_delta", "message_stop"],
        "the held text went before the block's end and the message's end is kept"
    );
    let text: String = got
        .iter()
        .filter_map(|(_, v)| v.pointer("/delta/text").and_then(Value::as_str))
        .collect();
    assert_eq!(text, format!("Mock answer to: {user}"));

    // OpenAI client, Anthropic backend failing mid-stream: the translated error chunk comes
    // after all the text.
    let stream = [
        named("message_start", &json!({"type": "message_start", "message": {"id": "msg_1", "type": "message",
            "role": "assistant", "model": "claude-sonnet-4-5", "content": [], "usage": {"input_tokens": 3, "output_tokens": 1}}})),
        named("content_block_start", &json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})),
        named("content_block_delta", &json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Got it: {{user}}"}})),
        named("error", &json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})),
    ]
    .concat();
    let body = json!({"model": "claude-sonnet-4-5", "stream": true, "messages": [{"role": "user", "content": user}]});
    let response = raw_stream(&envoy, "/v1/chat/completions", &body, &stream);
    let got = events(&response);
    let last = &got.last().unwrap().1;
    assert!(last.get("error").is_some(), "{got:?}");
    let text: String = got
        .iter()
        .filter_map(|(_, v)| {
            v.pointer("/choices/0/delta/content")
                .and_then(Value::as_str)
        })
        .collect();
    assert_eq!(text, format!("Got it: {user}"));
    assert!(
        got[got.len() - 2].1["choices"][0]["delta"]["content"] == format!("Got it: {user}"),
        "the held text right before the error: {got:?}"
    );
}

/// Texts outside `text` fields (hostile review): an Anthropic plain-text document (also inside
/// a tool result), an OpenAI refusal part, an assistant's `refusal` and the legacy
/// `function_call` arguments reach the provider masked like any text.
#[test]
fn documents_refusals_and_legacy_function_calls_are_masked() {
    let llm = mock("llm");
    let envoy = Envoy::start(
        &bootstrap(&example_config(), &[], llm.addr()),
        EnvoyOptions::default(),
    );
    let messages = json!({ "model": "claude-x", "max_tokens": 10, "messages": [
        { "role": "user", "content": [
            { "type": "document", "source": { "type": "text", "media_type": "text/plain",
              "data": "Patient SSN 536-22-1234" } } ] },
        { "role": "assistant", "content": [
            { "type": "tool_use", "id": "t1", "name": "lookup", "input": {} } ] },
        { "role": "user", "content": [
            { "type": "tool_result", "tool_use_id": "t1", "content": [
                { "type": "document", "source": { "type": "text", "data": "SSN 536-22-1234" } } ] } ] }
    ]});
    let response = post(
        &envoy,
        "/v1/messages",
        &[("anthropic-version", "2023-06-01")],
        &messages,
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().expect("the provider got it").json();
    assert_eq!(
        sent["messages"][0]["content"][0]["source"]["data"],
        "Patient SSN [SSN]"
    );
    assert_eq!(
        sent["messages"][2]["content"][0]["content"][0]["source"]["data"],
        "SSN [SSN]"
    );

    let chat = json!({ "model": "gpt-4o", "messages": [
        { "role": "user", "content": "Hi" },
        { "role": "assistant", "content": [ { "type": "refusal", "refusal": "Not SSN 536-22-1234" } ] },
        { "role": "assistant", "refusal": "No, SSN 536-22-1234",
          "function_call": { "name": "f", "arguments": "{\"ssn\":\"536-22-1234\"}" } },
        { "role": "user", "content": "Again" }
    ]});
    let response = post(&envoy, "/v1/chat/completions", &[], &chat);
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = llm.requests().pop().expect("the provider got it").json();
    assert_eq!(
        sent["messages"][1]["content"][0]["refusal"],
        "Not SSN [SSN]"
    );
    assert_eq!(sent["messages"][2]["refusal"], "No, SSN [SSN]");
    assert_eq!(
        sent["messages"][2]["function_call"]["arguments"],
        "{\"ssn\":\"[SSN]\"}"
    );
}

/// The `.delta` events pii-mask inserts (held text released before `.done`, before
/// `response.completed`) take the number of the event they precede, and every later event's
/// `sequence_number` moves up: the client reads 0, 1, 2, … with no number twice.
#[test]
fn responses_sequence_numbers_stay_unique_and_increasing() {
    let llm = mock("llm");
    let envoy = Envoy::start(
        &bootstrap(&example_config(), &[], llm.addr()),
        EnvoyOptions::default(),
    );
    let text = "Write to kim@shop.example today.";
    let ids = |n: u64| json!({"item_id": format!("i{n}"), "output_index": n, "content_index": 0});
    let with = |n: u64, extra: Value| {
        let mut v = ids(n);
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v
    };
    let stream = [
        named("response.created", &json!({"type": "response.created", "sequence_number": 0, "response": {"id": "r1", "status": "in_progress", "output": []}})),
        named("response.output_item.added", &json!({"type": "response.output_item.added", "sequence_number": 1, "output_index": 0, "item": {"id": "i0", "type": "message", "content": []}})),
        named("response.output_text.delta", &with(0, json!({"type": "response.output_text.delta", "sequence_number": 2, "delta": "Write to kim@sh"}))),
        named("response.output_text.delta", &with(0, json!({"type": "response.output_text.delta", "sequence_number": 3, "delta": "op.example today."}))),
        named("response.output_text.done", &with(0, json!({"type": "response.output_text.done", "sequence_number": 4, "text": text}))),
        named("response.output_item.added", &json!({"type": "response.output_item.added", "sequence_number": 5, "output_index": 1, "item": {"id": "i1", "type": "function_call", "name": "mail", "arguments": ""}})),
        named("response.function_call_arguments.delta", &with(1, json!({"type": "response.function_call_arguments.delta", "sequence_number": 6, "delta": "{\"to\":\"kim@shop.example\"}"}))),
        named("response.completed", &json!({"type": "response.completed", "sequence_number": 7, "response": {"id": "r1", "status": "completed"}})),
    ]
    .concat();
    let body = json!({"model": "gpt-4o-mini", "input": "where do I write?", "stream": true});
    let response = raw_stream(&envoy, "/v1/responses", &body, &stream);
    let got: Vec<(String, Value, Value)> = events(&response)
        .into_iter()
        .map(|(_, v)| {
            (
                v["type"].as_str().unwrap().to_string(),
                v["sequence_number"].clone(),
                v.get("delta").cloned().unwrap_or(Value::Null),
            )
        })
        .collect();
    let e = |t: &str, n: u64, delta: Value| (t.to_string(), json!(n), delta);
    assert_eq!(
        got,
        [
            e("response.created", 0, Value::Null),
            e("response.output_item.added", 1, Value::Null),
            e("response.output_text.delta", 2, json!("")),
            e("response.output_text.delta", 3, json!("")),
            // Inserted: the held text, before `.done`.
            e(
                "response.output_text.delta",
                4,
                json!("Write to [EMAIL] today.")
            ),
            e("response.output_text.done", 5, Value::Null),
            e("response.output_item.added", 6, Value::Null),
            e("response.function_call_arguments.delta", 7, json!("")),
            // Inserted: the held arguments, before `response.completed`.
            e(
                "response.function_call_arguments.delta",
                8,
                json!("{\"to\":\"[EMAIL]\"}")
            ),
            e("response.completed", 9, Value::Null),
        ]
    );
}

/// A hostile review: with `windowBytes: 64` (the least allowed) a cue that decides a value
/// arrived after the value had been sent — `536221234 … (SSN).` 80 bytes on, `fleet @
/// fjordlite.no … имейл адрес` 60 bytes on. With `response.scan` at least 320 bytes are held,
/// so the client gets the text of the whole answer, in 3-byte deltas too.
#[test]
fn a_cue_after_a_value_decides_it_in_a_stream_with_the_smallest_window() {
    let llm = mock("llm");
    let mut config = example_config();
    config["default"]["response"]["windowBytes"] = json!(64);
    config["default"]["detectors"]["email"] = json!({"action": "redact"});
    let envoy = Envoy::start(
        &bootstrap(&config, &[], llm.addr()),
        EnvoyOptions::default(),
    );
    let answer = "My number is 536221234 and that is what the bank wrote down for me on the form \
        last week (SSN). Mail: (fleet @ fjordlite.no) — това имам записано като имейл адрес.";
    let chars: Vec<char> = answer.chars().collect();
    let stream: String = chars
        .chunks(3)
        .map(|c| data(chat_chunk(json!({"content": c.iter().collect::<String>()}))))
        .chain(["data: [DONE]\n\n".to_string()])
        .collect();
    let body = json!({"model": "gpt-4o-mini", "stream": true,
        "messages": [{"role": "user", "content": "What is on file?"}]});
    let response = raw_stream(&envoy, "/v1/chat/completions", &body, &stream);
    let text: String = events(&response)
        .iter()
        .filter_map(|(_, v)| {
            v["choices"][0]["delta"]["content"]
                .as_str()
                .map(String::from)
        })
        .collect();
    assert_eq!(
        text,
        "My number is [SSN] and that is what the bank wrote down for me on the form last week \
         (SSN). Mail: ([EMAIL]) — това имам записано като имейл адрес."
    );
    let raw = response.text();
    assert!(
        !raw.contains("536221234") && !raw.contains("fjordlite"),
        "{raw}"
    );
}

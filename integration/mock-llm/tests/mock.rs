mod common;

use std::time::{Duration, Instant};

use common::{get, post, send, Conn};
use mock_llm::{Fault, MockConfig, MockServer};
use serde_json::{json, Value};

fn server(name: &str) -> MockServer {
    MockServer::start(MockConfig {
        name: name.to_string(),
        ..MockConfig::default()
    })
    .unwrap()
}

fn chat_body(stream: bool) -> Value {
    json!({"model": "gpt-4o-mini", "stream": stream, "messages": [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Hello there"}
    ]})
}

/// Data payloads of an OpenAI stream, `[DONE]` excluded, parsed.
fn openai_chunks(resp: &common::Resp) -> Vec<Value> {
    resp.events()
        .into_iter()
        .filter(|(_, d)| d != "[DONE]")
        .map(|(_, d)| serde_json::from_str(&d).unwrap())
        .collect()
}

fn streamed_content(chunks: &[Value]) -> String {
    chunks
        .iter()
        .filter_map(|c| {
            c.pointer("/choices/0/delta/content")
                .and_then(Value::as_str)
        })
        .collect()
}

#[test]
fn chat_non_stream_shape_and_usage() {
    let mock = server("primary");
    let resp = post(mock.addr(), "/v1/chat/completions", &chat_body(false), &[]);
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("x-mock-name"), Some("primary"));
    assert_eq!(resp.header("content-type"), Some("application/json"));
    let v = resp.json();
    assert!(v["id"].as_str().unwrap().starts_with("chatcmpl-mock-"));
    assert_eq!(v["object"], "chat.completion");
    assert_eq!(v["created"], 1_700_000_000);
    assert_eq!(v["model"], "gpt-4o-mini");
    assert_eq!(v["choices"][0]["message"]["role"], "assistant");
    assert_eq!(
        v["choices"][0]["message"]["content"],
        "Mock answer to: Hello there"
    );
    assert_eq!(v["choices"][0]["finish_reason"], "stop");
    // (ceil(14/4)+4) + (ceil(11/4)+4) = 15; ceil(27/4) = 7.
    assert_eq!(
        v["usage"],
        json!({"prompt_tokens": 15, "completion_tokens": 7, "total_tokens": 22})
    );
    // Deterministic: the same request gives the same bytes.
    let again = post(mock.addr(), "/v1/chat/completions", &chat_body(false), &[]);
    assert_eq!(again.body, resp.body);
}

#[test]
fn chat_content_parts_and_reply_header() {
    let mock = server("m");
    let body = json!({"model": "m1", "messages": [
        {"role": "user", "content": "first"},
        {"role": "assistant", "content": "ok"},
        {"role": "user", "content": [{"type": "text", "text": "part one, "}, {"type": "text", "text": "part two"}]}
    ]});
    let v = post(mock.addr(), "/v1/chat/completions", &body, &[]).json();
    assert_eq!(
        v["choices"][0]["message"]["content"],
        "Mock answer to: part one, part two"
    );
    let v = post(
        mock.addr(),
        "/v1/chat/completions",
        &body,
        &[("x-mock-reply", "Mail me at bob@example.com")],
    )
    .json();
    assert_eq!(
        v["choices"][0]["message"]["content"],
        "Mail me at bob@example.com"
    );
    assert_eq!(v["usage"]["completion_tokens"], 7); // 26 chars
}

#[test]
fn chat_stream_concatenates_to_non_stream_answer() {
    let mock = server("m");
    let plain = post(mock.addr(), "/v1/chat/completions", &chat_body(false), &[]).json();
    let resp = post(mock.addr(), "/v1/chat/completions", &chat_body(true), &[]);
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("content-type"), Some("text/event-stream"));
    assert!(resp.complete);
    // One SSE event per transfer chunk: Envoy sees several body chunks.
    let events = resp.events();
    assert_eq!(resp.chunks.len(), events.len());
    for chunk in &resp.chunks {
        assert_eq!(
            common::sse_events(std::str::from_utf8(chunk).unwrap()).len(),
            1
        );
    }
    assert_eq!(events.last().unwrap().1, "[DONE]");
    let chunks = openai_chunks(&resp);
    assert_eq!(
        chunks[0]["choices"][0]["delta"],
        json!({"role": "assistant", "content": ""})
    );
    assert!(chunks[0]["id"]
        .as_str()
        .unwrap()
        .starts_with("chatcmpl-mock-"));
    assert!(chunks
        .iter()
        .all(|c| c["object"] == "chat.completion.chunk" && c["id"] == chunks[0]["id"]));
    assert!(
        chunks.iter().all(|c| c.get("usage").is_none()),
        "no usage without include_usage"
    );
    let content_chunks = chunks
        .iter()
        .filter(|c| {
            c["choices"][0]["delta"]["content"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        })
        .count();
    assert!(content_chunks >= 3, "answer split into several deltas");
    let last = chunks.last().unwrap();
    assert_eq!(last["choices"][0]["finish_reason"], "stop");
    assert_eq!(last["choices"][0]["delta"], json!({}));
    assert_eq!(
        streamed_content(&chunks),
        plain["choices"][0]["message"]["content"].as_str().unwrap()
    );
}

#[test]
fn chat_stream_include_usage() {
    let mock = server("m");
    let mut body = chat_body(true);
    body["stream_options"] = json!({"include_usage": true});
    let resp = post(mock.addr(), "/v1/chat/completions", &body, &[]);
    let chunks = openai_chunks(&resp);
    let usage = chunks.last().unwrap();
    assert_eq!(usage["choices"], json!([]));
    assert_eq!(
        usage["usage"],
        json!({"prompt_tokens": 15, "completion_tokens": 7, "total_tokens": 22})
    );
    let before = &chunks[chunks.len() - 2];
    assert_eq!(before["choices"][0]["finish_reason"], "stop");
    assert!(chunks[..chunks.len() - 1]
        .iter()
        .all(|c| c["usage"].is_null()));
    body["stream_options"] = json!({"include_usage": false});
    let chunks = openai_chunks(&post(mock.addr(), "/v1/chat/completions", &body, &[]));
    assert!(chunks.iter().all(|c| c.get("usage").is_none()));
}

#[test]
fn chat_stream_chunk_chars_counts_chars() {
    let mock = server("m");
    let reply = "Grüße an Zoë — ünïcödé";
    let resp = post(
        mock.addr(),
        "/v1/chat/completions",
        &chat_body(true),
        &[("x-mock-chunk-chars", "3"), ("x-mock-reply", reply)],
    );
    let chunks = openai_chunks(&resp);
    let pieces: Vec<&str> = chunks[1..chunks.len() - 1]
        .iter()
        .map(|c| c["choices"][0]["delta"]["content"].as_str().unwrap())
        .collect();
    assert_eq!(pieces.concat(), reply);
    assert!(pieces[..pieces.len() - 1]
        .iter()
        .all(|p| p.chars().count() == 3));
}

#[test]
fn chat_tool_calls() {
    let mock = server("m");
    let mut body = chat_body(false);
    body["tools"] =
        json!([{"type": "function", "function": {"name": "get_weather", "parameters": {}}}]);
    let args = r#"{"city":"Paris","unit":"celsius"}"#;
    let headers = [
        ("x-mock-tool-call", "get_weather"),
        ("x-mock-tool-args", args),
    ];
    let v = post(mock.addr(), "/v1/chat/completions", &body, &headers).json();
    assert_eq!(v["choices"][0]["finish_reason"], "tool_calls");
    let call = &v["choices"][0]["message"]["tool_calls"][0];
    assert_eq!(call["id"], "call_mock_1");
    assert_eq!(call["type"], "function");
    assert_eq!(
        call["function"],
        json!({"name": "get_weather", "arguments": args})
    );

    body["stream"] = json!(true);
    let chunks = openai_chunks(&post(mock.addr(), "/v1/chat/completions", &body, &headers));
    let first = &chunks[0]["choices"][0]["delta"]["tool_calls"][0];
    assert_eq!(first["function"]["name"], "get_weather");
    let pieces: Vec<&str> = chunks
        .iter()
        .filter_map(|c| {
            c.pointer("/choices/0/delta/tool_calls/0/function/arguments")?
                .as_str()
        })
        .filter(|s| !s.is_empty())
        .collect();
    assert!(pieces.len() >= 3);
    assert_eq!(pieces.concat(), args);
    assert_eq!(
        chunks.last().unwrap()["choices"][0]["finish_reason"],
        "tool_calls"
    );

    // Without tools in the request the header is ignored.
    let v = post(
        mock.addr(),
        "/v1/chat/completions",
        &chat_body(false),
        &headers,
    )
    .json();
    assert_eq!(v["choices"][0]["finish_reason"], "stop");
}

#[test]
fn legacy_completions() {
    let mock = server("m");
    let body = json!({"model": "gpt-3.5-turbo-instruct", "prompt": "Say hi"});
    let v = post(mock.addr(), "/v1/completions", &body, &[]).json();
    assert_eq!(v["object"], "text_completion");
    assert_eq!(v["choices"][0]["text"], "Mock completion for: Say hi");
    assert_eq!(
        v["usage"],
        json!({"prompt_tokens": 2, "completion_tokens": 7, "total_tokens": 9})
    );
    let body = json!({"model": "x", "prompt": "Say hi", "stream": true, "stream_options": {"include_usage": true}});
    let chunks = openai_chunks(&post(mock.addr(), "/v1/completions", &body, &[]));
    let text: String = chunks
        .iter()
        .filter_map(|c| c.pointer("/choices/0/text")?.as_str())
        .collect();
    assert_eq!(text, "Mock completion for: Say hi");
    assert_eq!(
        chunks[chunks.len() - 2]["choices"][0]["finish_reason"],
        "stop"
    );
    assert_eq!(chunks.last().unwrap()["usage"]["total_tokens"], 9);
}

#[test]
fn embeddings_are_deterministic() {
    let mock = server("m");
    let one = post(
        mock.addr(),
        "/v1/embeddings",
        &json!({"model": "text-embedding-3-small", "input": "hello world"}),
        &[],
    )
    .json();
    assert_eq!(one["object"], "list");
    assert_eq!(one["data"][0]["object"], "embedding");
    assert_eq!(one["data"][0]["index"], 0);
    let vector = one["data"][0]["embedding"].as_array().unwrap();
    assert_eq!(vector.len(), 8);
    assert!(vector.iter().all(|x| x.as_f64().unwrap().abs() <= 1.0));
    assert_eq!(one["usage"], json!({"prompt_tokens": 3, "total_tokens": 3}));
    let many = post(
        mock.addr(),
        "/v1/embeddings",
        &json!({"model": "e", "input": ["hello world", "other"]}),
        &[],
    )
    .json();
    assert_eq!(many["data"].as_array().unwrap().len(), 2);
    assert_eq!(many["data"][0]["embedding"], one["data"][0]["embedding"]);
    assert_ne!(many["data"][1]["embedding"], one["data"][0]["embedding"]);
    assert_eq!(many["data"][1]["index"], 1);
    let b64 = post(
        mock.addr(),
        "/v1/embeddings",
        &json!({"input": "x", "encoding_format": "base64"}),
        &[],
    )
    .json();
    assert_eq!(b64["data"][0]["embedding"].as_str().unwrap().len(), 44); // 32 bytes
    let bad = post(mock.addr(), "/v1/embeddings", &json!({"model": "e"}), &[]);
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["error"]["param"], "input");
}

#[test]
fn models_list() {
    let mock = server("m");
    let v = get(mock.addr(), "/v1/models").json();
    assert_eq!(v["object"], "list");
    let ids: Vec<&str> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"gpt-4o-mini") && ids.len() >= 3);
}

#[test]
fn anthropic_messages() {
    let mock = server("claude");
    let body = json!({"model": "claude-3-5-sonnet-20241022", "max_tokens": 100, "system": "Be brief.",
                      "messages": [{"role": "user", "content": "Hi Claude"}]});
    let v = post(mock.addr(), "/v1/messages", &body, &[]).json();
    assert!(v["id"].as_str().unwrap().starts_with("msg_mock_"));
    assert_eq!(v["type"], "message");
    assert_eq!(v["role"], "assistant");
    assert_eq!(v["model"], "claude-3-5-sonnet-20241022");
    assert_eq!(
        v["content"],
        json!([{"type": "text", "text": "Mock answer to: Hi Claude"}])
    );
    assert_eq!(v["stop_reason"], "end_turn");
    assert_eq!(v["stop_sequence"], Value::Null);
    // system (3+4) + user (3+4) = 14; ceil(25/4) = 7.
    assert_eq!(v["usage"], json!({"input_tokens": 14, "output_tokens": 7}));
}

#[test]
fn anthropic_stream_event_order_and_usage() {
    let mock = server("claude");
    let body = json!({"model": "claude-3-5-sonnet-20241022", "max_tokens": 100, "stream": true, "system": "Be brief.",
                      "messages": [{"role": "user", "content": [{"type": "text", "text": "Hi Claude"}]}]});
    let resp = post(mock.addr(), "/v1/messages", &body, &[]);
    assert!(resp.complete);
    assert_eq!(resp.header("content-type"), Some("text/event-stream"));
    let events = resp.events();
    assert_eq!(resp.chunks.len(), events.len());
    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_deref().unwrap()).collect();
    let deltas = names
        .iter()
        .filter(|n| **n == "content_block_delta")
        .count();
    assert!(deltas >= 3);
    let mut expected = vec!["message_start", "content_block_start", "ping"];
    expected.extend(std::iter::repeat_n("content_block_delta", deltas));
    expected.extend(["content_block_stop", "message_delta", "message_stop"]);
    assert_eq!(names, expected);
    let data: Vec<Value> = events
        .iter()
        .map(|(_, d)| serde_json::from_str(d).unwrap())
        .collect();
    for ((name, _), d) in events.iter().zip(&data) {
        assert_eq!(
            d["type"],
            name.as_deref().unwrap(),
            "data.type matches event name"
        );
    }
    assert_eq!(
        data[0]["message"]["usage"],
        json!({"input_tokens": 14, "output_tokens": 1})
    );
    assert_eq!(data[0]["message"]["content"], json!([]));
    let text: String = data
        .iter()
        .filter_map(|d| d.pointer("/delta/text")?.as_str())
        .collect();
    assert_eq!(text, "Mock answer to: Hi Claude");
    let md = &data[data.len() - 2];
    assert_eq!(md["delta"]["stop_reason"], "end_turn");
    assert_eq!(md["usage"]["output_tokens"], 7);
}

#[test]
fn anthropic_tool_use() {
    let mock = server("claude");
    let body = json!({"model": "c", "max_tokens": 10, "tools": [{"name": "lookup", "input_schema": {}}],
                      "messages": [{"role": "user", "content": "find"}]});
    let headers = [
        ("x-mock-tool-call", "lookup"),
        ("x-mock-tool-args", r#"{"q":"rust"}"#),
    ];
    let v = post(mock.addr(), "/v1/messages", &body, &headers).json();
    assert_eq!(v["stop_reason"], "tool_use");
    assert_eq!(
        v["content"][0],
        json!({"type": "tool_use", "id": "toolu_mock_1", "name": "lookup", "input": {"q": "rust"}})
    );
    let mut body = body;
    body["stream"] = json!(true);
    let resp = post(mock.addr(), "/v1/messages", &body, &headers);
    let json: String = resp
        .events()
        .iter()
        .filter_map(|(_, d)| {
            serde_json::from_str::<Value>(d)
                .ok()?
                .pointer("/delta/partial_json")?
                .as_str()
                .map(String::from)
        })
        .collect();
    assert_eq!(json, r#"{"q":"rust"}"#);
}

#[test]
fn bad_json_and_unknown_path() {
    let mock = server("m");
    let resp = send(
        mock.addr(),
        "POST",
        "/v1/chat/completions",
        &[("content-type", "application/json")],
        b"{not json",
    );
    assert_eq!(resp.status, 400);
    let err = &resp.json()["error"];
    assert_eq!(err["type"], "invalid_request_error");
    assert!(err["message"].as_str().unwrap().contains("JSON"));
    assert_eq!(err["param"], Value::Null);
    assert_eq!(err["code"], Value::Null);
    let resp = post(mock.addr(), "/v2/nothing", &json!({}), &[]);
    assert_eq!(resp.status, 404);
    assert_eq!(resp.json()["error"]["type"], "invalid_request_error");
    assert_eq!(resp.json()["error"]["code"], Value::Null);
    let resp = post(
        mock.addr(),
        "/v1/chat/completions",
        &json!({"model": "x"}),
        &[],
    );
    assert_eq!(resp.status, 400);
    assert_eq!(resp.json()["error"]["param"], "messages");
    // Failed requests are recorded too.
    assert_eq!(mock.requests().len(), 3);
}

#[test]
fn fault_status_and_model_filter() {
    let mock = server("m");
    let resp = post(
        mock.addr(),
        "/v1/chat/completions",
        &chat_body(false),
        &[("x-mock-status", "429")],
    );
    assert_eq!(resp.status, 429);
    assert_eq!(resp.header("retry-after"), Some("1"));
    assert_eq!(resp.header("x-mock-name"), Some("m"));
    assert_eq!(resp.json()["error"]["type"], "rate_limit_error");
    let headers = [
        ("x-mock-status", "503"),
        ("x-mock-fault-model", "gpt-4o-mini"),
    ];
    let resp = post(
        mock.addr(),
        "/v1/chat/completions",
        &chat_body(false),
        &headers,
    );
    assert_eq!(resp.status, 503);
    assert_eq!(resp.json()["error"]["type"], "server_error");
    let mut other = chat_body(false);
    other["model"] = json!("gpt-4o");
    let resp = post(mock.addr(), "/v1/chat/completions", &other, &headers);
    assert_eq!(resp.status, 200, "fallback model passes");
    // Faulted requests are recorded before the reply.
    let seen = mock.requests();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[1].header("x-mock-status"), Some("503"));
}

#[test]
fn default_fault_from_config() {
    let mock = MockServer::start(MockConfig {
        port: 0,
        name: "flaky".into(),
        default_fault: Some(Fault {
            status: Some(503),
            only_model: Some("bad".into()),
            ..Fault::default()
        }),
    })
    .unwrap();
    let mut body = chat_body(false);
    body["model"] = json!("bad");
    assert_eq!(
        post(mock.addr(), "/v1/chat/completions", &body, &[]).status,
        503
    );
    body["model"] = json!("good");
    assert_eq!(
        post(mock.addr(), "/v1/chat/completions", &body, &[]).status,
        200
    );
    assert_eq!(
        get(mock.addr(), "/health").status,
        200,
        "health is never faulted"
    );
}

#[test]
fn fault_cut_stream_is_truncated() {
    let mock = server("m");
    let mut body = chat_body(true);
    body["stream_options"] = json!({"include_usage": true});
    let resp = post(
        mock.addr(),
        "/v1/chat/completions",
        &body,
        &[("x-mock-cut-after", "2")],
    );
    assert_eq!(resp.status, 200);
    assert!(!resp.complete, "no terminating chunk");
    assert_eq!(resp.events().len(), 2);
    assert!(!resp.text().contains("[DONE]"));
    // Cut beyond the length still withholds the final event.
    let resp = post(
        mock.addr(),
        "/v1/chat/completions",
        &body,
        &[("x-mock-cut-after", "1000")],
    );
    assert!(!resp.complete);
    assert!(!resp.text().contains("[DONE]"));
    let resp = post(
        mock.addr(),
        "/v1/chat/completions",
        &body,
        &[("x-mock-cut-after", "0")],
    );
    assert_eq!(
        (resp.status, resp.complete, resp.body.len()),
        (200, false, 0),
        "head, then the cut"
    );
    let anth = json!({"model": "c", "stream": true, "max_tokens": 5, "messages": [{"role": "user", "content": "a b c d e f"}]});
    let resp = post(
        mock.addr(),
        "/v1/messages",
        &anth,
        &[("x-mock-cut-after", "4")],
    );
    assert!(!resp.complete);
    assert_eq!(resp.events().len(), 4);
}

#[test]
fn fault_cut_non_stream_closes_mid_body() {
    let mock = server("m");
    let resp = post(
        mock.addr(),
        "/v1/chat/completions",
        &chat_body(false),
        &[("x-mock-cut-after", "0")],
    );
    assert_eq!(resp.status, 200);
    assert!(!resp.complete);
    let promised: usize = resp.header("content-length").unwrap().parse().unwrap();
    assert!(!resp.body.is_empty() && resp.body.len() < promised);
}

#[test]
fn fault_delays() {
    let mock = server("m");
    let start = Instant::now();
    assert_eq!(post(mock.addr(), "/v1/models", &json!({}), &[]).status, 404);
    let fast = start.elapsed();
    let start = Instant::now();
    let resp = post(
        mock.addr(),
        "/v1/chat/completions",
        &chat_body(false),
        &[("x-mock-delay-ms", "150")],
    );
    assert_eq!(resp.status, 200);
    assert!(
        start.elapsed() >= Duration::from_millis(150),
        "delay applied (fast path took {fast:?})"
    );
    let start = Instant::now();
    let resp = post(
        mock.addr(),
        "/v1/chat/completions",
        &chat_body(true),
        &[("x-mock-event-delay-ms", "20")],
    );
    let n = resp.events().len() as u32;
    assert!(n >= 5 && resp.complete);
    assert!(start.elapsed() >= Duration::from_millis(20) * (n - 1));
}

#[test]
fn records_headers_body_and_path() {
    let mock = server("rec");
    let body = br#"{"model":"gpt-4o","messages":[{"role":"user","content":"x"}]}"#;
    let resp = send(
        mock.addr(),
        "POST",
        "/v1/chat/completions?api-version=2024-06-01",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", "Bearer sk-test"),
            ("X-Custom", "a"),
            ("x-custom", "b"),
        ],
        body,
    );
    assert_eq!(resp.status, 200);
    assert_eq!(get(mock.addr(), "/health").text(), "ok");
    let seen = mock.requests();
    assert_eq!(seen.len(), 1, "health is not recorded");
    let r = &seen[0];
    assert_eq!(r.mock_name, "rec");
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/v1/chat/completions?api-version=2024-06-01");
    assert_eq!(r.body, body);
    assert_eq!(r.header("authorization"), Some("Bearer sk-test"));
    assert_eq!(r.header("AUTHORIZATION"), Some("Bearer sk-test"));
    assert_eq!(r.header_all("x-custom"), vec!["a", "b"]);
    assert!(r.headers.iter().all(|(k, _)| *k == k.to_ascii_lowercase()));
    let names: Vec<&str> = r.headers.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "host",
            "content-length",
            "content-type",
            "authorization",
            "x-custom",
            "x-custom"
        ]
    );
    assert_eq!(r.json()["model"], "gpt-4o");

    // The same, from outside the process.
    let listed = get(mock.addr(), "/__mock/requests").json();
    assert_eq!(
        listed[0]["path"],
        "/v1/chat/completions?api-version=2024-06-01"
    );
    assert_eq!(listed[0]["body"], std::str::from_utf8(body).unwrap());
    assert_eq!(listed[0]["mock"], "rec");
    assert!(listed[0]["headers"]
        .as_array()
        .unwrap()
        .contains(&json!(["authorization", "Bearer sk-test"])));
    assert_eq!(
        send(mock.addr(), "DELETE", "/__mock/requests", &[], b"").status,
        200
    );
    assert!(mock.requests().is_empty());
    post(mock.addr(), "/v1/models", &json!({}), &[]);
    mock.clear();
    assert!(mock.requests().is_empty());
}

#[test]
#[should_panic(expected = "is not JSON")]
fn recorded_json_panics_clearly() {
    let mock = server("m");
    send(
        mock.addr(),
        "POST",
        "/v1/chat/completions",
        &[],
        b"plain text",
    );
    mock.requests()[0].json();
}

#[test]
fn wait_for_requests_wakes_on_arrival() {
    let mock = server("m");
    let addr = mock.addr();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        for _ in 0..3 {
            post(addr, "/v1/chat/completions", &chat_body(false), &[]);
        }
    });
    let start = Instant::now();
    let got = mock.wait_for_requests(3, Duration::from_secs(10));
    assert_eq!(got.len(), 3);
    assert!(start.elapsed() < Duration::from_secs(5));
    t.join().unwrap();
    let got = mock.wait_for_requests(4, Duration::from_millis(50));
    assert_eq!(got.len(), 3, "returns what there is on timeout");
}

#[test]
fn keep_alive_serves_many_requests_on_one_connection() {
    let mock = server("m");
    let mut conn = Conn::open(mock.addr());
    let body = chat_body(false).to_string();
    for _ in 0..5 {
        let resp = conn.send("POST", "/v1/chat/completions", &[], body.as_bytes());
        assert_eq!(resp.status, 200);
        assert!(resp.complete);
    }
    let resp = conn.send(
        "POST",
        "/v1/chat/completions",
        &[],
        chat_body(true).to_string().as_bytes(),
    );
    assert!(resp.complete && resp.text().ends_with("data: [DONE]\n\n"));
    assert_eq!(conn.send("GET", "/v1/models", &[], b"").status, 200);
    assert_eq!(mock.requests().len(), 7);
}

#[test]
fn drop_shuts_down() {
    let mock = server("m");
    let addr = mock.addr();
    assert_eq!(get(addr, "/health").status, 200);
    drop(mock);
    assert!(std::net::TcpStream::connect(addr).is_err());
}

#[test]
fn separate_servers_have_separate_names_and_logs() {
    let a = server("a");
    let b = server("b");
    assert_ne!(a.port(), b.port());
    assert_eq!(
        post(b.addr(), "/v1/chat/completions", &chat_body(false), &[]).header("x-mock-name"),
        Some("b")
    );
    assert!(a.requests().is_empty());
    assert_eq!(b.requests()[0].mock_name, "b");
}

#[test]
fn raw_bodies_replace_the_answer_with_any_content_type() {
    let mock = server("shapes");
    let resp = post(
        mock.addr(),
        "/v1/chat/completions",
        &chat_body(false),
        &[("x-mock-raw-body", "%7Bnot json <EMAIL_1>")],
    );
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("content-type"), Some("text/plain"));
    assert_eq!(resp.body, b"{not json <EMAIL_1>");
    let resp = post(
        mock.addr(),
        "/v1/chat/completions",
        &chat_body(false),
        &[
            ("x-mock-raw-body", "{\"choices\":["),
            ("x-mock-content-type", "application/json"),
        ],
    );
    assert_eq!(resp.header("content-type"), Some("application/json"));
    assert_eq!(resp.body, b"{\"choices\":[");
}

#[test]
fn gzip_only_when_accepted_unless_always() {
    let mock = server("gzip");
    let plain = post(mock.addr(), "/v1/chat/completions", &chat_body(false), &[]);
    let not_accepted = post(
        mock.addr(),
        "/v1/chat/completions",
        &chat_body(false),
        &[("x-mock-gzip", "1")],
    );
    assert_eq!(not_accepted.header("content-encoding"), None);
    assert_eq!(not_accepted.body, plain.body);
    for headers in [
        &[("x-mock-gzip", "1"), ("accept-encoding", "gzip, br")][..],
        &[("x-mock-gzip", "always")][..],
    ] {
        let gz = post(
            mock.addr(),
            "/v1/chat/completions",
            &chat_body(false),
            headers,
        );
        assert_eq!(gz.header("content-encoding"), Some("gzip"));
        assert_eq!(&gz.body[..2], &[0x1f, 0x8b]);
        // stored blocks: header (10) + block header (5) + data + crc/size (8)
        assert_eq!(&gz.body[15..gz.body.len() - 8], &plain.body[..]);
    }
}

#[test]
fn response_headers_can_carry_non_utf8_bytes() {
    use std::io::{Read, Write};
    let mock = server("bytes");
    let mut conn = std::net::TcpStream::connect(mock.addr()).unwrap();
    conn.write_all(
        b"GET /v1/models HTTP/1.1\r\nhost: m\r\nconnection: close\r\nx-mock-response-header: x-provider-note=caf%E9\r\n\r\n",
    )
    .unwrap();
    let mut wire = Vec::new();
    conn.read_to_end(&mut wire).unwrap();
    let needle = b"x-provider-note: caf\xe9\r\n";
    assert!(
        wire.windows(needle.len()).any(|w| w == needle),
        "{}",
        String::from_utf8_lossy(&wire)
    );
}

#[test]
fn user_text_is_repeated_where_the_reply_says_so() {
    let mock = server("echo");
    let body = json!({"model": "m", "messages": [{"role": "user", "content": "say \"<EMAIL_1_AB>\""}],
        "tools": [{"type": "function", "function": {"name": "send"}}]});
    let resp = post(
        mock.addr(),
        "/v1/chat/completions",
        &body,
        &[("x-mock-reply", "Hi {{user}}!")],
    );
    assert_eq!(
        resp.json()["choices"][0]["message"]["content"],
        "Hi say \"<EMAIL_1_AB>\"!"
    );
    let resp = post(
        mock.addr(),
        "/v1/chat/completions",
        &body,
        &[
            ("x-mock-tool-call", "send"),
            ("x-mock-tool-args", r#"{"to":"{{user}}"}"#),
        ],
    );
    let args = resp.json()["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(args, r#"{"to":"say \"<EMAIL_1_AB>\""}"#);
    let parsed: Value = serde_json::from_str(&args).unwrap();
    assert_eq!(parsed["to"], "say \"<EMAIL_1_AB>\"");
}

#[test]
fn replies_can_be_repeated_into_huge_answers() {
    let mock = server("huge");
    let resp = post(
        mock.addr(),
        "/v1/chat/completions",
        &chat_body(false),
        &[("x-mock-reply", "ab-"), ("x-mock-reply-repeat", "100000")],
    );
    let content = resp.json()["choices"][0]["message"]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(content.len(), 300_000);
    assert!(content.starts_with("ab-ab-"));
}

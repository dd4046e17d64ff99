//! API translation end to end (issue 11): OpenAI clients served by an Anthropic-schema backend
//! and Anthropic clients by an OpenAI-schema backend, through a real Envoy with the built
//! filters, per attempt (fallback across schemas), with pii-mask and token-meter before the
//! router, and `GET /v1/models` answered by the gateway. Every test asserts the exact body the
//! mock received (written by hand from the mapping table) and what the client got (the mock's
//! documented answer and token estimate).

use llm_integration::envoy::{Envoy, EnvoyOptions};
use llm_integration::gateways::model_router::{
    with_filters_before_router, BackendCluster, RouterGateway,
};
use llm_integration::gateways::pii_mask::pii_mask_filter;
use llm_integration::gateways::prompt_transform;
use llm_integration::gateways::token_meter::meter_filter;
use llm_integration::http::{self, HttpResponse};
use llm_integration::start_mock;
use mock_llm::{Fault, MockConfig, MockServer};
use serde_json::{json, Value};
use std::time::Duration;

fn mock(name: &str) -> MockServer {
    start_mock(MockConfig {
        name: name.into(),
        ..MockConfig::default()
    })
}

/// `claude-*` → the Anthropic-schema backend `claude` (its key from the environment);
/// alias `fast` → `gpt-4o-mini` on the OpenAI-schema backend `openai`.
fn config() -> Value {
    json!({ "default": {
        "aliases": { "fast": "gpt-4o-mini" },
        "backends": {
            "claude": { "schema": "anthropic", "auth": { "secretEnv": "E2E_ANTHROPIC_KEY", "header": "x-api-key" },
                        "stripClientAuth": true, "anthropic": { "defaultMaxTokens": 512 } },
            "openai": {}
        },
        "routes": [
            { "models": ["claude-*"], "targets": [{ "backend": "claude" }] },
            { "models": ["gpt-*"], "targets": [{ "backend": "openai" }] }
        ],
        "defaultBackend": "openai",
        "listModels": true
    }})
}

struct Setup {
    envoy: Envoy,
    claude: MockServer,
    openai: MockServer,
}

fn start_with(config: Value, filters_before: Vec<Value>) -> Setup {
    let (claude, openai) = (mock("claude"), mock("openai"));
    let mut gateway = RouterGateway::new(
        config,
        vec![
            BackendCluster::new("claude", claude.addr()),
            BackendCluster::new("openai", openai.addr()),
        ],
    );
    gateway.env_keys = vec!["E2E_ANTHROPIC_KEY".into()];
    let bootstrap = with_filters_before_router(gateway.bootstrap(), filters_before);
    let options = EnvoyOptions {
        env: vec![("E2E_ANTHROPIC_KEY".into(), "sk-ant-e2e".into())],
        ..EnvoyOptions::default()
    };
    Setup {
        envoy: Envoy::start(&bootstrap, options),
        claude,
        openai,
    }
}

fn start() -> Setup {
    start_with(config(), Vec::new())
}

fn chat_body(model: &str) -> Value {
    json!({ "model": model, "messages": [
        { "role": "system", "content": "Be brief." },
        { "role": "user", "content": "Say hello" } ] })
}

fn post(envoy: &Envoy, path: &str, headers: &[(&str, &str)], body: &Value) -> HttpResponse {
    http::post_json(&envoy.url(path), headers, body)
}

fn data(response: &HttpResponse) -> Vec<Value> {
    response
        .sse_events()
        .into_iter()
        .map(|e| serde_json::from_str(&e.data).unwrap_or(Value::String(e.data.clone())))
        .collect()
}

/// "Say hello" is 9 chars: ceil(9/4) + 4 = 7 tokens; with "Be brief." as system, 14. The
/// answer "Mock answer to: Say hello" is 25 chars: 7 tokens (the mock's documented estimate).
const ANSWER: &str = "Mock answer to: Say hello";

#[test]
fn openai_client_is_served_by_an_anthropic_backend() {
    let s = start();
    let response = post(
        &s.envoy,
        "/v1/chat/completions",
        &[("authorization", "Bearer client-key")],
        &chat_body("claude-sonnet-4-5"),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let received = s
        .claude
        .requests()
        .pop()
        .expect("the anthropic backend got it");
    assert_eq!(received.path, "/v1/messages");
    assert_eq!(received.header("anthropic-version"), Some("2023-06-01"));
    assert_eq!(received.header("x-api-key"), Some("sk-ant-e2e"));
    assert_eq!(received.header("authorization"), None);
    assert_eq!(
        received.json(),
        json!({ "model": "claude-sonnet-4-5", "system": "Be brief.",
                "messages": [{ "role": "user", "content": "Say hello" }], "max_tokens": 512 })
    );
    let body = response.json();
    assert_eq!(body["object"], "chat.completion");
    assert_eq!(body["model"], "claude-sonnet-4-5");
    assert_eq!(
        body["choices"],
        json!([{ "index": 0, "message": { "role": "assistant", "content": ANSWER },
                 "logprobs": null, "finish_reason": "stop" }])
    );
    assert_eq!(
        body["usage"],
        json!({ "prompt_tokens": 14, "completion_tokens": 7, "total_tokens": 21,
                "prompt_tokens_details": { "cached_tokens": 0 } })
    );
    assert!(s.openai.requests().is_empty());
}

#[test]
fn openai_stream_from_an_anthropic_backend_in_any_chunking() {
    let s = start();
    for chunk_chars in ["1", "3", "7", "100"] {
        let mut body = chat_body("claude-sonnet-4-5");
        body["stream"] = json!(true);
        body["stream_options"] = json!({ "include_usage": true });
        let response = post(
            &s.envoy,
            "/v1/chat/completions",
            &[("x-mock-chunk-chars", chunk_chars)],
            &body,
        );
        assert_eq!(response.status, 200, "{}", response.text());
        assert_eq!(response.header("content-type"), Some("text/event-stream"));
        let received = s.claude.requests().pop().unwrap();
        assert_eq!(
            received.json(),
            json!({ "model": "claude-sonnet-4-5", "system": "Be brief.",
                    "messages": [{ "role": "user", "content": "Say hello" }], "max_tokens": 512, "stream": true })
        );
        let events = data(&response);
        assert_eq!(events.last(), Some(&json!("[DONE]")), "{chunk_chars}");
        let chunks: Vec<&Value> = events.iter().filter(|e| e.is_object()).collect();
        assert!(chunks
            .iter()
            .all(|c| c["object"] == "chat.completion.chunk"));
        assert_eq!(
            chunks[0]["choices"][0]["delta"],
            json!({ "role": "assistant", "content": "" })
        );
        let text: String = chunks
            .iter()
            .filter_map(|c| {
                c.pointer("/choices/0/delta/content")
                    .and_then(Value::as_str)
            })
            .collect();
        assert_eq!(text, ANSWER, "chunk chars {chunk_chars}");
        let finish: Vec<&Value> = chunks
            .iter()
            .filter_map(|c| c.pointer("/choices/0/finish_reason"))
            .filter(|f| !f.is_null())
            .collect();
        assert_eq!(finish, vec![&json!("stop")]);
        let last = chunks.last().unwrap();
        assert_eq!(last["choices"], json!([]));
        assert_eq!(
            last["usage"],
            json!({ "prompt_tokens": 14, "completion_tokens": 7, "total_tokens": 21,
                    "prompt_tokens_details": { "cached_tokens": 0 } })
        );
    }
}

#[test]
fn openai_tool_call_stream_from_an_anthropic_backend() {
    let s = start();
    let body = json!({ "model": "claude-sonnet-4-5", "stream": true,
        "messages": [{ "role": "user", "content": "Weather in Paris?" }],
        "tools": [{ "type": "function", "function": { "name": "get_weather", "description": "Weather of a city",
            "parameters": { "type": "object", "properties": { "city": { "type": "string" } }, "required": ["city"] } } }],
        "tool_choice": "required" });
    let args = r#"{"city":"Paris"}"#;
    let response = post(
        &s.envoy,
        "/v1/chat/completions",
        &[
            ("x-mock-tool-call", "get_weather"),
            ("x-mock-tool-args", args),
            ("x-mock-chunk-chars", "4"),
        ],
        &body,
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        s.claude.requests().pop().unwrap().json(),
        json!({ "model": "claude-sonnet-4-5", "messages": [{ "role": "user", "content": "Weather in Paris?" }],
            "max_tokens": 512, "stream": true,
            "tools": [{ "name": "get_weather", "description": "Weather of a city",
                "input_schema": { "type": "object", "properties": { "city": { "type": "string" } }, "required": ["city"] } }],
            "tool_choice": { "type": "any" } })
    );
    let events = data(&response);
    let mut arguments = String::new();
    let mut ids = Vec::new();
    for e in events.iter().filter(|e| e.is_object()) {
        for call in e
            .pointer("/choices/0/delta/tool_calls")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            assert_eq!(call["index"], 0);
            if let Some(id) = call.get("id") {
                ids.push(id.clone());
                assert_eq!(call["function"]["name"], "get_weather");
            }
            arguments.push_str(
                call.pointer("/function/arguments")
                    .and_then(Value::as_str)
                    .unwrap_or(""),
            );
        }
    }
    assert_eq!(ids, vec![json!("toolu_mock_1")]);
    assert_eq!(
        serde_json::from_str::<Value>(&arguments).unwrap(),
        json!({ "city": "Paris" })
    );
    let finish = events
        .iter()
        .filter_map(|e| e.pointer("/choices/0/finish_reason"))
        .find(|f| !f.is_null());
    assert_eq!(finish, Some(&json!("tool_calls")));
    assert_eq!(events.last(), Some(&json!("[DONE]")));
}

#[test]
fn anthropic_client_is_served_by_an_openai_backend() {
    let s = start();
    let body = json!({ "model": "fast", "max_tokens": 100, "system": "Be brief.",
        "messages": [{ "role": "user", "content": [{ "type": "text", "text": "Say hello" }] }] });
    let response = post(
        &s.envoy,
        "/v1/messages",
        &[("anthropic-version", "2023-06-01"), ("x-api-key", "client")],
        &body,
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let received = s
        .openai
        .requests()
        .pop()
        .expect("the openai backend got it");
    assert_eq!(received.path, "/v1/chat/completions");
    assert_eq!(received.header("anthropic-version"), None);
    assert_eq!(
        received.json(),
        json!({ "model": "gpt-4o-mini", "max_tokens": 100, "messages": [
            { "role": "system", "content": "Be brief." },
            { "role": "user", "content": [{ "type": "text", "text": "Say hello" }] } ] })
    );
    let answer = response.json();
    assert_eq!(answer["type"], "message");
    assert_eq!(answer["role"], "assistant");
    assert_eq!(answer["model"], "gpt-4o-mini");
    assert_eq!(
        answer["content"],
        json!([{ "type": "text", "text": ANSWER }])
    );
    assert_eq!(answer["stop_reason"], "end_turn");
    assert_eq!(
        answer["usage"],
        json!({ "input_tokens": 14, "output_tokens": 7 })
    );
    assert!(s.claude.requests().is_empty());
}

#[test]
fn anthropic_stream_from_an_openai_backend_has_the_sdk_event_sequence() {
    let s = start();
    for chunk_chars in ["2", "5", "100"] {
        let body = json!({ "model": "fast", "max_tokens": 100, "stream": true,
            "messages": [{ "role": "user", "content": "Say hello" }] });
        let response = post(
            &s.envoy,
            "/v1/messages",
            &[
                ("anthropic-version", "2023-06-01"),
                ("x-mock-chunk-chars", chunk_chars),
            ],
            &body,
        );
        assert_eq!(response.status, 200, "{}", response.text());
        assert_eq!(
            s.openai.requests().pop().unwrap().json(),
            json!({ "model": "gpt-4o-mini", "max_tokens": 100, "stream": true,
                    "stream_options": { "include_usage": true },
                    "messages": [{ "role": "user", "content": "Say hello" }] })
        );
        let events = response.sse_events();
        let names: Vec<&str> = events.iter().filter_map(|e| e.event.as_deref()).collect();
        let deltas = names
            .iter()
            .filter(|n| **n == "content_block_delta")
            .count();
        assert!(deltas >= 1);
        let mut expected = vec!["message_start", "content_block_start"];
        expected.extend(std::iter::repeat_n("content_block_delta", deltas));
        expected.extend(["content_block_stop", "message_delta", "message_stop"]);
        assert_eq!(names, expected, "chunk chars {chunk_chars}");
        let payloads: Vec<Value> = events
            .iter()
            .map(|e| serde_json::from_str(&e.data).unwrap())
            .collect();
        for (e, p) in events.iter().zip(&payloads) {
            assert_eq!(
                e.event.as_deref(),
                p["type"].as_str(),
                "event name = payload type"
            );
        }
        let text: String = payloads
            .iter()
            .filter_map(|p| p.pointer("/delta/text").and_then(Value::as_str))
            .collect();
        assert_eq!(text, ANSWER);
        let delta = &payloads[payloads.len() - 2];
        assert_eq!(
            delta["delta"],
            json!({ "stop_reason": "end_turn", "stop_sequence": null })
        );
        // "Say hello" alone: 7 input tokens.
        assert_eq!(
            delta["usage"],
            json!({ "input_tokens": 7, "output_tokens": 7 })
        );
    }
}

#[test]
fn a_fallback_across_schemas_translates_only_that_attempt() {
    let (primary, claude) = (
        start_mock(MockConfig {
            name: "primary".into(),
            default_fault: Some(Fault {
                status: Some(503),
                delay_ms: 0,
                cut_after_events: None,
                only_model: None,
            }),
            ..MockConfig::default()
        }),
        mock("claude"),
    );
    let config = json!({ "default": {
        "backends": {
            "openai": { "fallback": ["claude"] },
            "claude": { "schema": "anthropic" }
        },
        "routes": [{ "models": ["gpt-*"], "targets": [{ "backend": "openai" }],
                     "fallbackModels": { "claude": "claude-3-5-haiku-latest" } }],
        "defaultBackend": "openai"
    }});
    let gateway = RouterGateway::new(
        config,
        vec![BackendCluster::new("openai", primary.addr()).with_fallback("claude", claude.addr())],
    );
    let envoy = Envoy::start(&gateway.bootstrap(), EnvoyOptions::default());
    for stream in [false, true] {
        let mut body = chat_body("gpt-4o");
        if stream {
            body["stream"] = json!(true);
        }
        let response = post(&envoy, "/v1/chat/completions", &[], &body);
        assert_eq!(response.status, 200, "{}", response.text());
        let first = primary.requests().pop().expect("the primary was tried");
        assert_eq!(first.path, "/v1/chat/completions");
        assert_eq!(first.json(), body, "the primary got the client's own body");
        let second = claude.requests().pop().expect("the fallback served it");
        assert_eq!(second.path, "/v1/messages");
        let mut expected = json!({ "model": "claude-3-5-haiku-latest", "system": "Be brief.",
            "messages": [{ "role": "user", "content": "Say hello" }], "max_tokens": 4096 });
        if stream {
            expected["stream"] = json!(true);
        }
        assert_eq!(second.json(), expected);
        if stream {
            let events = data(&response);
            assert_eq!(events.last(), Some(&json!("[DONE]")));
            let text: String = events
                .iter()
                .filter_map(|c| {
                    c.pointer("/choices/0/delta/content")
                        .and_then(Value::as_str)
                })
                .collect();
            assert_eq!(text, ANSWER);
        } else {
            assert_eq!(response.json()["choices"][0]["message"]["content"], ANSWER);
            assert_eq!(response.json()["object"], "chat.completion");
        }
    }
}

#[test]
fn an_openai_attempt_after_an_anthropic_one_gets_no_anthropic_headers() {
    // Attempts share one header map: what the first (Anthropic) attempt set must not reach
    // the OpenAI fallback.
    let (claude, openai) = (
        start_mock(MockConfig {
            name: "claude".into(),
            default_fault: Some(Fault {
                status: Some(503),
                delay_ms: 0,
                cut_after_events: None,
                only_model: None,
            }),
            ..MockConfig::default()
        }),
        mock("openai"),
    );
    let config = json!({ "default": {
        "backends": {
            "claude": { "schema": "anthropic", "fallback": ["openai"] },
            "openai": {}
        },
        "routes": [{ "models": ["claude-*"], "targets": [{ "backend": "claude" }],
                     "fallbackModels": { "openai": "gpt-4o-mini" } }],
        "defaultBackend": "claude"
    }});
    let gateway = RouterGateway::new(
        config,
        vec![BackendCluster::new("claude", claude.addr()).with_fallback("openai", openai.addr())],
    );
    let envoy = Envoy::start(&gateway.bootstrap(), EnvoyOptions::default());
    let response = post(
        &envoy,
        "/v1/chat/completions",
        &[],
        &chat_body("claude-3-5-haiku-latest"),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json()["choices"][0]["message"]["content"], ANSWER);
    let first = claude
        .requests()
        .pop()
        .expect("the Anthropic backend was tried");
    assert_eq!(first.path, "/v1/messages");
    assert_eq!(first.header("anthropic-version"), Some("2023-06-01"));
    let second = openai
        .requests()
        .pop()
        .expect("the OpenAI fallback served it");
    assert_eq!(second.path, "/v1/chat/completions");
    assert_eq!(second.header("anthropic-version"), None);
    assert_eq!(second.json()["model"], "gpt-4o-mini");
    assert_eq!(second.json()["messages"][1]["content"], "Say hello");
}

#[test]
fn provider_errors_come_back_in_the_clients_shape_with_their_status() {
    let s = start();
    let response = post(
        &s.envoy,
        "/v1/chat/completions",
        &[("x-mock-status", "429")],
        &chat_body("claude-sonnet-4-5"),
    );
    assert_eq!(response.status, 429);
    assert_eq!(
        response.json(),
        json!({ "error": { "message": "mock-llm injected fault: status 429", "type": "rate_limit_error", "param": null, "code": null } })
    );
    let body = json!({ "model": "fast", "max_tokens": 10, "messages": [{ "role": "user", "content": "x" }] });
    let response = post(&s.envoy, "/v1/messages", &[("x-mock-status", "401")], &body);
    assert_eq!(response.status, 401);
    assert_eq!(
        response.json(),
        json!({ "type": "error", "error": { "type": "authentication_error", "message": "mock-llm injected fault: status 401" } })
    );
    // A temperature OpenAI accepts (0..2) but Anthropic refuses (0..1) is answered by the
    // gateway in the client's shape, naming the field; the provider gets no body.
    let before = s.claude.requests().len();
    let mut hot = chat_body("claude-sonnet-4-5");
    hot["temperature"] = json!(1.5);
    let response = post(&s.envoy, "/v1/chat/completions", &[], &hot);
    assert_eq!(response.status, 400, "{}", response.text());
    let error = response.json();
    assert_eq!(error["error"]["type"], "invalid_request_error");
    assert!(
        error["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("'temperature' must be between 0 and 1")),
        "{error}"
    );
    assert!(s.claude.requests()[before..]
        .iter()
        .all(|r| r.body.is_empty()));
    // A string `stream` is refused, not read as false.
    let mut odd = chat_body("claude-sonnet-4-5");
    odd["stream"] = json!("true");
    let response = post(&s.envoy, "/v1/chat/completions", &[], &odd);
    assert_eq!(response.status, 400, "{}", response.text());
    assert_eq!(
        response.json()["error"]["message"],
        "'stream' must be a boolean"
    );
    // An answer that is JSON but not a Messages response (a backend speaking another API) is
    // passed on as it came, not turned into an empty chat answer.
    let other = r#"{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"REAL ANSWER"}}]}"#;
    let encoded = http::mock_raw_body(other);
    let response = post(
        &s.envoy,
        "/v1/chat/completions",
        &[
            ("x-mock-raw-body", &encoded),
            ("x-mock-content-type", "application/json"),
        ],
        &chat_body("claude-sonnet-4-5"),
    );
    assert_eq!(response.status, 200);
    assert_eq!(response.text(), other);
}

#[test]
fn models_are_listed_by_the_gateway_in_either_shape() {
    let s = start();
    let response = http::request("GET", &s.envoy.url("/v1/models"), &[], b"");
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        response.json(),
        json!({ "object": "list", "data": [
            { "id": "fast", "object": "model", "created": 0, "owned_by": "openai" } ] })
    );
    // One model by name: a listed one, one a route's pattern takes (`claude-*`), and one no
    // route takes — here (a default backend) the default backend answers for it.
    let one = |path: &str| http::request("GET", &s.envoy.url(path), &[], b"");
    let response = one("/v1/models/fast");
    assert_eq!(
        (response.status, response.json()),
        (
            200,
            json!({ "id": "fast", "object": "model", "created": 0, "owned_by": "openai" })
        )
    );
    let response = one("/v1/models/claude-haiku-4-5?x=1");
    assert_eq!(
        (response.status, response.json()),
        (
            200,
            json!({ "id": "claude-haiku-4-5", "object": "model", "created": 0, "owned_by": "claude" })
        )
    );
    // HEAD: the same status and type, no body, nothing upstream.
    let head = http::request("HEAD", &s.envoy.url("/v1/models"), &[], b"");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-type"), Some("application/json"));
    assert!(head.body.is_empty());
    let head = http::request("HEAD", &s.envoy.url("/v1/models/fast"), &[], b"");
    assert_eq!((head.status, head.body.len()), (200, 0));
    assert!(s.claude.requests().is_empty() && s.openai.requests().is_empty());
    let response = one("/v1/models/llama-3");
    assert_eq!(s.openai.requests().len(), 1, "{}", response.text());
    assert_eq!(s.openai.requests()[0].path, "/v1/models/llama-3");
    let config = json!({ "default": {
        "aliases": { "fast": "gpt-4o-mini", "smart": "claude-sonnet-4-5" },
        "backends": { "claude": { "schema": "anthropic" }, "openai": {} },
        "routes": [
            { "models": ["claude-sonnet-4-5", "claude-*"], "targets": [{ "backend": "claude" }] },
            { "models": ["gpt-*"], "targets": [{ "backend": "openai", "model": "gpt-4o-2024-08-06" }] }
        ],
        "defaultBackend": "openai",
        "listModels": true
    }});
    let s = start_with(config, Vec::new());
    let response = http::request(
        "GET",
        &s.envoy.url("/v1/models"),
        &[("anthropic-version", "2023-06-01")],
        b"",
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let model = |id: &str| json!({ "type": "model", "id": id, "display_name": id, "created_at": "1970-01-01T00:00:00Z" });
    assert_eq!(
        response.json(),
        json!({ "data": [model("claude-sonnet-4-5"), model("fast"), model("gpt-4o-2024-08-06"), model("smart")],
                "has_more": false, "first_id": "claude-sonnet-4-5", "last_id": "smart" })
    );
    // Anthropic's paging, as its SDKs walk it: limit, then after_id = the last page's last_id.
    let anthropic_get = |path: &str| {
        http::request(
            "GET",
            &s.envoy.url(path),
            &[("anthropic-version", "2023-06-01")],
            b"",
        )
    };
    let first = anthropic_get("/v1/models?limit=3");
    assert_eq!(
        first.json(),
        json!({ "data": [model("claude-sonnet-4-5"), model("fast"), model("gpt-4o-2024-08-06")],
                "has_more": true, "first_id": "claude-sonnet-4-5", "last_id": "gpt-4o-2024-08-06" })
    );
    let next = anthropic_get("/v1/models?limit=3&after_id=gpt-4o-2024-08-06");
    assert_eq!(
        next.json(),
        json!({ "data": [model("smart")], "has_more": false, "first_id": "smart", "last_id": "smart" })
    );
    let bad = anthropic_get("/v1/models?limit=0");
    assert_eq!(bad.status, 400, "{}", bad.text());
    assert_eq!(bad.json()["type"], "error");
    assert_eq!(bad.json()["error"]["type"], "invalid_request_error");
    assert!(
        s.claude.requests().is_empty() && s.openai.requests().is_empty(),
        "nothing went upstream"
    );
}

#[test]
fn pii_restore_and_token_usage_work_across_schemas() {
    let pii = pii_mask_filter(
        &json!({ "default": { "detectors": { "email": { "action": "placeholder" } }, "response": { "restore": true } } }),
        &[],
    );
    let meter = meter_filter(
        &json!({ "default": { "metrics": { "modelLabels": ["claude-sonnet-4-5", "gpt-4o-mini"] } } }),
    );
    let s = start_with(config(), vec![pii, meter]);
    let email = "jane.doe@example.com";
    let user = format!("Mail {email}");
    let wait = Duration::from_secs(10);

    // OpenAI client, Anthropic backend, whole answer then stream.
    let (mut input, mut output) = (0, 0);
    for stream in [false, true] {
        let mut body = json!({ "model": "claude-sonnet-4-5", "messages": [{ "role": "user", "content": user }] });
        if stream {
            body["stream"] = json!(true);
            body["stream_options"] = json!({ "include_usage": true });
        }
        let response = post(&s.envoy, "/v1/chat/completions", &[], &body);
        assert_eq!(response.status, 200, "{}", response.text());
        let sent = s.claude.requests().pop().unwrap().json();
        let sent_text = sent["messages"][0]["content"].as_str().unwrap().to_string();
        assert!(
            !sent_text.contains(email) && sent_text.starts_with("Mail <EMAIL_"),
            "{sent_text}"
        );
        let usage = if stream {
            data(&response)
                .iter()
                .rev()
                .find_map(|c| c.get("usage").cloned())
                .unwrap()
        } else {
            response.json()["usage"].clone()
        };
        input += usage["prompt_tokens"].as_u64().unwrap();
        output += usage["completion_tokens"].as_u64().unwrap();
        let text = if stream {
            data(&response)
                .iter()
                .filter_map(|c| {
                    c.pointer("/choices/0/delta/content")
                        .and_then(Value::as_str)
                })
                .collect::<String>()
        } else {
            response.json()["choices"][0]["message"]["content"]
                .as_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(
            text,
            format!("Mock answer to: {user}"),
            "restored for the client"
        );
    }
    // token-meter counted exactly the usage the (translated) answers reported to the client.
    let labels = "route.backend_claude.model.claude-sonnet-4-5.backend.claude";
    assert!(input > 0 && output > 0);
    assert_eq!(
        s.envoy.wait_for_stat(
            &format!("wasmcustom.token_meter.input_tokens.{labels}"),
            input,
            wait
        ),
        input
    );
    assert_eq!(
        s.envoy.wait_for_stat(
            &format!("wasmcustom.token_meter.output_tokens.{labels}"),
            output,
            wait
        ),
        output
    );

    // Anthropic client, OpenAI backend.
    let body = json!({ "model": "fast", "max_tokens": 50, "messages": [{ "role": "user", "content": user }] });
    let response = post(
        &s.envoy,
        "/v1/messages",
        &[("anthropic-version", "2023-06-01")],
        &body,
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let sent = s.openai.requests().pop().unwrap().json();
    assert!(sent["messages"][0]["content"]
        .as_str()
        .unwrap()
        .starts_with("Mail <EMAIL_"));
    assert_eq!(
        response.json()["content"][0]["text"],
        format!("Mock answer to: {user}")
    );
    let usage = response.json()["usage"].clone();
    let labels = "route.backend_openai.model.gpt-4o-mini.backend.openai";
    assert_eq!(
        s.envoy.wait_for_stat(
            &format!("wasmcustom.token_meter.input_tokens.{labels}"),
            1,
            wait
        ),
        usage["input_tokens"].as_u64().unwrap()
    );
    assert_eq!(
        s.envoy.wait_for_stat(
            &format!("wasmcustom.token_meter.output_tokens.{labels}"),
            1,
            wait
        ),
        usage["output_tokens"].as_u64().unwrap()
    );
}

#[test]
fn a_chat_request_joined_into_a_completion_gets_a_chat_answer() {
    let upstream = mock("completions");
    // chatAnswer is the default.
    let config = json!({ "default": { "transforms": [
        { "op": "join", "path": "$.messages", "template": "{{capitalize role}}: {{content}}", "to": "$.prompt", "removeSource": true }
    ] } });
    let envoy = Envoy::start(
        &prompt_transform::bootstrap(&config, upstream.addr()),
        EnvoyOptions::default(),
    );
    let chat = json!({ "model": "gpt-3.5-turbo-instruct", "messages": [{ "role": "user", "content": "Hi" }] });
    let response = post(&envoy, "/v1/chat/completions", &[], &chat);
    assert_eq!(response.status, 200, "{}", response.text());
    let received = upstream.requests().pop().unwrap();
    assert_eq!(received.path, "/v1/completions");
    assert_eq!(
        received.json(),
        json!({ "model": "gpt-3.5-turbo-instruct", "prompt": "User: Hi" })
    );
    let answer = response.json();
    assert_eq!(answer["object"], "chat.completion");
    // The mock's completion answer: "Mock completion for: <prompt>".
    assert_eq!(
        answer["choices"][0]["message"],
        json!({ "role": "assistant", "content": "Mock completion for: User: Hi" })
    );
    assert_eq!(answer["choices"][0]["finish_reason"], "stop");

    let mut streamed = chat.clone();
    streamed["stream"] = json!(true);
    streamed["stream_options"] = json!({ "include_usage": true });
    let response = post(
        &envoy,
        "/v1/chat/completions",
        &[("x-mock-chunk-chars", "3")],
        &streamed,
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let events = data(&response);
    assert_eq!(events.last(), Some(&json!("[DONE]")));
    let chunks: Vec<&Value> = events.iter().filter(|e| e.is_object()).collect();
    assert!(
        chunks
            .iter()
            .all(|c| c["object"] == "chat.completion.chunk"),
        "{chunks:?}"
    );
    assert_eq!(chunks[0]["choices"][0]["delta"]["role"], "assistant");
    let text: String = chunks
        .iter()
        .filter_map(|c| {
            c.pointer("/choices/0/delta/content")
                .and_then(Value::as_str)
        })
        .collect();
    assert_eq!(text, "Mock completion for: User: Hi");
    assert!(
        chunks.last().unwrap()["usage"]["total_tokens"]
            .as_u64()
            .unwrap()
            > 0
    );
}

#[test]
fn azure_and_openai_compatible_backends_get_their_paths_and_keys() {
    let (azure, gemini) = (mock("azure"), mock("gemini"));
    let config = json!({ "default": {
        "backends": {
            "azure": { "schema": "azure-openai", "azure": { "deployment": "gpt4o-prod", "apiVersion": "2024-10-21" },
                       "auth": { "secretEnv": "E2E_AZURE_KEY", "header": "api-key" }, "stripClientAuth": true },
            "gemini": { "pathPrefix": "/v1beta/openai", "auth": { "secretEnv": "E2E_GEMINI_KEY" }, "stripClientAuth": true }
        },
        "routes": [{ "models": ["gemini-*"], "targets": [{ "backend": "gemini" }] }],
        "defaultBackend": "azure"
    }});
    let mut gateway = RouterGateway::new(
        config,
        vec![
            BackendCluster::new("azure", azure.addr()),
            BackendCluster::new("gemini", gemini.addr()),
        ],
    );
    gateway.env_keys = vec!["E2E_AZURE_KEY".into(), "E2E_GEMINI_KEY".into()];
    let options = EnvoyOptions {
        env: vec![
            ("E2E_AZURE_KEY".into(), "az-key".into()),
            ("E2E_GEMINI_KEY".into(), "gm-key".into()),
        ],
        ..EnvoyOptions::default()
    };
    let envoy = Envoy::start(&gateway.bootstrap(), options);

    let response = post(
        &envoy,
        "/v1/chat/completions",
        &[("authorization", "Bearer client")],
        &chat_body("gpt-4o"),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let got = azure.requests().pop().unwrap();
    assert_eq!(
        got.path,
        "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21"
    );
    assert_eq!(got.header("api-key"), Some("az-key"));
    assert_eq!(got.header("authorization"), None);
    assert_eq!(got.json(), chat_body("gpt-4o"));

    // An Anthropic client on the Azure backend: translated, then Azure's path.
    let body = json!({ "model": "gpt-4o", "max_tokens": 9, "messages": [{ "role": "user", "content": "Say hello" }] });
    let response = post(
        &envoy,
        "/v1/messages",
        &[("anthropic-version", "2023-06-01")],
        &body,
    );
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        response.json()["content"],
        json!([{ "type": "text", "text": ANSWER }])
    );
    let got = azure.requests().pop().unwrap();
    assert_eq!(
        got.path,
        "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21"
    );
    assert_eq!(
        got.json(),
        json!({ "model": "gpt-4o", "max_tokens": 9, "messages": [{ "role": "user", "content": "Say hello" }] })
    );

    let response = post(
        &envoy,
        "/v1/chat/completions",
        &[],
        &chat_body("gemini-2.0-flash"),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let got = gemini.requests().pop().unwrap();
    assert_eq!(got.path, "/v1beta/openai/chat/completions");
    assert_eq!(got.header("authorization"), Some("Bearer gm-key"));
}

//! Sending requests through a gateway and the assertions every hostile case ends with: the
//! error shape, what the mock received, and that every worker still serves normal requests
//! with no wasm failure.

use std::time::Duration;

use llm_integration::http::raw;
use llm_integration::http::HttpResponse;
use serde_json::{json, Value};

use super::gateway::{is_vm_failure_stat, Gateway, BACKUP_KEY, PRIMARY_KEY, VMS_CREATED};

pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Sends one request with raw header bytes. Adds a fresh `x-client-id` when the gateway meters
/// (unless given) and `content-type: application/json` for a body (unless given).
pub fn send(
    g: &Gateway,
    method: &str,
    path: &str,
    headers: &[(&str, &[u8])],
    body: &[u8],
) -> HttpResponse {
    let client = g.client_id();
    let mut all: Vec<(&str, &[u8])> = headers.to_vec();
    let has = |n: &str| headers.iter().any(|(h, _)| h.eq_ignore_ascii_case(n));
    if g.kind.has_meter() && !has("x-client-id") {
        all.push(("x-client-id", client.as_bytes()));
    }
    if !body.is_empty() && !has("content-type") {
        all.push(("content-type", b"application/json"));
    }
    raw::request_with_raw_headers(method, &g.url(path), &all, body, TIMEOUT)
        .unwrap_or_else(|e| panic!("{:?}: {method} {path}: transport error {e}", g.kind))
}

/// Like [`send`] with the framing chosen by the caller: `content_length: None` sends no length
/// (use with `transfer-encoding: chunked` and an already chunk-encoded `wire_body`).
pub fn send_framed(
    g: &Gateway,
    method: &str,
    path: &str,
    headers: &[(&str, &[u8])],
    content_length: Option<usize>,
    wire_body: &[u8],
) -> HttpResponse {
    let client = g.client_id();
    let mut all: Vec<(&str, &[u8])> = headers.to_vec();
    if g.kind.has_meter() {
        all.push(("x-client-id", client.as_bytes()));
    }
    let authority = format!("127.0.0.1:{}", g.envoy.listener_port());
    let mut bytes = raw::request_head_bytes(method, &authority, path, &all, content_length);
    bytes.extend_from_slice(wire_body);
    raw::exchange(&g.url(path), bytes, TIMEOUT)
        .unwrap_or_else(|e| panic!("{:?}: {method} {path}: transport error {e}", g.kind))
}

/// POSTs a JSON value with text headers.
pub fn post(g: &Gateway, path: &str, headers: &[(&str, &str)], body: &Value) -> HttpResponse {
    let bytes: Vec<(&str, &[u8])> = headers.iter().map(|(n, v)| (*n, v.as_bytes())).collect();
    send(
        g,
        "POST",
        path,
        &bytes,
        &serde_json::to_vec(body).expect("JSON"),
    )
}

pub fn chat(model: &str, content: &str) -> Value {
    json!({ "model": model, "messages": [{ "role": "user", "content": content }] })
}

pub fn streamed(model: &str, content: &str) -> Value {
    let mut body = chat(model, content);
    body["stream"] = json!(true);
    body
}

/// `{"error":{"message","type","param","code"}}` with one of `statuses`.
/// An error in the shape of the client's API: Anthropic's for `/v1/messages`
/// (`{"type":"error","error":{"type","message"}}`), OpenAI's for every other path.
pub fn assert_client_error(path: &str, resp: &HttpResponse, statuses: &[u16], ctx: &str) {
    if !path.starts_with("/v1/messages") {
        return assert_openai_error(resp, statuses, ctx);
    }
    assert!(
        statuses.contains(&resp.status),
        "{ctx}: status {} (want one of {statuses:?}), body {:?}",
        resp.status,
        short(&resp.text())
    );
    let body: Value = serde_json::from_slice(&resp.body).unwrap_or_else(|e| {
        panic!(
            "{ctx}: error body is not JSON ({e}): {:?}",
            short(&resp.text())
        )
    });
    assert_eq!(body["type"], "error", "{ctx}: {body}");
    for field in ["type", "message"] {
        assert!(
            body["error"][field].as_str().is_some_and(|v| !v.is_empty()),
            "{ctx}: error.{field} must be a non-empty string: {body}"
        );
    }
}

pub fn assert_openai_error(resp: &HttpResponse, statuses: &[u16], ctx: &str) {
    assert!(
        statuses.contains(&resp.status),
        "{ctx}: status {} (want one of {statuses:?}), body {:?}",
        resp.status,
        short(&resp.text())
    );
    let body: Value = serde_json::from_slice(&resp.body).unwrap_or_else(|e| {
        panic!(
            "{ctx}: error body is not JSON ({e}): status {} {:?}",
            resp.status,
            short(&resp.text())
        )
    });
    let error = body
        .get("error")
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("{ctx}: no `error` object: {body}"));
    let message = error.get("message").and_then(Value::as_str);
    assert!(
        message.is_some_and(|m| !m.is_empty()),
        "{ctx}: error.message must be a non-empty string: {body}"
    );
    assert!(
        error.get("type").and_then(Value::as_str).is_some(),
        "{ctx}: error.type must be a string: {body}"
    );
    for field in ["param", "code"] {
        let v = error
            .get(field)
            .unwrap_or_else(|| panic!("{ctx}: error.{field} missing: {body}"));
        assert!(
            v.is_null() || v.is_string(),
            "{ctx}: error.{field} must be null or a string: {body}"
        );
    }
    let ct = resp.header("content-type").unwrap_or("");
    assert!(
        ct.starts_with("application/json"),
        "{ctx}: error content-type {ct:?}"
    );
}

/// Every string in a JSON value (keys too), and recursively the strings of any string that is
/// itself JSON (tool-call `arguments`): the text a provider or tool ends up reading.
pub fn deep_text(v: &Value) -> String {
    fn walk(v: &Value, out: &mut String) {
        match v {
            Value::String(s) => {
                out.push_str(s);
                out.push('\n');
                if let Ok(inner) = serde_json::from_str::<Value>(s) {
                    if inner.is_object() || inner.is_array() {
                        walk(&inner, out);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(map) => map.iter().for_each(|(k, v)| {
                out.push_str(k);
                out.push('\n');
                walk(v, out);
            }),
            _ => {}
        }
    }
    let mut out = String::new();
    walk(v, &mut out);
    out
}

/// Raw bytes (lossy) plus, when they are JSON, their decoded strings: a secret hidden behind
/// escapes shows up in the second part.
pub fn readable(bytes: &[u8]) -> String {
    let mut text = String::from_utf8_lossy(bytes).into_owned();
    if let Ok(v) = serde_json::from_slice::<Value>(bytes) {
        text.push('\n');
        text.push_str(&deep_text(&v));
    }
    text
}

/// What reached the provider: no internal `x-llm-*` header, no client id where token-meter
/// consumes it, none of `secrets` in any header or (decoded) body, and (for a strict router)
/// only an allowed model, with the key of the backend that serves it.
pub fn assert_mock_clean(g: &Gateway, secrets: &[&str], ctx: &str) {
    for (i, req) in g.mock.requests().iter().enumerate() {
        let at = format!(
            "{ctx}: {:?} mock request #{i} ({} {})",
            g.kind, req.method, req.path
        );
        for (name, value) in &req.headers {
            assert!(
                !name.starts_with("x-llm-"),
                "{at}: internal header reached the provider: {name}: {value:?}"
            );
            for secret in secrets {
                assert!(
                    !value.contains(secret),
                    "{at}: secret in header {name}: {value:?}"
                );
            }
        }
        if g.kind.has_meter() {
            assert!(
                req.header("x-client-id").is_none(),
                "{at}: the client id header reached the provider"
            );
        }
        let text = readable(&req.body);
        for secret in secrets {
            assert!(
                !text.contains(secret),
                "{at}: secret {secret:?} reached the provider: {:?}",
                short(&req.body_str())
            );
        }
        let model = serde_json::from_slice::<Value>(&req.body)
            .ok()
            .and_then(|v| v.get("model").and_then(Value::as_str).map(str::to_string));
        if let (Some(allowed), Some(model)) = (g.kind.allowed_models(), &model) {
            assert!(
                allowed.contains(&model.as_str()),
                "{at}: model {model:?} is not one the config allows ({allowed:?})"
            );
            // The gateway's key goes with the backend that owns the model, nothing else.
            let key = if model == "backup-model" {
                BACKUP_KEY
            } else {
                PRIMARY_KEY
            };
            assert_eq!(
                req.header("authorization"),
                Some(format!("Bearer {key}").as_str()),
                "{at}: credentials for model {model:?}"
            );
        }
        let parsed = serde_json::from_slice::<Value>(&req.body).ok();
        let is_object = parsed.as_ref().is_some_and(Value::is_object);
        if g.kind.allowed_models().is_some() && model.is_none() && is_object {
            // A JSON object the router forwarded must have a model it chose.
            panic!(
                "{at}: body without a model reached the provider: {:?}",
                short(&req.body_str())
            );
        }
    }
}

/// At most 400 characters of a body, for failure messages.
fn short(text: &str) -> String {
    match text.char_indices().nth(400) {
        Some((i, _)) => format!("{}... ({} bytes)", &text[..i], text.len()),
        None => text.to_string(),
    }
}

/// A normal chat request succeeds and its answer is the mock's, with the routed model.
pub fn assert_normal(g: &Gateway, resp: &HttpResponse, ctx: &str) {
    assert_eq!(
        resp.status,
        200,
        "{ctx}: {:?} normal request: {:?}",
        g.kind,
        short(&resp.text())
    );
    let v: Value = serde_json::from_slice(&resp.body)
        .unwrap_or_else(|e| panic!("{ctx}: normal answer not JSON ({e}): {:?}", resp.text()));
    assert_eq!(
        v.pointer("/choices/0/message/content")
            .and_then(Value::as_str),
        Some("Mock answer to: Hello!"),
        "{ctx}: {v}"
    );
    assert_eq!(v["model"], g.kind.routed_model(), "{ctx}: {v}");
}

fn normal_request(g: &Gateway) -> HttpResponse {
    post(
        g,
        "/v1/chat/completions",
        &[],
        &chat(g.kind.client_model(), "Hello!"),
    )
}

/// After a hostile case: 8 sequential and 8 concurrent normal requests all succeed, every
/// worker served some of them, and no wasm VM failed.
pub fn assert_healthy(g: &Gateway, ctx: &str) {
    let before = g.worker_connections();
    for i in 0..8 {
        assert_normal(g, &normal_request(g), &format!("{ctx}: health #{i}"));
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..8).map(|_| s.spawn(|| normal_request(g))).collect();
        for (i, h) in handles.into_iter().enumerate() {
            let resp = h.join().expect("health request thread");
            assert_normal(g, &resp, &format!("{ctx}: concurrent health #{i}"));
        }
    });
    // Each worker has its own VM; make sure both were exercised (bounded extra requests).
    let mut extra = 0;
    loop {
        let after = g.worker_connections();
        let idle: Vec<&String> = after
            .iter()
            .filter(|(k, v)| before.get(*k).copied().unwrap_or(0) >= **v)
            .map(|(k, _)| k)
            .collect();
        assert!(
            after.len() >= 2,
            "{ctx}: per-worker stats missing: {after:?}"
        );
        if idle.is_empty() {
            break;
        }
        assert!(extra < 32, "{ctx}: workers {idle:?} got no health request");
        assert_normal(
            g,
            &normal_request(g),
            &format!("{ctx}: extra health #{extra}"),
        );
        extra += 1;
    }
    assert_no_wasm_failure(g, ctx);
}

/// No VM reloaded or failed since the lease began (`wasm.<plugin>.vm_reload*`, VMs created)
/// and no panic or wasm trap in Envoy's log since then.
pub fn assert_no_wasm_failure(g: &Gateway, ctx: &str) {
    let stats = g.envoy.stats();
    let moved: Vec<(&String, u64)> = stats
        .iter()
        .filter(|(k, _)| is_vm_failure_stat(k))
        .filter_map(|(k, v)| {
            let before = g.baseline.vm_failures.get(k).copied().unwrap_or(0);
            (*v > before).then_some((k, *v - before))
        })
        .collect();
    assert!(
        moved.is_empty(),
        "{ctx}: {:?} wasm VM failures: {moved:?}",
        g.kind
    );
    let created = stats.get(VMS_CREATED).copied().unwrap_or(0);
    assert_eq!(
        created, g.baseline.vms_created,
        "{ctx}: {:?} wasm VMs were re-created (a VM failed)",
        g.kind
    );
    let logs = g.envoy.logs();
    let traps: Vec<&str> = logs
        .lines()
        .skip(g.baseline.log_lines)
        .filter(|l| l.contains("panicked at") || l.contains("RuntimeError"))
        .take(4)
        .collect();
    assert!(
        traps.is_empty(),
        "{ctx}: {:?} wasm panics: {traps:#?}",
        g.kind
    );
}

/// The text a client assembles from an OpenAI chat stream (content and tool-call arguments).
pub fn stream_text(resp: &HttpResponse) -> String {
    let mut text = String::new();
    for event in resp.sse_events() {
        if let Ok(v) = serde_json::from_str::<Value>(&event.data) {
            if let Some(piece) = v
                .pointer("/choices/0/delta/content")
                .and_then(Value::as_str)
            {
                text.push_str(piece);
            }
            let calls = v
                .pointer("/choices/0/delta/tool_calls")
                .and_then(Value::as_array);
            for call in calls.into_iter().flatten() {
                let args = call.pointer("/function/arguments").and_then(Value::as_str);
                text.push_str(args.unwrap_or(""));
            }
        }
    }
    text
}

/// The answer text of a non-streamed chat completion.
pub fn answer_text(resp: &HttpResponse) -> String {
    let v: Value = serde_json::from_slice(&resp.body)
        .unwrap_or_else(|e| panic!("answer not JSON ({e}): {:?}", resp.text()));
    v.pointer("/choices/0/message/content")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

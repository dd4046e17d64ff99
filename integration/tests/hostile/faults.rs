//! Faults (issue 8 items 13 and 14): a 50 MB upload, clients that hang up mid-request or
//! mid-answer, providers that cut their answer, and many concurrent requests whose primary
//! fails (the chain variant; the filter-alone variant is in tests/faults.rs).

use std::time::Duration;

use llm_integration::http::raw;
use serde_json::Value;

use super::check::{
    assert_healthy, assert_mock_clean, assert_openai_error, chat, send, stream_text, streamed,
    TIMEOUT,
};
use super::gateway::{lease, Kind};
use super::prompts::EMAIL;

const FIFTY_MB: usize = 50 * 1024 * 1024;

/// A valid chat body of exactly `len` bytes: one user message of `a`s, generated in pieces.
fn big_body_piece(model: &'static str, len: usize) -> impl Fn(usize) -> Vec<u8> + Send + 'static {
    let prefix =
        format!(r#"{{"model":"{model}","messages":[{{"role":"user","content":""#).into_bytes();
    let suffix = br#""}]}"#.to_vec();
    move |offset| {
        let end = (offset + 64 * 1024).min(len);
        (offset..end)
            .map(|i| {
                if i < prefix.len() {
                    prefix[i]
                } else if i >= len - suffix.len() {
                    suffix[i - (len - suffix.len())]
                } else {
                    b'a'
                }
            })
            .collect()
    }
}

/// Item 14: a 50 MB upload gets a 413 in the OpenAI shape, not a reset. A filter that passes
/// bodies through unbuffered may instead deliver it whole.
fn upload_50mb(kind: Kind) {
    let g = lease(kind);
    let client = g.client_id();
    let mut headers: Vec<(&str, &[u8])> = vec![("content-type", b"application/json")];
    if kind.has_meter() {
        headers.push(("x-client-id", client.as_bytes()));
    }
    let before = g.mock.requests().len();
    let upload = raw::upload(
        &g.url("/v1/chat/completions"),
        &headers,
        FIFTY_MB,
        big_body_piece(kind.client_model(), FIFTY_MB),
        Duration::from_secs(60),
    )
    .expect("connect");
    let resp = upload.response.unwrap_or_else(|e| {
        panic!(
            "{kind:?}: 50 MB upload: no response but {e} after {} bytes",
            upload.body_bytes_written
        )
    });
    let whole_forwarded = g.mock.requests()[before..]
        .iter()
        .any(|r| r.body.len() == FIFTY_MB);
    if kind.has_pii_mask() || kind.has_prompt_transform() || resp.status != 200 || !whole_forwarded
    {
        // Filters that must read the body refuse it; so does anyone who did not forward it.
        assert_openai_error(&resp, &[413], &format!("{kind:?} 50 MB upload"));
    }
    assert_healthy(&g, "after a 50 MB upload");
    assert_mock_clean(&g, &[], "50 MB upload");
}

/// A client that announces a body and hangs up halfway (length-framed and chunked), or right
/// after the headers.
fn client_cuts_mid_body(kind: Kind) {
    let g = lease(kind);
    let url = g.url("/v1/chat/completions");
    let authority = format!("127.0.0.1:{}", g.envoy.listener_port());
    let body = serde_json::to_vec(&chat(
        kind.client_model(),
        &format!("Hello {EMAIL}, {}", "x".repeat(4000)),
    ))
    .unwrap();
    let client = g.client_id();
    let mut headers: Vec<(&str, &[u8])> = vec![("content-type", b"application/json")];
    if kind.has_meter() {
        headers.push(("x-client-id", client.as_bytes()));
    }
    for cut_at in [0, 1, body.len() / 2, body.len() - 1] {
        let head = raw::request_head_bytes(
            "POST",
            &authority,
            "/v1/chat/completions",
            &headers,
            Some(body.len()),
        );
        raw::cut_request(&url, &head, &body[..cut_at]).expect("send the partial request");
    }
    let mut chunked = headers.clone();
    chunked.push(("transfer-encoding", b"chunked"));
    let head = raw::request_head_bytes("POST", &authority, "/v1/chat/completions", &chunked, None);
    let half = &body[..body.len() / 2];
    let mut partial = format!("{:x}\r\n", half.len()).into_bytes();
    partial.extend_from_slice(half);
    partial.extend_from_slice(b"\r\n");
    raw::cut_request(&url, &head, &partial).expect("send the partial chunked request");
    assert_healthy(&g, "after clients cut mid-body");
    // Nothing half-read is sent on as a whole request.
    for r in g.mock.requests() {
        assert!(
            r.body.is_empty() || r.body.len() != body.len() / 2,
            "{kind:?}: a half body was forwarded"
        );
    }
    let secrets: &[&str] = if kind.has_pii_mask() { &[EMAIL] } else { &[] };
    assert_mock_clean(&g, secrets, "clients cut mid-body");
}

/// A client that hangs up while the answer streams (and one that hangs up before any of it).
fn client_cuts_mid_stream(kind: Kind) {
    let g = lease(kind);
    let url = g.url("/v1/chat/completions");
    let authority = format!("127.0.0.1:{}", g.envoy.listener_port());
    let body = serde_json::to_vec(&streamed(
        kind.client_model(),
        &format!("Write to {EMAIL} {}", "word ".repeat(60)),
    ))
    .unwrap();
    let client = g.client_id();
    let mut headers: Vec<(&str, &[u8])> = vec![
        ("content-type", b"application/json"),
        ("x-mock-chunk-chars", b"2"),
        ("x-mock-event-delay-ms", b"5"),
    ];
    if kind.has_meter() {
        headers.push(("x-client-id", client.as_bytes()));
    }
    for after in [1, 300, 1200] {
        let mut request = raw::request_head_bytes(
            "POST",
            &authority,
            "/v1/chat/completions",
            &headers,
            Some(body.len()),
        );
        request.extend_from_slice(&body);
        let got = raw::cut_response(&url, &request, after, TIMEOUT).expect("stream starts");
        assert!(
            !got.is_empty(),
            "{kind:?}: nothing came back before the cut at {after}"
        );
    }
    assert_healthy(&g, "after clients cut mid-stream");
    let secrets: &[&str] = if kind.has_pii_mask() { &[EMAIL] } else { &[] };
    assert_mock_clean(&g, secrets, "clients cut mid-stream");
}

/// A provider that cuts its answer: mid-stream, and a length-framed body half sent.
fn provider_cuts_answer(kind: Kind) {
    let g = lease(kind);
    let m = kind.client_model();
    // Only the routed model fails, so a router's fallback (a retry) does not hide the cut.
    let only = kind.routed_model();
    let client = g.client_id();
    let stream_cut = raw::request_with_raw_headers(
        "POST",
        &g.url("/v1/chat/completions"),
        &[
            ("content-type", b"application/json"),
            ("x-mock-cut-after", b"3"),
            ("x-mock-fault-model", only.as_bytes()),
            ("x-mock-chunk-chars", b"3"),
            ("x-client-id", client.as_bytes()),
        ],
        &serde_json::to_vec(&streamed(m, &format!("I am {EMAIL}"))).unwrap(),
        TIMEOUT,
    );
    match stream_cut {
        // Whole (a router's fallback may retry the reset): never an unrestored placeholder.
        Ok(resp) if resp.status == 200 => {
            assert!(
                !stream_text(&resp).contains("<EMAIL_"),
                "{kind:?}: {:?}",
                resp.text()
            );
        }
        Ok(resp) => assert_openai_error(&resp, &[502, 503], &format!("{kind:?} stream cut")),
        Err(_) => {} // the stream had started: the client sees the cut, as from the provider
    }
    let cut = raw::request_with_raw_headers(
        "POST",
        &g.url("/v1/chat/completions"),
        &[
            ("content-type", b"application/json"),
            ("x-mock-cut-after", b"1"),
            ("x-mock-fault-model", only.as_bytes()),
            ("x-client-id", g.client_id().as_bytes()),
        ],
        &serde_json::to_vec(&chat(m, "Hello!")).unwrap(),
        TIMEOUT,
    );
    match cut {
        Ok(resp) if resp.status >= 500 => {
            assert_openai_error(&resp, &[502, 503], &format!("{kind:?} body cut"))
        }
        // A router may retry the reset on its fallback, which then answers whole.
        Ok(resp)
            if kind
                .backup_model()
                .is_some_and(|b| resp.json()["model"] == b) => {}
        Ok(resp) => panic!(
            "{kind:?}: a half body answered as {}: {:?}",
            resp.status,
            resp.text()
        ),
        Err(_) => {} // headers were already sent: the client sees the cut, as from the provider
    }
    assert_healthy(&g, "after the provider cut its answer");
    assert_mock_clean(
        &g,
        if kind.has_pii_mask() { &[EMAIL] } else { &[] },
        "provider cuts",
    );
}

/// Item 13 through the full chain: 60 concurrent requests whose primary fails are all served
/// by the backup with the backup's model.
fn concurrent_fallback(kind: Kind) {
    let g = lease(kind);
    let backup = kind.backup_model().expect("router kinds have a backup");
    let body = serde_json::to_vec(&chat(kind.client_model(), "Hello!")).unwrap();
    let only = kind.routed_model().as_bytes();
    let results: Vec<(u16, Value)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..60)
            .map(|_| {
                s.spawn(|| {
                    let resp = send(
                        &g,
                        "POST",
                        "/v1/chat/completions",
                        &[("x-mock-status", b"503"), ("x-mock-fault-model", only)],
                        &body,
                    );
                    (
                        resp.status,
                        serde_json::from_slice(&resp.body).unwrap_or(Value::Null),
                    )
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("request thread"))
            .collect()
    });
    let failed: Vec<&(u16, Value)> = results
        .iter()
        .filter(|(s, v)| *s != 200 || v["model"] != backup)
        .collect();
    assert!(
        failed.is_empty(),
        "{kind:?}: {} of 60 not served by the backup, e.g. {:?}",
        failed.len(),
        failed.first()
    );
    let overflow: u64 = g
        .envoy
        .stats()
        .iter()
        .filter(|(k, _)| k.ends_with("upstream_rq_retry_overflow"))
        .map(|(_, v)| *v)
        .sum();
    assert_eq!(
        overflow, 0,
        "{kind:?}: retries refused by the circuit breaker"
    );
    assert_healthy(&g, "after concurrent fallback");
    assert_mock_clean(&g, &[], "concurrent fallback");
}

all_kinds!(upload_50mb);
all_kinds!(client_cuts_mid_body);
all_kinds!(client_cuts_mid_stream);
all_kinds!(provider_cuts_answer);
for_kinds!(concurrent_fallback { chain => Chain });

/// Item 14: Envoy's own replies through the shipped chain (every backend down, so connect
/// failures after the fallback too) are in the OpenAI shape, and the filters survive them.
#[test]
fn envoy_local_replies_are_openai_shaped_when_all_backends_are_down() {
    let envoy = super::gateway::start_chain_without_backends();
    for (i, stream) in [false, true, false].into_iter().enumerate() {
        let mut body = chat("fast", "Hello!");
        body["stream"] = stream.into();
        let client = format!("down-{i}");
        let resp = raw::request_with_raw_headers(
            "POST",
            &envoy.url("/v1/chat/completions"),
            &[
                ("content-type", b"application/json"),
                ("x-client-id", client.as_bytes()),
            ],
            &serde_json::to_vec(&body).unwrap(),
            TIMEOUT,
        )
        .expect("a reply, not a reset");
        assert_openai_error(
            &resp,
            &[502, 503],
            &format!("all backends down, stream={stream}"),
        );
    }
    // A bodyless GET that must reach a backend (a model the config does not list goes to the
    // default backend): Envoy's reply, OpenAI-shaped.
    let one = raw::request_with_raw_headers(
        "GET",
        &envoy.url("/v1/models/no-such-model"),
        &[],
        b"",
        TIMEOUT,
    )
    .expect("a reply");
    assert_openai_error(&one, &[502, 503], "GET /v1/models/{id}, all backends down");
    // GET /v1/models is the gateway's own answer (`listModels` in controller/examples): it
    // needs no backend.
    let models = raw::request_with_raw_headers("GET", &envoy.url("/v1/models"), &[], b"", TIMEOUT)
        .expect("a reply");
    assert_eq!(models.status, 200, "GET /v1/models, all backends down");
    let list: serde_json::Value = serde_json::from_slice(&models.body).expect("JSON");
    assert_eq!(list["data"][0]["id"], "fast", "{list}");
    let failures: Vec<(String, u64)> = envoy
        .stats()
        .into_iter()
        .filter(|(k, v)| super::gateway::is_vm_failure_stat(k) && *v > 0)
        .collect();
    assert!(failures.is_empty(), "wasm VM failures: {failures:?}");
    let logs = envoy.logs();
    assert!(
        !logs.contains("panicked at"),
        "a filter panicked on a local reply"
    );
}

//! Issue 8 item 1: body-less requests (every OpenAI SDK calls `GET /v1/models`) and their
//! neighbours: other methods without a body, empty POSTs framed by length and by chunks, and
//! bodies in odd framing (1-byte chunks, trailers, `expect: 100-continue`).

use serde_json::Value;

use super::check::{
    answer_text, assert_healthy, assert_mock_clean, assert_openai_error, chat, send, send_framed,
};
use super::gateway::{lease, Kind};
use super::prompts::EMAIL;

fn bodyless_requests(kind: Kind) {
    let g = lease(kind);

    let models = send(&g, "GET", "/v1/models", &[], b"");
    assert_eq!(
        models.status,
        200,
        "{kind:?} GET /v1/models: {:?}",
        models.text()
    );
    let list: Value = serde_json::from_slice(&models.body).expect("models list is JSON");
    let ids: Vec<(&str, &str)> = list["data"]
        .as_array()
        .map(|d| {
            d.iter()
                .filter_map(|m| Some((m["id"].as_str()?, m["owned_by"].as_str()?)))
                .collect()
        })
        .unwrap_or_default();
    let got = g.mock.requests();
    let provider_listed = got
        .iter()
        .any(|r| r.method == "GET" && r.path == "/v1/models" && r.body.is_empty());
    if kind == Kind::Chain {
        // The shipped gateway (controller/examples, `listModels: true`) answers from its config:
        // the aliases fast/smart (→ mock-small/mock-large, served by `mock`), the literal rule
        // models mock-small/mock-large (`mock`) and mock-backup's modelNameOverride; not the
        // patterns mock-*, gpt-*, claude-*. Nothing reaches the provider.
        assert_eq!(list["object"], "list", "{kind:?}: {list}");
        assert_eq!(
            ids,
            [
                ("fast", "mock"),
                ("mock-backup-model", "mock-backup"),
                ("mock-large", "mock"),
                ("mock-small", "mock"),
                ("smart", "mock"),
            ],
            "{kind:?}: {list}"
        );
        assert!(
            !provider_listed,
            "{kind:?}: the provider got GET /v1/models: {got:?}"
        );
        // Anthropic's list shape for an Anthropic client.
        let anthropic = send(
            &g,
            "GET",
            "/v1/models",
            &[("anthropic-version", &b"2023-06-01"[..])],
            b"",
        );
        assert_eq!(anthropic.status, 200, "{:?}", anthropic.text());
        let page: Value = serde_json::from_slice(&anthropic.body).expect("JSON");
        assert_eq!(page["has_more"], false, "{page}");
        assert_eq!(page["first_id"], "fast", "{page}");
        assert_eq!(page["last_id"], "smart", "{page}");
        assert_eq!(page["data"][1]["type"], "model", "{page}");
        assert_eq!(page["data"][1]["id"], "mock-backup-model", "{page}");
    } else {
        // A router without `listModels` (and no router at all): the provider's own list.
        assert!(
            ids.iter().any(|(id, _)| *id == "gpt-4o-mini"),
            "{kind:?}: model list {list}"
        );
        assert!(
            provider_listed,
            "{kind:?}: the provider did not get GET /v1/models: {got:?}"
        );
    }
    assert_healthy(&g, "after GET /v1/models");

    // Any GET: the mock's 404 (OpenAI shape) passes through.
    let root = send(&g, "GET", "/", &[], b"");
    assert_openai_error(&root, &[404], &format!("{kind:?} GET /"));

    // A preflight and a GET on a POST-only API: the provider's 405.
    let options = send(&g, "OPTIONS", "/v1/chat/completions", &[], b"");
    assert_openai_error(&options, &[405], &format!("{kind:?} OPTIONS"));
    let get_chat = send(&g, "GET", "/v1/chat/completions", &[], b"");
    assert_openai_error(
        &get_chat,
        &[405],
        &format!("{kind:?} GET /v1/chat/completions"),
    );
    // HEAD and DELETE: no body either way.
    let head = send(&g, "HEAD", "/v1/models", &[], b"");
    if kind == Kind::Chain {
        // The gateway answers HEAD like GET from its config: the status and no body.
        assert_eq!(head.status, 200, "{kind:?} HEAD /v1/models (listModels)");
        assert!(head.body.is_empty(), "{kind:?} HEAD /v1/models has a body");
    } else {
        assert_eq!(
            head.status, 404,
            "{kind:?} HEAD /v1/models (the mock serves GET only)"
        );
    }
    // DELETE /v1/models/{id} deletes a fine-tuned model at OpenAI: model-router refuses it (a
    // 405 naming GET and HEAD) instead of lending its key; without it the mock's 404.
    let delete = send(&g, "DELETE", "/v1/models/gpt-4o-mini", &[], b"");
    if matches!(kind, Kind::ModelRouter | Kind::Chain) {
        assert_openai_error(&delete, &[405], &format!("{kind:?} DELETE"));
        assert_eq!(delete.header("allow"), Some("GET, HEAD"), "{kind:?} DELETE");
    } else {
        assert_openai_error(&delete, &[404], &format!("{kind:?} DELETE"));
    }
    assert_healthy(&g, "after GET /, OPTIONS, HEAD and DELETE");

    // POST with content-length: 0 (chat and embeddings): a 400, from a filter or the provider.
    for path in ["/v1/chat/completions", "/v1/embeddings"] {
        let empty = send_framed(
            &g,
            "POST",
            path,
            &[("content-type", b"application/json")],
            Some(0),
            b"",
        );
        assert_openai_error(
            &empty,
            &[400],
            &format!("{kind:?} POST {path} content-length 0"),
        );
    }
    assert_healthy(&g, "after POST content-length 0");

    // POST with an empty chunked body (the terminating chunk only).
    let chunked = send_framed(
        &g,
        "POST",
        "/v1/chat/completions",
        &[
            ("content-type", b"application/json"),
            ("transfer-encoding", b"chunked"),
        ],
        None,
        b"0\r\n\r\n",
    );
    assert_openai_error(&chunked, &[400], &format!("{kind:?} POST empty chunked"));
    assert_healthy(&g, "after POST empty chunked");

    assert_mock_clean(&g, &[], "body-less requests");
}

all_kinds!(bodyless_requests);

/// Chunked encoding of the chunked kind: a body in 1-byte chunks, a body with trailers, and
/// `expect: 100-continue`. The filters must see the whole body whatever its framing.
fn odd_framing(kind: Kind) {
    let g = lease(kind);
    let prompt = format!("Hello {EMAIL}");
    let body = serde_json::to_vec(&chat(kind.client_model(), &prompt)).unwrap();
    let want = format!("Mock answer to: {prompt}");
    let one_byte_chunks: Vec<u8> = body
        .iter()
        .flat_map(|b| {
            let mut c = b"1\r\n".to_vec();
            c.push(*b);
            c.extend_from_slice(b"\r\n");
            c
        })
        .chain(b"0\r\n\r\n".iter().copied())
        .collect();
    let mut with_trailers = format!("{:x}\r\n", body.len()).into_bytes();
    with_trailers.extend_from_slice(&body);
    with_trailers
        .extend_from_slice(b"\r\n0\r\nx-trailer: caf\xe9\r\nx-llm-backend: backup\r\n\r\n");
    let chunked: [(&str, &[u8]); 2] = [
        ("content-type", b"application/json"),
        ("transfer-encoding", b"chunked"),
    ];
    for (what, wire) in [
        ("1-byte chunks", &one_byte_chunks),
        ("trailers", &with_trailers),
    ] {
        let before = g.mock.requests().len();
        let resp = send_framed(&g, "POST", "/v1/chat/completions", &chunked, None, wire);
        assert_eq!(resp.status, 200, "{kind:?} {what}: {:?}", resp.text());
        assert_eq!(answer_text(&resp), want, "{kind:?} {what}");
        let sent = g
            .mock
            .requests()
            .get(before)
            .map(|r| r.json())
            .expect("forwarded");
        let last = sent["messages"].as_array().and_then(|m| m.last()).cloned();
        assert!(
            last.is_some_and(|m| m["role"] == "user"),
            "{kind:?} {what}: {sent}"
        );
    }
    let resp = send_framed(
        &g,
        "POST",
        "/v1/chat/completions",
        &[
            ("content-type", b"application/json"),
            ("expect", b"100-continue"),
        ],
        Some(body.len()),
        &body,
    );
    assert_eq!(
        resp.status,
        200,
        "{kind:?} expect 100-continue: {:?}",
        resp.text()
    );
    assert_eq!(answer_text(&resp), want, "{kind:?} expect 100-continue");
    assert_healthy(&g, "after odd framing");
    let secrets: &[&str] = if kind.has_pii_mask() { &[EMAIL] } else { &[] };
    assert_mock_clean(&g, secrets, "odd framing");
}

all_kinds!(odd_framing);

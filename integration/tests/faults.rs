//! Faults Envoy itself answers, through a real Envoy and the mock LLM: fallback under load (retry
//! circuit breakers), Envoy's own local replies in the OpenAI error shape (no route, every backend
//! down, upstream timeout, retry overflow, oversized uploads), and the gateway still serving
//! normal requests on every worker afterwards.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Barrier;
use std::time::Duration;

use llm_integration::bootstrap::{
    crash_filter, crash_headers, mock_cluster, Bootstrap, FailurePolicy, WasmOptions,
};
use llm_integration::envoy::{
    assert_every_worker_serves, assert_healthy_after, Envoy, EnvoyOptions,
};
use llm_integration::gateways::local::{shipped_bootstrap_path, start_shipped_gateway};
use llm_integration::gateways::model_router::{BackendCluster, RouterGateway};
use llm_integration::http::{self, HttpResponse};
use llm_integration::start_mock;
use llm_integration::{skip_on, Build};
use mock_llm::{Fault, MockConfig, MockServer};
use serde_json::{json, Value};

const CONCURRENT: usize = 50;
const ROUNDS: usize = 8;

fn mock(name: &str, fault: Option<Fault>) -> MockServer {
    start_mock(MockConfig {
        name: name.into(),
        default_fault: fault,
        ..MockConfig::default()
    })
}

fn failing(status: u16) -> Option<Fault> {
    Some(Fault {
        status: Some(status),
        ..Fault::default()
    })
}

fn router_config() -> Value {
    json!({ "default": {
        "backends": { "primary": { "fallback": ["backup"] }, "backup": { "modelNameOverride": "backup-model" } },
        "routes": [{ "models": ["gpt-*"], "targets": [{ "backend": "primary" }] }],
        "defaultBackend": "primary"
    }})
}

fn router(primary: std::net::SocketAddr, backup: std::net::SocketAddr) -> RouterGateway {
    RouterGateway::new(
        router_config(),
        vec![BackendCluster::new("primary", primary).with_fallback("backup", backup)],
    )
}

fn chat(envoy: &Envoy, headers: &[(&str, &str)]) -> HttpResponse {
    http::post_json(
        &envoy.url("/v1/chat/completions"),
        headers,
        &json!({ "model": "gpt-4o-mini", "messages": [{ "role": "user", "content": "Hello from the fault suite" }] }),
    )
}

/// What a client got: status, `x-mock-name` (which mock answered), `model` in the answer.
type Outcome = (u16, Option<String>, Option<String>);

/// `CONCURRENT` threads send `ROUNDS` requests each, every round started together; returns each
/// request's (status, x-mock-name, model in the answer).
fn failing_load(envoy: &Envoy) -> Vec<Outcome> {
    let barrier = Barrier::new(CONCURRENT);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..CONCURRENT)
            .map(|_| {
                s.spawn(|| {
                    (0..ROUNDS)
                        .map(|_| {
                            barrier.wait();
                            let resp = chat(envoy, &[]);
                            let model = serde_json::from_slice::<Value>(&resp.body)
                                .ok()
                                .and_then(|v| v["model"].as_str().map(str::to_string));
                            (
                                resp.status,
                                resp.header("x-mock-name").map(str::to_string),
                                model,
                            )
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("load thread"))
            .collect()
    })
}

/// The primary fails every request with a 500; `CONCURRENT` clients at once, `ROUNDS` times.
fn fallback_under_load() -> (MockServer, MockServer, Envoy, Vec<Outcome>) {
    let primary = mock("primary", failing(500));
    let backup = mock("backup", None);
    let envoy = Envoy::start(
        &router(primary.addr(), backup.addr()).bootstrap(),
        EnvoyOptions::workers(2),
    );
    let results = failing_load(&envoy);
    assert_eq!(results.len(), CONCURRENT * ROUNDS);
    (primary, backup, envoy, results)
}

#[test]
fn fallback_serves_every_one_of_fifty_concurrent_failing_requests() {
    let (primary, backup, envoy, results) = fallback_under_load();
    let not_from_backup: Vec<_> = results
        .iter()
        .filter(|(status, name, _)| !(*status == 200 && name.as_deref() == Some("backup")))
        .collect();
    assert!(
        not_from_backup.is_empty(),
        "{} of {} not served by the backup: {:?}",
        not_from_backup.len(),
        results.len(),
        &not_from_backup[..not_from_backup.len().min(5)]
    );
    assert_eq!(
        envoy.stat("cluster.llm_primary.upstream_rq_retry_overflow"),
        0
    );
    assert_eq!(
        primary.requests().len(),
        CONCURRENT * ROUNDS,
        "every request tried the primary first"
    );
    assert_eq!(backup.requests().len(), CONCURRENT * ROUNDS);
    assert!(backup
        .requests()
        .iter()
        .all(|r| r.json()["messages"][0]["content"] == "Hello from the fault suite"));
}

/// Under the same load, model-router's upstream stage gives every fallback attempt the backup's
/// own model (`modelNameOverride`).
#[test]
fn fallback_under_load_sends_the_backup_its_own_model() {
    let (_primary, backup, _envoy, results) = fallback_under_load();
    let sent: Vec<Value> = backup
        .requests()
        .iter()
        .map(|r| r.json()["model"].clone())
        .collect();
    assert!(
        sent.iter().all(|m| m == "backup-model"),
        "{:?}",
        &sent[..3.min(sent.len())]
    );
    assert!(results
        .iter()
        .all(|(_, _, model)| model.as_deref() == Some("backup-model")));
}

/// The control for the test above: with Envoy's default circuit breaker (3 concurrent retries)
/// the same load loses fallbacks, i.e. the sizing is what makes the difference.
#[test]
fn envoys_default_retry_limit_drops_fallback_under_load() {
    let primary = mock("primary", failing(500));
    let backup = mock("backup", None);
    let mut gateway = router(primary.addr(), backup.addr());
    gateway.max_retries = None;
    let envoy = Envoy::start(&gateway.bootstrap(), EnvoyOptions::workers(2));

    let results = failing_load(&envoy);
    let primary_errors = results
        .iter()
        .filter(|(status, name, _)| *status == 500 && name.as_deref() == Some("primary"))
        .count();
    let overflow = envoy.stat("cluster.llm_primary.upstream_rq_retry_overflow");
    eprintln!("Envoy's default retry limit: {primary_errors} of {} requests got the primary's 500, upstream_rq_retry_overflow {overflow}", results.len());
    assert!(overflow > 0, "no retry overflow with Envoy's defaults");
    assert_eq!(
        primary_errors as u64, overflow,
        "each overflowed retry hands the client the primary's 500"
    );
}

/// Status, JSON content type, the OpenAI error shape with `code`, and nothing of `forbidden`
/// (what the client sent) in the body.
fn assert_openai_error(resp: &HttpResponse, status: u16, code: &str, forbidden: &str) {
    assert_eq!(resp.status, status, "{}", resp.text());
    assert_eq!(
        resp.header("content-type"),
        Some("application/json"),
        "{}",
        resp.text()
    );
    let body = resp.json();
    let error = &body["error"];
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert!(error["type"].is_string(), "{body}");
    assert!(error.get("param").is_some_and(Value::is_null), "{body}");
    assert_eq!(error["code"], code, "{body}");
    assert_eq!(body.as_object().unwrap().len(), 1, "{body}");
    assert!(!resp.text().contains(forbidden), "{}", resp.text());
}

#[test]
fn no_route_is_a_404_in_the_openai_shape() {
    let upstream = mock("mock", None);
    let mut b = Bootstrap::new();
    b.route(
        json!({ "match": { "prefix": "/v1/" }, "route": { "cluster": "mock", "timeout": "10s" } }),
    );
    b.cluster(mock_cluster(upstream.addr()));
    let envoy = Envoy::start(&b, EnvoyOptions::workers(2));

    let marker = "sk-marker-no-route-42";
    let resp = http::request(
        "GET",
        &envoy.url(&format!("/{marker}?q={marker}")),
        &[("x-note", marker)],
        b"",
    );
    assert_openai_error(&resp, 404, "route_not_found", marker);
    let resp = http::request(
        "POST",
        &envoy.url("/elsewhere"),
        &[("content-type", "application/json")],
        marker.as_bytes(),
    );
    assert_openai_error(&resp, 404, "route_not_found", marker);
    assert!(upstream.requests().is_empty());
    assert_healthy_after(&envoy, 6);
}

#[test]
fn every_backend_down_is_a_503_in_the_openai_shape() {
    let [primary, backup] = llm_integration::free_ports::<2>();
    let addr = |port: u16| std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let envoy = Envoy::start(
        &router(addr(primary), addr(backup)).bootstrap(),
        EnvoyOptions::workers(2),
    );

    let resp = chat(&envoy, &[("x-note", "sk-marker-down")]);
    assert_openai_error(&resp, 503, "upstream_unavailable", "sk-marker-down");
    // Both backends were tried: the retry went to the fallback, and failed too.
    assert_eq!(envoy.stat("cluster.llm_primary.upstream_rq_retry"), 1);
    assert_eq!(
        envoy.stat("cluster.llm_primary.upstream_cx_connect_fail"),
        2
    );
}

#[test]
fn an_upstream_timeout_is_a_504_in_the_openai_shape_and_the_gateway_recovers() {
    let primary = mock("primary", None);
    let backup = mock("backup", None);
    let mut gateway = router(primary.addr(), backup.addr());
    gateway.per_try_timeout_ms = 300;
    let envoy = Envoy::start(&gateway.bootstrap(), EnvoyOptions::workers(2));

    let resp = chat(&envoy, &[("x-mock-delay-ms", "3000")]);
    assert_openai_error(&resp, 504, "upstream_timeout", "3000");
    assert_eq!(primary.requests().len(), 1);
    assert_eq!(
        backup.requests().len(),
        1,
        "the fallback was tried before giving up"
    );
    assert_healthy_after(&envoy, 6);
}

#[test]
fn a_refused_retry_is_counted_and_answered_in_the_openai_shape() {
    let dead = std::net::SocketAddr::from(([127, 0, 0, 1], llm_integration::free_port()));
    let backup = mock("backup", None);
    let mut gateway = router(dead, backup.addr());
    gateway.max_retries = Some(0);
    let envoy = Envoy::start(&gateway.bootstrap(), EnvoyOptions::workers(2));

    // The primary's connection failed and the retry breaker refused the fallback: Envoy flags
    // that reply as overflow (UO).
    let resp = chat(&envoy, &[]);
    assert_openai_error(&resp, 503, "gateway_overloaded", "Hello");
    assert_eq!(
        envoy.stat("cluster.llm_primary.upstream_rq_retry_overflow"),
        1
    );
    assert!(backup.requests().is_empty(), "the retry never happened");
}

/// An Envoy-generated 413 (a buffering filter's limit passed) comes in the OpenAI shape.
#[test]
fn envoys_own_413_is_in_the_openai_shape() {
    let upstream = mock("mock", None);
    let mut b = Bootstrap::new();
    b.http_filter(json!({
        "name": "envoy.filters.http.buffer",
        "typed_config": { "@type": "type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer", "max_request_bytes": 1024 }
    }));
    b.cluster(mock_cluster(upstream.addr()));
    let envoy = Envoy::start(&b, EnvoyOptions::workers(2));

    let body = format!(
        "{{\"model\":\"gpt-4o-mini\",\"input\":\"{}\"}}",
        "sk-marker ".repeat(300)
    );
    let resp = http::request(
        "POST",
        &envoy.url("/v1/embeddings"),
        &[("content-type", "application/json")],
        body.as_bytes(),
    );
    assert_openai_error(&resp, 413, "request_too_large", "sk-marker");
    assert!(upstream.requests().is_empty());
    assert_healthy_after(&envoy, 6);
}

fn shipped() -> Value {
    serde_yaml::from_str(
        &std::fs::read_to_string(shipped_bootstrap_path()).expect("read envoy/bootstrap.yaml"),
    )
    .expect("YAML")
}

/// A 50 MB upload to the shipped gateway: a clean 413 in the OpenAI shape, nothing reaches the
/// provider, and the gateway keeps serving on both workers.
#[test]
fn a_50_mb_upload_to_the_shipped_gateway_gets_a_413_and_the_gateway_keeps_working() {
    let upstream = mock("mock", None);
    let envoy = start_shipped_gateway(&shipped(), upstream.port());

    let filler = "ann@example.com sk-marker ".repeat(50 * 1024 * 1024 / 26);
    let body = format!(
        "{{\"model\":\"fast\",\"messages\":[{{\"role\":\"user\",\"content\":\"{filler}\"}}]}}"
    );
    assert!(body.len() >= 50 * 1024 * 1024);
    for chunked in [false, true] {
        let resp = upload(
            envoy.listener_port(),
            "/v1/chat/completions",
            body.as_bytes(),
            chunked,
        );
        assert_openai_error(&resp, 413, "request_too_large", "sk-marker");
        assert!(!resp.text().contains("ann@example.com"));
    }
    assert!(
        upstream.requests().is_empty(),
        "nothing of the upload reached the provider"
    );
    assert_healthy_after(&envoy, 8);
}

/// Sends `body` on one thread while reading the response on this one, as curl and HTTP clients
/// that handle early responses do: Envoy answers a too-large upload before the client has sent it
/// all, then closes the connection (HTTP/1.1 cannot skip the rest of a body). A client that only
/// reads after writing everything sees its write fail (connection reset) instead.
fn upload(port: u16, path: &str, body: &[u8], chunked: bool) -> HttpResponse {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let framing = if chunked {
        "transfer-encoding: chunked".to_string()
    } else {
        format!("content-length: {}", body.len())
    };
    let head = format!("POST {path} HTTP/1.1\r\nhost: gateway\r\ncontent-type: application/json\r\n{framing}\r\n\r\n");
    let mut writer = stream.try_clone().unwrap();
    std::thread::scope(|s| {
        s.spawn(move || {
            // Stops at the first failed write: Envoy closed the connection after answering.
            let _ = writer.write_all(head.as_bytes()).and_then(|_| {
                for piece in body.chunks(64 * 1024) {
                    if chunked {
                        writer.write_all(format!("{:x}\r\n", piece.len()).as_bytes())?;
                        writer.write_all(piece)?;
                        writer.write_all(b"\r\n")?;
                    } else {
                        writer.write_all(piece)?;
                    }
                }
                writer.write_all(if chunked { b"0\r\n\r\n" } else { b"" })
            });
        });
        read_response(stream)
    })
}

/// A response with a content-length body (Envoy's local replies always have one).
fn read_response(stream: TcpStream) -> HttpResponse {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).expect("status line");
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("status line {line:?}"));
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header line");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').expect("header");
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let len: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .expect("content-length");
    let mut body = vec![0; len];
    reader.read_exact(&mut body).expect("body");
    HttpResponse {
        status,
        headers,
        body,
        chunk_times: Vec::new(),
    }
}

/// A gateway whose only filter is the crash module (plugin and stat name `crash`).
fn crash_gateway(policy: FailurePolicy, upstream: &MockServer) -> Envoy {
    let mut b = Bootstrap::new();
    b.http_filter(crash_filter(
        "crash",
        &WasmOptions {
            failure_policy: policy,
            ..WasmOptions::default()
        },
    ));
    b.cluster(mock_cluster(upstream.addr()));
    Envoy::start(&b, EnvoyOptions::workers(2))
}

fn crash(envoy: &Envoy) -> HttpResponse {
    let headers = crash_headers();
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    chat(envoy, &headers)
}

/// `rounds` rounds of one normal request per worker, in parallel.
fn normal_rounds(envoy: &Envoy, rounds: usize) -> Vec<HttpResponse> {
    (0..rounds)
        .flat_map(|_| {
            std::thread::scope(|s| {
                let handles: Vec<_> = (0..envoy.concurrency())
                    .map(|_| s.spawn(|| chat(envoy, &[])))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("request"))
                    .collect::<Vec<_>>()
            })
        })
        .collect()
}

#[test]
fn a_crashed_wasm_vm_is_reloaded_and_counted() {
    if skip_on(
        Build::Native,
        "wasm VM reloads (FAIL_RELOAD) exist only in the wasm build",
    ) {
        return;
    }
    let upstream = mock("mock", None);
    let envoy = crash_gateway(FailurePolicy::Reload, &upstream);
    assert_every_worker_serves(&envoy, 4);
    assert!(envoy.wasm_failures().is_empty());

    let resp = crash(&envoy);
    assert_openai_error(&resp, 503, "gateway_filter_failed", "x-crash");
    // The next requests on that worker meet the reload backoff (503, counted) until a fresh VM
    // is loaded (counted too); bounded by the 1 s backoff.
    let mut rounds = 0;
    while envoy.stat("wasm.crash.vm_reload_success") == 0 && rounds < 60 {
        for resp in normal_rounds(&envoy, 1) {
            assert!(resp.status == 200 || resp.status == 503, "{}", resp.text());
            if resp.status == 503 {
                assert_openai_error(&resp, 503, "gateway_filter_failed", "x-crash");
            }
        }
        rounds += 1;
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        envoy.stat("wasm.crash.vm_reload_success"),
        1,
        "{:?}",
        envoy.wasm_failures()
    );
    assert!(envoy
        .wasm_failures()
        .contains_key("wasm.crash.vm_reload_success"));
    assert_every_worker_serves(&envoy, 8);
}

/// The control for the test above: with Envoy's default FAIL_CLOSED one crash leaves that
/// worker's filter failing every later request, and no stat shows it.
#[test]
fn with_fail_closed_one_crash_breaks_its_worker_for_good_and_no_stat_shows_it() {
    if skip_on(
        Build::Native,
        "a wasm VM failure policy (FAIL_CLOSED) exists only in the wasm build",
    ) {
        return;
    }
    let upstream = mock("mock", None);
    let envoy = crash_gateway(FailurePolicy::Closed, &upstream);
    let resp = crash(&envoy);
    assert_openai_error(&resp, 503, "gateway_filter_failed", "x-crash");

    // Not readiness: time passing (past FAIL_RELOAD's 1 s backoff) does not heal FAIL_CLOSED.
    std::thread::sleep(Duration::from_millis(1500));
    let later = normal_rounds(&envoy, 5);
    let failed = later.iter().filter(|r| r.status == 503).count();
    assert!(
        failed >= 2,
        "the crashed worker keeps failing: {failed} of {}",
        later.len()
    );
    assert!(failed < later.len(), "the other worker still serves");
    for resp in later.iter().filter(|r| r.status == 503) {
        assert_openai_error(resp, 503, "gateway_filter_failed", "x-crash");
    }
    assert!(later.iter().all(|r| r.status == 200 || r.status == 503));
    assert!(
        envoy.wasm_failures().is_empty(),
        "{:?}",
        envoy.wasm_failures()
    );
}

/// Requests Envoy's HTTP/1 codec refuses (malformed header line, both content-length and
/// chunked, a NUL in a header value, 70 KB of headers) are answered in the OpenAI shape too.
#[test]
fn malformed_or_oversized_http_gets_an_openai_shaped_4xx() {
    let upstream = mock("mock", None);
    let mut b = Bootstrap::new();
    b.cluster(mock_cluster(upstream.addr()));
    let envoy = Envoy::start(&b, EnvoyOptions::workers(2));

    let long = format!("x-long: {}\r\n", "sk-marker".repeat(8000));
    let cases: Vec<(Vec<u8>, u16)> = vec![
        (b"GET /v1/models HTTP/1.1\r\nhost: x\r\nsk-marker no colon\r\n\r\n".to_vec(), 400),
        (b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n".to_vec(), 400),
        (b"GET /v1/models HTTP/1.1\r\nhost: x\r\nx-a: sk-marker\x00\r\n\r\n".to_vec(), 400),
        (format!("GET /v1/models HTTP/1.1\r\nhost: x\r\n{long}\r\n").into_bytes(), 431),
    ];
    for (request, status) in cases {
        let mut stream = TcpStream::connect(("127.0.0.1", envoy.listener_port())).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(&request).expect("write");
        let resp = read_response(stream);
        assert_eq!(
            resp.status,
            status,
            "{}",
            String::from_utf8_lossy(&request[..40])
        );
        let body = resp.json();
        assert_eq!(body["error"]["type"], "invalid_request_error", "{body}");
        assert!(!resp.text().contains("sk-marker"));
    }
    assert!(upstream.requests().is_empty());
    assert_healthy_after(&envoy, 6);
}

fn stream_with_gaps(envoy: &Envoy, gap_ms: &str) -> std::io::Result<HttpResponse> {
    http::try_request(
        "POST",
        &envoy.url("/v1/chat/completions"),
        &[("content-type", "application/json"), ("x-mock-event-delay-ms", gap_ms), ("x-mock-chunk-chars", "2")],
        br#"{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"one two three four five six"}]}"#,
        Duration::from_secs(60),
    )
}

/// A stream runs as long as it keeps moving (no cap on its total duration: Envoy's route
/// `timeout` would cut it mid-answer), a stalled one is ended by the idle timeout, and a provider
/// that never sends headers gets the per-attempt timeout (then the fallback, then a 504).
#[test]
fn long_streams_run_while_they_move_and_stalled_ones_end() {
    let primary = mock("primary", None);
    let backup = mock("backup", None);
    let mut gateway = router(primary.addr(), backup.addr());
    gateway.per_try_timeout_ms = 400;
    gateway.idle_timeout_ms = 1000;
    let envoy = Envoy::start(&gateway.bootstrap(), EnvoyOptions::workers(2));

    // ~25 events 200 ms apart: about 5 s in all, far past both timeouts, never idle for 1 s.
    let resp = stream_with_gaps(&envoy, "200").expect("the stream completes");
    assert_eq!(resp.status, 200);
    assert!(
        resp.body_spread() > Duration::from_secs(2),
        "{:?}",
        resp.body_spread()
    );
    assert!(resp.sse_events().last().is_some_and(|e| e.is_done()));

    // 1.5 s between events: ended after the first gap. The headers are out, so the client sees
    // the stream cut (no [DONE]), not an error reply.
    if let Ok(resp) = stream_with_gaps(&envoy, "1500") {
        // (Err: cut before the chunked body ended.)
        assert!(
            !resp.sse_events().last().is_some_and(|e| e.is_done()),
            "{}",
            resp.text()
        );
    }

    let resp = chat(&envoy, &[("x-mock-delay-ms", "3000")]);
    assert_openai_error(&resp, 504, "upstream_timeout", "3000");
    assert_healthy_after(&envoy, 4);
}

/// With no response headers before the idle timeout (shorter than the attempt timeout here),
/// Envoy's stream-idle 504 comes in the OpenAI shape too.
#[test]
fn an_idle_timeout_before_the_headers_is_an_openai_shaped_504() {
    let primary = mock("primary", None);
    let backup = mock("backup", None);
    let mut gateway = router(primary.addr(), backup.addr());
    gateway.per_try_timeout_ms = 10_000;
    gateway.idle_timeout_ms = 500;
    let envoy = Envoy::start(&gateway.bootstrap(), EnvoyOptions::workers(1));

    let resp = chat(&envoy, &[("x-mock-delay-ms", "3000")]);
    assert_openai_error(&resp, 504, "stream_idle_timeout", "3000");
}

/// Envoy obeys `x-envoy-*` control headers (retries, timeouts) only from internal clients; the
/// shipped gateway treats its clients as external, so a client can neither switch off fallback
/// nor shorten timeouts. (Setting `use_remote_address: true` with the default internal ranges
/// would make loopback and private-network clients internal: keep this test passing.)
#[test]
fn client_sent_envoy_control_headers_are_ignored_by_the_shipped_gateway() {
    let upstream = mock("mock", None);
    let envoy = start_shipped_gateway(&shipped(), upstream.port());
    let body = json!({ "model": "fast", "messages": [{ "role": "user", "content": "hi" }] });
    let url = envoy.url("/v1/chat/completions");

    let resp = http::post_json(
        &url,
        &[
            ("x-envoy-upstream-rq-timeout-ms", "1"),
            ("x-envoy-upstream-rq-per-try-timeout-ms", "1"),
            ("x-mock-delay-ms", "100"),
        ],
        &body,
    );
    assert_eq!(resp.status, 200, "{}", resp.text());

    // Every attempt fails: the route's 2 retries happen although the client asked for none.
    let resp = http::post_json(
        &url,
        &[
            ("x-envoy-max-retries", "0"),
            ("x-envoy-retry-on", "cancelled"),
            ("x-mock-status", "500"),
        ],
        &body,
    );
    assert_eq!(resp.status, 500, "{}", resp.text());
    assert_eq!(envoy.stat("cluster.llm_mock.upstream_rq_retry"), 2);
    assert_eq!(upstream.requests().len(), 4);
}

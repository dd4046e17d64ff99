//! Hostile answers (issue 8 items 2, 7, 8, 9 on the response side): what the model writes must
//! be scanned and restored whatever its shape, streamed or not, and odd answers must not crash
//! any filter.

use serde_json::{json, Value};

use super::check::{
    answer_text, assert_healthy, assert_mock_clean, assert_openai_error, chat, deep_text, post,
    readable, stream_text, streamed,
};
use super::gateway::{lease, Kind};
use super::prompts::{AWS_KEY, EMAIL, OPENAI_KEY};
use llm_integration::http::{self, HttpResponse};

/// `{"alg":"HS256","typ":"JWT"}` . a ~650-byte payload . signature: 900 bytes, well past the
/// 256-byte hold-back window.
pub fn long_jwt() -> String {
    let header = base64url(br#"{"alg":"HS256","typ":"JWT"}"#);
    let claims = format!(
        r#"{{"sub":"1234567890","name":"Ann","scope":"{}"}}"#,
        "read:all ".repeat(64)
    );
    let payload = base64url(claims.as_bytes());
    let sig = base64url(&[0x5a; 32]);
    let jwt = format!("{header}.{payload}.{sig}");
    assert!(
        (850..=1000).contains(&jwt.len()),
        "jwt length {}",
        jwt.len()
    );
    jwt
}

fn base64url(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// No 24-byte window of `secret` appears in `text`: nothing of it was released, even in part.
fn assert_no_part_of(text: &str, secret: &str, ctx: &str) {
    let bytes = secret.as_bytes();
    for window in bytes.windows(24).step_by(8) {
        let piece = String::from_utf8_lossy(window);
        assert!(
            !text.contains(piece.as_ref()),
            "{ctx}: part of the secret leaked: {piece:?}"
        );
    }
}

/// Item 2 (answer side) and item 8: multi-byte spaces before an address, and a long JWT, in
/// answers, streamed (3-char pieces) and not.
fn secrets_in_answers(kind: Kind) {
    let g = lease(kind);
    let m = kind.client_model();
    let jwt = long_jwt();
    let replies = [
        (
            "Reach me at:\u{a0}bo@example.org".to_string(),
            "Reach me at:\u{a0}[EMAIL]".to_string(),
        ),
        (
            "Reach me at:\u{3000}bo@example.org".to_string(),
            "Reach me at:\u{3000}[EMAIL]".to_string(),
        ),
        (format!("token: {jwt} end"), "token: [JWT] end".to_string()),
        (
            format!("key\u{3000}{AWS_KEY}."),
            "key\u{3000}[AWS_ACCESS_KEY].".to_string(),
        ),
    ];
    for (reply, want) in &replies {
        for stream in [false, true] {
            let ctx = format!("{kind:?} answer {want:?} stream={stream}");
            let body = if stream {
                streamed(m, "Hello!")
            } else {
                chat(m, "Hello!")
            };
            let resp = post(
                &g,
                "/v1/chat/completions",
                &[("x-mock-reply", reply), ("x-mock-chunk-chars", "3")],
                &body,
            );
            assert_eq!(resp.status, 200, "{ctx}: {:?}", resp.text());
            let text = if stream {
                stream_text(&resp)
            } else {
                answer_text(&resp)
            };
            assert_eq!(&text, want, "{ctx}");
            assert_no_part_of(&resp.text(), &jwt, &ctx);
            assert!(!resp.text().contains("bo@example.org"), "{ctx}");
        }
    }
    // Restoring next to a multi-byte space, in a stream and not: the model repeats the
    // placeholder it was sent ({{user}}) between two multi-byte spaces.
    for stream in [false, true] {
        let prompt = EMAIL.to_string();
        let body = if stream {
            streamed(m, &prompt)
        } else {
            chat(m, &prompt)
        };
        let resp = post(
            &g,
            "/v1/chat/completions",
            &[
                ("x-mock-reply", "Hi\u{3000}{{user}}\u{a0}!"),
                ("x-mock-chunk-chars", "2"),
            ],
            &body,
        );
        let text = if stream {
            stream_text(&resp)
        } else {
            answer_text(&resp)
        };
        assert_eq!(
            text,
            format!("Hi\u{3000}{EMAIL}\u{a0}!"),
            "{kind:?} stream={stream}"
        );
    }
    // The same through the Anthropic Messages API (text_delta events in streams).
    for (reply, want) in &replies {
        for stream in [false, true] {
            let ctx = format!("{kind:?} Anthropic answer {want:?} stream={stream}");
            let body = json!({ "model": m, "max_tokens": 64, "stream": stream,
                "messages": [{ "role": "user", "content": "Hello!" }] });
            let resp = post(
                &g,
                "/v1/messages",
                &[("x-mock-reply", reply), ("x-mock-chunk-chars", "3")],
                &body,
            );
            assert_eq!(resp.status, 200, "{ctx}: {:?}", resp.text());
            assert_eq!(&anthropic_text(&resp, stream), want, "{ctx}");
            assert_no_part_of(&resp.text(), &jwt, &ctx);
        }
    }
    assert_healthy(&g, "after secrets in answers");
    assert_mock_clean(&g, &[EMAIL], "secrets in answers");
}

/// The text of an Anthropic answer: `content[].text`, or the streamed `text_delta`s.
fn anthropic_text(resp: &HttpResponse, stream: bool) -> String {
    if !stream {
        let v: Value = serde_json::from_slice(&resp.body).expect("JSON answer");
        return v["content"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|b| b["text"].as_str())
            .collect();
    }
    resp.sse_events()
        .iter()
        .filter_map(|e| serde_json::from_str::<Value>(&e.data).ok())
        .filter(|v| v.pointer("/delta/type") == Some(&json!("text_delta")))
        .filter_map(|v| {
            v.pointer("/delta/text")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .collect()
}

fn tool_request(model: &str, prompt: &str, stream: bool) -> Value {
    let mut body = chat(model, prompt);
    body["tools"] = json!([{ "type": "function", "function": { "name": "send", "parameters": { "type": "object" } } }]);
    body["stream"] = json!(stream);
    body
}

/// The arguments of the first tool call, from a stream or a whole answer.
fn tool_arguments(resp: &HttpResponse, stream: bool) -> String {
    if stream {
        return stream_text(resp);
    }
    let v: Value = serde_json::from_slice(&resp.body).expect("JSON answer");
    v.pointer("/choices/0/message/tool_calls/0/function/arguments")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Item 7 (answer side): escapes inside tool-call arguments the model writes.
fn escapes_in_tool_call_answers(kind: Kind) {
    let g = lease(kind);
    let m = kind.client_model();
    let escaped_key = OPENAI_KEY.replace('-', "\\u002d");
    for stream in [false, true] {
        let ctx = format!("{kind:?} stream={stream}");
        // An escaped key: the tool would read sk-proj-...
        let args = format!(r#"{{"key":"{escaped_key}"}}"#);
        let resp = post(
            &g,
            "/v1/chat/completions",
            &[
                ("x-mock-tool-call", "send"),
                ("x-mock-tool-args", &args),
                ("x-mock-chunk-chars", "3"),
            ],
            &tool_request(m, "go", stream),
        );
        assert_eq!(resp.status, 200, "{ctx}: {:?}", resp.text());
        let got = tool_arguments(&resp, stream);
        let decoded: Value = serde_json::from_str(&got)
            .unwrap_or_else(|e| panic!("{ctx}: arguments not JSON ({e}): {got:?}"));
        assert!(
            !deep_text(&decoded).contains(OPENAI_KEY),
            "{ctx}: key reached the client: {got}"
        );

        // An escaped non-ASCII address the model writes: redacted, arguments stay JSON.
        let args = r#"{"to":"j\u00fcrgen.m\u00fcller@example.com"}"#;
        let resp = post(
            &g,
            "/v1/chat/completions",
            &[
                ("x-mock-tool-call", "send"),
                ("x-mock-tool-args", args),
                ("x-mock-chunk-chars", "3"),
            ],
            &tool_request(m, "go", stream),
        );
        let got = tool_arguments(&resp, stream);
        let decoded: Value = serde_json::from_str(&got)
            .unwrap_or_else(|e| panic!("{ctx}: arguments not JSON ({e}): {got:?}"));
        assert_eq!(decoded, json!({ "to": "[EMAIL]" }), "{ctx}");

        // A placeholder restored inside arguments, next to quotes the model escaped: the model
        // repeats the user's text ({{user}}) with the placeholder it was sent.
        let user = format!("\"Ann\" <{EMAIL}>");
        let resp = post(
            &g,
            "/v1/chat/completions",
            &[
                ("x-mock-tool-call", "send"),
                ("x-mock-tool-args", r#"{"to":"{{user}}"}"#),
                ("x-mock-chunk-chars", "3"),
            ],
            &tool_request(m, &user, stream),
        );
        let got = tool_arguments(&resp, stream);
        let decoded: Value = serde_json::from_str(&got)
            .unwrap_or_else(|e| panic!("{ctx}: arguments not JSON ({e}): {got:?}"));
        assert_eq!(decoded, json!({ "to": user }), "{ctx}");
    }
    assert_healthy(&g, "after escapes in tool-call answers");
    assert_mock_clean(&g, &[EMAIL], "escapes in tool-call answers");
}

/// `%XX` → byte, as the mock decodes `x-mock-raw-body`.
fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (b[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Decodes gzip made of stored deflate blocks (what the mock sends); fails on anything else.
fn gunzip_stored(data: &[u8]) -> Vec<u8> {
    assert!(
        data.len() >= 18 && data[..3] == [0x1f, 0x8b, 8],
        "not gzip: {data:?}"
    );
    assert_eq!(data[3], 0, "gzip flags unsupported here");
    let mut out = Vec::new();
    let mut at = 10;
    loop {
        let header = data[at];
        assert_eq!(
            header & 0b110,
            0,
            "only stored blocks are expected from the mock"
        );
        let len = usize::from(u16::from_le_bytes([data[at + 1], data[at + 2]]));
        out.extend_from_slice(&data[at + 5..at + 5 + len]);
        at += 5 + len;
        if header & 1 == 1 {
            return out;
        }
    }
}

/// The body a client reads after undoing `content-encoding: gzip`.
fn decoded_body(resp: &HttpResponse) -> Vec<u8> {
    match resp.header("content-encoding") {
        Some(enc) if enc.eq_ignore_ascii_case("gzip") => gunzip_stored(&resp.body),
        _ => resp.body.clone(),
    }
}

/// Item 9: answers that are text/plain, invalid JSON or compressed. With pii-mask they are
/// scanned and restored, or refused (5xx, OpenAI shape); never passed unscanned. Without it
/// they pass through byte for byte.
fn unreadable_answers(kind: Kind) {
    let g = lease(kind);
    let m = kind.client_model();
    let prompt = format!("Mail {EMAIL}");
    // What the model "says": the user's text back (a placeholder to restore, {{user}}) and a
    // key to scan, in four shapes.
    let said = format!("Answer for {{{{user}}}}, key {AWS_KEY}");
    let said_plain = said.replace("{{user}}", &prompt);
    let said_pct = said.replace(' ', "%20");
    let json_broken = format!("%7B%22choices%22:[%7B%22message%22:%7B%22content%22:%22{said_pct}");
    let shapes: [(&str, Vec<(&str, &str)>); 4] = [
        ("text/plain", vec![("x-mock-raw-body", said_pct.as_str())]),
        (
            "invalid JSON",
            vec![
                ("x-mock-raw-body", json_broken.as_str()),
                ("x-mock-content-type", "application/json"),
            ],
        ),
        (
            "gzip when accepted",
            vec![("x-mock-gzip", "1"), ("accept-encoding", "gzip")],
        ),
        (
            "gzip always",
            vec![("x-mock-gzip", "always"), ("accept-encoding", "gzip")],
        ),
    ];
    for (what, headers) in &shapes {
        let mut headers = headers.clone();
        let reply_header;
        if what.starts_with("gzip") {
            reply_header = said.clone();
            headers.push(("x-mock-reply", reply_header.as_str()));
        }
        let ctx = format!("{kind:?} {what}");
        let before = g.mock.requests().len();
        let resp = post(&g, "/v1/chat/completions", &headers, &chat(m, &prompt));
        let body = decoded_body(&resp);
        let text = readable(&body);
        if !kind.has_pii_mask() {
            assert_eq!(resp.status, 200, "{ctx}: {:?}", resp.text());
            if what.starts_with("gzip") {
                let v: Value = serde_json::from_slice(&body).expect("gunzipped JSON");
                assert_eq!(
                    v.pointer("/choices/0/message/content"),
                    Some(&json!(said_plain)),
                    "{ctx}"
                );
            } else {
                let sent = String::from_utf8(percent_decode(headers[0].1))
                    .expect("UTF-8")
                    .replace("{{user}}", &prompt)
                    .into_bytes();
                assert_eq!(body, sent, "{ctx}: passed through byte for byte");
            }
            continue;
        }
        if resp.status >= 500 {
            assert_openai_error(&resp, &[502, 503], &ctx);
            continue;
        }
        assert_eq!(resp.status, 200, "{ctx}: {:?}", resp.text());
        assert!(
            !text.contains(AWS_KEY),
            "{ctx}: the key passed unscanned: {text:?}"
        );
        assert!(
            !text.contains("<EMAIL_"),
            "{ctx}: placeholder not restored: {text:?}"
        );
        assert!(
            text.contains(EMAIL),
            "{ctx}: address not restored: {text:?}"
        );
        if *what == "gzip when accepted" {
            // Scanning needs plain answers: the provider must be asked for identity.
            let sent = &g.mock.requests()[before];
            let ae = sent.header("accept-encoding").unwrap_or("");
            assert!(
                !ae.contains("gzip"),
                "{ctx}: accept-encoding {ae:?} reached the provider"
            );
        }
    }
    assert_healthy(&g, "after unreadable answers");
    let secrets: &[&str] = if kind.has_pii_mask() { &[EMAIL] } else { &[] };
    assert_mock_clean(&g, secrets, "unreadable answers");
}

pii_kinds!(secrets_in_answers);
pii_kinds!(escapes_in_tool_call_answers);
all_kinds!(unreadable_answers);

/// Huge answers (3 MB, an address in every kilobyte), whole and streamed: scanned all the way
/// or refused in the OpenAI shape by pii-mask; passed whole by the other filters.
fn huge_answers(kind: Kind) {
    let g = lease(kind);
    let m = kind.client_model();
    let unit = format!(
        "{} Write to bo@example.org.",
        "Plain filler words. ".repeat(50)
    );
    let repeat = 3 * 1024 * 1024 / unit.len();
    let want_len = unit.len() * repeat;
    let count = repeat.to_string();
    for stream in [false, true] {
        let ctx = format!("{kind:?} 3 MB answer stream={stream}");
        let body = if stream {
            streamed(m, "Hello!")
        } else {
            chat(m, "Hello!")
        };
        let headers = [
            ("x-mock-reply", unit.as_str()),
            ("x-mock-reply-repeat", count.as_str()),
            ("x-mock-chunk-chars", "4096"),
        ];
        let resp = post(&g, "/v1/chat/completions", &headers, &body);
        if kind.has_pii_mask() && resp.status >= 500 && !stream {
            assert_openai_error(&resp, &[502, 503], &ctx);
            continue;
        }
        assert_eq!(resp.status, 200, "{ctx}: {:?}", resp.text().get(..300));
        let text = if stream {
            stream_text(&resp)
        } else {
            answer_text(&resp)
        };
        if kind.has_pii_mask() {
            assert!(
                !resp.text().contains("bo@example.org"),
                "{ctx}: an address passed unscanned"
            );
            assert_eq!(text.matches("[EMAIL]").count(), repeat, "{ctx}");
        } else {
            assert_eq!(text.len(), want_len, "{ctx}: passed whole");
        }
    }
    assert_healthy(&g, "after huge answers");
    assert_mock_clean(&g, &[], "huge answers");
}

/// An empty 200 answer and a hand-written SSE stream (CRLF line ends, a comment, an unknown
/// event, data split over two lines): no crash; with pii-mask scanned and restored.
fn odd_answer_framing(kind: Kind) {
    let g = lease(kind);
    let m = kind.client_model();
    let prompt = format!("Mail {EMAIL}");
    let empty = post(
        &g,
        "/v1/chat/completions",
        &[
            ("x-mock-raw-body", ""),
            ("x-mock-content-type", "application/json"),
        ],
        &chat(m, &prompt),
    );
    if empty.status >= 500 {
        assert_openai_error(&empty, &[502, 503], &format!("{kind:?} empty answer"));
    } else {
        assert_eq!(
            (empty.status, empty.body.len()),
            (200, 0),
            "{kind:?} empty answer: {:?}",
            empty.text()
        );
    }
    // {{user}} is the prompt as the provider got it (placeholder included).
    let sse = format!(
        ": ping\r\n\r\nevent: unknown\r\ndata: {{}}\r\n\r\ndata: {{\"choices\":[{{\"index\":0,\r\ndata: \"delta\":{{\"content\":\"Hi {{{{user}}}}, key {AWS_KEY}\"}}}}]}}\r\n\r\ndata: [DONE]\r\n\r\n"
    );
    let pct: String = sse.bytes().map(|b| format!("%{b:02X}")).collect();
    let resp = post(
        &g,
        "/v1/chat/completions",
        &[
            ("x-mock-raw-body", pct.as_str()),
            ("x-mock-content-type", "text/event-stream"),
        ],
        &streamed(m, &prompt),
    );
    let ctx = format!("{kind:?} hand-written SSE");
    if kind.has_pii_mask() {
        if resp.status >= 500 {
            assert_openai_error(&resp, &[502, 503], &ctx);
        } else {
            assert_eq!(resp.status, 200, "{ctx}: {:?}", resp.text());
            let text = resp.text();
            assert!(!text.contains(AWS_KEY), "{ctx}: key passed: {text:?}");
            assert!(
                !text.contains("<EMAIL_"),
                "{ctx}: placeholder left: {text:?}"
            );
            assert_eq!(
                stream_text(&resp),
                format!("Hi {prompt}, key [AWS_ACCESS_KEY]"),
                "{ctx}"
            );
        }
    } else {
        assert_eq!(resp.status, 200, "{ctx}: {:?}", resp.text());
        // Passed on event for event (a filter may re-frame lines, e.g. CRLF to LF).
        let sent = sse.replace("{{user}}", &prompt);
        let mut parser = llm_filters_core::sse::SseParser::new();
        let mut want = parser.push(sent.as_bytes());
        want.extend(parser.finish());
        let fields = |events: &[llm_filters_core::sse::SseEvent]| -> Vec<(Option<String>, String)> {
            events
                .iter()
                .map(|e| (e.event.clone(), e.data.clone()))
                .collect()
        };
        assert_eq!(
            fields(&resp.sse_events()),
            fields(&want),
            "{ctx}: passed through"
        );
    }
    assert_healthy(&g, "after odd answer framing");
    let secrets: &[&str] = if kind.has_pii_mask() { &[EMAIL] } else { &[] };
    assert_mock_clean(&g, secrets, "odd answer framing");
}

all_kinds!(huge_answers);
all_kinds!(odd_answer_framing);

/// Pseudo-random letters and digits (deterministic), for key and PEM bodies.
fn noise(len: usize, seed: u32) -> String {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut x = seed.wrapping_mul(2_654_435_761).max(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char::from(ALNUM[(x % ALNUM.len() as u32) as usize])
        })
        .collect()
}

/// Item 8's neighbours: a 172-byte API key and a 1.7 KB PEM private key written by the model
/// into a stream of 5-character events: never released in part.
fn long_secrets_in_streams(kind: Kind) {
    let g = lease(kind);
    let m = kind.client_model();
    let key = format!("sk-proj-{}", noise(164, 7));
    let body: Vec<String> = noise(1600, 11)
        .as_bytes()
        .chunks(64)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let pem = format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----",
        body.join("\n")
    );
    for (secret, label) in [(&key, "[OPENAI_KEY]"), (&pem, "[PRIVATE_KEY]")] {
        let said = format!("here: {secret} end");
        let mut sse = String::new();
        let chars: Vec<char> = said.chars().collect();
        for piece in chars.chunks(5) {
            let piece: String = piece.iter().collect();
            let event = json!({ "choices": [{ "index": 0, "delta": { "content": piece } }] });
            sse.push_str(&format!("data: {event}\n\n"));
        }
        sse.push_str("data: [DONE]\n\n");
        let pct = http::mock_raw_body(&sse);
        let ctx = format!("{kind:?} {label} in 5-char events");
        let resp = post(
            &g,
            "/v1/chat/completions",
            &[
                ("x-mock-raw-body", &pct),
                ("x-mock-content-type", "text/event-stream"),
            ],
            &streamed(m, "Hello!"),
        );
        assert_eq!(resp.status, 200, "{ctx}: {:?}", resp.text());
        assert_no_part_of(&resp.text(), secret.replace('\n', "\\n").as_str(), &ctx);
        assert_no_part_of(&stream_text(&resp), secret, &ctx);
        assert_eq!(stream_text(&resp), format!("here: {label} end"), "{ctx}");
    }
    assert_healthy(&g, "after long secrets in streams");
    assert_mock_clean(&g, &[], "long secrets in streams");
}

pii_kinds!(long_secrets_in_streams);

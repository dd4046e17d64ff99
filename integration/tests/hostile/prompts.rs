//! Hostile request bodies (issue 8 items 2, 6, 7, 11, 12 and invalid UTF-8): what pii-mask must
//! see exactly as the provider will, and bodies no filter may crash on.

use serde_json::{json, Value};

use super::check::{
    answer_text, assert_client_error, assert_healthy, assert_mock_clean, assert_openai_error, chat,
    readable, send,
};
use super::gateway::{lease, Gateway, Kind};
use llm_integration::http::HttpResponse;

pub const AWS_KEY: &str = "AKIAZ6QK2WJ3PLM4RT5V";
pub const OPENAI_KEY: &str = "sk-proj-Ab3dEf9hIjK2mNoPqRsT4uVwXyZ0";
pub const EMAIL: &str = "ann@example.com";

/// Placeholders as the README documents them, `<LABEL_n>`, with any per-request suffix the
/// filter adds (`<EMAIL_1_5JAFCL>`) dropped, so assertions name the value, not the nonce.
pub fn canonical(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after
            .find('>')
            .and_then(|end| canonical_label(&after[..end]).map(|l| (end, l)))
        {
            Some((end, label)) => {
                out.push('<');
                out.push_str(&label);
                out.push('>');
                rest = &after[end + 1..];
            }
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `EMAIL_1_5JAFCL` → `EMAIL_1`, `CREDIT_CARD_2` → itself; `None` for anything else.
fn canonical_label(inner: &str) -> Option<String> {
    let parts: Vec<&str> = inner.split('_').collect();
    let n = parts
        .iter()
        .position(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))?;
    let label_ok = n >= 1
        && parts[..n]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_uppercase()));
    let suffix_ok = match &parts[n + 1..] {
        [] => true,
        [nonce] => !nonce.is_empty() && nonce.bytes().all(|b| b.is_ascii_alphanumeric()),
        _ => false,
    };
    (label_ok && suffix_ok).then(|| parts[..=n].join("_"))
}

#[test]
fn canonical_placeholders_drop_the_nonce_only() {
    assert_eq!(
        canonical("a <EMAIL_1_5JAFCL> b <CREDIT_CARD_2> <x> <EMAIL_1"),
        "a <EMAIL_1> b <CREDIT_CARD_2> <x> <EMAIL_1"
    );
    assert_eq!(canonical("<<EMAIL_3_AB>>"), "<<EMAIL_3>>");
}

fn post_raw(g: &Gateway, path: &str, body: &[u8]) -> HttpResponse {
    send(g, "POST", path, &[], body)
}

/// A request the gateway must not forward with the secret: refused (400/403, OpenAI shape), or
/// forwarded with every occurrence scanned.
fn refused_or_clean(g: &Gateway, path: &str, resp: &HttpResponse, ctx: &str) {
    if resp.status != 200 {
        assert_client_error(path, resp, &[400, 403], ctx);
        assert_no_secret_in_reply(resp, ctx);
    }
    assert_mock_clean(g, &[AWS_KEY, OPENAI_KEY, EMAIL], ctx);
}

/// A refusal names the detector, never the value (README: block).
fn assert_no_secret_in_reply(resp: &HttpResponse, ctx: &str) {
    let text = readable(&resp.body);
    for secret in [AWS_KEY, OPENAI_KEY] {
        assert!(
            !text.contains(secret),
            "{ctx}: the refusal repeats the secret: {text:?}"
        );
    }
}

/// Item 6: duplicate keys. The provider's parser keeps the last occurrence, a scanner that
/// reads another one forwards what it never checked.
fn duplicate_json_keys(kind: Kind) {
    let g = lease(kind);
    let m = kind.client_model();
    let cases: Vec<(&str, String)> = vec![
        (
            "/v1/embeddings",
            format!(
                r#"{{"model":"text-embedding-3-small","input":"key {AWS_KEY}","input":"hello"}}"#
            ),
        ),
        (
            "/v1/embeddings",
            format!(
                r#"{{"model":"text-embedding-3-small","input":"hello","input":"key {AWS_KEY}"}}"#
            ),
        ),
        (
            "/v1/embeddings",
            format!(
                r#"{{"model":"text-embedding-3-small","input":"mail {EMAIL}","input":"hello"}}"#
            ),
        ),
        (
            "/v1/chat/completions",
            format!(
                r#"{{"model":"{m}","messages":[{{"role":"user","content":"key {AWS_KEY}"}}],"messages":[{{"role":"user","content":"hi"}}]}}"#
            ),
        ),
        (
            "/v1/chat/completions",
            format!(
                r#"{{"model":"{m}","messages":[{{"role":"user","content":"key {OPENAI_KEY}","content":"hi"}}]}}"#
            ),
        ),
        (
            "/v1/messages",
            format!(
                r#"{{"model":"{m}","max_tokens":16,"system":"mail {EMAIL}","system":"be brief","messages":[{{"role":"user","content":"hi"}}]}}"#
            ),
        ),
    ];
    for (i, (path, body)) in cases.iter().enumerate() {
        let resp = post_raw(&g, path, body.as_bytes());
        refused_or_clean(
            &g,
            path,
            &resp,
            &format!("{kind:?} duplicate keys #{i} {path}"),
        );
    }
    assert_healthy(&g, "after duplicate JSON keys");
}

/// Item 7: JSON escapes hide a key from a scanner that reads raw bytes; escaped non-ASCII must
/// come out as valid JSON with nothing of the address left.
fn json_escapes_in_prompts(kind: Kind) {
    let g = lease(kind);
    let m = kind.client_model();
    let escaped_key = OPENAI_KEY.replace('-', "\\u002d");
    let tool_history = |arguments: &str| {
        format!(
            r#"{{"model":"{m}","messages":[{{"role":"user","content":"hi"}},{{"role":"assistant","content":null,"tool_calls":[{{"id":"c1","type":"function","function":{{"name":"f","arguments":{arguments}}}}}]}},{{"role":"tool","tool_call_id":"c1","content":"ok"}},{{"role":"user","content":"thanks"}}]}}"#
        )
    };
    let blocked: Vec<(&str, String)> = vec![
        // Outer escapes: the arguments string decodes to {"key":"sk-proj-..."}.
        (
            "outer escapes in arguments",
            tool_history(&format!(r#""{{\"key\":\"{escaped_key}\"}}""#)),
        ),
        // Inner escapes: the tool reading the arguments JSON gets sk-proj-...
        (
            "inner escapes in arguments",
            tool_history(&format!(
                r#""{{\"key\":\"{}\"}}""#,
                OPENAI_KEY.replace('-', "\\\\u002d")
            )),
        ),
        (
            "escapes in content",
            format!(
                r#"{{"model":"{m}","messages":[{{"role":"user","content":"key {escaped_key}"}}]}}"#
            ),
        ),
        (
            "escaped AWS key",
            format!(
                r#"{{"model":"{m}","messages":[{{"role":"user","content":"key AKIA\u005A6QK2WJ3PLM4RT5V"}}]}}"#
            ),
        ),
    ];
    for (what, body) in &blocked {
        let resp = post_raw(&g, "/v1/chat/completions", body.as_bytes());
        assert_openai_error(&resp, &[403], &format!("{kind:?} {what}"));
        assert_no_secret_in_reply(&resp, what);
    }
    assert_mock_clean(&g, &[OPENAI_KEY, AWS_KEY], "escaped keys");

    // Escaped non-ASCII and escaped '@': placeholdered, restored, valid JSON both ways.
    let cases = [
        (
            r"I am j\u00fcrgen.m\u00fcller@example.com",
            "I am jürgen.müller@example.com",
        ),
        (r"I am ann\u0040example.com", "I am ann@example.com"),
        (r"\ud83d\ude00 ann@example.com", "😀 ann@example.com"),
    ];
    for (escaped, decoded) in cases {
        let body =
            format!(r#"{{"model":"{m}","messages":[{{"role":"user","content":"{escaped}"}}]}}"#);
        let before = g.mock.requests().len();
        let resp = post_raw(&g, "/v1/chat/completions", body.as_bytes());
        assert_eq!(resp.status, 200, "{kind:?} {decoded}: {:?}", resp.text());
        assert_eq!(
            answer_text(&resp),
            format!("Mock answer to: {decoded}"),
            "{kind:?}"
        );
        let sent = g
            .mock
            .requests()
            .get(before)
            .map(|r| r.json())
            .expect("forwarded");
        let content = sent["messages"]
            .as_array()
            .and_then(|m| m.last())
            .map(|m| m["content"].clone());
        let want = decoded
            .replace("jürgen.müller@example.com", "<EMAIL_1>")
            .replace(EMAIL, "<EMAIL_1>");
        let content = content.as_ref().and_then(Value::as_str).map(canonical);
        assert_eq!(content, Some(want), "{kind:?} {decoded}");
    }
    // The escaped address inside tool-call arguments: the forwarded arguments are valid JSON
    // without any part of the address.
    let body = tool_history(r#""{\"to\":\"j\u00fcrgen.m\u00fcller@example.com\"}""#);
    let before = g.mock.requests().len();
    let resp = post_raw(&g, "/v1/chat/completions", body.as_bytes());
    assert_eq!(
        resp.status,
        200,
        "{kind:?} escaped email in arguments: {:?}",
        resp.text()
    );
    let sent = g
        .mock
        .requests()
        .get(before)
        .map(|r| r.json())
        .expect("forwarded");
    // (The chain's prompt-transform may put a system message first: find the call.)
    let args = sent["messages"]
        .as_array()
        .and_then(|ms| ms.iter().find(|m| m.get("tool_calls").is_some()))
        .and_then(|m| m.pointer("/tool_calls/0/function/arguments"))
        .and_then(Value::as_str);
    let parsed: Value = serde_json::from_str(args.unwrap_or(""))
        .unwrap_or_else(|e| panic!("{kind:?}: forwarded arguments are not JSON ({e}): {args:?}"));
    let to = parsed["to"].as_str().map(canonical);
    assert_eq!(to.as_deref(), Some("<EMAIL_1>"), "{kind:?}: {parsed}");
    assert_mock_clean(
        &g,
        &["ller@example.com", "jürgen", "j\\u00fcrgen"],
        "escaped email",
    );
    assert_healthy(&g, "after JSON escapes");
}

/// Item 2 (prompt side): a multi-byte space right before an email.
fn multibyte_space_before_email(kind: Kind) {
    let g = lease(kind);
    for space in ["\u{a0}", "\u{3000}", "\u{2003}", "\u{202f}", "😀"] {
        let prompt = format!("Contact:{space}{EMAIL}");
        let before = g.mock.requests().len();
        let resp = super::check::post(
            &g,
            "/v1/chat/completions",
            &[],
            &chat(kind.client_model(), &prompt),
        );
        assert_eq!(resp.status, 200, "{kind:?} {space:?}: {:?}", resp.text());
        assert_eq!(
            answer_text(&resp),
            format!("Mock answer to: {prompt}"),
            "{kind:?}"
        );
        let sent = g
            .mock
            .requests()
            .get(before)
            .map(|r| r.json())
            .expect("forwarded");
        let last = sent["messages"].as_array().and_then(|m| m.last()).cloned();
        let content = last
            .as_ref()
            .and_then(|m| m["content"].as_str())
            .map(canonical);
        assert_eq!(
            content,
            Some(format!("Contact:{space}<EMAIL_1>")),
            "{kind:?}"
        );
    }
    // Legacy completions carry the prompt in `prompt`.
    for space in ["\u{a0}", "\u{3000}"] {
        let prompt = format!("Contact:{space}{EMAIL}");
        let before = g.mock.requests().len();
        let body = json!({ "model": kind.client_model(), "prompt": prompt });
        let resp = super::check::post(&g, "/v1/completions", &[], &body);
        assert_eq!(
            resp.status,
            200,
            "{kind:?} completions {space:?}: {:?}",
            resp.text()
        );
        let text = resp.json()["choices"][0]["text"].clone();
        assert_eq!(
            text,
            json!(format!("Mock completion for: {prompt}")),
            "{kind:?}"
        );
        let sent = g
            .mock
            .requests()
            .get(before)
            .map(|r| r.json())
            .expect("forwarded");
        let got = sent["prompt"].as_str().map(canonical);
        assert_eq!(got, Some(format!("Contact:{space}<EMAIL_1>")), "{kind:?}");
    }
    assert_healthy(&g, "after multi-byte spaces in prompts");
    assert_mock_clean(&g, &[EMAIL], "multi-byte spaces in prompts");
}

/// Item 11: text the user typed that looks like a placeholder is the user's text.
fn literal_placeholder(kind: Kind) {
    let g = lease(kind);
    for prompt in [
        "My template says <EMAIL_1>".to_string(),
        format!("My template says <EMAIL_1>, I am {EMAIL}"),
        format!("I am {EMAIL}, template <EMAIL_1> and <EMAIL_2> and <PHONE_1>"),
    ] {
        let resp = super::check::post(
            &g,
            "/v1/chat/completions",
            &[],
            &chat(kind.client_model(), &prompt),
        );
        assert_eq!(resp.status, 200, "{kind:?}: {:?}", resp.text());
        // The mock echoes what it got; restoring gives back exactly what the user typed.
        assert_eq!(
            answer_text(&resp),
            format!("Mock answer to: {prompt}"),
            "{kind:?}"
        );
    }
    // A model that writes placeholders the gateway never issued gets no address for them,
    // while the one it was sent ({{user}}) is restored.
    let resp = super::check::post(
        &g,
        "/v1/chat/completions",
        &[(
            "x-mock-reply",
            "Write to <EMAIL_2>, <EMAIL_9_QQQQQQ> or {{user}}",
        )],
        &chat(kind.client_model(), EMAIL),
    );
    assert_eq!(
        answer_text(&resp),
        format!("Write to <EMAIL_2>, <EMAIL_9_QQQQQQ> or {EMAIL}"),
        "{kind:?}"
    );
    // A placeholder issued to another request (another client) is not restored: the mapping
    // lives only in that request. Both streamed and not.
    let before = g.mock.requests().len();
    let first = super::check::post(
        &g,
        "/v1/chat/completions",
        &[],
        &chat(kind.client_model(), EMAIL),
    );
    assert_eq!(first.status, 200, "{kind:?}: {:?}", first.text());
    let issued = g.mock.requests()[before].json()["messages"]
        .as_array()
        .and_then(|m| m.last())
        .and_then(|m| m["content"].as_str())
        .map(str::to_string)
        .expect("the placeholder the provider got");
    assert!(issued.starts_with("<EMAIL_"), "{kind:?}: {issued:?}");
    for stream in [false, true] {
        let reply = format!("The other user is {issued}");
        let body = if stream {
            super::check::streamed(kind.client_model(), "Who?")
        } else {
            chat(kind.client_model(), "Who?")
        };
        let resp = super::check::post(
            &g,
            "/v1/chat/completions",
            &[("x-mock-reply", &reply)],
            &body,
        );
        let text = if stream {
            super::check::stream_text(&resp)
        } else {
            answer_text(&resp)
        };
        assert_eq!(
            text, reply,
            "{kind:?} stream={stream}: another request's value was restored"
        );
    }
    assert_healthy(&g, "after literal placeholders");
    assert_mock_clean(&g, &[EMAIL], "literal placeholders");
}

/// Item 12: chat bodies whose `messages` are not messages.
fn malformed_messages(kind: Kind) {
    let g = lease(kind);
    let m = kind.client_model();
    let bodies = [
        json!({ "model": m, "messages": [1, 2, 3] }),
        json!({ "model": m, "messages": "hi" }),
        json!({ "model": m, "messages": [null] }),
        json!({ "model": m, "messages": {} }),
        json!({ "model": m, "messages": [{ "role": "user", "content": [1] }] }),
        json!({ "model": m, "messages": [{ "role": 7, "content": "hi" }] }),
    ];
    for (i, body) in bodies.iter().enumerate() {
        let before = g.mock.requests().len();
        let resp = super::check::post(&g, "/v1/chat/completions", &[], body);
        let ctx = format!("{kind:?} malformed messages #{i} {body}");
        // The first four are not chat requests at all: a filter that rewrites chat must refuse
        // them (never insert a system message into them).
        if kind.has_prompt_transform() && i < 4 {
            assert_openai_error(&resp, &[400], &ctx);
            assert_eq!(g.mock.requests().len(), before, "{ctx}: forwarded");
            continue;
        }
        if resp.status >= 400 {
            assert_openai_error(&resp, &[400], &ctx);
        }
        // Forwarded: untouched where the filter has nothing to do with it.
        if let Some(sent) = g.mock.requests().get(before) {
            if !kind.has_prompt_transform() {
                assert_eq!(sent.json()["messages"], body["messages"], "{ctx}");
            }
        }
    }
    // Bodies that are JSON but not objects.
    for raw in [&b"[]"[..], b"\"hi\"", b"null", b"42", br#"{"model":5}"#] {
        let resp = post_raw(&g, "/v1/chat/completions", raw);
        assert_openai_error(
            &resp,
            &[400],
            &format!("{kind:?} body {:?}", String::from_utf8_lossy(raw)),
        );
    }
    assert_healthy(&g, "after malformed messages");
    assert_mock_clean(&g, &[], "malformed messages");
}

/// Invalid UTF-8 inside JSON strings (and a body cut inside a multi-byte character).
fn invalid_utf8_body(kind: Kind) {
    let g = lease(kind);
    let m = kind.client_model();
    let mut bodies: Vec<Vec<u8>> = Vec::new();
    let mut b =
        format!(r#"{{"model":"{m}","messages":[{{"role":"user","content":"caf"#).into_bytes();
    b.extend_from_slice(b"\xe9 ");
    b.extend_from_slice(format!(r#"{EMAIL}"}}]}}"#).as_bytes());
    bodies.push(b);
    let mut b = br#"{"model":"gpt"#.to_vec();
    b.push(0xff);
    b.extend_from_slice(br#"","messages":[{"role":"user","content":"hi"}]}"#);
    bodies.push(b);
    let mut b =
        format!(r#"{{"model":"{m}","messages":[{{"role":"user","content":"{EMAIL} "#).into_bytes();
    b.extend_from_slice(b"\xe2\x82");
    bodies.push(b);
    for (i, body) in bodies.iter().enumerate() {
        let resp = post_raw(&g, "/v1/chat/completions", body);
        assert_openai_error(&resp, &[400], &format!("{kind:?} invalid UTF-8 #{i}"));
    }
    assert_healthy(&g, "after invalid UTF-8 bodies");
    let secrets: &[&str] = if kind.has_pii_mask() { &[EMAIL] } else { &[] };
    assert_mock_clean(&g, secrets, "invalid UTF-8 bodies");
}

pii_kinds!(duplicate_json_keys);
pii_kinds!(json_escapes_in_prompts);
pii_kinds!(multibyte_space_before_email);
pii_kinds!(literal_placeholder);
all_kinds!(malformed_messages);
all_kinds!(invalid_utf8_body);

//! Bodies a parser can choke on: nesting 100 000 deep (a recursive parser overflows the wasm
//! stack), lone UTF-16 surrogate escapes, and a client-compressed body. Refused with a 400
//! (from a filter or the provider), or forwarded with nothing unscanned.

use super::check::{assert_healthy, assert_mock_clean, assert_openai_error, chat, send};
use super::gateway::{lease, Kind};
use super::prompts::EMAIL;

const DEEP: usize = 100_000;

fn bodies(m: &str) -> Vec<(String, Vec<u8>)> {
    let open = "[".repeat(DEEP);
    let close = "]".repeat(DEEP);
    let nested = format!(
        r#"{{"model":"{m}","messages":[{{"role":"user","content":"{EMAIL}"}}],"x":{open}{close}}}"#
    );
    let nested_content = format!(
        r#"{{"model":"{m}","messages":[{{"role":"user","content":{open}"{EMAIL}"{close}}}]}}"#
    );
    let mut out = vec![
        ("nested 100 000 deep".to_string(), nested.into_bytes()),
        (
            "content nested 100 000 deep".to_string(),
            nested_content.into_bytes(),
        ),
    ];
    for s in [r"\ud800", r"\udc00x", r"\ud83d", r"\ud83d\u0041"] {
        let body = format!(
            r#"{{"model":"{m}","messages":[{{"role":"user","content":"{s} {EMAIL} {s}"}}]}}"#
        );
        out.push((format!("lone surrogate {s}"), body.into_bytes()));
    }
    out
}

fn parser_bombs(kind: Kind) {
    let g = lease(kind);
    let m = kind.client_model();
    for (what, body) in bodies(m) {
        let resp = send(&g, "POST", "/v1/chat/completions", &[], &body);
        if resp.status != 200 {
            assert_openai_error(&resp, &[400, 413], &format!("{kind:?} {what}"));
        }
    }
    // A gzip-compressed prompt (stored blocks: the address is readable in the raw bytes, so a
    // filter that forwards it unscanned shows up at the mock).
    let plain = serde_json::to_vec(&chat(m, &format!("Mail {EMAIL}"))).unwrap();
    let resp = send(
        &g,
        "POST",
        "/v1/chat/completions",
        &[("content-encoding", b"gzip")],
        &gzip_stored(&plain),
    );
    if resp.status != 200 {
        assert_openai_error(&resp, &[400, 415], &format!("{kind:?} gzip request"));
    }
    assert_healthy(&g, "after parser bombs");
    let secrets: &[&str] = if kind.has_pii_mask() { &[EMAIL] } else { &[] };
    assert_mock_clean(&g, secrets, "parser bombs");
}

/// A gzip member of stored deflate blocks (what a client may send; no dependency needed).
fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let blocks: Vec<&[u8]> = data.chunks(0xffff).collect();
    for (i, block) in blocks.iter().enumerate() {
        let len = block.len() as u16;
        out.push(u8::from(i + 1 == blocks.len()));
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    out.extend_from_slice(&(!crc).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

all_kinds!(parser_bombs);

//! Provider misbehaviour on the response side, steered by request headers: a raw body of any
//! content type instead of the API answer, an extra response header with arbitrary bytes, and
//! gzip compression (honest: only when the request accepts it; hostile: always).

use bytes::Bytes;
use hyper::header::{HeaderName, HeaderValue, ACCEPT_ENCODING};
use hyper::HeaderMap;

/// How the answer body is shaped on the wire.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Shape {
    /// `x-mock-raw-body` (percent-decoded bytes) with `x-mock-content-type` (default
    /// `text/plain`): sent instead of the API answer, status 200 unless a fault says otherwise.
    pub raw_body: Option<(String, Bytes)>,
    /// `x-mock-response-header: NAME=VALUE` (VALUE percent-decoded, so it can hold non-UTF-8
    /// bytes): added to the response.
    pub extra_header: Option<(HeaderName, HeaderValue)>,
    /// `x-mock-gzip: 1` compresses when the request's `accept-encoding` allows gzip,
    /// `x-mock-gzip: always` compresses regardless (a provider that ignores the header).
    pub gzip: bool,
}

pub fn shape(headers: &HeaderMap) -> Shape {
    let raw = |name: &str| headers.get(name).map(|v| v.as_bytes());
    let raw_body = raw("x-mock-raw-body").map(|v| {
        let content_type = headers
            .get("x-mock-content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("text/plain")
            .to_string();
        (content_type, Bytes::from(percent_decode(v)))
    });
    let extra_header = raw("x-mock-response-header").and_then(|v| {
        let eq = v.iter().position(|b| *b == b'=')?;
        let name = HeaderName::from_bytes(v.get(..eq)?).ok()?;
        let value = HeaderValue::from_bytes(&percent_decode(v.get(eq + 1..)?)).ok()?;
        Some((name, value))
    });
    let gzip = match raw("x-mock-gzip") {
        Some(b"always") => true,
        Some(b"1") => accepts_gzip(headers),
        _ => false,
    };
    Shape {
        raw_body,
        extra_header,
        gzip,
    }
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers.get_all(ACCEPT_ENCODING).iter().any(|v| {
        String::from_utf8_lossy(v.as_bytes())
            .split(',')
            .any(|coding| {
                let mut parts = coding.split(';');
                let name = parts.next().unwrap_or("").trim();
                let refused = parts.any(|p| p.trim().replace(' ', "") == "q=0");
                (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
            })
    })
}

/// `{{user}}` in a raw body becomes the last user message's text (verbatim).
pub fn with_user(body: &Bytes, user: &str) -> Bytes {
    const USER: &[u8] = b"{{user}}";
    if !body.windows(USER.len()).any(|w| w == USER) {
        return body.clone();
    }
    let mut out = Vec::with_capacity(body.len() + user.len());
    let mut i = 0;
    while let Some(rest) = body.get(i..) {
        if rest.is_empty() {
            break;
        }
        if rest.starts_with(USER) {
            out.extend_from_slice(user.as_bytes());
            i += USER.len();
        } else {
            out.push(rest[0]);
            i += 1;
        }
    }
    Bytes::from(out)
}

/// `%XX` becomes the byte 0xXX; everything else is kept. A bad escape is kept verbatim.
pub fn percent_decode(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while let Some(&b) = input.get(i) {
        let hex = input
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// A gzip member holding `data` in stored (uncompressed) deflate blocks: valid gzip that any
/// decoder accepts, without a compression dependency.
pub fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let mut blocks = data.chunks(0xffff).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        let last = u8::from(blocks.peek().is_none());
        let len = block.len() as u16;
        out.push(last);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// CRC-32 (IEEE, reflected), bit by bit: fast enough for test bodies.
pub fn crc32(data: &[u8]) -> u32 {
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
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static [u8])]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_bytes(v).unwrap());
        }
        h
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn gzip_stored_frames_blocks() {
        let gz = gzip_stored(b"hello");
        assert_eq!(&gz[..3], &[0x1f, 0x8b, 8]);
        // final stored block: BFINAL=1, LEN=5, NLEN=!5, then the bytes
        assert_eq!(&gz[10..15], &[1, 5, 0, 0xfa, 0xff]);
        assert_eq!(&gz[15..20], b"hello");
        assert_eq!(&gz[24..], &5u32.to_le_bytes());
    }

    #[test]
    fn reads_raw_body_header_and_gzip() {
        let h = headers(&[
            ("x-mock-raw-body", b"caf%E9 {not json"),
            ("x-mock-response-header", b"x-provider-note=caf%E9"),
            ("x-mock-gzip", b"1"),
            ("accept-encoding", b"br, gzip;q=0.8"),
        ]);
        let s = shape(&h);
        assert_eq!(
            s.raw_body,
            Some((
                "text/plain".into(),
                Bytes::from_static(b"caf\xe9 {not json")
            ))
        );
        let (name, value) = s.extra_header.unwrap();
        assert_eq!(name.as_str(), "x-provider-note");
        assert_eq!(value.as_bytes(), b"caf\xe9");
        assert!(s.gzip);
    }

    #[test]
    fn honest_gzip_needs_accept_encoding() {
        assert!(!shape(&headers(&[("x-mock-gzip", b"1")])).gzip);
        assert!(
            !shape(&headers(&[
                ("x-mock-gzip", b"1"),
                ("accept-encoding", b"identity")
            ]))
            .gzip
        );
        assert!(
            !shape(&headers(&[
                ("x-mock-gzip", b"1"),
                ("accept-encoding", b"gzip;q=0")
            ]))
            .gzip
        );
        assert!(shape(&headers(&[("x-mock-gzip", b"always")])).gzip);
    }

    #[test]
    fn raw_bodies_repeat_the_user() {
        let body = Bytes::from_static(b"a {{user}} b {{user}}");
        assert_eq!(
            with_user(&body, "<X_1>"),
            Bytes::from_static(b"a <X_1> b <X_1>")
        );
        assert_eq!(with_user(&Bytes::from_static(b"plain"), "u"), "plain");
    }

    #[test]
    fn percent_decoding_keeps_bad_escapes() {
        assert_eq!(percent_decode(b"a%41%zz%4"), b"aA%zz%4");
    }
}

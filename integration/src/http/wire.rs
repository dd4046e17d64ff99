//! HTTP/1.1 framing: the request head out, the response head and body (chunked,
//! content-length or until close) in.

use std::io::{self, BufRead, BufReader, Read};
use std::net::TcpStream;
use std::time::Instant;

use super::HttpResponse;

/// The request line and headers. Adds Host, Content-Length and `Connection: close` unless the
/// caller gave them; close makes "read until EOF" framing safe.
pub(super) fn request_head(
    method: &str,
    authority: &str,
    path: &str,
    headers: &[(&str, &str)],
    body_len: usize,
) -> String {
    let has = |name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    if !has("host") {
        head += &format!("host: {authority}\r\n");
    }
    if !has("content-length") && !has("transfer-encoding") && (body_len > 0 || method != "GET") {
        head += &format!("content-length: {body_len}\r\n");
    }
    if !has("connection") {
        head += "connection: close\r\n";
    }
    for (name, value) in headers {
        head += &format!("{name}: {value}\r\n");
    }
    head += "\r\n";
    head
}

pub(crate) fn read_response(
    stream: TcpStream,
    head_only: bool,
    sent: Instant,
) -> io::Result<HttpResponse> {
    let mut reader = BufReader::new(stream);
    // Skip interim 1xx responses (e.g. 100 Continue).
    let (status, headers) = loop {
        let (status, headers) = read_head(&mut reader)?;
        if !(100..200).contains(&status) || status == 101 {
            break (status, headers);
        }
    };
    let mut resp = HttpResponse {
        status,
        headers,
        body: Vec::new(),
        chunk_times: Vec::new(),
    };
    if head_only || status == 204 || status == 304 {
        return Ok(resp);
    }
    let chunked = resp
        .header("transfer-encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
    if chunked {
        read_chunked(&mut reader, &mut resp, sent)?;
    } else if let Some(len) = resp.header("content-length") {
        let len: usize = len.trim().parse().map_err(|_| bad("bad content-length"))?;
        read_until(&mut reader, &mut resp, sent, Some(len))?;
    } else {
        read_until(&mut reader, &mut resp, sent, None)?;
    }
    Ok(resp)
}

fn read_head(reader: &mut impl BufRead) -> io::Result<(u16, Vec<(String, String)>)> {
    let status_line = read_line(reader)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(&format!("bad status line {status_line:?}")))?;
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader)?;
        if line.is_empty() {
            return Ok((status, headers));
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| bad(&format!("bad header line {line:?}")))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
}

fn read_chunked(
    reader: &mut impl BufRead,
    resp: &mut HttpResponse,
    sent: Instant,
) -> io::Result<()> {
    loop {
        let size_line = read_line(reader)?;
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16)
            .map_err(|_| bad(&format!("bad chunk size {size_line:?}")))?;
        if size == 0 {
            // Trailers (ignored) end with an empty line.
            while !read_line(reader)?.is_empty() {}
            return Ok(());
        }
        let start = resp.body.len();
        resp.body.resize(start + size, 0);
        reader.read_exact(&mut resp.body[start..])?;
        resp.chunk_times.push(sent.elapsed());
        if !read_line(reader)?.is_empty() {
            return Err(bad("chunk not followed by CRLF"));
        }
    }
}

/// Reads `len` bytes, or until EOF when `len` is None.
fn read_until(
    reader: &mut impl Read,
    resp: &mut HttpResponse,
    sent: Instant,
    len: Option<usize>,
) -> io::Result<()> {
    let mut buf = [0u8; 16 * 1024];
    loop {
        let want = match len {
            Some(len) if resp.body.len() >= len => return Ok(()),
            Some(len) => buf.len().min(len - resp.body.len()),
            None => buf.len(),
        };
        let n = reader.read(&mut buf[..want])?;
        if n == 0 {
            return match len {
                Some(len) => Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("body ended after {} of {len} bytes", resp.body.len()),
                )),
                None => Ok(()),
            };
        }
        resp.body.extend_from_slice(&buf[..n]);
        resp.chunk_times.push(sent.elapsed());
    }
}

/// One CRLF- (or LF-) terminated line without the terminator; EOF is an error.
fn read_line(reader: &mut impl BufRead) -> io::Result<String> {
    let mut line = Vec::new();
    if reader.read_until(b'\n', &mut line)? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed",
        ));
    }
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    // Lossy: a proxy may forward a provider's non-UTF-8 header byte (obs-text); the test sees it
    // as U+FFFD instead of failing to read the response at all.
    Ok(String::from_utf8_lossy(&line).into_owned())
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;
    use std::time::Instant;

    fn empty() -> HttpResponse {
        HttpResponse {
            status: 200,
            headers: vec![],
            body: vec![],
            chunk_times: vec![],
        }
    }

    #[test]
    fn decodes_chunked_bodies_with_extensions_and_trailers() {
        let wire = b"5;x=y\r\nhello\r\n7\r\n, world\r\n0\r\nx-trailer: 1\r\n\r\n";
        let mut resp = empty();
        read_chunked(&mut Cursor::new(&wire[..]), &mut resp, Instant::now()).unwrap();
        assert_eq!(resp.body, b"hello, world");
        assert_eq!(resp.chunk_times.len(), 2);
    }

    #[test]
    fn content_length_short_body_is_an_error() {
        let mut resp = empty();
        let err = read_until(
            &mut Cursor::new(&b"abc"[..]),
            &mut resp,
            Instant::now(),
            Some(5),
        );
        assert!(err.is_err());
    }

    #[test]
    fn reads_head_with_lowercased_names() {
        let wire = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nX-A:  b \r\n\r\n";
        let (status, headers) = read_head(&mut Cursor::new(&wire[..])).unwrap();
        assert_eq!(status, 404);
        assert_eq!(
            headers,
            vec![
                ("content-type".into(), "text/plain".into()),
                ("x-a".into(), "b".into())
            ]
        );
    }

    #[test]
    fn non_utf8_header_bytes_are_read_lossily() {
        let wire = b"HTTP/1.1 200 OK\r\nx-note: caf\xe9\r\n\r\n";
        let (_, headers) = read_head(&mut Cursor::new(&wire[..])).unwrap();
        assert_eq!(headers, vec![("x-note".into(), "caf\u{fffd}".into())]);
    }

    #[test]
    fn request_head_adds_missing_headers_only() {
        let head = request_head("POST", "h:1", "/p", &[("Host", "x")], 3);
        assert_eq!(
            head,
            "POST /p HTTP/1.1\r\ncontent-length: 3\r\nconnection: close\r\nHost: x\r\n\r\n"
        );
    }
}

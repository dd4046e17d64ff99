//! Raw HTTP/1.1 for hostile-traffic tests: request heads with arbitrary header bytes, bodies
//! written while the response is read (large uploads a proxy refuses early), clients that hang
//! up mid-request or mid-answer.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::thread;
use std::time::{Duration, Instant};

use super::{split_url, wire, HttpResponse};

/// The request line and headers exactly as given (values are bytes: any octet, non-UTF-8
/// included), plus `host`, `connection: close` and, for `Some(len)`, `content-length` unless
/// the caller gave them.
pub fn request_head_bytes(
    method: &str,
    authority: &str,
    path: &str,
    headers: &[(&str, &[u8])],
    content_length: Option<usize>,
) -> Vec<u8> {
    let has = |name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let mut head = format!("{method} {path} HTTP/1.1\r\n").into_bytes();
    if !has("host") {
        head.extend_from_slice(format!("host: {authority}\r\n").as_bytes());
    }
    if let Some(len) = content_length {
        if !has("content-length") && !has("transfer-encoding") {
            head.extend_from_slice(format!("content-length: {len}\r\n").as_bytes());
        }
    }
    if !has("connection") {
        head.extend_from_slice(b"connection: close\r\n");
    }
    for (name, value) in headers {
        head.extend_from_slice(name.as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(value);
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"\r\n");
    head
}

/// Sends a request whose header values are raw bytes; content-length is set from `body`.
pub fn request_with_raw_headers(
    method: &str,
    url: &str,
    headers: &[(&str, &[u8])],
    body: &[u8],
    timeout: Duration,
) -> io::Result<HttpResponse> {
    let (authority, path) = split_url(url)?;
    let len = (!body.is_empty() || method != "GET").then_some(body.len());
    let mut bytes = request_head_bytes(method, authority, path, headers, len);
    bytes.extend_from_slice(body);
    exchange_with(url, bytes, timeout, method.eq_ignore_ascii_case("HEAD"))
}

/// Writes `bytes` (from a separate thread, so a proxy that answers before reading everything
/// cannot deadlock us) and reads one response. Write errors after the response started are
/// expected (the proxy stopped reading) and ignored.
pub fn exchange(url: &str, bytes: Vec<u8>, timeout: Duration) -> io::Result<HttpResponse> {
    exchange_with(url, bytes, timeout, false)
}

/// [`exchange`]; `head_only` for a HEAD request, whose response has no body whatever its
/// content-length says.
fn exchange_with(
    url: &str,
    bytes: Vec<u8>,
    timeout: Duration,
    head_only: bool,
) -> io::Result<HttpResponse> {
    let stream = connect(url, timeout)?;
    let writer = stream.try_clone()?;
    let sent = Instant::now();
    let handle = thread::spawn(move || {
        let mut writer = writer;
        writer.write_all(&bytes)
    });
    let result = wire::read_response(stream, head_only, sent);
    let _ = handle.join();
    result
}

/// What happened to an upload.
#[derive(Debug)]
pub struct Upload {
    /// The response, or the transport error that came instead (e.g. a reset).
    pub response: io::Result<HttpResponse>,
    /// Body bytes the proxy accepted before it answered or stopped reading.
    pub body_bytes_written: usize,
}

/// POSTs a body of `len` bytes, generated in 64 KiB pieces by `piece(offset)`, while reading
/// the response concurrently.
pub fn upload(
    url: &str,
    headers: &[(&str, &[u8])],
    len: usize,
    piece: impl Fn(usize) -> Vec<u8> + Send + 'static,
    timeout: Duration,
) -> io::Result<Upload> {
    let (authority, path) = split_url(url)?;
    let head = request_head_bytes("POST", authority, path, headers, Some(len));
    let stream = connect(url, timeout)?;
    let mut writer = stream.try_clone()?;
    let sent = Instant::now();
    let handle = thread::spawn(move || {
        let mut written = 0usize;
        if writer.write_all(&head).is_err() {
            return written;
        }
        while written < len {
            let mut chunk = piece(written);
            chunk.truncate(len - written);
            if chunk.is_empty() || writer.write_all(&chunk).is_err() {
                break;
            }
            written += chunk.len();
        }
        written
    });
    let response = wire::read_response(stream.try_clone()?, false, sent);
    // Unblock a writer stuck on a full socket buffer once the answer is in.
    let _ = stream.shutdown(Shutdown::Both);
    let body_bytes_written = handle.join().unwrap_or(0);
    Ok(Upload {
        response,
        body_bytes_written,
    })
}

/// Sends the head and only part of the body it announced, then closes the connection.
pub fn cut_request(url: &str, head: &[u8], partial_body: &[u8]) -> io::Result<()> {
    let mut stream = connect(url, super::DEFAULT_TIMEOUT)?;
    stream.write_all(head)?;
    stream.write_all(partial_body)?;
    stream.flush()?;
    // Give the proxy the bytes, then hang up (FIN, then close).
    stream.shutdown(Shutdown::Write)?;
    drop(stream);
    Ok(())
}

/// Sends a complete request, reads the response until at least `after_bytes` bytes (head
/// included) arrived, then closes the connection. Returns what was read.
pub fn cut_response(
    url: &str,
    request: &[u8],
    after_bytes: usize,
    timeout: Duration,
) -> io::Result<Vec<u8>> {
    let mut stream = connect(url, timeout)?;
    stream.write_all(request)?;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while got.len() < after_bytes {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        got.extend_from_slice(buf.get(..n).unwrap_or_default());
    }
    let _ = stream.shutdown(Shutdown::Both);
    Ok(got)
}

fn connect(url: &str, timeout: Duration) -> io::Result<TcpStream> {
    let (authority, _) = split_url(url)?;
    let addr: SocketAddr = authority
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no address"))?;
    let stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_keeps_header_bytes_verbatim() {
        let head = request_head_bytes("POST", "h:1", "/p", &[("x-note", b"caf\xe9")], Some(0));
        assert_eq!(
            head,
            b"POST /p HTTP/1.1\r\nhost: h:1\r\ncontent-length: 0\r\nconnection: close\r\nx-note: caf\xe9\r\n\r\n"
        );
    }

    #[test]
    fn head_without_length_for_chunked_requests() {
        let head = request_head_bytes(
            "POST",
            "h:1",
            "/p",
            &[("transfer-encoding", b"chunked")],
            Some(0),
        );
        assert!(!String::from_utf8_lossy(&head).contains("content-length"));
    }
}

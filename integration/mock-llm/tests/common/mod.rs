//! A tiny blocking HTTP/1.1 client over std TcpStream: enough to see exactly what the mock put
//! on the wire (chunk boundaries, truncation), which a full client library would hide.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::Value;

pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Transfer-encoding chunks as they arrived (empty for content-length bodies).
    pub chunks: Vec<Vec<u8>>,
    /// The body ended properly (terminating chunk, or full content-length).
    pub complete: bool,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8 body")
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    /// SSE events as (event name, data) pairs.
    pub fn events(&self) -> Vec<(Option<String>, String)> {
        sse_events(&self.text())
    }
}

pub fn sse_events(text: &str) -> Vec<(Option<String>, String)> {
    text.split("\n\n")
        .filter(|e| !e.trim().is_empty())
        .map(|e| {
            let mut name = None;
            let mut data = String::new();
            for line in e.lines() {
                if let Some(v) = line.strip_prefix("event: ") {
                    name = Some(v.to_string());
                } else if let Some(v) = line.strip_prefix("data: ") {
                    data.push_str(v);
                } else {
                    panic!("unexpected SSE line {line:?}");
                }
            }
            (name, data)
        })
        .collect()
}

pub struct Conn {
    reader: BufReader<TcpStream>,
}

impl Conn {
    pub fn open(addr: SocketAddr) -> Conn {
        let stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        Conn {
            reader: BufReader::new(stream),
        }
    }

    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Resp {
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nhost: mock\r\ncontent-length: {}\r\n",
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        let stream = self.reader.get_mut();
        stream.write_all(req.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        self.read_response()
    }

    fn line(&mut self) -> Option<String> {
        let mut line = String::new();
        match self.reader.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line.trim_end_matches(['\r', '\n']).to_string()),
        }
    }

    fn read_response(&mut self) -> Resp {
        let status_line = self.line().expect("status line");
        let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
        let mut headers = Vec::new();
        while let Some(line) = self.line() {
            if line.is_empty() {
                break;
            }
            let (k, v) = line.split_once(':').unwrap();
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
        let mut resp = Resp {
            status,
            headers,
            body: Vec::new(),
            chunks: Vec::new(),
            complete: false,
        };
        if resp.header("transfer-encoding") == Some("chunked") {
            self.read_chunked(&mut resp);
        } else if let Some(len) = resp
            .header("content-length")
            .map(|v| v.parse::<usize>().unwrap())
        {
            let mut buf = vec![0; len];
            let mut got = 0;
            while got < len {
                match self.reader.read(&mut buf[got..]) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => got += n,
                }
            }
            buf.truncate(got);
            resp.complete = got == len;
            resp.body = buf;
        } else {
            let _ = self.reader.read_to_end(&mut resp.body);
            resp.complete = true;
        }
        resp
    }

    fn read_chunked(&mut self, resp: &mut Resp) {
        loop {
            let Some(size_line) = self.line() else { return };
            let size = usize::from_str_radix(size_line.trim(), 16).expect("chunk size");
            if size == 0 {
                let _ = self.line();
                resp.complete = true;
                return;
            }
            let mut chunk = vec![0; size];
            if self.reader.read_exact(&mut chunk).is_err() {
                return;
            }
            let _ = self.line();
            resp.body.extend_from_slice(&chunk);
            resp.chunks.push(chunk);
        }
    }
}

pub fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    Conn::open(addr).send(method, path, headers, body)
}

pub fn post(addr: SocketAddr, path: &str, body: &Value, headers: &[(&str, &str)]) -> Resp {
    let mut all = vec![("content-type", "application/json")];
    all.extend_from_slice(headers);
    send(addr, "POST", path, &all, body.to_string().as_bytes())
}

pub fn get(addr: SocketAddr, path: &str) -> Resp {
    send(addr, "GET", path, &[], b"")
}

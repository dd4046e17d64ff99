//! Closed-loop load generator: N keep-alive HTTP/1.1 connections, each sending the next request
//! as soon as the previous response body has been read, recording per-request latency.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::Request;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

#[derive(Debug, Clone)]
pub struct RequestSpec {
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

#[derive(Debug, Default)]
pub struct LoadResult {
    /// Latency of each completed request, µs.
    pub latencies_us: Vec<u32>,
    /// Completed requests whose status was not 200.
    pub non_200: u64,
    /// Connection or protocol failures (the connection is re-opened).
    pub errors: u64,
    pub elapsed: Duration,
}

impl LoadResult {
    pub fn requests_per_sec(&self) -> f64 {
        self.latencies_us.len() as f64 / self.elapsed.as_secs_f64()
    }
}

/// Drives `addr` for `duration` with `connections` concurrent connections. One thread: the
/// client must stay light next to Envoy and the mock on a small machine.
pub fn run(
    addr: SocketAddr,
    spec: &RequestSpec,
    connections: usize,
    duration: Duration,
) -> LoadResult {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(async {
        let start = Instant::now();
        let deadline = start + duration;
        let tasks: Vec<_> = (0..connections.max(1))
            .map(|_| tokio::spawn(connection_loop(addr, spec.clone(), deadline)))
            .collect();
        let mut total = LoadResult::default();
        for task in tasks {
            let part = task.await.expect("load task panicked");
            total.latencies_us.extend(part.latencies_us);
            total.non_200 += part.non_200;
            total.errors += part.errors;
        }
        total.elapsed = start.elapsed();
        total
    })
}

async fn connection_loop(addr: SocketAddr, spec: RequestSpec, deadline: Instant) -> LoadResult {
    let mut result = LoadResult::default();
    let authority = addr.to_string();
    while Instant::now() < deadline {
        let Some(mut sender) = connect(addr).await else {
            result.errors += 1;
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        while Instant::now() < deadline {
            if sender.ready().await.is_err() {
                result.errors += 1;
                break;
            }
            let mut req = Request::post(spec.path.as_str()).header("host", authority.as_str());
            for (name, value) in &spec.headers {
                req = req.header(name.as_str(), value.as_str());
            }
            let req = req
                .body(Full::new(spec.body.clone()))
                .expect("valid request");

            let sent = Instant::now();
            let ok = match sender.send_request(req).await {
                Ok(resp) => {
                    let status = resp.status();
                    resp.into_body().collect().await.ok().map(|_| status)
                }
                Err(_) => None,
            };
            match ok {
                Some(status) => {
                    let us = sent.elapsed().as_micros().min(u32::MAX as u128) as u32;
                    result.latencies_us.push(us);
                    if status != 200 {
                        result.non_200 += 1;
                    }
                }
                None => {
                    result.errors += 1;
                    break; // re-open the connection
                }
            }
        }
    }
    result
}

async fn connect(addr: SocketAddr) -> Option<http1::SendRequest<Full<Bytes>>> {
    let stream = TcpStream::connect(addr).await.ok()?;
    stream.set_nodelay(true).ok()?;
    let (sender, conn) = http1::handshake(TokioIo::new(stream)).await.ok()?;
    tokio::spawn(async move {
        let _ = conn.await; // errors surface on the sender side
    });
    Some(sender)
}

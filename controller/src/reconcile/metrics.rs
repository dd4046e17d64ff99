//! `reconcile_total` / `reconcile_errors_total` in Prometheus text format, and the probes, on one
//! small HTTP port: `/metrics`, `/healthz` (the process runs), `/readyz` (the API server answered
//! the first lease request). A follower is ready too, or a rolling update would wait forever for
//! a new pod while the old one holds the lease; `leader` (1 or 0) says which replica reconciles.
//!
//! Labels are the CRD kind and, for errors, a fixed error class: never a name from a spec.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Request, Response, StatusCode};

/// Counters shared by the controllers and the HTTP endpoint.
#[derive(Default)]
pub struct Metrics {
    reconciles: Mutex<BTreeMap<&'static str, u64>>,
    errors: Mutex<BTreeMap<(&'static str, &'static str), u64>>,
    ready: AtomicBool,
    leading: AtomicBool,
}

impl Metrics {
    /// One reconcile of an object of `kind` started.
    pub fn reconciled(&self, kind: &'static str) {
        if let Ok(mut m) = self.reconciles.lock() {
            *m.entry(kind).or_default() += 1;
        }
    }

    /// One reconcile of an object of `kind` failed with an error of class `class`.
    pub fn failed(&self, kind: &'static str, class: &'static str) {
        if let Ok(mut m) = self.errors.lock() {
            *m.entry((kind, class)).or_default() += 1;
        }
    }

    pub fn set_ready(&self, ready: bool) {
        self.ready.store(ready, Ordering::Relaxed);
    }

    pub fn set_leading(&self, leading: bool) {
        self.leading.store(leading, Ordering::Relaxed);
    }

    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Relaxed)
    }

    /// The Prometheus text exposition of every counter.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP reconcile_total Reconciles started, by kind.\n");
        out.push_str("# TYPE reconcile_total counter\n");
        if let Ok(m) = self.reconciles.lock() {
            for (kind, n) in m.iter() {
                out.push_str(&format!("reconcile_total{{kind=\"{kind}\"}} {n}\n"));
            }
        }
        out.push_str(
            "# HELP reconcile_errors_total Reconciles that failed, by kind and error class.\n",
        );
        out.push_str("# TYPE reconcile_errors_total counter\n");
        if let Ok(m) = self.errors.lock() {
            for ((kind, class), n) in m.iter() {
                out.push_str(&format!(
                    "reconcile_errors_total{{kind=\"{kind}\",error=\"{class}\"}} {n}\n"
                ));
            }
        }
        out.push_str("# HELP leader 1 while this replica holds the leader lease.\n");
        out.push_str("# TYPE leader gauge\n");
        let leading = u8::from(self.leading.load(Ordering::Relaxed));
        out.push_str(&format!("leader {leading}\n"));
        out
    }

    /// Answers one HTTP request.
    pub fn respond(&self, path: &str) -> (StatusCode, &'static str, String) {
        match path {
            "/metrics" => (StatusCode::OK, "text/plain; version=0.0.4", self.render()),
            "/healthz" => (StatusCode::OK, "text/plain", "ok\n".into()),
            "/readyz" if self.is_ready() => (StatusCode::OK, "text/plain", "ready\n".into()),
            "/readyz" => (
                StatusCode::SERVICE_UNAVAILABLE,
                "text/plain",
                "not started\n".into(),
            ),
            _ => (StatusCode::NOT_FOUND, "text/plain", "not found\n".into()),
        }
    }
}

/// Serves `/metrics`, `/healthz` and `/readyz` on `addr` until the task is dropped.
pub async fn serve(addr: SocketAddr, metrics: Arc<Metrics>) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    loop {
        let (stream, _) = listener.accept().await?;
        let metrics = Arc::clone(&metrics);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
                let (status, content_type, body) = metrics.respond(req.uri().path());
                let response = Response::builder()
                    .status(status)
                    .header("content-type", content_type)
                    .body(Full::new(Bytes::from(body)));
                async move { response }
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            if let Err(e) = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await
            {
                tracing::debug!(error = %e, "metrics connection ended");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_format_counts_by_kind_and_class() {
        let m = Metrics::default();
        m.reconciled("LLMRoute");
        m.reconciled("LLMRoute");
        m.reconciled("LLMPolicy");
        m.failed("LLMRoute", "kube");
        let text = m.render();
        assert!(
            text.contains("reconcile_total{kind=\"LLMRoute\"} 2\n"),
            "{text}"
        );
        assert!(
            text.contains("reconcile_total{kind=\"LLMPolicy\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains("reconcile_errors_total{kind=\"LLMRoute\",error=\"kube\"} 1\n"),
            "{text}"
        );
        assert!(text.contains("# TYPE reconcile_errors_total counter\n"));
    }

    #[test]
    fn readyz_after_start_leader_gauge() {
        let m = Metrics::default();
        assert_eq!(m.respond("/readyz").0, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(m.respond("/healthz").0, StatusCode::OK);
        m.set_ready(true);
        assert_eq!(m.respond("/readyz").0, StatusCode::OK);
        assert!(m.render().contains("leader 0\n"));
        m.set_leading(true);
        assert!(m.render().contains("leader 1\n"));
        assert_eq!(m.respond("/nope").0, StatusCode::NOT_FOUND);
    }
}

//! The mocked API server: every request the reconciler makes is taken in order and checked.

use http::{Request, Response};
use kube::client::Body;
use serde_json::Value;
use std::sync::Arc;

use crate::reconcile::engine::Context;
use crate::reconcile::metrics::Metrics;
use crate::render::istio::IstioOptions;
use crate::render::Build;

type Handle = tower_test::mock::Handle<Request<Body>, Response<Body>>;

/// One request, as the API server saw it.
pub struct Seen {
    pub method: String,
    /// Path and query, e.g. `/apis/.../envoyfilters/x?&force=true&fieldManager=...`.
    pub uri: String,
    pub body: Value,
    send: tower_test::mock::SendResponse<Response<Body>>,
}

impl Seen {
    pub fn reply(self, status: u16, body: &Value) {
        let bytes = serde_json::to_vec(body).unwrap();
        self.send.send_response(
            Response::builder()
                .status(status)
                .body(Body::from(bytes))
                .unwrap(),
        );
    }

    /// Answers as the API server does to an apply: the object as applied.
    pub fn echo(self) {
        let body = self.body.clone();
        self.reply(200, &body);
    }
}

pub struct ApiServer {
    handle: Handle,
    /// Every (method, uri) seen, for the RBAC check.
    pub log: Vec<(String, String)>,
}

impl ApiServer {
    /// The next request; it must be `method uri`.
    pub async fn expect(&mut self, method: &str, uri: &str) -> Seen {
        let seen = self.next().await;
        assert_eq!(
            (seen.method.as_str(), seen.uri.as_str()),
            (method, uri),
            "unexpected request"
        );
        seen
    }

    pub async fn next(&mut self) -> Seen {
        let (req, send) = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            self.handle.next_request(),
        )
        .await
        .expect("the reconciler made no further request")
        .expect("the service is still open");
        let method = req.method().to_string();
        let uri = req.uri().to_string();
        let bytes = req.into_body().collect_bytes().await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap()
        };
        self.log.push((method.clone(), uri.clone()));
        Seen {
            method,
            uri,
            body,
            send,
        }
    }
}

/// A context whose client talks to the returned mock API server, with a fixed clock.
pub fn context() -> (Arc<Context>, ApiServer) {
    let (svc, handle) = tower_test::mock::pair::<Request<Body>, Response<Body>>();
    let client = kube::Client::new(svc, "default");
    let mut ctx = Context::new(
        client,
        Build::Wasm,
        IstioOptions::default(),
        Arc::new(Metrics::default()),
    );
    ctx.now = || "2026-03-01T12:00:00Z".parse().unwrap();
    (
        Arc::new(ctx),
        ApiServer {
            handle,
            log: Vec::new(),
        },
    )
}

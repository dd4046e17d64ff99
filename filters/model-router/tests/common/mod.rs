//! Drives model-router sessions through the native test host: the route stage, then (for what
//! it sent upstream) the upstream stage on each attempt, with the filter state the route stage
//! left, as Envoy shares it.
#![allow(dead_code)]

use llm_filters_core::session::Filter;
use llm_filters_core::testing::{empty_answer, run, Message, Outcome, Sent, TestHost};
use model_router::policy::load_policies;
use model_router::session::{ModelRouter, Stage};
use serde_json::Value;
use std::sync::Arc;

pub const BACKEND_METADATA: [&str; 5] = [
    "xds",
    "upstream_host_metadata",
    "filter_metadata",
    "llm",
    "backend",
];

pub struct Gateway {
    pub route: Arc<ModelRouter>,
    pub upstream: Arc<ModelRouter>,
}

pub fn key_of(name: &str) -> Option<String> {
    Some(format!("key-of-{name}"))
}

impl Gateway {
    pub fn new(config: &Value) -> Self {
        let load = |stage| {
            Arc::new(ModelRouter::new(
                load_policies(config.to_string().as_bytes(), &key_of).unwrap(),
                stage,
            ))
        };
        Gateway {
            route: load(Stage::Route),
            upstream: load(Stage::Upstream),
        }
    }

    /// The route stage alone.
    pub fn route(&self, host: TestHost, request: &Message) -> Outcome {
        let mut session = self.route.new_session(7);
        run(&mut session, host, request, empty_answer)
    }

    /// One upstream attempt to `backend` of what the route stage sent, with its filter state.
    pub fn attempt(&self, routed: &Outcome, sent: &Sent, backend: &str) -> Outcome {
        let mut host = TestHost::default().with_property(&BACKEND_METADATA, backend.as_bytes());
        host.filter_state = routed.host.filter_state.clone();
        self.attempt_with(host, sent)
    }

    pub fn attempt_with(&self, host: TestHost, sent: &Sent) -> Outcome {
        let request = Message {
            headers: sent
                .headers
                .iter()
                .map(|(n, v)| (n.clone(), v.as_bytes().to_vec()))
                .collect(),
            ..Message::default()
        }
        .body(&sent.body);
        let mut session = self.upstream.new_session(9);
        run(&mut session, host, &request, empty_answer)
    }

    /// Route stage then the primary attempt: what the provider receives.
    pub fn provider_gets(&self, request: &Message) -> (Outcome, Option<Sent>) {
        let routed = self.route(TestHost::default(), request);
        let provider = routed.upstream.clone().and_then(|sent| {
            let backend = sent.header("x-llm-backend").unwrap_or("").to_string();
            self.attempt(&routed, &sent, &backend).upstream
        });
        (routed, provider)
    }
}

pub fn json_body(sent: &Sent) -> Value {
    serde_json::from_slice(&sent.body).unwrap_or(Value::Null)
}

pub fn internal_headers(sent: &Sent) -> Vec<String> {
    sent.headers
        .iter()
        .map(|(n, _)| n.clone())
        .filter(|n| n.starts_with("x-llm-"))
        .collect()
}

pub fn error_of(outcome: &Outcome) -> Value {
    serde_json::from_str(&outcome.client_body()).unwrap_or(Value::Null)
}

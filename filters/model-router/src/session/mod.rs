//! model-router as a host-independent session (see `llm_filters_core::session`). One filter
//! type serves both stages; the instance name (proxy-wasm `root_id`) picks the stage.

mod route;
mod translate;
mod upstream;

use crate::policy::{load_policies, Policies, RoutePolicy};
use llm_filters_core::config::ConfigError;
use llm_filters_core::contract::is_internal_header;
use llm_filters_core::hash::fnv1a64;
use llm_filters_core::headers;
use llm_filters_core::session::{Filter, Flow, Host, LoadContext, Session};
use std::sync::Arc;

pub use route::RouteStage;
pub use upstream::UpstreamStage;

/// The instance name of the upstream stage; any other name is the route stage.
pub const UPSTREAM_INSTANCE: &str = "model_router_upstream";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Downstream: holds the headers, reads the body, decides, publishes.
    Route,
    /// In the backend cluster's upstream filter chain: fixes each attempt up for its backend.
    Upstream,
}

/// The loaded configuration, shared by every stream of one stage.
#[derive(Debug)]
pub struct ModelRouter {
    policies: Policies,
    stage: Stage,
    /// The route-selection header names of every config (`backendHeader`, `modelHeader`): the
    /// route stage removes client-sent copies of them like every `x-llm-*` header.
    published: Vec<String>,
}

impl ModelRouter {
    /// Build from already-loaded policies (tests and other hosts).
    pub fn new(policies: Policies, stage: Stage) -> Self {
        let mut published: Vec<String> = policies
            .default
            .iter()
            .chain(policies.rules.iter().map(|r| &r.config))
            .flat_map(|p| {
                [
                    p.config.backend_header.clone(),
                    p.config.model_header.clone(),
                ]
            })
            .collect();
        published.sort();
        published.dedup();
        ModelRouter {
            policies,
            stage,
            published,
        }
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }

    fn policy(&self, index: Option<usize>) -> Option<&RoutePolicy> {
        self.policies.config_at(index)
    }

    /// Whether a client may not send this header: internal by prefix, or a name the router
    /// publishes its decision in.
    fn is_reserved(&self, name: &str) -> bool {
        is_internal_header(name) || self.published.iter().any(|p| p.eq_ignore_ascii_case(name))
    }
}

impl Filter for ModelRouter {
    const NAME: &'static str = "model-router";
    type Session = RouterSession;

    fn load(config: &[u8], context: &dyn LoadContext) -> Result<Self, ConfigError> {
        let policies = load_policies(config, &|name| context.env_var(name))?;
        let stage = if context.instance_name() == UPSTREAM_INSTANCE {
            Stage::Upstream
        } else {
            Stage::Route
        };
        Ok(ModelRouter::new(policies, stage))
    }

    fn new_session(self: &Arc<Self>, seed: u64) -> RouterSession {
        match self.stage {
            Stage::Route => RouterSession::Route(RouteStage::new(self.clone(), seed)),
            Stage::Upstream => RouterSession::Upstream(UpstreamStage::new(self.clone())),
        }
    }
}

/// One stream of either stage.
pub enum RouterSession {
    Route(RouteStage),
    Upstream(UpstreamStage),
}

impl RouterSession {
    fn stage(&mut self) -> &mut dyn Session {
        match self {
            RouterSession::Route(s) => s,
            RouterSession::Upstream(s) => s,
        }
    }
}

impl Session for RouterSession {
    fn on_request_headers(&mut self, host: &mut dyn Host, end_of_stream: bool) -> Flow {
        self.stage().on_request_headers(host, end_of_stream)
    }

    fn on_request_body(
        &mut self,
        host: &mut dyn Host,
        body_size: usize,
        end_of_stream: bool,
    ) -> Flow {
        self.stage().on_request_body(host, body_size, end_of_stream)
    }

    fn on_request_trailers(&mut self, host: &mut dyn Host) -> Flow {
        self.stage().on_request_trailers(host)
    }

    fn on_response_headers(&mut self, host: &mut dyn Host, end_of_stream: bool) -> Flow {
        self.stage().on_response_headers(host, end_of_stream)
    }

    fn on_response_body(
        &mut self,
        host: &mut dyn Host,
        body_size: usize,
        end_of_stream: bool,
    ) -> Flow {
        self.stage()
            .on_response_body(host, body_size, end_of_stream)
    }

    fn on_response_trailers(&mut self, host: &mut dyn Host) -> Flow {
        self.stage().on_response_trailers(host)
    }
}

/// The weighted-choice seed: a hash of `x-request-id` when there is one, so a request's
/// backend can be predicted from its id, else the host's per-stream seed.
fn request_seed(headers: &[(String, String)], fallback: u64) -> u64 {
    headers::get(headers, "x-request-id").map_or(fallback, |id| fnv1a64(id.as_bytes()))
}

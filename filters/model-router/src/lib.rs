#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]
//! # model-router
//!
//! Routes LLM requests by the model named in the body. Per route (through the `{default, rules}`
//! plugin config) it resolves aliases, matches model names and headers against rules, splits by
//! weight among backends, and publishes the decision as request headers (`x-llm-backend`,
//! `x-llm-model`) that Envoy's route table matches on, and as filter state
//! (`llm.routed_backend`, `llm.routed_model`) for other filters and the access log. It rewrites
//! `model` for the chosen backend, sets the provider's credentials from the proxy's environment
//! and can strip the client's own.
//!
//! ## Two stages in one module
//! - **route stage** (`root_id: model_router`, a downstream HTTP filter with
//!   `allow_on_headers_stop_iteration: true`): holds the request headers until the body is read,
//!   decides, edits headers and body, and continues; Envoy then re-selects the route from the
//!   new headers. It hands the fallback plan to the upstream stage as filter state.
//! - **upstream stage** (`root_id: model_router_upstream`, an upstream HTTP filter in the
//!   backend's cluster): runs on every attempt and, when Envoy's retry sent the attempt to a
//!   fallback backend, swaps model name, credentials and authority for that backend's. It is the
//!   last filter before the provider and removes every internal header.
//!
//! ## One API for every provider
//! Each backend declares its API `schema` (`openai`, `anthropic`, `azure-openai`, OpenAI-compatible
//! with a `pathPrefix`). The upstream stage translates each attempt whose backend speaks another
//! API than the client ([`translate`]): the request on the way out, the answer, errors and
//! streams on the way back, so the filters before the router always see the client's API. The
//! route stage answers `GET /v1/models` from the config. Mapping table: the crate README.
//!
//! ## Trust boundary
//! Nothing a client sends can steer the router past its config:
//! - the route stage removes every client-sent `x-llm-*` header (and the configured
//!   `backendHeader`/`modelHeader`) before it reads anything; Envoy routes only on the values it
//!   sets afterwards;
//! - the fallback plan and the budget override (token-meter's `llm.model_override`) travel as
//!   filter state, which a client cannot write; the budget model goes through aliases and strict
//!   mode like any model;
//! - `overrideHeader` is a client's choice of model, judged exactly like the body's;
//! - the model name is validated ([`model_name`]: 1 to 256 of `A-Z a-z 0-9 . _ : / @ + -`)
//!   before it goes into a header, filter state or the body: otherwise a 400 `invalid_model`;
//!   a body naming the model twice is refused (400 `duplicate_model`), and an escaped spelling
//!   is forwarded plain, so the provider reads the model the router decided;
//! - the upstream stage removes every internal header, the override header and `removeHeaders`
//!   (e.g. `x-client-id`) before the provider.
//!
//! ## Fallback, and why this way
//! Envoy 1.40 gives a wasm filter two ways to serve a failed request elsewhere:
//! 1. **Envoy retries across priorities** (what this crate uses). The cluster for backend `a`
//!    lists `a`'s endpoints at priority 0 and each fallback backend's endpoints at priorities
//!    1, 2, ... in the order of `backends.a.fallback`, each endpoint tagged with
//!    `filter_metadata.llm.backend`. The route retries on `5xx,reset,connect-failure,
//!    retriable-status-codes` (429) with a `per_try_timeout` and the `previous_priorities` retry
//!    priority, so attempt *n* goes to the *n*-th backend. The upstream stage reads the endpoint
//!    metadata of each attempt and rewrites the request for it. This works for streaming
//!    requests too, because a provider that fails does so before its response headers; Envoy's
//!    own retry budget, back-off, `x-envoy-attempt-count` and upstream stats all apply. The
//!    cost: the fallback order is also written in the Envoy cluster (the controller renders both
//!    from this config), and a stream that fails after its first byte cannot be retried by
//!    anyone without replaying output the client already has.
//! 2. **Filter-driven re-dispatch** (`dispatch_http_call` from the response path after a 5xx).
//!    It needs no cluster layout, but the answer comes back as one buffered body, so a streaming
//!    request would silently turn into a buffered one, timeouts and retry budgets are the
//!    filter's own, and the client waits for the whole answer. Rejected for those reasons.

pub mod config;
pub mod credentials;
pub mod decide;
pub mod model_field;
/// The shared model-name rule (one rule for every filter).
pub use llm_filters_core::api::model_name;
pub mod plan;
pub mod policy;
pub mod session;
pub mod translate;
pub mod upstream;

pub use config::RouterConfig;
pub use session::ModelRouter;

llm_filters_core::register_wasm_filter!(crate::session::ModelRouter);

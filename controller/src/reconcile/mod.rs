//! Reconcile: a kube-rs `Controller` over `LLMRoute` and `LLMPolicy` (and the Secrets they
//! reference). A reconcile of any CR recomputes its whole namespace: every route and policy there
//! folds into one set of Istio objects. Everything is computed first; only then is anything
//! applied (server-side apply, owner references), stale objects pruned, and status written.

pub mod apply;
pub mod compute;
pub mod controller;
pub mod engine;
pub mod lease;
pub mod metrics;
pub mod objects;
pub mod snapshot;
pub mod status;

pub use controller::{run, RunOptions, FINALIZER};
pub use engine::Context;

#[cfg(test)]
pub(crate) mod tests;

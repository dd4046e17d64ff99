//! Reconcile: a kube-rs `Controller` over `LLMRoute` and `LLMPolicy` (and the Secrets they
//! reference). A reconcile of any CR recomputes its whole namespace: every route and policy there
//! folds into one set of Istio objects. Everything is computed first; only then is anything
//! applied (server-side apply, owner references), stale objects pruned, and status written.

pub mod apply;
pub mod lease;
pub mod metrics;
pub mod objects;
pub mod status;

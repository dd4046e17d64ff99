//! Reconcile tests against kube-rs's mocked API service (`tower-test`), as kube-rs's
//! controller-rs example does: each test plays the API server and asserts the exact
//! conversation (methods, paths, queries, apply and status bodies).

mod conversation;
mod deploy;
pub(crate) mod fixtures;
mod rbac;
mod server;
mod wiring;

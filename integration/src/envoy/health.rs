//! "Is the gateway still healthy?": wasm VM failure stats, connections per worker, and a check
//! that normal requests succeed on every worker after a test's hostile traffic.
//!
//! A panic inside a wasm VM disables that filter on that worker: with `FAIL_CLOSED` for good and
//! without any stat, with `FAIL_RELOAD` (the harness's default) until a fresh VM is loaded, counted
//! in `wasm.<plugin name>.vm_reload*`. Checked on Envoy 1.40.0 by making token-meter panic: each
//! failed request then counts `wasm.token_meter.vm_reload_backoff` (refused, 503, while the 1 s
//! reload backoff runs) and the reload `wasm.token_meter.vm_reload_success`; the failed stream's
//! response code details are `wasm_fail_stream`.
//!
//! The native build has no VM: a panic costs that one request (a 500) and is logged by the
//! module; the health check counts those log lines instead.

use std::collections::BTreeMap;

use serde_json::json;

use super::Envoy;
use crate::http::{self, HttpResponse};

/// The line the native module logs for every panic it caught at the ABI boundary.
pub const NATIVE_PANIC_LOG: &str = "llm_filters: panic caught at";
/// The key [`Envoy::wasm_failures`] reports caught panics under on the native build.
pub const NATIVE_PANICS: &str = "native.panics_caught (Envoy log)";

/// Suffixes of the per-plugin counters Envoy keeps for failed VMs (`wasm.<plugin>.<suffix>`).
pub const WASM_FAILURE_STATS: [&str; 4] = [
    "vm_reload",
    "vm_reload_backoff",
    "vm_reload_failure",
    "vm_reload_success",
];

impl Envoy {
    /// Every non-zero wasm VM failure counter (`wasm.<plugin>.vm_reload*`); empty when no VM failed.
    ///
    /// The native module has no VM and no such stats; a failed filter there is a panic it
    /// caught (that request got a 500), which it logs: the count of those lines comes as
    /// [`NATIVE_PANICS`]. Both are read on either build (a config may load the module itself).
    pub fn wasm_failures(&self) -> BTreeMap<String, u64> {
        let mut failures: BTreeMap<String, u64> = self
            .stats()
            .into_iter()
            .filter(|(name, value)| *value > 0 && is_wasm_failure_stat(name))
            .collect();
        let panics = self.logs().matches(NATIVE_PANIC_LOG).count() as u64;
        if panics > 0 {
            failures.insert(NATIVE_PANICS.to_string(), panics);
        }
        failures
    }

    /// Connections each worker accepted on the traffic listener so far, by worker index
    /// (`listener.<address>.worker_<n>.downstream_cx_total`).
    pub fn worker_connections(&self) -> Vec<u64> {
        worker_connections(&self.stats(), self.concurrency)
    }
}

fn is_wasm_failure_stat(name: &str) -> bool {
    name.strip_prefix("wasm.")
        .and_then(|rest| rest.rsplit_once('.'))
        .is_some_and(|(_, suffix)| WASM_FAILURE_STATS.contains(&suffix))
}

fn worker_connections(stats: &BTreeMap<String, u64>, workers: u32) -> Vec<u64> {
    (0..workers)
        .map(|w| {
            let suffix = format!(".worker_{w}.downstream_cx_total");
            stats
                .iter()
                .filter(|(name, _)| {
                    name.starts_with("listener.")
                        && !name.starts_with("listener.admin.")
                        && name.ends_with(&suffix)
                })
                .map(|(_, v)| *v)
                .sum()
        })
        .collect()
}

/// A plain chat completion for `gpt-4o-mini` that every gateway config in this repo serves.
pub fn normal_chat_request(envoy: &Envoy) -> HttpResponse {
    http::post_json(
        &envoy.url("/v1/chat/completions"),
        &[],
        &json!({ "model": "gpt-4o-mini", "messages": [{ "role": "user", "content": "Hello, are you there?" }] }),
    )
}

/// At least `n_requests` [`normal_chat_request`]s succeed (200 with an assistant message), every
/// worker served some of them, and no wasm VM failure stat counts anything.
pub fn assert_healthy_after(envoy: &Envoy, n_requests: usize) {
    assert_healthy_with(envoy, n_requests, normal_chat_request, normal_answer);
}

/// Like [`assert_healthy_after`] with the test's own request and check.
pub fn assert_healthy_with<R, C>(envoy: &Envoy, n_requests: usize, request: R, check: C)
where
    R: Fn(&Envoy) -> HttpResponse + Sync,
    C: Fn(&HttpResponse) -> Result<(), String> + Sync,
{
    assert_every_worker_serves_with(envoy, n_requests, request, check);
    let failed_vms = envoy.wasm_failures();
    assert!(failed_vms.is_empty(), "wasm VMs failed: {failed_vms:?}");
}

/// [`assert_healthy_after`] without the wasm failure stats: for tests that crash a VM on purpose
/// and check that the gateway recovered.
pub fn assert_every_worker_serves(envoy: &Envoy, n_requests: usize) {
    assert_every_worker_serves_with(envoy, n_requests, normal_chat_request, normal_answer);
}

/// The check of [`assert_healthy_after`]: 200 with a non-empty assistant message.
pub fn normal_answer(resp: &HttpResponse) -> Result<(), String> {
    let body: serde_json::Value = serde_json::from_slice(&resp.body).unwrap_or_default();
    let answer = &body["choices"][0]["message"]["content"];
    if resp.status == 200 && answer.as_str().is_some_and(|a| !a.is_empty()) {
        Ok(())
    } else {
        Err(format!("status {} body {}", resp.status, resp.text()))
    }
}

/// Sends `request`s in rounds of one per worker, in parallel on fresh connections (the harness
/// balances connections exactly), until `n_requests` were sent and every worker accepted at
/// least one of them (a bounded number of extra rounds is allowed for that). Panics listing every
/// failed check.
pub fn assert_every_worker_serves_with<R, C>(envoy: &Envoy, n_requests: usize, request: R, check: C)
where
    R: Fn(&Envoy) -> HttpResponse + Sync,
    C: Fn(&HttpResponse) -> Result<(), String> + Sync,
{
    let workers = envoy.concurrency().max(1) as usize;
    let before = envoy.worker_connections();
    let max_rounds = n_requests.div_ceil(workers) + 10;
    let mut sent = 0;
    let mut failures = Vec::new();
    let mut served = vec![0; workers];
    for _ in 0..max_rounds {
        let results: Vec<Result<(), String>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..workers)
                .map(|_| s.spawn(|| check(&request(envoy))))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err("request panicked".into())))
                .collect()
        });
        sent += results.len();
        failures.extend(results.into_iter().filter_map(Result::err));
        let now = envoy.worker_connections();
        served = now
            .iter()
            .zip(&before)
            .map(|(n, b)| n.saturating_sub(*b))
            .collect();
        if sent >= n_requests && served.iter().all(|n| *n > 0) {
            break;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {sent} normal requests failed: {failures:#?}",
        failures.len()
    );
    assert!(
        served.iter().all(|n| *n > 0),
        "not every worker served a request: connections per worker {served:?}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_wasm_failure_counters_only() {
        assert!(is_wasm_failure_stat("wasm.token_meter.vm_reload_backoff"));
        assert!(is_wasm_failure_stat("wasm.model_router_upstream.vm_reload"));
        assert!(!is_wasm_failure_stat("wasm.envoy.wasm.runtime.v8.created"));
        assert!(!is_wasm_failure_stat("wasmcustom.llm_router.vm_reload.x"));
        assert!(!is_wasm_failure_stat("wasm.remote_load_cache_hits"));
    }

    #[test]
    fn sums_connections_per_worker_and_skips_admin() {
        let stats: BTreeMap<String, u64> = [
            ("listener.127.0.0.1_1000.worker_0.downstream_cx_total", 3),
            ("listener.127.0.0.1_1000.worker_1.downstream_cx_total", 5),
            ("listener.admin.worker_0.downstream_cx_total", 9),
            ("listener.127.0.0.1_1000.downstream_cx_total", 8),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(worker_connections(&stats, 2), vec![3, 5]);
    }
}

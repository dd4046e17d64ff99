//! The five configurations every hostile case runs through: each filter alone in front of the
//! mock, and the full chain of `envoy/bootstrap.yaml` (prompt-transform → pii-mask →
//! token-meter → model-router, upstream stage on the clusters), all with `--concurrency 2`.
//!
//! Envoys are pooled per configuration so the suite stays fast. A test leases a gateway; every
//! failure check compares against a baseline taken at lease time, and a gateway handed back by
//! a failed test is reused only after normal requests succeed on it again (a VM that failed
//! with `FAIL_RELOAD` comes back), else it is replaced by a fresh Envoy. So one case's crash
//! cannot make another case fail.

use std::collections::{BTreeMap, HashMap};
use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use llm_integration::bootstrap::Bootstrap;
use llm_integration::envoy::{Envoy, EnvoyOptions};
use llm_integration::gateways::model_router::{BackendCluster, RouterGateway};
use llm_integration::gateways::{pii_mask, prompt_transform, token_meter};
use llm_integration::http;
use llm_integration::start_mock;
use llm_integration::{target_dir, workspace_root};
use mock_llm::{MockConfig, MockServer};
use serde_json::{json, Value};

/// Provider keys the model-router config injects (from Envoy's environment). They may reach
/// the mock only as the `authorization` header.
pub const PRIMARY_KEY: &str = "sk-gateway-primary-000000000000000000000000";
pub const BACKUP_KEY: &str = "sk-gateway-backup-1111111111111111111111111";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    TokenMeter,
    PiiMask,
    PromptTransform,
    ModelRouter,
    /// envoy/bootstrap.yaml as shipped (ports and module paths relocated).
    Chain,
}

impl Kind {
    pub fn has_pii_mask(self) -> bool {
        matches!(self, Kind::PiiMask | Kind::Chain)
    }
    pub fn has_router(self) -> bool {
        matches!(self, Kind::ModelRouter | Kind::Chain)
    }
    pub fn has_meter(self) -> bool {
        matches!(self, Kind::TokenMeter | Kind::Chain)
    }
    pub fn has_prompt_transform(self) -> bool {
        matches!(self, Kind::PromptTransform | Kind::Chain)
    }

    /// The model a normal client asks for.
    pub fn client_model(self) -> &'static str {
        match self {
            Kind::Chain => "fast",
            _ => "gpt-4o-mini",
        }
    }

    /// The model the primary backend must receive for [`Kind::client_model`].
    pub fn routed_model(self) -> &'static str {
        match self {
            Kind::Chain => "mock-small",
            _ => "gpt-4o-mini",
        }
    }

    /// The model the fallback backend must receive.
    pub fn backup_model(self) -> Option<&'static str> {
        match self {
            Kind::Chain => Some("mock-backup-model"),
            Kind::ModelRouter => Some("backup-model"),
            _ => None,
        }
    }

    /// Models the config lets reach the provider, when the config restricts them (strict
    /// model-router). The chain is not strict, so its cases assert the exact model instead.
    pub fn allowed_models(self) -> Option<&'static [&'static str]> {
        match self {
            Kind::ModelRouter => Some(&["gpt-4o-mini", "backup-model"]),
            _ => None,
        }
    }
}

pub struct Gateway {
    pub kind: Kind,
    pub envoy: Envoy,
    pub mock: MockServer,
    /// Taken when a test leases the gateway: failures are what moved since.
    pub baseline: Baseline,
    requests: AtomicUsize,
}

/// Wasm health counters when the lease began.
#[derive(Clone, Debug, Default)]
pub struct Baseline {
    /// `wasm.<plugin>.vm_reload*` values.
    pub vm_failures: BTreeMap<String, u64>,
    /// `wasm.envoy.wasm.runtime.v8.created`: a VM created later is a reload.
    pub vms_created: u64,
    /// Lines in Envoy's log: only later lines are searched for panics.
    pub log_lines: usize,
}

impl Gateway {
    /// A unique client id per request: the chain's token-meter has a 60 requests/minute quota
    /// per client, which a whole test (health checks included) would otherwise exhaust.
    pub fn client_id(&self) -> String {
        format!("hostile-{}", self.requests.fetch_add(1, Ordering::Relaxed))
    }

    pub fn url(&self, path: &str) -> String {
        self.envoy.url(path)
    }

    fn take_baseline(&mut self) {
        let stats = self.envoy.stats();
        self.baseline = Baseline {
            vm_failures: stats
                .iter()
                .filter(|(k, _)| is_vm_failure_stat(k))
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
            vms_created: stats.get(VMS_CREATED).copied().unwrap_or(0),
            log_lines: self.envoy.logs().lines().count(),
        };
    }

    /// A gateway handed back by a failed test is reused only if normal requests succeed on it
    /// again on every worker (a reloaded VM recovers within about a second): a streak of
    /// successes during which each worker accepted a connection.
    fn recovered(&self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(8);
        let mut streak_start = self.worker_connections();
        let mut good = 0;
        while Instant::now() < deadline {
            let body = serde_json::json!({ "model": self.kind.client_model(),
                "messages": [{ "role": "user", "content": "Hello!" }] });
            let client = self.client_id();
            let ok = http::try_request(
                "POST",
                &self.url("/v1/chat/completions"),
                &[
                    ("content-type", "application/json"),
                    ("x-client-id", &client),
                ],
                body.to_string().as_bytes(),
                Duration::from_secs(5),
            )
            .is_ok_and(|r| r.status == 200);
            if !ok {
                good = 0;
                std::thread::sleep(Duration::from_millis(100));
                streak_start = self.worker_connections();
                continue;
            }
            good += 1;
            let now = self.worker_connections();
            let every_worker = now.len() >= 2
                && now
                    .iter()
                    .all(|(k, v)| streak_start.get(k).copied().unwrap_or(0) < *v);
            if good >= 4 && every_worker {
                return true;
            }
        }
        false
    }

    /// Connections each worker accepted (`listener.<addr>.worker_<n>.downstream_cx_total`).
    pub fn worker_connections(&self) -> BTreeMap<String, u64> {
        let prefix = format!("listener.127.0.0.1_{}.worker_", self.envoy.listener_port());
        self.envoy
            .stats()
            .into_iter()
            .filter(|(k, _)| k.starts_with(&prefix) && k.ends_with(".downstream_cx_total"))
            .collect()
    }
}

pub const VMS_CREATED: &str = "wasm.envoy.wasm.runtime.v8.created";

pub fn is_vm_failure_stat(name: &str) -> bool {
    name.starts_with("wasm.") && name.contains(".vm_reload")
}

fn mock(kind: Kind) -> MockServer {
    start_mock(MockConfig {
        name: format!("{kind:?}").to_lowercase(),
        ..MockConfig::default()
    })
}

/// Rules on `*.example.com` exercise host matching (non-ASCII :authority) in every filter.
fn with_host_rule(default: Value, rule: Value) -> Value {
    json!({ "default": default, "rules": [{ "match": { "hosts": ["*.example.com"] }, "config": rule }] })
}

pub fn pii_config() -> Value {
    let default = pii_mask::example_config()["default"].clone();
    // On *.example.com emails are redacted instead of placeholdered: observable rule choice.
    let mut rule = default.clone();
    rule["detectors"]["email"] = json!({ "action": "redact" });
    with_host_rule(default, rule)
}

fn meter_config() -> Value {
    let default = json!({
        "client": { "header": "x-client-id" },
        "quota": { "tokensPerMinute": 1_000_000_000u64, "requestsPerMinute": 1_000_000u64 },
        "prices": { "gpt-4o-mini*": { "input": 0.15, "output": 0.6, "cachedInput": 0.075 } },
        "metrics": { "clientLabels": ["demo"] }
    });
    with_host_rule(default.clone(), default)
}

fn prompt_config() -> Value {
    let default = json!({
        "decorators": { "system": { "content": "You are terse.", "mode": "ifAbsent" } },
        "params": { "temperature": { "value": 0.3 }, "maxTokens": { "max": 4096, "outOfRange": "clamp" } }
    });
    with_host_rule(default.clone(), default)
}

fn router_config() -> Value {
    let auth = |env: &str| json!({ "secretEnv": env });
    let default = json!({
        "strict": true,
        "aliases": { "fast": "gpt-4o-mini" },
        "backends": {
            "primary": { "fallback": ["backup"], "auth": auth("HOSTILE_PRIMARY_KEY"), "stripClientAuth": true },
            "backup": { "modelNameOverride": "backup-model", "auth": auth("HOSTILE_BACKUP_KEY"), "stripClientAuth": true }
        },
        "routes": [{ "models": ["gpt-4o-mini"], "targets": [{ "backend": "primary" }] }],
        "defaultBackend": "primary"
    });
    with_host_rule(default.clone(), default)
}

fn router_gateway(mock: &MockServer) -> RouterGateway {
    let mut gateway = RouterGateway::new(
        router_config(),
        vec![
            BackendCluster::new("primary", mock.addr()).with_fallback("backup", mock.addr()),
            BackendCluster::new("backup", mock.addr()),
        ],
    );
    gateway.env_keys = vec!["HOSTILE_PRIMARY_KEY".into(), "HOSTILE_BACKUP_KEY".into()];
    gateway
}

fn bootstrap(kind: Kind, mock: &MockServer) -> Bootstrap {
    match kind {
        Kind::TokenMeter => token_meter::meter_gateway(&meter_config(), mock.addr()),
        Kind::PiiMask => pii_mask::bootstrap(&pii_config(), &[], mock.addr()),
        Kind::PromptTransform => prompt_transform::bootstrap(&prompt_config(), mock.addr()),
        Kind::ModelRouter => router_gateway(mock).bootstrap(),
        Kind::Chain => local_gateway(mock),
    }
}

fn start(kind: Kind) -> Gateway {
    let mock = mock(kind);
    let options = EnvoyOptions {
        concurrency: 2,
        env: vec![
            ("HOSTILE_PRIMARY_KEY".into(), PRIMARY_KEY.into()),
            ("HOSTILE_BACKUP_KEY".into(), BACKUP_KEY.into()),
        ],
        ..EnvoyOptions::default()
    };
    let envoy = Envoy::start(&bootstrap(kind, &mock), options);
    Gateway {
        kind,
        envoy,
        mock,
        baseline: Baseline::default(),
        requests: AtomicUsize::new(0),
    }
}

/// A gateway not leased right now, with whether its last test passed.
type Pooled = (Gateway, bool);

/// Gateways not leased right now, by configuration.
static POOL: Mutex<Option<HashMap<Kind, Vec<Pooled>>>> = Mutex::new(None);

/// A gateway of this kind for the duration of a test; back to the pool on drop. One handed
/// back by a failing test is probed before reuse (see [`lease`]).
pub struct Lease(Option<Gateway>);

impl Deref for Lease {
    type Target = Gateway;
    fn deref(&self) -> &Gateway {
        self.0.as_ref().expect("leased gateway")
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let Some(gateway) = self.0.take() else { return };
        let failed = std::thread::panicking();
        if failed {
            let logs = gateway.envoy.logs();
            let new: Vec<&str> = logs.lines().skip(gateway.baseline.log_lines).collect();
            let tail = new.get(new.len().saturating_sub(40)..).unwrap_or_default();
            eprintln!(
                "--- {:?} Envoy log during this test (last {} lines, work dir {}) ---\n{}",
                gateway.kind,
                tail.len(),
                gateway.envoy.work_dir().display(),
                tail.join("\n")
            );
        }
        let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
        pool.get_or_insert_with(HashMap::new)
            .entry(gateway.kind)
            .or_default()
            .push((gateway, !failed));
    }
}

/// A gateway of this kind: a pooled one (after a failed test only if it recovered), else a new
/// Envoy. The wasm failure baseline is taken now.
pub fn lease(kind: Kind) -> Lease {
    static AT_EXIT: std::sync::Once = std::sync::Once::new();
    // SAFETY: registers a plain `extern "C" fn` with libc; it runs once, at process exit.
    AT_EXIT.call_once(|| unsafe {
        libc::atexit(drain_pool);
    });
    loop {
        let pooled = {
            let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
            pool.get_or_insert_with(HashMap::new)
                .get_mut(&kind)
                .and_then(Vec::pop)
        };
        let mut gateway = match pooled {
            Some((g, true)) => g,
            Some((g, false)) if g.recovered() => g,
            Some((broken, false)) => {
                drop(broken); // its VMs did not come back: a fresh Envoy instead
                continue;
            }
            None => start(kind),
        };
        gateway.mock.clear();
        gateway.take_baseline();
        return Lease(Some(gateway));
    }
}

/// At exit: stop the pooled Envoys whose last test passed (removing their work dirs); keep the
/// work dirs of those whose last test failed, for the log the failure message points to.
extern "C" fn drain_pool() {
    let _ = std::panic::catch_unwind(|| {
        let pool = POOL.lock().ok().and_then(|mut p| p.take());
        for (gateway, passed) in pool.into_iter().flat_map(|p| p.into_values()).flatten() {
            if passed {
                drop(gateway);
            } else {
                // The process dies with the test runner (PDEATHSIG); the dir stays.
                std::mem::forget(gateway);
            }
        }
    });
}

// ---- envoy/bootstrap.yaml, relocated onto the harness's ports and this test's mock ----

const GATEWAY_PORT: u64 = 10000;
const ADMIN_PORT: u64 = 9901;
const MOCK_PORT: u64 = 18000;

/// The shipped chain with every backend address dead (nothing listens there): Envoy's own
/// replies, not the mock's. Not pooled.
pub fn start_chain_without_backends() -> Envoy {
    let dead = llm_integration::free_port();
    let options = EnvoyOptions {
        concurrency: 2,
        ..EnvoyOptions::default()
    };
    Envoy::start(&relocated_chain(dead), options)
}

fn local_gateway(mock: &MockServer) -> Bootstrap {
    relocated_chain(mock.port())
}

fn relocated_chain(mock_port: u16) -> Bootstrap {
    let text = std::fs::read_to_string(workspace_root().join("envoy/bootstrap.yaml"))
        .expect("read envoy/bootstrap.yaml");
    let original: Value = serde_yaml::from_str(&text).expect("envoy/bootstrap.yaml is YAML");
    let mock_port = u64::from(mock_port);
    let mut bootstrap = Bootstrap::new();
    bootstrap.raw(move |rendered| {
        let port = |v: &Value| v["socket_address"]["port_value"].as_u64().unwrap_or(0);
        let listener = port(&rendered["static_resources"]["listeners"][0]["address"]);
        let admin = port(&rendered["admin"]["address"]);
        let mut config = original.clone();
        relocate(&mut config, listener, admin, mock_port);
        *rendered = config;
    });
    bootstrap
}

fn relocate(config: &mut Value, listener: u64, admin: u64, mock: u64) {
    match config {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match (key.as_str(), value.as_u64()) {
                    ("port_value", Some(GATEWAY_PORT)) => *value = json!(listener),
                    ("port_value", Some(ADMIN_PORT)) => *value = json!(admin),
                    ("port_value", Some(MOCK_PORT)) => *value = json!(mock),
                    _ => relocate(value, listener, admin, mock),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| relocate(v, listener, admin, mock)),
        Value::String(s) => {
            if let Some(rest) = s.strip_prefix("target/") {
                *s = target_dir().join(rest).to_string_lossy().into_owned();
            }
        }
        _ => {}
    }
}

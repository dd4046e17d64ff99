//! A real Envoy process per test: start on a rendered bootstrap, wait until ready, read stats and
//! logs, tear down (printing Envoy's log tail when the test failed).

mod binary;
mod health;
mod stats;
mod validate;
mod workdir;

pub use binary::{envoy_binary, envoy_version, ENVOY_VERSION};
pub use health::{
    assert_every_worker_serves, assert_every_worker_serves_with, assert_healthy_after,
    assert_healthy_with, normal_answer, normal_chat_request, NATIVE_PANICS, NATIVE_PANIC_LOG,
    WASM_FAILURE_STATS,
};
pub use stats::{parse_prometheus, parse_stats, PrometheusSample};
pub use validate::validate_config;

use std::collections::BTreeMap;
use std::fmt;
use std::fs::{self, File};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::bootstrap::{nativize, Bootstrap};
use crate::build::{native_module_dir, Build};
use crate::http;

// Generous: V8 compiles every wasm module once per worker, and CI shares two cores with parallel tests.
const READY_TIMEOUT: Duration = Duration::from_secs(90);
const POLL: Duration = Duration::from_millis(20);
const START_ATTEMPTS: u32 = 3;
const LOG_TAIL_LINES: usize = 80;
const SEARCH_PATH_VAR: &str = "ENVOY_DYNAMIC_MODULES_SEARCH_PATH";

#[derive(Debug, Clone)]
pub struct EnvoyOptions {
    /// Worker threads (`--concurrency`); each gets its own wasm VM.
    pub concurrency: u32,
    /// `-l`; "info" or lower lets the filters' own log lines through.
    pub log_level: String,
    /// Extra environment for the Envoy process (e.g. provider API keys for `host_env_keys`).
    pub env: Vec<(String, String)>,
    /// `--component-log-level`, e.g. "wasm:debug".
    pub component_log_level: Option<String>,
}

impl EnvoyOptions {
    /// Default options with `--concurrency workers` (one wasm VM per worker plus the main thread's).
    pub fn workers(workers: u32) -> Self {
        Self {
            concurrency: workers,
            ..Self::default()
        }
    }
}

impl Default for EnvoyOptions {
    fn default() -> Self {
        Self {
            concurrency: 1,
            log_level: "warning".into(),
            env: Vec::new(),
            component_log_level: None,
        }
    }
}

/// Why Envoy did not become ready; `Display` includes the log tail.
#[derive(Debug)]
pub struct StartError {
    pub reason: String,
    pub logs: String,
    pub work_dir: PathBuf,
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Envoy did not start: {} (work dir {})\n--- Envoy log tail ---\n{}",
            self.reason,
            self.work_dir.display(),
            tail(&self.logs, LOG_TAIL_LINES)
        )
    }
}

impl std::error::Error for StartError {}

pub struct Envoy {
    child: Child,
    build: Build,
    concurrency: u32,
    listener_port: u16,
    admin_port: u16,
    work_dir: PathBuf,
}

impl Envoy {
    /// Starts Envoy and waits until it is ready; panics with the log tail when it is not.
    pub fn start(bootstrap: &Bootstrap, options: EnvoyOptions) -> Envoy {
        Self::try_start(bootstrap, options).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Like [`Envoy::start`], but a config Envoy rejects comes back as `Err` (for tests that
    /// expect a bad plugin config to be refused). Retries with fresh ports when a port was taken.
    ///
    /// On the native build ([`Build::current`]) the rendered config is [`nativize`]d and Envoy
    /// finds `libllm_filters.so` through `ENVOY_DYNAMIC_MODULES_SEARCH_PATH`.
    pub fn try_start(bootstrap: &Bootstrap, options: EnvoyOptions) -> Result<Envoy, StartError> {
        let binary = envoy_binary();
        let build = Build::current();
        let mut options = options;
        if build == Build::Native && !options.env.iter().any(|(k, _)| k == SEARCH_PATH_VAR) {
            let dir = native_module_dir().to_string_lossy().into_owned();
            options.env.push((SEARCH_PATH_VAR.into(), dir));
        }
        let mut attempt = 1;
        loop {
            let work_dir = workdir::create();
            let [listener_port, admin_port] = crate::free_ports::<2>();
            let mut config = bootstrap.render(listener_port, admin_port, &work_dir);
            if build == Build::Native {
                nativize(&mut config);
            }
            let config_path = work_dir.join("envoy.json");
            fs::write(&config_path, serde_json::to_vec_pretty(&config).unwrap())
                .expect("write envoy.json");

            let child = spawn(&binary, &config_path, &work_dir, &options);
            let mut envoy = Envoy {
                child,
                build,
                concurrency: options.concurrency,
                listener_port,
                admin_port,
                work_dir,
            };
            match envoy.wait_ready() {
                Ok(()) => return Ok(envoy),
                Err(reason) => {
                    let logs = envoy.logs();
                    let work_dir = envoy.work_dir.clone();
                    envoy.stop();
                    if attempt < START_ATTEMPTS && port_conflict(&logs) {
                        attempt += 1;
                        let _ = fs::remove_dir_all(&work_dir);
                        continue;
                    }
                    return Err(StartError {
                        reason,
                        logs,
                        work_dir,
                    });
                }
            }
        }
    }

    /// `http://127.0.0.1:<listener_port><path>`
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.listener_port, path)
    }

    /// `http://127.0.0.1:<admin_port><path>`
    pub fn admin_url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.admin_port, path)
    }

    pub fn listener_port(&self) -> u16 {
        self.listener_port
    }

    pub fn admin_port(&self) -> u16 {
        self.admin_port
    }

    /// Worker threads it was started with (`--concurrency`).
    pub fn concurrency(&self) -> u32 {
        self.concurrency
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn work_dir(&self) -> &Path {
        &self.work_dir
    }

    /// The build this Envoy runs the filters as.
    pub fn build(&self) -> Build {
        self.build
    }

    /// All counters and gauges (wasm custom metrics included) from admin `/stats`.
    ///
    /// Native: the module's metrics are `wasmcustom.<name>` too (see
    /// [`crate::bootstrap::METRICS_NAMESPACE`]), but those of an *upstream* filter live in the
    /// cluster's scope (`cluster.<c>.wasmcustom.<name>`); they are also counted under the wasm
    /// name, summed over clusters, so tests read one name on both builds.
    pub fn stats(&self) -> BTreeMap<String, u64> {
        let resp = http::request("GET", &self.admin_url("/stats"), &[], &[]);
        assert_eq!(resp.status, 200, "admin /stats: {}", resp.text());
        let mut stats = parse_stats(&resp.text());
        if self.build == Build::Native {
            stats::alias_cluster_scoped_custom_metrics(&mut stats);
        }
        stats
    }

    /// One counter or gauge; 0 when absent (Envoy creates many stats lazily).
    pub fn stat(&self, name: &str) -> u64 {
        self.stats().get(name).copied().unwrap_or(0)
    }

    /// Polls until `name` is at least `at_least` or `timeout` passes; returns the last value seen
    /// (so a test asserts on it and the failure shows the actual number).
    #[must_use]
    pub fn wait_for_stat(&self, name: &str, at_least: u64, timeout: Duration) -> u64 {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.stat(name);
            if value >= at_least || Instant::now() >= deadline {
                return value;
            }
            std::thread::sleep(POLL);
        }
    }

    /// Envoy's log (`--log-path`) followed by anything it wrote to stdout/stderr.
    pub fn logs(&self) -> String {
        let mut logs = fs::read_to_string(self.work_dir.join("envoy.log")).unwrap_or_default();
        let output = fs::read_to_string(self.work_dir.join("output.log")).unwrap_or_default();
        if !output.trim().is_empty() {
            logs.push_str("--- stdout/stderr ---\n");
            logs.push_str(&output);
        }
        logs
    }

    /// The file access log (see `Bootstrap::access_log_format`), empty when none was written yet.
    pub fn access_log(&self) -> String {
        fs::read_to_string(self.work_dir.join("access.log")).unwrap_or_default()
    }

    /// Polls until the access log has at least `n` lines (Envoy writes them after the stream
    /// completes and flushes every 100 ms); returns the lines seen.
    pub fn wait_for_access_log(&self, n: usize, timeout: Duration) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let lines: Vec<String> = self.access_log().lines().map(str::to_string).collect();
            if lines.len() >= n || Instant::now() >= deadline {
                return lines;
            }
            std::thread::sleep(POLL);
        }
    }

    /// Resident memory of the Envoy process in bytes (`VmRSS`), if readable.
    pub fn rss_bytes(&self) -> Option<u64> {
        let status = fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }

    fn wait_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + READY_TIMEOUT;
        let mut admin_ready = false;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("Envoy exited during startup ({status})"));
            }
            if !admin_ready {
                admin_ready = http::try_request(
                    "GET",
                    &self.admin_url("/ready"),
                    &[],
                    &[],
                    Duration::from_secs(1),
                )
                .is_ok_and(|r| r.status == 200);
            }
            if admin_ready {
                let addr = ([127, 0, 0, 1], self.listener_port).into();
                if TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok() {
                    return Ok(());
                }
            }
            std::thread::sleep(POLL);
        }
        Err(format!(
            "not ready after {READY_TIMEOUT:?} (admin /ready 200: {admin_ready})"
        ))
    }

    fn stop(&mut self) {
        crate::process::terminate(&mut self.child, Duration::from_secs(5));
    }
}

impl Drop for Envoy {
    fn drop(&mut self) {
        self.stop();
        if std::thread::panicking() {
            eprintln!(
                "--- Envoy log tail (work dir {}) ---\n{}\n--- end of Envoy log ---",
                self.work_dir.display(),
                tail(&self.logs(), LOG_TAIL_LINES)
            );
        } else {
            workdir::remove(&self.work_dir);
        }
    }
}

fn spawn(binary: &Path, config: &Path, work_dir: &Path, options: &EnvoyOptions) -> Child {
    let output = File::create(work_dir.join("output.log")).expect("create output.log");
    let mut cmd = Command::new(binary);
    cmd.arg("-c")
        .arg(config)
        // Parallel tests each need their own hot-restart shared memory / domain socket.
        .arg("--use-dynamic-base-id")
        .args(["--concurrency", &options.concurrency.to_string()])
        .args(["-l", &options.log_level])
        .arg("--log-path")
        .arg(work_dir.join("envoy.log"))
        // Access log lines show up quickly for tests instead of after the 10 s default.
        .args(["--file-flush-interval-msec", "100"])
        .current_dir(work_dir)
        .envs(options.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(output.try_clone().expect("clone output.log"))
        .stderr(output);
    if let Some(level) = &options.component_log_level {
        cmd.args(["--component-log-level", level]);
    }
    crate::process::spawn(cmd).unwrap_or_else(|e| panic!("spawn {}: {e}", binary.display()))
}

/// A bind failure that fresh ports would fix (free_port is inherently racy).
fn port_conflict(logs: &str) -> bool {
    logs.contains("Address already in use") || logs.contains("cannot bind")
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

//! Envoy-in-the-loop harness for llm-filters.
//!
//! - [`envoy`]: find (or install) the real Envoy 1.40.0 binary, start it on a rendered bootstrap,
//!   wait for readiness, read stats and logs, tear it down.
//! - [`bootstrap`]: build Envoy bootstrap configs as JSON (Envoy accepts JSON for `-c`).
//! - [`http`]: a tiny blocking HTTP/1.1 client for tests that keeps any status and records
//!   when each body chunk arrived.
//! - [`build`]: which build the e2e tests run against (`LLM_FILTERS_BUILD=wasm|native`).
//! - [`bench`]: the side-by-side benchmark behind the `bench` command.
//! - [`process`]: child processes that die with the test runner.

pub mod bench;
pub mod bootstrap;
pub mod build;
pub mod envoy;
pub mod gateways;
pub mod http;
pub mod process;

pub use build::{native_module_dir, skip_on, Build};

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The workspace root (the directory holding the top-level `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    // This crate lives at <root>/integration; resolved at compile time so that tests and the
    // bench binary agree no matter the current directory.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("integration crate has a parent directory")
        .to_path_buf()
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` when set, else `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace_root().join(dir), // join keeps an absolute path as is
        None => workspace_root().join("target"),
    }
}

/// Path of a built proxy-wasm module, e.g. `wasm_module("pii_mask")`.
///
/// Panics with the command to build it when the file is missing: e2e tests need the release
/// wasm build, which `cargo test` does not produce by itself.
pub fn wasm_module(crate_lib_name: &str) -> PathBuf {
    let path = target_dir()
        .join("wasm32-wasip1/release")
        .join(format!("{crate_lib_name}.wasm"));
    if !path.is_file() {
        panic!(
            "wasm module {} is missing; build it first with:\n  cargo build --release --target wasm32-wasip1 -p {}",
            path.display(),
            crate_lib_name.replace('_', "-")
        );
    }
    path
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    free_ports::<1>()[0]
}

/// Ports handed out by [`free_ports`] or taken by [`start_mock`] in this process.
static HANDED_OUT: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());

/// A listener on 127.0.0.1 at a port chosen as [`start_mock`] chooses one, for test upstreams
/// of their own.
pub fn unclaimed_listener() -> TcpListener {
    let mut rejected = Vec::new(); // held while retrying, so the kernel moves on
    loop {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local_addr").port();
        if claim(port) {
            return listener;
        }
        rejected.push(listener);
    }
}

/// Records `port` as taken; false when it already was.
fn claim(port: u16) -> bool {
    HANDED_OUT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(port)
}

/// Starts a mock LLM on a port the kernel picks (bound at once, so no other socket can take it
/// first) that [`free_ports`] has not handed out: one it gave out a moment earlier may not be
/// bound by its Envoy yet, which would then fail to start and send its readiness poll to this
/// mock. The port is recorded so `free_ports` never hands it out either.
pub fn start_mock(config: mock_llm::MockConfig) -> mock_llm::MockServer {
    if config.port != 0 {
        return mock_llm::MockServer::start(config).expect("start mock");
    }
    let mut rejected = Vec::new(); // held while retrying, so the kernel moves on
    loop {
        let mock = mock_llm::MockServer::start(config.clone()).expect("start mock");
        if claim(mock.port()) {
            return mock;
        }
        rejected.push(mock);
    }
}

/// `N` distinct free ports. The listeners are held together so the OS cannot hand out the same
/// port twice in one call, and ports already handed out by this process are never reused, so
/// parallel tests in one binary do not race each other.
pub fn free_ports<const N: usize>() -> [u16; N] {
    let mut handed_out = HANDED_OUT.lock().unwrap_or_else(|e| e.into_inner());
    let mut held = Vec::new(); // keeps rejected ports bound so bind(0) moves on
    let mut ports = [0u16; N];
    for port in ports.iter_mut() {
        loop {
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
            let p = listener.local_addr().expect("local_addr").port();
            held.push(listener);
            if handed_out.insert(p) {
                *port = p;
                break;
            }
        }
    }
    ports
}

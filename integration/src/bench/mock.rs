//! The mock LLM as a separate release process, so its CPU time is not the load generator's.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{free_port, http, process, target_dir, workspace_root};

pub struct MockProcess {
    child: Child,
    port: u16,
}

impl MockProcess {
    /// Builds `mock-llm` (release) and starts it with `--no-record`; waits for `GET /health`.
    pub fn start() -> MockProcess {
        let binary = build();
        let port = free_port();
        let log_dir = target_dir().join("bench");
        std::fs::create_dir_all(&log_dir).expect("create target/bench");
        let log = std::fs::File::create(log_dir.join("mock-llm.log")).expect("create mock log");
        let mut cmd = Command::new(&binary);
        cmd.args([
            "--port",
            &port.to_string(),
            "--name",
            "bench",
            "--no-record",
        ])
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("clone log"))
        .stderr(log);
        let child =
            process::spawn(cmd).unwrap_or_else(|e| panic!("spawn {}: {e}", binary.display()));
        let mut mock = MockProcess { child, port };
        mock.wait_healthy();
        mock
    }

    pub fn addr(&self) -> SocketAddr {
        ([127, 0, 0, 1], self.port).into()
    }

    fn wait_healthy(&mut self) {
        let url = format!("http://127.0.0.1:{}/health", self.port);
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("mock-llm exited during startup ({status}); see target/bench/mock-llm.log");
            }
            if http::try_request("GET", &url, &[], &[], Duration::from_secs(1))
                .is_ok_and(|r| r.status == 200)
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("mock-llm not healthy on port {} after 15 s", self.port);
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        process::terminate(&mut self.child, Duration::from_secs(2));
    }
}

/// `cargo build --release -p mock-llm` in the workspace; returns the binary.
fn build() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "-p", "mock-llm", "--bin", "mock-llm"])
        .current_dir(workspace_root())
        .status()
        .expect("run cargo build -p mock-llm");
    assert!(status.success(), "cargo build --release -p mock-llm failed");
    let binary = target_dir().join("release/mock-llm");
    assert!(binary.is_file(), "{} missing after build", binary.display());
    binary
}

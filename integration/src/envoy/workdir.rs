//! Per-Envoy work directories under `<target>/e2e/`, named after the test thread for debugging.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// A fresh, empty directory `<target>/e2e/<test-name>-<pid>-<n>`.
pub(super) fn create() -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let thread = std::thread::current();
    let label: String = thread
        .name()
        .unwrap_or("envoy")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let dir = crate::target_dir()
        .join("e2e")
        .join(format!("{label}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    dir
}

/// Removes a passed test's directory; `LLM_E2E_KEEP=1` keeps them for inspection.
pub(super) fn remove(dir: &Path) {
    if std::env::var_os("LLM_E2E_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

//! Helpers of the workspace-level tests in `tests/` (config round-trips, rendered config
//! validated by Envoy and Istio's schemas, `envoy/bootstrap.yaml` kept in sync with the render).

use std::path::PathBuf;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// A line diff of `want` against `got` (`-` lines only in want, `+` only in got), at most
/// `max` lines: enough to see what changed without a diff crate.
pub fn line_diff(want: &str, got: &str, max: usize) -> String {
    let a: Vec<&str> = want.lines().collect();
    let b: Vec<&str> = got.lines().collect();
    // Longest common subsequence table (files are a few thousand lines at most).
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while (i < n || j < m) && out.len() < max {
        if i < n && j < m && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(format!("{:>5} + {}", j + 1, b[j]));
            j += 1;
        } else {
            out.push(format!("{:>5} - {}", i + 1, a[i]));
            i += 1;
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_shows_changed_lines() {
        let d = line_diff("a\nb\nc\n", "a\nx\nc\n", 10);
        assert_eq!(d, "    2 + x\n    2 - b");
    }
}

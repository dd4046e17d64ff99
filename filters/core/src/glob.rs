//! Name patterns for model names and similar identifiers: `*` matches any run of characters
//! (also none); everything else matches itself. `gpt-4o*`, `*-mini`, `claude-*-sonnet*`, `*`.

/// Whether `name` matches `pattern`. Linear time: greedy with backtracking to the last `*`.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let (p, n) = (pattern.as_bytes(), name.as_bytes());
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while let Some(&nc) = n.get(ni) {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, ni));
                pi += 1;
            }
            Some(&pc) if pc == nc => {
                pi += 1;
                ni += 1;
            }
            _ => {
                let Some((sp, sn)) = star else {
                    return false;
                };
                pi = sp + 1;
                ni = sn + 1;
                star = Some((sp, sn + 1));
            }
        }
    }
    p.get(pi..).unwrap_or_default().iter().all(|&c| c == b'*')
}

/// Whether the pattern has wildcards (exact names are looked up before patterns).
pub fn is_pattern(pattern: &str) -> bool {
    pattern.contains('*')
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn matches() {
        assert!(glob_match("gpt-4o*", "gpt-4o"));
        assert!(glob_match("gpt-4o*", "gpt-4o-mini"));
        assert!(!glob_match("gpt-4o*", "gpt-4"));
        assert!(glob_match("*-mini", "gpt-4o-mini"));
        assert!(glob_match("claude-*-sonnet*", "claude-3-5-sonnet-latest"));
        assert!(!glob_match("claude-*-sonnet", "claude-3-5-haiku"));
        assert!(glob_match("*", ""));
        assert!(glob_match("a**b", "axxb"));
        assert!(!glob_match("abc", "abcd"));
        assert!(glob_match("llama", "llama"));
    }
}

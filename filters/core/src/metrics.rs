//! Metric names. Envoy stats are dot-separated names; labels are encoded as `.<label>.<value>`
//! segments and turned into Prometheus tags by `stats_config.stats_tags` in the bootstrap.
//! Values must be identifiers (route, model, backend, detector names) — never request content.

/// Make a label value safe inside a dot-separated stat name: keep `[A-Za-z0-9_-]`, map the
/// rest (dots in `gpt-4.1`, slashes, spaces) to `_`, and bound the length.
pub fn label_value(value: &str) -> String {
    let cleaned: String = value
        .chars()
        .take(64)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "_".to_string()
    } else {
        cleaned
    }
}

/// `prefix.k1.v1.k2.v2...` with every value passed through [`label_value`].
pub fn stat_name(prefix: &str, labels: &[(&str, &str)]) -> String {
    let mut name = prefix.to_string();
    for (key, value) in labels {
        name.push('.');
        name.push_str(key);
        name.push('.');
        name.push_str(&label_value(value));
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sanitized() {
        assert_eq!(
            stat_name(
                "llm_router.requests",
                &[("backend", "openai"), ("model", "gpt-4.1/mini x")]
            ),
            "llm_router.requests.backend.openai.model.gpt-4_1_mini_x"
        );
        assert_eq!(label_value(""), "_");
        assert_eq!(label_value(&"a".repeat(100)).len(), 64);
    }
}

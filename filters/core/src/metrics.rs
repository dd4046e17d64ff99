//! Metric names. Envoy stats are dot-separated names; labels are encoded as `.<label>.<value>`
//! segments and turned into Prometheus tags by `stats_config.stats_tags` in the bootstrap
//! ([`stats_tags`]). Values must be identifiers (route, model, backend, detector names) — never
//! request content.

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
    name.push_str(&label_suffix(labels));
    name
}

/// The `.k1.v1.k2.v2...` part of [`stat_name`], for several metrics with the same labels
/// (`format!("{prefix}{suffix}")` equals `stat_name(prefix, labels)`).
pub fn label_suffix(labels: &[(&str, &str)]) -> String {
    let mut suffix = String::new();
    for (key, value) in labels {
        suffix.push('.');
        suffix.push_str(key);
        suffix.push('.');
        suffix.push_str(&label_value(value));
    }
    suffix
}

/// The first segment of every filter metric (`llm_router.requests...`, `token_meter.input_tokens...`).
/// Each is followed by exactly one more segment before the labels.
pub const METRIC_ROOTS: &[&str] = &["llm_router", "llm_prompt", "llm_pii", "token_meter"];

/// Every label key a filter metric may carry. The native build defines its metrics with Envoy
/// tags of these names; [`stats_tags`] gives the wasm build the same Prometheus tags.
pub const LABEL_KEYS: &[&str] = &[
    "route",
    "model",
    "backend",
    "client",
    "from",
    "to",
    "reason",
    "template",
    "detector",
    "action",
    "direction",
    "list",
    "field",
    "shape",
];

/// One `stats_config.stats_tags` entry: Envoy removes the regex's first group from the stat
/// name and takes the second as the tag's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsTag {
    pub tag_name: &'static str,
    pub regex: String,
}

/// The `stats_tags` that turn the `.<key>.<value>` segments of wasm metrics (shown by Envoy as
/// `wasmcustom.<name>`) into Prometheus tags named by the key, as the native build's metrics
/// have them: `wasmcustom.llm_router.requests.backend.mock.model.m` becomes
/// `envoy_wasmcustom_llm_router_requests{backend="mock",model="m"}` in both builds.
///
/// Envoy matches each regex against the full original name. The regex skips the two name
/// segments and then whole `key.value` pairs, so a key is only ever found at a key position
/// (values hold no dots, see [`label_value`], and may equal a key name).
pub fn stats_tags() -> Vec<StatsTag> {
    let roots = METRIC_ROOTS.join("|");
    LABEL_KEYS
        .iter()
        .map(|key| StatsTag {
            tag_name: key,
            regex: format!(
                r"^(?:wasmcustom\.)?(?:{roots})\.[^.]+(?:\.[^.]+\.[^.]+)*?(\.{key}\.([^.]+))(?:\.|$)"
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Envoy does with the stats_tags: each regex against the original name; the first
    /// group removed, the second the value. (The `regex` crate and Envoy's ECMAScript regexes
    /// agree on the constructs used: non-capturing and lazy groups, classes, anchors.)
    fn extract(name: &str) -> (String, Vec<(&'static str, String)>) {
        let mut tags = Vec::new();
        let mut removed = Vec::new();
        for tag in stats_tags() {
            let re = regex::Regex::new(&tag.regex).unwrap();
            if let Some(c) = re.captures(name) {
                let whole = c.get(1).unwrap();
                removed.push(whole.range());
                tags.push((tag.tag_name, c.get(2).unwrap().as_str().to_string()));
            }
        }
        removed.sort_by_key(|r| r.start);
        let mut rest = String::new();
        let mut at = 0;
        for r in removed {
            rest.push_str(&name[at..r.start]);
            at = r.end;
        }
        rest.push_str(&name[at..]);
        tags.sort();
        (rest, tags)
    }

    #[test]
    fn stats_tags_turn_label_segments_into_tags_named_by_their_key() {
        let (name, tags) = extract("wasmcustom.llm_router.requests.backend.mock.model.mock-small");
        assert_eq!(name, "wasmcustom.llm_router.requests");
        assert_eq!(
            tags,
            [("backend", "mock".into()), ("model", "mock-small".into())]
        );
        let (name, tags) = extract(
            "wasmcustom.token_meter.input_tokens.route.r1.model.gpt-4o.backend.openai.client.team-a",
        );
        assert_eq!(name, "wasmcustom.token_meter.input_tokens");
        assert_eq!(
            tags,
            [
                ("backend", "openai".into()),
                ("client", "team-a".into()),
                ("model", "gpt-4o".into()),
                ("route", "r1".into())
            ]
        );
        let (name, tags) =
            extract("llm_pii.detections.detector.email.action.redact.direction.request");
        assert_eq!(name, "llm_pii.detections");
        assert_eq!(tags.len(), 3);
        // Unlabelled metrics and other names are left alone.
        assert_eq!(
            extract("wasmcustom.llm_pii.restored"),
            ("wasmcustom.llm_pii.restored".into(), vec![])
        );
        assert_eq!(extract("cluster.backend.model.x").1, vec![]);
    }

    #[test]
    fn a_value_that_spells_a_key_is_not_taken_for_that_key() {
        // A backend named `model` and a model named `backend`.
        let (name, tags) = extract("llm_router.requests.backend.model.model.backend");
        assert_eq!(name, "llm_router.requests");
        assert_eq!(
            tags,
            [("backend", "model".into()), ("model", "backend".into())]
        );
        let (_, tags) = extract("llm_router.fallbacks.from.to.to.from");
        assert_eq!(tags, [("from", "to".into()), ("to", "from".into())]);
    }

    #[test]
    fn stats_tag_names_are_unique() {
        // Envoy refuses a bootstrap that names a tag twice.
        let mut names: Vec<_> = stats_tags().iter().map(|t| t.tag_name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), LABEL_KEYS.len());
    }

    #[test]
    fn names_are_sanitized() {
        assert_eq!(
            stat_name(
                "llm_router.requests",
                &[("backend", "openai"), ("model", "gpt-4.1/mini x")]
            ),
            "llm_router.requests.backend.openai.model.gpt-4_1_mini_x"
        );
        assert_eq!(
            format!(
                "llm_router.requests{}",
                label_suffix(&[("backend", "openai"), ("model", "gpt-4.1")])
            ),
            "llm_router.requests.backend.openai.model.gpt-4_1"
        );
        assert_eq!(label_value(""), "_");
        assert_eq!(label_value(&"a".repeat(100)).len(), 64);
    }
}

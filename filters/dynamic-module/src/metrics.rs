//! Session metrics on Envoy's dynamic-module custom metrics.
//!
//! Sessions name a metric the way [`llm_filters_core::metrics::stat_name`] builds it:
//! `prefix.k1.v1.k2.v2`. Under proxy-wasm a metric is defined on first use; Envoy 1.40's
//! dynamic-module ABI only lets a filter config define metrics while it is being created
//! (`define_counter` answers `Frozen` afterwards). So each filter's metrics are declared here
//! ([`SPECS`]): a prefix and its label keys, defined as an Envoy metric with those label names when
//! the config loads. At run time a name is parsed back into its spec and label values. Envoy
//! joins name and labels as `prefix.k1.v1...`, so the full stat names equal the wasm build's
//! (without `wasmcustom.`), and Prometheus gets the labels as tags.
//!
//! A name no spec covers is dropped (and logged once at debug); the `specs_cover_*` tests drive
//! each filter's sessions and fail when a filter emits a name missing here.

use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Counter,
    Histogram,
}

/// One metric: its name prefix and the label keys that follow it, in order.
#[derive(Debug)]
pub struct Spec {
    pub kind: Kind,
    pub prefix: &'static str,
    pub labels: &'static [&'static str],
}

const fn c(prefix: &'static str, labels: &'static [&'static str]) -> Spec {
    Spec {
        kind: Kind::Counter,
        prefix,
        labels,
    }
}

const fn h(prefix: &'static str, labels: &'static [&'static str]) -> Spec {
    Spec {
        kind: Kind::Histogram,
        prefix,
        labels,
    }
}

const USAGE: &[&str] = &["route", "model", "backend"];
const USAGE_CLIENT: &[&str] = &["route", "model", "backend", "client"];

const PROMPT_TRANSFORM: &[Spec] = &[
    c("llm_prompt.requests", &["template"]),
    c("llm_prompt.passthrough", &["reason"]),
    c("llm_prompt.failures", &["reason"]),
    c("llm_prompt.template_failures", &["template", "reason"]),
    c("llm_prompt.context_dropped_messages", &[]),
];

const PII_MASK: &[Spec] = &[
    c("llm_pii.detections", &["detector", "action", "direction"]),
    c("llm_pii.deny", &["list", "action"]),
    c("llm_pii.blocked", &["reason"]),
    c("llm_pii.invalid_body", &["reason", "action"]),
    c("llm_pii.unscannable_answer", &["reason", "action"]),
    c("llm_pii.restored", &[]),
    c("llm_pii.long_token_runs", &[]),
];

const TOKEN_METER: &[Spec] = &[
    c("token_meter.requests", USAGE),
    c("token_meter.requests", USAGE_CLIENT),
    c("token_meter.input_tokens", USAGE),
    c("token_meter.input_tokens", USAGE_CLIENT),
    c("token_meter.output_tokens", USAGE),
    c("token_meter.output_tokens", USAGE_CLIENT),
    c("token_meter.total_tokens", USAGE),
    c("token_meter.total_tokens", USAGE_CLIENT),
    c("token_meter.cached_tokens", USAGE),
    c("token_meter.cached_tokens", USAGE_CLIENT),
    c("token_meter.reasoning_tokens", USAGE),
    c("token_meter.reasoning_tokens", USAGE_CLIENT),
    c("token_meter.cost_micro_usd", USAGE),
    c("token_meter.cost_micro_usd", USAGE_CLIENT),
    c("token_meter.estimated", USAGE),
    c("token_meter.estimated", USAGE_CLIENT),
    c("token_meter.rejections", &["reason"]),
    c("token_meter.passthrough", &[]),
    c("token_meter.store_errors", &[]),
    h("token_meter.request_phase_us", &[]),
    h("token_meter.response_phase_us", &[]),
    h("token_meter.ttft_ms", USAGE),
    h("token_meter.stream_duration_ms", USAGE),
];

/// Both stages of model-router share one list: each stage's config defines all of them.
const MODEL_ROUTER: &[Spec] = &[
    c("llm_router.requests", &["backend", "model"]),
    c("llm_router.rejections", &["reason"]),
    c("llm_router.passthrough", &["reason"]),
    c("llm_router.fallbacks", &["from", "to"]),
    c("llm_router.models_listed", &["shape"]),
    c("llm_router.translations", &["from", "to"]),
    c("llm_router.translate_dropped", &["field"]),
    c("llm_router.translate_untouched", &[]),
];

/// The test filters' (see [`crate::test_filters`]).
const ECHO_TEST: &[Spec] = &[c("llm_test.requests", &["tag"])];
const FLOOR_COUNT: &[Spec] = &[c("llm_test.floor", &["route", "model", "backend"])];

/// The metrics a filter (by `filter_name`) may emit.
pub fn specs(filter_name: &str) -> &'static [Spec] {
    match filter_name {
        "prompt_transform" => PROMPT_TRANSFORM,
        "pii_mask" => PII_MASK,
        "token_meter" => TOKEN_METER,
        "model_router" => MODEL_ROUTER,
        // None: the upstream stage's counts are deferred to the route stage (see [`defer`]).
        "model_router_upstream" => &[],
        "__echo_test" => ECHO_TEST,
        "__floor_count" => FLOOR_COUNT,
        _ => &[],
    }
}

/// The most labels a spec has (label values are passed to Envoy from the stack).
pub const MAX_LABELS: usize = 6;

/// A metric's label values, borrowed from its name (no allocation per increment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels<'n> {
    values: [&'n str; MAX_LABELS],
    len: usize,
}

impl<'n> Labels<'n> {
    fn new() -> Self {
        Labels {
            values: [""; MAX_LABELS],
            len: 0,
        }
    }

    fn push(&mut self, value: &'n str) -> Option<()> {
        *self.values.get_mut(self.len)? = value;
        self.len += 1;
        Some(())
    }

    pub fn as_slice(&self) -> &[&'n str] {
        self.values.get(..self.len).unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Splits `name` into the spec it belongs to (an index into `specs`) and its label values.
pub fn parse<'n>(specs: &[Spec], kind: Kind, name: &'n str) -> Option<(usize, Labels<'n>)> {
    let mut best: Option<(usize, Labels<'n>)> = None;
    for (i, spec) in specs.iter().enumerate() {
        if spec.kind != kind {
            continue;
        }
        let Some(rest) = name.strip_prefix(spec.prefix) else {
            continue;
        };
        let values = if rest.is_empty() {
            Labels::new()
        } else if let Some(rest) = rest.strip_prefix('.') {
            match label_values(rest, spec.labels) {
                Some(v) => v,
                None => continue,
            }
        } else {
            continue;
        };
        if values.len() != spec.labels.len() {
            continue;
        }
        // The longest prefix wins (`a.b` over `a` when both could parse).
        if best.as_ref().is_none_or(|(b, _)| {
            specs
                .get(*b)
                .is_none_or(|s| s.prefix.len() < spec.prefix.len())
        }) {
            best = Some((i, values));
        }
    }
    best
}

/// `k1.v1.k2.v2` against the expected keys; values never hold a dot (see `label_value`).
fn label_values<'n>(rest: &'n str, keys: &[&str]) -> Option<Labels<'n>> {
    let mut parts = rest.split('.');
    let mut values = Labels::new();
    for key in keys {
        if parts.next()? != *key {
            return None;
        }
        values.push(parts.next()?)?;
    }
    parts.next().is_none().then_some(values)
}

/// A filter config's metrics as Envoy ids (index-aligned with its specs).
#[derive(Debug, Default)]
pub struct Table {
    specs: &'static [Spec],
    ids: Vec<Option<usize>>,
    /// Counter names (labels included) this config has incremented: adding 0 to one of them
    /// changes nothing, and each labelled increment costs Envoy a tag lookup.
    counted: std::sync::Mutex<std::collections::HashSet<String>>,
}

/// The most counter names [`Table::is_counted`] remembers; beyond, zero increments go to
/// Envoy as before (label values come from config, so real configs stay far below).
const MAX_COUNTED: usize = 4096;

impl Table {
    /// Defines every metric of `filter_name` on the config being created.
    pub fn define(config: crate::envoy::Config, filter_name: &str) -> Table {
        let specs = specs(filter_name);
        let ids = specs
            .iter()
            .map(|s| {
                crate::envoy::define_metric(config, s.kind == Kind::Histogram, s.prefix, s.labels)
            })
            .collect();
        Table {
            specs,
            ids,
            counted: Default::default(),
        }
    }

    /// Whether counter `name` was counted before through this table; records it if not.
    pub fn is_counted(&self, name: &str) -> bool {
        let mut counted = self.counted.lock().unwrap_or_else(|e| e.into_inner());
        if counted.contains(name) {
            return true;
        }
        if counted.len() < MAX_COUNTED {
            counted.insert(name.to_string());
        }
        false
    }

    /// The Envoy id and label values for `name`, `None` when no spec covers it.
    pub fn resolve<'n>(&self, kind: Kind, name: &'n str) -> Option<(usize, Labels<'n>)> {
        let (i, values) = parse(self.specs, kind, name)?;
        Some(((*self.ids.get(i)?)?, values))
    }
}

thread_local! {
    /// Counts of upstream filters (model-router's upstream stage) waiting for a downstream filter
    /// of the same worker thread to count them (see [`defer`]).
    static DEFERRED: std::cell::RefCell<Vec<(String, u64)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The most counts waiting per worker thread; more are dropped (only reachable when the upstream
/// stage runs without the route stage, which never happens in a working config).
const MAX_DEFERRED: usize = 4096;

/// Keeps an upstream filter's count for [`take_deferred`]. Envoy scopes an upstream filter's
/// metrics to its cluster (`cluster.<c>.wasmcustom.<name>`, the cluster in the Prometheus name),
/// while the wasm build's are global: so the upstream stage defines none and the route stage,
/// downstream on the same worker thread (Envoy runs a stream and its upstream attempts on one
/// worker), counts them under its own config, global like the wasm build's.
pub fn defer(name: &str, by: u64) {
    DEFERRED.with(|d| {
        let mut d = d.borrow_mut();
        if d.len() < MAX_DEFERRED {
            d.push((name.to_string(), by));
        }
    });
}

/// The counts deferred on this thread so far (empty most of the time: no allocation then).
pub fn take_deferred() -> Vec<(String, u64)> {
    DEFERRED.with(|d| {
        let mut d = d.borrow_mut();
        if d.is_empty() {
            Vec::new()
        } else {
            std::mem::take(&mut *d)
        }
    })
}

/// Names already reported as unknown (one debug line each, bounded).
pub fn note_unknown(name: &str) {
    use std::sync::{Mutex, OnceLock};
    static SEEN: OnceLock<Mutex<HashMap<String, ()>>> = OnceLock::new();
    let seen = SEEN.get_or_init(|| Mutex::new(HashMap::new()));
    let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
    if seen.len() < 256 && seen.insert(name.to_string(), ()).is_none() {
        log::debug!("metric {name} is not declared for the native build; dropped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_key_and_name_root_gets_a_stats_tag_in_the_wasm_build() {
        // The wasm build's Prometheus tags come from core's stats_tags, which know these keys
        // and roots: a new key here without one there would tag the two builds differently.
        use llm_filters_core::metrics::{LABEL_KEYS, METRIC_ROOTS};
        for filter in [
            "prompt_transform",
            "pii_mask",
            "token_meter",
            "model_router",
        ] {
            for spec in specs(filter) {
                let root = spec.prefix.split('.').next().unwrap();
                assert!(METRIC_ROOTS.contains(&root), "{}", spec.prefix);
                assert_eq!(spec.prefix.split('.').count(), 2, "{}", spec.prefix);
                assert!(spec.labels.len() <= MAX_LABELS, "{}", spec.prefix);
                for key in spec.labels {
                    assert!(LABEL_KEYS.contains(key), "{}: {key}", spec.prefix);
                }
            }
        }
    }

    #[test]
    fn names_parse_back_into_spec_and_values() {
        let specs = specs("token_meter");
        let (i, v) = parse(
            specs,
            Kind::Counter,
            "token_meter.requests.route.r1.model.gpt-4_1.backend.openai",
        )
        .unwrap();
        assert_eq!(specs[i].labels, USAGE);
        assert_eq!(v.as_slice(), ["r1", "gpt-4_1", "openai"]);
        let (i, v) = parse(
            specs,
            Kind::Counter,
            "token_meter.requests.route.r1.model.m.backend.b.client.team-a",
        )
        .unwrap();
        assert_eq!(specs[i].labels, USAGE_CLIENT);
        assert_eq!(v.as_slice(), ["r1", "m", "b", "team-a"]);
        let (i, v) = parse(specs, Kind::Histogram, "token_meter.request_phase_us").unwrap();
        assert_eq!(specs[i].prefix, "token_meter.request_phase_us");
        assert!(v.is_empty());
    }

    #[test]
    fn unknown_or_malformed_names_do_not_parse() {
        let specs = specs("token_meter");
        for name in [
            "token_meter.requests",                           // labels missing
            "token_meter.requests.route.r1",                  // too few
            "token_meter.requests.model.m.route.r.backend.b", // wrong order
            "token_meter.requestsX",
            "token_meter.request_phase_us", // a histogram, asked as counter
            "",
        ] {
            assert!(parse(specs, Kind::Counter, name).is_none(), "{name}");
        }
    }
}

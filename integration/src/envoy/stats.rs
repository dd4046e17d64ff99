//! Parsing the admin `/stats` text format.

use std::collections::BTreeMap;

use crate::bootstrap::METRICS_NAMESPACE;

/// Counters and gauges from `name: value` lines; histogram lines (`P0(...)`) are skipped.
pub fn parse_stats(text: &str) -> BTreeMap<String, u64> {
    text.lines()
        .filter_map(|line| {
            let (name, value) = line.rsplit_once(": ")?;
            Some((name.trim().to_string(), value.trim().parse().ok()?))
        })
        .collect()
}

/// Adds `wasmcustom.<name>` for every `cluster.<c>.wasmcustom.<name>` (summed over clusters):
/// where the wasm build keeps an upstream filter's metrics (see `Envoy::stats`).
pub fn alias_cluster_scoped_custom_metrics(stats: &mut BTreeMap<String, u64>) {
    let marker = format!(".{METRICS_NAMESPACE}.");
    let aliases: Vec<(String, u64)> = stats
        .iter()
        .filter(|(name, _)| name.starts_with("cluster."))
        .filter_map(|(name, value)| {
            let at = name.find(&marker)?;
            let short = name.get(at + 1..)?;
            Some((short.to_string(), *value))
        })
        .collect();
    for (name, value) in aliases {
        *stats.entry(name).or_insert(0) += value;
    }
}

/// One sample of the admin `/stats/prometheus` text: metric name, its labels, its value.
#[derive(Debug, Clone, PartialEq)]
pub struct PrometheusSample {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

/// Samples of `name{k="v",...} value` lines (comments skipped). Label values are the filters'
/// sanitized identifiers: no quote or comma inside them.
pub fn parse_prometheus(text: &str) -> Vec<PrometheusSample> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (series, value) = line.rsplit_once(' ')?;
            let (name, labels) = match series.split_once('{') {
                Some((name, rest)) => (name, rest.strip_suffix('}')?),
                None => (series, ""),
            };
            let labels = labels
                .split(',')
                .filter(|pair| !pair.is_empty())
                .filter_map(|pair| {
                    let (k, v) = pair.split_once('=')?;
                    Some((k.to_string(), v.trim_matches('"').to_string()))
                })
                .collect();
            Some(PrometheusSample {
                name: name.to_string(),
                labels,
                value: value.parse().ok()?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prometheus_lines_become_name_labels_and_value() {
        let samples = parse_prometheus(
            "# TYPE llm_router_requests counter\n\
             llm_router_requests{model=\"m\",backend=\"mock\"} 2\n\
             llm_pii_restored{} 1\n",
        );
        assert_eq!(samples.len(), 2);
        assert_eq!(samples[0].name, "llm_router_requests");
        assert_eq!(samples[0].labels["backend"], "mock");
        assert_eq!(samples[0].labels["model"], "m");
        assert_eq!(samples[0].value, 2.0);
        assert!(samples[1].labels.is_empty());
    }

    #[test]
    fn keeps_counters_and_gauges_only() {
        let text = "cluster.mock.upstream_rq_total: 3\n\
                    wasmcustom.pii_mask.masked: 7\n\
                    cluster.mock.upstream_rq_time: P0(nan,1) P25(nan,1)\n\
                    server.state: 0\n";
        let stats = parse_stats(text);
        assert_eq!(stats["cluster.mock.upstream_rq_total"], 3);
        assert_eq!(stats["wasmcustom.pii_mask.masked"], 7);
        assert_eq!(stats["server.state"], 0);
        assert!(!stats.contains_key("cluster.mock.upstream_rq_time"));
    }

    #[test]
    fn upstream_metrics_of_the_native_build_are_also_read_by_their_wasm_name() {
        let mut stats = parse_stats(
            "cluster.a.wasmcustom.llm_router.fallbacks.from.a.to.b: 2\n\
             cluster.b.wasmcustom.llm_router.fallbacks.from.a.to.b: 1\n\
             cluster.a.upstream_rq_total: 5\n",
        );
        alias_cluster_scoped_custom_metrics(&mut stats);
        assert_eq!(stats["wasmcustom.llm_router.fallbacks.from.a.to.b"], 3);
        assert_eq!(stats["cluster.a.upstream_rq_total"], 5);
        assert_eq!(stats.len(), 4);
    }
}

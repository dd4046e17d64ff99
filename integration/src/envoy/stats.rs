//! Parsing the admin `/stats` text format.

use std::collections::BTreeMap;

/// Counters and gauges from `name: value` lines; histogram lines (`P0(...)`) are skipped.
pub fn parse_stats(text: &str) -> BTreeMap<String, u64> {
    text.lines()
        .filter_map(|line| {
            let (name, value) = line.rsplit_once(": ")?;
            Some((name.trim().to_string(), value.trim().parse().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

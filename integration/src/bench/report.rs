//! Summaries across rounds and the two output tables (aligned text and markdown).

/// One scenario's measurement in one round.
#[derive(Debug, Clone)]
pub struct RunResult {
    pub rps: f64,
    pub p50_us: u32,
    pub p99_us: u32,
    pub rss_mb: f64,
    /// Envoy's CPU time per completed request (all threads), in µs.
    pub cpu_us_per_request: f64,
    pub non_200: u64,
    pub errors: u64,
}

/// Medians over rounds, compared with the baseline's medians.
#[derive(Debug, Clone)]
pub struct Summary {
    pub name: String,
    pub rps: f64,
    pub ratio: f64,
    pub p50_us: f64,
    pub p99_us: f64,
    pub added_p50_us: f64,
    pub rss_mb: f64,
    pub cpu_us_per_request: f64,
    pub non_200: u64,
    pub errors: u64,
}

/// Nearest-rank percentile of sorted values (`q` in 0..=1).
pub fn percentile(sorted: &[u32], q: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

pub fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    }
}

/// `runs` in scenario order; the first is the baseline (`bare-100kb` for `*100kb` rows when run).
pub fn summarize(runs: &[(String, Vec<RunResult>)]) -> Vec<Summary> {
    let med =
        |rs: &[RunResult], f: fn(&RunResult) -> f64| median(&rs.iter().map(f).collect::<Vec<_>>());
    let Some((_, base)) = runs.first() else {
        return Vec::new();
    };
    // 100 KB rows compare with Envoy forwarding the same 100 KB body.
    let base_100kb = runs
        .iter()
        .find(|(name, _)| name == "bare-100kb")
        .map_or(base, |(_, rs)| rs);
    runs.iter()
        .map(|(name, rs)| {
            let base = if name.trim_end_matches("@alt").ends_with("100kb") {
                base_100kb
            } else {
                base
            };
            let base_rps = med(base, |r| r.rps);
            let base_p50 = med(base, |r| r.p50_us as f64);
            let rps = med(rs, |r| r.rps);
            let p50 = med(rs, |r| r.p50_us as f64);
            Summary {
                name: name.clone(),
                rps,
                ratio: if base_rps > 0.0 { rps / base_rps } else { 0.0 },
                p50_us: p50,
                p99_us: med(rs, |r| r.p99_us as f64),
                added_p50_us: p50 - base_p50,
                rss_mb: med(rs, |r| r.rss_mb),
                cpu_us_per_request: med(rs, |r| r.cpu_us_per_request),
                non_200: rs.iter().map(|r| r.non_200).sum(),
                errors: rs.iter().map(|r| r.errors).sum(),
            }
        })
        .collect()
}

const HEADERS: [&str; 10] = [
    "scenario",
    "req/s",
    "vs bare",
    "p50 µs",
    "p99 µs",
    "+p50 µs",
    "Envoy CPU µs/req",
    "RSS MB",
    "non-200",
    "errors",
];

fn cells(s: &Summary) -> [String; 10] {
    [
        s.name.clone(),
        format!("{:.0}", s.rps),
        format!("{:.2}", s.ratio),
        format!("{:.0}", s.p50_us),
        format!("{:.0}", s.p99_us),
        format!("{:+.0}", s.added_p50_us),
        format!("{:.0}", s.cpu_us_per_request),
        format!("{:.1}", s.rss_mb),
        s.non_200.to_string(),
        s.errors.to_string(),
    ]
}

/// An aligned plain-text table for the terminal.
pub fn text_table(rows: &[Summary]) -> String {
    let body: Vec<[String; 10]> = rows.iter().map(cells).collect();
    let widths: Vec<usize> = (0..HEADERS.len())
        .map(|i| {
            body.iter()
                .map(|r| r[i].chars().count())
                .chain([HEADERS[i].chars().count()])
                .max()
                .unwrap()
        })
        .collect();
    let line = |cols: Vec<&str>| {
        cols.iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = widths[i] - c.chars().count();
                // Names left-aligned, numbers right-aligned.
                if i == 0 {
                    format!("{c}{}", " ".repeat(pad))
                } else {
                    format!("{}{c}", " ".repeat(pad))
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    let mut out = line(HEADERS.to_vec()) + "\n";
    for r in &body {
        out += &line(r.iter().map(String::as_str).collect());
        out += "\n";
    }
    out
}

/// A markdown table for pasting into the README.
pub fn markdown_table(rows: &[Summary]) -> String {
    let mut out = format!("| {} |\n", HEADERS.join(" | "));
    out += &format!("|---|{}\n", "---:|".repeat(HEADERS.len() - 1));
    for r in rows {
        out += &format!("| {} |\n", cells(r).join(" | "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(rps: f64, p50: u32) -> RunResult {
        RunResult {
            rps,
            p50_us: p50,
            p99_us: p50 * 2,
            rss_mb: 30.0,
            cpu_us_per_request: 50.0,
            non_200: 0,
            errors: 0,
        }
    }

    #[test]
    fn percentiles_use_nearest_rank() {
        let v: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&v, 0.5), 50);
        assert_eq!(percentile(&v, 0.99), 99);
        assert_eq!(percentile(&[7], 0.99), 7);
        assert_eq!(percentile(&[], 0.5), 0);
    }

    #[test]
    fn summary_compares_medians_with_baseline() {
        let runs = vec![
            (
                "bare".to_string(),
                vec![run(1000.0, 100), run(900.0, 110), run(1100.0, 90)],
            ),
            (
                "f".to_string(),
                vec![run(500.0, 200), run(400.0, 250), run(600.0, 150)],
            ),
        ];
        let s = summarize(&runs);
        assert_eq!(s[0].ratio, 1.0);
        assert_eq!(s[1].ratio, 0.5);
        assert_eq!(s[1].added_p50_us, 100.0);
        let md = markdown_table(&s);
        assert!(md.starts_with("| scenario | req/s |"));
        assert!(md.lines().nth(1).unwrap().starts_with("|---|---:|"));
        assert!(md.contains("| f | 500 | 0.50 | 200 | 400 | +100 |"));
    }
}

//! The side-by-side benchmark behind `cargo run --release -p llm-integration --bin bench`.
//!
//! Every scenario runs against the same mock process, interleaved round by round (bare, filter,
//! bare, filter, ...) so slow drift of the machine hits all of them alike; the table reports
//! medians over rounds and ratios against "bare" (`*-100kb` rows against "bare-100kb"). Every
//! scenario also runs natively (`native-<name>`), plus the shipped chain both ways and `direct`
//! (see [`native`]). It measures, it never asserts.

pub mod loadgen;
pub mod mock;
pub mod native;
pub mod report;
pub mod scenarios;

use std::time::Duration;

use bytes::Bytes;

use crate::envoy::{Envoy, EnvoyOptions};
use crate::http;
use loadgen::RequestSpec;
use native::Row;
use report::RunResult;
use scenarios::{Scenario, BASELINE};

pub const USAGE: &str =
    "usage: bench [--duration-secs N (10)] [--connections N (2)] [--rounds N (3)] \
[--warmup-secs N (1)] [--only NAME[,NAME...]] [--alt-module DIR] [--list]
  --alt-module DIR: every native row (when DIR holds a libllm_filters.so) and every wasm row (when
  DIR holds .wasm files) runs twice per round, the second time (`<row>@alt`) with the module(s) in
  DIR (modules DIR lacks stay the built ones): a before/after comparison inside one run";

#[derive(Debug, Clone)]
pub struct BenchArgs {
    pub duration: Duration,
    pub warmup: Duration,
    pub connections: usize,
    pub rounds: usize,
    /// Scenario names to run besides the baseline; empty means all.
    pub only: Vec<String>,
    /// A second module directory: each native row gets an `@alt` twin loading it.
    pub alt_module: Option<std::path::PathBuf>,
    pub list: bool,
}

impl BenchArgs {
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<BenchArgs, String> {
        let mut parsed = BenchArgs {
            duration: Duration::from_secs(10),
            warmup: Duration::from_secs(1),
            connections: 2,
            rounds: 3,
            only: Vec::new(),
            alt_module: None,
            list: false,
        };
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--duration-secs" => {
                    parsed.duration = Duration::from_secs_f64(number(&flag, &value()?)?)
                }
                "--warmup-secs" => {
                    parsed.warmup = Duration::from_secs_f64(number(&flag, &value()?)?)
                }
                "--connections" => parsed.connections = number::<usize>(&flag, &value()?)?.max(1),
                "--rounds" => parsed.rounds = number::<usize>(&flag, &value()?)?.max(1),
                "--only" => parsed
                    .only
                    .extend(value()?.split(',').map(|s| s.trim().to_string())),
                "--alt-module" => parsed.alt_module = Some(value()?.into()),
                "--list" => parsed.list = true,
                "-h" | "--help" => return Err(String::new()),
                other => return Err(format!("unknown argument {other}")),
            }
        }
        Ok(parsed)
    }
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag}: not a number: {value}"))
}

/// Every row: the baseline first, then each scenario and its native twin in registry order, the
/// chain both ways, `direct`.
pub fn all_rows() -> Vec<Row> {
    native::rows(&select_scenarios())
}

fn select_scenarios() -> Vec<Scenario> {
    let all = scenarios::all();
    let base = all.iter().filter(|s| s.name == BASELINE);
    let rest = all.iter().filter(|s| s.name != BASELINE);
    base.chain(rest).copied().collect()
}

/// The baseline first, then the chosen rows (all when `only` is empty) in [`all_rows`] order.
pub fn select(only: &[String]) -> Result<Vec<Row>, String> {
    let all = all_rows();
    for name in only {
        if !all.iter().any(|s| &s.name == name) {
            let known: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
            return Err(format!(
                "unknown scenario {name}; known: {}",
                known.join(", ")
            ));
        }
    }
    Ok(all
        .into_iter()
        .filter(|s| s.name == BASELINE || only.is_empty() || only.iter().any(|o| o == &s.name))
        .collect())
}

/// Runs the benchmark and prints both tables to stdout (progress goes to stderr).
pub fn run(args: &BenchArgs) -> Result<(), String> {
    let mut chosen = select(&args.only)?;
    // The floor rows need the test-filters build of the module; without it they are left out.
    let floor_so = native::floor_module_dir().join("libllm_filters.so");
    if !floor_so.is_file() && chosen.iter().any(|r| r.name.starts_with("native-floor")) {
        eprintln!(
            "{} is missing: the native-floor rows are skipped (see bench::native::floor_module_dir)",
            floor_so.display()
        );
        chosen.retain(|r| !r.name.starts_with("native-floor"));
    }
    if let Some(dir) = &args.alt_module {
        chosen = chosen
            .into_iter()
            .flat_map(|r| {
                let has = |wanted: &dyn Fn(&std::path::Path) -> bool| {
                    std::fs::read_dir(dir)
                        .map(|entries| entries.flatten().any(|e| wanted(&e.path())))
                        .unwrap_or(false)
                };
                let twin = match r.name.as_str() {
                    "direct" | "bare" | "bare-100kb" => false,
                    _ if r.is_native() => has(&|p| p.ends_with("libllm_filters.so")),
                    _ => has(&|p| p.extension().is_some_and(|e| e == "wasm")),
                };
                let alt = twin.then(|| r.with_module(dir));
                std::iter::once(r).chain(alt)
            })
            .collect();
    }
    let mock = mock::MockProcess::start();
    println!(
        "Envoy {} --concurrency 1, {} connection(s), {:?} per run after {:?} warm-up, {} round(s), {} CPU(s)",
        crate::envoy::envoy_version(),
        args.connections,
        args.duration,
        args.warmup,
        args.rounds,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
    );

    let mut runs: Vec<(String, Vec<RunResult>)> = chosen
        .iter()
        .map(|s| (s.name.clone(), Vec::new()))
        .collect();
    for round in 1..=args.rounds {
        for (i, scenario) in chosen.iter().enumerate() {
            let result = run_one(scenario, mock.addr(), args);
            eprintln!(
                "round {round}/{} {:<24} {:>8.0} req/s  p50 {:>6} µs  p99 {:>6} µs  CPU {:>5.0} µs/req  RSS {:>6.1} MB{}",
                args.rounds,
                scenario.name,
                result.rps,
                result.p50_us,
                result.p99_us,
                result.cpu_us_per_request,
                result.rss_mb,
                if result.non_200 + result.errors > 0 {
                    format!("  ({} non-200, {} errors)", result.non_200, result.errors)
                } else {
                    String::new()
                }
            );
            runs[i].1.push(result);
        }
    }

    let summary = report::summarize(&runs);
    println!("\n{}", report::text_table(&summary));
    println!("{}", report::markdown_table(&summary));
    Ok(())
}

fn run_one(scenario: &Row, mock: std::net::SocketAddr, args: &BenchArgs) -> RunResult {
    let (path, headers, body) = (scenario.request)();
    let Some(bootstrap) = scenario.bootstrap(mock) else {
        return run_direct(mock, &path, headers, body, args);
    };
    let mut options = EnvoyOptions::default();
    if scenario.is_native() {
        let dir = scenario.module_dir().to_string_lossy().into_owned();
        options
            .env
            .push(("ENVOY_DYNAMIC_MODULES_SEARCH_PATH".into(), dir));
    }
    let envoy = Envoy::start(&bootstrap, options);

    // One request by hand first: a scenario answering errors would otherwise look fast.
    let header_refs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let probe = http::request("POST", &envoy.url(&path), &header_refs, &body);
    if probe.status != 200 {
        eprintln!(
            "warning: scenario {} answers {}: {}",
            scenario.name,
            probe.status,
            probe.text().chars().take(300).collect::<String>()
        );
    }

    let spec = RequestSpec {
        path,
        headers,
        body: Bytes::from(body),
    };
    let addr = ([127, 0, 0, 1], envoy.listener_port()).into();
    if !args.warmup.is_zero() {
        loadgen::run(addr, &spec, args.connections, args.warmup);
    }
    let cpu_before = process_cpu_us(envoy.pid());
    let mut load = loadgen::run(addr, &spec, args.connections, args.duration);
    let cpu_after = process_cpu_us(envoy.pid());
    let completed = load.latencies_us.len().max(1) as f64;
    let cpu_us_per_request = cpu_after.saturating_sub(cpu_before) as f64 / completed;
    let rss_mb = envoy.rss_bytes().unwrap_or(0) as f64 / (1024.0 * 1024.0);
    load.latencies_us.sort_unstable();
    RunResult {
        rps: load.requests_per_sec(),
        p50_us: report::percentile(&load.latencies_us, 0.50),
        p99_us: report::percentile(&load.latencies_us, 0.99),
        rss_mb,
        cpu_us_per_request,
        non_200: load.non_200,
        errors: load.errors,
    }
}

/// The load generator straight to the mock: no Envoy, so no Envoy CPU or RSS.
fn run_direct(
    mock: std::net::SocketAddr,
    path: &str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    args: &BenchArgs,
) -> RunResult {
    let spec = RequestSpec {
        path: path.to_string(),
        headers,
        body: Bytes::from(body),
    };
    if !args.warmup.is_zero() {
        loadgen::run(mock, &spec, args.connections, args.warmup);
    }
    let mut load = loadgen::run(mock, &spec, args.connections, args.duration);
    load.latencies_us.sort_unstable();
    RunResult {
        rps: load.requests_per_sec(),
        p50_us: report::percentile(&load.latencies_us, 0.50),
        p99_us: report::percentile(&load.latencies_us, 0.99),
        rss_mb: 0.0,
        cpu_us_per_request: 0.0,
        non_200: load.non_200,
        errors: load.errors,
    }
}

/// CPU time (user + system, all threads) a process has used, in µs. Envoy's CPU per request is
/// what a filter costs, and unlike latency it barely moves when other work shares the machine.
fn process_cpu_us(pid: u32) -> u64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0;
    };
    // Fields after the command name (which may contain spaces) start at field 3.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return 0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11).and_then(|v| v.parse().ok()).unwrap_or(0)
        + fields
            .get(12)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    ticks * 1_000_000 / hz
}

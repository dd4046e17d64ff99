//! `mock-llm --port 18000 [--host H] [--name NAME] [--fail-status 503] [--delay-ms N]
//!  [--cut-after N] [--fault-model M] [--threads N] [--no-record]`
//!
//! Prints `mock-llm listening on HOST:PORT` once bound, then serves until killed.

use std::io::Write;
use std::process::ExitCode;

use mock_llm::{Fault, MockConfig, MockServer, ServeOptions};

const USAGE: &str =
    "usage: mock-llm [--port N (default 18000, 0 = any)] [--host H (default 127.0.0.1)] \
[--name NAME] [--fail-status CODE] [--delay-ms N] [--cut-after N] [--fault-model MODEL] \
[--threads N (default 1)] [--no-record]";

fn parse(args: &[String]) -> Result<(MockConfig, ServeOptions), String> {
    let mut config = MockConfig {
        port: 18000,
        ..MockConfig::default()
    };
    let mut options = ServeOptions::default();
    let mut fault = Fault::default();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--no-record" {
            options.record = false;
            continue;
        }
        if flag == "-h" || flag == "--help" {
            return Err(String::new());
        }
        const VALUED: &[&str] = &[
            "--port",
            "--host",
            "--name",
            "--fail-status",
            "--delay-ms",
            "--cut-after",
            "--fault-model",
            "--threads",
        ];
        if !VALUED.contains(&flag.as_str()) {
            return Err(format!("unknown flag {flag}"));
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let num = |what: &str| -> Result<u64, String> {
            value
                .parse()
                .map_err(|_| format!("{flag}: {what} expected, got {value:?}"))
        };
        match flag.as_str() {
            "--port" => config.port = num("port")?.try_into().map_err(|_| "--port: too large")?,
            "--host" => options.host = value.clone(),
            "--name" => config.name = value.clone(),
            "--fail-status" => {
                fault.status = Some(
                    num("status")?
                        .try_into()
                        .map_err(|_| "--fail-status: too large")?,
                )
            }
            "--delay-ms" => fault.delay_ms = num("milliseconds")?,
            "--cut-after" => fault.cut_after_events = Some(num("event count")? as usize),
            "--fault-model" => fault.only_model = Some(value.clone()),
            "--threads" => options.threads = num("thread count")?.max(1) as usize,
            _ => unreachable!("checked against VALUED"),
        }
    }
    if fault != Fault::default() {
        config.default_fault = Some(fault);
    }
    Ok((config, options))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (config, options) = match parse(&args) {
        Ok(parsed) => parsed,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("mock-llm: {msg}");
            }
            eprintln!("{USAGE}");
            return if msg.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let server = match MockServer::start_with(config, options) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("mock-llm: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout();
    let _ = writeln!(out, "mock-llm listening on {}", server.addr());
    let _ = out.flush();
    server.wait();
    ExitCode::SUCCESS
}

//! `cargo run --release -p llm-integration --bin bench -- [--duration-secs 10] [--connections 2] [--only NAME]`
//!
//! Bare Envoy vs Envoy with filters (wasm and native), the shipped chain both ways and the mock
//! direct, side by side in one run: req/s, ratio, p50/p99, Envoy CPU per request, memory.

use llm_integration::bench::{self, BenchArgs, USAGE};

fn main() {
    let args = match BenchArgs::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("{msg}");
            }
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    };
    if args.list {
        for row in bench::all_rows() {
            println!("{}", row.name);
        }
        return;
    }
    if let Err(msg) = bench::run(&args) {
        eprintln!("{msg}");
        std::process::exit(2);
    }
}

//! `cargo run --release -p llm-integration --bin bench -- [--duration-secs 10] [--connections 2] [--only NAME]`
//!
//! Bare Envoy vs Envoy with filters, side by side in one run: req/s, ratio, p50/p99, memory.

use llm_integration::bench::{self, scenarios, BenchArgs, USAGE};

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
        for s in scenarios::all() {
            println!("{}", s.name);
        }
        return;
    }
    if let Err(msg) = bench::run(&args) {
        eprintln!("{msg}");
        std::process::exit(2);
    }
}

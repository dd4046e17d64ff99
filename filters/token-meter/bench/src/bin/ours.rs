//! Only our tokenizer, one sample, for a profiler: `ours <o200k|cl100k> <sample index> [seconds]`
//! (indexes as in `candidates`' table, from 0). Prints MB/s of thread CPU time (best of five rounds).

use token_meter::encoding::Encoding;
use token_meter::tokenizer::Tokenizer;
use token_meter_bench::{measure, now, samples};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let enc = match args.get(1).map(String::as_str) {
        Some("cl100k") => Encoding::Cl100kBase,
        _ => Encoding::O200kBase,
    };
    let pick: Option<usize> = args.get(2).and_then(|a| a.parse().ok());
    let secs: f64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1.0);
    let t = Tokenizer::get(enc);
    // `TM_FROM_BYTES=1`: without the character table (as before it), to compare.
    let from_bytes = std::env::var_os("TM_FROM_BYTES").is_some();
    // `TM_SPLIT=1`: only the pre-tokenizer (counts pieces), to see its share.
    let split = std::env::var_os("TM_SPLIT").is_some();
    let count = |x: &str| {
        if split {
            let mut n = 0;
            t.pieces(x, |_, _| {
                n += 1;
                true
            });
            n
        } else if from_bytes {
            t.count_from_bytes(x)
        } else {
            t.count(x)
        }
    };
    // `TM_TEXT=...`: that text repeated to about 100 KB instead of the samples (sample 0).
    let texts = match std::env::var("TM_TEXT") {
        Ok(t) if !t.is_empty() => vec![token_meter_bench::Sample {
            name: "TM_TEXT",
            texts: vec![t.repeat(100_000 / t.len() + 1)],
        }],
        _ => samples(),
    };
    for (i, s) in texts.iter().enumerate() {
        if pick.is_some_and(|p| p != i) {
            continue;
        }
        // `TM_ITERS=n`: count the sample n times and print nothing else (for `valgrind
        // --tool=cachegrind`, whose instruction and cache-miss counts do not depend on the load).
        if let Some(n) = std::env::var("TM_ITERS")
            .ok()
            .and_then(|v| v.parse::<u32>().ok())
        {
            let mut tokens = 0;
            for _ in 0..n {
                for x in &s.texts {
                    tokens += std::hint::black_box(count(std::hint::black_box(x)));
                }
            }
            println!("{i} {:<28} {tokens} tokens {} bytes", s.name, s.bytes());
            continue;
        }
        // Best of rounds (the machine is shared), then the whole time once more for a profiler.
        let (mbs, _, tokens) = measure(s, count);
        let start = now();
        while now() - start < secs - 1.0 {
            for x in &s.texts {
                std::hint::black_box(count(std::hint::black_box(x)));
            }
        }
        println!("{i} {:<28} {mbs:7.1} MB/s ({tokens} tokens)", s.name);
    }
}

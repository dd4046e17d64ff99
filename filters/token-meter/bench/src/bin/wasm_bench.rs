//! The chosen tokenizer inside a wasm runtime (build for wasm32-wasip1, run under wasmtime):
//! MB/s and µs per text on the same samples as `candidates`, plus table build time.

use std::time::Instant;
use token_meter::encoding::Encoding;
use token_meter::tokenizer::Tokenizer;
use token_meter_bench::{measure, samples};

fn main() {
    for (enc, name) in [
        (Encoding::O200kBase, "o200k_base"),
        (Encoding::Cl100kBase, "cl100k_base"),
    ] {
        let t = Instant::now();
        let tok = Tokenizer::get(enc);
        println!("\n{name}: tables built in {:?}", t.elapsed());
        for s in samples() {
            let (b_mbs, b_us, _) = measure(&s, |x| tok.count_from_bytes(x));
            let (mbs, us, n) = measure(&s, |x| tok.count(x));
            println!(
                "{:<28} {mbs:7.1} MB/s {us:9.1} µs/text  ({n} tokens; from bytes {b_mbs:7.1} MB/s {b_us:9.1} µs/text)",
                s.name
            );
        }
    }
}

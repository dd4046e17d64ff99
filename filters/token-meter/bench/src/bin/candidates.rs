//! Tokenizer candidates side by side on the same texts: MB/s and µs per text, and whether each
//! candidate's count equals tiktoken-rs's (the oracle). "ours from bytes" is ours without the
//! character table (every piece merged from single bytes, as before it).
//! Usage: candidates [--dump DIR] (DIR: the texts as files, for benches outside Rust).

use std::time::Instant;
use token_meter::encoding::Encoding;
use token_meter::tokenizer::Tokenizer;
use token_meter_bench::{measure, samples};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(dir) = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1))
    {
        std::fs::create_dir_all(dir).unwrap();
        for (i, s) in samples().iter().enumerate() {
            let body = serde_like(&s.texts);
            std::fs::write(
                format!("{dir}/{i}.json"),
                format!("{{\"name\":{:?},\"texts\":{body}}}", s.name),
            )
            .unwrap();
        }
        return;
    }
    for (enc, name) in [
        (Encoding::O200kBase, "o200k_base"),
        (Encoding::Cl100kBase, "cl100k_base"),
    ] {
        let t = Instant::now();
        let ours = Tokenizer::get(enc);
        let ours_load = t.elapsed();
        let t = Instant::now();
        let rs = match enc {
            Encoding::O200kBase => tiktoken_rs::o200k_base().unwrap(),
            Encoding::Cl100kBase => tiktoken_rs::cl100k_base().unwrap(),
        };
        let rs_load = t.elapsed();
        let t = Instant::now();
        let gh = match enc {
            Encoding::O200kBase => bpe_openai::o200k_base(),
            Encoding::Cl100kBase => bpe_openai::cl100k_base(),
        };
        let gh_load = t.elapsed();
        let t = Instant::now();
        let tk = match enc {
            Encoding::O200kBase => tiktoken::get_encoding("o200k_base").unwrap(),
            Encoding::Cl100kBase => tiktoken::get_encoding("cl100k_base").unwrap(),
        };
        let tk_load = t.elapsed();
        println!("\n{name}: load ours {ours_load:?}, tiktoken-rs {rs_load:?}, bpe-openai {gh_load:?}, tiktoken {tk_load:?}");
        println!(
            "{:<28} {:>22} {:>22} {:>22} {:>22} {:>22}",
            "text", "tiktoken-rs 0.12", "bpe-openai 0.3", "tiktoken 4.1", "ours from bytes", "ours"
        );
        for s in samples() {
            let (rs_mbs, rs_us, want) = measure(&s, |x| rs.encode_ordinary(x).len());
            let cell = |(mbs, us, n): (f64, f64, usize)| {
                format!(
                    "{mbs:7.1} MB/s {us:8.1}µs{}",
                    if n == want { " " } else { "≠" }
                )
            };
            println!(
                "{:<28} {:>22} {:>22} {:>22} {:>22} {:>22}",
                s.name,
                cell((rs_mbs, rs_us, want)),
                cell(measure(&s, |x| gh.count(x))),
                cell(measure(&s, |x| tk.count(x))),
                cell(measure(&s, |x| ours.count_from_bytes(x))),
                cell(measure(&s, |x| ours.count(x))),
            );
        }
    }
    println!("\n≠: count differs from tiktoken-rs's encode_ordinary on that text.");
}

/// A JSON array of strings (no serde dependency here).
fn serde_like(texts: &[String]) -> String {
    let mut out = String::from("[");
    for (i, t) in texts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        for c in t.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
    }
    out.push(']');
    out
}

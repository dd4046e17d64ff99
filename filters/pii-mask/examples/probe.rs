//! What the built-in detectors find in each line of stdin (a JSON string or raw text), for
//! looking at a case by hand: `cargo run -q --release -p pii-mask --example probe < lines.txt`
use pii_mask::detect::{DetectorSpec, Kind, Scanner};
use std::io::BufRead;
fn main() {
    let every: Vec<DetectorSpec> = Kind::ALL.into_iter().map(DetectorSpec::Builtin).collect();
    let s = Scanner::new(&every).unwrap();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let text: String = serde_json::from_str(&line).unwrap_or(line);
        let f = s.scan(&text);
        println!("{:?}", text);
        for x in f {
            println!("   {} {:?}", s.name(x.detector), text.get(x.start..x.end));
        }
    }
}

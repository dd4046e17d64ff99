//! Native scan throughput of every built-in detector on text without PII (and with some).
//! `cargo run --release -p pii-mask --example scan_throughput`

use pii_mask::detect::{DetectorSpec, Kind, Scanner};
use std::time::Instant;

const PROSE: &str = "The quarterly planning meeting covered the 2025 roadmap, release 4.2 of the \
    billing service, and the migration of 37 internal tools: owners agreed to ship by week 12. \
    Zusammenfassung: Die Kosten stiegen um 8 % — les équipes sont d'accord. 会议记录已经更新。 \
    Next steps: review the draft (section 3.1), update the FAQ, and re-run the benchmarks at 10:30. ";

fn main() {
    // The structured detectors (what a config usually turns on); the opt-in person_name and
    // street_address are measured on their own line below.
    let opt_in = [Kind::PersonName, Kind::StreetAddress];
    let specs: Vec<DetectorSpec> = Kind::ALL
        .into_iter()
        .filter(|k| !opt_in.contains(k))
        .map(DetectorSpec::Builtin)
        .collect();
    let scanner = Scanner::new(&specs).expect("built-ins compile");
    let every: Vec<DetectorSpec> = Kind::ALL.into_iter().map(DetectorSpec::Builtin).collect();
    let everything = Scanner::new(&every).expect("built-ins compile");
    let mut text = String::new();
    while text.len() < 4 << 20 {
        text.push_str(PROSE);
    }
    let with_pii = format!(
        "{}Contact jane.doe@example.com or +44 20 7946 0958, card 4111 1111 1111 1111. {}",
        &PROSE[..200],
        &PROSE[200..]
    );
    let mut mixed = String::new();
    while mixed.len() < 4 << 20 {
        mixed.push_str(&with_pii);
    }
    if std::env::args().any(|a| a == "--per-kind") {
        per_kind(&text);
    }
    load_time();
    pipeline();
    for (name, text, scanner) in [
        ("no PII", &text, &scanner),
        ("3 PII per 600 bytes", &mixed, &scanner),
        (
            "no PII, with person_name and street_address",
            &text,
            &everything,
        ),
    ] {
        let mut found = scanner.scan(text).len(); // warm up
        let rounds = 5;
        let start = Instant::now();
        for _ in 0..rounds {
            found = scanner.scan(text).len();
        }
        let secs = start.elapsed().as_secs_f64();
        let mbps = (text.len() * rounds) as f64 / secs / 1e6;
        println!(
            "pii-mask scan throughput ({name}): {mbps:.0} MB/s ({} bytes, {found} findings)",
            text.len()
        );
    }
}

#[allow(dead_code)]
pub fn per_kind(text: &str) {
    for kind in Kind::ALL {
        let s = Scanner::new(&[DetectorSpec::Builtin(kind)]).unwrap();
        let start = Instant::now();
        s.scan(text);
        println!(
            "{:>16}: {:.0} MB/s",
            kind.name(),
            text.len() as f64 / start.elapsed().as_secs_f64() / 1e6
        );
    }
}

/// Time to compile a policy with every built-in detector (paid once per VM at load).
#[allow(dead_code)]
pub fn load_time() {
    let start = Instant::now();
    let specs: Vec<DetectorSpec> = Kind::ALL.into_iter().map(DetectorSpec::Builtin).collect();
    let _ = Scanner::new(&specs).unwrap();
    println!("compile all detectors: {:?}", start.elapsed());
}

/// Native cost of one 1 KB chat request and its echoed answer through the whole pipeline.
#[allow(dead_code)]
pub fn pipeline() {
    use pii_mask::masker::Masker;
    let config = r#"{"default":{"detectors":{"email":{"action":"placeholder"},"phone":{"action":"placeholder"},
        "credit_card":{"action":"mask"},"ssn":{"action":"redact"},"iban":{"action":"mask"},"ipv4":{"action":"redact"},
        "ipv6":{"action":"redact"},"openai_key":{"action":"block"},"anthropic_key":{"action":"block"},
        "aws_access_key":{"action":"block"},"github_token":{"action":"block"},"jwt":{"action":"block"},
        "bearer_token":{"action":"block"},"private_key":{"action":"block"}},"response":{"restore":true,"scan":true}}}"#;
    let policy = pii_mask::policy::load_policies(config.as_bytes(), &|_| None)
        .unwrap()
        .default
        .unwrap();
    let filler = "Summarise the following notes about the quarterly planning meeting. ".repeat(13);
    for (name, content) in [
        ("0 PII", filler.clone()),
        ("5 PII", format!("Contact: jane.doe@example.com, +44 20 7946 0958, 4111 1111 1111 1111, 536-22-1234, DE89 3704 0044 0532 0130 00. {}", &filler[..700])),
    ] {
        let body = serde_json::json!({"model": "gpt-4o-mini", "messages": [{"role": "system", "content": "You are a concise assistant."}, {"role": "user", "content": content}], "temperature": 0.2}).to_string();
        let rounds = 2000;
        let start = Instant::now();
        for _ in 0..rounds {
            let mut m = Masker::new(policy.clone(), 1);
            let out = pii_mask::request::mask_request(&mut m, "/v1/chat/completions", Some("application/json"), body.as_bytes()).unwrap();
            let sent = match out {
                pii_mask::request::RequestOutcome::Rewritten(b) => String::from_utf8(b).unwrap(),
                _ => body.clone(),
            };
            let v: serde_json::Value = serde_json::from_str(&sent).unwrap();
            let answer = serde_json::json!({"id": "x", "choices": [{"index": 0, "message": {"role": "assistant", "content": format!("Mock answer to: {}", v["messages"][1]["content"].as_str().unwrap())}}]}).to_string();
            let _ = std::hint::black_box(pii_mask::response::rewrite_body(&mut m, Some("application/json"), answer.as_bytes()));
        }
        println!("pipeline ({name}): {:.1} µs per request + answer (native)", start.elapsed().as_secs_f64() * 1e6 / rounds as f64);
    }
}

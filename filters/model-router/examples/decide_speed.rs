//! How long one routing decision takes natively on a 1 KB chat request (prints ns per decision).
//! `cargo run --release -p model-router --example decide_speed`
use model_router::decide::{decide, Outcome, RequestView};
use model_router::policy::load_policies;
use std::time::Instant;

fn main() {
    let config = br#"{"default":{"backends":{"mock":{}},"routes":[{"models":["gpt-4o*"],"targets":[{"backend":"mock","model":"gpt-4o-mini-2024-07-18"}]}],"defaultBackend":"mock"}}"#;
    let policies = load_policies(config, &|_| None).expect("config");
    let policy = policies.default.as_ref().expect("default");
    let filler = "Summarise the following notes about the quarterly planning meeting. ".repeat(12);
    let body = serde_json::json!({"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are concise."},{"role":"user","content":filler}],"temperature":0.2}).to_string();
    let headers = vec![("content-type".to_string(), "application/json".to_string())];
    let rounds = 100_000u32;
    let start = Instant::now();
    let mut rewritten = 0usize;
    for i in 0..rounds {
        let view = RequestView::new(&headers, Some(body.as_bytes()), u64::from(i));
        if let Outcome::Route(d) = decide(&policy.config, &policy.credentials, &view) {
            rewritten += d.new_body.map_or(0, |b| b.len());
        }
    }
    let per = start.elapsed() / rounds;
    println!(
        "body {} bytes: {:?} per decision (checksum {rewritten})",
        body.len(),
        per
    );
}

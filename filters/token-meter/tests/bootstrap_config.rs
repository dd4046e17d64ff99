//! The local gateway (`envoy/bootstrap.yaml`) must carry a token-meter config that loads (its
//! options changed: header-based inter-filter names are gone), and the README's example too.

mod common;

use serde_json::json;

/// The `value: |` block of the `token_meter` filter, dedented.
fn bootstrap_config() -> String {
    let yaml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../envoy/bootstrap.yaml"
    ))
    .unwrap();
    let start = yaml
        .find("name: token_meter")
        .expect("token_meter filter in bootstrap.yaml");
    let rest = &yaml[start..];
    let value = rest.find("value: |").expect("a value block") + "value: |".len();
    let lines = rest[value..].lines().skip(1);
    let first = lines.clone().next().unwrap();
    let indent = first.len() - first.trim_start().len();
    lines
        .take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() >= indent)
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_local_gateway_config_loads() {
    let config: serde_json::Value = serde_json::from_str(&bootstrap_config()).unwrap();
    let (filter, _) = common::meter(&config);
    let default = filter.rules().default.as_ref().expect("a default config");
    assert_eq!(default.client.header.as_deref(), Some("x-client-id"));
    assert!(!default.client.forward_header);
    assert!(default.budget.is_some());
}

#[test]
fn the_readme_example_loads() {
    common::meter(&json!({ "default": {
        "client": { "header": "x-team" },
        "quota": { "tokensPerMinute": 50000, "tokensPerDay": 2000000, "requestsPerMinute": 120, "reserveOutputTokens": 256 },
        "budget": { "limitUsd": 25, "period": "day", "fallbackAtPercent": 80, "fallbackModel": "gpt-4o-mini" },
        "prices": {
          "gpt-4o-mini*": { "input": 0.15, "output": 0.6, "cachedInput": 0.075 },
          "gpt-4o*": { "input": 2.5, "output": 10.0, "cachedInput": 1.25 },
          "claude-*sonnet*": { "input": 3.0, "output": 15.0, "cachedInput": 0.3, "cacheWrite": 3.75 }
        },
        "metrics": { "clientLabels": ["search", "support"] }
      },
      "rules": [
        { "match": { "paths": ["/internal/*"] }, "config": { "scope": "internal", "client": { "header": "x-team", "forwardHeader": true } } }
      ] }));
}

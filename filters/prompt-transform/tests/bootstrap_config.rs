//! The local gateway (`envoy/bootstrap.yaml`) must carry a prompt-transform config that loads,
//! and the README's examples must be valid configs.

use prompt_transform::load_policies;
use serde_json::json;

/// The `value: |` block of the `prompt_transform` filter, dedented.
fn bootstrap_config() -> String {
    let yaml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../envoy/bootstrap.yaml"
    ))
    .unwrap();
    let start = yaml
        .find("name: prompt_transform")
        .expect("prompt_transform filter in bootstrap.yaml");
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
    let policies = load_policies(bootstrap_config().as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let policy = policies.default.expect("a default config");
    assert!(policy.templates.contains_key("summarize"));
    assert_eq!(policy.endpoints[0].path, "/v1/tools/summarize");
    assert!(policy.decorators.is_some());
}

#[test]
fn the_readme_examples_load() {
    let config = json!({ "default": {
        "templates": { "summarize": {
            "model": "fast", "params": { "max_tokens": 300 },
            "messages": [
                { "role": "system", "content": "Summarize the user's text in {{language}}, in {{#if sentences}}{{sentences}}{{else}}3{{/if}} sentences at most." },
                { "role": "user", "content": "{{text}}" } ] } },
        "endpoints": [{ "path": "/v1/tools/summarize", "method": "POST", "template": "summarize",
            "required": ["text", "language"], "chatPath": "/v1/chat/completions", "responseField": "summary",
            "extract": "$.choices[0].message.content", "includeUsage": true }],
        "decorators": {
            "system": { "content": "You are the ACME assistant.", "mode": "ifAbsent" },
            "prepend": [{ "role": "user", "content": "Context: product v2." }],
            "append": [{ "role": "system", "content": "Answer in one sentence." }],
            "replacements": [{ "roles": ["user"], "pattern": "\\b\\d{4}-\\d{4}-\\d{4}-\\d{4}\\b", "replacement": "[card]" }] },
        "params": {
            "temperature": { "value": 0.2 }, "topP": { "min": 0.1, "max": 0.9 },
            "maxTokens": { "value": 64, "max": 256, "outOfRange": "clamp" },
            "maxCompletionTokens": { "value": 512, "mode": "force" }, "seed": { "value": 42, "mode": "force" },
            "stop": { "value": ["\n\n"] }, "responseFormat": { "value": { "type": "json_object" } } },
        "transforms": [
            { "op": "join", "path": "$.messages", "template": "{{capitalize role}}: {{content}}", "separator": "\n", "to": "$.prompt", "removeSource": true },
            { "op": "rename", "path": "$.max_completion_tokens", "to": "max_tokens" },
            { "op": "remove", "path": "$.logprobs" },
            { "op": "set", "path": "$.metadata.gateway", "value": "llm-filters" } ],
        "context": { "keepLastTurns": 20, "maxPromptTokens": 100000, "modelBudgets": { "gpt-4o-mini": 120000, "tiny-*": 4000 },
            "bytesPerToken": 4, "messageOverheadTokens": 4, "droppedHeader": "x-llm-context-dropped" },
        "requestHeaders": { "set": { "x-gateway-request-id": "{{request_id}}", "x-team": "team-{{header:x-tenant}}" }, "remove": ["x-debug-token"] },
        "responseHeaders": { "set": { "x-llm-request-id": "{{request_id}}" }, "remove": ["x-envoy-upstream-service-time"] },
        "untemplated": "allow", "maxBodyBytes": 1000000, "onInvalidBody": "reject"
    }});
    load_policies(config.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e}"));
}

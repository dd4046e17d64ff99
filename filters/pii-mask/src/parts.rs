//! Request texts core's visitors do not join or do not visit:
//! - adjacent text parts of one message (`content: [{"type":"text",...}, {"type":"text",...}]`,
//!   OpenAI chat and responses, Anthropic blocks) are read as one text, so a value split
//!   across two parts is found ([`Masker::mask_across_parts`]);
//! - identity fields a provider also receives: `user`, `messages[].name`, `input[].name`,
//!   `metadata.user_id`, `safety_identifier` (an email address often ends up there).

use crate::jsonpath::JsonPath;
use crate::masker::Masker;
use serde_json::Value;

/// Part types whose `text` is prose.
const TEXT_TYPES: &[&str] = &["text", "input_text", "output_text"];

/// Identity fields, as JSONPaths.
const IDENTITY_FIELDS: &[&str] = &[
    "$.user",
    "$.messages[*].name",
    "$.input[*].name",
    "$.metadata.user_id",
    "$.safety_identifier",
];

/// Masks what runs across adjacent text parts, and the identity fields. `None`: unchanged.
pub fn mask_joined_and_identity(masker: &mut Masker, body: &[u8]) -> Option<Vec<u8>> {
    // A second parse only for bodies that have such keys (`"role":"user"` is a value, not one).
    let parts = has_key(body, b"\"text\"");
    let identity = has_key(body, b"\"user\"")
        || has_key(body, b"\"name\"")
        || has_key(body, b"\"user_id\"")
        || has_key(body, b"\"safety_identifier\"");
    if !parts && !identity {
        return None;
    }
    let mut doc: Value = serde_json::from_slice(body).ok()?;
    let mut changed = false;
    if parts {
        changed |= join_runs(masker, &mut doc);
    }
    if identity {
        for path in IDENTITY_FIELDS {
            if let Ok(path) = JsonPath::parse(path) {
                path.visit_strings_mut(&mut doc, &mut |s| {
                    changed |= masker.mask_request_text(s, false);
                });
            }
        }
    }
    changed.then(|| serde_json::to_vec(&doc).ok()).flatten()
}

/// `key` (quoted) followed by optional whitespace and a `:` somewhere in `body`.
fn has_key(body: &[u8], key: &[u8]) -> bool {
    let mut at = 0;
    while let Some(i) = body
        .get(at..)
        .and_then(|rest| rest.windows(key.len()).position(|w| w == key))
    {
        let after = at + i + key.len();
        let next = body
            .get(after..)
            .and_then(|rest| rest.iter().find(|b| !b.is_ascii_whitespace()));
        if next == Some(&b':') {
            return true;
        }
        at = after;
    }
    false
}

fn text_part(v: &Value) -> bool {
    v.get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| TEXT_TYPES.contains(&t))
        && v.get("text").is_some_and(Value::is_string)
}

/// Every array anywhere in the document: its runs of two or more text parts.
fn join_runs(masker: &mut Masker, v: &mut Value) -> bool {
    let mut changed = false;
    match v {
        Value::Array(items) => {
            let mut k = 0;
            while k < items.len() {
                let run = items
                    .get(k..)
                    .unwrap_or(&[])
                    .iter()
                    .take_while(|p| text_part(p))
                    .count();
                if run >= 2 {
                    changed |= mask_run(masker, items.get_mut(k..k + run).unwrap_or(&mut []));
                    k += run;
                } else {
                    if let Some(item) = items.get_mut(k) {
                        changed |= join_runs(masker, item);
                    }
                    k += 1;
                }
            }
        }
        Value::Object(map) => {
            for value in map.values_mut() {
                changed |= join_runs(masker, value);
            }
        }
        _ => {}
    }
    changed
}

fn mask_run(masker: &mut Masker, run: &mut [Value]) -> bool {
    let mut texts: Vec<String> = run
        .iter()
        .map(|p| {
            p.get("text")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        })
        .collect();
    if !masker.mask_across_parts(&mut texts) {
        return false;
    }
    for (part, text) in run.iter_mut().zip(texts) {
        if let Some(slot) = part.get_mut("text") {
            *slot = Value::String(text);
        }
    }
    true
}

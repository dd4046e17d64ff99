//! Request texts core's visitors do not join or do not visit:
//! - adjacent text parts of one message (`content: [{"type":"text",...}, {"type":"text",...}]`,
//!   OpenAI chat and responses, Anthropic blocks) are read as one text, so a value split
//!   across two parts is found ([`Masker::mask_across_parts`]);
//! - so are consecutive messages of one role (`messages`, Responses `input`): the last text of
//!   one and the first text of the next are adjacent (a user who pastes an address across two
//!   messages meant one address). Between messages of different roles only deny phrases are
//!   looked for (a value is one author's);
//! - identity fields a provider also receives: `user`, `messages[].name`, `input[].name`,
//!   `metadata.user_id`, `safety_identifier`, `prompt_cache_key` (an email address often ends
//!   up there);
//! - JSON values as JSON text ([`mask_json_text`], [`mask_json_subtrees`]): Anthropic
//!   `tool_use.input` objects and tool schemas are read the way OpenAI's tool-call `arguments`
//!   are, as one JSON text, so a key holding a value (`{"ann@example.com": "x"}`) is
//!   replaced like a string and a number whose digits are a value (`{"card":
//!   4111111111111111}`) becomes the replacement *string* (`"[CREDIT_CARD]"`): its type
//!   changes, which is better than forwarding it.

use crate::json_walk::{apply_edits, walk_json, Seg, Token};
use crate::jsonpath::JsonPath;
use crate::masker::Masker;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Part types whose `text` is prose.
const TEXT_TYPES: &[&str] = &["text", "input_text", "output_text"];

/// Identity fields, as JSONPaths, each with the key (quoted) a body must hold for it.
const IDENTITY_FIELDS: &[(&str, &[u8])] = &[
    ("$.user", b"\"user\""),
    ("$.messages[*].name", b"\"name\""),
    ("$.input[*].name", b"\"name\""),
    ("$.metadata.user_id", b"\"user_id\""),
    ("$.safety_identifier", b"\"safety_identifier\""),
    ("$.prompt_cache_key", b"\"prompt_cache_key\""),
];

/// [`IDENTITY_FIELDS`]' paths, parsed once.
static IDENTITY_PATHS: std::sync::LazyLock<Vec<JsonPath>> = std::sync::LazyLock::new(|| {
    IDENTITY_FIELDS
        .iter()
        .filter_map(|(path, _)| JsonPath::parse(path).ok())
        .collect()
});

/// Masks what runs across adjacent text parts, and the identity fields. `None`: unchanged.
pub fn mask_joined_and_identity(masker: &mut Masker, body: &[u8]) -> Option<Vec<u8>> {
    // A second parse only for bodies that have such keys (`"role":"user"` is a value, not one)
    // or may spell them with escapes (`"\u0074ext"` is `"text"`).
    let escaped = body.windows(2).any(|w| w == b"\\u");
    let parts = escaped || has_key(body, b"\"text\"") || key_count(body, b"\"role\"", 2) >= 2;
    // (A key two paths share, `name`, is looked for once.)
    let mut last: &[u8] = b"";
    let identity = escaped
        || IDENTITY_FIELDS.iter().any(|&(_, key)| {
            let fresh = key != last;
            last = key;
            fresh && has_key(body, key)
        });
    if !parts && !identity {
        return None;
    }
    let mut doc: Value = serde_json::from_slice(body).ok()?;
    let mut changed = false;
    if parts {
        changed |= join_document(masker, &mut doc);
    }
    if identity {
        for path in IDENTITY_PATHS.iter() {
            path.visit_strings_mut(&mut doc, &mut |s| {
                changed |= masker.mask_request_text(s, false);
            });
        }
    }
    changed.then(|| serde_json::to_vec(&doc).ok()).flatten()
}

/// `key` (quoted) followed by optional whitespace and a `:` somewhere in `body`.
fn has_key(body: &[u8], key: &[u8]) -> bool {
    key_count(body, key, 1) >= 1
}

/// How many times `key` (quoted) is followed by optional whitespace and a `:` in `body`,
/// counting up to `enough`.
fn key_count(body: &[u8], key: &[u8], enough: usize) -> usize {
    let mut at = 0;
    let mut count = 0;
    while let Some(i) = body
        .get(at..)
        .and_then(|rest| rest.windows(key.len()).position(|w| w == key))
    {
        let after = at + i + key.len();
        let next = body
            .get(after..)
            .and_then(|rest| rest.iter().find(|b| !b.is_ascii_whitespace()));
        if next == Some(&b':') {
            count += 1;
            if count >= enough {
                return count;
            }
        }
        at = after;
    }
    count
}

fn text_part(v: &Value) -> bool {
    v.get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| TEXT_TYPES.contains(&t))
        && v.get("text").is_some_and(Value::is_string)
}

/// The conversation arrays as one sequence of texts, then every other array anywhere.
fn join_document(masker: &mut Masker, doc: &mut Value) -> bool {
    let Value::Object(map) = doc else {
        return join_runs(masker, doc);
    };
    let mut changed = false;
    for (key, value) in map.iter_mut() {
        match value {
            Value::Array(items) if CONVERSATIONS.contains(&key.as_str()) => {
                changed |= join_conversation(masker, items);
                for item in items.iter_mut() {
                    changed |= join_inside_message(masker, item);
                }
            }
            other => changed |= join_runs(masker, other),
        }
    }
    changed
}

/// Top-level arrays of messages.
const CONVERSATIONS: &[&str] = &["messages", "input"];

/// A text of a conversation: a message's string `content`, or one text part of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Content(usize),
    Part(usize, usize),
}

fn slot_text(items: &[Value], slot: Slot) -> Option<&str> {
    let v = match slot {
        Slot::Content(m) => items.get(m)?.get("content")?,
        Slot::Part(m, k) => items.get(m)?.get("content")?.get(k)?.get("text")?,
    };
    v.as_str()
}

fn slot_mut(items: &mut [Value], slot: Slot) -> Option<&mut Value> {
    match slot {
        Slot::Content(m) => items.get_mut(m)?.get_mut("content"),
        Slot::Part(m, k) => items
            .get_mut(m)?
            .get_mut("content")?
            .get_mut(k)?
            .get_mut("text"),
    }
}

/// A message's role and its texts in order, `None` standing for anything else (an image, a
/// tool call): texts on either side of it are not adjacent.
fn message_slots(m: usize, item: &Value) -> Option<(&str, Vec<Option<Slot>>)> {
    let role = item.get("role")?.as_str()?;
    let slots = match item.get("content")? {
        Value::String(_) => vec![Some(Slot::Content(m))],
        Value::Array(parts) => parts
            .iter()
            .enumerate()
            .map(|(k, p)| text_part(p).then_some(Slot::Part(m, k)))
            .collect(),
        _ => vec![None],
    };
    Some((role, slots))
}

/// Runs of adjacent texts across the messages (within one message and across consecutive
/// messages of one role), each read joined; deny phrases also across a change of role.
fn join_conversation(masker: &mut Masker, items: &mut [Value]) -> bool {
    let mut runs: Vec<Vec<Slot>> = Vec::new();
    let mut deny_pairs: Vec<(Slot, Slot)> = Vec::new();
    let mut run: Vec<Slot> = Vec::new();
    // The previous message's role and whether it ended with a text (that text's slot).
    let mut previous: Option<(String, Option<Slot>)> = None;
    for (m, item) in items.iter().enumerate() {
        let Some((role, slots)) = message_slots(m, item) else {
            runs.push(std::mem::take(&mut run));
            previous = None;
            continue;
        };
        let first = slots.first().copied().flatten();
        if let Some((prev_role, prev_last)) = &previous {
            if prev_role != role {
                runs.push(std::mem::take(&mut run));
                if let (Some(a), Some(b)) = (*prev_last, first) {
                    deny_pairs.push((a, b));
                }
            }
        }
        for slot in &slots {
            match slot {
                Some(slot) => run.push(*slot),
                None => runs.push(std::mem::take(&mut run)),
            }
        }
        previous = Some((role.to_string(), slots.last().copied().flatten()));
    }
    runs.push(run);
    for (a, b) in deny_pairs {
        let texts: Vec<String> = [a, b]
            .iter()
            .map(|s| slot_text(items, *s).unwrap_or("").to_string())
            .collect();
        masker.deny_across(&texts);
    }
    let mut changed = false;
    for run in runs.into_iter().filter(|r| r.len() >= 2) {
        let mut texts: Vec<String> = run
            .iter()
            .map(|s| slot_text(items, *s).unwrap_or("").to_string())
            .collect();
        if !masker.mask_across_parts(&mut texts) {
            continue;
        }
        for (slot, text) in run.into_iter().zip(texts) {
            if let Some(v) = slot_mut(items, slot) {
                *v = Value::String(text);
            }
        }
        changed = true;
    }
    changed
}

/// What a message holds besides its text parts (tool results with their own parts...).
fn join_inside_message(masker: &mut Masker, item: &mut Value) -> bool {
    let Value::Object(map) = item else {
        return false;
    };
    let mut changed = false;
    let is_message = map.get("role").is_some_and(Value::is_string);
    for (key, value) in map.iter_mut() {
        match value {
            Value::Array(parts) if is_message && key == "content" => {
                for part in parts.iter_mut().filter(|p| !text_part(p)) {
                    changed |= join_runs(masker, part);
                }
            }
            other => changed |= join_runs(masker, other),
        }
    }
    changed
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

/// Where JSON values sit in a body, read as JSON text by [`mask_json_subtrees`]: the input of
/// an Anthropic `tool_use` (any block with an `input`), and tool and output schemas.
fn json_subtree(path: &[Seg]) -> bool {
    use Seg::{Index as I, Key as K};
    let key = |s: &Seg, name: &str| matches!(s, K(k) if k == name);
    match path {
        [m, I(_), c, I(_), i] => key(m, "messages") && key(c, "content") && key(i, "input"),
        // Anthropic tools, Responses function tools, legacy chat functions.
        [t, I(_), s] => {
            (key(t, "tools") && (key(s, "input_schema") || key(s, "parameters")))
                || (key(t, "functions") && key(s, "parameters"))
        }
        // Chat tools.
        [t, I(_), f, p] => key(t, "tools") && key(f, "function") && key(p, "parameters"),
        [r, j, s] => {
            (key(r, "response_format") && key(j, "json_schema") && key(s, "schema"))
                || (key(r, "text") && key(j, "format") && key(s, "schema"))
        }
        _ => false,
    }
}

/// Masks the JSON values of a body that [`json_subtree`] names as JSON text (keys and
/// numbers too, see [`mask_json_text`]); every other byte stays. `None`: unchanged.
pub fn mask_json_subtrees(masker: &mut Masker, body: &[u8]) -> Option<Vec<u8>> {
    // Only bodies that have such keys get the extra walk.
    if !has_key(body, b"\"input\"")
        && !has_key(body, b"\"input_schema\"")
        && !has_key(body, b"\"parameters\"")
        && !has_key(body, b"\"schema\"")
        && !body.windows(2).any(|w| w == b"\\u")
    {
        return None;
    }
    let mut spans = Vec::new();
    walk_json(body, &mut |n| {
        if matches!(n.token, Token::Object | Token::Array) && json_subtree(n.path) {
            spans.push((n.start, n.end));
        }
    })?;
    let mut edits = Vec::new();
    for (start, end) in spans {
        let mut text = std::str::from_utf8(body.get(start..end)?).ok()?.to_string();
        if mask_json_text(masker, &mut text) {
            edits.push((start, end, text));
        }
    }
    if edits.is_empty() {
        return None;
    }
    apply_edits(body, &edits)
}

/// Masks a JSON text (tool-call arguments, a JSON tool result, a tool input) as the text it
/// is, so values in keys are found with the rest, and keeps it valid JSON:
/// - a number a detector reads as a value (`4111111111111111`, `536221234` after `"ssn"`)
///   becomes the replacement as a string (`"[CREDIT_CARD]"`); every other number keeps its
///   spelling (the numbers are read quoted, then unquoted again when unchanged);
/// - a key replaced into one that its object already has gets ` #2`, ` #3`... (two redacted
///   addresses would otherwise be one key).
///
/// Text that is not JSON is masked as JSON text without this. Returns whether it changed.
pub fn mask_json_text(masker: &mut Masker, text: &mut String) -> bool {
    let mut before = Vec::new();
    let mut numbers = Vec::new();
    let parsed = serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
        && walk_json(text.as_bytes(), &mut |n| {
            before.push(n.token);
            if n.token == Token::Number {
                numbers.push((n.start, n.end));
            }
        })
        .is_some();
    if !parsed {
        return masker.mask_request_text(text, true);
    }
    let mut read = String::with_capacity(text.len() + 2 * numbers.len());
    let mut at = 0;
    for &(start, end) in &numbers {
        read.push_str(text.get(at..start).unwrap_or(""));
        read.push('"');
        read.push_str(text.get(start..end).unwrap_or(""));
        read.push('"');
        at = end;
    }
    read.push_str(text.get(at..).unwrap_or(""));
    if !masker.mask_request_text(&mut read, true) {
        return false;
    }
    let fixed = fix_up(&read, &before).unwrap_or(read);
    let changed = fixed != *text;
    *text = fixed;
    changed
}

/// `masked` (the quoted reading of a JSON text, masked) with the numbers no detector changed
/// unquoted again and repeated keys of one object made distinct. `before`: the tokens of the
/// original text in order (the masked text has the same structure: only strings changed).
fn fix_up(masked: &str, before: &[Token]) -> Option<String> {
    let mut nodes = Vec::new();
    walk_json(masked.as_bytes(), &mut |n| {
        nodes.push((n.token, n.start, n.end, n.parent))
    })?;
    if nodes.len() != before.len() {
        return None;
    }
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    // Every key of each object (by where the object starts), and those already written.
    let mut taken: HashMap<usize, HashSet<String>> = HashMap::new();
    for &(token, start, end, parent) in &nodes {
        if token == Token::Key {
            let key: String = serde_json::from_str(masked.get(start..end)?).ok()?;
            taken.entry(parent).or_default().insert(key);
        }
    }
    let mut written: HashMap<usize, HashSet<String>> = HashMap::new();
    let mut next_suffix: HashMap<(usize, String), usize> = HashMap::new();
    for (&was, &(token, start, end, parent)) in before.iter().zip(&nodes) {
        let raw = masked.get(start..end)?;
        match (was, token) {
            (Token::Number, Token::Str) => {
                let content: String = serde_json::from_str(raw).ok()?;
                if is_number_literal(&content) {
                    edits.push((start, end, content));
                }
            }
            (Token::Key, Token::Key) => {
                let key: String = serde_json::from_str(raw).ok()?;
                if !written.entry(parent).or_default().insert(key.clone()) {
                    let taken = taken.entry(parent).or_default();
                    // Counting on from the last suffix this key got: 20,000 keys that mask to
                    // one `[EMAIL]` would otherwise try 2, 3, ... again for each (quadratic).
                    let next = next_suffix.entry((parent, key.clone())).or_insert(2);
                    let distinct = (*next..)
                        .map(|n| (n, format!("{key} #{n}")))
                        .find(|(_, candidate)| !taken.contains(candidate))
                        .map(|(n, candidate)| {
                            *next = n + 1;
                            candidate
                        })?;
                    edits.push((start, end, serde_json::to_string(&distinct).ok()?));
                    taken.insert(distinct);
                }
            }
            _ => {}
        }
    }
    edits.sort_by_key(|e| e.0);
    String::from_utf8(apply_edits(masked.as_bytes(), &edits)?).ok()
}

/// A JSON number as written (`12.50`, `-1e3`), nothing around it.
fn is_number_literal(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|c| matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
        && serde_json::from_str::<serde_json::Number>(s).is_ok()
}

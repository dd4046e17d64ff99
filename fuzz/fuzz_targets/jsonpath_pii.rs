//! pii-mask's JSONPath subset: parse an arbitrary path, and when it parses, visit the strings
//! it selects in an arbitrary JSON document.
//!
//! Input: `[path]\n[document]`. Properties: no panic; the visit reaches only strings of the
//! document (changing them changes nothing else), and a path of `$` alone visits every string.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pii_mask::jsonpath::{leaves, JsonPath};
use serde_json::Value;

fn count_strings(v: &Value) -> usize {
    match v {
        Value::String(_) => 1,
        Value::Array(items) => items.iter().map(count_strings).sum(),
        Value::Object(map) => map.values().map(count_strings).sum(),
        _ => 0,
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (path, doc) = text.split_once('\n').unwrap_or((&text, "null"));
    let Ok(parsed) = JsonPath::parse(path) else {
        return;
    };
    let Ok(original) = serde_json::from_str::<Value>(doc) else {
        return;
    };

    let mut doc = original.clone();
    let mut visited = 0;
    parsed.visit_strings_mut(&mut doc, &mut |s| {
        visited += 1;
        s.insert(0, '\u{1}');
    });
    assert!(visited <= count_strings(&original));
    // Undo the marks: only string values were touched.
    let mut restored = doc.clone();
    leaves(&mut restored, &mut |s| {
        if let Some(rest) = s.strip_prefix('\u{1}') {
            *s = rest.to_string();
        }
    });
    if !text.contains('\u{1}') {
        assert_eq!(restored, original);
    }
    if path == "$" {
        assert_eq!(visited, count_strings(&original));
    }
});

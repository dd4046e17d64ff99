//! prompt-transform's JSONPath transforms (jsonpath-rust underneath): compile arbitrary paths
//! as every kind of transform and apply them to an arbitrary JSON object body.
//!
//! Input: `[path]\n[document]`. Properties: no panic; compiling either succeeds or names the
//! field; applying keeps the body a JSON object that serializes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prompt_transform::config::BodyTransform;
use prompt_transform::jsonpath::{apply, compile};
use prompt_transform::template::new_registry;
use serde_json::{Map, Value};

fn transforms(path: &str) -> Vec<BodyTransform> {
    vec![
        BodyTransform::Set {
            path: path.to_string(),
            value: Value::String("set".into()),
        },
        BodyTransform::Rename {
            path: path.to_string(),
            to: "renamed".into(),
        },
        BodyTransform::Join {
            path: path.to_string(),
            template: "{{this}}".into(),
            separator: ",".into(),
            to: "$.joined".into(),
            remove_source: false,
        },
        BodyTransform::Join {
            path: "$.joined".into(),
            template: "{{role}}".into(),
            separator: "\n".into(),
            to: path.to_string(),
            remove_source: true,
        },
        BodyTransform::Remove {
            path: path.to_string(),
        },
    ]
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (path, doc) = text.split_once('\n').unwrap_or((&text, "{}"));
    let body: Map<String, Value> = match serde_json::from_str::<Value>(doc) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    // Each transform alone (so one path that fails to compile does not hide the others) and all
    // together, in order.
    let all = transforms(path);
    let mut sets: Vec<Vec<BodyTransform>> = all.iter().cloned().map(|t| vec![t]).collect();
    sets.push(all);
    for set in sets {
        // As a route's join registry is set up.
        let mut hb = new_registry();
        hb.set_strict_mode(false);
        let Ok(compiled) = compile(&set, &mut hb) else {
            continue;
        };
        let mut body = body.clone();
        let _ = apply(&compiled, &hb, &mut body);
        serde_json::to_vec(&Value::Object(body)).expect("the body serializes");
    }
});

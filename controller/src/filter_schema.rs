//! The JSON Schema of each filter's plugin configuration (`{default, rules}` of its config
//! type), derived from the filters' own types: what their loaders accept, not a copy of it.

use llm_filters_core::rules::RouteRules;
use serde_json::Value;

/// Filter name (as in the rendered `plugin_config` names) → its config's JSON Schema.
pub fn filter_schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "model-router",
            schema_of::<RouteRules<model_router::config::RouterConfig>>(),
        ),
        (
            "pii-mask",
            schema_of::<RouteRules<pii_mask::config::PiiConfig>>(),
        ),
        (
            "prompt-transform",
            schema_of::<RouteRules<prompt_transform::config::TransformConfig>>(),
        ),
        (
            "token-meter",
            schema_of::<RouteRules<token_meter::config::MeterConfig>>(),
        ),
    ]
}

/// One filter's schema by name.
pub fn filter_schema(name: &str) -> Option<Value> {
    filter_schemas()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| s)
}

fn schema_of<T: schemars::JsonSchema>() -> Value {
    schemars::schema_for!(T).to_value()
}

//! Shared by the session tests: loading the filter natively.
#![allow(dead_code)]

use llm_filters_core::quota_store::{MemoryStore, SharedStore};
use llm_filters_core::session::{Filter, LoadContext};
use prompt_transform::PromptTransform;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

struct Load(MemoryStore);

impl LoadContext for Load {
    fn env_var(&self, _: &str) -> Option<String> {
        None
    }
    fn instance_name(&self) -> &str {
        "prompt_transform"
    }
    fn store(&self) -> &dyn SharedStore {
        &self.0
    }
    fn now(&self) -> Duration {
        Duration::from_secs(1_700_000_000)
    }
}

/// The filter loaded from `config` (the whole plugin config).
pub fn transform(config: &Value) -> Arc<PromptTransform> {
    let filter = PromptTransform::load(config.to_string().as_bytes(), &Load(MemoryStore::new()));
    Arc::new(filter.unwrap_or_else(|e| panic!("config loads: {e}")))
}

/// A route that adds a system message to every chat request.
pub fn decorated() -> Value {
    serde_json::json!({ "default": { "decorators": { "system": { "content": "Be kind." } } } })
}

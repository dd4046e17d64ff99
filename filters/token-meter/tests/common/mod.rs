//! Shared by the session tests: loading the filter natively and reading what it left behind.
#![allow(dead_code)]

use llm_filters_core::quota_store::{MemoryStore, SharedStore};
use llm_filters_core::session::{Filter, LoadContext};
use llm_filters_core::testing::TestHost;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use token_meter::quota::{record_key, Record};
use token_meter::TokenMeter;

pub struct Load {
    pub store: Arc<MemoryStore>,
}

impl LoadContext for Load {
    fn env_var(&self, _: &str) -> Option<String> {
        None
    }
    fn instance_name(&self) -> &str {
        "token_meter"
    }
    fn store(&self) -> &dyn SharedStore {
        &*self.store
    }
    fn now(&self) -> Duration {
        Duration::from_secs(1_700_000_000)
    }
}

/// The filter loaded from `config` (the whole plugin config), with its shared store.
pub fn meter(config: &Value) -> (Arc<TokenMeter>, Arc<MemoryStore>) {
    let store = Arc::new(MemoryStore::new());
    let filter = TokenMeter::load(
        config.to_string().as_bytes(),
        &Load {
            store: store.clone(),
        },
    )
    .expect("config loads");
    (Arc::new(filter), store)
}

pub fn host(store: &Arc<MemoryStore>) -> TestHost {
    TestHost::new(store.clone())
}

/// A client's quota record in the default scope.
pub fn record(store: &MemoryStore, client: &str) -> Record {
    let (bytes, _) = store.get(&record_key("default", client));
    Record::decode(bytes.as_deref())
}

pub fn state_u64(host: &TestHost, key: &str) -> Option<u64> {
    host.filter_state_str(key)?.parse().ok()
}

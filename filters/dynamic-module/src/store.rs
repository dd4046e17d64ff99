//! The process-wide store behind `Host::store`: one map shared by every worker thread (the
//! native twin of proxy-wasm shared data), with the same compare-and-swap semantics.

use llm_filters_core::quota_store::MemoryStore;
use std::sync::OnceLock;

pub fn shared() -> &'static MemoryStore {
    static STORE: OnceLock<MemoryStore> = OnceLock::new();
    STORE.get_or_init(MemoryStore::new)
}

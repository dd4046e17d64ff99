//! Which filter a `filter_name` loads, and the type-erased handle the hooks keep.
//!
//! | `filter_name`            | filter                         | where                    |
//! |--------------------------|--------------------------------|--------------------------|
//! | `prompt_transform`       | `prompt_transform::PromptTransform` | downstream HTTP filter |
//! | `pii_mask`               | `pii_mask::session::PiiMask`   | downstream HTTP filter   |
//! | `token_meter`            | `token_meter::TokenMeter`      | downstream HTTP filter   |
//! | `model_router`           | `model_router::ModelRouter`, route stage | downstream HTTP filter |
//! | `model_router_upstream`  | `model_router::ModelRouter`, upstream stage | upstream HTTP filter (a cluster's `http_filters`) |
//! | `__echo_test`, `__panic_test` | [`crate::test_filters`] (only when `LLM_FILTERS_TEST_FILTERS=1`) | |
//!
//! The instance name ([`LoadContext::instance_name`]) is the `filter_name`, as the wasm build's
//! is the `root_id`: model-router serves its route and upstream stages from one filter type.

use crate::store;
use llm_filters_core::quota_store::SharedStore;
use llm_filters_core::session::{Filter, LoadContext, Session};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A loaded filter, whatever its type: shared read-only by every stream of every worker.
pub trait Loaded: Send + Sync {
    fn new_session(&self, seed: u64) -> Box<dyn Session>;

    /// A filter whose streams the hooks pass untouched, without a session or a single call into
    /// Envoy (only the bench's `__floor_raw`: what Envoy charges for the filter entry alone).
    fn inert(&self) -> bool {
        false
    }
}

struct Hosted<F: Filter>(Arc<F>);

impl<F: Filter> Loaded for Hosted<F> {
    fn new_session(&self, seed: u64) -> Box<dyn Session> {
        Box::new(self.0.new_session(seed))
    }
}

pub fn now() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

struct NativeLoad<'a> {
    instance: &'a str,
}

impl LoadContext for NativeLoad<'_> {
    fn env_var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn instance_name(&self) -> &str {
        self.instance
    }

    fn store(&self) -> &dyn SharedStore {
        store::shared()
    }

    fn now(&self) -> Duration {
        now()
    }
}

fn hosted<F: Filter>(config: &[u8], ctx: &dyn LoadContext) -> Result<Arc<dyn Loaded>, String> {
    match F::load(config, ctx) {
        Ok(filter) => Ok(Arc::new(Hosted(Arc::new(filter)))),
        // The error names the field and the reason; never the config text.
        Err(err) => Err(format!("{}: {err}", F::NAME)),
    }
}

/// Loads `config` for `filter_name`. The error is one log line naming the field.
pub fn load(filter_name: &str, config: &[u8]) -> Result<Arc<dyn Loaded>, String> {
    let ctx = NativeLoad {
        instance: filter_name,
    };
    match filter_name {
        "prompt_transform" => hosted::<prompt_transform::PromptTransform>(config, &ctx),
        "pii_mask" => hosted::<pii_mask::session::PiiMask>(config, &ctx),
        "token_meter" => hosted::<token_meter::TokenMeter>(config, &ctx),
        // One filter type, two stages: the instance name picks the stage.
        "model_router" | "model_router_upstream" => {
            hosted::<model_router::ModelRouter>(config, &ctx)
        }
        _ => match crate::test_filters::load(filter_name, config) {
            Some(loaded) => loaded,
            None => Err(format!("unknown filter_name '{filter_name}'")),
        },
    }
}

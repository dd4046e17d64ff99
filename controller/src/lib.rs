//! llm-filters' controller: the `LLMRoute` and `LLMPolicy` CRDs ([`crd`]), the
//! target-independent [`plan`] computed from them (with [`fold`]ing of policies into each
//! filter's `{default, rules}` config), and the renders ([`render`]: Envoy bootstrap, Istio
//! objects). The CLI ([`cli`]) prints CRDs and renders; `run` reconciles in a cluster.

pub mod cli;
pub mod crd;
pub mod filter_schema;
pub mod fold;
pub mod plan;
pub mod reconcile;
pub mod render;
pub mod strict;

//! # pii-mask
//!
//! Keeps personal data and secrets out of prompts and answers. Per route (the `{default, rules}`
//! plugin config) it runs validated detectors over the texts of a request, replaces what they
//! find (`redact`, `mask`, `hash`, `placeholder`) or refuses the request (`block`, deny lists),
//! and on the way back gives placeholders their values again and masks what the model wrote,
//! streamed answers included.
//!
//! ## Pieces
//! - [`detect`]: the detectors. A candidate from a pattern only counts after validation
//!   (Luhn and issuer prefixes for cards, SSN ranges, IBAN length and mod-97, phone structure,
//!   JWT header, key alphabets...), which is what keeps order numbers, versions and timestamps out.
//! - [`masker`]: one request's state: the placeholder [`vault`], counts for metrics, the block
//!   decision; and the answer-side rewrite with its hold-back rule.
//! - [`request`] / [`response`]: where the texts are (core's text visitors, JSONPaths, raw
//!   text) and the whole-body / SSE paths (core's `delta_stream` and `hold_back`).
//! - [`escapes`] / [`dupkeys`]: what the provider reads is what is scanned: JSON escapes decoded
//!   for detection (with the way back to raw offsets), duplicate keys found.
//! - [`session`]: the per-stream state machine against core's host contract; the one line
//!   below registers it as the proxy-wasm filter.
//!
//! ## Streaming without leaks
//! Each text channel of a streamed answer (a choice's content, one tool call's arguments, an
//! Anthropic content block) keeps back its last `response.windowBytes` (default 256) bytes, and
//! never cuts inside a value or a placeholder it can already see. Every value shorter than the
//! window is therefore seen whole before any byte of it is sent, and the text the client gets is
//! the same as if the answer had arrived in one piece (property-tested over random chunkings).
//! With `response.scan`, a run of token characters (a key, a JWT) is held until it ends, up to
//! `response.maxTokenBytes`, past which it is replaced whole: secrets are never sent in part.
//! With `response.scan` at least [`detect::CONTEXT_AFTER_BYTES`] are held and
//! [`detect::CONTEXT_BEFORE_BYTES`] of sent text kept, so cues around a value decide it as in
//! the whole answer. The cost: the client sees text up to `windowBytes` later than the model wrote it — at the
//! typical 3–4 bytes per token, about 64–85 tokens, i.e. ~1 s at 60–80 tokens/s — and all of it
//! no later than the end of the block. Without `response.scan` and without placeholders in the
//! request, nothing is held back.

// A panic in a wasm filter disables it on that worker for good, and everything here reads client
// and provider bytes: no byte slicing or indexing that can panic (tests may).
#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

pub mod config;
#[cfg(feature = "filter")]
pub mod deny;
#[cfg(feature = "filter")]
pub mod detect;
#[cfg(feature = "filter")]
pub use llm_filters_core::dupkeys;
#[cfg(feature = "filter")]
pub mod escapes;
#[cfg(feature = "filter")]
pub mod joined;
#[cfg(feature = "filter")]
pub mod json_walk;
pub mod jsonpath;
pub mod kind;
#[cfg(feature = "filter")]
pub mod mask;
#[cfg(feature = "filter")]
pub mod masker;
#[cfg(feature = "filter")]
pub mod parts;
#[cfg(feature = "filter")]
pub mod policy;
#[cfg(feature = "filter")]
pub mod request;
#[cfg(feature = "filter")]
pub mod response;
#[cfg(feature = "filter")]
pub mod session;
#[cfg(feature = "filter")]
pub mod splice;
#[cfg(feature = "filter")]
pub mod vault;

#[cfg(feature = "filter")]
llm_filters_core::register_wasm_filter!(crate::session::PiiMask);

pub use config::PiiConfig;

//! The fallback plan: the primary backend and each backend that may serve a request after it
//! failed, with the model name each must receive. The route stage computes it (it knows the
//! matched rule and the resolved model) and hands it to the upstream stage in a request header.
//!
//! Envoy hands every retry attempt the *same* request header map, so an attempt's edits are seen
//! by the next attempt. The plan is therefore never edited or removed: each attempt derives its
//! changes from it alone, which makes the upstream stage idempotent across attempts. The header
//! does travel to the provider; it holds only backend and model names, like `x-llm-backend`.
//!
//! Encoding: `backend=model;backend=model`, with `%`, `;`, `=` and every byte outside printable
//! ASCII percent-encoded, so any model name survives as a header value.

use crate::config::{ModelRoute, RouterConfig};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FallbackPlan {
    entries: Vec<(String, String)>,
}

impl FallbackPlan {
    /// The plan for a request sent to `primary` with `primary_model`, followed by every backend
    /// in its `fallback` list with the model from the rule's `fallbackModels`, else the backend's
    /// `modelNameOverride`, else the model the client asked for (after aliases). Empty when the
    /// primary has no fallback.
    pub fn for_backend(
        config: &RouterConfig,
        primary: &str,
        primary_model: &str,
        route: Option<&ModelRoute>,
        resolved_model: &str,
    ) -> Self {
        let fallback = &config.backends[primary].fallback;
        if fallback.is_empty() {
            return FallbackPlan::default();
        }
        let mut entries = vec![(primary.to_string(), primary_model.to_string())];
        entries.extend(fallback.iter().map(|name| {
                let model = route
                    .and_then(|r| r.fallback_models.get(name).cloned())
                    .or_else(|| config.backends[name].model_name_override.clone())
                    .unwrap_or_else(|| resolved_model.to_string());
            (name.clone(), model)
        }));
        FallbackPlan { entries }
    }

    /// The backend the request was routed to first.
    pub fn primary(&self) -> Option<&str> {
        self.entries.first().map(|(b, _)| b.as_str())
    }

    pub fn backends(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(b, _)| b.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn model_for(&self, backend: &str) -> Option<&str> {
        self.entries.iter().find(|(b, _)| b == backend).map(|(_, m)| m.as_str())
    }

    pub fn encode(&self) -> String {
        self.entries.iter().map(|(b, m)| format!("{b}={}", escape(m))).collect::<Vec<_>>().join(";")
    }

    /// Lenient: entries that do not parse are skipped (the header is internal; a garbled one
    /// must not fail the request, the attempt then keeps the model it has).
    pub fn decode(value: &str) -> Self {
        let entries = value
            .split(';')
            .filter_map(|entry| entry.split_once('='))
            .filter_map(|(b, m)| Some((b.trim().to_string(), unescape(m)?)))
            .filter(|(b, _)| !b.is_empty())
            .collect();
        FallbackPlan { entries }
    }
}

fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '%' | ';' | '=' => out.push_str(&format!("%{:02X}", c as u32)),
            // Header values stay printable ASCII: anything else travels percent-encoded.
            c if !c.is_ascii_graphic() && c != ' ' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn unescape(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn encodes_and_decodes() {
        let plan = FallbackPlan { entries: vec![("b".into(), "m;x=1%".into()), ("c".into(), "llama".into())] };
        assert_eq!(plan.encode(), "b=m%3Bx%3D1%25;c=llama");
        assert_eq!(FallbackPlan::decode(&plan.encode()), plan);
        assert_eq!(FallbackPlan::decode("garbage;=x;a=%zz;c=ok").entries, vec![("c".to_string(), "ok".to_string())]);
    }

    proptest! {
        #[test]
        fn any_model_name_round_trips(models in proptest::collection::vec(".{0,30}", 0..4)) {
            let plan = FallbackPlan { entries: models.iter().enumerate().map(|(i, m)| (format!("b{i}"), m.clone())).collect() };
            prop_assert_eq!(FallbackPlan::decode(&plan.encode()), plan);
        }
    }
}

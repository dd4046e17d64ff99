//! The fallback plan: the primary backend and each backend that may serve a request after it
//! failed, with the model name each must receive. The route stage computes it (it knows the
//! matched rule and the resolved model) and hands it, with the index of the rule that routed
//! the request, to the upstream stage as filter state ([`llm_filters_core::contract::state::FALLBACK_PLAN`]):
//! a client can set request headers, never filter state.
//!
//! Envoy hands every retry attempt the *same* request header map, so an attempt's edits are seen
//! by the next attempt. The hand-off is written once by the route stage and never edited: each
//! attempt derives its changes from it alone, which makes the upstream stage idempotent.
//!
//! Encoding: `<rule>|backend=model;backend=model`, `<rule>` being `d` (the default config) or
//! the rule's index, and `%`, `;`, `=`, `|` and every byte outside printable ASCII in a model
//! percent-encoded (config model names are validated, this only keeps the format total).

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
        let Some(fallback) = config.backends.get(primary).map(|b| &b.fallback) else {
            return FallbackPlan::default();
        };
        if fallback.is_empty() {
            return FallbackPlan::default();
        }
        let mut entries = vec![(primary.to_string(), primary_model.to_string())];
        entries.extend(fallback.iter().map(|name| {
            let model = route
                .and_then(|r| r.fallback_models.get(name).cloned())
                .or_else(|| {
                    config
                        .backends
                        .get(name)
                        .and_then(|b| b.model_name_override.clone())
                })
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
        self.entries
            .iter()
            .find(|(b, _)| b == backend)
            .map(|(_, m)| m.as_str())
    }

    fn encode(&self) -> String {
        self.entries
            .iter()
            .map(|(b, m)| format!("{b}={}", escape(m)))
            .collect::<Vec<_>>()
            .join(";")
    }

    /// Lenient: entries that do not parse are skipped.
    fn decode(value: &str) -> Self {
        let entries = value
            .split(';')
            .filter_map(|entry| entry.split_once('='))
            .filter_map(|(b, m)| Some((b.trim().to_string(), unescape(m)?)))
            .filter(|(b, _)| !b.is_empty())
            .collect();
        FallbackPlan { entries }
    }
}

/// What the route stage tells the upstream stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Handoff {
    /// The config that routed the request: `None` = `default`, `Some(i)` = `rules[i]`. The
    /// upstream stage uses the same one, whatever the route stage changed in the headers
    /// (`:authority`, for one) that rule selection looks at.
    pub rule: Option<usize>,
    pub plan: FallbackPlan,
    /// The client's `:path` (every attempt shares one header map, so an attempt that rewrote
    /// the path for its backend's API must not decide the next attempt's path).
    pub path: Option<String>,
}

impl Handoff {
    pub fn encode(&self) -> String {
        let rule = self.rule.map_or_else(|| "d".to_string(), |i| i.to_string());
        match &self.path {
            Some(path) => format!("{rule}|{}|{}", self.plan.encode(), escape(path)),
            None => format!("{rule}|{}", self.plan.encode()),
        }
    }

    /// `None` when the value is not a hand-off (no rule part).
    pub fn decode(value: &str) -> Option<Self> {
        let mut parts = value.splitn(3, '|');
        let rule = parts.next()?;
        let plan = parts.next()?;
        let path = parts.next().and_then(unescape);
        let rule = match rule {
            "d" => None,
            index => Some(index.parse().ok()?),
        };
        Some(Handoff {
            rule,
            plan: FallbackPlan::decode(plan),
            path,
        })
    }
}

fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '%' | ';' | '=' | '|' => out.push_str(&format!("%{:02X}", c as u32)),
            c if !c.is_ascii_graphic() => {
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
    let mut out = Vec::with_capacity(value.len());
    let mut bytes = value.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex = [bytes.next()?, bytes.next()?];
            let hex = std::str::from_utf8(&hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
        } else {
            out.push(b);
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
        let plan = FallbackPlan {
            entries: vec![("b".into(), "m;x=1%|".into()), ("c".into(), "llama".into())],
        };
        let handoff = Handoff {
            rule: Some(3),
            plan: plan.clone(),
            path: None,
        };
        let with_path = Handoff {
            path: Some("/v1/chat/completions?a=b|c".into()),
            ..handoff.clone()
        };
        assert_eq!(Handoff::decode(&with_path.encode()), Some(with_path));
        assert_eq!(handoff.encode(), "3|b=m%3Bx%3D1%25%7C;c=llama");
        assert_eq!(Handoff::decode(&handoff.encode()), Some(handoff));
        assert_eq!(
            Handoff::decode("d|"),
            Some(Handoff {
                rule: None,
                plan: FallbackPlan::default(),
                path: None,
            })
        );
        assert_eq!(
            FallbackPlan::decode("garbage;=x;a=%zz;b=%4;c=ok").entries,
            vec![("c".to_string(), "ok".to_string())]
        );
        assert_eq!(Handoff::decode("no rule"), None);
        assert_eq!(Handoff::decode("x|a=b"), None);
    }

    proptest! {
        #[test]
        fn any_model_name_round_trips(models in proptest::collection::vec(".{0,30}", 0..4), rule in proptest::option::of(0usize..50), path in proptest::option::of(".{0,30}")) {
            let plan = FallbackPlan { entries: models.iter().enumerate().map(|(i, m)| (format!("b{i}"), m.clone())).collect() };
            let handoff = Handoff { rule, plan, path };
            prop_assert_eq!(Handoff::decode(&handoff.encode()), Some(handoff));
        }

        #[test]
        fn decoding_never_panics(value in "\\PC{0,60}") {
            let _ = Handoff::decode(&value);
        }
    }
}

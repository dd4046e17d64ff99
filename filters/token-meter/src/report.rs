//! The response phase: the usage to charge (the provider's, else an estimate), its cost, and how
//! it is reported (metric names, filter state, response headers).

use crate::config::MeterConfig;
use crate::pricing::{cost_micro_usd, price_for};
use crate::request::RequestMeta;
use llm_filters_core::glob::glob_match;
use llm_filters_core::metrics::label_suffix;
use llm_filters_core::usage::TokenUsage;

/// What the provider's response told, as read by the shell.
#[derive(Debug, Clone, Default)]
pub struct ResponseView<'a> {
    pub status: u16,
    pub usage: Option<TokenUsage>,
    /// False when the usage is partial (an Anthropic stream cut before `message_delta`).
    pub usage_complete: bool,
    pub response_model: Option<&'a str>,
    /// Tokens of the generated text seen in a stream, counted as it passed (for estimates).
    pub text_tokens: u64,
    pub dropped_text_bytes: u64,
    /// Model and backend model-router published on the request.
    pub routed_model: Option<&'a str>,
    pub backend: Option<&'a str>,
}

/// The charged usage of one request.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    pub usage: TokenUsage,
    /// True when some count is the local estimate, not the provider's.
    pub estimated: bool,
    pub model: String,
    pub backend: String,
    /// `None` when no price is configured for the model.
    pub cost_micro_usd: Option<u64>,
}

/// Bytes per token for text beyond the kept bound (a rough English average).
const BYTES_PER_TOKEN: u64 = 4;

pub fn settle_usage(
    config: &MeterConfig,
    meta: &RequestMeta,
    response: &ResponseView<'_>,
) -> Settled {
    let (usage, estimated) = match response.usage {
        Some(u) if response.usage_complete => (u, false),
        // An error reply without usage was not billed by the provider.
        None if !(200..300).contains(&response.status) => (TokenUsage::default(), false),
        partial => {
            let output =
                response.text_tokens + response.dropped_text_bytes.div_ceil(BYTES_PER_TOKEN);
            let mut u = partial.unwrap_or_default();
            if u.input_tokens == 0 {
                u.input_tokens = meta.prompt_tokens;
            }
            u.output_tokens = u.output_tokens.max(output);
            (u, true)
        }
    };
    let model = response
        .routed_model
        .or(response.response_model)
        .or(meta.fallback_model.as_deref())
        .unwrap_or(&meta.model)
        .to_string();
    let cost_micro_usd = price_for(&config.prices, &model).map(|p| cost_micro_usd(p, &usage));
    Settled {
        usage,
        estimated,
        model,
        backend: response.backend.unwrap_or("").to_string(),
        cost_micro_usd,
    }
}

/// The `client` metric label: only for configured ids, every other client is `other`.
pub fn client_label<'a>(config: &'a MeterConfig, client: Option<&str>) -> Option<&'a str> {
    if config.metrics.client_labels.is_empty() {
        return None;
    }
    let found = client.and_then(|c| config.metrics.client_labels.iter().find(|l| *l == c));
    Some(found.map_or("other", String::as_str))
}

/// The `model` metric label: a configured name (`metrics.modelLabels`, `prices` keys) equal to
/// the model, else the longest configured pattern matching it, else `other`.
pub fn model_label<'a>(config: &'a MeterConfig, model: &str) -> &'a str {
    let names = || {
        config
            .metrics
            .model_labels
            .iter()
            .chain(config.prices.keys())
    };
    if let Some(exact) = names().find(|n| *n == model) {
        return exact;
    }
    names()
        .filter(|p| glob_match(p, model))
        .max_by_key(|p| p.len())
        .map_or("other", String::as_str)
}

/// Labels of every usage metric: route, model label, backend (and client when configured).
pub fn labels<'a>(
    route: &'a str,
    model: &'a str,
    settled: &'a Settled,
    client: Option<&'a str>,
) -> Vec<(&'static str, &'a str)> {
    let mut labels = vec![
        ("route", route),
        ("model", model),
        ("backend", settled.backend.as_str()),
    ];
    if let Some(client) = client {
        labels.push(("client", client));
    }
    labels
}

/// Counter name → value for one settled request.
pub fn counters(settled: &Settled, labels: &[(&str, &str)]) -> Vec<(String, u64)> {
    let u = &settled.usage;
    // The labels are the same for every counter: sanitized once.
    let suffix = label_suffix(labels);
    let name = |what: &str| format!("token_meter.{what}{suffix}");
    let mut out = vec![
        (name("requests"), 1),
        (name("input_tokens"), u.input_tokens),
        (name("output_tokens"), u.output_tokens),
        (name("total_tokens"), u.total()),
        (name("cached_tokens"), u.cached_input_tokens),
        (name("reasoning_tokens"), u.reasoning_tokens),
    ];
    if let Some(cost) = settled.cost_micro_usd {
        out.push((name("cost_micro_usd"), cost));
    }
    if settled.estimated {
        out.push((name("estimated"), 1));
    }
    out
}

/// The model as access logs get it: the model model-router routed, else the settled model's
/// label (a configured name it equals, the configured pattern it matches, or `other`). Any other
/// model name is client text — `gpt-4o-mini*` matches `gpt-4o-mini-<a key>` — and may hold a key
/// or a forged line.
pub fn logged_model<'a>(config: &'a MeterConfig, settled: &'a Settled, routed: bool) -> &'a str {
    if routed {
        &settled.model
    } else {
        model_label(config, &settled.model)
    }
}

/// Filter state entries (key under `wasm.` in Envoy, see the README) for access logs;
/// `model` from [`logged_model`].
pub fn filter_state(
    settled: &Settled,
    meta: &RequestMeta,
    model: &str,
) -> Vec<(&'static str, String)> {
    let u = &settled.usage;
    let mut out = vec![
        ("token_meter.input_tokens", u.input_tokens.to_string()),
        ("token_meter.output_tokens", u.output_tokens.to_string()),
        ("token_meter.total_tokens", u.total().to_string()),
        (
            "token_meter.cached_tokens",
            u.cached_input_tokens.to_string(),
        ),
        (
            "token_meter.reasoning_tokens",
            u.reasoning_tokens.to_string(),
        ),
        ("token_meter.estimated", settled.estimated.to_string()),
        (
            "token_meter.prompt_estimate",
            meta.prompt_tokens.to_string(),
        ),
        ("token_meter.model", log_safe(model)),
    ];
    if let Some(cost) = settled.cost_micro_usd {
        out.push(("token_meter.cost_usd", format_usd(cost)));
    }
    if let Some(client) = &meta.client {
        out.push(("token_meter.client", log_safe(client)));
    }
    out
}

/// Longest model or client id written to filter state.
const LOG_VALUE_CHARS: usize = 256;

/// A client- or provider-chosen string as access logs print it: bounded, and control characters
/// (a newline would forge a log line) and white space (`client=a in=0` would forge a field of
/// a `key=value` line) replaced by `_`.
pub fn log_safe(value: &str) -> String {
    value
        .chars()
        .take(LOG_VALUE_CHARS)
        .map(|c| {
            if c.is_control() || c.is_whitespace() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// `x-llm-usage-*` response headers (non-streamed responses).
pub fn usage_headers(settled: &Settled) -> Vec<(String, String)> {
    let u = &settled.usage;
    let mut out = vec![
        (
            "x-llm-usage-input-tokens".to_string(),
            u.input_tokens.to_string(),
        ),
        (
            "x-llm-usage-output-tokens".to_string(),
            u.output_tokens.to_string(),
        ),
        (
            "x-llm-usage-total-tokens".to_string(),
            u.total().to_string(),
        ),
        (
            "x-llm-usage-cached-tokens".to_string(),
            u.cached_input_tokens.to_string(),
        ),
    ];
    if let Some(cost) = settled.cost_micro_usd {
        out.push(("x-llm-usage-cost-usd".to_string(), format_usd(cost)));
    }
    out
}

/// Micro-USD as a decimal USD string with 6 places.
pub fn format_usd(micro: u64) -> String {
    format!("{}.{:06}", micro / 1_000_000, micro % 1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::Encoding;
    use llm_filters_core::api::ApiKind;

    fn meta() -> RequestMeta {
        RequestMeta {
            kind: ApiKind::ChatCompletions,
            model: "gpt-4o".into(),
            encoding: Encoding::O200kBase,
            streaming: true,
            injected_stream_usage: true,
            prompt_tokens: 12,
            counted: true,
            client: Some("team-a".into()),
            key: None,
            admission: None,
            fallback_model: None,
        }
    }

    fn config() -> MeterConfig {
        llm_filters_core::load_config(br#"{"prices":{"gpt-4o*":{"input":2.5,"output":10}},"metrics":{"clientLabels":["team-a"]}}"#).unwrap()
    }

    #[test]
    fn access_logs_get_routed_or_configured_model_names_only() {
        let c = config();
        let settled = |model: &str| Settled {
            usage: TokenUsage::default(),
            estimated: false,
            model: model.into(),
            backend: String::new(),
            cost_micro_usd: None,
        };
        let keyed = settled("gpt-4o-mini-AKIAIOSFODNN7EXAMPLE");
        assert_eq!(logged_model(&c, &keyed, false), "gpt-4o*");
        let forged = settled("x\n[log] forged");
        assert_eq!(logged_model(&c, &forged, false), "other");
        let routed = settled("gpt-4o-mini");
        assert_eq!(logged_model(&c, &routed, true), "gpt-4o-mini");
    }

    #[test]
    fn provider_usage_is_trusted() {
        let u = TokenUsage {
            input_tokens: 100,
            output_tokens: 10,
            ..Default::default()
        };
        let r = ResponseView {
            status: 200,
            usage: Some(u),
            usage_complete: true,
            routed_model: Some("gpt-4o-mini"),
            backend: Some("openai"),
            ..Default::default()
        };
        let s = settle_usage(&config(), &meta(), &r);
        assert_eq!(s.usage, u);
        assert!(!s.estimated);
        assert_eq!(
            (s.model.as_str(), s.backend.as_str()),
            ("gpt-4o-mini", "openai")
        );
        assert_eq!(s.cost_micro_usd, Some(350));
    }

    #[test]
    fn cut_stream_is_estimated_from_text() {
        let r = ResponseView {
            status: 200,
            // "hello world": 2 tokens (Python tiktoken).
            text_tokens: 2,
            dropped_text_bytes: 8,
            ..Default::default()
        };
        let s = settle_usage(&config(), &meta(), &r);
        assert!(s.estimated);
        assert_eq!(s.usage.input_tokens, 12);
        assert_eq!(s.usage.output_tokens, 2 + 2);
        assert_eq!(s.model, "gpt-4o");
        // Partial Anthropic usage keeps the provider's input count.
        let partial = TokenUsage {
            input_tokens: 50,
            output_tokens: 1,
            ..Default::default()
        };
        let r = ResponseView {
            status: 200,
            usage: Some(partial),
            usage_complete: false,
            // "hello world": 2 tokens (Python tiktoken).
            text_tokens: 2,
            ..Default::default()
        };
        let s = settle_usage(&config(), &meta(), &r);
        assert_eq!(
            (s.usage.input_tokens, s.usage.output_tokens, s.estimated),
            (50, 2, true)
        );
    }

    #[test]
    fn errors_without_usage_cost_nothing() {
        let s = settle_usage(
            &config(),
            &meta(),
            &ResponseView {
                status: 503,
                ..Default::default()
            },
        );
        assert_eq!(s.usage.total(), 0);
        assert!(!s.estimated);
    }

    #[test]
    fn reporting() {
        let c = config();
        assert_eq!(client_label(&c, Some("team-a")), Some("team-a"));
        assert_eq!(client_label(&c, Some("mallory.evil")), Some("other"));
        let s = Settled {
            usage: TokenUsage {
                input_tokens: 3,
                output_tokens: 4,
                ..Default::default()
            },
            estimated: false,
            model: "gpt-4.1".into(),
            backend: "b".into(),
            cost_micro_usd: Some(1_234_567),
        };
        assert_eq!(model_label(&c, "gpt-4o-2024"), "gpt-4o*");
        assert_eq!(model_label(&c, "made-up"), "other");
        let l = labels("r1", "gpt-4.1", &s, Some("team-a"));
        let names = counters(&s, &l);
        assert_eq!(
            names[2],
            (
                "token_meter.output_tokens.route.r1.model.gpt-4_1.backend.b.client.team-a"
                    .to_string(),
                4
            )
        );
        assert!(filter_state(&s, &meta(), &s.model)
            .contains(&("token_meter.cost_usd", "1.234567".to_string())));
        assert_eq!(
            usage_headers(&s)[2],
            ("x-llm-usage-total-tokens".to_string(), "7".to_string())
        );
    }

    #[test]
    fn filter_state_cannot_forge_log_lines() {
        let mut s = Settled {
            usage: TokenUsage::default(),
            estimated: false,
            model: "m\n200 forged\r\u{85}x".into(),
            backend: String::new(),
            cost_micro_usd: None,
        };
        let mut m = meta();
        m.client = Some("team\u{0}\tb".into());
        let state = filter_state(&s, &m, &s.model);
        assert!(
            state.contains(&("token_meter.model", "m_200_forged__x".to_string())),
            "{state:?}"
        );
        assert!(
            state.contains(&("token_meter.client", "team__b".to_string())),
            "{state:?}"
        );
        // A client id cannot add fields to a `key=value` log line.
        assert_eq!(
            log_safe("evil in=0 out=0\u{a0}cost_usd=0"),
            "evil_in=0_out=0_cost_usd=0"
        );
        s.model = "é".repeat(1000);
        assert_eq!(log_safe(&s.model).chars().count(), 256);
    }
}

//! One LLMPolicy section (or a route's prompts) as the filter's own config type. Every config
//! starts from the filter's own defaults (its config parsed from `{}`), so a field the CRD does
//! not carry keeps the filter's default; then the filter's own validation runs, and its error
//! (which names the field) becomes the policy's status.

use llm_filters_core::config::Validate;
use pii_mask::config as pii;
use pii_mask::PiiConfig;
use prompt_transform::config as pt;
use prompt_transform::TransformConfig;
use serde::de::DeserializeOwned;
use token_meter::config as tm;
use token_meter::MeterConfig;

use crate::crd::policy::{self, PiiMask, PromptTransform, TokenMeter};
use crate::crd::route::{Message, Prompts};
use crate::plan::SecretSource;

/// A filter config with every field at the filter's default.
pub(crate) fn defaults<T: DeserializeOwned>() -> Result<T, String> {
    serde_json::from_value(serde_json::json!({})).map_err(|e| e.to_string())
}

fn checked<T: Validate>(config: T, section: &str) -> Result<T, String> {
    config
        .validate()
        .map_err(|e| format!("spec.{section}: {e}"))?;
    Ok(config)
}

fn invalid_body(v: policy::OnInvalidBody) -> pii::InvalidBodyPolicy {
    match v {
        policy::OnInvalidBody::Reject => pii::InvalidBodyPolicy::Reject,
        policy::OnInvalidBody::PassThrough => pii::InvalidBodyPolicy::PassThrough,
    }
}

fn pii_action(a: policy::PiiAction) -> pii::Action {
    match a {
        policy::PiiAction::Redact => pii::Action::Redact,
        policy::PiiAction::Mask => pii::Action::Mask,
        policy::PiiAction::Hash => pii::Action::Hash,
        policy::PiiAction::Placeholder => pii::Action::Placeholder,
        policy::PiiAction::Block => pii::Action::Block,
    }
}

/// pii-mask's config, and the environment variable of its hash key (if any).
pub(crate) fn pii_mask(
    p: &PiiMask,
    namespace: &str,
) -> Result<(PiiConfig, Option<(String, SecretSource)>), String> {
    let mut c: PiiConfig = defaults()?;
    c.detectors = p
        .detectors
        .iter()
        .map(|(name, d)| {
            (
                name.clone(),
                pii::DetectorConfig {
                    action: pii_action(d.action),
                    response_action: d.response_action.map(pii_action),
                },
            )
        })
        .collect();
    c.custom = p
        .custom
        .iter()
        .map(|d| pii::CustomDetector {
            name: d.name.clone(),
            pattern: d.pattern.clone(),
            action: pii_action(d.action),
            response_action: None,
        })
        .collect();
    c.deny = p
        .deny
        .iter()
        .map(|d| pii::DenyList {
            name: d.name.clone(),
            phrases: d.phrases.clone(),
            action: match d.action {
                Some(policy::DenyAction::Alert) => pii::DenyAction::Alert,
                _ => pii::DenyAction::Block,
            },
        })
        .collect();
    c.json_paths = p.json_paths.clone();
    let mut env = None;
    if let Some(h) = &p.hash {
        let name = crate::plan::env_name_of(namespace, &h.secret_ref);
        env = Some((
            name.clone(),
            crate::plan::source_of(namespace, &h.secret_ref),
        ));
        let mut hash: pii::HashConfig =
            serde_json::from_value(serde_json::json!({ "secretEnv": name }))
                .map_err(|e| e.to_string())?;
        if let Some(len) = h.length {
            hash.length = len as usize;
        }
        c.hash = Some(hash);
    }
    if let Some(r) = &p.response {
        if let Some(v) = r.restore {
            c.response.restore = v;
        }
        if let Some(v) = r.scan {
            c.response.scan = v;
        }
        if let Some(v) = r.window_bytes {
            c.response.window_bytes = v as usize;
        }
    }
    if let Some(n) = p.max_body_bytes {
        c.max_body_bytes = usize::try_from(n).unwrap_or(usize::MAX);
    }
    if let Some(v) = p.on_invalid_body {
        c.on_invalid_body = invalid_body(v);
    }
    Ok((checked(c, "piiMask")?, env))
}

/// Headers that carry credentials: as a client id they would be keys in quota records and
/// metric labels.
const CREDENTIAL_HEADERS: [&str; 5] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "x-api-key",
    "api-key",
];

fn check_token_meter(p: &TokenMeter) -> Result<(), String> {
    if let Some(h) = &p.client_header {
        let lower = h.to_ascii_lowercase();
        if CREDENTIAL_HEADERS.contains(&lower.as_str()) {
            return Err(format!(
                "tokenMeter.clientHeader: '{h}' carries credentials; name a client-id header"
            ));
        }
        if llm_filters_core::contract::is_internal_header(&lower) {
            return Err(format!(
                "tokenMeter.clientHeader: '{h}' is an internal header of the filters"
            ));
        }
    }
    for (i, m) in p.metric_clients.iter().enumerate() {
        if m.is_empty() || m.len() > 128 || m.chars().any(|c| c.is_control()) {
            return Err(format!(
                "tokenMeter.metricClients[{i}]: '{}' must be 1-128 characters without control \
                 characters",
                m.escape_debug()
            ));
        }
    }
    Ok(())
}

pub(crate) fn token_meter(p: &TokenMeter) -> Result<MeterConfig, String> {
    check_token_meter(p)?;
    let mut c: MeterConfig = defaults()?;
    c.client.header = p.client_header.clone();
    c.quota = p.quota.as_ref().map(|q| tm::Quota {
        tokens_per_minute: q.tokens_per_minute,
        tokens_per_hour: q.tokens_per_hour,
        tokens_per_day: q.tokens_per_day,
        requests_per_minute: q.requests_per_minute,
        requests_per_hour: q.requests_per_hour,
        ..Default::default()
    });
    c.prices = p
        .prices
        .iter()
        .map(|(m, pr)| {
            (
                m.clone(),
                tm::Price {
                    input: pr.input,
                    output: pr.output,
                    cached_input: pr.cached_input,
                    cache_write: pr.cache_write,
                },
            )
        })
        .collect();
    if let Some(b) = &p.budget {
        let mut budget: tm::Budget =
            serde_json::from_value(serde_json::json!({ "limitUsd": b.limit_usd }))
                .map_err(|e| e.to_string())?;
        if let Some(period) = b.period {
            budget.period = match period {
                policy::BudgetPeriod::Hour => tm::Period::Hour,
                policy::BudgetPeriod::Day => tm::Period::Day,
                policy::BudgetPeriod::Month => tm::Period::Month,
            };
        }
        if let Some(pct) = b.fallback_at_percent {
            budget.fallback_at_percent = pct;
        }
        budget.fallback_model = b.fallback_model.clone();
        c.budget = Some(budget);
    }
    c.metrics.client_labels = p.metric_clients.clone();
    c.usage_headers = p.usage_headers;
    checked(c, "tokenMeter")
}

fn message(m: &Message) -> pt::MessageSpec {
    pt::MessageSpec {
        role: m.role.clone(),
        content: m.content.clone(),
    }
}

/// prompt-transform's config of a route group: the routes' prompts (templates, endpoints) and
/// the policy's section (decorators, params, context, headers).
pub(crate) fn prompt_transform(
    prompts: &[&Prompts],
    policy: Option<&PromptTransform>,
) -> Result<TransformConfig, String> {
    let mut c: TransformConfig = defaults()?;
    for p in prompts {
        for (name, t) in &p.templates {
            c.templates.insert(
                name.clone(),
                pt::TemplateSpec {
                    messages: t.messages.iter().map(message).collect(),
                    model: t.model.clone(),
                    params: t.params.clone(),
                },
            );
        }
        for e in &p.endpoints {
            let mut spec: pt::EndpointSpec = serde_json::from_value(
                serde_json::json!({ "path": e.path, "template": e.template }),
            )
            .map_err(|e| e.to_string())?;
            spec.required = e.required.clone();
            if let Some(f) = &e.response_field {
                spec.response_field = f.clone();
            }
            spec.include_usage = e.include_usage;
            c.endpoints.push(spec);
        }
    }
    if let Some(p) = policy {
        if let Some(d) = &p.decorators {
            c.decorators = Some(pt::Decorators {
                prepend: d.prepend.iter().map(message).collect(),
                append: d.append.iter().map(message).collect(),
                system: d.system.as_ref().map(|s| pt::SystemMessage {
                    content: s.content.clone(),
                    mode: match s.mode {
                        Some(policy::SystemMode::Force) => pt::SystemMode::Force,
                        Some(policy::SystemMode::Replace) => pt::SystemMode::Replace,
                        _ => pt::SystemMode::IfAbsent,
                    },
                }),
                ..Default::default()
            });
        }
        for (name, rule) in &p.params {
            let r = pt::NumberRule {
                value: rule.value.clone(),
                mode: match rule.mode {
                    Some(policy::ParamMode::Force) => pt::ParamMode::Force,
                    _ => pt::ParamMode::Default,
                },
                min: rule.min,
                max: rule.max,
                out_of_range: match rule.out_of_range {
                    Some(policy::OutOfRange::Clamp) => pt::OutOfRange::Clamp,
                    _ => pt::OutOfRange::Reject,
                },
            };
            let slot = match name {
                policy::ParamName::Temperature => &mut c.params.temperature,
                policy::ParamName::TopP => &mut c.params.top_p,
                policy::ParamName::MaxTokens => &mut c.params.max_tokens,
                policy::ParamName::MaxCompletionTokens => &mut c.params.max_completion_tokens,
                policy::ParamName::Seed => &mut c.params.seed,
            };
            *slot = Some(r);
        }
        if let Some(w) = &p.context {
            let mut window: pt::ContextWindow = defaults()?;
            window.keep_last_turns = w.keep_last_turns.map(|n| n as usize);
            window.max_prompt_tokens = w.max_prompt_tokens;
            c.context = Some(window);
        }
        c.request_headers.set = p.request_headers.clone();
        c.response_headers.set = p.response_headers.clone();
    }
    Ok(c)
}

/// prompt-transform's loader compiles templates and patterns: the whole `{default, rules}` is
/// checked with it once folded (its errors name the rule and field).
pub(crate) fn check_prompt_transform(
    rules: &llm_filters_core::RouteRules<TransformConfig>,
) -> Result<(), String> {
    let json = serde_json::to_vec(rules).map_err(|e| e.to_string())?;
    prompt_transform::load_policies(&json)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

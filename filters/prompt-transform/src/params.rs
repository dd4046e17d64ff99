//! Model-parameter defaults, overrides and allowed ranges.

use crate::config::{NumberRule, OutOfRange, ParamMode, ParamRules, ValueRule};
use llm_filters_core::config::ConfigError;
use llm_filters_core::ErrorReply;
use serde_json::{Map, Number, Value};

/// (config field, body key, integer-valued)
fn number_rules(
    rules: &ParamRules,
) -> [(&'static str, &'static str, bool, Option<&NumberRule>); 5] {
    [
        (
            "temperature",
            "temperature",
            false,
            rules.temperature.as_ref(),
        ),
        ("topP", "top_p", false, rules.top_p.as_ref()),
        ("maxTokens", "max_tokens", true, rules.max_tokens.as_ref()),
        (
            "maxCompletionTokens",
            "max_completion_tokens",
            true,
            rules.max_completion_tokens.as_ref(),
        ),
        ("seed", "seed", true, rules.seed.as_ref()),
    ]
}

fn value_rules(rules: &ParamRules) -> [(&'static str, Option<&ValueRule>); 2] {
    [
        ("stop", rules.stop.as_ref()),
        ("response_format", rules.response_format.as_ref()),
    ]
}

/// Load-time checks: bounds ordered, values inside them, integers where the API wants them.
pub fn validate(rules: &ParamRules) -> Result<(), ConfigError> {
    for (field, _, integer, rule) in number_rules(rules) {
        let Some(rule) = rule else { continue };
        let err = |reason: &str| Err(ConfigError::new(field, reason.to_string()));
        if let (Some(min), Some(max)) = (rule.min, rule.max) {
            if min > max {
                return err("min must not exceed max");
            }
        }
        match &rule.value {
            Some(v) => {
                if integer && !(v.is_i64() || v.is_u64()) {
                    return err("value must be an integer");
                }
                let x = v.as_f64().unwrap_or(f64::NAN);
                if rule.min.is_some_and(|m| x < m) || rule.max.is_some_and(|m| x > m) {
                    return err("value lies outside min..max");
                }
            }
            None if rule.mode == ParamMode::Force => return err("mode force needs a value"),
            None => {}
        }
    }
    if let Some(stop) = &rules.stop {
        let ok = match &stop.value {
            Value::Null | Value::String(_) => true,
            Value::Array(a) => a.iter().all(Value::is_string),
            _ => false,
        };
        if !ok {
            return Err(ConfigError::new(
                "stop.value",
                "must be a string, an array of strings or null".to_string(),
            ));
        }
    }
    Ok(())
}

/// Applies every rule to a request body. A client value of the wrong type, or outside the range
/// with `outOfRange: reject`, is a 400 naming the parameter.
pub fn apply(rules: &ParamRules, body: &mut Map<String, Value>) -> Result<(), ErrorReply> {
    for (_, key, integer, rule) in number_rules(rules) {
        if let Some(rule) = rule {
            apply_number(rule, key, integer, body)?;
        }
    }
    for (key, rule) in value_rules(rules) {
        if let Some(rule) = rule {
            if rule.mode == ParamMode::Force || !body.contains_key(key) {
                body.insert(key.to_string(), rule.value.clone());
            }
        }
    }
    Ok(())
}

fn apply_number(
    rule: &NumberRule,
    key: &str,
    integer: bool,
    body: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    if rule.mode == ParamMode::Force {
        if let Some(v) = &rule.value {
            body.insert(key.to_string(), Value::Number(v.clone()));
        }
        return Ok(());
    }
    match body.get(key) {
        None | Some(Value::Null) => {
            if let Some(v) = &rule.value {
                body.insert(key.to_string(), Value::Number(v.clone()));
            }
            Ok(())
        }
        Some(Value::Number(n)) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            let (min, max) = (
                rule.min.unwrap_or(f64::NEG_INFINITY),
                rule.max.unwrap_or(f64::INFINITY),
            );
            if x >= min && x <= max {
                return Ok(());
            }
            match rule.out_of_range {
                OutOfRange::Reject => Err(out_of_range(key, rule)),
                OutOfRange::Clamp => {
                    // Integer parameters land on the nearest integer inside the range.
                    let clamped = match (x < min, integer) {
                        (true, true) => min.ceil(),
                        (true, false) => min,
                        (false, true) => max.floor(),
                        (false, false) => max,
                    };
                    body.insert(key.to_string(), Value::Number(number(clamped, integer)));
                    Ok(())
                }
            }
        }
        Some(_) => Err(ErrorReply::bad_request(format!("`{key}` must be a number"))
            .with_param(key)
            .with_code("invalid_type")),
    }
}

/// The rules on an Anthropic Messages body. The config names OpenAI parameters; on Messages:
/// `temperature` → `temperature` and `topP` → `top_p` within Anthropic's 0..1; `maxTokens` and
/// `maxCompletionTokens` → `max_tokens` (integer ≥ 1; both rules apply, in that order);
/// `stop` → `stop_sequences` (a string becomes a one-element array). The route's range is
/// narrowed to Anthropic's and a route `value` moved into it. `seed` and `responseFormat` have
/// no Messages field: in `default` mode they are not applied, in `force` mode (a requirement
/// the route cannot meet here) the request is a 400 naming the parameter. A route that caps
/// `max_tokens` refuses a request without one (and without a route value to fill in).
pub fn apply_messages(rules: &ParamRules, body: &mut Map<String, Value>) -> Result<(), ErrorReply> {
    use llm_filters_core::api::anthropic::request_limits::{MIN_MAX_TOKENS, UNIT_RANGE};
    let numbers = [
        (
            "temperature",
            "temperature",
            false,
            UNIT_RANGE,
            rules.temperature.as_ref(),
        ),
        ("topP", "top_p", false, UNIT_RANGE, rules.top_p.as_ref()),
        (
            "maxTokens",
            "max_tokens",
            true,
            (MIN_MAX_TOKENS, f64::INFINITY),
            rules.max_tokens.as_ref(),
        ),
        (
            "maxCompletionTokens",
            "max_tokens",
            true,
            (MIN_MAX_TOKENS, f64::INFINITY),
            rules.max_completion_tokens.as_ref(),
        ),
    ];
    for (field, key, integer, (lo, hi), rule) in numbers {
        let Some(rule) = rule else { continue };
        let narrowed = narrow(rule, lo, hi, integer).ok_or_else(|| {
            ErrorReply::bad_request(format!(
                "this route's `{field}` range lies outside what the Messages API accepts for `{key}`"
            ))
            .with_param(key)
            .with_code("param_out_of_range")
        })?;
        apply_number(&narrowed, key, integer, body)?;
    }
    // The Messages API requires `max_tokens`; left out on a route that caps it, the cap would
    // hold nowhere (a translating router would send no limit at all).
    let capped = [&rules.max_tokens, &rules.max_completion_tokens]
        .into_iter()
        .flatten()
        .any(|r| r.max.is_some());
    if capped && body.get("max_tokens").is_none_or(Value::is_null) {
        return Err(ErrorReply::bad_request(
            "`max_tokens` is required (the Messages API requires it and this route caps it)",
        )
        .with_param("max_tokens")
        .with_code("missing_field"));
    }
    let unsupported = [
        ("seed", rules.seed.as_ref().map(|r| r.mode)),
        (
            "response_format",
            rules.response_format.as_ref().map(|r| r.mode),
        ),
    ];
    for (key, mode) in unsupported {
        if mode == Some(ParamMode::Force) {
            return Err(ErrorReply::bad_request(format!(
                "this route requires `{key}`, which the Messages API does not have; use the chat completions endpoint"
            ))
            .with_param(key)
            .with_code("unsupported_param"));
        }
    }
    if let Some(rule) = &rules.stop {
        let key = "stop_sequences";
        if rule.mode == ParamMode::Force || body.get(key).is_none_or(Value::is_null) {
            match stop_sequences(&rule.value) {
                Some(v) => body.insert(key.to_string(), v),
                None => body.remove(key),
            };
        }
    }
    Ok(())
}

/// The rule with its range narrowed to `lo..hi` and its value moved inside; `None` when the
/// two ranges do not meet.
fn narrow(rule: &NumberRule, lo: f64, hi: f64, integer: bool) -> Option<NumberRule> {
    let min = rule.min.map_or(lo, |m| m.max(lo));
    let max = rule.max.map_or(hi, |m| m.min(hi));
    let (min, max) = if integer {
        (min.ceil(), max.floor())
    } else {
        (min, max)
    };
    if min > max || min.is_nan() || max.is_nan() {
        return None;
    }
    let value = rule.value.as_ref().map(|v| {
        let x = v.as_f64().unwrap_or(min).clamp(min, max);
        if v.as_f64().is_some_and(|orig| orig == x) {
            v.clone()
        } else {
            number(x, integer)
        }
    });
    Some(NumberRule {
        value,
        min: Some(min),
        max: (max < f64::INFINITY).then_some(max),
        ..rule.clone()
    })
}

/// OpenAI's `stop` value as `stop_sequences`; `null` (or `[]`) removes it.
fn stop_sequences(value: &Value) -> Option<Value> {
    match value {
        Value::String(s) => Some(Value::Array(vec![Value::String(s.clone())])),
        Value::Array(a) if a.is_empty() => None,
        Value::Array(a) => Some(Value::Array(a.clone())),
        _ => None,
    }
}

/// A clamped value as JSON.
fn number(x: f64, integer: bool) -> Number {
    if integer {
        Number::from(x as i64)
    } else {
        Number::from_f64(x).unwrap_or_else(|| Number::from(0))
    }
}

fn out_of_range(key: &str, rule: &NumberRule) -> ErrorReply {
    let bound = |b: Option<f64>| b.map(|x| x.to_string()).unwrap_or_else(|| "-".into());
    ErrorReply::bad_request(format!(
        "`{key}` is outside the range allowed on this route ({}..{})",
        bound(rule.min),
        bound(rule.max)
    ))
    .with_param(key)
    .with_code("param_out_of_range")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules(v: Value) -> ParamRules {
        let r: ParamRules = serde_json::from_value(v).unwrap();
        validate(&r).unwrap();
        r
    }

    fn body(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn defaults_fill_only_what_is_absent() {
        let r = rules(json!({
            "temperature": {"value": 0.2},
            "maxTokens": {"value": 256},
            "stop": {"value": ["\n\n"]},
            "responseFormat": {"value": {"type": "json_object"}}
        }));
        let mut b = body(json!({"temperature": 0.9, "stop": "END"}));
        apply(&r, &mut b).unwrap();
        assert_eq!(
            Value::Object(b),
            json!({"temperature": 0.9, "stop": "END", "max_tokens": 256, "response_format": {"type": "json_object"}})
        );
    }

    #[test]
    fn force_overrides_the_client() {
        let r = rules(
            json!({"seed": {"value": 7, "mode": "force"}, "stop": {"value": null, "mode": "force"},
                             "maxCompletionTokens": {"value": 100, "mode": "force", "max": 100}}),
        );
        let mut b = body(json!({"seed": 1, "stop": ["x"], "max_completion_tokens": 5000}));
        apply(&r, &mut b).unwrap();
        assert_eq!(
            Value::Object(b),
            json!({"seed": 7, "stop": null, "max_completion_tokens": 100})
        );
    }

    #[test]
    fn ranges_clamp_or_reject() {
        let clamp = rules(
            json!({"temperature": {"min": 0.0, "max": 1.0, "outOfRange": "clamp"},
                                 "maxTokens": {"min": 1, "max": 512.5, "outOfRange": "clamp"}}),
        );
        let mut b = body(json!({"temperature": 1.7, "max_tokens": 4096}));
        apply(&clamp, &mut b).unwrap();
        assert_eq!(
            Value::Object(b),
            json!({"temperature": 1.0, "max_tokens": 512})
        );
        let mut b = body(json!({"temperature": -0.5}));
        apply(&clamp, &mut b).unwrap();
        assert_eq!(b["temperature"], 0.0);

        let reject = rules(json!({"topP": {"min": 0.1, "max": 0.9}}));
        let err = apply(&reject, &mut body(json!({"top_p": 0.95}))).unwrap_err();
        assert_eq!(err.status, 400);
        assert_eq!(err.param.as_deref(), Some("top_p"));
        assert_eq!(err.code.as_deref(), Some("param_out_of_range"));
        assert!(err.message.contains("0.1..0.9"), "{}", err.message);
        apply(&reject, &mut body(json!({"top_p": 0.5}))).unwrap();
        let err = apply(&reject, &mut body(json!({"top_p": "high"}))).unwrap_err();
        assert_eq!(err.param.as_deref(), Some("top_p"));
    }

    #[test]
    fn load_checks_name_the_parameter() {
        let check = |v: Value| {
            validate(&serde_json::from_value(v).unwrap())
                .unwrap_err()
                .field
        };
        assert_eq!(check(json!({"maxTokens": {"value": 1.5}})), "maxTokens");
        assert_eq!(
            check(json!({"temperature": {"value": 3, "max": 2}})),
            "temperature"
        );
        assert_eq!(check(json!({"topP": {"min": 1, "max": 0}})), "topP");
        assert_eq!(check(json!({"seed": {"mode": "force"}})), "seed");
    }
}

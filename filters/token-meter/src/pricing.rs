//! What a request cost: the price table lookup and the arithmetic, in micro-USD.
//!
//! A price is USD per 1M tokens, so `tokens × price` is exactly micro-USD.

use crate::config::Price;
use llm_filters_core::glob::glob_match;
use llm_filters_core::usage::TokenUsage;
use std::collections::BTreeMap;

/// The price of a model: an exact entry, else the longest matching pattern.
pub fn price_for<'a>(prices: &'a BTreeMap<String, Price>, model: &str) -> Option<&'a Price> {
    prices.get(model).or_else(|| {
        prices
            .iter()
            .filter(|(p, _)| glob_match(p, model))
            .max_by_key(|(p, _)| p.len())
            .map(|(_, price)| price)
    })
}

/// Cost in micro-USD (rounded up to whole micro-dollars).
pub fn cost_micro_usd(price: &Price, usage: &TokenUsage) -> u64 {
    let cached = usage.cached_input_tokens.min(usage.input_tokens);
    let written = usage
        .cache_creation_input_tokens
        .min(usage.input_tokens.saturating_sub(cached));
    let plain = usage
        .input_tokens
        .saturating_sub(cached)
        .saturating_sub(written);
    let micro = plain as f64 * price.input
        + cached as f64 * price.cached_input.unwrap_or(price.input)
        + written as f64 * price.cache_write.unwrap_or(price.input)
        + usage.output_tokens as f64 * price.output;
    micro.max(0.0).ceil() as u64
}

pub fn usd_to_micro(usd: f64) -> u64 {
    (usd * 1_000_000.0).round().max(0.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> BTreeMap<String, Price> {
        let mut t = BTreeMap::new();
        t.insert(
            "gpt-4o*".into(),
            Price {
                input: 2.5,
                output: 10.0,
                cached_input: Some(1.25),
                cache_write: None,
            },
        );
        t.insert(
            "gpt-4o-mini*".into(),
            Price {
                input: 0.15,
                output: 0.6,
                cached_input: None,
                cache_write: None,
            },
        );
        t.insert(
            "gpt-4o".into(),
            Price {
                input: 5.0,
                output: 15.0,
                cached_input: None,
                cache_write: None,
            },
        );
        t
    }

    #[test]
    fn lookup_prefers_exact_then_longest_pattern() {
        let t = table();
        assert_eq!(price_for(&t, "gpt-4o").unwrap().input, 5.0);
        assert_eq!(price_for(&t, "gpt-4o-mini-2024").unwrap().input, 0.15);
        assert_eq!(price_for(&t, "gpt-4o-2024").unwrap().input, 2.5);
        assert!(price_for(&t, "claude").is_none());
    }

    #[test]
    fn cost_splits_cached_input() {
        let p = Price {
            input: 2.5,
            output: 10.0,
            cached_input: Some(1.25),
            cache_write: Some(3.75),
        };
        let u = TokenUsage {
            input_tokens: 1000,
            output_tokens: 100,
            cached_input_tokens: 400,
            cache_creation_input_tokens: 200,
            reasoning_tokens: 0,
        };
        // 400 plain × 2.5 + 400 × 1.25 + 200 × 3.75 + 100 × 10 = 1000 + 500 + 750 + 1000
        assert_eq!(cost_micro_usd(&p, &u), 3250);
        assert_eq!(usd_to_micro(0.5), 500_000);
    }
}

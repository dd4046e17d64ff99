//! What a filter does with a request body it cannot use: over its `maxBodyBytes` bound, not JSON,
//! or not an API it knows. One type so every filter's config spells it the same way.

use serde::{Deserialize, Serialize};

/// Below Envoy's default 1 MiB per-connection buffer limit, so a filter answers before Envoy does.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1_000_000;

/// `onInvalidBody` in a filter's config.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum InvalidBodyPolicy {
    /// 400 (413 when too large) in the OpenAI error shape (fail-closed).
    #[default]
    Reject,
    /// Forward it untouched (fail-open); filters count it in a metric.
    PassThrough,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_names_and_reject_by_default() {
        assert_eq!(
            serde_json::from_str::<InvalidBodyPolicy>("\"passThrough\"").unwrap(),
            InvalidBodyPolicy::PassThrough
        );
        assert_eq!(
            serde_json::from_str::<InvalidBodyPolicy>("\"reject\"").unwrap(),
            InvalidBodyPolicy::Reject
        );
        assert!(serde_json::from_str::<InvalidBodyPolicy>("\"open\"").is_err());
        assert_eq!(InvalidBodyPolicy::default(), InvalidBodyPolicy::Reject);
    }
}

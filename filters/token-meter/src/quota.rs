//! Per-client counters in fixed UTC windows, kept in a [`SharedStore`] so every worker sees the
//! same numbers, and the two moments they change:
//! - [`admit`] before forwarding: checks the limits with the estimate and, if admitted,
//!   reserves the estimate and one request (so concurrent requests see each other at once);
//! - [`settle`] after the response: replaces the reservation by the actual usage and adds the
//!   cost to the budget.
//!
//! Over-admission: requests-per-window limits are exact. Token limits can be exceeded by what
//! admitted requests use beyond their estimate (mostly output tokens, unknown before the answer):
//! admission checks `used + estimate <= limit`, so at most the in-flight requests' excess
//! lands above the limit, and the next request is refused.

use crate::config::{Budget, Period, Quota};
use llm_filters_core::quota_store::{update, SharedStore, StoreError};
use serde::{Deserialize, Serialize};

/// Namespace of all token-meter keys in the shared store.
pub const NAMESPACE: &str = "token_meter";

/// A counter window: when it started (UNIX seconds) and what it holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub start: u64,
    pub tokens: u64,
    pub requests: u64,
}

/// Everything stored for one client in one scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    #[serde(default)]
    pub minute: Window,
    #[serde(default)]
    pub hour: Window,
    #[serde(default)]
    pub day: Window,
    /// Budget spend in micro-USD (`tokens` holds the spend; `requests` unused).
    #[serde(default)]
    pub spend: Window,
}

/// Binary record: this magic, then the twelve `u64`s of the four windows (start, tokens,
/// requests each), little-endian. Read and written twice per request, where JSON cost ~10x more.
const MAGIC: &[u8; 4] = b"TM\x01\x00";
const RECORD_LEN: usize = 4 + 12 * 8;

impl Record {
    fn windows(&self) -> [&Window; 4] {
        [&self.minute, &self.hour, &self.day, &self.spend]
    }

    /// A stored record; nothing, or anything unreadable, is an empty one. Records written as
    /// JSON (by earlier versions of the module sharing the VM id) are still read.
    pub fn decode(bytes: Option<&[u8]>) -> Record {
        let Some(bytes) = bytes else {
            return Record::default();
        };
        match bytes.strip_prefix(MAGIC.as_slice()) {
            Some(rest) if bytes.len() == RECORD_LEN => {
                let mut words = rest
                    .chunks_exact(8)
                    .map(|c| c.try_into().map_or(0, u64::from_le_bytes));
                let mut window = || Window {
                    start: words.next().unwrap_or(0),
                    tokens: words.next().unwrap_or(0),
                    requests: words.next().unwrap_or(0),
                };
                Record {
                    minute: window(),
                    hour: window(),
                    day: window(),
                    spend: window(),
                }
            }
            _ => serde_json::from_slice(bytes).unwrap_or_default(),
        }
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(RECORD_LEN);
        out.extend_from_slice(MAGIC);
        for w in self.windows() {
            for v in [w.start, w.tokens, w.requests] {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Minute,
    Hour,
    Day,
}

impl Span {
    pub fn seconds(self) -> u64 {
        match self {
            Span::Minute => 60,
            Span::Hour => 3600,
            Span::Day => 86_400,
        }
    }

    fn window(self, record: &mut Record) -> &mut Window {
        match self {
            Span::Minute => &mut record.minute,
            Span::Hour => &mut record.hour,
            Span::Day => &mut record.day,
        }
    }
}

fn window_start(span_seconds: u64, now: u64) -> u64 {
    now - now % span_seconds
}

/// Start and end of the budget period containing `now`.
pub fn period_bounds(period: Period, now: u64) -> (u64, u64) {
    match period {
        Period::Hour => (window_start(3600, now), window_start(3600, now) + 3600),
        Period::Day => (
            window_start(86_400, now),
            window_start(86_400, now) + 86_400,
        ),
        Period::Month => month_bounds(now),
    }
}

/// The UTC calendar month containing `now` (civil-from-days arithmetic).
fn month_bounds(now: u64) -> (u64, u64) {
    let days = (now / 86_400) as i64;
    let (y, m) = year_month(days);
    let start = days_from_civil(y, m) as u64 * 86_400;
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    (start, days_from_civil(ny, nm) as u64 * 86_400)
}

fn year_month(days: i64) -> (i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m)
}

fn days_from_civil(y: i64, m: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Resets windows that ended.
fn roll(record: &mut Record, now: u64, budget: Option<&Budget>) {
    for span in [Span::Minute, Span::Hour, Span::Day] {
        let start = window_start(span.seconds(), now);
        let w = span.window(record);
        if w.start != start {
            *w = Window {
                start,
                ..Window::default()
            };
        }
    }
    if let Some(budget) = budget {
        let (start, _) = period_bounds(budget.period, now);
        if record.spend.start != start {
            record.spend = Window {
                start,
                ..Window::default()
            };
        }
    }
}

/// One limit's state after a decision, for the `x-ratelimit-*` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitStatus {
    pub limit: u64,
    pub remaining: u64,
    /// Seconds until the window resets.
    pub reset: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Tokens { span: Span, limit: u64 },
    Requests { span: Span, limit: u64 },
    Budget,
}

/// The result of [`admit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admission {
    pub refused: Option<Refusal>,
    /// Seconds until the refusing limit resets (0 when admitted).
    pub retry_after: u64,
    /// The tightest token and request limits.
    pub tokens: Option<LimitStatus>,
    pub requests: Option<LimitStatus>,
    /// Budget spend reached the fallback threshold.
    pub fallback: bool,
    /// Budget spend in micro-USD before this request.
    pub spend_micro_usd: u64,
    /// What was reserved, to be replaced at settlement.
    pub reservation: Reservation,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reservation {
    pub tokens: u64,
    /// Window starts (minute, hour, day) the reservation went into.
    pub starts: [u64; 3],
}

/// What a request asks of the store.
#[derive(Debug, Clone, Copy)]
pub struct Ask<'a> {
    pub quota: Option<&'a Quota>,
    pub budget: Option<&'a Budget>,
    pub budget_limit_micro: u64,
    pub estimate_tokens: u64,
    pub now: u64,
}

fn token_limits(q: &Quota) -> [(Span, Option<u64>); 3] {
    [
        (Span::Minute, q.tokens_per_minute),
        (Span::Hour, q.tokens_per_hour),
        (Span::Day, q.tokens_per_day),
    ]
}

fn request_limits(q: &Quota) -> [(Span, Option<u64>); 2] {
    [
        (Span::Minute, q.requests_per_minute),
        (Span::Hour, q.requests_per_hour),
    ]
}

/// Decides on one record (pure; the store wrapper below runs it under CAS).
pub fn decide(record: &mut Record, ask: &Ask<'_>) -> Admission {
    roll(record, ask.now, ask.budget);
    let reset_of = |span: Span| window_start(span.seconds(), ask.now) + span.seconds() - ask.now;
    let mut refused = None;
    let mut retry_after = 0;
    if let Some(q) = ask.quota {
        for (span, limit) in token_limits(q) {
            let Some(limit) = limit else { continue };
            let used = span.window(record).tokens;
            if refused.is_none() && used.saturating_add(ask.estimate_tokens) > limit {
                refused = Some(Refusal::Tokens { span, limit });
                retry_after = reset_of(span);
            }
        }
        for (span, limit) in request_limits(q) {
            let Some(limit) = limit else { continue };
            if refused.is_none() && span.window(record).requests >= limit {
                refused = Some(Refusal::Requests { span, limit });
                retry_after = reset_of(span);
            }
        }
    }
    let spend = record.spend.tokens;
    let mut fallback = false;
    if let Some(budget) = ask.budget {
        if refused.is_none() && spend >= ask.budget_limit_micro {
            refused = Some(Refusal::Budget);
            retry_after = period_bounds(budget.period, ask.now)
                .1
                .saturating_sub(ask.now);
        }
        let threshold = (ask.budget_limit_micro as f64 * budget.fallback_at_percent / 100.0) as u64;
        fallback = spend >= threshold && budget.fallback_model.is_some();
    }
    let mut reservation = Reservation::default();
    if refused.is_none() {
        reservation.tokens = ask.estimate_tokens;
        let spans = [Span::Minute, Span::Hour, Span::Day];
        for (start, span) in reservation.starts.iter_mut().zip(spans) {
            let w = span.window(record);
            w.tokens = w.tokens.saturating_add(ask.estimate_tokens);
            w.requests = w.requests.saturating_add(1);
            *start = w.start;
        }
    }
    let tightest = |limits: &mut dyn Iterator<Item = (Span, Option<u64>)>,
                    tokens: bool,
                    record: &mut Record| {
        limits
            .filter_map(|(span, limit)| {
                let limit = limit?;
                let w = span.window(record);
                let used = if tokens { w.tokens } else { w.requests };
                Some(LimitStatus {
                    limit,
                    remaining: limit.saturating_sub(used),
                    reset: reset_of(span),
                })
            })
            .min_by_key(|s| s.remaining)
    };
    let (tokens, requests) = match ask.quota {
        Some(q) => (
            tightest(&mut token_limits(q).into_iter(), true, record),
            tightest(&mut request_limits(q).into_iter(), false, record),
        ),
        None => (None, None),
    };
    Admission {
        refused,
        retry_after,
        tokens,
        requests,
        fallback,
        spend_micro_usd: spend,
        reservation,
    }
}

/// Replaces a reservation by the actual tokens and adds the cost to the budget.
pub fn settle_record(
    record: &mut Record,
    now: u64,
    budget: Option<&Budget>,
    reserved: &Reservation,
    actual_tokens: u64,
    cost_micro: u64,
) {
    roll(record, now, budget);
    for (start, span) in reserved
        .starts
        .iter()
        .zip([Span::Minute, Span::Hour, Span::Day])
    {
        let w = span.window(record);
        if w.start == *start {
            w.tokens = w
                .tokens
                .saturating_sub(reserved.tokens)
                .saturating_add(actual_tokens);
        } else {
            // The window rolled since admission: the reservation went with the old one.
            w.tokens = w.tokens.saturating_add(actual_tokens);
        }
    }
    if budget.is_some() {
        record.spend.tokens = record.spend.tokens.saturating_add(cost_micro);
    }
}

/// Store key of a client's record in a scope. The client id is hashed so any id is a safe,
/// bounded key.
pub fn record_key(scope: &str, client: &str) -> String {
    format!(
        "{NAMESPACE}.{scope}.{:016x}",
        llm_filters_core::hash::fnv1a64(client.as_bytes())
    )
}

/// [`decide`] under compare-and-swap. A refused request changes nothing but window roll-overs.
pub fn admit(store: &dyn SharedStore, key: &str, ask: &Ask<'_>) -> Result<Admission, StoreError> {
    update(store, NAMESPACE, key, |bytes| {
        let mut record = Record::decode(bytes);
        let admission = decide(&mut record, ask);
        (record.encode(), admission)
    })
}

/// [`settle_record`] under compare-and-swap.
pub fn settle(
    store: &dyn SharedStore,
    key: &str,
    now: u64,
    budget: Option<&Budget>,
    reserved: &Reservation,
    actual_tokens: u64,
    cost_micro: u64,
) -> Result<(), StoreError> {
    update(store, NAMESPACE, key, |bytes| {
        let mut record = Record::decode(bytes);
        settle_record(
            &mut record,
            now,
            budget,
            reserved,
            actual_tokens,
            cost_micro,
        );
        (record.encode(), ())
    })
}

/// `x-ratelimit-*` headers (OpenAI's names) for the tightest limits.
pub fn rate_limit_headers(admission: &Admission) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (what, status) in [
        ("requests", admission.requests),
        ("tokens", admission.tokens),
    ] {
        if let Some(s) = status {
            out.push((format!("x-ratelimit-limit-{what}"), s.limit.to_string()));
            out.push((
                format!("x-ratelimit-remaining-{what}"),
                s.remaining.to_string(),
            ));
            out.push((format!("x-ratelimit-reset-{what}"), format!("{}s", s.reset)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use llm_filters_core::quota_store::{init_namespace, MemoryStore};
    use std::sync::Arc;

    fn quota(json: &str) -> Quota {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn records_round_trip_in_binary_and_json_ones_are_still_read() {
        let w = |start, tokens, requests| Window {
            start,
            tokens,
            requests,
        };
        let record = Record {
            minute: w(60, 1, 2),
            hour: w(3600, 3, u64::MAX),
            day: w(86_400, 5, 6),
            spend: w(7, 8, 9),
        };
        let bytes = record.encode();
        assert_eq!(bytes.len(), RECORD_LEN);
        // Hand-checked layout: magic, then minute.start = 60 little-endian.
        assert_eq!(&bytes[..12], b"TM\x01\x00\x3c\0\0\0\0\0\0\0");
        assert_eq!(Record::decode(Some(&bytes)), record);
        let json = br#"{"minute":{"start":60,"tokens":1,"requests":2},"hour":{"start":3600,"tokens":3,"requests":18446744073709551615},"day":{"start":86400,"tokens":5,"requests":6},"spend":{"start":7,"tokens":8,"requests":9}}"#;
        assert_eq!(Record::decode(Some(json)), record);
        for junk in [&b""[..], b"TM\x01\x00short", b"{", &bytes[..RECORD_LEN - 1]] {
            assert_eq!(Record::decode(Some(junk)), Record::default());
        }
        assert_eq!(Record::decode(None), Record::default());
    }

    fn ask<'a>(q: &'a Quota, estimate: u64, now: u64) -> Ask<'a> {
        Ask {
            quota: Some(q),
            budget: None,
            budget_limit_micro: 0,
            estimate_tokens: estimate,
            now,
        }
    }

    const T0: u64 = 1_700_000_040; // the start of a minute

    #[test]
    fn token_window_admits_until_estimate_does_not_fit() {
        let q = quota(r#"{"tokensPerMinute": 100}"#);
        let mut r = Record::default();
        let a = decide(&mut r, &ask(&q, 60, T0 + 10));
        assert!(a.refused.is_none());
        assert_eq!(a.tokens.unwrap().remaining, 40);
        let b = decide(&mut r, &ask(&q, 60, T0 + 20));
        assert_eq!(
            b.refused,
            Some(Refusal::Tokens {
                span: Span::Minute,
                limit: 100
            })
        );
        assert_eq!(b.retry_after, 40);
        // A new minute resets.
        assert!(decide(&mut r, &ask(&q, 60, T0 + 61)).refused.is_none());
    }

    #[test]
    fn settlement_replaces_the_reservation() {
        let q = quota(r#"{"tokensPerHour": 1000, "requestsPerMinute": 2}"#);
        let mut r = Record::default();
        let a = decide(&mut r, &ask(&q, 100, T0));
        settle_record(&mut r, T0 + 1, None, &a.reservation, 250, 0);
        assert_eq!(r.hour.tokens, 250);
        decide(&mut r, &ask(&q, 10, T0 + 2));
        let c = decide(&mut r, &ask(&q, 10, T0 + 3));
        assert_eq!(
            c.refused,
            Some(Refusal::Requests {
                span: Span::Minute,
                limit: 2
            })
        );
        let h = rate_limit_headers(&c);
        assert!(
            h.contains(&("x-ratelimit-remaining-requests".into(), "0".into())),
            "{h:?}"
        );
        assert!(
            h.contains(&("x-ratelimit-limit-tokens".into(), "1000".into())),
            "{h:?}"
        );
    }

    #[test]
    fn settlement_after_roll_counts_in_the_new_window() {
        let q = quota(r#"{"tokensPerMinute": 1000}"#);
        let mut r = Record::default();
        let a = decide(&mut r, &ask(&q, 100, T0 + 59));
        settle_record(&mut r, T0 + 61, None, &a.reservation, 30, 0);
        assert_eq!(r.minute.tokens, 30);
    }

    #[test]
    fn budget_falls_back_then_refuses() {
        let budget: Budget = serde_json::from_str(
            r#"{"limitUsd": 1, "fallbackAtPercent": 50, "fallbackModel": "small"}"#,
        )
        .unwrap();
        let mut r = Record::default();
        let ask = |now| Ask {
            quota: None,
            budget: Some(&budget),
            budget_limit_micro: 1_000_000,
            estimate_tokens: 0,
            now,
        };
        assert!(!decide(&mut r, &ask(T0)).fallback);
        settle_record(
            &mut r,
            T0,
            Some(&budget),
            &Reservation::default(),
            0,
            600_000,
        );
        let a = decide(&mut r, &ask(T0));
        assert!(a.fallback && a.refused.is_none());
        settle_record(
            &mut r,
            T0,
            Some(&budget),
            &Reservation::default(),
            0,
            400_000,
        );
        let b = decide(&mut r, &ask(T0));
        assert_eq!(b.refused, Some(Refusal::Budget));
        assert!(b.retry_after > 0 && b.retry_after <= 86_400);
        // Next day: fresh budget.
        assert!(decide(&mut r, &ask(T0 + 86_400)).refused.is_none());
    }

    #[test]
    fn months() {
        // 2024-02-15 → Feb 2024 (leap year: 29 days).
        let (s, e) = month_bounds(1_707_955_200);
        assert_eq!(s, 1_706_745_600); // 2024-02-01
        assert_eq!(e - s, 29 * 86_400);
        let (s, _) = month_bounds(1_735_689_599); // 2024-12-31 23:59:59
        assert_eq!(s, 1_733_011_200); // 2024-12-01
    }

    #[test]
    fn shared_store_never_over_admits_requests() {
        let store = Arc::new(MemoryStore::new());
        init_namespace(&*store, NAMESPACE);
        let q = Arc::new(quota(r#"{"requestsPerHour": 25}"#));
        let key = record_key("default", "team-a");
        let threads: Vec<_> = (0..6)
            .map(|_| {
                let (store, q, key) = (store.clone(), q.clone(), key.clone());
                std::thread::spawn(move || {
                    (0..20)
                        .filter(|_| {
                            admit(&*store, &key, &ask(&q, 5, T0))
                                .unwrap()
                                .refused
                                .is_none()
                        })
                        .count()
                })
            })
            .collect();
        let admitted: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
        assert_eq!(admitted, 25);
    }
}

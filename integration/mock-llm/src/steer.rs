//! Reads the `x-mock-*` request headers that steer a reply: content hints and faults.

use hyper::HeaderMap;

use crate::config::Fault;
use crate::reply::Hints;

fn text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn number<T: std::str::FromStr>(headers: &HeaderMap, name: &str) -> Option<T> {
    text(headers, name).and_then(|v| v.trim().parse().ok())
}

/// Content hints. `x-mock-reply` is taken as raw bytes (lossy UTF-8) so a test can make the
/// model say non-ASCII text; HTTP header values carry it as Latin-1/UTF-8 bytes.
pub fn hints(headers: &HeaderMap) -> Hints {
    let raw = |name: &str| {
        headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    Hints {
        reply: raw("x-mock-reply"),
        tool_call: raw("x-mock-tool-call"),
        tool_args: raw("x-mock-tool-args"),
        chunk_chars: number(headers, "x-mock-chunk-chars"),
        repeat: number(headers, "x-mock-reply-repeat"),
    }
}

/// Delay between SSE events, from `x-mock-event-delay-ms`.
pub fn event_delay_ms(headers: &HeaderMap) -> u64 {
    number(headers, "x-mock-event-delay-ms").unwrap_or(0)
}

fn applies(fault: &Fault, model: Option<&str>) -> bool {
    match &fault.only_model {
        Some(m) => model == Some(m.as_str()),
        None => true,
    }
}

/// The fault for this request: `default` (if its model filter matches), overridden field by
/// field by the header fault (if its `x-mock-fault-model` filter matches).
pub fn fault(default: Option<&Fault>, headers: &HeaderMap, model: Option<&str>) -> Fault {
    let mut out = default
        .filter(|f| applies(f, model))
        .cloned()
        .unwrap_or_default();
    let status: Option<u16> = number(headers, "x-mock-status");
    let delay: Option<u64> = number(headers, "x-mock-delay-ms");
    let cut: Option<usize> = number(headers, "x-mock-cut-after");
    if status.is_none() && delay.is_none() && cut.is_none() {
        return out;
    }
    let from_headers = Fault {
        status,
        delay_ms: delay.unwrap_or(0),
        cut_after_events: cut,
        only_model: text(headers, "x-mock-fault-model").map(str::to_string),
    };
    if applies(&from_headers, model) {
        out.status = status.or(out.status);
        out.delay_ms = delay.unwrap_or(out.delay_ms);
        out.cut_after_events = cut.or(out.cut_after_events);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn header_fault_respects_model_filter() {
        let h = headers(&[("x-mock-status", "503"), ("x-mock-fault-model", "a")]);
        assert_eq!(fault(None, &h, Some("a")).status, Some(503));
        assert_eq!(fault(None, &h, Some("b")).status, None);
        assert_eq!(fault(None, &h, None).status, None);
    }

    #[test]
    fn header_overrides_default_field_by_field() {
        let default = Fault {
            status: Some(500),
            delay_ms: 7,
            ..Fault::default()
        };
        let h = headers(&[("x-mock-status", "429")]);
        let f = fault(Some(&default), &h, None);
        assert_eq!((f.status, f.delay_ms), (Some(429), 7));
        let only_b = Fault {
            only_model: Some("b".into()),
            ..default
        };
        assert_eq!(
            fault(Some(&only_b), &HeaderMap::new(), Some("a")),
            Fault::default()
        );
    }
}

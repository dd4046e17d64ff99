//! The SSE parser on arbitrary bytes in arbitrary chunks: the same events as the whole stream
//! in one push, and writing those events and parsing them again gives them back.
//!
//! Input: `[n][n chunk lengths][stream]`; the lengths (1..=64) are used in turn until the
//! stream is consumed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use llm_filters_core::sse::{SseEvent, SseParser};

fn parse_whole(bytes: &[u8]) -> Vec<SseEvent> {
    let mut p = SseParser::new();
    let mut events = p.push(bytes);
    events.extend(p.finish());
    events
}

fn parse_chunked(bytes: &[u8], lengths: &[u8]) -> Vec<SseEvent> {
    let mut p = SseParser::new();
    let mut events = Vec::new();
    let mut rest = bytes;
    let mut i = 0;
    while !rest.is_empty() {
        let want = lengths
            .get(i % lengths.len().max(1))
            .map_or(1, |&b| usize::from(b % 64) + 1);
        let (chunk, tail) = rest.split_at(want.min(rest.len()));
        events.extend(p.push(chunk));
        // Nothing dispatched is still counted as pending, nothing pending is lost.
        assert!(p.pending_len() <= bytes.len());
        rest = tail;
        i += 1;
    }
    events.extend(p.finish());
    events
}

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else {
        return;
    };
    let n = usize::from(n % 16).min(rest.len());
    let (lengths, stream) = rest.split_at(n);

    let whole = parse_whole(stream);
    let chunked = parse_chunked(stream, lengths);
    assert_eq!(whole, chunked, "chunking changed the events");

    // The writer's output reads back as the same events.
    let mut written = Vec::new();
    for e in &whole {
        e.write_to(&mut written);
    }
    assert_eq!(
        parse_whole(&written),
        whole,
        "write then parse changed the events"
    );
});

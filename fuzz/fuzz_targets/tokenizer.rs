//! token-meter's tokenizer on arbitrary bytes: no panic, and on valid UTF-8 the same token ids
//! as tiktoken-rs's `encode_ordinary` (the oracle) for o200k_base and cl100k_base, the same
//! count, and the same count when the text arrives as a stream in arbitrary pieces. The bytes
//! also go to the prompt counters as a request body (any JSON, any API path shape).
//!
//! Input: `[chunk length seed][text]`; invalid UTF-8 is read lossily (as the filter reads
//! header bytes), and then only "no panic" is checked against the oracle's count.
#![no_main]

use libfuzzer_sys::fuzz_target;
use llm_filters_core::api::ApiKind;
use token_meter::count::{count_chat, count_prompt};
use token_meter::encoding::Encoding;
use token_meter::tokenizer::{StreamCounter, Tokenizer};

fuzz_target!(|data: &[u8]| {
    let (seed, bytes) = data.split_first().map_or((1, data), |(s, r)| (*s, r));
    let valid = std::str::from_utf8(bytes).is_ok();
    let text = String::from_utf8_lossy(bytes);
    for (encoding, oracle) in [
        (Encoding::O200kBase, tiktoken_rs::o200k_base_singleton()),
        (Encoding::Cl100kBase, tiktoken_rs::cl100k_base_singleton()),
    ] {
        let tokenizer = Tokenizer::get(encoding);
        let n = tokenizer.count(&text);
        let ids = tokenizer.encode(&text);
        assert_eq!(ids.len(), n, "count and encode disagree");
        if valid {
            let want = oracle.encode_ordinary(&text);
            assert_eq!(ids, want, "ids differ from tiktoken-rs");
        }
        // The same text as a stream, in pieces of 1..=32 chars (varying with the seed).
        let mut stream = StreamCounter::new(encoding);
        let mut rest: &str = &text;
        let mut k = usize::from(seed);
        while !rest.is_empty() {
            let chars = k % 32 + 1;
            let cut = rest.char_indices().nth(chars).map_or(rest.len(), |(i, _)| i);
            let (piece, tail) = rest.split_at(cut);
            stream.push(piece);
            rest = tail;
            k = k.wrapping_mul(31).wrapping_add(7);
        }
        assert_eq!(stream.total(), n as u64, "a stream counts what the whole text counts");

        if let Ok(body) = serde_json::from_slice::<serde_json::Value>(bytes) {
            let _ = count_chat(encoding, &body);
            for kind in [
                ApiKind::ChatCompletions,
                ApiKind::Completions,
                ApiKind::Responses,
                ApiKind::AnthropicMessages,
                ApiKind::Embeddings,
            ] {
                let _ = count_prompt(encoding, kind, &body);
            }
        }
    }
});

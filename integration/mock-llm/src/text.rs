//! Deterministic text helpers: hashing, token estimates, text extraction, chunk splitting.

use serde_json::Value;

/// Fixed `created` timestamp, so replies are byte-for-byte reproducible.
pub const CREATED: u64 = 1_700_000_000;

/// FNV-1a 64: tiny, stable across runs and platforms (std's hasher is randomly seeded).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// 16 hex digits of the body hash, used in reply ids.
pub fn hash_hex(bytes: &[u8]) -> String {
    format!("{:016x}", fnv1a(bytes))
}

/// Token estimate for text: ceil(chars / 4). Cheap and monotonic; close enough to BPE counts
/// for English that usage numbers look realistic.
pub fn approx_tokens(text: &str) -> u64 {
    (text.chars().count() as u64).div_ceil(4)
}

/// Per-message overhead added to the prompt estimate (role, separators), as real chat APIs do.
pub const MESSAGE_OVERHEAD: u64 = 4;

/// The text of a message `content`: a string, or the `text` of every text part/block in an array
/// (OpenAI content parts and Anthropic content blocks both use `{"type":"text","text":..}`).
pub fn content_text(content: &Value) -> String {
    match content {
        Value::String(s) => s.clone(),
        Value::Array(parts) => {
            let mut out = String::new();
            for part in parts {
                if let Some(t) = part.get("text").and_then(Value::as_str) {
                    out.push_str(t);
                } else if let Some(inner) = part.get("content") {
                    // Anthropic tool_result blocks nest their text one level down.
                    out.push_str(&content_text(inner));
                }
            }
            out
        }
        _ => String::new(),
    }
}

/// Chars in a message that count toward the prompt: its content plus any tool-call names and
/// arguments (an assistant turn that called a tool still costs tokens when replayed).
pub fn message_text(msg: &Value) -> String {
    let mut text = msg.get("content").map(content_text).unwrap_or_default();
    if let Some(calls) = msg.get("tool_calls").and_then(Value::as_array) {
        for call in calls {
            if let Some(f) = call.get("function") {
                text.push_str(f.get("name").and_then(Value::as_str).unwrap_or(""));
                text.push_str(f.get("arguments").and_then(Value::as_str).unwrap_or(""));
            }
        }
    }
    text
}

/// Text of the last message with `role == "user"`, or None when there is none.
pub fn last_user_text(messages: &[Value]) -> Option<String> {
    messages
        .iter()
        .rev()
        .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
        .map(|m| m.get("content").map(content_text).unwrap_or_default())
}

/// Split `text` for streaming. With `chunk_chars`, fixed pieces of that many chars (chars, not
/// bytes, so a piece never splits a UTF-8 sequence). Otherwise by words, each word keeping its
/// leading whitespace, grouped 1, 2, 3, 1, 2, 3... words per piece so boundaries fall
/// mid-sentence. The pieces always concatenate back to `text`; empty text gives no pieces.
pub fn split_for_stream(text: &str, chunk_chars: Option<usize>) -> Vec<String> {
    match chunk_chars {
        Some(n) if n > 0 => split_chars(text, n),
        _ => split_words(text),
    }
}

fn split_chars(text: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(n).map(|c| c.iter().collect()).collect()
}

fn split_words(text: &str) -> Vec<String> {
    // Word starts: whitespace followed by non-whitespace begins a new word at the whitespace.
    let mut words: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut prev_ws = true;
    for (i, c) in text.char_indices() {
        let ws = c.is_whitespace();
        if ws && !prev_ws && i > start {
            words.push(&text[start..i]);
            start = i;
        }
        prev_ws = ws;
    }
    if start < text.len() {
        words.push(&text[start..]);
    }
    let mut pieces = Vec::new();
    let mut i = 0;
    let mut group = 1;
    while i < words.len() {
        let end = (i + group).min(words.len());
        pieces.push(words[i..end].concat());
        i = end;
        group = group % 3 + 1;
    }
    pieces
}

/// Split a tool-call `arguments` string into at least a few pieces, as providers stream them.
pub fn split_arguments(args: &str, chunk_chars: Option<usize>) -> Vec<String> {
    let n = chunk_chars
        .filter(|n| *n > 0)
        .unwrap_or_else(|| args.chars().count().div_ceil(4).max(1));
    split_chars(args, n)
}

/// Deterministic pseudo-embedding: `dims` floats in [-1, 1) seeded by the input's hash
/// (splitmix64 stream), rounded to 6 decimals so the JSON is short and stable.
pub fn embedding(input: &str, dims: usize) -> Vec<f64> {
    let mut state = fnv1a(input.as_bytes());
    (0..dims)
        .map(|_| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            let unit = (z >> 11) as f64 / (1u64 << 53) as f64; // [0, 1)
            ((unit * 2.0 - 1.0) * 1e6).round() / 1e6
        })
        .collect()
}

/// Standard base64 (with padding), for `encoding_format: "base64"` embeddings.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_split_round_trips_and_groups() {
        let text = "Mock answer to: hello  brave new world!";
        let pieces = split_for_stream(text, None);
        assert_eq!(pieces.concat(), text);
        assert_eq!(
            pieces,
            vec!["Mock", " answer to:", " hello  brave new", " world!"]
        );
    }

    #[test]
    fn char_split_counts_chars_not_bytes() {
        let pieces = split_for_stream("héllo wörld", Some(3));
        assert_eq!(pieces, vec!["hél", "lo ", "wör", "ld"]);
        assert!(split_for_stream("", None).is_empty());
        assert_eq!(split_for_stream("  lead", None).concat(), "  lead");
    }

    #[test]
    fn tokens_and_hash_are_stable() {
        assert_eq!(approx_tokens(""), 0);
        assert_eq!(approx_tokens("abcde"), 2);
        assert_eq!(hash_hex(b"abc"), "e71fa2190541574b");
    }

    #[test]
    fn base64_matches_reference() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn embedding_is_deterministic_and_bounded() {
        let a = embedding("x", 8);
        assert_eq!(a, embedding("x", 8));
        assert_ne!(a, embedding("y", 8));
        assert!(a.iter().all(|v| (-1.0..1.0).contains(v)));
    }
}

//! Which model names the filters accept. A model name comes from the client (body or override
//! header) and travels into a request header, a filter-state value, the access log and the
//! provider, so every filter that reads the body refuses names that are not safe in all of them
//! (one rule for all, so a filter used alone refuses what the chain refuses).
//!
//! The allowed set covers real provider ids: `gpt-4o-2024-08-06`, `claude-3-5-sonnet-20241022`,
//! `anthropic.claude-3-sonnet-20240229-v1:0` and Bedrock ARNs, `publishers/google/models/...`
//! (Vertex), `llama3.1:8b` and `hf.co/org/model:Q4_K_M` (Ollama),
//! `accounts/fireworks/models/llama-v3-70b`, `meta-llama/Llama-3.1-8B-Instruct`, `model@2024`.

/// Longest model name routed; real ids (Bedrock inference-profile ARNs included) stay well below.
pub const MAX_MODEL_LEN: usize = 256;

/// What a rejected name is told, without echoing it.
pub const RULE: &str = "must be 1 to 256 characters from letters, digits and . _ : / @ + -";

fn allowed(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'/' | b'@' | b'+' | b'-')
}

/// The 400 for a model name that breaks the rule; never echoes the name.
pub fn invalid_model_reply() -> crate::ErrorReply {
    crate::ErrorReply::bad_request(format!("invalid model name: it {RULE}"))
        .with_param("model")
        .with_code("invalid_model")
}

/// Whether `name` may be routed (and so written into a header or the access log).
pub fn is_valid_model(name: &str) -> bool {
    !name.is_empty() && name.len() <= MAX_MODEL_LEN && name.bytes().all(allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_provider_ids_are_valid() {
        for id in [
            "gpt-4o-2024-08-06",
            "gpt-4o-mini",
            "o1-preview",
            "claude-3-5-sonnet-20241022",
            "claude-opus-4-1",
            "anthropic.claude-3-sonnet-20240229-v1:0",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0",
            "publishers/google/models/gemini-1.5-pro-002",
            "gemini-1.5-pro@001",
            "llama3.1:8b",
            "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M",
            "accounts/fireworks/models/llama-v3-70b",
            "meta-llama/Llama-3.1-8B-Instruct",
            "text-embedding-3-small",
            "ft:gpt-4o-mini-2024-07-18:org:custom+suffix:id",
        ] {
            assert!(is_valid_model(id), "{id}");
        }
    }

    #[test]
    fn unsafe_names_are_invalid() {
        for bad in [
            "",
            "gpt-4o\nx-forged: 1",
            "gpt-4o\r",
            "gpt 4o",
            "gpt-4o\u{0}",
            "gpt-4o\"",
            "gpt-4o;x=1",
            "gpt-4o%0a",
            "gpté",
            "sk-proj-abc=",
            "a\tb",
            "<EMAIL_1>",
        ] {
            assert!(!is_valid_model(bad), "{bad:?}");
        }
        assert!(is_valid_model(&"a".repeat(MAX_MODEL_LEN)));
        assert!(!is_valid_model(&"a".repeat(MAX_MODEL_LEN + 1)));
    }
}

//! Which API a request path addresses.

/// The API family of a request, from its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiKind {
    ChatCompletions,
    Completions,
    Embeddings,
    Responses,
    AnthropicMessages,
    Models,
    Unknown,
}

impl ApiKind {
    /// Matches on the last path segments so prefixes (`/openai/v1/...`, Azure's
    /// `/openai/deployments/{name}/chat/completions`) still match. Query and fragment are ignored.
    pub fn from_path(path: &str) -> ApiKind {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [.., "chat", "completions"] => ApiKind::ChatCompletions,
            [.., "completions"] => ApiKind::Completions,
            [.., "embeddings"] => ApiKind::Embeddings,
            [.., "responses"] => ApiKind::Responses,
            [.., "models"] => ApiKind::Models,
            // Only right after a version (or alone): `/v1/threads/{id}/messages` is OpenAI Assistants.
            ["messages"] | [.., "v1", "messages"] => ApiKind::AnthropicMessages,
            _ => ApiKind::Unknown,
        }
    }

    /// A stable name for metrics labels and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKind::ChatCompletions => "chat_completions",
            ApiKind::Completions => "completions",
            ApiKind::Embeddings => "embeddings",
            ApiKind::Responses => "responses",
            ApiKind::AnthropicMessages => "anthropic_messages",
            ApiKind::Models => "models",
            ApiKind::Unknown => "unknown",
        }
    }
}

/// `/v1/models` or `/v1/models/{id}`, under any prefix (query and fragment ignored).
pub fn is_models_path(path: &str) -> bool {
    let bare = path.split(['?', '#']).next().unwrap_or_default();
    let mut segments = bare.rsplit('/').filter(|s| !s.is_empty());
    match segments.next() {
        Some("models") => true,
        Some(_) => segments.next() == Some("models"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::ApiKind::{self, *};

    #[test]
    fn paths() {
        let cases = [
            ("/v1/chat/completions", ChatCompletions),
            ("/chat/completions", ChatCompletions),
            ("/openai/v1/chat/completions?x=1", ChatCompletions),
            (
                "/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21",
                ChatCompletions,
            ),
            ("/v1/chat/completions/", ChatCompletions),
            ("/v1/completions", Completions),
            ("/v1/embeddings", Embeddings),
            ("/v1/responses", Responses),
            ("/v1/messages", AnthropicMessages),
            ("/anthropic/v1/messages?beta=true", AnthropicMessages),
            ("/messages", AnthropicMessages),
            ("/v1/models", Models),
            ("/v1/threads/t_1/messages", Unknown),
            ("/v1/messages/count_tokens", Unknown),
            ("/v1/chat", Unknown),
            ("/", Unknown),
            ("", Unknown),
            ("/v1/chat/completions#frag", ChatCompletions),
        ];
        for (path, kind) in cases {
            assert_eq!(ApiKind::from_path(path), kind, "{path}");
        }
        assert_eq!(ChatCompletions.as_str(), "chat_completions");
    }
}

//! Where an attempt goes and which protocol headers it carries, per backend schema.

use super::Api;
use crate::config::{Backend, Schema};
use llm_filters_core::headers::HeaderChanges;

/// The API an attempt to `backend` speaks for a client speaking `client`: chat and messages
/// clients are translated to the backend's API; other APIs are never translated.
pub fn target_api(client: Api, backend: &Backend) -> Api {
    match (client, backend.schema) {
        (Api::Chat | Api::Messages, Schema::Anthropic) => Api::Messages,
        (Api::Chat | Api::Messages, _) => Api::Chat,
        (Api::Other, _) => Api::Other,
    }
}

/// The `:path` of an attempt to `backend`, from the client's original path.
pub fn target_path(client_path: &str, client: Api, backend: &Backend) -> String {
    let (path, query) = match client_path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (client_path, None),
    };
    let target = target_api(client, backend);
    let path = match (client, target) {
        (Api::Chat, Api::Messages) => return "/v1/messages".to_string(),
        (Api::Messages, Api::Chat) => "/v1/chat/completions",
        _ => path,
    };
    match backend.schema {
        Schema::Anthropic => with_query(path.to_string(), query),
        Schema::Openai => {
            let path = match (&backend.path_prefix, strip_version(path)) {
                (Some(prefix), Some(rest)) => format!("{prefix}{rest}"),
                _ => path.to_string(),
            };
            with_query(path, query)
        }
        Schema::AzureOpenai => {
            let Some(azure) = &backend.azure else {
                return with_query(path.to_string(), query);
            };
            let rest = strip_version(path).unwrap_or(path);
            let mut params: Vec<&str> = query
                .unwrap_or("")
                .split('&')
                .filter(|p| !p.is_empty() && !p.starts_with("api-version="))
                .collect();
            let version = format!("api-version={}", azure.api_version);
            params.push(&version);
            format!(
                "/openai/deployments/{}{}?{}",
                azure.deployment,
                rest,
                params.join("&")
            )
        }
    }
}

/// `/v1/chat/completions` → `/chat/completions`; `None` when the path has no `/v1` to replace.
fn strip_version(path: &str) -> Option<&str> {
    match path.strip_prefix("/v1") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => Some(rest),
        _ => None,
    }
}

fn with_query(path: String, query: Option<&str>) -> String {
    match query {
        Some(q) => format!("{path}?{q}"),
        None => path,
    }
}

/// Protocol headers for an attempt. Every attempt shares one header map in Envoy, so these are
/// set or removed whatever an earlier attempt did.
pub fn protocol_headers(
    client: Api,
    backend: &Backend,
    client_anthropic_version: Option<&str>,
) -> HeaderChanges {
    let mut changes = HeaderChanges::default();
    match target_api(client, backend) {
        Api::Messages => {
            let configured = backend.anthropic_options().version;
            let version = match (client, client_anthropic_version) {
                (Api::Messages, Some(v)) => v.to_string(),
                _ => configured,
            };
            changes.set.push(("anthropic-version".into(), version));
        }
        Api::Chat => {
            // Also for an OpenAI client: an earlier attempt to an Anthropic backend set it.
            changes.remove.push("anthropic-version".into());
            if client == Api::Messages {
                changes.remove.push("anthropic-beta".into());
            }
        }
        Api::Other => {}
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{AzureOptions, Backend};

    fn backend(schema: Schema) -> Backend {
        Backend {
            schema,
            ..Backend::default()
        }
    }

    #[test]
    fn paths_per_schema() {
        let openai = backend(Schema::Openai);
        let anthropic = backend(Schema::Anthropic);
        let gemini = Backend {
            path_prefix: Some("/v1beta/openai".into()),
            ..Backend::default()
        };
        let azure = Backend {
            schema: Schema::AzureOpenai,
            azure: Some(AzureOptions {
                deployment: "gpt4o-prod".into(),
                api_version: "2024-10-21".into(),
            }),
            ..Backend::default()
        };
        let chat = "/v1/chat/completions";
        assert_eq!(target_path(chat, Api::Chat, &openai), chat);
        assert_eq!(target_path(chat, Api::Chat, &anthropic), "/v1/messages");
        assert_eq!(target_path("/v1/messages", Api::Messages, &openai), chat);
        assert_eq!(
            target_path("/v1/messages?beta=true", Api::Messages, &anthropic),
            "/v1/messages?beta=true"
        );
        assert_eq!(
            target_path(chat, Api::Chat, &gemini),
            "/v1beta/openai/chat/completions"
        );
        assert_eq!(
            target_path("/v1/embeddings", Api::Other, &gemini),
            "/v1beta/openai/embeddings"
        );
        assert_eq!(target_path("/other", Api::Other, &gemini), "/other");
        assert_eq!(
            target_path(chat, Api::Chat, &azure),
            "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21"
        );
        assert_eq!(
            target_path("/v1/messages", Api::Messages, &azure),
            "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21"
        );
        assert_eq!(
            target_path("/v1/embeddings?api-version=old&x=1", Api::Other, &azure),
            "/openai/deployments/gpt4o-prod/embeddings?x=1&api-version=2024-10-21"
        );
    }

    #[test]
    fn protocol_headers_per_direction() {
        let anthropic = backend(Schema::Anthropic);
        let c = protocol_headers(Api::Chat, &anthropic, None);
        assert_eq!(
            c.set,
            vec![("anthropic-version".to_string(), "2023-06-01".to_string())]
        );
        let c = protocol_headers(Api::Messages, &anthropic, Some("2024-01-01"));
        assert_eq!(
            c.set,
            vec![("anthropic-version".to_string(), "2024-01-01".to_string())]
        );
        let c = protocol_headers(Api::Messages, &backend(Schema::Openai), Some("2023-06-01"));
        assert_eq!(c.remove, vec!["anthropic-version", "anthropic-beta"]);
        // An OpenAI client's attempt to an OpenAI backend drops what an earlier attempt to an
        // Anthropic backend set (attempts share one header map).
        let c = protocol_headers(Api::Chat, &backend(Schema::Openai), None);
        assert_eq!(c.remove, vec!["anthropic-version"]);
        assert!(c.set.is_empty());
        assert_eq!(
            protocol_headers(Api::Other, &backend(Schema::Openai), None),
            HeaderChanges::default()
        );
    }
}

//! The provider API schema of a backend, as model-router's `Backend` spells it (`schema`,
//! `pathPrefix`, `azure`, `anthropic`): OpenAI-compatible is `openai` with a `pathPrefix`.

use model_router::config::{AnthropicOptions, AzureOptions, Backend as RouterBackend, Schema};

use crate::crd::route::{Backend, ProviderSchema};

/// The header a provider key goes in when the route names none.
pub(super) fn default_auth_header(schema: ProviderSchema) -> &'static str {
    match schema {
        ProviderSchema::Anthropic => "x-api-key",
        ProviderSchema::AzureOpenai => "api-key",
        ProviderSchema::Openai | ProviderSchema::OpenaiCompatible => "authorization",
    }
}

pub(super) fn with_schema(mut backend: RouterBackend, b: &Backend) -> RouterBackend {
    backend.schema = match b.schema {
        ProviderSchema::Openai | ProviderSchema::OpenaiCompatible => Schema::Openai,
        ProviderSchema::Anthropic => Schema::Anthropic,
        ProviderSchema::AzureOpenai => Schema::AzureOpenai,
    };
    backend.path_prefix = b.path_prefix.clone();
    backend.azure = b.azure.as_ref().map(|a| AzureOptions {
        deployment: a.deployment.clone(),
        api_version: a.api_version.clone(),
    });
    if b.schema == ProviderSchema::Anthropic {
        let mut options = AnthropicOptions::default();
        if let Some(a) = &b.anthropic {
            if let Some(v) = &a.version {
                options.version = v.clone();
            }
            if let Some(n) = a.default_max_tokens {
                options.default_max_tokens = u64::from(n);
            }
        }
        // Only written when the route says something: model-router's defaults apply otherwise.
        backend.anthropic = b.anthropic.is_some().then_some(options);
    }
    backend
}

//! A route's config compiled for use: templates registered, regexes and JSONPaths parsed,
//! header value templates parsed. Built once at load; any error names the field.

use crate::config::{EndpointSpec, InvalidBodyPolicy, ParamRules, TransformConfig, Untemplated};
use crate::context::ContextPolicy;
use crate::decorate::CompiledDecorators;
use crate::header_values::CompiledHeaderEdits;
use crate::jsonpath::{self, CompiledTransform};
use crate::template::{self, ChatTemplate};
use crate::{endpoint, params};
use handlebars::Handlebars;
use llm_filters_core::config::{parse_config, ConfigError, Validate};
use llm_filters_core::rules::RouteRules;
use std::collections::BTreeMap;

pub struct Policy {
    /// Strict registry of the chat templates.
    pub hb: Handlebars<'static>,
    /// Lenient registry of the `join` transform templates.
    pub join_hb: Handlebars<'static>,
    pub templates: BTreeMap<String, ChatTemplate>,
    pub endpoints: Vec<EndpointSpec>,
    pub untemplated: Untemplated,
    pub decorators: Option<CompiledDecorators>,
    pub params: ParamRules,
    pub transforms: Vec<CompiledTransform>,
    pub context: Option<ContextPolicy>,
    pub request_headers: CompiledHeaderEdits,
    pub response_headers: CompiledHeaderEdits,
    pub max_body_bytes: usize,
    pub on_invalid_body: InvalidBodyPolicy,
    pub chat_answer: bool,
}

pub type Policies = RouteRules<Policy>;

impl Policy {
    pub fn compile(config: TransformConfig) -> Result<Policy, ConfigError> {
        let mut hb = template::new_registry();
        let templates = template::compile_all(&mut hb, &config.templates)?;
        endpoint::validate(&config.endpoints, &templates)?;
        params::validate(&config.params).map_err(|e| e.within("params"))?;
        let mut join_hb = template::new_registry();
        join_hb.set_strict_mode(false);
        let transforms = jsonpath::compile(&config.transforms, &mut join_hb)?;
        let decorators = config
            .decorators
            .as_ref()
            .map(CompiledDecorators::compile)
            .transpose()
            .map_err(|e| e.within("decorators"))?;
        let context = config
            .context
            .as_ref()
            .map(ContextPolicy::compile)
            .transpose()
            .map_err(|e| e.within("context"))?;
        let request_headers = CompiledHeaderEdits::compile(&config.request_headers)
            .map_err(|e| e.within("requestHeaders"))?;
        let response_headers = CompiledHeaderEdits::compile(&config.response_headers)
            .map_err(|e| e.within("responseHeaders"))?;
        if config.max_body_bytes == 0 {
            return Err(ConfigError::new("maxBodyBytes", "must be greater than 0"));
        }
        Ok(Policy {
            hb,
            join_hb,
            templates,
            endpoints: config.endpoints,
            untemplated: config.untemplated,
            decorators,
            params: config.params,
            transforms,
            context,
            request_headers,
            response_headers,
            max_body_bytes: config.max_body_bytes,
            on_invalid_body: config.on_invalid_body,
            chat_answer: config.chat_answer,
        })
    }

    /// Whether anything in this policy reads or rewrites a chat request body.
    pub fn shapes_chat(&self) -> bool {
        !self.templates.is_empty()
            || self.untemplated == Untemplated::Deny
            || self.decorators.is_some()
            || !self.params.is_empty()
            || !self.transforms.is_empty()
            || self.context.is_some()
    }
}

impl Validate for TransformConfig {
    /// The same checks as loading: compile and throw the result away.
    fn validate(&self) -> Result<(), ConfigError> {
        Policy::compile(self.clone()).map(|_| ())
    }
}

/// Parses and compiles the whole plugin configuration.
pub fn load_policies(bytes: &[u8]) -> Result<Policies, ConfigError> {
    let rules: RouteRules<TransformConfig> = parse_config(bytes)?;
    for (i, rule) in rules.rules.iter().enumerate() {
        rule.matcher
            .validate()
            .map_err(|e| e.within(&format!("rules[{i}].match")))?;
    }
    rules.try_map(Policy::compile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_route_and_field() {
        let err = |s: &str| load_policies(s.as_bytes()).err().expect("must fail");
        let e = err(
            r#"{"rules":[{"match":{"paths":["/a"]},"config":{"templates":{"sum":{"messages":[{"role":"user","content":"{{#if}}"}]}}}}]}"#,
        );
        assert_eq!(e.field, "rules[0].config.templates.sum.messages[0].content");
        let e = err(r#"{"default":{"params":{"temperature":{"min":2,"max":1}}}}"#);
        assert_eq!(e.field, "default.params.temperature");
        let e = err(
            r#"{"default":{"decorators":{"replacements":[{"pattern":"[","replacement":""}]}}}"#,
        );
        assert_eq!(e.field, "default.decorators.replacements[0].pattern");
        let e = err(r#"{"default":{"requestHeaders":{"set":{"x-a":"{{nope}}"}}}}"#);
        assert_eq!(e.field, "default.requestHeaders.set.x-a");
        let e = err(r#"{"default":{"transforms":[{"op":"remove","path":"$..["}]}}"#);
        assert_eq!(e.field, "default.transforms[0].path");
        let e = err(r#"{"default":{"templatez":{}}}"#);
        assert_eq!(e.field, "default.templatez");
        let e = err(r#"{"rules":[{"match":{"paths":["x"]},"config":{}}]}"#);
        assert_eq!(e.field, "rules[0].match.paths[0]");
        assert!(load_policies(b"{}").unwrap().default.is_none());
    }
}

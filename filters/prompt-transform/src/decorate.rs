//! Decorators: messages added to every chat request of a route, a route system message, and
//! regex replacements in the client's message texts.

use crate::config::{Decorators, MessageSpec, SystemMode};
use crate::messages::{for_each_text_mut, is_system, role, text_message};
use crate::template::check_role;
use llm_filters_core::api::anthropic::{AnthropicContent, AnthropicMessage, MessagesRequest};
use llm_filters_core::config::ConfigError;
use regex::Regex;
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct CompiledDecorators {
    prepend: Vec<Value>,
    append: Vec<Value>,
    system: Option<(String, SystemMode)>,
    replacements: Vec<CompiledReplacement>,
}

#[derive(Debug, Clone)]
struct CompiledReplacement {
    roles: Vec<String>,
    pattern: Regex,
    replacement: String,
}

/// Bound on a compiled pattern, so a config cannot make every VM allocate without limit.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

impl CompiledDecorators {
    pub fn compile(config: &Decorators) -> Result<Self, ConfigError> {
        let messages = |list: &[MessageSpec], field: &str| {
            list.iter()
                .enumerate()
                .map(|(i, m)| {
                    check_role(&m.role).map_err(|e| e.within(&format!("{field}[{i}]")))?;
                    Ok(text_message(&m.role, &m.content))
                })
                .collect::<Result<Vec<_>, ConfigError>>()
        };
        let replacements = config
            .replacements
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let pattern = regex::RegexBuilder::new(&r.pattern)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| {
                        ConfigError::new(
                            format!("replacements[{i}].pattern"),
                            format!("invalid regex: {e}"),
                        )
                    })?;
                Ok(CompiledReplacement {
                    roles: r.roles.clone(),
                    pattern,
                    replacement: r.replacement.clone(),
                })
            })
            .collect::<Result<Vec<_>, ConfigError>>()?;
        Ok(CompiledDecorators {
            prepend: messages(&config.prepend, "prepend")?,
            append: messages(&config.append, "append")?,
            system: config.system.as_ref().map(|s| (s.content.clone(), s.mode)),
            replacements,
        })
    }

    /// The messages this decorator may add (for token budgets, which are checked before them).
    pub fn added_messages(&self) -> impl Iterator<Item = Value> + '_ {
        let system = self
            .system
            .as_ref()
            .map(|(content, _)| text_message("system", content));
        self.prepend
            .iter()
            .chain(self.append.iter())
            .cloned()
            .chain(system)
    }

    /// Replacements run on the client's messages first (decorator text is the route's own and
    /// is left as written), then the system message, then prepend/append.
    pub fn apply(&self, messages: &mut Vec<Value>) {
        for message in messages.iter_mut() {
            for r in &self.replacements {
                if r.roles.is_empty() || r.roles.iter().any(|want| want == role(message)) {
                    for_each_text_mut(message, &mut |text| {
                        if let std::borrow::Cow::Owned(new) =
                            r.pattern.replace_all(text, r.replacement.as_str())
                        {
                            *text = new;
                        }
                    });
                }
            }
        }
        if let Some((content, mode)) = &self.system {
            let add = match mode {
                SystemMode::IfAbsent => !messages.iter().any(is_system),
                SystemMode::Force => true,
                SystemMode::Replace => {
                    messages.retain(|m| !is_system(m));
                    true
                }
            };
            if add {
                messages.insert(0, text_message("system", content));
            }
        }
        // Prepended messages go after the leading system block, so instructions stay first.
        let at = messages.iter().take_while(|m| is_system(m)).count();
        messages.splice(at..at, self.prepend.iter().cloned());
        messages.extend(self.append.iter().cloned());
    }
}

impl CompiledDecorators {
    /// The same decorators on an Anthropic Messages request (validated before): system text
    /// goes into the top-level `system` (a string stays a string, blocks get a block), user and
    /// assistant messages become turns, merged into a neighbour of the same role so turns keep
    /// alternating. Order as on chat: route system, client system, prepended then appended
    /// system texts; prepended turns first, appended last.
    pub fn apply_messages_api(&self, request: &mut MessagesRequest) {
        for r in &self.replacements {
            let applies = |role: &str| r.roles.is_empty() || r.roles.iter().any(|w| w == role);
            let replace = &mut |text: &mut String| {
                if let std::borrow::Cow::Owned(new) =
                    r.pattern.replace_all(text, r.replacement.as_str())
                {
                    *text = new;
                }
            };
            if applies("system") || applies("developer") {
                if let Some(system) = &mut request.system {
                    for_each_system_text(system, replace);
                }
            }
            for message in &mut request.messages {
                let role_applies = applies(&message.role);
                match &mut message.content {
                    AnthropicContent::Text(text) if role_applies => replace(text),
                    AnthropicContent::Text(_) => {}
                    AnthropicContent::Blocks(blocks) => {
                        for block in blocks {
                            if block.is_tool_result() {
                                // Tool output: what chat calls a `tool` message.
                                if applies("tool") {
                                    if let Some(content) = &mut block.content {
                                        for_each_system_text(content, replace);
                                    }
                                }
                            } else if let (true, Some(text)) = (role_applies, &mut block.text) {
                                replace(text);
                            }
                        }
                    }
                }
            }
        }
        if let Some((content, mode)) = &self.system {
            let absent = system_is_absent(request.system.as_ref());
            match mode {
                SystemMode::IfAbsent if absent => {
                    request.system = Some(Value::String(content.clone()))
                }
                SystemMode::IfAbsent => {}
                SystemMode::Force if absent => {
                    request.system = Some(Value::String(content.clone()))
                }
                SystemMode::Force => prepend_system(&mut request.system, content),
                SystemMode::Replace => request.system = Some(Value::String(content.clone())),
            }
        }
        for m in self
            .prepend
            .iter()
            .chain(&self.append)
            .filter(|m| is_system(m))
        {
            append_system(&mut request.system, text_of(m));
        }
        for m in self.prepend.iter().rev().filter(|m| !is_system(m)) {
            match request.messages.first_mut() {
                Some(first) if first.role == role(m) => first.content.prepend_text(text_of(m)),
                _ => request
                    .messages
                    .insert(0, AnthropicMessage::text(role(m), text_of(m))),
            }
        }
        for m in self.append.iter().filter(|m| !is_system(m)) {
            match request.messages.last_mut() {
                Some(last) if last.role == role(m) => last.content.append_text(text_of(m)),
                _ => request
                    .messages
                    .push(AnthropicMessage::text(role(m), text_of(m))),
            }
        }
    }
}

fn text_of(message: &Value) -> &str {
    message.get("content").and_then(Value::as_str).unwrap_or("")
}

/// No system text: absent, `""` or `[]`.
fn system_is_absent(system: Option<&Value>) -> bool {
    match system {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(_) => false,
    }
}

/// A string, or the `text` of each block of an array.
fn for_each_system_text(value: &mut Value, f: &mut dyn FnMut(&mut String)) {
    match value {
        Value::String(s) => f(s),
        Value::Array(blocks) => {
            for block in blocks {
                if let Some(Value::String(s)) = block.get_mut("text") {
                    f(s)
                }
            }
        }
        _ => {}
    }
}

fn text_block(text: &str) -> Value {
    serde_json::json!({ "type": "text", "text": text })
}

/// Separates route text from the client's in a string `system`.
const SYSTEM_JOIN: &str = "\n\n";

fn prepend_system(system: &mut Option<Value>, text: &str) {
    match system {
        Some(Value::String(s)) if !s.is_empty() => *s = format!("{text}{SYSTEM_JOIN}{s}"),
        Some(Value::Array(blocks)) if !blocks.is_empty() => blocks.insert(0, text_block(text)),
        _ => *system = Some(Value::String(text.to_string())),
    }
}

fn append_system(system: &mut Option<Value>, text: &str) {
    match system {
        Some(Value::String(s)) if !s.is_empty() => {
            s.push_str(SYSTEM_JOIN);
            s.push_str(text);
        }
        Some(Value::Array(blocks)) if !blocks.is_empty() => blocks.push(text_block(text)),
        _ => *system = Some(Value::String(text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decorators(v: Value) -> CompiledDecorators {
        CompiledDecorators::compile(&serde_json::from_value(v).unwrap()).unwrap()
    }

    fn roles_and_texts(messages: &[Value]) -> Vec<(String, String)> {
        messages
            .iter()
            .map(|m| {
                (
                    role(m).to_string(),
                    m["content"].as_str().unwrap_or("<parts>").to_string(),
                )
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn prepend_after_system_block_and_append_at_end() {
        let d = decorators(json!({
            "prepend": [{"role": "user", "content": "Context: v2 docs"}],
            "append": [{"role": "system", "content": "Answer briefly."}]
        }));
        let mut m = vec![
            json!({"role": "system", "content": "S"}),
            json!({"role": "user", "content": "Q"}),
        ];
        d.apply(&mut m);
        assert_eq!(
            roles_and_texts(&m),
            pairs(&[
                ("system", "S"),
                ("user", "Context: v2 docs"),
                ("user", "Q"),
                ("system", "Answer briefly.")
            ])
        );
    }

    #[test]
    fn system_modes() {
        let client = || {
            vec![
                json!({"role": "developer", "content": "mine"}),
                json!({"role": "user", "content": "Q"}),
            ]
        };
        let bare = || vec![json!({"role": "user", "content": "Q"})];
        let d = |mode: &str| decorators(json!({"system": {"content": "route", "mode": mode}}));

        let mut m = client();
        d("ifAbsent").apply(&mut m);
        assert_eq!(
            roles_and_texts(&m),
            pairs(&[("developer", "mine"), ("user", "Q")])
        );
        let mut m = bare();
        d("ifAbsent").apply(&mut m);
        assert_eq!(
            roles_and_texts(&m),
            pairs(&[("system", "route"), ("user", "Q")])
        );
        let mut m = client();
        d("force").apply(&mut m);
        assert_eq!(
            roles_and_texts(&m),
            pairs(&[("system", "route"), ("developer", "mine"), ("user", "Q")])
        );
        let mut m = client();
        d("replace").apply(&mut m);
        assert_eq!(
            roles_and_texts(&m),
            pairs(&[("system", "route"), ("user", "Q")])
        );
    }

    #[test]
    fn replacements_by_role_in_strings_and_parts() {
        let d = decorators(json!({"replacements": [
            {"roles": ["user"], "pattern": "(?i)acme\\s+corp", "replacement": "the company"},
            {"pattern": "\\b(\\d{4})-(\\d{4})\\b", "replacement": "$2-$1"}
        ], "append": [{"role": "user", "content": "ACME corp 1111-2222"}]}));
        let mut m = vec![
            json!({"role": "assistant", "content": "Acme Corp 1234-5678"}),
            json!({"role": "user", "content": [{"type": "text", "text": "ACME  corp"}, {"type": "image_url", "image_url": {"url": "u"}}], "name": "n"}),
        ];
        d.apply(&mut m);
        assert_eq!(m[0]["content"], "Acme Corp 5678-1234");
        assert_eq!(m[1]["content"][0]["text"], "the company");
        assert_eq!(
            m[1]["content"][1],
            json!({"type": "image_url", "image_url": {"url": "u"}})
        );
        assert_eq!(m[1]["name"], "n");
        assert_eq!(
            m[2]["content"], "ACME corp 1111-2222",
            "route messages are not rewritten"
        );
    }

    #[test]
    fn bad_config_names_the_field() {
        let err = CompiledDecorators::compile(
            &serde_json::from_value(json!({"replacements": [{"pattern": "(", "replacement": ""}]}))
                .unwrap(),
        )
        .unwrap_err();
        assert_eq!(err.field, "replacements[0].pattern");
        let err = CompiledDecorators::compile(
            &serde_json::from_value(json!({"append": [{"role": "robot", "content": ""}]})).unwrap(),
        )
        .unwrap_err();
        assert_eq!(err.field, "append[0].role");
    }
}

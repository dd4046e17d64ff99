//! The request side: find the texts of a body, mask them, or say why the request must stop.

use crate::dupkeys::has_duplicate_keys;
use crate::masker::Masker;
use llm_filters_core::api::anthropic::MessagesRequest;
use llm_filters_core::api::openai::{
    ChatCompletionRequest, CompletionRequest, EmbeddingRequest, ResponsesRequest,
};
use llm_filters_core::api::{model_name, parse_body, ApiKind, BodyError, TextKind, VisitTexts};
use llm_filters_core::headers::is_json_content_type;
use llm_filters_core::ErrorReply;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, PartialEq)]
pub enum RequestOutcome {
    /// Nothing to change (deny lists may still have alerted: see the masker).
    Unchanged,
    /// The new body.
    Rewritten(Vec<u8>),
    /// 403: a `block` detector found a value, or a blocking deny list matched.
    Blocked { reply: ErrorReply, reason: String },
}

/// Why a body could not be scanned (the metric label).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    TooLarge,
    NotJson,
    NotText,
    /// The same key twice in one JSON object: refused whatever `onInvalidBody` says.
    DuplicateKey,
    /// The request ended with trailers and the host did not show the buffered body.
    Unavailable,
}

impl Unreadable {
    pub fn label(self) -> &'static str {
        match self {
            Unreadable::TooLarge => "too_large",
            Unreadable::NotJson => "not_json",
            Unreadable::NotText => "not_text",
            Unreadable::DuplicateKey => "duplicate_key",
            Unreadable::Unavailable => "unavailable",
        }
    }

    pub fn reply(self, max_body_bytes: usize) -> ErrorReply {
        match self {
            Unreadable::TooLarge => {
                ErrorReply::too_large(format!("request body is larger than {max_body_bytes} bytes and cannot be checked for personal data"))
            }
            Unreadable::NotJson => ErrorReply::bad_request("request body is not valid JSON and cannot be checked for personal data")
                .with_code("invalid_body"),
            Unreadable::NotText => ErrorReply::bad_request("request body is not UTF-8 text and cannot be checked for personal data")
                .with_code("invalid_body"),
            Unreadable::DuplicateKey => {
                ErrorReply::bad_request("request body has a duplicate key in a JSON object; send each key once").with_code("duplicate_key")
            }
            Unreadable::Unavailable => ErrorReply::bad_request("request body could not be read to check it for personal data")
                .with_code("invalid_body"),
        }
    }
}

/// Masks the texts of a request body (what `jsonPaths` selects, else the API's text fields,
/// else the raw text of a non-JSON body).
pub fn mask_request(
    masker: &mut Masker,
    path: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<RequestOutcome, Unreadable> {
    let json = content_type.is_none_or(is_json_content_type);
    if json && has_duplicate_keys(body) == Some(true) {
        // Which of the two the provider reads is its choice: refuse rather than guess.
        return Err(Unreadable::DuplicateKey);
    }
    if json {
        if let Some(name) = model_of(body).and_then(|model| masker.scan_model(&model)) {
            // A masked model name means nothing to the provider: refuse, whatever the action.
            let reply = ErrorReply::forbidden(format!(
                "request blocked: the model name contains sensitive data ({name})"
            ))
            .with_code("pii_detected")
            .with_param("model");
            return Ok(RequestOutcome::Blocked {
                reply,
                reason: name,
            });
        }
        if model_of(body).is_some_and(|model| !model_name::is_valid_model(&model)) {
            // Forwarded, a name like this forges log lines and headers downstream: the same rule
            // as model-router's, so pii-mask alone refuses what the chain refuses.
            return Ok(RequestOutcome::Blocked {
                reply: model_name::invalid_model_reply(),
                reason: "invalid_model".to_string(),
            });
        }
    }
    // JSON values read as JSON text (tool inputs, schemas: their keys and numbers too) first,
    // in the body's own bytes; what follows reads and splices into that body.
    let api = ApiKind::from_path(path);
    let structured = json
        && masker.policy.json_paths.is_empty()
        && !matches!(api, ApiKind::Models | ApiKind::Unknown);
    let subtrees = structured
        .then(|| crate::parts::mask_json_subtrees(masker, body))
        .flatten();
    let body = subtrees.as_deref().unwrap_or(body);
    let new_body = if !json {
        let mut text = std::str::from_utf8(body)
            .map_err(|_| Unreadable::NotText)?
            .to_string();
        let json_text = looks_like_json(&text);
        masker
            .mask_request_text(&mut text, json_text)
            .then(|| text.into_bytes())
    } else if !masker.policy.json_paths.is_empty() {
        let mut doc: Value = serde_json::from_slice(body).map_err(|_| Unreadable::NotJson)?;
        let mut changed = false;
        let policy = masker.policy.clone();
        for path in &policy.json_paths {
            path.visit_strings_mut(&mut doc, &mut |s| changed |= mask_string(masker, s, false));
        }
        changed
            .then(|| serde_json::to_vec(&doc))
            .transpose()
            .map_err(|_| Unreadable::NotJson)?
    } else {
        // Values split across adjacent text parts, and identity fields, first; then the texts.
        let joined = match api {
            // Every string of these is scanned anyway.
            ApiKind::Models | ApiKind::Unknown => None,
            _ => crate::parts::mask_joined_and_identity(masker, body),
        };
        let body = joined.as_deref().unwrap_or(body);
        let texts = match api {
            ApiKind::ChatCompletions => walk::<ChatCompletionRequest>(masker, body)?,
            ApiKind::Completions => walk::<CompletionRequest>(masker, body)?,
            ApiKind::Embeddings => walk::<EmbeddingRequest>(masker, body)?,
            ApiKind::Responses => walk::<ResponsesRequest>(masker, body)?,
            ApiKind::AnthropicMessages => walk::<MessagesRequest>(masker, body)?,
            ApiKind::Models | ApiKind::Unknown => all_strings(masker, body)?,
        };
        texts.or(joined)
    };
    // Only string values change: the new strings go into the original bytes.
    let new_body = match new_body {
        Some(new) if json => Some(
            serde_json::from_slice::<Value>(&new)
                .ok()
                .and_then(|doc| crate::splice::splice_strings(body, &doc))
                .unwrap_or(new),
        ),
        other => other,
    };
    if let Some(id) = masker.blocked_by {
        let name = masker.policy.detector_name(id).to_string();
        let reply = ErrorReply::forbidden(format!(
            "request blocked: it contains sensitive data ({name})"
        ))
        .with_code("pii_detected");
        return Ok(RequestOutcome::Blocked {
            reply,
            reason: name,
        });
    }
    if let Some(list) = masker.denied_by() {
        let reply = ErrorReply::forbidden(format!(
            "request blocked: it contains denied content (list '{list}')"
        ))
        .with_code("content_denied");
        return Ok(RequestOutcome::Blocked {
            reply,
            reason: list.to_string(),
        });
    }
    let new_body = new_body.or_else(|| subtrees.clone());
    Ok(new_body.map_or(RequestOutcome::Unchanged, RequestOutcome::Rewritten))
}

/// The API's own text fields through core's visitors. A JSON body that does not fit the API's
/// shape is still scanned, every string of it.
fn walk<T: DeserializeOwned + Serialize + VisitTexts>(
    masker: &mut Masker,
    body: &[u8],
) -> Result<Option<Vec<u8>>, Unreadable> {
    let mut model: T = match parse_body(body) {
        Ok(model) => model,
        Err(BodyError::WrongType { .. }) => return all_strings(masker, body),
        Err(_) => return Err(Unreadable::NotJson),
    };
    let mut changed = false;
    model.visit_texts_mut(&mut |kind, s| {
        changed |= mask_string(masker, s, kind == TextKind::ToolArguments)
    });
    changed
        .then(|| serde_json::to_vec(&model))
        .transpose()
        .map_err(|_| Unreadable::NotJson)
}

fn all_strings(masker: &mut Masker, body: &[u8]) -> Result<Option<Vec<u8>>, Unreadable> {
    let mut doc: Value = serde_json::from_slice(body).map_err(|_| Unreadable::NotJson)?;
    let mut changed = false;
    crate::jsonpath::leaves(&mut doc, &mut |s| changed |= mask_string(masker, s, false));
    changed
        .then(|| serde_json::to_vec(&doc))
        .transpose()
        .map_err(|_| Unreadable::NotJson)
}

/// One string value of the body. Text that is itself JSON (tool-call arguments, JSON tool
/// results) is a second level: its escapes are decoded for detection and its replacements
/// JSON-escaped, so it stays valid JSON with no part of a value left.
fn mask_string(masker: &mut Masker, s: &mut String, tool_arguments: bool) -> bool {
    if tool_arguments || looks_like_json(s) {
        // Keys and numbers of it too, and it stays JSON.
        crate::parts::mask_json_text(masker, s)
    } else {
        masker.mask_request_text(s, false)
    }
}

/// The top-level `model` string of a JSON body (the provider reads it too).
fn model_of(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Model {
        model: Option<Value>,
    }
    match serde_json::from_slice::<Model>(body).ok()?.model? {
        Value::String(model) => Some(model),
        _ => None,
    }
}

/// Starts like a JSON object or array.
fn looks_like_json(s: &str) -> bool {
    s.trim_start().starts_with(['{', '['])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::masker::tests::policy;
    use serde_json::json;

    const CONFIG: &str = r#"{"default":{"detectors":{"email":{"action":"placeholder"},"aws_access_key":{"action":"block"}},
        "deny":[{"name":"codenames","phrases":["project falcon"]}]}}"#;

    fn run(
        config: &str,
        path: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> (Result<RequestOutcome, Unreadable>, Vec<String>) {
        let p = policy(config);
        let mut m = Masker::new(p.clone(), 1);
        let mut out = mask_request(&mut m, path, content_type, body);
        // Placeholders read `<EMAIL_1>` here: the per-request token is the vault's business.
        if let Ok(RequestOutcome::Rewritten(body)) = &mut out {
            let token = format!("_{}>", m.vault.token());
            *body = String::from_utf8_lossy(body)
                .replace(&token, ">")
                .into_bytes();
        }
        let counted = m
            .counts
            .keys()
            .map(|(id, a, d)| format!("{}.{}.{}", p.detector_name(*id), a.name(), d.name()))
            .collect();
        (out, counted)
    }

    fn rewritten(out: Result<RequestOutcome, Unreadable>) -> Value {
        match out {
            Ok(RequestOutcome::Rewritten(body)) => serde_json::from_slice(&body).unwrap(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn chat_texts_parts_tool_calls_and_results_only_strings_change() {
        let body = json!({
            "model": "gpt-4o", "temperature": 0.5,
            "messages": [
                {"role": "system", "content": "Reply to ops@corp.example"},
                {"role": "user", "content": [{"type": "text", "text": "I am ann@x.io"}, {"type": "image_url", "image_url": {"url": "https://x/ann@x.io.png"}}]},
                {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "send", "arguments": "{\"to\":\"ann@x.io\"}"}}]},
                {"role": "tool", "tool_call_id": "c1", "content": "sent to bob@y.io"}
            ]
        });
        let (out, counted) = run(
            CONFIG,
            "/v1/chat/completions",
            Some("application/json"),
            body.to_string().as_bytes(),
        );
        let got = rewritten(out);
        assert_eq!(got["messages"][0]["content"], "Reply to <EMAIL_1>");
        assert_eq!(got["messages"][1]["content"][0]["text"], "I am <EMAIL_2>");
        assert_eq!(
            got["messages"][1]["content"][1], body["messages"][1]["content"][1],
            "image parts untouched"
        );
        assert_eq!(
            got["messages"][2]["tool_calls"][0]["function"]["arguments"],
            "{\"to\":\"<EMAIL_2>\"}"
        );
        assert_eq!(got["messages"][3]["content"], "sent to <EMAIL_3>");
        assert_eq!(got["temperature"], 0.5);
        assert_eq!(counted, ["email.placeholder.request"]);
    }

    const SPLIT_CONFIG: &str = r#"{"default":{"detectors":{"email":{"action":"placeholder"},
        "credit_card":{"action":"redact"},"openai_key":{"action":"block"}}}}"#;

    #[test]
    fn a_value_split_across_adjacent_text_parts_is_replaced_as_one() {
        let body = json!({"model": "m", "messages": [{"role": "user", "content": [
            {"type": "text", "text": "pay with 4111 1111"},
            {"type": "text", "text": " 1111 1111 and mail ann@exa"},
            {"type": "text", "text": "mple.com now"},
            {"type": "image_url", "image_url": {"url": "https://x/y.png"}},
            {"type": "text", "text": "bye"}
        ]}]});
        let (out, counted) = run(
            SPLIT_CONFIG,
            "/v1/chat/completions",
            None,
            body.to_string().as_bytes(),
        );
        let got = rewritten(out);
        let parts = &got["messages"][0]["content"];
        assert_eq!(parts[0]["text"], "pay with [CREDIT_CARD]");
        assert_eq!(parts[1]["text"], " and mail <EMAIL_1>");
        assert_eq!(parts[2]["text"], " now");
        assert_eq!(parts[3], body["messages"][0]["content"][3]);
        assert_eq!(parts[4]["text"], "bye");
        assert_eq!(
            counted,
            ["credit_card.redact.request", "email.placeholder.request"]
        );
        // Anthropic blocks and Responses input parts too; a split key blocks.
        let body = json!({"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [
            {"type": "text", "text": "key sk-proj-Ab3dEf9hIj"},
            {"type": "text", "text": "K2mNoPqRsT4uVwXyZ0 thanks"}
        ]}]});
        let (out, _) = run(
            SPLIT_CONFIG,
            "/v1/messages",
            None,
            body.to_string().as_bytes(),
        );
        assert!(
            matches!(out, Ok(RequestOutcome::Blocked { ref reason, .. }) if reason == "openai_key"),
            "{out:?}"
        );
        let body = json!({"model": "m", "input": [{"role": "user", "content": [
            {"type": "input_text", "text": "bob@exam"}, {"type": "input_text", "text": "ple.org"}
        ]}]});
        let got = rewritten(
            run(
                SPLIT_CONFIG,
                "/v1/responses",
                None,
                body.to_string().as_bytes(),
            )
            .0,
        );
        assert_eq!(got["input"][0]["content"][0]["text"], "<EMAIL_1>");
        assert_eq!(got["input"][0]["content"][1]["text"], "");
    }

    #[test]
    fn a_value_split_across_consecutive_messages_of_one_role_is_replaced_as_one() {
        let body = json!({"model": "m", "messages": [
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": "mail ann@exa"},
            {"role": "user", "content": [{"type": "text", "text": "mple.com and pay 4111 1111"}]},
            {"role": "user", "content": " 1111 1111 now"}
        ]});
        let (out, counted) = run(
            SPLIT_CONFIG,
            "/v1/chat/completions",
            None,
            body.to_string().as_bytes(),
        );
        let got = rewritten(out);
        assert_eq!(
            got["messages"],
            json!([
                {"role": "system", "content": "be brief"},
                {"role": "user", "content": "mail <EMAIL_1>"},
                {"role": "user", "content": [{"type": "text", "text": " and pay [CREDIT_CARD]"}]},
                {"role": "user", "content": " now"}
            ])
        );
        assert_eq!(
            counted,
            ["credit_card.redact.request", "email.placeholder.request"]
        );
        // Anthropic: a key split across two user turns blocks; keys spelled with escapes
        // (`"\u0072ole"`) change nothing.
        let body = br#"{"model":"m","max_tokens":5,"messages":[
            {"\u0072ole":"user","content":[{"type":"text","text":"key sk-proj-Ab3dEf9hIj"}]},
            {"role":"user","content":[{"type":"t\u0065xt","text":"K2mNoPqRsT4uVwXyZ0 thanks"}]}]}"#;
        let (out, _) = run(SPLIT_CONFIG, "/v1/messages", None, body);
        assert!(
            matches!(out, Ok(RequestOutcome::Blocked { ref reason, .. }) if reason == "openai_key"),
            "{out:?}"
        );
    }

    #[test]
    fn texts_of_different_roles_or_around_an_image_are_not_one_value() {
        for body in [
            json!({"model": "m", "messages": [
                {"role": "user", "content": "card 4111 1111"},
                {"role": "assistant", "content": "1111 1111 noted"}]}),
            json!({"model": "m", "messages": [
                {"role": "user", "content": [{"type": "text", "text": "card 4111 1111"},
                    {"type": "image_url", "image_url": {"url": "https://x/y.png"}}]},
                {"role": "user", "content": "1111 1111 noted"}]}),
        ] {
            let (out, counted) = run(
                SPLIT_CONFIG,
                "/v1/chat/completions",
                None,
                body.to_string().as_bytes(),
            );
            assert_eq!(out, Ok(RequestOutcome::Unchanged), "{body}");
            assert!(counted.is_empty());
        }
    }

    #[test]
    fn deny_phrases_split_across_consecutive_messages_block_whatever_the_roles() {
        let config = r#"{"default":{"deny":[{"name":"codenames","phrases":["project falcon"]}]}}"#;
        for (a, b) in [
            (
                json!({"role": "user", "content": "tell me about proj"}),
                json!({"role": "user", "content": "ect falcon"}),
            ),
            (
                json!({"role": "assistant", "content": "Which project"}),
                json!({"role": "user", "content": [{"type": "text", "text": "falcon, of course"}]}),
            ),
            (
                json!({"role": "system", "content": [{"type": "text", "text": "about project"}]}),
                json!({"role": "user", "content": "Falcon?"}),
            ),
        ] {
            let body = json!({"model": "m", "messages": [a, b]});
            let (out, _) = run(
                config,
                "/v1/chat/completions",
                None,
                body.to_string().as_bytes(),
            );
            assert!(
                matches!(out, Ok(RequestOutcome::Blocked { ref reason, .. }) if reason == "codenames"),
                "{body}: {out:?}"
            );
        }
        // Responses input items too.
        let body = json!({"model": "m", "input": [
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "the project"}]},
            {"type": "message", "role": "user", "content": "falcon"}]});
        let (out, _) = run(config, "/v1/responses", None, body.to_string().as_bytes());
        assert!(matches!(out, Ok(RequestOutcome::Blocked { .. })), "{out:?}");
        // Words that only touch across messages are no phrase.
        let body = json!({"model": "m", "messages": [
            {"role": "user", "content": "project fal"}, {"role": "user", "content": "conry"}]});
        let (out, _) = run(
            config,
            "/v1/chat/completions",
            None,
            body.to_string().as_bytes(),
        );
        assert_eq!(out, Ok(RequestOutcome::Unchanged));
    }

    #[test]
    fn anthropic_tool_use_input_and_tool_results_from_the_client_are_masked() {
        let body = json!({"model": "m", "max_tokens": 5, "messages": [
            {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "send",
                "input": {"to": "ann@x.io", "cc": ["bob@y.io"], "n": 3, "deep": {"note": "from ann@x.io"}}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1",
                "content": [{"type": "text", "text": "sent to ann@x.io"}, {"type": "text", "text": " and cy@z.io"}]}]}
        ]});
        let got = rewritten(
            run(
                SPLIT_CONFIG,
                "/v1/messages",
                None,
                body.to_string().as_bytes(),
            )
            .0,
        );
        assert_eq!(
            got["messages"],
            json!([
                {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "send",
                    "input": {"to": "<EMAIL_1>", "cc": ["<EMAIL_2>"], "n": 3, "deep": {"note": "from <EMAIL_1>"}}}]},
                {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1",
                    "content": [{"type": "text", "text": "sent to <EMAIL_1>"}, {"type": "text", "text": " and <EMAIL_3>"}]}]}
            ])
        );
    }

    #[test]
    fn emails_in_name_and_user_fields_are_masked() {
        let body = json!({"model": "m", "user": "ann@example.com",
            "messages": [{"role": "user", "name": "bob@example.org", "content": "hi"}]});
        let got = rewritten(
            run(
                SPLIT_CONFIG,
                "/v1/chat/completions",
                None,
                body.to_string().as_bytes(),
            )
            .0,
        );
        assert_eq!(got["user"], "<EMAIL_1>");
        assert_eq!(got["messages"][0]["name"], "<EMAIL_2>");
        assert_eq!(got["messages"][0]["content"], "hi");
        let body = json!({"model": "m", "max_tokens": 5, "metadata": {"user_id": "cy@example.net"},
            "messages": [{"role": "user", "content": "hi"}]});
        let got = rewritten(
            run(
                SPLIT_CONFIG,
                "/v1/messages",
                None,
                body.to_string().as_bytes(),
            )
            .0,
        );
        assert_eq!(got["metadata"]["user_id"], "<EMAIL_1>");
    }

    #[test]
    fn look_alikes_are_masked_and_everything_else_is_kept() {
        // Zero-width inside an email, full-width and NBSP-separated cards: the value goes,
        // the characters around it stay.
        let body = json!({"model": "m", "messages": [{"role": "user",
            "content": "\u{200b}mail ann\u{200b}@example.com\u{feff}, card ４１１１\u{a0}1111\u{a0}1111\u{a0}1111\u{a0}!"}]});
        let got = rewritten(
            run(
                SPLIT_CONFIG,
                "/v1/chat/completions",
                None,
                body.to_string().as_bytes(),
            )
            .0,
        );
        assert_eq!(
            got["messages"][0]["content"],
            "\u{200b}mail <EMAIL_1>\u{feff}, card [CREDIT_CARD]\u{a0}!"
        );
    }

    #[test]
    fn other_apis() {
        let anthropic = json!({"model": "claude", "max_tokens": 10, "system": "admin is ann@x.io",
            "messages": [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "bob@y.io"}]}]});
        let got = rewritten(
            run(
                CONFIG,
                "/v1/messages",
                None,
                anthropic.to_string().as_bytes(),
            )
            .0,
        );
        assert_eq!(got["system"], "admin is <EMAIL_1>");
        assert_eq!(got["messages"][0]["content"][0]["content"], "<EMAIL_2>");
        let embeddings = json!({"model": "e", "input": ["a@b.io", "none"]});
        assert_eq!(
            rewritten(
                run(
                    CONFIG,
                    "/v1/embeddings",
                    None,
                    embeddings.to_string().as_bytes()
                )
                .0
            )["input"],
            json!(["<EMAIL_1>", "none"])
        );
        let completions = json!({"model": "c", "prompt": "to a@b.io"});
        assert_eq!(
            rewritten(
                run(
                    CONFIG,
                    "/v1/completions",
                    None,
                    completions.to_string().as_bytes()
                )
                .0
            )["prompt"],
            "to <EMAIL_1>"
        );
        let responses = json!({"model": "r", "input": "to a@b.io"});
        assert_eq!(
            rewritten(
                run(
                    CONFIG,
                    "/v1/responses",
                    None,
                    responses.to_string().as_bytes()
                )
                .0
            )["input"],
            "to <EMAIL_1>"
        );
        let unknown = json!({"deep": {"a@b.io": ["x a@b.io"]}});
        assert_eq!(
            rewritten(run(CONFIG, "/custom", None, unknown.to_string().as_bytes()).0),
            json!({"deep": {"a@b.io": ["x <EMAIL_1>"]}}),
            "keys stay"
        );
    }

    #[test]
    fn json_paths_and_raw_text() {
        let config = r#"{"default":{"detectors":{"email":{"action":"redact"}},"jsonPaths":["$.messages[*].content"]}}"#;
        let body = json!({"messages": [{"role": "user", "content": "a@b.io"}], "user": "c@d.io"});
        let got = rewritten(
            run(
                config,
                "/v1/chat/completions",
                None,
                body.to_string().as_bytes(),
            )
            .0,
        );
        assert_eq!(
            got,
            json!({"messages": [{"role": "user", "content": "[EMAIL]"}], "user": "c@d.io"})
        );
        let (out, _) = run(
            config,
            "/upload",
            Some("text/plain; charset=utf-8"),
            "Grüße an a@b.io".as_bytes(),
        );
        assert_eq!(
            out,
            Ok(RequestOutcome::Rewritten(
                "Grüße an [EMAIL]".as_bytes().to_vec()
            ))
        );
        assert_eq!(
            run(config, "/upload", Some("text/plain"), b"\xff\xfe").0,
            Err(Unreadable::NotText)
        );
        assert_eq!(
            run(
                config,
                "/v1/chat/completions",
                Some("application/json"),
                b"{not json"
            )
            .0,
            Err(Unreadable::NotJson)
        );
        assert_eq!(
            run(
                config,
                "/v1/chat/completions",
                None,
                br#"{"messages":[{"role":"user","content":"hi"}]}"#
            )
            .0,
            Ok(RequestOutcome::Unchanged)
        );
    }

    #[test]
    fn blocks_name_the_detector_or_list_never_the_value() {
        let body = json!({"model": "m", "messages": [{"role": "user", "content": "key AKIAZ6QK2WJ3PLM4RT5V"}]});
        let Ok(RequestOutcome::Blocked { reply, reason }) = run(
            CONFIG,
            "/v1/chat/completions",
            None,
            body.to_string().as_bytes(),
        )
        .0
        else {
            panic!()
        };
        assert_eq!((reply.status, reason.as_str()), (403, "aws_access_key"));
        assert!(
            reply.body().contains("aws_access_key") && !reply.body().contains("AKIA"),
            "{}",
            reply.body()
        );
        let body = json!({"model": "m", "messages": [{"role": "user", "content": "status of Project Falcon?"}]});
        let Ok(RequestOutcome::Blocked { reply, reason }) = run(
            CONFIG,
            "/v1/chat/completions",
            None,
            body.to_string().as_bytes(),
        )
        .0
        else {
            panic!()
        };
        assert_eq!(reason, "codenames");
        assert!(!reply.body().to_lowercase().contains("falcon"));
    }
}

#[cfg(test)]
mod issue8_tests {
    use super::*;
    use crate::masker::tests::policy;
    use serde_json::json;

    const CONFIG: &str = r#"{"default":{"detectors":{"email":{"action":"placeholder"},"aws_access_key":{"action":"block"},
        "openai_key":{"action":"redact"}}}}"#;

    fn run(path: &str, body: &[u8]) -> (Result<RequestOutcome, Unreadable>, Masker) {
        let mut m = Masker::new(policy(CONFIG), 9);
        let out = mask_request(&mut m, path, Some("application/json"), body);
        (out, m)
    }

    #[test]
    fn duplicate_keys_are_refused_at_any_depth() {
        // Issue 8 item 6: the last `input` was scanned, the original bytes (first `input`) sent.
        let body = br#"{"model":"text-embedding-3-small","input":"key AKIAZ6QK2WJ3PLM4RT5V","input":"hello"}"#;
        assert_eq!(run("/v1/embeddings", body).0, Err(Unreadable::DuplicateKey));
        let body =
            br#"{"model":"m","messages":[{"role":"user","content":"ann@x.io","content":"hi"}]}"#;
        assert_eq!(
            run("/v1/chat/completions", body).0,
            Err(Unreadable::DuplicateKey)
        );
        let body = br#"{"model":"m","system":"a","\u0073ystem":"b","messages":[]}"#;
        assert_eq!(run("/v1/messages", body).0, Err(Unreadable::DuplicateKey));
        let reply = Unreadable::DuplicateKey.reply(10);
        assert_eq!(
            (reply.status, reply.body().contains("duplicate_key")),
            (400, true)
        );
    }

    #[test]
    fn escaped_tool_arguments_are_decoded_masked_and_stay_json() {
        // Issue 8 item 7: `sk\u002dproj\u002d...` and `j\u00fcrgen.m\u00fcller@...` in arguments.
        let args = r#"{"key":"sk\u002dproj\u002dAb3dEf9hIjK2mNoPqRsT4uVwXyZ0","to":"j\u00fcrgen.m\u00fcller@beispiel.de"}"#;
        let body = json!({"model": "m", "messages": [
            {"role": "assistant", "content": null, "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f", "arguments": args}}]},
            {"role": "tool", "tool_call_id": "c", "content": r#"{"owner":"ann\u0040x.io"}"#}
        ]});
        let (out, m) = run("/v1/chat/completions", body.to_string().as_bytes());
        let Ok(RequestOutcome::Rewritten(sent)) = out else {
            panic!("{out:?}")
        };
        let sent: Value = serde_json::from_slice(&sent).expect("valid JSON");
        let t = m.vault.token();
        let args: Value = serde_json::from_str(
            sent["messages"][0]["tool_calls"][0]["function"]["arguments"]
                .as_str()
                .unwrap(),
        )
        .expect("arguments stay JSON");
        assert_eq!(
            args,
            json!({"key": "[OPENAI_KEY]", "to": format!("<EMAIL_1_{t}>")})
        );
        let result: Value =
            serde_json::from_str(sent["messages"][1]["content"].as_str().unwrap()).unwrap();
        assert_eq!(result, json!({"owner": format!("<EMAIL_2_{t}>")}));
        let all = sent.to_string();
        for leak in ["proj", "rgen", "ller", "beispiel", "ann"] {
            assert!(!all.contains(leak), "{leak} left in {all}");
        }
    }

    #[test]
    fn a_json_body_sent_as_text_is_scanned_with_its_escapes_decoded() {
        let mut m = Masker::new(policy(CONFIG), 9);
        let body = br#"{"input":"sk\u002dproj\u002dAb3dEf9hIjK2mNoPqRsT4uVwXyZ0"}"#;
        let out = mask_request(&mut m, "/v1/embeddings", Some("text/plain"), body);
        assert_eq!(
            out,
            Ok(RequestOutcome::Rewritten(
                br#"{"input":"[OPENAI_KEY]"}"#.to_vec()
            ))
        );
    }

    #[test]
    fn an_unsafe_model_name_is_refused_with_a_400() {
        let body =
            br#"{"model":"gpt-4o\nstatus=200 forged","messages":[{"role":"user","content":"hi"}]}"#;
        let Ok(RequestOutcome::Blocked { reply, reason }) = run("/v1/chat/completions", body).0
        else {
            panic!("an unsafe model name must be refused")
        };
        assert_eq!((reply.status, reason.as_str()), (400, "invalid_model"));
        assert_eq!(reply.code.as_deref(), Some("invalid_model"));
        assert!(!reply.body().contains("forged"));
    }

    #[test]
    fn a_secret_in_the_model_name_is_refused() {
        let body = br#"{"model":"gpt-4o-mini sk-proj-Ab3dEf9hIjK2mNoPqRsT4uVwXyZ0","messages":[{"role":"user","content":"hi"}]}"#;
        let Ok(RequestOutcome::Blocked { reply, reason }) = run("/v1/chat/completions", body).0
        else {
            panic!()
        };
        assert_eq!((reply.status, reason.as_str()), (403, "openai_key"));
        assert!(!reply.body().contains("sk-proj"));
        let fine = br#"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"#;
        assert_eq!(
            run("/v1/chat/completions", fine).0,
            Ok(RequestOutcome::Unchanged)
        );
    }

    #[test]
    fn multi_byte_space_before_an_email_in_a_prompt() {
        for space in ["\u{a0}", "\u{3000}", "\u{2003}"] {
            let body = json!({"model": "m", "messages": [{"role": "user", "content": format!("Contact:{space}ann@example.com")}]});
            let (out, m) = run("/v1/chat/completions", body.to_string().as_bytes());
            let Ok(RequestOutcome::Rewritten(sent)) = out else {
                panic!("{out:?}")
            };
            let sent: Value = serde_json::from_slice(&sent).unwrap();
            assert_eq!(
                sent["messages"][0]["content"],
                format!("Contact:{space}<EMAIL_1_{}>", m.vault.token())
            );
        }
    }
}

/// Issue 12: request fields the provider receives besides the conversation. Each body is
/// written by hand in the shape of the API reference, with spacing and number spellings a
/// re-serialization would change; what is forwarded must be exactly that body with the values
/// replaced.
#[cfg(test)]
mod issue12_fields {
    use super::*;
    use crate::masker::tests::policy;

    const CONFIG: &str = r#"{"default":{"detectors":{"email":{"action":"placeholder"},
        "credit_card":{"action":"redact"},"ssn":{"action":"redact"},"phone":{"action":"redact"}}}}"#;

    /// The forwarded body (placeholders without their per-request token). Tool inputs and
    /// schemas are read first (as JSON text), so their placeholders have the first numbers.
    fn forward(path: &str, body: &str) -> String {
        let mut m = Masker::new(policy(CONFIG), 7);
        match mask_request(&mut m, path, Some("application/json"), body.as_bytes()) {
            Ok(RequestOutcome::Rewritten(new)) => String::from_utf8(new)
                .unwrap()
                .replace(&format!("_{}>", m.vault.token()), ">"),
            Ok(RequestOutcome::Unchanged) => body.to_string(),
            other => panic!("{other:?}"),
        }
    }

    /// `body` with each `(from, to)` replaced once, in order: the only bytes that may change.
    fn expect(body: &str, edits: &[(&str, &str)]) -> String {
        let mut out = body.to_string();
        for (from, to) in edits {
            assert!(out.contains(from), "{from} not in the test body");
            out = out.replacen(from, to, 1);
        }
        out
    }

    fn check(path: &str, body: &str, edits: &[(&str, &str)]) {
        assert!(
            serde_json::from_str::<Value>(body).is_ok(),
            "test body is JSON"
        );
        let got = forward(path, body);
        assert_eq!(got, expect(body, edits), "forwarded body");
        assert!(
            serde_json::from_str::<Value>(&got).is_ok(),
            "forwarded body is JSON"
        );
    }

    #[test]
    fn chat_tool_definitions() {
        let body = r#"{"model": "gpt-4o", "temperature": 0.70,
  "messages": [{"role": "user", "content": "What's the weather?"}],
  "tools": [{"type": "function", "function": {"name": "notify",
    "description": "Mails the result to ops@corp.example",
    "parameters": {"type": "object", "properties": {
      "to": {"type": "string", "description": "Recipient, e.g. ann@example.com", "default": "bob@example.org",
             "enum": ["cy@example.net", "ops"]},
      "n": {"type": "integer", "minimum": 1e0}},
      "required": ["to"], "additionalProperties": false}, "strict": true}}],
  "tool_choice": "auto"}"#;
        check(
            "/v1/chat/completions",
            body,
            &[
                ("ops@corp.example", "<EMAIL_4>"),
                ("ann@example.com", "<EMAIL_1>"),
                ("bob@example.org", "<EMAIL_2>"),
                ("cy@example.net", "<EMAIL_3>"),
            ],
        );
    }

    #[test]
    fn chat_response_format_schema() {
        let body = r#"{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],
 "response_format":{"type":"json_schema","json_schema":{"name":"contact","description":"Contact card; default owner ann@example.com",
  "schema":{"type":"object","properties":{"email":{"type":"string","examples":["bob@example.org"]}},"required":["email"]},"strict":true}}}"#;
        check(
            "/v1/chat/completions",
            body,
            &[
                ("ann@example.com", "<EMAIL_2>"),
                ("bob@example.org", "<EMAIL_1>"),
            ],
        );
    }

    #[test]
    fn chat_prediction_stop_and_metadata() {
        let body = r#"{"model":"gpt-4o","messages":[{"role":"user","content":"Rewrite it"}],
 "prediction":{"type":"content","content":"Dear ann@example.com,\n"},
 "stop":["bob@example.org", "\n\n"], "store": true,
 "metadata":{"customer":"cy@example.net","tier":"gold"}, "n": 1}"#;
        check(
            "/v1/chat/completions",
            body,
            &[
                ("ann@example.com", "<EMAIL_1>"),
                ("bob@example.org", "<EMAIL_2>"),
                ("cy@example.net", "<EMAIL_3>"),
            ],
        );
        // `stop` as one string, `prediction.content` as text parts.
        let body = r#"{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],
 "prediction":{"type":"content","content":[{"type":"text","text":"card 4111 1111 1111 1111"}]},
 "stop":"ann@example.com"}"#;
        check(
            "/v1/chat/completions",
            body,
            &[
                ("4111 1111 1111 1111", "[CREDIT_CARD]"),
                ("ann@example.com", "<EMAIL_1>"),
            ],
        );
    }

    #[test]
    fn anthropic_tool_definitions() {
        let body = r#"{"model":"claude-sonnet-4-5","max_tokens":1024,
 "tools":[{"name":"get_customer","description":"Looks up a customer; escalations go to ops@corp.example",
   "input_schema":{"type":"object","properties":{"email":{"type":"string","description":"e.g. ann@example.com"}},"required":["email"]}},
  {"type":"web_search_20250305","name":"web_search","max_uses":5}],
 "messages":[{"role":"user","content":"Find him"}]}"#;
        check(
            "/v1/messages",
            body,
            &[
                ("ops@corp.example", "<EMAIL_2>"),
                ("ann@example.com", "<EMAIL_1>"),
            ],
        );
    }

    #[test]
    fn anthropic_search_results_and_documents() {
        let body = r#"{"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":[
  {"type":"search_result","source":"mailbox of ann@example.com","title":"Contact bob@example.org",
   "content":[{"type":"text","text":"Write to cy@example.net"}],"citations":{"enabled":true}},
  {"type":"document","source":{"type":"text","media_type":"text/plain","data":"Owner: dee@example.com"},
   "title":"Notes of eve@example.com","context":"Shared by fay@example.com","citations":{"enabled":true}},
  {"type":"document","source":{"type":"content","content":[{"type":"text","text":"gil@example.com"}]}},
  {"type":"text","text":"Summarise"}]}]}"#;
        check(
            "/v1/messages",
            body,
            &[
                ("ann@example.com", "<EMAIL_1>"),
                ("bob@example.org", "<EMAIL_2>"),
                ("cy@example.net", "<EMAIL_3>"),
                ("dee@example.com", "<EMAIL_4>"),
                ("eve@example.com", "<EMAIL_5>"),
                ("fay@example.com", "<EMAIL_6>"),
                ("gil@example.com", "<EMAIL_7>"),
            ],
        );
    }

    #[test]
    fn anthropic_metadata_user_id() {
        let body = r#"{"model":"claude","max_tokens":5,"metadata":{"user_id":"ann@example.com"},"messages":[{"role":"user","content":"hi"}]}"#;
        check("/v1/messages", body, &[("ann@example.com", "<EMAIL_1>")]);
    }

    #[test]
    fn responses_instructions_reasoning_tools_and_text_format() {
        let body = r#"{"model":"o4-mini","instructions":"Answer ann@example.com politely",
 "input":[{"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"The user bob@example.org wants a refund"}],"encrypted_content":"gAAAA"},
  {"role":"user","content":"go on"}],
 "tools":[{"type":"function","name":"refund","description":"Refunds; copies cy@example.net",
   "parameters":{"type":"object","properties":{"to":{"type":"string","default":"dee@example.com"}}},"strict":false},
  {"type":"web_search_preview"}],
 "text":{"format":{"type":"json_schema","name":"r","description":"for eve@example.com",
   "schema":{"type":"object","properties":{"x":{"type":"string","enum":["fay@example.com"]}}},"strict":true},"verbosity":"low"}}"#;
        check(
            "/v1/responses",
            body,
            &[
                ("ann@example.com", "<EMAIL_3>"),
                ("bob@example.org", "<EMAIL_4>"),
                ("cy@example.net", "<EMAIL_5>"),
                ("dee@example.com", "<EMAIL_1>"),
                ("eve@example.com", "<EMAIL_6>"),
                ("fay@example.com", "<EMAIL_2>"),
            ],
        );
    }

    #[test]
    fn numbers_and_keys_in_anthropic_tool_input() {
        let body = r#"{"model":"claude","max_tokens":5,"messages":[
  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"pay",
    "input":{"card": 4111111111111111, "amount": 12.50, "ann@example.com": "owner", "ssn": 536221234}}]},
  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"}]}]}"#;
        check(
            "/v1/messages",
            body,
            &[
                ("4111111111111111", "\"[CREDIT_CARD]\""),
                ("\"ann@example.com\"", "\"<EMAIL_1>\""),
                ("536221234", "\"[SSN]\""),
            ],
        );
    }

    #[test]
    fn numbers_and_keys_in_openai_tool_arguments() {
        let args = r#"{\"card\": 4111111111111111, \"amount\": 12.50, \"ann@example.com\": \"owner\", \"ssn\": 536221234}"#;
        let body = format!(
            r#"{{"model":"gpt-4o","messages":[{{"role":"assistant","content":null,"tool_calls":[{{"id":"call_1","type":"function","function":{{"name":"pay","arguments":"{args}"}}}}]}},
  {{"role":"tool","tool_call_id":"call_1","content":"ok"}}]}}"#
        );
        check(
            "/v1/chat/completions",
            &body,
            &[
                ("4111111111111111", r#"\"[CREDIT_CARD]\""#),
                ("ann@example.com", "<EMAIL_1>"),
                ("536221234", r#"\"[SSN]\""#),
            ],
        );
    }

    #[test]
    fn json_values_keep_their_type_unless_they_are_values() {
        // Not a card (Luhn fails), a float, an exponent, a negative, literals: as written.
        let body = r#"{"model":"claude","max_tokens":5,"messages":[{"role":"assistant","content":[
  {"type":"tool_use","id":"t","name":"f","input":{"id": 4111111111111112, "x": [1.50, -2, 3e2, true, null], "to": "ann@example.com"}}]}]}"#;
        check("/v1/messages", body, &[("ann@example.com", "<EMAIL_1>")]);
        // Nothing to mask: nothing changes, not even the quoting it is read with.
        let body = r#"{"model":"claude","max_tokens":5,"messages":[{"role":"assistant","content":[
  {"type":"tool_use","id":"t","name":"f","input":{"n": 4111111111111112}}]}]}"#;
        let mut m = Masker::new(policy(CONFIG), 7);
        assert_eq!(
            mask_request(&mut m, "/v1/messages", None, body.as_bytes()),
            Ok(RequestOutcome::Unchanged)
        );
    }

    #[test]
    fn keys_that_become_the_same_replacement_stay_distinct() {
        let config = r#"{"default":{"detectors":{"email":{"action":"redact"}}}}"#;
        let body = r#"{"model":"claude","max_tokens":5,"messages":[{"role":"assistant","content":[
  {"type":"tool_use","id":"t","name":"f","input":{"ann@example.com": 1, "bob@example.org": 2, "[EMAIL] #2": 3, "cy\u0040example.net": {"k": "v"}}}]}]}"#;
        let mut m = Masker::new(policy(config), 7);
        let Ok(RequestOutcome::Rewritten(got)) =
            mask_request(&mut m, "/v1/messages", None, body.as_bytes())
        else {
            panic!()
        };
        let got = String::from_utf8(got).unwrap();
        assert_eq!(
            got,
            expect(
                body,
                &[
                    ("\"ann@example.com\"", "\"[EMAIL]\""),
                    ("\"bob@example.org\"", "\"[EMAIL] #3\""),
                    ("\"cy\\u0040example.net\"", "\"[EMAIL] #4\""),
                ]
            )
        );
        let m_count: u64 = m.counts.values().sum();
        assert_eq!(m_count, 3, "each address counted once");
    }

    #[test]
    fn many_keys_of_one_replacement_are_numbered_in_order() {
        let config = r#"{"default":{"detectors":{"email":{"action":"redact"}}}}"#;
        let keys: Vec<String> = (0..3000).map(|i| format!("\"u{i}@x.io\": {i}")).collect();
        let body = format!(
            r#"{{"model":"claude","max_tokens":5,"messages":[{{"role":"assistant","content":[{{"type":"tool_use","id":"t","name":"f","input":{{{}}}}}]}}]}}"#,
            keys.join(", ")
        );
        let mut m = Masker::new(policy(config), 7);
        let Ok(RequestOutcome::Rewritten(got)) =
            mask_request(&mut m, "/v1/messages", None, body.as_bytes())
        else {
            panic!()
        };
        let doc: serde_json::Value = serde_json::from_slice(&got).unwrap();
        let input = doc["messages"][0]["content"][0]["input"]
            .as_object()
            .unwrap();
        assert_eq!(input.len(), 3000);
        assert_eq!(input["[EMAIL]"], 0);
        assert_eq!(input["[EMAIL] #2"], 1);
        assert_eq!(input["[EMAIL] #3000"], 2999);
    }

    #[test]
    fn a_mask_in_a_tool_input_is_counted_once_and_arguments_that_are_not_json_still_masked() {
        let config = r#"{"default":{"detectors":{"email":{"action":"mask"},"credit_card":{"action":"mask"}}}}"#;
        let body = r#"{"model":"claude","max_tokens":5,"messages":[{"role":"assistant","content":[
  {"type":"tool_use","id":"t","name":"f","input":{"to": "ann@example.com", "card": 4111111111111111}}]}]}"#;
        let mut m = Masker::new(policy(config), 7);
        let Ok(RequestOutcome::Rewritten(got)) =
            mask_request(&mut m, "/v1/messages", None, body.as_bytes())
        else {
            panic!()
        };
        assert_eq!(
            String::from_utf8(got).unwrap(),
            expect(
                body,
                &[
                    ("ann@example.com", "a***@example.com"),
                    ("4111111111111111", "\"************1111\"")
                ]
            )
        );
        assert_eq!(m.counts.values().sum::<u64>(), 2, "{:?}", m.counts);
        // Arguments cut short (not JSON): read as text, as before.
        let body = r#"{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"to\": \"ann@example.com\", \"n\": 4111111111111111"}}]}]}"#;
        check(
            "/v1/chat/completions",
            body,
            &[
                ("ann@example.com", "<EMAIL_1>"),
                ("4111111111111111", "[CREDIT_CARD]"),
            ],
        );
    }

    #[test]
    fn numbers_in_a_json_tool_result_and_a_responses_function_call() {
        let body = r#"{"model":"gpt-4o","input":[
  {"type":"function_call","call_id":"c1","name":"lookup","arguments":"{\"card\":4111111111111111}"},
  {"type":"function_call_output","call_id":"c1","output":"{\"ssn\": 536221234, \"ok\": true}"}]}"#;
        check(
            "/v1/responses",
            body,
            &[
                ("4111111111111111", r#"\"[CREDIT_CARD]\""#),
                ("536221234", r#"\"[SSN]\""#),
            ],
        );
    }
}

//! The request side: find the texts of a body, mask them, or say why the request must stop.

use crate::masker::Masker;
use llm_filters_core::api::anthropic::MessagesRequest;
use llm_filters_core::api::openai::{
    ChatCompletionRequest, CompletionRequest, EmbeddingRequest, ResponsesRequest,
};
use llm_filters_core::api::{parse_body, ApiKind, BodyError, VisitTexts};
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
}

impl Unreadable {
    pub fn label(self) -> &'static str {
        match self {
            Unreadable::TooLarge => "too_large",
            Unreadable::NotJson => "not_json",
            Unreadable::NotText => "not_text",
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
    let new_body = if !json {
        let mut text = std::str::from_utf8(body)
            .map_err(|_| Unreadable::NotText)?
            .to_string();
        masker
            .mask_request_text(&mut text)
            .then(|| text.into_bytes())
    } else if !masker.policy.json_paths.is_empty() {
        let mut doc: Value = serde_json::from_slice(body).map_err(|_| Unreadable::NotJson)?;
        let mut changed = false;
        let policy = masker.policy.clone();
        for path in &policy.json_paths {
            path.visit_strings_mut(&mut doc, &mut |s| changed |= masker.mask_request_text(s));
        }
        changed.then(|| serde_json::to_vec(&doc).expect("a Value serializes"))
    } else {
        match ApiKind::from_path(path) {
            ApiKind::ChatCompletions => walk::<ChatCompletionRequest>(masker, body)?,
            ApiKind::Completions => walk::<CompletionRequest>(masker, body)?,
            ApiKind::Embeddings => walk::<EmbeddingRequest>(masker, body)?,
            ApiKind::Responses => walk::<ResponsesRequest>(masker, body)?,
            ApiKind::AnthropicMessages => walk::<MessagesRequest>(masker, body)?,
            ApiKind::Models | ApiKind::Unknown => all_strings(masker, body)?,
        }
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
    model.visit_texts_mut(&mut |_, s| changed |= masker.mask_request_text(s));
    Ok(changed.then(|| serde_json::to_vec(&model).expect("models serialize")))
}

fn all_strings(masker: &mut Masker, body: &[u8]) -> Result<Option<Vec<u8>>, Unreadable> {
    let mut doc: Value = serde_json::from_slice(body).map_err(|_| Unreadable::NotJson)?;
    let mut changed = false;
    crate::jsonpath::leaves(&mut doc, &mut |s| changed |= masker.mask_request_text(s));
    Ok(changed.then(|| serde_json::to_vec(&doc).expect("a Value serializes")))
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
        let mut m = Masker::new(p.clone());
        let out = mask_request(&mut m, path, content_type, body);
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
        let body = json!({"model": "m", "messages": [{"role": "user", "content": "key AKIAIOSFODNN7EXAMPLE"}]});
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

//! Prompt encapsulation: a plain REST endpoint (`POST /v1/tools/summarize`) whose JSON body
//! fills a template; the request becomes a chat completion and the answer becomes plain JSON
//! again (`{"summary": "..."}`), or SSE text deltas when the body asks for `"stream": true`.

use crate::config::EndpointSpec;
use crate::template::{ChatTemplate, RenderFailure};
use handlebars::Handlebars;
use jsonpath_rust::parser::parse_json_path;
use jsonpath_rust::JsonPath;
use llm_filters_core::config::ConfigError;
use llm_filters_core::rules::path_matches;
use llm_filters_core::sse::{SseEvent, SseParser};
use llm_filters_core::ErrorReply;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Load-time checks of a route's endpoints against its templates.
pub fn validate(
    endpoints: &[EndpointSpec],
    templates: &BTreeMap<String, ChatTemplate>,
) -> Result<(), ConfigError> {
    for (i, ep) in endpoints.iter().enumerate() {
        let err = |field: &str, reason: &str| {
            Err(ConfigError::new(
                format!("endpoints[{i}].{field}"),
                reason.to_string(),
            ))
        };
        if !ep.path.starts_with('/') || ep.path.contains(['*', '?']) {
            return err("path", "an exact path starting with '/'");
        }
        if !ep.chat_path.starts_with('/') {
            return err("chatPath", "a path starting with '/'");
        }
        if ep.method.is_empty() || !ep.method.bytes().all(|b| b.is_ascii_uppercase()) {
            return err("method", "an upper-case HTTP method");
        }
        if !templates.contains_key(&ep.template) {
            return err(
                "template",
                &format!("no template named '{}' on this route", ep.template),
            );
        }
        if ep.response_field.is_empty() {
            return err("responseField", "must not be empty");
        }
        if let Err(e) = parse_json_path(&ep.extract) {
            return err("extract", &format!("invalid JSONPath: {e}"));
        }
        if endpoints
            .iter()
            .take(i)
            .any(|other| other.path == ep.path && other.method == ep.method)
        {
            return err("path", "another endpoint has the same method and path");
        }
    }
    Ok(())
}

pub enum EndpointMatch<'a> {
    Found(usize, &'a EndpointSpec),
    /// The path is an endpoint's, the method is not.
    WrongMethod,
    None,
}

pub fn find<'a>(endpoints: &'a [EndpointSpec], method: &str, path: &str) -> EndpointMatch<'a> {
    let mut path_known = false;
    for (i, ep) in endpoints.iter().enumerate() {
        if path_matches(&ep.path, path) {
            if ep.method.eq_ignore_ascii_case(method) {
                return EndpointMatch::Found(i, ep);
            }
            path_known = true;
        }
    }
    if path_known {
        EndpointMatch::WrongMethod
    } else {
        EndpointMatch::None
    }
}

/// Why an endpoint request cannot be built.
#[derive(Debug)]
pub enum BuildError {
    MissingField(String),
    Render(RenderFailure),
}

/// The chat completion for an endpoint request: the body's fields are the template's
/// properties; `"stream": true` asks for a stream (and usage on it when configured).
pub fn build_request(
    ep: &EndpointSpec,
    template: &ChatTemplate,
    hb: &Handlebars<'static>,
    body: Map<String, Value>,
) -> Result<(Map<String, Value>, bool), BuildError> {
    for field in &ep.required {
        if body.get(field).is_none_or(Value::is_null) {
            return Err(BuildError::MissingField(field.clone()));
        }
    }
    let stream = body.get("stream") == Some(&Value::Bool(true));
    let properties = Value::Object(body);
    let mut request = Map::new();
    template
        .render_into(hb, &properties, &mut request)
        .map_err(BuildError::Render)?;
    if stream {
        request.insert("stream".into(), Value::Bool(true));
        if ep.include_usage {
            request.insert("stream_options".into(), json!({ "include_usage": true }));
        }
    }
    Ok((request, stream))
}

/// Turns a (2xx, JSON) chat completion into the endpoint's plain answer.
pub fn answer(ep: &EndpointSpec, response: &[u8]) -> Result<Vec<u8>, ErrorReply> {
    let bad_gateway = |why: &str| ErrorReply::upstream(502, format!("the model's answer {why}"));
    let completion: Value =
        serde_json::from_slice(response).map_err(|_| bad_gateway("is not JSON"))?;
    let value = completion
        .query(&ep.extract)
        .ok()
        .and_then(|found| found.first().map(|v| (*v).clone()))
        .ok_or_else(|| bad_gateway(&format!("has no value at {}", ep.extract)))?;
    let mut out = Map::new();
    out.insert(ep.response_field.clone(), value);
    if ep.include_usage {
        if let Some(usage) = completion.get("usage").filter(|u| !u.is_null()) {
            out.insert("usage".into(), usage.clone());
        }
    }
    Ok(serde_json::to_vec(&Value::Object(out)).unwrap_or_default())
}

/// Converts a streamed chat completion into SSE text deltas, event by event:
/// `data: {"delta":"..."}` per piece of answer text, `data: {"usage":{...}}` when configured,
/// provider errors as they came, and `data: [DONE]` when the provider finished.
#[derive(Debug, Default)]
pub struct AnswerStream {
    parser: SseParser,
    include_usage: bool,
    usage: Option<Value>,
}

impl AnswerStream {
    pub fn new(include_usage: bool) -> Self {
        AnswerStream {
            include_usage,
            ..Default::default()
        }
    }

    /// The converted bytes for the next upstream chunk (possibly empty: an event may still be
    /// incomplete, or carry nothing for the client).
    pub fn push(&mut self, chunk: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for event in self.parser.push(chunk) {
            self.convert(&event, &mut out);
        }
        out
    }

    /// The end of the upstream stream: a last unterminated event still counts.
    pub fn finish(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some(event) = self.parser.finish() {
            self.convert(&event, &mut out);
        }
        out
    }

    fn convert(&mut self, event: &SseEvent, out: &mut Vec<u8>) {
        if event.is_done() {
            if let Some(usage) = self.usage.take() {
                SseEvent::data(json!({ "usage": usage }).to_string()).write_to(out);
            }
            SseEvent::data("[DONE]").write_to(out);
            return;
        }
        if event.data.is_empty() {
            // Keep-alive comments keep the client's connection alive too.
            if !event.comments.is_empty() {
                SseEvent {
                    comments: event.comments.clone(),
                    ..Default::default()
                }
                .write_to(out);
            }
            return;
        }
        let Ok(chunk) = serde_json::from_str::<Value>(&event.data) else {
            return;
        };
        if chunk.get("error").is_some() {
            SseEvent::data(event.data.clone()).write_to(out);
            return;
        }
        if let Some(text) = chunk
            .pointer("/choices/0/delta/content")
            .and_then(Value::as_str)
        {
            if !text.is_empty() {
                SseEvent::data(json!({ "delta": text }).to_string()).write_to(out);
            }
        }
        if self.include_usage {
            if let Some(usage) = chunk.get("usage").filter(|u| !u.is_null()) {
                self.usage = Some(usage.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TemplateSpec;
    use crate::template::{compile_all, new_registry};

    fn endpoint(v: Value) -> EndpointSpec {
        serde_json::from_value(v).unwrap()
    }

    fn summarize() -> (Handlebars<'static>, BTreeMap<String, ChatTemplate>) {
        let mut hb = new_registry();
        let specs: BTreeMap<String, TemplateSpec> = serde_json::from_value(json!({"summarize": {
            "model": "fast",
            "messages": [{"role": "system", "content": "Summarize in {{language}}."}, {"role": "user", "content": "{{text}}"}]
        }}))
        .unwrap();
        let templates = compile_all(&mut hb, &specs).unwrap();
        (hb, templates)
    }

    #[test]
    fn builds_a_chat_completion_from_a_plain_body() {
        let (hb, templates) = summarize();
        let ep = endpoint(
            json!({"path": "/v1/tools/summarize", "template": "summarize", "required": ["text"], "includeUsage": true}),
        );
        let body = json!({"text": "Long text", "language": "fr", "stream": true})
            .as_object()
            .unwrap()
            .clone();
        let (request, stream) = build_request(&ep, &templates["summarize"], &hb, body).unwrap();
        assert!(stream);
        assert_eq!(
            Value::Object(request),
            json!({"model": "fast", "messages": [{"role": "system", "content": "Summarize in fr."},
                   {"role": "user", "content": "Long text"}], "stream": true, "stream_options": {"include_usage": true}})
        );
        let missing = build_request(
            &ep,
            &templates["summarize"],
            &hb,
            json!({"text": null}).as_object().unwrap().clone(),
        );
        assert!(matches!(missing, Err(BuildError::MissingField(f)) if f == "text"));
        let unrendered = build_request(
            &ep,
            &templates["summarize"],
            &hb,
            json!({"text": "t"}).as_object().unwrap().clone(),
        );
        assert!(
            matches!(unrendered, Err(BuildError::Render(RenderFailure::MissingVariable(v))) if v == "language")
        );
    }

    #[test]
    fn answers_are_extracted() {
        let completion = json!({"choices": [{"message": {"role": "assistant", "content": "Court."}}],
                                "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}});
        let bytes = serde_json::to_vec(&completion).unwrap();
        let ep = endpoint(
            json!({"path": "/s", "template": "t", "responseField": "summary", "includeUsage": true}),
        );
        let out: Value = serde_json::from_slice(&answer(&ep, &bytes).unwrap()).unwrap();
        assert_eq!(
            out,
            json!({"summary": "Court.", "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}})
        );
        let ep =
            endpoint(json!({"path": "/s", "template": "t", "extract": "$.choices[0].message"}));
        let out: Value = serde_json::from_slice(&answer(&ep, &bytes).unwrap()).unwrap();
        assert_eq!(
            out,
            json!({"result": {"role": "assistant", "content": "Court."}})
        );
        let ep = endpoint(json!({"path": "/s", "template": "t", "extract": "$.nothing"}));
        assert_eq!(answer(&ep, &bytes).unwrap_err().status, 502);
        assert_eq!(answer(&ep, b"not json").unwrap_err().status, 502);
    }

    fn chunk(content: &str) -> String {
        format!(
            "data: {}\n\n",
            json!({"choices": [{"index": 0, "delta": {"content": content}, "finish_reason": null}]})
        )
    }

    #[test]
    fn streams_deltas_chunk_by_chunk_across_any_split() {
        let upstream = format!(
            "{}{}{}data: {}\n\n: ping\n\ndata: [DONE]\n\n",
            chunk("Bon"),
            chunk("jour \"é\""),
            chunk(""),
            json!({"choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}})
        );
        let expected = "data: {\"delta\":\"Bon\"}\n\ndata: {\"delta\":\"jour \\\"é\\\"\"}\n\n: ping\n\ndata: {\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\n\ndata: [DONE]\n\n";
        for split in 1..upstream.len() {
            let mut s = AnswerStream::new(true);
            let mut out = s.push(&upstream.as_bytes()[..split]);
            out.extend(s.push(&upstream.as_bytes()[split..]));
            out.extend(s.finish());
            assert_eq!(
                String::from_utf8(out).unwrap(),
                expected,
                "split at {split}"
            );
        }
        // The first event is emitted as soon as it is complete: nothing is held back.
        let mut s = AnswerStream::new(false);
        assert_eq!(
            s.push(chunk("Hi").as_bytes()),
            b"data: {\"delta\":\"Hi\"}\n\n"
        );
    }

    #[test]
    fn provider_errors_pass_and_cut_streams_get_no_done() {
        let mut s = AnswerStream::new(false);
        let err = "data: {\"error\":{\"message\":\"overloaded\"}}\n\n";
        assert_eq!(s.push(err.as_bytes()), err.as_bytes());
        let mut s = AnswerStream::new(false);
        let mut out = s.push(chunk("partial").as_bytes());
        out.extend(s.finish());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "data: {\"delta\":\"partial\"}\n\n"
        );
    }

    #[test]
    fn endpoint_lookup_and_validation() {
        let eps = vec![endpoint(
            json!({"path": "/v1/tools/summarize", "template": "summarize"}),
        )];
        assert!(matches!(
            find(&eps, "post", "/v1/tools/summarize?x=1"),
            EndpointMatch::Found(0, _)
        ));
        assert!(matches!(
            find(&eps, "GET", "/v1/tools/summarize"),
            EndpointMatch::WrongMethod
        ));
        assert!(matches!(
            find(&eps, "POST", "/v1/chat/completions"),
            EndpointMatch::None
        ));
        let (_, templates) = summarize();
        validate(&eps, &templates).unwrap();
        let bad = vec![endpoint(json!({"path": "/x", "template": "nope"}))];
        assert_eq!(
            validate(&bad, &templates).unwrap_err().field,
            "endpoints[0].template"
        );
        let bad = vec![endpoint(
            json!({"path": "/x", "template": "summarize", "extract": "$[?("}),
        )];
        assert_eq!(
            validate(&bad, &templates).unwrap_err().field,
            "endpoints[0].extract"
        );
    }
}

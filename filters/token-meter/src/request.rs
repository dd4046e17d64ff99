//! The request phase: count the prompt, ask for stream usage, check quota and budget, and say
//! what to forward (or what to answer instead).

use crate::config::{InvalidBodyPolicy, MeterConfig};
use crate::count::{count_prompt, encoding_for, max_output_tokens, Encoding};
use crate::pricing::usd_to_micro;
use crate::quota::{admit, rate_limit_headers, record_key, Admission, Ask, Refusal, Span};
use llm_filters_core::api::ApiKind;
use llm_filters_core::headers::HeaderChanges;
use llm_filters_core::quota_store::SharedStore;
use llm_filters_core::ErrorReply;
use serde_json::{json, Value};

/// What the response phase needs to know about the request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestMeta {
    pub kind: ApiKind,
    /// The model the client asked for ("" when unknown).
    pub model: String,
    pub encoding: Encoding,
    pub streaming: bool,
    /// The filter added `include_usage`: the client must not see the usage-only chunk.
    pub injected_stream_usage: bool,
    /// Local prompt count (0 when the body was not counted).
    pub prompt_tokens: u64,
    /// The body was read and counted (false: none, too large, or not JSON).
    pub counted: bool,
    pub client: Option<String>,
    /// Store key of the client's record, when quota or budget apply.
    pub key: Option<String>,
    pub admission: Option<Admission>,
    /// The model the budget switches the request to (model-router reads it from filter state
    /// `llm_filters_core::contract::state::MODEL_OVERRIDE`).
    pub fallback_model: Option<String>,
}

#[derive(Debug)]
pub enum RequestOutcome {
    Reject {
        reply: ErrorReply,
        reason: &'static str,
    },
    Forward {
        new_body: Option<Vec<u8>>,
        headers: HeaderChanges,
        meta: RequestMeta,
    },
}

/// A request body as the request phase reads it: parsed once, straight from the bytes the host
/// lends (so the session never needs its own copy of them).
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// No body, an empty one, or one over `maxBodyBytes` (then `RequestView::oversized`).
    None,
    /// A JSON object.
    Object(Value),
    /// Not JSON, or JSON that is not an object.
    Invalid,
}

impl Body {
    pub fn parse(bytes: &[u8]) -> Body {
        if bytes.is_empty() {
            return Body::None;
        }
        match serde_json::from_slice::<Value>(bytes) {
            Ok(value @ Value::Object(_)) => Body::Object(value),
            _ => Body::Invalid,
        }
    }
}

/// The request as the shell sees it.
pub struct RequestView<'a> {
    pub path: &'a str,
    /// A read of the model list (see [`is_model_listing`]): metered, never charged to a quota.
    pub listing: bool,
    pub body: Body,
    pub oversized: bool,
    pub client: Option<String>,
    pub now: u64,
}

/// `GET`/`HEAD` of `.../models` or `.../models/{id}`: every SDK lists the models (often the
/// gateway answers it itself); it is no LLM call, so it spends no client's quota or budget.
pub fn is_model_listing(method: &str, path: &str) -> bool {
    if !matches!(method, "GET" | "HEAD") {
        return false;
    }
    llm_filters_core::api::is_models_path(path)
}

pub fn on_request(
    config: &MeterConfig,
    view: RequestView<'_>,
    store: &dyn SharedStore,
) -> RequestOutcome {
    let kind = ApiKind::from_path(view.path);
    let mut meta = RequestMeta {
        kind,
        model: String::new(),
        encoding: config.encoding,
        streaming: false,
        injected_stream_usage: false,
        prompt_tokens: 0,
        counted: false,
        client: view.client.clone(),
        key: None,
        admission: None,
        fallback_model: None,
    };
    let mut new_body = None;
    let mut estimate = 0;
    if view.oversized && config.on_invalid_body == InvalidBodyPolicy::Reject {
        return reject(
            ErrorReply::too_large("request body is larger than this route meters"),
            "too_large",
        );
    }
    match view.body {
        Body::Object(value) => {
            meta.model = value
                .get("model")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            meta.encoding = encoding_for(config, &meta.model);
            meta.streaming = value
                .get("stream")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            meta.prompt_tokens = count_prompt(meta.encoding, kind, &value);
            meta.counted = true;
            let reserve = config.quota.as_ref().map_or(0, |q| q.reserve_output_tokens);
            estimate =
                meta.prompt_tokens + max_output_tokens(&value).map_or(reserve, |m| m.min(reserve));
            if config.inject_stream_usage && meta.streaming && asks_no_usage(kind, &value) {
                new_body = Some(with_stream_usage(value));
                meta.injected_stream_usage = true;
            }
        }
        Body::Invalid if config.on_invalid_body == InvalidBodyPolicy::Reject => {
            return reject(
                ErrorReply::bad_request("request body is not a JSON object"),
                "invalid_body",
            );
        }
        Body::Invalid | Body::None => {}
    }
    let headers = HeaderChanges::default();
    if !view.listing && (config.quota.is_some() || config.budget.is_some()) {
        let Some(client) = view
            .client
            .clone()
            .or_else(|| config.client.default.clone())
        else {
            let reply =
                ErrorReply::new(401, "authentication_error", "this route needs a client id")
                    .with_code("missing_client_id");
            return reject(reply, "missing_client");
        };
        let key = record_key(&config.scope, &client);
        let ask = Ask {
            quota: config.quota.as_ref(),
            budget: config.budget.as_ref(),
            budget_limit_micro: config
                .budget
                .as_ref()
                .map_or(0, |b| usd_to_micro(b.limit_usd)),
            estimate_tokens: estimate,
            now: view.now,
        };
        let admission = match admit(store, &key, &ask) {
            Ok(a) => a,
            // The store is unusable (no shared data): metering still works, limits do not.
            Err(_) => return forward(new_body, headers, meta),
        };
        if let Some(refusal) = &admission.refused {
            // A prompt that alone exceeds a token limit can never pass: not a "retry later".
            let too_large = matches!(refusal, Refusal::Tokens { limit, .. } if estimate > *limit);
            return reject(
                refusal_reply(refusal, &admission, too_large.then_some(estimate)),
                if too_large {
                    "too_large"
                } else {
                    refusal_reason(refusal)
                },
            );
        }
        if admission.fallback {
            // The session hands this to model-router through filter state.
            meta.fallback_model = config
                .budget
                .as_ref()
                .and_then(|b| b.fallback_model.clone())
                .filter(|m| *m != meta.model);
        }
        meta.client = Some(client);
        meta.key = Some(key);
        meta.admission = Some(admission);
    }
    forward(new_body, headers, meta)
}

fn forward(
    new_body: Option<Vec<u8>>,
    mut headers: HeaderChanges,
    meta: RequestMeta,
) -> RequestOutcome {
    if let Some(body) = &new_body {
        headers
            .set
            .push(("content-length".into(), body.len().to_string()));
    }
    RequestOutcome::Forward {
        new_body,
        headers,
        meta,
    }
}

fn reject(reply: ErrorReply, reason: &'static str) -> RequestOutcome {
    RequestOutcome::Reject { reply, reason }
}

/// Streaming chat/completions requests that did not ask for usage themselves.
fn asks_no_usage(kind: ApiKind, body: &Value) -> bool {
    matches!(kind, ApiKind::ChatCompletions | ApiKind::Completions)
        && body
            .pointer("/stream_options/include_usage")
            .and_then(Value::as_bool)
            != Some(true)
}

/// Sets `stream_options.include_usage`, keeping every other field and option.
fn with_stream_usage(mut body: Value) -> Vec<u8> {
    if let Some(fields) = body.as_object_mut() {
        match fields.get_mut("stream_options") {
            Some(Value::Object(options)) => {
                options.insert("include_usage".into(), Value::Bool(true));
            }
            _ => {
                fields.insert("stream_options".into(), json!({ "include_usage": true }));
            }
        }
    }
    serde_json::to_vec(&body).unwrap_or_default()
}

fn span_name(span: &Span) -> &'static str {
    match span {
        Span::Minute => "minute",
        Span::Hour => "hour",
        Span::Day => "day",
    }
}

fn refusal_reason(refusal: &Refusal) -> &'static str {
    match refusal {
        Refusal::Tokens { .. } => "tokens",
        Refusal::Requests { .. } => "requests",
        Refusal::Budget => "budget",
    }
}

/// `too_large`: the prompt's estimate, when it alone exceeds the refusing token limit.
fn refusal_reply(refusal: &Refusal, admission: &Admission, too_large: Option<u64>) -> ErrorReply {
    if let (Refusal::Tokens { span, limit }, Some(estimate)) = (refusal, too_large) {
        return ErrorReply::too_large(format!(
            "request too large: it needs at least {estimate} tokens, more than the limit of \
             {limit} tokens per {}; reduce the input or max_tokens",
            span_name(span)
        ));
    }
    let mut reply = match refusal {
        Refusal::Tokens { span, limit } => ErrorReply::rate_limited(format!(
            "token quota exceeded: limit {limit} tokens per {}; retry after {} s",
            span_name(span),
            admission.retry_after
        )),
        Refusal::Requests { span, limit } => ErrorReply::rate_limited(format!(
            "request quota exceeded: limit {limit} requests per {}; retry after {} s",
            span_name(span),
            admission.retry_after
        )),
        Refusal::Budget => ErrorReply::rate_limited(format!(
            "budget exhausted for this period; retry after {} s",
            admission.retry_after
        ))
        .with_code("budget_exceeded"),
    };
    reply = reply.with_header("retry-after", admission.retry_after.max(1).to_string());
    for (name, value) in rate_limit_headers(admission) {
        reply = reply.with_header(name, value);
    }
    reply
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quota::NAMESPACE;
    use llm_filters_core::quota_store::{init_namespace, MemoryStore};

    fn config(json: &str) -> MeterConfig {
        llm_filters_core::load_config(json.as_bytes()).unwrap()
    }

    fn view<'a>(path: &'a str, body: &'a [u8], client: Option<&str>) -> RequestView<'a> {
        RequestView {
            path,
            listing: false,
            body: Body::parse(body),
            oversized: false,
            client: client.map(str::to_owned),
            now: 1_700_000_040,
        }
    }

    fn store() -> MemoryStore {
        let s = MemoryStore::new();
        init_namespace(&s, NAMESPACE);
        s
    }

    #[test]
    fn injects_stream_usage_and_keeps_options() {
        let c = config("{}");
        let body = br#"{"model":"gpt-4o","stream":true,"stream_options":{"x":1},"messages":[{"role":"user","content":"hello world"}]}"#;
        let RequestOutcome::Forward {
            new_body,
            headers,
            meta,
        } = on_request(&c, view("/v1/chat/completions", body, None), &store())
        else {
            panic!()
        };
        let v: Value = serde_json::from_slice(&new_body.unwrap()).unwrap();
        assert_eq!(v["stream_options"], json!({"x": 1, "include_usage": true}));
        assert!(meta.injected_stream_usage);
        assert_eq!(meta.prompt_tokens, 9);
        assert!(headers.set.iter().any(|(n, _)| n == "content-length"));
    }

    #[test]
    fn leaves_clients_that_asked_alone() {
        let c = config("{}");
        let body = br#"{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},"messages":[]}"#;
        let RequestOutcome::Forward { new_body, meta, .. } =
            on_request(&c, view("/v1/chat/completions", body, None), &store())
        else {
            panic!()
        };
        assert!(new_body.is_none() && !meta.injected_stream_usage);
        let body = br#"{"model":"gpt-4o","messages":[]}"#;
        let RequestOutcome::Forward { new_body, .. } =
            on_request(&c, view("/v1/chat/completions", body, None), &store())
        else {
            panic!()
        };
        assert!(new_body.is_none());
    }

    #[test]
    fn quota_refusal_is_a_429_with_headers() {
        let c = config(r#"{"quota":{"requestsPerMinute":1},"client":{"header":"x-client"}}"#);
        let s = store();
        let body = br#"{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}"#;
        assert!(matches!(
            on_request(&c, view("/v1/chat/completions", body, Some("a")), &s),
            RequestOutcome::Forward { .. }
        ));
        let RequestOutcome::Reject { reply, reason } =
            on_request(&c, view("/v1/chat/completions", body, Some("a")), &s)
        else {
            panic!()
        };
        assert_eq!((reply.status, reason), (429, "requests"));
        assert_eq!(reply.code.as_deref(), Some("rate_limit_exceeded"));
        let names: Vec<&str> = reply.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert!(
            names.contains(&"retry-after") && names.contains(&"x-ratelimit-remaining-requests"),
            "{names:?}"
        );
        // Another client has its own quota.
        assert!(matches!(
            on_request(&c, view("/v1/chat/completions", body, Some("b")), &s),
            RequestOutcome::Forward { .. }
        ));
    }

    #[test]
    fn model_listings_spend_no_quota() {
        for (method, path, listing) in [
            ("GET", "/v1/models", true),
            ("HEAD", "/v1/models?limit=5", true),
            ("GET", "/openai/v1/models/gpt-4o", true),
            ("GET", "/models/", true),
            ("POST", "/v1/models", false),
            ("DELETE", "/v1/models/ft:gpt-4o:x", false),
            ("GET", "/v1/chat/completions", false),
            ("GET", "/v1/models/gpt-4o/extra", false),
            ("GET", "/", false),
        ] {
            assert_eq!(is_model_listing(method, path), listing, "{method} {path}");
        }
        // One request a minute: listings never take it, nor need a client id.
        let c = config(r#"{"quota":{"requestsPerMinute":1},"client":{"header":"x-client"}}"#);
        let s = store();
        for client in [Some("a"), Some("a"), None] {
            let mut v = view("/v1/models", b"", client);
            v.listing = true;
            let RequestOutcome::Forward { headers, meta, .. } = on_request(&c, v, &s) else {
                panic!("a listing is forwarded")
            };
            assert!(meta.key.is_none() && meta.admission.is_none() && headers.set.is_empty());
        }
        let body = br#"{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}"#;
        assert!(matches!(
            on_request(&c, view("/v1/chat/completions", body, Some("a")), &s),
            RequestOutcome::Forward { .. }
        ));
        assert!(matches!(
            on_request(&c, view("/v1/chat/completions", body, Some("a")), &s),
            RequestOutcome::Reject { .. }
        ));
    }

    #[test]
    fn missing_client_without_default_is_401() {
        let c = config(
            r#"{"quota":{"requestsPerMinute":1},"client":{"header":"x-client","default":null}}"#,
        );
        let RequestOutcome::Reject { reply, .. } =
            on_request(&c, view("/v1/chat/completions", b"{}", None), &store())
        else {
            panic!()
        };
        assert_eq!(reply.status, 401);
    }

    #[test]
    fn invalid_bodies_follow_the_policy() {
        let strict = config(r#"{"onInvalidBody":"reject"}"#);
        let RequestOutcome::Reject { reply, .. } = on_request(
            &strict,
            view("/v1/chat/completions", b"nope", None),
            &store(),
        ) else {
            panic!()
        };
        assert_eq!(reply.status, 400);
        let mut v = view("/v1/chat/completions", b"", None);
        v.oversized = true;
        let RequestOutcome::Reject { reply, .. } = on_request(&strict, v, &store()) else {
            panic!()
        };
        assert_eq!(reply.status, 413);
        let open = config("{}");
        assert!(matches!(
            on_request(&open, view("/v1/chat/completions", b"nope", None), &store()),
            RequestOutcome::Forward { .. }
        ));
    }

    #[test]
    fn budget_threshold_names_the_fallback_model_and_sets_no_header() {
        let c = config(
            r#"{"budget":{"limitUsd":1,"fallbackAtPercent":50,"fallbackModel":"small"},"prices":{"*":{"input":1,"output":1}}}"#,
        );
        let s = store();
        let key = record_key("default", "anonymous");
        crate::quota::settle(
            &s,
            &key,
            1_700_000_040,
            c.budget.as_ref(),
            &Default::default(),
            0,
            500_000,
        )
        .unwrap();
        let body = br#"{"model":"big","messages":[]}"#;
        let RequestOutcome::Forward { headers, meta, .. } =
            on_request(&c, view("/v1/chat/completions", body, None), &s)
        else {
            panic!()
        };
        assert!(
            headers.is_empty(),
            "no header a client could forge: {headers:?}"
        );
        assert_eq!(meta.fallback_model.as_deref(), Some("small"));
        crate::quota::settle(
            &s,
            &key,
            1_700_000_040,
            c.budget.as_ref(),
            &Default::default(),
            0,
            500_000,
        )
        .unwrap();
        let RequestOutcome::Reject { reply, reason } =
            on_request(&c, view("/v1/chat/completions", body, None), &s)
        else {
            panic!()
        };
        assert_eq!(
            (reply.status, reason, reply.code.as_deref()),
            (429, "budget", Some("budget_exceeded"))
        );
    }
}

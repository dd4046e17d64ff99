//! Error replies in the OpenAI error shape:
//! `{"error":{"message":..,"type":..,"param":..,"code":..}}`.
//!
//! Messages are written by the filters and must never contain prompt text, PII or keys.

use serde_json::json;

/// A complete local reply: HTTP status plus an OpenAI-shape JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReply {
    pub status: u16,
    pub message: String,
    /// OpenAI's `type`, e.g. `invalid_request_error`.
    pub kind: &'static str,
    pub param: Option<String>,
    pub code: Option<String>,
    /// Extra response headers (e.g. `retry-after`).
    pub headers: Vec<(String, String)>,
}

impl ErrorReply {
    pub fn new(status: u16, kind: &'static str, message: impl Into<String>) -> Self {
        ErrorReply {
            status,
            message: message.into(),
            kind,
            param: None,
            code: None,
            headers: Vec::new(),
        }
    }

    /// 400: the request is malformed or names something unknown.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "invalid_request_error", message)
    }

    /// 403: the request carries content a policy blocks.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(403, "permission_error", message)
    }

    /// 404: no such endpoint or model on this route.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, "not_found_error", message)
    }

    /// 413: the body exceeds the configured bound.
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(413, "invalid_request_error", message).with_code("request_too_large")
    }

    /// 429: a quota or budget is exhausted.
    pub fn rate_limited(message: impl Into<String>) -> Self {
        Self::new(429, "rate_limit_error", message).with_code("rate_limit_exceeded")
    }

    /// 502/503: the upstream failed or none is available.
    pub fn upstream(status: u16, message: impl Into<String>) -> Self {
        Self::new(status, "api_error", message)
    }

    pub fn with_param(mut self, param: impl Into<String>) -> Self {
        self.param = Some(param.into());
        self
    }

    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The JSON body of the reply.
    pub fn body(&self) -> String {
        json!({
            "error": {
                "message": self.message,
                "type": self.kind,
                "param": self.param,
                "code": self.code,
            }
        })
        .to_string()
    }

    /// The same error in Anthropic's shape, for a client of the Messages API:
    /// `{"type":"error","error":{"type":<by status>,"message":...}}`. The shape has no `param`:
    /// the field, if any, leads the message.
    pub fn anthropic_body(&self) -> String {
        let message = match &self.param {
            Some(p) if !self.message.contains(&format!("`{p}`")) => {
                format!("{p}: {}", self.message)
            }
            _ => self.message.clone(),
        };
        json!({
            "type": "error",
            "error": { "type": anthropic_error_type(self.status), "message": message },
        })
        .to_string()
    }

    /// Headers for the reply, content type first.
    pub fn response_headers(&self) -> Vec<(String, String)> {
        let mut headers = vec![("content-type".to_string(), "application/json".to_string())];
        headers.extend(self.headers.iter().cloned());
        headers
    }
}

/// Anthropic's error `type` for an HTTP status (its API reference's error list).
pub fn anthropic_error_type(status: u16) -> &'static str {
    match status {
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        504 => "timeout_error",
        529 => "overloaded_error",
        400..=499 => "invalid_request_error",
        _ => "api_error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_openai_shape() {
        let reply = ErrorReply::bad_request("model 'x' is not served here")
            .with_param("model")
            .with_code("model_not_found");
        let v: serde_json::Value = serde_json::from_str(&reply.body()).unwrap();
        assert_eq!(v["error"]["message"], "model 'x' is not served here");
        assert_eq!(v["error"]["type"], "invalid_request_error");
        assert_eq!(v["error"]["param"], "model");
        assert_eq!(v["error"]["code"], "model_not_found");
        assert_eq!(reply.status, 400);
    }

    #[test]
    fn anthropic_body_has_the_messages_api_shape() {
        // Shape and types from Anthropic's errors reference.
        let v: serde_json::Value =
            serde_json::from_str(&ErrorReply::forbidden("blocked").anthropic_body()).unwrap();
        assert_eq!(
            v,
            json!({ "type": "error", "error": { "type": "permission_error", "message": "blocked" } })
        );
        let v: serde_json::Value =
            serde_json::from_str(&ErrorReply::too_large("big").anthropic_body()).unwrap();
        assert_eq!(v["error"]["type"], "request_too_large");
        let v: serde_json::Value = serde_json::from_str(
            &ErrorReply::bad_request("must be a number")
                .with_param("temperature")
                .anthropic_body(),
        )
        .unwrap();
        assert_eq!(v["error"]["type"], "invalid_request_error");
        assert_eq!(v["error"]["message"], "temperature: must be a number");
    }

    #[test]
    fn absent_param_and_code_are_null() {
        let v: serde_json::Value =
            serde_json::from_str(&ErrorReply::forbidden("blocked").body()).unwrap();
        assert!(v["error"]["param"].is_null());
        assert!(v["error"]["code"].is_null());
        assert_eq!(v["error"]["type"], "permission_error");
    }

    #[test]
    fn rate_limited_carries_headers() {
        let reply = ErrorReply::rate_limited("quota").with_header("retry-after", "12");
        assert_eq!(reply.status, 429);
        assert_eq!(
            reply.response_headers()[0],
            ("content-type".into(), "application/json".into())
        );
        assert_eq!(
            reply.response_headers()[1],
            ("retry-after".into(), "12".into())
        );
    }
}

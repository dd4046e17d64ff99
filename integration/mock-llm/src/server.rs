//! HTTP plumbing: accept loop, routing, recording, faults, and turning a `Reply` into a response.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::header::{
    HeaderValue, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER,
};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{HeaderMap, Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::body::EventBody;
use crate::config::{Fault, MockConfig};
use crate::record::{RecordedRequest, Recorder};
use crate::reply::{Hints, Reply};
use crate::shape::{gzip_stored, Shape};
use crate::{anthropic, openai, shape, steer};

/// Shared by every connection of one server.
pub(crate) struct State {
    pub(crate) name: String,
    name_header: HeaderValue,
    default_fault: Option<Fault>,
    pub(crate) recorder: Recorder,
}

impl State {
    pub(crate) fn new(config: &MockConfig, record: bool) -> std::io::Result<State> {
        let name_header = HeaderValue::from_str(&config.name).map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "mock name is not a valid header value",
            )
        })?;
        Ok(State {
            name: config.name.clone(),
            name_header,
            default_fault: config.default_fault.clone(),
            recorder: Recorder::new(record),
        })
    }
}

/// Accepts until `shutdown` fires. Each connection is its own task with HTTP/1.1 keep-alive.
pub(crate) async fn serve(
    listener: TcpListener,
    state: Arc<State>,
    mut shutdown: oneshot::Receiver<()>,
) {
    loop {
        let stream = tokio::select! {
            _ = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of fds or similar: back off instead of spinning.
                Err(_) => { tokio::time::sleep(Duration::from_millis(5)).await; continue; }
            },
        };
        // Small SSE events must leave immediately, not wait for Nagle.
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        tokio::spawn(async move {
            let svc = service_fn(move |req| handle(state.clone(), req));
            // Errors here are client disconnects or our own injected cuts: nothing to report.
            let _ = http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), svc)
                .await;
        });
    }
}

async fn handle(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<EventBody>, Infallible> {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path();
    if let Some(reply) = control(&state, &parts.method, path) {
        return Ok(respond(
            &state,
            reply,
            &Fault::default(),
            Duration::ZERO,
            &Shape::default(),
        ));
    }
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(), // client went away mid-body; the reply will not be read anyway
    };
    if state.recorder.enabled() {
        state.recorder.push(record(
            &state.name,
            &parts.method,
            &parts.uri,
            &parts.headers,
            &bytes,
        ));
    }
    let json: Option<Value> = if bytes.is_empty() {
        None
    } else {
        serde_json::from_slice(&bytes).ok()
    };
    let model = json
        .as_ref()
        .and_then(|v| v.get("model"))
        .and_then(Value::as_str);
    let fault = steer::fault(state.default_fault.as_ref(), &parts.headers, model);
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    let shape = shape::shape(&parts.headers);
    let reply = match (fault.status.filter(|s| *s >= 400), &shape.raw_body) {
        (Some(status), _) => {
            let message = format!("mock-llm injected fault: status {status}");
            if path.ends_with("/messages") {
                Reply::anthropic_error(status, message)
            } else {
                Reply::error(status, message)
            }
        }
        (None, Some((content_type, bytes))) => {
            let user = json
                .as_ref()
                .and_then(|v| v.get("messages"))
                .and_then(Value::as_array)
                .and_then(|m| crate::text::last_user_text(m))
                .unwrap_or_default();
            Reply::Raw(200, content_type.clone(), shape::with_user(bytes, &user))
        }
        (None, None) => route(
            &parts.method,
            path,
            json.as_ref(),
            &bytes,
            &steer::hints(&parts.headers),
        ),
    };
    let gap = Duration::from_millis(steer::event_delay_ms(&parts.headers));
    Ok(respond(&state, reply, &fault, gap, &shape))
}

/// The mock's own endpoints: not recorded, never faulted.
fn control(state: &State, method: &Method, path: &str) -> Option<Reply> {
    match (method, path) {
        (&Method::GET, "/health") => Some(Reply::Text(200, "ok")),
        (&Method::GET, "/__mock/requests") => Some(Reply::Json(
            200,
            Value::Array(
                state
                    .recorder
                    .snapshot()
                    .iter()
                    .map(RecordedRequest::to_json)
                    .collect(),
            ),
        )),
        (&Method::DELETE, "/__mock/requests") => {
            state.recorder.clear();
            Some(Reply::Json(200, serde_json::json!({"cleared": true})))
        }
        _ => None,
    }
}

fn record(
    name: &str,
    method: &Method,
    uri: &hyper::Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> RecordedRequest {
    RecordedRequest {
        mock_name: name.to_string(),
        method: method.as_str().to_string(),
        path: uri
            .path_and_query()
            .map_or_else(|| uri.path().to_string(), |pq| pq.as_str().to_string()),
        headers: headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: body.to_vec(),
    }
}

/// Routes by path suffix, so provider-style prefixes a router may add (`/openai/v1/...`,
/// `/api/v1/...`) still reach the right handler.
fn route(method: &Method, path: &str, json: Option<&Value>, raw: &[u8], hints: &Hints) -> Reply {
    type Handler = fn(&Value, &[u8], &Hints) -> Reply;
    let post: Option<Handler> = if path.ends_with("/chat/completions") {
        Some(openai::chat)
    } else if path.ends_with("/completions") {
        Some(openai::completions)
    } else if path.ends_with("/embeddings") {
        Some(|b, _, _| openai::embeddings(b))
    } else if path.ends_with("/messages") {
        Some(anthropic::messages)
    } else {
        None
    };
    match (post, method) {
        (Some(handler), &Method::POST) => match json {
            Some(body) if body.is_object() => handler(body, raw, hints),
            _ => Reply::error(
                400,
                "We could not parse the JSON body of your request. (mock-llm expects a JSON object)",
            ),
        },
        (Some(_), _) => Reply::error(405, format!("method {method} not allowed on {path}")),
        (None, &Method::GET) if path.ends_with("/models") => openai::models(),
        (None, _) => Reply::error(404, format!("Invalid URL ({method} {path})")),
    }
}

fn respond(
    state: &State,
    reply: Reply,
    fault: &Fault,
    gap: Duration,
    shape: &Shape,
) -> Response<EventBody> {
    let (status, content_type, mut chunks, stream) = match reply {
        Reply::Json(status, v) => (
            status,
            "application/json".to_string(),
            vec![Bytes::from(serde_json::to_vec(&v).expect("json"))],
            false,
        ),
        Reply::Sse(events) => (200, "text/event-stream".to_string(), events, true),
        Reply::Text(status, text) => (
            status,
            "text/plain".to_string(),
            vec![Bytes::from_static(text.as_bytes())],
            false,
        ),
        Reply::Raw(status, content_type, bytes) => (status, content_type, vec![bytes], false),
    };
    if shape.gzip {
        // One compressed body: a stream is sent as a single gzip member (framing stays chunked).
        chunks = vec![Bytes::from(gzip_stored(&chunks.concat()))];
    }
    // A sub-400 fault status only relabels a normal reply.
    let status = fault.status.filter(|s| *s < 400).unwrap_or(status);
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header(CONTENT_TYPE, content_type.as_str())
        .header("x-mock-name", state.name_header.clone());
    if shape.gzip {
        builder = builder.header(CONTENT_ENCODING, "gzip");
    }
    if let Some((name, value)) = &shape.extra_header {
        builder = builder.header(name.clone(), value.clone());
    }
    if status == 429 {
        builder = builder.header(RETRY_AFTER, "1");
    }
    if stream {
        builder = builder.header(CACHE_CONTROL, "no-cache");
    }
    let body = match fault.cut_after_events {
        // Never send the final event ([DONE] / message_stop), so the cut is always visible.
        Some(n) if stream => {
            let keep = n.min(chunks.len().saturating_sub(1));
            EventBody::cut(chunks.into_iter().take(keep).collect(), gap)
        }
        Some(_) => {
            // Promise the whole length, deliver half, then drop the connection.
            let full = Bytes::from(chunks.concat());
            builder = builder.header(CONTENT_LENGTH, full.len());
            EventBody::cut(vec![full.slice(..full.len() / 2)], gap)
        }
        None if stream => EventBody::chunked(chunks, gap),
        None => EventBody::full(chunks.into_iter().next().unwrap_or_default()),
    };
    builder.body(body).expect("valid response")
}

//! A local stand-in for the OpenAI API, speaking its wire format
//! (Bearer auth, `/v1/embeddings` JSON in and out, OpenAI-style errors), so
//! the real OpenAI client code runs in tests without the network.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

pub const API_KEY: &str = "sk-test-osool";

#[derive(Clone, Default)]
struct Recorded(Arc<Mutex<Vec<Value>>>);

pub struct FakeOpenAi {
    pub base_url: String,
    requests: Recorded,
    _server: tokio::task::JoinHandle<()>,
}

impl FakeOpenAi {
    pub async fn start() -> FakeOpenAi {
        let requests = Recorded::default();
        let app = Router::new().route("/v1/embeddings", post(embeddings)).with_state(requests.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeOpenAi { base_url: format!("http://{addr}/v1"), requests, _server: server }
    }

    /// The JSON bodies received so far.
    pub fn requests(&self) -> Vec<Value> {
        self.requests.0.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

/// A deterministic unit vector for a text.
pub fn vector_for(text: &str, dimensions: usize) -> Vec<f32> {
    let mut state =
        text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let mut v: Vec<f32> = (0..dimensions)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let z = (state ^ (state >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            ((z >> 40) as f32 / (1u64 << 24) as f32) - 0.5
        })
        .collect();
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter_mut().for_each(|x| *x /= norm);
    v
}

async fn embeddings(
    State(recorded): State<Recorded>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(&format!("Bearer {API_KEY}")) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(
                json!({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}),
            ),
        );
    }
    if let Ok(mut r) = recorded.0.lock() {
        r.push(body.clone());
    }
    let inputs: Vec<String> = match &body["input"] {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    };
    let dimensions = body["dimensions"].as_u64().unwrap_or(1536) as usize;
    let tokens: usize = inputs.iter().map(|t| t.split_whitespace().count()).sum();
    let data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(index, text)| json!({"object": "embedding", "index": index, "embedding": vector_for(text, dimensions)}))
        .collect();
    (
        StatusCode::OK,
        Json(json!({
            "object": "list",
            "data": data,
            "model": body["model"],
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens}
        })),
    )
}

/// One scripted answer of the fake chat model.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Chunks streamed as `data:` lines, then `[DONE]`; `delay` between them.
    Chunks { chunks: Vec<Value>, delay: std::time::Duration },
    /// An error status with OpenAI's error body.
    Fail(u16),
}

/// Text streamed a word at a time, then the usage.
pub fn text_reply(text: &str, prompt_tokens: u32, completion_tokens: u32) -> Reply {
    let mut chunks: Vec<Value> = vec![json!({
        "id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": null}]
    })];
    for word in text.split_inclusive(' ') {
        chunks.push(json!({
            "id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": {"content": word}, "finish_reason": null}]
        }));
    }
    chunks.push(
        json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}),
    );
    chunks.push(
        json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
        "choices": [], "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens}}),
    );
    Reply::Chunks { chunks, delay: std::time::Duration::ZERO }
}

/// Tool calls, their arguments split across chunks as OpenAI sends them.
pub fn tool_reply(calls: &[(&str, Value)]) -> Reply {
    let mut chunks = Vec::new();
    for (index, (name, arguments)) in calls.iter().enumerate() {
        let arguments = arguments.to_string();
        let mut middle = arguments.len() / 2;
        while !arguments.is_char_boundary(middle) {
            middle -= 1;
        }
        let (head, tail) = arguments.split_at(middle);
        chunks.push(json!({"choices": [{"index": 0, "delta": {"tool_calls": [
            {"index": index, "id": format!("call_{index}"), "type": "function", "function": {"name": name, "arguments": head}}
        ]}}]}));
        chunks.push(json!({"choices": [{"index": 0, "delta": {"tool_calls": [
            {"index": index, "function": {"arguments": tail}}
        ]}}]}));
    }
    chunks.push(json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}));
    chunks.push(
        json!({"choices": [], "usage": {"prompt_tokens": 500, "completion_tokens": 20, "total_tokens": 520}}),
    );
    Reply::Chunks { chunks, delay: std::time::Duration::ZERO }
}

type Responder = Arc<dyn Fn(&Value) -> Reply + Send + Sync>;

#[derive(Clone, Default)]
struct ChatScript {
    replies: Arc<Mutex<std::collections::VecDeque<Reply>>>,
    /// Writes the reply from the request, once the queue is empty.
    responder: Arc<Mutex<Option<Responder>>>,
    otherwise: Arc<Mutex<Option<Reply>>>,
    requests: Recorded,
}

/// A fake OpenAI-compatible chat model: streams scripted replies in the
/// real wire format (SSE chunks, tool calls in pieces, usage, `[DONE]`).
pub struct FakeChat {
    pub base_url: String,
    script: ChatScript,
    _server: tokio::task::JoinHandle<()>,
}

impl FakeChat {
    pub async fn start() -> FakeChat {
        let script = ChatScript::default();
        let app = Router::new().route("/v1/chat/completions", post(completions)).with_state(script.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeChat { base_url: format!("http://{addr}/v1"), script, _server: server }
    }

    /// Queues the next reply.
    pub fn push(&self, reply: Reply) {
        if let Ok(mut r) = self.script.replies.lock() {
            r.push_back(reply);
        }
    }

    /// Replies written from each request (a scripted model), once the
    /// queue is empty.
    pub fn respond_with(&self, responder: impl Fn(&Value) -> Reply + Send + Sync + 'static) {
        if let Ok(mut r) = self.script.responder.lock() {
            *r = Some(Arc::new(responder));
        }
    }

    /// What to answer once the queue is empty.
    pub fn otherwise(&self, reply: Reply) {
        if let Ok(mut o) = self.script.otherwise.lock() {
            *o = Some(reply);
        }
    }

    pub fn requests(&self) -> Vec<Value> {
        self.script.requests.0.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

async fn completions(
    State(script): State<ChatScript>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use futures::StreamExt;
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(&format!("Bearer {API_KEY}")) {
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}))).into_response();
    }
    if body["stream"] != true || body["stream_options"]["include_usage"] != true {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": {"message": "expected a streamed request with usage", "type": "invalid_request_error", "param": "stream", "code": null}}))).into_response();
    }
    let next = script.replies.lock().ok().and_then(|mut r| r.pop_front());
    let responder = script.responder.lock().ok().and_then(|r| r.clone());
    let reply = next
        .or_else(|| responder.map(|f| f(&body)))
        .or_else(|| script.otherwise.lock().ok().and_then(|o| o.clone()))
        .unwrap_or(Reply::Fail(500));
    if let Ok(mut r) = script.requests.0.lock() {
        r.push(body);
    }
    match reply {
        Reply::Fail(status) => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            Json(json!({"error": {"message": "The server had an error while processing your request.", "type": "server_error", "param": null, "code": null}})),
        )
            .into_response(),
        Reply::Chunks { chunks, delay } => {
            let lines = chunks.into_iter().map(|c| format!("data: {c}\n\n")).chain(std::iter::once("data: [DONE]\n\n".to_owned()));
            let stream = futures::stream::iter(lines).then(move |line| async move {
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                Ok::<_, std::convert::Infallible>(line)
            });
            axum::response::Response::builder()
                .header("content-type", "text/event-stream")
                .body(axum::body::Body::from_stream(stream))
                .unwrap_or_default()
        }
    }
}

//! The model behind any OpenAI-compatible chat completions API (OpenAI,
//! Ollama, vLLM, llama.cpp, ...), through async-openai: streamed, with tool
//! calls and usage requested in the stream. The chunks are read with our
//! own lenient types (every field optional), so servers that leave out
//! `id`, `created`, `object` or a tool call's `index` still work.

use super::{LlmClient, LlmError, LlmEvent, LlmRequest, LlmStream, Message, Role, ToolCall};
use crate::server::config::Config;
use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use futures::future::BoxFuture;
use futures::{Stream, StreamExt};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::time::Duration;

pub struct OpenAiLlm {
    client: Client<OpenAIConfig>,
    model: String,
    /// How long the server may take to start answering.
    first_byte: Duration,
}

impl OpenAiLlm {
    pub fn new(config: &Config) -> Result<OpenAiLlm, LlmError> {
        let key = config
            .openai_api_key
            .as_ref()
            .ok_or_else(|| LlmError::Upstream("OPENAI_API_KEY is not set".into()))?;
        crate::server::install_tls();
        let openai = OpenAIConfig::new().with_api_key(key.expose()).with_api_base(&config.openai_base_url);
        // The whole streamed answer must fit in the chat deadline; the first
        // byte has its own, shorter one below.
        let http = reqwest::Client::builder()
            .timeout(config.chat_deadline)
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| LlmError::Upstream(e.to_string()))?;
        Ok(OpenAiLlm {
            client: Client::with_config(openai).with_http_client(http),
            model: config.openai_chat_model.clone(),
            first_byte: config.openai_timeout,
        })
    }

    fn body(&self, request: &LlmRequest) -> Value {
        let messages: Vec<Value> = request.messages.iter().map(message_json).collect();
        let mut body = json!({
            "model": self.model,
            "messages": messages,
            "stream": true,
            "stream_options": {"include_usage": true},
            "temperature": 0.3,
        });
        if !request.tools.is_empty() {
            body["tools"] = request
                .tools
                .iter()
                .map(|t| {
                    json!({"type": "function", "function": {
                        "name": t.name, "description": t.description, "parameters": t.parameters
                    }})
                })
                .collect();
        }
        body
    }
}

fn message_json(m: &Message) -> Value {
    match m.role {
        Role::System => json!({"role": "system", "content": m.content}),
        Role::User => json!({"role": "user", "content": m.content}),
        Role::Assistant if m.tool_calls.is_empty() => json!({"role": "assistant", "content": m.content}),
        Role::Assistant => json!({
            "role": "assistant",
            "content": if m.content.is_empty() { Value::Null } else { Value::String(m.content.clone()) },
            "tool_calls": m.tool_calls.iter().map(|c| json!({
                "id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}
            })).collect::<Vec<_>>(),
        }),
        Role::Tool => json!({
            "role": "tool",
            "tool_call_id": m.tool_call_id.clone().unwrap_or_default(),
            "content": m.content,
        }),
    }
}

impl LlmClient for OpenAiLlm {
    fn provider(&self) -> &'static str {
        "openai"
    }

    fn model(&self) -> &str {
        &self.model
    }

    fn stream<'a>(&'a self, request: &'a LlmRequest) -> BoxFuture<'a, Result<LlmStream, LlmError>> {
        Box::pin(async move {
            let body = self.body(request);
            let chat = self.client.chat();
            let started = chat.create_stream_byot::<Value, Chunk>(body);
            let chunks = tokio::time::timeout(self.first_byte, started)
                .await
                .map_err(|_| LlmError::Timeout)?
                .map_err(upstream)?;
            Ok(assemble(chunks).boxed())
        })
    }
}

fn upstream(error: OpenAIError) -> LlmError {
    match error {
        OpenAIError::JSONDeserialize(e, _) => LlmError::Protocol(e.to_string()),
        OpenAIError::Reqwest(e) if e.is_timeout() => LlmError::Timeout,
        other => LlmError::Upstream(other.to_string()),
    }
}

/// One streamed chunk, every field optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Chunk {
    choices: Vec<Choice>,
    usage: Option<Usage>,
    /// Some servers report a failure inside the stream.
    error: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Choice {
    delta: Delta,
    finish_reason: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Delta {
    content: Option<String>,
    tool_calls: Option<Vec<ToolCallDelta>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ToolCallDelta {
    index: Option<usize>,
    id: Option<String>,
    function: Option<FunctionDelta>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct FunctionDelta {
    name: Option<String>,
    arguments: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Usage {
    prompt_tokens: u32,
    completion_tokens: u32,
}

/// Tool calls arrive in pieces: an id and a name first, then the arguments
/// a few characters at a time, keyed by `index` (or, from servers that omit
/// it, by a change of id).
#[derive(Default)]
struct Calls {
    calls: Vec<(Option<usize>, ToolCall)>,
}

impl Calls {
    fn add(&mut self, delta: ToolCallDelta) {
        let position = match (delta.index, &delta.id) {
            (Some(index), _) => self.calls.iter().position(|(i, _)| *i == Some(index)),
            (None, Some(id)) => self.calls.iter().position(|(_, c)| c.id == *id),
            (None, None) => self.calls.len().checked_sub(1),
        };
        let position = position.unwrap_or_else(|| {
            self.calls.push((
                delta.index,
                ToolCall { id: String::new(), name: String::new(), arguments: String::new() },
            ));
            self.calls.len() - 1
        });
        let call = &mut self.calls[position].1;
        if let Some(id) = delta.id.filter(|id| !id.is_empty()) {
            call.id = id;
        }
        if let Some(function) = delta.function {
            if let Some(name) = function.name.filter(|n| !n.is_empty()) {
                call.name = name;
            }
            if let Some(arguments) = function.arguments {
                call.arguments.push_str(&arguments);
            }
        }
    }

    fn finish(&mut self) -> Vec<ToolCall> {
        self.calls
            .drain(..)
            .enumerate()
            .filter(|(_, (_, c))| !c.name.is_empty())
            .map(|(n, (_, mut c))| {
                if c.id.is_empty() {
                    c.id = format!("call_{n}");
                }
                if c.arguments.trim().is_empty() {
                    c.arguments = "{}".into();
                }
                c
            })
            .collect()
    }
}

/// Turns the chunk stream into text deltas as they come, then the assembled
/// tool calls and the usage once the stream ends.
pub fn assemble<S>(chunks: S) -> impl Stream<Item = Result<LlmEvent, LlmError>> + Send + 'static
where
    S: Stream<Item = Result<Chunk, OpenAIError>> + Send + Unpin + 'static,
{
    struct State<S> {
        chunks: S,
        calls: Calls,
        usage: Option<Usage>,
        ready: VecDeque<Result<LlmEvent, LlmError>>,
        done: bool,
    }
    let state = State { chunks, calls: Calls::default(), usage: None, ready: VecDeque::new(), done: false };
    futures::stream::unfold(state, |mut s| async move {
        loop {
            if let Some(event) = s.ready.pop_front() {
                return Some((event, s));
            }
            if s.done {
                return None;
            }
            match s.chunks.next().await {
                Some(Ok(chunk)) => {
                    if let Some(error) = chunk.error {
                        s.ready.push_back(Err(LlmError::Upstream(error.to_string())));
                        s.done = true;
                        continue;
                    }
                    if let Some(usage) = chunk.usage {
                        s.usage = Some(usage);
                    }
                    for choice in chunk.choices {
                        if let Some(text) = choice.delta.content.filter(|t| !t.is_empty()) {
                            s.ready.push_back(Ok(LlmEvent::Text(text)));
                        }
                        for call in choice.delta.tool_calls.unwrap_or_default() {
                            s.calls.add(call);
                        }
                        let _ = choice.finish_reason;
                    }
                }
                Some(Err(error)) => {
                    s.ready.push_back(Err(upstream(error)));
                    s.done = true;
                }
                None => {
                    s.done = true;
                    for call in s.calls.finish() {
                        s.ready.push_back(Ok(LlmEvent::ToolCall(call)));
                    }
                    if let Some(u) = s.usage.take() {
                        s.ready.push_back(Ok(LlmEvent::Usage {
                            prompt_tokens: u.prompt_tokens,
                            completion_tokens: u.completion_tokens,
                        }));
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(json: &str) -> Result<Chunk, OpenAIError> {
        Ok(serde_json::from_str(json).expect("chunk"))
    }

    #[tokio::test]
    async fn pieces_of_tool_calls_and_text_are_put_together() {
        let chunks = futures::stream::iter(vec![
            chunk(r#"{"choices":[{"delta":{"role":"assistant","content":"Let me "}}]}"#),
            chunk(r#"{"choices":[{"delta":{"content":"look."}}]}"#),
            chunk(
                r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"call_a","function":{"name":"search_properties","arguments":""}}]}}]}"#,
            ),
            chunk(
                r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"query\":"}}]}}]}"#,
            ),
            chunk(
                r#"{"choices":[{"delta":{"tool_calls":[{"index":1,"id":"call_b","function":{"name":"get_property","arguments":"{\"id\":\"7\"}"}}]}}]}"#,
            ),
            chunk(
                r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"villa\"}"}}]}}]}"#,
            ),
            chunk(r#"{"choices":[{"delta":{},"finish_reason":"tool_calls"}]}"#),
            chunk(r#"{"choices":[],"usage":{"prompt_tokens":120,"completion_tokens":30}}"#),
        ]);
        let events: Vec<LlmEvent> = assemble(chunks).map(|e| e.expect("event")).collect().await;
        assert_eq!(
            events,
            vec![
                LlmEvent::Text("Let me ".into()),
                LlmEvent::Text("look.".into()),
                LlmEvent::ToolCall(ToolCall {
                    id: "call_a".into(),
                    name: "search_properties".into(),
                    arguments: r#"{"query":"villa"}"#.into()
                }),
                LlmEvent::ToolCall(ToolCall {
                    id: "call_b".into(),
                    name: "get_property".into(),
                    arguments: r#"{"id":"7"}"#.into()
                }),
                LlmEvent::Usage { prompt_tokens: 120, completion_tokens: 30 },
            ]
        );
    }

    #[tokio::test]
    async fn servers_that_omit_indexes_and_ids_still_work() {
        let chunks = futures::stream::iter(vec![chunk(
            r#"{"choices":[{"delta":{"tool_calls":[{"function":{"name":"get_property","arguments":"{\"id\":\"3\"}"}}]}}]}"#,
        )]);
        let events: Vec<LlmEvent> = assemble(chunks).map(|e| e.expect("event")).collect().await;
        assert_eq!(
            events,
            vec![LlmEvent::ToolCall(ToolCall {
                id: "call_0".into(),
                name: "get_property".into(),
                arguments: r#"{"id":"3"}"#.into()
            })]
        );
    }

    #[tokio::test]
    async fn an_error_inside_the_stream_ends_it() {
        let chunks = futures::stream::iter(vec![
            chunk(r#"{"choices":[{"delta":{"content":"Hi"}}]}"#),
            chunk(r#"{"error":{"message":"overloaded"}}"#),
            chunk(r#"{"choices":[{"delta":{"content":"never"}}]}"#),
        ]);
        let events: Vec<Result<LlmEvent, LlmError>> = assemble(chunks).collect().await;
        assert_eq!(events.len(), 2);
        assert!(matches!(events[1], Err(LlmError::Upstream(_))));
    }
}

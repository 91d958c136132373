//! The `LlmClient` port: a chat model that streams text and tool calls. Two
//! real implementations: any OpenAI-compatible server (`openai.rs`) and the
//! deterministic offline assistant (`offline.rs`). The runner treats them
//! alike; only the breaker and the cost monitor care which one answered.

pub mod openai;

use crate::i18n::Lang;
use futures::future::BoxFuture;
use futures::stream::BoxStream;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    System,
    User,
    Assistant,
    Tool,
}

/// A tool call as the model made it: `arguments` is the model's JSON text,
/// parsed (and refused when malformed) by the tool.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    pub arguments: String,
}

/// One message of the context sent to the model.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub role: Role,
    pub content: String,
    /// An assistant message's tool calls.
    pub tool_calls: Vec<ToolCall>,
    /// A tool message: the call it answers, and the tool's name.
    pub tool_call_id: Option<String>,
    pub tool_name: Option<String>,
}

impl Message {
    pub fn system(content: impl Into<String>) -> Message {
        Message::plain(Role::System, content)
    }

    pub fn user(content: impl Into<String>) -> Message {
        Message::plain(Role::User, content)
    }

    pub fn assistant(content: impl Into<String>, tool_calls: Vec<ToolCall>) -> Message {
        Message { tool_calls, ..Message::plain(Role::Assistant, content) }
    }

    pub fn tool(call: &ToolCall, content: impl Into<String>) -> Message {
        Message {
            tool_call_id: Some(call.id.clone()),
            tool_name: Some(call.name.clone()),
            ..Message::plain(Role::Tool, content)
        }
    }

    fn plain(role: Role, content: impl Into<String>) -> Message {
        Message { role, content: content.into(), tool_calls: Vec::new(), tool_call_id: None, tool_name: None }
    }
}

/// A tool as the model sees it: a name, what it is for, and the JSON schema
/// of its arguments (generated from the argument type).
#[derive(Clone, Debug)]
pub struct ToolSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub parameters: serde_json::Value,
}

#[derive(Clone, Debug)]
pub struct LlmRequest {
    pub messages: Vec<Message>,
    pub tools: Vec<ToolSpec>,
    /// The language to answer in.
    pub lang: Lang,
    /// The listing the chat was opened from, if any.
    pub focus_listing: Option<i64>,
    /// Whether the buyer is signed in (tools that book need it).
    pub signed_in: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LlmEvent {
    /// More of the answer.
    Text(String),
    /// Text Osool's own code wrote (the offline assistant's fixed
    /// greetings, with their example request): no model wrote it, so the
    /// guard lets it through as it is.
    Trusted(String),
    /// A complete tool call (arguments assembled from the stream).
    ToolCall(ToolCall),
    /// Tokens the call used (sent once, at the end, when the server reports it).
    Usage { prompt_tokens: u32, completion_tokens: u32 },
}

#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("model service error: {0}")]
    Upstream(String),
    #[error("model service did not answer in time")]
    Timeout,
    #[error("model service sent something unreadable: {0}")]
    Protocol(String),
}

pub type LlmStream = BoxStream<'static, Result<LlmEvent, LlmError>>;

pub trait LlmClient: Send + Sync {
    /// "openai" (any compatible server) or "offline".
    fn provider(&self) -> &'static str;
    /// The model name recorded with each answer and its costs.
    fn model(&self) -> &str;
    /// Starts one completion. Errors before the stream starts (refused,
    /// unreachable) come back here; errors mid-stream come in the stream.
    fn stream<'a>(&'a self, request: &'a LlmRequest) -> BoxFuture<'a, Result<LlmStream, LlmError>>;
}

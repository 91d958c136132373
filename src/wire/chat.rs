//! The sales assistant's chat on the wire: what the browser sends, the
//! events the server streams back while the assistant answers (SSE on
//! `POST /api/v1/chat`), and the server functions that reload a
//! conversation. Listings travel as records read from the database, never
//! as text the model wrote.

use crate::domain::Lang;
use crate::domain::listing::Listing;
use crate::wire::AppError;
use serde::{Deserialize, Serialize};

/// One message from the buyer (or a retry of the last one).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatRequest {
    /// The conversation to continue; a new one starts without it.
    #[serde(default)]
    pub conversation_id: Option<String>,
    #[serde(default)]
    pub message: String,
    /// The listing the chat was opened from ("ask about this unit").
    #[serde(default)]
    pub listing_id: Option<String>,
    /// Answer the last message again instead of sending a new one.
    #[serde(default)]
    pub retry: bool,
    /// The page language; the buyer's own writing wins when it is clear.
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// Why the offline assistant answers instead of the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfflineReason {
    /// No model is configured: the offline assistant is the assistant.
    NotConfigured,
    /// The model failed repeatedly and is rested for a while.
    Unavailable,
    /// Today's spending on the model reached its budget.
    Budget,
    /// Too little of the model's answer could be checked against Osool's
    /// data: the offline assistant answered that turn.
    Unverified,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToolStatus {
    Started,
    Done,
    Failed,
}

/// What the server streams while the assistant answers, in order: one
/// `Start`, then any number of `Tool`, `Delta` and `Cards`, then `Done` or
/// `Error`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChatEvent {
    Start {
        conversation_id: String,
        /// The offline assistant answers this turn.
        offline: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<OfflineReason>,
    },
    /// A tool the assistant is using ("searching listings...").
    Tool {
        name: String,
        status: ToolStatus,
    },
    /// More of the answer's text (already checked by the guard).
    Delta {
        text: String,
    },
    /// Listings to show under the answer, read from the database.
    Cards {
        listings: Vec<Listing>,
    },
    /// A viewing the assistant prepared: nothing is booked until the buyer
    /// presses the confirm button this renders (from these stored facts,
    /// not from anything the model wrote).
    Proposal {
        proposal: Box<ViewingProposal>,
    },
    Done {
        message_id: i64,
        /// The whole answer as stored: the browser shows this one.
        text: String,
        /// Invented listings, compounds or prices removed or corrected.
        corrections: u32,
        /// A tool needed a signed-in buyer (booking a viewing).
        sign_in_required: bool,
    },
    Error {
        error: AppError,
    },
}

impl ChatEvent {
    /// The SSE event name.
    pub fn name(&self) -> &'static str {
        match self {
            ChatEvent::Start { .. } => "start",
            ChatEvent::Tool { .. } => "tool",
            ChatEvent::Delta { .. } => "delta",
            ChatEvent::Cards { .. } => "cards",
            ChatEvent::Proposal { .. } => "proposal",
            ChatEvent::Done { .. } => "done",
            ChatEvent::Error { .. } => "error",
        }
    }
}

/// A viewing waiting for the buyer's confirmation, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewingProposal {
    pub id: String,
    pub listing: Listing,
    /// The time the buyer asked for, Cairo time ("2026-12-10 15:00"), if any.
    pub preferred_cairo: Option<String>,
    pub note: String,
    /// The viewing request it became, once confirmed.
    pub viewing_request_id: Option<i64>,
    /// Past its expiry without being confirmed.
    pub expired: bool,
}

/// A confirmed viewing request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewingBooked {
    pub viewing_request_id: i64,
    pub listing_id: String,
    pub preferred_cairo: Option<String>,
    /// The listing's agent (or the admins) will hear about it.
    pub agent_notified: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Speaker {
    Buyer,
    Assistant,
}

/// A message as the chat shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub id: i64,
    pub speaker: Speaker,
    pub text: String,
    pub listings: Vec<Listing>,
    pub offline: bool,
    /// The buyer stopped this answer before it finished.
    pub stopped: bool,
    /// A viewing this answer prepared for the buyer to confirm.
    #[serde(default)]
    pub proposal: Option<ViewingProposal>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: String,
    pub listing_id: Option<String>,
    pub messages: Vec<ChatMessage>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub id: String,
    pub title: String,
    /// RFC 3339.
    pub updated_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_as_json_with_a_type_tag() {
        let e = ChatEvent::Delta { text: "hi".into() };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, r#"{"type":"delta","text":"hi"}"#);
        assert_eq!(serde_json::from_str::<ChatEvent>(&json).unwrap(), e);
        let e = ChatEvent::Error { error: AppError::RateLimited { retry_after_secs: 3 } };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<ChatEvent>(&json).unwrap(), e);
    }
}

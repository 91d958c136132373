//! The sales assistant's chat on the wire: what the browser sends, the
//! events the server streams back while the assistant answers (SSE on
//! `POST /api/v1/chat`), and the server functions that reload a
//! conversation. Listings travel as records read from the database, never
//! as text the model wrote.

use crate::api::AppError;
use leptos::prelude::*;

pub use crate::wire::chat::*;

/// Books the viewing the assistant proposed, for the signed-in buyer it
/// was proposed to. Confirming twice books once.
#[server(prefix = "/fn", endpoint = "chat/confirm_viewing", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn confirm_viewing(proposal_id: String) -> Result<ViewingBooked, AppError> {
    AppError::respond(
        async {
            let state = crate::server::http::context::state()?;
            let user = crate::server::http::context::require_user(&state).await?;
            state.agent.confirm_viewing(&user, &proposal_id).await
        }
        .await,
    )
}

/// A conversation the caller owns (signed in, or the same browser while
/// anonymous), with its messages; `None` when it is not theirs or not there.
#[server(prefix = "/fn", endpoint = "chat/history", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn chat_history(conversation_id: String) -> Result<Option<Conversation>, AppError> {
    AppError::respond(
        async {
            let state = crate::server::http::context::state()?;
            let owner = crate::server::http::context::chat_owner(&state).await?;
            state.agent.conversation(&owner, &conversation_id).await
        }
        .await,
    )
}

/// The caller's recent conversations, newest first.
#[server(prefix = "/fn", endpoint = "chat/conversations", input = leptos::server_fn::codec::Json, output = crate::api::Json)]
pub async fn chat_conversations() -> Result<Vec<ConversationSummary>, AppError> {
    AppError::respond(
        async {
            let state = crate::server::http::context::state()?;
            let owner = crate::server::http::context::chat_owner(&state).await?;
            state.agent.conversations(&owner).await
        }
        .await,
    )
}

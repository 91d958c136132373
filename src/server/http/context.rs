//! What a server function knows about its request: the app state, the
//! caller's address and session, and the signed-in user. Every function
//! that touches private data asks for the user here, itself.

use crate::domain::account::{Role, User};
use crate::server::state::AppState;
use crate::wire::AppError;
use http::HeaderValue;
use http::request::Parts;
use leptos::prelude::use_context;

pub fn state() -> Result<AppState, AppError> {
    AppState::from_context()
}

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The caller's address (X-Forwarded-For when behind a trusted proxy).
pub fn address(state: &AppState) -> String {
    parts().map_or_else(
        || "unknown".to_owned(),
        |p| crate::server::http::client::address(&p, state.config.trusted_proxies),
    )
}

pub fn session_cookie() -> Option<String> {
    parts().and_then(|p| crate::server::services::accounts::session::from_headers(&p.headers))
}

/// The signed-in user, if any.
pub async fn user(state: &AppState) -> Result<Option<User>, AppError> {
    state.accounts.user_for_cookie(session_cookie().as_deref()).await
}

pub async fn require_user(state: &AppState) -> Result<User, AppError> {
    user(state).await?.ok_or(AppError::Unauthorized)
}

pub async fn require_role(state: &AppState, role: Role) -> Result<User, AppError> {
    let user = require_user(state).await?;
    if user.role.at_least(role) { Ok(user) } else { Err(AppError::Forbidden) }
}

/// The caller's language (its cookie, else what the browser asks for).
pub fn lang() -> crate::i18n::Lang {
    parts().map_or_else(crate::i18n::Lang::default, |p| crate::i18n::lang_from_headers(&p.headers))
}

/// Whether the call is a plain HTML form post (no app script in the
/// browser): it wants a page, so it gets a redirect.
pub fn is_plain_form() -> bool {
    parts().is_some_and(|p| {
        p.headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// Who rate limits count against: the user when signed in, else the address.
pub async fn subject(state: &AppState) -> String {
    let user = user(state).await.ok().flatten();
    crate::server::services::ratelimit::subject(user.map(|u| u.id), &address(state))
}

pub fn set_cookie(value: HeaderValue) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// Signs `user_id` in: a fresh session and its cookie. The browser's
/// anonymous conversations with the assistant become the user's.
pub async fn sign_in_as(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let session = state.accounts.start_session(user_id, session_cookie().as_deref()).await?;
    set_cookie(state.accounts.session_cookie(Some(&session)));
    if let Some(visitor) = parts().and_then(|p| crate::server::http::chat::visitor_from(&p.headers)) {
        state.agent.merge_visitor(&visitor, user_id).await;
    }
    Ok(())
}

/// Whose conversations the caller may see: the signed-in user's, and this
/// browser's anonymous ones.
pub async fn chat_owner(state: &AppState) -> Result<crate::server::services::assistant::ChatOwner, AppError> {
    match parts() {
        Some(p) => Ok(crate::server::http::chat::owner(state, &p.headers).await?.0),
        None => Ok(crate::server::services::assistant::ChatOwner::default()),
    }
}

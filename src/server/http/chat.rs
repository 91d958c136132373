//! `POST /api/v1/chat`: one message to the sales assistant, answered as a
//! stream of server-sent events (`start`, `tool`, `delta`, `cards`, `done`
//! or `error`; each `data:` is a `ChatEvent` in JSON). Closing the stream
//! stops the answer. Anonymous buyers are known by a random visitor cookie
//! (only its keyed hash is stored), so their chat survives a reload and
//! becomes theirs when they sign in.

use crate::server::services::assistant::ChatOwner;
use crate::server::services::ratelimit;
use crate::server::state::AppState;
use crate::wire::AppError;
use crate::wire::chat::{ChatEvent, ChatRequest};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

pub const VISITOR_COOKIE: &str = "osool_visitor";
const VISITOR_MAX_AGE: u64 = 365 * 24 * 60 * 60;

/// The visitor cookie's value, if the browser sent one that looks right.
pub fn visitor_from(headers: &HeaderMap) -> Option<String> {
    crate::wire::cookie::values(headers, VISITOR_COOKIE)
        .find(|value| {
            (20..=100).contains(&value.len())
                && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned)
}

pub fn visitor_cookie(value: &str, secure: bool) -> Option<HeaderValue> {
    crate::wire::cookie::SetCookie {
        name: VISITOR_COOKIE,
        value: Some(value),
        path: "/",
        max_age_secs: VISITOR_MAX_AGE,
        http_only: true,
        secure,
    }
    .header()
    .into()
}

/// The owner of the caller's conversations, from their cookies.
pub async fn owner(state: &AppState, headers: &HeaderMap) -> Result<(ChatOwner, Option<String>), AppError> {
    let session = crate::server::services::accounts::session::from_headers(headers);
    let user = state.accounts.user_for_cookie(session.as_deref()).await?;
    let visitor = visitor_from(headers);
    let hash = visitor.as_deref().map(|v| state.agent.visitor_hash(v));
    Ok((ChatOwner { user, visitor: hash }, visitor))
}

pub async fn post_chat(
    State(state): State<AppState>,
    headers: HeaderMap,
    peer: ConnectInfo<SocketAddr>,
    body: Result<Json<ChatRequest>, JsonRejection>,
) -> Response {
    match start(&state, &headers, &peer, body).await {
        Err(error) => error.into_response(),
        Ok((events, new_visitor)) => {
            let stream = futures::stream::unfold(events, |mut events| async move {
                let event = events.recv().await?;
                let sse = Event::default()
                    .event(event.name())
                    .json_data(&event)
                    .unwrap_or_else(|_| Event::default().event("error").data("{}"));
                Some((Ok::<_, Infallible>(sse), events))
            });
            let mut response = Sse::new(stream)
                .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
                .into_response();
            let headers = response.headers_mut();
            headers.insert(http::header::CACHE_CONTROL, HeaderValue::from_static("no-cache, no-store"));
            headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
            if let Some(cookie) = new_visitor.and_then(|v| visitor_cookie(&v, state.config.secure_cookies()))
            {
                headers.append(http::header::SET_COOKIE, cookie);
            }
            response
        }
    }
}

type Started = (tokio::sync::mpsc::Receiver<ChatEvent>, Option<String>);

async fn start(
    state: &AppState,
    headers: &HeaderMap,
    peer: &ConnectInfo<SocketAddr>,
    body: Result<Json<ChatRequest>, JsonRejection>,
) -> Result<Started, AppError> {
    let Json(request) = body.map_err(|e| AppError::validation("body", e.body_text()))?;
    let (mut owner, visitor) = owner(state, headers).await?;
    let address =
        crate::server::http::client::address_from(headers, Some(peer.0), state.config.trusted_proxies);
    let subject = ratelimit::subject(owner.user.as_ref().map(|u| u.id), &address);
    ratelimit::check(&state.kv, ratelimit::chat(state.config.chat_rate_per_minute), &subject).await?;
    let new_visitor = match visitor {
        Some(_) => None,
        None => {
            let v = crate::server::services::accounts::session::random_token();
            owner.visitor = Some(state.agent.visitor_hash(&v));
            Some(v)
        }
    };
    let events = state.agent.start(owner, request).await?;
    Ok((events, new_visitor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_visitor_cookies_are_read() {
        let mut h = HeaderMap::new();
        h.insert(
            http::header::COOKIE,
            HeaderValue::from_static("a=1; osool_visitor=abcdefghijklmnopqrstuvwxyz012345"),
        );
        assert_eq!(visitor_from(&h).as_deref(), Some("abcdefghijklmnopqrstuvwxyz012345"));
        h.insert(http::header::COOKIE, HeaderValue::from_static("osool_visitor=short"));
        assert_eq!(visitor_from(&h), None);
        h.insert(
            http::header::COOKIE,
            HeaderValue::from_static("osool_visitor=<script>alert(1)</script>xxxxxxxx"),
        );
        assert_eq!(visitor_from(&h), None);
    }
}

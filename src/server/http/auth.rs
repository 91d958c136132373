//! The Google sign-in redirect and callback (plain HTTP: the browser leaves
//! the site and comes back).

use crate::i18n::lang_from_headers;
use crate::server::accounts::google::Pending;
use crate::server::accounts::session;
use crate::server::state::AppState;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::HeaderMap;
use redis::AsyncCommands;
use serde::Deserialize;

const PENDING_SECS: u64 = 600;

/// Only local paths: never an open redirect.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && n.len() < 500 => {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

fn failed(reason: &str) -> Response {
    Redirect::to(&format!("/?auth=email&error={reason}")).into_response()
}

#[derive(Deserialize)]
pub struct Start {
    next: Option<String>,
}

pub async fn get_google(State(state): State<AppState>, Query(q): Query<Start>) -> Response {
    let Some(google) = &state.accounts.google else { return failed("google_unavailable") };
    let (url, csrf, pending) = google.start(&safe_next(q.next.as_deref()));
    let Ok(value) = serde_json::to_string(&pending) else { return failed("google") };
    let mut kv = state.kv.connection();
    let stored: Result<(), _> = kv.set_ex(state.kv.key(&["oauth", &csrf]), value, PENDING_SECS).await;
    if stored.is_err() {
        return failed("unavailable");
    }
    Redirect::to(&url).into_response()
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

pub async fn get_google_callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<Callback>,
) -> Response {
    let Some(google) = &state.accounts.google else { return failed("google_unavailable") };
    if q.error.is_some() {
        return failed("google_cancelled");
    }
    let (Some(code), Some(csrf)) = (q.code, q.state) else { return failed("google_state") };
    // The state is used once: whatever happens next, it is gone.
    let mut kv = state.kv.connection();
    let raw: Option<String> =
        match redis::cmd("GETDEL").arg(state.kv.key(&["oauth", &csrf])).query_async(&mut kv).await {
            Ok(v) => v,
            Err(_) => return failed("unavailable"),
        };
    let Some(pending) = raw.and_then(|r| serde_json::from_str::<Pending>(&r).ok()) else {
        return failed("google_state");
    };
    let identity = match google.finish(&code, &pending).await {
        Ok(identity) => identity,
        Err(error) => {
            tracing::warn!(%error, "Google sign-in rejected");
            return failed("google");
        }
    };
    let lang = lang_from_headers(&headers);
    let user_id = match state.accounts.google_account(&identity, lang).await {
        Ok(id) => id,
        Err(_) => return failed("google"),
    };
    let old = session::from_headers(&headers);
    let Ok(id) = state.accounts.start_session(user_id, old.as_deref()).await else {
        return failed("unavailable");
    };
    if let Some(visitor) = crate::server::http::chat::visitor_from(&headers) {
        state.agent.merge_visitor(&visitor, user_id).await;
    }
    let mut response = Redirect::to(&pending.next).into_response();
    response
        .headers_mut()
        .append(http::header::SET_COOKIE, session::cookie(Some(&id), state.config.secure_cookies()));
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(super::safe_next(Some("/listings/4")), "/listings/4");
        assert_eq!(super::safe_next(Some("//evil.example")), "/");
        assert_eq!(super::safe_next(Some("https://evil.example")), "/");
        assert_eq!(super::safe_next(Some("/\\evil")), "/");
        assert_eq!(super::safe_next(None), "/");
    }
}

//! The Google sign-in redirect and callback (plain HTTP: the browser leaves
//! the site and comes back). What they defend against:
//! - login CSRF: a callback URL started in someone else's browser would sign
//!   the victim in as that person (and hand them the victim's anonymous
//!   chats). The flow is bound to the browser that started it: a random
//!   value in a short-lived HttpOnly, SameSite=Lax cookie, whose hash is kept
//!   with the pending state and must match at the callback.
//! - open redirects: `next` is only ever a path on this site (`safe_next`).
//! - replays: the pending state is read and deleted in one step (GETDEL).
//! - flooding: starting a flow writes to Redis, so it is limited per address.

use crate::i18n::lang_from_headers;
use crate::server::http::client;
use crate::server::services::accounts::google::Pending;
use crate::server::services::accounts::session;
use crate::server::services::ratelimit;
use crate::server::state::AppState;
use axum::extract::{ConnectInfo, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, HeaderValue};
use redis::AsyncCommands;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::net::SocketAddr;

const PENDING_SECS: u64 = 600;
/// The cookie that binds a Google sign-in to the browser that started it.
pub const BINDING_COOKIE: &str = "osool_oauth";
/// Characters a `next` path may hold as they are: unreserved and the
/// delimiters a path and query use (RFC 3986), nothing a browser would
/// strip, rewrite or read as the start of another host.
const PATH_PUNCTUATION: &str = "-._~!$&'()*+,;=:@/?%#";

/// Where to go once signed in: a path on this site, or `/`. It must start
/// with exactly one `/` and hold only the characters above; letters outside
/// ASCII (an Arabic search) are percent-encoded; anything else (control
/// characters, whitespace, backslashes, quotes, angle brackets) sends the
/// user home instead, since browsers strip or rewrite those and
/// `/\t/evil.example` becomes `//evil.example`.
pub fn safe_next(next: Option<&str>) -> String {
    let home = || "/".to_owned();
    let Some(next) = next else { return home() };
    let mut chars = next.chars();
    if next.len() > 500 || chars.next() != Some('/') || matches!(chars.next(), Some('/' | '\\')) {
        return home();
    }
    let mut out = String::with_capacity(next.len());
    for c in next.chars() {
        if c.is_ascii_alphanumeric() || PATH_PUNCTUATION.contains(c) {
            out.push(c);
        } else if !c.is_ascii() && c.is_alphanumeric() {
            let mut buffer = [0u8; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            return home();
        }
    }
    out
}

fn failed(reason: &str) -> Response {
    Redirect::to(&format!("/?auth=email&error={reason}")).into_response()
}

fn hash_hex(value: &str) -> String {
    session::hex(&Sha256::digest(value.as_bytes()))
}

/// `Set-Cookie` for the binding (or, with `None`, clearing it). Scoped to
/// the two Google paths; Lax, so it comes back on Google's redirect.
fn binding_cookie(value: Option<&str>, secure: bool) -> HeaderValue {
    crate::wire::cookie::SetCookie {
        name: BINDING_COOKIE,
        value,
        path: "/auth/google",
        max_age_secs: PENDING_SECS,
        http_only: true,
        secure,
    }
    .header()
}

fn binding_from(headers: &HeaderMap) -> Option<String> {
    crate::wire::cookie::values(headers, BINDING_COOKIE).find(|value| value.len() == 43).map(str::to_owned)
}

#[derive(Deserialize)]
pub struct Start {
    next: Option<String>,
}

pub async fn get_google(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<Start>,
) -> Response {
    let Some(google) = &state.accounts.google else { return failed("google_unavailable") };
    let address = client::address_from(&headers, Some(peer), state.config.trusted_proxies);
    match ratelimit::check(&state.kv, ratelimit::GOOGLE_START, &address).await {
        Ok(()) => {}
        Err(crate::wire::AppError::RateLimited { .. }) => return failed("rate_limited"),
        Err(_) => return failed("unavailable"),
    }
    let binding = session::random_token();
    let (url, csrf, pending) = google.start(&safe_next(q.next.as_deref()), &hash_hex(&binding));
    let Ok(value) = serde_json::to_string(&pending) else { return failed("google") };
    let mut kv = state.kv.connection();
    let stored: Result<(), _> = kv.set_ex(state.kv.key(&["oauth", &csrf]), value, PENDING_SECS).await;
    if stored.is_err() {
        return failed("unavailable");
    }
    let mut response = Redirect::to(&url).into_response();
    response
        .headers_mut()
        .append(http::header::SET_COOKIE, binding_cookie(Some(&binding), state.config.secure_cookies()));
    response
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
    let mut response = finish_google(&state, &headers, q).await;
    // The binding is single use too: whatever happened, it is cleared.
    response
        .headers_mut()
        .append(http::header::SET_COOKIE, binding_cookie(None, state.config.secure_cookies()));
    response
}

async fn finish_google(state: &AppState, headers: &HeaderMap, q: Callback) -> Response {
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
    // Only the browser that started this sign-in may finish it.
    let binding = binding_from(headers).map(|b| hash_hex(&b));
    if binding.as_deref() != Some(pending.browser.as_str()) {
        tracing::warn!("Google callback from a browser that did not start the sign-in: refused");
        return failed("google_browser");
    }
    let identity = match google.finish(&code, &pending).await {
        Ok(identity) => identity,
        Err(error) => {
            tracing::warn!(%error, "Google sign-in rejected");
            return failed("google");
        }
    };
    let lang = lang_from_headers(headers);
    let user_id = match state.accounts.google_account(&identity, lang).await {
        Ok(id) => id,
        Err(_) => return failed("google"),
    };
    let old = session::from_headers(headers);
    let Ok(new_session) = state.accounts.start_session(user_id, old.as_deref()).await else {
        return failed("unavailable");
    };
    if let Some(visitor) = crate::server::http::chat::visitor_from(headers) {
        state.agent.merge_visitor(&visitor, user_id).await;
    }
    let mut response = Redirect::to(&pending.next).into_response();
    response
        .headers_mut()
        .append(http::header::SET_COOKIE, state.accounts.session_cookie(Some(&new_session)));
    response
}

#[cfg(test)]
mod tests {
    use super::safe_next;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/listings/4")), "/listings/4");
        assert_eq!(safe_next(Some("/?q=villa&page=2#top")), "/?q=villa&page=2#top");
        assert_eq!(safe_next(Some("/?q=شقة")), "/?q=%D8%B4%D9%82%D8%A9");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "/%09/evil.example\u{0}",
            "\u{3000}/evil",
            "/\u{200b}/evil.example",
            "evil.example",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }

    /// Thousands of generated `next` values, built from the characters that
    /// make open redirects (slashes, backslashes, tabs, newlines, spaces of
    /// every kind, invisible characters, `@`, `:`, `%`, dots, Arabic): what
    /// comes out, read by a WHATWG URL parser the way a browser reads
    /// `Location`, always stays on this site.
    #[test]
    fn generated_next_values_never_leave_the_site() {
        const PIECES: &[&str] = &[
            "/",
            "//",
            "\\",
            "\t",
            "\n",
            "\r",
            " ",
            "\u{0}",
            "\u{7f}",
            "\u{a0}",
            "\u{3000}",
            "\u{200b}",
            "\u{feff}",
            "\u{2028}",
            "%2f",
            "%5c",
            "%09",
            "@",
            ":",
            ".",
            "..",
            "?",
            "#",
            "evil.example",
            "https:",
            "http:",
            "javascript:",
            "listings",
            "4",
            "شقة",
            "ش",
            "q=",
            "&",
            "~",
            "'",
            "\"",
            "<",
            ">",
            "`",
            "^",
            "{",
            "|",
        ];
        let base = reqwest::Url::parse("https://osool.example/start").expect("base");
        let mut rng = StdRng::seed_from_u64(2026);
        let mut kept = 0;
        for _ in 0..20_000 {
            let mut candidate = String::new();
            if rng.random_bool(0.7) {
                candidate.push('/');
            }
            for _ in 0..rng.random_range(0..8) {
                candidate.push_str(PIECES[rng.random_range(0..PIECES.len())]);
            }
            let next = safe_next(Some(&candidate));
            assert!(
                next.starts_with('/') && !next[1..].starts_with(['/', '\\']),
                "{candidate:?} -> {next:?}"
            );
            assert!(next.bytes().all(|b| b.is_ascii_graphic()), "{candidate:?} -> {next:?}");
            let resolved = base.join(&next).unwrap_or_else(|e| panic!("{candidate:?} -> {next:?}: {e}"));
            assert_eq!(resolved.host_str(), Some("osool.example"), "{candidate:?} -> {next:?}");
            assert_eq!(resolved.scheme(), "https");
            if next != "/" {
                kept += 1;
            }
        }
        assert!(kept > 1_000, "the generator also makes acceptable paths ({kept})");
    }
}

//! The language cookie.

use crate::i18n::{LANG_COOKIE, Lang};
use axum::http::HeaderValue;

/// `Set-Cookie` for the chosen language: a year, whole site, not readable
/// cross-site. It holds no personal data, so it needs no consent banner.
pub fn language_cookie(lang: Lang, secure: bool) -> HeaderValue {
    crate::wire::cookie::SetCookie {
        name: LANG_COOKIE,
        value: Some(lang.code()),
        path: "/",
        max_age_secs: 31_536_000,
        http_only: false,
        secure,
    }
    .header()
}

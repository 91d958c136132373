//! The language cookie.

use crate::i18n::{LANG_COOKIE, Lang};
use axum::http::HeaderValue;

/// `Set-Cookie` for the chosen language: a year, whole site, not readable
/// cross-site. It holds no personal data, so it needs no consent banner.
pub fn language_cookie(lang: Lang, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}", lang.code());
    // Built only from ASCII constants, so it is always a valid header value.
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static("osool_lang=en; Path=/"))
}

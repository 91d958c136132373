//! Visitor preferences that need no account: the page language.

use crate::api::AppError;
use crate::i18n::Lang;
use leptos::prelude::*;

/// Remembers the visitor's language in a cookie and returns it. Posted by the
/// language switch: as a plain form before the WASM loads (the server then
/// redirects back), as a fetch after.
#[server(prefix = "/fn", endpoint = "set_language", output = crate::api::Json)]
pub async fn set_language(lang: String) -> Result<Lang, AppError> {
    AppError::respond(remember_language(&lang))
}

#[cfg(feature = "ssr")]
fn remember_language(lang: &str) -> Result<Lang, AppError> {
    use crate::server::{http::prefs::language_cookie, state::AppState};

    let lang = Lang::from_code(lang).ok_or_else(|| AppError::validation("lang", "unsupported language"))?;
    let state = AppState::from_context()?;
    let response = use_context::<leptos_axum::ResponseOptions>()
        .ok_or_else(|| AppError::internal("ResponseOptions missing from the server function context"))?;
    response.append_header(http::header::SET_COOKIE, language_cookie(lang, state.config.secure_cookies()));
    Ok(lang)
}

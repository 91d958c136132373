//! Server functions for accounts: sign up, sign in and out, email links,
//! phone codes, the profile and saved listings. Each checks the
//! caller itself; none trusts the URL it was reached by.

use crate::api::AppError;
use crate::domain::account::User;
use crate::domain::listing::Listing;
use leptos::prelude::*;

pub use crate::wire::auth::*;

#[cfg(feature = "ssr")]
fn page_lang() -> crate::i18n::Lang {
    use_context::<http::request::Parts>()
        .map(|p| crate::i18n::lang_from_headers(&p.headers))
        .unwrap_or_default()
}

#[server(prefix = "/fn", endpoint = "auth/sign_up", output = crate::api::Json)]
pub async fn sign_up(name: String, email: String, password: String) -> Result<(), AppError> {
    use crate::server::http::context;
    AppError::respond(
        async {
            let state = context::state()?;
            let address = context::address(&state);
            state.accounts.sign_up(&name, &email, &password, page_lang(), &address).await
        }
        .await,
    )
}

#[server(prefix = "/fn", endpoint = "auth/sign_in", output = crate::api::Json)]
pub async fn sign_in(email: String, password: String) -> Result<User, AppError> {
    use crate::server::http::context;
    AppError::respond(
        async {
            let state = context::state()?;
            let address = context::address(&state);
            let id = state.accounts.sign_in(&email, &password, &address).await?;
            context::sign_in_as(&state, id).await?;
            state.accounts.user(id).await?.ok_or(AppError::Unauthorized)
        }
        .await,
    )
}

#[server(prefix = "/fn", endpoint = "auth/sign_out", output = crate::api::Json)]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::http::context;
    AppError::respond(
        async {
            let state = context::state()?;
            if let Some(cookie) = context::session_cookie() {
                let user = context::user(&state).await.ok().flatten().map(|u| u.id);
                state.accounts.end_session(&cookie, user).await?;
            }
            context::set_cookie(state.accounts.session_cookie(None));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/fn", endpoint = "auth/sign_out_everywhere", output = crate::api::Json)]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use crate::server::http::context;
    AppError::respond(
        async {
            let state = context::state()?;
            let user = context::require_user(&state).await?;
            state.accounts.end_all_sessions(user.id).await?;
            context::set_cookie(state.accounts.session_cookie(None));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/fn", endpoint = "auth/forgot", output = crate::api::Json)]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    use crate::server::http::context;
    AppError::respond(
        async {
            let state = context::state()?;
            let address = context::address(&state);
            state.accounts.forgot_password(&email, page_lang(), &address).await
        }
        .await,
    )
}

#[server(prefix = "/fn", endpoint = "auth/reset", output = crate::api::Json)]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::server::http::context;
    AppError::respond(async { context::state()?.accounts.reset_password(&token, &password).await }.await)
}

#[server(prefix = "/fn", endpoint = "auth/verify_email", output = crate::api::Json)]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    use crate::server::http::context;
    AppError::respond(async { context::state()?.accounts.verify_email(&token).await }.await)
}

#[server(prefix = "/fn", endpoint = "auth/send_code", output = crate::api::Json)]
pub async fn send_code(phone: String) -> Result<CodeSent, AppError> {
    use crate::server::http::context;
    AppError::respond(
        async {
            let state = context::state()?;
            let address = context::address(&state);
            let sent = state.accounts.send_code(&phone, page_lang(), &address).await?;
            Ok(sent)
        }
        .await,
    )
}

#[server(prefix = "/fn", endpoint = "auth/verify_code", output = crate::api::Json)]
pub async fn verify_code(phone: String, code: String) -> Result<User, AppError> {
    use crate::server::http::context;
    AppError::respond(
        async {
            let state = context::state()?;
            let address = context::address(&state);
            let id = state.accounts.verify_code(&phone, &code, page_lang(), &address).await?;
            context::sign_in_as(&state, id).await?;
            state.accounts.user(id).await?.ok_or(AppError::Unauthorized)
        }
        .await,
    )
}

#[server(prefix = "/fn", endpoint = "me", output = crate::api::Json)]
pub async fn current_session() -> Result<SessionInfo, AppError> {
    use crate::server::http::context;
    AppError::respond(
        async {
            let state = context::state()?;
            // A session store outage reads as signed out, not as an error page.
            let user = context::user(&state).await.unwrap_or(None);
            let saved = match &user {
                Some(u) => {
                    state.accounts.saved(u.id).await.unwrap_or_default().iter().map(i64::to_string).collect()
                }
                None => Vec::new(),
            };
            Ok(SessionInfo {
                user,
                saved,
                google: state.accounts.google.is_some(),
                phone: state.config.twilio.is_some() || !state.config.is_production(),
            })
        }
        .await,
    )
}

#[server(prefix = "/fn", endpoint = "me/profile", output = crate::api::Json)]
pub async fn update_profile(name: String, language: String) -> Result<User, AppError> {
    use crate::server::http::context;
    AppError::respond(
        async {
            let state = context::state()?;
            let user = context::require_user(&state).await?;
            let lang = crate::i18n::Lang::from_code(&language)
                .ok_or_else(|| AppError::validation("language", "en or ar"))?;
            state.accounts.update_profile(user.id, &name, lang).await?;
            context::set_cookie(crate::server::http::prefs::language_cookie(
                lang,
                state.config.secure_cookies(),
            ));
            state.accounts.user(user.id).await?.ok_or(AppError::Unauthorized)
        }
        .await,
    )
}

/// Saves or unsaves a listing for the signed-in buyer; true when saved.
#[server(prefix = "/fn", endpoint = "me/saved/toggle", output = crate::api::Json)]
pub async fn toggle_saved(listing_id: String) -> Result<bool, AppError> {
    use crate::server::http::context;
    AppError::respond(
        async {
            let state = context::state()?;
            let user = context::require_user(&state).await?;
            let id: i64 = listing_id.trim().parse().map_err(|_| AppError::NotFound)?;
            state.accounts.toggle_saved(user.id, id).await
        }
        .await,
    )
}

/// The signed-in buyer's saved listings, newest first.
#[server(prefix = "/fn", endpoint = "me/saved", output = crate::api::Json)]
pub async fn saved_listings() -> Result<Vec<Listing>, AppError> {
    use crate::server::http::context;
    AppError::respond(
        async {
            let state = context::state()?;
            let user = context::require_user(&state).await?;
            let ids = state.accounts.saved(user.id).await?;
            state.search.listings(&ids).await.map_err(AppError::internal)
        }
        .await,
    )
}

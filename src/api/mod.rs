//! Server functions: thin wrappers that parse input into domain types, check
//! the caller, call one service and map the error. The types they take and
//! return live in `wire`.

pub mod auth;
pub mod chat;
pub mod dashboard;
pub mod prefs;
pub mod search;

pub use crate::wire::AppError;

#[cfg(feature = "ssr")]
impl AppError {
    /// Passes a server function's result through, giving an error response
    /// the HTTP status that matches it (422, 404, 429, ...).
    pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(error) = &result
            && let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
        {
            response.set_status(
                http::StatusCode::from_u16(error.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
            );
            if let Some(retry_after_secs) = error.retry_after()
                && let Ok(value) = http::HeaderValue::from_str(&retry_after_secs.to_string())
            {
                response.insert_header(http::header::RETRY_AFTER, value);
            }
        }
        result
    }
}

/// Errors of the call itself (network, encoding) become `Transport`.
impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Transport { message: value.to_string() }
    }
}

//! `AppError`: the one error shape the client sees, from server functions
//! and JSON handlers alike. Internal causes never cross the wire: they are
//! logged once on the server with the request id, and the client gets the id.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AppError {
    #[error("invalid {field}: {message}")]
    Validation { field: String, message: String },
    #[error("sign in required")]
    Unauthorized,
    /// Wrong email or password: the same answer whether or not the account exists.
    #[error("wrong email or password")]
    InvalidCredentials,
    #[error("email not verified yet")]
    EmailNotVerified,
    #[error("the code expired or was never sent")]
    CodeExpired,
    #[error("wrong code")]
    WrongCode { remaining: u32 },
    #[error("too many wrong codes: ask for a new one")]
    TooManyAttempts,
    /// An email link that expired or was used already.
    #[error("this link expired or was already used")]
    LinkExpired,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {message}")]
    Conflict { message: String },
    /// The unit is held by another buyer until `until` (Cairo time, HH:MM).
    #[error("held by someone else until {until}")]
    Held { until: String },
    #[error("too many requests, retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("service unavailable")]
    Unavailable,
    /// Too much work of one kind at once (password hashing): retry shortly.
    #[error("busy, retry in {retry_after_secs} s")]
    Busy { retry_after_secs: u64 },
    #[error("internal error (request {request_id})")]
    Internal { request_id: String },
    /// The call itself failed (network, encoding): produced on the client.
    #[error("request failed: {message}")]
    Transport { message: String },
}

impl AppError {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Validation { field: field.into(), message: message.into() }
    }

    /// Seconds the client should wait before trying again, if it should.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::RateLimited { retry_after_secs } | AppError::Busy { retry_after_secs } => {
                Some(*retry_after_secs)
            }
            _ => None,
        }
    }

    /// HTTP status for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Validation { .. } => 422,
            AppError::Unauthorized | AppError::InvalidCredentials => 401,
            AppError::EmailNotVerified => 403,
            AppError::CodeExpired | AppError::WrongCode { .. } | AppError::LinkExpired => 422,
            AppError::TooManyAttempts => 429,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict { .. } | AppError::Held { .. } => 409,
            AppError::RateLimited { .. } => 429,
            AppError::Unavailable | AppError::Busy { .. } => 503,
            AppError::Internal { .. } | AppError::Transport { .. } => 500,
        }
    }
}

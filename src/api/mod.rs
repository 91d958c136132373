//! Server functions: thin wrappers that parse input into domain types, check
//! the caller, call one service and map the error. The types they take and
//! return live in `wire`.

pub mod auth;
pub mod chat;
pub mod dashboard;
pub mod prefs;
pub mod reservations;
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

/// Errors of the call itself. On the server, a request whose arguments
/// cannot be read (a missing field, broken JSON, a body that is not UTF-8,
/// a method the function does not take) is the caller's mistake: a 422
/// `validation` error on `request`, not the framework's 500 (found by
/// `server::tests::fuzz`). In the browser, a failed call (network,
/// encoding) becomes `Transport`.
impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = JsonText;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        {
            use leptos::server_fn::error::ServerFnErrorErr as E;
            if let E::Args(message)
            | E::Deserialization(message)
            | E::MissingArg(message)
            | E::UnsupportedRequestMethod(message) = &value
            {
                // serde's words, cut short: enough to fix the call.
                let message: String = message.chars().take(160).collect();
                let error =
                    AppError::validation("request", format!("the request could not be read: {message}"));
                return match AppError::respond(Err::<(), _>(error)) {
                    Err(error) => error,
                    Ok(()) => AppError::Transport { message: value.to_string() },
                };
            }
        }
        AppError::Transport { message: value.to_string() }
    }
}

/// JSON read from text, the way resources read their server-rendered values
/// (`serde_json::from_str`). Server-function answers decoded with
/// leptos' `JsonEncoding` (`from_slice`) would compile a second
/// deserializer for every type that is also a resource's value: about 150 KB
/// of the browser bundle before compression.
pub struct JsonText;

impl leptos::server_fn::ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl leptos::server_fn::FormatType for JsonText {
    const FORMAT_TYPE: leptos::server_fn::Format = leptos::server_fn::Format::Text;
}

impl<T: serde::Serialize> leptos::server_fn::Encodes<T> for JsonText {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<leptos::server_fn::Bytes, Self::Error> {
        serde_json::to_vec(output).map(leptos::server_fn::Bytes::from)
    }
}

impl<T: serde::de::DeserializeOwned> leptos::server_fn::Decodes<T> for JsonText {
    type Error = serde_json::Error;

    fn decode(bytes: leptos::server_fn::Bytes) -> Result<T, Self::Error> {
        match std::str::from_utf8(&bytes) {
            Ok(text) => serde_json::from_str(text),
            Err(_) => Err(serde::de::Error::custom("the answer is not UTF-8")),
        }
    }
}

/// The answers of every server function: JSON in a POST body, read as text.
pub type Json = leptos::server_fn::codec::Post<JsonText>;

//! Server functions: thin wrappers that parse input into domain types, check
//! the caller, call one service and map the error. Also the one error type
//! the browser sees.

pub mod auth;
pub mod chat;
#[cfg(feature = "ssr")]
pub mod context;
pub mod dashboard;
pub mod error;
pub mod prefs;
pub mod search;

pub use error::AppError;

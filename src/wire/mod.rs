//! The types that cross the wire between the browser and the server:
//! request and response bodies of the server functions and the JSON API,
//! the chat's streamed events, and the one error shape. Built for both the
//! server and the browser; depends only on serde and `domain`.

pub mod auth;
pub mod chat;
pub mod cookie;
pub mod dashboard;
pub mod error;
pub mod reservation;
pub mod search;

pub use error::AppError;

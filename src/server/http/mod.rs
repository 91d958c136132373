//! Plain HTTP handlers and middleware (everything that is not a Leptos page
//! or server function): health, readiness, metrics, request ids, errors.

pub mod api;
pub mod auth;
pub mod chat;
pub mod client;
pub mod context;
pub mod db_gate;
pub mod error;
pub mod files;
pub mod health;
pub mod metrics;
pub mod origin;
pub mod page_cache;
pub mod payments;
pub mod prefs;
pub mod process;
pub mod request_id;
pub mod security;

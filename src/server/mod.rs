//! Everything that runs only on the server: configuration, state, the HTTP
//! router and handlers, telemetry, and the connections to Postgres and Redis.

pub mod accounts;
pub mod admin;
pub mod agent;
pub mod app;
pub mod bench;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod db;
pub mod embed;
pub mod http;
pub mod kv;
pub mod leads;
pub mod mail;
pub mod outbox;
pub mod ratelimit;
pub mod router;
pub mod search;
pub mod sms;
pub mod state;
pub mod telemetry;

/// One TLS stack for every client (Postgres, Redis, HTTP): rustls on ring.
/// Idempotent; call before building any client.
pub fn install_tls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests;

//! Everything that runs only on the server. Dependencies point one way:
//! `http` (handlers, middleware, the server-function context) calls
//! `services` (the product's rules: accounts, search, catalog, leads,
//! admin, the assistant), which use `db` (repositories, the only SQL) and
//! `adapters` (everything that talks to the outside world: Redis, SMTP,
//! SMS, the embedder, the model). `app`, `config`, `state`, `router`,
//! `telemetry` and `cli` wire them together.

pub mod adapters;
pub mod app;
pub mod bench;
pub mod cli;
pub mod config;
pub mod db;
pub mod http;
pub mod memory;
pub mod router;
pub mod services;
pub mod state;
pub mod telemetry;
pub mod time;

/// One TLS stack for every client (Postgres, Redis, HTTP): rustls on ring.
/// Idempotent; call before building any client.
pub fn install_tls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The test kit: the harness and fakes of the tests; its fake Paymob also
/// serves development (`osool fake-paymob`).
pub mod testkit;
#[cfg(test)]
mod tests;

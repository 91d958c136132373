//! Everything that runs only on the server: configuration, state, the HTTP
//! router and handlers, telemetry, and the connections to Postgres and Redis.

pub mod app;
pub mod cli;
pub mod config;
pub mod db;
pub mod http;
pub mod kv;
pub mod router;
pub mod state;
pub mod telemetry;

#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests;

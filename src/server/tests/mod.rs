//! Integration tests: the real router on a real socket, against the real
//! Postgres and Redis started by `./scripts/test`.

mod accounts;
mod catalog;
mod chat;
mod dashboard;
mod fuzz;
mod health;
mod hostile;
mod pages;
mod prefs;
mod races;
mod reservations;
mod search;
mod security;
mod walks;

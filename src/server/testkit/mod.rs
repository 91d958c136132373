//! Test harness: runs the real application on a random port against the
//! real Postgres (a fresh database per test, cloned from a migrated
//! template) and the real Redis (a fresh key prefix per test). Run the tests
//! through `./scripts/test`, which starts both and sets `DATABASE_URL` and
//! `REDIS_URL`.

pub mod paymob;

#[cfg(test)]
pub mod browser;
#[cfg(test)]
pub mod gate;
#[cfg(test)]
pub mod hostile;
#[cfg(test)]
pub mod legacy;
#[cfg(test)]
pub mod oidc;
#[cfg(test)]
pub mod openai;
#[cfg(test)]
pub mod smtp;
#[cfg(test)]
pub mod twilio;
#[cfg(test)]
pub mod typos;

#[cfg(test)]
mod harness;
#[cfg(test)]
pub use harness::*;

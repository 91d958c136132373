//! The product's rules, one service per capability. Services take
//! repositories (`db`) and ports (`adapters`), never HTTP types, and return
//! domain or wire types with `AppError`.

pub mod accounts;
pub mod admin;
pub mod assistant;
pub mod catalog;
pub mod costs;
pub mod leads;
pub mod outbox;
pub mod ratelimit;
pub mod reservations;
pub mod search;

//! One module per route.

pub mod account;
pub mod chat;
pub mod compare;
pub mod dashboard;
pub mod home;
pub mod listing;
pub mod not_found;
pub mod reservations;

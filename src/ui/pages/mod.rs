//! One module per route.

pub mod account;
pub mod compare;
pub mod home;
pub mod listing;
pub mod not_found;

//! One module per route.

pub mod account;
pub mod admin;
pub mod chat;
pub mod compare;
pub mod dashboard;
pub mod home;
pub mod listing;
pub mod listings_admin;
pub mod not_found;

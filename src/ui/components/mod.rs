//! Reusable pieces of the interface.

pub mod account;
pub mod auth_modal;
pub mod chat;
pub mod filters;
pub mod focus;
pub mod icons;
pub mod investment;
pub mod language_switch;
pub mod listing_card;
pub mod plan_calculator;
pub mod reserve;
pub mod results;
pub mod search_box;

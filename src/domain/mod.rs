//! Pure types and rules shared by the server and the browser: areas,
//! listings, money and payment-plan arithmetic. No I/O, no async, nothing server-only.

pub mod account;
pub mod areas;
pub mod chat;
pub mod franco;
pub mod fuzzy;
pub mod invest;
pub mod lang;
pub mod lead;
pub mod listing;
pub mod listing_form;
pub mod market;
pub mod money;
pub mod places;
pub mod plan;
pub mod reservation;
pub mod search;
pub mod viewing;

pub use lang::Lang;
pub use money::{Egp, parse_amount};
pub use plan::{Frequency, PlanBreakdown, PlanError, PlanInput};

//! Pure types and rules shared by the server and the browser: money and
//! payment-plan arithmetic. No I/O, no async, nothing server-only.

pub mod money;
pub mod plan;

pub use money::{Egp, parse_amount};
pub use plan::{Frequency, PlanBreakdown, PlanError, PlanInput};

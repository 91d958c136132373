//! Reusable pieces of the interface.

pub mod icons;
pub mod language_switch;
pub mod plan_calculator;

//! The user interface: the page layout, one file per page, and components.

pub mod components;
pub mod layout;
pub mod pages;

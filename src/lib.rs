//! Osool: a property platform for buyers in Egypt and their brokers. One
//! crate builds both the server (`ssr`) and the browser bundle (`hydrate`).

// Leptos views are deeply nested types; release builds need the headroom.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod domain;
pub mod i18n;
pub mod ui;
pub mod wire;

#[cfg(feature = "ssr")]
pub mod server;

/// Entry point of the WASM bundle: attaches to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}

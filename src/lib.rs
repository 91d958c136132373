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

/// Entry point of the WASM bundle: attaches to the server-rendered page,
/// first loading the chunks the page's lazy parts need (`ui::lazy`).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        // A page rendered with the sign-in dialog open (`?auth=...`) hydrates
        // the dialog at once: its chunk must be here first, or the dialog
        // would hydrate as "not loaded yet" against the server's markup.
        let opens_dialog = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
            .is_some_and(|params| params.has("auth"));
        if opens_dialog {
            ui::lazy::preload_auth_dialog().await;
        }
        leptos::mount::hydrate_lazy(app::App);
    });
}

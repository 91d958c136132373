//! The HTML shell (rendered once on the server) and the `App` component with
//! its routes, shared by the server render and the browser hydration.

use crate::i18n::provide_i18n;
use crate::ui::layout::Layout;
use crate::ui::lazy;
use crate::ui::pages::{listing::ListingPage, not_found::NotFound};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{Stylesheet, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, ParamSegment, SsrMode, StaticSegment};

/// The document around the app. Runs on the server only, inside the request,
/// so it can set `<html lang dir>` for the visitor's language.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    crate::server::http::security::set_page_policy();
    let lang = crate::i18n::request_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() dir=lang.dir()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0f5c56" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-stone-50 text-stone-900 antialiased">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_i18n();
    // Marks the page once the WASM has taken over (tests and CSS use it).
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(body) = leptos::prelude::document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/osool.css" />
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    // Async: the answer is in the first HTML, so pages work
                    // before (and without) the WASM.
                    <Route path=StaticSegment("") view={Lazy::<lazy::Home>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("listings"), ParamSegment("id")) view=ListingPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("compare") view={Lazy::<lazy::Compare>::new()} ssr=SsrMode::Async />
                    <Route path=StaticSegment("verify-email") view={Lazy::<lazy::VerifyEmail>::new()} />
                    <Route path=StaticSegment("reset-password") view={Lazy::<lazy::ResetPassword>::new()} />
                    <Route path=StaticSegment("profile") view={Lazy::<lazy::Profile>::new()} ssr=SsrMode::Async />
                    <Route path=StaticSegment("saved") view={Lazy::<lazy::Saved>::new()} ssr=SsrMode::Async />
                    <Route path=StaticSegment("chat") view={Lazy::<lazy::Chat>::new()} ssr=SsrMode::Async />
                    <Route path=StaticSegment("dashboard") view={Lazy::<lazy::Leads>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), StaticSegment("leads")) view={Lazy::<lazy::Leads>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), StaticSegment("leads"), ParamSegment("id")) view={Lazy::<lazy::Lead>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), StaticSegment("viewings")) view={Lazy::<lazy::Viewings>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), StaticSegment("listings")) view={Lazy::<lazy::ManagedListings>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), StaticSegment("listings"), ParamSegment("id")) view={Lazy::<lazy::ListingEdit>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), StaticSegment("users")) view={Lazy::<lazy::Users>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), StaticSegment("analytics")) view={Lazy::<lazy::Analytics>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), StaticSegment("reservations")) view={Lazy::<lazy::Reservations>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("reservations"), ParamSegment("id")) view={Lazy::<lazy::Reservation>::new()} ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("reservations")) view={Lazy::<lazy::MyReservations>::new()} ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}

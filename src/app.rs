//! The HTML shell (rendered once on the server) and the `App` component with
//! its routes, shared by the server render and the browser hydration.

use crate::i18n::provide_i18n;
use crate::ui::layout::Layout;
use crate::ui::pages::account::{ProfilePage, ResetPasswordPage, SavedPage, VerifyEmailPage};
use crate::ui::pages::chat::ChatPage;
use crate::ui::pages::dashboard::admin::{AnalyticsPage, UsersPage};
use crate::ui::pages::dashboard::listings::{ListingEditPage, ManagedListingsPage};
use crate::ui::pages::dashboard::{LeadPage, LeadsPage, ViewingsPage};
use crate::ui::pages::{compare::ComparePage, home::HomePage, listing::ListingPage, not_found::NotFound};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{Stylesheet, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, SsrMode, StaticSegment};

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
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("listings"), ParamSegment("id")) view=ListingPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("compare") view=ComparePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("verify-email") view=VerifyEmailPage />
                    <Route path=StaticSegment("reset-password") view=ResetPasswordPage />
                    <Route path=StaticSegment("profile") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("saved") view=SavedPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("chat") view=ChatPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("dashboard") view=LeadsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), StaticSegment("leads")) view=LeadsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), StaticSegment("leads"), ParamSegment("id")) view=LeadPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), StaticSegment("viewings")) view=ViewingsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), StaticSegment("listings")) view=ManagedListingsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), StaticSegment("listings"), ParamSegment("id")) view=ListingEditPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), StaticSegment("users")) view=UsersPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), StaticSegment("analytics")) view=AnalyticsPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}

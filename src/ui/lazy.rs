//! Code the browser loads on first use, from WASM chunks of its own
//! (`cargo leptos build --split`, `scripts/lib.sh` `build_release`): the
//! broker's dashboard, the account pages, the home page with its results,
//! the compare and chat pages, and the sign-in dialog. The main bundle keeps
//! the frame (router, header, language) and the listing page, the page most
//! visits start on: a listing's first visit downloads about a third less.
//! Split finer (each page its own chunk, the listing page too), a listing's
//! first visit took 100 small files and more bytes, since the buyer's pages
//! share most of their code.
//!
//! The server renders these pages as any other and names the chunks a page
//! used in `<link rel="preload">`, so a first visit fetches them beside the
//! main bundle, not after it.
//!
//! `#[lazy]` expands to the chunk loader's `extern` imports, which need
//! `unsafe`; this module is the only place the crate allows it.
#![allow(unsafe_code)]

use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A page of the broker's dashboard.
#[derive(Clone, Copy, Debug)]
pub enum Dashboard {
    Leads,
    Lead,
    Viewings,
    ManagedListings,
    ListingEdit,
    Users,
    Analytics,
    Reservations,
}

/// A page of the visitor's own account.
#[derive(Clone, Copy, Debug)]
pub enum Account {
    Profile,
    Saved,
    VerifyEmail,
    ResetPassword,
    Reservation,
    MyReservations,
}

#[leptos::lazy]
fn dashboard_view(page: Dashboard) -> AnyView {
    use super::pages::dashboard::{LeadPage, LeadsPage, ViewingsPage, admin, listings};
    match page {
        Dashboard::Leads => LeadsPage().into_any(),
        Dashboard::Lead => LeadPage().into_any(),
        Dashboard::Viewings => ViewingsPage().into_any(),
        Dashboard::ManagedListings => listings::ManagedListingsPage().into_any(),
        Dashboard::ListingEdit => listings::ListingEditPage().into_any(),
        Dashboard::Users => admin::UsersPage().into_any(),
        Dashboard::Analytics => admin::AnalyticsPage().into_any(),
        Dashboard::Reservations => super::pages::dashboard::reservations::ReservationsPage().into_any(),
    }
}

#[leptos::lazy]
fn account_view(page: Account) -> AnyView {
    use super::pages::account::{ProfilePage, ResetPasswordPage, SavedPage, VerifyEmailPage};
    match page {
        Account::Profile => ProfilePage().into_any(),
        Account::Saved => SavedPage().into_any(),
        Account::VerifyEmail => VerifyEmailPage().into_any(),
        Account::ResetPassword => ResetPasswordPage().into_any(),
        Account::Reservation => super::pages::reservations::ReservationPage().into_any(),
        Account::MyReservations => super::pages::reservations::MyReservationsPage().into_any(),
    }
}

macro_rules! lazy_routes {
    ($group:ident, $view:ident, $preload:ident: $($page:ident),+) => {
        $(
            #[doc = concat!("The route of `", stringify!($group), "::", stringify!($page), "`.")]
            pub struct $page;

            impl LazyRoute for $page {
                fn data() -> Self {
                    $page
                }

                async fn view(_: Self) -> AnyView {
                    $view($group::$page).await
                }

                async fn preload() {
                    #[cfg(target_arch = "wasm32")]
                    $preload().await;
                }
            }
        )+
    };
}

lazy_routes!(Dashboard, dashboard_view, __preload_dashboard_view:
    Leads, Lead, Viewings, ManagedListings, ListingEdit, Users, Analytics, Reservations);
lazy_routes!(Account, account_view, __preload_account_view:
    Profile, Saved, VerifyEmail, ResetPassword, Reservation, MyReservations);

/// The buyer's pages that a listing's first visit does not need.
#[derive(Clone, Copy, Debug)]
pub enum Browse {
    Home,
    Compare,
    Chat,
}

#[leptos::lazy]
fn home_view(_page: Browse) -> AnyView {
    super::pages::home::HomePage().into_any()
}

#[leptos::lazy]
fn compare_view(_page: Browse) -> AnyView {
    super::pages::compare::ComparePage().into_any()
}

#[leptos::lazy]
fn chat_view(_page: Browse) -> AnyView {
    super::pages::chat::ChatPage().into_any()
}

lazy_routes!(Browse, home_view, __preload_home_view: Home);
lazy_routes!(Browse, compare_view, __preload_compare_view: Compare);
lazy_routes!(Browse, chat_view, __preload_chat_view: Chat);

/// The sign-in dialog (`?auth=...`), loaded the first time a visitor opens
/// it. It then follows `view` (which tab, or closed) without loading again.
#[leptos::lazy]
pub fn auth_dialog(view: Memo<Option<String>>) -> AnyView {
    super::components::auth_modal::dialog(view)
}

/// Loads the sign-in dialog's chunk (for a page rendered with it open, before
/// that page hydrates; see `crate::hydrate`).
#[cfg(feature = "hydrate")]
pub async fn preload_auth_dialog() {
    #[cfg(target_arch = "wasm32")]
    __preload_auth_dialog().await;
}

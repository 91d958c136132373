//! The agents' dashboard: the leads inbox (`/dashboard/leads`), a lead
//! (`/dashboard/leads/:id`) and the viewings calendar
//! (`/dashboard/viewings`, list or week). Filters and pages live in the URL
//! so views can be shared and work before WASM loads; every server function
//! checks the caller's role and the lead's assignment itself.

pub mod admin;
mod lead;
mod leads;
pub mod listings;
pub mod reservations;
mod viewings;

pub use lead::LeadPage;
pub use leads::LeadsPage;
pub use viewings::ViewingsPage;

use crate::api::AppError;
use crate::api::dashboard::{
    LeadDetail, LeadEvent, LeadSummary, LeadsQuery, ListingRef, PER_PAGE, StaffViewing, ViewingAction,
    add_lead_note, assign_lead, dashboard_lead, dashboard_leads, set_lead_status, staff_viewings,
    update_viewing,
};
use crate::domain::Egp;
use crate::domain::lead::{LeadStatus, Score, Signal, SignalKind};
use crate::domain::viewing::ViewingStatus;
use crate::i18n::{Key, Lang, format_egp, format_number, use_i18n};
use crate::ui::components::account::{auth_href, error_text};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const INPUT: &str = "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base focus-visible:outline-2 focus-visible:outline-teal-700";

const LABEL: &str = "block text-sm font-medium text-stone-700";

const PRIMARY: &str = "rounded-full bg-teal-800 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-900 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700";

const SECONDARY: &str = "rounded-full border border-stone-300 bg-white px-4 py-2 text-sm font-semibold text-stone-800 hover:bg-stone-50 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700";

const CARD: &str = "rounded-xl border border-stone-200 bg-white p-4 shadow-sm sm:p-5";

pub fn status_label(s: LeadStatus, lang: Lang) -> &'static str {
    lang.t(match s {
        LeadStatus::New => Key::LeadNew,
        LeadStatus::Contacted => Key::LeadContacted,
        LeadStatus::ViewingScheduled => Key::LeadViewingScheduled,
        LeadStatus::Negotiating => Key::LeadNegotiating,
        LeadStatus::Won => Key::LeadWon,
        LeadStatus::Lost => Key::LeadLost,
    })
}

fn score_label(s: Score, lang: Lang) -> &'static str {
    lang.t(match s {
        Score::Hot => Key::ScoreHot,
        Score::Warm => Key::ScoreWarm,
        Score::Cold => Key::ScoreCold,
    })
}

/// Colour and a text label: the score never depends on colour alone.
fn score_badge(score: Score, lang: Lang) -> impl IntoView {
    let class = match score {
        Score::Hot => "bg-red-100 text-red-900 ring-red-200",
        Score::Warm => "bg-amber-100 text-amber-900 ring-amber-200",
        Score::Cold => "bg-slate-100 text-slate-800 ring-slate-200",
    };
    view! {
        <span class=format!("inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 {class}") data-testid="lead-score" data-score=score.code()>
            {score_label(score, lang)}
        </span>
    }
}

fn buyer_name(l: &LeadSummary, lang: Lang) -> String {
    if !l.buyer.is_empty() {
        l.buyer.clone()
    } else if l.anonymous {
        lang.t(Key::DashVisitor).to_owned()
    } else {
        lang.t(Key::DashNoName).to_owned()
    }
}

/// The dashboard's header: its sections as tabs.
#[component]
pub fn DashboardNav(current: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::ui::components::account::use_session();
    let tab = move |href: &'static str, key: Key| {
        let active = current == href;
        view! {
            <a href=href aria-current=active.then_some("page")
               class=if active { "rounded-full bg-teal-800 px-4 py-2 text-sm font-semibold text-white" } else { "rounded-full px-4 py-2 text-sm font-semibold text-teal-900 hover:bg-teal-50" }>
                {move || i18n.t(key)}
            </a>
        }
    };
    view! {
        <nav class="flex flex-wrap items-center gap-2" aria-label=move || i18n.t(Key::DashNav)>
            {tab("/dashboard/leads", Key::DashLeadsTitle)}
            {tab("/dashboard/viewings", Key::DashViewingsTitle)}
            {tab("/dashboard/listings", Key::DashListingsTitle)}
            {tab("/dashboard/reservations", Key::DashReservationsTitle)}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let admin = session.info.await.ok().and_then(|s| s.user).is_some_and(|u| u.role == crate::domain::account::Role::Admin);
                    admin.then(|| view! {
                        {tab("/dashboard/users", Key::DashUsersTitle)}
                        {tab("/dashboard/analytics", Key::DashAnalyticsTitle)}
                    })
                })}
            </Transition>
        </nav>
    }
}

/// What the page shows instead of its content when the call failed.
pub fn failure(error: AppError, lang: Lang) -> AnyView {
    match error {
        AppError::Unauthorized => {
            let sign_in = auth_href(Some("email"));
            view! {
                <p class="mt-6 text-stone-700">{lang.t(Key::DashSignIn)}</p>
                <a href=move || sign_in.get() class=format!("mt-4 inline-block {PRIMARY}")>{lang.t(Key::AuthSignIn)}</a>
            }
            .into_any()
        }
        AppError::Forbidden => view! { <p class="mt-6 text-stone-700" role="alert" data-testid="dashboard-forbidden">{lang.t(Key::DashForbidden)}</p> }.into_any(),
        e => view! { <p class="mt-6 text-red-800" role="alert">{error_text(&e, lang)}</p> }.into_any(),
    }
}

pub fn query_param(name: &'static str) -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(name)).filter(|v| !v.trim().is_empty()))
}

/// `path` with the filters that are set, for links that keep them.
pub fn with_query(path: &str, pairs: &[(&str, Option<String>)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", crate::domain::search::encode(v))))
        .collect();
    if query.is_empty() { path.to_owned() } else { format!("{path}?{}", query.join("&")) }
}

pub fn page_links(base: String, current: u32, total: i64, lang: Lang) -> impl IntoView {
    let pages = ((total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE)).max(1) as u32;
    let sep = if base.contains('?') { '&' } else { '?' };
    let link = move |page: u32| format!("{base}{sep}page={page}");
    view! {
        <nav class="mt-6 flex items-center gap-4 text-sm" aria-label=lang.t(Key::Pagination)>
            {(current > 1).then(|| view! { <a class="font-semibold text-teal-800 underline" href=link(current - 1)>{lang.t(Key::PagePrev)}</a> })}
            {(pages > 1).then(|| view! {
                <span class="text-stone-600" aria-current="page">
                    {lang.t(Key::PageOf)
                        .replace("{page}", &crate::i18n::format_number(current.min(pages).into(), lang))
                        .replace("{pages}", &crate::i18n::format_number(pages.into(), lang))}
                </span>
            })}
            {(current < pages).then(|| view! { <a class="font-semibold text-teal-800 underline" href=link(current + 1)>{lang.t(Key::PageNext)}</a> })}
        </nav>
    }
}

fn result_line(result: Option<Result<(), AppError>>, lang: Lang) -> Option<AnyView> {
    match result? {
        Ok(()) => Some(
            view! { <p class="mt-2 text-sm text-teal-900" role="status">{lang.t(Key::DashSavedOk)}</p> }
                .into_any(),
        ),
        Err(e) => Some(
            view! { <p class="mt-2 text-sm text-red-800" role="alert">{error_text(&e, lang)}</p> }.into_any(),
        ),
    }
}

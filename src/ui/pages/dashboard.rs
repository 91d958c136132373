//! The agents' dashboard: the leads inbox (`/dashboard/leads`), a lead
//! (`/dashboard/leads/:id`) and the viewings calendar
//! (`/dashboard/viewings`, list or week). Filters and pages live in the URL
//! so views can be shared and work before WASM loads; every server function
//! checks the caller's role and the lead's assignment itself.

use crate::api::AppError;
use crate::api::dashboard::{
    LeadDetail, LeadEvent, LeadSummary, LeadsQuery, ListingRef, PER_PAGE, StaffViewing, ViewingAction,
    add_lead_note, assign_lead, dashboard_lead, dashboard_leads, set_lead_status, staff_viewings,
    update_viewing,
};
use crate::domain::Egp;
use crate::domain::lead::{LeadStatus, Score, Signal, SignalKind};
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

fn viewing_status_label(code: &str, lang: Lang) -> &'static str {
    lang.t(match code {
        "confirmed" => Key::VStatusConfirmed,
        "rescheduled" => Key::VStatusRescheduled,
        "cancelled" => Key::VStatusCancelled,
        "completed" => Key::VStatusCompleted,
        _ => Key::VStatusRequested,
    })
}

fn signal_label(kind: SignalKind, lang: Lang) -> &'static str {
    lang.t(match kind {
        SignalKind::Viewing => Key::SignalViewing,
        SignalKind::Contact => Key::SignalContact,
        SignalKind::Budget => Key::SignalBudget,
        SignalKind::Timeline => Key::SignalTimeline,
        SignalKind::Area => Key::SignalArea,
        SignalKind::Saved => Key::SignalSaved,
        SignalKind::Phone => Key::SignalPhone,
    })
}

fn signal_detail(s: &Signal, lang: Lang) -> String {
    match s.kind {
        SignalKind::Budget => s
            .detail
            .parse::<i64>()
            .map(|n| format_egp(Egp::new(n), lang))
            .unwrap_or_else(|_| s.detail.clone()),
        SignalKind::Area => crate::i18n::labels::area(&s.detail, lang),
        SignalKind::Saved => s.detail.parse::<i64>().map(|n| format_number(n, lang)).unwrap_or_default(),
        _ => s.detail.clone(),
    }
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

/// `/dashboard` and `/dashboard/leads`: the inbox.
#[component]
pub fn LeadsPage() -> impl IntoView {
    let i18n = use_i18n();
    let status = query_param("status");
    let score = query_param("score");
    let text = query_param("q");
    let agent = query_param("agent");
    let page = query_param("page");
    let query = Memo::new(move |_| LeadsQuery {
        status: status.get(),
        score: score.get(),
        q: text.get(),
        agent: agent.get().and_then(|a| a.parse().ok()),
        page: page.get().and_then(|p| p.parse().ok()).unwrap_or(1),
    });
    let data = Resource::new(move || query.get(), dashboard_leads);
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(Key::DashLeadsTitle), i18n.t(Key::Brand))) />
        <section class="mx-auto max-w-6xl px-4 py-8 sm:px-6">
            <DashboardNav current="/dashboard/leads" />
            <h1 class="mt-6 text-2xl font-bold text-stone-900">{move || i18n.t(Key::DashLeadsTitle)}</h1>
            <Transition fallback=move || view! { <p class="mt-6 text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let lang = i18n.lang();
                    let q = query.get_untracked();
                    match data.await {
                        Err(e) => failure(e, lang),
                        Ok(p) => {
                            let base = with_query("/dashboard/leads", &[("status", q.status.clone()), ("score", q.score.clone()), ("q", q.q.clone()), ("agent", q.agent.map(|a| a.to_string()))]);
                            view! {
                                <form method="get" action="/dashboard/leads" class="mt-4 grid gap-3 rounded-xl border border-stone-200 bg-stone-50 p-4 sm:grid-cols-2 lg:grid-cols-5" data-testid="lead-filters">
                                    <label class=LABEL>{lang.t(Key::DashFilterSearch)}
                                        <input type="search" name="q" value=q.q.clone().unwrap_or_default() class=INPUT maxlength="100" />
                                    </label>
                                    <label class=LABEL>{lang.t(Key::DashFilterStatus)}
                                        <select name="status" class=INPUT>
                                            <option value="">{lang.t(Key::DashFilterAll)}</option>
                                            {LeadStatus::ALL.into_iter().map(|s| view! { <option value=s.code() selected=q.status.as_deref() == Some(s.code())>{status_label(s, lang)}</option> }).collect_view()}
                                        </select>
                                    </label>
                                    <label class=LABEL>{lang.t(Key::DashFilterScore)}
                                        <select name="score" class=INPUT>
                                            <option value="">{lang.t(Key::DashFilterAll)}</option>
                                            {Score::ALL.into_iter().map(|s| view! { <option value=s.code() selected=q.score.as_deref() == Some(s.code())>{score_label(s, lang)}</option> }).collect_view()}
                                        </select>
                                    </label>
                                    {p.is_admin.then(|| view! {
                                        <label class=LABEL>{lang.t(Key::DashFilterAgent)}
                                            <select name="agent" class=INPUT>
                                                <option value="">{lang.t(Key::DashFilterAll)}</option>
                                                <option value="0" selected=q.agent == Some(0)>{lang.t(Key::DashUnassigned)}</option>
                                                {p.agents.iter().map(|a| view! { <option value=a.id.to_string() selected=q.agent == Some(a.id)><bdi>{a.name.clone()}</bdi>{format!(" ({})", format_number(a.open_leads, lang))}</option> }).collect_view()}
                                            </select>
                                        </label>
                                    })}
                                    <div class="flex items-end"><button type="submit" class=PRIMARY>{lang.t(Key::DashApply)}</button></div>
                                </form>
                                <p class="mt-4 text-sm text-stone-600" data-testid="leads-count">{lang.t(Key::DashLeadsCount).replace("{n}", &format_number(p.total, lang))}</p>
                                {if p.items.is_empty() {
                                    view! { <p class="mt-6 text-stone-600" data-testid="leads-empty">{lang.t(Key::DashLeadsEmpty)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="mt-4 grid gap-3 md:grid-cols-2" data-testid="leads">
                                            {p.items.into_iter().map(|l| view! { <LeadRow lead=l lang=lang /> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                {page_links(base, p.page, p.total, lang)}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn LeadRow(lead: LeadSummary, lang: Lang) -> impl IntoView {
    let name = buyer_name(&lead, lang);
    let href = format!("/dashboard/leads/{}", lead.id);
    view! {
        <li class=CARD data-testid="lead" data-lead-id=lead.id.to_string()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <a href=href class="text-lg font-semibold text-teal-900 hover:underline focus-visible:outline-2 focus-visible:outline-teal-700"><bdi>{name}</bdi></a>
                <div class="flex items-center gap-2">
                    {score_badge(lead.score, lang)}
                    <span class="rounded-full bg-stone-100 px-2.5 py-0.5 text-xs font-semibold text-stone-800" data-testid="lead-status">{status_label(lead.status, lang)}</span>
                </div>
            </div>
            <dl class="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm text-stone-700">
                {lead.budget_egp.map(|b| view! { <div><dt class="text-stone-500">{lang.t(Key::DashBudget)}</dt><dd>{format_egp(Egp::new(b), lang)}</dd></div> })}
                {lead.area.clone().map(|a| view! { <div><dt class="text-stone-500">{lang.t(Key::DashArea)}</dt><dd>{crate::i18n::labels::area(&a, lang)}</dd></div> })}
                {lead.timeline.clone().map(|t| view! { <div><dt class="text-stone-500">{lang.t(Key::DashTimeline)}</dt><dd><bdi>{t}</bdi></dd></div> })}
                <div><dt class="text-stone-500">{lang.t(Key::DashViewingsN)}</dt><dd>{format_number(lead.viewings, lang)}</dd></div>
                <div><dt class="text-stone-500">{lang.t(Key::DashAgent)}</dt><dd><bdi>{lead.agent.as_ref().map_or_else(|| lang.t(Key::DashUnassigned).to_owned(), |a| a.name.clone())}</bdi></dd></div>
                <div><dt class="text-stone-500">{lang.t(Key::DashLastActivity)}</dt><dd><bdi dir="ltr">{lead.last_activity.clone()}</bdi></dd></div>
            </dl>
            {lead.contact.clone().map(|c| view! { <p class="mt-2 text-sm text-stone-800" data-testid="lead-contact"><bdi dir="ltr">{c}</bdi></p> })}
        </li>
    }
}

/// `/dashboard/leads/:id`.
#[component]
pub fn LeadPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let data = Resource::new(move || id.get(), dashboard_lead);
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(Key::DashLeadTitle).replace("{n}", &id.get().to_string()), i18n.t(Key::Brand))) />
        <section class="mx-auto max-w-6xl px-4 py-8 sm:px-6">
            <DashboardNav current="/dashboard/leads" />
            <a href="/dashboard/leads" class="mt-4 inline-block text-sm font-semibold text-teal-800 underline">{move || i18n.t(Key::DashAllLeads)}</a>
            <Transition fallback=move || view! { <p class="mt-6 text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let lang = i18n.lang();
                    match data.await {
                        Err(e) => failure(e, lang),
                        Ok(d) => view! { <LeadView detail=d lang=lang on_change=Callback::new(move |()| data.refetch()) /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn LeadView(detail: LeadDetail, lang: Lang, on_change: Callback<()>) -> impl IntoView {
    let lead = detail.lead.clone();
    let id = lead.id;
    let name = buyer_name(&lead, lang);
    view! {
        <header class="mt-4 flex flex-wrap items-center gap-3">
            <h1 class="text-2xl font-bold text-stone-900" data-testid="lead-name"><bdi>{name}</bdi></h1>
            {score_badge(lead.score, lang)}
            <span class="text-sm text-stone-600">{lang.t(Key::DashPoints).replace("{n}", &format_number(i64::from(lead.points), lang))}</span>
            <span class="rounded-full bg-stone-100 px-2.5 py-0.5 text-xs font-semibold text-stone-800" data-testid="lead-status">{status_label(lead.status, lang)}</span>
        </header>
        <div class="mt-6 grid gap-6 lg:grid-cols-3">
            <div class="space-y-6 lg:col-span-2">
                <section class=CARD aria-labelledby="lead-contact-h">
                    <h2 id="lead-contact-h" class="font-semibold text-stone-900">{lang.t(Key::DashContact)}</h2>
                    {match lead.contact.clone() {
                        Some(c) => view! { <p class="mt-2 text-stone-800" data-testid="lead-contact"><bdi dir="ltr">{c}</bdi></p> }.into_any(),
                        None => view! { <p class="mt-2 text-sm text-stone-600" data-testid="lead-contact-hidden">{lang.t(Key::DashContactHidden)}</p> }.into_any(),
                    }}
                    <h2 class="mt-4 font-semibold text-stone-900">{lang.t(Key::DashWhyScore)}</h2>
                    <ul class="mt-2 space-y-1 text-sm text-stone-700" data-testid="lead-signals">
                        {detail.signals.iter().map(|s| view! {
                            <li class="flex justify-between gap-3" data-signal=format!("{:?}", s.kind).to_lowercase()>
                                <span>{signal_label(s.kind, lang)}{(!s.detail.is_empty()).then(|| view! { ": " <bdi>{signal_detail(s, lang)}</bdi> })}</span>
                                <span class="shrink-0 font-semibold">{format!("+{}", format_number(i64::from(s.points), lang))}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
                <section class=CARD aria-labelledby="lead-viewings-h">
                    <h2 id="lead-viewings-h" class="font-semibold text-stone-900">{lang.t(Key::DashViewingsN)}</h2>
                    {if detail.viewings.is_empty() {
                        view! { <p class="mt-2 text-sm text-stone-600">{lang.t(Key::DashNone)}</p> }.into_any()
                    } else {
                        view! { <ul class="mt-3 space-y-3">{detail.viewings.into_iter().map(|v| view! { <ViewingCard viewing=v lang=lang /> }).collect_view()}</ul> }.into_any()
                    }}
                </section>
                <section class=CARD aria-labelledby="lead-transcript-h">
                    <h2 id="lead-transcript-h" class="font-semibold text-stone-900">{lang.t(Key::DashTranscript)}</h2>
                    {if detail.transcript.is_empty() {
                        view! { <p class="mt-2 text-sm text-stone-600">{lang.t(Key::DashNone)}</p> }.into_any()
                    } else {
                        view! {
                            <ol class="mt-3 max-h-[32rem] space-y-2 overflow-y-auto pe-1" data-testid="lead-transcript" tabindex="0">
                                {detail.transcript.into_iter().map(|line| {
                                    let buyer = line.role == "buyer";
                                    view! {
                                        <li class=if buyer { "rounded-lg bg-teal-50 p-3" } else { "rounded-lg bg-stone-50 p-3" }>
                                            <p class="text-xs font-semibold text-stone-600">{lang.t(if buyer { Key::DashBuyer } else { Key::DashAssistant })}" · "<bdi>{crate::i18n::format_when(&line.at, lang)}</bdi></p>
                                            // The assistant's **bold** is markup, not text to read.
                                            <p class="mt-1 whitespace-pre-line text-sm text-stone-800"><bdi>{line.text.replace("**", "")}</bdi></p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                </section>
                <div class="grid gap-6 sm:grid-cols-2">
                    {listing_list(Key::DashLookedAt, detail.looked_at, lang, "lead-looked-at")}
                    {listing_list(Key::DashSavedListings, detail.saved, lang, "lead-saved")}
                </div>
            </div>
            <div class="space-y-6">
                <StatusForm id=id current=lead.status lang=lang on_change=on_change />
                {detail.is_admin.then(|| view! { <AssignForm id=id current=lead.agent.as_ref().map(|a| a.id) agents=detail.agents.clone() lang=lang on_change=on_change /> })}
                <NoteForm id=id lang=lang on_change=on_change />
                <section class=CARD aria-labelledby="lead-history-h">
                    <h2 id="lead-history-h" class="font-semibold text-stone-900">{lang.t(Key::DashHistory)}</h2>
                    <ol class="mt-3 space-y-3 text-sm" data-testid="lead-history">
                        {detail.history.into_iter().map(|e| history_line(e, lang)).collect_view()}
                    </ol>
                </section>
            </div>
        </div>
    }
}

fn listing_list(title: Key, items: Vec<ListingRef>, lang: Lang, testid: &'static str) -> impl IntoView {
    view! {
        <section class=CARD>
            <h2 class="font-semibold text-stone-900">{lang.t(title)}</h2>
            {if items.is_empty() {
                view! { <p class="mt-2 text-sm text-stone-600">{lang.t(Key::DashNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-2 space-y-1 text-sm" data-testid=testid>
                        {items.into_iter().map(|l| view! {
                            <li><a href=l.url class="text-teal-800 underline"><bdi>{format!("#{} ", l.id)}{if lang == Lang::Ar { l.title_ar } else { l.title_en }}</bdi></a>
                            " · "{format_egp(Egp::new(l.price_egp), lang)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

fn history_line(e: LeadEvent, lang: Lang) -> impl IntoView {
    let what = match e.kind.as_str() {
        "created" => lang.t(Key::HistCreated).to_owned(),
        "status" => format!(
            "{}: {} → {}",
            lang.t(Key::HistStatus),
            e.from_status.map(|s| status_label(s, lang)).unwrap_or("-"),
            e.to_status.map(|s| status_label(s, lang)).unwrap_or("-")
        ),
        "assigned" => format!("{} {}", lang.t(Key::HistAssigned), e.agent.clone().unwrap_or_default()),
        "viewing" => lang.t(Key::HistViewing).to_owned(),
        _ => lang.t(Key::HistNote).to_owned(),
    };
    view! {
        <li class="border-s-2 border-teal-700 ps-3" data-kind=e.kind.clone()>
            <p class="font-semibold text-stone-800"><bdi>{what}</bdi></p>
            {(!e.note.is_empty()).then(|| {
                let note = if e.kind == "viewing" { viewing_note(&e.note, lang) } else { e.note.clone() };
                view! { <p class="whitespace-pre-line text-stone-700"><bdi>{note}</bdi></p> }
            })}
            <p class="text-xs text-stone-500"><bdi>{e.actor.clone().unwrap_or_else(|| lang.t(Key::HistSystem).to_owned())}</bdi>" · "<bdi>{crate::i18n::format_when(&e.at, lang)}</bdi></p>
        </li>
    }
}

/// A viewing change as the server records it ("#2 confirmed 2026-12-05
/// 11:00: Bring your ID.") in the reader's language ("#٢ مؤكدة السبت ٥
/// ديسمبر ٢٠٢٦، ١١:٠٠ ص: Bring your ID."); anything else as it is.
fn viewing_note(note: &str, lang: Lang) -> String {
    let Some((id, rest)) = note.strip_prefix('#').and_then(|r| r.split_once(' ')) else {
        return note.to_owned();
    };
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
        return note.to_owned();
    }
    let (status, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    let (when, message) = match rest.get(..16) {
        Some(w) if w.as_bytes().get(4) == Some(&b'-') && w.as_bytes().get(13) == Some(&b':') => {
            (w, &rest[16..])
        }
        _ => ("", rest),
    };
    let when =
        if when.is_empty() { String::new() } else { format!(" {}", crate::i18n::format_when(when, lang)) };
    format!(
        "#{} {}{when}{message}",
        crate::i18n::localize_digits(id, lang),
        viewing_status_label(status, lang)
    )
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

#[component]
fn StatusForm(id: i64, current: LeadStatus, lang: Lang, on_change: Callback<()>) -> impl IntoView {
    let status = RwSignal::new(current.code().to_owned());
    let note = RwSignal::new(String::new());
    let save = Action::new(move |(status, note): &(String, String)| {
        let (status, note) = (status.clone(), note.clone());
        async move { set_lead_status(id, status, note).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            on_change.run(());
        }
    });
    view! {
        <form class=CARD data-testid="lead-status-form" on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch((status.get_untracked(), note.get_untracked()));
        }>
            <label class=LABEL>{lang.t(Key::DashMoveTo)}
                <select class=INPUT name="status" on:change=move |ev| status.set(event_target_value(&ev)) prop:value=move || status.get()>
                    {LeadStatus::ALL.into_iter().map(|s| view! { <option value=s.code() selected=s == current>{status_label(s, lang)}</option> }).collect_view()}
                </select>
            </label>
            <label class=format!("{LABEL} mt-3")>{lang.t(Key::DashNote)}
                <textarea class=INPUT rows="2" maxlength="2000" name="note" on:input=move |ev| note.set(event_target_value(&ev)) prop:value=move || note.get()></textarea>
            </label>
            <button type="submit" class=format!("mt-3 {PRIMARY}") disabled=move || save.pending().get()>{lang.t(Key::DashSave)}</button>
            {move || result_line(save.value().get(), lang)}
        </form>
    }
}

#[component]
fn NoteForm(id: i64, lang: Lang, on_change: Callback<()>) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let save = Action::new(move |note: &String| {
        let note = note.clone();
        async move { add_lead_note(id, note).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            note.set(String::new());
            on_change.run(());
        }
    });
    view! {
        <form class=CARD data-testid="lead-note-form" on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(note.get_untracked());
        }>
            <label class=LABEL>{lang.t(Key::DashAddNote)}
                <textarea class=INPUT rows="3" maxlength="2000" name="note" required on:input=move |ev| note.set(event_target_value(&ev)) prop:value=move || note.get()></textarea>
            </label>
            <button type="submit" class=format!("mt-3 {SECONDARY}") disabled=move || save.pending().get()>{lang.t(Key::DashAddNote)}</button>
            {move || result_line(save.value().get(), lang)}
        </form>
    }
}

#[component]
fn AssignForm(
    id: i64,
    current: Option<i64>,
    agents: Vec<crate::api::dashboard::AgentRef>,
    lang: Lang,
    on_change: Callback<()>,
) -> impl IntoView {
    let chosen = RwSignal::new(current.map(|c| c.to_string()).unwrap_or_default());
    let save = Action::new(move |agent: &i64| {
        let agent = *agent;
        async move { assign_lead(id, agent).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            on_change.run(());
        }
    });
    view! {
        <form class=CARD data-testid="lead-assign-form" on:submit=move |ev| {
            ev.prevent_default();
            if let Ok(agent) = chosen.get_untracked().parse::<i64>() {
                save.dispatch(agent);
            }
        }>
            <label class=LABEL>{lang.t(Key::DashAssignTo)}
                <select class=INPUT name="agent" on:change=move |ev| chosen.set(event_target_value(&ev)) prop:value=move || chosen.get()>
                    <option value="" disabled=true selected=current.is_none()>{lang.t(Key::DashUnassigned)}</option>
                    {agents.into_iter().map(|a| view! { <option value=a.id.to_string() selected=current == Some(a.id)>{a.name}{format!(" ({})", format_number(a.open_leads, lang))}</option> }).collect_view()}
                </select>
            </label>
            <button type="submit" class=format!("mt-3 {SECONDARY}") disabled=move || save.pending().get()>{lang.t(Key::DashAssign)}</button>
            {move || result_line(save.value().get(), lang)}
        </form>
    }
}

/// A viewing request with what the agent can do to it.
#[component]
fn ViewingCard(viewing: StaffViewing, lang: Lang) -> impl IntoView {
    let id = viewing.id;
    let current = RwSignal::new(viewing);
    let at =
        RwSignal::new(current.with_untracked(|v| v.when_cairo.clone().unwrap_or_default().replace(' ', "T")));
    let message = RwSignal::new(String::new());
    let act = Action::new(move |(action, at, message): &(&'static str, String, String)| {
        let (action, at, message) = (*action, at.clone(), message.clone());
        async move {
            ViewingAction::parse(action, Some(&at))?;
            update_viewing(id, action.to_owned(), Some(at), message).await
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(updated)) = act.value().get() {
            current.set(updated);
            message.set(String::new());
        }
    });
    let run = move |action: &'static str| act.dispatch((action, at.get_untracked(), message.get_untracked()));
    view! {
        <li class=CARD data-testid="viewing" data-viewing-id=id.to_string()>
            {move || {
                let v = current.get();
                view! {
                    <div class="flex flex-wrap items-baseline justify-between gap-2">
                        <a href=v.listing_url.clone() class="font-semibold text-teal-900 hover:underline"><bdi>{format!("#{} ", v.listing_id)}{if lang == Lang::Ar && !v.listing_title_ar.is_empty() { v.listing_title_ar.clone() } else { v.listing_title.clone() }}</bdi></a>
                        <span class="rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-semibold text-amber-900" data-testid="viewing-status" data-status=v.status.clone()>{viewing_status_label(&v.status, lang)}</span>
                    </div>
                    <dl class="mt-2 grid gap-x-6 gap-y-1 text-sm text-stone-700 sm:grid-cols-2">
                        <div><dt class="inline text-stone-500">{lang.t(Key::DashBuyer)}": "</dt><dd class="inline" data-testid="viewing-buyer"><bdi>{if v.buyer.is_empty() { lang.t(Key::DashNoName).to_owned() } else { v.buyer.clone() }}</bdi></dd></div>
                        <div><dt class="inline text-stone-500">{lang.t(Key::DashContact)}": "</dt><dd class="inline"><bdi dir="ltr">{v.contact.clone().unwrap_or_else(|| "-".into())}</bdi></dd></div>
                        <div><dt class="inline text-stone-500">{lang.t(Key::DashPreferred)}": "</dt><dd class="inline"><bdi data-testid="viewing-preferred">{v.preferred_cairo.as_deref().map_or_else(|| lang.t(Key::DashNoTimeGiven).to_owned(), |t| crate::i18n::format_when(t, lang))}</bdi></dd></div>
                        {v.scheduled_cairo.clone().map(|s| view! { <div><dt class="inline text-stone-500">{lang.t(Key::DashScheduled)}": "</dt><dd class="inline" data-testid="viewing-scheduled"><bdi>{crate::i18n::format_when(&s, lang)}</bdi></dd></div> })}
                        <div><dt class="inline text-stone-500">{lang.t(Key::DashRequested)}": "</dt><dd class="inline"><bdi dir="ltr">{v.requested_cairo.clone()}</bdi></dd></div>
                        <div><dt class="inline text-stone-500">{lang.t(Key::DashAgent)}": "</dt><dd class="inline"><bdi>{v.agent.clone().unwrap_or_else(|| lang.t(Key::DashUnassigned).to_owned())}</bdi></dd></div>
                    </dl>
                    {(!v.note.is_empty()).then(|| view! { <p class="mt-2 text-sm text-stone-600"><bdi>{v.note.clone()}</bdi></p> })}
                    {v.lead_id.map(|lead| view! { <a href=format!("/dashboard/leads/{lead}") class="mt-2 inline-block text-sm font-semibold text-teal-800 underline">{lang.t(Key::DashOpenLead)}</a> })}
                }
            }}
            <Show when=move || current.with(|v| v.can_act)>
                <div class="mt-3 grid gap-3 border-t border-stone-100 pt-3 sm:grid-cols-2">
                    <label class=LABEL>{lang.t(Key::DashViewingTime)}
                        <input type="datetime-local" class=INPUT name="at" data-testid="viewing-at" on:input=move |ev| at.set(event_target_value(&ev)) prop:value=move || at.get() />
                    </label>
                    <label class=LABEL>{lang.t(Key::DashMessageToBuyer)}
                        <input type="text" class=INPUT name="message" maxlength="2000" on:input=move |ev| message.set(event_target_value(&ev)) prop:value=move || message.get() />
                    </label>
                </div>
                <div class="mt-3 flex flex-wrap gap-2">
                    <Show when=move || current.with(|v| v.can_confirm)>
                        <button type="button" class=PRIMARY data-testid="viewing-confirm" disabled=move || act.pending().get() on:click=move |_| { run("confirm"); }>{lang.t(Key::DashConfirm)}</button>
                    </Show>
                    <button type="button" class=SECONDARY data-testid="viewing-reschedule" disabled=move || act.pending().get() on:click=move |_| { run("reschedule"); }>{lang.t(Key::DashReschedule)}</button>
                    <button type="button" class="rounded-full px-4 py-2 text-sm font-semibold text-red-800 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-red-700" data-testid="viewing-cancel" disabled=move || act.pending().get() on:click=move |_| { run("cancel"); }>{lang.t(Key::DashCancelViewing)}</button>
                </div>
            </Show>
            {move || match act.value().get() {
                Some(Ok(_)) => Some(view! { <p class="mt-2 text-sm text-teal-900" role="status" data-testid="viewing-done">{lang.t(Key::DashBuyerTold)}</p> }.into_any()),
                Some(Err(e)) => Some(view! { <p class="mt-2 text-sm text-red-800" role="alert">{error_text(&e, lang)}</p> }.into_any()),
                None => None,
            }}
        </li>
    }
}

fn day_name(i: usize, lang: Lang) -> &'static str {
    lang.t([Key::DaySat, Key::DaySun, Key::DayMon, Key::DayTue, Key::DayWed, Key::DayThu, Key::DayFri][i % 7])
}

/// `/dashboard/viewings`: newest requests first, or `?view=week` for a week
/// by day (Saturday to Friday).
#[component]
pub fn ViewingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let view_mode = query_param("view");
    let week = query_param("week");
    let page = query_param("page");
    let request = Memo::new(move |_| {
        let week = (view_mode.get().as_deref() == Some("week"))
            .then(|| week.get().unwrap_or_else(|| "today".into()));
        (page.get().and_then(|p| p.parse::<u32>().ok()).unwrap_or(1), week)
    });
    let data = Resource::new(move || request.get(), |(page, week)| staff_viewings(page, week));
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(Key::DashViewingsTitle), i18n.t(Key::Brand))) />
        <section class="mx-auto max-w-6xl px-4 py-8 sm:px-6">
            <DashboardNav current="/dashboard/viewings" />
            <div class="mt-6 flex flex-wrap items-center justify-between gap-3">
                <h1 class="text-2xl font-bold text-stone-900">{move || i18n.t(Key::DashViewingsTitle)}</h1>
                <nav class="flex gap-2" aria-label=move || i18n.t(Key::DashViewingsTitle)>
                    <a href="/dashboard/viewings" class=SECONDARY aria-current=move || (view_mode.get().as_deref() != Some("week")).then_some("page")>{move || i18n.t(Key::DashViewList)}</a>
                    <a href="/dashboard/viewings?view=week" class=SECONDARY aria-current=move || (view_mode.get().as_deref() == Some("week")).then_some("page") data-testid="week-view">{move || i18n.t(Key::DashViewWeek)}</a>
                </nav>
            </div>
            <Transition fallback=move || view! { <p class="mt-6 text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let lang = i18n.lang();
                    match data.await {
                        Err(e) => failure(e, lang),
                        Ok(p) if !p.week_days.is_empty() => {
                            let days = p.week_days.clone();
                            view! {
                                <div class="mt-4 flex flex-wrap items-center gap-4 text-sm">
                                    {p.prev_week.clone().map(|w| view! { <a class="font-semibold text-teal-800 underline" href=format!("/dashboard/viewings?view=week&week={w}")>{lang.t(Key::DashPrevWeek)}</a> })}
                                    <span class="font-semibold text-stone-800"><bdi dir="ltr">{format!("{} – {}", days.first().cloned().unwrap_or_default(), days.last().cloned().unwrap_or_default())}</bdi></span>
                                    {p.next_week.clone().map(|w| view! { <a class="font-semibold text-teal-800 underline" href=format!("/dashboard/viewings?view=week&week={w}")>{lang.t(Key::DashNextWeek)}</a> })}
                                </div>
                                {p.items.is_empty().then(|| view! { <p class="mt-4 text-stone-600">{lang.t(Key::DashNoViewingsWeek)}</p> })}
                                <ol class="mt-4 grid gap-3 md:grid-cols-7" data-testid="week">
                                    {days.into_iter().enumerate().map(|(i, day)| {
                                        let todays: Vec<StaffViewing> = p.items.iter().filter(|v| v.when_cairo.as_deref().is_some_and(|w| w.starts_with(&day))).cloned().collect();
                                        view! {
                                            <li class="min-h-24 rounded-xl border border-stone-200 bg-white p-2" data-day=day.clone()>
                                                <p class="text-xs font-semibold text-stone-700">{day_name(i, lang)}<br /><bdi dir="ltr">{day[5..].to_owned()}</bdi></p>
                                                <ul class="mt-2 space-y-2">
                                                    {todays.into_iter().map(|v| view! {
                                                        <li class="rounded-lg bg-teal-50 p-2 text-xs" data-testid="week-viewing">
                                                            <p class="font-semibold text-teal-900"><bdi dir="ltr">{v.when_cairo.clone().map(|w| w[11..].to_owned()).unwrap_or_default()}</bdi>" · "{viewing_status_label(&v.status, lang)}</p>
                                                            <a href=v.lead_id.map_or_else(|| v.listing_url.clone(), |l| format!("/dashboard/leads/{l}")) class="text-stone-800 underline"><bdi>{v.listing_title.clone()}</bdi></a>
                                                            <p class="text-stone-600"><bdi>{v.buyer.clone()}</bdi></p>
                                                        </li>
                                                    }).collect_view()}
                                                </ul>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }
                        Ok(p) if p.items.is_empty() => view! { <p class="mt-6 text-stone-600" data-testid="viewings-empty">{lang.t(Key::DashViewingsEmpty)}</p> }.into_any(),
                        Ok(p) => view! {
                            <p class="mt-2 text-sm text-stone-600">{lang.t(Key::DashViewingsCount).replace("{n}", &format_number(p.total, lang))}</p>
                            <ul class="mt-4 space-y-3" data-testid="viewings">
                                {p.items.into_iter().map(|v| view! { <ViewingCard viewing=v lang=lang /> }).collect_view()}
                            </ul>
                            {page_links("/dashboard/viewings".to_owned(), p.page, p.total, lang)}
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::viewing_note;
    use crate::i18n::Lang;

    #[test]
    fn viewing_changes_read_in_the_readers_language() {
        assert_eq!(
            viewing_note("#2 confirmed 2026-12-05 11:00: Bring your ID.", Lang::En),
            "#2 Confirmed Saturday 5 December 2026, 11:00 am: Bring your ID."
        );
        let ar = viewing_note("#12 rescheduled 2026-12-05 17:30", Lang::Ar);
        assert!(ar.starts_with("#١٢ ") && ar.ends_with("السبت ٥ ديسمبر ٢٠٢٦، ٥:٣٠ م"), "{ar}");
        assert!(!ar.chars().any(|c| c.is_ascii_alphanumeric()), "{ar}");
        assert_eq!(viewing_note("#3 cancelled ", Lang::En), "#3 Cancelled");
        assert_eq!(viewing_note("free text", Lang::Ar), "free text");
        assert_eq!(viewing_note("#x y", Lang::En), "#x y");
    }
}

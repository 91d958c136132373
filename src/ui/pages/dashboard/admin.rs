//! The admins' pages of the dashboard: users and roles with each agent's
//! workload (`/dashboard/users`), and the analytics (`/dashboard/analytics`)
//! drawn as SVG bar charts on the server, each with its figures in a table.

use crate::api::dashboard::{Analytics, UsersQuery, admin_users, dashboard_analytics, set_agent_role};
use crate::domain::account::Role;
use crate::i18n::{Key, Lang, format_number, use_i18n};
use crate::ui::components::account::error_text;
use crate::ui::pages::dashboard::{DashboardNav, failure, page_links, query_param, status_label, with_query};
use leptos::prelude::*;
use leptos_meta::Title;

const INPUT: &str = "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base focus-visible:outline-2 focus-visible:outline-teal-700";
const LABEL: &str = "block text-sm font-medium text-stone-700";
const PRIMARY: &str = "rounded-full bg-teal-800 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-900 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700";
const SMALL: &str = "rounded-full border border-stone-300 bg-white px-3 py-1 text-xs font-semibold text-stone-800 hover:bg-stone-50 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700";

fn role_label(role: Role, lang: Lang) -> &'static str {
    lang.t(match role {
        Role::Buyer => Key::RoleBuyer,
        Role::Agent => Key::RoleAgent,
        Role::Admin => Key::RoleAdmin,
    })
}

/// `/dashboard/users`.
#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let role = query_param("role");
    let text = query_param("q");
    let page = query_param("page");
    let query = Memo::new(move |_| UsersQuery {
        role: role.get(),
        q: text.get(),
        page: page.get().and_then(|p| p.parse().ok()).unwrap_or(1),
    });
    let data = Resource::new(move || query.get(), admin_users);
    let change = Action::new(move |(id, agent): &(i64, bool)| {
        let (id, agent) = (*id, *agent);
        async move { set_agent_role(id, agent).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = change.value().get() {
            data.refetch();
        }
    });
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(Key::DashUsersTitle), i18n.t(Key::Brand))) />
        <section class="mx-auto max-w-6xl px-4 py-8 sm:px-6">
            <DashboardNav current="/dashboard/users" />
            <h1 class="mt-6 text-2xl font-bold text-stone-900">{move || i18n.t(Key::DashUsersTitle)}</h1>
            {move || change.value().get().and_then(Result::err).map(|e| view! { <p class="mt-3 text-sm text-red-800" role="alert">{error_text(&e, i18n.lang())}</p> })}
            <Transition fallback=move || view! { <p class="mt-6 text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let lang = i18n.lang();
                    let q = query.get_untracked();
                    match data.await {
                        Err(e) => failure(e, lang),
                        Ok(p) => {
                            let base = with_query("/dashboard/users", &[("role", q.role.clone()), ("q", q.q.clone())]);
                            view! {
                                <form method="get" action="/dashboard/users" class="mt-4 grid gap-3 rounded-xl border border-stone-200 bg-stone-50 p-4 sm:grid-cols-3">
                                    <label class=LABEL>{lang.t(Key::DashUsersFilter)}
                                        <input type="search" name="q" value=q.q.clone().unwrap_or_default() class=INPUT maxlength="100" />
                                    </label>
                                    <label class=LABEL>{lang.t(Key::DashRole)}
                                        <select name="role" class=INPUT>
                                            <option value="">{lang.t(Key::DashFilterAll)}</option>
                                            {[Role::Agent, Role::Admin, Role::Buyer].into_iter().map(|r| view! { <option value=r.code() selected=q.role.as_deref() == Some(r.code())>{role_label(r, lang)}</option> }).collect_view()}
                                        </select>
                                    </label>
                                    <div class="flex items-end"><button type="submit" class=PRIMARY>{lang.t(Key::DashApply)}</button></div>
                                </form>
                                <p class="mt-4 text-sm text-stone-600">{lang.t(Key::DashUsersCount).replace("{n}", &format_number(p.total, lang))}</p>
                                <div class="mt-3 overflow-x-auto rounded-xl border border-stone-200 bg-white">
                                    <table class="min-w-full text-start text-sm" data-testid="users">
                                        <thead class="bg-stone-50 text-xs text-stone-600">
                                            <tr>
                                                <th scope="col" class="px-3 py-2 text-start">{lang.t(Key::DashName)}</th>
                                                <th scope="col" class="px-3 py-2 text-start">{lang.t(Key::DashContact)}</th>
                                                <th scope="col" class="px-3 py-2 text-start">{lang.t(Key::DashRole)}</th>
                                                <th scope="col" class="px-3 py-2 text-end">{lang.t(Key::DashOpenLeads)}</th>
                                                <th scope="col" class="px-3 py-2 text-end">{lang.t(Key::DashOpenViewings)}</th>
                                                <th scope="col" class="px-3 py-2 text-start">{lang.t(Key::DashJoined)}</th>
                                                <th scope="col" class="px-3 py-2"><span class="sr-only">{lang.t(Key::DashRole)}</span></th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {p.items.into_iter().map(|u| {
                                                let id = u.id;
                                                let contact = [u.email.clone(), u.phone.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                                                view! {
                                                    <tr class="border-t border-stone-100" data-testid="user" data-role=u.role.code()>
                                                        <td class="px-3 py-2"><bdi>{if u.name.is_empty() { "-".to_owned() } else { u.name.clone() }}</bdi></td>
                                                        <td class="px-3 py-2"><bdi dir="ltr">{contact}</bdi></td>
                                                        <td class="px-3 py-2" data-testid="user-role">{role_label(u.role, lang)}</td>
                                                        <td class="px-3 py-2 text-end">{format_number(u.open_leads, lang)}</td>
                                                        <td class="px-3 py-2 text-end">{format_number(u.open_viewings, lang)}</td>
                                                        <td class="px-3 py-2"><bdi dir="ltr">{u.joined.clone()}</bdi></td>
                                                        <td class="px-3 py-2 text-end">
                                                            {match u.role {
                                                                Role::Buyer => Some(view! { <button type="button" class=SMALL disabled=move || change.pending().get() on:click=move |_| { change.dispatch((id, true)); }>{lang.t(Key::DashMakeAgent)}</button> }.into_any()),
                                                                Role::Agent => Some(view! { <button type="button" class=SMALL disabled=move || change.pending().get() on:click=move |_| { change.dispatch((id, false)); }>{lang.t(Key::DashRevokeAgent)}</button> }.into_any()),
                                                                Role::Admin => None,
                                                            }}
                                                        </td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                {page_links(base, p.page, p.total, lang)}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// A bar per value, labelled below; `line` draws a dashed reference (the
/// budget). The figures are also in a table for screen readers and print.
fn bar_chart(
    title: String,
    testid: &'static str,
    bars: Vec<(String, f64)>,
    line: Option<f64>,
    format: impl Fn(f64) -> String,
    lang: Lang,
) -> impl IntoView {
    const W: f64 = 600.0;
    const H: f64 = 150.0;
    const BOTTOM: f64 = 20.0;
    let top = bars.iter().map(|(_, v)| *v).fold(line.unwrap_or(0.0), f64::max).max(1e-9);
    let n = bars.len().max(1) as f64;
    let slot = W / n;
    let every = (bars.len() / 8).max(1);
    let total: f64 = bars.iter().map(|(_, v)| *v).sum();
    let scale = move |v: f64| (v / top) * (H - BOTTOM - 10.0);
    let labelled: Vec<(String, String)> = bars.iter().map(|(l, v)| (l.clone(), format(*v))).collect();
    view! {
        <figure class="rounded-xl border border-stone-200 bg-white p-4 shadow-sm" data-testid=testid>
            <figcaption class="flex flex-wrap items-baseline justify-between gap-2">
                <span class="font-semibold text-stone-900">{title.clone()}</span>
                <span class="text-sm text-stone-600" data-testid="chart-total">{lang.t(Key::DashTotal).replace("{n}", &format(total))}</span>
            </figcaption>
            <svg viewBox=format!("0 0 {W} {H}") class="mt-3 h-auto w-full" role="img" aria-label=title dir="ltr">
                {bars.iter().enumerate().map(|(i, (label, v))| {
                    let h = scale(*v).max(0.0);
                    let x = i as f64 * slot + slot * 0.15;
                    let n = |v: f64| format!("{v:.1}");
                    view! {
                        <g>
                            <rect x=n(x) y=n(H - BOTTOM - h) width=n(slot * 0.7) height=n(h) class="fill-teal-700" />
                            {(i % every == 0).then(|| view! { <text x=n(x + slot * 0.35) y=n(H - 5.0) text-anchor="middle" class="fill-stone-600 text-[10px]">{crate::i18n::localize_digits(label.get(5..).unwrap_or(label), lang)}</text> })}
                        </g>
                    }
                }).collect_view()}
                {line.map(|b| { let y = format!("{:.1}", H - BOTTOM - scale(b)); view! { <line x1="0" x2=format!("{W}") y1=y.clone() y2=y class="stroke-red-700" stroke-width="1.5" stroke-dasharray="6 4" /> } })}
            </svg>
            <details class="mt-2 text-sm">
                <summary class="cursor-pointer text-teal-800">{lang.t(Key::DashShowData)}</summary>
                <table class="mt-2 w-full text-sm">
                    <thead><tr><th scope="col" class="text-start">{lang.t(Key::DashDate)}</th><th scope="col" class="text-end">{lang.t(Key::DashCount)}</th></tr></thead>
                    <tbody>{labelled.into_iter().map(|(l, v)| view! { <tr><td><bdi>{crate::i18n::format_when(&l, lang)}</bdi></td><td class="text-end">{v}</td></tr> }).collect_view()}</tbody>
                </table>
            </details>
        </figure>
    }
}

/// Horizontal bars for counts by category (status).
fn category_chart(
    title: String,
    testid: &'static str,
    rows: Vec<(String, i64)>,
    lang: Lang,
) -> impl IntoView {
    let top = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    view! {
        <figure class="rounded-xl border border-stone-200 bg-white p-4 shadow-sm" data-testid=testid>
            <figcaption class="font-semibold text-stone-900">{title}</figcaption>
            <dl class="mt-3 space-y-2 text-sm">
                {rows.into_iter().map(|(label, n)| view! {
                    <div class="grid grid-cols-[8rem_1fr_3rem] items-center gap-2">
                        <dt class="text-stone-700">{label}</dt>
                        // An SVG bar: no inline style, which the page's policy forbids.
                        <dd aria-hidden="true">
                            <svg class="block h-3 w-full rtl:-scale-x-100" viewBox="0 0 100 4" preserveAspectRatio="none">
                                <rect width="100" height="4" rx="2" class="fill-stone-100"></rect>
                                <rect width=(n * 100 / top).to_string() height="4" rx="2" class="fill-teal-700"></rect>
                            </svg>
                        </dd>
                        <dd class="text-end font-semibold" data-testid="category-count">{format_number(n, lang)}</dd>
                    </div>
                }).collect_view()}
            </dl>
        </figure>
    }
}

/// `/dashboard/analytics?days=30`.
#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let i18n = use_i18n();
    let days = query_param("days");
    let period =
        Memo::new(move |_| days.get().and_then(|d| d.parse::<u32>().ok()).unwrap_or(30).clamp(7, 90));
    let data = Resource::new(move || period.get(), dashboard_analytics);
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(Key::DashAnalyticsTitle), i18n.t(Key::Brand))) />
        <section class="mx-auto max-w-6xl px-4 py-8 sm:px-6">
            <DashboardNav current="/dashboard/analytics" />
            <div class="mt-6 flex flex-wrap items-center justify-between gap-3">
                <h1 class="text-2xl font-bold text-stone-900">{move || i18n.t(Key::DashAnalyticsTitle)}</h1>
                <nav class="flex gap-2 text-sm" aria-label=move || i18n.t(Key::DashPeriod)>
                    {[7u32, 30, 90].into_iter().map(|d| view! {
                        <a href=format!("/dashboard/analytics?days={d}") class=move || if period.get() == d { "rounded-full bg-teal-800 px-3 py-1.5 font-semibold text-white" } else { "rounded-full px-3 py-1.5 font-semibold text-teal-900 hover:bg-teal-50" }
                           aria-current=move || (period.get() == d).then_some("page")>
                            {move || i18n.t(Key::DashDays).replace("{n}", &format_number(i64::from(d), i18n.lang()))}
                        </a>
                    }).collect_view()}
                </nav>
            </div>
            <Transition fallback=move || view! { <p class="mt-6 text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let lang = i18n.lang();
                    match data.await {
                        Err(e) => failure(e, lang),
                        Ok(a) => charts(a, lang).into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn charts(a: Analytics, lang: Lang) -> impl IntoView {
    let series = |f: fn(&crate::api::dashboard::DayFigures) -> f64| -> Vec<(String, f64)> {
        a.days.iter().map(|d| (d.date.clone(), f(d))).collect()
    };
    let count = move |v: f64| format_number(v.round() as i64, lang);
    // An empty sum of floats is -0.0: show it as 0.
    let usd = |v: f64| format!("${:.2}", if v == 0.0 { 0.0 } else { v });
    let budget = a.budget_usd;
    view! {
        <div class="mt-6 grid gap-6 lg:grid-cols-2">
            {bar_chart(lang.t(Key::ChartSearches).to_owned(), "chart-searches", series(|d| d.searches as f64), None, count, lang)}
            {bar_chart(lang.t(Key::ChartZero).to_owned(), "chart-zero", series(|d| d.zero_results as f64), None, count, lang)}
            {bar_chart(lang.t(Key::ChartChats).to_owned(), "chart-chats", series(|d| d.chats as f64), None, count, lang)}
            {bar_chart(lang.t(Key::ChartLeads).to_owned(), "chart-leads", series(|d| d.leads as f64), None, count, lang)}
            {bar_chart(lang.t(Key::ChartViewings).to_owned(), "chart-viewings", series(|d| d.viewings as f64), None, count, lang)}
            {bar_chart(lang.t(Key::ChartLlmTokens).to_owned(), "chart-tokens", series(|d| d.llm_tokens as f64), None, count, lang)}
            <div>
                {bar_chart(lang.t(Key::ChartLlmCost).to_owned(), "chart-cost", series(|d| d.llm_usd), Some(budget), usd, lang)}
                <p class="mt-2 text-sm text-stone-600">{lang.t(Key::DashBudgetLine).replace("{n}", &usd(budget))}</p>
                {(!a.costs_available).then(|| view! { <p class="mt-1 text-sm text-red-800" role="alert">{lang.t(Key::DashCostsUnavailable)}</p> })}
            </div>
            {category_chart(lang.t(Key::ChartLeadsStatus).to_owned(), "chart-leads-status", a.leads_by_status.iter().map(|(s, n)| (status_label(*s, lang).to_owned(), *n)).collect(), lang)}
            {category_chart(lang.t(Key::ChartViewingsStatus).to_owned(), "chart-viewings-status", a.viewings_by_status.iter().map(|(s, n)| (crate::i18n::labels::viewing_status(*s, lang).to_owned(), *n)).collect(), lang)}
            <section class="rounded-xl border border-stone-200 bg-white p-4 shadow-sm" data-testid="zero-queries">
                <h2 class="font-semibold text-stone-900">{lang.t(Key::DashTopZero)}</h2>
                {if a.zero_queries.is_empty() {
                    view! { <p class="mt-2 text-sm text-stone-600">{lang.t(Key::DashNone)}</p> }.into_any()
                } else {
                    view! {
                        <table class="mt-2 w-full text-sm">
                            <thead><tr><th scope="col" class="text-start">{lang.t(Key::DashQuery)}</th><th scope="col" class="text-end">{lang.t(Key::DashCount)}</th></tr></thead>
                            <tbody>{a.zero_queries.iter().map(|(q, n)| view! { <tr><td><bdi>{q.clone()}</bdi></td><td class="text-end">{format_number(*n, lang)}</td></tr> }).collect_view()}</tbody>
                        </table>
                    }.into_any()
                }}
            </section>
        </div>
    }
}

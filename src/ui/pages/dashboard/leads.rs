//! `/dashboard` and `/dashboard/leads`: the leads inbox.

use super::*;

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

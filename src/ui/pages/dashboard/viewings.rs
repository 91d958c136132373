//! `/dashboard/viewings`: viewing requests as a list or a week.

use super::*;

/// A viewing request with what the agent can do to it.
#[component]
pub(super) fn ViewingCard(viewing: StaffViewing, lang: Lang) -> impl IntoView {
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
                        <span class="rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-semibold text-amber-900" data-testid="viewing-status" data-status=v.status.code()>{crate::i18n::labels::viewing_status(v.status, lang)}</span>
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
                                                            <p class="font-semibold text-teal-900"><bdi dir="ltr">{v.when_cairo.clone().map(|w| w[11..].to_owned()).unwrap_or_default()}</bdi>" · "{crate::i18n::labels::viewing_status(v.status, lang)}</p>
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

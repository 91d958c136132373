//! `/dashboard/leads/:id`: one lead, its transcript, history and actions.

use super::viewings::ViewingCard;
use super::*;

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
        ViewingStatus::from_code(status).map_or(status, |s| crate::i18n::labels::viewing_status(s, lang))
    )
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

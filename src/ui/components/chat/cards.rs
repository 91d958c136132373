//! What the chat shows: answers as text nodes (paragraphs, bullets, bold:
//! nothing the model writes can become HTML), listing cards, the viewing
//! to confirm, speech bubbles, and the names of tools and offline reasons.

use super::*;

pub(super) fn tool_key(name: &str) -> Key {
    match name {
        "search_properties" => Key::ChatToolSearch,
        "get_property" => Key::ChatToolGet,
        "compare_units" => Key::ChatToolCompare,
        "calculate_installments" => Key::ChatToolInstallments,
        "calculate_investment_roi" => Key::ChatToolRoi,
        "schedule_viewing" => Key::ChatToolViewing,
        _ => Key::ChatToolOther,
    }
}

pub(super) fn offline_key(reason: OfflineReason) -> Key {
    match reason {
        OfflineReason::NotConfigured => Key::ChatOfflineNotConfigured,
        OfflineReason::Unavailable => Key::ChatOfflineUnavailable,
        OfflineReason::Budget => Key::ChatOfflineBudget,
        OfflineReason::Unverified => Key::ChatOfflineUnverified,
    }
}

pub(super) fn render_runs(runs: Vec<Run>) -> impl IntoView {
    runs.into_iter()
        .map(|r| {
            if r.bold {
                view! { <strong class="font-semibold">{r.text}</strong> }.into_any()
            } else {
                r.text.into_any()
            }
        })
        .collect_view()
}

/// An answer as paragraphs and bullet lists of plain text.
#[component]
pub fn RichText(text: String) -> impl IntoView {
    blocks(&text)
        .into_iter()
        .map(|b| match b {
            Block::Paragraph(runs) => {
                view! { <p class="whitespace-pre-wrap">{render_runs(runs)}</p> }.into_any()
            }
            Block::Bullets(items) => view! {
                <ul class="list-disc space-y-1 ps-5">
                    {items.into_iter().map(|runs| view! { <li>{render_runs(runs)}</li> }).collect_view()}
                </ul>
            }
            .into_any(),
        })
        .collect_view()
}

/// A listing under an answer: a compact card that opens the listing.
#[component]
pub(super) fn ChatCard(listing: Listing) -> impl IntoView {
    let i18n = use_i18n();
    let l = StoredValue::new(listing);
    view! {
        <li>
            <a
                href=l.with_value(|l| l.url.clone())
                class="flex h-full flex-col gap-1 rounded-xl border border-stone-200 bg-white p-3 text-sm shadow-sm transition hover:border-teal-700 hover:shadow focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700"
                data-testid="chat-card"
            >
                <span class="text-xs font-medium text-stone-500" dir="ltr">{l.with_value(|l| format!("#{}", l.id))}</span>
                <span class="font-semibold leading-snug text-stone-900">{move || l.with_value(|l| l.title_in(i18n.lang()).to_owned())}</span>
                <span class="font-bold tabular-nums text-teal-900">{move || l.with_value(|l| format_egp(Egp::new(l.price_egp), i18n.lang()))}</span>
                <span class="text-stone-600">
                    {move || {
                        let lang = i18n.lang();
                        l.with_value(|l| {
                            let mut facts = vec![labels::place(l, lang)];
                            if let Some(b) = l.bedrooms.filter(|b| *b > 0) {
                                facts.push(lang.plural(Plural::Bedrooms, b as u64));
                            }
                            if let Some(a) = l.area_sqm {
                                facts.push(format!("{} {}", format_number(a.into(), lang), lang.t(Key::SqmUnit)));
                            }
                            facts.join(" · ")
                        })
                    }}
                </span>
            </a>
        </li>
    }
}

/// A viewing the assistant prepared, shown from the stored proposal: the
/// buyer's press on its button is what books it.
#[component]
pub(super) fn ProposalCard(proposal: ViewingProposal) -> impl IntoView {
    let i18n = use_i18n();
    let confirm = ServerAction::<ConfirmViewing>::new();
    let p = StoredValue::new(proposal);
    let already = p.with_value(|p| p.viewing_request_id.is_some());
    let expired = p.with_value(|p| p.expired);
    let done = Signal::derive(move || already || matches!(confirm.value().get(), Some(Ok(_))));
    let failed = Signal::derive(move || confirm.value().get().and_then(Result::err));
    view! {
        <section class="mt-3 rounded-xl border border-teal-700/40 bg-teal-50 p-4 text-sm" data-testid="chat-proposal" aria-labelledby=p.with_value(|p| format!("proposal-{}", p.id))>
            <h3 id=p.with_value(|p| format!("proposal-{}", p.id)) class="font-semibold text-teal-950">{move || i18n.t(Key::ChatProposalTitle)}</h3>
            <p class="mt-1 font-medium text-stone-900">
                <span dir="ltr">{p.with_value(|p| format!("#{} ", p.listing.id))}</span>
                {move || p.with_value(|p| p.listing.title_in(i18n.lang()).to_owned())}
            </p>
            <p class="mt-1 text-stone-700" data-testid="chat-proposal-time">
                {move || {
                    let lang = i18n.lang();
                    p.with_value(|p| match &p.preferred_cairo {
                        Some(t) => lang.t(Key::ChatProposalTime).replace("{t}", &crate::i18n::format_when(t, lang)),
                        None => lang.t(Key::ChatProposalNoTime).to_owned(),
                    })
                }}
            </p>
            {p.with_value(|p| (!p.note.is_empty()).then(|| p.note.clone())).map(|note| view! {
                <p class="mt-1 text-stone-700">{move || i18n.t(Key::ChatProposalNote).replace("{n}", &note)}</p>
            })}
            {move || if done.get() {
                view! { <p class="mt-3 font-semibold text-teal-900" role="status" data-testid="chat-proposal-done">{i18n.t(Key::ChatProposalConfirmed)}</p> }.into_any()
            } else if expired {
                view! { <p class="mt-3 text-stone-600">{i18n.t(Key::ChatProposalExpired)}</p> }.into_any()
            } else {
                view! {
                    <p class="mt-2 text-stone-600">{i18n.t(Key::ChatProposalHint)}</p>
                    <button
                        type="button"
                        class="mt-3 rounded-full bg-teal-800 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-900 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700"
                        disabled=move || confirm.pending().get()
                        on:click=move |_| {
                            confirm.dispatch(ConfirmViewing { proposal_id: p.with_value(|p| p.id.clone()) });
                        }
                        data-testid="chat-proposal-confirm"
                    >
                        {move || i18n.t(if confirm.pending().get() { Key::ChatProposalSending } else { Key::ChatProposalConfirm })}
                    </button>
                }.into_any()
            }}
            {move || failed.get().map(|e| view! {
                <p class="mt-2 rounded-lg bg-red-50 px-3 py-2 text-red-800" role="alert">{error_text(&e, i18n.lang())}</p>
            })}
        </section>
    }
}

pub(super) fn cards(listings: Vec<Listing>) -> impl IntoView {
    (!listings.is_empty()).then(|| {
        view! {
            <ul class="mt-3 grid gap-2 sm:grid-cols-2" data-testid="chat-cards">
                {listings.into_iter().map(|listing| view! { <ChatCard listing /> }).collect_view()}
            </ul>
        }
    })
}

#[component]
pub(super) fn Bubble(speaker: Speaker, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let buyer = speaker == Speaker::Buyer;
    view! {
        <li class=if buyer { "flex justify-end" } else { "flex justify-start" } data-testid=if buyer { "chat-buyer" } else { "chat-assistant" }>
            <div class=if buyer {
                "max-w-[85%] rounded-2xl rounded-ee-sm bg-teal-800 px-4 py-2.5 text-white"
            } else {
                "w-full max-w-[95%] space-y-2 rounded-2xl rounded-es-sm border border-stone-200 bg-white px-4 py-3 text-stone-900 shadow-sm"
            }>
                <span class="sr-only">{move || i18n.t(if buyer { Key::ChatYou } else { Key::ChatAssistant })}": "</span>
                {children()}
            </div>
        </li>
    }
}

//! `/dashboard/reservations`: the reservations of an agent's listings (all
//! for an admin), paid ones first, with what can be done to each: confirm a
//! paid one (the unit is reserved), mark a confirmed one sold, or release
//! either with a reason (the fee is refunded and the buyer told).

use super::{CARD, DashboardNav, INPUT, LABEL, PRIMARY, SECONDARY, failure};
use crate::api::reservations::{ActOnReservation, StaffReservation, dashboard_reservations};
use crate::domain::reservation::ReservationStatus;
use crate::i18n::{Key, localize_digits, use_i18n};
use crate::ui::components::account::error_text;
use crate::ui::components::reserve::fee_text;
use crate::ui::pages::reservations::status_badge;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReservationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let all = Memo::new(move |_| query.with(|q| q.get("all").is_some_and(|v| v == "1")));
    let act = ServerAction::<ActOnReservation>::new();
    // Loaded again after an action, and after signing in on this page.
    let session = crate::ui::components::account::use_session();
    let data = Resource::new(
        move || (all.get(), act.version().get(), session.version()),
        |(all, _, _)| dashboard_reservations(!all),
    );
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(Key::DashReservationsTitle), i18n.t(Key::Brand))) />
        <section class="mx-auto max-w-6xl px-4 py-8 sm:px-6">
            <DashboardNav current="/dashboard/reservations" />
            <div class="mt-6 flex flex-wrap items-center justify-between gap-3">
                <h1 class="text-2xl font-bold text-stone-900">{move || i18n.t(Key::DashReservationsTitle)}</h1>
                <a href=move || if all.get() { "/dashboard/reservations" } else { "/dashboard/reservations?all=1" } class=SECONDARY aria-pressed=move || all.get().to_string()>
                    {move || i18n.t(Key::DashReservationsAll)}
                </a>
            </div>
            {move || act.value().get().and_then(Result::err).map(|e| view! {
                <p class="mt-4 text-sm text-red-800" role="alert">{error_text(&e, i18n.lang())}</p>
            })}
            <Transition fallback=move || view! { <p class="mt-6 text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let lang = i18n.lang();
                    match data.await {
                        Ok(list) if list.is_empty() => view! { <p class="mt-6 text-stone-700">{lang.t(Key::DashReservationsEmpty)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="mt-6 space-y-4" data-testid="dash-reservations">
                                {list.into_iter().map(|s| view! { <Item s act /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => failure(e, lang),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Item(s: StaffReservation, act: ServerAction<ActOnReservation>) -> impl IntoView {
    let i18n = use_i18n();
    let r = s.reservation;
    let id = r.id.clone();
    let status = r.status;
    let reason_id = format!("release-{}", r.id);
    let (title_en, title_ar) = (r.title_en.clone(), r.title_ar.clone());
    let amount = r.amount_piastres;
    let card = r.card.clone();
    let paid_at = r.paid_at.clone();
    let hold_until = r.hold_until.clone();
    let listing_href = format!("/listings/{}", r.listing_id);
    view! {
        <li class=CARD data-testid="dash-reservation" data-id=id.clone()>
            <div class="flex flex-wrap items-start justify-between gap-3">
                <div class="min-w-0">
                    <a href=listing_href class="font-semibold text-teal-900 underline">{move || match i18n.lang() {
                        crate::i18n::Lang::Ar => title_ar.clone().unwrap_or_else(|| title_en.clone()),
                        crate::i18n::Lang::En => title_en.clone(),
                    }}</a>
                    <p class="mt-1 text-sm tabular-nums text-stone-600">
                        {move || fee_text(amount, i18n.lang())}
                        {card.map(|c| format!(" · {c}"))}
                        {move || paid_at.clone().map(|t| format!(" · {}", localize_digits(&t, i18n.lang())))}
                    </p>
                    <p class="mt-1 text-sm text-stone-700">
                        {move || i18n.t(Key::DashBuyer)}": "
                        {s.buyer_name.clone().unwrap_or_else(|| "-".into())}
                        {s.buyer_phone.clone().map(|p| view! { " · " <a href=format!("tel:{p}") class="underline" dir="ltr">{p.clone()}</a> })}
                        {s.buyer_email.clone().map(|e| view! { " · " <a href=format!("mailto:{e}") class="underline">{e.clone()}</a> })}
                    </p>
                </div>
                {move || status_badge(status, i18n.lang())}
            </div>
            <div class="mt-4 flex flex-wrap items-end gap-3">
                {status.can_confirm().then(|| { let id = id.clone(); view! {
                    <ActionForm action=act>
                        <input type="hidden" name="id" value=id />
                        <input type="hidden" name="action" value="confirm" />
                        <input type="hidden" name="reason" value="" />
                        <button type="submit" class=PRIMARY disabled=move || act.pending().get() data-testid="confirm-reservation">{move || i18n.t(Key::DashResConfirm)}</button>
                    </ActionForm>
                }})}
                {status.can_sell().then(|| { let id = id.clone(); view! {
                    <ActionForm action=act>
                        <input type="hidden" name="id" value=id />
                        <input type="hidden" name="action" value="sell" />
                        <input type="hidden" name="reason" value="" />
                        <button type="submit" class=PRIMARY disabled=move || act.pending().get() data-testid="sell-reservation">{move || i18n.t(Key::DashSell)}</button>
                    </ActionForm>
                }})}
                {status.can_release().then(|| { let id = id.clone(); let reason_id = reason_id.clone(); view! {
                    <ActionForm action=act attr:class="flex flex-wrap items-end gap-2">
                        <input type="hidden" name="id" value=id />
                        <input type="hidden" name="action" value="release" />
                        <div>
                            <label for=reason_id.clone() class=LABEL>{move || i18n.t(Key::DashReleaseReason)}</label>
                            <input id=reason_id name="reason" required minlength="3" maxlength="500" class=INPUT data-testid="release-reason" />
                        </div>
                        <button type="submit" class=SECONDARY disabled=move || act.pending().get() data-testid="release-reservation">{move || i18n.t(Key::DashRelease)}</button>
                    </ActionForm>
                }})}
                {(status == ReservationStatus::Held).then(|| view! {
                    <p class="text-sm text-stone-600">{move || i18n.t(Key::UnitHeldUntil).replace("{time}", &localize_digits(&hold_until, i18n.lang()))}</p>
                })}
            </div>
        </li>
    }
}

//! The reservation box of a listing page: the unit's state (available,
//! held until when, reserved, sold), the fee and what it buys, the refund
//! terms, and the button that holds the unit and sends the buyer to
//! Paymob's checkout. The button is a form, so it works before the app's
//! script loads (the server answers with the checkout's address).

use crate::api::reservations::{CanReserve, ReserveListing, ReserveOffer, reservation_offer};
use crate::domain::reservation::{UnitState, pounds_and_piastres};
use crate::i18n::{Key, Lang, format_egp, localize_digits, use_i18n};
use crate::ui::components::account::{auth_href, error_text, use_session};
use leptos::prelude::*;

const PRIMARY: &str = "inline-flex w-full items-center justify-center rounded-full bg-teal-800 px-5 py-3 text-base font-semibold text-white hover:bg-teal-900 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700";

/// A fee in piastres, as the page writes money.
pub fn fee_text(piastres: i64, lang: Lang) -> String {
    let (pounds, rest) = pounds_and_piastres(piastres);
    let whole = format_egp(crate::domain::Egp::new(pounds), lang);
    if rest == 0 { whole } else { format!("{whole} + {}", localize_digits(&format!("{rest:02}"), lang)) }
}

/// The unit's state as a badge with words (never colour alone).
pub fn state_badge(state: &UnitState, held_until: Option<&str>, lang: Lang) -> impl IntoView + use<> {
    let (class, text) = match state {
        UnitState::Available => {
            ("bg-teal-50 text-teal-900 ring-teal-200", lang.t(Key::UnitAvailable).to_owned())
        }
        UnitState::Held { .. } => (
            "bg-amber-50 text-amber-900 ring-amber-200",
            lang.t(Key::UnitHeldUntil)
                .replace("{time}", &localize_digits(held_until.unwrap_or("--:--"), lang)),
        ),
        UnitState::Reserved => {
            ("bg-indigo-50 text-indigo-900 ring-indigo-200", lang.t(Key::UnitReserved).to_owned())
        }
        UnitState::Sold => ("bg-stone-200 text-stone-800 ring-stone-300", lang.t(Key::UnitSold).to_owned()),
        UnitState::Unavailable => {
            ("bg-stone-100 text-stone-700 ring-stone-200", lang.t(Key::UnitOffMarket).to_owned())
        }
    };
    view! {
        <span class=format!("inline-flex items-center rounded-full px-3 py-1 text-sm font-semibold ring-1 {class}") data-testid="unit-state">{text}</span>
    }
}

#[component]
pub fn ReserveBox(listing_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let offer =
        Resource::new(move || (session.version(), listing_id.clone()), |(_, id)| reservation_offer(id));
    view! {
        <section class="rounded-2xl border border-stone-200 bg-white p-5 sm:p-6" aria-labelledby="reserve-title" data-testid="reserve-box">
            <h2 id="reserve-title" class="text-lg font-bold text-stone-900">{move || i18n.t(Key::ReserveTitle)}</h2>
            <Transition fallback=move || view! { <p class="mt-2 text-sm text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match offer.await {
                        Ok(o) => view! { <Offer offer=o /> }.into_any(),
                        Err(_) => view! { <p class="mt-2 text-sm text-stone-600">{i18n.t(Key::ReserveNotAvailable)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Offer(offer: ReserveOffer) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ReserveListing>::new();
    let sign_in = auth_href(Some("phone"));
    // With the app's script the page goes to the checkout itself.
    Effect::new(move |_| {
        if let Some(Ok(started)) = action.value().get() {
            #[cfg(feature = "hydrate")]
            if let Some(window) = web_sys::window() {
                let _ = window.location().set_href(&started.checkout_url);
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = started;
        }
    });
    let fee = offer.fee_piastres;
    let days = offer.reserved_days;
    let minutes = offer.hold_minutes;
    let state = offer.state.clone();
    let held_until = offer.held_until.clone();
    let listing_id = offer.listing_id.to_string();
    let can = offer.can;
    let mine = offer.mine.clone();
    view! {
        <div class="mt-3 space-y-3">
            <p>{move || state_badge(&state, held_until.as_deref(), i18n.lang())}</p>
            {(fee > 0).then(|| view! {
                <p class="flex items-baseline justify-between gap-4">
                    <span class="text-sm text-stone-600">{move || i18n.t(Key::ReserveFee)}</span>
                    <span class="text-xl font-bold tabular-nums text-stone-900" data-testid="reserve-fee">{move || fee_text(fee, i18n.lang())}</span>
                </p>
            })}
            <p class="text-sm leading-6 text-stone-700">
                {move || {
                    let lang = i18n.lang();
                    lang.t(Key::ReserveWhat)
                        .replace("{days}", &crate::i18n::format_number(days.into(), lang))
                        .replace("{minutes}", &crate::i18n::format_number(minutes.into(), lang))
                }}
            </p>
            <p class="text-xs leading-5 text-stone-500">{move || i18n.t(Key::ReserveRefund)}</p>
            {mine.map(|id| view! {
                <a href=format!("/reservations/{id}") class="block text-sm font-semibold text-teal-800 underline" data-testid="my-reservation">{move || i18n.t(Key::ReserveYours)}</a>
            })}
            {match can {
                CanReserve::Yes => view! {
                    <ActionForm action=action>
                        <input type="hidden" name="listing_id" value=listing_id />
                        <button type="submit" class=PRIMARY disabled=move || action.pending().get() data-testid="reserve-button">
                            {move || if action.pending().get() { i18n.t(Key::ReserveStarting) } else { i18n.t(Key::ReserveButton) }}
                        </button>
                    </ActionForm>
                    {move || action.value().get().and_then(Result::err).map(|e| view! {
                        <p class="text-sm text-red-800" role="alert" data-testid="reserve-error">{error_text(&e, i18n.lang())}</p>
                    })}
                }.into_any(),
                CanReserve::SignIn => view! {
                    <a href=move || sign_in.get() class=PRIMARY data-testid="reserve-sign-in">{move || i18n.t(Key::ReserveSignIn)}</a>
                }.into_any(),
                CanReserve::VerifyPhone => view! {
                    <p class="text-sm text-stone-700">{move || i18n.t(Key::ReserveVerifyPhone)}</p>
                    <a href=move || sign_in.get() class=PRIMARY>{move || i18n.t(Key::ReserveSignIn)}</a>
                }.into_any(),
                CanReserve::NotAvailable => view! {
                    <p class="text-sm text-stone-700" data-testid="reserve-unavailable">{move || i18n.t(Key::ReserveNotAvailable)}</p>
                }.into_any(),
                CanReserve::Staff => view! { <p class="text-sm text-stone-600">{move || i18n.t(Key::ReserveStaff)}</p> }.into_any(),
                CanReserve::Taken => ().into_any(),
            }}
        </div>
    }
}

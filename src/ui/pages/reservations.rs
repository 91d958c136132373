//! The buyer's reservations: one reservation's page (`/reservations/:id`),
//! where the checkout sends them back and which follows the state as it
//! moves (a countdown while it is a hold), and their list
//! (`/account/reservations`).

use crate::api::AppError;
use crate::api::reservations::{ReservationView, my_reservations, reservation};
use crate::domain::reservation::{RefundStatus, ReservationStatus};
use crate::i18n::{Key, Lang, localize_digits, use_i18n};
use crate::ui::components::account::{auth_href, error_text};
use crate::ui::components::reserve::fee_text;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const PRIMARY: &str = "inline-flex items-center justify-center rounded-full bg-teal-800 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700";

pub fn status_text(status: ReservationStatus, lang: Lang) -> &'static str {
    lang.t(match status {
        ReservationStatus::Held => Key::ResHeld,
        ReservationStatus::Paid => Key::ResPaid,
        ReservationStatus::Confirmed => Key::ResConfirmed,
        ReservationStatus::Sold => Key::ResSold,
        ReservationStatus::Expired => Key::ResExpired,
        ReservationStatus::Cancelled => Key::ResCancelled,
        ReservationStatus::Released => Key::ResReleased,
    })
}

pub fn status_badge(status: ReservationStatus, lang: Lang) -> impl IntoView {
    let class = match status {
        ReservationStatus::Held => "bg-amber-50 text-amber-900 ring-amber-200",
        ReservationStatus::Paid | ReservationStatus::Confirmed => "bg-teal-50 text-teal-900 ring-teal-200",
        ReservationStatus::Sold => "bg-indigo-50 text-indigo-900 ring-indigo-200",
        _ => "bg-stone-100 text-stone-700 ring-stone-200",
    };
    view! {
        <span class=format!("inline-flex items-center rounded-full px-3 py-1 text-sm font-semibold ring-1 {class}") data-testid="reservation-status" data-status=status.code()>
            {status_text(status, lang)}
        </span>
    }
}

fn title(r: &ReservationView, lang: Lang) -> String {
    match lang {
        Lang::Ar => r.title_ar.clone().unwrap_or_else(|| r.title_en.clone()),
        Lang::En => r.title_en.clone(),
    }
}

/// mm:ss
fn countdown(seconds: i64, lang: Lang) -> String {
    localize_digits(&format!("{:02}:{:02}", seconds.max(0) / 60, seconds.max(0) % 60), lang)
}

fn signed_out(lang: Lang) -> AnyView {
    let sign_in = auth_href(Some("phone"));
    view! {
        <p class="mt-6 text-stone-700">{lang.t(Key::ProfileSignInRequired)}</p>
        <a href=move || sign_in.get() class=format!("mt-4 inline-block {PRIMARY}")>{lang.t(Key::AuthSignIn)}</a>
    }
    .into_any()
}

/// `/reservations/:id`
#[component]
pub fn ReservationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let tick = RwSignal::new(0u32);
    let session = crate::ui::components::account::use_session();
    let data = Resource::new(move || (id.get(), tick.get(), session.version()), |(id, _, _)| reservation(id));
    // While it is a hold, the page asks again every few seconds: the
    // payment's callback moves it, not this browser.
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(
            move || {
                let waiting = data
                    .get_untracked()
                    .and_then(Result::ok)
                    .is_some_and(|r| r.status == ReservationStatus::Held);
                if waiting {
                    tick.update(|t| *t += 1);
                }
            },
            std::time::Duration::from_secs(3),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    }
    let returned = move || query.with(|q| q.get("returned"));
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(Key::ReservationTitle), i18n.t(Key::Brand))) />
        <section class="mx-auto max-w-2xl px-4 py-10 sm:px-6">
            <h1 class="text-2xl font-bold text-stone-900">{move || i18n.t(Key::ReservationTitle)}</h1>
            <Transition fallback=move || view! { <p class="mt-6 text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let lang = i18n.lang();
                    match data.await {
                        Ok(r) => view! { <Details r returned=returned() /> }.into_any(),
                        Err(AppError::Unauthorized) => signed_out(lang),
                        Err(AppError::NotFound) => view! { <p class="mt-6 text-stone-700" role="alert">{lang.t(Key::NotFoundTitle)}</p> }.into_any(),
                        Err(e) => view! { <p class="mt-6 text-red-800" role="alert">{error_text(&e, lang)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Details(r: ReservationView, returned: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let left = RwSignal::new(r.seconds_left);
    #[cfg(feature = "hydrate")]
    if r.status == ReservationStatus::Held
        && let Ok(handle) = set_interval_with_handle(
            move || left.update(|s| *s = (*s - 1).max(0)),
            std::time::Duration::from_secs(1),
        )
    {
        on_cleanup(move || handle.clear());
    }
    let r = StoredValue::new(r);
    let line = move |label: Key, value: String| {
        view! {
            <div class="flex justify-between gap-4 border-b border-stone-100 py-2.5">
                <dt class="text-sm text-stone-500">{move || i18n.t(label)}</dt>
                <dd class="text-end text-sm font-medium tabular-nums text-stone-900">{value}</dd>
            </div>
        }
    };
    view! {
        {move || {
            let lang = i18n.lang();
            r.with_value(|r| {
                let held = r.status == ReservationStatus::Held;
                let notice = match (held, returned.as_deref()) {
                    (true, Some("paid")) => Some((Key::ReservationConfirming, "text-teal-900 bg-teal-50")),
                    (true, Some("declined")) => Some((Key::ReservationDeclined, "text-red-900 bg-red-50")),
                    _ => None,
                };
                view! {
                    <div class="mt-6 rounded-2xl border border-stone-200 bg-white p-5 sm:p-6" data-testid="reservation">
                        <p>{status_badge(r.status, lang)}</p>
                        {notice.map(|(key, class)| view! { <p class=format!("mt-4 rounded-lg px-3 py-2 text-sm {class}") role="status">{lang.t(key)}</p> })}
                        {held.then(|| view! {
                            <p class="mt-4 text-lg font-semibold text-stone-900" data-testid="countdown" aria-live="off">
                                {move || lang.t(Key::ReservationCountdown).replace("{time}", &countdown(left.get(), lang))}
                            </p>
                        })}
                        {r.checkout_url.clone().map(|url| view! {
                            <a href=url class=format!("mt-4 {PRIMARY}") data-testid="continue-payment">{lang.t(Key::ReservationPay)}</a>
                        })}
                        <dl class="mt-4">
                            <div class="flex justify-between gap-4 border-b border-stone-100 py-2.5">
                                <dt class="text-sm text-stone-500">{lang.t(Key::ReservationUnit)}</dt>
                                <dd class="text-end text-sm font-medium"><a href=format!("/listings/{}", r.listing_id) class="text-teal-800 underline">{title(r, lang)}</a></dd>
                            </div>
                            {line(Key::ReservationAmount, fee_text(r.amount_piastres, lang))}
                            {r.card.clone().map(|c| line(Key::ReservationCard, c))}
                            {r.paid_at.clone().map(|t| line(Key::ReservationPaidAt, localize_digits(&t, lang)))}
                            {(matches!(r.status, ReservationStatus::Paid | ReservationStatus::Confirmed)).then(|| r.reserved_until.clone().map(|t| line(Key::ReservationUntil, localize_digits(&t, lang)))).flatten()}
                            {r.confirmed_at.clone().map(|t| line(Key::ReservationConfirmedAt, localize_digits(&t, lang)))}
                            {r.sold_at.clone().map(|t| line(Key::ReservationSoldAt, localize_digits(&t, lang)))}
                            {(!r.status.is_active() && r.status != ReservationStatus::Sold).then(|| r.reason.clone().map(|t| line(Key::ReservationReason, t))).flatten()}
                        </dl>
                        {match r.refund {
                            RefundStatus::Due => Some(view! { <p class="mt-4 text-sm text-stone-700" data-testid="refund">{lang.t(Key::ReservationRefundDue)}</p> }),
                            RefundStatus::Done => Some(view! { <p class="mt-4 text-sm text-stone-700" data-testid="refund">{lang.t(Key::ReservationRefundDone)}</p> }),
                            RefundStatus::Failed => Some(view! { <p class="mt-4 text-sm text-stone-700" data-testid="refund">{lang.t(Key::ReservationRefundFailed)}</p> }),
                            RefundStatus::None => None,
                        }}
                    </div>
                }
            })
        }}
    }
}

/// `/account/reservations`
#[component]
pub fn MyReservationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::ui::components::account::use_session();
    let data = Resource::new(move || session.version(), |_| my_reservations());
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(Key::ReservationsTitle), i18n.t(Key::Brand))) />
        <section class="mx-auto max-w-3xl px-4 py-10 sm:px-6">
            <h1 class="text-2xl font-bold text-stone-900">{move || i18n.t(Key::ReservationsTitle)}</h1>
            <Transition fallback=move || view! { <p class="mt-6 text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let lang = i18n.lang();
                    match data.await {
                        Ok(list) if list.is_empty() => view! { <p class="mt-6 text-stone-700">{lang.t(Key::ReservationsEmpty)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="mt-6 space-y-3" data-testid="my-reservations">
                                {list.into_iter().map(|r| view! {
                                    <li class="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-stone-200 bg-white p-4">
                                        <div class="min-w-0">
                                            <a href=format!("/reservations/{}", r.id) class="font-semibold text-teal-900 underline">{title(&r, lang)}</a>
                                            <p class="mt-1 text-sm tabular-nums text-stone-600">{fee_text(r.amount_piastres, lang)}" · "{localize_digits(&r.created_at, lang)}</p>
                                        </div>
                                        {status_badge(r.status, lang)}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(AppError::Unauthorized) => signed_out(lang),
                        Err(e) => view! { <p class="mt-6 text-red-800" role="alert">{error_text(&e, lang)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

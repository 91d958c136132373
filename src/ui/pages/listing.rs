//! `/listings/:id`: one listing with its facts, the payment plan worked out,
//! a calculator to try other plans, a rental estimate and similar listings.

use crate::api::AppError;
use crate::api::search::{ListingDetail as Page, listing_page};
use crate::domain::Egp;
use crate::domain::listing::{InstallmentFrequency, Listing};
use crate::domain::plan::Frequency;
use crate::i18n::{
    Key, Plural, format_egp, format_number, format_percent, labels, localize_digits, use_i18n,
};
use crate::ui::components::account::SaveButton;
use crate::ui::components::chat::ChatBox;
use crate::ui::components::investment::InvestmentEstimate;
use crate::ui::components::listing_card::ListingCard;
use crate::ui::components::plan_calculator::{PlanCalculator, Start};
use crate::ui::components::reserve::ReserveBox;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ListingPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let page = Resource::new(move || id.get(), listing_page);
    view! {
        <Transition fallback=move || view! { <p class="mx-auto max-w-6xl px-4 py-10 text-stone-500">{i18n.t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <ListingView page=p /> }.into_any(),
                    Err(AppError::NotFound) => view! { <Missing /> }.into_any(),
                    Err(_) => view! {
                        <p class="mx-auto max-w-6xl px-4 py-10 text-red-800" role="alert">{i18n.t(Key::ErrorGeneric)}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Missing() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=crate::ui::title_text(move || i18n.t(Key::NotFoundTitle)) />
        <section class="mx-auto max-w-2xl px-4 py-24 text-center">
            <h1 class="text-3xl font-bold text-stone-900">{move || i18n.t(Key::NotFoundTitle)}</h1>
            <p class="mt-4 text-stone-600">{move || i18n.t(Key::ListingNotFound)}</p>
            <a href="/" class="mt-8 inline-block rounded-full bg-teal-800 px-5 py-2.5 text-sm font-semibold text-white">{move || i18n.t(Key::BackHome)}</a>
        </section>
    }
}

#[component]
fn ListingView(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let l = StoredValue::new(page.listing.clone());
    let similar = page.similar;
    let start = Start {
        price: page.listing.price_egp,
        down_pct: page.listing.down_payment_pct.map_or(10, |p| p.round() as u32),
        years: page.listing.installment_years.filter(|y| *y > 0).map_or(7, |y| y as u32),
        frequency: if page.listing.installment_frequency == InstallmentFrequency::Quarterly {
            Frequency::Quarterly
        } else {
            Frequency::Monthly
        },
    };
    let action = format!("{}#plan", page.listing.url);
    view! {
        <Title text=crate::ui::title_text(move || l.with_value(|l| format!("{} · {}", l.title_in(i18n.lang()), i18n.t(Key::Brand)))) />
        <article class="mx-auto max-w-6xl px-4 py-8 sm:px-6">
            <a href="/" class="text-sm font-medium text-teal-800 hover:underline">{move || i18n.t(Key::BackToResults)}</a>
            <div class="mt-4 grid gap-8 lg:grid-cols-5">
                <div class="space-y-6 lg:col-span-3">
                    <figure>
                        <img src=l.with_value(Listing::image) alt="" class="aspect-[3/2] w-full rounded-2xl bg-stone-100 object-cover" width="600" height="400" />
                        <figcaption class="mt-2 text-xs text-stone-500">{move || i18n.t(Key::GalleryNote)}</figcaption>
                    </figure>
                    <header>
                        <div class="flex items-start justify-between gap-4">
                            <h1 class="text-2xl font-bold tracking-tight text-stone-900 sm:text-3xl" data-testid="listing-title">
                                {move || l.with_value(|l| l.title_in(i18n.lang()).to_owned())}
                            </h1>
                            <SaveButton listing_id=l.with_value(|l| l.id.clone()) />
                        </div>
                        <p class="mt-1 text-stone-600">{move || l.with_value(|l| labels::place(l, i18n.lang()))}</p>
                        {move || (!l.with_value(|l| l.is_available)).then(|| view! {
                            <p class="mt-2 inline-block rounded-full bg-stone-200 px-3 py-1 text-sm font-medium text-stone-700">{i18n.t(Key::Unavailable)}</p>
                        })}
                    </header>
                    <p class="leading-7 text-stone-700">{move || l.with_value(|l| l.description_in(i18n.lang()).unwrap_or_default().to_owned())}</p>
                    <Facts listing=page.listing.clone() />
                </div>
                <div class="space-y-6 lg:col-span-2">
                    <PlanBreakdown listing=page.listing.clone() />
                    <ReserveBox listing_id=page.listing.id.clone() />
                    <section id="ask" class="scroll-mt-20 rounded-2xl border border-teal-200 bg-white p-4 shadow-sm sm:p-5" aria-labelledby="ask-title" data-testid="ask-panel">
                        <h2 id="ask-title" class="text-lg font-bold text-stone-900">{move || i18n.t(Key::ChatAskUnit)}</h2>
                        <p class="mb-3 mt-1 text-sm text-stone-600">{move || i18n.t(Key::ChatAskUnitHint)}</p>
                        <ChatBox listing_id=page.listing.id.clone() compact=true />
                        <a href=format!("/chat?listing={}", page.listing.id) class="mt-3 inline-block text-sm font-medium text-teal-800 hover:underline">{move || i18n.t(Key::ChatOpenFull)}</a>
                    </section>
                </div>
            </div>
            <section id="plan" class="mt-10 scroll-mt-20" aria-labelledby="adjust-title">
                <h2 id="adjust-title" class="mb-4 text-lg font-bold text-stone-900">{move || i18n.t(Key::PlanAdjust)}</h2>
                <PlanCalculator start action intro=false />
            </section>
            <div class="mt-10">
                <InvestmentEstimate listing=page.listing.clone() />
            </div>
            {(!similar.is_empty()).then(|| view! {
                <section class="mt-12" aria-labelledby="similar-title">
                    <h2 id="similar-title" class="mb-4 text-lg font-bold text-stone-900">{move || i18n.t(Key::SimilarTitle)}</h2>
                    <ul class="grid gap-5 sm:grid-cols-2 lg:grid-cols-4" data-testid="similar">
                        {similar.into_iter().map(|listing| view! { <li><ListingCard listing /></li> }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
    }
}

/// One fact of a listing, in a language; `None` when the listing lacks it.
type Fact = Box<dyn Fn(&Listing, crate::i18n::Lang) -> Option<String> + Send + Sync>;

#[component]
fn Facts(listing: Listing) -> impl IntoView {
    let i18n = use_i18n();
    let l = StoredValue::new(listing);
    let row = move |label: Key, value: Fact| {
        view! {
            <div class="flex justify-between gap-4 border-b border-stone-100 py-2.5">
                <dt class="text-sm text-stone-500">{move || i18n.t(label)}</dt>
                <dd class="text-end text-sm font-medium text-stone-900">
                    {move || l.with_value(|l| value(l, i18n.lang())).unwrap_or_else(|| i18n.t(Key::FactUnknown).to_owned())}
                </dd>
            </div>
        }
    };
    view! {
        <section aria-labelledby="facts-title">
            <h2 id="facts-title" class="text-lg font-bold text-stone-900">{move || i18n.t(Key::ListingFacts)}</h2>
            <dl class="mt-2 grid gap-x-8 sm:grid-cols-2" data-testid="facts">
                {row(Key::FactType, Box::new(|l, lang| Some(labels::property_type(l.property_type, lang).to_owned())))}
                {row(Key::FactBedrooms, Box::new(|l, lang| l.bedrooms.map(|b| format_number(b.into(), lang))))}
                {row(Key::FactBathrooms, Box::new(|l, lang| l.bathrooms.map(|b| format_number(b.into(), lang))))}
                {row(Key::FactArea, Box::new(|l, lang| l.area_sqm.map(|a| format!("{} {}", format_number(a.into(), lang), lang.t(Key::SqmUnit)))))}
                {row(Key::FactPricePerSqm, Box::new(|l, lang| l.price_per_sqm_egp.map(|p| format_egp(Egp::new(p), lang))))}
                {row(Key::FactFinishing, Box::new(|l, lang| l.finishing.map(|f| labels::finishing(f, lang).to_owned())))}
                {row(Key::FactDelivery, Box::new(labels::delivery_short))}
                {row(Key::FactSaleType, Box::new(|l, lang| l.sale_type.map(|s| labels::sale_type(s, lang).to_owned())))}
                {row(Key::FactCompound, Box::new(|l, lang| l.compound_in(lang).map(str::to_owned)))}
                {row(Key::FactDeveloper, Box::new(|l, lang| l.developer_in(lang).map(str::to_owned)))}
                {row(Key::FactMaintenance, Box::new(|l, lang| l.maintenance_deposit_pct.map(|p| format_percent(p.round() as u32, lang))))}
            </dl>
        </section>
    }
}

/// The listing's own plan, worked out: down payment, each installment,
/// payment on delivery, and the total.
#[component]
fn PlanBreakdown(listing: Listing) -> impl IntoView {
    let i18n = use_i18n();
    let price = listing.price_egp;
    let pct = |p: Option<f64>| Egp::new(((price as f64) * p.unwrap_or(0.0) / 100.0).round() as i64);
    let down = pct(listing.down_payment_pct);
    let delivery = pct(listing.delivery_payment_pct);
    let years = i64::from(listing.installment_years.unwrap_or(0));
    let per_year = match listing.installment_frequency {
        InstallmentFrequency::Monthly => 12,
        InstallmentFrequency::Quarterly => 4,
        InstallmentFrequency::None => 0,
    };
    let count = years * per_year;
    let amount = listing.installment_amount_egp.unwrap_or(0);
    // Rounded installments leave a few pounds over or short: the last one
    // absorbs them, so the total is the price (when the listing's own
    // installment is the price split evenly; otherwise its figures stand).
    let remainder = price - down.pounds() - delivery.pounds();
    let last = remainder - (count - 1).max(0) * amount;
    let evenly = count > 0 && (last - amount).abs() <= count;
    let last = if evenly { last } else { amount };
    let total =
        down.pounds() + delivery.pounds() + (count - 1).max(0) * amount + if count > 0 { last } else { 0 };
    let regular = if evenly && last != amount { count - 1 } else { count };
    let quarterly = listing.installment_frequency == InstallmentFrequency::Quarterly;
    let kind = match (listing.installment_frequency, count > 0 && amount > 0) {
        (_, true) => 1,
        (InstallmentFrequency::None, _) => 2,
        _ => 3,
    };
    let down_pct = listing.down_payment_pct.unwrap_or(0.0);
    let delivery_pct = listing.delivery_payment_pct.unwrap_or(0.0);
    view! {
        <section class="rounded-2xl border border-stone-200 bg-white p-5 sm:p-6" aria-labelledby="breakdown-title" data-testid="plan-breakdown">
            <p class="text-3xl font-bold tabular-nums text-teal-900" data-testid="listing-price">
                {move || format_egp(Egp::new(price), i18n.lang())}
            </p>
            <h2 id="breakdown-title" class="mt-5 text-lg font-bold text-stone-900">{move || i18n.t(Key::PlanBreakdown)}</h2>
            {move || {
                let lang = i18n.lang();
                let line = |label: String, value: String| view! {
                    <div class="flex justify-between gap-4 py-2">
                        <dt class="text-sm text-stone-600">{label}</dt>
                        <dd class="text-sm font-semibold tabular-nums text-stone-900">{value}</dd>
                    </div>
                };
                match kind {
                    1 => view! {
                        <dl class="mt-2 divide-y divide-stone-100">
                            {line(format!("{} ({})", lang.t(Key::PlanDownPaymentAmount), localize_digits(&format!("{down_pct}%"), lang)), format_egp(down, lang))}
                            {line(
                                format!("{} · {}", lang.t(if quarterly { Key::PlanQuarterlyInstallment } else { Key::PlanMonthlyInstallment }), lang.plural(Plural::Years, years as u64)),
                                lang.t(Key::PlanEachInstallment).replace("{n}", &format_number(regular, lang)).replace("{amount}", &format_egp(Egp::new(amount), lang)),
                            )}
                            {(regular < count).then(|| line(lang.t(Key::PlanLastInstallment).to_owned(), format_egp(Egp::new(last), lang)))}
                            {(delivery.pounds() > 0).then(|| line(
                                format!("{} ({})", lang.t(Key::PlanDeliveryPayment), localize_digits(&format!("{delivery_pct}%"), lang)),
                                format_egp(delivery, lang),
                            ))}
                            {line(lang.t(Key::PlanTotal).to_owned(), format_egp(Egp::new(total), lang))}
                        </dl>
                    }.into_any(),
                    2 => view! { <p class="mt-2 text-sm text-stone-700">{lang.t(Key::PlanCashPrice)}</p> }.into_any(),
                    _ => view! { <p class="mt-2 text-sm text-stone-700">{lang.t(Key::PlanUnknown)}</p> }.into_any(),
                }
            }}
            <p class="mt-4 text-xs text-stone-500">{move || i18n.t(Key::PlanNote)}</p>
        </section>
    }
}

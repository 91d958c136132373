//! The home page: what Osool is, where buyers look (with real price-per-metre
//! figures), a worked example of a payment plan and the plan calculator.

use crate::api::AppError;
use crate::api::search::search_listings;
use crate::domain::search::BrowseQuery;
use crate::domain::{Egp, Frequency, PlanInput};
use crate::i18n::{Key, Lang, Plural, format_egp, format_number, use_i18n};
use crate::ui::components::account::error_text;
use crate::ui::components::icons::CheckIcon;
use crate::ui::components::plan_calculator::PlanCalculator;
use crate::ui::components::results::ResultsView;
use crate::ui::components::search_box::SearchBox;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

/// Median asking price per square metre by area (MARKET.md, late 2025).
const AREAS: [(Key, Key, i64); 4] = [
    (Key::AreaNewCairo, Key::AreaNewCairoNote, 86_000),
    (Key::AreaGoldenSquare, Key::AreaGoldenSquareNote, 117_000),
    (Key::AreaSixthSettlement, Key::AreaSixthSettlementNote, 91_000),
    (Key::AreaMostakbal, Key::AreaMostakbalNote, 64_000),
];

/// The browser's state, read from the URL.
pub fn use_browse_query() -> Memo<BrowseQuery> {
    let params = use_query_map();
    Memo::new(move |_| params.with(|p| BrowseQuery::from_pairs(|k| p.get_str(k))))
}

/// `/`: the landing page, or the property browser once the buyer searches.
#[component]
pub fn HomePage() -> impl IntoView {
    let query = use_browse_query();
    let active = Memo::new(move |_| query.with(BrowseQuery::is_active));
    move || {
        if active.get() {
            view! { <SearchPage query /> }.into_any()
        } else {
            view! { <Landing /> }.into_any()
        }
    }
}

#[component]
fn SearchPage(query: Memo<BrowseQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let results = Resource::new(
        move || query.get(),
        |q| async move {
            let results = search_listings(q.clone()).await;
            (q, results)
        },
    );
    let text = Signal::derive(move || query.with(|q| q.q.clone()));
    view! {
        <Title text=crate::ui::title_text(move || {
            let q = text.get();
            if q.is_empty() { i18n.t(Key::NavSearch).to_owned() } else { format!("{q} · {}", i18n.t(Key::Brand)) }
        }) />
        <section class="bg-gradient-to-b from-teal-900 to-teal-800 py-6">
            <div class="mx-auto max-w-6xl px-4 sm:px-6">
                <SearchBox query=text compact=true />
            </div>
        </section>
        <div class="mx-auto max-w-6xl px-4 py-8 pb-28 sm:px-6">
            <Transition fallback=move || view! { <p class="text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        (q, Ok(r)) => view! { <ResultsView results=r query=q /> }.into_any(),
                        (_, Err(error)) => {
                            // Bad input and too many searches say what to
                            // do; anything else is the service's fault.
                            let told = matches!(error, AppError::Validation { .. } | AppError::RateLimited { .. });
                            view! {
                                <p class="rounded-lg bg-red-50 px-4 py-3 text-red-800 ring-1 ring-red-200" role="alert" data-testid="search-error">
                                    {move || {
                                        let lang = i18n.lang();
                                        if told { error_text(&error, lang) } else { lang.t(Key::SearchError).to_owned() }
                                    }}
                                </p>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Landing() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=crate::ui::title_text(move || i18n.t(Key::HomeTitle)) />
        <Meta name="description" content=crate::ui::head_text(move || i18n.t(Key::HomeDescription)) />
        // Each section is type-erased: keeps the page's view type shallow.
        {view! { <Hero /> }.into_any()}
        {view! { <Areas /> }.into_any()}
        {view! {
            <section id="plan" class="scroll-mt-20 bg-white py-16 sm:py-20">
                <div class="mx-auto max-w-6xl px-4 sm:px-6">
                    <PlanCalculator />
                </div>
            </section>
        }
            .into_any()}
        {view! { <HowItWorks /> }.into_any()}
    }
}

#[component]
fn Hero() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="bg-gradient-to-b from-teal-900 to-teal-800 text-white">
            <div class="mx-auto grid max-w-6xl items-center gap-10 px-4 py-14 sm:px-6 sm:py-20 lg:grid-cols-2">
                <div>
                    <p class="text-sm font-semibold tracking-wide text-amber-300">{move || i18n.t(Key::HeroEyebrow)}</p>
                    <h1 class="mt-3 text-4xl font-bold leading-tight tracking-tight text-balance sm:text-5xl">
                        {move || i18n.t(Key::HeroTitle)}
                    </h1>
                    <p class="mt-5 max-w-xl text-lg leading-8 text-teal-50">{move || i18n.t(Key::HeroBody)}</p>
                    <div class="mt-8">
                        <SearchBox query=Signal::stored(String::new()) />
                    </div>
                    <ul class="mt-10 space-y-3 text-teal-50">
                        {[Key::HeroPointInterestFree, Key::HeroPointRealListings, Key::HeroPointBilingual]
                            .into_iter()
                            .map(|key| view! {
                                <li class="flex gap-3">
                                    <CheckIcon />
                                    <span>{move || i18n.t(key)}</span>
                                </li>
                            })
                            .collect_view()}
                    </ul>
                </div>
                <ExamplePlan />
            </div>
        </section>
    }
}

/// A worked example from market medians, labelled as an example: Osool never
/// presents a unit that does not exist as if it were a listing.
#[component]
fn ExamplePlan() -> impl IntoView {
    let i18n = use_i18n();
    let input = PlanInput {
        price: Egp::new(11_100_000),
        down_payment_bp: 1_000,
        delivery_payment_bp: 0,
        years: 8,
        frequency: Frequency::Monthly,
    };
    let plan = input.breakdown().ok();
    let row = move |label: Key, value: Box<dyn Fn(Lang) -> String + Send + Sync>| {
        view! {
            <div class="flex items-baseline justify-between gap-4 py-2.5">
                <dt class="text-sm text-stone-500">{move || i18n.t(label)}</dt>
                <dd class="font-semibold tabular-nums text-stone-900">{move || value(i18n.lang())}</dd>
            </div>
        }
    };
    plan.map(|plan| {
        view! {
            <aside class="rounded-2xl bg-white p-6 text-stone-900 shadow-xl ring-1 ring-black/5 sm:p-8">
                <p class="text-xs font-semibold uppercase tracking-wide text-teal-700">{move || i18n.t(Key::HeroExampleLabel)}</p>
                <h2 class="mt-2 text-xl font-bold">{move || i18n.t(Key::HeroExampleTitle)}</h2>
                <p class="mt-1 text-sm text-stone-500">
                    {move || {
                        let lang = i18n.lang();
                        format!("{} · {} {}", lang.plural(Plural::Bedrooms, 3), format_number(152, lang), lang.t(Key::SqmUnit))
                    }}
                </p>
                <p class="mt-5 text-3xl font-bold tabular-nums text-teal-900">
                    {move || format_egp(input.price, i18n.lang())}
                </p>
                <dl class="mt-4 divide-y divide-stone-100 border-t border-stone-100">
                    {row(Key::PlanDownPaymentAmount, Box::new(move |lang| format_egp(plan.down_payment, lang)))}
                    {row(Key::PlanMonthlyInstallment, Box::new(move |lang| format_egp(plan.installment, lang)))}
                    {row(Key::PlanFrequency, Box::new(move |lang| lang.plural(Plural::Installments, u64::from(plan.installment_count))))}
                </dl>
                <p class="mt-4 text-xs leading-5 text-stone-500">{move || i18n.t(Key::HeroExampleNote)}</p>
            </aside>
        }
    })
}

#[component]
fn Areas() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section id="areas" class="scroll-mt-20 py-16 sm:py-20">
            <div class="mx-auto max-w-6xl px-4 sm:px-6">
                <h2 class="text-2xl font-bold tracking-tight text-stone-900 sm:text-3xl">{move || i18n.t(Key::AreasTitle)}</h2>
                <p class="mt-2 text-stone-600">{move || i18n.t(Key::AreasSubtitle)}</p>
                <ul class="mt-8 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
                    {AREAS
                        .into_iter()
                        .map(|(name, note, per_sqm)| view! {
                            <li class="flex flex-col rounded-xl border border-stone-200 bg-white p-5 shadow-sm">
                                <h3 class="font-semibold text-stone-900">{move || i18n.t(name)}</h3>
                                <p class="mt-1 flex-1 text-sm leading-6 text-stone-600">{move || i18n.t(note)}</p>
                                <p class="mt-4 text-xl font-bold tabular-nums text-teal-800">
                                    {move || format_egp(Egp::new(per_sqm), i18n.lang())}
                                </p>
                                <p class="text-xs text-stone-500">{move || i18n.t(Key::PerSqm)}</p>
                            </li>
                        })
                        .collect_view()}
                </ul>
            </div>
        </section>
    }
}

#[component]
fn HowItWorks() -> impl IntoView {
    let i18n = use_i18n();
    let steps = [
        (Key::HowStepAskTitle, Key::HowStepAskBody),
        (Key::HowStepCompareTitle, Key::HowStepCompareBody),
        (Key::HowStepVisitTitle, Key::HowStepVisitBody),
    ];
    view! {
        <section class="py-16 sm:py-20">
            <div class="mx-auto max-w-6xl px-4 sm:px-6">
                <h2 class="text-2xl font-bold tracking-tight text-stone-900 sm:text-3xl">{move || i18n.t(Key::HowTitle)}</h2>
                <ol class="mt-8 grid gap-6 md:grid-cols-3">
                    {steps
                        .into_iter()
                        .enumerate()
                        .map(|(index, (title, body))| view! {
                            <li class="rounded-xl bg-white p-6 shadow-sm ring-1 ring-stone-200">
                                <span class="flex h-9 w-9 items-center justify-center rounded-full bg-teal-50 font-bold text-teal-800">
                                    {move || format_number(index as i64 + 1, i18n.lang())}
                                </span>
                                <h3 class="mt-4 font-semibold text-stone-900">{move || i18n.t(title)}</h3>
                                <p class="mt-2 text-sm leading-6 text-stone-600">{move || i18n.t(body)}</p>
                            </li>
                        })
                        .collect_view()}
                </ol>
            </div>
        </section>
    }
}

//! The payment-plan calculator. A GET form, so it works before the WASM
//! loads (the server reads the query and renders the result); once hydrated
//! it recomputes on every change.

use crate::domain::plan::{MAX_YEARS, PlanError};
use crate::domain::{Frequency, PlanBreakdown, PlanInput, parse_amount};
use crate::i18n::{
    Key, Lang, Plural, format_egp, format_egp_compact, format_number, format_percent, use_i18n,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const DEFAULT_PRICE: i64 = 10_000_000;
const DEFAULT_DOWN_PCT: u32 = 10;
const DEFAULT_YEARS: u32 = 7;
const MAX_DOWN_PCT: u32 = 100;

const LABEL: &str = "block text-sm font-medium text-stone-700";
const FOCUS: &str = "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700";

fn error_key(error: PlanError) -> Key {
    match error {
        PlanError::PriceOutOfRange => Key::PlanErrorPrice,
        PlanError::PaymentsExceedPrice => Key::PlanErrorPayments,
        PlanError::TooManyYears => Key::PlanErrorYears,
    }
}

/// Where the calculator starts when the URL does not say.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Start {
    pub price: i64,
    pub down_pct: u32,
    pub years: u32,
    pub frequency: Frequency,
}

impl Default for Start {
    fn default() -> Self {
        Start {
            price: DEFAULT_PRICE,
            down_pct: DEFAULT_DOWN_PCT,
            years: DEFAULT_YEARS,
            frequency: Frequency::Monthly,
        }
    }
}

#[component]
pub fn PlanCalculator(
    /// Starting values (the URL's `price`, `down`, `years`, `frequency` win).
    #[prop(optional)]
    start: Start,
    /// Where the form goes without the WASM: this page's path.
    #[prop(into, default = "/#plan".to_owned())]
    action: String,
    /// Shows the heading and introduction beside the form.
    #[prop(default = true)]
    intro: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let initial = |name: &str| query.with_untracked(|q| q.get(name));
    let price_text = RwSignal::new(initial("price").unwrap_or_else(|| format_number(start.price, Lang::En)));
    let down_pct = RwSignal::new(
        initial("down").and_then(|v| v.parse::<u32>().ok()).unwrap_or(start.down_pct).min(MAX_DOWN_PCT),
    );
    let years = RwSignal::new(
        initial("years").and_then(|v| v.parse::<u32>().ok()).unwrap_or(start.years).clamp(1, MAX_YEARS),
    );
    let frequency =
        RwSignal::new(initial("frequency").and_then(|v| Frequency::from_code(&v)).unwrap_or(start.frequency));

    let price = Memo::new(move |_| price_text.with(|text| parse_amount(text)));
    let result = Memo::new(move |_| {
        let price = price.get().ok_or(PlanError::PriceOutOfRange)?;
        PlanInput {
            price,
            down_payment_bp: down_pct.get() * 100,
            delivery_payment_bp: 0,
            years: years.get(),
            frequency: frequency.get(),
        }
        .breakdown()
    });
    let price_invalid = move || result.with(|r| matches!(r, Err(PlanError::PriceOutOfRange)));

    view! {
        <div class=if intro { "grid gap-10 lg:grid-cols-5" } else { "grid" }>
            {intro.then(|| view! {
                <div class="lg:col-span-2">
                    <h2 class="text-2xl font-bold tracking-tight text-stone-900 sm:text-3xl">{move || i18n.t(Key::PlanTitle)}</h2>
                    <p class="mt-3 leading-7 text-stone-600">{move || i18n.t(Key::PlanSubtitle)}</p>
                </div>
            })}
            <form
                method="get"
                action=action
                class=if intro {
                    "grid gap-6 rounded-2xl border border-stone-200 bg-stone-50 p-5 sm:grid-cols-2 sm:p-8 lg:col-span-3"
                } else {
                    "grid gap-6 rounded-2xl border border-stone-200 bg-stone-50 p-5 sm:grid-cols-2"
                }
                on:submit=move |ev| ev.prevent_default()
            >
                <div class="sm:col-span-2">
                    <label for="plan-price" class=LABEL>{move || i18n.t(Key::PlanPrice)}</label>
                    <input
                        id="plan-price"
                        name="price"
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        class=format!("mt-2 block w-full rounded-lg border border-stone-300 bg-white px-4 py-3 text-lg tabular-nums shadow-sm aria-[invalid=true]:border-red-600 {FOCUS}")
                        value=price_text.get_untracked()
                        aria-invalid=move || price_invalid().to_string()
                        aria-describedby="plan-price-hint"
                        on:input=move |ev| price_text.set(event_target_value(&ev))
                    />
                    <p id="plan-price-hint" class="mt-2 min-h-5 text-sm" aria-live="polite">
                        {move || match (price.get(), price_invalid()) {
                            (_, true) => view! { <span class="text-red-700">{i18n.t(Key::PlanErrorPrice)}</span> }.into_any(),
                            (Some(amount), false) => view! {
                                <span class="text-stone-500">
                                    {i18n.t(Key::PlanAmountHint).replace("{amount}", &format_egp_compact(amount, i18n.lang()))}
                                </span>
                            }.into_any(),
                            (None, false) => ().into_any(),
                        }}
                    </p>
                </div>
                <div>
                    <label for="plan-down" class=LABEL>
                        {move || i18n.t(Key::PlanDownPayment)}
                        <output for="plan-down" class="ms-2 font-semibold text-teal-800">
                            {move || format_percent(down_pct.get(), i18n.lang())}
                        </output>
                    </label>
                    <input
                        id="plan-down"
                        name="down"
                        type="range"
                        min="0"
                        max=MAX_DOWN_PCT.to_string()
                        step="5"
                        class="mt-3 w-full accent-teal-700"
                        value=down_pct.get_untracked().to_string()
                        on:input=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                                down_pct.set(v.min(MAX_DOWN_PCT));
                            }
                        }
                    />
                </div>
                <div>
                    <label for="plan-years" class=LABEL>
                        {move || i18n.t(Key::PlanYears)}
                        <output for="plan-years" class="ms-2 font-semibold text-teal-800">
                            {move || i18n.lang().plural(Plural::Years, u64::from(years.get()))}
                        </output>
                    </label>
                    <input
                        id="plan-years"
                        name="years"
                        type="range"
                        min="1"
                        max=MAX_YEARS.to_string()
                        step="1"
                        class="mt-3 w-full accent-teal-700"
                        value=years.get_untracked().to_string()
                        on:input=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                                years.set(v.clamp(1, MAX_YEARS));
                            }
                        }
                    />
                </div>
                <fieldset class="sm:col-span-2">
                    <legend class=LABEL>{move || i18n.t(Key::PlanFrequency)}</legend>
                    <div class="mt-2 inline-flex rounded-full border border-stone-300 bg-white p-1">
                        {[(Frequency::Monthly, Key::PlanMonthly), (Frequency::Quarterly, Key::PlanQuarterly)]
                            .into_iter()
                            .map(|(value, key)| view! {
                                <label class="cursor-pointer rounded-full px-4 py-1.5 text-sm font-medium text-stone-700 has-checked:bg-teal-800 has-checked:text-white has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-teal-700">
                                    <input
                                        type="radio"
                                        name="frequency"
                                        value=value.code()
                                        class="sr-only"
                                        checked=frequency.get_untracked() == value
                                        on:change=move |_| frequency.set(value)
                                    />
                                    {move || i18n.t(key)}
                                </label>
                            })
                            .collect_view()}
                    </div>
                </fieldset>
                // Needed before the WASM loads; afterwards results are live and
                // submitting only keeps the page where it is.
                <div class="sm:col-span-2">
                    <button type="submit" class=format!("rounded-full bg-teal-800 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-900 {FOCUS}")>
                        {move || i18n.t(Key::PlanCalculate)}
                    </button>
                </div>
                <PlanResult result=result.into() frequency=frequency.into() />
            </form>
        </div>
    }
}

#[component]
fn PlanResult(
    result: Signal<Result<PlanBreakdown, PlanError>>,
    frequency: Signal<Frequency>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section
            class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200 sm:col-span-2"
            aria-live="polite"
            aria-labelledby="plan-result-title"
            data-testid="plan-result"
        >
            <h3 id="plan-result-title" class="sr-only">{move || i18n.t(Key::PlanResultTitle)}</h3>
            {move || match result.get() {
                Err(error) => view! { <p class="text-sm text-red-700" role="alert">{i18n.t(error_key(error))}</p> }.into_any(),
                Ok(plan) => {
                    let lang = i18n.lang();
                    let quarterly = frequency.get() == Frequency::Quarterly;
                    let label = if quarterly { Key::PlanQuarterlyInstallment } else { Key::PlanMonthlyInstallment };
                    let count = format!(
                        "{} · {}",
                        lang.plural(Plural::Installments, u64::from(plan.installment_count)),
                        lang.plural(Plural::Years, u64::from(plan.installment_count / frequency.get().per_year())),
                    );
                    view! {
                        <p class="text-sm font-medium text-stone-600" data-testid="plan-installment-label">{i18n.t(label)}</p>
                        <p class="mt-1 text-3xl font-bold tabular-nums text-teal-900" data-testid="plan-installment">
                            {format_egp(plan.installment, lang)}
                        </p>
                        <p class="mt-1 text-sm text-stone-500">{count}</p>
                        {quarterly.then(|| view! {
                            <p class="mt-1 text-sm text-stone-500">
                                {i18n.t(Key::PlanPerMonthEquivalent).replace("{amount}", &format_egp(plan.monthly_equivalent, lang))}
                            </p>
                        })}
                        <dl class="mt-5 grid gap-4 border-t border-stone-100 pt-4 sm:grid-cols-2">
                            <div>
                                <dt class="text-sm text-stone-500">{i18n.t(Key::PlanDownPaymentAmount)}</dt>
                                <dd class="font-semibold tabular-nums">{format_egp(plan.down_payment, lang)}</dd>
                            </div>
                            <div>
                                <dt class="text-sm text-stone-500">{i18n.t(Key::PlanFinanced)}</dt>
                                <dd class="font-semibold tabular-nums">{format_egp(plan.financed, lang)}</dd>
                            </div>
                        </dl>
                        <p class="mt-4 text-xs leading-5 text-stone-500">{i18n.t(Key::PlanNote)}</p>
                    }.into_any()
                }
            }}
        </section>
    }
}

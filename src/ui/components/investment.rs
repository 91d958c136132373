//! The investment estimate on a listing page: gross and net rental yield
//! and years to break even, from a rent and yearly costs the buyer can
//! change, with the assumptions written out.

use crate::domain::Egp;
use crate::domain::invest::{DEFAULT_COSTS_BP, RoiInput, default_gross_yield_bp, rent_for_yield};
use crate::domain::listing::Listing;
use crate::domain::parse_amount;
use crate::i18n::{Key, labels, localize_digits, use_i18n};
use leptos::prelude::*;

const INPUT: &str = "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 tabular-nums focus-visible:outline-2 focus-visible:outline-teal-700";

#[component]
pub fn InvestmentEstimate(listing: Listing) -> impl IntoView {
    let i18n = use_i18n();
    let coastal = matches!(listing.location.as_str(), "North Coast" | "Ain Sokhna" | "Red Sea");
    let yield_bp = default_gross_yield_bp(listing.property_type, coastal);
    let price = Egp::new(listing.price_egp);
    // Grouped like every other amount ("49,021"; Arabic digits in Arabic);
    // the field reads either form back.
    let rent_text = RwSignal::new(crate::i18n::format_number(
        rent_for_yield(price, yield_bp).pounds(),
        i18n.lang_untracked(),
    ));
    let costs_text = RwSignal::new((DEFAULT_COSTS_BP / 100).to_string());
    let location = listing.location.clone();
    let result = Memo::new(move |_| {
        let rent = rent_text.with(|t| parse_amount(t))?;
        let costs: u32 = costs_text.with(|t| t.trim().trim_end_matches('%').parse().ok())?;
        RoiInput { price, monthly_rent: rent, costs_bp: costs.saturating_mul(100) }.compute().ok()
    });
    view! {
        <section class="rounded-2xl border border-stone-200 bg-white p-5 sm:p-6" aria-labelledby="invest-title" data-testid="investment">
            <h2 id="invest-title" class="text-lg font-bold text-stone-900">{move || i18n.t(Key::InvestTitle)}</h2>
            <div class="mt-4 grid gap-4 sm:grid-cols-2">
                <div>
                    <label for="invest-rent" class="text-sm font-medium text-stone-700">{move || i18n.t(Key::InvestRent)}</label>
                    <input id="invest-rent" inputmode="numeric" class=INPUT value=rent_text.get_untracked()
                        on:input=move |ev| rent_text.set(event_target_value(&ev)) />
                </div>
                <div>
                    <label for="invest-costs" class="text-sm font-medium text-stone-700">{move || i18n.t(Key::InvestCosts)}</label>
                    <input id="invest-costs" inputmode="numeric" class=INPUT value=costs_text.get_untracked()
                        on:input=move |ev| costs_text.set(event_target_value(&ev)) />
                </div>
            </div>
            <div aria-live="polite">
                {move || match result.get() {
                    None => view! { <p class="mt-4 text-sm text-red-700">{i18n.t(Key::InvestInvalid)}</p> }.into_any(),
                    Some(r) => {
                        let lang = i18n.lang();
                        let pct = |v: f64| localize_digits(&format!("{v:.1}%"), lang);
                        let years = r.break_even_years.map_or_else(
                            || "—".to_owned(),
                            |y| lang.t(Key::InvestYears).replace("{n}", &localize_digits(&format!("{y:.1}"), lang)),
                        );
                        view! {
                            <dl class="mt-5 grid grid-cols-3 gap-3 text-center">
                                <div class="rounded-lg bg-teal-50 p-3">
                                    <dt class="text-xs text-stone-600">{i18n.t(Key::InvestGross)}</dt>
                                    <dd class="text-lg font-bold tabular-nums text-teal-900" data-testid="gross-yield">{pct(r.gross_yield_pct)}</dd>
                                </div>
                                <div class="rounded-lg bg-teal-50 p-3">
                                    <dt class="text-xs text-stone-600">{i18n.t(Key::InvestNet)}</dt>
                                    <dd class="text-lg font-bold tabular-nums text-teal-900" data-testid="net-yield">{pct(r.net_yield_pct)}</dd>
                                </div>
                                <div class="rounded-lg bg-teal-50 p-3">
                                    <dt class="text-xs text-stone-600">{i18n.t(Key::InvestBreakEven)}</dt>
                                    <dd class="text-lg font-bold tabular-nums text-teal-900" data-testid="break-even">{years}</dd>
                                </div>
                            </dl>
                        }
                            .into_any()
                    }
                }}
            </div>
            <p class="mt-4 text-xs leading-5 text-stone-500">
                {move || {
                    let lang = i18n.lang();
                    lang.t(Key::InvestAssumptions)
                        .replace("{pct}", &localize_digits(&format!("{:.1}%", f64::from(yield_bp) / 100.0), lang))
                        .replace("{area}", &labels::area(&location, lang))
                }}
            </p>
        </section>
    }
}

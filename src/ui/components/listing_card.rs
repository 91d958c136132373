//! A listing in a grid: picture, price and monthly cost, the facts buyers
//! scan for, and a link to compare it.

use crate::domain::Egp;
use crate::domain::listing::Listing;
use crate::i18n::{Key, Plural, format_egp, format_number, labels, use_i18n};
use crate::ui::components::account::SaveButton;
use leptos::prelude::*;

#[component]
pub fn ListingCard(
    listing: Listing,
    /// Where "compare" points (the current search with this listing
    /// toggled); `None` hides it.
    #[prop(optional)]
    compare_href: Option<String>,
    #[prop(optional)] compared: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = StoredValue::new(listing);
    let url = l.with_value(|l| l.url.clone());
    let image = l.with_value(|l| l.image());
    view! {
        <article class="group flex flex-col overflow-hidden rounded-xl border border-stone-200 bg-white shadow-sm transition hover:shadow-md" data-testid="listing-card">
            <div class="relative">
                <a href=url.clone() class="block focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700" tabindex="-1" aria-hidden="true">
                    <img src=image alt="" class="aspect-[3/2] w-full bg-stone-100 object-cover" loading="lazy" width="600" height="400" />
                </a>
                <div class="absolute end-3 top-3">
                    <SaveButton listing_id=l.with_value(|l| l.id.clone()) />
                </div>
            </div>
            <div class="flex flex-1 flex-col gap-2 p-4">
                <p class="text-xl font-bold tabular-nums text-teal-900" data-testid="card-price">
                    {move || l.with_value(|l| format_egp(Egp::new(l.price_egp), i18n.lang()))}
                </p>
                {move || {
                    l.with_value(|l| {
                        l.monthly_installment_egp.map(|m| {
                            let lang = i18n.lang();
                            let monthly = format_egp(Egp::new(m), lang);
                            // A quarterly plan says what is paid each quarter,
                            // not only its monthly equivalent.
                            let text = match (l.installment_frequency, l.installment_amount_egp) {
                                (crate::domain::listing::InstallmentFrequency::Quarterly, Some(q)) => lang
                                    .t(Key::PerQuarterAboutMonth)
                                    .replace("{amount}", &format_egp(Egp::new(q), lang))
                                    .replace("{monthly}", &monthly),
                                _ => lang.t(Key::PerMonth).replace("{amount}", &monthly),
                            };
                            view! {
                                <p class="text-sm text-stone-600" data-testid="card-monthly">{text}</p>
                            }
                        })
                    })
                }}
                <h3 class="font-semibold leading-snug text-stone-900">
                    <a href=url class="hover:text-teal-800 focus-visible:outline-2 focus-visible:outline-teal-700">
                        {move || l.with_value(|l| l.title_in(i18n.lang()).to_owned())}
                    </a>
                </h3>
                <p class="text-sm text-stone-500">{move || l.with_value(|l| labels::place(l, i18n.lang()))}</p>
                <ul class="mt-auto flex flex-wrap gap-x-3 gap-y-1 pt-2 text-sm text-stone-700">
                    {move || {
                        let lang = i18n.lang();
                        l.with_value(|l| {
                            let mut facts: Vec<String> = Vec::new();
                            if let Some(b) = l.bedrooms.filter(|b| *b > 0) {
                                facts.push(lang.plural(Plural::Bedrooms, b as u64));
                            }
                            if let Some(a) = l.area_sqm {
                                facts.push(format!("{} {}", format_number(a.into(), lang), lang.t(Key::SqmUnit)));
                            }
                            if let Some(d) = labels::delivery(l, lang) {
                                facts.push(d);
                            }
                            facts.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()
                        })
                    }}
                </ul>
                {compare_href.map(|href| {
                    view! {
                        <a
                            href=href
                            class=if compared {
                                "mt-2 inline-flex items-center gap-1 self-start rounded-full bg-teal-800 px-3 py-1 text-xs font-semibold text-white"
                            } else {
                                "mt-2 inline-flex items-center gap-1 self-start rounded-full border border-stone-300 px-3 py-1 text-xs font-semibold text-stone-700 hover:border-teal-700 hover:text-teal-800"
                            }
                            data-testid="compare-toggle"
                        >
                            {move || i18n.t(if compared { Key::CompareAdded } else { Key::Compare })}
                        </a>
                    }
                })}
            </div>
        </article>
    }
}

//! `/compare?ids=…`: two to four listings side by side: price, price per
//! square metre (the best value marked), size, plan length and monthly cost.

use crate::api::search::compare_listings;
use crate::domain::Egp;
use crate::domain::listing::Listing;
use crate::i18n::{Key, Lang, format_egp, format_number, labels, localize_digits, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ComparePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let ids = Memo::new(move |_| {
        params.with(|p| {
            p.get("ids")
                .unwrap_or_default()
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .take(crate::domain::search::MAX_COMPARE)
                .collect::<Vec<_>>()
        })
    });
    let listings = Resource::new(move || ids.get(), compare_listings);
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(Key::CompareTitle), i18n.t(Key::Brand))) />
        <section class="mx-auto max-w-6xl px-4 py-8 sm:px-6">
            <h1 class="text-2xl font-bold text-stone-900 sm:text-3xl">{move || i18n.t(Key::CompareTitle)}</h1>
            <Transition fallback=move || view! { <p class="mt-6 text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match listings.await {
                        Ok(list) if list.len() >= 2 => view! { <CompareTable listings=list /> }.into_any(),
                        Ok(_) => view! { <p class="mt-6 text-stone-600" data-testid="compare-empty">{i18n.t(Key::CompareEmpty)}</p> }.into_any(),
                        Err(_) => view! { <p class="mt-6 text-red-800" role="alert">{i18n.t(Key::ErrorGeneric)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

type Cell = Box<dyn Fn(&Listing, Lang) -> String + Send + Sync>;

#[component]
fn CompareTable(listings: Vec<Listing>) -> impl IntoView {
    let i18n = use_i18n();
    let best = listings
        .iter()
        .filter_map(|l| l.price_per_sqm_egp.map(|p| (p, l.id.clone())))
        .min()
        .map(|(_, id)| id);
    let ids: Vec<String> = listings.iter().map(|l| l.id.clone()).collect();
    let listings = StoredValue::new(listings);
    let rows: Vec<(Key, Cell)> = vec![
        (Key::FactPrice, Box::new(|l, lang| format_egp(Egp::new(l.price_egp), lang))),
        (
            Key::FactPricePerSqm,
            Box::new(|l, lang| l.price_per_sqm_egp.map_or("—".into(), |p| format_egp(Egp::new(p), lang))),
        ),
        (
            Key::FactArea,
            Box::new(|l, lang| {
                l.area_sqm.map_or("—".into(), |a| {
                    format!("{} {}", format_number(a.into(), lang), lang.t(Key::SqmUnit))
                })
            }),
        ),
        (
            Key::FactBedrooms,
            Box::new(|l, lang| l.bedrooms.map_or("—".into(), |b| format_number(b.into(), lang))),
        ),
        (
            Key::FactDelivery,
            Box::new(|l, lang| labels::delivery_short(l, lang).unwrap_or_else(|| "—".into())),
        ),
        (
            Key::PlanYears,
            Box::new(|l, lang| match l.installment_years {
                Some(y) if y > 0 => lang.plural(crate::i18n::Plural::Years, y as u64),
                Some(_) => lang.t(Key::CashOnly).to_owned(),
                None => "—".into(),
            }),
        ),
        (
            Key::PlanDownPayment,
            Box::new(|l, lang| {
                l.down_payment_pct.map_or("—".into(), |p| localize_digits(&format!("{p}%"), lang))
            }),
        ),
        (
            Key::PlanMonthlyInstallment,
            Box::new(|l, lang| {
                l.monthly_installment_egp.map_or("—".into(), |m| format_egp(Egp::new(m), lang))
            }),
        ),
        (
            Key::FactFinishing,
            Box::new(|l, lang| l.finishing.map_or("—".into(), |f| labels::finishing(f, lang).to_owned())),
        ),
        (
            Key::FactDeveloper,
            Box::new(|l, lang| l.developer_in(lang).map_or_else(|| "—".into(), str::to_owned)),
        ),
    ];
    let remove_href = move |id: &str| {
        let rest: Vec<&str> = ids.iter().map(String::as_str).filter(|i| *i != id).collect();
        format!("/compare?ids={}", rest.join(","))
    };
    let best_for_head = best.clone();
    view! {
        <div class="mt-6 overflow-x-auto rounded-xl border border-stone-200 bg-white" data-testid="compare-table">
            <table class="min-w-full text-sm">
                <thead>
                    <tr>
                        <th scope="col" class="sticky start-0 bg-white p-3"></th>
                        {listings.with_value(|list| list.iter().map(|l| {
                            let is_best = best_for_head.as_deref() == Some(l.id.as_str());
                            let l = l.clone();
                            let href = remove_href(&l.id);
                            view! {
                                <th scope="col" class="min-w-48 p-3 text-start align-top font-normal">
                                    <img src=l.image() alt="" class="h-28 w-full rounded-lg object-cover" width="300" height="200" />
                                    <a href=l.url.clone() class="mt-2 block font-semibold text-stone-900 hover:text-teal-800">
                                        {let l = l.clone(); move || l.title_in(i18n.lang()).to_owned()}
                                    </a>
                                    <p class="text-lg font-bold tabular-nums text-teal-900">{move || format_egp(Egp::new(l.price_egp), i18n.lang())}</p>
                                    {is_best.then(|| view! {
                                        <span class="mt-1 inline-block rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900" data-testid="best-value">
                                            {move || i18n.t(Key::CompareBestValue)}
                                        </span>
                                    })}
                                    <a href=href class="mt-1 block text-xs text-stone-500 hover:underline">{move || i18n.t(Key::CompareRemove)}</a>
                                </th>
                            }
                        }).collect_view())}
                    </tr>
                </thead>
                <tbody class="divide-y divide-stone-100">
                    {rows.into_iter().map(|(label, cell)| {
                        let cell = std::sync::Arc::new(cell);
                        view! {
                            <tr>
                                <th scope="row" class="sticky start-0 bg-white p-3 text-start font-medium text-stone-600">{move || i18n.t(label)}</th>
                                {listings.with_value(|list| list.iter().map(|l| {
                                    let l = l.clone();
                                    let cell = cell.clone();
                                    view! { <td class="p-3 tabular-nums text-stone-900">{move || cell(&l, i18n.lang())}</td> }
                                }).collect_view())}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

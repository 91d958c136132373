//! The filter controls (a GET form, so they work without the WASM) and the
//! chips that show what the search understood, each removable.

use crate::domain::areas::AREAS;
use crate::domain::listing::PropertyType;
use crate::domain::search::{BrowseQuery, FilterKind, Filters, SearchResults, Sort};
use crate::i18n::{Key, Lang, labels, use_i18n};
use leptos::prelude::*;
use leptos_router::components::Form;

const SELECT: &str = "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm text-stone-900 focus-visible:outline-2 focus-visible:outline-teal-700";
const LABEL: &str = "block text-xs font-semibold uppercase tracking-wide text-stone-500";

/// What the search understood, as chips; each links to the same search
/// without that constraint.
#[component]
pub fn FilterChips(results: SearchResults, query: BrowseQuery) -> impl IntoView {
    let i18n = use_i18n();
    let chips: Vec<(FilterKind, String)> = results
        .filters
        .kinds()
        .into_iter()
        .map(|kind| {
            let text_without =
                results.query_without.iter().find(|(k, _)| *k == kind).map(|(_, q)| q.as_str());
            (kind, query.without(kind, text_without).href("/"))
        })
        .collect();
    let filters = StoredValue::new(results.filters);
    (!chips.is_empty()).then(|| {
        view! {
            <div class="flex flex-wrap items-center gap-2" data-testid="chips">
                <span class="text-sm font-medium text-stone-600">{move || i18n.t(Key::ResultsUnderstood)}</span>
                {chips
                    .into_iter()
                    .map(|(kind, href)| {
                        let label = move || filters.with_value(|f| labels::chip(kind, f, i18n.lang()));
                        view! {
                            <a
                                href=href
                                class="group inline-flex items-center gap-1.5 rounded-full bg-teal-50 px-3 py-1 text-sm font-medium text-teal-900 ring-1 ring-teal-200 transition hover:bg-teal-100 focus-visible:outline-2 focus-visible:outline-teal-700"
                                data-testid="chip"
                                data-kind=kind.code()
                                aria-label=move || format!("{}: {}", i18n.t(Key::RemoveFilter), label())
                            >
                                <span>{label}</span>
                                <span aria-hidden="true" class="text-teal-700 group-hover:text-teal-900">"×"</span>
                            </a>
                        }
                    })
                    .collect_view()}
            </div>
        }
    })
}

fn type_value(f: &Filters) -> String {
    match f.property_types.as_slice() {
        [one] => one.code().to_owned(),
        _ => String::new(),
    }
}

fn area_value(f: &Filters) -> String {
    f.district.clone().or_else(|| f.location.clone()).unwrap_or_default()
}

/// The `beds` value of the effective bounds (see `beds_bounds`).
fn beds_value(f: &Filters) -> String {
    match (f.bedrooms_min, f.bedrooms_max) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), None) => format!("{a}+"),
        (Some(a), Some(b)) => format!("{a}-{b}"),
        (None, Some(b)) => format!("-{b}"),
        (None, None) => String::new(),
    }
}

/// The bedroom choices always offered.
const BEDS_CHOICES: [&str; 8] = ["1", "2", "3", "4", "2+", "3+", "4+", "5+"];

fn delivery_value(f: &Filters) -> String {
    if f.ready_to_move {
        "ready".to_owned()
    } else {
        f.delivery_by.map(|y| y.to_string()).unwrap_or_default()
    }
}

/// The fields of the filter form.
const FIELDS: [&str; 9] =
    ["q", "type", "area", "beds", "delivery", "min_price", "max_price", "sort", "compare"];

/// What the hydrated form puts in the URL: only the fields with a value.
/// The browser would send every control (`area=&beds=&…`), and the
/// router's form adds the unnamed submit button as a trailing `&=`.
fn tidy(data: &leptos::web_sys::FormData) {
    data.delete("");
    for name in FIELDS {
        if data.get(name).as_string().is_some_and(|v| v.trim().is_empty()) {
            data.delete(name);
        }
    }
}

/// Editable controls holding the effective filters (the text's and the
/// controls' own), submitted as a GET to `/`.
#[component]
pub fn FilterPanel(filters: Filters, query: BrowseQuery) -> impl IntoView {
    let i18n = use_i18n();
    let f = StoredValue::new(filters);
    let q = query.q.clone();
    let compare = query.compare.join(",");
    let option = move |value: String, label: String, selected: bool| {
        view! { <option value=value selected=selected>{label}</option> }
    };
    view! {
        <Form method="GET" action="/" on_form_data=std::sync::Arc::new(tidy) attr:class="space-y-4" attr:aria-label=move || i18n.t(Key::FiltersTitle)>
            <input type="hidden" name="q" value=q />
            {(!compare.is_empty()).then(|| view! { <input type="hidden" name="compare" value=compare.clone() /> })}
            <div>
                <label for="f-type" class=LABEL>{move || i18n.t(Key::FilterType)}</label>
                <select id="f-type" name="type" class=SELECT>
                    {move || {
                        let lang = i18n.lang();
                        let current = f.with_value(type_value);
                        std::iter::once(option(String::new(), lang.t(Key::FilterAny).to_owned(), current.is_empty()))
                            .chain(PropertyType::ALL.iter().filter(|t| **t != PropertyType::Unit).map(|t| {
                                option(t.code().to_owned(), labels::property_type(*t, lang).to_owned(), current == t.code())
                            }))
                            .collect_view()
                    }}
                </select>
            </div>
            <div>
                <label for="f-area" class=LABEL>{move || i18n.t(Key::FilterArea)}</label>
                <select id="f-area" name="area" class=SELECT>
                    {move || {
                        let lang = i18n.lang();
                        let current = f.with_value(area_value);
                        std::iter::once(option(String::new(), lang.t(Key::FilterAny).to_owned(), current.is_empty()))
                            .chain(AREAS.iter().filter(|a| a.is_location()).flat_map(|loc| {
                                std::iter::once(loc).chain(AREAS.iter().filter(move |d| d.parent == Some(loc.name_en)))
                            }).map(|a| {
                                let name = if lang == Lang::Ar { a.name_ar } else { a.name_en };
                                let label = if a.is_location() { name.to_owned() } else { format!("— {name}") };
                                option(a.name_en.to_owned(), label, current == a.name_en)
                            }))
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="grid grid-cols-2 gap-3">
                <div>
                    <label for="f-beds" class=LABEL>{move || i18n.t(Key::FilterBeds)}</label>
                    <select id="f-beds" name="beds" class=SELECT>
                        {move || {
                            let lang = i18n.lang();
                            let current = f.with_value(beds_value);
                            // Bounds the text set ("2 or 3 rooms", "up to 2") are
                            // kept as a choice of their own, never shown as "Any".
                            let own = (!current.is_empty() && !BEDS_CHOICES.contains(&current.as_str()))
                                .then(|| option(current.clone(), f.with_value(|f| labels::chip(FilterKind::Bedrooms, f, lang)), true));
                            std::iter::once(option(String::new(), lang.t(Key::FilterAny).to_owned(), current.is_empty()))
                                .chain(own)
                                .chain(BEDS_CHOICES.into_iter().map(|b| {
                                    option(b.to_owned(), crate::i18n::localize_digits(b, lang), current == b)
                                }))
                                .collect_view()
                        }}
                    </select>
                </div>
                <div>
                    <label for="f-delivery" class=LABEL>{move || i18n.t(Key::FilterDelivery)}</label>
                    <select id="f-delivery" name="delivery" class=SELECT>
                        {move || {
                            let lang = i18n.lang();
                            let current = f.with_value(delivery_value);
                            let selected_year = current.clone();
                            let years = ["2027", "2028", "2029", "2030"].into_iter().map(move |y| {
                                let label = lang.t(Key::DeliveryBy).replace("{year}", &crate::i18n::localize_digits(y, lang));
                                option(y.to_owned(), label, selected_year == y)
                            });
                            [
                                option(String::new(), lang.t(Key::FilterAny).to_owned(), current.is_empty()),
                                option("ready".into(), lang.t(Key::DeliveryReady).to_owned(), current == "ready"),
                            ]
                            .into_iter()
                            .chain(years)
                            .collect_view()
                        }}
                    </select>
                </div>
            </div>
            <div class="grid grid-cols-2 gap-3">
                <div>
                    <label for="f-min" class=LABEL>{move || i18n.t(Key::FilterMinPrice)}</label>
                    <input id="f-min" name="min_price" inputmode="numeric" autocomplete="off" class=SELECT
                        value=f.with_value(|f| f.price_min.map(|p| crate::i18n::format_number(p, Lang::En)).unwrap_or_default()) />
                </div>
                <div>
                    <label for="f-max" class=LABEL>{move || i18n.t(Key::FilterMaxPrice)}</label>
                    <input id="f-max" name="max_price" inputmode="numeric" autocomplete="off" class=SELECT
                        value=f.with_value(|f| f.price_max.map(|p| crate::i18n::format_number(p, Lang::En)).unwrap_or_default()) />
                </div>
            </div>
            <div>
                <label for="f-sort" class=LABEL>{move || i18n.t(Key::FilterSort)}</label>
                <select id="f-sort" name="sort" class=SELECT>
                    {move || {
                        let lang = i18n.lang();
                        let current = f.with_value(|f| f.sort);
                        std::iter::once(option(String::new(), labels::sort(None, lang).to_owned(), current.is_none()))
                            .chain(Sort::ALL.into_iter().map(|s| option(s.code().to_owned(), labels::sort(Some(s), lang).to_owned(), current == Some(s))))
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="flex items-center gap-3 pt-1">
                <button type="submit" class="rounded-full bg-teal-800 px-5 py-2 text-sm font-semibold text-white hover:bg-teal-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700">
                    {move || i18n.t(Key::FilterApply)}
                </button>
                <a href="/" class="text-sm font-medium text-stone-600 underline-offset-2 hover:underline">{move || i18n.t(Key::FilterClear)}</a>
            </div>
        </Form>
    }
}

//! A page of search results: the count, the understood filters as chips,
//! the cards, pagination, the empty state with filters worth relaxing, and
//! the comparison tray.

use super::filters::{FilterChips, FilterPanel};
use super::listing_card::ListingCard;
use crate::domain::search::{BrowseQuery, FilterKind, PAGE_SIZE, QueryNote, SearchResults};
use crate::i18n::{Key, Plural, format_number, labels, use_i18n};
use leptos::prelude::*;

#[component]
pub fn ResultsView(results: SearchResults, query: BrowseQuery) -> impl IntoView {
    let i18n = use_i18n();
    let total = results.total;
    let degraded = results.degraded;
    let pages = ((total.max(0) as u32).div_ceil(PAGE_SIZE)).max(1);
    let cards = {
        let query = query.clone();
        results
            .results
            .clone()
            .into_iter()
            .map(move |listing| {
                let compared = query.compare.contains(&listing.id);
                let href = query.toggle_compare(&listing.id).href("/");
                view! { <li><ListingCard listing compare_href=href compared /></li> }
            })
            .collect_view()
    };
    let empty = results.results.is_empty();
    let sheet = RwSignal::new(false);
    view! {
        <div class="grid gap-8 lg:grid-cols-4">
            // On a phone the results come first and the filters open as a
            // sheet from the "Filters" button (before the script has loaded,
            // by CSS :target; after, by state, since the router's links do
            // not move :target).
            <aside
                id="filters"
                class=move || if sheet.get() {
                    "fixed inset-x-0 bottom-0 z-40 block max-h-[85vh] overflow-y-auto rounded-t-2xl shadow-2xl lg:static lg:col-span-1 lg:max-h-none lg:overflow-visible lg:rounded-none lg:shadow-none"
                } else {
                    "hidden target:fixed target:inset-x-0 target:bottom-0 target:z-40 target:block target:max-h-[85vh] target:overflow-y-auto target:rounded-t-2xl target:shadow-2xl lg:static lg:col-span-1 lg:block"
                }
                on:submit=move |_| sheet.set(false)
                data-testid="filters-sheet"
            >
                <div class="rounded-xl border border-stone-200 bg-white p-4 lg:sticky lg:top-20">
                    <div class="mb-3 flex items-center justify-between gap-2">
                        <h2 class="text-sm font-bold text-stone-900">{move || i18n.t(Key::FiltersTitle)}</h2>
                        <a href="#results-heading" on:click=move |_| sheet.set(false) class="rounded-full px-3 py-1 text-sm font-semibold text-teal-800 hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-teal-700 lg:hidden">{move || i18n.t(Key::FiltersShowResults)}</a>
                    </div>
                    <FilterPanel filters=results.filters.clone() query=query.clone() />
                </div>
            </aside>
            <section class="space-y-5 lg:col-span-3" aria-labelledby="results-heading">
                <div class="flex flex-wrap items-baseline justify-between gap-2">
                    <a href="#filters" on:click=move |ev| { ev.prevent_default(); sheet.set(true); } class="order-last rounded-full border border-stone-300 px-4 py-1.5 text-sm font-semibold text-stone-800 hover:border-teal-700 focus-visible:outline-2 focus-visible:outline-teal-700 lg:hidden" data-testid="open-filters">{move || i18n.t(Key::FiltersTitle)}</a>
                    <h2 id="results-heading" class="text-xl font-bold text-stone-900" data-testid="results-count">
                        {move || {
                            let lang = i18n.lang();
                            lang.plural(Plural::Listings, total.max(0) as u64)
                        }}
                    </h2>
                </div>
                <FilterChips results=results.clone() query=query.clone() />
                {(!results.corrections.is_empty()).then(|| {
                    let corrections = StoredValue::new(results.corrections.clone());
                    view! {
                        <p class="text-sm text-stone-600" data-testid="corrections">
                            {move || {
                                let lang = i18n.lang();
                                let sep = if lang == crate::i18n::Lang::Ar { "، " } else { "; " };
                                corrections.with_value(|c| {
                                    c.iter()
                                        .map(|(typed, read)| lang.t(Key::ReadAs).replace("{typed}", typed).replace("{read}", read))
                                        .collect::<Vec<_>>()
                                        .join(sep)
                                })
                            }}
                        </p>
                    }
                })}
                {(!results.notes.is_empty()).then(|| {
                    let notes = StoredValue::new(results.notes.clone());
                    view! {
                        <ul class="space-y-1 rounded-lg bg-amber-50 px-4 py-2 text-sm text-amber-900 ring-1 ring-amber-200" role="status" data-testid="query-notes">
                            {move || {
                                let lang = i18n.lang();
                                notes.with_value(|n| {
                                    n.iter()
                                        .map(|note| {
                                            let text = match note {
                                                QueryNote::Rent => lang.t(Key::NoteRent).to_owned(),
                                                QueryNote::Negated(words) => lang.t(Key::NoteNegated).replace("{words}", words),
                                            };
                                            view! { <li>{text}</li> }
                                        })
                                        .collect::<Vec<_>>()
                                })
                            }}
                        </ul>
                    }
                })}
                {degraded.then(|| view! {
                    <p class="rounded-lg bg-amber-50 px-4 py-2 text-sm text-amber-900 ring-1 ring-amber-200" role="status">
                        {move || i18n.t(Key::DegradedSearch)}
                    </p>
                })}
                {if empty && total > 0 {
                    // A page past the last (an old link, an edited URL):
                    // the listings exist, so point to the last page.
                    let last = query.with_page(pages).href("/");
                    view! {
                        <p class="text-stone-700" data-testid="past-last-page">
                            {move || i18n.t(Key::PastLastPage)}
                            " "
                            <a href=last class="font-medium text-teal-800 underline underline-offset-2 hover:text-teal-950">
                                {move || {
                                    let lang = i18n.lang();
                                    lang.t(Key::GoToPage).replace("{page}", &format_number(pages.into(), lang))
                                }}
                            </a>
                        </p>
                    }.into_any()
                } else if empty {
                    view! { <EmptyState results=results.clone() query=query.clone() /> }.into_any()
                } else {
                    view! {
                        <ul class="grid gap-5 sm:grid-cols-2 xl:grid-cols-3" data-testid="results">{cards}</ul>
                        <Pagination query=query.clone() pages />
                    }
                        .into_any()
                }}
            </section>
        </div>
        <CompareTray query />
    }
}

#[component]
fn EmptyState(results: SearchResults, query: BrowseQuery) -> impl IntoView {
    let i18n = use_i18n();
    let filters = StoredValue::new(results.filters.clone());
    let relax = results
        .relax
        .iter()
        .take(3)
        .map(|r| {
            let text_without = results.query_without.iter().find(|(k, _)| *k == r.filter).map(|(_, q)| q.as_str());
            let href = query.without(r.filter, text_without).href("/");
            let (kind, matches) = (r.filter, r.matches);
            view! {
                <li>
                    <a href=href class="font-medium text-teal-800 underline underline-offset-2 hover:text-teal-950" data-testid="relax">
                        {move || {
                            let lang = i18n.lang();
                            lang.t(Key::NoResultsRelax)
                                .replace("{filter}", &filters.with_value(|f| labels::chip(kind, f, lang)))
                                .replace("{count}", &lang.plural(Plural::Listings, matches.max(0) as u64))
                        }}
                    </a>
                </li>
            }
        })
        .collect_view();
    let has_relax = !results.relax.is_empty();
    let suggestions = results.suggestions.clone();
    // A place Osool has no listings in: say so, and offer the nearest areas
    // that have listings fitting the rest of the search.
    let place = results.place_without_listings.clone();
    let text_without =
        results.query_without.iter().find(|(k, _)| *k == FilterKind::Location).map(|(_, q)| q.clone());
    let nearby = results
        .nearby
        .iter()
        .filter_map(|n| n.area.clone().map(|a| (a, n.matches)))
        .map(|(area, matches)| {
            let mut next = query.without(FilterKind::Location, text_without.as_deref());
            next.area = Some(area.clone());
            let href = next.href("/");
            view! {
                <li>
                    <a href=href class="font-medium text-teal-800 underline underline-offset-2 hover:text-teal-950" data-testid="nearby">
                        {move || {
                            let lang = i18n.lang();
                            lang.t(Key::NearbyArea)
                                .replace("{area}", &labels::area(&area, lang))
                                .replace("{count}", &lang.plural(Plural::Listings, matches.max(0) as u64))
                        }}
                    </a>
                </li>
            }
        })
        .collect_view();
    let first_nearby = results.nearby.first().and_then(|n| n.area.clone());
    let in_place = place.is_some();
    view! {
        <div class="rounded-xl border border-dashed border-stone-300 bg-white p-6" data-testid="no-results">
            <h3 class="text-lg font-semibold text-stone-900">{move || i18n.t(Key::NoResultsTitle)}</h3>
            {match place {
                Some(place) => view! {
                    <p class="mt-1 text-stone-600" data-testid="no-listings-in">
                        {move || {
                            let lang = i18n.lang();
                            format!("{} {}", lang.t(Key::NoListingsIn).replace("{place}", &labels::area(&place, lang)), lang.t(Key::NearbyAreas))
                        }}
                    </p>
                    <ul class="mt-3 space-y-1">{nearby}</ul>
                }.into_any(),
                None => view! {
                    <p class="mt-1 text-stone-600">
                        {move || i18n.t(if has_relax { Key::NoResultsBody } else { Key::NoResultsNone })}
                    </p>
                    <ul class="mt-3 space-y-1">{relax}</ul>
                }.into_any(),
            }}
        </div>
        {(!suggestions.is_empty()).then(|| view! {
            <section aria-labelledby="close-matches" data-testid="suggestions">
                <h3 id="close-matches" class="mb-3 text-base font-semibold text-stone-700">
                    {move || match (&first_nearby, in_place) {
                        (Some(area), true) => {
                            let lang = i18n.lang();
                            lang.t(Key::NearbyMatches).replace("{area}", &labels::area(area, lang))
                        }
                        _ => i18n.t(Key::CloseMatches).to_owned(),
                    }}
                </h3>
                <ul class="grid gap-5 sm:grid-cols-2 xl:grid-cols-3">
                    {suggestions.into_iter().map(|listing| view! { <li><ListingCard listing /></li> }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
fn Pagination(query: BrowseQuery, pages: u32) -> impl IntoView {
    let i18n = use_i18n();
    let page = query.page.clamp(1, pages);
    let prev = (page > 1).then(|| query.with_page(page - 1).href("/"));
    let next = (page < pages).then(|| query.with_page(page + 1).href("/"));
    let link = "rounded-full border border-stone-300 px-4 py-2 text-sm font-medium text-stone-700 hover:border-teal-700 hover:text-teal-800 focus-visible:outline-2 focus-visible:outline-teal-700";
    (pages > 1).then(|| {
        view! {
            <nav class="flex items-center justify-between gap-3 pt-2" aria-label=move || i18n.t(Key::Pagination)>
                {prev.map(|href| view! { <a href=href rel="prev" class=link>{move || i18n.t(Key::PagePrev)}</a> })}
                <span class="text-sm text-stone-600" aria-current="page">
                    {move || {
                        let lang = i18n.lang();
                        lang.t(Key::PageOf)
                            .replace("{page}", &format_number(page.into(), lang))
                            .replace("{pages}", &format_number(pages.into(), lang))
                    }}
                </span>
                {next.map(|href| view! { <a href=href rel="next" class=link data-testid="next-page">{move || i18n.t(Key::PageNext)}</a> })}
            </nav>
        }
    })
}

/// The listings picked for comparison, with a link to compare them.
#[component]
pub fn CompareTray(query: BrowseQuery) -> impl IntoView {
    let i18n = use_i18n();
    let n = query.compare.len();
    let href = format!("/compare?ids={}", query.compare.join(","));
    let clear = BrowseQuery { compare: Vec::new(), ..query.clone() }.href("/");
    (n > 0).then(|| {
        view! {
            <div class="fixed inset-x-0 bottom-0 z-20 border-t border-stone-200 bg-white/95 px-4 py-3 shadow-[0_-4px_12px_rgba(0,0,0,0.06)] backdrop-blur" data-testid="compare-tray">
                <div class="mx-auto flex max-w-6xl items-center justify-between gap-3">
                    <a href=clear class="text-sm font-medium text-stone-600 hover:underline">{move || i18n.t(Key::CompareClear)}</a>
                    {if n >= 2 {
                        view! {
                            <a href=href class="rounded-full bg-teal-800 px-5 py-2 text-sm font-semibold text-white hover:bg-teal-900" data-testid="compare-go">
                                {move || i18n.t(Key::CompareTray).replace("{count}", &i18n.lang().plural(Plural::Listings, n as u64))}
                            </a>
                        }
                            .into_any()
                    } else {
                        view! { <span class="text-sm text-stone-600">{move || i18n.t(Key::CompareEmpty)}</span> }.into_any()
                    }}
                </div>
            </div>
        }
    })
}

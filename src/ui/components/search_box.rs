//! The search box: one field for what the buyer wants, in their words,
//! with examples. A plain GET form to `/`, so it works before the WASM
//! loads; once hydrated the router navigates without a reload, to the same
//! address the form would (the router's `<Form>` added an empty `&=` for
//! the submit button).

use crate::domain::search::BrowseQuery;
use crate::i18n::{Key, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SearchBox(#[prop(into)] query: Signal<String>, #[prop(optional)] compact: bool) -> impl IntoView {
    let i18n = use_i18n();
    let examples = [Key::ExampleOne, Key::ExampleTwo, Key::ExampleThree, Key::ExampleFour];
    let input = NodeRef::<leptos::html::Input>::new();
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(field) = input.get() else { return };
        ev.prevent_default();
        let q = field.value().trim().to_owned();
        navigate(&BrowseQuery { q, ..Default::default() }.href("/"), Default::default());
    };
    view! {
        <form method="GET" action="/" class="w-full" role="search" on:submit=submit>
            <label for="search-q" class="sr-only">{move || i18n.t(Key::SearchLabel)}</label>
            <div class="flex w-full flex-col gap-2 rounded-2xl bg-white p-2 shadow-lg ring-1 ring-black/5 sm:flex-row">
                <input
                    id="search-q"
                    node_ref=input
                    name="q"
                    type="search"
                    maxlength="500"
                    autocomplete="off"
                    enterkeyhint="search"
                    class="min-w-0 flex-1 rounded-xl px-4 py-3 text-base text-stone-900 placeholder:text-stone-400 focus-visible:outline-2 focus-visible:outline-teal-700"
                    placeholder=move || i18n.t(Key::SearchPlaceholder)
                    prop:value=move || query.get()
                    value=query.get_untracked()
                />
                <button
                    type="submit"
                    class="rounded-xl bg-amber-400 px-6 py-3 text-base font-semibold text-teal-950 transition hover:bg-amber-300 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700"
                >
                    {move || i18n.t(Key::SearchButton)}
                </button>
            </div>
        </form>
        {(!compact).then(|| {
            view! {
                <div class="mt-4 flex flex-wrap items-center gap-2 text-sm">
                    <span class="text-teal-100">{move || i18n.t(Key::SearchExamples)}</span>
                    {examples
                        .into_iter()
                        .map(|key| {
                            view! {
                                <a
                                    href=move || BrowseQuery { q: i18n.t(key).to_owned(), ..Default::default() }.href("/")
                                    class="rounded-full bg-white/10 px-3 py-1 text-teal-50 ring-1 ring-white/20 transition hover:bg-white/20 focus-visible:outline-2 focus-visible:outline-white"
                                >
                                    {move || i18n.t(key)}
                                </a>
                            }
                        })
                        .collect_view()}
                </div>
            }
        })}
    }
}

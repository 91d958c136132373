//! The 404 page, in the visitor's language, with a real 404 status.

use crate::i18n::{Key, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(Key::NotFoundTitle), i18n.t(Key::Brand))) />
        <section class="mx-auto max-w-2xl px-4 py-24 text-center sm:px-6">
            <p class="text-sm font-semibold text-teal-700">"404"</p>
            <h1 class="mt-2 text-3xl font-bold tracking-tight text-stone-900 sm:text-4xl">
                {move || i18n.t(Key::NotFoundTitle)}
            </h1>
            <p class="mt-4 text-stone-600">{move || i18n.t(Key::NotFoundBody)}</p>
            <a
                href="/"
                class="mt-8 inline-block rounded-full bg-teal-800 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700"
            >
                {move || i18n.t(Key::BackHome)}
            </a>
        </section>
    }
}

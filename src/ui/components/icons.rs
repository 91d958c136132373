//! Inline SVG icons and the Osool mark (no icon font, nothing fetched).

use leptos::prelude::*;

/// The Osool mark: a doorway under a roofline.
#[component]
pub fn Logo(#[prop(default = "h-8 w-8")] class: &'static str) -> impl IntoView {
    view! {
        <svg class=class viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="8" fill="#0f5c56" />
            <path d="M7 15.5 16 8l9 7.5" fill="none" stroke="#fbbf24" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round" />
            <path d="M11 24v-6.5a5 5 0 0 1 10 0V24" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round" />
        </svg>
    }
}

#[component]
pub fn CheckIcon() -> impl IntoView {
    view! {
        <svg class="mt-0.5 h-5 w-5 flex-none text-amber-400" viewBox="0 0 20 20" fill="currentColor" aria-hidden="true">
            <path fill-rule="evenodd" d="M16.7 5.3a1 1 0 0 1 0 1.4l-7.5 7.5a1 1 0 0 1-1.4 0L3.3 9.7a1 1 0 1 1 1.4-1.4l3.8 3.8 6.8-6.8a1 1 0 0 1 1.4 0Z" clip-rule="evenodd" />
        </svg>
    }
}

#[component]
pub fn MenuIcon(open: Signal<bool>) -> impl IntoView {
    view! {
        <svg class="h-6 w-6" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
            <Show
                when=move || open.get()
                fallback=|| view! { <path stroke-linecap="round" d="M4 7h16M4 12h16M4 17h16" /> }
            >
                <path stroke-linecap="round" d="M6 6l12 12M18 6 6 18" />
            </Show>
        </svg>
    }
}

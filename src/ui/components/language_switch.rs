//! The language switch: a real form posting to the `set_language` server
//! function, so it works before the WASM loads (the server redirects back);
//! once hydrated it switches in place without a reload.

use crate::api::prefs::SetLanguage;
use crate::i18n::{Key, use_i18n};
use leptos::prelude::*;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLanguage>::new();
    Effect::new(move |_| {
        if let Some(Ok(lang)) = action.value().get() {
            i18n.set_lang(lang);
        }
    });
    let other = move || i18n.lang().other();

    view! {
        <ActionForm action=action attr:class="contents">
            <input type="hidden" name="lang" value=move || other().code() />
            <button
                type="submit"
                class="whitespace-nowrap rounded-full border border-stone-300 px-3 py-1.5 text-sm font-medium text-stone-700 transition hover:border-teal-700 hover:text-teal-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700 disabled:opacity-60"
                lang=move || other().code()
                title=move || i18n.t(Key::SwitchLanguage)
                disabled=move || action.pending().get()
            >
                {move || other().native_name()}
            </button>
        </ActionForm>
    }
}

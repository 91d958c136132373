//! The frame every page shares: skip link, header with navigation, language
//! switch and sign-in, and the footer.

use crate::i18n::{Key, use_i18n};
use crate::ui::components::account::{AccountMenu, provide_session};
use crate::ui::components::auth_modal::AuthModal;
use crate::ui::components::icons::{Logo, MenuIcon};
use crate::ui::components::language_switch::LanguageSwitch;
use leptos::prelude::*;

const NAV: [(&str, Key); 4] =
    [("/", Key::NavHome), ("/chat", Key::NavChat), ("/#areas", Key::NavAreas), ("/#plan", Key::NavPlans)];

const FOCUS_RING: &str =
    "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700";

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    provide_session();
    view! {
        <div class="flex min-h-screen flex-col">
            <a
                href="#main"
                class="sr-only top-0 start-0 focus:not-sr-only focus:fixed focus:start-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:shadow-lg"
            >
                {move || i18n.t(Key::SkipToContent)}
            </a>
            <Header />
            <main id="main" class="flex-1" tabindex="-1">
                {children()}
            </main>
            <Footer />
            <AuthModal />
        </div>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let (menu_open, set_menu_open) = signal(false);
    // The phone menu closes on Escape (focus back on its button), on a
    // click outside and after choosing a link.
    let header = NodeRef::<leptos::html::Header>::new();
    crate::ui::components::focus::contain_focus(header, Some(menu_open.into()), false, move || {
        set_menu_open.set(false)
    });
    let nav_links = move |class: &'static str| {
        NAV.iter()
            .map(|(href, key)| {
                let key = *key;
                view! {
                    <a href=*href class=class on:click=move |_| set_menu_open.set(false)>
                        {move || i18n.t(key)}
                    </a>
                }
            })
            .collect_view()
    };

    view! {
        <header class="sticky top-0 z-30 border-b border-stone-200 bg-white/95 backdrop-blur" node_ref=header>
            <div class="mx-auto flex h-16 max-w-6xl items-center gap-2 px-4 sm:gap-3 sm:px-6">
                <a href="/" class=format!("flex items-center gap-2 rounded-md {FOCUS_RING}")>
                    <Logo />
                    <span class="text-lg font-bold tracking-tight text-teal-900">{move || i18n.t(Key::Brand)}</span>
                </a>
                <nav aria-label=move || i18n.t(Key::NavMain) class="ms-8 hidden items-center gap-6 md:flex">
                    {nav_links("rounded-md text-sm font-medium text-stone-600 transition hover:text-teal-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700")}
                </nav>
                <div class="ms-auto flex min-w-0 items-center gap-1 sm:gap-2">
                    <LanguageSwitch />
                    <AccountMenu />
                    <button
                        type="button"
                        class=format!("rounded-md p-2 text-stone-700 hover:bg-stone-100 md:hidden {FOCUS_RING}")
                        aria-controls="mobile-menu"
                        aria-expanded=move || menu_open.get().to_string()
                        aria-label=move || i18n.t(if menu_open.get() { Key::MenuClose } else { Key::MenuOpen })
                        on:click=move |_| set_menu_open.update(|open| *open = !*open)
                    >
                        <MenuIcon open=menu_open.into() />
                    </button>
                </div>
            </div>
            <nav
                id="mobile-menu"
                on:click=move |_| set_menu_open.set(false)
                aria-label=move || i18n.t(Key::NavMain)
                class=move || {
                    if menu_open.get() {
                        "flex flex-col gap-1 border-t border-stone-200 px-4 py-3 md:hidden"
                    } else {
                        "hidden"
                    }
                }
            >
                {nav_links("rounded-md px-3 py-2 text-base font-medium text-stone-700 hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-teal-700")}
            </nav>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="border-t border-stone-200 bg-white">
            <div class="mx-auto grid max-w-6xl gap-8 px-4 py-10 sm:px-6 md:grid-cols-3">
                <div class="space-y-3 md:col-span-2">
                    <div class="flex items-center gap-2">
                        <Logo class="h-7 w-7" />
                        <span class="font-bold text-teal-900">{move || i18n.t(Key::Brand)}</span>
                        <span class="text-sm text-stone-500">{move || i18n.t(Key::BrandTagline)}</span>
                    </div>
                    <p class="max-w-prose text-sm leading-6 text-stone-600">{move || i18n.t(Key::FooterAbout)}</p>
                </div>
                <div class="space-y-2 text-sm text-stone-600">
                    <p>{move || i18n.t(Key::FooterPrices)}</p>
                    <p>{move || i18n.t(Key::FooterRights)}</p>
                </div>
            </div>
        </footer>
    }
}

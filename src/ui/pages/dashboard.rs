//! `/dashboard/viewings`: the viewing requests buyers made (from the chat),
//! for agents and admins. The server function checks the role itself.

use crate::api::AppError;
use crate::api::chat::staff_viewings;
use crate::i18n::{Key, format_number, use_i18n};
use crate::ui::components::account::{auth_href, error_text};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ViewingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1).max(1))
    });
    let data = Resource::new(move || page.get(), staff_viewings);
    let sign_in = auth_href(Some("email"));
    view! {
        <Title text=move || format!("{} · {}", i18n.t(Key::DashViewingsTitle), i18n.t(Key::Brand)) />
        <section class="mx-auto max-w-6xl px-4 py-10 sm:px-6">
            <h1 class="text-2xl font-bold text-stone-900">{move || i18n.t(Key::DashViewingsTitle)}</h1>
            <Transition fallback=move || view! { <p class="mt-6 text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let lang = i18n.lang();
                    match data.await {
                        Ok(p) if p.items.is_empty() => view! { <p class="mt-6 text-stone-600" data-testid="viewings-empty">{lang.t(Key::DashViewingsEmpty)}</p> }.into_any(),
                        Ok(p) => {
                            let total = p.total;
                            let pages = ((total + 19) / 20).max(1) as u32;
                            let current = page.get_untracked();
                            view! {
                                <p class="mt-2 text-sm text-stone-600">{lang.t(Key::DashViewingsCount).replace("{n}", &format_number(total, lang))}</p>
                                <ul class="mt-6 space-y-3" data-testid="viewings">
                                    {p.items.into_iter().map(|v| view! {
                                        <li class="rounded-xl border border-stone-200 bg-white p-4 shadow-sm" data-testid="viewing">
                                            <div class="flex flex-wrap items-baseline justify-between gap-2">
                                                <a href=v.listing_url class="font-semibold text-teal-900 hover:underline"><bdi>{format!("#{} ", v.listing_id)}{v.listing_title}</bdi></a>
                                                <span class="rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-semibold text-amber-900" data-testid="viewing-status">{v.status}</span>
                                            </div>
                                            <dl class="mt-2 grid gap-x-6 gap-y-1 text-sm text-stone-700 sm:grid-cols-2">
                                                <div><dt class="inline text-stone-500">{lang.t(Key::DashBuyer)}": "</dt><dd class="inline" data-testid="viewing-buyer"><bdi>{v.buyer}</bdi></dd></div>
                                                <div><dt class="inline text-stone-500">{lang.t(Key::DashContact)}": "</dt><dd class="inline"><bdi dir="ltr">{v.contact}</bdi></dd></div>
                                                <div><dt class="inline text-stone-500">{lang.t(Key::DashPreferred)}": "</dt><dd class="inline"><bdi dir="ltr">{v.preferred_cairo.unwrap_or_else(|| lang.t(Key::DashCallToArrange).to_owned())}</bdi></dd></div>
                                                <div><dt class="inline text-stone-500">{lang.t(Key::DashRequested)}": "</dt><dd class="inline"><bdi dir="ltr">{v.requested_cairo}</bdi></dd></div>
                                            </dl>
                                            {(!v.note.is_empty()).then(|| view! { <p class="mt-2 text-sm text-stone-600"><bdi>{v.note}</bdi></p> })}
                                        </li>
                                    }).collect_view()}
                                </ul>
                                <nav class="mt-6 flex gap-3 text-sm" aria-label=lang.t(Key::Pagination)>
                                    {(current > 1).then(|| view! { <a class="text-teal-800 underline" href=format!("/dashboard/viewings?page={}", current - 1)>{lang.t(Key::PagePrev)}</a> })}
                                    {(current < pages).then(|| view! { <a class="text-teal-800 underline" href=format!("/dashboard/viewings?page={}", current + 1)>{lang.t(Key::PageNext)}</a> })}
                                </nav>
                            }.into_any()
                        }
                        Err(AppError::Unauthorized) => view! {
                            <p class="mt-6 text-stone-700">{lang.t(Key::DashSignIn)}</p>
                            <a href=move || sign_in.get() class="mt-4 inline-block rounded-full bg-teal-800 px-5 py-2.5 text-sm font-semibold text-white">{lang.t(Key::AuthSignIn)}</a>
                        }.into_any(),
                        Err(AppError::Forbidden) => view! { <p class="mt-6 text-stone-700" role="alert" data-testid="dashboard-forbidden">{lang.t(Key::DashForbidden)}</p> }.into_any(),
                        Err(e) => view! { <p class="mt-6 text-red-800" role="alert">{error_text(&e, lang)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

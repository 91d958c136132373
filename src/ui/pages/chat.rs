//! `/chat`: the sales assistant on a page of its own, with the buyer's
//! earlier conversations. `?c=ID` reopens a conversation (the URL follows
//! the chat, so a reload keeps it); `?listing=ID` starts one about a unit.

use crate::api::chat::{chat_conversations, chat_history};
use crate::i18n::{Key, use_i18n};
use crate::ui::components::chat::{ChatBox, HistoryVersion};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ChatPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let params = Memo::new(move |_| {
        query.with(|q| (q.get("c").filter(|c| !c.is_empty()), q.get("listing").filter(|l| !l.is_empty())))
    });
    let conversation = Resource::new(
        move || params.get().0,
        |id| async move {
            match id {
                Some(id) => chat_history(id).await.ok().flatten(),
                None => None,
            }
        },
    );
    // The list follows the chat: an answer stored bumps the version.
    let version = RwSignal::new(0u32);
    provide_context(HistoryVersion(version));
    let history = Resource::new(
        move || version.get(),
        |_| async move { chat_conversations().await.unwrap_or_default() },
    );
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(Key::ChatTitle), i18n.t(Key::Brand))) />
        <section class="mx-auto grid max-w-6xl gap-8 px-4 py-8 sm:px-6 lg:grid-cols-4">
            <div class="lg:col-span-3">
                <h1 class="text-2xl font-bold tracking-tight text-stone-900">{move || i18n.t(Key::ChatTitle)}</h1>
                <p class="mb-5 mt-1 text-stone-600">{move || i18n.t(Key::ChatIntro)}</p>
                <Transition fallback=move || view! { <p class="text-stone-500">{i18n.t(Key::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        let conversation = conversation.await;
                        let listing_id = conversation
                            .as_ref()
                            .and_then(|c| c.listing_id.clone())
                            .or_else(|| params.get_untracked().1);
                        match (conversation, listing_id) {
                            (Some(conversation), Some(listing_id)) => view! { <ChatBox conversation listing_id track_url=true /> }.into_any(),
                            (Some(conversation), None) => view! { <ChatBox conversation track_url=true /> }.into_any(),
                            (None, Some(listing_id)) => view! { <ChatBox listing_id track_url=true /> }.into_any(),
                            (None, None) => view! { <ChatBox track_url=true /> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
            <aside class="lg:col-span-1" aria-labelledby="chat-history-title">
                <div class="flex items-center justify-between gap-2">
                    <h2 id="chat-history-title" class="text-sm font-semibold uppercase tracking-wide text-stone-500">{move || i18n.t(Key::ChatHistory)}</h2>
                    <a href="/chat" rel="external" class="text-sm font-medium text-teal-800 hover:underline" data-testid="chat-new">{move || i18n.t(Key::ChatNew)}</a>
                </div>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = history.await;
                        if list.is_empty() {
                            view! { <p class="mt-3 text-sm text-stone-500">{i18n.t(Key::ChatHistoryEmpty)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="mt-3 space-y-1" data-testid="chat-history">
                                    {list.into_iter().map(|c| view! {
                                        <li>
                                            <a href=format!("/chat?c={}", c.id) rel="external" class="block truncate rounded-lg px-2 py-1.5 text-sm text-stone-700 hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-teal-700">
                                                <bdi>{c.title}</bdi>
                                            </a>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    })}
                </Transition>
            </aside>
        </section>
    }
}

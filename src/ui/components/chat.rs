//! The chat with the sales assistant: the conversation so far, the answer
//! streaming in word by word with the tools it uses, listing cards under
//! each answer (from the database), stop and retry, and the box to write
//! in. Used by the chat page and by the "ask about this unit" panel on
//! every listing. Answers are rendered as text nodes only (paragraphs,
//! bullets, bold), so nothing the model writes can become HTML.

use crate::api::AppError;
use crate::api::chat::{
    ChatEvent, ChatMessage, ChatRequest, ConfirmViewing, Conversation, OfflineReason, Speaker, ToolStatus,
    ViewingProposal,
};
use crate::domain::Egp;
use crate::domain::chat::{Block, MAX_MESSAGE_CHARS, Run, blocks};
use crate::domain::listing::Listing;
use crate::i18n::{Key, Lang, Plural, format_egp, format_number, labels, use_i18n};
use crate::ui::components::account::{auth_href, error_text};
use leptos::prelude::*;

/// The answer being streamed.
#[derive(Clone, Debug, Default, PartialEq)]
struct Live {
    text: String,
    tools: Vec<(String, ToolStatus)>,
    cards: Vec<Listing>,
    proposal: Option<ViewingProposal>,
}

#[derive(Clone, Debug, PartialEq)]
struct Shown {
    message: ChatMessage,
    corrections: u32,
    sign_in_required: bool,
}

fn tool_key(name: &str) -> Key {
    match name {
        "search_properties" => Key::ChatToolSearch,
        "get_property" => Key::ChatToolGet,
        "compare_units" => Key::ChatToolCompare,
        "calculate_installments" => Key::ChatToolInstallments,
        "calculate_investment_roi" => Key::ChatToolRoi,
        "schedule_viewing" => Key::ChatToolViewing,
        _ => Key::ChatToolOther,
    }
}

fn offline_key(reason: OfflineReason) -> Key {
    match reason {
        OfflineReason::NotConfigured => Key::ChatOfflineNotConfigured,
        OfflineReason::Unavailable => Key::ChatOfflineUnavailable,
        OfflineReason::Budget => Key::ChatOfflineBudget,
        OfflineReason::Unverified => Key::ChatOfflineUnverified,
    }
}

fn render_runs(runs: Vec<Run>) -> impl IntoView {
    runs.into_iter()
        .map(|r| {
            if r.bold {
                view! { <strong class="font-semibold">{r.text}</strong> }.into_any()
            } else {
                r.text.into_any()
            }
        })
        .collect_view()
}

/// An answer as paragraphs and bullet lists of plain text.
#[component]
pub fn RichText(text: String) -> impl IntoView {
    blocks(&text)
        .into_iter()
        .map(|b| match b {
            Block::Paragraph(runs) => {
                view! { <p class="whitespace-pre-wrap">{render_runs(runs)}</p> }.into_any()
            }
            Block::Bullets(items) => view! {
                <ul class="list-disc space-y-1 ps-5">
                    {items.into_iter().map(|runs| view! { <li>{render_runs(runs)}</li> }).collect_view()}
                </ul>
            }
            .into_any(),
        })
        .collect_view()
}

/// A listing under an answer: a compact card that opens the listing.
#[component]
fn ChatCard(listing: Listing) -> impl IntoView {
    let i18n = use_i18n();
    let l = StoredValue::new(listing);
    view! {
        <li>
            <a
                href=l.with_value(|l| l.url.clone())
                class="flex h-full flex-col gap-1 rounded-xl border border-stone-200 bg-white p-3 text-sm shadow-sm transition hover:border-teal-700 hover:shadow focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700"
                data-testid="chat-card"
            >
                <span class="text-xs font-medium text-stone-500" dir="ltr">{l.with_value(|l| format!("#{}", l.id))}</span>
                <span class="font-semibold leading-snug text-stone-900">{move || l.with_value(|l| l.title_in(i18n.lang()).to_owned())}</span>
                <span class="font-bold tabular-nums text-teal-900">{move || l.with_value(|l| format_egp(Egp::new(l.price_egp), i18n.lang()))}</span>
                <span class="text-stone-600">
                    {move || {
                        let lang = i18n.lang();
                        l.with_value(|l| {
                            let mut facts = vec![labels::place(l, lang)];
                            if let Some(b) = l.bedrooms.filter(|b| *b > 0) {
                                facts.push(lang.plural(Plural::Bedrooms, b as u64));
                            }
                            if let Some(a) = l.area_sqm {
                                facts.push(format!("{} {}", format_number(a.into(), lang), lang.t(Key::SqmUnit)));
                            }
                            facts.join(" · ")
                        })
                    }}
                </span>
            </a>
        </li>
    }
}

/// A viewing the assistant prepared, shown from the stored proposal: the
/// buyer's press on its button is what books it.
#[component]
fn ProposalCard(proposal: ViewingProposal) -> impl IntoView {
    let i18n = use_i18n();
    let confirm = ServerAction::<ConfirmViewing>::new();
    let p = StoredValue::new(proposal);
    let already = p.with_value(|p| p.viewing_request_id.is_some());
    let expired = p.with_value(|p| p.expired);
    let done = Signal::derive(move || already || matches!(confirm.value().get(), Some(Ok(_))));
    let failed = Signal::derive(move || confirm.value().get().and_then(Result::err));
    view! {
        <section class="mt-3 rounded-xl border border-teal-700/40 bg-teal-50 p-4 text-sm" data-testid="chat-proposal" aria-labelledby=p.with_value(|p| format!("proposal-{}", p.id))>
            <h3 id=p.with_value(|p| format!("proposal-{}", p.id)) class="font-semibold text-teal-950">{move || i18n.t(Key::ChatProposalTitle)}</h3>
            <p class="mt-1 font-medium text-stone-900">
                <span dir="ltr">{p.with_value(|p| format!("#{} ", p.listing.id))}</span>
                {move || p.with_value(|p| p.listing.title_in(i18n.lang()).to_owned())}
            </p>
            <p class="mt-1 text-stone-700" data-testid="chat-proposal-time">
                {move || {
                    let lang = i18n.lang();
                    p.with_value(|p| match &p.preferred_cairo {
                        Some(t) => lang.t(Key::ChatProposalTime).replace("{t}", &crate::i18n::format_when(t, lang)),
                        None => lang.t(Key::ChatProposalNoTime).to_owned(),
                    })
                }}
            </p>
            {p.with_value(|p| (!p.note.is_empty()).then(|| p.note.clone())).map(|note| view! {
                <p class="mt-1 text-stone-700">{move || i18n.t(Key::ChatProposalNote).replace("{n}", &note)}</p>
            })}
            {move || if done.get() {
                view! { <p class="mt-3 font-semibold text-teal-900" role="status" data-testid="chat-proposal-done">{i18n.t(Key::ChatProposalConfirmed)}</p> }.into_any()
            } else if expired {
                view! { <p class="mt-3 text-stone-600">{i18n.t(Key::ChatProposalExpired)}</p> }.into_any()
            } else {
                view! {
                    <p class="mt-2 text-stone-600">{i18n.t(Key::ChatProposalHint)}</p>
                    <button
                        type="button"
                        class="mt-3 rounded-full bg-teal-800 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-900 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700"
                        disabled=move || confirm.pending().get()
                        on:click=move |_| {
                            confirm.dispatch(ConfirmViewing { proposal_id: p.with_value(|p| p.id.clone()) });
                        }
                        data-testid="chat-proposal-confirm"
                    >
                        {move || i18n.t(if confirm.pending().get() { Key::ChatProposalSending } else { Key::ChatProposalConfirm })}
                    </button>
                }.into_any()
            }}
            {move || failed.get().map(|e| view! {
                <p class="mt-2 rounded-lg bg-red-50 px-3 py-2 text-red-800" role="alert">{error_text(&e, i18n.lang())}</p>
            })}
        </section>
    }
}

fn cards(listings: Vec<Listing>) -> impl IntoView {
    (!listings.is_empty()).then(|| {
        view! {
            <ul class="mt-3 grid gap-2 sm:grid-cols-2" data-testid="chat-cards">
                {listings.into_iter().map(|listing| view! { <ChatCard listing /> }).collect_view()}
            </ul>
        }
    })
}

#[component]
fn Bubble(speaker: Speaker, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let buyer = speaker == Speaker::Buyer;
    view! {
        <li class=if buyer { "flex justify-end" } else { "flex justify-start" } data-testid=if buyer { "chat-buyer" } else { "chat-assistant" }>
            <div class=if buyer {
                "max-w-[85%] rounded-2xl rounded-ee-sm bg-teal-800 px-4 py-2.5 text-white"
            } else {
                "w-full max-w-[95%] space-y-2 rounded-2xl rounded-es-sm border border-stone-200 bg-white px-4 py-3 text-stone-900 shadow-sm"
            }>
                <span class="sr-only">{move || i18n.t(if buyer { Key::ChatYou } else { Key::ChatAssistant })}": "</span>
                {children()}
            </div>
        </li>
    }
}

const SUGGESTIONS: [Key; 3] = [Key::ChatSuggest1, Key::ChatSuggest2, Key::ChatSuggest3];
const UNIT_SUGGESTIONS: [Key; 3] = [Key::ChatSuggestUnit1, Key::ChatSuggestUnit2, Key::ChatSuggestUnit3];

/// The chat. `conversation` is the one to continue (from the page URL);
/// `listing_id` the unit it was opened from; `compact` for the panel.
/// The chat's state: what was said, the answer streaming in, and whether
/// a turn is under way.
#[derive(Clone, Copy)]
struct Chat {
    conversation_id: RwSignal<Option<String>>,
    messages: RwSignal<Vec<Shown>>,
    live: RwSignal<Option<Live>>,
    busy: RwSignal<bool>,
    offline: RwSignal<Option<OfflineReason>>,
    error: RwSignal<Option<AppError>>,
    input: RwSignal<String>,
    /// Keep the page URL on the conversation (`/chat?c=…`).
    track_url: bool,
}

impl Chat {
    fn new(conversation: Option<Conversation>, track_url: bool) -> Chat {
        let conversation_id = RwSignal::new(conversation.as_ref().map(|c| c.id.clone()));
        let history: Vec<Shown> = conversation
            .map(|c| {
                c.messages
                    .into_iter()
                    .map(|message| Shown { message, corrections: 0, sign_in_required: false })
                    .collect()
            })
            .unwrap_or_default();
        Chat {
            conversation_id,
            messages: RwSignal::new(history),
            live: RwSignal::new(None),
            busy: RwSignal::new(false),
            offline: RwSignal::new(None),
            error: RwSignal::new(None),
            input: RwSignal::new(String::new()),
            track_url,
        }
    }

    fn push(self, speaker: Speaker, text: String, listings: Vec<Listing>, stopped: bool) {
        let offline = speaker == Speaker::Assistant && self.offline.get_untracked().is_some();
        let message = ChatMessage { id: 0, speaker, text, listings, offline, stopped, proposal: None };
        self.messages.update(|m| m.push(Shown { message, corrections: 0, sign_in_required: false }));
    }

    fn update_live(self, change: impl FnOnce(&mut Live)) {
        self.live.update(|l| {
            if let Some(l) = l {
                change(l);
            }
        });
    }

    /// One event of the answer's stream.
    fn apply(self, event: ChatEvent) {
        match event {
            ChatEvent::Start { conversation_id: id, offline: is_offline, reason } => {
                if self.track_url && self.conversation_id.get_untracked().as_deref() != Some(id.as_str()) {
                    replace_url(&format!("/chat?c={id}"));
                }
                self.conversation_id.set(Some(id));
                self.offline.set(if is_offline {
                    reason.or(Some(OfflineReason::NotConfigured))
                } else {
                    None
                });
            }
            ChatEvent::Tool { name, status } => self.update_live(|l| {
                match l.tools.iter_mut().rev().find(|(n, s)| *n == name && *s == ToolStatus::Started) {
                    Some(slot) if status != ToolStatus::Started => slot.1 = status,
                    _ => l.tools.push((name, status)),
                }
            }),
            ChatEvent::Delta { text } => self.update_live(|l| l.text.push_str(&text)),
            ChatEvent::Cards { listings } => self.update_live(|l| l.cards = listings),
            ChatEvent::Proposal { proposal } => self.update_live(|l| l.proposal = Some(*proposal)),
            ChatEvent::Done { message_id, text, corrections, sign_in_required } => {
                let (cards, proposal) =
                    self.live.get_untracked().map(|l| (l.cards, l.proposal)).unwrap_or_default();
                let message = ChatMessage {
                    id: message_id,
                    speaker: Speaker::Assistant,
                    text,
                    listings: cards,
                    offline: self.offline.get_untracked().is_some(),
                    stopped: false,
                    proposal,
                };
                self.messages.update(|m| m.push(Shown { message, corrections, sign_in_required }));
                self.live.set(None);
                self.busy.set(false);
            }
            ChatEvent::Error { error: e } => {
                self.error.set(Some(e));
                self.busy.set(false);
            }
        }
    }

    /// Ends a turn the stream did not finish (stopped, or the connection
    /// dropped): what arrived stays, marked stopped.
    fn settle(self, stopped: bool) {
        if let Some(l) = self.live.get_untracked() {
            if !l.text.is_empty() || !l.cards.is_empty() {
                let message = ChatMessage {
                    id: 0,
                    speaker: Speaker::Assistant,
                    text: l.text,
                    listings: l.cards,
                    offline: self.offline.get_untracked().is_some(),
                    stopped,
                    proposal: l.proposal,
                };
                self.messages.update(|m| m.push(Shown { message, corrections: 0, sign_in_required: false }));
            }
            self.live.set(None);
        }
        self.busy.set(false);
    }

    /// Starts a turn: the buyer's message (checked and shown), or the last
    /// one again (`retry`); `None` when there is nothing to send.
    fn begin(self, text: String, retry: bool, listing_id: Option<String>, lang: Lang) -> Option<ChatRequest> {
        if self.busy.get_untracked() {
            return None;
        }
        let text = text.trim().to_owned();
        if !retry {
            if text.is_empty() {
                return None;
            }
            if text.chars().count() > MAX_MESSAGE_CHARS {
                self.error.set(Some(AppError::validation("message", "too_long")));
                return None;
            }
            self.push(Speaker::Buyer, text.clone(), vec![], false);
            self.input.set(String::new());
        }
        self.error.set(None);
        self.busy.set(true);
        self.live.set(Some(Live::default()));
        Some(ChatRequest {
            conversation_id: self.conversation_id.get_untracked(),
            message: if retry { String::new() } else { text },
            listing_id,
            retry,
            lang: Some(lang),
        })
    }

    /// The last answer goes; the buyer's message is answered again.
    fn drop_last_answer(self) {
        self.messages.update(|m| {
            if m.last().is_some_and(|s| s.message.speaker == Speaker::Assistant) {
                m.pop();
            }
        });
    }

    fn can_retry(self) -> bool {
        !self.busy.get()
            && self.conversation_id.with(Option::is_some)
            && (self.error.with(Option::is_some)
                || self.messages.with(|m| m.last().is_some_and(|s| s.message.stopped)))
    }
}

/// A message of the conversation.
fn shown_view(shown: Shown, lang: Lang, sign_in: Signal<String>) -> AnyView {
    let Shown { message, corrections, sign_in_required } = shown;
    match message.speaker {
        Speaker::Buyer => view! { <Bubble speaker=Speaker::Buyer><p class="whitespace-pre-wrap">{message.text}</p></Bubble> }.into_any(),
        Speaker::Assistant => view! {
            <Bubble speaker=Speaker::Assistant>
                <div class="space-y-2 leading-relaxed" data-testid="chat-answer"><RichText text=message.text /></div>
                {message.stopped.then(|| view! { <p class="text-xs text-stone-500">{lang.t(Key::ChatStopped)}</p> })}
                {(corrections > 0).then(|| view! {
                    <p class="text-xs text-stone-500" data-testid="chat-corrected">{lang.t(Key::ChatCorrected).replace("{n}", &format_number(corrections.into(), lang))}</p>
                })}
                {sign_in_required.then(|| view! {
                    <a href=move || sign_in.get() class="inline-block rounded-full bg-teal-800 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700" data-testid="chat-sign-in">{lang.t(Key::ChatSignInToBook)}</a>
                })}
                {cards(message.listings)}
                {message.proposal.map(|proposal| view! { <ProposalCard proposal /> })}
            </Bubble>
        }.into_any(),
    }
}

/// The answer as it streams in, with the tools it uses.
fn live_view(l: Live, lang: Lang) -> impl IntoView {
    view! {
        <Bubble speaker=Speaker::Assistant>
            {(!l.tools.is_empty()).then(|| view! {
                <ul class="space-y-1 text-sm text-stone-600" data-testid="chat-tools">
                    {l.tools.iter().map(|(name, status)| {
                        let mark = match status { ToolStatus::Started => "…", ToolStatus::Done => " ✓", ToolStatus::Failed => " ✗" };
                        view! { <li data-status=format!("{status:?}").to_lowercase()>{lang.t(tool_key(name)).to_owned()}{mark}</li> }
                    }).collect_view()}
                </ul>
            })}
            {if l.text.is_empty() && l.tools.is_empty() {
                view! { <p class="animate-pulse text-stone-500">{lang.t(Key::ChatThinking)}</p> }.into_any()
            } else {
                view! { <div class="space-y-2 leading-relaxed" data-testid="chat-streaming"><RichText text=l.text.clone() /></div> }.into_any()
            }}
            {cards(l.cards)}
        </Bubble>
    }
}

fn error_view(e: AppError, lang: Lang) -> impl IntoView {
    let text = match &e {
        AppError::Validation { message, .. } if message == "too_long" => lang.t(Key::ChatTooLong).to_owned(),
        AppError::Unavailable | AppError::Internal { .. } | AppError::Transport { .. } => {
            lang.t(Key::ChatError).to_owned()
        }
        other => error_text(other, lang),
    };
    view! { <p class="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" role="alert" data-testid="chat-error">{text}</p> }
}

#[component]
pub fn ChatBox(
    #[prop(optional)] conversation: Option<Conversation>,
    #[prop(optional)] listing_id: Option<String>,
    #[prop(optional)] compact: bool,
    /// Keep the page URL on the conversation (`/chat?c=…`).
    #[prop(optional)]
    track_url: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let chat = Chat::new(conversation, track_url);
    let Chat { messages, live, busy, offline, error, input, .. } = chat;
    let listing_id = StoredValue::new(listing_id);
    let sign_in = auth_href(Some("phone"));
    let stream = Stream::new();
    let send = move |text: String, retry: bool| {
        if let Some(request) = chat.begin(text, retry, listing_id.get_value(), i18n.lang()) {
            stream.start(
                request,
                move |e| chat.apply(e),
                move |stopped| chat.settle(stopped),
                move |e| {
                    error.set(Some(e));
                },
            );
        }
    };
    let retry = move |_| {
        chat.drop_last_answer();
        send(String::new(), true);
    };
    let suggestions = if listing_id.with_value(Option::is_some) { UNIT_SUGGESTIONS } else { SUGGESTIONS };
    let log_class = if compact { "max-h-[28rem] min-h-[10rem] overflow-y-auto" } else { "min-h-[18rem]" };

    view! {
        <div class="flex flex-col gap-3" data-testid="chat">
            {move || offline.get().map(|reason| view! {
                <p class="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status" data-testid="chat-offline">
                    {i18n.t(offline_key(reason))}
                </p>
            })}
            <ol class=format!("flex flex-col gap-3 {log_class}") aria-live="polite" aria-label=move || i18n.t(Key::ChatLog) data-testid="chat-log">
                {move || {
                    let lang = i18n.lang();
                    messages.get().into_iter().map(|shown| shown_view(shown, lang, sign_in)).collect_view()
                }}
                {move || live.get().map(|l| live_view(l, i18n.lang()))}
            </ol>
            {move || error.get().map(|e| error_view(e, i18n.lang()))}
            {move || (messages.with(Vec::is_empty) && live.with(Option::is_none)).then(|| view! {
                <ul class="flex flex-wrap gap-2" aria-label=move || i18n.t(Key::ChatSuggestions)>
                    {suggestions.into_iter().map(|key| view! {
                        <li>
                            <button type="button" class="rounded-full border border-teal-700 px-3 py-1.5 text-sm text-teal-900 hover:bg-teal-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700"
                                on:click=move |_| send(i18n.t(key).to_owned(), false)>
                                {move || i18n.t(key)}
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <form
                class="flex items-end gap-2"
                on:submit=move |ev| {
                    ev.prevent_default();
                    send(input.get_untracked(), false);
                }
            >
                <label class="sr-only" for=move || if compact { "chat-input-panel" } else { "chat-input" }>{move || i18n.t(Key::ChatInputLabel)}</label>
                <textarea
                    id=if compact { "chat-input-panel" } else { "chat-input" }
                    rows="2"
                    maxlength=MAX_MESSAGE_CHARS.to_string()
                    class="min-h-[2.75rem] flex-1 resize-y rounded-xl border border-stone-300 bg-white px-3 py-2.5 text-base focus-visible:outline-2 focus-visible:outline-teal-700"
                    placeholder=move || i18n.t(Key::ChatPlaceholder)
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                            ev.prevent_default();
                            send(input.get_untracked(), false);
                        }
                    }
                    data-testid="chat-input"
                ></textarea>
                {move || if busy.get() {
                    view! {
                        <button type="button" class="rounded-full border border-stone-400 px-4 py-2.5 text-sm font-semibold text-stone-800 hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700"
                            on:click=move |_| { stream.stop(); chat.settle(true); } data-testid="chat-stop">
                            {i18n.t(Key::ChatStop)}
                        </button>
                    }.into_any()
                } else {
                    view! {
                        <button type="submit" class="rounded-full bg-teal-800 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-900 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700" data-testid="chat-send">
                            {i18n.t(Key::ChatSend)}
                        </button>
                    }.into_any()
                }}
            </form>
            {move || chat.can_retry().then(|| view! {
                <button type="button" class="self-start text-sm font-medium text-teal-800 underline underline-offset-2 hover:text-teal-950" on:click=retry data-testid="chat-retry">
                    {i18n.t(Key::ChatRetry)}
                </button>
            })}
        </div>
    }
}

fn replace_url(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Ok(history) = leptos::prelude::window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// The connection to `POST /api/v1/chat` (browser only): reads the
/// server-sent events as they arrive and can be aborted.
#[derive(Clone, Copy)]
struct Stream {
    #[cfg(feature = "hydrate")]
    abort: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
}

impl Stream {
    fn new() -> Stream {
        Stream {
            #[cfg(feature = "hydrate")]
            abort: StoredValue::new_local(None),
        }
    }

    fn stop(&self) {
        #[cfg(feature = "hydrate")]
        if let Some(controller) = self.abort.get_value() {
            controller.abort();
        }
    }

    #[allow(unused_variables)]
    fn start(
        &self,
        request: ChatRequest,
        on_event: impl Fn(ChatEvent) + 'static,
        on_end: impl Fn(bool) + 'static,
        on_error: impl Fn(AppError) + 'static,
    ) {
        #[cfg(feature = "hydrate")]
        {
            let controller = web_sys::AbortController::new().ok();
            self.abort.set_value(controller.clone());
            leptos::task::spawn_local(async move {
                let mut finished = false;
                let result = browser::run(&request, controller.as_ref(), |event| {
                    if matches!(event, ChatEvent::Done { .. } | ChatEvent::Error { .. }) {
                        finished = true;
                    }
                    on_event(event);
                })
                .await;
                match result {
                    Ok(()) if finished => {}
                    Ok(()) => on_end(false),
                    Err(browser::Failure::Aborted) => {}
                    Err(browser::Failure::App(e)) => {
                        on_end(false);
                        on_error(e);
                    }
                }
            });
        }
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::api::AppError;
    use crate::api::chat::{ChatEvent, ChatRequest};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    pub enum Failure {
        Aborted,
        App(AppError),
    }

    fn transport(e: JsValue) -> Failure {
        let name = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.name())).unwrap_or_default();
        if name == "AbortError" {
            Failure::Aborted
        } else {
            Failure::App(AppError::Transport { message: format!("{e:?}") })
        }
    }

    pub async fn run(
        request: &ChatRequest,
        controller: Option<&web_sys::AbortController>,
        mut on_event: impl FnMut(ChatEvent),
    ) -> Result<(), Failure> {
        let body = serde_json::to_string(request)
            .map_err(|e| Failure::App(AppError::Transport { message: e.to_string() }))?;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from_str(&body));
        let headers = web_sys::Headers::new().map_err(transport)?;
        headers.set("content-type", "application/json").map_err(transport)?;
        headers.set("accept", "text/event-stream").map_err(transport)?;
        init.set_headers(&headers);
        if let Some(c) = controller {
            init.set_signal(Some(&c.signal()));
        }
        let req = web_sys::Request::new_with_str_and_init("/api/v1/chat", &init).map_err(transport)?;
        let response: web_sys::Response = JsFuture::from(leptos::prelude::window().fetch_with_request(&req))
            .await
            .map_err(transport)?
            .unchecked_into();
        if !response.ok() {
            let text = JsFuture::from(response.text().map_err(transport)?).await.map_err(transport)?;
            let error = text
                .as_string()
                .and_then(|t| serde_json::from_str::<AppError>(&t).ok())
                .unwrap_or(AppError::Transport { message: format!("HTTP {}", response.status()) });
            return Err(Failure::App(error));
        }
        let Some(stream) = response.body() else { return Ok(()) };
        let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
        let mut buffer: Vec<u8> = Vec::new();
        loop {
            let chunk = JsFuture::from(reader.read()).await.map_err(transport)?;
            let done = js_sys::Reflect::get(&chunk, &JsValue::from_str("done"))
                .ok()
                .and_then(|d| d.as_bool())
                .unwrap_or(true);
            if done {
                break;
            }
            if let Ok(value) = js_sys::Reflect::get(&chunk, &JsValue::from_str("value")) {
                buffer.extend(js_sys::Uint8Array::new(&value).to_vec());
            }
            while let Some(end) = buffer.windows(2).position(|w| w == b"\n\n") {
                let raw: Vec<u8> = buffer.drain(..end + 2).collect();
                let text = String::from_utf8_lossy(&raw);
                let data: String = text
                    .lines()
                    .filter_map(|l| l.strip_prefix("data:"))
                    .map(|d| d.trim_start())
                    .collect::<Vec<_>>()
                    .join("\n");
                if data.is_empty() {
                    continue;
                }
                if let Ok(event) = serde_json::from_str::<ChatEvent>(&data) {
                    on_event(event);
                }
            }
        }
        Ok(())
    }
}

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

mod cards;
mod stream;

pub use cards::RichText;
use cards::*;
use stream::*;

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
    /// The page's list of conversations, refreshed after each answer.
    history: Option<HistoryVersion>,
}

/// Bumped when an answer is stored, so the `/chat` page's list of
/// conversations (which it provides this for) shows a new one at once.
#[derive(Clone, Copy)]
pub struct HistoryVersion(pub RwSignal<u32>);

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
            history: use_context::<HistoryVersion>(),
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
                if let Some(HistoryVersion(version)) = self.history {
                    version.update(|v| *v = v.wrapping_add(1));
                }
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

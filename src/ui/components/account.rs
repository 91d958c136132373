//! The signed-in session as page state: who is signed in and what they
//! saved, loaded once per page and refreshed after sign-in, sign-out or a
//! save; the account menu in the header; the heart that saves a listing.

use crate::api::AppError;
use crate::api::auth::{SessionInfo, SignOut, ToggleSaved, current_session};
use crate::i18n::{Key, Lang, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[derive(Clone, Copy)]
pub struct Session {
    pub info: Resource<Result<SessionInfo, AppError>>,
    version: RwSignal<u32>,
}

impl Session {
    /// Loads the session again (after signing in or out, saving, ...).
    pub fn refresh(&self) {
        self.version.update(|v| *v += 1);
    }

    /// Goes up with each refresh: resources that depend on who is signed
    /// in read it.
    pub fn version(&self) -> u32 {
        self.version.get()
    }
}

pub fn provide_session() -> Session {
    let version = RwSignal::new(0u32);
    let info = Resource::new(move || version.get(), |_| current_session());
    let session = Session { info, version };
    provide_context(session);
    session
}

pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(provide_session)
}

/// The current URL with `auth=<view>` set (or removed with `None`): the
/// sign-in dialog lives in the URL, so it opens without the WASM too.
pub fn auth_href(view: Option<&'static str>) -> Signal<String> {
    let location = use_location();
    Signal::derive(move || {
        let path = location.pathname.get();
        let query = location.query.get();
        let mut pairs: Vec<String> = query
            .into_iter()
            .filter(|(k, _)| k != "auth" && k != "error")
            .map(|(k, v)| {
                format!("{}={}", crate::domain::search::encode(&k), crate::domain::search::encode(&v))
            })
            .collect();
        if let Some(view) = view {
            pairs.push(format!("auth={view}"));
        }
        if pairs.is_empty() { path } else { format!("{path}?{}", pairs.join("&")) }
    })
}

/// Signed out: "Sign in". Signed in: the account menu.
#[component]
pub fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sign_in = auth_href(Some("email"));
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if sign_out.value().get().is_some() {
            session.refresh();
        }
    });
    let (open, set_open) = signal(false);
    let button = "whitespace-nowrap rounded-full bg-teal-800 px-3 py-1.5 text-sm font-semibold text-white transition hover:bg-teal-900 sm:px-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700";
    view! {
        <Transition fallback=move || view! { <a href=move || sign_in.get() class=button>{move || i18n.t(Key::SignIn)}</a> }>
            {move || Suspend::new(async move {
                let user = session.info.await.ok().and_then(|s| s.user);
                match user {
                    None => view! { <a href=move || sign_in.get() class=button data-testid="sign-in">{move || i18n.t(Key::SignIn)}</a> }.into_any(),
                    Some(user) => {
                        let who = user
                            .name
                            .clone()
                            .or(user.email.clone())
                            .or(user.phone.as_deref().map(crate::i18n::format_phone))
                            .unwrap_or_default();
                        // A letter for a name or an email; a person icon for a phone number.
                        let initial = who.chars().next().filter(|c| c.is_alphabetic()).map(|c| c.to_uppercase().collect::<String>());
                        let who = crate::i18n::isolate(&who);
                        let who = StoredValue::new(who);
                        let staff = user.role.at_least(crate::domain::account::Role::Agent);
                        let menu = NodeRef::<leptos::html::Div>::new();
                        super::focus::contain_focus(menu, Some(open.into()), false, move || set_open.set(false));
                        view! {
                            <div class="relative" node_ref=menu>
                                <button
                                    type="button"
                                    class="flex h-9 w-9 items-center justify-center rounded-full bg-teal-800 font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700"
                                    aria-expanded=move || open.get().to_string()
                                    aria-controls="account-menu"
                                    aria-label=move || i18n.t(Key::AuthAccount)
                                    data-testid="account-button"
                                    on:click=move |_| set_open.update(|o| *o = !*o)
                                >
                                    {match initial {
                                        Some(letter) => view! { <span aria-hidden="true">{letter}</span> }.into_any(),
                                        None => view! {
                                            <svg class="h-5 w-5" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
                                                <circle cx="12" cy="8" r="4" />
                                                <path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7" stroke-linecap="round" />
                                            </svg>
                                        }.into_any(),
                                    }}
                                </button>
                                <div
                                    id="account-menu"
                                    on:click=move |_| set_open.set(false)
                                    class=move || if open.get() {
                                        "absolute end-0 top-11 z-40 w-64 rounded-xl border border-stone-200 bg-white p-2 text-sm shadow-lg"
                                    } else {
                                        "hidden"
                                    }
                                >
                                    <p class="px-3 py-2 text-stone-500" data-testid="signed-in-as">
                                        {move || i18n.t(Key::AuthSignedInAs).replace("{who}", &who.get_value())}
                                    </p>
                                    {staff.then(|| view! { <a href="/dashboard/leads" class="block rounded-lg px-3 py-2 font-semibold text-teal-900 hover:bg-stone-100" data-testid="dashboard-link">{move || i18n.t(Key::DashNav)}</a> })}
                                    <a href="/saved" class="block rounded-lg px-3 py-2 text-stone-800 hover:bg-stone-100">{move || i18n.t(Key::NavSaved)}</a>
                                    <a href="/account/reservations" class="block rounded-lg px-3 py-2 text-stone-800 hover:bg-stone-100" data-testid="reservations-link">{move || i18n.t(Key::NavReservations)}</a>
                                    <a href="/profile" class="block rounded-lg px-3 py-2 text-stone-800 hover:bg-stone-100">{move || i18n.t(Key::NavProfile)}</a>
                                    <ActionForm action=sign_out>
                                        <button type="submit" class="w-full rounded-lg px-3 py-2 text-start text-stone-800 hover:bg-stone-100" data-testid="sign-out">
                                            {move || i18n.t(Key::AuthSignOut)}
                                        </button>
                                    </ActionForm>
                                </div>
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The heart on a listing: saves it for a signed-in buyer, else opens the
/// sign-in dialog.
#[component]
pub fn SaveButton(listing_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toggle = ServerAction::<ToggleSaved>::new();
    Effect::new(move |_| {
        if toggle.value().get().is_some() {
            session.refresh();
        }
    });
    let sign_in = auth_href(Some("email"));
    let id = StoredValue::new(listing_id);
    let heart = move |filled: bool| {
        view! {
            <svg class="h-5 w-5" viewBox="0 0 24 24" aria-hidden="true" fill=if filled { "currentColor" } else { "none" } stroke="currentColor" stroke-width="2">
                <path stroke-linejoin="round" d="M12 21s-7.5-4.6-9.5-9.1C1.2 8.9 3 5.5 6.4 5.1c2-.2 3.6.8 4.6 2.3 1-1.5 2.6-2.5 4.6-2.3 3.4.4 5.2 3.8 3.9 6.8C19.5 16.4 12 21 12 21Z" />
            </svg>
        }
    };
    let class = "flex h-9 w-9 items-center justify-center rounded-full bg-white/90 text-rose-600 shadow ring-1 ring-stone-200 transition hover:bg-white focus-visible:outline-2 focus-visible:outline-teal-700";
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let info = session.info.await.ok();
                let signed_in = info.as_ref().is_some_and(|s| s.user.is_some());
                let saved = info.as_ref().is_some_and(|s| id.with_value(|i| s.saved.contains(i)));
                let label = move || i18n.t(if saved { Key::UnsaveListing } else { Key::SaveListing });
                if signed_in {
                    view! {
                        <ActionForm action=toggle attr:class="contents">
                            <input type="hidden" name="listing_id" value=id.get_value() />
                            <button type="submit" class=class aria-label=label title=label aria-pressed=saved.to_string() data-testid="save-listing">
                                {heart(saved)}
                            </button>
                        </ActionForm>
                    }
                        .into_any()
                } else {
                    view! { <a href=move || sign_in.get() class=class aria-label=label title=label data-testid="save-listing">{heart(false)}</a> }.into_any()
                }
            })}
        </Transition>
    }
}

/// A wait as people say it: "45 seconds", "3 minutes", "٥٩ دقيقة".
pub fn wait_text(secs: u64, lang: Lang) -> String {
    use crate::i18n::Plural;
    if secs < 90 {
        lang.plural(Plural::Seconds, secs.max(1))
    } else {
        lang.plural(Plural::Minutes, secs.div_ceil(60))
    }
}

/// The message for an error, in the page's language.
pub fn error_text(error: &AppError, lang: Lang) -> String {
    use crate::i18n::format_number;
    match error {
        AppError::InvalidCredentials => lang.t(Key::ErrInvalidCredentials).to_owned(),
        AppError::EmailNotVerified => lang.t(Key::ErrEmailNotVerified).to_owned(),
        AppError::CodeExpired => lang.t(Key::ErrCodeExpired).to_owned(),
        AppError::WrongCode { remaining } => {
            lang.t(Key::ErrWrongCode).replace("{n}", &format_number(i64::from(*remaining), lang))
        }
        AppError::TooManyAttempts => lang.t(Key::ErrTooManyAttempts).to_owned(),
        AppError::RateLimited { retry_after_secs } => {
            lang.t(Key::ErrRateLimited).replace("{n}", &wait_text(*retry_after_secs, lang))
        }
        AppError::LinkExpired => lang.t(Key::ErrLinkExpired).to_owned(),
        // Say why a password is refused.
        AppError::Validation { field, message } if field == "password" => lang
            .t(match message.as_str() {
                "too_short" => Key::ErrPasswordShort,
                "too_long" => Key::ErrPasswordLong,
                "common" => Key::ErrPasswordCommon,
                "contains_email" => Key::ErrPasswordEmail,
                "repetitive" => Key::ErrPasswordRepetitive,
                _ => Key::ErrPasswordWeak,
            })
            .to_owned(),
        AppError::Validation { field, .. } if field == "email" => lang.t(Key::ErrInvalidEmail).to_owned(),
        AppError::Validation { field, .. } if field == "phone" => lang.t(Key::ErrInvalidPhone).to_owned(),
        AppError::Validation { field, .. } if field == "phone_verified" => {
            lang.t(Key::ReserveVerifyPhone).to_owned()
        }
        AppError::Held { until } => {
            lang.t(Key::ErrHeldUntil).replace("{time}", &crate::i18n::localize_digits(until, lang))
        }
        AppError::Validation { field, .. } if field == "at" => lang.t(Key::ErrViewingTime).to_owned(),
        AppError::Validation { field, .. } if field == "q" => lang.t(Key::ErrSearchText).to_owned(),
        // Other fields and conflicts: the server's words in English, a
        // pointer in Arabic.
        AppError::Validation { message, .. } | AppError::Conflict { message } => match lang {
            Lang::En => {
                let mut chars = message.trim_end_matches('.').chars();
                chars.next().map_or_else(
                    || lang.t(Key::ErrCheckInput).to_owned(),
                    |first| format!("{}{}.", first.to_uppercase(), chars.as_str()),
                )
            }
            Lang::Ar if matches!(error, AppError::Conflict { .. }) => lang.t(Key::ErrConflict).to_owned(),
            Lang::Ar => lang.t(Key::ErrCheckInput).to_owned(),
        },
        AppError::Unavailable | AppError::Busy { .. } => lang.t(Key::ErrUnavailable).to_owned(),
        _ => lang.t(Key::ErrorGeneric).to_owned(),
    }
}

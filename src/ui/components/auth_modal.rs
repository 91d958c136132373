//! The sign-in dialog, opened from the header: email (sign in, sign up,
//! forgot password), phone (number, then a six-box code with a resend
//! timer) and "Continue with Google". Which view is open lives in the URL
//! (`?auth=email|signup|forgot|phone`), so the dialog can be linked to and
//! renders on the server.

use super::account::{auth_href, error_text, use_session};
use crate::api::AppError;
use crate::api::auth::{CodeSent, ForgotPassword, SendCode, SignIn, SignUp, VerifyCode};
use crate::i18n::{Key, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

const INPUT: &str = "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base text-stone-900 focus-visible:outline-2 focus-visible:outline-teal-700";
const LABEL: &str = "block text-sm font-medium text-stone-700";
const PRIMARY: &str = "w-full rounded-full bg-teal-800 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-900 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700";
const LINK: &str = "font-medium text-teal-800 underline-offset-2 hover:underline";

#[component]
fn ErrorLine(error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    // try_get: the line can be asked once more while its dialog closes.
    move || {
        error.try_get().flatten().map(|e| {
            view! { <p class="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">{error_text(&e, i18n.lang())}</p> }
        })
    }
}

/// The error of an action's last answer, if it failed.
fn failure<T>(
    value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
) -> Signal<Option<AppError>>
where
    T: Clone + Send + Sync + 'static,
{
    Signal::derive(move || value.try_get().flatten().and_then(Result::err))
}

/// The error of an action's last answer, hidden once the visitor edits the
/// form (a stale "Enter a valid email address." under a fixed address
/// misleads), and the flag the form's `on:input` sets.
fn fresh_failure<T>(
    value: impl Get<Value = Option<Result<T, AppError>>> + Track + Clone + Send + Sync + 'static,
) -> (Signal<Option<AppError>>, RwSignal<bool>)
where
    T: Clone + Send + Sync + 'static,
{
    let edited = RwSignal::new(false);
    let tracked = value.clone();
    Effect::new(move |_| {
        tracked.track();
        edited.set(false);
    });
    let failed = move || value.try_get().flatten().and_then(Result::err);
    (Signal::derive(move || if edited.try_get().unwrap_or(false) { None } else { failed() }), edited)
}

/// Whether an action's last answer succeeded.
fn success<T>(value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static) -> Signal<bool>
where
    T: Clone + Send + Sync + 'static,
{
    Signal::derive(move || matches!(value.try_get().flatten(), Some(Ok(_))))
}

/// Renders the dialog when the URL asks for it. Its code is a chunk of its
/// own (`ui::lazy::auth_dialog`), fetched the first time it opens (or with
/// the page, when the page is rendered with it open).
#[component]
pub fn AuthModal() -> impl IntoView {
    let query = use_query_map();
    let view_name = Memo::new(move |_| query.with(|q| q.get("auth")));
    // True from the first time the dialog is asked for.
    let wanted =
        Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || view_name.get().is_some());
    move || {
        wanted.get().then(|| {
            view! {
                <Suspense fallback=|| ()>
                    {Suspend::new(async move { crate::ui::lazy::auth_dialog(view_name).await })}
                </Suspense>
            }
        })
    }
}

/// The dialog for the tab `view` names, or nothing while it is closed.
pub fn dialog(view: Memo<Option<String>>) -> AnyView {
    (move || view.get().map(|v| view! { <Dialog view=v /> })).into_any()
}

#[component]
fn Dialog(view: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let close = auth_href(None);
    let navigate = use_navigate();
    let query = use_query_map();
    let google_error = query.with_untracked(|q| q.get("error"));
    let location = use_location();
    let next = Signal::derive(move || location.pathname.get());
    let tab = move |name: &'static str, key: Key, active: bool| {
        let href = auth_href(Some(name));
        view! {
            <a
                href=move || href.get()
                class=if active {
                    "flex-1 rounded-full bg-white px-3 py-1.5 text-center text-sm font-semibold text-teal-900 shadow-sm"
                } else {
                    "flex-1 rounded-full px-3 py-1.5 text-center text-sm font-medium text-stone-600 hover:text-stone-900"
                }
                aria-current=if active { "page" } else { "false" }
                data-testid=format!("auth-tab-{name}")
            >
                {move || i18n.t(key)}
            </a>
        }
    };
    let is_phone = view == "phone";
    // The heading says what the dialog does now.
    let title = match view.as_str() {
        "signup" => Key::AuthTitleSignUp,
        "forgot" => Key::AuthTitleForgot,
        _ => Key::AuthTitle,
    };
    let view = StoredValue::new(view);
    // Tab stays in the dialog, Escape closes it, focus goes back after.
    let panel = NodeRef::<leptos::html::Div>::new();
    {
        let navigate = navigate.clone();
        super::focus::contain_focus(panel, None, true, move || {
            navigate(&close.get_untracked(), Default::default())
        });
    }
    view! {
        <div
            class="fixed inset-0 z-50 flex items-end justify-center bg-stone-900/50 p-0 sm:items-center sm:p-4"
            role="dialog"
            aria-modal="true"
            aria-labelledby="auth-title"
            data-testid="auth-dialog"
        >
            <div node_ref=panel tabindex="-1" class="max-h-full w-full max-w-md overflow-y-auto rounded-t-2xl bg-white p-6 shadow-xl outline-none sm:rounded-2xl">
                <div class="flex items-center justify-between gap-4">
                    <h2 id="auth-title" class="text-lg font-bold text-stone-900">{move || i18n.t(title)}</h2>
                    <a href=move || close.get() class="rounded-full p-1 text-stone-500 hover:bg-stone-100 hover:text-stone-900" aria-label=move || i18n.t(Key::AuthClose)>
                        <svg class="h-5 w-5" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path stroke-linecap="round" d="M6 6l12 12M18 6 6 18" /></svg>
                    </a>
                </div>
                {google_error.map(|code| {
                    let key = match code.as_str() {
                        "google_browser" => Key::ErrGoogleBrowser,
                        "rate_limited" => Key::ErrGoogleTooMany,
                        "unavailable" => Key::ErrUnavailable,
                        _ => Key::ErrGoogle,
                    };
                    view! {
                        <p class="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" role="alert" data-testid="auth-google-error">{move || i18n.t(key)}</p>
                    }
                })}
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let info = session.info.await.unwrap_or_default();
                        if let Some(user) = info.user {
                            let who = crate::i18n::isolate(&user.name.or(user.email).or(user.phone.as_deref().map(crate::i18n::format_phone)).unwrap_or_default());
                            return view! {
                                <p class="mt-4 text-stone-700" data-testid="auth-signed-in">{move || i18n.t(Key::AuthSignedInAs).replace("{who}", &who)}</p>
                                <a href=move || close.get() class=format!("mt-4 block text-center {PRIMARY}")>{move || i18n.t(Key::AuthClose)}</a>
                            }
                                .into_any();
                        }
                        view! {
                            {info.phone.then(|| view! {
                                <div class="mt-4 flex gap-1 rounded-full bg-stone-100 p-1" role="tablist">
                                    {tab("email", Key::AuthTabEmail, !is_phone)}
                                    {tab("phone", Key::AuthTabPhone, is_phone)}
                                </div>
                            })}
                            <div class="mt-5">
                                {match view.get_value().as_str() {
                                    "signup" => view! { <SignUpForm /> }.into_any(),
                                    "forgot" => view! { <ForgotForm /> }.into_any(),
                                    "phone" => view! { <PhoneFlow /> }.into_any(),
                                    _ => view! { <SignInForm /> }.into_any(),
                                }}
                            </div>
                            {info.google.then(|| view! {
                                <div class="my-5 flex items-center gap-3 text-xs uppercase text-stone-400">
                                    <span class="h-px flex-1 bg-stone-200"></span>
                                    {move || i18n.t(Key::AuthOr)}
                                    <span class="h-px flex-1 bg-stone-200"></span>
                                </div>
                                <a
                                    href=move || format!("/auth/google?next={}", crate::domain::search::encode(&next.get()))
                                    rel="external"
                                    class="flex w-full items-center justify-center gap-2 rounded-full border border-stone-300 px-5 py-2.5 text-sm font-semibold text-stone-800 hover:bg-stone-50"
                                    data-testid="google"
                                >
                                    <svg class="h-4 w-4" viewBox="0 0 24 24" aria-hidden="true"><path fill="#4285F4" d="M23 12.3c0-.8-.1-1.6-.2-2.3H12v4.4h6.2a5.3 5.3 0 0 1-2.3 3.5v2.9h3.7c2.2-2 3.4-5 3.4-8.5Z"/><path fill="#34A853" d="M12 23.5c3.1 0 5.7-1 7.6-2.8l-3.7-2.9c-1 .7-2.3 1.1-3.9 1.1-3 0-5.5-2-6.4-4.7H1.8v3A11.5 11.5 0 0 0 12 23.5Z"/><path fill="#FBBC05" d="M5.6 14.2a6.9 6.9 0 0 1 0-4.4v-3H1.8a11.5 11.5 0 0 0 0 10.4l3.8-3Z"/><path fill="#EA4335" d="M12 5.1c1.7 0 3.2.6 4.4 1.7l3.3-3.3A11.5 11.5 0 0 0 1.8 6.8l3.8 3c.9-2.7 3.4-4.7 6.4-4.7Z"/></svg>
                                    {move || i18n.t(Key::AuthGoogle)}
                                </a>
                            })}
                        }
                            .into_any()
                    })}
                </Transition>
            </div>
        </div>
    }
}

/// After signing in: load the session again and close the dialog.
fn on_signed_in(done: Signal<bool>) {
    let session = use_session();
    let close = auth_href(None);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if done.get() {
            session.refresh();
            navigate(&close.get_untracked(), Default::default());
        }
    });
}

#[component]
fn SignInForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignIn>::new();
    on_signed_in(success(action.value()));
    let forgot = auth_href(Some("forgot"));
    let signup = auth_href(Some("signup"));
    let (error, edited) = fresh_failure(action.value());
    view! {
        <ActionForm action=action attr:class="space-y-4" on:input=move |_| edited.set(true)>
            <div>
                <label for="auth-email" class=LABEL>{move || i18n.t(Key::AuthEmail)}</label>
                <input id="auth-email" name="email" type="email" autocomplete="email" required class=INPUT autofocus />
            </div>
            <div>
                <label for="auth-password" class=LABEL>{move || i18n.t(Key::AuthPassword)}</label>
                <input id="auth-password" name="password" type="password" autocomplete="current-password" required class=INPUT />
            </div>
            <ErrorLine error=error />
            <button type="submit" class=PRIMARY disabled=move || action.pending().get()>{move || i18n.t(Key::AuthSignIn)}</button>
            <div class="flex flex-wrap justify-between gap-2 text-sm">
                <a href=move || forgot.get() class=LINK>{move || i18n.t(Key::AuthForgot)}</a>
                <span class="text-stone-600">{move || i18n.t(Key::AuthNoAccount)}" "<a href=move || signup.get() class=LINK>{move || i18n.t(Key::AuthSignUp)}</a></span>
            </div>
        </ActionForm>
    }
}

#[component]
fn SignUpForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignUp>::new();
    let (error, edited) = fresh_failure(action.value());
    let back = auth_href(Some("email"));
    view! {
        {move || if matches!(action.value().get(), Some(Ok(()))) {
            view! { <p class="rounded-lg bg-teal-50 px-3 py-3 text-teal-900" role="status" data-testid="check-email">{i18n.t(Key::AuthCheckEmail)}</p> }.into_any()
        } else {
            view! {
                <ActionForm action=action attr:class="space-y-4" on:input=move |_| edited.set(true)>
                    <div>
                        <label for="auth-name" class=LABEL>{move || i18n.t(Key::AuthName)}</label>
                        <input id="auth-name" name="name" autocomplete="name" maxlength="100" class=INPUT autofocus />
                    </div>
                    <div>
                        <label for="auth-email" class=LABEL>{move || i18n.t(Key::AuthEmail)}</label>
                        <input id="auth-email" name="email" type="email" autocomplete="email" required class=INPUT />
                    </div>
                    <div>
                        <label for="auth-password" class=LABEL>{move || i18n.t(Key::AuthPassword)}</label>
                        <input id="auth-password" name="password" type="password" autocomplete="new-password" minlength="10" required class=INPUT aria-describedby="auth-password-hint" />
                        <p id="auth-password-hint" class="mt-1 text-xs text-stone-500">{move || i18n.t(Key::AuthPasswordHint)}</p>
                    </div>
                    <ErrorLine error=error />
                    <button type="submit" class=PRIMARY disabled=move || action.pending().get()>{move || i18n.t(Key::AuthSignUp)}</button>
                </ActionForm>
            }.into_any()
        }}
        <p class="mt-4 text-sm text-stone-600">{move || i18n.t(Key::AuthHaveAccount)}" "<a href=move || back.get() class=LINK>{move || i18n.t(Key::AuthSignIn)}</a></p>
    }
}

#[component]
fn ForgotForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ForgotPassword>::new();
    let (error, edited) = fresh_failure(action.value());
    let back = auth_href(Some("email"));
    view! {
        {move || if matches!(action.value().get(), Some(Ok(()))) {
            view! { <p class="rounded-lg bg-teal-50 px-3 py-3 text-teal-900" role="status">{i18n.t(Key::AuthResetSent)}</p> }.into_any()
        } else {
            view! {
                <ActionForm action=action attr:class="space-y-4" on:input=move |_| edited.set(true)>
                    <div>
                        <label for="auth-email" class=LABEL>{move || i18n.t(Key::AuthEmail)}</label>
                        <input id="auth-email" name="email" type="email" autocomplete="email" required class=INPUT autofocus />
                    </div>
                    <ErrorLine error=error />
                    <button type="submit" class=PRIMARY disabled=move || action.pending().get()>{move || i18n.t(Key::AuthForgot)}</button>
                </ActionForm>
            }.into_any()
        }}
        <a href=move || back.get() class=format!("mt-4 inline-block text-sm {LINK}")>{move || i18n.t(Key::AuthBackToSignIn)}</a>
    }
}

#[component]
fn PhoneFlow() -> impl IntoView {
    let i18n = use_i18n();
    let send = ServerAction::<SendCode>::new();
    let verify = ServerAction::<VerifyCode>::new();
    on_signed_in(success(verify.value()));
    let sent: RwSignal<Option<CodeSent>> = RwSignal::new(None);
    let seconds_left = RwSignal::new(0u64);
    Effect::new(move |_| {
        if let Some(Ok(s)) = send.value().get() {
            seconds_left.set(s.resend_after_secs);
            sent.set(Some(s));
        }
    });
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(
            move || {
                if seconds_left.try_get_untracked().unwrap_or(0) > 0 {
                    seconds_left.update(|s| *s -= 1);
                }
            },
            std::time::Duration::from_secs(1),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    }
    let code = RwSignal::new(String::new());
    view! {
        {move || match sent.get() {
            None => view! {
                <ActionForm action=send attr:class="space-y-4">
                    <div>
                        <label for="auth-phone" class=LABEL>{move || i18n.t(Key::AuthPhone)}</label>
                        <input id="auth-phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required class=INPUT autofocus aria-describedby="auth-phone-hint" dir="ltr" />
                        <p id="auth-phone-hint" class="mt-1 text-xs text-stone-500">{move || i18n.t(Key::AuthPhoneHint)}</p>
                    </div>
                    <ErrorLine error=failure(send.value()) />
                    <button type="submit" class=PRIMARY disabled=move || send.pending().get()>{move || i18n.t(Key::AuthSendCode)}</button>
                </ActionForm>
            }.into_any(),
            Some(s) => {
                let phone = s.phone.clone();
                let masked = crate::i18n::ltr(&s.masked_phone);
                let resend_phone = s.phone.clone();
                view! {
                    <p class="text-sm text-stone-700" role="status" data-testid="code-sent">
                        {move || i18n.t(Key::AuthCodeSent).replace("{phone}", &masked)}
                    </p>
                    <ActionForm action=verify attr:class="mt-4 space-y-4">
                        <input type="hidden" name="phone" value=phone />
                        <div>
                            <label for="auth-code" class=LABEL>{move || i18n.t(Key::AuthCode)}</label>
                            <div class="relative mt-1" dir="ltr">
                                <div class="grid grid-cols-6 gap-2" aria-hidden="true">
                                    {(0..6).map(|i| view! {
                                        <span class=move || {
                                            let filled = code.with(|c| c.chars().count() > i);
                                            let current = code.with(|c| c.chars().count() == i);
                                            format!(
                                                "flex h-12 items-center justify-center rounded-lg border text-xl font-semibold tabular-nums {}",
                                                if current { "border-teal-700 ring-2 ring-teal-700/30" } else if filled { "border-stone-400" } else { "border-stone-300" }
                                            )
                                        }>
                                            {move || code.with(|c| c.chars().nth(i).map(String::from).unwrap_or_default())}
                                        </span>
                                    }).collect_view()}
                                </div>
                                <input
                                    id="auth-code"
                                    name="code"
                                    inputmode="numeric"
                                    autocomplete="one-time-code"
                                    maxlength="6"
                                    pattern="[0-9]{6}"
                                    required
                                    autofocus
                                    class="absolute inset-0 h-full w-full cursor-text rounded-lg bg-transparent text-transparent caret-transparent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700"
                                    on:input=move |ev| {
                                        let digits: String = event_target_value(&ev).chars().filter(char::is_ascii_digit).take(6).collect();
                                        code.set(digits);
                                    }
                                    data-testid="otp-input"
                                />
                            </div>
                        </div>
                        <ErrorLine error=failure(verify.value()) />
                        <button type="submit" class=PRIMARY disabled=move || verify.pending().get()>{move || i18n.t(Key::AuthVerifyCode)}</button>
                    </ActionForm>
                    <div class="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm">
                        {move || {
                            let left = seconds_left.get();
                            let phone = resend_phone.clone();
                            if left > 0 {
                                view! { <span class="text-stone-500" data-testid="resend-timer">{i18n.t(Key::AuthResendIn).replace("{n}", &crate::i18n::format_number(left as i64, i18n.lang()))}</span> }.into_any()
                            } else {
                                view! {
                                    <button type="button" class=LINK on:click=move |_| { send.dispatch(SendCode { phone: phone.clone() }); } data-testid="resend">
                                        {i18n.t(Key::AuthResend)}
                                    </button>
                                }.into_any()
                            }
                        }}
                        <button type="button" class=LINK on:click=move |_| sent.set(None)>{move || i18n.t(Key::AuthChangePhone)}</button>
                    </div>
                }.into_any()
            }
        }}
    }
}

//! Account pages: confirming an email, choosing a new password, the
//! profile, and saved listings.

use crate::api::auth::{ResetPassword, SignOutEverywhere, UpdateProfile, VerifyEmail, saved_listings};
use crate::i18n::{Key, Lang, use_i18n};
use crate::ui::components::account::{auth_href, error_text, use_session};
use crate::ui::components::listing_card::ListingCard;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const INPUT: &str = "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base focus-visible:outline-2 focus-visible:outline-teal-700";
const PRIMARY: &str = "rounded-full bg-teal-800 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-900 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700";

fn token() -> String {
    use_query_map().with_untracked(|q| q.get("token").unwrap_or_default())
}

#[component]
fn Card(title: Key, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(title), i18n.t(Key::Brand))) />
        <section class="mx-auto max-w-md px-4 py-16">
            <div class="rounded-2xl border border-stone-200 bg-white p-6 shadow-sm">
                <h1 class="text-xl font-bold text-stone-900">{move || i18n.t(title)}</h1>
                <div class="mt-4">{children()}</div>
            </div>
        </section>
    }
}

/// `/verify-email?token=…`: a button, not an automatic confirmation, so
/// mail scanners that open links do not use it up.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<VerifyEmail>::new();
    let sign_in = auth_href(Some("email"));
    let token = token();
    view! {
        <Card title=Key::VerifyTitle>
            {move || match action.value().get() {
                Some(Ok(())) => view! {
                    <p class="text-teal-900" role="status" data-testid="verified">{i18n.t(Key::VerifyDone)}</p>
                    <a href=move || sign_in.get() class=format!("mt-4 inline-block {PRIMARY}")>{i18n.t(Key::AuthSignIn)}</a>
                }.into_any(),
                other => {
                    let token = token.clone();
                    view! {
                        {other.and_then(Result::err).map(|e| view! { <p class="mb-3 text-sm text-red-800" role="alert">{error_text(&e, i18n.lang())}</p> })}
                        <ActionForm action=action>
                            <input type="hidden" name="token" value=token />
                            <button type="submit" class=PRIMARY disabled=move || action.pending().get()>{move || i18n.t(Key::VerifyButton)}</button>
                        </ActionForm>
                    }.into_any()
                }
            }}
        </Card>
    }
}

/// `/reset-password?token=…`
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ResetPassword>::new();
    let sign_in = auth_href(Some("email"));
    let token = token();
    view! {
        <Card title=Key::ResetTitle>
            {move || match action.value().get() {
                Some(Ok(())) => view! {
                    <p class="text-teal-900" role="status" data-testid="reset-done">{i18n.t(Key::ResetDone)}</p>
                    <a href=move || sign_in.get() class=format!("mt-4 inline-block {PRIMARY}")>{i18n.t(Key::AuthSignIn)}</a>
                }.into_any(),
                other => {
                    let token = token.clone();
                    view! {
                        <ActionForm action=action attr:class="space-y-4">
                            <input type="hidden" name="token" value=token />
                            <div>
                                <label for="new-password" class="block text-sm font-medium text-stone-700">{move || i18n.t(Key::AuthNewPassword)}</label>
                                <input id="new-password" name="password" type="password" autocomplete="new-password" minlength="10" required class=INPUT autofocus />
                                <p class="mt-1 text-xs text-stone-500">{move || i18n.t(Key::AuthPasswordHint)}</p>
                            </div>
                            {other.and_then(Result::err).map(|e| view! { <p class="text-sm text-red-800" role="alert">{error_text(&e, i18n.lang())}</p> })}
                            <button type="submit" class=PRIMARY disabled=move || action.pending().get()>{move || i18n.t(Key::ResetButton)}</button>
                        </ActionForm>
                    }.into_any()
                }
            }}
        </Card>
    }
}

/// `/profile`: name, language, and how the account signs in.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let update = ServerAction::<UpdateProfile>::new();
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    Effect::new(move |_| {
        if update.value().get().is_some() || everywhere.value().get().is_some() {
            session.refresh();
        }
    });
    let sign_in = auth_href(Some("email"));
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(Key::ProfileTitle), i18n.t(Key::Brand))) />
        <section class="mx-auto max-w-xl px-4 py-12">
            <h1 class="text-2xl font-bold text-stone-900">{move || i18n.t(Key::ProfileTitle)}</h1>
            <Transition fallback=move || view! { <p class="mt-6 text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let Some(user) = session.info.await.ok().and_then(|s| s.user) else {
                        return view! {
                            <p class="mt-6 text-stone-700">{i18n.t(Key::ProfileSignInRequired)}</p>
                            <a href=move || sign_in.get() class=format!("mt-4 inline-block {PRIMARY}")>{i18n.t(Key::AuthSignIn)}</a>
                        }.into_any();
                    };
                    let status = move |verified: bool| i18n.t(if verified { Key::ProfileVerified } else { Key::ProfileNotVerified });
                    view! {
                        <ActionForm action=update attr:class="mt-6 space-y-4 rounded-2xl border border-stone-200 bg-white p-6">
                            <div>
                                <label for="profile-name" class="block text-sm font-medium text-stone-700">{move || i18n.t(Key::AuthName)}</label>
                                <input id="profile-name" name="name" maxlength="100" class=INPUT value=user.name.clone().unwrap_or_default() />
                            </div>
                            <div>
                                <label for="profile-language" class="block text-sm font-medium text-stone-700">{move || i18n.t(Key::ProfileLanguage)}</label>
                                <select id="profile-language" name="language" class=INPUT>
                                    {Lang::ALL.into_iter().map(|l| view! { <option value=l.code() selected=user.language == l>{l.native_name()}</option> }).collect_view()}
                                </select>
                            </div>
                            <dl class="space-y-2 text-sm">
                                {user.email.clone().map(|e| view! {
                                    <div class="flex justify-between gap-3"><dt class="text-stone-500">{move || i18n.t(Key::AuthEmail)}</dt><dd class="min-w-0 break-all"><bdi dir="ltr">{e}</bdi>" · "{status(user.email_verified)}</dd></div>
                                })}
                                {user.phone.clone().map(|p| view! {
                                    <div class="flex justify-between gap-3"><dt class="text-stone-500">{move || i18n.t(Key::AuthPhone)}</dt><dd><bdi dir="ltr">{crate::i18n::format_phone(&p)}</bdi>" · "{status(user.phone_verified)}</dd></div>
                                })}
                            </dl>
                            {move || matches!(update.value().get(), Some(Ok(_))).then(|| view! { <p class="text-sm text-teal-800" role="status">{i18n.t(Key::ProfileSaved)}</p> })}
                            <button type="submit" class=PRIMARY>{move || i18n.t(Key::ProfileSave)}</button>
                        </ActionForm>
                        <ActionForm action=everywhere attr:class="mt-6">
                            <button type="submit" class="text-sm font-medium text-red-700 hover:underline">{move || i18n.t(Key::AuthSignOutEverywhere)}</button>
                        </ActionForm>
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}

/// `/saved`: the buyer's saved listings.
#[component]
pub fn SavedPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let listings =
        Resource::new(move || session.info.get().map(|s| s.ok().map(|i| i.saved)), |_| saved_listings());
    let sign_in = auth_href(Some("email"));
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(Key::SavedTitle), i18n.t(Key::Brand))) />
        <section class="mx-auto max-w-6xl px-4 py-10 sm:px-6">
            <h1 class="text-2xl font-bold text-stone-900">{move || i18n.t(Key::SavedTitle)}</h1>
            <Transition fallback=move || view! { <p class="mt-6 text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match listings.await {
                        Ok(list) if list.is_empty() => view! { <p class="mt-6 text-stone-600" data-testid="saved-empty">{i18n.t(Key::SavedEmpty)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="mt-6 grid gap-5 sm:grid-cols-2 lg:grid-cols-3" data-testid="saved">
                                {list.into_iter().map(|listing| view! { <li><ListingCard listing /></li> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(_) => view! {
                            <p class="mt-6 text-stone-700">{i18n.t(Key::SavedSignInRequired)}</p>
                            <a href=move || sign_in.get() class=format!("mt-4 inline-block {PRIMARY}")>{i18n.t(Key::AuthSignIn)}</a>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

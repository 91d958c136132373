//! Listings in the dashboard: the list an agent manages
//! (`/dashboard/listings`) and the form that creates or edits one
//! (`/dashboard/listings/new`, `/dashboard/listings/:id`), with the market
//! state (on, off, sold). Saving goes through the ingest rules and
//! re-embeds, so search shows the change at once.

use crate::api::AppError;
use crate::api::dashboard::{load_listing_editor, managed_listings, save_listing, set_listing_state};
use crate::domain::Egp;
use crate::domain::areas::AREAS;
use crate::domain::listing::{Finishing, InstallmentFrequency, PropertyType, SaleType};
use crate::domain::listing_form::ListingForm;
use crate::i18n::{Key, Lang, Plural, format_egp, labels, use_i18n};
use crate::ui::components::account::error_text;
use crate::ui::pages::dashboard::{DashboardNav, failure, page_links, query_param, with_query};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

const INPUT: &str = "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700 aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-red-700 focus-visible:outline-2 focus-visible:outline-teal-700";
const LABEL: &str = "block text-sm font-medium text-stone-700";
const PRIMARY: &str = "rounded-full bg-teal-800 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-900 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700";
const SECONDARY: &str = "rounded-full border border-stone-300 bg-white px-4 py-2 text-sm font-semibold text-stone-800 hover:bg-stone-50 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700";

fn state_badge(available: bool, sold: bool, lang: Lang) -> impl IntoView {
    let (key, class) = match (available, sold) {
        (_, true) => (Key::DashSold, "bg-stone-200 text-stone-800"),
        (true, false) => (Key::DashAvailable, "bg-teal-100 text-teal-900"),
        (false, false) => (Key::DashUnavailable, "bg-amber-100 text-amber-900"),
    };
    view! { <span class=format!("rounded-full px-2.5 py-0.5 text-xs font-semibold {class}") data-testid="listing-state">{lang.t(key)}</span> }
}

/// `/dashboard/listings`.
#[component]
pub fn ManagedListingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let text = query_param("q");
    let page = query_param("page");
    let request =
        Memo::new(move |_| (text.get(), page.get().and_then(|p| p.parse::<u32>().ok()).unwrap_or(1)));
    let data = Resource::new(move || request.get(), |(q, page)| managed_listings(q, page));
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(Key::DashListingsTitle), i18n.t(Key::Brand))) />
        <section class="mx-auto max-w-6xl px-4 py-8 sm:px-6">
            <DashboardNav current="/dashboard/listings" />
            <div class="mt-6 flex flex-wrap items-center justify-between gap-3">
                <h1 class="text-2xl font-bold text-stone-900">{move || i18n.t(Key::DashListingsTitle)}</h1>
                <a href="/dashboard/listings/new" class=PRIMARY data-testid="new-listing">{move || i18n.t(Key::DashNewListing)}</a>
            </div>
            <Transition fallback=move || view! { <p class="mt-6 text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let lang = i18n.lang();
                    let (q, _) = request.get_untracked();
                    match data.await {
                        Err(e) => failure(e, lang),
                        Ok(p) => {
                            let base = with_query("/dashboard/listings", &[("q", q.clone())]);
                            view! {
                                <form method="get" action="/dashboard/listings" class="mt-4 flex flex-wrap items-end gap-3">
                                    <label class=format!("{LABEL} grow")>{lang.t(Key::DashListingsFilter)}
                                        <input type="search" name="q" value=q.clone().unwrap_or_default() class=INPUT maxlength="100" />
                                    </label>
                                    <button type="submit" class=SECONDARY>{lang.t(Key::DashApply)}</button>
                                </form>
                                <p class="mt-4 text-sm text-stone-600">{lang.t(Key::DashListingsCount).replace("{count}", &lang.plural(Plural::Listings, p.total.max(0) as u64))}</p>
                                <ul class="mt-3 divide-y divide-stone-100 rounded-xl border border-stone-200 bg-white" data-testid="managed-listings">
                                    {p.items.into_iter().map(|l| view! {
                                        <li class="flex flex-wrap items-center justify-between gap-3 p-4" data-testid="managed-listing" data-listing-id=l.id.to_string()>
                                            <div>
                                                <p class="font-semibold text-stone-900"><bdi>{format!("#{} ", l.id)}{l.title.clone()}</bdi></p>
                                                <p class="text-sm text-stone-600"><bdi>{labels::area(&l.location, lang)}{l.compound.clone().map(|c| format!(" · {c}")).unwrap_or_default()}</bdi>" · "{format_egp(Egp::new(l.price_egp), lang)}</p>
                                            </div>
                                            <div class="flex items-center gap-2">
                                                {state_badge(l.is_available, l.sold, lang)}
                                                <a href=format!("/listings/{}", l.id) class="text-sm font-semibold text-teal-800 underline">{lang.t(Key::DashView)}</a>
                                                {l.can_edit.then(|| view! { <a href=format!("/dashboard/listings/{}", l.id) class="text-sm font-semibold text-teal-800 underline">{lang.t(Key::DashEdit)}</a> })}
                                            </div>
                                        </li>
                                    }).collect_view()}
                                </ul>
                                {page_links(base, p.page, p.total, lang)}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

fn field_label(field: &str, lang: Lang) -> &'static str {
    lang.t(match field {
        "title" => Key::FTitleEn,
        "title_ar" => Key::FTitleAr,
        "description" => Key::FDescEn,
        "description_ar" => Key::FDescAr,
        "property_type" => Key::FType,
        "location" => Key::FLocation,
        "district" => Key::FDistrict,
        "compound" => Key::FCompound,
        "developer" => Key::FDeveloper,
        "bedrooms" => Key::FBedrooms,
        "bathrooms" => Key::FBathrooms,
        "area_sqm" => Key::FArea,
        "delivery_year" => Key::FDeliveryYear,
        "finishing" => Key::FFinishing,
        "sale_type" => Key::FSaleType,
        "down_payment" | "payment_plan" => Key::FDown,
        "delivery_payment" => Key::FDeliveryPay,
        "installment_years" => Key::FYears,
        "installment_frequency" => Key::FFrequency,
        "installment_amount" => Key::FInstallment,
        "maintenance_deposit" => Key::FMaintenance,
        "image_url" => Key::FImage,
        _ => Key::FPrice,
    })
}

/// The form control a server-side field name points at.
fn field_testid(field: &str) -> &'static str {
    match field {
        "title" => "f-title",
        "title_ar" => "f-title-ar",
        "property_type" => "f-type",
        "location" => "f-location",
        "district" => "f-district",
        "compound" => "f-compound",
        "developer" => "f-developer",
        "image_url" => "f-image",
        "area_sqm" => "f-area",
        "bedrooms" => "f-bedrooms",
        "bathrooms" => "f-bathrooms",
        "delivery_year" => "f-delivery-year",
        "finishing" => "f-finishing",
        "sale_type" => "f-sale",
        "down_payment" | "payment_plan" => "f-down",
        "delivery_payment" => "f-delivery-pay",
        "maintenance_deposit" => "f-maintenance",
        "installment_years" => "f-years",
        "installment_frequency" => "f-frequency",
        "installment_amount" => "f-installment",
        _ => "f-price",
    }
}

fn save_error(e: &AppError, lang: Lang) -> String {
    match e {
        AppError::Validation { field, message } => {
            lang.t(Key::FInvalid).replace("{f}", field_label(field, lang)).replace("{m}", message)
        }
        e => error_text(e, lang),
    }
}

/// `/dashboard/listings/new` and `/dashboard/listings/:id`.
#[component]
pub fn ListingEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_listing_editor(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=crate::ui::title_text(move || format!("{} · {}", i18n.t(Key::DashListingsTitle), i18n.t(Key::Brand))) />
        <section class="mx-auto max-w-4xl px-4 py-8 sm:px-6">
            <DashboardNav current="/dashboard/listings" />
            <Transition fallback=move || view! { <p class="mt-6 text-stone-500">{i18n.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let lang = i18n.lang();
                    match data.await {
                        Err(e) => failure(e, lang),
                        Ok(editor) => view! { <ListingEditor editor=editor lang=lang /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ListingEditor(editor: Option<crate::api::dashboard::ListingEditor>, lang: Lang) -> impl IntoView {
    let id = RwSignal::new(editor.as_ref().map(|e| e.id));
    let sold = RwSignal::new(editor.as_ref().is_some_and(|e| e.sold));
    let form = RwSignal::new(
        editor
            .map(|e| e.form)
            .unwrap_or_else(|| ListingForm { is_available: true, ..ListingForm::default() }),
    );
    let save = Action::new(move |(id, form): &(Option<i64>, ListingForm)| {
        let (id, form) = (*id, form.clone());
        async move { save_listing(id, form).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            id.set(Some(saved));
        }
    });
    let change_state = Action::new(move |(listing, to): &(i64, &'static str)| {
        let (listing, to) = (*listing, *to);
        async move { set_listing_state(listing, to.to_owned()).await.map(|()| to) }
    });
    Effect::new(move |_| {
        if let Some(Ok(to)) = change_state.value().get() {
            sold.set(to == "sold");
            form.update(|f| f.is_available = to == "available");
        }
    });
    // The field the last save refused: marked, and given focus.
    let bad = Signal::derive(move || match save.value().get() {
        Some(Err(AppError::Validation { field, .. })) => Some(field_testid(&field)),
        _ => None,
    });
    let invalid = move |testid: &'static str| move || (bad.get() == Some(testid)).then_some("true");
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::JsCast;
        if let Some(testid) = bad.get()
            && let Ok(Some(el)) = document().query_selector(&format!("[data-testid='{testid}']"))
            && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
        {
            let _ = el.focus();
        }
    });
    // One text input bound to one field of the form.
    let text_field = move |key: Key,
                           get: fn(&ListingForm) -> String,
                           set: fn(&mut ListingForm, String),
                           testid: &'static str,
                           inputmode: &'static str| {
        view! {
            <label class=LABEL>{lang.t(key)}
                <input type="text" class=INPUT inputmode=inputmode data-testid=testid aria-invalid=invalid(testid)
                    prop:value=move || form.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)); } />
            </label>
        }
    };
    let select_field = move |key: Key,
                             get: fn(&ListingForm) -> String,
                             set: fn(&mut ListingForm, String),
                             options: Vec<(String, String)>,
                             testid: &'static str| {
        view! {
            <label class=LABEL>{lang.t(key)}
                <select class=INPUT data-testid=testid aria-invalid=invalid(testid) on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)); } prop:value=move || form.with(get)>
                    {options.into_iter().map(|(value, label)| { let v = value.clone(); view! { <option value=value selected=move || form.with(get) == v>{label}</option> } }).collect_view()}
                </select>
            </label>
        }
    };
    let unknown = || (String::new(), lang.t(Key::FUnknown).to_owned());
    let types: Vec<(String, String)> = PropertyType::ALL
        .iter()
        .map(|t| (t.code().to_owned(), labels::property_type(*t, lang).to_owned()))
        .collect();
    let finishings: Vec<(String, String)> = std::iter::once(unknown())
        .chain(Finishing::ALL.iter().map(|f| (f.code().to_owned(), labels::finishing(*f, lang).to_owned())))
        .collect();
    let sales: Vec<(String, String)> = std::iter::once(unknown())
        .chain(SaleType::ALL.iter().map(|s| (s.code().to_owned(), labels::sale_type(*s, lang).to_owned())))
        .collect();
    let frequencies: Vec<(String, String)> = std::iter::once(unknown())
        .chain(InstallmentFrequency::ALL.iter().map(|f| {
            let key = match f {
                InstallmentFrequency::Monthly => Key::FreqMonthly,
                InstallmentFrequency::Quarterly => Key::FreqQuarterly,
                InstallmentFrequency::None => Key::FreqNone,
            };
            (f.code().to_owned(), lang.t(key).to_owned())
        }))
        .collect();
    view! {
        <h1 class="mt-6 text-2xl font-bold text-stone-900">
            {move || match id.get() {
                Some(id) => lang.t(Key::DashEditListing).replace("{n}", &id.to_string()),
                None => lang.t(Key::DashNewListing).to_owned(),
            }}
        </h1>
        {move || id.get().map(|listing| view! {
            <div class="mt-3 flex flex-wrap items-center gap-2" data-testid="listing-state-controls">
                {move || state_badge(form.with(|f| f.is_available), sold.get(), lang)}
                <a href=format!("/listings/{listing}") class="text-sm font-semibold text-teal-800 underline" data-testid="listing-public-link">{lang.t(Key::DashView)}</a>
                <button type="button" class=SECONDARY disabled=move || change_state.pending().get() on:click=move |_| { change_state.dispatch((listing, "available")); }>{lang.t(Key::DashMarkAvailable)}</button>
                <button type="button" class=SECONDARY disabled=move || change_state.pending().get() on:click=move |_| { change_state.dispatch((listing, "unavailable")); }>{lang.t(Key::DashMarkUnavailable)}</button>
                <button type="button" class=SECONDARY data-testid="mark-sold" disabled=move || change_state.pending().get() on:click=move |_| { change_state.dispatch((listing, "sold")); }>{lang.t(Key::DashMarkSold)}</button>
            </div>
        })}
        {move || change_state.value().get().and_then(Result::err).map(|e| view! { <p class="mt-2 text-sm text-red-800" role="alert">{error_text(&e, lang)}</p> })}
        <form class="mt-6 space-y-6" data-testid="listing-form" on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch((id.get_untracked(), form.get_untracked()));
        }>
            <fieldset class="grid gap-4 rounded-xl border border-stone-200 bg-white p-4 sm:grid-cols-2">
                {text_field(Key::FTitleEn, |f| f.title_en.clone(), |f, v| f.title_en = v, "f-title", "text")}
                {text_field(Key::FTitleAr, |f| f.title_ar.clone(), |f, v| f.title_ar = v, "f-title-ar", "text")}
                {select_field(Key::FType, |f| f.property_type.clone(), |f, v| f.property_type = v, std::iter::once((String::new(), "-".to_owned())).chain(types).collect(), "f-type")}
                <label class=LABEL>{lang.t(Key::FLocation)}
                    <input type="text" class=INPUT list="known-areas" data-testid="f-location" aria-invalid=invalid("f-location") prop:value=move || form.with(|f| f.location.clone()) on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.location = v); } />
                    <datalist id="known-areas">{AREAS.iter().filter(|a| a.parent.is_none()).map(|a| view! { <option value=a.name_en>{if lang == Lang::Ar { a.name_ar } else { a.name_en }}</option> }).collect_view()}</datalist>
                </label>
                {text_field(Key::FDistrict, |f| f.district.clone(), |f, v| f.district = v, "f-district", "text")}
                {text_field(Key::FCompound, |f| f.compound.clone(), |f, v| f.compound = v, "f-compound", "text")}
                {text_field(Key::FDeveloper, |f| f.developer.clone(), |f, v| f.developer = v, "f-developer", "text")}
                {text_field(Key::FImage, |f| f.image_url.clone(), |f, v| f.image_url = v, "f-image", "url")}
            </fieldset>
            <fieldset class="grid gap-4 rounded-xl border border-stone-200 bg-white p-4 sm:grid-cols-3">
                {text_field(Key::FPrice, |f| f.price_egp.clone(), |f, v| f.price_egp = v, "f-price", "decimal")}
                {text_field(Key::FArea, |f| f.area_sqm.clone(), |f, v| f.area_sqm = v, "f-area", "numeric")}
                {text_field(Key::FBedrooms, |f| f.bedrooms.clone(), |f, v| f.bedrooms = v, "f-bedrooms", "numeric")}
                {text_field(Key::FBathrooms, |f| f.bathrooms.clone(), |f, v| f.bathrooms = v, "f-bathrooms", "numeric")}
                {text_field(Key::FDeliveryYear, |f| f.delivery_year.clone(), |f, v| f.delivery_year = v, "f-delivery-year", "numeric")}
                <label class="flex items-center gap-2 self-end text-sm font-medium text-stone-700">
                    <input type="checkbox" class="h-5 w-5 accent-teal-800" prop:checked=move || form.with(|f| f.delivered) on:change=move |ev| { let v = event_target_checked(&ev); form.update(|f| f.delivered = v); } />
                    {lang.t(Key::FDelivered)}
                </label>
                {select_field(Key::FFinishing, |f| f.finishing.clone(), |f, v| f.finishing = v, finishings, "f-finishing")}
                {select_field(Key::FSaleType, |f| f.sale_type.clone(), |f, v| f.sale_type = v, sales, "f-sale")}
            </fieldset>
            <fieldset class="grid gap-4 rounded-xl border border-stone-200 bg-white p-4 sm:grid-cols-3">
                {text_field(Key::FDown, |f| f.down_payment_pct.clone(), |f, v| f.down_payment_pct = v, "f-down", "decimal")}
                {text_field(Key::FDeliveryPay, |f| f.delivery_payment_pct.clone(), |f, v| f.delivery_payment_pct = v, "f-delivery-pay", "decimal")}
                {text_field(Key::FMaintenance, |f| f.maintenance_deposit_pct.clone(), |f, v| f.maintenance_deposit_pct = v, "f-maintenance", "decimal")}
                {text_field(Key::FYears, |f| f.installment_years.clone(), |f, v| f.installment_years = v, "f-years", "numeric")}
                {select_field(Key::FFrequency, |f| f.installment_frequency.clone(), |f, v| f.installment_frequency = v, frequencies, "f-frequency")}
                {text_field(Key::FInstallment, |f| f.installment_amount_egp.clone(), |f, v| f.installment_amount_egp = v, "f-installment", "decimal")}
                {text_field(Key::FReservationFee, |f| f.reservation_fee_egp.clone(), |f, v| f.reservation_fee_egp = v, "f-reservation-fee", "decimal")}
            </fieldset>
            <fieldset class="grid gap-4 rounded-xl border border-stone-200 bg-white p-4">
                <label class=LABEL>{lang.t(Key::FDescEn)}
                    <textarea class=INPUT rows="4" maxlength="5000" prop:value=move || form.with(|f| f.description_en.clone()) on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.description_en = v); }></textarea>
                </label>
                <label class=LABEL>{lang.t(Key::FDescAr)}
                    <textarea class=INPUT rows="4" maxlength="5000" dir="rtl" prop:value=move || form.with(|f| f.description_ar.clone()) on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.description_ar = v); }></textarea>
                </label>
            </fieldset>
            <div class="flex flex-wrap items-center gap-3">
                <button type="submit" class=PRIMARY data-testid="save-listing-form" disabled=move || save.pending().get()>{lang.t(Key::DashSave)}</button>
                {move || match save.value().get() {
                    Some(Ok(_)) => Some(view! { <p class="text-sm text-teal-900" role="status" data-testid="listing-saved">{lang.t(Key::FSaved)}</p> }.into_any()),
                    Some(Err(e)) => Some(view! { <p class="text-sm text-red-800" role="alert" data-testid="listing-error">{save_error(&e, lang)}</p> }.into_any()),
                    None => None,
                }}
            </div>
        </form>
    }
}

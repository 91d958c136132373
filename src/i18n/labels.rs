//! Names of domain values in each language: property types, areas,
//! finishing, sale type, delivery, sort orders, viewing statuses and
//! filter chips.

use super::{Key, Lang, Plural, format_egp_compact, format_number, format_percent, localize_digits};
use crate::domain::Egp;
use crate::domain::areas;
use crate::domain::listing::{Finishing, Listing, PropertyType, SaleType};
use crate::domain::search::{FilterKind, Filters, Sort};
use crate::domain::viewing::ViewingStatus;

/// A viewing request's status as staff read it.
pub fn viewing_status(status: ViewingStatus, lang: Lang) -> &'static str {
    lang.t(match status {
        ViewingStatus::Requested => Key::VStatusRequested,
        ViewingStatus::Confirmed => Key::VStatusConfirmed,
        ViewingStatus::Rescheduled => Key::VStatusRescheduled,
        ViewingStatus::Cancelled => Key::VStatusCancelled,
        ViewingStatus::Completed => Key::VStatusCompleted,
    })
}

pub fn property_type(kind: PropertyType, lang: Lang) -> &'static str {
    use PropertyType::*;
    match (kind, lang) {
        (Apartment, Lang::En) => "Apartment",
        (Villa, Lang::En) => "Villa",
        (Townhouse, Lang::En) => "Townhouse",
        (Twinhouse, Lang::En) => "Twinhouse",
        (Duplex, Lang::En) => "Duplex",
        (Penthouse, Lang::En) => "Penthouse",
        (Studio, Lang::En) => "Studio",
        (Chalet, Lang::En) => "Chalet",
        (Office, Lang::En) => "Office",
        (Clinic, Lang::En) => "Clinic",
        (Retail, Lang::En) => "Retail",
        (Unit, Lang::En) => "Unit",
        (Apartment, Lang::Ar) => "شقة",
        (Villa, Lang::Ar) => "فيلا",
        (Townhouse, Lang::Ar) => "تاون هاوس",
        (Twinhouse, Lang::Ar) => "توين هاوس",
        (Duplex, Lang::Ar) => "دوبلكس",
        (Penthouse, Lang::Ar) => "بنتهاوس",
        (Studio, Lang::Ar) => "استوديو",
        (Chalet, Lang::Ar) => "شاليه",
        (Office, Lang::Ar) => "مكتب إداري",
        (Clinic, Lang::Ar) => "عيادة",
        (Retail, Lang::Ar) => "محل تجاري",
        (Unit, Lang::Ar) => "وحدة",
    }
}

/// An area's name; names Osool does not know are shown as given.
pub fn area(name_en: &str, lang: Lang) -> String {
    match (lang, areas::by_name(name_en), crate::domain::places::by_name(name_en)) {
        (Lang::Ar, Some(a), _) => a.name_ar.to_owned(),
        (Lang::Ar, None, Some(p)) => p.name_ar.to_owned(),
        _ => name_en.to_owned(),
    }
}

/// "Fifth Settlement, New Cairo" / "التجمع الخامس، القاهرة الجديدة".
pub fn place(listing: &Listing, lang: Lang) -> String {
    let location = area(&listing.location, lang);
    let sep = if lang == Lang::Ar { "، " } else { ", " };
    match &listing.district {
        Some(d) => format!("{}{sep}{location}", area(d, lang)),
        None => location,
    }
}

pub fn finishing(f: Finishing, lang: Lang) -> &'static str {
    lang.t(match f {
        Finishing::CoreShell => Key::FinishCoreShell,
        Finishing::SemiFinished => Key::FinishSemi,
        Finishing::FullyFinished => Key::FinishFull,
        Finishing::Furnished => Key::FinishFurnished,
    })
}

pub fn sale_type(s: SaleType, lang: Lang) -> &'static str {
    lang.t(match s {
        SaleType::Developer => Key::SaleDeveloper,
        SaleType::Resale => Key::SaleResale,
    })
}

pub fn sort(s: Option<Sort>, lang: Lang) -> &'static str {
    lang.t(match s {
        None => Key::SortRelevance,
        Some(Sort::PriceAsc) => Key::SortPriceAsc,
        Some(Sort::PriceDesc) => Key::SortPriceDesc,
        Some(Sort::AreaDesc) => Key::SortAreaDesc,
        Some(Sort::PricePerSqmAsc) => Key::SortPricePerSqm,
        Some(Sort::MonthlyAsc) => Key::SortMonthly,
        Some(Sort::DeliverySoonest) => Key::SortDelivery,
    })
}

/// "Ready" or "Delivery 2028" (`None` when unknown).
pub fn delivery(listing: &Listing, lang: Lang) -> Option<String> {
    if listing.delivered == Some(true) {
        return Some(lang.t(Key::Delivered).to_owned());
    }
    listing
        .delivery_year
        .map(|y| lang.t(Key::DeliveryYear).replace("{year}", &localize_digits(&y.to_string(), lang)))
}

/// For a row already labelled "Delivery": "Ready" or "2028".
pub fn delivery_short(listing: &Listing, lang: Lang) -> Option<String> {
    if listing.delivered == Some(true) {
        return Some(lang.t(Key::Delivered).to_owned());
    }
    listing.delivery_year.map(|y| localize_digits(&y.to_string(), lang))
}

fn fill(template: &str, pairs: &[(&str, String)]) -> String {
    pairs.iter().fold(template.to_owned(), |t, (k, v)| t.replace(k, v))
}

/// The chip text for one kind of constraint.
pub fn chip(kind: FilterKind, f: &Filters, lang: Lang) -> String {
    let money = |v: Option<i64>| format_egp_compact(Egp::new(v.unwrap_or(0)), lang);
    let n = |v: i64| format_number(v, lang);
    match kind {
        FilterKind::PropertyType => {
            let sep = if lang == Lang::Ar { "، " } else { ", " };
            f.property_types.iter().map(|t| property_type(*t, lang)).collect::<Vec<_>>().join(sep)
        }
        FilterKind::Location => {
            // "New Cairo" covers its districts: say so, or a Mostakbal City
            // unit at the top looks like a wrong answer.
            let name = f.location.as_deref().unwrap_or_default();
            let parts: Vec<&str> = areas::AREAS
                .iter()
                .filter(|a| a.parent == Some(name))
                .map(|a| if lang == Lang::Ar { a.name_ar } else { a.name_en })
                .collect();
            if parts.is_empty() || f.district.is_some() {
                area(name, lang)
            } else {
                let sep = if lang == Lang::Ar { "، " } else { ", " };
                fill(
                    lang.t(Key::ChipLocationWith),
                    &[("{area}", area(name, lang)), ("{parts}", parts.join(sep))],
                )
            }
        }
        FilterKind::District => area(f.district.as_deref().unwrap_or_default(), lang),
        // Projects sharing a name: all of them, said so.
        FilterKind::Compound => {
            let or = if lang == Lang::Ar { " أو " } else { " or " };
            std::iter::once(f.compound.clone().unwrap_or_default())
                .chain(f.compound_also.iter().cloned())
                .collect::<Vec<_>>()
                .join(or)
        }
        FilterKind::Developer => {
            fill(lang.t(Key::ChipDeveloper), &[("{name}", f.developer.clone().unwrap_or_default())])
        }
        FilterKind::Bedrooms => match (f.bedrooms_min, f.bedrooms_max) {
            (Some(a), Some(b)) if a == b => lang.plural(Plural::Bedrooms, a.max(0) as u64),
            (Some(a), None) => fill(lang.t(Key::ChipBedsMin), &[("{n}", n(a.into()))]),
            (Some(a), Some(b)) => format!("{}–{} {}", n(a.into()), n(b.into()), lang.t(Key::FilterBeds)),
            (None, Some(b)) => fill(lang.t(Key::ChipBedsMax), &[("{n}", n(b.into()))]),
            (None, None) => String::new(),
        },
        FilterKind::Bathrooms => {
            fill(lang.t(Key::ChipBathsMin), &[("{n}", n(f.bathrooms_min.unwrap_or(0).into()))])
        }
        FilterKind::PriceMin => fill(lang.t(Key::ChipFrom), &[("{amount}", money(f.price_min))]),
        FilterKind::PriceMax => fill(lang.t(Key::ChipUnder), &[("{amount}", money(f.price_max))]),
        FilterKind::Area => match (f.area_min, f.area_max) {
            (Some(a), Some(b)) => {
                fill(lang.t(Key::ChipArea), &[("{min}", n(a.into())), ("{max}", n(b.into()))])
            }
            (Some(a), None) => fill(lang.t(Key::ChipAreaMin), &[("{min}", n(a.into()))]),
            (None, Some(b)) => fill(lang.t(Key::ChipAreaMax), &[("{max}", n(b.into()))]),
            (None, None) => String::new(),
        },
        FilterKind::Delivery => {
            if f.ready_to_move {
                lang.t(Key::DeliveryReady).to_owned()
            } else {
                fill(
                    lang.t(Key::DeliveryBy),
                    &[("{year}", localize_digits(&f.delivery_by.unwrap_or_default().to_string(), lang))],
                )
            }
        }
        FilterKind::DownPayment => {
            let pct = f
                .down_payment_max_pct
                .map(|p| fill(lang.t(Key::ChipDownPayment), &[("{pct}", format_percent(p, lang))]));
            let amount = f
                .down_payment_max
                .map(|_| fill(lang.t(Key::ChipDownAmount), &[("{amount}", money(f.down_payment_max))]));
            let sep = if lang == Lang::Ar { "، " } else { ", " };
            pct.into_iter().chain(amount).collect::<Vec<_>>().join(sep)
        }
        FilterKind::InstallmentYears => {
            fill(lang.t(Key::ChipYears), &[("{n}", n(f.installment_years_min.unwrap_or(0).into()))])
        }
        FilterKind::Monthly => fill(lang.t(Key::ChipMonthly), &[("{amount}", money(f.monthly_max))]),
        FilterKind::SaleType => f.sale_type.map_or_else(String::new, |s| sale_type(s, lang).to_owned()),
        FilterKind::Finishing => f.finishing.map_or_else(String::new, |x| finishing(x, lang).to_owned()),
        FilterKind::Sort => sort(f.sort, lang).to_owned(),
        FilterKind::Exclude => {
            let sep = if lang == Lang::Ar { "، " } else { ", " };
            let names: Vec<String> = f
                .exclude_places
                .iter()
                .map(|p| area(p, lang))
                .chain(f.exclude_types.iter().map(|t| property_type(*t, lang).to_owned()))
                .collect();
            fill(lang.t(Key::ChipExcept), &[("{names}", names.join(sep))])
        }
    }
}

//! The committed catalog written out in the original Osool export format
//! (`{"metadata", "properties": [...]}`, as in
//! data/fixtures/legacy-sample.json), with the quirks that format has:
//! numbers as strings with thousands separators, types and developers in
//! any case, compound names URL-encoded, districts as the location, sizes
//! under four names, delivery as a year, a float or "Ready to move", one
//! monthly installment figure, and only English text. Nothing the format
//! cannot hold survives (Arabic text, finishing, resale or developer sale,
//! quarterly plans, delivery payments), which is what searching the
//! original export is like.

use crate::domain::listing::InstallmentFrequency;
use crate::server::services::catalog::formats::CatalogFile;
use serde_json::{Value, json};

/// The catalog file `bytes` (our own format) in the original format.
pub fn export(bytes: &[u8]) -> Vec<u8> {
    let file: CatalogFile = serde_json::from_slice(bytes).expect("data/properties.json is a catalog file");
    let properties: Vec<Value> = file.listings.iter().enumerate().map(|(i, l)| property(i, l)).collect();
    let out = json!({
        "metadata": { "totalProperties": properties.len(), "lastUpdated": "2025-12-28" },
        "properties": properties,
    });
    serde_json::to_vec(&out).expect("serialise")
}

/// "9,850,000" for some records, the number for the others.
fn flex(i: usize, n: i64) -> Value {
    match i % 3 {
        0 => json!(n),
        1 => json!(n.to_string()),
        _ => {
            let digits = n.to_string();
            let mut grouped = String::new();
            for (k, c) in digits.chars().enumerate() {
                if k > 0 && (digits.len() - k).is_multiple_of(3) {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            json!(grouped)
        }
    }
}

fn property(i: usize, l: &crate::server::services::catalog::formats::CatalogListing) -> Value {
    let kind = format!("{:?}", l.property_type);
    let kind = if i.is_multiple_of(2) { kind } else { kind.to_lowercase() };
    let location = l.district.clone().unwrap_or_else(|| l.location.clone());
    let compound = l.compound.as_ref().map(|c| if i % 4 == 1 { c.replace(' ', "%20") } else { c.clone() });
    let developer = l.developer.as_ref().map(|d| if i % 3 == 2 { d.to_lowercase() } else { d.clone() });
    let delivery = match (l.delivered, l.delivery_year) {
        (Some(true), _) => json!("Ready to move"),
        (_, Some(year)) if i.is_multiple_of(2) => json!(year.to_string()),
        (_, Some(year)) => json!(f64::from(year)),
        _ => Value::Null,
    };
    let plan = match &l.payment_plan {
        None => json!({ "downPayment": 0, "installmentYears": 0, "monthlyInstallment": 0 }),
        Some(p) => {
            let monthly = match p.frequency {
                InstallmentFrequency::Quarterly => p.installment_egp / 3,
                _ => p.installment_egp,
            };
            json!({
                "downPayment": if i.is_multiple_of(2) { json!(p.down_payment_pct) } else { json!(p.down_payment_pct.to_string()) },
                "installmentYears": flex(i, i64::from(p.years)),
                "monthlyInstallment": flex(i, monthly),
            })
        }
    };
    let mut p = json!({
        "id": if i.is_multiple_of(5) { json!(i + 1) } else { json!(l.id) },
        "title": l.title_en,
        "type": kind,
        "location": location,
        "compound": compound,
        "developer": developer,
        "bedrooms": l.bedrooms.map(|b| flex(i, i64::from(b))),
        "bathrooms": l.bathrooms.map(|b| flex(i, i64::from(b))),
        "price": flex(i, l.price_egp),
        "deliveryDate": delivery,
        "paymentPlan": plan,
        "description": l.description_en,
    });
    if let (Some(area), Some(map)) = (l.area_sqm, p.as_object_mut()) {
        // The original repeats the size under several names.
        for key in ["area", "size", "sqm", "bua"].iter().take(1 + i % 4) {
            map.insert((*key).to_owned(), flex(i, i64::from(area)));
        }
    }
    p
}

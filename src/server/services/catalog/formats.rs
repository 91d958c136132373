//! The catalog files `osool ingest` reads, mapped onto `ListingRecord`:
//! the project's own format (`osool.catalog.v1`, written by the generator)
//! and the original Osool format (`{"metadata", "properties": [...]}`),
//! with the quirks scraped files have. Nothing missing is invented: a value
//! the file lacks stays empty.

use crate::domain::areas;
use crate::domain::listing::{Finishing, InstallmentFrequency, ListingRecord, PropertyType, SaleType};
use crate::domain::market::COMPOUNDS;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

pub const FORMAT: &str = "osool.catalog.v1";
/// The `source` of records read from the original Osool format.
pub const LEGACY_SOURCE: &str = "osool-legacy";
pub const OWN_SOURCE: &str = "osool";

/// The project's own catalog file.
#[derive(Debug, Serialize, Deserialize)]
pub struct CatalogFile {
    pub format: String,
    pub generator: GeneratorInfo,
    pub listings: Vec<CatalogListing>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct GeneratorInfo {
    pub seed: u64,
    pub count: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogListing {
    pub id: String,
    pub title_en: String,
    pub title_ar: Option<String>,
    pub description_en: Option<String>,
    pub description_ar: Option<String>,
    pub property_type: PropertyType,
    pub location: String,
    pub district: Option<String>,
    pub compound: Option<String>,
    pub developer: Option<String>,
    pub bedrooms: Option<i16>,
    pub bathrooms: Option<i16>,
    pub area_sqm: Option<i32>,
    pub price_egp: i64,
    pub delivery_year: Option<i16>,
    pub delivered: Option<bool>,
    pub finishing: Option<Finishing>,
    pub sale_type: Option<SaleType>,
    /// `None` for a cash sale.
    pub payment_plan: Option<CatalogPlan>,
    pub maintenance_deposit_pct: Option<f64>,
    pub image_url: Option<String>,
    #[serde(default = "yes")]
    pub is_available: bool,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogPlan {
    pub down_payment_pct: f64,
    #[serde(default)]
    pub delivery_payment_pct: f64,
    pub years: i16,
    pub frequency: InstallmentFrequency,
    pub installment_egp: i64,
}

/// One record of a file: its id (when it has one) and what became of it.
pub struct Parsed {
    pub id: String,
    pub record: Result<ListingRecord, String>,
}

/// Reads a catalog file of either format. A record that cannot be read is
/// reported with its id and reason; the rest still load.
pub fn parse(bytes: &[u8], source_override: Option<&str>) -> Result<Vec<Parsed>, String> {
    #[derive(Deserialize)]
    struct Envelope<'a> {
        format: Option<String>,
        #[serde(borrow)]
        listings: Option<Vec<&'a RawValue>>,
        #[serde(borrow)]
        properties: Option<Vec<&'a RawValue>>,
    }
    let envelope: Envelope =
        serde_json::from_slice(bytes).map_err(|e| format!("not a catalog file (JSON error: {e})"))?;
    let (raw, own) = match (envelope.listings, envelope.properties) {
        (Some(listings), _) => {
            if let Some(format) = &envelope.format
                && format != FORMAT
            {
                return Err(format!("unsupported catalog format {format:?} (expected {FORMAT:?})"));
            }
            (listings, true)
        }
        (None, Some(properties)) => (properties, false),
        (None, None) => return Err("no \"listings\" or \"properties\" array in the file".into()),
    };
    let source = source_override.unwrap_or(if own { OWN_SOURCE } else { LEGACY_SOURCE });
    Ok(raw
        .into_iter()
        .enumerate()
        .map(|(index, value)| {
            let Some(id) = record_id(value).filter(|id| !id.is_empty()) else {
                return Parsed { id: format!("record #{}", index + 1), record: Err("id: missing".into()) };
            };
            let record = if own {
                serde_json::from_str::<CatalogListing>(value.get())
                    .map_err(|e| e.to_string())
                    .and_then(|listing| from_catalog(listing, source))
            } else {
                serde_json::from_str::<LegacyProperty>(value.get())
                    .map_err(|e| e.to_string())
                    .and_then(|property| from_legacy(property, &id, source))
            };
            Parsed { id, record }
        })
        .collect())
}

fn record_id(value: &RawValue) -> Option<String> {
    #[derive(Deserialize)]
    struct IdOnly {
        id: Option<serde_json::Value>,
    }
    match serde_json::from_str::<IdOnly>(value.get()).ok()?.id? {
        serde_json::Value::String(s) => Some(s.trim().to_owned()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn pct_to_bp(field: &str, pct: f64) -> Result<i32, String> {
    if !pct.is_finite() || !(0.0..=100.0).contains(&pct) {
        return Err(format!("{field}: {pct} is not a percentage"));
    }
    Ok((pct * 100.0).round() as i32)
}

pub fn from_catalog(listing: CatalogListing, source: &str) -> Result<ListingRecord, String> {
    let plan = listing.payment_plan;
    Ok(ListingRecord {
        source: source.to_owned(),
        external_id: listing.id,
        title_en: listing.title_en,
        title_ar: listing.title_ar,
        description_en: listing.description_en,
        description_ar: listing.description_ar,
        property_type: listing.property_type,
        location: listing.location,
        district: listing.district,
        compound: listing.compound,
        developer: listing.developer,
        bedrooms: listing.bedrooms,
        bathrooms: listing.bathrooms,
        area_sqm: listing.area_sqm,
        price_egp: listing.price_egp,
        delivery_year: listing.delivery_year,
        delivered: listing.delivered,
        finishing: listing.finishing,
        sale_type: listing.sale_type,
        down_payment_bp: plan
            .as_ref()
            .map(|p| pct_to_bp("down_payment_pct", p.down_payment_pct))
            .transpose()?,
        delivery_payment_bp: plan
            .as_ref()
            .map(|p| pct_to_bp("delivery_payment_pct", p.delivery_payment_pct))
            .transpose()?,
        installment_years: Some(plan.as_ref().map_or(0, |p| p.years)),
        installment_frequency: Some(plan.as_ref().map_or(InstallmentFrequency::None, |p| p.frequency)),
        installment_amount_egp: plan.as_ref().map(|p| p.installment_egp),
        maintenance_deposit_bp: listing
            .maintenance_deposit_pct
            .map(|p| pct_to_bp("maintenance_deposit_pct", p))
            .transpose()?,
        image_url: listing.image_url,
        is_available: listing.is_available,
    })
}

/// A record of the original Osool file. Scraped files put numbers in
/// strings and strings in numbers, so every field is read leniently.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LegacyProperty {
    title: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    location: Option<String>,
    compound: Option<String>,
    developer: Option<String>,
    area: Option<Flex>,
    size: Option<Flex>,
    sqm: Option<Flex>,
    bua: Option<Flex>,
    bedrooms: Option<Flex>,
    bathrooms: Option<Flex>,
    price: Option<Flex>,
    delivery_date: Option<Flex>,
    payment_plan: Option<LegacyPlan>,
    image: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LegacyPlan {
    down_payment: Option<Flex>,
    installment_years: Option<Flex>,
    monthly_installment: Option<Flex>,
}

/// A number or a string holding one ("1,200,000", "3", "2027.0").
#[derive(Deserialize)]
#[serde(untagged)]
enum Flex {
    Number(f64),
    Text(String),
}

impl Flex {
    fn number(&self) -> Option<f64> {
        match self {
            Flex::Number(n) => Some(*n),
            Flex::Text(t) => {
                let cleaned: String = t.chars().filter(|c| !matches!(c, ',' | ' ' | '_')).collect();
                cleaned.parse().ok()
            }
        }
        .filter(|n: &f64| n.is_finite())
    }

    fn text(&self) -> String {
        match self {
            Flex::Number(n) => n.to_string(),
            Flex::Text(t) => t.trim().to_owned(),
        }
    }
}

fn whole(field: &str, value: Option<&Flex>) -> Result<Option<i64>, String> {
    match value {
        None => Ok(None),
        Some(flex) => match flex.number() {
            Some(n) if n.fract() == 0.0 && n.abs() < 1e15 => Ok(Some(n as i64)),
            Some(n) if n.abs() < 1e15 => Ok(Some(n.round() as i64)),
            _ => match flex {
                Flex::Text(t) if t.trim().is_empty() => Ok(None),
                _ => Err(format!("{field}: {:?} is not a number", flex.text())),
            },
        },
    }
}

fn small(field: &str, value: Option<&Flex>) -> Result<Option<i16>, String> {
    whole(field, value)?
        .map(|n| i16::try_from(n).map_err(|_| format!("{field}: {n} is out of range")))
        .transpose()
}

/// Decodes `%20`-style escapes and tidies spaces.
fn clean(text: Option<String>) -> Option<String> {
    let text = text?;
    let decoded = percent_decode(&text);
    let tidy = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    (!tidy.is_empty()).then_some(tidy)
}

fn percent_decode(text: &str) -> String {
    // "Hyde+Park" is form-encoded; a name with real spaces keeps its '+'.
    let plus_is_space = !text.contains(' ');
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(high * 16 + low);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' && plus_is_space { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// The canonical spelling of a known compound or developer, else the text.
fn canonical_compound(name: String) -> String {
    COMPOUNDS.iter().find(|c| c.name_en.eq_ignore_ascii_case(&name)).map_or(name, |c| c.name_en.to_owned())
}

fn canonical_developer(name: String) -> String {
    COMPOUNDS
        .iter()
        .map(|c| c.developer.name_en)
        .find(|d| d.eq_ignore_ascii_case(&name))
        .map_or(name, str::to_owned)
}

fn from_legacy(p: LegacyProperty, id: &str, source: &str) -> Result<ListingRecord, String> {
    let title = clean(p.title).ok_or("title: missing")?;
    let kind_text = clean(p.kind).ok_or("type: missing")?;
    let property_type =
        PropertyType::parse(&kind_text).ok_or_else(|| format!("type: unknown {kind_text:?}"))?;
    let location_text = clean(p.location).ok_or("location: missing")?;
    // "6th settlement" is a district of New Cairo; "Tagamoa" is New Cairo.
    let (location, district) = match areas::lookup(&location_text) {
        Some(area) if area.is_location() => (area.name_en.to_owned(), None),
        Some(area) => (area.location().to_owned(), Some(area.name_en.to_owned())),
        None => (location_text, None),
    };
    let price = whole("price", p.price.as_ref())?.ok_or("price: missing")?;
    // Sizes arrive under any of four names; the built-up area wins.
    let area_sqm = [&p.bua, &p.size, &p.area, &p.sqm]
        .into_iter()
        .map(|v| whole("area", v.as_ref()))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .find(|n| *n > 0)
        .map(|n| i32::try_from(n).map_err(|_| format!("area: {n} is out of range")))
        .transpose()?;
    let (delivery_year, delivered) = match p.delivery_date.as_ref() {
        None => (None, None),
        Some(date) => {
            let text = date.text().to_lowercase();
            if ["ready", "delivered", "immediate", "استلام فوري", "جاهز"].iter().any(|w| text.contains(w))
            {
                (None, Some(true))
            } else if let Some(year) = date.number().filter(|n| (1990.0..2100.0).contains(n)) {
                (Some(year.trunc() as i16), None)
            } else if let Some(year) = text.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 4) {
                (year.parse().ok(), None)
            } else if text.is_empty() {
                (None, None)
            } else {
                return Err(format!("deliveryDate: {text:?} is not a year"));
            }
        }
    };
    let (down_payment_bp, installment_years, installment_frequency, installment_amount_egp) = match p
        .payment_plan
    {
        None => (None, None, None, None),
        Some(plan) => {
            let down = plan
                .down_payment
                .as_ref()
                .and_then(Flex::number)
                .map(|pct| pct_to_bp("downPayment", pct))
                .transpose()?;
            let years = small("installmentYears", plan.installment_years.as_ref())?;
            let monthly = whole("monthlyInstallment", plan.monthly_installment.as_ref())?.filter(|m| *m > 0);
            match years {
                // Zero years means cash.
                Some(0) => (down, Some(0), Some(InstallmentFrequency::None), None),
                Some(y) => (down, Some(y), Some(InstallmentFrequency::Monthly), monthly),
                None => (down, None, None, None),
            }
        }
    };
    Ok(ListingRecord {
        source: source.to_owned(),
        external_id: id.to_owned(),
        title_en: title,
        title_ar: None,
        description_en: clean(p.description),
        description_ar: None,
        property_type,
        location,
        district,
        compound: clean(p.compound).map(canonical_compound),
        developer: clean(p.developer).map(canonical_developer),
        bedrooms: small("bedrooms", p.bedrooms.as_ref())?,
        bathrooms: small("bathrooms", p.bathrooms.as_ref())?,
        area_sqm,
        price_egp: price,
        delivery_year,
        delivered,
        finishing: None,
        sale_type: None,
        down_payment_bp,
        delivery_payment_bp: None,
        installment_years,
        installment_frequency,
        installment_amount_egp,
        maintenance_deposit_bp: None,
        // Pictures on other hosts are not shown here: our art stands in.
        image_url: clean(p.image).filter(|url| crate::domain::listing::is_site_path(url)),
        is_available: true,
    })
}

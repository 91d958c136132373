//! The listing form agents fill in the dashboard: every field as typed
//! (digits in either script, "10,000,000" or "10m"), turned into a
//! [`ListingRecord`] field by field, so each mistake names its field, and
//! then checked by the same rules as `osool ingest`.

use super::listing::{Finishing, InstallmentFrequency, Invalid, ListingRecord, PropertyType, SaleType};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingForm {
    pub title_en: String,
    #[serde(default)]
    pub title_ar: String,
    #[serde(default)]
    pub description_en: String,
    #[serde(default)]
    pub description_ar: String,
    /// A property type code ("apartment").
    pub property_type: String,
    pub location: String,
    #[serde(default)]
    pub district: String,
    #[serde(default)]
    pub compound: String,
    #[serde(default)]
    pub developer: String,
    #[serde(default)]
    pub bedrooms: String,
    #[serde(default)]
    pub bathrooms: String,
    #[serde(default)]
    pub area_sqm: String,
    pub price_egp: String,
    #[serde(default)]
    pub delivery_year: String,
    #[serde(default)]
    pub delivered: bool,
    /// A finishing code, or empty when unknown.
    #[serde(default)]
    pub finishing: String,
    #[serde(default)]
    pub sale_type: String,
    /// Percentages of the price, "10" or "12.5".
    #[serde(default)]
    pub down_payment_pct: String,
    #[serde(default)]
    pub delivery_payment_pct: String,
    #[serde(default)]
    pub installment_years: String,
    #[serde(default)]
    pub installment_frequency: String,
    #[serde(default)]
    pub installment_amount_egp: String,
    #[serde(default)]
    pub maintenance_deposit_pct: String,
    #[serde(default)]
    pub image_url: String,
    #[serde(default = "yes")]
    pub is_available: bool,
    /// The reservation fee in EGP; empty for the site's default share.
    #[serde(default)]
    pub reservation_fee_egp: String,
}

fn yes() -> bool {
    true
}

fn invalid(field: &'static str, reason: &str) -> Invalid {
    Invalid { field, reason: reason.to_owned() }
}

fn text(value: &str) -> Option<String> {
    let t = value.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Western digits for Arabic-Indic ones; separators dropped.
fn digits(value: &str) -> String {
    value
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '\u{066C}' | ' ' | '_'))
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{066B}' => '.',
            c => c,
        })
        .collect()
}

fn whole<T: std::str::FromStr>(field: &'static str, value: &str) -> Result<Option<T>, Invalid> {
    let d = digits(value);
    if d.is_empty() {
        return Ok(None);
    }
    d.parse::<T>().map(Some).map_err(|_| invalid(field, "must be a whole number"))
}

fn amount(field: &'static str, value: &str) -> Result<Option<i64>, Invalid> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    super::parse_amount(value)
        .map(|e| Some(e.pounds()))
        .ok_or_else(|| invalid(field, "must be an amount in EGP"))
}

/// "12.5" (percent) to basis points.
fn percent(field: &'static str, value: &str) -> Result<Option<i32>, Invalid> {
    let d = digits(value.trim().trim_end_matches('%'));
    if d.is_empty() {
        return Ok(None);
    }
    match d.parse::<f64>() {
        Ok(p) if p.is_finite() && (0.0..=100.0).contains(&p) => Ok(Some((p * 100.0).round() as i32)),
        _ => Err(invalid(field, "must be a percentage from 0 to 100")),
    }
}

fn code<T>(field: &'static str, value: &str, parse: fn(&str) -> Option<T>) -> Result<Option<T>, Invalid> {
    match text(value) {
        None => Ok(None),
        Some(v) => parse(&v).map(Some).ok_or_else(|| invalid(field, "is not one of the choices")),
    }
}

impl ListingForm {
    /// The record this form describes, under the given natural key, checked
    /// by the ingest rules.
    pub fn to_record(&self, source: &str, external_id: &str) -> Result<ListingRecord, Invalid> {
        let property_type = code("property_type", &self.property_type, PropertyType::from_code)?
            .ok_or_else(|| invalid("property_type", "choose the kind of unit"))?;
        let price_egp = amount("price", &self.price_egp)?.ok_or_else(|| invalid("price", "is required"))?;
        let record = ListingRecord {
            source: source.to_owned(),
            external_id: external_id.to_owned(),
            title_en: self.title_en.trim().to_owned(),
            title_ar: text(&self.title_ar),
            description_en: text(&self.description_en),
            description_ar: text(&self.description_ar),
            property_type,
            location: self.location.trim().to_owned(),
            district: text(&self.district),
            compound: text(&self.compound),
            developer: text(&self.developer),
            bedrooms: whole("bedrooms", &self.bedrooms)?,
            bathrooms: whole("bathrooms", &self.bathrooms)?,
            area_sqm: whole("area_sqm", &self.area_sqm)?,
            price_egp,
            delivery_year: whole("delivery_year", &self.delivery_year)?,
            delivered: Some(self.delivered),
            finishing: code("finishing", &self.finishing, Finishing::from_code)?,
            sale_type: code("sale_type", &self.sale_type, SaleType::from_code)?,
            down_payment_bp: percent("down_payment", &self.down_payment_pct)?,
            delivery_payment_bp: percent("delivery_payment", &self.delivery_payment_pct)?,
            installment_years: whole("installment_years", &self.installment_years)?,
            installment_frequency: code(
                "installment_frequency",
                &self.installment_frequency,
                InstallmentFrequency::from_code,
            )?,
            installment_amount_egp: amount("installment_amount", &self.installment_amount_egp)?,
            maintenance_deposit_bp: percent("maintenance_deposit", &self.maintenance_deposit_pct)?,
            image_url: text(&self.image_url),
            is_available: self.is_available,
        };
        record.validate()?;
        Ok(record)
    }

    /// The form showing a stored record.
    pub fn from_record(r: &ListingRecord) -> ListingForm {
        let n = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        let pct = |bp: Option<i32>| {
            bp.map(|bp| {
                if bp % 100 == 0 { (bp / 100).to_string() } else { format!("{:.2}", f64::from(bp) / 100.0) }
            })
            .unwrap_or_default()
        };
        ListingForm {
            title_en: r.title_en.clone(),
            title_ar: r.title_ar.clone().unwrap_or_default(),
            description_en: r.description_en.clone().unwrap_or_default(),
            description_ar: r.description_ar.clone().unwrap_or_default(),
            property_type: r.property_type.code().to_owned(),
            location: r.location.clone(),
            district: r.district.clone().unwrap_or_default(),
            compound: r.compound.clone().unwrap_or_default(),
            developer: r.developer.clone().unwrap_or_default(),
            bedrooms: n(r.bedrooms.map(i64::from)),
            bathrooms: n(r.bathrooms.map(i64::from)),
            area_sqm: n(r.area_sqm.map(i64::from)),
            price_egp: r.price_egp.to_string(),
            delivery_year: n(r.delivery_year.map(i64::from)),
            delivered: r.delivered.unwrap_or(false),
            finishing: r.finishing.map(|f| f.code().to_owned()).unwrap_or_default(),
            sale_type: r.sale_type.map(|s| s.code().to_owned()).unwrap_or_default(),
            down_payment_pct: pct(r.down_payment_bp),
            delivery_payment_pct: pct(r.delivery_payment_bp),
            installment_years: n(r.installment_years.map(i64::from)),
            installment_frequency: r.installment_frequency.map(|f| f.code().to_owned()).unwrap_or_default(),
            installment_amount_egp: n(r.installment_amount_egp),
            maintenance_deposit_pct: pct(r.maintenance_deposit_bp),
            image_url: r.image_url.clone().unwrap_or_default(),
            is_available: r.is_available,
            reservation_fee_egp: String::new(),
        }
    }

    /// The reservation fee the form sets, in piastres (`None`: the default
    /// share of the price). At most a tenth of `price_egp`.
    pub fn reservation_fee_piastres(&self, price_egp: i64) -> Result<Option<i64>, Invalid> {
        let Some(fee) = amount("reservation_fee", &self.reservation_fee_egp)? else { return Ok(None) };
        if fee <= 0 {
            return Err(invalid("reservation_fee", "must be more than zero"));
        }
        if fee.saturating_mul(10) > price_egp {
            return Err(invalid("reservation_fee", "must be at most a tenth of the price"));
        }
        Ok(Some(fee * super::reservation::PIASTRES_PER_POUND))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ListingForm {
        ListingForm {
            title_en: "3 bedroom apartment in Palm Hills New Cairo".into(),
            property_type: "apartment".into(),
            location: "New Cairo".into(),
            compound: "Palm Hills New Cairo".into(),
            bedrooms: "٣".into(),
            area_sqm: "165".into(),
            price_egp: "9.5m".into(),
            down_payment_pct: "10".into(),
            installment_years: "7".into(),
            installment_frequency: "quarterly".into(),
            is_available: true,
            ..ListingForm::default()
        }
    }

    #[test]
    fn a_reservation_fee_is_optional_positive_and_far_below_the_price() {
        let mut f = form();
        assert_eq!(f.reservation_fee_piastres(9_500_000), Ok(None));
        f.reservation_fee_egp = "٥٠٬٠٠٠".into();
        assert_eq!(f.reservation_fee_piastres(9_500_000), Ok(Some(5_000_000)));
        f.reservation_fee_egp = "100k".into();
        assert_eq!(f.reservation_fee_piastres(9_500_000), Ok(Some(10_000_000)));
        for bad in ["0", "2m", "abc"] {
            f.reservation_fee_egp = bad.into();
            assert_eq!(
                f.reservation_fee_piastres(9_500_000).map_err(|e| e.field),
                Err("reservation_fee"),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_form_becomes_a_checked_record_and_back() {
        let r = form().to_record("osool-agents", "a-1").expect("valid");
        assert_eq!((r.bedrooms, r.price_egp, r.down_payment_bp), (Some(3), 9_500_000, Some(1_000)));
        assert_eq!(r.installment_frequency, Some(InstallmentFrequency::Quarterly));
        let again = ListingForm::from_record(&r).to_record("osool-agents", "a-1").expect("round trip");
        assert_eq!(again, r);
    }

    type Change = fn(&mut ListingForm);

    #[test]
    fn each_mistake_names_its_field() {
        let cases: [(Change, &str); 6] = [
            (|f| f.property_type = "castle".into(), "property_type"),
            (|f| f.price_egp = "".into(), "price"),
            (|f| f.price_egp = "12".into(), "price"),
            (|f| f.bedrooms = "three".into(), "bedrooms"),
            (|f| f.down_payment_pct = "140".into(), "down_payment"),
            (|f| f.installment_years = "0".into(), "installment_years"),
        ];
        for (change, field) in cases {
            let mut f = form();
            change(&mut f);
            assert_eq!(f.to_record("osool-agents", "a-1").map_err(|e| e.field), Err(field));
        }
    }
}

//! A listing as Osool stores it: typed fields, money in whole pounds,
//! percentages in basis points, and the rules a record must meet before it
//! is stored. Shared by the ingester, the API and the pages.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $name:ident / $sql:literal { $($variant:ident = $code:literal),+ $(,)? }
    ) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type))]
        #[cfg_attr(feature = "ssr", sqlx(type_name = $sql, rename_all = "snake_case"))]
        $(#[$meta])*
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable snake_case code (database and URLs).
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

text_enum! {
    /// What kind of unit. Serialised as its English name ("Apartment").
    PropertyType / "property_type" {
        Apartment = "apartment",
        Villa = "villa",
        Townhouse = "townhouse",
        Twinhouse = "twinhouse",
        Duplex = "duplex",
        Penthouse = "penthouse",
        Studio = "studio",
        Chalet = "chalet",
        Office = "office",
        Clinic = "clinic",
        Retail = "retail",
        // A source that only says "unit": kept as said, never guessed.
        Unit = "unit",
    }
}

text_enum! {
    /// Bought from the developer (often off-plan) or from an owner.
    #[serde(rename_all = "snake_case")]
    SaleType / "sale_type" { Developer = "developer", Resale = "resale" }
}

text_enum! {
    #[serde(rename_all = "snake_case")]
    Finishing / "finishing" {
        CoreShell = "core_shell",
        SemiFinished = "semi_finished",
        FullyFinished = "fully_finished",
        Furnished = "furnished",
    }
}

text_enum! {
    /// How installments fall due; `None` is a cash sale.
    #[serde(rename_all = "snake_case")]
    InstallmentFrequency / "installment_frequency" {
        Monthly = "monthly",
        Quarterly = "quarterly",
        None = "none",
    }
}

impl PropertyType {
    pub fn is_commercial(self) -> bool {
        matches!(self, PropertyType::Office | PropertyType::Clinic | PropertyType::Retail)
    }

    /// Reads the names sources use ("Twin House", "flat", "S Villa").
    pub fn parse(text: &str) -> Option<PropertyType> {
        let t = text.trim().to_lowercase().replace(['-', '_'], " ");
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        Some(match t.as_str() {
            "apartment" | "apartments" | "apt" | "flat" | "شقة" => PropertyType::Apartment,
            "villa" | "standalone" | "stand alone" | "standalone villa" | "s villa" | "i villa" | "فيلا" => {
                PropertyType::Villa
            }
            "townhouse" | "town house" | "تاون هاوس" => PropertyType::Townhouse,
            "twinhouse" | "twin house" | "twin villa" | "توين هاوس" => PropertyType::Twinhouse,
            "duplex" | "دوبلكس" => PropertyType::Duplex,
            "penthouse" | "pent house" | "بنتهاوس" => PropertyType::Penthouse,
            "studio" | "استوديو" => PropertyType::Studio,
            "chalet" | "شاليه" => PropertyType::Chalet,
            "office" | "administrative" | "admin" | "مكتب" => PropertyType::Office,
            "clinic" | "medical" | "عيادة" => PropertyType::Clinic,
            "retail" | "shop" | "commercial" | "store" | "محل" => PropertyType::Retail,
            "unit" | "وحدة" => PropertyType::Unit,
            _ => return None,
        })
    }
}

/// A validated listing, ready to store. Percentages are basis points
/// (1,000 = 10 %); money is whole pounds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingRecord {
    /// Where the record came from ("osool" for our catalog, a file's own
    /// name for imports); with `external_id` it is the natural key.
    pub source: String,
    pub external_id: String,
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
    pub down_payment_bp: Option<i32>,
    pub delivery_payment_bp: Option<i32>,
    pub installment_years: Option<i16>,
    pub installment_frequency: Option<InstallmentFrequency>,
    pub installment_amount_egp: Option<i64>,
    pub maintenance_deposit_bp: Option<i32>,
    pub image_url: Option<String>,
    pub is_available: bool,
}

/// A stored listing as the API and the pages show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    /// Stable within a deployment; the page is `url`.
    pub id: String,
    pub title: String,
    pub title_ar: Option<String>,
    pub description: Option<String>,
    pub description_ar: Option<String>,
    pub property_type: PropertyType,
    pub location: String,
    pub district: Option<String>,
    pub compound: Option<String>,
    pub developer: Option<String>,
    /// Their Arabic names, when Osool knows them.
    #[serde(default)]
    pub compound_ar: Option<String>,
    #[serde(default)]
    pub developer_ar: Option<String>,
    pub bedrooms: Option<i16>,
    pub bathrooms: Option<i16>,
    pub area_sqm: Option<i32>,
    pub price_egp: i64,
    pub price_per_sqm_egp: Option<i64>,
    /// `None` when delivered or unknown.
    pub delivery_year: Option<i16>,
    pub delivered: Option<bool>,
    pub finishing: Option<Finishing>,
    pub sale_type: Option<SaleType>,
    pub down_payment_pct: Option<f64>,
    pub delivery_payment_pct: Option<f64>,
    pub installment_years: Option<i16>,
    pub installment_frequency: InstallmentFrequency,
    pub installment_amount_egp: Option<i64>,
    pub monthly_installment_egp: Option<i64>,
    pub maintenance_deposit_pct: Option<f64>,
    pub is_available: bool,
    pub image_url: Option<String>,
    pub url: String,
}

impl Listing {
    /// Title in the page language (English when there is no Arabic one).
    pub fn title_in(&self, lang: crate::domain::Lang) -> &str {
        match lang {
            crate::domain::Lang::Ar => self.title_ar.as_deref().unwrap_or(&self.title),
            crate::domain::Lang::En => &self.title,
        }
    }

    /// The compound's name in the page language (as listed when Osool has
    /// no Arabic form).
    pub fn compound_in(&self, lang: crate::domain::Lang) -> Option<&str> {
        match lang {
            crate::domain::Lang::Ar => self.compound_ar.as_deref().or(self.compound.as_deref()),
            crate::domain::Lang::En => self.compound.as_deref(),
        }
    }

    pub fn developer_in(&self, lang: crate::domain::Lang) -> Option<&str> {
        match lang {
            crate::domain::Lang::Ar => self.developer_ar.as_deref().or(self.developer.as_deref()),
            crate::domain::Lang::En => self.developer.as_deref(),
        }
    }

    pub fn description_in(&self, lang: crate::domain::Lang) -> Option<&str> {
        match lang {
            crate::domain::Lang::Ar => self.description_ar.as_deref().or(self.description.as_deref()),
            crate::domain::Lang::En => self.description.as_deref(),
        }
    }

    /// The picture to show: our own art when the listing has none or
    /// points anywhere but this site (it serves no third-party images).
    pub fn image(&self) -> String {
        match &self.image_url {
            Some(url) if is_site_path(url) => url.clone(),
            _ => format!("/images/listings/{}.svg", image_family(self.property_type)),
        }
    }
}

/// A path on this site: one leading `/` (never `//host` or `/\host`, which
/// browsers read as another host) and only printable ASCII that needs no
/// escaping in an attribute.
pub fn is_site_path(url: &str) -> bool {
    let bytes = url.as_bytes();
    bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && url.len() <= 500
        && bytes
            .iter()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'\\' | b'"' | b'\'' | b'<' | b'>' | b'`'))
}

/// The placeholder art for a type of unit.
pub fn image_family(kind: PropertyType) -> &'static str {
    use PropertyType::*;
    match kind {
        Apartment | Duplex | Penthouse | Studio | Unit => "apartment",
        Villa => "villa",
        Townhouse | Twinhouse => "townhouse",
        Chalet => "chalet",
        Office | Clinic => "office",
        Retail => "retail",
    }
}

/// Why a record was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct Invalid {
    pub field: &'static str,
    pub reason: String,
}

fn invalid(field: &'static str, reason: impl Into<String>) -> Invalid {
    Invalid { field, reason: reason.into() }
}

pub const MIN_PRICE_EGP: i64 = 50_000;
pub const MAX_PRICE_EGP: i64 = 5_000_000_000;

impl ListingRecord {
    /// Checks every rule; the first broken one is the answer.
    pub fn validate(&self) -> Result<(), Invalid> {
        check_text("id", Some(&self.external_id), 1, 64)?;
        if self.external_id.chars().any(char::is_whitespace) {
            return Err(invalid("id", "must not contain spaces"));
        }
        check_text("source", Some(&self.source), 1, 64)?;
        check_text("title", Some(&self.title_en), 3, 300)?;
        check_text("title_ar", self.title_ar.as_ref(), 3, 300)?;
        check_text("description", self.description_en.as_ref(), 0, 5_000)?;
        check_text("description_ar", self.description_ar.as_ref(), 0, 5_000)?;
        check_text("location", Some(&self.location), 2, 100)?;
        check_text("district", self.district.as_ref(), 1, 100)?;
        check_text("compound", self.compound.as_ref(), 1, 150)?;
        check_text("developer", self.developer.as_ref(), 1, 150)?;
        if !(MIN_PRICE_EGP..=MAX_PRICE_EGP).contains(&self.price_egp) {
            return Err(invalid(
                "price",
                format!("must be between {} and {} EGP", grouped(MIN_PRICE_EGP), grouped(MAX_PRICE_EGP)),
            ));
        }
        check_range("bedrooms", self.bedrooms.map(i64::from), 0, 20)?;
        check_range("bathrooms", self.bathrooms.map(i64::from), 0, 20)?;
        check_range("area_sqm", self.area_sqm.map(i64::from), 10, 50_000)?;
        if let Some(area) = self.area_sqm {
            let per_sqm = self.price_egp / i64::from(area);
            if !(1_000..=2_000_000).contains(&per_sqm) {
                return Err(invalid(
                    "price",
                    format!(
                        "{} EGP per m² is not a real price: check the price and the area",
                        grouped(per_sqm)
                    ),
                ));
            }
        }
        check_range("delivery_year", self.delivery_year.map(i64::from), 1990, 2045)?;
        check_percent("down_payment", self.down_payment_bp, 10_000)?;
        check_percent("delivery_payment", self.delivery_payment_bp, 10_000)?;
        check_percent("maintenance_deposit", self.maintenance_deposit_bp, 3_000)?;
        check_range("installment_years", self.installment_years.map(i64::from), 0, 15)?;
        if self.down_payment_bp.unwrap_or(0) + self.delivery_payment_bp.unwrap_or(0) > 10_000 {
            return Err(invalid("payment_plan", "down and delivery payments exceed the price"));
        }
        if let Some(amount) = self.installment_amount_egp
            && !(0..=self.price_egp).contains(&amount)
        {
            return Err(invalid("installment_amount", "must be between 0 and the price"));
        }
        let years = self.installment_years.unwrap_or(0);
        match self.installment_frequency {
            Some(InstallmentFrequency::Monthly | InstallmentFrequency::Quarterly) if years == 0 => {
                return Err(invalid("installment_years", "an installment plan needs at least one year"));
            }
            Some(InstallmentFrequency::None) if years > 0 => {
                return Err(invalid("installment_frequency", "a cash sale has no installment years"));
            }
            _ => {}
        }
        if let Some(url) = &self.image_url
            && !is_site_path(url)
        {
            return Err(invalid("image_url", "must be a path on this site, like /images/listings/villa.svg"));
        }
        Ok(())
    }

    /// What the plan costs per month (a quarterly installment counts a
    /// third); `None` for cash or an unknown plan.
    pub fn monthly_installment_egp(&self) -> Option<i64> {
        let amount = self.installment_amount_egp?;
        match self.installment_frequency? {
            InstallmentFrequency::Monthly => Some(amount),
            InstallmentFrequency::Quarterly => Some((amount + 1) / 3),
            InstallmentFrequency::None => None,
        }
    }

    /// The text the semantic search embeds: what a buyer would say about
    /// the unit, short enough to embed quickly.
    pub fn embedding_text(&self) -> String {
        let mut text = self.title_en.clone();
        let mut facts: Vec<String> = Vec::new();
        if let Some(district) = &self.district {
            facts.push(format!("{district}, {}", self.location));
        } else {
            facts.push(self.location.clone());
        }
        if let Some(developer) = &self.developer {
            facts.push(format!("by {developer}"));
        }
        if let Some(area) = self.area_sqm {
            facts.push(format!("{area} sqm"));
        }
        if let Some(finishing) = self.finishing {
            facts.push(finishing.code().replace('_', " "));
        }
        match (self.delivered, self.delivery_year) {
            (Some(true), _) => facts.push("ready to move".into()),
            (_, Some(year)) => facts.push(format!("delivery {year}")),
            _ => {}
        }
        text.push_str(". ");
        text.push_str(&facts.join(", "));
        if let Some(description) = &self.description_en {
            text.push_str(". ");
            // The first sentence carries the character; the rest is detail.
            text.push_str(description.split(". ").next().unwrap_or(description));
        }
        text
    }
}

fn check_text(field: &'static str, value: Option<&String>, min: usize, max: usize) -> Result<(), Invalid> {
    let Some(value) = value else { return Ok(()) };
    let length = value.chars().count();
    if value.trim() != value {
        return Err(invalid(field, "has leading or trailing spaces"));
    }
    if length < min || length > max {
        return Err(invalid(field, format!("must be {min} to {max} characters, got {length}")));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(invalid(field, "contains control characters"));
    }
    Ok(())
}

fn check_range(field: &'static str, value: Option<i64>, min: i64, max: i64) -> Result<(), Invalid> {
    match value {
        Some(v) if !(min..=max).contains(&v) => {
            Err(invalid(field, format!("must be between {} and {}", grouped(min), grouped(max))))
        }
        _ => Ok(()),
    }
}

/// A share of the price in basis points, said as percentages.
fn check_percent(field: &'static str, value: Option<i32>, max_bp: i32) -> Result<(), Invalid> {
    match value {
        Some(v) if !(0..=max_bp).contains(&v) => {
            Err(invalid(field, format!("must be between 0% and {}%", max_bp / 100)))
        }
        _ => Ok(()),
    }
}

/// 5000000000 as "5,000,000,000".
fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> ListingRecord {
        ListingRecord {
            source: "osool".into(),
            external_id: "OS-000001".into(),
            title_en: "3-bedroom apartment in Mivida".into(),
            title_ar: Some("شقة ٣ غرف نوم في ميفيدا".into()),
            description_en: Some("Garden view. Semi-finished.".into()),
            description_ar: None,
            property_type: PropertyType::Apartment,
            location: "New Cairo".into(),
            district: Some("Golden Square".into()),
            compound: Some("Mivida".into()),
            developer: Some("Emaar Misr".into()),
            bedrooms: Some(3),
            bathrooms: Some(2),
            area_sqm: Some(160),
            price_egp: 14_200_000,
            delivery_year: Some(2028),
            delivered: Some(false),
            finishing: Some(Finishing::SemiFinished),
            sale_type: Some(SaleType::Developer),
            down_payment_bp: Some(1_000),
            delivery_payment_bp: None,
            installment_years: Some(8),
            installment_frequency: Some(InstallmentFrequency::Quarterly),
            installment_amount_egp: Some(399_375),
            maintenance_deposit_bp: Some(800),
            image_url: Some("/images/listings/apartment.svg".into()),
            is_available: true,
        }
    }

    #[test]
    fn a_complete_record_is_valid() {
        assert_eq!(sample().validate(), Ok(()));
    }

    #[test]
    fn each_rule_names_its_field() {
        type Break = Box<dyn Fn(&mut ListingRecord)>;
        let cases: Vec<(&str, Break)> = vec![
            ("id", Box::new(|r| r.external_id = String::new())),
            ("id", Box::new(|r| r.external_id = "OS 1".into())),
            ("title", Box::new(|r| r.title_en = "x".into())),
            ("price", Box::new(|r| r.price_egp = 0)),
            ("price", Box::new(|r| r.price_egp = 9_000_000_000)),
            ("price", Box::new(|r| r.area_sqm = Some(20_000))),
            ("bedrooms", Box::new(|r| r.bedrooms = Some(-1))),
            ("area_sqm", Box::new(|r| r.area_sqm = Some(2))),
            ("delivery_year", Box::new(|r| r.delivery_year = Some(3000))),
            ("down_payment", Box::new(|r| r.down_payment_bp = Some(12_000))),
            ("payment_plan", Box::new(|r| r.delivery_payment_bp = Some(9_500))),
            ("installment_years", Box::new(|r| r.installment_years = Some(0))),
            ("installment_amount", Box::new(|r| r.installment_amount_egp = Some(-5))),
            ("image_url", Box::new(|r| r.image_url = Some("javascript:alert(1)".into()))),
            ("image_url", Box::new(|r| r.image_url = Some("//evil.example/x.png".into()))),
            ("image_url", Box::new(|r| r.image_url = Some("/\\evil.example/x.png".into()))),
            ("image_url", Box::new(|r| r.image_url = Some("https://evil.example/x.png".into()))),
            ("image_url", Box::new(|r| r.image_url = Some("/images/a\"onerror=\"x.svg".into()))),
            ("description", Box::new(|r| r.description_en = Some("bell\u{7}".into()))),
            ("location", Box::new(|r| r.location = " New Cairo".into())),
        ];
        for (field, break_it) in cases {
            let mut record = sample();
            break_it(&mut record);
            assert_eq!(record.validate().map_err(|e| e.field), Err(field), "{record:?}");
        }
    }

    #[test]
    fn type_names_from_sources_are_understood() {
        assert_eq!(PropertyType::parse("Twin House"), Some(PropertyType::Twinhouse));
        assert_eq!(PropertyType::parse(" s-villa "), Some(PropertyType::Villa));
        assert_eq!(PropertyType::parse("Unit"), Some(PropertyType::Unit));
        assert_eq!(PropertyType::parse("castle"), None);
    }

    #[test]
    fn the_embedding_text_reads_like_a_buyer_would_describe_the_unit() {
        assert_eq!(
            sample().embedding_text(),
            "3-bedroom apartment in Mivida. Golden Square, New Cairo, by Emaar Misr, 160 sqm, semi finished, \
             delivery 2028. Garden view"
        );
    }
}

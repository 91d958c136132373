//! What a buyer asked for, as hard filters: produced by the query
//! understanding on the server, edited through the filter controls, shown
//! as chips, and turned back into a shareable URL.

use crate::domain::listing::{Finishing, PropertyType, SaleType};
use serde::{Deserialize, Serialize};

/// An explicit ordering the buyer asked for; it wins over relevance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    PriceAsc,
    PriceDesc,
    AreaDesc,
    PricePerSqmAsc,
    MonthlyAsc,
    DeliverySoonest,
}

impl Sort {
    pub const ALL: [Sort; 6] = [
        Sort::PriceAsc,
        Sort::PriceDesc,
        Sort::AreaDesc,
        Sort::PricePerSqmAsc,
        Sort::MonthlyAsc,
        Sort::DeliverySoonest,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::AreaDesc => "area_desc",
            Sort::PricePerSqmAsc => "price_per_sqm_asc",
            Sort::MonthlyAsc => "monthly_asc",
            Sort::DeliverySoonest => "delivery_soonest",
        }
    }

    pub fn from_code(code: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Every hard constraint a search can carry. `None` / empty means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub property_types: Vec<PropertyType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compound: Option<String>,
    /// Other projects sharing the name the buyer gave ("Mountain View
    /// iCity" is one in New Cairo and one in October): any of them fits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compound_also: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub developer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bedrooms_min: Option<i16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bedrooms_max: Option<i16>,
    /// At least this many bathrooms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bathrooms_min: Option<i16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_max: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_min: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_max: Option<i32>,
    /// Only units already delivered.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ready_to_move: bool,
    /// Delivered, or due by the end of this year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_by: Option<i16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub down_payment_max_pct: Option<u32>,
    /// The most the buyer can put down now, in EGP: the down payment of a
    /// plan, or the whole price of a unit sold for cash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub down_payment_max: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installment_years_min: Option<i16>,
    /// Per month, whatever the plan's frequency (quarterly counts a third).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_max: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale_type: Option<SaleType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finishing: Option<Finishing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<Sort>,
    /// Places left out ("not in New Cairo", "مش في التجمع"): English names
    /// of locations or districts, or compound or developer names. A listing
    /// whose location, district, compound or developer is one of them is
    /// not shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude_places: Vec<String>,
    /// Types left out ("not an apartment", "مش شقة").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude_types: Vec<PropertyType>,
}

/// One kind of constraint: the unit of chips, relaxation and URL editing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterKind {
    PropertyType,
    Location,
    District,
    Compound,
    Developer,
    Bedrooms,
    Bathrooms,
    PriceMin,
    PriceMax,
    Area,
    Delivery,
    DownPayment,
    InstallmentYears,
    Monthly,
    SaleType,
    Finishing,
    Sort,
    /// What the buyer left out: places and types.
    Exclude,
}

impl FilterKind {
    pub const ALL: [FilterKind; 18] = [
        FilterKind::PropertyType,
        FilterKind::Location,
        FilterKind::District,
        FilterKind::Compound,
        FilterKind::Developer,
        FilterKind::Bedrooms,
        FilterKind::Bathrooms,
        FilterKind::PriceMin,
        FilterKind::PriceMax,
        FilterKind::Area,
        FilterKind::Delivery,
        FilterKind::DownPayment,
        FilterKind::InstallmentYears,
        FilterKind::Monthly,
        FilterKind::SaleType,
        FilterKind::Finishing,
        FilterKind::Exclude,
        FilterKind::Sort,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            FilterKind::PropertyType => "property_type",
            FilterKind::Location => "location",
            FilterKind::District => "district",
            FilterKind::Compound => "compound",
            FilterKind::Developer => "developer",
            FilterKind::Bedrooms => "bedrooms",
            FilterKind::Bathrooms => "bathrooms",
            FilterKind::PriceMin => "price_min",
            FilterKind::PriceMax => "price_max",
            FilterKind::Area => "area",
            FilterKind::Delivery => "delivery",
            FilterKind::DownPayment => "down_payment",
            FilterKind::InstallmentYears => "installment_years",
            FilterKind::Monthly => "monthly",
            FilterKind::SaleType => "sale_type",
            FilterKind::Finishing => "finishing",
            FilterKind::Sort => "sort",
            FilterKind::Exclude => "exclude",
        }
    }
}

impl Filters {
    pub fn has(&self, kind: FilterKind) -> bool {
        match kind {
            FilterKind::PropertyType => !self.property_types.is_empty(),
            FilterKind::Location => self.location.is_some(),
            FilterKind::District => self.district.is_some(),
            FilterKind::Compound => self.compound.is_some(),
            FilterKind::Developer => self.developer.is_some(),
            FilterKind::Bedrooms => self.bedrooms_min.is_some() || self.bedrooms_max.is_some(),
            FilterKind::Bathrooms => self.bathrooms_min.is_some(),
            FilterKind::PriceMin => self.price_min.is_some(),
            FilterKind::PriceMax => self.price_max.is_some(),
            FilterKind::Area => self.area_min.is_some() || self.area_max.is_some(),
            FilterKind::Delivery => self.ready_to_move || self.delivery_by.is_some(),
            FilterKind::DownPayment => self.down_payment_max_pct.is_some() || self.down_payment_max.is_some(),
            FilterKind::InstallmentYears => self.installment_years_min.is_some(),
            FilterKind::Monthly => self.monthly_max.is_some(),
            FilterKind::SaleType => self.sale_type.is_some(),
            FilterKind::Finishing => self.finishing.is_some(),
            FilterKind::Sort => self.sort.is_some(),
            FilterKind::Exclude => !self.exclude_places.is_empty() || !self.exclude_types.is_empty(),
        }
    }

    /// The filters minus one kind of constraint.
    pub fn without(&self, kind: FilterKind) -> Filters {
        let mut f = self.clone();
        match kind {
            FilterKind::PropertyType => f.property_types.clear(),
            FilterKind::Location => {
                f.location = None;
                f.district = None;
            }
            FilterKind::District => f.district = None,
            FilterKind::Compound => {
                f.compound = None;
                f.compound_also.clear();
            }
            FilterKind::Developer => f.developer = None,
            FilterKind::Bedrooms => {
                f.bedrooms_min = None;
                f.bedrooms_max = None;
            }
            FilterKind::Bathrooms => f.bathrooms_min = None,
            FilterKind::PriceMin => f.price_min = None,
            FilterKind::PriceMax => f.price_max = None,
            FilterKind::Area => {
                f.area_min = None;
                f.area_max = None;
            }
            FilterKind::Delivery => {
                f.ready_to_move = false;
                f.delivery_by = None;
            }
            FilterKind::DownPayment => {
                f.down_payment_max_pct = None;
                f.down_payment_max = None;
            }
            FilterKind::InstallmentYears => f.installment_years_min = None,
            FilterKind::Monthly => f.monthly_max = None,
            FilterKind::SaleType => f.sale_type = None,
            FilterKind::Finishing => f.finishing = None,
            FilterKind::Sort => f.sort = None,
            FilterKind::Exclude => {
                f.exclude_places.clear();
                f.exclude_types.clear();
            }
        }
        f
    }

    /// The constraint kinds present, in display order.
    pub fn kinds(&self) -> Vec<FilterKind> {
        FilterKind::ALL.into_iter().filter(|k| self.has(*k)).collect()
    }

    /// Whether a listing meets every constraint (the same rules the search
    /// applies in SQL; used to check answers independently).
    pub fn matches(&self, l: &crate::domain::listing::Listing) -> bool {
        let within = |v: Option<i64>, lo: Option<i64>, hi: Option<i64>| match v {
            Some(v) => lo.is_none_or(|lo| v >= lo) && hi.is_none_or(|hi| v <= hi),
            None => lo.is_none() && hi.is_none(),
        };
        let same = |a: &Option<String>, b: &Option<String>| {
            a.as_ref().is_none_or(|a| b.as_ref().is_some_and(|b| a.eq_ignore_ascii_case(b)))
        };
        let delivered = l.delivered == Some(true);
        l.is_available
            && (self.property_types.is_empty() || self.property_types.contains(&l.property_type))
            && self.location.as_ref().is_none_or(|x| *x == l.location)
            && same(&self.district, &l.district)
            && (same(&self.compound, &l.compound)
                || self
                    .compound_also
                    .iter()
                    .any(|c| l.compound.as_ref().is_some_and(|l| c.eq_ignore_ascii_case(l))))
            && same(&self.developer, &l.developer)
            && within(
                l.bedrooms.map(i64::from),
                self.bedrooms_min.map(i64::from),
                self.bedrooms_max.map(i64::from),
            )
            && self.bathrooms_min.is_none_or(|n| l.bathrooms.is_some_and(|b| b >= n))
            && within(Some(l.price_egp), self.price_min, self.price_max)
            && within(l.area_sqm.map(i64::from), self.area_min.map(i64::from), self.area_max.map(i64::from))
            && (!self.ready_to_move || delivered)
            && self.delivery_by.is_none_or(|y| delivered || l.delivery_year.is_some_and(|d| d <= y))
            && self.down_payment_max_pct.is_none_or(|max| {
                l.installment_years.is_some_and(|y| y > 0)
                    && l.down_payment_pct.is_some_and(|p| p <= f64::from(max))
            })
            && self.down_payment_max.is_none_or(|max| down_payment_egp(l) <= max)
            && self.installment_years_min.is_none_or(|n| l.installment_years.is_some_and(|y| y >= n))
            && self.monthly_max.is_none_or(|m| l.monthly_installment_egp.is_some_and(|x| x <= m))
            && self.sale_type.is_none_or(|s| l.sale_type == Some(s))
            && self.finishing.is_none_or(|f| l.finishing == Some(f))
            && !self.exclude_types.contains(&l.property_type)
            && !self.exclude_places.iter().any(|x| {
                [Some(&l.location), l.district.as_ref(), l.compound.as_ref(), l.developer.as_ref()]
                    .into_iter()
                    .flatten()
                    .any(|name| name.eq_ignore_ascii_case(x))
            })
    }

    /// True when nothing narrows the catalog.
    pub fn is_empty(&self) -> bool {
        self.kinds().iter().all(|k| *k == FilterKind::Sort)
    }
}

/// How a search ranks: fused (the default), the original pure cosine
/// search (no filters, for comparison), or full text alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Hybrid,
    Vector,
    Text,
}

impl Mode {
    pub fn from_code(code: &str) -> Option<Mode> {
        match code {
            "hybrid" => Some(Mode::Hybrid),
            "vector" => Some(Mode::Vector),
            "text" => Some(Mode::Text),
            _ => None,
        }
    }
}

/// A filter that, dropped, would let listings through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relaxation {
    pub filter: FilterKind,
    pub matches: i64,
    /// For a nearby area: its English name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
}

/// Something the query asked that Osool understood and cannot filter by:
/// said beside the results, so the buyer is never shown the opposite of
/// what they asked without a word.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "words")]
pub enum QueryNote {
    /// "for rent", "للإيجار": Osool lists homes for sale only.
    Rent,
    /// "not furnished", "مش جاهز": a negated word with no filter to leave
    /// it out by (places and types left out are filters, `exclude_*`), so
    /// results may still include it.
    Negated(String),
}

/// What a search returns to the pages and the API.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub mode: Mode,
    pub filters: Filters,
    /// Words no filter used; they steer the ranking.
    pub soft_text: String,
    pub total: i64,
    pub results: Vec<crate::domain::listing::Listing>,
    /// When nothing fits: the filters worth relaxing, most useful first.
    pub relax: Vec<Relaxation>,
    /// Listings that fit all but the first filter in `relax`; never mixed
    /// into `results`.
    pub suggestions: Vec<crate::domain::listing::Listing>,
    /// For each filter that came from the query text: the query without it.
    pub query_without: Vec<(FilterKind, String)>,
    /// True when the semantic half was unavailable and full text ranked alone.
    pub degraded: bool,
    /// Words read as typos of known ones: (as typed, as read), shown so
    /// the buyer sees what was understood.
    #[serde(default)]
    pub corrections: Vec<(String, String)>,
    /// The query named a place Osool has no listings in (its English name).
    #[serde(default)]
    pub place_without_listings: Option<String>,
    /// Then: Osool's nearest areas with listings that fit everything else,
    /// nearest first; `suggestions` come from the first.
    #[serde(default)]
    pub nearby: Vec<Relaxation>,
    /// What the query asked that no filter can hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<QueryNote>,
}

/// What a buyer pays before the installments: the plan's down payment, or
/// the whole price when the unit is sold for cash. Integer EGP, as the
/// database computes it (price × basis points / 10,000, rounded down).
pub fn down_payment_egp(l: &crate::domain::listing::Listing) -> i64 {
    match (l.installment_years, l.down_payment_pct) {
        (Some(years), Some(pct)) if years > 0 => l.price_egp * (pct * 100.0).round() as i64 / 10_000,
        _ => l.price_egp,
    }
}

/// The bedroom bounds a `beds` URL value stands for: "3" exactly three,
/// "3+" three or more, "2-3" two to three, "-2" two at most; ten at most.
pub fn beds_bounds(value: &str) -> Option<(Option<i16>, Option<i16>)> {
    let count = |s: &str| s.parse::<i16>().ok().filter(|n| (0..=10).contains(n));
    if let Some(n) = value.strip_suffix('+') {
        return Some((Some(count(n)?), None));
    }
    match value.split_once('-') {
        Some(("", b)) => Some((None, Some(count(b)?))),
        Some((a, b)) => {
            let (a, b) = (count(a)?, count(b)?);
            (a <= b).then_some((Some(a), Some(b)))
        }
        None => count(value).map(|n| (Some(n), Some(n))),
    }
}

/// The property browser's state, all of it in the URL so a search can be
/// shared and works before the WASM loads: the typed query plus the filter
/// controls' values, the page and the listings picked for comparison.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrowseQuery {
    pub q: String,
    pub types: Vec<crate::domain::listing::PropertyType>,
    /// An area's English name (location or district).
    pub area: Option<String>,
    /// "3" for exactly three, "3+" for three or more.
    pub beds: Option<String>,
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    /// "ready", or a year: delivered by then.
    pub delivery: Option<String>,
    pub sort: Option<Sort>,
    pub page: u32,
    /// Listing ids picked for comparison.
    pub compare: Vec<String>,
}

pub const PAGE_SIZE: u32 = 12;
pub const MAX_COMPARE: usize = 4;

impl BrowseQuery {
    /// Reads the URL's query parameters (unknown or malformed ones ignored).
    pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<&'a str>) -> BrowseQuery {
        let text = |name: &str| get(name).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let amount =
            |name: &str| text(name).and_then(|v| crate::domain::money::parse_amount(&v)).map(|a| a.pounds());
        let list = |name: &str| {
            text(name).map(|v| {
                v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect::<Vec<_>>()
            })
        };
        BrowseQuery {
            q: text("q").unwrap_or_default().chars().take(500).collect(),
            types: list("type")
                .unwrap_or_default()
                .iter()
                .filter_map(|c| crate::domain::listing::PropertyType::from_code(c))
                .collect(),
            area: text("area").filter(|a| crate::domain::areas::by_name(a).is_some()),
            beds: text("beds").filter(|b| beds_bounds(b).is_some()),
            min_price: amount("min_price"),
            max_price: amount("max_price"),
            delivery: text("delivery")
                .filter(|d| d == "ready" || d.parse::<i16>().is_ok_and(|y| (2000..=2050).contains(&y))),
            sort: text("sort").and_then(|s| Sort::from_code(&s)),
            page: text("page").and_then(|p| p.parse().ok()).filter(|p| (1..=1000).contains(p)).unwrap_or(1),
            compare: list("compare")
                .unwrap_or_default()
                .into_iter()
                .filter(|id| id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit()))
                .take(MAX_COMPARE)
                .collect(),
        }
    }

    /// True when the buyer searched or filtered (not just arrived).
    pub fn is_active(&self) -> bool {
        !self.q.is_empty() || !self.explicit_filters().is_empty() || self.sort.is_some()
    }

    /// The controls' values as filters (they override the text's).
    pub fn explicit_filters(&self) -> Filters {
        let mut f = Filters { property_types: self.types.clone(), sort: self.sort, ..Filters::default() };
        if let Some(area) = self.area.as_deref().and_then(crate::domain::areas::by_name) {
            f.location = Some(area.location().to_owned());
            f.district = (!area.is_location()).then(|| area.name_en.to_owned());
        }
        if let Some((min, max)) = self.beds.as_deref().and_then(beds_bounds) {
            f.bedrooms_min = min;
            f.bedrooms_max = max;
        }
        f.price_min = self.min_price;
        f.price_max = self.max_price;
        match self.delivery.as_deref() {
            Some("ready") => f.ready_to_move = true,
            Some(year) => f.delivery_by = year.parse().ok(),
            None => {}
        }
        f
    }

    /// The URL of this state (`path?…`), parameters in a stable order.
    pub fn href(&self, path: &str) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if !self.types.is_empty() {
            pairs.push(("type", self.types.iter().map(|t| t.code()).collect::<Vec<_>>().join(",")));
        }
        if let Some(a) = &self.area {
            pairs.push(("area", a.clone()));
        }
        if let Some(b) = &self.beds {
            pairs.push(("beds", b.clone()));
        }
        if let Some(p) = self.min_price {
            pairs.push(("min_price", p.to_string()));
        }
        if let Some(p) = self.max_price {
            pairs.push(("max_price", p.to_string()));
        }
        if let Some(d) = &self.delivery {
            pairs.push(("delivery", d.clone()));
        }
        if let Some(s) = self.sort {
            pairs.push(("sort", s.code().to_owned()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if !self.compare.is_empty() {
            pairs.push(("compare", self.compare.join(",")));
        }
        if pairs.is_empty() {
            return path.to_owned();
        }
        let query: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}={}", encode(&v))).collect();
        format!("{path}?{}", query.join("&"))
    }

    /// This state on another page of results.
    pub fn with_page(&self, page: u32) -> BrowseQuery {
        BrowseQuery { page, ..self.clone() }
    }

    /// This state with a listing added to or removed from the comparison.
    pub fn toggle_compare(&self, id: &str) -> BrowseQuery {
        let mut next = self.clone();
        if let Some(i) = next.compare.iter().position(|c| c == id) {
            next.compare.remove(i);
        } else if next.compare.len() < MAX_COMPARE {
            next.compare.push(id.to_owned());
        }
        next
    }

    /// This state without one constraint: the control's value cleared and,
    /// when the text carried it, the text without its words.
    pub fn without(&self, kind: FilterKind, text_without: Option<&str>) -> BrowseQuery {
        let mut next = BrowseQuery { page: 1, ..self.clone() };
        if let Some(q) = text_without {
            next.q = q.to_owned();
        }
        match kind {
            FilterKind::PropertyType => next.types.clear(),
            FilterKind::Location | FilterKind::District => next.area = None,
            FilterKind::Bedrooms => next.beds = None,
            FilterKind::PriceMin => next.min_price = None,
            FilterKind::PriceMax => next.max_price = None,
            FilterKind::Delivery => next.delivery = None,
            FilterKind::Sort => next.sort = None,
            _ => {}
        }
        next
    }
}

/// Percent-encodes a query value (spaces as `+`).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::listing::PropertyType;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> BrowseQuery {
        let map: HashMap<&str, &str> = pairs.iter().copied().collect();
        BrowseQuery::from_pairs(|k| map.get(k).copied())
    }

    #[test]
    fn bedroom_values_in_the_url_are_counts_bounds_and_ranges() {
        assert_eq!(beds_bounds("3"), Some((Some(3), Some(3))));
        assert_eq!(beds_bounds("3+"), Some((Some(3), None)));
        assert_eq!(beds_bounds("2-3"), Some((Some(2), Some(3))));
        assert_eq!(beds_bounds("-2"), Some((None, Some(2))));
        for bad in ["", "3-2", "11", "2-11", "x", "+", "-", "2--3", "1+2"] {
            assert_eq!(beds_bounds(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_url_round_trips() {
        let b = from(&[
            ("q", "villa with pool"),
            ("type", "villa,townhouse,castle"),
            ("area", "Sheikh Zayed"),
            ("beds", "4+"),
            ("max_price", "40m"),
            ("delivery", "ready"),
            ("sort", "price_asc"),
            ("page", "2"),
            ("compare", "12,x,15"),
        ]);
        assert_eq!(b.types, vec![PropertyType::Villa, PropertyType::Townhouse]);
        assert_eq!(b.max_price, Some(40_000_000));
        assert_eq!(b.compare, vec!["12".to_owned(), "15".to_owned()]);
        let href = b.href("/");
        assert_eq!(
            href,
            "/?q=villa+with+pool&type=villa,townhouse&area=Sheikh+Zayed&beds=4%2B&max_price=40000000&delivery=ready&sort=price_asc&page=2&compare=12,15"
        );
        let f = b.explicit_filters();
        assert_eq!((f.bedrooms_min, f.bedrooms_max), (Some(4), None));
        assert_eq!(f.location.as_deref(), Some("Sheikh Zayed"));
        assert!(f.ready_to_move);
    }

    #[test]
    fn junk_parameters_are_dropped() {
        let b = from(&[
            ("area", "Atlantis"),
            ("beds", "many"),
            ("page", "-3"),
            ("delivery", "soon"),
            ("sort", "best"),
        ]);
        assert_eq!(b, BrowseQuery { page: 1, ..BrowseQuery::default() });
        assert!(!b.is_active());
    }

    #[test]
    fn arabic_text_is_encoded() {
        let b = from(&[("q", "شقة في التجمع")]);
        assert!(b.href("/").starts_with("/?q=%D8%B4"));
    }
}

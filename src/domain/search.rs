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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub developer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bedrooms_min: Option<i16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bedrooms_max: Option<i16>,
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
}

impl FilterKind {
    pub const ALL: [FilterKind; 16] = [
        FilterKind::PropertyType,
        FilterKind::Location,
        FilterKind::District,
        FilterKind::Compound,
        FilterKind::Developer,
        FilterKind::Bedrooms,
        FilterKind::PriceMin,
        FilterKind::PriceMax,
        FilterKind::Area,
        FilterKind::Delivery,
        FilterKind::DownPayment,
        FilterKind::InstallmentYears,
        FilterKind::Monthly,
        FilterKind::SaleType,
        FilterKind::Finishing,
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
            FilterKind::PriceMin => self.price_min.is_some(),
            FilterKind::PriceMax => self.price_max.is_some(),
            FilterKind::Area => self.area_min.is_some() || self.area_max.is_some(),
            FilterKind::Delivery => self.ready_to_move || self.delivery_by.is_some(),
            FilterKind::DownPayment => self.down_payment_max_pct.is_some(),
            FilterKind::InstallmentYears => self.installment_years_min.is_some(),
            FilterKind::Monthly => self.monthly_max.is_some(),
            FilterKind::SaleType => self.sale_type.is_some(),
            FilterKind::Finishing => self.finishing.is_some(),
            FilterKind::Sort => self.sort.is_some(),
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
            FilterKind::Compound => f.compound = None,
            FilterKind::Developer => f.developer = None,
            FilterKind::Bedrooms => {
                f.bedrooms_min = None;
                f.bedrooms_max = None;
            }
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
            FilterKind::DownPayment => f.down_payment_max_pct = None,
            FilterKind::InstallmentYears => f.installment_years_min = None,
            FilterKind::Monthly => f.monthly_max = None,
            FilterKind::SaleType => f.sale_type = None,
            FilterKind::Finishing => f.finishing = None,
            FilterKind::Sort => f.sort = None,
        }
        f
    }

    /// The constraint kinds present, in display order.
    pub fn kinds(&self) -> Vec<FilterKind> {
        FilterKind::ALL.into_iter().filter(|k| self.has(*k)).collect()
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
}

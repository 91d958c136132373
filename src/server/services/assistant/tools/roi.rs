//! `calculate_investment_roi`: rental yield and break-even for a listing or a price.

use super::*;

pub struct Roi;

impl Tool for Roi {
    const NAME: &'static str = "calculate_investment_roi";
    const DESCRIPTION: &'static str =
        "Gross and net rental yield and break-even years for a listing or price, with the assumptions used.";
    type Args = RoiArgs;

    fn call(deps: &ToolDeps, cx: &ToolContext<'_>, a: RoiArgs) -> impl Future<Output = ToolOutcome> + Send {
        roi(deps, cx, a)
    }
}

/// Estimate the rental return of a listing or a price.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct RoiArgs {
    #[serde(default)]
    pub listing_id: Option<ListingId>,
    /// A price in EGP (required without a listing).
    #[serde(default)]
    pub price_egp: Option<i64>,
    /// Expected monthly rent in EGP; a market default is assumed without it.
    #[serde(default)]
    pub monthly_rent_egp: Option<i64>,
    /// Yearly costs (maintenance, vacancy, management) as percent of rent.
    #[serde(default)]
    pub costs_pct: Option<f64>,
}

fn is_coastal(location: &str) -> bool {
    matches!(location, "North Coast" | "Ain Sokhna" | "Red Sea")
}

async fn roi(deps: &ToolDeps, cx: &ToolContext<'_>, a: RoiArgs) -> ToolOutcome {
    let base = match a.listing_id {
        Some(id) => match listing(deps, id).await {
            Ok(l) => Some(l),
            Err(o) => return o,
        },
        None => None,
    };
    let Some(price) = a.price_egp.or(base.as_ref().map(|l| l.price_egp)).filter(|p| *p > 0) else {
        return ToolOutcome::refused("give a listing_id or a positive price_egp");
    };
    let kind = base.as_ref().map_or(PropertyType::Apartment, |l| l.property_type);
    let coastal = base.as_ref().is_some_and(|l| is_coastal(&l.location));
    let assumed_yield = default_gross_yield_bp(kind, coastal);
    let (rent, rent_assumed) = match a.monthly_rent_egp {
        Some(r) if r >= 0 => (Egp::new(r), false),
        Some(_) => return ToolOutcome::refused("monthly_rent_egp cannot be negative"),
        None => (rent_for_yield(Egp::new(price), assumed_yield), true),
    };
    let costs = match a.costs_pct {
        Some(p) => match bp(p) {
            Some(b) => b,
            None => return ToolOutcome::refused("costs_pct must be 0 to 100"),
        },
        None => DEFAULT_COSTS_BP,
    };
    let input = RoiInput { price: Egp::new(price), monthly_rent: rent, costs_bp: costs };
    let result = match input.compute() {
        Ok(r) => r,
        Err(e) => return ToolOutcome::refused(e.to_string()),
    };
    let ids = base.as_ref().map(|l| vec![id_of(l)]).unwrap_or_default();
    ToolOutcome::ok(
        json!({
            "listing_id": base.as_ref().map(|l| l.id.clone()),
            "listing_title": base.as_ref().map(|l| l.title_in(cx.lang).to_owned()),
            "price_egp": price,
            "monthly_rent_egp": rent.pounds(),
            "rent_assumed": rent_assumed,
            "assumed_gross_yield_pct": rent_assumed.then(|| f64::from(assumed_yield) / 100.0),
            "costs_pct_of_rent": f64::from(costs) / 100.0,
            "annual_rent_egp": result.annual_rent.pounds(),
            "annual_net_egp": result.annual_net.pounds(),
            "gross_yield_pct": result.gross_yield_pct,
            "net_yield_pct": result.net_yield_pct,
            "break_even_years": result.break_even_years,
            "assumptions": "Rent is an estimate unless the buyer gave one; costs cover maintenance, vacancy and management; price growth and installment timing are not counted.",
        }),
        ids,
    )
}

//! `search_properties`: the catalog searched the way the browser searches it.

use super::*;

pub struct Search;

impl Tool for Search {
    const NAME: &'static str = "search_properties";
    const DESCRIPTION: &'static str = "Search Osool's available listings. Hard constraints in the query (area, type, bedrooms, budget, delivery, installments) are enforced. Returns real listings with ids.";
    type Args = SearchArgs;

    fn call(
        deps: &ToolDeps,
        cx: &ToolContext<'_>,
        a: SearchArgs,
    ) -> impl Future<Output = ToolOutcome> + Send {
        search(deps, cx, a)
    }
}

/// Find listings that satisfy what the buyer asked for.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SearchArgs {
    /// The buyer's wishes in their own words, e.g. "3 bedroom apartment in
    /// New Cairo under 10 million, 7 years installments" (English or Arabic).
    pub query: String,
    /// Highest total price in EGP, when the buyer gave a budget.
    #[serde(default)]
    pub max_price_egp: Option<i64>,
    /// Lowest number of bedrooms.
    #[serde(default)]
    pub min_bedrooms: Option<i16>,
    /// Highest monthly installment in EGP the buyer can pay.
    #[serde(default)]
    pub max_monthly_egp: Option<i64>,
    /// cheapest, biggest, best_value (price per square metre),
    /// lowest_monthly or soonest (delivery).
    #[serde(default)]
    pub sort: Option<String>,
    /// How many listings to return (1-6, default 4).
    #[serde(default)]
    pub limit: Option<u32>,
}

async fn search(deps: &ToolDeps, cx: &ToolContext<'_>, a: SearchArgs) -> ToolOutcome {
    let query = a.query.trim();
    if query.is_empty() || query.chars().count() > 500 {
        return ToolOutcome::refused("query must be 1 to 500 characters");
    }
    let overrides = Filters {
        price_max: a.max_price_egp.filter(|p| *p > 0),
        bedrooms_min: a.min_bedrooms.filter(|b| *b > 0),
        monthly_max: a.max_monthly_egp.filter(|m| *m > 0),
        sort: match a.sort.as_deref().map(str::trim) {
            Some("cheapest") => Some(Sort::PriceAsc),
            Some("biggest") => Some(Sort::AreaDesc),
            Some("best_value") => Some(Sort::PricePerSqmAsc),
            Some("lowest_monthly") => Some(Sort::MonthlyAsc),
            Some("soonest") => Some(Sort::DeliverySoonest),
            _ => None,
        },
        ..Filters::default()
    };
    let request = SearchRequest {
        query: query.to_owned(),
        mode: Mode::Hybrid,
        limit: a.limit.unwrap_or(4).clamp(1, 6),
        offset: 0,
        overrides,
    };
    let results = match deps.search.search(&request).await {
        Ok(r) => r,
        Err(e) => return database_error(e),
    };
    deps.search.record("assistant", &request, &results);
    let mut ids: Vec<i64> = results.results.iter().map(id_of).collect();
    ids.extend(results.suggestions.iter().map(id_of));
    let understood: Vec<String> = results
        .filters
        .kinds()
        .into_iter()
        .map(|k| crate::i18n::labels::chip(k, &results.filters, cx.lang))
        .filter(|c| !c.is_empty())
        .collect();
    ToolOutcome::ok(
        json!({
            "query": results.query,
            "understood": understood,
            "total": results.total,
            "results": results.results.iter().map(|l| listing_json(l, cx.lang)).collect::<Vec<_>>(),
            "relax": results.relax.iter().map(|r| json!({
                "drop": crate::i18n::labels::chip(r.filter, &results.filters, cx.lang),
                "matches": r.matches,
            })).collect::<Vec<_>>(),
            "suggestions": results.suggestions.iter().map(|l| listing_json(l, cx.lang)).collect::<Vec<_>>(),
            // A place Osool has no listings in, and its nearest areas that do
            // (the suggestions come from the first).
            "no_listings_in": results.place_without_listings.as_deref().map(|p| crate::i18n::labels::area(p, cx.lang)),
            "nearby_areas": results.nearby.iter().filter_map(|n| n.area.as_deref().map(|a| json!({
                "area": crate::i18n::labels::area(a, cx.lang),
                "matches": n.matches,
            }))).collect::<Vec<_>>(),
            // What was asked that no filter holds: the assistant says so.
            "not_filtered": results.notes.iter().map(|n| match n {
                crate::domain::search::QueryNote::Rent => json!({"rent": "Osool lists homes for sale only"}),
                crate::domain::search::QueryNote::Negated(words) => json!({"not_left_out": words}),
            }).collect::<Vec<_>>(),
            "corrected": results.corrections.iter().map(|(typed, read)| json!({"typed": typed, "read_as": read})).collect::<Vec<_>>(),
        }),
        ids,
    )
}

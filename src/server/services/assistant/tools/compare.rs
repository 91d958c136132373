//! `compare_units`: two to four listings side by side, and the best value.

use super::*;

pub struct Compare;

impl Tool for Compare {
    const NAME: &'static str = "compare_units";
    const DESCRIPTION: &'static str = "Compare 2 to 4 listings: price, size, price per square metre, plan length and monthly cost, and which is the best value.";
    type Args = CompareArgs;

    fn call(
        deps: &ToolDeps,
        cx: &ToolContext<'_>,
        a: CompareArgs,
    ) -> impl Future<Output = ToolOutcome> + Send {
        compare(deps, cx, a)
    }
}

/// Compare 2 to 4 listings side by side.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct CompareArgs {
    pub ids: Vec<ListingId>,
}

/// One row of a comparison.
pub struct Compared {
    pub id: i64,
    pub price: i64,
    pub area: Option<i32>,
    pub price_per_sqm: Option<i64>,
    pub years: Option<i16>,
    pub monthly: Option<i64>,
}

/// The best value: the lowest price per square metre (units without a size
/// cannot be judged).
pub fn best_value(rows: &[Compared]) -> Option<i64> {
    rows.iter().filter_map(|r| r.price_per_sqm.map(|p| (p, r.id))).min().map(|(_, id)| id)
}

async fn compare(deps: &ToolDeps, cx: &ToolContext<'_>, a: CompareArgs) -> ToolOutcome {
    let mut ids: Vec<i64> = Vec::new();
    for id in a.ids {
        if !ids.contains(&id.0) {
            ids.push(id.0);
        }
    }
    if !(2..=4).contains(&ids.len()) {
        return ToolOutcome::refused("compare 2 to 4 different listings");
    }
    let found = match deps.search.listings(&ids).await {
        Ok(found) => found,
        Err(e) => return database_error(e),
    };
    let missing: Vec<i64> = ids.iter().copied().filter(|id| !found.iter().any(|l| id_of(l) == *id)).collect();
    if !missing.is_empty() {
        return ToolOutcome::refused(format!("these listings do not exist: {missing:?}"));
    }
    let ordered: Vec<&Listing> = ids.iter().filter_map(|id| found.iter().find(|l| id_of(l) == *id)).collect();
    let rows: Vec<Compared> = ordered
        .iter()
        .map(|l| Compared {
            id: id_of(l),
            price: l.price_egp,
            area: l.area_sqm,
            price_per_sqm: l.price_per_sqm_egp,
            years: l.installment_years,
            monthly: l.monthly_installment_egp,
        })
        .collect();
    let best = best_value(&rows);
    let cheapest_monthly = rows.iter().filter_map(|r| r.monthly.map(|m| (m, r.id))).min().map(|(_, id)| id);
    let longest_plan = rows.iter().filter_map(|r| r.years.map(|y| (y, r.id))).max().map(|(_, id)| id);
    ToolOutcome::ok(
        json!({
            "units": ordered.iter().map(|l| listing_json(l, cx.lang)).collect::<Vec<_>>(),
            "best_value_id": best.map(|id| id.to_string()),
            "best_value_rule": "lowest price per square metre",
            "lowest_monthly_id": cheapest_monthly.map(|id| id.to_string()),
            "longest_plan_id": longest_plan.map(|id| id.to_string()),
        }),
        ids,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_value_is_the_lowest_price_per_metre() {
        let row = |id, price, area: Option<i32>| Compared {
            id,
            price,
            area,
            price_per_sqm: area.map(|a| price / i64::from(a)),
            years: None,
            monthly: None,
        };
        // 9.0M / 150 = 60,000; 7.5M / 100 = 75,000; 12M unknown size.
        let rows = [row(1, 9_000_000, Some(150)), row(2, 7_500_000, Some(100)), row(3, 12_000_000, None)];
        assert_eq!(best_value(&rows), Some(1));
        assert_eq!(best_value(&[row(3, 1, None)]), None);
    }
}

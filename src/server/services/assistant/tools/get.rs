//! `get_property`: one listing with everything the model may quote.

use super::*;

pub struct Get;

impl Tool for Get {
    const NAME: &'static str = "get_property";
    const DESCRIPTION: &'static str = "All details of one listing by id, including its payment plan.";
    type Args = GetPropertyArgs;

    fn call(
        deps: &ToolDeps,
        cx: &ToolContext<'_>,
        a: GetPropertyArgs,
    ) -> impl Future<Output = ToolOutcome> + Send {
        get(deps, cx, a.id)
    }
}

/// Everything about one listing.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct GetPropertyArgs {
    pub id: ListingId,
}

async fn get(deps: &ToolDeps, cx: &ToolContext<'_>, id: ListingId) -> ToolOutcome {
    match listing(deps, id).await {
        Ok(l) => {
            let mut value = listing_json(&l, cx.lang);
            value[UNTRUSTED] = untrusted(l.description_in(cx.lang).unwrap_or_default());
            value["delivery_payment_pct"] = json!(l.delivery_payment_pct);
            value["maintenance_deposit_pct"] = json!(l.maintenance_deposit_pct);
            ToolOutcome::ok(value, vec![id.0])
        }
        Err(o) => o,
    }
}

//! `calculate_installments`: a listing's payment plan (or the buyer's terms) worked out.

use super::*;

pub struct Installments;

impl Tool for Installments {
    const NAME: &'static str = "calculate_installments";
    const DESCRIPTION: &'static str =
        "Work out down payment, delivery payment and installments for a listing's plan or custom inputs.";
    type Args = InstallmentArgs;

    fn call(
        deps: &ToolDeps,
        cx: &ToolContext<'_>,
        a: InstallmentArgs,
    ) -> impl Future<Output = ToolOutcome> + Send {
        installments(deps, cx, a)
    }
}

/// Work out a payment plan, from a listing's own plan or custom inputs.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct InstallmentArgs {
    /// The listing whose price and plan to start from.
    #[serde(default)]
    pub listing_id: Option<ListingId>,
    /// A price in EGP (required without a listing).
    #[serde(default)]
    pub price_egp: Option<i64>,
    /// Down payment, percent of the price (0-100).
    #[serde(default)]
    pub down_payment_pct: Option<f64>,
    /// Payment due at delivery, percent of the price.
    #[serde(default)]
    pub delivery_payment_pct: Option<f64>,
    /// Years of installments (0 = cash).
    #[serde(default)]
    pub years: Option<u32>,
    /// monthly or quarterly.
    #[serde(default)]
    pub frequency: Option<String>,
}

async fn installments(deps: &ToolDeps, cx: &ToolContext<'_>, a: InstallmentArgs) -> ToolOutcome {
    let base = match a.listing_id {
        Some(id) => match listing(deps, id).await {
            Ok(l) => Some(l),
            Err(o) => return o,
        },
        None => None,
    };
    let price = a.price_egp.or(base.as_ref().map(|l| l.price_egp));
    let Some(price) = price else {
        return ToolOutcome::refused("give a listing_id or a price_egp");
    };
    let ids = base.as_ref().map(|l| vec![id_of(l)]).unwrap_or_default();
    let listing_id = base.as_ref().map(|l| l.id.clone());
    let listing_title = base.as_ref().map(|l| l.title_in(cx.lang).to_owned());
    // A unit sold for cash has no plan: say so, unless the buyer asked for a
    // what-if with their own terms (then it is labelled as one).
    let cash_unit = base.as_ref().is_some_and(|l| l.installment_frequency == InstallmentFrequency::None);
    let custom = a.down_payment_pct.is_some() || a.years.is_some_and(|y| y > 0);
    if cash_unit && !custom && a.price_egp.is_none() {
        return ToolOutcome::ok(
            json!({
                "listing_id": listing_id,
                "listing_title": listing_title,
                "price_egp": price,
                "cash": true,
                "frequency": "cash",
                "pay_in_full_egp": price,
                "installment_count": 0,
                "note": "This unit is sold for cash: the listing has no installment plan, so the price is paid in full. Say so; do not invent a plan. The buyer may ask for a what-if plan with their own down payment and years.",
            }),
            ids,
        );
    }
    let terms = match Terms::of(&a, base.as_ref(), cash_unit) {
        Ok(terms) => terms,
        Err(refused) => return refused,
    };
    let input = PlanInput {
        price: Egp::new(price),
        down_payment_bp: terms.down,
        delivery_payment_bp: terms.delivery,
        years: terms.years,
        frequency: terms.frequency,
    };
    let plan = match input.breakdown() {
        Ok(plan) => plan,
        Err(e) => return ToolOutcome::refused(e.to_string()),
    };
    let years = terms.years;
    let remaining_at_once = if years == 0 {
        Some(price - plan.down_payment.pounds() - plan.delivery_payment.pounds())
    } else {
        None
    };
    ToolOutcome::ok(
        json!({
            "listing_id": listing_id,
            "listing_title": listing_title,
            "price_egp": price,
            "cash": years == 0,
            // The seller offers no plan: these figures are a what-if.
            "hypothetical": cash_unit,
            "remaining_at_once_egp": remaining_at_once,
            "down_payment_assumed": terms.down_assumed,
            "down_payment_pct": f64::from(terms.down) / 100.0,
            "delivery_payment_pct": f64::from(terms.delivery) / 100.0,
            "years": years,
            "frequency": if years == 0 { "cash" } else { terms.frequency.code() },
            "down_payment_egp": plan.down_payment.pounds(),
            "delivery_payment_egp": plan.delivery_payment.pounds(),
            "financed_egp": plan.financed.pounds(),
            "installment_count": plan.installment_count,
            "installment_egp": plan.installment.pounds(),
            "monthly_equivalent_egp": plan.monthly_equivalent.pounds(),
            "note": "Developer plans in Egypt carry no interest: the price is split, not financed.",
        }),
        ids,
    )
}

/// The plan's terms: the buyer's, else the listing's, else assumed (a
/// 10 % down payment, 7 years) and said to be.
struct Terms {
    down: u32,
    down_assumed: bool,
    delivery: u32,
    years: u32,
    frequency: Frequency,
}

impl Terms {
    fn of(a: &InstallmentArgs, base: Option<&Listing>, cash_unit: bool) -> Result<Terms, ToolOutcome> {
        let down_assumed = a.down_payment_pct.is_none() && base.is_none_or(|l| l.down_payment_pct.is_none());
        let down = match a.down_payment_pct.or(base.and_then(|l| l.down_payment_pct)) {
            Some(p) => bp(p).ok_or_else(|| ToolOutcome::refused("down_payment_pct must be 0 to 100"))?,
            None => 1_000,
        };
        let delivery = match a.delivery_payment_pct.or(base.and_then(|l| l.delivery_payment_pct)) {
            Some(p) => bp(p).ok_or_else(|| ToolOutcome::refused("delivery_payment_pct must be 0 to 100"))?,
            None => 0,
        };
        let listing_frequency = base.map(|l| l.installment_frequency);
        let years = a.years.or_else(|| {
            base.filter(|_| !cash_unit).map(|l| match l.installment_frequency {
                InstallmentFrequency::None => 0,
                _ => l.installment_years.map_or(0, |y| y.max(0) as u32),
            })
        });
        let frequency = match a.frequency.as_deref().map(str::trim) {
            Some("quarterly") => Frequency::Quarterly,
            Some("monthly") => Frequency::Monthly,
            Some(other) if !other.is_empty() => {
                return Err(ToolOutcome::refused("frequency must be monthly or quarterly"));
            }
            _ if listing_frequency == Some(InstallmentFrequency::Quarterly) => Frequency::Quarterly,
            _ => Frequency::Monthly,
        };
        Ok(Terms { down, down_assumed, delivery, years: years.unwrap_or(7), frequency })
    }
}

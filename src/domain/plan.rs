//! Egyptian payment-plan arithmetic: a down payment, an optional payment at
//! delivery, and the rest spread interest-free over monthly or quarterly
//! installments (see MARKET.md: monthly = rest / (years x 12), quarterly =
//! rest / (years x 4)).

use super::money::Egp;
use serde::{Deserialize, Serialize};

/// How often installments fall due.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    #[default]
    Monthly,
    Quarterly,
}

impl Frequency {
    pub const fn per_year(self) -> u32 {
        match self {
            Frequency::Monthly => 12,
            Frequency::Quarterly => 4,
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "monthly" => Some(Frequency::Monthly),
            "quarterly" => Some(Frequency::Quarterly),
            _ => None,
        }
    }
}

/// Longest plan the calculator and the catalog accept, in years.
pub const MAX_YEARS: u32 = 15;
/// Bounds on a unit price that a buyer can plausibly mean, in EGP.
pub const MIN_PRICE: Egp = Egp::new(100_000);
pub const MAX_PRICE: Egp = Egp::new(2_000_000_000);

/// What the buyer (or a listing) states about a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInput {
    pub price: Egp,
    /// Down payment in basis points of the price (1,000 = 10 %).
    pub down_payment_bp: u32,
    /// Payment due at delivery, in basis points of the price.
    pub delivery_payment_bp: u32,
    /// 0 means cash: everything after the down payment is due at once.
    pub years: u32,
    pub frequency: Frequency,
}

/// The plan worked out in pounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanBreakdown {
    pub down_payment: Egp,
    pub delivery_payment: Egp,
    /// What is spread over the installments.
    pub financed: Egp,
    pub installment_count: u32,
    /// One regular installment (0 for cash).
    pub installment: Egp,
    /// The installment expressed per month (a quarterly one counts a third).
    pub monthly_equivalent: Egp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("price out of range")]
    PriceOutOfRange,
    #[error("down payment and delivery payment exceed the price")]
    PaymentsExceedPrice,
    #[error("plan longer than {MAX_YEARS} years")]
    TooManyYears,
}

impl PlanInput {
    pub fn breakdown(&self) -> Result<PlanBreakdown, PlanError> {
        if self.price < MIN_PRICE || self.price > MAX_PRICE {
            return Err(PlanError::PriceOutOfRange);
        }
        if self.down_payment_bp.saturating_add(self.delivery_payment_bp) > 10_000 {
            return Err(PlanError::PaymentsExceedPrice);
        }
        if self.years > MAX_YEARS {
            return Err(PlanError::TooManyYears);
        }
        // Bounded price and percentages make every step below infallible;
        // the checked forms keep it so if the bounds ever move.
        let down_payment = self.price.percent_bp(self.down_payment_bp).ok_or(PlanError::PriceOutOfRange)?;
        let delivery_payment =
            self.price.percent_bp(self.delivery_payment_bp).ok_or(PlanError::PriceOutOfRange)?;
        let financed = self
            .price
            .checked_sub(down_payment)
            .and_then(|rest| rest.checked_sub(delivery_payment))
            .ok_or(PlanError::PaymentsExceedPrice)?;
        if self.years == 0 {
            return Ok(PlanBreakdown {
                down_payment,
                delivery_payment,
                financed: Egp::ZERO,
                installment_count: 0,
                installment: Egp::ZERO,
                monthly_equivalent: Egp::ZERO,
            });
        }
        let installment_count = self.years * self.frequency.per_year();
        let installment = financed.divide(installment_count).ok_or(PlanError::PriceOutOfRange)?;
        let monthly_equivalent = financed.divide(self.years * 12).ok_or(PlanError::PriceOutOfRange)?;
        Ok(PlanBreakdown {
            down_payment,
            delivery_payment,
            financed,
            installment_count,
            installment,
            monthly_equivalent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(price: i64, down_pct: u32, years: u32, frequency: Frequency) -> PlanInput {
        PlanInput {
            price: Egp::new(price),
            down_payment_bp: down_pct * 100,
            delivery_payment_bp: 0,
            years,
            frequency,
        }
    }

    #[test]
    fn monthly_plan_matches_the_market_formula() {
        // 10M, 10 % down, 7 years monthly: 9M over 84 months.
        let b = plan(10_000_000, 10, 7, Frequency::Monthly).breakdown().unwrap();
        assert_eq!(b.down_payment, Egp::new(1_000_000));
        assert_eq!(b.financed, Egp::new(9_000_000));
        assert_eq!(b.installment_count, 84);
        assert_eq!(b.installment, Egp::new(107_143));
        assert_eq!(b.monthly_equivalent, Egp::new(107_143));
    }

    #[test]
    fn quarterly_installment_is_three_months_of_payments() {
        let b = plan(12_000_000, 20, 8, Frequency::Quarterly).breakdown().unwrap();
        assert_eq!(b.installment_count, 32);
        assert_eq!(b.installment, Egp::new(300_000));
        assert_eq!(b.monthly_equivalent, Egp::new(100_000));
    }

    #[test]
    fn delivery_payment_comes_out_of_the_financed_part() {
        let mut input = plan(10_000_000, 10, 5, Frequency::Monthly);
        input.delivery_payment_bp = 1_000;
        let b = input.breakdown().unwrap();
        assert_eq!(b.delivery_payment, Egp::new(1_000_000));
        assert_eq!(b.financed, Egp::new(8_000_000));
        assert_eq!(b.installment, Egp::new(133_333));
    }

    #[test]
    fn cash_has_no_installments() {
        let b = plan(5_000_000, 100, 0, Frequency::Monthly).breakdown().unwrap();
        assert_eq!(b.installment_count, 0);
        assert_eq!(b.financed, Egp::ZERO);
    }

    #[test]
    fn nonsense_is_rejected() {
        assert_eq!(plan(50, 10, 5, Frequency::Monthly).breakdown(), Err(PlanError::PriceOutOfRange));
        assert_eq!(
            plan(5_000_000, 101, 5, Frequency::Monthly).breakdown(),
            Err(PlanError::PaymentsExceedPrice)
        );
        assert_eq!(plan(5_000_000, 10, 40, Frequency::Monthly).breakdown(), Err(PlanError::TooManyYears));
    }
}

//! Rental return on a unit: gross and net yield and the years to earn the
//! price back, from a rent and yearly costs the buyer can change. Defaults
//! follow MARKET.md (New Cairo gross yields are quoted at 5-8 %).

use super::listing::PropertyType;
use super::money::Egp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoiInput {
    pub price: Egp,
    pub monthly_rent: Egp,
    /// Yearly costs as a share of the rent (maintenance, vacancy,
    /// management), in basis points.
    pub costs_bp: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoiResult {
    pub annual_rent: Egp,
    pub annual_net: Egp,
    /// Percent, one decimal.
    pub gross_yield_pct: f64,
    pub net_yield_pct: f64,
    /// Years of net rent to equal the price; `None` when the rent never pays it back.
    pub break_even_years: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RoiError {
    #[error("the price must be positive")]
    Price,
    #[error("the rent cannot be negative")]
    Rent,
    #[error("costs are a share of the rent: 0 to 100 %")]
    Costs,
}

/// The gross yield Osool assumes when the buyer has not said, in basis
/// points: middle of the quoted range for homes, more for commercial, less
/// for seasonal coastal units.
pub fn default_gross_yield_bp(kind: PropertyType, coastal: bool) -> u32 {
    match kind {
        PropertyType::Office | PropertyType::Clinic | PropertyType::Retail => 800,
        _ if coastal => 500,
        _ => 650,
    }
}

/// Default yearly costs: 15 % of the rent.
pub const DEFAULT_COSTS_BP: u32 = 1_500;

/// The monthly rent that gives `yield_bp` gross on `price`.
pub fn rent_for_yield(price: Egp, yield_bp: u32) -> Egp {
    price.percent_bp(yield_bp).and_then(|annual| annual.divide(12)).unwrap_or(Egp::ZERO)
}

fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

impl RoiInput {
    pub fn compute(&self) -> Result<RoiResult, RoiError> {
        if self.price.pounds() <= 0 {
            return Err(RoiError::Price);
        }
        if self.monthly_rent.pounds() < 0 {
            return Err(RoiError::Rent);
        }
        if self.costs_bp > 10_000 {
            return Err(RoiError::Costs);
        }
        let annual_rent = self.monthly_rent.pounds().saturating_mul(12);
        let costs = Egp::new(annual_rent).percent_bp(self.costs_bp).map_or(0, Egp::pounds);
        let annual_net = annual_rent - costs;
        let price = self.price.pounds() as f64;
        Ok(RoiResult {
            annual_rent: Egp::new(annual_rent),
            annual_net: Egp::new(annual_net),
            gross_yield_pct: one_decimal(annual_rent as f64 / price * 100.0),
            net_yield_pct: one_decimal(annual_net as f64 / price * 100.0),
            break_even_years: (annual_net > 0).then(|| one_decimal(price / annual_net as f64)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ten_million_flat_at_six_and_a_half_percent() {
        let price = Egp::new(10_000_000);
        let rent = rent_for_yield(price, 650);
        assert_eq!(rent, Egp::new(54_167));
        let r = RoiInput { price, monthly_rent: rent, costs_bp: DEFAULT_COSTS_BP }.compute().unwrap();
        assert_eq!(r.annual_rent, Egp::new(650_004));
        assert_eq!(r.gross_yield_pct, 6.5);
        assert_eq!(r.net_yield_pct, 5.5);
        assert_eq!(r.break_even_years, Some(18.1));
    }

    #[test]
    fn no_rent_never_breaks_even_and_nonsense_is_refused() {
        let r =
            RoiInput { price: Egp::new(5_000_000), monthly_rent: Egp::ZERO, costs_bp: 0 }.compute().unwrap();
        assert_eq!(r.break_even_years, None);
        assert_eq!(
            RoiInput { price: Egp::ZERO, monthly_rent: Egp::new(1), costs_bp: 0 }.compute(),
            Err(RoiError::Price)
        );
        assert_eq!(
            RoiInput { price: Egp::new(1_000_000), monthly_rent: Egp::new(1), costs_bp: 20_000 }.compute(),
            Err(RoiError::Costs)
        );
    }
}

//! Reservations: a buyer pays a fee and the unit is held for them while
//! contracts are drawn up. The states a reservation moves through, the
//! state a listing shows because of them, and the fee: integer piastres,
//! worked out from the listing on the server, always far below the price.

use serde::{Deserialize, Serialize};

/// Where a reservation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReservationStatus {
    /// Waiting for the payment until the hold expires.
    Held,
    /// The fee arrived; the unit is the buyer's while contracts are prepared.
    Paid,
    /// The agent confirmed it: the unit is reserved.
    Confirmed,
    /// The sale completed.
    Sold,
    /// The hold lapsed unpaid.
    Expired,
    /// The payment could not start, or was declined.
    Cancelled,
    /// Released by the agent after payment; the fee is refunded.
    Released,
}

impl ReservationStatus {
    pub const ALL: [ReservationStatus; 7] = [
        ReservationStatus::Held,
        ReservationStatus::Paid,
        ReservationStatus::Confirmed,
        ReservationStatus::Sold,
        ReservationStatus::Expired,
        ReservationStatus::Cancelled,
        ReservationStatus::Released,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReservationStatus::Held => "held",
            ReservationStatus::Paid => "paid",
            ReservationStatus::Confirmed => "confirmed",
            ReservationStatus::Sold => "sold",
            ReservationStatus::Expired => "expired",
            ReservationStatus::Cancelled => "cancelled",
            ReservationStatus::Released => "released",
        }
    }

    pub fn parse(code: &str) -> Option<ReservationStatus> {
        ReservationStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether it keeps the unit from anyone else (the database's partial
    /// unique index counts the same three).
    pub fn is_active(self) -> bool {
        matches!(self, ReservationStatus::Held | ReservationStatus::Paid | ReservationStatus::Confirmed)
    }

    /// Whether the agent may confirm it now.
    pub fn can_confirm(self) -> bool {
        self == ReservationStatus::Paid
    }

    /// Whether the agent may release it (refunding the fee).
    pub fn can_release(self) -> bool {
        matches!(self, ReservationStatus::Paid | ReservationStatus::Confirmed)
    }

    /// Whether the agent may mark the sale complete.
    pub fn can_sell(self) -> bool {
        self == ReservationStatus::Confirmed
    }
}

/// What happens to a fee that has to go back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    None,
    /// Decided; the refund is on its way to Paymob.
    Due,
    Done,
    /// Paymob refused it every time: staff follow it up.
    Failed,
}

impl RefundStatus {
    pub fn parse(code: &str) -> RefundStatus {
        match code {
            "due" => RefundStatus::Due,
            "done" => RefundStatus::Done,
            "failed" => RefundStatus::Failed,
            _ => RefundStatus::None,
        }
    }
}

/// What a listing page says about the unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum UnitState {
    Available,
    /// Someone's hold, until this instant (RFC 3339, UTC).
    Held {
        until: String,
    },
    /// Paid for or confirmed: contracts are being prepared.
    Reserved,
    Sold,
    /// Off the market for another reason.
    Unavailable,
}

/// Piastres in a pound.
pub const PIASTRES_PER_POUND: i64 = 100;
/// The smallest default fee: 10,000 EGP.
pub const MIN_DEFAULT_FEE_EGP: i64 = 10_000;
/// The largest default fee: 250,000 EGP.
pub const MAX_DEFAULT_FEE_EGP: i64 = 250_000;
/// No fee, set or default, is more than a tenth of the price (the
/// database checks the same).
pub const MAX_FEE_SHARE_BP: i64 = 1_000;

/// The fee in piastres for a listing priced `price_egp`: the one its agent
/// set, or `share_bp` basis points of the price rounded to a whole 1,000
/// EGP and kept between 10,000 and 250,000 EGP; never above a tenth of the
/// price. `None` when the price cannot carry a fee.
pub fn fee_piastres(price_egp: i64, set_piastres: Option<i64>, share_bp: u32) -> Option<i64> {
    if price_egp <= 0 {
        return None;
    }
    let cap = price_egp.checked_mul(PIASTRES_PER_POUND)?.checked_mul(MAX_FEE_SHARE_BP)? / 10_000;
    let fee = match set_piastres {
        Some(set) if set > 0 => set,
        Some(_) => return None,
        None => {
            let share = i128::from(price_egp) * i128::from(share_bp) / 10_000;
            let rounded = ((share + 500) / 1_000 * 1_000) as i64;
            rounded.clamp(MIN_DEFAULT_FEE_EGP, MAX_DEFAULT_FEE_EGP) * PIASTRES_PER_POUND
        }
    };
    let fee = fee.min(cap);
    (fee > 0).then_some(fee)
}

/// Whole pounds of a piastre amount, and the piastres left over.
pub fn pounds_and_piastres(piastres: i64) -> (i64, i64) {
    (piastres / PIASTRES_PER_POUND, piastres % PIASTRES_PER_POUND)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_fee_is_a_round_share_of_the_price_within_bounds() {
        // 1 % of 8.4 M = 84,000 EGP.
        assert_eq!(fee_piastres(8_400_000, None, 100), Some(84_000 * 100));
        // 1 % of 3,456,789 = 34,567.89 -> 35,000.
        assert_eq!(fee_piastres(3_456_789, None, 100), Some(35_000 * 100));
        // Small prices: the floor of 10,000 EGP.
        assert_eq!(fee_piastres(900_000, None, 100), Some(10_000 * 100));
        // Huge prices: the ceiling of 250,000 EGP.
        assert_eq!(fee_piastres(90_000_000, None, 100), Some(250_000 * 100));
    }

    #[test]
    fn no_fee_is_above_a_tenth_of_the_price() {
        // The floor would be 10,000 but the price is only 50,000.
        assert_eq!(fee_piastres(50_000, None, 100), Some(5_000 * 100));
        assert_eq!(fee_piastres(1_000_000, Some(500_000 * 100), 100), Some(100_000 * 100));
        assert_eq!(fee_piastres(0, None, 100), None);
        assert_eq!(fee_piastres(-5, None, 100), None);
        assert_eq!(fee_piastres(1_000_000, Some(0), 100), None);
        assert_eq!(fee_piastres(i64::MAX, None, 100), None);
    }

    #[test]
    fn fees_for_every_price_are_positive_and_capped() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let price = (seed % 500_000_000) as i64 + 1;
            let share = (seed >> 40) as u32 % 2_000;
            let set = (seed & 1 == 0).then_some((seed >> 20) as i64 % 100_000_000 + 1);
            if let Some(fee) = fee_piastres(price, set, share) {
                assert!(fee > 0);
                assert!(fee <= price * 100 / 10, "price {price} fee {fee}");
            }
        }
    }

    #[test]
    fn active_states_are_the_three_that_hold_a_unit() {
        let active: Vec<_> = ReservationStatus::ALL.into_iter().filter(|s| s.is_active()).collect();
        assert_eq!(active, [ReservationStatus::Held, ReservationStatus::Paid, ReservationStatus::Confirmed]);
        for s in ReservationStatus::ALL {
            assert_eq!(ReservationStatus::parse(s.code()), Some(s));
        }
    }
}

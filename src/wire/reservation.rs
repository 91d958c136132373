//! Reservations on the wire: what a listing page offers, a reservation as
//! its buyer and staff see it, and the start of a payment. Amounts are
//! integer piastres; times are written on the server in Cairo time.

use crate::domain::reservation::{RefundStatus, ReservationStatus, UnitState};
use serde::{Deserialize, Serialize};

/// Why the caller cannot reserve now, or that they can.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CanReserve {
    Yes,
    /// Reservations are not configured on this site.
    NotAvailable,
    SignIn,
    /// Signed in without a verified phone number.
    VerifyPhone,
    /// The unit is not available (held, reserved, sold or off the market).
    Taken,
    /// Staff accounts do not reserve.
    Staff,
}

/// The reservation box of a listing page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReserveOffer {
    pub listing_id: i64,
    pub state: UnitState,
    /// Cairo time the hold ends (HH:MM), when held.
    pub held_until: Option<String>,
    pub fee_piastres: i64,
    pub hold_minutes: u32,
    pub reserved_days: u32,
    pub can: CanReserve,
    /// The caller's own active reservation of this unit.
    pub mine: Option<String>,
}

/// Where to pay for a new hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReserveStarted {
    pub id: String,
    pub checkout_url: String,
}

/// One reservation as its buyer (and staff) see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReservationView {
    pub id: String,
    pub listing_id: i64,
    pub title_en: String,
    pub title_ar: Option<String>,
    pub status: ReservationStatus,
    pub amount_piastres: i64,
    /// Seconds left on a hold (0 once past).
    pub seconds_left: i64,
    /// Cairo time the hold ends, HH:MM.
    pub hold_until: String,
    pub card: Option<String>,
    /// Cairo date and time it was paid, and until when it keeps the unit.
    pub paid_at: Option<String>,
    pub reserved_until: Option<String>,
    pub confirmed_at: Option<String>,
    pub sold_at: Option<String>,
    pub closed_at: Option<String>,
    pub reason: Option<String>,
    pub refund: RefundStatus,
    pub created_at: String,
    /// Where to pay while it is a hold (the caller's own only).
    pub checkout_url: Option<String>,
}

/// A reservation in the dashboard: with its buyer and what staff can do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffReservation {
    pub reservation: ReservationView,
    pub buyer_name: Option<String>,
    pub buyer_email: Option<String>,
    pub buyer_phone: Option<String>,
}

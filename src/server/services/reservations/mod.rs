//! Reservations: a buyer with a verified phone holds a unit for a few
//! minutes and pays the fee on Paymob's checkout; the agent confirms (the
//! unit is reserved, later sold) or releases it (the fee is refunded).
//!
//! Threats and what answers them:
//! - a unit sold twice (two buyers racing, a retry, a second tab): one
//!   active reservation per listing is a partial unique index; the loser of
//!   a race gets "held until HH:MM" (409) before any payment starts;
//! - an amount chosen by the client: the fee is worked out here from the
//!   listing; the browser sends only the listing id;
//! - a forged or replayed callback, or one for another amount, currency,
//!   integration or order: `callback` (HMAC, constant-time compare, events
//!   keyed by Paymob's transaction id in the transaction of their effect);
//! - a refund or void taken as a payment: refunds never move a reservation
//!   towards paid;
//! - money kept for a unit the buyer cannot have (a late payment, a second
//!   payment): refunded automatically, the buyer told;
//! - a callback that never comes: the reconciler asks Paymob (`reconcile`);
//! - another buyer's reservation read or changed: every read checks the
//!   buyer or the listing's agent (or an admin); staff actions check the
//!   reservation's state in the same `update`.

pub mod callback;
pub mod reconcile;

use crate::domain::account::{Role, User};
use crate::domain::reservation::{
    RefundStatus, ReservationStatus, UnitState, fee_piastres, pounds_and_piastres,
};
use crate::i18n::Lang;
use crate::i18n::messages::{ReservationEvent, ReservationMail, reservation_mail};
use crate::server::adapters::mail::Rendered;
use crate::server::adapters::paymob::{IntentionRequest, Paymob};
use crate::server::config::Config;
use crate::server::db::reservations::{self as repo, Row};
use crate::server::services::outbox::{self, Outbound, Outbox};
use crate::server::services::search::service::SearchService;
use crate::wire::AppError;
use crate::wire::reservation::{CanReserve, ReservationView, ReserveOffer, ReserveStarted, StaffReservation};
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;
use uuid::Uuid;

/// A payment that lands this long after its hold ended still counts, if
/// nobody else took the unit meanwhile (the checkout closes at the hold's
/// end; its last payment's callback may take a moment).
pub const GRACE: chrono::Duration = chrono::Duration::minutes(2);

pub struct Reservations {
    db: PgPool,
    paymob: Option<Arc<Paymob>>,
    outbox: Arc<Outbox>,
    search: Arc<SearchService>,
    public_url: String,
    hold: Duration,
    fee_bp: u32,
    days: u32,
    /// Seconds added to the wall clock: tests move time forward.
    offset_secs: AtomicI64,
}

impl Reservations {
    /// `public_url` is where Paymob reaches this site (callbacks, return).
    pub fn new(
        config: &Config,
        public_url: String,
        db: PgPool,
        outbox: Arc<Outbox>,
        search: Arc<SearchService>,
    ) -> Reservations {
        Reservations {
            db,
            paymob: config.paymob.clone().map(|c| Arc::new(Paymob::new(c))),
            outbox,
            search,
            public_url,
            hold: config.reservation_hold,
            fee_bp: config.reservation_fee_bp,
            days: config.reservation_days,
            offset_secs: AtomicI64::new(0),
        }
    }

    pub fn paymob(&self) -> Option<&Paymob> {
        self.paymob.as_deref()
    }

    /// Now, as reservations see it.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::seconds(self.offset_secs.load(Ordering::Relaxed))
    }

    /// Moves this instance's clock forward (tests of expiry).
    pub fn advance(&self, by: Duration) {
        self.offset_secs.fetch_add(by.as_secs() as i64, Ordering::Relaxed);
    }

    fn url(&self, id: Uuid) -> String {
        format!("{}/reservations/{id}", self.public_url)
    }

    /// What the listing page offers `user` for `listing_id`.
    pub async fn offer(&self, user: Option<&User>, listing_id: i64) -> Result<ReserveOffer, AppError> {
        let terms =
            repo::terms(&self.db, listing_id).await.map_err(AppError::internal)?.ok_or(AppError::NotFound)?;
        let now = self.now();
        let active =
            match (terms.active_status.as_deref().and_then(ReservationStatus::parse), terms.active_until) {
                (Some(ReservationStatus::Held), Some(until)) if until <= now => None,
                (Some(status), until) => Some((status, until)),
                _ => None,
            };
        let state = if terms.sold {
            UnitState::Sold
        } else if let Some((status, until)) = active {
            match status {
                ReservationStatus::Held => {
                    UnitState::Held { until: until.map(|u| u.to_rfc3339()).unwrap_or_default() }
                }
                _ => UnitState::Reserved,
            }
        } else if !terms.is_available {
            UnitState::Unavailable
        } else {
            UnitState::Available
        };
        let held_until = match (&state, active) {
            (UnitState::Held { .. }, Some((_, Some(until)))) => Some(clock(until)),
            _ => None,
        };
        let mine = match (user, terms.active_buyer, terms.active_id) {
            (Some(u), Some(buyer), Some(id)) if u.id == buyer && active.is_some() => Some(id.to_string()),
            _ => None,
        };
        let can = if self.paymob.is_none() {
            CanReserve::NotAvailable
        } else if state != UnitState::Available {
            CanReserve::Taken
        } else {
            match user {
                None => CanReserve::SignIn,
                Some(u) if u.role != Role::Buyer => CanReserve::Staff,
                Some(u) if !(u.phone_verified && u.phone.is_some()) => CanReserve::VerifyPhone,
                Some(_) => CanReserve::Yes,
            }
        };
        Ok(ReserveOffer {
            listing_id,
            state,
            held_until,
            fee_piastres: fee_piastres(terms.price_egp, terms.reservation_fee_piastres, self.fee_bp)
                .unwrap_or(0),
            hold_minutes: (self.hold.as_secs() / 60) as u32,
            reserved_days: self.days,
            can,
            mine,
        })
    }

    /// Places a hold on `listing_id` for `user` and starts the payment:
    /// where to send the buyer.
    pub async fn reserve(
        self: &Arc<Self>,
        user: &User,
        listing_id: i64,
        lang: Lang,
    ) -> Result<ReserveStarted, AppError> {
        let paymob = self.paymob.as_ref().ok_or(AppError::Unavailable)?;
        if user.role != Role::Buyer {
            return Err(AppError::Forbidden);
        }
        let phone = match (&user.phone, user.phone_verified) {
            (Some(phone), true) => phone.clone(),
            _ => {
                return Err(AppError::validation(
                    "phone_verified",
                    "verify your phone number before reserving",
                ));
            }
        };
        if paymob.breaker.state() == crate::server::adapters::breaker::BreakerState::Open {
            return Err(AppError::Unavailable);
        }
        let now = self.now();
        let id = Uuid::new_v4();
        let mut tx = self.db.begin().await.map_err(AppError::internal)?;
        let terms =
            repo::terms(&mut *tx, listing_id).await.map_err(AppError::internal)?.ok_or(AppError::NotFound)?;
        if terms.sold || !terms.is_available {
            return Err(AppError::Conflict { message: "this unit is not available".into() });
        }
        let amount = fee_piastres(terms.price_egp, terms.reservation_fee_piastres, self.fee_bp)
            .ok_or_else(|| AppError::Conflict { message: "this unit cannot be reserved online".into() })?;
        let expired =
            repo::expire_listing_holds(&mut tx, listing_id, now - GRACE).await.map_err(AppError::internal)?;
        let hold_expires_at =
            now + chrono::Duration::from_std(self.hold).unwrap_or(chrono::Duration::minutes(15));
        let hold = repo::NewHold {
            id,
            listing_id,
            buyer_id: user.id,
            amount_piastres: amount,
            lang: lang.code(),
            hold_expires_at,
        };
        match repo::insert_hold(&mut tx, hold).await {
            Ok(()) => {}
            Err(e) if e.as_database_error().and_then(|d| d.constraint()) == Some(repo::ONE_ACTIVE) => {
                drop(tx);
                metrics::counter!("reservation_conflicts_total").increment(1);
                return Err(self.taken(user, listing_id).await);
            }
            Err(e)
                if e.as_database_error().and_then(|d| d.constraint()) == Some(repo::ONE_HOLD_PER_BUYER) =>
            {
                return Err(AppError::Conflict {
                    message: "you are holding another unit: pay for it or let its hold end first".into(),
                });
            }
            Err(e) => return Err(AppError::internal(e)),
        }
        tx.commit().await.map_err(AppError::internal)?;
        if !expired.is_empty() {
            tracing::info!(
                listing.id = listing_id,
                expired = expired.len(),
                "stale holds expired by a new hold"
            );
        }
        self.search.catalog_changed();
        metrics::counter!("reservation_holds_total").increment(1);
        let (first, last) = split_name(user.name.as_deref());
        let email = user.email.clone().unwrap_or_else(|| format!("buyer{}@no-email.osool.local", user.id));
        let start = Start { id, listing_id, amount, title: terms.title_en, first, last, email, phone };
        // In a task of its own: a buyer who leaves mid-request must not
        // leave a hold without a payment behind.
        let this = self.clone();
        match tokio::spawn(async move { this.start_payment(start).await }).await {
            Ok(result) => result,
            Err(join) => {
                tracing::error!(reservation.id = %id, error = %join, "starting the payment panicked");
                let _ = repo::cancel_hold(&self.db, id, "the payment could not start", self.now()).await;
                self.search.catalog_changed();
                Err(AppError::Unavailable)
            }
        }
    }

    /// Creates the Paymob intention for a new hold and keeps it; on any
    /// failure the hold is dropped and the unit is free again.
    async fn start_payment(&self, s: Start) -> Result<ReserveStarted, AppError> {
        let Some(paymob) = self.paymob.as_ref() else { return Err(AppError::Unavailable) };
        let reference = s.id.to_string();
        let title = format!("Reservation fee: {} (listing {})", s.title, s.listing_id);
        let item: String = title.chars().take(200).collect();
        let notification_url = format!("{}/payments/paymob/processed", self.public_url);
        let redirection_url = format!("{}/payments/paymob/return", self.public_url);
        let request = IntentionRequest {
            amount_cents: s.amount,
            special_reference: &reference,
            item_name: &item,
            notification_url: &notification_url,
            redirection_url: &redirection_url,
            expiration_secs: self.hold.as_secs(),
            first_name: &s.first,
            last_name: &s.last,
            email: &s.email,
            phone: &s.phone,
        };
        let outcome = match paymob.create_intention(&request).await {
            Ok(intention) => repo::set_intention(
                &self.db,
                s.id,
                &intention.id,
                intention.order_id,
                &intention.client_secret,
            )
            .await
            .map(|()| paymob.checkout_url(&intention.client_secret))
            .map_err(|e| e.to_string()),
            Err(error) => Err(error.to_string()),
        };
        match outcome {
            Ok(checkout_url) => {
                tracing::info!(reservation.id = %s.id, listing.id = s.listing_id, "hold placed, payment started");
                Ok(ReserveStarted { id: reference, checkout_url })
            }
            Err(error) => {
                tracing::warn!(reservation.id = %s.id, %error, "the payment could not start: the hold is dropped");
                metrics::counter!("reservation_intention_failures_total").increment(1);
                repo::cancel_hold(&self.db, s.id, "the payment could not start", self.now())
                    .await
                    .map_err(AppError::internal)?;
                self.search.catalog_changed();
                Err(AppError::Unavailable)
            }
        }
    }

    /// The answer for a caller who lost the race for `listing_id`.
    async fn taken(&self, user: &User, listing_id: i64) -> AppError {
        match repo::terms(&self.db, listing_id).await {
            Ok(Some(t)) if t.active_buyer == Some(user.id) => {
                AppError::Conflict { message: "you already hold this unit: see your reservations".into() }
            }
            Ok(Some(t)) => match (t.active_status.as_deref(), t.active_until) {
                (Some("held"), Some(until)) => AppError::Held { until: clock(until) },
                (Some(_), _) => AppError::Conflict { message: "this unit is reserved".into() },
                // The holder's hold ended between our insert and this read.
                (None, _) => AppError::Conflict { message: "the unit was just released: try again".into() },
            },
            Ok(None) => AppError::NotFound,
            Err(e) => AppError::internal(e),
        }
    }

    /// One reservation, for its buyer, the listing's agent or an admin.
    pub async fn view(&self, user: &User, id: &str) -> Result<ReservationView, AppError> {
        let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
        let row = repo::by_id(&self.db, id).await.map_err(AppError::internal)?.ok_or(AppError::NotFound)?;
        if !may_see(user, &row) {
            // Someone else's reservation does not exist, as far as they know.
            return Err(AppError::NotFound);
        }
        Ok(self.to_view(&row, row.buyer_id == user.id))
    }

    pub async fn mine(&self, user: &User) -> Result<Vec<ReservationView>, AppError> {
        let rows = repo::for_buyer(&self.db, user.id).await.map_err(AppError::internal)?;
        Ok(rows.iter().map(|r| self.to_view(r, true)).collect())
    }

    /// The dashboard's list: an agent's listings', or all for an admin.
    pub async fn for_staff(
        &self,
        staff: &User,
        active_only: bool,
    ) -> Result<Vec<StaffReservation>, AppError> {
        let agent = match staff.role {
            Role::Admin => None,
            Role::Agent => Some(staff.id),
            Role::Buyer => return Err(AppError::Forbidden),
        };
        let rows = repo::for_staff(&self.db, agent, active_only).await.map_err(AppError::internal)?;
        Ok(rows
            .iter()
            .map(|r| StaffReservation {
                reservation: self.to_view(r, false),
                buyer_name: r.buyer_name.clone(),
                buyer_email: r.buyer_email.clone(),
                buyer_phone: r.buyer_phone.clone(),
            })
            .collect())
    }

    fn to_view(&self, r: &Row, own: bool) -> ReservationView {
        let status = ReservationStatus::parse(&r.status).unwrap_or(ReservationStatus::Cancelled);
        let now = self.now();
        let seconds_left = if status == ReservationStatus::Held {
            (r.hold_expires_at - now).num_seconds().max(0)
        } else {
            0
        };
        let checkout_url = match (own, status, &r.paymob_client_secret, &self.paymob) {
            (true, ReservationStatus::Held, Some(secret), Some(p)) if seconds_left > 0 => {
                Some(p.checkout_url(secret))
            }
            _ => None,
        };
        ReservationView {
            id: r.id.to_string(),
            listing_id: r.listing_id,
            title_en: r.listing_title_en.clone(),
            title_ar: r.listing_title_ar.clone(),
            status,
            amount_piastres: r.amount_piastres,
            seconds_left,
            hold_until: clock(r.hold_expires_at),
            card: match (&r.card_brand, &r.card_last4) {
                (Some(brand), Some(last4)) => Some(format!("{brand} •••• {last4}")),
                (None, Some(last4)) => Some(format!("•••• {last4}")),
                _ => None,
            },
            paid_at: r.paid_at.map(crate::server::time::cairo_display),
            reserved_until: r.reserved_until.map(crate::server::time::cairo_display),
            confirmed_at: r.confirmed_at.map(crate::server::time::cairo_display),
            sold_at: r.sold_at.map(crate::server::time::cairo_display),
            closed_at: r.closed_at.map(crate::server::time::cairo_display),
            reason: r.reason.clone(),
            refund: RefundStatus::parse(&r.refund_status),
            created_at: crate::server::time::cairo_display(r.created_at),
            checkout_url,
        }
    }

    /// The agent confirms a paid reservation: the unit is reserved.
    pub async fn confirm(&self, staff: &User, id: &str) -> Result<(), AppError> {
        self.staff_move(staff, id, &["paid"], "confirmed", None, ReservationEvent::Confirmed).await
    }

    /// The sale completed: the reservation is sold and the listing too.
    pub async fn complete_sale(&self, staff: &User, id: &str) -> Result<(), AppError> {
        self.staff_move(staff, id, &["confirmed"], "sold", None, ReservationEvent::Sold).await
    }

    /// The agent releases a paid or confirmed reservation, with a reason:
    /// the unit is free again and the fee is refunded.
    pub async fn release(&self, staff: &User, id: &str, reason: &str) -> Result<(), AppError> {
        let reason = reason.trim();
        if reason.chars().count() < 3 {
            return Err(AppError::validation("reason", "say why the reservation is released"));
        }
        if reason.chars().count() > 500 {
            return Err(AppError::validation("reason", "at most 500 characters"));
        }
        self.staff_move(
            staff,
            id,
            &["paid", "confirmed"],
            "released",
            Some(reason),
            ReservationEvent::Released,
        )
        .await
    }

    async fn staff_move(
        &self,
        staff: &User,
        id: &str,
        from: &[&str],
        to: &str,
        reason: Option<&str>,
        event: ReservationEvent,
    ) -> Result<(), AppError> {
        if !staff.role.at_least(Role::Agent) {
            return Err(AppError::Forbidden);
        }
        let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
        let now = self.now();
        let mut tx = self.db.begin().await.map_err(AppError::internal)?;
        let row = repo::by_id(&mut *tx, id).await.map_err(AppError::internal)?.ok_or(AppError::NotFound)?;
        if staff.role == Role::Agent && row.listing_agent_id != Some(staff.id) {
            return Err(AppError::NotFound);
        }
        let moved = repo::transition(&mut tx, id, from, to, reason, Some(staff.id), now)
            .await
            .map_err(AppError::internal)?;
        if !moved {
            return Err(AppError::Conflict { message: format!("this reservation is {}", row.status) });
        }
        if to == "sold" {
            repo::mark_listing_sold(&mut tx, row.listing_id, now).await.map_err(AppError::internal)?;
        }
        if to == "released"
            && let Some(transaction) = row.paymob_transaction_id
            && !repo::schedule_refund(&mut tx, id, transaction, row.amount_piastres, "released by staff")
                .await
                .map_err(AppError::internal)?
        {
            return Err(AppError::Conflict { message: "this payment is already being refunded".into() });
        }
        let row = Row { reason: reason.map(str::to_owned).or(row.reason.clone()), ..row };
        self.tell(&mut tx, &row, event).await.map_err(AppError::internal)?;
        tx.commit().await.map_err(AppError::internal)?;
        self.outbox.wake();
        self.search.catalog_changed();
        tracing::info!(reservation.id = %id, to, staff.id = staff.id, "reservation moved by staff");
        Ok(())
    }

    /// Writes the buyer's mail (or text message, without an email) about
    /// `event` into the outbox, in `tx`.
    async fn tell(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Postgres>,
        row: &Row,
        event: ReservationEvent,
    ) -> sqlx::Result<()> {
        let lang = Lang::from_code(&row.lang).unwrap_or_default();
        let title = match lang {
            Lang::Ar => row.listing_title_ar.clone().unwrap_or_else(|| row.listing_title_en.clone()),
            Lang::En => row.listing_title_en.clone(),
        };
        let url = self.url(row.id);
        let reserved_until = row.reserved_until.or_else(|| {
            (event == ReservationEvent::Paid)
                .then(|| self.now() + chrono::Duration::days(i64::from(self.days)))
        });
        let buyer = row.buyer_name.clone().unwrap_or_else(|| match lang {
            Lang::Ar => "عميلنا".to_owned(),
            Lang::En => "there".to_owned(),
        });
        let mail = ReservationMail {
            buyer: &buyer,
            title: &title,
            amount: amount_text(row.amount_piastres, lang),
            until: reserved_until.map(crate::server::time::cairo_display),
            reason: row.reason.as_deref(),
            url: &url,
        };
        let (subject, text) = reservation_mail(lang, event, &mail);
        match (&row.buyer_email, &row.buyer_phone) {
            (Some(email), _) => {
                outbox::enqueue(&mut **tx, Outbound::mail(email, Rendered::text(subject, text))).await
            }
            (None, Some(phone)) => match crate::domain::account::Phone::parse(phone) {
                Ok(phone) => {
                    outbox::enqueue(&mut **tx, Outbound::sms(&phone, format!("{subject}. {url}"))).await
                }
                Err(_) => Ok(()),
            },
            (None, None) => Ok(()),
        }
    }
}

/// What starting a payment needs, owned (it runs in a task of its own).
struct Start {
    id: Uuid,
    listing_id: i64,
    amount: i64,
    title: String,
    first: String,
    last: String,
    email: String,
    phone: String,
}

fn may_see(user: &User, row: &Row) -> bool {
    row.buyer_id == user.id
        || user.role == Role::Admin
        || (user.role == Role::Agent && row.listing_agent_id == Some(user.id))
}

/// HH:MM in Cairo.
fn clock(at: DateTime<Utc>) -> String {
    crate::server::time::cairo_now(at).format("%H:%M").to_string()
}

/// "EGP 84,000" or "84,000.50 ج.م" for a piastre amount.
pub fn amount_text(piastres: i64, lang: Lang) -> String {
    let (pounds, rest) = pounds_and_piastres(piastres);
    let whole = crate::i18n::format_egp(crate::domain::Egp::new(pounds), lang);
    if rest == 0 { whole } else { format!("{whole} + {rest} pt") }
}

/// First and last name for Paymob's billing data (it wants both).
fn split_name(name: Option<&str>) -> (String, String) {
    let name = name.map(str::trim).filter(|n| !n.is_empty()).unwrap_or("Osool buyer");
    match name.split_once(' ') {
        Some((first, last)) => (first.to_owned(), last.trim().to_owned()),
        None => (name.to_owned(), "NA".to_owned()),
    }
}

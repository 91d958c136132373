//! Paymob's transaction callbacks. The processed callback (a POST from
//! Paymob's servers) is the only thing that moves a reservation to paid:
//! its HMAC is checked in constant time, the transaction is stored keyed by
//! Paymob's id in the same database transaction as its effect (a replay
//! finds it and changes nothing), and it must match the reservation its
//! signed order id names: amount, currency and integration. A refund or a
//! void is never a payment. A payment that cannot reserve the unit (late,
//! or a second one) is refunded. The response callback (the buyer's browser
//! coming back) is verified the same way and used only to show a page.

use super::{GRACE, Reservations};
use crate::domain::reservation::ReservationStatus;
use crate::i18n::messages::ReservationEvent;
use crate::server::adapters::paymob;
use crate::server::db::reservations::{self as repo, Payment};
use serde_json::Value;
use std::collections::HashMap;

/// What a callback did, for the HTTP answer and the tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Refused before anything was read as true (bad signature, unreadable).
    Rejected,
    /// Seen before: nothing changed.
    Replay,
    /// Recorded; `changed` says whether a reservation moved.
    Recorded { changed: bool },
}

/// Our own failure (the database): Paymob should retry.
#[derive(Debug, thiserror::Error)]
#[error("the callback could not be stored: {0}")]
pub struct Transient(#[from] sqlx::Error);

/// The facts of a transaction the decision needs, read from its object.
struct Facts {
    id: i64,
    order_id: i64,
    amount_cents: i64,
    currency: String,
    integration_id: i64,
    success: bool,
    pending: bool,
    /// A refund, a void, or a transaction on top of another one.
    reversal: bool,
    /// The transaction a refund refunds.
    parent: Option<i64>,
    pan: Option<String>,
    brand: Option<String>,
}

fn int(v: &Value) -> Option<i64> {
    v.as_i64()
}

fn flag(v: &Value) -> bool {
    v.as_bool() == Some(true)
}

/// Whether every signed field has the JSON type Paymob sends. The signed
/// string joins the values with no separator, so a value of another type
/// ("false1" for a boolean, a number as text) could move characters from
/// one field to the next and keep the signature: such a callback is refused.
fn well_typed(obj: &Value) -> bool {
    let number = |v: &Value| v.is_i64() || v.is_u64();
    let text_or_null = |v: &Value| v.is_string() || v.is_null();
    let flags = [
        "error_occured",
        "has_parent_transaction",
        "is_3d_secure",
        "is_auth",
        "is_capture",
        "is_refunded",
        "is_standalone_payment",
        "is_voided",
        "pending",
        "success",
    ];
    number(&obj["amount_cents"])
        && number(&obj["id"])
        && number(&obj["integration_id"])
        && number(&obj["order"]["id"])
        && number(&obj["owner"])
        && obj["created_at"].is_string()
        && obj["currency"].is_string()
        && flags.iter().all(|f| obj[*f].is_boolean())
        && text_or_null(&obj["source_data"]["pan"])
        && text_or_null(&obj["source_data"]["sub_type"])
        && text_or_null(&obj["source_data"]["type"])
}

impl Facts {
    fn read(obj: &Value) -> Option<Facts> {
        let pan = obj["source_data"]["pan"]
            .as_str()
            .map(|p| p.chars().filter(char::is_ascii_digit).collect::<String>());
        let last4 = pan.filter(|p| p.len() >= 4).map(|p| p[p.len() - 4..].to_owned());
        Some(Facts {
            id: int(&obj["id"])?,
            order_id: int(&obj["order"]["id"])?,
            amount_cents: int(&obj["amount_cents"])?,
            currency: obj["currency"].as_str()?.to_owned(),
            integration_id: int(&obj["integration_id"]).unwrap_or(0),
            success: flag(&obj["success"]),
            pending: flag(&obj["pending"]),
            reversal: flag(&obj["is_refund"])
                || flag(&obj["is_void"])
                || flag(&obj["is_refunded"])
                || flag(&obj["is_voided"])
                || flag(&obj["has_parent_transaction"]),
            parent: int(&obj["parent_transaction"]),
            pan: last4,
            brand: obj["source_data"]["sub_type"].as_str().map(|s| s.chars().take(40).collect()),
        })
    }
}

impl Reservations {
    /// A transaction processed callback: the raw body and the `hmac` query
    /// parameter.
    pub async fn processed(&self, body: &[u8], hmac: Option<&str>) -> Result<Outcome, Transient> {
        let Some(paymob) = self.paymob() else {
            self.reject("reservations not configured", None).await?;
            return Ok(Outcome::Rejected);
        };
        let Ok(callback) = serde_json::from_slice::<Value>(body) else {
            self.reject("unreadable body", None).await?;
            return Ok(Outcome::Rejected);
        };
        let obj = &callback["obj"];
        let claimed = obj["id"].as_i64().map(|id| id.to_string());
        let signed = hmac.is_some_and(|h| {
            paymob::verify(paymob.config().hmac_secret.expose(), &paymob::processed_string(obj), h)
        });
        if !signed {
            metrics::counter!("paymob_callbacks_total", "outcome" => "bad_signature").increment(1);
            tracing::warn!(
                claimed = claimed.as_deref(),
                "Paymob callback with a bad or missing signature refused"
            );
            self.reject(if hmac.is_none() { "no signature" } else { "bad signature" }, claimed.as_deref())
                .await?;
            return Ok(Outcome::Rejected);
        }
        if callback["type"].as_str().is_some_and(|t| t != "TRANSACTION") {
            self.reject("not a transaction callback", claimed.as_deref()).await?;
            return Ok(Outcome::Rejected);
        }
        if !well_typed(obj) {
            tracing::warn!(
                claimed = claimed.as_deref(),
                "signed Paymob callback with mistyped fields refused"
            );
            self.reject("mistyped signed fields", claimed.as_deref()).await?;
            return Ok(Outcome::Rejected);
        }
        self.apply(obj).await
    }

    async fn reject(&self, reason: &str, claimed: Option<&str>) -> Result<(), Transient> {
        repo::record_rejection(&self.db, reason, claimed).await?;
        Ok(())
    }

    /// Acts on a genuine transaction (a signed callback, or Paymob's answer
    /// to our inquiry), exactly once per Paymob transaction id.
    pub(super) async fn apply(&self, obj: &Value) -> Result<Outcome, Transient> {
        let Some(facts) = Facts::read(obj).filter(|_| well_typed(obj)) else {
            self.reject("signed but missing its ids or amount", None).await?;
            return Ok(Outcome::Rejected);
        };
        if facts.pending {
            // Not stored: the same transaction id comes back with its outcome.
            tracing::info!(transaction = facts.id, "Paymob transaction pending: waiting for its outcome");
            return Ok(Outcome::Recorded { changed: false });
        }
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let row = repo::lock_by_order(&mut tx, facts.order_id).await?;
        let allowed =
            self.paymob().is_some_and(|p| p.config().integration_ids.contains(&facts.integration_id));
        let (kind, outcome, event): (&str, String, Option<ReservationEvent>) = match &row {
            None => ("unknown_order", format!("order {} is not one of ours", facts.order_id), None),
            Some(_) if facts.reversal => ("refund", "a refund or void: never a payment".into(), None),
            Some(_) if !facts.success => ("declined", "declined: the hold stays until it ends".into(), None),
            Some(r)
                if facts.amount_cents != r.amount_piastres || facts.currency != r.currency || !allowed =>
            {
                let why = format!(
                    "{} {} on integration {} does not match {} {}: refunded",
                    facts.amount_cents, facts.currency, facts.integration_id, r.amount_piastres, r.currency
                );
                if facts.amount_cents > 0 {
                    repo::schedule_refund(
                        &mut tx,
                        r.id,
                        facts.id,
                        facts.amount_cents,
                        "payment did not match",
                    )
                    .await?;
                }
                ("mismatch", why, None)
            }
            Some(r) => {
                let status = ReservationStatus::parse(&r.status);
                let in_time = now <= r.hold_expires_at + GRACE;
                if status == Some(ReservationStatus::Held) && in_time && r.listing_open {
                    let reserved_until = now + chrono::Duration::days(i64::from(self.days));
                    let payment = Payment {
                        transaction_id: facts.id,
                        card_last4: facts.pan.as_deref(),
                        card_brand: facts.brand.as_deref(),
                        paid_at: now,
                        reserved_until,
                    };
                    repo::mark_paid(&mut tx, r.id, payment).await?;
                    ("payment", "paid: the unit is held for the buyer".into(), Some(ReservationEvent::Paid))
                } else {
                    if status == Some(ReservationStatus::Held) {
                        repo::transition(
                            &mut tx,
                            r.id,
                            &["held"],
                            "expired",
                            Some("hold expired unpaid"),
                            None,
                            now,
                        )
                        .await?;
                    }
                    repo::schedule_refund(
                        &mut tx,
                        r.id,
                        facts.id,
                        facts.amount_cents,
                        "payment could not reserve the unit",
                    )
                    .await?;
                    (
                        "late",
                        format!("arrived with the reservation {}: refunded", r.status),
                        Some(ReservationEvent::LateRefunded),
                    )
                }
            }
        };
        let recorded =
            repo::record_event(&mut tx, facts.id, row.as_ref().map(|r| r.id), kind, &outcome, obj).await?;
        if !recorded {
            drop(tx);
            repo::count_replay(&self.db, facts.id).await?;
            metrics::counter!("paymob_callbacks_total", "outcome" => "replay").increment(1);
            return Ok(Outcome::Replay);
        }
        let mut event = event;
        // A refund of ours is done when Paymob's own refund transaction
        // says it succeeded, for the payment and the amount we asked.
        if kind == "refund"
            && facts.success
            && let Some(parent) = facts.parent
            && let Some(reservation) =
                repo::refund_confirmed(&mut tx, parent, facts.id, facts.amount_cents, now).await?
        {
            tracing::info!(reservation.id = %reservation, "refund confirmed by Paymob's callback");
            event = Some(ReservationEvent::Refunded);
        }
        if let (Some(r), Some(event)) = (&row, event) {
            self.tell(&mut tx, r, event).await?;
        }
        tx.commit().await?;
        metrics::counter!("paymob_callbacks_total", "outcome" => kind.to_owned()).increment(1);
        if kind == "unknown_order" {
            tracing::error!(
                transaction = facts.id,
                order = facts.order_id,
                "Paymob transaction for an order we do not know"
            );
        } else {
            tracing::info!(transaction = facts.id, kind, outcome = %outcome, "Paymob callback processed");
        }
        let changed = matches!(kind, "payment" | "late" | "mismatch");
        if changed {
            self.outbox.wake();
            self.search.catalog_changed();
        }
        Ok(Outcome::Recorded { changed })
    }

    /// The response callback (the buyer's browser returning): the
    /// reservation it is about, when its signature holds. Only for showing
    /// a page; the state comes from the processed callback.
    pub async fn returned(&self, query: &HashMap<String, String>) -> Option<uuid::Uuid> {
        let paymob = self.paymob()?;
        let hmac = query.get("hmac")?;
        if !paymob::verify(paymob.config().hmac_secret.expose(), &paymob::response_string(query), hmac) {
            tracing::warn!("Paymob return with a bad signature: ignored");
            return None;
        }
        let order: i64 = query.get("order")?.parse().ok()?;
        repo::id_by_order(&self.db, order).await.ok().flatten()
    }
}

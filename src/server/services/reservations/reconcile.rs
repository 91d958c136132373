//! The reconciler: a background job in every instance that expires holds
//! whose time ran out, asks Paymob about holds whose callback never came
//! (a lost callback must not cost a buyer the unit they paid for, nor keep
//! their money), and sends the refunds decided elsewhere, with retries.
//! Rows are claimed with `for update skip locked` and leases, so several
//! instances share the work without doing any of it twice.

use super::{GRACE, Reservations};
use crate::server::db::reservations as repo;
use std::sync::Arc;
use std::time::Duration;

/// Refund attempts before a refund is left to staff (failed, visible).
const MAX_REFUND_ATTEMPTS: i32 = 8;
/// Refunds sent in one pass (each claimed on its own).
const REFUNDS_PER_PASS: usize = 20;
/// Holds without a callback are asked about after this long.
const QUIET: chrono::Duration = chrono::Duration::minutes(2);

/// What one pass did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub expired: usize,
    pub inquired: usize,
    pub refunds_sent: usize,
    pub refunds_failed: usize,
}

impl Reservations {
    /// Runs passes every `every` until `stop` resolves.
    pub async fn run(self: Arc<Self>, every: Duration, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            match self.reconcile().await {
                Ok(pass) if pass != Pass::default() => tracing::info!(?pass, "reservations reconciled"),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "reconciling reservations failed; next pass retries"),
            }
            if let Ok((held, paid, due, failed)) = repo::backlog(&self.db).await {
                metrics::gauge!("reservations_held").set(held as f64);
                metrics::gauge!("reservations_paid_unconfirmed").set(paid as f64);
                metrics::gauge!("reservation_refunds_due").set(due as f64);
                metrics::gauge!("reservation_refunds_failed").set(failed as f64);
            }
            tokio::select! {
                () = &mut stop => return,
                () = tokio::time::sleep(every) => {}
            }
        }
    }

    /// One pass: inquiries first (a payment found in time keeps its hold),
    /// then expiry, then refunds.
    pub async fn reconcile(&self) -> sqlx::Result<Pass> {
        let mut pass = Pass::default();
        if let Some(paymob) = self.paymob() {
            let now = self.now();
            for (id, order) in repo::holds_to_inquire(&self.db, now, QUIET).await? {
                match paymob.inquire(order).await {
                    Ok(Some(transaction)) => {
                        pass.inquired += 1;
                        if let Err(error) = self.apply(&transaction).await {
                            tracing::warn!(reservation.id = %id, %error, "applying an inquired transaction failed");
                        }
                    }
                    Ok(None) => {}
                    Err(error) => {
                        tracing::warn!(reservation.id = %id, %error, "Paymob inquiry failed");
                        break;
                    }
                }
            }
        }
        pass.expired = self.expire_stale().await?;
        let (sent, failed) = self.send_refunds().await?;
        pass.refunds_sent = sent;
        pass.refunds_failed = failed;
        Ok(pass)
    }

    async fn expire_stale(&self) -> sqlx::Result<usize> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let stale = repo::stale_holds(&mut tx, now - GRACE).await?;
        for id in &stale {
            repo::transition(&mut tx, *id, &["held"], "expired", Some("hold expired unpaid"), None, now)
                .await?;
        }
        tx.commit().await?;
        if !stale.is_empty() {
            metrics::counter!("reservation_holds_expired_total").increment(stale.len() as u64);
            self.search.catalog_changed();
        }
        Ok(stale.len())
    }

    async fn send_refunds(&self) -> sqlx::Result<(usize, usize)> {
        let Some(paymob) = self.paymob() else { return Ok((0, 0)) };
        let (mut sent, mut failed) = (0, 0);
        // One at a time, each under its own lease: a slow Paymob never
        // lets another instance take a refund this one is still sending.
        for _ in 0..REFUNDS_PER_PASS {
            let Some(due) = repo::claim_refund(&self.db, self.now()).await? else { break };
            let answer = paymob.refund(due.transaction_id, due.amount_piastres).await;
            // Paymob answers 200 with its refund transaction, which may
            // still be pending, or may have failed.
            let outcome = match &answer {
                Ok(t) if t["success"].as_bool() == Some(true) && t["pending"].as_bool() != Some(true) => {
                    Ok(true)
                }
                Ok(t) if t["pending"].as_bool() == Some(true) => Ok(false),
                Ok(t) => Err((
                    format!(
                        "Paymob refused the refund: {}",
                        t["data"]["message"].as_str().unwrap_or("no reason")
                    ),
                    false,
                )),
                Err(error) => Err((error.to_string(), error.is_transient())),
            };
            match outcome {
                Ok(done) => {
                    let refund_transaction = answer.as_ref().ok().and_then(|t| t["id"].as_i64());
                    let mut tx = self.db.begin().await?;
                    if repo::refund_accepted(&mut tx, due.id, refund_transaction, done, self.now()).await?
                        && done
                        && let Some(row) = repo::by_id(&mut *tx, due.reservation_id).await?
                    {
                        self.tell(&mut tx, &row, crate::i18n::messages::ReservationEvent::Refunded).await?;
                    }
                    tx.commit().await?;
                    self.outbox.wake();
                    metrics::counter!("reservation_refunds_total", "outcome" => if done { "done" } else { "sent" }).increment(1);
                    sent += 1;
                }
                Err((error, transient)) => {
                    failed += 1;
                    let give_up = due.attempts >= MAX_REFUND_ATTEMPTS || !transient;
                    let next = (!give_up).then(|| {
                        self.now()
                            + chrono::Duration::seconds(30 * 2_i64.pow(due.attempts.clamp(0, 10) as u32))
                    });
                    tracing::warn!(refund.id = due.id, reservation.id = %due.reservation_id, %error, give_up, "refund failed");
                    metrics::counter!("reservation_refunds_total", "outcome" => if give_up { "given_up" } else { "retry" })
                        .increment(1);
                    repo::refund_failed(&self.db, due.id, &error, next).await?;
                }
            }
        }
        Ok((sent, failed))
    }
}

//! The outbox: every mail and text message the app sends. Callers write a
//! row (in the transaction of the change that causes it, where there is
//! one) and return; a worker in each instance claims due rows with
//! `for update skip locked`, sends them and marks them sent, or schedules a
//! retry with exponential backoff, so a message survives SMTP or the SMS
//! provider being down and no request waits on them. A row is held by one
//! worker at a time (a lease), so several instances never send it twice.
//! Rows whose payload is secret (codes, links with tokens) are emptied once
//! sent, expired or given up. When SMTP or the SMS provider fails, the
//! worker remembers the channel is down; the first send that works again
//! (a new message, or for mail a probe every few seconds) makes every
//! waiting message of that channel due at once, so an outage ends for all
//! of them when it ends, not at each row's next backoff. Figures: `outbox_sent_total`,
//! `outbox_retries_total`, `outbox_failed_total`, `outbox_expired_total`
//! (by kind) and the `outbox_pending` gauge.

use crate::domain::account::Phone;
use crate::i18n::Lang;
use crate::server::adapters::mail::{MailError, Mailer, Rendered};
use crate::server::adapters::sms::SmsSender;
use crate::server::db::outbox::{self as repo, Due};
use chrono::{DateTime, Utc};
use rand::Rng;
use serde_json::json;
use sqlx::{PgExecutor, PgPool};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Rows claimed per pass.
const BATCH: i64 = 20;
/// How long a worker holds a claimed row (longer than any send may take).
const LEASE_SECS: i64 = 120;
/// Retries stop after this many attempts, or two days.
const MAX_ATTEMPTS: i32 = 25;
/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);
/// Other instances' rows and retries that come due are found this often.
const POLL: Duration = Duration::from_secs(1);
/// While SMTP is down it is probed at most this often (or at the retry
/// base, when that is shorter).
const PROBE: Duration = Duration::from_secs(5);

/// Where a message goes out: its channel can be down as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Channel {
    Mail,
    Sms,
}

impl Channel {
    fn kind(self) -> &'static str {
        match self {
            Channel::Mail => "mail",
            Channel::Sms => "sms",
        }
    }

    fn of(kind: &str) -> Option<Channel> {
        match kind {
            "mail" => Some(Channel::Mail),
            "sms" => Some(Channel::Sms),
            _ => None,
        }
    }
}

/// Why a row was not sent: the channel failing (SMTP or the provider
/// unreachable or refusing), or something about the row itself.
struct Failure {
    error: String,
    channel_down: bool,
}

impl From<String> for Failure {
    fn from(error: String) -> Failure {
        Failure { error, channel_down: false }
    }
}

/// An account message the worker works out when it sends: the request that
/// asked for it only records the address, so it does the same work (and
/// takes the same time) whether or not an account has that address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountAction {
    /// A link to confirm the address of the account `user_id`.
    Verify,
    /// A password reset link, if an account has this address.
    Reset,
    /// "You already have an account" (someone signed up with the address).
    AlreadyRegistered,
}

/// Something to send.
pub enum Outbound<'a> {
    Mail { to: &'a str, mail: Rendered, secret: bool, expires_at: Option<DateTime<Utc>> },
    Sms { to: &'a Phone, body: String, secret: bool, expires_at: Option<DateTime<Utc>> },
    Account { email: &'a str, action: AccountAction, lang: Lang, user_id: Option<i64> },
}

impl Outbound<'_> {
    pub fn mail(to: &str, mail: Rendered) -> Outbound<'_> {
        Outbound::Mail { to, mail, secret: false, expires_at: None }
    }

    pub fn sms(to: &Phone, body: impl Into<String>) -> Outbound<'_> {
        Outbound::Sms { to, body: body.into(), secret: false, expires_at: None }
    }
}

/// Writes `item` to the outbox through `executor` (a pool, or the caller's
/// transaction so the message exists exactly when the change does).
/// Call `Outbox::wake` after committing to send it at once.
pub async fn enqueue<'e>(executor: impl PgExecutor<'e>, item: Outbound<'_>) -> sqlx::Result<()> {
    let (kind, recipient, payload, secret, expires_at) = match item {
        Outbound::Mail { to, mail, secret, expires_at } => {
            ("mail", to.to_owned(), serde_json::to_value(mail).unwrap_or_default(), secret, expires_at)
        }
        Outbound::Sms { to, body, secret, expires_at } => {
            ("sms", to.as_str().to_owned(), json!({ "body": body }), secret, expires_at)
        }
        Outbound::Account { email, action, lang, user_id } => (
            "account",
            email.to_owned(),
            json!({ "action": action, "lang": lang.code(), "user_id": user_id }),
            false,
            None,
        ),
    };
    repo::insert(executor, repo::NewRow { kind, recipient: &recipient, payload, secret, expires_at }).await
}

/// Works out an account message when it is due (`accounts::links`): the
/// outbox hands the row over and knows nothing of accounts.
pub trait AccountMessages: Send + Sync {
    fn resolve<'a>(
        &'a self,
        tx: &'a mut sqlx::Transaction<'static, sqlx::Postgres>,
        email: &'a str,
        action: AccountAction,
        lang: Lang,
        user_id: Option<i64>,
    ) -> futures::future::BoxFuture<'a, sqlx::Result<()>>;
}

pub struct Outbox {
    db: PgPool,
    mailer: Mailer,
    sms: Arc<dyn SmsSender>,
    wake: Notify,
    retry_base: Duration,
    accounts: Arc<dyn AccountMessages>,
    /// Channels whose last send failed: mail with when it was last probed.
    mail_down: std::sync::Mutex<Option<std::time::Instant>>,
    sms_down: std::sync::atomic::AtomicBool,
}

impl Outbox {
    pub fn new(
        db: PgPool,
        mailer: Mailer,
        sms: Arc<dyn SmsSender>,
        retry_base: Duration,
        accounts: Arc<dyn AccountMessages>,
    ) -> Outbox {
        Outbox {
            db,
            mailer,
            sms,
            wake: Notify::new(),
            retry_base,
            accounts,
            mail_down: std::sync::Mutex::new(None),
            sms_down: std::sync::atomic::AtomicBool::new(false),
        }
    }

    pub fn db(&self) -> &PgPool {
        &self.db
    }

    /// Tells this instance's worker that a row is waiting.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// `enqueue` on the pool, then `wake`.
    pub async fn send(&self, item: Outbound<'_>) -> sqlx::Result<()> {
        enqueue(&self.db, item).await?;
        self.wake();
        Ok(())
    }

    /// The worker: sends what is due until `stop` resolves.
    pub async fn run(self: Arc<Self>, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            let claimed = match self.deliver_due().await {
                Ok(n) => n,
                Err(error) => {
                    tracing::warn!(%error, "outbox pass failed; trying again shortly");
                    0
                }
            };
            if claimed as i64 == BATCH {
                continue;
            }
            match self.probe_mail().await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(error) => tracing::warn!(%error, "outbox could not release the waiting mail"),
            }
            tokio::select! {
                () = &mut stop => return,
                () = self.wake.notified() => {}
                () = tokio::time::sleep(POLL) => {}
            }
        }
    }

    /// One pass: expires stale rows, claims the due ones and sends them.
    /// Returns how many it claimed.
    pub async fn deliver_due(&self) -> sqlx::Result<usize> {
        let expired = repo::expire(&self.db).await?;
        if expired > 0 {
            metrics::counter!("outbox_expired_total").increment(expired);
        }
        let due = repo::claim(&self.db, BATCH, LEASE_SECS as f64).await?;
        let claimed = due.len();
        for row in due {
            let outcome = self.deliver(&row).await;
            self.settle(&row, outcome).await?;
        }
        let pending = repo::pending(&self.db).await?;
        metrics::gauge!("outbox_pending").set(pending as f64);
        Ok(claimed)
    }

    /// While SMTP is down, asks it (at most every `PROBE`) whether it is
    /// back; when it is, makes the waiting mail due. True when it did.
    async fn probe_mail(&self) -> sqlx::Result<bool> {
        let every = self.retry_base.min(PROBE);
        let due = {
            let mut down = self.mail_down.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            match *down {
                Some(last) if last.elapsed() >= every => {
                    *down = Some(std::time::Instant::now());
                    true
                }
                _ => false,
            }
        };
        if !due || self.mailer.probe().await.is_err() {
            return Ok(false);
        }
        self.channel_up(Channel::Mail).await?;
        Ok(true)
    }

    fn channel_down(&self, channel: Channel) {
        match channel {
            Channel::Mail => {
                let mut down = self.mail_down.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                down.get_or_insert_with(std::time::Instant::now);
            }
            Channel::Sms => self.sms_down.store(true, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// A send on `channel` worked: if it was down, everything waiting on
    /// it is due now.
    async fn channel_up(&self, channel: Channel) -> sqlx::Result<()> {
        let was_down = match channel {
            Channel::Mail => {
                self.mail_down.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take().is_some()
            }
            Channel::Sms => self.sms_down.swap(false, std::sync::atomic::Ordering::Relaxed),
        };
        if was_down {
            let released = repo::due_now(&self.db, channel.kind()).await?;
            tracing::info!(channel = channel.kind(), released, "channel is back; waiting messages are due");
            self.wake();
        }
        Ok(())
    }

    async fn deliver(&self, row: &Due) -> Result<Settled, Failure> {
        let down = |error: String| Failure { error, channel_down: true };
        match row.kind.as_str() {
            "mail" => {
                let mail: Rendered =
                    serde_json::from_value(row.payload.clone()).map_err(|e| e.to_string())?;
                self.mailer.deliver(&row.recipient, &mail).await.map_err(|e| match e {
                    MailError::Address(_) => Failure::from(e.to_string()),
                    MailError::NotConfigured | MailError::Send(_) => down(e.to_string()),
                })?;
                Ok(Settled::Sent)
            }
            "sms" => {
                let phone = Phone::parse(&row.recipient).map_err(|e| e.to_owned())?;
                let body = row.payload["body"].as_str().unwrap_or_default();
                self.sms.send(&phone, body).await.map_err(|e| down(e.to_string()))?;
                Ok(Settled::Sent)
            }
            "account" => {
                let action: AccountAction =
                    serde_json::from_value(row.payload["action"].clone()).map_err(|e| e.to_string())?;
                let lang = row.payload["lang"].as_str().and_then(Lang::from_code).unwrap_or_default();
                let user_id = row.payload["user_id"].as_i64();
                let mut tx = self.db.begin().await.map_err(|e| e.to_string())?;
                self.accounts
                    .resolve(&mut tx, &row.recipient, action, lang, user_id)
                    .await
                    .map_err(|e| e.to_string())?;
                repo::done(&mut *tx, row.id).await.map_err(|e| e.to_string())?;
                tx.commit().await.map_err(|e| e.to_string())?;
                // The mail it made (if any) is due now.
                self.wake();
                Ok(Settled::Done)
            }
            other => Err(format!("unknown outbox kind {other}").into()),
        }
    }

    async fn settle(&self, row: &Due, outcome: Result<Settled, Failure>) -> sqlx::Result<()> {
        let kind = row.kind.clone();
        match outcome {
            Ok(Settled::Done) => {}
            Ok(Settled::Sent) => {
                repo::sent(&self.db, row.id).await?;
                metrics::counter!("outbox_sent_total", "kind" => kind).increment(1);
                if let Some(channel) = Channel::of(&row.kind) {
                    self.channel_up(channel).await?;
                }
            }
            Err(Failure { error, channel_down }) => {
                if channel_down && let Some(channel) = Channel::of(&row.kind) {
                    self.channel_down(channel);
                }
                let error: String = error.chars().take(1000).collect();
                let give_up =
                    row.attempts >= MAX_ATTEMPTS || Utc::now() - row.created_at > chrono::Duration::days(2);
                if give_up {
                    tracing::error!(outbox = row.id, kind = %row.kind, attempts = row.attempts, %error, "giving up on a message");
                    repo::failed(&self.db, row.id, &error).await?;
                    metrics::counter!("outbox_failed_total", "kind" => kind).increment(1);
                } else {
                    let wait = backoff(self.retry_base, row.attempts);
                    tracing::warn!(outbox = row.id, kind = %row.kind, attempts = row.attempts, retry_in_ms = wait.as_millis() as u64, %error, "message not sent; will retry");
                    repo::retry(&self.db, row.id, &error, wait.as_secs_f64()).await?;
                    metrics::counter!("outbox_retries_total", "kind" => kind).increment(1);
                }
            }
        }
        Ok(())
    }
}

enum Settled {
    /// Handed to SMTP or the SMS provider.
    Sent,
    /// An account request worked out (its mail, if any, is its own row).
    Done,
}

/// The wait before attempt `attempts + 1`: doubling from `base`, at most
/// `MAX_BACKOFF`, with a fifth of jitter so retries from many rows spread.
fn backoff(base: Duration, attempts: i32) -> Duration {
    let doubled = base.saturating_mul(1u32 << attempts.clamp(1, 16).saturating_sub(1));
    let capped = doubled.min(MAX_BACKOFF);
    let jitter = rand::rng().random_range(0.8..1.2);
    capped.mul_f64(jitter)
}

#[cfg(test)]
mod tests {
    use super::backoff;
    use std::time::Duration;

    #[test]
    fn retries_back_off_doubling_up_to_a_cap() {
        let base = Duration::from_secs(5);
        let first = backoff(base, 1);
        assert!(first >= Duration::from_secs(4) && first <= Duration::from_secs(6), "{first:?}");
        let fourth = backoff(base, 4);
        assert!(fourth >= Duration::from_secs(32) && fourth <= Duration::from_secs(48), "{fourth:?}");
        let late = backoff(base, 25);
        assert!(late <= Duration::from_secs(18 * 60) && late >= Duration::from_secs(12 * 60), "{late:?}");
    }
}

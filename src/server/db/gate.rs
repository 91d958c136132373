//! Whether the database answers, known before a request needs it. A
//! watcher keeps one connection of its own (outside the pool, so a busy
//! pool is not taken for an outage) and pings it every half second; after
//! two failed pings in a row the database is down, and the router answers
//! 503 at once (`http::db_gate`) instead of letting every request wait out
//! the pool's acquire timeout. While down it pings four times a second, so
//! the site is back within a moment of the database. Figures: the
//! `database_up` gauge and `database_gate_refused_total`.

use sqlx::{Connection, PgConnection, PgPool};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Pings while the database answers.
const EVERY_UP: Duration = Duration::from_millis(500);
/// Pings while it does not.
const EVERY_DOWN: Duration = Duration::from_millis(250);
/// A ping (with its connect, when it needs one) that takes longer failed.
const PING_TIMEOUT: Duration = Duration::from_secs(1);
/// Failed pings in a row before the database counts as down.
const THRESHOLD: u32 = 2;

#[derive(Debug, Default)]
pub struct DbGate {
    down: AtomicBool,
}

impl DbGate {
    /// True while the watcher finds the database out of reach.
    pub fn is_down(&self) -> bool {
        self.down.load(Ordering::Relaxed)
    }

    /// Watches the database `pool` connects to until `stop` resolves.
    pub async fn watch(&self, pool: PgPool, stop: impl Future<Output = ()>) {
        tokio::pin!(stop);
        let options = pool.connect_options();
        let mut connection: Option<PgConnection> = None;
        let mut failures = 0u32;
        metrics::gauge!("database_up").set(1.0);
        loop {
            let ping = tokio::time::timeout(PING_TIMEOUT, async {
                let conn = match connection.as_mut() {
                    Some(conn) => conn,
                    None => connection.insert(PgConnection::connect_with(&options).await?),
                };
                conn.ping().await
            })
            .await;
            match ping {
                Ok(Ok(())) => {
                    failures = 0;
                    if self.down.swap(false, Ordering::Relaxed) {
                        tracing::info!("database answers again: requests go through");
                        metrics::gauge!("database_up").set(1.0);
                    }
                }
                outcome => {
                    // A connection that failed or timed out mid-ping is not reused.
                    connection = None;
                    failures = failures.saturating_add(1);
                    if failures >= THRESHOLD && !self.down.swap(true, Ordering::Relaxed) {
                        let error = match outcome {
                            Ok(Err(e)) => e.to_string(),
                            _ => format!("no answer within {} ms", PING_TIMEOUT.as_millis()),
                        };
                        tracing::warn!(%error, "database out of reach: answering 503 until it is back");
                        metrics::gauge!("database_up").set(0.0);
                    }
                }
            }
            let every = if self.is_down() { EVERY_DOWN } else { EVERY_UP };
            tokio::select! {
                () = &mut stop => return,
                () = tokio::time::sleep(every) => {}
            }
        }
    }
}

//! The Postgres pool, the embedded migrations, and the repositories: the
//! only modules with SQL in them.

pub mod analytics;
pub mod chat;
pub mod gate;
pub mod leads;
pub mod listings;
pub mod outbox;
pub mod reservations;
pub mod search;
pub mod usage;
pub mod users;
pub mod viewings;

use crate::server::config::Config;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use std::str::FromStr;
use std::time::Duration;

/// The migrations in `migrations/`, compiled into the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A pool that connects on first use, so the server starts (and `/readyz`
/// reports the outage) even while the database is down.
pub fn pool(config: &Config) -> Result<PgPool, sqlx::Error> {
    let options = PgConnectOptions::from_str(config.database_url.expose())?
        .application_name("osool")
        // A runaway query must not hold a connection forever.
        .options([
            ("statement_timeout", "15s"),
            ("lock_timeout", "5s"),
            // Search queries differ in their values as much as in their
            // shape (a filter matching 2 % or 60 % of the catalog): plan
            // each execution for its values instead of reusing a generic plan.
            ("plan_cache_mode", "force_custom_plan"),
            // Requests are short and wait on their answer: a parallel plan's
            // worker start-up and JIT compilation cost more than they save
            // on tables this size, and parallel workers take the cores the
            // query embedder needs. The catalog's working set is in memory,
            // so a random read costs about what a sequential one does.
            ("max_parallel_workers_per_gather", "0"),
            ("jit", "off"),
            ("random_page_cost", "1.1"),
        ]);
    Ok(PgPoolOptions::new()
        .max_connections(config.database_max_connections)
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(3))
        .idle_timeout(Duration::from_secs(300))
        .connect_lazy_with(options))
}

/// Applies pending migrations; safe to run from several instances at once
/// (sqlx takes an advisory lock).
pub async fn migrate(pool: &PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    MIGRATOR.run(pool).await
}

/// An ILIKE pattern matching `text` anywhere, its wildcards taken literally.
pub fn contains_pattern(text: &str) -> String {
    format!("%{}%", text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

/// Whether the database answers (readiness).
pub async fn ping(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query_scalar!("select 1").fetch_one(pool).await.map(|_| ())
}

//! SQL for the outbox: rows written with the change they belong to, claimed
//! in batches under a lease (`for update skip locked`, so two workers never
//! send one row), and settled as sent, done, retried or failed. Secret
//! payloads are emptied once they are no longer needed.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{PgExecutor, PgPool};

/// A row to write.
pub struct NewRow<'a> {
    pub kind: &'a str,
    pub recipient: &'a str,
    pub payload: Value,
    pub secret: bool,
    pub expires_at: Option<DateTime<Utc>>,
}

pub async fn insert<'e>(executor: impl PgExecutor<'e>, row: NewRow<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        r#"insert into outbox (kind, recipient, payload, secret, expires_at)
           values ($1, $2, $3, $4, $5)"#,
        row.kind,
        row.recipient,
        row.payload,
        row.secret,
        row.expires_at,
    )
    .execute(executor)
    .await?;
    Ok(())
}

/// A claimed row.
pub struct Due {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub payload: Value,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
}

/// Expires pending rows past their expiry; how many.
pub async fn expire(pool: &PgPool) -> sqlx::Result<u64> {
    Ok(sqlx::query!(
        r#"update outbox set status = 'expired', locked_until = null,
                  payload = case when secret then '{}'::jsonb else payload end
           where status = 'pending' and expires_at <= now()"#
    )
    .execute(pool)
    .await?
    .rows_affected())
}

/// Claims up to `batch` due rows for `lease_secs`, counting the attempt.
pub async fn claim(pool: &PgPool, batch: i64, lease_secs: f64) -> sqlx::Result<Vec<Due>> {
    sqlx::query_as!(
        Due,
        r#"update outbox o set locked_until = now() + make_interval(secs => $2), attempts = o.attempts + 1
           from (select id from outbox
                 where status = 'pending' and next_attempt_at <= now()
                   and (locked_until is null or locked_until < now())
                 order by next_attempt_at, id
                 limit $1
                 for update skip locked) due
           where o.id = due.id
           returning o.id, o.kind, o.recipient, o.payload, o.attempts, o.created_at"#,
        batch,
        lease_secs,
    )
    .fetch_all(pool)
    .await
}

pub async fn pending(pool: &PgPool) -> sqlx::Result<i64> {
    sqlx::query_scalar!(r#"select count(*) as "n!" from outbox where status = 'pending'"#)
        .fetch_one(pool)
        .await
}

/// An account request worked out (its mail, if any, is a row of its own).
pub async fn done<'e>(executor: impl PgExecutor<'e>, id: i64) -> sqlx::Result<()> {
    sqlx::query!("update outbox set status = 'done', locked_until = null where id = $1", id)
        .execute(executor)
        .await?;
    Ok(())
}

pub async fn sent(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    sqlx::query!(
        r#"update outbox set status = 'sent', sent_at = now(), locked_until = null, last_error = null,
                  payload = case when secret then '{}'::jsonb else payload end
           where id = $1"#,
        id,
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn failed(pool: &PgPool, id: i64, error: &str) -> sqlx::Result<()> {
    sqlx::query!(
        r#"update outbox set status = 'failed', locked_until = null, last_error = $2,
                  payload = case when secret then '{}'::jsonb else payload end
           where id = $1"#,
        id,
        error,
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn retry(pool: &PgPool, id: i64, error: &str, wait_secs: f64) -> sqlx::Result<()> {
    sqlx::query!(
        r#"update outbox set locked_until = null, last_error = $2,
                  next_attempt_at = now() + make_interval(secs => $3)
           where id = $1"#,
        id,
        error,
        wait_secs,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Makes every pending row of `kind` due now (its channel is back); how many.
pub async fn due_now(pool: &PgPool, kind: &str) -> sqlx::Result<u64> {
    Ok(sqlx::query!(
        "update outbox set next_attempt_at = now() where status = 'pending' and kind = $1 and next_attempt_at > now()",
        kind,
    )
    .execute(pool)
    .await?
    .rows_affected())
}

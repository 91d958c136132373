//! SQL for reservations and Paymob's callbacks. Every change of state is one
//! `update ... where status = <the state it leaves>`, so two requests racing
//! over a reservation cannot both move it; one active reservation per
//! listing is the database's partial unique index, not a check here.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{PgExecutor, PgPool, Postgres, Transaction};
use uuid::Uuid;

/// The partial unique index that keeps a unit from two buyers.
pub const ONE_ACTIVE: &str = "reservations_one_active_per_listing";
/// The one that lets a buyer hold one unit at a time.
pub const ONE_HOLD_PER_BUYER: &str = "reservations_one_hold_per_buyer";

/// A reservation with what its pages and mails show.
#[derive(Clone, Debug)]
pub struct Row {
    pub id: Uuid,
    pub listing_id: i64,
    pub buyer_id: i64,
    pub status: String,
    pub amount_piastres: i64,
    pub currency: String,
    pub lang: String,
    pub hold_expires_at: DateTime<Utc>,
    pub paymob_order_id: Option<i64>,
    pub paymob_client_secret: Option<String>,
    pub paymob_transaction_id: Option<i64>,
    pub card_last4: Option<String>,
    pub card_brand: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
    pub reserved_until: Option<DateTime<Utc>>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub sold_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
    /// none, due (due or sent), done, failed: over the reservation's refunds.
    pub refund_status: String,
    pub created_at: DateTime<Utc>,
    pub listing_title_en: String,
    pub listing_title_ar: Option<String>,
    pub listing_agent_id: Option<i64>,
    /// Whether the listing can still be had (on the market, not sold).
    pub listing_open: bool,
    pub buyer_email: Option<String>,
    pub buyer_name: Option<String>,
    pub buyer_phone: Option<String>,
}

/// `query_as!(Row, ...)` over a reservation joined with its listing and
/// buyer, with `$where` (and the query's arguments) after the join.
macro_rules! rows_where {
    ($where:tt $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            Row,
            r#"select r.id, r.listing_id, r.buyer_id, r.status, r.amount_piastres, r.currency, r.lang,
                      r.hold_expires_at, r.paymob_order_id, r.paymob_client_secret, r.paymob_transaction_id,
                      r.card_last4, r.card_brand, r.paid_at, r.reserved_until, r.confirmed_at, r.sold_at,
                      r.closed_at, r.reason, r.created_at,
                      (select case when bool_or(f.status = 'failed') then 'failed'
                                   when bool_or(f.status in ('due', 'sent')) then 'due'
                                   when bool_or(f.status = 'done') then 'done'
                                   else 'none' end
                       from refunds f where f.reservation_id = r.id) as "refund_status!",
                      t.title_en as listing_title_en, t.title_ar as listing_title_ar,
                      l.agent_id as listing_agent_id,
                      (l.is_available and l.sold_at is null) as "listing_open!",
                      u.email as buyer_email, u.name as buyer_name, u.phone as buyer_phone
               from reservations r join listings l on l.id = r.listing_id
               join listing_texts t on t.listing_id = l.id join users u on u.id = r.buyer_id "#
                + $where
            $(, $arg)*
        )
    };
}

pub async fn by_id<'e>(executor: impl PgExecutor<'e>, id: Uuid) -> sqlx::Result<Option<Row>> {
    rows_where!("where r.id = $1", id).fetch_optional(executor).await
}

/// The caller's reservations, newest first.
pub async fn for_buyer(pool: &PgPool, buyer_id: i64) -> sqlx::Result<Vec<Row>> {
    rows_where!("where r.buyer_id = $1 order by r.created_at desc limit 50", buyer_id).fetch_all(pool).await
}

/// Reservations staff work: an agent's listings' (`agent` set), or all.
pub async fn for_staff(pool: &PgPool, agent: Option<i64>, active_only: bool) -> sqlx::Result<Vec<Row>> {
    rows_where!(
        "where ($1::bigint is null or l.agent_id = $1)
           and (not $2 or r.status in ('held', 'paid', 'confirmed')
                or exists (select 1 from refunds f where f.reservation_id = r.id and f.status <> 'done'))
         order by (r.status = 'paid') desc, r.created_at desc limit 100",
        agent,
        active_only,
    )
    .fetch_all(pool)
    .await
}

/// What a listing's page needs: its price, set fee, availability, and the
/// active reservation if any (status and hold expiry).
pub struct ListingTerms {
    pub price_egp: i64,
    pub reservation_fee_piastres: Option<i64>,
    pub is_available: bool,
    pub sold: bool,
    pub title_en: String,
    pub active_status: Option<String>,
    pub active_until: Option<DateTime<Utc>>,
    pub active_buyer: Option<i64>,
    pub active_id: Option<Uuid>,
}

pub async fn terms<'e>(executor: impl PgExecutor<'e>, listing_id: i64) -> sqlx::Result<Option<ListingTerms>> {
    sqlx::query_as!(
        ListingTerms,
        r#"select l.price_egp, l.reservation_fee_piastres, l.is_available, l.sold_at is not null as "sold!",
                  t.title_en,
                  r.status as "active_status?", r.hold_expires_at as "active_until?",
                  r.buyer_id as "active_buyer?", r.id as "active_id?"
           from listings l join listing_texts t on t.listing_id = l.id
           left join reservations r on r.listing_id = l.id and r.status in ('held', 'paid', 'confirmed')
           where l.id = $1"#,
        listing_id,
    )
    .fetch_optional(executor)
    .await
}

/// Holds on `listing_id` whose time ran out by `now` (the caller leaves
/// the grace out) become expired, so a new buyer can hold the unit before
/// the reconciler passes; their ids.
pub async fn expire_listing_holds(
    tx: &mut Transaction<'static, Postgres>,
    listing_id: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar!(
        r#"update reservations set status = 'expired', closed_at = $2, reason = 'hold expired unpaid'
           where listing_id = $1 and status = 'held' and hold_expires_at <= $2
           returning id"#,
        listing_id,
        now,
    )
    .fetch_all(&mut **tx)
    .await
}

pub struct NewHold<'a> {
    pub id: Uuid,
    pub listing_id: i64,
    pub buyer_id: i64,
    pub amount_piastres: i64,
    pub lang: &'a str,
    pub hold_expires_at: DateTime<Utc>,
}

pub async fn insert_hold(tx: &mut Transaction<'static, Postgres>, h: NewHold<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        r#"insert into reservations (id, listing_id, buyer_id, amount_piastres, lang, hold_expires_at)
           values ($1, $2, $3, $4, $5, $6)"#,
        h.id,
        h.listing_id,
        h.buyer_id,
        h.amount_piastres,
        h.lang,
        h.hold_expires_at,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The intention Paymob created for a hold.
pub async fn set_intention(
    pool: &PgPool,
    id: Uuid,
    intention_id: &str,
    order_id: i64,
    client_secret: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        r#"update reservations set paymob_intention_id = $2, paymob_order_id = $3, paymob_client_secret = $4
           where id = $1"#,
        id,
        intention_id,
        order_id,
        client_secret,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A hold whose payment could not start is dropped: the unit is free again.
pub async fn cancel_hold(pool: &PgPool, id: Uuid, reason: &str, now: DateTime<Utc>) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        r#"update reservations set status = 'cancelled', closed_at = $3, reason = $2
           where id = $1 and status = 'held'"#,
        id,
        reason,
        now,
    )
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
}

/// The reservation a signed order id belongs to, locked for the callback.
pub async fn lock_by_order(
    tx: &mut Transaction<'static, Postgres>,
    order_id: i64,
) -> sqlx::Result<Option<Row>> {
    let id =
        sqlx::query_scalar!("select id from reservations where paymob_order_id = $1 for update", order_id)
            .fetch_optional(&mut **tx)
            .await?;
    match id {
        Some(id) => by_id(&mut **tx, id).await,
        None => Ok(None),
    }
}

/// Records a signed callback; false when its transaction was seen before
/// (then only the replay is counted).
pub async fn record_event(
    tx: &mut Transaction<'static, Postgres>,
    transaction_id: i64,
    reservation_id: Option<Uuid>,
    kind: &str,
    outcome: &str,
    payload: &Value,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query_scalar!(
        r#"insert into payment_events (transaction_id, reservation_id, kind, outcome, payload)
           values ($1, $2, $3, $4, $5)
           on conflict (transaction_id) do nothing
           returning transaction_id"#,
        transaction_id,
        reservation_id,
        kind,
        outcome,
        payload,
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(inserted.is_some())
}

pub async fn count_replay(pool: &PgPool, transaction_id: i64) -> sqlx::Result<()> {
    sqlx::query!("update payment_events set replays = replays + 1 where transaction_id = $1", transaction_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// A refused callback, kept for the record (never keyed by its claims).
pub async fn record_rejection(pool: &PgPool, reason: &str, claimed: Option<&str>) -> sqlx::Result<()> {
    let claimed: Option<String> = claimed.map(|c| c.chars().take(40).collect());
    sqlx::query!(
        "insert into payment_callback_rejections (reason, claimed_transaction) values ($1, $2)",
        reason,
        claimed,
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub struct Payment<'a> {
    pub transaction_id: i64,
    pub card_last4: Option<&'a str>,
    pub card_brand: Option<&'a str>,
    pub paid_at: DateTime<Utc>,
    pub reserved_until: DateTime<Utc>,
}

/// held -> paid, if it is still held.
pub async fn mark_paid(
    tx: &mut Transaction<'static, Postgres>,
    id: Uuid,
    p: Payment<'_>,
) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        r#"update reservations set status = 'paid', paymob_transaction_id = $2, card_last4 = $3, card_brand = $4,
                  paid_at = $5, reserved_until = $6
           where id = $1 and status = 'held'"#,
        id,
        p.transaction_id,
        p.card_last4,
        p.card_brand,
        p.paid_at,
        p.reserved_until,
    )
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// A declined payment ends the hold: the unit is free again.
pub async fn mark_declined(
    tx: &mut Transaction<'static, Postgres>,
    id: Uuid,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        r#"update reservations set status = 'cancelled', closed_at = $2, reason = 'payment declined'
           where id = $1 and status = 'held'"#,
        id,
        now,
    )
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Schedules the refund of payment `transaction_id` (`amount` piastres)
/// made on reservation `id`; the reconciler sends it. False when that
/// payment is already being refunded.
pub async fn schedule_refund(
    tx: &mut Transaction<'static, Postgres>,
    id: Uuid,
    transaction_id: i64,
    amount: i64,
    reason: &str,
) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        r#"insert into refunds (reservation_id, transaction_id, amount_piastres, reason)
           values ($1, $2, $3, $4)
           on conflict (transaction_id) do nothing"#,
        id,
        transaction_id,
        amount,
        reason,
    )
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Moves `id` from one of `from` to `to`, stamping the time; whether it moved.
pub async fn transition(
    tx: &mut Transaction<'static, Postgres>,
    id: Uuid,
    from: &[&str],
    to: &str,
    reason: Option<&str>,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let from: Vec<String> = from.iter().map(|s| (*s).to_owned()).collect();
    Ok(sqlx::query!(
        r#"update reservations set status = $3,
                  confirmed_at = case when $3 = 'confirmed' then $6 else confirmed_at end,
                  sold_at = case when $3 = 'sold' then $6 else sold_at end,
                  closed_at = case when $3 in ('released', 'expired', 'cancelled') then $6 else closed_at end,
                  reason = coalesce($4, reason),
                  closed_by = coalesce($5, closed_by)
           where id = $1 and status = any($2)"#,
        id,
        &from[..],
        to,
        reason,
        by,
        now,
    )
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// The sale completed: the listing is sold and off the market.
pub async fn mark_listing_sold(
    tx: &mut Transaction<'static, Postgres>,
    listing_id: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update listings set sold_at = $2, is_available = false where id = $1 and sold_at is null",
        listing_id,
        now,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Holds past their time, locked for the reconciler (a batch).
pub async fn stale_holds(
    tx: &mut Transaction<'static, Postgres>,
    now: DateTime<Utc>,
) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar!(
        r#"select id from reservations where status = 'held' and hold_expires_at <= $1
           order by hold_expires_at limit 100 for update skip locked"#,
        now,
    )
    .fetch_all(&mut **tx)
    .await
}

/// Orders to ask Paymob about (ids and orders): holds older than `quiet`
/// whose payment has not been heard of, and holds that expired in the last
/// ten minutes (a payment may have landed at the very end); each at most
/// every two minutes.
pub async fn holds_to_inquire(
    pool: &PgPool,
    now: DateTime<Utc>,
    quiet: chrono::Duration,
) -> sqlx::Result<Vec<(Uuid, i64)>> {
    let rows = sqlx::query!(
        r#"update reservations r set inquired_at = $1
           from (select id from reservations
                 where paymob_order_id is not null and paymob_transaction_id is null
                   and ((status = 'held' and created_at <= $2)
                        or (status = 'expired' and hold_expires_at > $1::timestamptz - interval '10 minutes'))
                   and (inquired_at is null or inquired_at <= $1::timestamptz - interval '2 minutes')
                   and not exists (select 1 from payment_events e
                                   where e.reservation_id = reservations.id
                                     and e.kind in ('payment', 'late', 'mismatch'))
                 order by created_at limit 50
                 for update skip locked) due
           where r.id = due.id
           returning r.id, r.paymob_order_id as "order_id!""#,
        now,
        now - quiet,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.order_id)).collect())
}

pub struct DueRefund {
    pub id: i64,
    pub reservation_id: Uuid,
    pub transaction_id: i64,
    pub amount_piastres: i64,
    pub attempts: i32,
}

/// One due refund, held for two minutes (longer than a call to Paymob may
/// take), so two instances never send it at once.
pub async fn claim_refund(pool: &PgPool, now: DateTime<Utc>) -> sqlx::Result<Option<DueRefund>> {
    sqlx::query_as!(
        DueRefund,
        r#"update refunds f set locked_until = $1 + interval '2 minutes', attempts = f.attempts + 1
           from (select id from refunds
                 where status = 'due' and next_attempt_at <= $1 and (locked_until is null or locked_until < $1)
                 order by next_attempt_at limit 1 for update skip locked) due
           where f.id = due.id
           returning f.id, f.reservation_id, f.transaction_id, f.amount_piastres, f.attempts"#,
        now,
    )
    .fetch_optional(pool)
    .await
}

/// Paymob accepted refund `id` as refund transaction `refund_transaction`:
/// done when it says so, else sent (its callback confirms it).
pub async fn refund_accepted(
    tx: &mut Transaction<'static, Postgres>,
    id: i64,
    refund_transaction: Option<i64>,
    done: bool,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        r#"update refunds set status = case when $3 then 'done' else 'sent' end,
                  done_at = case when $3 then $4::timestamptz end, refund_transaction_id = $2,
                  locked_until = null, last_error = null
           where id = $1 and status = 'due'"#,
        id,
        refund_transaction,
        done,
        now,
    )
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Paymob's callback confirms the refund of payment `parent` by `amount`:
/// the reservation it belongs to, when a refund of ours was waiting for it.
pub async fn refund_confirmed(
    tx: &mut Transaction<'static, Postgres>,
    parent: i64,
    refund_transaction: i64,
    amount: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!(
        r#"update refunds set status = 'done', done_at = $4, refund_transaction_id = $2, locked_until = null
           where transaction_id = $1 and amount_piastres = $3 and status in ('due', 'sent')
           returning reservation_id"#,
        parent,
        refund_transaction,
        amount,
        now,
    )
    .fetch_optional(&mut **tx)
    .await
}

/// A refund that failed: tried again at `next`, or given up (`failed`).
pub async fn refund_failed(
    pool: &PgPool,
    id: i64,
    error: &str,
    next: Option<DateTime<Utc>>,
) -> sqlx::Result<()> {
    let error: String = error.chars().take(1000).collect();
    sqlx::query!(
        r#"update refunds set last_error = $2, locked_until = null,
                  status = case when $3::timestamptz is null then 'failed' else status end,
                  next_attempt_at = coalesce($3, next_attempt_at)
           where id = $1 and status = 'due'"#,
        id,
        error,
        next,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Counts for `/metrics`: active holds, paid awaiting the agent, refunds
/// on their way and given up.
pub async fn backlog(pool: &PgPool) -> sqlx::Result<(i64, i64, i64, i64)> {
    let r = sqlx::query!(
        r#"select (select count(*) from reservations where status = 'held') as "held!",
                  (select count(*) from reservations where status = 'paid') as "paid!",
                  (select count(*) from refunds where status in ('due', 'sent')) as "due!",
                  (select count(*) from refunds where status = 'failed') as "failed!""#
    )
    .fetch_one(pool)
    .await?;
    Ok((r.held, r.paid, r.due, r.failed))
}

pub async fn id_by_order(pool: &PgPool, order_id: i64) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!("select id from reservations where paymob_order_id = $1", order_id)
        .fetch_optional(pool)
        .await
}

/// Whether listing `id` has an active reservation, or a completed sale
/// through one (the listings dashboard must not sell or free it then).
pub async fn listing_reserved(pool: &PgPool, listing_id: i64) -> sqlx::Result<(bool, bool)> {
    let r = sqlx::query!(
        r#"select exists (select 1 from reservations where listing_id = $1 and status in ('held', 'paid', 'confirmed')) as "active!",
                  exists (select 1 from reservations where listing_id = $1 and status = 'sold') as "sold!""#,
        listing_id,
    )
    .fetch_one(pool)
    .await?;
    Ok((r.active, r.sold))
}

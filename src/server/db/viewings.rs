//! SQL for viewing requests (what buyers confirm and agents work: the
//! staff's lists, the calendar, status changes) and the proposals the
//! assistant prepares for buyers to confirm.

use crate::domain::viewing::ViewingStatus;
use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, PgPool, Postgres, Transaction};
use uuid::Uuid;

/// Who hears about a new request: the listing's agent, else the admins.
pub struct Recipient {
    pub user_id: i64,
    pub email: String,
    pub language: String,
}

pub struct Booked {
    pub id: i64,
    /// False when an open request for the same listing was updated instead.
    pub created: bool,
    pub agent_id: Option<i64>,
}

pub struct NewViewing<'a> {
    pub listing_id: i64,
    pub buyer_id: i64,
    pub conversation_id: Option<Uuid>,
    pub preferred_at: Option<chrono::DateTime<chrono::Utc>>,
    pub note: &'a str,
}

/// Books a viewing, or updates the buyer's open request for the listing.
/// The listing's row is read `for share`: an agent being revoked at the
/// same moment (which updates their listings first) either commits before
/// (the request goes to the admins) or waits for this one (and then hands
/// it back with their other open requests), never leaving it with them.
pub async fn book<'e>(executor: impl PgExecutor<'e>, v: NewViewing<'_>) -> sqlx::Result<Booked> {
    let row = sqlx::query!(
        r#"insert into viewing_requests (listing_id, buyer_id, conversation_id, agent_id, preferred_at, note)
           select $1, $2, $3, l.agent_id, $4, $5 from listings l where l.id = $1 for share
           on conflict (buyer_id, listing_id) where status in ('requested', 'confirmed', 'rescheduled')
           do update set preferred_at = coalesce(excluded.preferred_at, viewing_requests.preferred_at),
                         note = case when excluded.note = '' then viewing_requests.note else excluded.note end,
                         conversation_id = coalesce(excluded.conversation_id, viewing_requests.conversation_id),
                         status = 'requested'
           returning id, (xmax = 0) as "created!", agent_id"#,
        v.listing_id,
        v.buyer_id,
        v.conversation_id,
        v.preferred_at,
        v.note,
    )
    .fetch_one(executor)
    .await?;
    Ok(Booked { id: row.id, created: row.created, agent_id: row.agent_id })
}

/// A viewing prepared for the buyer to confirm.
#[derive(Clone, Debug)]
pub struct Proposal {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub buyer_id: i64,
    pub listing_id: i64,
    pub preferred_at: Option<DateTime<Utc>>,
    pub note: String,
    pub expires_at: DateTime<Utc>,
    pub viewing_request_id: Option<i64>,
    pub confirmed_at: Option<DateTime<Utc>>,
}

pub struct NewProposal<'a> {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub buyer_id: i64,
    pub listing_id: i64,
    pub preferred_at: Option<DateTime<Utc>>,
    pub note: &'a str,
}

pub async fn propose(pool: &PgPool, p: NewProposal<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        r#"insert into viewing_proposals (id, conversation_id, buyer_id, listing_id, preferred_at, note)
           values ($1, $2, $3, $4, $5, $6)"#,
        p.id,
        p.conversation_id,
        p.buyer_id,
        p.listing_id,
        p.preferred_at,
        p.note
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn proposals(pool: &PgPool, ids: &[Uuid]) -> sqlx::Result<Vec<Proposal>> {
    sqlx::query_as!(Proposal, "select id, conversation_id, buyer_id, listing_id, preferred_at, note, expires_at, viewing_request_id, confirmed_at from viewing_proposals where id = any($1)", ids)
        .fetch_all(pool)
        .await
}

/// Marks the buyer's live, unconfirmed proposal confirmed and returns it;
/// `None` when it is not theirs, already confirmed or expired.
pub async fn claim_proposal(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    buyer_id: i64,
) -> sqlx::Result<Option<Proposal>> {
    sqlx::query_as!(
        Proposal,
        r#"update viewing_proposals set confirmed_at = now()
           where id = $1 and buyer_id = $2 and confirmed_at is null and expires_at > now()
           returning id, conversation_id, buyer_id, listing_id, preferred_at, note, expires_at, viewing_request_id, confirmed_at"#,
        id,
        buyer_id,
    )
    .fetch_optional(&mut **tx)
    .await
}

pub async fn set_proposal_request(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    viewing_request_id: i64,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update viewing_proposals set viewing_request_id = $2 where id = $1",
        id,
        viewing_request_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The listing's agent if they have an email, else every admin with one.
pub async fn recipients(pool: &PgPool, agent_id: Option<i64>) -> sqlx::Result<Vec<Recipient>> {
    if let Some(agent_id) = agent_id {
        let agent = sqlx::query_as!(
            Recipient,
            r#"select id as user_id, email as "email!", language from users
               where id = $1 and email is not null and role in ('agent', 'admin')"#,
            agent_id
        )
        .fetch_optional(pool)
        .await?;
        if let Some(agent) = agent {
            return Ok(vec![agent]);
        }
    }
    sqlx::query_as!(
        Recipient,
        r#"select id as user_id, email as "email!", language from users
           where role = 'admin' and email is not null order by id limit 5"#
    )
    .fetch_all(pool)
    .await
}

pub struct ViewingRow {
    pub id: i64,
    pub listing_id: i64,
    pub title_en: String,
    pub title_ar: String,
    pub buyer_id: i64,
    pub buyer_name: Option<String>,
    pub buyer_email: Option<String>,
    pub buyer_phone: Option<String>,
    pub buyer_language: String,
    pub lead_id: Option<i64>,
    pub agent_id: Option<i64>,
    pub agent_name: Option<String>,
    pub preferred_at: Option<DateTime<Utc>>,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub note: String,
    pub status: ViewingStatus,
    pub created_at: DateTime<Utc>,
}

/// A page of viewings, newest first: an agent's own, or all for admins
/// (`scope` `None`).
pub async fn viewings_page(
    pool: &PgPool,
    scope: Option<i64>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<ViewingRow>, i64)> {
    let rows = sqlx::query_as!(
        ViewingRow,
        r#"select v.id, v.listing_id, t.title_en, coalesce(t.title_ar, t.title_en) as "title_ar!", v.buyer_id, u.name as buyer_name,
                  u.email as buyer_email, u.phone as buyer_phone, u.language as buyer_language,
                  ld.id as "lead_id?", v.agent_id, coalesce(a.name, a.email, a.phone) as "agent_name?",
                  v.preferred_at, v.scheduled_at, v.note, v.status as "status: ViewingStatus", v.created_at
           from viewing_requests v
           join users u on u.id = v.buyer_id
           join listing_texts t on t.listing_id = v.listing_id
           left join leads ld on ld.buyer_id = v.buyer_id
           left join users a on a.id = v.agent_id
           where ($1::bigint is null or v.agent_id = $1)
           order by v.created_at desc, v.id desc limit $2 offset $3"#,
        scope,
        limit,
        offset,
    )
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar!(
        r#"select count(*) as "n!" from viewing_requests v where ($1::bigint is null or v.agent_id = $1)"#,
        scope
    )
    .fetch_one(pool)
    .await?;
    Ok((rows, total))
}

/// The viewings planned between `from` and `to` (scheduled, else
/// preferred time), in time order.
pub async fn viewings_between(
    pool: &PgPool,
    scope: Option<i64>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> sqlx::Result<Vec<ViewingRow>> {
    sqlx::query_as!(
        ViewingRow,
        r#"select v.id, v.listing_id, t.title_en, coalesce(t.title_ar, t.title_en) as "title_ar!", v.buyer_id, u.name as buyer_name,
                  u.email as buyer_email, u.phone as buyer_phone, u.language as buyer_language,
                  ld.id as "lead_id?", v.agent_id, coalesce(a.name, a.email, a.phone) as "agent_name?",
                  v.preferred_at, v.scheduled_at, v.note, v.status as "status: ViewingStatus", v.created_at
           from viewing_requests v
           join users u on u.id = v.buyer_id
           join listing_texts t on t.listing_id = v.listing_id
           left join leads ld on ld.buyer_id = v.buyer_id
           left join users a on a.id = v.agent_id
           where ($1::bigint is null or v.agent_id = $1)
             and coalesce(v.scheduled_at, v.preferred_at) >= $2 and coalesce(v.scheduled_at, v.preferred_at) < $3
           order by coalesce(v.scheduled_at, v.preferred_at), v.id limit 500"#,
        scope,
        from,
        to,
    )
    .fetch_all(pool)
    .await
}

pub async fn viewings_of_buyer(pool: &PgPool, buyer_id: i64) -> sqlx::Result<Vec<ViewingRow>> {
    sqlx::query_as!(
        ViewingRow,
        r#"select v.id, v.listing_id, t.title_en, coalesce(t.title_ar, t.title_en) as "title_ar!", v.buyer_id, u.name as buyer_name,
                  u.email as buyer_email, u.phone as buyer_phone, u.language as buyer_language,
                  ld.id as "lead_id?", v.agent_id, coalesce(a.name, a.email, a.phone) as "agent_name?",
                  v.preferred_at, v.scheduled_at, v.note, v.status as "status: ViewingStatus", v.created_at
           from viewing_requests v
           join users u on u.id = v.buyer_id
           join listing_texts t on t.listing_id = v.listing_id
           left join leads ld on ld.buyer_id = v.buyer_id
           left join users a on a.id = v.agent_id
           where v.buyer_id = $1 order by v.created_at desc limit 50"#,
        buyer_id,
    )
    .fetch_all(pool)
    .await
}

pub async fn viewing(pool: &PgPool, id: i64) -> sqlx::Result<Option<ViewingRow>> {
    sqlx::query_as!(
        ViewingRow,
        r#"select v.id, v.listing_id, t.title_en, coalesce(t.title_ar, t.title_en) as "title_ar!", v.buyer_id, u.name as buyer_name,
                  u.email as buyer_email, u.phone as buyer_phone, u.language as buyer_language,
                  ld.id as "lead_id?", v.agent_id, coalesce(a.name, a.email, a.phone) as "agent_name?",
                  v.preferred_at, v.scheduled_at, v.note, v.status as "status: ViewingStatus", v.created_at
           from viewing_requests v
           join users u on u.id = v.buyer_id
           join listing_texts t on t.listing_id = v.listing_id
           left join leads ld on ld.buyer_id = v.buyer_id
           left join users a on a.id = v.agent_id
           where v.id = $1"#,
        id,
    )
    .fetch_optional(pool)
        .await
}

/// Sets a viewing's status and agreed time, and notes it on the lead.
/// Moves a viewing from the status it was read in (`from`) to `status`;
/// `false` when someone else changed it meanwhile (nothing is written then).
pub async fn set_viewing(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    from: ViewingStatus,
    status: ViewingStatus,
    scheduled_at: Option<DateTime<Utc>>,
    lead: Option<(i64, i64, String)>,
) -> sqlx::Result<bool> {
    let moved = sqlx::query!(r#"update viewing_requests set status = $3::text::viewing_status, scheduled_at = coalesce($4, scheduled_at)
           where id = $1 and status = $2::text::viewing_status"#, id, from.code(), status.code(), scheduled_at)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Ok(false);
    }
    if let Some((lead_id, actor_id, note)) = lead {
        super::leads::add_event(tx, lead_id, Some(actor_id), "viewing", None, &note).await?;
        sqlx::query!("update leads set last_activity_at = now() where id = $1", lead_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(true)
}

//! SQL for viewing requests (what buyers confirm and agents work) and the
//! proposals the assistant prepares for buyers to confirm.

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
pub async fn book<'e>(executor: impl PgExecutor<'e>, v: NewViewing<'_>) -> sqlx::Result<Booked> {
    let row = sqlx::query!(
        r#"insert into viewing_requests (listing_id, buyer_id, conversation_id, agent_id, preferred_at, note)
           select $1, $2, $3, l.agent_id, $4, $5 from listings l where l.id = $1
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
#[derive(Clone, Debug, sqlx::FromRow)]
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

const PROPOSAL_COLUMNS: &str = "id, conversation_id, buyer_id, listing_id, preferred_at, note, expires_at, viewing_request_id, confirmed_at";

pub async fn propose(pool: &PgPool, p: NewProposal<'_>) -> sqlx::Result<()> {
    sqlx::query(
        r#"insert into viewing_proposals (id, conversation_id, buyer_id, listing_id, preferred_at, note)
           values ($1, $2, $3, $4, $5, $6)"#,
    )
    .bind(p.id)
    .bind(p.conversation_id)
    .bind(p.buyer_id)
    .bind(p.listing_id)
    .bind(p.preferred_at)
    .bind(p.note)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn proposals(pool: &PgPool, ids: &[Uuid]) -> sqlx::Result<Vec<Proposal>> {
    sqlx::query_as(&format!("select {PROPOSAL_COLUMNS} from viewing_proposals where id = any($1)"))
        .bind(ids)
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
    sqlx::query_as(&format!(
        r#"update viewing_proposals set confirmed_at = now()
           where id = $1 and buyer_id = $2 and confirmed_at is null and expires_at > now()
           returning {PROPOSAL_COLUMNS}"#
    ))
    .bind(id)
    .bind(buyer_id)
    .fetch_optional(&mut **tx)
    .await
}

pub async fn set_proposal_request(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    viewing_request_id: i64,
) -> sqlx::Result<()> {
    sqlx::query("update viewing_proposals set viewing_request_id = $2 where id = $1")
        .bind(id)
        .bind(viewing_request_id)
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

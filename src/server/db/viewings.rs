//! SQL for viewing requests: what the assistant books and agents work.

use sqlx::PgPool;
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
pub async fn book(pool: &PgPool, v: NewViewing<'_>) -> sqlx::Result<Booked> {
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
    .fetch_one(pool)
    .await?;
    Ok(Booked { id: row.id, created: row.created, agent_id: row.agent_id })
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

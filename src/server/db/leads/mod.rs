//! SQL for leads, their history and the viewings agents work. Every list
//! is one statement with its joins (no query per row) and a count.

use crate::domain::lead::{LeadStatus, Score};
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{PgPool, Postgres, Transaction};

mod buyer;

pub use buyer::{Line, ListingLine, buyer_actions, buyer_texts, listings_saved, listings_seen, transcript};

/// Whose lead: a signed-in buyer's, or an anonymous visitor's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LeadKey {
    Buyer(i64),
    Visitor(Vec<u8>),
}

impl LeadKey {
    fn buyer(&self) -> Option<i64> {
        match self {
            LeadKey::Buyer(id) => Some(*id),
            LeadKey::Visitor(_) => None,
        }
    }

    fn visitor(&self) -> Option<&[u8]> {
        match self {
            LeadKey::Buyer(_) => None,
            LeadKey::Visitor(hash) => Some(hash),
        }
    }
}

pub struct Scored<'a> {
    pub signals: Value,
    pub points: i32,
    pub score: Score,
    pub budget_egp: Option<i64>,
    pub area: Option<&'a str>,
    pub timeline: Option<&'a str>,
    pub summary: &'a str,
}

pub struct Upserted {
    pub id: i64,
    pub agent_id: Option<i64>,
    pub created: bool,
}

/// The lead's id and agent if the buyer has one.
pub async fn find(pool: &PgPool, key: &LeadKey) -> sqlx::Result<Option<(i64, Option<i64>)>> {
    let row = sqlx::query!(
        r#"select id, agent_id from leads
           where ($1::bigint is not null and buyer_id = $1)
              or ($1::bigint is null and buyer_id is null and visitor_hash = $2)"#,
        key.buyer(),
        key.visitor(),
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| (r.id, r.agent_id)))
}

/// Creates the lead (assigned by rotation, with its first history entries)
/// or updates its score and what the buyer wants. Safe when the same buyer
/// sends several messages at once: the unique keys decide, and whoever
/// loses the race to create the lead updates the one that won.
pub async fn upsert(pool: &PgPool, key: &LeadKey, s: &Scored<'_>) -> sqlx::Result<Upserted> {
    let mut tx = pool.begin().await?;
    let upserted = match update_scored(&mut tx, key, s).await? {
        Some((id, agent_id)) => Upserted { id, agent_id, created: false },
        None => {
            // Taking the rotation's lock first orders concurrent creators, so
            // the rotation only moves for a lead that was really created.
            // Anonymous visitors wait outside the rotation (and the inbox)
            // until they sign in: nobody could reach them.
            let agent_id = match key.buyer() {
                Some(_) => next_in_rotation(&mut tx).await?,
                None => None,
            };
            let inserted: Option<i64> = sqlx::query_scalar!(
                r#"insert into leads (buyer_id, visitor_hash, agent_id, signals, points, score,
                                      budget_egp, area, timeline, summary)
                   values ($1, $2, $3, $4, $5, $6::text::lead_score, $7, $8, $9, $10)
                   on conflict do nothing
                   returning id"#,
                key.buyer(),
                key.visitor(),
                agent_id,
                &s.signals,
                s.points,
                s.score.code(),
                s.budget_egp,
                s.area,
                s.timeline,
                s.summary
            )
            .fetch_optional(&mut *tx)
            .await?;
            match inserted {
                Some(id) => {
                    if agent_id.is_some() {
                        sqlx::query!("update lead_rotation set last_agent_id = $1", agent_id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    sqlx::query!(
                        "insert into lead_events (lead_id, kind, to_status) values ($1, 'created', 'new')",
                        id
                    )
                    .execute(&mut *tx)
                    .await?;
                    if agent_id.is_some() {
                        sqlx::query!(
                            "insert into lead_events (lead_id, kind, agent_id) values ($1, 'assigned', $2)",
                            id,
                            agent_id
                        )
                        .execute(&mut *tx)
                        .await?;
                    }
                    Upserted { id, agent_id, created: true }
                }
                // Another request created it since our update looked (the
                // insert waited for it to commit): this one updates it.
                None => {
                    let (id, agent_id) =
                        update_scored(&mut tx, key, s).await?.ok_or(sqlx::Error::RowNotFound)?;
                    Upserted { id, agent_id, created: false }
                }
            }
        }
    };
    if let (Some(buyer), Some(agent)) = (key.buyer(), upserted.agent_id) {
        // Viewings of listings nobody handles go to the lead's agent.
        sqlx::query!(
            "update viewing_requests set agent_id = $2 where buyer_id = $1 and agent_id is null",
            buyer,
            agent
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(upserted)
}

/// Updates the buyer's lead, if there is one, with a new score and what
/// the buyer wants; its id and agent.
async fn update_scored(
    tx: &mut Transaction<'_, Postgres>,
    key: &LeadKey,
    s: &Scored<'_>,
) -> sqlx::Result<Option<(i64, Option<i64>)>> {
    let row = sqlx::query!(
        r#"update leads set signals = $3, points = $4, score = $5::text::lead_score, budget_egp = $6, area = $7,
                  timeline = $8, summary = $9, last_activity_at = now()
           where ($1::bigint is not null and buyer_id = $1)
              or ($1::bigint is null and buyer_id is null and visitor_hash = $2)
           returning id, agent_id"#,
        key.buyer(),
        key.visitor(),
        &s.signals,
        s.points,
        s.score.code(),
        s.budget_egp,
        s.area,
        s.timeline,
        s.summary,
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| (r.id, r.agent_id)))
}

/// The next agent after the last one given a lead (by id, wrapping round),
/// holding the rotation's lock until the transaction ends; admins are not
/// in the rotation. `None` when there are no agents. The caller moves the
/// rotation on when it gives the lead.
async fn next_in_rotation(tx: &mut Transaction<'_, Postgres>) -> sqlx::Result<Option<i64>> {
    let last: Option<i64> = sqlx::query_scalar!("select last_agent_id from lead_rotation for update")
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query_scalar!(
        r#"select coalesce(
             (select id from users where role = 'agent' and id > coalesce($1::bigint, 0) order by id limit 1),
             (select id from users where role = 'agent' order by id limit 1))"#,
        last
    )
    .fetch_one(&mut **tx)
    .await
}

/// At sign-in: the visitor's lead becomes the buyer's, or joins the lead the
/// buyer already has (its history moves along).
pub async fn merge_visitor(pool: &PgPool, visitor_hash: &[u8], buyer_id: i64) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    // The rotation's lock first, as `upsert` takes it, so the two never
    // wait on each other in opposite orders.
    let next_agent = next_in_rotation(&mut tx).await?;
    let visitor: Option<i64> = sqlx::query_scalar!(
        "select id from leads where buyer_id is null and visitor_hash = $1 for update",
        visitor_hash
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(visitor_lead) = visitor {
        let buyer: Option<i64> =
            sqlx::query_scalar!("select id from leads where buyer_id = $1 for update", buyer_id)
                .fetch_optional(&mut *tx)
                .await?;
        match buyer {
            Some(buyer_lead) => {
                sqlx::query!(
                    "update lead_events set lead_id = $2 where lead_id = $1",
                    visitor_lead,
                    buyer_lead
                )
                .execute(&mut *tx)
                .await?;
                sqlx::query!("delete from leads where id = $1", visitor_lead).execute(&mut *tx).await?;
            }
            None => {
                // Now reachable: into the rotation, with any viewings.
                let assigned: Option<i64> = sqlx::query_scalar!(
                    r#"update leads set buyer_id = $2, visitor_hash = null, agent_id = coalesce(agent_id, $3)
                       where id = $1 returning agent_id"#,
                    visitor_lead,
                    buyer_id,
                    next_agent
                )
                .fetch_one(&mut *tx)
                .await?;
                if let (Some(agent), Some(next)) = (assigned, next_agent)
                    && agent == next
                {
                    sqlx::query!("update lead_rotation set last_agent_id = $1", agent)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query!(
                        "insert into lead_events (lead_id, kind, agent_id) values ($1, 'assigned', $2)",
                        visitor_lead,
                        agent
                    )
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query!(
                        "update viewing_requests set agent_id = $2 where buyer_id = $1 and agent_id is null",
                        buyer_id,
                        agent
                    )
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
    }
    tx.commit().await
}

pub struct LeadRow {
    pub id: i64,
    pub buyer_id: Option<i64>,
    pub visitor_hash: Option<Vec<u8>>,
    pub buyer_name: Option<String>,
    pub buyer_email: Option<String>,
    pub buyer_phone: Option<String>,
    pub agent_id: Option<i64>,
    pub agent_name: Option<String>,
    pub agent_open: Option<i64>,
    pub status: LeadStatus,
    pub score: Score,
    pub points: i32,
    pub signals: Value,
    pub budget_egp: Option<i64>,
    pub area: Option<String>,
    pub timeline: Option<String>,
    pub viewings: i64,
    pub last_activity_at: DateTime<Utc>,
}

pub struct InboxFilter<'a> {
    /// Only this agent's leads (agents see their own).
    pub scope: Option<i64>,
    /// Admins' filter: one agent's, or 0 for unassigned.
    pub agent: Option<i64>,
    pub status: Option<LeadStatus>,
    pub score: Option<Score>,
    pub text: Option<&'a str>,
    pub limit: i64,
    pub offset: i64,
}

/// A page of the inbox and the total: open leads first, then hot before
/// warm before cold, then the most recently active.
pub async fn inbox(pool: &PgPool, f: &InboxFilter<'_>) -> sqlx::Result<(Vec<LeadRow>, i64)> {
    let pattern = f.text.map(super::contains_pattern);
    let rows = sqlx::query_as!(
        LeadRow,
        r#"select l.id, l.buyer_id, l.visitor_hash, b.name as "buyer_name?", b.email as "buyer_email?",
                  b.phone as "buyer_phone?", l.agent_id, coalesce(a.name, a.email, a.phone) as "agent_name?",
                  (select count(*) from leads o where o.agent_id = l.agent_id and o.status not in ('won', 'lost'))
                    as "agent_open?",
                  l.status as "status: LeadStatus", l.score as "score: Score", l.points, l.signals, l.budget_egp,
                  l.area, l.timeline,
                  (select count(*) from viewing_requests v where v.buyer_id = l.buyer_id) as "viewings!",
                  l.last_activity_at
           from leads l
           left join users b on b.id = l.buyer_id
           left join users a on a.id = l.agent_id
           where l.buyer_id is not null
             and ($1::bigint is null or l.agent_id = $1)
             and ($2::bigint is null or ($2 = 0 and l.agent_id is null) or l.agent_id = $2)
             and ($3::text is null or l.status = $3::text::lead_status)
             and ($4::text is null or l.score = $4::text::lead_score)
             and ($5::text is null or b.name ilike $5 or b.email ilike $5 or b.phone ilike $5
                  or l.area ilike $5 or l.timeline ilike $5 or l.summary ilike $5)
           order by l.status in ('won', 'lost'), l.score, l.last_activity_at desc, l.id desc
           limit $6 offset $7"#,
        f.scope,
        f.agent,
        f.status.map(LeadStatus::code),
        f.score.map(Score::code),
        pattern.as_deref(),
        f.limit,
        f.offset,
    )
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar!(
        r#"select count(*) as "n!" from leads l left join users b on b.id = l.buyer_id
           where l.buyer_id is not null
             and ($1::bigint is null or l.agent_id = $1)
             and ($2::bigint is null or ($2 = 0 and l.agent_id is null) or l.agent_id = $2)
             and ($3::text is null or l.status = $3::text::lead_status)
             and ($4::text is null or l.score = $4::text::lead_score)
             and ($5::text is null or b.name ilike $5 or b.email ilike $5 or b.phone ilike $5
                  or l.area ilike $5 or l.timeline ilike $5 or l.summary ilike $5)"#,
        f.scope,
        f.agent,
        f.status.map(LeadStatus::code),
        f.score.map(Score::code),
        pattern.as_deref(),
    )
    .fetch_one(pool)
    .await?;
    Ok((rows, total))
}

pub async fn lead(pool: &PgPool, id: i64) -> sqlx::Result<Option<LeadRow>> {
    sqlx::query_as!(LeadRow, r#"select l.id, l.buyer_id, l.visitor_hash, b.name as "buyer_name?", b.email as "buyer_email?",
                  b.phone as "buyer_phone?", l.agent_id, coalesce(a.name, a.email, a.phone) as "agent_name?",
                  (select count(*) from leads o where o.agent_id = l.agent_id and o.status not in ('won', 'lost'))
                    as "agent_open?",
                  l.status as "status: LeadStatus", l.score as "score: Score", l.points, l.signals, l.budget_egp,
                  l.area, l.timeline,
                  (select count(*) from viewing_requests v where v.buyer_id = l.buyer_id) as "viewings!",
                  l.last_activity_at
           from leads l
           left join users b on b.id = l.buyer_id
           left join users a on a.id = l.agent_id
           where l.id = $1"#, id)
    .fetch_optional(pool)
    .await
}

pub struct AgentRow {
    pub id: i64,
    pub name: String,
    pub open_leads: i64,
}

/// Everyone leads can go to (agents, then admins) with their open leads.
pub async fn agents(pool: &PgPool) -> sqlx::Result<Vec<AgentRow>> {
    sqlx::query_as!(
        AgentRow,
        r#"select u.id, coalesce(u.name, u.email, u.phone, '') as "name!",
                  (select count(*) from leads l where l.agent_id = u.id and l.status not in ('won', 'lost'))
                    as "open_leads!"
           from users u where u.role in ('agent', 'admin') order by u.role, u.id"#,
    )
    .fetch_all(pool)
    .await
}

pub struct EventRow {
    pub kind: String,
    pub actor: Option<String>,
    pub from_status: Option<LeadStatus>,
    pub to_status: Option<LeadStatus>,
    pub agent: Option<String>,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

/// The lead's history, newest first.
pub async fn events(pool: &PgPool, lead_id: i64) -> sqlx::Result<Vec<EventRow>> {
    sqlx::query_as!(
        EventRow,
        r#"select e.kind, coalesce(u.name, u.email, u.phone) as "actor?",
                  e.from_status as "from_status?: LeadStatus", e.to_status as "to_status?: LeadStatus",
                  coalesce(g.name, g.email, g.phone) as "agent?", e.note, e.created_at
           from lead_events e
           left join users u on u.id = e.actor_id
           left join users g on g.id = e.agent_id
           where e.lead_id = $1 order by e.id desc limit 200"#,
        lead_id,
    )
    .fetch_all(pool)
    .await
}

/// Sets the status and records the change; `None` when the lead is gone.
/// Setting the status it already has records only the note, if any.
pub async fn set_status(
    pool: &PgPool,
    lead_id: i64,
    actor_id: i64,
    status: LeadStatus,
    note: &str,
) -> sqlx::Result<Option<LeadStatus>> {
    let mut tx = pool.begin().await?;
    let Some(current): Option<LeadStatus> = sqlx::query_scalar!(
        r#"select status as "status: LeadStatus" from leads where id = $1 for update"#,
        lead_id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(None);
    };
    if current != status {
        sqlx::query!("update leads set status = $2::text::lead_status where id = $1", lead_id, status.code())
            .execute(&mut *tx)
            .await?;
        sqlx::query!(
            r#"insert into lead_events (lead_id, actor_id, kind, from_status, to_status, note)
               values ($1, $2, 'status', $3::text::lead_status, $4::text::lead_status, $5)"#,
            lead_id,
            actor_id,
            current.code(),
            status.code(),
            note
        )
        .execute(&mut *tx)
        .await?;
    } else if !note.is_empty() {
        add_event(&mut tx, lead_id, Some(actor_id), "note", None, note).await?;
    }
    tx.commit().await?;
    Ok(Some(current))
}

pub async fn add_event(
    tx: &mut Transaction<'_, Postgres>,
    lead_id: i64,
    actor_id: Option<i64>,
    kind: &str,
    agent_id: Option<i64>,
    note: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into lead_events (lead_id, actor_id, kind, agent_id, note) values ($1, $2, $3, $4, $5)",
        lead_id,
        actor_id,
        kind,
        agent_id,
        note
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn note(pool: &PgPool, lead_id: i64, actor_id: i64, note: &str) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    add_event(&mut tx, lead_id, Some(actor_id), "note", None, note).await?;
    tx.commit().await
}

/// Gives the lead and the buyer's open viewings to `agent_id`; false when
/// that user cannot take leads.
pub async fn assign(pool: &PgPool, lead_id: i64, actor_id: i64, agent_id: i64) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    // Shared lock: a revocation of this agent (which locks the row for
    // update) waits for this assignment and then frees the lead, or this
    // waits for it and finds them no longer staff.
    let staff: Option<i64> = sqlx::query_scalar!(
        "select id from users where id = $1 and role in ('agent', 'admin') for share",
        agent_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    if staff.is_none() {
        return Ok(false);
    }
    let buyer: Option<Option<i64>> = sqlx::query_scalar!(
        "update leads set agent_id = $2 where id = $1 returning buyer_id",
        lead_id,
        agent_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(buyer) = buyer else { return Ok(false) };
    if let Some(buyer) = buyer {
        sqlx::query!(
            r#"update viewing_requests set agent_id = $2
               where buyer_id = $1 and status in ('requested', 'confirmed', 'rescheduled')"#,
            buyer,
            agent_id
        )
        .execute(&mut *tx)
        .await?;
    }
    add_event(&mut tx, lead_id, Some(actor_id), "assigned", Some(agent_id), "").await?;
    tx.commit().await?;
    Ok(true)
}

/// The lead of a buyer, for history entries about their viewings.
pub async fn lead_of_buyer(pool: &PgPool, buyer_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar!("select id from leads where buyer_id = $1", buyer_id).fetch_optional(pool).await
}

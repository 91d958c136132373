//! SQL for the admins' pages: the search log, the figures per day, and the
//! users with their workload.

use crate::domain::account::Role;
use crate::domain::lead::LeadStatus;
use crate::domain::viewing::ViewingStatus;
use chrono::NaiveDate;
use sqlx::PgPool;

/// Many searches in one statement (the columns side by side).
pub async fn record_searches(
    pool: &PgPool,
    queries: &[String],
    results: &[i64],
    sources: &[String],
) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into search_events (query, results, source)
         select * from unnest($1::text[], $2::bigint[], $3::text[])",
        queries,
        results,
        sources
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub struct DayRow {
    pub day: NaiveDate,
    pub searches: i64,
    pub zero_results: i64,
    pub chats: i64,
    pub leads: i64,
    pub viewings: i64,
}

/// The last `days` UTC days, oldest first, every day present.
pub async fn per_day(pool: &PgPool, days: i32) -> sqlx::Result<Vec<DayRow>> {
    sqlx::query_as!(
        DayRow,
        r#"with days as (
             select d::date as day, (d::date)::timestamp at time zone 'utc' as since,
                    (d::date + 1)::timestamp at time zone 'utc' as until
             from generate_series((now() at time zone 'utc')::date - ($1::int - 1),
                                  (now() at time zone 'utc')::date, interval '1 day') as d)
           select d.day as "day!",
             (select count(*) from search_events s where s.created_at >= d.since and s.created_at < d.until) as "searches!",
             (select count(*) from search_events s where s.results = 0 and s.created_at >= d.since and s.created_at < d.until) as "zero_results!",
             (select count(*) from conversations c where c.created_at >= d.since and c.created_at < d.until) as "chats!",
             (select count(*) from leads l where l.created_at >= d.since and l.created_at < d.until) as "leads!",
             (select count(*) from viewing_requests v where v.created_at >= d.since and v.created_at < d.until) as "viewings!"
           from days d order by d.day"#,
        days,
    )
    .fetch_all(pool)
    .await
}

/// The most frequent queries that found nothing in the last `days` days.
pub async fn zero_result_queries(pool: &PgPool, days: i32, limit: i64) -> sqlx::Result<Vec<(String, i64)>> {
    let rows = sqlx::query!(
        r#"select query, count(*) as "n!" from search_events
           where results = 0 and created_at >= now() - make_interval(days => $1)
           group by query order by 2 desc, query limit $2"#,
        days,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.query, r.n)).collect())
}

/// (status, count) for every lead and every viewing request.
pub async fn by_status(pool: &PgPool) -> sqlx::Result<(Vec<(LeadStatus, i64)>, Vec<(ViewingStatus, i64)>)> {
    let leads = sqlx::query!(
        r#"select status as "status: LeadStatus", count(*) as "n!" from leads group by status order by status"#
    )
    .fetch_all(pool)
    .await?;
    let viewings = sqlx::query!(
        r#"select status as "status: ViewingStatus", count(*) as "n!"
           from viewing_requests group by status order by status"#
    )
    .fetch_all(pool)
    .await?;
    Ok((
        leads.into_iter().map(|r| (r.status, r.n)).collect(),
        viewings.into_iter().map(|r| (r.status, r.n)).collect(),
    ))
}

pub struct UserRow {
    pub id: i64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: Role,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub open_leads: i64,
    pub open_viewings: i64,
}

/// A page of users, staff first, with their open leads and viewings.
pub async fn users(
    pool: &PgPool,
    role: Option<&str>,
    text: Option<&str>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<UserRow>, i64)> {
    let pattern = text.map(super::contains_pattern);
    let rows = sqlx::query_as!(
        UserRow,
        r#"select u.id, u.name, u.email, u.phone, u.role as "role: Role", u.created_at,
             (select count(*) from leads l where l.agent_id = u.id and l.status not in ('won', 'lost')) as "open_leads!",
             (select count(*) from viewing_requests v where v.agent_id = u.id
                and v.status in ('requested', 'confirmed', 'rescheduled')) as "open_viewings!"
           from users u
           where ($1::text is null or u.role = $1::user_role)
             and ($2::text is null or u.name ilike $2 or u.email ilike $2 or u.phone ilike $2)
           order by u.role = 'buyer', u.role desc, u.id limit $3 offset $4"#,
        role,
        pattern.as_deref(),
        limit,
        offset,
    )
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar!(
        r#"select count(*) as "n!" from users u
           where ($1::text is null or u.role = $1::user_role)
             and ($2::text is null or u.name ilike $2 or u.email ilike $2 or u.phone ilike $2)"#,
        role,
        pattern.as_deref(),
    )
    .fetch_one(pool)
    .await?;
    Ok((rows, total))
}

/// Grants or revokes the agent role. Revoking hands the agent's listings,
/// open leads and viewings back to the admins (unassigned), noted on each
/// lead: a viewing booked on their listing afterwards goes to the admins.
/// `None` when the user does not exist; `Some(false)` for an admin.
/// Leads handed out at the same time never end with a revoked agent.
pub async fn set_agent(
    pool: &PgPool,
    actor_id: i64,
    user_id: i64,
    agent: bool,
) -> sqlx::Result<Option<bool>> {
    let mut tx = pool.begin().await?;
    // The lead rotation's lock first, as a new lead takes it before it picks
    // an agent: a lead the rotation gives this agent is either committed
    // before the revocation (and freed below) or picked after it, among
    // the agents left (`tests::races`).
    sqlx::query_scalar!("select last_agent_id from lead_rotation for update")
        .fetch_optional(&mut *tx)
        .await?;
    // `for no key update` (what the role's update takes anyway), not `for
    // update`: a viewing booked on the agent's listing meanwhile holds that
    // listing and checks its foreign key to this row (`for key share`);
    // `for update` would make the two wait for each other (`tests::races`).
    let role = sqlx::query_scalar!(
        r#"select role as "role: Role" from users where id = $1 for no key update"#,
        user_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    match role {
        None => return Ok(None),
        Some(Role::Admin) => return Ok(Some(false)),
        _ => {}
    }
    let role = if agent { Role::Agent } else { Role::Buyer };
    sqlx::query!("update users set role = $2 where id = $1", user_id, role as Role).execute(&mut *tx).await?;
    if !agent {
        sqlx::query!("update listings set agent_id = null where agent_id = $1", user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query!(
            r#"with freed as (
                 update leads set agent_id = null
                 where agent_id = $1 and status not in ('won', 'lost') returning id)
               insert into lead_events (lead_id, actor_id, kind, note)
               select id, $2, 'assigned', 'unassigned: agent role revoked' from freed"#,
            user_id,
            actor_id,
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            r#"update viewing_requests set agent_id = null
               where agent_id = $1 and status in ('requested', 'confirmed', 'rescheduled')"#,
            user_id,
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Some(true))
}

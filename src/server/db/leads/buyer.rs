//! What a buyer did, read for their lead: what they wrote to the
//! assistant, the listings they were shown, saved and asked to view, and
//! the transcript agents read.

use super::*;

/// What the buyer wrote to the assistant, newest first.
pub async fn buyer_texts(pool: &PgPool, key: &LeadKey, limit: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        r#"select m.content from chat_messages m
           join conversations c on c.id = m.conversation_id
           where m.role = 'user'
             and (($1::bigint is not null and c.user_id = $1)
               or ($1::bigint is null and c.user_id is null and c.visitor_hash = $2))
           order by m.id desc limit $3"#,
        key.buyer(),
        key.visitor(),
        limit
    )
    .fetch_all(pool)
    .await
}

/// A signed-in buyer's actions: the listings they asked to view (newest
/// first, cancelled requests left out), how many they saved, and whether
/// their phone is verified.
pub async fn buyer_actions(pool: &PgPool, buyer_id: i64) -> sqlx::Result<(Vec<i64>, i64, bool)> {
    let row = sqlx::query!(
        r#"select
             coalesce((select array_agg(listing_id order by created_at desc) from viewing_requests
                       where buyer_id = $1 and status <> 'cancelled'), '{}') as "viewed!: Vec<i64>",
             (select count(*) from saved_listings where user_id = $1) as "saved!",
             coalesce((select phone_verified_at is not null from users where id = $1), false) as "verified!""#,
        buyer_id,
    )
    .fetch_one(pool)
    .await?;
    Ok((row.viewed, row.saved, row.verified))
}

pub struct Line {
    pub role: String,
    pub content: String,
    pub created_at: DateTime<Utc>,
}

/// The buyer's side of the chat and the assistant's answers (tool traffic
/// left out), oldest first, the last `limit` lines.
pub async fn transcript(pool: &PgPool, key: &LeadKey, limit: i64) -> sqlx::Result<Vec<Line>> {
    let mut lines: Vec<Line> = sqlx::query_as!(
        Line,
        r#"select m.role::text as "role!", m.content, m.created_at from chat_messages m
           join conversations c on c.id = m.conversation_id
           where m.role in ('user', 'assistant') and m.content <> ''
             and (($1::bigint is not null and c.user_id = $1)
               or ($1::bigint is null and c.user_id is null and c.visitor_hash = $2))
           order by m.id desc limit $3"#,
        key.buyer(),
        key.visitor(),
        limit,
    )
    .fetch_all(pool)
    .await?;
    lines.reverse();
    Ok(lines)
}

pub struct ListingLine {
    pub id: i64,
    pub title_en: String,
    pub title_ar: String,
    pub price_egp: i64,
}

/// Listings shown to the buyer in the chat or that a chat was opened
/// from, most recent first; and the ones they saved.
pub async fn listings_seen(pool: &PgPool, key: &LeadKey, limit: i64) -> sqlx::Result<Vec<ListingLine>> {
    sqlx::query_as!(
        ListingLine,
        r#"with seen as (
             select x.listing_id, max(m.id) as at from chat_messages m
             join conversations c on c.id = m.conversation_id
             cross join lateral unnest(m.listing_ids) as x(listing_id)
             where (($1::bigint is not null and c.user_id = $1)
                 or ($1::bigint is null and c.user_id is null and c.visitor_hash = $2))
             group by x.listing_id
             union all
             select c.listing_id, 0 from conversations c
             where c.listing_id is not null
               and (($1::bigint is not null and c.user_id = $1)
                 or ($1::bigint is null and c.user_id is null and c.visitor_hash = $2))
           ), ranked as (select listing_id, max(at) as at from seen group by listing_id)
           select l.id, t.title_en, coalesce(t.title_ar, t.title_en) as "title_ar!", l.price_egp from ranked r
           join listings l on l.id = r.listing_id
           join listing_texts t on t.listing_id = l.id
           order by r.at desc, l.id limit $3"#,
        key.buyer(),
        key.visitor(),
        limit,
    )
    .fetch_all(pool)
    .await
}

pub async fn listings_saved(pool: &PgPool, buyer_id: i64, limit: i64) -> sqlx::Result<Vec<ListingLine>> {
    sqlx::query_as!(
        ListingLine,
        r#"select l.id, t.title_en, coalesce(t.title_ar, t.title_en) as "title_ar!", l.price_egp from saved_listings s
           join listings l on l.id = s.listing_id
           join listing_texts t on t.listing_id = l.id
           where s.user_id = $1 order by s.created_at desc limit $2"#,
        buyer_id,
        limit,
    )
    .fetch_all(pool)
    .await
}

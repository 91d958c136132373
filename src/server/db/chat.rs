//! SQL for the assistant's conversations and their messages.

use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

pub struct ConversationRow {
    pub id: Uuid,
    pub user_id: Option<i64>,
    pub visitor_hash: Option<Vec<u8>>,
    pub listing_id: Option<i64>,
    pub language: String,
}

pub struct StoredMessage {
    pub id: i64,
    pub role: String,
    pub content: String,
    pub tool_calls: Option<Value>,
    pub tool_call_id: Option<String>,
    pub tool_name: Option<String>,
    pub listing_ids: Vec<i64>,
    pub offline: bool,
    pub stopped: bool,
    pub proposal_id: Option<Uuid>,
}

/// A message to store; `role` is user, assistant or tool.
#[derive(Default)]
pub struct NewMessage<'a> {
    pub role: &'a str,
    pub content: &'a str,
    pub tool_calls: Option<Value>,
    pub tool_call_id: Option<&'a str>,
    pub tool_name: Option<&'a str>,
    pub listing_ids: &'a [i64],
    pub model: Option<&'a str>,
    pub offline: bool,
    pub stopped: bool,
    pub prompt_tokens: i32,
    pub completion_tokens: i32,
    pub guard_corrections: i32,
    pub proposal_id: Option<Uuid>,
}

pub struct Summary {
    pub id: Uuid,
    pub title: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

pub async fn create_conversation(
    pool: &PgPool,
    id: Uuid,
    user_id: Option<i64>,
    visitor_hash: Option<&[u8]>,
    listing_id: Option<i64>,
    language: &str,
    title: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        r#"insert into conversations (id, user_id, visitor_hash, listing_id, language, title)
           values ($1, $2, $3, $4, $5, $6)"#,
        id,
        user_id,
        visitor_hash,
        listing_id,
        language,
        title,
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn conversation(pool: &PgPool, id: Uuid) -> sqlx::Result<Option<ConversationRow>> {
    sqlx::query_as!(
        ConversationRow,
        "select id, user_id, visitor_hash, listing_id, language from conversations where id = $1",
        id
    )
    .fetch_optional(pool)
    .await
}

/// Every message of a conversation, oldest first.
pub async fn messages(pool: &PgPool, conversation_id: Uuid) -> sqlx::Result<Vec<StoredMessage>> {
    sqlx::query_as!(
        StoredMessage,
        r#"select id, role::text as "role!", content, tool_calls, tool_call_id, tool_name, listing_ids,
                  offline, stopped, proposal_id
           from chat_messages where conversation_id = $1 order by id"#,
        conversation_id
    )
    .fetch_all(pool)
    .await
}

pub async fn insert_message(pool: &PgPool, conversation_id: Uuid, m: NewMessage<'_>) -> sqlx::Result<i64> {
    let id = sqlx::query_scalar!(
        r#"insert into chat_messages (conversation_id, role, content, tool_calls, tool_call_id, tool_name,
                                      listing_ids, model, offline, stopped, prompt_tokens, completion_tokens,
                                      guard_corrections, proposal_id)
           values ($1, $2::text::chat_role, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
           returning id"#,
        conversation_id,
        m.role,
        m.content,
        m.tool_calls,
        m.tool_call_id,
        m.tool_name,
        m.listing_ids,
        m.model,
        m.offline,
        m.stopped,
        m.prompt_tokens,
        m.completion_tokens,
        m.guard_corrections,
        m.proposal_id,
    )
    .fetch_one(pool)
    .await?;
    sqlx::query!("update conversations set updated_at = now() where id = $1", conversation_id)
        .execute(pool)
        .await?;
    Ok(id)
}

/// For a retry: forgets everything after the buyer's last message and
/// returns that message, if there is one.
pub async fn rewind_to_last_user(pool: &PgPool, conversation_id: Uuid) -> sqlx::Result<Option<String>> {
    let mut tx = pool.begin().await?;
    let last = sqlx::query!(
        r#"select id, content from chat_messages
           where conversation_id = $1 and role = 'user' order by id desc limit 1"#,
        conversation_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(last) = last else { return Ok(None) };
    sqlx::query!(
        "delete from chat_messages where conversation_id = $1 and id > $2",
        conversation_id,
        last.id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(last.content))
}

/// A signed-in user's conversations, or an anonymous visitor's, newest first.
pub async fn summaries(
    pool: &PgPool,
    user_id: Option<i64>,
    visitor_hash: Option<&[u8]>,
    limit: i64,
) -> sqlx::Result<Vec<Summary>> {
    sqlx::query_as!(
        Summary,
        r#"select id, title, updated_at from conversations
           where ($1::bigint is not null and user_id = $1)
              or ($1::bigint is null and $2::bytea is not null and visitor_hash = $2)
           order by updated_at desc limit $3"#,
        user_id,
        visitor_hash,
        limit
    )
    .fetch_all(pool)
    .await
}

/// At sign-in: the visitor's anonymous conversations become the user's.
pub async fn merge_visitor(pool: &PgPool, visitor_hash: &[u8], user_id: i64) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        r#"update conversations set user_id = $2, visitor_hash = null
           where visitor_hash = $1 and user_id is null"#,
        visitor_hash,
        user_id
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

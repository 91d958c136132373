//! SQL for accounts: users, single-use email tokens and saved listings.

use crate::domain::account::{Role, User};
use crate::i18n::Lang;
use sqlx::{PgExecutor, PgPool};

/// What signing in needs to know about an account.
pub struct Credentials {
    pub id: i64,
    pub password_hash: Option<String>,
    pub email_verified: bool,
    pub language: String,
}

struct Row {
    id: i64,
    name: Option<String>,
    email: Option<String>,
    email_verified_at: Option<chrono::DateTime<chrono::Utc>>,
    phone: Option<String>,
    phone_verified_at: Option<chrono::DateTime<chrono::Utc>>,
    role: Role,
    language: String,
    google_sub: Option<String>,
    has_password: bool,
}

impl From<Row> for User {
    fn from(r: Row) -> User {
        User {
            id: r.id,
            name: r.name,
            email: r.email,
            email_verified: r.email_verified_at.is_some(),
            phone: r.phone,
            phone_verified: r.phone_verified_at.is_some(),
            role: r.role,
            language: Lang::from_code(&r.language).unwrap_or_default(),
            google_linked: r.google_sub.is_some(),
            has_password: r.has_password,
        }
    }
}

pub async fn by_id(pool: &PgPool, id: i64) -> sqlx::Result<Option<User>> {
    let row = sqlx::query_as!(
        Row,
        r#"select id, name, email, email_verified_at, phone, phone_verified_at, role as "role: Role",
                  language, google_sub, password_hash is not null as "has_password!"
           from users where id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(User::from))
}

pub async fn credentials<'e>(
    executor: impl PgExecutor<'e>,
    email: &str,
) -> sqlx::Result<Option<Credentials>> {
    sqlx::query_as!(
        Credentials,
        r#"select id, password_hash, email_verified_at is not null as "email_verified!", language
           from users where lower(email) = lower($1)"#,
        email
    )
    .fetch_optional(executor)
    .await
}

/// Creates a password account; `None` when the email is taken.
pub async fn create_with_password(
    pool: &PgPool,
    name: Option<&str>,
    email: &str,
    password_hash: &str,
    language: Lang,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar!(
        r#"insert into users (name, email, password_hash, language) values ($1, $2, $3, $4)
           on conflict do nothing returning id"#,
        name,
        email,
        password_hash,
        language.code()
    )
    .fetch_optional(pool)
    .await
}

/// The account of a verified phone number, created if new.
pub async fn upsert_phone(pool: &PgPool, phone: &str, language: Lang) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"insert into users (phone, phone_verified_at, language) values ($1, now(), $2)
           on conflict (phone) do update set phone_verified_at = coalesce(users.phone_verified_at, now())
           returning id"#,
        phone,
        language.code()
    )
    .fetch_one(pool)
    .await
}

/// The account a Google identity signs in to.
pub struct GoogleAccount {
    pub id: i64,
    /// An account with this email existed but its owner had never proved
    /// the address: whoever made it lost its password, links and sessions.
    pub took_over: bool,
}

/// Finds the account for a Google identity: by subject, else by email
/// (Google verified it), linking it, else a new account. `None` when the
/// email belongs to an account linked to another Google identity.
///
/// Linking to an account whose email was never verified is how a stranger
/// would pre-register a buyer's address with a password of their own and
/// wait for the buyer to confirm it through Google: so that account loses
/// its password and every outstanding email link here (the caller ends its
/// sessions), and takes Google's name.
pub async fn upsert_google(
    pool: &PgPool,
    sub: &str,
    email: Option<&str>,
    name: Option<&str>,
    language: Lang,
) -> sqlx::Result<Option<GoogleAccount>> {
    let mut tx = pool.begin().await?;
    if let Some(id) = sqlx::query_scalar!("select id from users where google_sub = $1", sub)
        .fetch_optional(&mut *tx)
        .await?
    {
        tx.commit().await?;
        return Ok(Some(GoogleAccount { id, took_over: false }));
    }
    if let Some(email) = email {
        let existing = sqlx::query!(
            r#"select id, google_sub, email_verified_at is null as "unverified!"
               from users where lower(email) = lower($1) for update"#,
            email
        )
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(existing) = existing {
            if existing.google_sub.is_some() {
                return Ok(None);
            }
            sqlx::query!(
                r#"update users set google_sub = $2, email_verified_at = coalesce(email_verified_at, now()),
                          name = case when $3 then $4 else coalesce(name, $4) end,
                          password_hash = case when $3 then null else password_hash end
                   where id = $1"#,
                existing.id,
                sub,
                existing.unverified,
                name
            )
            .execute(&mut *tx)
            .await?;
            if existing.unverified {
                spend_tokens(&mut *tx, existing.id).await?;
            }
            tx.commit().await?;
            return Ok(Some(GoogleAccount { id: existing.id, took_over: existing.unverified }));
        }
    }
    let id = sqlx::query_scalar!(
        r#"insert into users (google_sub, email, email_verified_at, name, language)
           values ($1, $2, case when $2::text is null then null else now() end, $3, $4) returning id"#,
        sub,
        email,
        name,
        language.code()
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(GoogleAccount { id, took_over: false }))
}

/// Uses up every live email link of an account (a reset ends the others; a
/// taken-over account keeps none).
pub async fn spend_tokens<'e>(executor: impl PgExecutor<'e>, user_id: i64) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        "update email_tokens set used_at = now() where user_id = $1 and used_at is null",
        user_id
    )
    .execute(executor)
    .await?;
    Ok(done.rows_affected())
}

pub async fn mark_email_verified(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    sqlx::query!("update users set email_verified_at = coalesce(email_verified_at, now()) where id = $1", id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn set_password(pool: &PgPool, id: i64, password_hash: &str) -> sqlx::Result<()> {
    sqlx::query!("update users set password_hash = $2 where id = $1", id, password_hash)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn update_profile(pool: &PgPool, id: i64, name: Option<&str>, language: Lang) -> sqlx::Result<()> {
    sqlx::query!("update users set name = $2, language = $3 where id = $1", id, name, language.code())
        .execute(pool)
        .await?;
    Ok(())
}

/// The account with this email made an admin (or agent), created if new,
/// with the given password hash; email counted as verified.
pub async fn upsert_staff(
    pool: &PgPool,
    email: &str,
    name: Option<&str>,
    role: Role,
    password_hash: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"insert into users (email, name, role, password_hash, email_verified_at) values ($1, $2, $3, $4, now())
           on conflict ((lower(email))) do update set role = $3, password_hash = $4,
               email_verified_at = coalesce(users.email_verified_at, now())
           returning id"#,
        email,
        name,
        role as Role,
        password_hash
    )
    .fetch_one(pool)
    .await
}

pub async fn insert_token<'e>(
    executor: impl PgExecutor<'e>,
    hash: &[u8],
    user_id: i64,
    purpose: &str,
    ttl_minutes: i32,
) -> sqlx::Result<()> {
    sqlx::query!(
        r#"insert into email_tokens (token_hash, user_id, purpose, expires_at)
           values ($1, $2, $3, now() + make_interval(mins => $4))"#,
        hash,
        user_id,
        purpose,
        ttl_minutes
    )
    .execute(executor)
    .await?;
    Ok(())
}

/// Uses a token once: the user it belongs to, if it is live and unused.
pub async fn consume_token(pool: &PgPool, hash: &[u8], purpose: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar!(
        r#"update email_tokens set used_at = now()
           where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()
           returning user_id"#,
        hash,
        purpose
    )
    .fetch_optional(pool)
    .await
}

/// For a live reset token: the email of its account (which may be none).
pub async fn reset_token_email(pool: &PgPool, hash: &[u8]) -> sqlx::Result<Option<Option<String>>> {
    sqlx::query_scalar!(
        r#"select u.email from email_tokens t join users u on u.id = t.user_id
           where t.token_hash = $1 and t.purpose = 'reset' and t.used_at is null and t.expires_at > now()"#,
        hash
    )
    .fetch_optional(pool)
    .await
}

/// Saves or unsaves a listing; returns whether it is now saved. A user's
/// toggles run one at a time (their row is locked): two at once from two
/// tabs would otherwise both find nothing to delete, both insert, and both
/// answer "saved", where one after the other answer "saved" then "not
/// saved" (`tests::races`).
pub async fn toggle_saved(pool: &PgPool, user_id: i64, listing_id: i64) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    sqlx::query!("select id from users where id = $1 for update", user_id).fetch_optional(&mut *tx).await?;
    let removed = sqlx::query!(
        "delete from saved_listings where user_id = $1 and listing_id = $2",
        user_id,
        listing_id
    )
    .execute(&mut *tx)
    .await?;
    if removed.rows_affected() == 0 {
        sqlx::query!(
            "insert into saved_listings (user_id, listing_id) values ($1, $2) on conflict do nothing",
            user_id,
            listing_id
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(removed.rows_affected() == 0)
}

/// The user's saved listing ids, newest first.
pub async fn saved(pool: &PgPool, user_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar!(
        "select listing_id from saved_listings where user_id = $1 order by created_at desc, listing_id",
        user_id
    )
    .fetch_all(pool)
    .await
}

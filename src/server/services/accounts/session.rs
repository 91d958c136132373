//! Server-side sessions in Redis. The cookie carries a random 256-bit id;
//! Redis keeps only its hash, so reading Redis does not yield usable
//! cookies. A session ends at the first of two limits: an absolute one
//! from sign-in, and an idle one that every request pushes back. Staff
//! (agents and admins) reach leads' contact details, so theirs are short.
//! A user's sessions are indexed for "sign out everywhere".

use crate::domain::account::Role;
use crate::server::adapters::kv::Kv;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::HeaderValue;
use rand::RngCore;
use redis::AsyncCommands;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::time::Duration;

pub const COOKIE: &str = "osool_session";

/// How long a session may last, and sit unused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    pub absolute: Duration,
    pub idle: Duration,
}

/// Buyers: a month from sign-in, a week without a visit.
pub const BUYER: Policy =
    Policy { absolute: Duration::from_secs(30 * 24 * 3600), idle: Duration::from_secs(7 * 24 * 3600) };
/// Agents and admins: twelve hours from sign-in, half an hour idle.
pub const STAFF: Policy =
    Policy { absolute: Duration::from_secs(12 * 3600), idle: Duration::from_secs(30 * 60) };

impl Policy {
    pub fn for_role(role: Role) -> Policy {
        match role {
            Role::Buyer => BUYER,
            Role::Agent | Role::Admin => STAFF,
        }
    }
}

/// What Redis holds for a session (times in Unix seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    #[serde(rename = "u")]
    pub user_id: i64,
    /// When the user signed in.
    #[serde(rename = "c")]
    pub created: i64,
    /// The last request, to a minute.
    #[serde(rename = "s")]
    pub seen: i64,
}

/// Requests within this long of the last one do not write to Redis.
const TOUCH_EVERY_SECS: i64 = 60;

impl Record {
    /// Whether the session is over under `policy` at `now`.
    pub fn expired(&self, policy: Policy, now: i64) -> bool {
        now - self.created >= policy.absolute.as_secs() as i64
            || now - self.seen >= policy.idle.as_secs() as i64
    }

    /// Seconds Redis should keep it from `now`: until the idle limit, or the
    /// absolute one if that comes first.
    fn ttl(&self, policy: Policy, now: i64) -> u64 {
        let absolute_left = self.created + policy.absolute.as_secs() as i64 - now;
        absolute_left.min(policy.idle.as_secs() as i64).max(1) as u64
    }
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn hashed(id: &str) -> String {
    hex(&Sha256::digest(id.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new random token, base64url (used for session ids and email links).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // ThreadRng is a CSPRNG (ChaCha12 seeded and reseeded from the OS).
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn key(kv: &Kv, cookie: &str) -> String {
    kv.key(&["session", &hashed(cookie)])
}

/// Starts a session for `user_id`; returns the cookie value.
pub async fn create(kv: &Kv, user_id: i64, policy: Policy) -> redis::RedisResult<String> {
    let id = random_token();
    let now = now();
    let record = Record { user_id, created: now, seen: now };
    let index = kv.key(&["user_sessions", &user_id.to_string()]);
    let mut c = kv.connection();
    let value = serde_json::to_string(&record).unwrap_or_default();
    let _: () = c.set_ex(key(kv, &id), value, record.ttl(policy, now)).await?;
    let _: () = c.sadd(&index, hashed(&id)).await?;
    let _: () = c.expire(&index, BUYER.absolute.as_secs() as i64).await?;
    Ok(id)
}

/// The session a cookie names, if Redis still holds it (its limits are
/// checked by the caller, who knows the user's role).
pub async fn read(kv: &Kv, cookie: &str) -> redis::RedisResult<Option<Record>> {
    if cookie.len() != 43 || !cookie.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Ok(None);
    }
    let mut c = kv.connection();
    let raw: Option<String> = c.get(key(kv, cookie)).await?;
    // Sessions from before these limits (a bare user id) are over.
    Ok(raw.and_then(|r| serde_json::from_str(&r).ok()))
}

/// Records a request at `now`, pushing the idle limit back (at most once a
/// minute per session).
pub async fn touch(
    kv: &Kv,
    cookie: &str,
    record: Record,
    policy: Policy,
    now: i64,
) -> redis::RedisResult<()> {
    if now - record.seen < TOUCH_EVERY_SECS {
        return Ok(());
    }
    let record = Record { seen: now, ..record };
    let value = serde_json::to_string(&record).unwrap_or_default();
    let mut c = kv.connection();
    // XX: a session ended meanwhile stays ended.
    let _: Option<String> = redis::cmd("SET")
        .arg(key(kv, cookie))
        .arg(value)
        .arg("EX")
        .arg(record.ttl(policy, now))
        .arg("XX")
        .query_async(&mut c)
        .await?;
    Ok(())
}

pub async fn destroy(kv: &Kv, cookie: &str, user_id: Option<i64>) -> redis::RedisResult<()> {
    let mut c = kv.connection();
    let _: () = c.del(key(kv, cookie)).await?;
    if let Some(user) = user_id {
        let _: () = c.srem(kv.key(&["user_sessions", &user.to_string()]), hashed(cookie)).await?;
    }
    Ok(())
}

/// Ends every session of a user (sign out everywhere, password reset).
pub async fn destroy_all(kv: &Kv, user_id: i64) -> redis::RedisResult<()> {
    let index = kv.key(&["user_sessions", &user_id.to_string()]);
    let mut c = kv.connection();
    let hashes: Vec<String> = c.smembers(&index).await?;
    let keys: Vec<String> = hashes.iter().map(|h| kv.key(&["session", h])).collect();
    if !keys.is_empty() {
        let _: () = c.del(keys).await?;
    }
    let _: () = c.del(&index).await?;
    Ok(())
}

/// `Set-Cookie` for a session lasting at most `policy.absolute` (or, with
/// `None`, clearing it).
pub fn cookie(value: Option<&str>, policy: Policy, secure: bool) -> HeaderValue {
    crate::wire::cookie::SetCookie {
        name: COOKIE,
        value,
        path: "/",
        max_age_secs: policy.absolute.as_secs(),
        http_only: true,
        secure,
    }
    .header()
}

/// The session cookie's value in a request's headers.
pub fn from_headers(headers: &http::HeaderMap) -> Option<String> {
    crate::wire::cookie::values(headers, COOKIE).find(|value| !value.is_empty()).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_end_at_the_first_of_their_two_limits() {
        let t0 = 1_800_000_000;
        let record = Record { user_id: 1, created: t0, seen: t0 };
        // Staff: half an hour idle, twelve hours in all.
        assert!(!record.expired(STAFF, t0 + 29 * 60));
        assert!(record.expired(STAFF, t0 + 30 * 60));
        let busy = Record { seen: t0 + 12 * 3600 - 60, ..record };
        assert!(!busy.expired(STAFF, t0 + 12 * 3600 - 1));
        assert!(busy.expired(STAFF, t0 + 12 * 3600), "active all day, still over at twelve hours");
        // Buyers: a week idle, a month in all.
        assert!(!record.expired(BUYER, t0 + 6 * 24 * 3600));
        assert!(record.expired(BUYER, t0 + 7 * 24 * 3600));
        // Redis keeps it until the nearer limit.
        assert_eq!(record.ttl(STAFF, t0), 30 * 60);
        assert_eq!(busy.ttl(STAFF, t0 + 12 * 3600 - 600), 600);
    }
}

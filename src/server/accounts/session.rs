//! Server-side sessions in Redis. The cookie carries a random 256-bit id;
//! Redis keeps only its hash, so reading Redis does not yield usable
//! cookies. A user's sessions are indexed for "sign out everywhere".

use crate::server::kv::Kv;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::HeaderValue;
use rand::RngCore;
use redis::AsyncCommands;
use sha2::{Digest, Sha256};
use std::time::Duration;

pub const COOKIE: &str = "osool_session";
pub const LIFETIME: Duration = Duration::from_secs(30 * 24 * 60 * 60);

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

/// Starts a session for `user_id`; returns the cookie value.
pub async fn create(kv: &Kv, user_id: i64) -> redis::RedisResult<String> {
    let id = random_token();
    let key = kv.key(&["session", &hashed(&id)]);
    let index = kv.key(&["user_sessions", &user_id.to_string()]);
    let mut c = kv.connection();
    let _: () = c.set_ex(&key, user_id, LIFETIME.as_secs()).await?;
    let _: () = c.sadd(&index, hashed(&id)).await?;
    let _: () = c.expire(&index, LIFETIME.as_secs() as i64).await?;
    Ok(id)
}

/// The user a session cookie belongs to, if the session is live.
pub async fn user_id(kv: &Kv, cookie: &str) -> redis::RedisResult<Option<i64>> {
    if cookie.len() != 43 || !cookie.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Ok(None);
    }
    let mut c = kv.connection();
    c.get(kv.key(&["session", &hashed(cookie)])).await
}

pub async fn destroy(kv: &Kv, cookie: &str, user_id: Option<i64>) -> redis::RedisResult<()> {
    let mut c = kv.connection();
    let _: () = c.del(kv.key(&["session", &hashed(cookie)])).await?;
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

/// `Set-Cookie` for a session (or, with `None`, clearing it).
pub fn cookie(value: Option<&str>, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = match value {
        Some(v) => {
            format!("{COOKIE}={v}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure}", LIFETIME.as_secs())
        }
        None => format!("{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}"),
    };
    HeaderValue::from_str(&text)
        .unwrap_or_else(|_| HeaderValue::from_static("osool_session=; Path=/; Max-Age=0"))
}

/// The session cookie's value in a request's headers.
pub fn from_headers(headers: &http::HeaderMap) -> Option<String> {
    headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|header| {
        header.split(';').find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE && !value.is_empty()).then(|| value.to_owned())
        })
    })
}

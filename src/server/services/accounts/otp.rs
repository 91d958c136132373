//! One-time codes for phone sign-in: six digits from a CSPRNG, kept in
//! Redis only as an HMAC (keyed with the deployment's secret), valid five
//! minutes, used once, at most five tries, and one send per minute.

use crate::domain::account::Phone;
use crate::server::adapters::kv::Kv;
use crate::server::config::Secret;
use hmac::{Hmac, Mac};
use rand::Rng;
use redis::AsyncCommands;
use sha2::Sha256;

pub const TTL_SECS: u64 = 300;
pub const COOLDOWN_SECS: u64 = 60;
pub const MAX_ATTEMPTS: i64 = 5;

#[derive(Debug, thiserror::Error)]
pub enum OtpError {
    #[error("wait {0} s before asking for another code")]
    Cooldown(u64),
    #[error("the code expired or was never sent")]
    Expired,
    #[error("wrong code, {remaining} tries left")]
    Wrong { remaining: u32 },
    #[error("too many wrong codes")]
    TooManyAttempts,
    #[error(transparent)]
    Store(#[from] redis::RedisError),
    #[error("could not key the code: {0}")]
    Key(String),
}

fn digest(secret: &Secret, phone: &Phone, code: &str) -> Result<String, OtpError> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
        .map_err(|e| OtpError::Key(e.to_string()))?;
    mac.update(phone.as_str().as_bytes());
    mac.update(b":");
    mac.update(code.as_bytes());
    Ok(super::session::hex(&mac.finalize().into_bytes()))
}

/// A new code for `phone` (returned so it can be sent), or how long to wait.
pub async fn issue(kv: &Kv, secret: &Secret, phone: &Phone) -> Result<String, OtpError> {
    let mut c = kv.connection();
    let cooldown = kv.key(&["otp_cooldown", phone.as_str()]);
    let fresh: bool = redis::cmd("SET")
        .arg(&cooldown)
        .arg(1)
        .arg("NX")
        .arg("EX")
        .arg(COOLDOWN_SECS)
        .query_async::<Option<String>>(&mut c)
        .await?
        .is_some();
    if !fresh {
        let ttl: i64 = c.ttl(&cooldown).await?;
        return Err(OtpError::Cooldown(ttl.max(1) as u64));
    }
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
    let key = kv.key(&["otp", phone.as_str()]);
    let _: () = redis::pipe()
        .atomic()
        .del(&key)
        .hset(&key, "hash", digest(secret, phone, &code)?)
        .hset(&key, "attempts", 0)
        .expire(&key, TTL_SECS as i64)
        .query_async(&mut c)
        .await?;
    Ok(code)
}

const CHECK: &str = r#"
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1, 0} end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
if attempts > tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]); return {-2, 0} end
if redis.call('HGET', KEYS[1], 'hash') == ARGV[1] then redis.call('DEL', KEYS[1]); return {1, 0} end
return {0, tonumber(ARGV[2]) - attempts}
"#;

/// Checks a code; a right one is used up. The sixth try fails even when right.
pub async fn verify(kv: &Kv, secret: &Secret, phone: &Phone, code: &str) -> Result<(), OtpError> {
    let code: String = code.chars().filter(char::is_ascii_digit).collect();
    let mut c = kv.connection();
    let (outcome, remaining): (i64, i64) = redis::Script::new(CHECK)
        .key(kv.key(&["otp", phone.as_str()]))
        .arg(digest(secret, phone, &code)?)
        .arg(MAX_ATTEMPTS)
        .invoke_async(&mut c)
        .await?;
    match outcome {
        1 => Ok(()),
        -1 => Err(OtpError::Expired),
        -2 => Err(OtpError::TooManyAttempts),
        _ if remaining <= 0 => Err(OtpError::TooManyAttempts),
        _ => Err(OtpError::Wrong { remaining: remaining as u32 }),
    }
}

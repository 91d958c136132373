//! Rate limits in Redis (fixed windows, one atomic script), so they hold
//! across every instance of the app. Each limit names what it counts and
//! for whom: a user id when signed in, else the client's address. When
//! Redis cannot answer, limits that guard accounts (sign-in, sign-up, codes,
//! resets) refuse with 503 rather than let guessing run unlimited; the
//! others let the request through.

use crate::api::AppError;
use crate::server::kv::Kv;
use std::time::Duration;

#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub name: &'static str,
    pub max: u32,
    pub window: Duration,
    /// Refuse (503) rather than allow when the limiter is unreachable.
    pub fail_closed: bool,
}

/// Sign-in attempts per address a minute (`OSOOL_SIGN_IN_RATE`, default
/// 10) and per account.
pub fn sign_in(per_minute: u32) -> Limit {
    Limit { name: "sign_in", max: per_minute, window: Duration::from_secs(60), fail_closed: true }
}
pub const SIGN_IN_ACCOUNT: Limit =
    Limit { name: "sign_in_account", max: 20, window: Duration::from_secs(15 * 60), fail_closed: true };
/// Sign-ups and password-reset mails per address.
pub const MAIL: Limit =
    Limit { name: "mail", max: 10, window: Duration::from_secs(60 * 60), fail_closed: true };
/// Codes sent per phone and per address.
pub const OTP_PHONE: Limit =
    Limit { name: "otp_phone", max: 5, window: Duration::from_secs(60 * 60), fail_closed: true };
pub const OTP_ADDRESS: Limit =
    Limit { name: "otp_address", max: 20, window: Duration::from_secs(60 * 60), fail_closed: true };
/// Code checks per address (each code also allows only five tries).
pub const OTP_VERIFY: Limit =
    Limit { name: "otp_verify", max: 30, window: Duration::from_secs(60 * 60), fail_closed: true };
/// Google sign-ins started per address (each writes a pending state).
pub const GOOGLE_START: Limit =
    Limit { name: "google_start", max: 30, window: Duration::from_secs(10 * 60), fail_closed: true };
/// Searches per minute: room for someone clicking fast through filters and
/// pages (`OSOOL_SEARCH_RATE`, default 120).
pub fn search(per_minute: u32) -> Limit {
    Limit { name: "search", max: per_minute, window: Duration::from_secs(60), fail_closed: false }
}
/// Chat messages per minute (`OSOOL_CHAT_RATE`, default 20).
pub fn chat(per_minute: u32) -> Limit {
    Limit { name: "chat", max: per_minute, window: Duration::from_secs(60), fail_closed: false }
}

const SCRIPT: &str = r#"
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}
"#;

/// Counts one use of `limit` by `subject`; `RateLimited` (with the seconds
/// until the window resets) past the maximum. If Redis cannot answer, a
/// fail-closed limit answers `Unavailable` (503); any other lets the request
/// through, logged: a limiter outage must not take search and chat down.
pub async fn check(kv: &Kv, limit: Limit, subject: &str) -> Result<(), AppError> {
    let key = kv.key(&["rate", limit.name, subject]);
    let mut connection = kv.connection();
    let script = redis::Script::new(SCRIPT);
    let result: Result<(u32, i64), _> =
        script.key(&key).arg(limit.window.as_millis() as u64).invoke_async(&mut connection).await;
    match result {
        Ok((count, _)) if count <= limit.max => Ok(()),
        Ok((_, ttl_ms)) => {
            metrics::counter!("rate_limited_total", "limit" => limit.name).increment(1);
            Err(AppError::RateLimited { retry_after_secs: (ttl_ms.max(0) as u64).div_ceil(1000).max(1) })
        }
        Err(error) if limit.fail_closed => {
            tracing::warn!(%error, limit = limit.name, "rate limiter unavailable; request refused");
            Err(AppError::Unavailable)
        }
        Err(error) => {
            tracing::warn!(%error, limit = limit.name, "rate limiter unavailable; request allowed");
            Ok(())
        }
    }
}

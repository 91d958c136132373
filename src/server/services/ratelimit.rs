//! Rate limits in Redis (fixed windows, one atomic script), so they hold
//! across every instance of the app. Each limit names what it counts and
//! for whom: a user id when signed in, else the client's address. When
//! Redis cannot answer, limits that guard accounts (sign-in, sign-up, codes,
//! resets) refuse with 503 rather than let guessing run unlimited; the
//! others let the request through.

use crate::server::adapters::kv::Kv;
use crate::wire::AppError;
use std::time::Duration;

#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub name: &'static str,
    pub max: u32,
    pub window: Duration,
    /// Refuse (503) rather than allow when the limiter is unreachable.
    pub fail_closed: bool,
}

/// Failed sign-ins per address a minute (`OSOOL_SIGN_IN_RATE`, default
/// 30): successes are refunded, so an office or a carrier's shared address
/// full of people signing in is never limited for it. Guessing against one
/// account is slowed by `AccountDelay` instead.
pub fn sign_in(per_minute: u32) -> Limit {
    Limit { name: "sign_in", max: per_minute, window: Duration::from_secs(60), fail_closed: true }
}
/// Sign-up and password-reset mails per address, counted only for requests
/// that pass validation. Egyptian carriers put many people behind one
/// address, so this is generous; the per-recipient limit below is what
/// stops mail-bombing one person.
pub const MAIL: Limit =
    Limit { name: "mail", max: 60, window: Duration::from_secs(60 * 60), fail_closed: true };
/// Mails to one recipient address an hour.
pub const MAIL_RECIPIENT: Limit =
    Limit { name: "mail_to", max: 5, window: Duration::from_secs(60 * 60), fail_closed: true };
/// Codes sent per phone and per address.
pub const OTP_PHONE: Limit =
    Limit { name: "otp_phone", max: 5, window: Duration::from_secs(60 * 60), fail_closed: true };
pub const OTP_ADDRESS: Limit =
    Limit { name: "otp_address", max: 60, window: Duration::from_secs(60 * 60), fail_closed: true };
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

/// Reservations started per buyer in ten minutes: enough to retry a
/// declined card, not enough to keep units held by clicking.
pub fn reserve() -> Limit {
    Limit { name: "reserve", max: 10, window: Duration::from_secs(10 * 60), fail_closed: false }
}

/// Who a limit counts against: the user when signed in, else the client's
/// address. The one place a limit's subject is written.
pub fn subject(user_id: Option<i64>, address: &str) -> String {
    match user_id {
        Some(id) => format!("user:{id}"),
        None => format!("ip:{address}"),
    }
}

/// The Redis key counting `name` for `subject`.
fn key(kv: &Kv, name: &str, subject: &str) -> String {
    kv.key(&["rate", name, subject])
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
    let key = key(kv, limit.name, subject);
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

/// Gives back one use of `limit` by `subject`: for limits that count only
/// failures, called when the attempt succeeded.
pub async fn refund(kv: &Kv, limit: Limit, subject: &str) {
    let key = key(kv, limit.name, subject);
    let mut connection = kv.connection();
    let script = redis::Script::new(
        "if redis.call('GET', KEYS[1]) then return redis.call('DECR', KEYS[1]) end return 0",
    );
    let refunded: Result<i64, _> = script.key(&key).invoke_async(&mut connection).await;
    if let Err(error) = refunded {
        tracing::warn!(%error, limit = limit.name, "rate limit refund failed");
    }
}

/// Progressive delays for one account's failed sign-ins, instead of a
/// lock-out anyone could trigger with wrong passwords: the
/// `FREE_FAILURES`-th failure makes the next attempt wait 2 s, and each one
/// after it doubles the wait (4 s, 8 s, ... at most 5 minutes).
/// A success, or an hour without failures, starts over.
pub struct AccountDelay;

impl AccountDelay {
    pub const FREE_FAILURES: u32 = 5;
    pub const MAX_WAIT_SECS: u64 = 300;

    /// The wait after `failures` failures.
    pub fn wait_after(failures: u32) -> u64 {
        if failures < Self::FREE_FAILURES {
            return 0;
        }
        let doublings = (failures - Self::FREE_FAILURES + 1).min(16);
        (1u64 << doublings).min(Self::MAX_WAIT_SECS)
    }

    /// `RateLimited` while the account's wait runs.
    pub async fn check(kv: &Kv, account: &str) -> Result<(), AppError> {
        const CHECK: &str = r#"
local deadline = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if deadline > now then return deadline - now end
return 0
"#;
        let key = key(kv, "sign_in_account", account);
        let mut connection = kv.connection();
        let wait: Result<i64, _> = redis::Script::new(CHECK).key(&key).invoke_async(&mut connection).await;
        match wait {
            Ok(0) => Ok(()),
            Ok(ms) => {
                metrics::counter!("rate_limited_total", "limit" => "sign_in_account").increment(1);
                Err(AppError::RateLimited { retry_after_secs: (ms.max(0) as u64).div_ceil(1000).max(1) })
            }
            Err(error) => {
                tracing::warn!(%error, "account delay unavailable; sign-in refused");
                Err(AppError::Unavailable)
            }
        }
    }

    /// Records a failed sign-in and starts the wait it earns.
    pub async fn failed(kv: &Kv, account: &str) {
        const FAILED: &str = r#"
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
local free = tonumber(ARGV[1])
local wait = 0
if n >= free then wait = math.min(2 ^ math.min(n - free + 1, 16), tonumber(ARGV[2])) * 1000 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('HSET', KEYS[1], 'until', now + wait)
redis.call('PEXPIRE', KEYS[1], 3600000)
return n
"#;
        let key = key(kv, "sign_in_account", account);
        let mut connection = kv.connection();
        let recorded: Result<i64, _> = redis::Script::new(FAILED)
            .key(&key)
            .arg(Self::FREE_FAILURES)
            .arg(Self::MAX_WAIT_SECS)
            .invoke_async(&mut connection)
            .await;
        if let Err(error) = recorded {
            tracing::warn!(%error, "could not record a failed sign-in");
        }
    }

    /// A success starts the count over.
    pub async fn succeeded(kv: &Kv, account: &str) {
        let key = key(kv, "sign_in_account", account);
        let mut connection = kv.connection();
        let cleared: Result<i64, _> = redis::cmd("DEL").arg(&key).query_async(&mut connection).await;
        if let Err(error) = cleared {
            tracing::warn!(%error, "could not clear failed sign-ins");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AccountDelay;

    #[test]
    fn waits_double_after_the_free_failures_and_stay_bounded() {
        let waits: Vec<u64> = (0..12).map(AccountDelay::wait_after).collect();
        assert_eq!(waits, vec![0, 0, 0, 0, 0, 2, 4, 8, 16, 32, 64, 128]);
        assert_eq!(AccountDelay::wait_after(12), 256);
        assert_eq!(AccountDelay::wait_after(13), 300);
        assert_eq!(AccountDelay::wait_after(u32::MAX), 300);
    }
}

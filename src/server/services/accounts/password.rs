//! Password hashing with argon2id, off the async runtime. Unknown accounts
//! are checked against a dummy hash, so a wrong email takes as long as a
//! wrong password. Requests hash through a `HashGate`, which caps how many
//! hashes run at once (each holds about 19 MiB and a core for tens of
//! milliseconds): a flood of sign-ins waits briefly, then is told to retry
//! (503 with Retry-After), instead of exhausting memory.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

fn hash_now(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

pub async fn hash(password: String) -> Result<String, HashError> {
    tokio::task::spawn_blocking(move || hash_now(&password)).await.map_err(|e| HashError(e.to_string()))?
}

/// A hash of a random password, made once, to check unknown accounts against.
fn dummy() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_now(&super::session::random_token()).unwrap_or_default())
}

/// Whether `password` matches `stored`; with no stored hash it still does
/// the work and answers false.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || verify_now(&password, stored)).await.unwrap_or(false)
}

/// The gate was full for longer than the wait: retry shortly.
#[derive(Debug, thiserror::Error)]
#[error("too many password checks at once")]
pub struct Busy;

#[derive(Clone)]
pub struct HashGate {
    permits: Arc<Semaphore>,
    wait: Duration,
}

impl HashGate {
    /// At most `concurrency` hashes at once; a caller waits up to `wait`.
    pub fn new(concurrency: usize, wait: Duration) -> HashGate {
        HashGate { permits: Arc::new(Semaphore::new(concurrency.max(1))), wait }
    }

    async fn enter(&self) -> Result<OwnedSemaphorePermit, Busy> {
        let acquire = self.permits.clone().acquire_owned();
        match tokio::time::timeout(self.wait, acquire).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => {
                metrics::counter!("password_hash_refused_total").increment(1);
                Err(Busy)
            }
        }
    }

    /// `hash`, once a slot is free. The slot is held by the blocking work
    /// itself, so a caller that gives up does not free it early.
    pub async fn hash(&self, password: String) -> Result<Result<String, HashError>, Busy> {
        let permit = self.enter().await?;
        Ok(tokio::task::spawn_blocking(move || {
            let _permit = permit;
            hash_now(&password)
        })
        .await
        .map_err(|e| HashError(e.to_string()))
        .and_then(|r| r))
    }

    /// `verify`, once a slot is free.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, Busy> {
        let permit = self.enter().await?;
        Ok(tokio::task::spawn_blocking(move || {
            let _permit = permit;
            verify_now(&password, stored)
        })
        .await
        .unwrap_or(false))
    }
}

fn verify_now(password: &str, stored: Option<String>) -> bool {
    let known = stored.is_some();
    let text = stored.unwrap_or_else(|| dummy().to_owned());
    let Ok(parsed) = PasswordHash::new(&text) else { return false };
    Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && known
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn hashes_verify_and_unknown_accounts_never_match() {
        let h = super::hash("nile-sunset-42".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(super::verify("nile-sunset-42".into(), Some(h.clone())).await);
        assert!(!super::verify("nile-sunset-43".into(), Some(h)).await);
        assert!(!super::verify("anything".into(), None).await);
    }

    #[tokio::test]
    async fn a_full_gate_turns_callers_away_after_its_wait() {
        let gate = super::HashGate::new(1, std::time::Duration::from_millis(20));
        let held = gate.enter().await.expect("the one slot");
        assert!(gate.verify("x".into(), None).await.is_err(), "no slot within the wait");
        drop(held);
        assert_eq!(gate.verify("x".into(), None).await.ok(), Some(false));
    }
}

/// The 30,000 most common passwords from real breaches (the list zxcvbn
/// 4.4.2 ships, MIT licence, Dropbox), one per line, in the binary.
const BREACHED: &str = include_str!("../../../../data/breached-passwords.txt");

fn breached_set() -> &'static std::collections::HashSet<&'static str> {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| BREACHED.lines().map(str::trim).filter(|l| !l.is_empty()).collect())
}

/// Whether a password is one of the breached common ones, also when it is
/// one of them with capitals, look-alike symbols ("p@ssw0rd") or digits
/// and symbols around it ("Password2026!", "2026password").
pub fn is_breached(password: &str) -> bool {
    let set = breached_set();
    let lower = password.trim().to_lowercase();
    if set.contains(lower.as_str()) {
        return true;
    }
    let unleet = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '@' | '4' => 'a',
                '3' => 'e',
                '1' | '!' => 'i',
                '0' => 'o',
                '$' | '5' => 's',
                '7' => 't',
                other => other,
            })
            .collect()
    };
    let core = |s: &str| -> String {
        s.trim_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation() || c.is_whitespace())
            .to_owned()
    };
    let cored = core(&lower);
    [unleet(&cored), cored, unleet(&lower), core(&unleet(&lower))]
        .iter()
        .any(|candidate| candidate.chars().count() >= 4 && set.contains(candidate.as_str()))
}

#[cfg(test)]
mod breach_tests {
    use super::is_breached;

    #[test]
    fn common_passwords_and_their_usual_disguises_are_refused() {
        for weak in [
            "password1234",
            "qwerty12345",
            "Password2026",
            "Password2026!",
            "P@ssw0rd2024",
            "2026password",
            "iloveyou123",
            "Dragon1234",
            "football!!",
            "1q2w3e4r5t",
            "Qwertyuiop",
            "superman2026",
        ] {
            assert!(is_breached(weak), "{weak}");
        }
        for fine in [
            "nile-sunset-42-falafel",
            "a-brand-new-pass-77",
            "Corniche at dusk 2027 Alex",
            "another-long-secret-9",
            "felucca-mango-tram-31",
            "كلمة-سر-طويلة-٢٠٢٦",
        ] {
            assert!(!is_breached(fine), "{fine}");
        }
    }

    #[test]
    fn every_listed_password_is_caught_with_a_year_after_it() {
        for (i, line) in super::BREACHED.lines().enumerate().filter(|(i, _)| i % 7 == 0) {
            let disguised = format!("{}{}", line, 2000 + i % 30);
            if line.chars().count() >= 4 && line.chars().all(|c| c.is_ascii_lowercase()) {
                assert!(is_breached(&disguised), "{disguised}");
            }
        }
    }
}

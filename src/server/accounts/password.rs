//! Password hashing with argon2id, off the async runtime. Unknown accounts
//! are checked against a dummy hash, so a wrong email takes as long as a
//! wrong password.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::OnceLock;

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
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let text = stored.unwrap_or_else(|| dummy().to_owned());
        let Ok(parsed) = PasswordHash::new(&text) else { return false };
        Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && known
    })
    .await
    .unwrap_or(false)
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
}

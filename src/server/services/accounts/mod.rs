//! Accounts: signing up and in by email and password, by a code sent to a
//! phone, or with Google; email verification and password reset by
//! single-use links; sessions. Every answer about an email is the same, in
//! content and in time, whether or not an account exists: mail goes through
//! the outbox, and the requests that ask for it record only the address.

pub mod google;
pub mod links;
pub mod otp;
pub mod password;
pub mod session;

use crate::domain::account::{Email, PasswordProblem, Phone, User, check_password};
use crate::i18n::Lang;
use crate::server::adapters::kv::Kv;
use crate::server::config::{Config, Secret};
use crate::server::db::users;
use crate::server::services::outbox::{AccountAction, Outbound, Outbox};
use crate::server::services::ratelimit::{self, Limit};
use crate::wire::AppError;
use http::HeaderValue;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use std::sync::Arc;

pub struct Accounts {
    pool: PgPool,
    kv: Kv,
    outbox: Arc<Outbox>,
    hashing: password::HashGate,
    pub google: Option<google::Google>,
    secret: Secret,
    sign_in_rate: u32,
    secure_cookies: bool,
}

/// A session just started: its cookie value and the limits it lives by.
pub struct NewSession {
    pub id: String,
    pub policy: session::Policy,
}

pub use crate::wire::auth::CodeSent;

fn busy(_: password::Busy) -> AppError {
    AppError::Busy { retry_after_secs: 1 }
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The rules every new password meets: `check_password`'s, and not one of
/// the breached common passwords (server side: the list stays out of the
/// browser's download).
fn acceptable_password(password: &str, email: Option<&str>) -> Result<(), AppError> {
    check_password(password, email).map_err(password_error)?;
    if password::is_breached(password) {
        return Err(password_error(PasswordProblem::Common));
    }
    Ok(())
}

fn password_error(problem: PasswordProblem) -> AppError {
    let code = match problem {
        PasswordProblem::TooShort => "too_short",
        PasswordProblem::TooLong => "too_long",
        PasswordProblem::Common => "common",
        PasswordProblem::ContainsEmail => "contains_email",
        PasswordProblem::Repetitive => "repetitive",
    };
    AppError::validation("password", code)
}

async fn limit(kv: &Kv, limit: Limit, subject: &str) -> Result<(), AppError> {
    ratelimit::check(kv, limit, subject).await
}

impl Accounts {
    pub fn new(config: &Config, pool: PgPool, kv: Kv, outbox: Arc<Outbox>) -> Result<Accounts, String> {
        let google = match &config.google {
            Some(g) => Some(google::Google::new(g, &config.public_url).map_err(|e| e.to_string())?),
            None => None,
        };
        Ok(Accounts {
            pool,
            kv,
            outbox,
            hashing: password::HashGate::new(config.hash_concurrency, config.hash_wait),
            google,
            secret: config.secret_key.clone(),
            sign_in_rate: config.sign_in_rate_per_minute,
            secure_cookies: config.secure_cookies(),
        })
    }

    /// Where every mail and text message of the app goes.
    pub fn outbox(&self) -> &Arc<Outbox> {
        &self.outbox
    }

    pub fn kv(&self) -> &Kv {
        &self.kv
    }

    pub async fn user(&self, id: i64) -> Result<Option<User>, AppError> {
        users::by_id(&self.pool, id).await.map_err(AppError::internal)
    }

    /// The user behind a session cookie, if the session is live: within its
    /// absolute and idle limits for the user's role now. Each request
    /// pushes the idle limit back.
    pub async fn user_for_cookie(&self, cookie: Option<&str>) -> Result<Option<User>, AppError> {
        let Some(cookie) = cookie else { return Ok(None) };
        let record = match session::read(&self.kv, cookie).await {
            Ok(Some(record)) => record,
            Ok(None) => return Ok(None),
            Err(error) => {
                tracing::warn!(%error, "session store unavailable");
                return Err(AppError::Unavailable);
            }
        };
        let Some(user) = self.user(record.user_id).await? else { return Ok(None) };
        let policy = session::Policy::for_role(user.role);
        let now = session::now();
        if record.expired(policy, now) {
            let _ = session::destroy(&self.kv, cookie, Some(user.id)).await;
            return Ok(None);
        }
        if let Err(error) = session::touch(&self.kv, cookie, record, policy, now).await {
            tracing::warn!(%error, "could not record session activity");
        }
        Ok(Some(user))
    }

    /// Signs a user in: a new session id (the old one, if any, ends), with
    /// the limits of the user's role.
    pub async fn start_session(
        &self,
        user_id: i64,
        old_cookie: Option<&str>,
    ) -> Result<NewSession, AppError> {
        if let Some(old) = old_cookie {
            let _ = session::destroy(&self.kv, old, None).await;
        }
        let role = self.user(user_id).await?.ok_or(AppError::Unauthorized)?.role;
        let policy = session::Policy::for_role(role);
        let id = session::create(&self.kv, user_id, policy).await.map_err(|_| AppError::Unavailable)?;
        Ok(NewSession { id, policy })
    }

    /// `Set-Cookie` for a new session, or clearing the cookie.
    pub fn session_cookie(&self, session: Option<&NewSession>) -> HeaderValue {
        match session {
            Some(s) => session::cookie(Some(&s.id), s.policy, self.secure_cookies),
            None => session::cookie(None, session::BUYER, self.secure_cookies),
        }
    }

    pub async fn end_session(&self, cookie: &str, user_id: Option<i64>) -> Result<(), AppError> {
        session::destroy(&self.kv, cookie, user_id).await.map_err(|_| AppError::Unavailable)
    }

    pub async fn end_all_sessions(&self, user_id: i64) -> Result<(), AppError> {
        session::destroy_all(&self.kv, user_id).await.map_err(|_| AppError::Unavailable)
    }

    /// Records an account message for the outbox worker (it makes the
    /// link, if any, when it sends).
    async fn account_mail(
        &self,
        email: &str,
        action: AccountAction,
        lang: Lang,
        user_id: Option<i64>,
    ) -> Result<(), AppError> {
        self.outbox.send(Outbound::Account { email, action, lang, user_id }).await.map_err(AppError::internal)
    }

    /// Creates an account and mails a verification link. An email that is
    /// taken gets a note instead; the caller sees the same answer, in the
    /// same time (one insert tried, one message queued, either way).
    pub async fn sign_up(
        &self,
        name: &str,
        email: &str,
        password: &str,
        lang: Lang,
        address: &str,
    ) -> Result<(), AppError> {
        let email = Email::parse(email).map_err(|m| AppError::validation("email", m))?;
        let name = name.trim();
        if name.chars().count() > 100 {
            return Err(AppError::validation("name", "at most 100 characters"));
        }
        acceptable_password(password, Some(email.as_str()))?;
        // Counted once valid: a typo costs the buyer nothing.
        limit(&self.kv, ratelimit::MAIL, address).await?;
        let hash = self.hashing.hash(password.to_owned()).await.map_err(busy)?.map_err(AppError::internal)?;
        let name = (!name.is_empty()).then_some(name);
        let created = users::create_with_password(&self.pool, name, email.as_str(), &hash, lang)
            .await
            .map_err(AppError::internal)?;
        if !self.may_mail(email.as_str()).await? {
            return Ok(());
        }
        match created {
            Some(id) => self.account_mail(email.as_str(), AccountAction::Verify, lang, Some(id)).await,
            None => self.account_mail(email.as_str(), AccountAction::AlreadyRegistered, lang, None).await,
        }
    }

    /// Whether one more account mail may go to `email` this hour. Past the
    /// limit the request still answers as usual (the mailbox already holds
    /// recent links): someone spamming a victim's address neither bombs
    /// their mailbox nor learns anything, and the victim is not locked out.
    async fn may_mail(&self, email: &str) -> Result<bool, AppError> {
        match limit(&self.kv, ratelimit::MAIL_RECIPIENT, email).await {
            Ok(()) => Ok(true),
            Err(AppError::RateLimited { .. }) => {
                tracing::info!("account mail skipped: this mailbox had enough this hour");
                Ok(false)
            }
            Err(other) => Err(other),
        }
    }

    /// Confirms an email from its link (once).
    pub async fn verify_email(&self, token: &str) -> Result<(), AppError> {
        let id = users::consume_token(&self.pool, &token_hash(token.trim()), "verify")
            .await
            .map_err(AppError::internal)?
            .ok_or(AppError::LinkExpired)?;
        users::mark_email_verified(&self.pool, id).await.map_err(AppError::internal)
    }

    /// Checks an email and password; the account id when they match.
    pub async fn sign_in(&self, email: &str, password: &str, address: &str) -> Result<i64, AppError> {
        // Counted up front (so a burst cannot outrun it), refunded on success:
        // only failures use up an address's budget.
        let per_address = ratelimit::sign_in(self.sign_in_rate);
        limit(&self.kv, per_address, address).await?;
        let Ok(email) = Email::parse(email) else { return Err(AppError::InvalidCredentials) };
        ratelimit::AccountDelay::check(&self.kv, email.as_str()).await?;
        let account = users::credentials(&self.pool, email.as_str()).await.map_err(AppError::internal)?;
        let stored = account.as_ref().and_then(|a| a.password_hash.clone());
        let matched = self.hashing.verify(password.to_owned(), stored).await.map_err(busy)?;
        let Some(account) = account.filter(|_| matched) else {
            ratelimit::AccountDelay::failed(&self.kv, email.as_str()).await;
            return Err(AppError::InvalidCredentials);
        };
        ratelimit::AccountDelay::succeeded(&self.kv, email.as_str()).await;
        ratelimit::refund(&self.kv, per_address, address).await;
        if !account.email_verified {
            // Only someone with the password learns this; send a fresh link.
            let lang = Lang::from_code(&account.language).unwrap_or_default();
            if self.may_mail(email.as_str()).await.unwrap_or(false) {
                let _ =
                    self.account_mail(email.as_str(), AccountAction::Verify, lang, Some(account.id)).await;
            }
            return Err(AppError::EmailNotVerified);
        }
        Ok(account.id)
    }

    /// Mails a reset link if the account exists. The request only queues
    /// the address: the answer, and the time it takes, are the same for an
    /// address with no account, and whatever the mail server is doing.
    pub async fn forgot_password(&self, email: &str, lang: Lang, address: &str) -> Result<(), AppError> {
        let email = Email::parse(email).map_err(|m| AppError::validation("email", m))?;
        limit(&self.kv, ratelimit::MAIL, address).await?;
        if !self.may_mail(email.as_str()).await? {
            return Ok(());
        }
        self.account_mail(email.as_str(), AccountAction::Reset, lang, None).await
    }

    /// Sets a new password from a reset link (once) and signs the account
    /// out everywhere.
    pub async fn reset_password(&self, token: &str, password: &str) -> Result<(), AppError> {
        let hash_of_token = token_hash(token.trim());
        // Check the password before using up the link.
        let probe = users::reset_token_email(&self.pool, &hash_of_token)
            .await
            .map_err(AppError::internal)?
            .ok_or(AppError::LinkExpired)?;
        acceptable_password(password, probe.as_deref())?;
        let hash = self.hashing.hash(password.to_owned()).await.map_err(busy)?.map_err(AppError::internal)?;
        let id = users::consume_token(&self.pool, &hash_of_token, "reset")
            .await
            .map_err(AppError::internal)?
            .ok_or(AppError::LinkExpired)?;
        users::set_password(&self.pool, id, &hash).await.map_err(AppError::internal)?;
        // Whoever holds the mailbox holds the account: it is verified too,
        // and every other link mailed to it stops working.
        users::mark_email_verified(&self.pool, id).await.map_err(AppError::internal)?;
        users::spend_tokens(&self.pool, id).await.map_err(AppError::internal)?;
        self.end_all_sessions(id).await
    }

    /// Sends a six-digit code to a phone.
    pub async fn send_code(&self, phone: &str, lang: Lang, address: &str) -> Result<CodeSent, AppError> {
        let phone = Phone::parse(phone).map_err(|m| AppError::validation("phone", m))?;
        limit(&self.kv, ratelimit::OTP_ADDRESS, address).await?;
        limit(&self.kv, ratelimit::OTP_PHONE, phone.as_str()).await?;
        let code = otp::issue(&self.kv, &self.secret, &phone).await.map_err(|e| match e {
            otp::OtpError::Cooldown(secs) => AppError::RateLimited { retry_after_secs: secs },
            other => AppError::internal(other),
        })?;
        let body = crate::i18n::messages::phone_code(&code, lang);
        // Through the outbox like every message; a code is secret (emptied
        // once sent) and worthless once it expires.
        let expires_at = chrono::Utc::now() + chrono::Duration::seconds(otp::TTL_SECS as i64);
        self.outbox
            .send(Outbound::Sms { to: &phone, body, secret: true, expires_at: Some(expires_at) })
            .await
            .map_err(AppError::internal)?;
        Ok(CodeSent {
            phone: phone.as_str().to_owned(),
            masked_phone: phone.masked(),
            resend_after_secs: otp::COOLDOWN_SECS,
            expires_in_secs: otp::TTL_SECS,
        })
    }

    /// Checks a code; the account id (created on first sign-in) when right.
    pub async fn verify_code(
        &self,
        phone: &str,
        code: &str,
        lang: Lang,
        address: &str,
    ) -> Result<i64, AppError> {
        let phone = Phone::parse(phone).map_err(|m| AppError::validation("phone", m))?;
        limit(&self.kv, ratelimit::OTP_VERIFY, address).await?;
        otp::verify(&self.kv, &self.secret, &phone, code).await.map_err(|e| match e {
            otp::OtpError::Expired => AppError::CodeExpired,
            otp::OtpError::Wrong { remaining } => AppError::WrongCode { remaining },
            otp::OtpError::TooManyAttempts => AppError::TooManyAttempts,
            other => AppError::internal(other),
        })?;
        users::upsert_phone(&self.pool, phone.as_str(), lang).await.map_err(AppError::internal)
    }

    /// The account for a Google identity (linked by verified email). An
    /// account whose email had never been confirmed is taken over by the
    /// address's real owner: whoever made it is signed out everywhere.
    pub async fn google_account(&self, identity: &google::Identity, lang: Lang) -> Result<i64, AppError> {
        let account = users::upsert_google(
            &self.pool,
            &identity.sub,
            identity.email.as_deref(),
            identity.name.as_deref(),
            lang,
        )
        .await
        .map_err(AppError::internal)?
        .ok_or_else(|| {
            tracing::warn!("Google sign-in for an email linked to another Google account: refused");
            AppError::Conflict { message: "this email is linked to another Google account".into() }
        })?;
        if account.took_over {
            tracing::warn!(
                user = account.id,
                "unverified account claimed through Google: password and sessions dropped"
            );
            self.end_all_sessions(account.id).await?;
        }
        Ok(account.id)
    }

    pub async fn update_profile(&self, user_id: i64, name: &str, lang: Lang) -> Result<(), AppError> {
        let name = name.trim();
        if name.chars().count() > 100 {
            return Err(AppError::validation("name", "at most 100 characters"));
        }
        users::update_profile(&self.pool, user_id, (!name.is_empty()).then_some(name), lang)
            .await
            .map_err(AppError::internal)
    }

    pub async fn toggle_saved(&self, user_id: i64, listing_id: i64) -> Result<bool, AppError> {
        users::toggle_saved(&self.pool, user_id, listing_id).await.map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => AppError::NotFound,
            other => AppError::internal(other),
        })
    }

    pub async fn saved(&self, user_id: i64) -> Result<Vec<i64>, AppError> {
        users::saved(&self.pool, user_id).await.map_err(AppError::internal)
    }
}

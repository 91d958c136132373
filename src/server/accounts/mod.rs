//! Accounts: signing up and in by email and password, by a code sent to a
//! phone, or with Google; email verification and password reset by
//! single-use links; sessions; roles. Every answer about an email is the
//! same whether or not an account exists.

pub mod google;
pub mod otp;
pub mod password;
pub mod session;

use crate::api::AppError;
use crate::domain::account::{Email, PasswordProblem, Phone, Role, User, check_password};
use crate::i18n::Lang;
use crate::server::config::{Config, Secret};
use crate::server::db::users;
use crate::server::kv::Kv;
use crate::server::mail::{Mail, Mailer};
use crate::server::ratelimit::{self, Limit};
use crate::server::sms::SmsSender;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use std::sync::Arc;

const VERIFY_MINUTES: i32 = 24 * 60;
const RESET_MINUTES: i32 = 60;

pub struct Accounts {
    pool: PgPool,
    kv: Kv,
    mailer: Mailer,
    sms: Arc<dyn SmsSender>,
    pub google: Option<google::Google>,
    secret: Secret,
    sign_in_rate: u32,
}

pub use crate::api::auth::CodeSent;

fn internal(error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "accounts failure");
    AppError::Internal { request_id: crate::server::http::request_id::current() }
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
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
    pub fn new(config: &Config, pool: PgPool, kv: Kv) -> Result<Accounts, String> {
        let mailer = Mailer::new(config).map_err(|e| e.to_string())?;
        let google = match &config.google {
            Some(g) => Some(google::Google::new(g, &config.public_url).map_err(|e| e.to_string())?),
            None => None,
        };
        Ok(Accounts {
            pool,
            kv,
            mailer,
            sms: crate::server::sms::from_config(config),
            google,
            secret: config.secret_key.clone(),
            sign_in_rate: config.sign_in_rate_per_minute,
        })
    }

    pub fn kv(&self) -> &Kv {
        &self.kv
    }

    pub fn sms(&self) -> Arc<dyn SmsSender> {
        self.sms.clone()
    }

    pub fn mailer(&self) -> &Mailer {
        &self.mailer
    }

    pub async fn user(&self, id: i64) -> Result<Option<User>, AppError> {
        users::by_id(&self.pool, id).await.map_err(internal)
    }

    /// The user behind a session cookie, if any.
    pub async fn user_for_cookie(&self, cookie: Option<&str>) -> Result<Option<User>, AppError> {
        let Some(cookie) = cookie else { return Ok(None) };
        match session::user_id(&self.kv, cookie).await {
            Ok(Some(id)) => self.user(id).await,
            Ok(None) => Ok(None),
            Err(error) => {
                tracing::warn!(%error, "session store unavailable");
                Err(AppError::Unavailable)
            }
        }
    }

    /// Signs a user in: a new session id (the old one, if any, ends).
    pub async fn start_session(&self, user_id: i64, old_cookie: Option<&str>) -> Result<String, AppError> {
        if let Some(old) = old_cookie {
            let _ = session::destroy(&self.kv, old, None).await;
        }
        session::create(&self.kv, user_id).await.map_err(|_| AppError::Unavailable)
    }

    pub async fn end_session(&self, cookie: &str, user_id: Option<i64>) -> Result<(), AppError> {
        session::destroy(&self.kv, cookie, user_id).await.map_err(|_| AppError::Unavailable)
    }

    pub async fn end_all_sessions(&self, user_id: i64) -> Result<(), AppError> {
        session::destroy_all(&self.kv, user_id).await.map_err(|_| AppError::Unavailable)
    }

    async fn mail_link(&self, user_id: i64, to: &str, lang: Lang, purpose: &str) -> Result<(), AppError> {
        let token = session::random_token();
        let minutes = if purpose == "verify" { VERIFY_MINUTES } else { RESET_MINUTES };
        users::insert_token(&self.pool, &token_hash(&token), user_id, purpose, minutes)
            .await
            .map_err(internal)?;
        let link = self.mailer.link(&format!(
            "{}?token={token}",
            if purpose == "verify" { "/verify-email" } else { "/reset-password" }
        ));
        let mail = if purpose == "verify" {
            Mail::VerifyEmail { link: &link }
        } else {
            Mail::ResetPassword { link: &link }
        };
        self.mailer.send(to, lang, mail).await.map_err(internal)
    }

    /// Creates an account and mails a verification link. An email that is
    /// taken gets a note instead; the caller sees the same answer.
    pub async fn sign_up(
        &self,
        name: &str,
        email: &str,
        password: &str,
        lang: Lang,
        address: &str,
    ) -> Result<(), AppError> {
        limit(&self.kv, ratelimit::MAIL, address).await?;
        let email = Email::parse(email).map_err(|m| AppError::validation("email", m))?;
        let name = name.trim();
        if name.chars().count() > 100 {
            return Err(AppError::validation("name", "at most 100 characters"));
        }
        check_password(password, Some(email.as_str())).map_err(password_error)?;
        let hash = password::hash(password.to_owned()).await.map_err(internal)?;
        let name = (!name.is_empty()).then_some(name);
        match users::create_with_password(&self.pool, name, email.as_str(), &hash, lang)
            .await
            .map_err(internal)?
        {
            Some(id) => self.mail_link(id, email.as_str(), lang, "verify").await,
            None => {
                let sign_in = self.mailer.link("/?auth=email");
                self.mailer
                    .send(email.as_str(), lang, Mail::AlreadyRegistered { sign_in: &sign_in })
                    .await
                    .map_err(internal)
            }
        }
    }

    /// Confirms an email from its link (once).
    pub async fn verify_email(&self, token: &str) -> Result<(), AppError> {
        let id = users::consume_token(&self.pool, &token_hash(token.trim()), "verify")
            .await
            .map_err(internal)?
            .ok_or(AppError::LinkExpired)?;
        users::mark_email_verified(&self.pool, id).await.map_err(internal)
    }

    /// Checks an email and password; the account id when they match.
    pub async fn sign_in(&self, email: &str, password: &str, address: &str) -> Result<i64, AppError> {
        limit(&self.kv, ratelimit::sign_in(self.sign_in_rate), address).await?;
        let email = Email::parse(email).map_err(|_| AppError::InvalidCredentials)?;
        limit(&self.kv, ratelimit::SIGN_IN_ACCOUNT, email.as_str()).await?;
        let account = users::credentials(&self.pool, email.as_str()).await.map_err(internal)?;
        let stored = account.as_ref().and_then(|a| a.password_hash.clone());
        if !password::verify(password.to_owned(), stored).await {
            return Err(AppError::InvalidCredentials);
        }
        let Some(account) = account else { return Err(AppError::InvalidCredentials) };
        if !account.email_verified {
            // Only someone with the password learns this; send a fresh link.
            let lang = Lang::from_code(&account.language).unwrap_or_default();
            let _ = self.mail_link(account.id, email.as_str(), lang, "verify").await;
            return Err(AppError::EmailNotVerified);
        }
        Ok(account.id)
    }

    /// Mails a reset link if the account exists; the same answer either way.
    pub async fn forgot_password(&self, email: &str, lang: Lang, address: &str) -> Result<(), AppError> {
        limit(&self.kv, ratelimit::MAIL, address).await?;
        let email = Email::parse(email).map_err(|m| AppError::validation("email", m))?;
        if let Some(account) = users::credentials(&self.pool, email.as_str()).await.map_err(internal)? {
            let lang = Lang::from_code(&account.language).unwrap_or(lang);
            self.mail_link(account.id, email.as_str(), lang, "reset").await?;
        }
        Ok(())
    }

    /// Sets a new password from a reset link (once) and signs the account
    /// out everywhere.
    pub async fn reset_password(&self, token: &str, password: &str) -> Result<(), AppError> {
        let hash_of_token = token_hash(token.trim());
        // Check the password before using up the link.
        let probe = users::reset_token_email(&self.pool, &hash_of_token)
            .await
            .map_err(internal)?
            .ok_or(AppError::LinkExpired)?;
        check_password(password, probe.as_deref()).map_err(password_error)?;
        let hash = password::hash(password.to_owned()).await.map_err(internal)?;
        let id = users::consume_token(&self.pool, &hash_of_token, "reset")
            .await
            .map_err(internal)?
            .ok_or(AppError::LinkExpired)?;
        users::set_password(&self.pool, id, &hash).await.map_err(internal)?;
        // Whoever holds the mailbox holds the account: it is verified too.
        users::mark_email_verified(&self.pool, id).await.map_err(internal)?;
        self.end_all_sessions(id).await
    }

    /// Sends a six-digit code to a phone.
    pub async fn send_code(&self, phone: &str, lang: Lang, address: &str) -> Result<CodeSent, AppError> {
        let phone = Phone::parse(phone).map_err(|m| AppError::validation("phone", m))?;
        limit(&self.kv, ratelimit::OTP_ADDRESS, address).await?;
        limit(&self.kv, ratelimit::OTP_PHONE, phone.as_str()).await?;
        let code = otp::issue(&self.kv, &self.secret, &phone).await.map_err(|e| match e {
            otp::OtpError::Cooldown(secs) => AppError::RateLimited { retry_after_secs: secs },
            other => internal(other),
        })?;
        let body = match lang {
            Lang::En => format!("Your Osool code is {code}. It expires in 5 minutes. Never share it."),
            Lang::Ar => format!("رمز أصول الخاص بك هو {code}. ينتهي خلال ٥ دقائق. لا تشاركه مع أحد."),
        };
        self.sms.send(&phone, &body).await.map_err(|error| {
            tracing::error!(%error, "could not send the code");
            AppError::Unavailable
        })?;
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
            other => internal(other),
        })?;
        users::upsert_phone(&self.pool, phone.as_str(), lang).await.map_err(internal)
    }

    /// The account for a Google identity (linked by verified email).
    pub async fn google_account(&self, identity: &google::Identity, lang: Lang) -> Result<i64, AppError> {
        users::upsert_google(
            &self.pool,
            &identity.sub,
            identity.email.as_deref(),
            identity.name.as_deref(),
            lang,
        )
        .await
        .map_err(internal)
    }

    pub async fn update_profile(&self, user_id: i64, name: &str, lang: Lang) -> Result<(), AppError> {
        let name = name.trim();
        if name.chars().count() > 100 {
            return Err(AppError::validation("name", "at most 100 characters"));
        }
        users::update_profile(&self.pool, user_id, (!name.is_empty()).then_some(name), lang)
            .await
            .map_err(internal)
    }

    /// Grants or revokes a role (admins only; checked by the caller).
    pub async fn set_role(&self, user_id: i64, role: Role) -> Result<(), AppError> {
        if users::set_role(&self.pool, user_id, role).await.map_err(internal)? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    pub async fn toggle_saved(&self, user_id: i64, listing_id: i64) -> Result<bool, AppError> {
        users::toggle_saved(&self.pool, user_id, listing_id).await.map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => AppError::NotFound,
            other => internal(other),
        })
    }

    pub async fn saved(&self, user_id: i64) -> Result<Vec<i64>, AppError> {
        users::saved(&self.pool, user_id).await.map_err(internal)
    }
}

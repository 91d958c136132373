//! The account messages the outbox worker works out: the link that confirms
//! an address, the password reset link and the "you already have an
//! account" note. The request that asks for one only records the address
//! (`outbox::AccountAction`); here, at send time, the account is looked up,
//! a single-use token made (stored hashed) and the mail rendered into the
//! outbox in the same transaction. So a request for an address with no
//! account does exactly the work of one with an account.

use crate::i18n::Lang;
use crate::server::adapters::mail::{self, Mail};
use crate::server::db::users;
use crate::server::services::outbox::{self, AccountAction, AccountMessages, Outbound};
use chrono::Utc;
use sqlx::{Postgres, Transaction};

/// How long links work.
pub const VERIFY_MINUTES: i32 = 24 * 60;
pub const RESET_MINUTES: i32 = 60;

/// The account messages of a site at `public_url`, for the outbox worker.
pub struct Links {
    pub public_url: String,
}

impl AccountMessages for Links {
    fn resolve<'a>(
        &'a self,
        tx: &'a mut Transaction<'static, Postgres>,
        email: &'a str,
        action: AccountAction,
        lang: Lang,
        user_id: Option<i64>,
    ) -> futures::future::BoxFuture<'a, sqlx::Result<()>> {
        Box::pin(resolve(tx, &self.public_url, email, action, lang, user_id))
    }
}

/// Renders the message for `action` into the outbox, or nothing when there
/// is nobody to send it to (no account for a reset, an address confirmed
/// meanwhile).
pub async fn resolve(
    tx: &mut Transaction<'_, Postgres>,
    public_url: &str,
    email: &str,
    action: AccountAction,
    lang: Lang,
    user_id: Option<i64>,
) -> sqlx::Result<()> {
    let account = users::credentials(&mut **tx, email).await?;
    let rendered = match action {
        AccountAction::AlreadyRegistered => {
            let sign_in = format!("{public_url}/?auth=email");
            Some((mail::render(Mail::AlreadyRegistered { sign_in: &sign_in }, lang), None))
        }
        AccountAction::Verify => match account {
            Some(a) if Some(a.id) == user_id && !a.email_verified => {
                let token = link_token(tx, a.id, "verify", VERIFY_MINUTES).await?;
                let link = format!("{public_url}/verify-email?token={token}");
                let lang = Lang::from_code(&a.language).unwrap_or(lang);
                Some((mail::render(Mail::VerifyEmail { link: &link }, lang), Some(VERIFY_MINUTES)))
            }
            _ => None,
        },
        AccountAction::Reset => match account {
            Some(a) => {
                let token = link_token(tx, a.id, "reset", RESET_MINUTES).await?;
                let link = format!("{public_url}/reset-password?token={token}");
                let lang = Lang::from_code(&a.language).unwrap_or(lang);
                Some((mail::render(Mail::ResetPassword { link: &link }, lang), Some(RESET_MINUTES)))
            }
            None => None,
        },
    };
    if let Some((rendered, minutes)) = rendered {
        let expires_at = minutes.map(|m| Utc::now() + chrono::Duration::minutes(i64::from(m)));
        outbox::enqueue(
            &mut **tx,
            Outbound::Mail { to: email, mail: rendered, secret: minutes.is_some(), expires_at },
        )
        .await?;
    }
    Ok(())
}

/// A new single-use token for `purpose`, stored hashed; the plain token.
async fn link_token(
    tx: &mut Transaction<'_, Postgres>,
    user_id: i64,
    purpose: &str,
    minutes: i32,
) -> sqlx::Result<String> {
    let token = super::session::random_token();
    users::insert_token(&mut **tx, &super::token_hash(&token), user_id, purpose, minutes).await?;
    Ok(token)
}

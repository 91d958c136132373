//! Text messages: Twilio's Messages API when configured; in development
//! without it, the message goes to the server log (never to the client).

use crate::domain::account::Phone;
use crate::server::config::{Config, TwilioConfig};
use futures::future::BoxFuture;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    #[error("text messages are not configured")]
    NotConfigured,
    #[error("the SMS provider refused: {0}")]
    Rejected(String),
    #[error("the SMS provider did not answer: {0}")]
    Unreachable(String),
}

pub trait SmsSender: Send + Sync {
    fn send<'a>(&'a self, to: &'a Phone, body: &'a str) -> BoxFuture<'a, Result<(), SmsError>>;
}

/// The sender the configuration asks for.
pub fn from_config(config: &Config) -> Arc<dyn SmsSender> {
    match (&config.twilio, config.is_production()) {
        (Some(twilio), _) => Arc::new(Twilio::new(twilio.clone())),
        (None, false) => Arc::new(DevLog),
        (None, true) => Arc::new(Unconfigured),
    }
}

pub struct Twilio {
    config: TwilioConfig,
    http: reqwest::Client,
}

impl Twilio {
    pub fn new(config: TwilioConfig) -> Twilio {
        crate::server::install_tls();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .build()
            .unwrap_or_default();
        Twilio { config, http }
    }
}

impl SmsSender for Twilio {
    fn send<'a>(&'a self, to: &'a Phone, body: &'a str) -> BoxFuture<'a, Result<(), SmsError>> {
        Box::pin(async move {
            let url = format!(
                "{}/2010-04-01/Accounts/{}/Messages.json",
                self.config.base_url, self.config.account_sid
            );
            let from_field = if self.config.from.starts_with("MG") { "MessagingServiceSid" } else { "From" };
            let response = self
                .http
                .post(url)
                .basic_auth(&self.config.account_sid, Some(self.config.auth_token.expose()))
                .form(&[("To", to.as_str()), (from_field, self.config.from.as_str()), ("Body", body)])
                .send()
                .await
                .map_err(|e| SmsError::Unreachable(e.to_string()))?;
            if response.status().is_success() {
                return Ok(());
            }
            let status = response.status();
            let detail: serde_json::Value = response.json().await.unwrap_or_default();
            Err(SmsError::Rejected(format!(
                "{status}: {}",
                detail["message"].as_str().unwrap_or("no message")
            )))
        })
    }
}

/// Development without Twilio: the message is logged on the server.
pub struct DevLog;

impl SmsSender for DevLog {
    fn send<'a>(&'a self, to: &'a Phone, body: &'a str) -> BoxFuture<'a, Result<(), SmsError>> {
        tracing::info!(to = %to.masked(), body, "SMS (development: not sent, logged here)");
        Box::pin(async { Ok(()) })
    }
}

/// Production without Twilio: phone sign-in is unavailable.
pub struct Unconfigured;

impl SmsSender for Unconfigured {
    fn send<'a>(&'a self, _: &'a Phone, _: &'a str) -> BoxFuture<'a, Result<(), SmsError>> {
        Box::pin(async { Err(SmsError::NotConfigured) })
    }
}

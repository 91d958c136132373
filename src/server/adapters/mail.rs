//! Outgoing mail over SMTP (lettre): the verification and password-reset
//! messages, in the recipient's language, as text and HTML. Nothing sends
//! from a request: messages are rendered into the outbox (`server::outbox`),
//! whose worker calls `deliver`. In development and tests the SMTP server is
//! a local sink (maildev) whose API tests read.

use crate::i18n::Lang;
pub use crate::i18n::messages::Mail;
use crate::server::config::Config;
use lettre::message::{Mailbox, MultiPart, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

#[derive(Clone)]
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
    public_url: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("mail is not configured (SMTP_URL)")]
    NotConfigured,
    #[error("invalid address: {0}")]
    Address(String),
    #[error("could not send: {0}")]
    Send(String),
}

/// A message ready to send: what the outbox stores.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
}

impl Rendered {
    /// A plain-text message (viewing confirmations and the like).
    pub fn text(subject: impl Into<String>, text: impl Into<String>) -> Rendered {
        Rendered { subject: subject.into(), text: text.into(), html: None }
    }
}

/// One of the account messages in `lang`, as text and HTML.
pub fn render(mail: Mail<'_>, lang: Lang) -> Rendered {
    let (subject, text) = crate::i18n::messages::account_mail(mail, lang);
    let html = render_html(&text, lang);
    Rendered { subject, text, html: Some(html) }
}

impl Mailer {
    pub fn new(config: &Config) -> Result<Mailer, MailError> {
        let transport = match &config.smtp_url {
            Some(url) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(|e| MailError::Send(e.to_string()))?
                    .timeout(Some(Duration::from_secs(10)))
                    .build(),
            ),
            None => None,
        };
        let from = config.mail_from.parse().map_err(|_| MailError::Address(config.mail_from.clone()))?;
        Ok(Mailer { transport, from, public_url: config.public_url.clone() })
    }

    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// Whether the SMTP server answers (connects and greets), without
    /// sending anything: how the outbox learns that a server it could not
    /// reach is back.
    pub async fn probe(&self) -> Result<(), MailError> {
        let transport = self.transport.as_ref().ok_or(MailError::NotConfigured)?;
        match transport.test_connection().await {
            Ok(true) => Ok(()),
            Ok(false) => Err(MailError::Send("the SMTP server did not answer".into())),
            Err(e) => Err(MailError::Send(e.to_string())),
        }
    }

    /// Sends one message over SMTP now (the outbox worker's call).
    pub async fn deliver(&self, to: &str, mail: &Rendered) -> Result<(), MailError> {
        let transport = self.transport.as_ref().ok_or(MailError::NotConfigured)?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to.parse().map_err(|_| MailError::Address(to.to_owned()))?)
            .subject(mail.subject.clone());
        let message = match &mail.html {
            Some(html) => {
                builder.multipart(MultiPart::alternative_plain_html(mail.text.clone(), html.clone()))
            }
            None => builder.header(ContentType::TEXT_PLAIN).body(mail.text.clone()),
        }
        .map_err(|e| MailError::Send(e.to_string()))?;
        transport.send(message).await.map_err(|e| MailError::Send(e.to_string()))?;
        Ok(())
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The text as simple HTML: paragraphs, links clickable, right-to-left for Arabic.
fn render_html(text: &str, lang: Lang) -> String {
    let paragraphs: String = text
        .split("\n\n")
        .map(|p| {
            let lines: Vec<String> = p
                .lines()
                .map(|line| {
                    if line.starts_with("http://") || line.starts_with("https://") {
                        format!(r#"<a href="{0}" style="color:#0f5c56">{0}</a>"#, escape(line))
                    } else {
                        escape(line)
                    }
                })
                .collect();
            format!("<p>{}</p>", lines.join("<br>"))
        })
        .collect();
    format!(
        r#"<!doctype html><html lang="{}" dir="{}"><body style="font-family:system-ui,sans-serif;line-height:1.6;color:#1c1917">{paragraphs}</body></html>"#,
        lang.code(),
        lang.dir()
    )
}

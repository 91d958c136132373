//! A relay to the local mail sink that a test can cut (`gate::TcpGate`):
//! while it is closed the SMTP server is down; once opened, mail reaches
//! the real sink.

use super::gate::TcpGate;

pub struct SmtpGate(TcpGate);

/// The sink's SMTP address (from `SMTP_URL`, as `./scripts/test` sets it).
fn sink() -> String {
    let url = std::env::var("SMTP_URL").unwrap_or_else(|_| "smtp://127.0.0.1:55025".into());
    url.split("://").nth(1).unwrap_or("127.0.0.1:55025").trim_end_matches('/').to_owned()
}

impl SmtpGate {
    /// Starts closed.
    pub async fn start() -> SmtpGate {
        SmtpGate(TcpGate::start(sink(), false).await)
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.0.port)
    }

    pub fn open(&self) {
        self.0.open();
    }
}

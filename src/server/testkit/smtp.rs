//! A relay to the local mail sink that a test can cut: while it is closed
//! every connection is accepted and dropped at once (an SMTP server that is
//! down); once opened, bytes pass both ways to the real sink.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::net::{TcpListener, TcpStream};

pub struct SmtpGate {
    pub port: u16,
    open: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

/// The sink's SMTP address (from `SMTP_URL`, as `./scripts/test` sets it).
fn sink() -> String {
    let url = std::env::var("SMTP_URL").unwrap_or_else(|_| "smtp://127.0.0.1:55025".into());
    url.split("://").nth(1).unwrap_or("127.0.0.1:55025").trim_end_matches('/').to_owned()
}

impl SmtpGate {
    /// Starts closed.
    pub async fn start() -> SmtpGate {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let open = Arc::new(AtomicBool::new(false));
        let target = sink();
        let task = tokio::spawn({
            let open = open.clone();
            async move {
                while let Ok((mut client, _)) = listener.accept().await {
                    if !open.load(Ordering::SeqCst) {
                        drop(client);
                        continue;
                    }
                    let target = target.clone();
                    tokio::spawn(async move {
                        if let Ok(mut server) = TcpStream::connect(&target).await {
                            let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                        }
                    });
                }
            }
        });
        SmtpGate { port, open, task }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn open(&self) {
        self.open.store(true, Ordering::SeqCst);
    }
}

impl Drop for SmtpGate {
    fn drop(&mut self) {
        self.task.abort();
    }
}

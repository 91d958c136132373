//! A TCP relay a test can cut, in front of a real service: while closed,
//! every connection is accepted and dropped at once (a server that is
//! down), and closing it also cuts the connections it carries (a restart);
//! open, bytes pass both ways to the service.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

pub struct TcpGate {
    pub port: u16,
    open: Arc<AtomicBool>,
    relays: Arc<Mutex<JoinSet<()>>>,
    task: tokio::task::JoinHandle<()>,
}

impl TcpGate {
    /// Relays to `target` (`host:port`), open or closed from the start.
    pub async fn start(target: String, open: bool) -> TcpGate {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let open = Arc::new(AtomicBool::new(open));
        let relays = Arc::new(Mutex::new(JoinSet::new()));
        let task = tokio::spawn({
            let (open, relays) = (open.clone(), relays.clone());
            async move {
                while let Ok((mut client, _)) = listener.accept().await {
                    if !open.load(Ordering::SeqCst) {
                        drop(client);
                        continue;
                    }
                    let target = target.clone();
                    let mut relays = relays.lock().expect("relays");
                    while relays.try_join_next().is_some() {}
                    relays.spawn(async move {
                        if let Ok(mut server) = TcpStream::connect(&target).await {
                            let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                        }
                    });
                }
            }
        });
        TcpGate { port, open, relays, task }
    }

    pub fn open(&self) {
        self.open.store(true, Ordering::SeqCst);
    }

    /// Refuses new connections and cuts the open ones.
    pub fn close(&self) {
        self.open.store(false, Ordering::SeqCst);
        self.relays.lock().expect("relays").abort_all();
    }
}

impl Drop for TcpGate {
    fn drop(&mut self) {
        self.task.abort();
        if let Ok(mut relays) = self.relays.lock() {
            relays.abort_all();
        }
    }
}

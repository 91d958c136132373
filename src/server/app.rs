//! `Application`: builds the state and router from a `Config`, binds the
//! listener (port 0 in tests) and serves until shutdown, letting in-flight
//! requests finish within the configured timeout.

use crate::server::adapters::kv::Kv;
use crate::server::config::Config;
use crate::server::services::search::service::SearchService;
use crate::server::state::AppState;
use crate::server::{db, router::router};
use anyhow::Context;
use leptos::config::LeptosOptions;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

pub struct Application {
    listener: TcpListener,
    /// `/metrics` on an address of its own (`OSOOL_METRICS_ADDR`), if set.
    metrics_listener: Option<TcpListener>,
    state: AppState,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        Application::build_with(config, None).await
    }

    /// As `build`, with `llm` answering in the chat instead of the
    /// configured model (tests and benchmarks bring their own).
    pub async fn build_with(
        config: Config,
        llm: Option<Arc<dyn crate::server::adapters::llm::LlmClient>>,
    ) -> anyhow::Result<Application> {
        crate::server::install_tls();
        // Install the metrics recorder before the first request is counted.
        let _ = crate::server::telemetry::metrics_handle();
        let db = db::pool(&config).context("DATABASE_URL is not a valid PostgreSQL URL")?;
        let kv = Kv::connect(&config).context("REDIS_URL is not a valid Redis URL")?;
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("cannot listen on {}", config.addr))?;
        let local_addr = listener.local_addr()?;
        let leptos = LeptosOptions::builder()
            .output_name("osool")
            .site_root(config.site_root.clone())
            .site_pkg_dir("pkg")
            .site_addr(local_addr)
            .env(if config.is_production() { leptos::config::Env::PROD } else { leptos::config::Env::DEV })
            .build();
        // Search works without the semantic half (full text alone) if the
        // model cannot load; the log says why.
        let costs = crate::server::services::costs::Costs::new(
            kv.clone(),
            config.llm_daily_budget_usd,
            config.llm_price_override,
        );
        let embedder =
            match crate::server::adapters::embed::from_config_with_costs(&config, &db, Some(Arc::new(costs)))
            {
                Ok(embedder) => Some(embedder),
                Err(error) => {
                    tracing::error!(%error, "embeddings unavailable: search ranks by full text only");
                    None
                }
            };
        let search = Arc::new(SearchService::new(db.clone(), embedder));
        // Every mail and text message leaves through the outbox.
        let mailer = crate::server::adapters::mail::Mailer::new(&config)
            .context("SMTP_URL or MAIL_FROM is invalid")?;
        let outbox = Arc::new(crate::server::services::outbox::Outbox::new(
            db.clone(),
            mailer,
            crate::server::adapters::sms::from_config(&config),
            config.outbox_retry_base,
            Arc::new(crate::server::services::accounts::links::Links {
                public_url: config.public_url.clone(),
            }),
        ));
        let accounts = Arc::new(
            crate::server::services::accounts::Accounts::new(&config, db.clone(), kv.clone(), outbox.clone())
                .map_err(anyhow::Error::msg)?,
        );
        let leads = Arc::new(crate::server::services::leads::Leads::new(
            db.clone(),
            search.clone(),
            outbox.clone(),
            config.public_url.clone(),
        ));
        // Without a public URL of its own, the site is where it listens (a
        // port picked at start-up included), for Paymob's callbacks.
        let site_url = if config.public_url == format!("http://{}", config.addr) {
            format!("http://{local_addr}")
        } else {
            config.public_url.clone()
        };
        let reservations = Arc::new(crate::server::services::reservations::Reservations::new(
            &config,
            site_url,
            db.clone(),
            outbox.clone(),
            search.clone(),
        ));
        let agent = Arc::new(crate::server::services::assistant::Agent::new(
            &config,
            db.clone(),
            search.clone(),
            outbox.clone(),
            leads.clone(),
            kv.clone(),
            llm,
        ));
        let metrics_listener = match config.metrics_addr {
            Some(addr) => Some(
                TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("cannot listen on {addr} for metrics"))?,
            ),
            None => None,
        };
        let state = AppState {
            config: Arc::new(config),
            db,
            kv,
            search,
            accounts,
            agent,
            leads,
            outbox,
            reservations,
            pages: Default::default(),
            leptos,
            db_gate: Default::default(),
        };
        Ok(Application { listener, metrics_listener, state })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.state.leptos.site_addr
    }

    /// Where `/metrics` is served when it has an address of its own.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_listener.as_ref().and_then(|l| l.local_addr().ok())
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves, then stops accepting connections and
    /// gives in-flight requests `shutdown_timeout` to finish.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let timeout = self.state.config.shutdown_timeout;
        let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
        // The outbox worker sends until the server stops; what it has not
        // sent stays in the table for the next instance.
        let (outbox_stop, outbox_stopped) = tokio::sync::oneshot::channel::<()>();
        let worker = tokio::spawn(self.state.outbox.clone().run(async move {
            let _ = outbox_stopped.await;
        }));
        // The database watcher and the memory trimmer run until the end.
        let background = tokio_util::sync::CancellationToken::new();
        tokio::spawn({
            let (gate, db, stop) = (self.state.db_gate.clone(), self.state.db.clone(), background.clone());
            async move { gate.watch(db, stop.cancelled_owned()).await }
        });
        tokio::spawn(crate::server::memory::give_back(background.clone().cancelled_owned()));
        // Stale holds, lost callbacks and due refunds.
        tokio::spawn({
            let (reservations, every, stop) =
                (self.state.reservations.clone(), self.state.config.reconcile_every, background.clone());
            reservations.run(every, stop.cancelled_owned())
        });
        if let Some(listener) = self.metrics_listener {
            let metrics = crate::server::router::metrics_router::<()>();
            tokio::spawn(async move {
                if let Err(error) = axum::serve(listener, metrics).await {
                    tracing::error!(%error, "the metrics listener stopped");
                }
            });
        }
        let agent = self.state.agent.clone();
        let answers = agent.clone();
        let public_metrics = self.state.config.metrics_addr.is_none();
        let app = router(self.state, public_metrics).into_make_service_with_connect_info::<SocketAddr>();
        // No Nagle delay: chat answers stream as many small writes, and
        // waiting for the client's delayed ACK would hold each one ~40 ms.
        let listener = axum::serve::ListenerExt::tap_io(self.listener, |tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::warn!(%error, "could not set TCP_NODELAY");
            }
        });
        let server = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                shutdown.await;
                tracing::info!("shutting down: finishing in-flight requests");
                // Chat answers end at once (each stores what it said), so
                // their streams close instead of holding the shutdown.
                answers.stop_answers();
                let _ = stopping_tx.send(());
            })
            .into_future();
        let deadline = async move {
            if stopping_rx.await.is_ok() {
                tokio::time::sleep(timeout).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            result = server => result.context("server error")?,
            () = deadline => tracing::warn!(timeout_secs = timeout.as_secs(), "shutdown timed out; dropping connections"),
        }
        // Answers whose buyer left are stored before the process ends.
        agent.answers_stored(timeout).await;
        let _ = outbox_stop.send(());
        background.cancel();
        let _ = worker.await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

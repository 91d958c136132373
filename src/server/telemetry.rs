//! Logs, error reporting and the metrics recorder. Logs are JSON lines (one
//! event each, with the request id of the request they belong to); errors go
//! to Sentry when `SENTRY_DSN` is set. Also the request id of the work in
//! hand, and the one constructor of the internal error that carries it.

use crate::server::config::{Config, LogFormat};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sentry::integrations::tracing::{BreadcrumbLayer, ErrorLayer, SpanLayer};
use std::sync::OnceLock;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// Latency buckets in seconds, from a cache hit to a slow LLM call.
const LATENCY_BUCKETS: &[f64] =
    &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

/// Installs the global log subscriber. Call once, at start-up.
pub fn init_logging(config: &Config) {
    let filter = EnvFilter::try_new(&config.log_filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let fmt_layer = match config.log_format {
        LogFormat::Json => tracing_subscriber::fmt::layer()
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .with_target(true)
            .boxed(),
        LogFormat::Pretty => tracing_subscriber::fmt::layer().with_target(false).boxed(),
    };
    // With Sentry: errors become events, earlier lines their breadcrumbs,
    // and request spans transactions (sampled by SENTRY_TRACES_SAMPLE_RATE).
    let sentry_layer = config.sentry_dsn.as_ref().map(|_| {
        ErrorLayer::new()
            .with_filter(LevelFilter::ERROR)
            .and_then(BreadcrumbLayer::new().with_filter(LevelFilter::INFO))
            .and_then(SpanLayer::new().with_filter(LevelFilter::INFO))
    });
    // A second call (tests) finds a subscriber already set; that is fine.
    let _ = tracing_subscriber::registry().with(filter).with(fmt_layer).with(sentry_layer).try_init();
}

/// Starts Sentry when configured. Keep the guard alive for the process's
/// lifetime: dropping it flushes pending events.
pub fn init_sentry(config: &Config) -> Option<sentry::ClientInitGuard> {
    let dsn = config.sentry_dsn.as_ref()?;
    let mut options = sentry::ClientOptions::default();
    options.release = sentry::release_name!();
    options.environment = Some(config.environment.as_str().into());
    if config.sentry_traces_sample_rate > 0.0 {
        options.traces_sampling_strategy =
            sentry::TracesSamplingStrategy::FixedRate(config.sentry_traces_sample_rate);
    }
    options.send_default_pii = false;
    options.shutdown_timeout = std::time::Duration::from_secs(2);
    let guard = sentry::init((dsn.expose(), options));
    if guard.is_enabled() {
        tracing::info!("sentry error reporting enabled");
    } else {
        tracing::warn!("SENTRY_DSN is set but Sentry could not start; check the DSN");
    }
    Some(guard)
}

/// The process-wide Prometheus recorder (metrics are global by nature).
pub fn metrics_handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("duration_seconds".into()), LATENCY_BUCKETS)
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed");
        }
        handle
    })
}

/// A request's id, as the request-id middleware stores it in the request's
/// extensions (server functions read it from there).
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

tokio::task_local! {
    /// The id of the request this task works for (see `http::request_id`).
    static REQUEST_ID: String;
}

/// Runs `work` as part of the request `id`: `request_id()` inside it, and
/// in tasks it starts with [`spawn`], answers `id`.
pub async fn with_request_id<F: std::future::Future>(id: String, work: F) -> F::Output {
    REQUEST_ID.scope(id, work).await
}

/// The id of the request being handled: the task's own, else the one in a
/// server function's context (Leptos runs resources on tasks of its own),
/// else "unknown" (start-up, the outbox worker).
pub fn request_id() -> String {
    REQUEST_ID.try_with(String::clone).ok().unwrap_or_else(|| {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<RequestId>().map(|id| id.0.clone()))
            .unwrap_or_else(|| "unknown".into())
    })
}

/// Starts a task that carries the current request: its log lines sit in the
/// request's span and its internal errors name the request's id.
pub fn spawn<F>(work: F) -> tokio::task::JoinHandle<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    use tracing::Instrument;
    let id = request_id();
    tokio::spawn(with_request_id(id, work).instrument(tracing::Span::current()))
}

impl crate::wire::AppError {
    /// The one internal error: the cause is logged here, once, with the
    /// request's id (and span); the client gets the id and nothing else.
    ///
    /// A database that cannot be reached (stopped, restarting, out of
    /// connections) is not a bug: that answers 503 Unavailable, so clients
    /// retry and the log does not page anyone.
    pub fn internal(error: impl std::fmt::Display + std::any::Any) -> Self {
        if database_unavailable(&error) {
            tracing::warn!(%error, "database unavailable");
            metrics::counter!("database_unavailable_total").increment(1);
            return crate::wire::AppError::Unavailable;
        }
        let request_id = request_id();
        tracing::error!(%error, %request_id, "internal error");
        crate::wire::AppError::Internal { request_id }
    }
}

/// Whether `error` (a sqlx error, or an anyhow error caused by one) says
/// the database is out of reach rather than that a query is wrong.
fn database_unavailable(error: &dyn std::any::Any) -> bool {
    fn sqlx_unavailable(e: &sqlx::Error) -> bool {
        match e {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
            // Class 08 (connection exceptions), 57P01-57P03 (shutting
            // down, crashed, starting), 53300 (too many connections).
            sqlx::Error::Database(db) => db.code().is_some_and(|code| {
                code.starts_with("08") || matches!(&*code, "57P01" | "57P02" | "57P03" | "53300")
            }),
            _ => false,
        }
    }
    if let Some(e) = error.downcast_ref::<sqlx::Error>() {
        return sqlx_unavailable(e);
    }
    if let Some(crate::server::services::search::service::SearchError::Database(e)) =
        error.downcast_ref::<crate::server::services::search::service::SearchError>()
    {
        return sqlx_unavailable(e);
    }
    if let Some(e) = error.downcast_ref::<anyhow::Error>() {
        return e.chain().any(|cause| cause.downcast_ref::<sqlx::Error>().is_some_and(sqlx_unavailable));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn spawned_work_keeps_its_request_id() {
        assert_eq!(request_id(), "unknown");
        let inner = with_request_id("req-1".into(), async {
            let spawned = spawn(async { request_id() }).await.unwrap_or_default();
            (request_id(), spawned)
        })
        .await;
        assert_eq!(inner, ("req-1".to_owned(), "req-1".to_owned()));
        let error = crate::wire::AppError::internal("disk full");
        assert_eq!(error, crate::wire::AppError::Internal { request_id: "unknown".into() });
    }

    #[test]
    fn an_unreachable_database_is_unavailable_not_a_bug() {
        use crate::wire::AppError;
        assert_eq!(AppError::internal(sqlx::Error::PoolTimedOut), AppError::Unavailable);
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(AppError::internal(sqlx::Error::Io(refused)), AppError::Unavailable);
        let wrapped = anyhow::Error::new(sqlx::Error::PoolTimedOut).context("loading the listing");
        assert_eq!(AppError::internal(wrapped), AppError::Unavailable);
        let search =
            crate::server::services::search::service::SearchError::Database(sqlx::Error::PoolTimedOut);
        assert_eq!(AppError::internal(search), AppError::Unavailable);
        assert!(matches!(AppError::internal(sqlx::Error::RowNotFound), AppError::Internal { .. }));
        assert!(matches!(
            AppError::internal(sqlx::Error::ColumnNotFound("x".into())),
            AppError::Internal { .. }
        ));
    }
}

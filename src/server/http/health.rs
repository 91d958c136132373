//! `/healthz` (the process is alive) and `/readyz` (its dependencies answer,
//! so a load balancer may send it traffic). Readiness says which dependency
//! is down and how long it took, never the error itself (which may name
//! hosts, users or versions): that goes to the log.

use crate::server::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use std::collections::BTreeMap;
use std::future::Future;
use std::time::{Duration, Instant};

pub async fn get_healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

#[derive(Serialize)]
pub struct Check {
    status: &'static str,
    latency_ms: u64,
    #[serde(skip)]
    error: Option<String>,
}

#[derive(Serialize)]
pub struct Readiness {
    status: &'static str,
    checks: BTreeMap<&'static str, Check>,
    /// Not part of readiness: with the model's breaker open the offline
    /// assistant answers, and with Paymob's open reservations are refused
    /// at once, so the instance still serves.
    circuit_breakers: BTreeMap<&'static str, &'static str>,
}

async fn check<E: std::fmt::Display>(
    name: &'static str,
    deadline: Duration,
    probe: impl Future<Output = Result<(), E>>,
) -> Check {
    let started = Instant::now();
    let outcome = tokio::time::timeout(deadline, probe).await;
    let latency_ms = started.elapsed().as_millis() as u64;
    let error = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(e.to_string()),
        Err(_) => Some(format!("no answer within {} ms", deadline.as_millis())),
    };
    if let Some(error) = &error {
        tracing::warn!(dependency = name, error = %error, "readiness check failed");
    }
    Check { status: if error.is_none() { "up" } else { "down" }, latency_ms, error }
}

pub async fn get_readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let deadline = state.config.readiness_timeout;
    let database = check("database", deadline, async { crate::server::db::ping(&state.db).await });
    let redis = check("redis", deadline, state.kv.ping());
    let (database, redis) = tokio::join!(database, redis);
    let ready = database.error.is_none() && redis.error.is_none();
    let checks = BTreeMap::from([("database", database), ("redis", redis)]);
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let llm = if state.agent.has_model() { state.agent.breaker.state().code() } else { "not_configured" };
    let paymob = state.reservations.paymob().map_or("not_configured", |p| p.breaker.state().code());
    let circuit_breakers = BTreeMap::from([("llm", llm), ("paymob", paymob)]);
    (
        status,
        Json(Readiness { status: if ready { "ready" } else { "unavailable" }, checks, circuit_breakers }),
    )
}

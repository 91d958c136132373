//! `AppState`: what every handler and server function shares. It holds
//! connections and configuration only; all data lives in Postgres and Redis,
//! so any number of instances can serve the same site.

use crate::server::adapters::kv::Kv;
use crate::server::config::Config;
use crate::server::services::accounts::Accounts;
use crate::server::services::assistant::Agent;
use crate::server::services::search::service::SearchService;
use crate::wire::AppError;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: PgPool,
    pub kv: Kv,
    pub search: Arc<SearchService>,
    pub accounts: Arc<Accounts>,
    pub agent: Arc<Agent>,
    pub leads: Arc<crate::server::services::leads::Leads>,
    pub outbox: Arc<crate::server::services::outbox::Outbox>,
    pub reservations: Arc<crate::server::services::reservations::Reservations>,
    /// Public pages rendered once for anonymous visitors.
    pub pages: Arc<crate::server::http::page_cache::PageCache>,
    pub leptos: LeptosOptions,
    /// Whether the database answers (watched outside the pool).
    pub db_gate: Arc<crate::server::db::gate::DbGate>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

impl AppState {
    /// The state inside a server function (provided by the router).
    pub fn from_context() -> Result<AppState, AppError> {
        leptos::prelude::use_context::<AppState>()
            .ok_or_else(|| AppError::internal("AppState missing from the server function context"))
    }
}

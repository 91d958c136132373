//! The public JSON API (`/api/v1`): search, the catalog in pages, and one
//! listing. Every bad parameter is a 422 naming it; nothing here can 500 on
//! input.

use crate::domain::listing::Listing;
use crate::domain::search::{Mode, SearchResults};
use crate::server::services::ratelimit;
use crate::server::services::search::service::{MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS, SearchRequest};
use crate::server::state::AppState;
use crate::wire::AppError;
use axum::Json;
use axum::extract::ConnectInfo;
use axum::extract::{Path, Query, State};
use serde::Serialize;
use std::collections::HashMap;
use std::net::SocketAddr;

type Params = Query<HashMap<String, String>>;

/// Checks a free-text query: length and control characters.
pub fn check_query(q: &str) -> Result<String, AppError> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::validation("q", format!("at most {MAX_QUERY_CHARS} characters")));
    }
    if q.chars().any(|c| c.is_control() && c != '\t') {
        return Err(AppError::validation("q", "contains control characters"));
    }
    Ok(q.trim().to_owned())
}

fn number(
    params: &HashMap<String, String>,
    name: &'static str,
    default: u32,
    allowed: std::ops::RangeInclusive<u32>,
) -> Result<u32, AppError> {
    match params.get(name).map(|v| v.trim()) {
        None | Some("") => Ok(default),
        Some(raw) => match raw.parse::<u32>() {
            Ok(n) if allowed.contains(&n) => Ok(n),
            _ => Err(AppError::validation(
                name,
                format!("a whole number from {} to {}", allowed.start(), allowed.end()),
            )),
        },
    }
}

/// Rate limits count against the signed-in user, else the address.
async fn subject(state: &AppState, headers: &http::HeaderMap, peer: &ConnectInfo<SocketAddr>) -> String {
    let cookie = crate::server::services::accounts::session::from_headers(headers);
    let user = state.accounts.user_for_cookie(cookie.as_deref()).await.ok().flatten();
    let address =
        crate::server::http::client::address_from(headers, Some(peer.0), state.config.trusted_proxies);
    ratelimit::subject(user.map(|u| u.id), &address)
}

pub async fn get_search(
    State(state): State<AppState>,
    headers: http::HeaderMap,
    peer: ConnectInfo<SocketAddr>,
    Query(params): Params,
) -> Result<Json<SearchResults>, AppError> {
    ratelimit::check(
        &state.kv,
        ratelimit::search(state.config.search_rate_per_minute),
        &subject(&state, &headers, &peer).await,
    )
    .await?;
    let query = check_query(params.get("q").map_or("", String::as_str))?;
    let limit = number(&params, "limit", 10, 1..=MAX_LIMIT)?;
    let offset = number(&params, "offset", 0, 0..=MAX_OFFSET)?;
    let mode = match params.get("mode").map(|m| m.trim()) {
        None | Some("") => Mode::Hybrid,
        Some(m) => {
            Mode::from_code(m).ok_or_else(|| AppError::validation("mode", "hybrid, vector or text"))?
        }
    };
    let request = SearchRequest { query, mode, limit, offset, ..Default::default() };
    let results = state.search.search(&request).await.map_err(AppError::internal)?;
    state.search.record("api", &request, &results);
    Ok(Json(results))
}

#[derive(Serialize)]
pub struct Page {
    total: i64,
    page: u32,
    per_page: u32,
    results: Vec<Listing>,
}

pub async fn get_properties(
    State(state): State<AppState>,
    Query(params): Params,
) -> Result<Json<Page>, AppError> {
    let page = number(&params, "page", 1, 1..=1_000_000)?;
    let per_page = number(&params, "per_page", 20, 1..=100)?;
    let (results, total) = state.search.page(page, per_page).await.map_err(AppError::internal)?;
    Ok(Json(Page { total, page, per_page, results }))
}

/// A path under `/api` that names no endpoint.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

pub async fn get_property(
    State(state): State<AppState>,
    id: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Json<Listing>, AppError> {
    // An id that is not even UTF-8 names no listing either (axum's own
    // rejection would answer in plain text, outside the error shape).
    let Ok(Path(id)) = id else { return Err(AppError::NotFound) };
    let id: i64 = id.trim().parse().map_err(|_| AppError::NotFound)?;
    let listing = state.search.listing(id).await.map_err(AppError::internal)?;
    listing.map(Json).ok_or(AppError::NotFound)
}

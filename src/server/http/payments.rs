//! Paymob's two callbacks. The transaction processed callback (POST, from
//! Paymob's servers) is authenticated by its HMAC, not by a cookie or an
//! Origin, so it is outside the Origin check; it answers 200 for every
//! genuine callback (even one that changed nothing), 400 for one that is
//! not (Paymob never sends those, so nothing retries them), and 503 only
//! when our database failed, so Paymob retries exactly those. The response
//! callback (GET, the buyer's browser coming back from the checkout)
//! sends the buyer to their reservation's page when its signature holds.

use crate::server::services::reservations::callback::Outcome;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

/// The largest callback body read (Paymob's are 5-10 KB).
pub const MAX_BODY: usize = 64 * 1024;

#[derive(serde::Deserialize)]
pub struct Signature {
    hmac: Option<String>,
}

pub async fn post_processed(
    State(state): State<AppState>,
    Query(signature): Query<Signature>,
    body: Bytes,
) -> Response {
    match state.reservations.processed(&body, signature.hmac.as_deref()).await {
        Ok(Outcome::Rejected) => (StatusCode::BAD_REQUEST, "refused").into_response(),
        Ok(Outcome::Replay) => (StatusCode::OK, "already processed").into_response(),
        Ok(Outcome::Recorded { .. }) => (StatusCode::OK, "processed").into_response(),
        Err(error) => {
            tracing::error!(%error, "Paymob callback not stored: Paymob will retry");
            (StatusCode::SERVICE_UNAVAILABLE, "retry later").into_response()
        }
    }
}

pub async fn get_return(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    match state.reservations.returned(&query).await {
        Some(id) => {
            let paid = query.get("success").is_some_and(|s| s == "true");
            Redirect::to(&format!("/reservations/{id}?returned={}", if paid { "paid" } else { "declined" }))
                .into_response()
        }
        None => Redirect::to("/account/reservations").into_response(),
    }
}

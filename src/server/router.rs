//! Every route in one place: operational endpoints, the Leptos pages and
//! server functions, static files, and the middleware around them all.

use crate::app::{App, shell};
use crate::server::http::{api, auth, chat, health, metrics, origin, request_id};
use crate::server::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use axum::routing::{get, post};
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let leptos_options = state.leptos.clone();
    Router::new()
        .route("/healthz", get(health::get_healthz))
        .route("/readyz", get(health::get_readyz))
        .route("/metrics", get(metrics::get_metrics))
        .route("/api/v1/search", get(api::get_search))
        .route("/api/v1/properties", get(api::get_properties))
        .route("/api/v1/properties/{id}", get(api::get_property))
        .route("/api/v1/chat", post(chat::post_chat))
        .route("/auth/google", get(auth::get_google))
        .route("/auth/google/callback", get(auth::get_google_callback))
        .leptos_routes(&state, routes, move || shell(leptos_options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Layers listed innermost first. Metrics sit inside routing, so they
        // see the matched route pattern; the request id is outermost, so
        // every log line of the request carries it.
        .layer(axum::middleware::from_fn(metrics::middleware))
        .layer(axum::middleware::from_fn_with_state(state.clone(), origin::middleware))
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(make_span)
                .on_request(())
                .on_response(on_response)
                .on_failure(()),
        )
        .layer(axum::middleware::from_fn(request_id::middleware))
        .with_state(state)
}

fn make_span(request: &Request<Body>) -> Span {
    let id = request.headers().get(&request_id::HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
    tracing::info_span!(
        "request",
        request_id = %id,
        http.method = %request.method(),
        http.path = %request.uri().path(),
    )
}

fn on_response(response: &Response<Body>, latency: Duration, _span: &Span) {
    let status = response.status().as_u16();
    let duration_ms = latency.as_secs_f64() * 1000.0;
    if status == 503 {
        // A dependency is down: readiness says so; not a bug to report.
        tracing::warn!(http.status = status, duration_ms, "request refused: unavailable");
    } else if status >= 500 {
        tracing::error!(http.status = status, duration_ms, "request failed");
    } else {
        tracing::info!(http.status = status, duration_ms, "request finished");
    }
}

//! Prometheus metrics: request count and latency per route (the route
//! pattern, never the raw path, so label cardinality stays bounded), plus the
//! process figures, served as text on `/metrics`.

use crate::server::http::process;
use crate::server::telemetry::metrics_handle;
use axum::extract::{MatchedPath, Request};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Instant;

pub async fn middleware(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| fallback_route(request.uri().path()));
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let elapsed = started.elapsed().as_secs_f64();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(elapsed);
    response
}

/// Requests that matched no route: static files or pages that do not exist.
fn fallback_route(path: &str) -> String {
    if path.starts_with("/pkg/") { "/pkg/{file}" } else { "fallback" }.to_owned()
}

pub async fn get_metrics() -> Response {
    let handle = metrics_handle();
    handle.run_upkeep();
    let mut body = handle.render();
    body.push_str(&process::render());
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body).into_response()
}

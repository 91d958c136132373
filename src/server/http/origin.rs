//! Cross-site request protection: a state-changing request (POST, PUT,
//! PATCH, DELETE) whose browser-supplied Origin is not this site is refused.
//! Requests without an Origin (non-browser clients) pass; session cookies
//! are SameSite=Lax besides.

use crate::api::AppError;
use crate::server::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::Method;

fn origin_of(url: &str) -> &str {
    // scheme://host[:port] — everything before the first '/' after "//".
    match url.find("://") {
        Some(i) => url[i + 3..].find('/').map_or(url, |j| &url[..i + 3 + j]),
        None => url,
    }
}

pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let changes_state =
        matches!(*request.method(), Method::POST | Method::PUT | Method::PATCH | Method::DELETE);
    if changes_state
        && let Some(origin) = request.headers().get(http::header::ORIGIN).and_then(|v| v.to_str().ok())
    {
        let ours = origin_of(&state.config.public_url);
        // The address the server listens on counts as ours too (local use).
        let local = format!("http://{}", state.leptos.site_addr);
        if origin != ours && origin != local {
            tracing::warn!(origin, "cross-site request refused");
            return AppError::Forbidden.into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn origins_are_scheme_host_and_port() {
        assert_eq!(super::origin_of("https://osool.example"), "https://osool.example");
        assert_eq!(super::origin_of("http://127.0.0.1:3000/path"), "http://127.0.0.1:3000");
    }
}

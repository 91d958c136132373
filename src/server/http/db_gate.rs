//! With the database out of reach (`db::gate`), requests that need it are
//! answered 503 at once, in the shape their caller reads: the API's error
//! object, a server function's error, or a short page in the visitor's
//! language that tries again by itself. Health, readiness, metrics, the
//! bundle and static files are never held back, and pages already in the
//! page cache are served from it (that layer sits outside this one).

use crate::i18n::{Key, Lang};
use crate::server::state::AppState;
use crate::wire::AppError;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// What the answers tell clients to wait, in seconds.
const RETRY_AFTER: &str = "2";

pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !state.db_gate.is_down() || exempt(request.uri().path()) {
        return next.run(request).await;
    }
    metrics::counter!("database_gate_refused_total").increment(1);
    let path = request.uri().path();
    let mut response = if path.starts_with("/api/") {
        AppError::Unavailable.into_response()
    } else if path.starts_with("/fn/") {
        let body = serde_json::to_string(&AppError::Unavailable).unwrap_or_default();
        (StatusCode::SERVICE_UNAVAILABLE, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    } else {
        let lang = crate::i18n::lang_from_headers(request.headers());
        (StatusCode::SERVICE_UNAVAILABLE, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page(lang))
            .into_response()
    };
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Answers that never need the database.
fn exempt(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/metrics")
        || path.starts_with("/pkg/")
        // Static files (`/favicon.svg`, `/robots.txt`): a dot in the last segment.
        || path.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

/// A page that says what is happening and reloads itself in a few seconds.
fn page(lang: Lang) -> String {
    let dir = if lang == Lang::Ar { "rtl" } else { "ltr" };
    format!(
        r#"<!DOCTYPE html><html lang="{code}" dir="{dir}"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><meta http-equiv="refresh" content="5"/><title>{title}</title><link rel="stylesheet" href="/pkg/osool.css"/></head><body class="min-h-screen bg-stone-50 text-stone-900"><main class="mx-auto max-w-xl px-4 py-16 text-center" data-testid="unavailable"><h1 class="text-2xl font-semibold">{title}</h1><p class="mt-3 text-stone-700">{body}</p><p class="mt-6"><a href="" class="font-medium text-teal-800 underline underline-offset-2">{again}</a></p></main></body></html>"#,
        code = lang.code(),
        title = lang.t(Key::UnavailableTitle),
        body = lang.t(Key::ErrUnavailable),
        again = lang.t(Key::ChatRetry),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_the_bundle_and_files_pass_pages_and_calls_do_not() {
        for path in ["/healthz", "/readyz", "/metrics", "/pkg/osool.wasm", "/favicon.svg", "/robots.txt"] {
            assert!(exempt(path), "{path}");
        }
        for path in ["/", "/listings/12", "/compare", "/api/v1/search", "/fn/auth/sign_in", "/auth/google"] {
            assert!(!exempt(path), "{path}");
        }
    }

    #[test]
    fn the_page_speaks_the_visitors_language() {
        assert!(page(Lang::Ar).contains(r#"<html lang="ar" dir="rtl">"#));
        assert!(page(Lang::Ar).contains("غير متاحة"));
        assert!(page(Lang::En).contains("try again"));
    }
}

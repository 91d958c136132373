//! Cross-site request protection. A state-changing request (POST, PUT,
//! PATCH, DELETE) goes through only when the browser says it comes from
//! this site: an `Origin` of this site, or, from a browser that sends no
//! Origin, `Sec-Fetch-Site: same-origin`. Anything else is refused with 403,
//! a request that names neither included (every browser of the last years
//! sends one of them; other clients set `Origin` to the site's URL). In
//! development the address the server listens on counts as this site too.
//! Session cookies are SameSite=Lax besides.

use crate::server::state::AppState;
use crate::wire::AppError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, Method};

use super::security::origin_of;

/// Whether a state-changing request with these headers comes from us.
fn same_site(headers: &HeaderMap, ours: &str, local: Option<&str>) -> bool {
    match headers.get(http::header::ORIGIN).map(|v| v.to_str()) {
        Some(Ok(origin)) => origin == ours || Some(origin) == local,
        Some(Err(_)) => false,
        None => headers.get("sec-fetch-site").is_some_and(|v| v.as_bytes() == b"same-origin"),
    }
}

/// Webhooks: authenticated by their signature (`http::payments`).
const WEBHOOKS: &str = "/payments/paymob/";

pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // Paymob's callbacks carry their own signature, not a browser's Origin.
    let changes_state =
        matches!(*request.method(), Method::POST | Method::PUT | Method::PATCH | Method::DELETE)
            && !request.uri().path().starts_with(WEBHOOKS);
    if changes_state {
        let ours = origin_of(&state.config.public_url);
        let local = (!state.config.is_production()).then(|| format!("http://{}", state.leptos.site_addr));
        if !same_site(request.headers(), ours, local.as_deref()) {
            let origin = request.headers().get(http::header::ORIGIN).and_then(|v| v.to_str().ok());
            tracing::warn!(origin, path = %request.uri().path(), "cross-site or unmarked request refused");
            return AppError::Forbidden.into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::same_site;
    use http::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (http::HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn origins_are_scheme_host_and_port() {
        assert_eq!(super::origin_of("https://osool.example"), "https://osool.example");
        assert_eq!(super::origin_of("http://127.0.0.1:3000/path"), "http://127.0.0.1:3000");
    }

    #[test]
    fn only_requests_marked_as_ours_change_anything() {
        let ours = "https://osool.example";
        assert!(same_site(&headers(&[("origin", "https://osool.example")]), ours, None));
        assert!(same_site(&headers(&[("sec-fetch-site", "same-origin")]), ours, None));
        assert!(!same_site(&headers(&[]), ours, None), "no Origin, no Sec-Fetch-Site");
        assert!(!same_site(&headers(&[("origin", "https://evil.example")]), ours, None));
        assert!(!same_site(&headers(&[("origin", "null")]), ours, None));
        assert!(!same_site(&headers(&[("sec-fetch-site", "same-site")]), ours, None));
        assert!(!same_site(&headers(&[("sec-fetch-site", "cross-site")]), ours, None));
        assert!(
            !same_site(
                &headers(&[("origin", "https://evil.example"), ("sec-fetch-site", "same-origin")]),
                ours,
                None
            ),
            "a foreign Origin decides"
        );
        let local = Some("http://127.0.0.1:3000");
        assert!(same_site(&headers(&[("origin", "http://127.0.0.1:3000")]), ours, local));
        assert!(!same_site(&headers(&[("origin", "http://127.0.0.1:3000")]), ours, None), "production");
    }
}

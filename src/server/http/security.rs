//! Security headers. Every response gets `X-Content-Type-Options: nosniff`,
//! `Referrer-Policy: same-origin` (email links carry tokens in their query
//! strings, which must not leak to other sites), framing refused, and in
//! production HSTS. Pages get a Content-Security-Policy that allows only
//! this site's scripts, the WASM they compile, and the inline hydration
//! script by its per-request nonce; everything else (JSON, files) a policy
//! that allows nothing, since none of it is meant to run.

use http::HeaderValue;
use http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy of an HTML page whose inline scripts carry `nonce`. Forms
/// post to this site only, plus `checkout` (Paymob's origin, when
/// reservations are on): the Reserve form, before the app's script loads,
/// is answered with a redirect to the checkout, which `form-action` covers.
pub fn page_policy(nonce: &str, checkout: Option<&str>) -> String {
    let checkout = checkout.filter(|o| o.starts_with("https://") || o.starts_with("http://"));
    let form_action = checkout.map_or_else(|| "'self'".to_owned(), |o| format!("'self' {o}"));
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action {form_action}; frame-ancestors 'none'"
    )
}

/// `scheme://host[:port]` of a URL.
pub fn origin_of(url: &str) -> &str {
    match url.find("://") {
        Some(i) => url[i + 3..].find('/').map_or(url, |j| &url[..i + 3 + j]),
        None => url,
    }
}

/// Sets the page's policy on the response being rendered (call from the
/// shell, where the request's nonce is known).
pub fn set_page_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else { return };
    let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else { return };
    let state = leptos::prelude::use_context::<crate::server::state::AppState>();
    let checkout = state
        .as_ref()
        .and_then(|s| s.reservations.paymob())
        .map(|p| origin_of(&p.config().base_url).to_owned());
    if let Ok(value) = HeaderValue::from_str(&page_policy(&nonce, checkout.as_deref())) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

/// For responses that are not pages (and did not set a policy).
const NOTHING_RUNS: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The layers that put the headers on every response.
pub fn headers<S>(router: axum::Router<S>, production: bool) -> axum::Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let router = router
        .layer(SetResponseHeaderLayer::if_not_present(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(NOTHING_RUNS),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::overriding(X_FRAME_OPTIONS, HeaderValue::from_static("DENY")));
    if production {
        router.layer(SetResponseHeaderLayer::overriding(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ))
    } else {
        router
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pages_run_only_our_scripts_and_the_nonced_inline_one() {
        let policy = super::page_policy("abc123", None);
        assert!(policy.contains("form-action 'self';"));
        let policy_with_checkout = super::page_policy("abc123", Some("https://accept.paymob.com"));
        assert!(policy_with_checkout.contains("form-action 'self' https://accept.paymob.com;"));
        assert!(super::page_policy("x", Some("javascript:alert(1)")).contains("form-action 'self';"));
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-abc123'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(!policy.contains("unsafe-eval'") || policy.contains("wasm-unsafe-eval"));
    }
}

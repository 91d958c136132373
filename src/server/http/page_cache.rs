//! The public pages, rendered once and served to every anonymous visitor
//! for a short while: the home page, search results, listings and
//! comparisons are the same for everyone who is not signed in (in their
//! language), and rendering one costs far more than copying it.
//!
//! Threats and what answers them:
//! - one visitor's page served to another: only requests with no cookie but
//!   the language cookie and no `Authorization` are served from or stored in
//!   the cache, and only answers that set no cookie;
//! - an error or a refusal (a rate-limited search, a missing listing) shown
//!   to others: only `200` answers are kept (a server function's error sets
//!   the page's status);
//! - the script nonce reused, which would let an injected inline script run:
//!   a stored page keeps a placeholder where the nonce was, and each answer
//!   gets a fresh nonce and the policy that names it;
//! - the cache poisoned through headers: the key is the language, the path
//!   and the query, and pages are rendered from nothing else (no Host or
//!   forwarded header reaches the markup);
//! - memory: at most `CAPACITY` pages of at most `MAX_PAGE` bytes, under
//!   keys of at most `MAX_URI` bytes (a longer address is rendered each
//!   time, so nobody fills the cache with huge query strings);
//! - a forged placeholder: the stored page is cut at the nonce, not marked
//!   with a string a query could also put in the page;
//! - stale facts: a page lives `TTL` at most, and none outlives a catalog
//!   change on this instance (the catalog's generation, read before the
//!   render, is in the key; so it is in search's own caches); other
//!   instances and `osool ingest` rely on the times alone;
//! - probing what others opened: the hit/miss header is sent only outside
//!   production (the tests read it).

use crate::i18n::{LANG_COOKIE, lang_from_headers};
use crate::server::services::search::cache::Lru;
use crate::server::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{AUTHORIZATION, CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use std::sync::Arc;
use std::time::Duration;

const CAPACITY: usize = 128;
const TTL: Duration = Duration::from_secs(30);
/// Pages are 30-120 KB; a larger one is rendered each time (so at most
/// 32 MB are held).
const MAX_PAGE: usize = 256 * 1024;
/// Longest path and query kept.
const MAX_URI: usize = 512;
pub const CACHE_HEADER: &str = "x-osool-page-cache";

struct Page {
    headers: HeaderMap,
    /// The page cut where its nonce was: a fresh one goes between pieces.
    pieces: Vec<String>,
    /// Whether to say "hit" (not in production).
    tell: bool,
}

pub struct PageCache {
    pages: Lru<String, Arc<Page>>,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache { pages: Lru::new(CAPACITY, TTL) }
    }
}

/// `%XX` and `+` decoded, as the router reads a query's names and values.
fn form_decoded(text: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| Some(hex(bytes[i + 1])? * 16 + hex(bytes[i + 2])?))
            .flatten();
        match (bytes[i], escaped) {
            (_, Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The pages every anonymous visitor sees alike. A search with words is
/// left to the search's own cache, which still counts it for the analytics.
fn public_page(path: &str, query: Option<&str>) -> bool {
    let searched = query.is_some_and(|q| {
        q.split('&').any(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            form_decoded(k) == "q" && !form_decoded(v).trim().is_empty()
        })
    });
    (path == "/" && !searched)
        || path == "/compare"
        || path.strip_prefix("/listings/").is_some_and(|id| !id.is_empty() && !id.contains('/'))
}

/// No session, no visitor id, no credentials: nothing that could make the
/// page someone's own. The language cookie is part of the key.
fn anonymous(headers: &HeaderMap) -> bool {
    !headers.contains_key(AUTHORIZATION)
        && headers.get_all(COOKIE).iter().all(|value| {
            value.to_str().is_ok_and(|v| {
                v.split(';')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .all(|pair| pair.split_once('=').is_some_and(|(name, _)| name.trim() == LANG_COOKIE))
            })
        })
}

/// The nonce the page's policy names.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let policy = headers.get(CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let len = policy[start..].find('\'')?;
    let nonce = &policy[start..start + len];
    (nonce.len() >= 16).then(|| nonce.to_owned())
}

fn fresh_nonce() -> String {
    crate::server::services::accounts::session::random_token()
}

impl Page {
    fn respond(&self) -> Response {
        let nonce = fresh_nonce();
        let body = self.pieces.join(&nonce);
        let mut response = Response::new(Body::from(body));
        *response.headers_mut() = self.headers.clone();
        // The policy as rendered, with the fresh nonce in place of the old.
        let policy = match (
            self.headers.get(CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()),
            nonce_of(&self.headers),
        ) {
            (Some(policy), Some(old)) => {
                policy.replace(&format!("'nonce-{old}'"), &format!("'nonce-{nonce}'"))
            }
            _ => crate::server::http::security::page_policy(&nonce, None),
        };
        if let Ok(policy) = HeaderValue::from_str(&policy) {
            response.headers_mut().insert(CONTENT_SECURITY_POLICY, policy);
        }
        if self.tell {
            response.headers_mut().insert(CACHE_HEADER, HeaderValue::from_static("hit"));
        }
        response
    }
}

pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let address = request.uri().path_and_query().map_or("", |p| p.as_str());
    if request.method() != Method::GET
        || address.len() > MAX_URI
        || !public_page(request.uri().path(), request.uri().query())
        || !anonymous(request.headers())
    {
        // Any other page is also rendered to its end in a task of its own
        // (see below); the API, server functions and files are not pages.
        let path = request.uri().path();
        let page = request.method() == Method::GET
            && !["/api/", "/fn/", "/pkg/"].iter().any(|prefix| path.starts_with(prefix));
        if !page {
            return next.run(request).await;
        }
        let render = crate::server::telemetry::spawn(render_whole(request, next));
        return match render.await {
            Ok(response) => response,
            Err(error) => {
                crate::wire::AppError::internal(format!("rendering a page: {error}")).into_response()
            }
        };
    }
    let cache = &state.pages;
    let key = format!(
        "{}\u{1f}{}\u{1f}{address}",
        state.search.generation(),
        lang_from_headers(request.headers()).code(),
    );
    if let Some(page) = cache.pages.get(&key) {
        metrics::counter!("page_cache_total", "outcome" => "hit").increment(1);
        return page.respond();
    }
    metrics::counter!("page_cache_total", "outcome" => "miss").increment(1);
    // The render runs to its end in a task of its own, even when the
    // visitor leaves before it arrives (a phone losing signal): a Leptos
    // render dropped half way leaves its resources running without their
    // owner, and what they hold was never given back (about 28 KiB per
    // cut-off results page, `scripts/bench-load`). Finished, the page is
    // cached for the next visitor, so the work is not wasted.
    let render = crate::server::telemetry::spawn(render_and_store(state.clone(), key, request, next));
    match render.await {
        Ok(response) => response,
        Err(error) => crate::wire::AppError::internal(format!("rendering a page: {error}")).into_response(),
    }
}

fn is_html(headers: &HeaderMap) -> bool {
    headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"))
}

/// A body read to its end, or the error answer if it cannot be.
async fn whole(body: Body) -> Result<Bytes, Response> {
    axum::body::to_bytes(body, 32 * MAX_PAGE).await.map_err(|error| {
        crate::wire::AppError::internal(format!("reading a rendered page: {error}")).into_response()
    })
}

/// A page rendered to its last byte (pages render whole before their
/// first byte anyway: `SsrMode::Async`); anything else as it comes.
async fn render_whole(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if !is_html(response.headers()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    match whole(body).await {
        Ok(bytes) => Response::from_parts(parts, Body::from(bytes)),
        Err(error) => error,
    }
}

async fn render_and_store(state: AppState, key: String, request: Request, next: Next) -> Response {
    let cache = &state.pages;
    let tell = !state.config.is_production();
    let response = render_whole(request, next).await;
    let storable = response.status() == StatusCode::OK
        && !response.headers().contains_key(SET_COOKIE)
        && is_html(response.headers());
    let Some(nonce) = storable.then(|| nonce_of(response.headers())).flatten() else {
        return response;
    };
    let (parts, body) = response.into_parts();
    let bytes = match whole(body).await {
        Ok(bytes) => bytes,
        Err(error) => return error,
    };
    if bytes.len() <= MAX_PAGE
        && let Ok(text) = std::str::from_utf8(&bytes)
    {
        let mut headers = parts.headers.clone();
        headers.remove(CONTENT_SECURITY_POLICY);
        headers.remove(http::header::CONTENT_LENGTH);
        let pieces = text.split(nonce.as_str()).map(str::to_owned).collect();
        cache.pages.insert(key, Arc::new(Page { headers, pieces, tell }));
    }
    let mut response = Response::from_parts(parts, Body::from(bytes));
    if tell {
        response.headers_mut().insert(CACHE_HEADER, HeaderValue::from_static("miss"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(cookie: Option<&'static str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(c) = cookie {
            h.insert(COOKIE, HeaderValue::from_static(c));
        }
        h
    }

    #[test]
    fn only_visitors_without_a_session_or_visitor_id_share_pages() {
        assert!(anonymous(&headers(None)));
        assert!(anonymous(&headers(Some("osool_lang=ar"))));
        assert!(anonymous(&headers(Some("osool_lang=ar; "))));
        assert!(!anonymous(&headers(Some("osool_lang=ar; osool_session=abc"))));
        assert!(!anonymous(&headers(Some("osool_visitor=abcdefghijklmnopqrstuvwxyz012345"))));
        assert!(!anonymous(&headers(Some("osool_language=ar"))));
        assert!(!anonymous(&headers(Some("garbage"))));
        let mut h = headers(None);
        h.insert(AUTHORIZATION, HeaderValue::from_static("Bearer x"));
        assert!(!anonymous(&h));
    }

    #[test]
    fn only_the_public_pages_are_kept() {
        for path in ["/", "/compare", "/listings/42"] {
            assert!(public_page(path, None), "{path}");
        }
        for path in ["/profile", "/saved", "/chat", "/dashboard", "/listings/", "/listings/1/x", "/fn/search"]
        {
            assert!(!public_page(path, None), "{path}");
        }
        assert!(public_page("/", Some("type=villa&q=")));
        assert!(public_page("/", Some("auth=email")));
        assert!(!public_page("/", Some("type=villa&q=sea%20view")), "searches are counted, so not kept here");
        assert!(!public_page("/", Some("%71=sea+view")), "the name read as the router reads it");
        assert!(!public_page("/", Some("q=villa&q=")));
        assert!(public_page("/", Some("q=+%20")), "blank words are no search");
        assert_eq!(form_decoded("a%2Bb+c%zz%4"), "a+b c%zz%4");
        assert_eq!(form_decoded("%D8%B4%D9%82%D8%A9"), "شقة");
    }

    /// Thousands of generated queries, the name and words spelled every way
    /// a browser or a prober might: a page is kept exactly when the router
    /// (which reads the query with `url`'s form decoding) finds no words.
    #[test]
    fn generated_queries_are_kept_exactly_when_the_router_reads_no_words() {
        const NAMES: [&str; 14] = [
            "q",
            "%71",
            "%51",
            "Q",
            "qq",
            "type",
            "q%00",
            "%2571",
            "+q",
            "q+",
            "%71%",
            "",
            "auth",
            "%E2%80%8Bq",
        ];
        const VALUES: [&str; 18] = [
            "",
            "+",
            "%20",
            "villa",
            "%D8%B4%D9%82%D8%A9",
            "%",
            "%zz",
            "%C2%A0",
            "a%2Bb",
            "=",
            "x=y",
            "%0A",
            "++%09",
            "sea+view",
            "%F0%9F",
            "%2",
            "3%20bed",
            "%E3%80%80",
        ];
        let mut seed: u64 = 0x0500_1d20_2612;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut searches = 0;
        for _ in 0..20_000 {
            let pairs: Vec<String> = (0..1 + next(4))
                .map(|_| match next(6) {
                    0 => NAMES[next(NAMES.len())].to_owned(),
                    _ => format!("{}={}", NAMES[next(NAMES.len())], VALUES[next(VALUES.len())]),
                })
                .collect();
            let query = pairs.join(if next(5) == 0 { "&&" } else { "&" });
            let router_sees_words = url::form_urlencoded::parse(query.as_bytes())
                .any(|(name, value)| name == "q" && !value.trim().is_empty());
            searches += usize::from(router_sees_words);
            assert_eq!(public_page("/", Some(&query)), !router_sees_words, "{query}");
            assert!(public_page("/compare", Some(&query)), "{query}");
        }
        assert!(searches > 2_000, "the grammar makes searches too: {searches}");
    }

    #[test]
    fn the_nonce_is_read_from_the_policy() {
        let mut h = HeaderMap::new();
        let policy = crate::server::http::security::page_policy("AbCdEfGhIjKlMnOpQrStUv", None);
        h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_str(&policy).unwrap());
        assert_eq!(nonce_of(&h).as_deref(), Some("AbCdEfGhIjKlMnOpQrStUv"));
        h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'"));
        assert_eq!(nonce_of(&h), None);
    }

    #[test]
    fn each_answer_from_the_cache_has_a_new_nonce_in_page_and_policy() {
        let pieces = ["<script nonce=\"", "\">x</script><script nonce=\"", "\">"];
        let page = Page { headers: HeaderMap::new(), pieces: pieces.map(str::to_owned).to_vec(), tell: true };
        let a = page.respond();
        let b = page.respond();
        let (na, nb) = (nonce_of(a.headers()).unwrap(), nonce_of(b.headers()).unwrap());
        assert_ne!(na, nb);
        assert_eq!(a.headers()[CACHE_HEADER], "hit");
        let quiet = Page { tell: false, ..page };
        assert!(!quiet.respond().headers().contains_key(CACHE_HEADER), "not said in production");
    }
}

//! Bad input, generated: every public endpoint and every server function
//! gets a seeded stream of hostile requests (query strings, path segments,
//! form and JSON bodies, broken JSON, oversized and non-UTF-8 bodies, and
//! garbage in `Cookie`, `Accept-Language`, `X-Request-Id`, `Content-Type`).
//! Not one may answer 5xx (a panic answers 500 through the catch-panic
//! layer), and every 4xx of the JSON API and the server functions is the
//! one documented error shape (`wire::AppError`: an object with a known
//! `code`). The only 503 allowed is `busy` with a `Retry-After` (password
//! hashing at capacity, a deliberate answer like a 429).
//!
//! `OSOOL_FUZZ_CASES` sets the cases per endpoint (500 in the suite),
//! `OSOOL_FUZZ_SEED` the seed; a failure prints the seed, the endpoint and
//! the request so it can be replayed.

use crate::server::testkit::TestApp;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::sync::Arc;

const CODES: [&str; 18] = [
    "validation",
    "unauthorized",
    "invalid_credentials",
    "email_not_verified",
    "code_expired",
    "wrong_code",
    "too_many_attempts",
    "link_expired",
    "forbidden",
    "not_found",
    "conflict",
    "held",
    "rate_limited",
    "unavailable",
    "busy",
    "internal",
    "transport",
    // Not an AppError: the shape axum's own rejections are mapped to.
    "bad_request",
];

/// Words a buyer, a typo, a script or an attacker might send.
const WORDS: &[&str] = &[
    "villa",
    "3 bedroom apartment in New Cairo under 10 million",
    "شقة ٣ غرف في التجمع",
    "sha2a fel tagamo3",
    "'; drop table listings; --",
    "<script>alert(1)</script>",
    "</title><img src=x onerror=alert(1)>",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "../../../../etc/passwd",
    "%00",
    "\u{0}",
    "\u{202e}gnp.exe",
    "🏠🏠🏠",
    "NaN",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "-0.0",
    "true",
    "null",
    "[]",
    "{}",
    "\"",
    "\\",
    "a@b",
    "buyer@example.com",
    "+201001234567",
    "٠١٢٣٤٥٦٧٨٩",
    " ",
    "\t\r\n",
];

/// Query and form names the endpoints read, besides random ones.
const NAMES: &[&str] = &[
    "q",
    "page",
    "per_page",
    "limit",
    "offset",
    "ids",
    "id",
    "min_price",
    "max_price",
    "bedrooms",
    "type",
    "area",
    "sort",
    "mode",
    "lang",
    "auth",
    "next",
    "code",
    "state",
    "error",
    "listing",
    "email",
    "password",
    "name",
    "phone",
    "token",
    "query",
    "listing_id",
    "status",
    "note",
    "at",
    "week",
    "role",
    "agent_id",
    "message",
    "conversation_id",
    "user_id",
    "sold",
    "%71",
    "q[]",
    "a[b]",
    "",
    "=",
];

fn text(rng: &mut StdRng) -> String {
    match rng.random_range(0..10) {
        0 => String::new(),
        1 => "x".repeat(rng.random_range(1_000..20_000)),
        2 => (0..rng.random_range(1..40)).map(|_| char::from(rng.random_range(0x20u8..0x7f))).collect(),
        3 => (0..rng.random_range(1..20))
            .map(|_| char::from_u32(rng.random_range(0x80..0x3000)).unwrap_or('?'))
            .collect(),
        4 => rng.random_range(i64::MIN..i64::MAX).to_string(),
        _ => {
            let n = rng.random_range(1..4);
            (0..n).map(|_| WORDS[rng.random_range(0..WORDS.len())]).collect::<Vec<_>>().join(" ")
        }
    }
}

/// Percent-encodes `s`, sometimes leaving it broken on purpose.
fn encode(rng: &mut StdRng, s: &str) -> String {
    let mut out: String = url::form_urlencoded::byte_serialize(s.as_bytes()).collect();
    match rng.random_range(0..12) {
        0 => out.push_str("%zz"),
        1 => out.push_str("%FF%FE"),
        2 => out.push('%'),
        3 => out.push_str("%C3%28"),
        _ => {}
    }
    out
}

fn query(rng: &mut StdRng) -> String {
    let pairs = rng.random_range(0..6);
    let mut parts = Vec::new();
    for _ in 0..pairs {
        let name = if rng.random_bool(0.8) {
            NAMES[rng.random_range(0..NAMES.len())].to_owned()
        } else {
            let name = text(rng);
            encode(rng, &name)
        };
        let value = text(rng);
        let value = encode(rng, &value);
        parts.push(match rng.random_range(0..8) {
            0 => name,
            1 => format!("{name}=={value}"),
            _ => format!("{name}={value}"),
        });
    }
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

fn segment(rng: &mut StdRng) -> String {
    match rng.random_range(0..6) {
        0 => rng.random_range(-5i64..5000).to_string(),
        1 => "042".into(),
        2 => "99999999999999999999".into(),
        _ => {
            let t = text(rng);
            encode(rng, &t).replace('+', "%20")
        }
    }
}

/// A random JSON value, nested a little.
fn json(rng: &mut StdRng, depth: u32) -> serde_json::Value {
    use serde_json::Value;
    match rng.random_range(0..if depth > 2 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.random_bool(0.5)),
        2 => serde_json::json!(rng.random_range(i64::MIN..i64::MAX)),
        3 => serde_json::json!(rng.random_range(-1e12..1e12)),
        4 => Value::String(text(rng)),
        5 => Value::Array((0..rng.random_range(0..5)).map(|_| json(rng, depth + 1)).collect()),
        _ => {
            let mut map = serde_json::Map::new();
            for _ in 0..rng.random_range(0..6) {
                let key = if rng.random_bool(0.7) {
                    NAMES[rng.random_range(0..NAMES.len())].to_owned()
                } else {
                    text(rng)
                };
                map.insert(key, json(rng, depth + 1));
            }
            Value::Object(map)
        }
    }
}

/// A body and its content type.
fn body(rng: &mut StdRng) -> (Vec<u8>, Option<&'static str>) {
    match rng.random_range(0..10) {
        0 => (Vec::new(), None),
        1 => (vec![b'a'; rng.random_range(1_000_000..3_000_000)], Some("application/x-www-form-urlencoded")),
        2 => ((0..rng.random_range(1..300)).map(|_| rng.random::<u8>()).collect(), Some("application/json")),
        3 => (b"{\"q\": \"unterminated".to_vec(), Some("application/json")),
        4 | 5 => (serde_json::to_vec(&json(rng, 0)).unwrap_or_default(), Some("application/json")),
        6 => (query(rng).trim_start_matches('?').as_bytes().to_vec(), Some("text/plain")),
        _ => (
            query(rng).trim_start_matches('?').as_bytes().to_vec(),
            Some("application/x-www-form-urlencoded"),
        ),
    }
}

/// Garbage for the headers every request may carry.
fn headers(rng: &mut StdRng) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    let garbage = |rng: &mut StdRng| -> Vec<u8> {
        match rng.random_range(0..5) {
            0 => vec![b'a'; rng.random_range(100..6_000)],
            1 => (0..rng.random_range(1..60)).map(|_| rng.random_range(0x80u8..=0xff)).collect(),
            2 => b"osool_session=; osool_session=x; =; ;;; osool_visitor=\xff".to_vec(),
            _ => (0..rng.random_range(1..60)).map(|_| rng.random_range(0x20u8..0x7f)).collect(),
        }
    };
    if rng.random_bool(0.4) {
        out.push(("cookie", garbage(rng)));
    }
    if rng.random_bool(0.4) {
        let value =
            if rng.random_bool(0.5) { b"ar-EG,ar;q=0.9,en;q=abc,*;q=-1".to_vec() } else { garbage(rng) };
        out.push(("accept-language", value));
    }
    if rng.random_bool(0.4) {
        out.push(("x-request-id", garbage(rng)));
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// A page: HTML, any 2xx/3xx/4xx.
    Page,
    /// The JSON API and server functions: 4xx in the error shape.
    Json,
}

struct Endpoint {
    method: reqwest::Method,
    /// `{}` is replaced by a generated path segment.
    path: String,
    kind: Kind,
}

fn endpoints() -> Vec<Endpoint> {
    let get = |path: &str, kind| Endpoint { method: reqwest::Method::GET, path: path.into(), kind };
    let mut all = vec![
        get("/", Kind::Page),
        get("/listings/{}", Kind::Page),
        get("/compare", Kind::Page),
        get("/chat", Kind::Page),
        get("/profile", Kind::Page),
        get("/saved", Kind::Page),
        get("/verify-email", Kind::Page),
        get("/reset-password", Kind::Page),
        get("/dashboard/leads/{}", Kind::Page),
        get("/dashboard/listings/{}", Kind::Page),
        get("/{}", Kind::Page),
        get("/pkg/{}", Kind::Page),
        get("/auth/google", Kind::Page),
        get("/auth/google/callback", Kind::Page),
        get("/healthz", Kind::Json),
        get("/readyz", Kind::Json),
        get("/api/v1/search", Kind::Json),
        get("/api/v1/properties", Kind::Json),
        get("/api/v1/properties/{}", Kind::Json),
        Endpoint { method: reqwest::Method::POST, path: "/api/v1/chat".into(), kind: Kind::Json },
        // Paymob's callbacks: plain answers, never a 5xx for bad input.
        Endpoint {
            method: reqwest::Method::POST,
            path: "/payments/paymob/processed".into(),
            kind: Kind::Page,
        },
        get("/payments/paymob/return", Kind::Page),
        get("/reservations/{}", Kind::Page),
    ];
    let mut functions: Vec<(&'static str, http::Method)> =
        leptos::server_fn::axum::server_fn_paths().collect();
    functions.sort_by_key(|(path, _)| *path);
    assert!(functions.len() > 30, "the server functions are registered: {functions:?}");
    for (path, method) in functions {
        let method = reqwest::Method::from_bytes(method.as_str().as_bytes()).unwrap_or(reqwest::Method::POST);
        all.push(Endpoint { method, path: path.into(), kind: Kind::Json });
    }
    all
}

#[derive(Default)]
struct Tally {
    requests: usize,
    by_status: BTreeMap<u16, usize>,
    failures: Vec<String>,
}

async fn hit(
    app: &TestApp,
    client: &reqwest::Client,
    rng: &mut StdRng,
    endpoint: &Endpoint,
    tally: &mut Tally,
) {
    let path = endpoint.path.replace("{}", &segment(rng));
    // The client cannot send a URI past 64 KiB (`http::Uri`): draw again.
    let url = loop {
        let url = format!("{}{}", app.url(&path), query(rng));
        if url.len() < 60_000 {
            break url;
        }
    };
    let mut request = client.request(endpoint.method.clone(), &url);
    let mut described = format!("{} {url}", endpoint.method);
    let mut oversized = false;
    for (name, value) in headers(rng) {
        if let Ok(value) = reqwest::header::HeaderValue::from_bytes(&value) {
            described.push_str(&format!("\n  {name}: {}", String::from_utf8_lossy(value.as_bytes())));
            request = request.header(name, value);
        }
    }
    if endpoint.method != reqwest::Method::GET {
        let (bytes, content_type) = body(rng);
        oversized = bytes.len() > 1_000_000;
        described = format!("[body {} bytes, {content_type:?}] {described}", bytes.len());
        if let Some(content_type) = content_type {
            request = request.header(reqwest::header::CONTENT_TYPE, content_type);
        }
        request = request.body(bytes);
    }
    let response = match request.send().await {
        Ok(response) => response,
        // A server may answer 413 and close before it has read a body far
        // past its limit; the client then sees the connection go.
        Err(_) if oversized => {
            tally.requests += 1;
            *tally.by_status.entry(413).or_default() += 1;
            return;
        }
        Err(e) => {
            tally.failures.push(format!("no answer ({e}): {described}"));
            return;
        }
    };
    tally.requests += 1;
    let status = response.status().as_u16();
    *tally.by_status.entry(status).or_default() += 1;
    let retry_after = response.headers().contains_key(reqwest::header::RETRY_AFTER);
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = response.bytes().await.unwrap_or_default();
    // Server functions answer the error itself, the JSON API wraps it in
    // `{"error": ...}` (both documented in README).
    let code = serde_json::from_slice::<serde_json::Value>(&bytes).ok().and_then(|v| {
        v.pointer("/code").or_else(|| v.pointer("/error/code")).and_then(|c| c.as_str()).map(str::to_owned)
    });
    if status >= 500 && !(status == 503 && code.as_deref() == Some("busy") && retry_after) {
        tally.failures.push(format!(
            "{status} {}: {described}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
        ));
    } else if endpoint.kind == Kind::Json && (400..500).contains(&status) {
        let shaped = content_type.starts_with("application/json")
            && code.as_deref().is_some_and(|c| CODES.contains(&c));
        if !shaped {
            tally.failures.push(format!(
                "{status} not in the error shape ({content_type}) {}: {described}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
            ));
        }
    }
}

/// Runs `cases` generated requests against every endpoint, eight at a time.
async fn run(seed: u64, cases: usize) -> Vec<(String, Tally)> {
    let app = Arc::new(
        TestApp::start(&crate::server::testkit::catalog_database().await, |vars| {
            vars.insert("OSOOL_SEARCH_RATE".into(), "1000000".into());
            vars.insert("OSOOL_CHAT_RATE".into(), "1000000".into());
            vars.insert("OSOOL_SIGN_IN_RATE".into(), "1000000".into());
        })
        .await,
    );
    // A connection per request: after refusing an oversized body the
    // server closes its connection, and a pooled client would send the
    // next request down it and report that as no answer.
    let mut origin = reqwest::header::HeaderMap::new();
    origin.insert(
        reqwest::header::ORIGIN,
        reqwest::header::HeaderValue::from_str(&format!("http://{}", app.addr)).expect("origin"),
    );
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(30))
        .pool_max_idle_per_host(0)
        .default_headers(origin)
        .build()
        .expect("http client");
    let mut results = Vec::new();
    for (index, endpoint) in endpoints().into_iter().enumerate() {
        let endpoint = Arc::new(endpoint);
        let lanes = (0..8u64).map(|lane| {
            let app = Arc::clone(&app);
            let endpoint = Arc::clone(&endpoint);
            let client = client.clone();
            tokio::spawn(async move {
                let mut rng = StdRng::seed_from_u64(seed ^ ((index as u64) << 32) ^ lane);
                let mut tally = Tally::default();
                for _ in (lane as usize..cases).step_by(8) {
                    hit(&app, &client, &mut rng, &endpoint, &mut tally).await;
                }
                tally
            })
        });
        let mut total = Tally::default();
        for lane in futures::future::join_all(lanes).await {
            let lane = lane.expect("fuzz lane");
            total.requests += lane.requests;
            for (status, n) in lane.by_status {
                *total.by_status.entry(status).or_default() += n;
            }
            total.failures.extend(lane.failures);
        }
        results.push((format!("{} {}", endpoint.method, endpoint.path), total));
    }
    results
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn generated_bad_input_gets_a_clear_4xx_on_every_endpoint_and_never_a_5xx() {
    let seed = std::env::var("OSOOL_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20_261_207);
    let cases = std::env::var("OSOOL_FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(500);
    let results = run(seed, cases).await;
    let mut failures = Vec::new();
    let mut requests = 0;
    for (endpoint, tally) in &results {
        requests += tally.requests;
        println!("{endpoint}: {} requests, statuses {:?}", tally.requests, tally.by_status);
        for failure in tally.failures.iter().take(3) {
            failures.push(format!("[{endpoint}] {failure}"));
        }
    }
    println!("fuzz: seed {seed}, {cases} per endpoint, {} endpoints, {requests} requests", results.len());
    assert!(
        failures.is_empty(),
        "seed {seed}: {} failures, first ones:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(results.iter().all(|(_, t)| t.requests == cases), "every request was answered");
}

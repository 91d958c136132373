//! Liveness, readiness, metrics and request ids.

use crate::server::testkit::{RedisProcess, TestApp};
use serde_json::Value;
use std::time::Duration;

#[tokio::test]
async fn healthz_answers_while_the_process_lives() {
    let app = TestApp::spawn().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>().await.unwrap()["status"], "ok");
}

#[tokio::test]
async fn readyz_reports_each_dependency() {
    let app = TestApp::spawn().await;
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    assert_eq!(body["checks"]["database"]["status"], "up");
    assert_eq!(body["checks"]["redis"]["status"], "up");
}

async fn readiness(app: &TestApp) -> (u16, Value) {
    let response = app.get("/readyz").await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn readyz_turns_503_while_redis_is_down_and_recovers_without_restart() {
    let mut redis = RedisProcess::start().await;
    let url = redis.url();
    let app = TestApp::spawn_with(|vars| {
        vars.insert("REDIS_URL".into(), url);
    })
    .await;
    assert_eq!(readiness(&app).await.0, 200);

    redis.stop().await;
    let (status, body) = readiness(&app).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["checks"]["redis"]["status"], "down");
    assert_eq!(body["checks"]["database"]["status"], "up");
    // Liveness is unaffected: the process itself is fine.
    assert_eq!(app.get("/healthz").await.status(), 200);

    redis.restart().await;
    let mut last = (0, Value::Null);
    for _ in 0..40 {
        last = readiness(&app).await;
        if last.0 == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(last.0, 200, "readiness did not recover: {}", last.1);
}

#[tokio::test]
async fn readyz_reports_an_unreachable_database() {
    let app = TestApp::spawn_with(|vars| {
        vars.insert("DATABASE_URL".into(), "postgres://nobody@127.0.0.1:1/none".into());
    })
    .await;
    let (status, body) = readiness(&app).await;
    assert_eq!(status, 503);
    assert_eq!(body["checks"]["database"]["status"], "down");
    assert_eq!(body["checks"]["redis"]["status"], "up");
}

#[tokio::test]
async fn metrics_count_requests_per_route_with_latency_and_process_figures() {
    let app = TestApp::spawn().await;
    for _ in 0..3 {
        app.get("/healthz").await;
    }
    app.get("/no/such/page").await;
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = response.text().await.unwrap();
    let count_line = text
        .lines()
        .find(|l| {
            l.starts_with("http_requests_total{")
                && l.contains(r#"route="/healthz""#)
                && l.contains(r#"status="200""#)
        })
        .unwrap_or_else(|| panic!("no healthz counter in:\n{text}"));
    let count: f64 = count_line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(count >= 3.0, "{count_line}");
    assert!(
        text.contains(r#"http_request_duration_seconds_bucket{method="GET",route="/healthz",le="0.005"}"#),
        "{text}"
    );
    assert!(text.contains(r#"route="fallback",status="404""#), "unknown paths share one label:\n{text}");
    assert!(!text.contains("/no/such/page"), "raw paths must not become labels");
    assert!(text.contains("process_resident_memory_bytes "));
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let generated = app.get("/healthz").await;
    let id = generated.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "a UUID: {id}");

    let echoed =
        app.client.get(app.url("/healthz")).header("x-request-id", "lb-1234_abc").send().await.unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "lb-1234_abc");

    let replaced = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "bad id with spaces")
        .send()
        .await
        .unwrap();
    assert_ne!(replaced.headers()["x-request-id"], "bad id with spaces");
}

/// The database restarting (here: a relay in front of it cut, which also
/// drops the pool's connections): once the watcher sees it, every request
/// that needs it is answered 503 at once in its caller's shape, not after
/// the pool's 3 s wait; health and the bundle still answer; and when the
/// database is back the site is too, without a restart.
#[tokio::test]
async fn with_the_database_out_of_reach_requests_fail_at_once_and_recover_by_themselves() {
    use crate::server::testkit::gate::TcpGate;
    use std::time::Instant;

    let mut url = reqwest::Url::parse(&crate::server::testkit::catalog_database().await).expect("url");
    let target = format!("{}:{}", url.host_str().unwrap_or("127.0.0.1"), url.port().unwrap_or(5432));
    let gate = TcpGate::start(target, true).await;
    url.set_port(Some(gate.port)).expect("port");
    let app = TestApp::start(url.as_str(), |_| {}).await;
    assert_eq!(app.get("/api/v1/properties?limit=1").await.status(), 200);
    assert_eq!(app.page("/?q=villa+in+new+cairo", &[]).await.0, 200);

    gate.close();
    // The watcher notices within about a second.
    let noticed = Instant::now();
    loop {
        let asked = Instant::now();
        let status = app.get("/api/v1/properties?limit=1").await.status().as_u16();
        if status == 503 && asked.elapsed() < Duration::from_millis(300) {
            break;
        }
        assert!(noticed.elapsed() < Duration::from_secs(8), "still {status} after {:?}", noticed.elapsed());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for i in 0..10 {
        let asked = Instant::now();
        let api = app.get(&format!("/api/v1/search?q=apartment+{i}")).await;
        assert_eq!(api.status(), 503);
        assert_eq!(api.headers()["retry-after"], "2");
        let body: Value = api.json().await.expect("json");
        assert_eq!(body["error"]["code"], "unavailable");
        let (status, html) = app
            .page(
                &format!("/?q=chalet+{i}"),
                &[("cookie", if i % 2 == 0 { "osool_lang=ar" } else { "osool_lang=en" })],
            )
            .await;
        assert_eq!(status, 503);
        assert!(html.contains("data-testid=\"unavailable\""), "{html}");
        assert!(html.contains(if i % 2 == 0 { "غير متاحة" } else { "unavailable for a moment" }), "{html}");
        let call = app
            .client
            .post(app.url("/fn/auth/sign_in"))
            .header("accept", "application/json")
            .form(&[("email", "someone@example.com"), ("password", "whatever-it-is-1")])
            .send()
            .await
            .expect("call");
        assert_eq!(call.status(), 503);
        assert_eq!(call.json::<Value>().await.expect("json")["code"], "unavailable");
        let took = asked.elapsed();
        assert!(took < Duration::from_secs(1), "three refusals took {took:?}");
    }
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/favicon.svg").await.status(), 200);
    assert_eq!(readiness(&app).await.0, 503);

    gate.open();
    let back = Instant::now();
    loop {
        if app.get("/api/v1/properties?limit=1").await.status() == 200 {
            break;
        }
        assert!(back.elapsed() < Duration::from_secs(5), "not back {:?} after the database", back.elapsed());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.page("/?q=chalet+1", &[]).await.0, 200);
    assert_eq!(readiness(&app).await.0, 200);
}

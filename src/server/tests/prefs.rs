//! The `set_language` server function, called as the hydrated app calls it
//! and as a plain form post before the WASM loads.

use crate::server::testkit::TestApp;

#[tokio::test]
async fn set_language_round_trip_sets_the_cookie_and_the_next_page_follows_it() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/fn/set_language"))
        .header("accept", "application/json")
        .form(&[("lang", "ar")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("osool_lang=ar;"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax") && cookie.contains("Path=/"));
    assert!(!cookie.contains("Secure"), "plain-HTTP development cookie");
    assert_eq!(response.text().await.unwrap(), r#""ar""#);

    let (_, html) = app.page("/", &[("cookie", "osool_lang=ar")]).await;
    assert!(html.contains(r#"dir="rtl""#));
}

#[tokio::test]
async fn a_plain_form_post_redirects_back_to_the_page() {
    let app = TestApp::spawn().await;
    let referer = app.url("/?price=5000000");
    let response = app
        .client
        .post(app.url("/fn/set_language"))
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", &referer)
        .form(&[("lang", "ar")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap();
    assert!(location.starts_with(&app.url("/?")) && location.contains("price=5000000"), "{location}");
    assert!(response.headers()["set-cookie"].to_str().unwrap().starts_with("osool_lang=ar;"));
}

#[tokio::test]
async fn an_unsupported_language_is_refused_and_sets_nothing() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/fn/set_language"))
        .header("accept", "application/json")
        .form(&[("lang", "fr")])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error() || response.status().is_server_error());
    assert!(response.headers().get("set-cookie").is_none());
    let body = response.text().await.unwrap();
    assert!(body.contains("validation") && body.contains("lang"), "{body}");
}

//! Server-rendered pages: language, direction, content and status.

use crate::server::testkit::TestApp;

#[tokio::test]
async fn home_is_english_and_left_to_right_by_default() {
    let app = TestApp::spawn().await;
    let (status, html) = app.page("/", &[]).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<html lang="en" dir="ltr">"#), "{}", &html[..300.min(html.len())]);
    assert!(html.contains("Find a home in Egypt with a payment plan that fits"));
    assert!(html.contains("<title>Osool: homes and investments in Egypt</title>"));
    // The hydration scripts and the stylesheet are linked.
    assert!(html.contains("/pkg/osool.js"));
    assert!(html.contains("/pkg/osool.css"));
    // The calculator's default plan: 10M, 10 % down, 7 years monthly.
    assert!(html.contains("EGP 107,143"), "default installment missing");
    // Area prices per square metre, formatted for English.
    assert!(html.contains("EGP 117,000"));
}

#[tokio::test]
async fn arabic_visitors_get_the_arabic_right_to_left_page() {
    let app = TestApp::spawn().await;
    let (status, html) = app.page("/", &[("accept-language", "ar-EG,ar;q=0.9,en;q=0.5")]).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(html.contains("اعثر على بيتك في مصر بخطة سداد تناسبك"));
    assert!(html.contains("١٠٧٬١٤٣ ج.م."), "installment in Arabic digits");
    assert!(html.contains("١١٧٬٠٠٠ ج.م."));
    assert!(!html.contains("Find a home in Egypt"));
}

#[tokio::test]
async fn the_language_cookie_beats_the_browser_language() {
    let app = TestApp::spawn().await;
    let (_, html) = app.page("/", &[("accept-language", "ar"), ("cookie", "osool_lang=en")]).await;
    assert!(html.contains(r#"<html lang="en" dir="ltr">"#));
    let (_, html) = app.page("/", &[("accept-language", "en-US"), ("cookie", "x=1; osool_lang=ar")]).await;
    assert!(html.contains(r#"<html lang="ar" dir="rtl">"#));
}

#[tokio::test]
async fn the_calculator_works_from_the_query_before_any_script_runs() {
    let app = TestApp::spawn().await;
    let (_, html) = app.page("/?price=12%2C000%2C000&down=20&years=8&frequency=quarterly", &[]).await;
    assert!(html.contains("Quarterly installment"));
    assert!(html.contains("EGP 300,000"), "9.6M over 32 quarters");
    assert!(html.contains("about EGP 100,000 a month"));
    let (_, html) = app.page("/?price=abc", &[]).await;
    assert!(html.contains("Enter a price between EGP 100,000 and EGP 2,000,000,000."));
}

#[tokio::test]
async fn unknown_pages_are_404_in_the_visitors_language() {
    let app = TestApp::spawn().await;
    let (status, html) = app.page("/no/such/page", &[]).await;
    assert_eq!(status, 404);
    assert!(html.contains("Page not found"));
    let (status, html) = app.page("/no/such/page", &[("cookie", "osool_lang=ar")]).await;
    assert_eq!(status, 404);
    assert!(html.contains("الصفحة غير موجودة"));
}

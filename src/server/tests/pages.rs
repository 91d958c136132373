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

/// A router built while another app renders pages (what happens whenever
/// tests start apps side by side) must not stall those pages. Building a
/// router used to work out the route list each time, which switches
/// resource loading off for the whole process while it runs; a page whose
/// resources were created in that window never answered. See
/// `server::router::routes`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn building_routers_while_pages_render_never_stalls_a_page() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    let app = TestApp::spawn().await;
    let stop = Arc::new(AtomicBool::new(false));
    let builder = {
        let state = app.state.clone();
        let stop = stop.clone();
        std::thread::spawn(move || {
            // Rendering spawns tasks, so the builder needs a runtime of its own,
            // as every test app has.
            let runtime =
                tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            let _entered = runtime.enter();
            let mut built = 0u32;
            while !stop.load(Ordering::Relaxed) {
                drop(crate::server::router::router(state.clone(), true));
                built += 1;
            }
            built
        })
    };
    let mut outcome = Ok(());
    for i in 0..40 {
        let path = if i % 2 == 0 { "/" } else { "/compare?ids=1,2" };
        match tokio::time::timeout(Duration::from_secs(5), app.page(path, &[])).await {
            Ok((200, _)) => {}
            Ok((status, _)) => {
                outcome = Err(format!("request {i} ({path}) answered {status}"));
                break;
            }
            Err(_) => {
                outcome = Err(format!("request {i} ({path}) got no answer in 5 s while routers were built"));
                break;
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    let built = builder.join().expect("router builder");
    outcome.unwrap_or_else(|e| panic!("{e}"));
    assert!(built > 0);
}

/// What production does all day: many first requests for different pages,
/// in both languages, at the same moment, on a multi-threaded runtime. Each
/// answers, with the status and language it should.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_first_requests_at_once_all_answer_in_their_language() {
    use std::time::Duration;

    let app = TestApp::with_catalog().await;
    let ids: Vec<String> =
        sqlx::query_scalar("select id::text from listings where is_available order by id limit 3")
            .fetch_all(&app.state.db)
            .await
            .expect("listing ids");
    assert_eq!(ids.len(), 3);
    let pages: Vec<(String, u16, &str)> = vec![
        ("/".into(), 200, "Find a home in Egypt"),
        ("/?q=3+bedroom+apartment+in+New+Cairo+under+10+million".into(), 200, "listing-card"),
        ("/?q=%D9%81%D9%8A%D9%84%D8%A7+%D9%81%D9%8A+%D8%A7%D9%84%D8%B4%D9%8A%D8%AE+%D8%B2%D8%A7%D9%8A%D8%AF".into(), 200, "listing-card"),
        (format!("/listings/{}", ids[0]), 200, "plan-breakdown"),
        (format!("/compare?ids={},{}", ids[1], ids[2]), 200, "compare-table"),
        ("/chat".into(), 200, "<main"),
        ("/saved".into(), 401, "<main"),
        ("/no/such/page".into(), 404, "<main"),
    ];
    let requests = (0..160).map(|i| {
        let (path, status, marker) = pages[i % pages.len()].clone();
        let arabic = i % 2 == 1;
        let app = &app;
        async move {
            let headers: &[(&str, &str)] = if arabic { &[("cookie", "osool_lang=ar")] } else { &[] };
            let answer = tokio::time::timeout(Duration::from_secs(30), app.page(&path, headers)).await;
            (i, path, status, marker, arabic, answer)
        }
    });
    for (i, path, want, marker, arabic, answer) in futures::future::join_all(requests).await {
        let (status, html) =
            answer.unwrap_or_else(|_| panic!("request {i} for {path} got no answer in 30 s"));
        assert_eq!(status, want, "request {i} for {path}");
        let lang = if arabic { r#"<html lang="ar" dir="rtl">"# } else { r#"<html lang="en" dir="ltr">"# };
        assert!(html.contains(lang), "request {i} for {path}: wrong language");
        if !arabic || marker != "Find a home in Egypt" {
            assert!(html.contains(marker), "request {i} for {path}: no {marker}");
        }
    }
}

/// Every kind of page, anonymous and signed in, in both languages: no
/// template placeholder (`{count}`, `{filter}`, ...) reaches a visitor. A
/// string whose placeholder the page does not fill used to show "to see
/// {n}" on the no-results page.
#[tokio::test]
async fn no_page_shows_a_template_placeholder_in_either_language() {
    use crate::domain::account::Role;

    let app = TestApp::with_catalog().await;
    let (_, admin, _) = super::chat::signed_in(&app, Role::Admin).await;
    let (_, buyer, _) = super::chat::signed_in(&app, Role::Buyer).await;
    let ids: Vec<String> =
        sqlx::query_scalar("select id::text from listings where is_available order by id limit 3")
            .fetch_all(&app.state.db)
            .await
            .expect("listing ids");
    assert_eq!(ids.len(), 3);
    let anonymous: Vec<String> = vec![
        "/".into(),
        "/?q=3+bedroom+apartment+in+New+Cairo+under+10+million".into(),
        // Nothing matches: the relax advice and its counts.
        "/?q=villa+under+2+million+in+New+Cairo".into(),
        // A place without listings: the nearest areas.
        "/?q=apartment+in+Aswan".into(),
        "/?q=villa+in+new+cairo&page=999".into(),
        "/?q=chalet&page=2".into(),
        "/?price=abc".into(),
        "/?price=12%2C000%2C000&down=20&years=8&frequency=quarterly".into(),
        format!("/listings/{}", ids[0]),
        format!("/compare?ids={},{},{}", ids[0], ids[1], ids[2]),
        "/compare".into(),
        "/verify-email?token=nope".into(),
        "/reset-password?token=nope".into(),
        "/no/such/page".into(),
    ];
    let signed_in = [
        (&buyer, "/profile"),
        (&buyer, "/saved"),
        (&buyer, "/chat"),
        (&admin, "/dashboard"),
        (&admin, "/dashboard/viewings"),
        (&admin, "/dashboard/listings"),
        (&admin, "/dashboard/users"),
        (&admin, "/dashboard/analytics"),
    ];
    let placeholder = regex::Regex::new(r"\{[a-z][a-z_]*\}").expect("pattern");
    // The hydration loader's own script is JavaScript with `${...}` in it.
    let scripts = regex::Regex::new(r"(?s)<script\b.*?</script>").expect("pattern");
    let mut seen = 0;
    for lang in ["en", "ar"] {
        let visits = anonymous
            .iter()
            .map(|p| (None, p.clone()))
            .chain(signed_in.iter().map(|(s, p)| (Some(s.as_str()), (*p).to_owned())))
            .chain([(Some(admin.as_str()), format!("/dashboard/listings/{}", ids[0]))]);
        for (session, path) in visits {
            let cookie = match session {
                Some(s) => format!("osool_lang={lang}; osool_session={s}"),
                None => format!("osool_lang={lang}"),
            };
            let (status, html) = app.page(&path, &[("cookie", &cookie)]).await;
            assert!(status == 200 || status == 404, "{lang} {path}: {status}");
            let visible = scripts.replace_all(&html, "");
            let found: Vec<&str> = placeholder.find_iter(&visible).map(|m| m.as_str()).collect();
            assert!(found.is_empty(), "{lang} {path} shows {found:?}");
            seen += 1;
        }
    }
    assert_eq!(seen, 2 * (anonymous.len() + signed_in.len() + 1));
}

/// A visitor who leaves before the page arrives (a phone losing signal)
/// does not stop its render half way: a render dropped mid-way left its
/// resources running without their owner and held their memory for good
/// (`scripts/bench-load`). Here each page is asked for by a client that
/// gives up after a few milliseconds; the render still finishes, which
/// the page cache shows (the next visitor gets it from there), and every
/// page answers whole afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_whose_visitor_left_still_renders_to_its_end() {
    use crate::server::http::page_cache::CACHE_HEADER;
    use std::time::Duration;

    let app = TestApp::with_catalog().await;
    let ids: Vec<String> =
        sqlx::query_scalar("select id::text from listings where is_available order by id desc limit 12")
            .fetch_all(&app.state.db)
            .await
            .expect("listing ids");
    // The request is sent whole, then the connection closed at once.
    let leave_early = |path: String| {
        let addr = app.addr;
        async move {
            use tokio::io::AsyncWriteExt;
            let mut socket = tokio::net::TcpStream::connect(addr).await.expect("connect");
            let request = format!("GET {path} HTTP/1.1\r\nhost: {addr}\r\naccept: text/html\r\n\r\n");
            socket.write_all(request.as_bytes()).await.expect("send");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    };
    let paths: Vec<String> = ids
        .chunks(3)
        .map(|c| format!("/compare?ids={}", c.join(",")))
        .chain(ids.iter().take(4).map(|id| format!("/listings/{id}")))
        .collect();
    for path in &paths {
        leave_early(path.clone()).await;
    }
    // Time for the renders nobody waits for (a miss now would render and
    // store the page itself, so the first answer must already be a hit).
    tokio::time::sleep(Duration::from_secs(4)).await;
    for path in &paths {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let cache = response.headers().get(CACHE_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let body = response.text().await.expect("body");
        let tail = &body[body.len().saturating_sub(200)..];
        assert!(
            body.contains("</main>") && body.contains("</html>"),
            "{path}: the page arrives whole: …{tail}"
        );
        assert_eq!(
            cache.as_deref(),
            Some("hit"),
            "{path}: the render the first visitor left was finished and kept"
        );
    }
    // Many at once, cut off, on results pages (rendered each time): all
    // finish, and the server answers normally after.
    futures::future::join_all(
        (0..40).map(|i| leave_early(format!("/?q=apartment+{i}+in+new+cairo+with+garden"))),
    )
    .await;
    let (status, html) = app.page("/?q=villa+in+sheikh+zayed", &[]).await;
    assert_eq!(status, 200);
    assert!(html.contains("listing-card"));
}

/// A card says what a plan asks: a quarterly plan shows its quarterly
/// installment with the monthly equivalent beside it, a monthly plan its
/// monthly one, in both languages.
#[tokio::test]
async fn cards_say_whether_a_plan_is_paid_monthly_or_quarterly() {
    use crate::domain::account::Role;
    use crate::domain::money::Egp;
    use crate::i18n::{Lang, format_egp};

    let app = TestApp::with_catalog().await;
    let (user, session, _) = super::chat::signed_in(&app, Role::Buyer).await;
    let pick = |frequency: &'static str| {
        let db = app.state.db.clone();
        async move {
            sqlx::query_as::<_, (i64, i64, i64)>(
                "select id, installment_amount_egp, monthly_installment_egp from listings
                 where is_available and installment_frequency = $1::installment_frequency
                   and installment_amount_egp is not null and monthly_installment_egp is not null
                 order by id limit 1",
            )
            .bind(frequency)
            .fetch_one(&db)
            .await
            .expect("a listing with that plan")
        }
    };
    let (quarterly, per_quarter, quarterly_monthly) = pick("quarterly").await;
    let (monthly, _, per_month) = pick("monthly").await;
    for id in [quarterly, monthly] {
        sqlx::query("insert into saved_listings (user_id, listing_id) values ($1, $2)")
            .bind(user)
            .bind(id)
            .execute(&app.state.db)
            .await
            .expect("save");
    }
    for lang in [Lang::En, Lang::Ar] {
        let cookie = format!("osool_lang={}; osool_session={session}", lang.code());
        let (status, html) = app.page("/saved", &[("cookie", &cookie)]).await;
        assert_eq!(status, 200);
        let egp = |n: i64| format_egp(Egp::new(n), lang);
        let (quarter, month) = match lang {
            Lang::En => (
                format!("{}/quarter (about {}/month)", egp(per_quarter), egp(quarterly_monthly)),
                format!("{}/month", egp(per_month)),
            ),
            Lang::Ar => (
                format!("{} كل ربع سنة (حوالي {} شهريًا)", egp(per_quarter), egp(quarterly_monthly)),
                format!("{} شهريًا", egp(per_month)),
            ),
        };
        assert!(html.contains(&quarter), "{lang:?}: {quarter} missing");
        assert!(html.contains(&month), "{lang:?}: {month} missing");
    }
}

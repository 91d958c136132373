//! Search over the whole committed catalog: the labelled evaluation set
//! (precision and recall at 10), the JSON API and its answers to bad
//! input, empty answers with relaxations, the fallback without vectors,
//! and the pages.

use crate::domain::listing::Listing;
use crate::domain::search::{FilterKind, Filters, Mode};
use crate::server::services::search::service::SearchRequest;
use crate::server::testkit::{TestApp, catalog_database};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Eval {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    query: String,
    lang: String,
    expect: Filters,
}

#[derive(Default)]
struct Score {
    precision: f64,
    recall: f64,
    recall_cases: usize,
    cases: usize,
}

async fn all_listings(app: &TestApp) -> Vec<Listing> {
    let mut all = Vec::new();
    for page in 1.. {
        let (listings, total) = app.state.search.page(page, 100).await.unwrap();
        all.extend(listings);
        if all.len() as i64 >= total {
            break;
        }
    }
    all
}

#[tokio::test]
async fn the_evaluation_set_meets_the_quality_bar() {
    let app = TestApp::with_catalog().await;
    let eval: Eval = serde_json::from_str(include_str!("../../../data/fixtures/search-eval.json")).unwrap();
    assert!(eval.cases.len() >= 40);
    assert!(eval.cases.iter().any(|c| c.lang == "ar") && eval.cases.iter().any(|c| c.lang == "en"));
    let (precision, recall, report) = score(&app, &eval, true).await;
    assert!(precision >= 0.95 && recall >= 0.9, "{report}");
}

/// The held-out set (data/fixtures/search-heldout.json) was written from
/// how buyers phrase requests, without reading the parser, and is never
/// tuned against: its score is reported beside the first set's (README),
/// and the bar here only catches a fall.
#[tokio::test]
async fn the_held_out_set_is_scored_separately() {
    let app = TestApp::with_catalog().await;
    let eval: Eval =
        serde_json::from_str(include_str!("../../../data/fixtures/search-heldout.json")).unwrap();
    assert!(eval.cases.len() >= 60);
    let (precision, recall, report) = score(&app, &eval, true).await;
    assert!(precision >= 0.85 && recall >= 0.85, "{report}");
}

/// A second held-out set, written blind after the first had been used to
/// find what to fix: never tuned against. Its score is reported as it is.
#[tokio::test]
async fn the_second_held_out_set_is_scored_untuned() {
    let app = TestApp::with_catalog().await;
    let eval: Eval =
        serde_json::from_str(include_str!("../../../data/fixtures/search-heldout-2.json")).unwrap();
    assert!(eval.cases.len() >= 60);
    let (precision, recall, report) = score(&app, &eval, true).await;
    assert!(precision >= 0.75 && recall >= 0.75, "{report}");
}

/// A third held-out set, written blind by a session that read neither the
/// parser nor the earlier sets, after the second had been used to find what
/// to fix: never tuned against. Its score is reported as it is.
#[tokio::test]
async fn the_third_held_out_set_is_scored_untuned() {
    let app = TestApp::with_catalog().await;
    let eval: Eval =
        serde_json::from_str(include_str!("../../../data/fixtures/search-heldout-3.json")).unwrap();
    assert!(eval.cases.len() >= 60);
    let (precision, recall, report) = score(&app, &eval, true).await;
    assert!(precision >= 0.75 && recall >= 0.75, "{report}");
}

/// A fourth held-out set, written blind after the fixes the second and
/// third sets prompted: scored once, its misses never shown or studied.
#[tokio::test]
async fn the_fourth_held_out_set_is_scored_blind() {
    let app = TestApp::with_catalog().await;
    let eval: Eval =
        serde_json::from_str(include_str!("../../../data/fixtures/search-heldout-4.json")).unwrap();
    assert!(eval.cases.len() >= 60);
    let (precision, recall, report) = score(&app, &eval, false).await;
    assert!(precision >= 0.75 && recall >= 0.75, "{report}");
}

/// A fifth held-out set, written blind by a session that read neither the
/// parser nor the earlier sets, after the fourth was scored: scored once,
/// its misses never shown or studied.
#[tokio::test]
async fn the_fifth_held_out_set_is_scored_blind() {
    let app = TestApp::with_catalog().await;
    let eval: Eval =
        serde_json::from_str(include_str!("../../../data/fixtures/search-heldout-5.json")).unwrap();
    assert!(eval.cases.len() >= 60);
    let (precision, recall, report) = score(&app, &eval, false).await;
    assert!(precision >= 0.75 && recall >= 0.75, "{report}");
}

/// A sixth set, written blind after places and types left out and
/// bathrooms became filters. Scored once, never studied.
#[tokio::test]
async fn the_sixth_held_out_set_is_scored_blind() {
    let app = TestApp::with_catalog().await;
    let eval: Eval =
        serde_json::from_str(include_str!("../../../data/fixtures/search-heldout-6.json")).unwrap();
    assert!(eval.cases.len() >= 60);
    let (precision, recall, report) = score(&app, &eval, false).await;
    assert!(precision >= 0.75 && recall >= 0.75, "{report}");
}

/// The same sets on the catalog read from a file in the original Osool
/// export format (`testkit::legacy`): only English text, no finishing, no
/// sale type, plans reduced to one monthly figure. A query asking for what
/// that format cannot hold rightly finds nothing. Scores are reported as
/// they are (README); the bar only catches a fall.
#[tokio::test]
async fn the_sets_are_scored_on_the_original_export_format() {
    let app = TestApp::start(&crate::server::testkit::legacy_catalog_database().await, |_| {}).await;
    assert_eq!(all_listings(&app).await.len(), 3274);
    for (name, file) in [
        ("evaluation", include_str!("../../../data/fixtures/search-eval.json")),
        ("held-out 1", include_str!("../../../data/fixtures/search-heldout.json")),
        ("held-out 2", include_str!("../../../data/fixtures/search-heldout-2.json")),
        ("held-out 3", include_str!("../../../data/fixtures/search-heldout-3.json")),
        ("held-out 4", include_str!("../../../data/fixtures/search-heldout-4.json")),
        ("held-out 5", include_str!("../../../data/fixtures/search-heldout-5.json")),
        ("held-out 6", include_str!("../../../data/fixtures/search-heldout-6.json")),
    ] {
        let eval: Eval = serde_json::from_str(file).unwrap();
        println!("== {name}, original export format");
        let (precision, recall, report) =
            score(&app, &eval, !matches!(name, "held-out 4" | "held-out 5" | "held-out 6")).await;
        assert!(precision >= 0.7 && recall >= 0.7, "{name}: {report}");
    }
}

/// Precision and recall at 10 of hybrid search, with the vector-only
/// search beside them, and a report listing the misses.
async fn score(app: &TestApp, eval: &Eval, show_misses: bool) -> (f64, f64, String) {
    let catalog = all_listings(app).await;
    let mut scores = [(Mode::Hybrid, Score::default()), (Mode::Vector, Score::default())];
    let mut misses = Vec::new();
    for case in &eval.cases {
        let relevant: Vec<&str> =
            catalog.iter().filter(|l| case.expect.matches(l)).map(|l| l.id.as_str()).collect();
        for (mode, score) in scores.iter_mut() {
            let request =
                SearchRequest { query: case.query.clone(), mode: *mode, limit: 10, ..Default::default() };
            let results = app.state.search.search(&request).await.unwrap().results;
            let good = results.iter().filter(|l| case.expect.matches(l)).count();
            let precision = if results.is_empty() {
                f64::from(relevant.is_empty())
            } else {
                good as f64 / results.len() as f64
            };
            score.precision += precision;
            score.cases += 1;
            if !relevant.is_empty() {
                let found = results.iter().filter(|l| relevant.contains(&l.id.as_str())).count();
                score.recall += found as f64 / relevant.len().min(10) as f64;
                score.recall_cases += 1;
            }
            if *mode == Mode::Hybrid
                && (precision < 1.0 || (!relevant.is_empty() && results.len() < relevant.len().min(10)))
            {
                misses.push(format!(
                    "{:?}: precision {precision:.2}, {} of {} relevant",
                    case.query,
                    results.len(),
                    relevant.len()
                ));
            }
        }
    }
    let mut report = String::new();
    for (mode, s) in &scores {
        let p = s.precision / s.cases as f64;
        let r = s.recall / s.recall_cases.max(1) as f64;
        report
            .push_str(&format!("{mode:?}: precision@10 {p:.3}, recall@10 {r:.3} over {} queries\n", s.cases));
    }
    if !show_misses {
        // A blind set's misses are not shown: reading them would tune to it.
        misses = vec![format!("{} misses, not shown", misses.len())];
    }
    println!("{report}{}", misses.join("\n"));
    let hybrid = &scores[0].1;
    let precision = hybrid.precision / hybrid.cases as f64;
    let recall = hybrid.recall / hybrid.recall_cases.max(1) as f64;
    (precision, recall, format!("{report}misses:\n{}", misses.join("\n")))
}

#[tokio::test]
async fn the_search_api_answers_with_filters_and_listings() {
    let app = TestApp::with_catalog().await;
    let (status, body) = app
        .json("/api/v1/search?q=3%20bedroom%20apartment%20in%20New%20Cairo%20under%2010%20million&limit=5")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["query"], "3 bedroom apartment in New Cairo under 10 million");
    assert_eq!(body["filters"]["location"], "New Cairo");
    assert_eq!(body["filters"]["price_max"], 10_000_000);
    assert!(body["total"].as_i64().unwrap() > 5);
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    for r in results {
        assert_eq!(r["property_type"], "Apartment");
        assert_eq!(r["bedrooms"], 3);
        assert!(r["price_egp"].as_i64().unwrap() <= 10_000_000);
        for field in [
            "id",
            "title",
            "location",
            "district",
            "compound",
            "developer",
            "bathrooms",
            "area_sqm",
            "price_per_sqm_egp",
            "delivery_year",
            "delivered",
            "finishing",
            "sale_type",
            "down_payment_pct",
            "installment_years",
            "installment_frequency",
            "installment_amount_egp",
            "is_available",
            "image_url",
            "url",
        ] {
            assert!(r.get(field).is_some(), "{field} missing from {r}");
        }
        assert!(r["id"].is_string());
        assert_eq!(r["url"], format!("/listings/{}", r["id"].as_str().unwrap()));
    }
    assert!(body["suggestions"].as_array().unwrap().is_empty());

    // The original pure-cosine search, side by side: filters are reported
    // but not applied.
    let (status, vector) = app
        .json(
            "/api/v1/search?q=3%20bedroom%20apartment%20in%20New%20Cairo%20under%2010%20million&mode=vector",
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(vector["mode"], "vector");
    assert_eq!(vector["filters"]["location"], "New Cairo");
    assert_eq!(vector["results"].as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn bad_input_gets_a_clear_answer_never_a_500() {
    let app = TestApp::with_catalog().await;
    let long = "a".repeat(10_000);
    let cases: Vec<(String, u16)> = vec![
        ("/api/v1/search?q=".into(), 200),
        (format!("/api/v1/search?q={long}"), 422),
        ("/api/v1/search?q=villa%00%01".into(), 422),
        ("/api/v1/search?q=%27%3B%20drop%20table%20listings%3B%20--".into(), 200),
        ("/api/v1/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E".into(), 200),
        ("/api/v1/search?q=villa%20under%2099999999999999999999999%20million".into(), 200),
        ("/api/v1/search?q=apartment%20under%20-5%20million".into(), 200),
        ("/api/v1/search?q=villa&limit=0".into(), 422),
        ("/api/v1/search?q=villa&limit=1000".into(), 422),
        ("/api/v1/search?q=villa&limit=abc".into(), 422),
        ("/api/v1/search?q=villa&offset=-1".into(), 422),
        ("/api/v1/search?q=villa&mode=magic".into(), 422),
        ("/api/v1/properties?per_page=101".into(), 422),
        ("/api/v1/properties?page=zero".into(), 422),
        ("/api/v1/properties?page=0".into(), 422),
        ("/api/v1/properties/not-a-number".into(), 404),
        ("/api/v1/properties/99999999".into(), 404),
    ];
    for (path, expected) in cases {
        let (status, body) = app.json(&path).await;
        assert_eq!(status, expected, "{path}: {body}");
        if status == 422 {
            assert_eq!(body["error"]["code"], "validation", "{path}: {body}");
            assert!(body["error"]["field"].is_string());
        }
    }
    // The message names the range that is allowed.
    let (_, body) = app.json("/api/v1/search?q=villa&limit=0").await;
    assert!(body.to_string().contains("from 1 to 50"), "{body}");
    let (_, body) = app.json("/api/v1/search?q=%27%3B%20drop%20table%20listings%3B%20--").await;
    assert!(body["total"].as_i64().is_some());
    let (_, again) = app.json("/api/v1/properties?per_page=1").await;
    assert_eq!(again["total"], 3_147, "the catalog is intact");
}

#[tokio::test]
async fn the_catalog_pages_in_a_stable_order() {
    let app = TestApp::with_catalog().await;
    let (status, first) = app.json("/api/v1/properties?page=1&per_page=100").await;
    assert_eq!(status, 200);
    assert_eq!((first["page"].as_i64(), first["per_page"].as_i64()), (Some(1), Some(100)));
    let total = first["total"].as_i64().unwrap();
    assert!(total > 3_000);
    let (_, again) = app.json("/api/v1/properties?page=1&per_page=100").await;
    assert_eq!(first["results"], again["results"]);
    let (_, second) = app.json("/api/v1/properties?page=2&per_page=100").await;
    let ids = |v: &Value| {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(ids(&first).iter().all(|id| !ids(&second).contains(id)));
    assert!(first["results"].as_array().unwrap().iter().all(|r| r["is_available"] == true));

    let id = ids(&first)[0].clone();
    let (status, one) = app.json(&format!("/api/v1/properties/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(one["id"], id.as_str());
}

#[tokio::test]
async fn an_impossible_search_says_which_filter_to_relax() {
    let app = TestApp::with_catalog().await;
    let (status, body) = app.json("/api/v1/search?q=villa%20under%202%20million%20in%20New%20Cairo").await;
    assert_eq!(status, 200);
    assert_eq!(body["total"], 0);
    assert!(body["results"].as_array().unwrap().is_empty());
    let relax = body["relax"].as_array().unwrap();
    assert!(
        relax.iter().any(|r| r["filter"] == "price_max" && r["matches"].as_i64().unwrap() > 0),
        "{relax:?}"
    );
    let suggestions = body["suggestions"].as_array().unwrap();
    assert!(!suggestions.is_empty());
    // Suggestions keep every filter but the relaxed one, and stay apart.
    let relaxed = relax[0]["filter"].as_str().unwrap();
    for s in suggestions {
        if relaxed == "price_max" {
            assert_eq!(s["property_type"], "Villa");
            assert_eq!(s["location"], "New Cairo");
        }
    }
}

#[tokio::test]
async fn without_embeddings_search_still_answers_from_full_text() {
    let database = catalog_database().await;
    let app = TestApp::start(&database, |vars| {
        vars.insert("OSOOL_MODEL_DIR".into(), "/nonexistent/model".into());
    })
    .await;
    let request = SearchRequest {
        query: "villa with a private garden in Sheikh Zayed".into(),
        limit: 10,
        ..Default::default()
    };
    let answer = app.state.search.search(&request).await.unwrap();
    assert!(answer.degraded);
    assert!(!answer.results.is_empty());
    assert!(answer.results.iter().all(|l| answer.filters.matches(l)));
    assert_eq!(answer.filters.location.as_deref(), Some("Sheikh Zayed"));
}

#[tokio::test]
async fn repeated_searches_and_similar_listings_come_from_the_cache_until_the_catalog_changes() {
    let app = TestApp::with_catalog().await;
    let service = &app.state.search;
    let request =
        SearchRequest { query: "villa in Sheikh Zayed with a pool".into(), limit: 5, ..Default::default() };
    let (hits, misses) = service.embedding_cache_counts();
    let first = service.search(&request).await.unwrap();
    assert!(!first.degraded && !first.results.is_empty());
    assert_eq!(service.search(&request).await.unwrap(), first, "the same request, the same answer");
    // Other case and spacing: a new answer (the page echoes the words) but
    // the vector is reused rather than computed again.
    let respelled = SearchRequest { query: "VILLA in  Sheikh Zayed with a POOL".into(), ..request.clone() };
    let again = service.search(&respelled).await.unwrap();
    assert_eq!(again.query, "VILLA in  Sheikh Zayed with a POOL");
    assert_eq!(service.embedding_cache_counts(), (hits + 1, misses + 1), "embedded once, reused once");
    // The filter controls and the page are part of what is cached.
    let page_two = service.search(&SearchRequest { offset: 5, ..request.clone() }).await.unwrap();
    assert_ne!(page_two.results, first.results);

    let id: i64 = first.results[0].id.parse().unwrap();
    let similar = service.similar(id, 4).await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&similar, &service.similar(id, 4).await.unwrap()));
    // A change saved from the dashboard is seen at once by every cache.
    sqlx::query("update listings set price_egp = price_egp + 1000 where id = $1")
        .bind(id)
        .execute(&app.state.db)
        .await
        .unwrap();
    app.state.search.catalog_changed();
    let fresh = service.search(&request).await.unwrap();
    let price = |r: &crate::domain::search::SearchResults| {
        r.results.iter().find(|l| l.id == first.results[0].id).map(|l| l.price_egp)
    };
    assert_eq!(price(&fresh), price(&first).map(|p| p + 1000));
    assert!(!std::sync::Arc::ptr_eq(&similar, &service.similar(id, 4).await.unwrap()));
}

#[tokio::test]
async fn listings_can_be_validated_by_id() {
    let app = TestApp::with_catalog().await;
    let (_, page) = app.json("/api/v1/properties?per_page=2").await;
    let id: i64 = page["results"][0]["id"].as_str().unwrap().parse().unwrap();
    assert!(app.state.search.validate_property_exists(id).await.unwrap());
    assert!(!app.state.search.validate_property_exists(987_654_321).await.unwrap());
    let found = app.state.search.validate_properties_exist(&[id, 987_654_321]).await.unwrap();
    assert_eq!(found, vec![id]);
}

#[tokio::test]
async fn pages_render_results_listings_and_comparisons_without_javascript() {
    let app = TestApp::with_catalog().await;
    let (status, html) = app.page("/?q=villa+in+Sheikh+Zayed", &[]).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"listing-card\""), "results are in the first HTML");
    assert!(html.contains("data-kind=\"property_type\"") && html.contains("data-kind=\"location\""));
    let (_, arabic) = app.page("/?q=%D9%81%D9%8A%D9%84%D8%A7", &[("cookie", "osool_lang=ar")]).await;
    assert!(arabic.contains("dir=\"rtl\"") && arabic.contains("data-testid=\"listing-card\""));

    let (_, page) = app.json("/api/v1/search?q=apartment%20with%2010%25%20down&limit=2").await;
    let a = page["results"][0]["id"].as_str().unwrap().to_owned();
    let b = page["results"][1]["id"].as_str().unwrap().to_owned();
    let (status, listing) = app.page(&format!("/listings/{a}"), &[]).await;
    assert_eq!(status, 200);
    assert!(
        listing.contains("data-testid=\"plan-breakdown\"") && listing.contains("data-testid=\"investment\"")
    );
    let (status, _) = app.page("/listings/987654321", &[]).await;
    assert_eq!(status, 404);
    let (status, compare) = app.page(&format!("/compare?ids={a},{b}"), &[]).await;
    assert_eq!(status, 200);
    assert!(
        compare.contains("data-testid=\"compare-table\"") && compare.contains("data-testid=\"best-value\"")
    );
    let _ = FilterKind::Sort;
}

#[tokio::test]
async fn words_most_listings_share_do_not_rank_but_rare_ones_do() {
    use crate::server::db::search::{FilterParams, text_matches};
    let app = TestApp::with_catalog().await;
    let pool = app.state.search.pool();
    let matching = |ids: Vec<i64>, word: &'static str| async move {
        let n: i64 = sqlx::query_scalar(
            "select count(*) from listing_texts where listing_id = any($1) and search_tsv @@ to_tsquery('english', $2)",
        )
        .bind(&ids)
        .bind(word)
        .fetch_one(pool)
        .await
        .unwrap();
        n as usize
    };
    let all = FilterParams::default();
    // "view" is in two thirds of the catalog's listings: no text ranking.
    assert!(text_matches(pool, &all, "view", 50).await.unwrap().is_empty());
    // "garden" is in fewer than half: "garden view" ranks by garden alone.
    let garden: Vec<i64> =
        text_matches(pool, &all, "garden view", 50).await.unwrap().iter().map(|c| c.id).collect();
    assert_eq!(garden.len(), 50);
    assert_eq!(matching(garden, "garden").await, 50);
    // A rare word in Arabic script is matched too.
    let sea: Vec<i64> = text_matches(pool, &all, "بحر", 20).await.unwrap().iter().map(|c| c.id).collect();
    assert!(!sea.is_empty());
    // A word no listing has matches nothing rather than everything.
    assert!(text_matches(pool, &all, "zzyzx", 20).await.unwrap().is_empty());
    // A lexeme with a quote or backslash is quoted, not an SQL or tsquery error.
    assert!(text_matches(pool, &all, "o'neil back\\slash", 20).await.is_ok());
}

/// A real Egyptian place with no listings: nothing from elsewhere passed
/// off as an answer, a plain statement, and the nearest areas that have
/// listings fitting the rest of the search.
#[tokio::test]
async fn a_place_without_listings_says_so_and_points_to_the_nearest_areas() {
    let app = TestApp::with_catalog().await;
    let (status, body) =
        app.json("/api/v1/search?q=apartment%20in%20Alexandria%20under%2010%20million").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total"], 0, "{body}");
    assert_eq!(body["results"].as_array().map(Vec::len), Some(0));
    assert_eq!(body["place_without_listings"], "Alexandria");
    // Nearest first, among the areas with apartments under 10 million
    // (the North Coast, nearest of all, has none: it is left out).
    let nearby: Vec<&str> =
        body["nearby"].as_array().expect("nearby areas").iter().filter_map(|n| n["area"].as_str()).collect();
    let alexandria = crate::domain::places::by_name("Alexandria").expect("a place");
    let order = crate::domain::places::nearest_areas(alexandria);
    assert!(!nearby.is_empty() && !nearby.contains(&"North Coast"), "{body}");
    assert!(
        nearby
            .windows(2)
            .all(|w| order.iter().position(|a| *a == w[0]) < order.iter().position(|a| *a == w[1]))
    );
    assert!(body["nearby"].as_array().into_iter().flatten().all(|n| n["matches"].as_i64().unwrap_or(0) > 0));
    let suggestions = body["suggestions"].as_array().expect("suggestions");
    assert!(!suggestions.is_empty());
    for s in suggestions {
        assert_eq!(s["location"], nearby[0]);
        assert_eq!(s["property_type"], "Apartment");
        assert!(s["price_egp"].as_i64().unwrap_or(i64::MAX) <= 10_000_000);
    }
    // A chalet near Alexandria: the North Coast.
    let (_, body) = app.json("/api/v1/search?q=chalet%20in%20Alexandria").await;
    assert_eq!(body["nearby"][0]["area"], "North Coast", "{body}");
    // The page says it in both languages, with links to the nearby areas.
    let (_, page) = app.page("/?q=apartment+in+Alexandria", &[("cookie", "osool_lang=en")]).await;
    assert!(page.contains("Osool has no listings in Alexandria yet."), "{page}");
    assert!(page.contains("data-testid=\"nearby\""));
    let (_, page) = app
        .page("/?q=%D8%B4%D9%82%D8%A9+%D9%81%D9%8A+%D8%A7%D9%84%D8%A5%D8%B3%D9%83%D9%86%D8%AF%D8%B1%D9%8A%D8%A9", &[("cookie", "osool_lang=ar")])
        .await;
    assert!(page.contains("لا توجد وحدات على أصول في الإسكندرية"), "Arabic page");
    // Typos are shown as read.
    let (_, body) = app.json("/api/v1/search?q=apartmnet%20in%20new%20cario").await;
    assert_eq!(body["corrections"][0], serde_json::json!(["apartmnet", "apartment"]));
    assert!(body["total"].as_i64().unwrap_or(0) > 0);
    let (_, page) = app.page("/?q=apartmnet+in+new+cario", &[("cookie", "osool_lang=en")]).await;
    assert!(page.contains("data-testid=\"corrections\""), "the page says how it read the typos");
}

/// "Mountain View iCity" is a project in New Cairo and one in October: the
/// search covers both and the chip names both.
#[tokio::test]
async fn a_shared_compound_name_finds_every_project_of_that_name() {
    let app = TestApp::with_catalog().await;
    let (status, body) = app.json("/api/v1/search?q=Mountain%20View%20iCity&limit=50").await;
    assert_eq!(status, 200, "{body}");
    let compounds: std::collections::BTreeSet<&str> =
        body["results"].as_array().into_iter().flatten().filter_map(|l| l["compound"].as_str()).collect();
    assert_eq!(
        compounds.into_iter().collect::<Vec<_>>(),
        vec!["Mountain View iCity New Cairo", "Mountain View iCity October"],
        "{}",
        body["filters"]
    );
    let (_, page) = app.page("/?q=Mountain+View+iCity", &[("cookie", "osool_lang=en")]).await;
    assert!(
        page.contains("Mountain View iCity New Cairo or Mountain View iCity October"),
        "the chip names both"
    );
}

/// What a filter cannot hold is said on the page, in both languages; a
/// pasted query with line breaks is searched; a page past the last points
/// back; bedroom bounds from the text keep their own choice in the panel.
#[tokio::test]
async fn the_results_page_says_what_it_did_not_filter_and_takes_pasted_text() {
    let app = TestApp::with_catalog().await;
    let (_, page) = app.page("/?q=apartment+for+rent+in+new+cairo", &[("cookie", "osool_lang=en")]).await;
    assert!(page.contains("Osool lists homes for sale only"), "{page}");
    let (_, page) = app
        .page(
            "/?q=%D8%B4%D9%82%D8%A9+%D9%84%D9%84%D8%A5%D9%8A%D8%AC%D8%A7%D8%B1",
            &[("cookie", "osool_lang=ar")],
        )
        .await;
    assert!(page.contains("أصول تعرض وحدات للبيع فقط"), "Arabic page");
    let (_, body) = app.json("/api/v1/search?q=villa%20not%20in%20new%20cairo").await;
    assert_eq!(body["filters"]["exclude_places"][0], "New Cairo", "{body}");
    assert!(body["filters"]["location"].is_null(), "{body}");
    assert!(body["notes"].as_array().is_none_or(|n| n.is_empty()), "a filter, not a note: {body}");
    // A negated word no filter can leave out is said.
    let (_, body) = app.json("/api/v1/search?q=apartment%20not%20furnished").await;
    assert_eq!(body["notes"][0]["kind"], "negated", "{body}");
    let (_, page) = app.page("/?q=apartment+not+furnished", &[("cookie", "osool_lang=en")]).await;
    assert!(page.contains("cannot leave out “furnished”"), "{page}");

    // A multi-line paste is one query, not an error.
    let (status, page) =
        app.page("/?q=3+bedroom+apartment%0Ain+New+Cairo", &[("cookie", "osool_lang=en")]).await;
    assert_eq!(status, 200);
    assert!(!page.contains("Search is unavailable"), "{page}");
    assert!(page.contains("data-testid=\"results\""), "{page}");
    // Too long for a query: the page searches its first 500 characters.
    let long = "villa+".repeat(200);
    let (_, page) = app.page(&format!("/?q={long}"), &[("cookie", "osool_lang=en")]).await;
    assert!(page.contains("data-testid=\"results\""), "{page}");

    // Past the last page.
    let (_, page) = app.page("/?q=villa+in+new+cairo&page=999", &[("cookie", "osool_lang=en")]).await;
    assert!(page.contains("data-testid=\"past-last-page\""), "{page}");
    assert!(!page.contains("data-testid=\"relax\""), "no advice to drop filters when listings exist");

    // "2 or 3 bedrooms" is a choice of its own in the panel, selected.
    let (_, page) = app.page("/?q=2+or+3+bedrooms+in+new+cairo", &[("cookie", "osool_lang=en")]).await;
    assert!(option_selected(&page, "2-3"), "{page}");
    let (_, body) = app.json("/api/v1/search?q=apartment&limit=1").await;
    assert!(body["total"].as_i64().unwrap_or(0) > 0);
    let (_, ranged) = app.page("/?beds=2-3&area=New+Cairo", &[("cookie", "osool_lang=en")]).await;
    assert!(option_selected(&ranged, "2-3"), "the range survives a round trip through the URL");
}

/// A down payment amount is a filter: what the buyer can put down now.
#[tokio::test]
async fn a_down_payment_amount_limits_what_is_paid_up_front() {
    let app = TestApp::with_catalog().await;
    let (status, body) =
        app.json("/api/v1/search?q=apartment%20down%20payment%20under%20500k&limit=50").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["filters"]["down_payment_max"], 500_000, "{body}");
    assert!(body["filters"]["price_max"].is_null(), "no price ceiling: {body}");
    let results = body["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for l in results {
        let listing: Listing = serde_json::from_value(l.clone()).expect("listing");
        assert!(crate::domain::search::down_payment_egp(&listing) <= 500_000, "{l}");
    }
    let total = body["total"].as_i64().unwrap_or(0);
    let all = all_listings(&app).await;
    let expected = all
        .iter()
        .filter(|l| {
            l.property_type == crate::domain::listing::PropertyType::Apartment
                && crate::domain::search::down_payment_egp(l) <= 500_000
        })
        .count() as i64;
    assert_eq!(total, expected, "the database and the domain agree on the amount");
}

/// A place or a type left out is left out; bathrooms are a floor; the
/// database and `Filters::matches` agree on every one of them.
#[tokio::test]
async fn what_the_buyer_leaves_out_is_left_out() {
    let app = TestApp::with_catalog().await;
    let all = all_listings(&app).await;
    for (q, check) in [
        ("apartment not in new cairo", "exclude_places"),
        ("شقة مش في التجمع ولا زايد", "exclude_places"),
        ("anything in new cairo but not an apartment", "exclude_types"),
        ("residential in sheikh zayed", "exclude_types"),
        ("3 bedrooms 3 bathrooms", "bathrooms_min"),
        ("villa not resale", "sale_type"),
    ] {
        let (status, body) =
            app.json(&format!("/api/v1/search?q={}&limit=50", crate::domain::search::encode(q))).await;
        assert_eq!(status, 200, "{q}: {body}");
        assert!(!body["filters"][check].is_null(), "{q}: {body}");
        let filters: Filters = serde_json::from_value(body["filters"].clone()).expect("filters");
        let results = body["results"].as_array().expect("results");
        assert!(!results.is_empty(), "{q}");
        for l in results {
            let listing: Listing = serde_json::from_value(l.clone()).expect("listing");
            assert!(filters.matches(&listing), "{q}: {l}");
            if q.contains("new cairo") && check == "exclude_places" {
                assert_ne!(listing.location, "New Cairo", "{q}");
            }
        }
        let expected = all.iter().filter(|l| filters.matches(l)).count() as i64;
        assert_eq!(body["total"].as_i64(), Some(expected), "{q}: the database and the domain agree");
    }
    // The chip says what is left out, and removing it brings it back.
    let (_, page) = app.page("/?q=villa+not+in+new+cairo", &[("cookie", "osool_lang=en")]).await;
    assert!(page.contains("data-kind=\"exclude\""), "{page}");
    assert!(page.contains("Except New Cairo"), "{page}");
    let (_, page) = app
        .page(
            "/?q=%D9%81%D9%8A%D9%84%D8%A7+%D9%85%D8%B4+%D9%81%D9%8A+%D8%A7%D9%84%D8%AA%D8%AC%D9%85%D8%B9",
            &[("cookie", "osool_lang=ar")],
        )
        .await;
    assert!(page.contains("ما عدا القاهرة الجديدة"), "{page}");
}

/// Whether the page's `<option value="{value}">` is the selected one.
fn option_selected(page: &str, value: &str) -> bool {
    page.split(&format!("<option value=\"{value}\""))
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .is_some_and(|attrs| attrs.contains("selected"))
}

/// A query, or a listing's title, is text in the page's title, never markup.
#[tokio::test]
async fn a_query_in_the_page_title_is_text_not_markup() {
    let app = TestApp::with_catalog().await;
    let (status, page) = app
        .page("/?q=%3C%2Ftitle%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", &[("cookie", "osool_lang=en")])
        .await;
    assert_eq!(status, 200);
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(
        page.contains("<title>&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt; · Osool</title>"),
        "{page}"
    );
}

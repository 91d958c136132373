//! The catalog: the generator's realism, both file formats, validation,
//! de-duplication by content hash, and embeddings per model, against the
//! real database and the real embedding models.

use crate::domain::listing::PropertyType;
use crate::domain::market::COMPOUNDS;
use crate::server::adapters::embed::Embedder;
use crate::server::adapters::embed::local::LocalEmbedder;
use crate::server::adapters::embed::openai::OpenAiEmbedder;
use crate::server::services::catalog::formats::{CatalogFile, CatalogListing, FORMAT, GeneratorInfo};
use crate::server::services::catalog::generate::{self, DEFAULT_COUNT, DEFAULT_SEED};
use crate::server::services::catalog::ingest::{self, Options};
use crate::server::testkit::openai::{API_KEY, FakeOpenAi};
use crate::server::testkit::{config_with, fresh_database, fresh_pool, model_dir};
use sqlx::PgPool;

fn file_of(listings: Vec<CatalogListing>) -> Vec<u8> {
    let count = listings.len();
    serde_json::to_vec(&CatalogFile {
        format: FORMAT.into(),
        generator: GeneratorInfo { seed: 0, count },
        listings,
    })
    .unwrap()
}

fn sample(n: usize) -> Vec<CatalogListing> {
    generate::generate(n, 11).listings
}

fn local() -> LocalEmbedder {
    LocalEmbedder::load(&model_dir()).expect("the local model (./scripts/setup installs it)")
}

async fn ingest(pool: &PgPool, embedder: &dyn Embedder, bytes: &[u8]) -> ingest::Report {
    ingest::ingest_bytes(pool, embedder, bytes, &Options::default()).await.expect("ingest")
}

#[test]
fn the_generated_catalog_looks_like_the_market() {
    let catalog = generate::generate(DEFAULT_COUNT, DEFAULT_SEED);
    assert_eq!(catalog.listings.len(), 3_274);
    let stats = generate::stats(&catalog);
    // MARKET.md, New Cairo late 2025: median 14.2M, p10 6.1M, p90 41M,
    // median 86,000 per m²; apartments half; cash about a third.
    assert!((9_000_000..=20_000_000).contains(&stats.median_price), "median {}", stats.median_price);
    assert!((3_000_000..=9_000_000).contains(&stats.p10_price), "p10 {}", stats.p10_price);
    assert!((25_000_000..=70_000_000).contains(&stats.p90_price), "p90 {}", stats.p90_price);
    assert!((65_000..=115_000).contains(&stats.median_per_sqm), "per m² {}", stats.median_per_sqm);
    assert!((0.35..0.6).contains(&stats.share_apartments), "apartments {}", stats.share_apartments);
    assert!((0.25..0.45).contains(&stats.share_cash), "cash {}", stats.share_cash);
    assert!((0.4..0.6).contains(&stats.share_resale), "resale {}", stats.share_resale);
    for listing in &catalog.listings {
        let compound = COMPOUNDS.iter().find(|c| Some(c.name_en) == listing.compound.as_deref()).unwrap();
        assert_eq!(listing.developer.as_deref(), Some(compound.developer.name_en), "{}", listing.id);
        assert_eq!(listing.location, compound.location);
        let record =
            crate::server::services::catalog::formats::from_catalog(listing.clone(), "osool").unwrap();
        record.validate().unwrap_or_else(|e| panic!("{}: {e}", listing.id));
        assert!(listing.title_ar.as_deref().is_some_and(|t| t.contains(compound.name_ar)));
        if listing.property_type.is_commercial() {
            assert_eq!(listing.bedrooms, Some(0));
        }
    }
    let chalets_on_the_coast = catalog
        .listings
        .iter()
        .filter(|l| l.property_type == PropertyType::Chalet)
        .all(|l| ["North Coast", "Ain Sokhna", "Red Sea"].contains(&l.location.as_str()));
    assert!(chalets_on_the_coast);
}

#[test]
fn the_committed_catalog_is_exactly_what_the_seed_generates() {
    let committed = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/properties.json")).unwrap();
    let generated = serde_json::to_vec_pretty(&generate::generate(DEFAULT_COUNT, DEFAULT_SEED)).unwrap();
    assert!(committed == generated, "data/properties.json is stale: run `osool generate`");
}

#[tokio::test]
async fn ingest_stores_and_embeds_then_skips_what_did_not_change() {
    let pool = fresh_pool().await;
    let embedder = local();
    let mut listings = sample(40);
    let report = ingest(&pool, &embedder, &file_of(listings.clone())).await;
    assert_eq!((report.read, report.inserted, report.embedded, report.stored), (40, 40, 40, 40));
    assert!(report.rejected.is_empty());

    let quarterly = listings
        .iter()
        .find(|l| l.payment_plan.as_ref().is_some_and(|p| p.frequency.code() == "quarterly"))
        .expect("a quarterly plan in the sample");
    let row = sqlx::query!(
        r#"select price_egp, price_per_sqm_egp, installment_amount_egp, monthly_installment_egp,
                  installment_frequency::text as "frequency!", property_type::text as "kind!"
           from listings where external_id = $1"#,
        quarterly.id
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let plan = quarterly.payment_plan.as_ref().unwrap();
    assert_eq!(row.price_egp, quarterly.price_egp);
    assert_eq!(row.frequency, "quarterly");
    assert_eq!(row.kind, quarterly.property_type.code());
    assert_eq!(row.installment_amount_egp, Some(plan.installment_egp));
    assert_eq!(row.monthly_installment_egp, Some((plan.installment_egp + 1) / 3));
    assert_eq!(
        row.price_per_sqm_egp,
        Some((quarterly.price_egp as f64 / quarterly.area_sqm.unwrap() as f64).round() as i64)
    );

    let dims: Vec<Option<i32>> = sqlx::query_scalar!(
        "select vector_dims(embedding) from listing_embeddings where model = 'all-MiniLM-L6-v2'"
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(dims.len(), 40);
    assert!(dims.iter().all(|d| *d == Some(384)));

    let again = ingest(&pool, &embedder, &file_of(listings.clone())).await;
    assert_eq!((again.unchanged, again.inserted, again.updated, again.embedded), (40, 0, 0, 0));

    listings[3].price_egp += 250_000;
    let changed = ingest(&pool, &embedder, &file_of(listings.clone())).await;
    assert_eq!((changed.updated, changed.unchanged, changed.embedded), (1, 39, 1));
    let price: i64 =
        sqlx::query_scalar!("select price_egp from listings where external_id = $1", listings[3].id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(price, listings[3].price_egp);
}

#[tokio::test]
async fn bad_records_are_reported_by_id_and_never_replace_stored_ones() {
    let pool = fresh_pool().await;
    let embedder = local();
    let listings = sample(5);
    ingest(&pool, &embedder, &file_of(listings.clone())).await;

    let mut next = listings.clone();
    next[1].price_egp = 0;
    next[2].title_en = "   ".into();
    let mut json: serde_json::Value = serde_json::from_slice(&file_of(next)).unwrap();
    json["listings"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"id": "OS-BAD", "title_en": "Half a record"}));
    let report = ingest(&pool, &embedder, &serde_json::to_vec(&json).unwrap()).await;

    let rejected: Vec<(&str, &str)> =
        report.rejected.iter().map(|r| (r.id.as_str(), r.reason.as_str())).collect();
    assert_eq!(rejected.len(), 3, "{rejected:?}");
    assert!(rejected[0].0 == listings[1].id && rejected[0].1.starts_with("price:"), "{rejected:?}");
    assert!(rejected[1].0 == listings[2].id && rejected[1].1.starts_with("title:"), "{rejected:?}");
    assert!(rejected[2].0 == "OS-BAD" && rejected[2].1.contains("missing field"), "{rejected:?}");
    assert_eq!((report.unchanged, report.stored), (3, 3));

    // What was stored before is still there, untouched.
    let price: i64 =
        sqlx::query_scalar!("select price_egp from listings where external_id = $1", listings[1].id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(price, listings[1].price_egp);
    let total: Option<i64> =
        sqlx::query_scalar!("select count(*) from listings").fetch_one(&pool).await.unwrap();
    assert_eq!(total, Some(5));
}

#[tokio::test]
async fn the_original_osool_format_loads_with_its_quirks_and_nothing_invented() {
    let pool = fresh_pool().await;
    let bytes =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/fixtures/legacy-sample.json")).unwrap();
    let report = ingest(&pool, &local(), &bytes).await;
    let rejected: Vec<(&str, &str)> =
        report.rejected.iter().map(|r| (r.id.as_str(), r.reason.as_str())).collect();
    assert_eq!(
        rejected,
        vec![
            ("NC6", "price: missing"),
            ("record #7", "id: missing"),
            ("NC8", "type: unknown \"Castle\""),
            ("NC1", "id: appears earlier in this file"),
        ]
    );
    assert_eq!((report.read, report.stored), (9, 5));

    let rows = sqlx::query!(
        r#"select l.external_id, t.title_en, t.title_ar, l.property_type::text as "kind!", l.location, l.district,
                  l.compound, l.developer, l.area_sqm, l.price_egp, l.delivery_year, l.delivered,
                  l.finishing::text as finishing, l.sale_type::text as sale_type, l.down_payment_bp,
                  l.installment_years, l.installment_frequency::text as frequency, l.installment_amount_egp,
                  l.image_url
           from listings l join listing_texts t on t.listing_id = l.id
           where l.source = 'osool-legacy' order by l.external_id"#
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let by_id = |id: &str| rows.iter().find(|r| r.external_id == id).unwrap();

    let nc1 = by_id("NC1");
    assert_eq!((nc1.delivery_year, nc1.delivered), (Some(2027), None));
    assert_eq!((nc1.down_payment_bp, nc1.installment_years), (Some(1_000), Some(7)));
    assert_eq!(nc1.frequency.as_deref(), Some("monthly"));
    assert_eq!(nc1.installment_amount_egp, Some(449_812));
    // Nothing the file lacks is made up.
    assert_eq!(
        (nc1.title_ar.as_deref(), nc1.finishing.as_deref(), nc1.sale_type.as_deref()),
        (None, None, None)
    );

    // A numeric id, numbers in strings, URL-encoded names, odd capitals.
    let two = by_id("2");
    assert_eq!(two.kind, "apartment");
    assert_eq!((two.location.as_str(), two.district.as_deref()), ("New Cairo", Some("6th Settlement")));
    assert_eq!(two.compound.as_deref(), Some("Mountain View iCity"));
    assert_eq!(two.title_en, "Apartment in Mountain View iCity");
    assert_eq!(two.developer.as_deref(), Some("Mountain View"));
    assert_eq!((two.price_egp, two.area_sqm), (9_850_000, Some(145)));
    assert_eq!((two.delivery_year, two.delivered), (None, None), "no deliveryDate: left empty");
    assert_eq!(two.image_url, None);

    // installmentYears 0 is cash; a zero bua falls back to the other sizes.
    let nc3 = by_id("NC3");
    assert_eq!(nc3.frequency.as_deref(), Some("none"));
    assert_eq!((nc3.installment_years, nc3.installment_amount_egp), (Some(0), None));
    assert_eq!(nc3.compound.as_deref(), Some("Mivida"));
    assert_eq!((nc3.location.as_str(), nc3.district.as_deref()), ("New Cairo", Some("Golden Square")));
    assert_eq!(nc3.area_sqm, Some(320));

    let nc4 = by_id("NC4");
    assert_eq!((nc4.location.as_str(), nc4.district.as_deref()), ("New Cairo", None), "Tagamoa is New Cairo");
    assert_eq!((nc4.delivered, nc4.delivery_year), (Some(true), None));
    assert_eq!(nc4.frequency, None, "no payment plan: unknown, not cash");

    assert_eq!(by_id("NC5").kind, "unit");
}

#[tokio::test]
async fn switching_the_embedding_model_re_embeds_without_mixing_vectors() {
    let database_url = fresh_database().await;
    let pool = PgPool::connect(&database_url).await.unwrap();
    let listings = sample(12);
    let bytes = file_of(listings);
    let first = ingest(&pool, &local(), &bytes).await;
    assert_eq!(first.embedded, 12);

    let fake = FakeOpenAi::start().await;
    let config = config_with(&database_url, |vars| {
        vars.insert("OPENAI_API_KEY".into(), API_KEY.into());
        vars.insert("OPENAI_BASE_URL".into(), fake.base_url.clone());
    });
    let openai = OpenAiEmbedder::new(&config, pool.clone()).unwrap();
    let second = ingest(&pool, &openai, &bytes).await;
    assert_eq!((second.unchanged, second.embedded, second.with_embedding), (12, 12, 12));
    assert_eq!(fake.requests().len(), 1, "one batched request");
    assert_eq!(fake.requests()[0]["model"], "text-embedding-3-small");

    let per_model = sqlx::query!(
        r#"select model, count(*) as "n!", min(vector_dims(embedding)) as dims
           from listing_embeddings group by model order by model"#
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let summary: Vec<(String, i64, Option<i32>)> =
        per_model.into_iter().map(|r| (r.model, r.n, r.dims)).collect();
    assert_eq!(
        summary,
        vec![("all-MiniLM-L6-v2".into(), 12, Some(384)), ("text-embedding-3-small".into(), 12, Some(1536))]
    );
    let usage = sqlx::query!(r#"select provider, purpose, prompt_tokens from ai_usage"#)
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(usage.len(), 1);
    assert_eq!((usage[0].provider.as_str(), usage[0].purpose.as_str()), ("openai", "embedding"));
    assert!(usage[0].prompt_tokens > 0);

    // Back on the local model nothing needs embedding again.
    let third = ingest(&pool, &local(), &bytes).await;
    assert_eq!(third.embedded, 0);
}

#[tokio::test]
async fn a_wrong_api_key_fails_the_ingest_and_stores_nothing() {
    let database_url = fresh_database().await;
    let pool = PgPool::connect(&database_url).await.unwrap();
    let fake = FakeOpenAi::start().await;
    let config = config_with(&database_url, |vars| {
        vars.insert("OPENAI_API_KEY".into(), "sk-wrong".into());
        vars.insert("OPENAI_BASE_URL".into(), fake.base_url.clone());
    });
    let openai = OpenAiEmbedder::new(&config, pool.clone()).unwrap();
    let result = ingest::ingest_bytes(&pool, &openai, &file_of(sample(3)), &Options::default()).await;
    let error = result.expect_err("a 401 must fail the run").to_string();
    assert!(error.contains("Incorrect API key") || error.contains("401"), "{error}");
    let total: Option<i64> =
        sqlx::query_scalar!("select count(*) from listings").fetch_one(&pool).await.unwrap();
    assert_eq!(total, Some(0), "the batch's transaction never opened");
}

/// The local model, failing from its `fail_from`-th call on (counting
/// from 1), as an embedding service that goes down mid-run would.
struct FailingFrom {
    inner: LocalEmbedder,
    calls: std::sync::atomic::AtomicUsize,
    fail_from: usize,
}

impl Embedder for FailingFrom {
    fn model(&self) -> &str {
        self.inner.model()
    }
    fn dimensions(&self) -> usize {
        self.inner.dimensions()
    }
    fn embed<'a>(
        &'a self,
        texts: &'a [String],
    ) -> futures::future::BoxFuture<'a, Result<Vec<Vec<f32>>, crate::server::adapters::embed::EmbedError>>
    {
        let call = self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        if call >= self.fail_from {
            return Box::pin(async { Err(crate::server::adapters::embed::EmbedError::Timeout) });
        }
        self.inner.embed(texts)
    }
}

#[tokio::test]
async fn an_ingest_that_fails_half_way_leaves_the_catalog_as_it_was() {
    let pool = fresh_pool().await;
    let all = sample(10);
    ingest(&pool, &local(), &file_of(all[..6].to_vec())).await;
    let before: Vec<(String, String)> =
        sqlx::query_as("select l.external_id, t.title_en from listings l join listing_texts t on t.listing_id = l.id order by 1")
            .fetch_all(&pool)
            .await
            .unwrap();

    // Every listing changed and four new ones, in batches of two; the
    // embedder fails on the third batch, after two were ready to write.
    let mut second = all;
    for listing in &mut second {
        listing.title_en.push_str(" (renovated)");
    }
    let failing = FailingFrom { inner: local(), calls: 0.into(), fail_from: 3 };
    let options = Options { batch_size: 2, ..Options::default() };
    let bytes = file_of(second);
    let result = ingest::ingest_bytes(&pool, &failing, &bytes, &options).await;
    assert!(result.is_err(), "the failure must fail the run");
    let after: Vec<(String, String)> =
        sqlx::query_as("select l.external_id, t.title_en from listings l join listing_texts t on t.listing_id = l.id order by 1")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(after, before, "nothing of the failed run may be stored");

    // The same file with a working model goes in whole.
    let report = ingest::ingest_bytes(&pool, &local(), &bytes, &options).await.unwrap();
    assert_eq!((report.inserted, report.updated), (4, 6));
    let renovated: Option<i64> =
        sqlx::query_scalar("select count(*) from listing_texts where title_en like '% (renovated)'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(renovated, Some(10));
}

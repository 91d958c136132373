//! SQL for the listing catalog: what is stored for a batch of natural keys,
//! bulk upserts of listings and embeddings, and the counts that verify an
//! ingest.

use crate::domain::listing::ListingRecord;
use pgvector::Vector;
use sqlx::{PgPool, Postgres, Transaction};

/// What the database holds for one natural key.
pub struct Stored {
    pub external_id: String,
    pub id: i64,
    pub content_hash: Vec<u8>,
    /// Content hash the current model's embedding was computed from.
    pub embedding_hash: Option<Vec<u8>>,
}

pub async fn stored(
    pool: &PgPool,
    source: &str,
    model: &str,
    external_ids: &[String],
) -> sqlx::Result<Vec<Stored>> {
    sqlx::query_as!(
        Stored,
        r#"
        select l.external_id, l.id, l.content_hash, e.content_hash as "embedding_hash?"
        from listings l
        left join listing_embeddings e on e.listing_id = l.id and e.model = $2
        where l.source = $1 and l.external_id = any($3)
        "#,
        source,
        model,
        external_ids,
    )
    .fetch_all(pool)
    .await
}

/// Inserts or updates `records` (with their content hashes) in one
/// statement; returns each natural key's row id.
pub async fn upsert(
    tx: &mut Transaction<'_, Postgres>,
    records: &[(&ListingRecord, &[u8])],
) -> sqlx::Result<Vec<(String, i64)>> {
    macro_rules! column {
        ($f:expr) => {
            records.iter().map(|(r, _)| $f(r)).collect::<Vec<_>>()
        };
    }
    let source = column!(|r: &ListingRecord| r.source.clone());
    let external_id = column!(|r: &ListingRecord| r.external_id.clone());
    let property_type = column!(|r: &ListingRecord| r.property_type.code().to_owned());
    let location = column!(|r: &ListingRecord| r.location.clone());
    let district = column!(|r: &ListingRecord| r.district.clone());
    let compound = column!(|r: &ListingRecord| r.compound.clone());
    let developer = column!(|r: &ListingRecord| r.developer.clone());
    let bedrooms = column!(|r: &ListingRecord| r.bedrooms);
    let bathrooms = column!(|r: &ListingRecord| r.bathrooms);
    let area_sqm = column!(|r: &ListingRecord| r.area_sqm);
    let price_egp = column!(|r: &ListingRecord| r.price_egp);
    let delivery_year = column!(|r: &ListingRecord| r.delivery_year);
    let delivered = column!(|r: &ListingRecord| r.delivered);
    let finishing = column!(|r: &ListingRecord| r.finishing.map(|f| f.code().to_owned()));
    let sale_type = column!(|r: &ListingRecord| r.sale_type.map(|s| s.code().to_owned()));
    let down_payment_bp = column!(|r: &ListingRecord| r.down_payment_bp);
    let delivery_payment_bp = column!(|r: &ListingRecord| r.delivery_payment_bp);
    let installment_years = column!(|r: &ListingRecord| r.installment_years);
    let installment_frequency =
        column!(|r: &ListingRecord| r.installment_frequency.map(|f| f.code().to_owned()));
    let installment_amount_egp = column!(|r: &ListingRecord| r.installment_amount_egp);
    let monthly_installment_egp = column!(|r: &ListingRecord| r.monthly_installment_egp());
    let maintenance_deposit_bp = column!(|r: &ListingRecord| r.maintenance_deposit_bp);
    let image_url = column!(|r: &ListingRecord| r.image_url.clone());
    let is_available = column!(|r: &ListingRecord| r.is_available);
    let content_hash: Vec<Vec<u8>> = records.iter().map(|(_, h)| h.to_vec()).collect();

    let rows = sqlx::query!(
        r#"
        insert into listings (
            source, external_id, property_type, location, district, compound, developer, bedrooms,
            bathrooms, area_sqm, price_egp, delivery_year, delivered, finishing, sale_type,
            down_payment_bp, delivery_payment_bp, installment_years, installment_frequency,
            installment_amount_egp, monthly_installment_egp, maintenance_deposit_bp,
            image_url, is_available, content_hash
        )
        select
            t.source, t.external_id, t.property_type::property_type, t.location, t.district, t.compound,
            t.developer, t.bedrooms, t.bathrooms, t.area_sqm, t.price_egp, t.delivery_year, t.delivered,
            t.finishing::finishing, t.sale_type::sale_type, t.down_payment_bp,
            t.delivery_payment_bp, t.installment_years,
            t.installment_frequency::installment_frequency, t.installment_amount_egp,
            t.monthly_installment_egp, t.maintenance_deposit_bp, t.image_url, t.is_available,
            t.content_hash
        from unnest(
            $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
            $8::int2[], $9::int2[], $10::int4[], $11::int8[], $12::int2[], $13::bool[], $14::text[],
            $15::text[], $16::int4[], $17::int4[], $18::int2[], $19::text[], $20::int8[],
            $21::int8[], $22::int4[], $23::text[], $24::bool[], $25::bytea[]
        ) as t (
            source, external_id, property_type, location, district, compound, developer, bedrooms,
            bathrooms, area_sqm, price_egp, delivery_year, delivered, finishing, sale_type,
            down_payment_bp, delivery_payment_bp, installment_years, installment_frequency,
            installment_amount_egp, monthly_installment_egp, maintenance_deposit_bp,
            image_url, is_available, content_hash
        )
        on conflict (source, external_id) do update set
            property_type = excluded.property_type,
            location = excluded.location,
            district = excluded.district,
            compound = excluded.compound,
            developer = excluded.developer,
            bedrooms = excluded.bedrooms,
            bathrooms = excluded.bathrooms,
            area_sqm = excluded.area_sqm,
            price_egp = excluded.price_egp,
            delivery_year = excluded.delivery_year,
            delivered = excluded.delivered,
            finishing = excluded.finishing,
            sale_type = excluded.sale_type,
            down_payment_bp = excluded.down_payment_bp,
            delivery_payment_bp = excluded.delivery_payment_bp,
            installment_years = excluded.installment_years,
            installment_frequency = excluded.installment_frequency,
            installment_amount_egp = excluded.installment_amount_egp,
            monthly_installment_egp = excluded.monthly_installment_egp,
            maintenance_deposit_bp = excluded.maintenance_deposit_bp,
            image_url = excluded.image_url,
            is_available = excluded.is_available,
            content_hash = excluded.content_hash
        returning external_id, id
        "#,
        &source,
        &external_id,
        &property_type,
        &location,
        &district as &[Option<String>],
        &compound as &[Option<String>],
        &developer as &[Option<String>],
        &bedrooms as &[Option<i16>],
        &bathrooms as &[Option<i16>],
        &area_sqm as &[Option<i32>],
        &price_egp,
        &delivery_year as &[Option<i16>],
        &delivered as &[Option<bool>],
        &finishing as &[Option<String>],
        &sale_type as &[Option<String>],
        &down_payment_bp as &[Option<i32>],
        &delivery_payment_bp as &[Option<i32>],
        &installment_years as &[Option<i16>],
        &installment_frequency as &[Option<String>],
        &installment_amount_egp as &[Option<i64>],
        &monthly_installment_egp as &[Option<i64>],
        &maintenance_deposit_bp as &[Option<i32>],
        &image_url as &[Option<String>],
        &is_available,
        &content_hash,
    )
    .fetch_all(&mut **tx)
    .await?;
    let ids: std::collections::HashMap<&str, i64> =
        rows.iter().map(|r| (r.external_id.as_str(), r.id)).collect();
    let row_ids: Vec<i64> =
        records.iter().filter_map(|(r, _)| ids.get(r.external_id.as_str()).copied()).collect();
    upsert_texts(tx, records, &row_ids).await?;
    Ok(rows.into_iter().map(|r| (r.external_id, r.id)).collect())
}

/// The searchable text of each listing (in the order of `records`).
async fn upsert_texts(
    tx: &mut Transaction<'_, Postgres>,
    records: &[(&ListingRecord, &[u8])],
    ids: &[i64],
) -> sqlx::Result<()> {
    let title_en: Vec<String> = records.iter().map(|(r, _)| r.title_en.clone()).collect();
    let title_ar: Vec<Option<String>> = records.iter().map(|(r, _)| r.title_ar.clone()).collect();
    let description_en: Vec<Option<String>> = records.iter().map(|(r, _)| r.description_en.clone()).collect();
    let description_ar: Vec<Option<String>> = records.iter().map(|(r, _)| r.description_ar.clone()).collect();
    let names: Vec<String> = records
        .iter()
        .map(|(r, _)| {
            [r.compound.as_deref(), r.developer.as_deref(), Some(r.location.as_str()), r.district.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    sqlx::query!(
        r#"
        insert into listing_texts (listing_id, title_en, title_ar, description_en, description_ar, names)
        select * from unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
        on conflict (listing_id) do update set
            title_en = excluded.title_en,
            title_ar = excluded.title_ar,
            description_en = excluded.description_en,
            description_ar = excluded.description_ar,
            names = excluded.names
        "#,
        ids,
        &title_en,
        &title_ar as &[Option<String>],
        &description_en as &[Option<String>],
        &description_ar as &[Option<String>],
        &names,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores embeddings computed by `model` for listing ids, each with the
/// content hash it was computed from.
pub async fn upsert_embeddings(
    tx: &mut Transaction<'_, Postgres>,
    model: &str,
    rows: &[(i64, Vector, Vec<u8>)],
) -> sqlx::Result<()> {
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let vectors: Vec<Vector> = rows.iter().map(|r| r.1.clone()).collect();
    let hashes: Vec<Vec<u8>> = rows.iter().map(|r| r.2.clone()).collect();
    sqlx::query!(
        r#"
        insert into listing_embeddings (listing_id, model, embedding, content_hash)
        select t.listing_id, $1, t.embedding, t.content_hash
        from unnest($2::int8[], $3::vector[], $4::bytea[]) as t (listing_id, embedding, content_hash)
        on conflict (listing_id, model) do update set
            embedding = excluded.embedding,
            content_hash = excluded.content_hash,
            created_at = now()
        "#,
        model,
        &ids,
        &vectors as &[Vector],
        &hashes,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How many of `external_ids` are stored, and how many of those carry a
/// current embedding from `model`.
pub async fn verify_counts(
    pool: &PgPool,
    source: &str,
    model: &str,
    external_ids: &[String],
) -> sqlx::Result<(i64, i64)> {
    let row = sqlx::query!(
        r#"
        select
            count(*) as "stored!",
            count(e.listing_id) as "embedded!"
        from listings l
        left join listing_embeddings e
            on e.listing_id = l.id and e.model = $2 and e.content_hash = l.content_hash
        where l.source = $1 and l.external_id = any($3)
        "#,
        source,
        model,
        external_ids,
    )
    .fetch_one(pool)
    .await?;
    Ok((row.stored, row.embedded))
}

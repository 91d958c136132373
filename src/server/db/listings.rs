//! SQL for the listing catalog: what is stored for a batch of natural keys,
//! bulk upserts of listings and embeddings, and the counts that verify an
//! ingest.

use crate::domain::listing::{Finishing, InstallmentFrequency, ListingRecord, PropertyType, SaleType};
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

/// A stored listing as its record (what the edit form shows), with who
/// handles it and when it was sold.
pub struct Managed {
    pub record: ListingRecord,
    pub agent_id: Option<i64>,
    pub sold_at: Option<chrono::DateTime<chrono::Utc>>,
    pub reservation_fee_piastres: Option<i64>,
}

struct RecordRow {
    source: String,
    external_id: String,
    title_en: String,
    title_ar: Option<String>,
    description_en: Option<String>,
    description_ar: Option<String>,
    property_type: PropertyType,
    location: String,
    district: Option<String>,
    compound: Option<String>,
    developer: Option<String>,
    bedrooms: Option<i16>,
    bathrooms: Option<i16>,
    area_sqm: Option<i32>,
    price_egp: i64,
    delivery_year: Option<i16>,
    delivered: Option<bool>,
    finishing: Option<Finishing>,
    sale_type: Option<SaleType>,
    down_payment_bp: Option<i32>,
    delivery_payment_bp: Option<i32>,
    installment_years: Option<i16>,
    installment_frequency: Option<InstallmentFrequency>,
    installment_amount_egp: Option<i64>,
    maintenance_deposit_bp: Option<i32>,
    image_url: Option<String>,
    is_available: bool,
    agent_id: Option<i64>,
    sold_at: Option<chrono::DateTime<chrono::Utc>>,
    reservation_fee_piastres: Option<i64>,
}

pub async fn managed(pool: &PgPool, id: i64) -> sqlx::Result<Option<Managed>> {
    let row = sqlx::query_as!(
        RecordRow,
        r#"select l.source, l.external_id, t.title_en, t.title_ar, t.description_en, t.description_ar,
                  l.property_type as "property_type: PropertyType", l.location, l.district, l.compound,
                  l.developer, l.bedrooms, l.bathrooms, l.area_sqm, l.price_egp, l.delivery_year, l.delivered,
                  l.finishing as "finishing: Finishing", l.sale_type as "sale_type: SaleType", l.down_payment_bp,
                  l.delivery_payment_bp, l.installment_years,
                  l.installment_frequency as "installment_frequency: InstallmentFrequency",
                  l.installment_amount_egp, l.maintenance_deposit_bp, l.image_url, l.is_available, l.agent_id,
                  l.sold_at, l.reservation_fee_piastres
           from listings l join listing_texts t on t.listing_id = l.id where l.id = $1"#,
        id,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| Managed {
        agent_id: r.agent_id,
        sold_at: r.sold_at,
        reservation_fee_piastres: r.reservation_fee_piastres,
        record: ListingRecord {
            source: r.source,
            external_id: r.external_id,
            title_en: r.title_en,
            title_ar: r.title_ar,
            description_en: r.description_en,
            description_ar: r.description_ar,
            property_type: r.property_type,
            location: r.location,
            district: r.district,
            compound: r.compound,
            developer: r.developer,
            bedrooms: r.bedrooms,
            bathrooms: r.bathrooms,
            area_sqm: r.area_sqm,
            price_egp: r.price_egp,
            delivery_year: r.delivery_year,
            delivered: r.delivered,
            finishing: r.finishing,
            sale_type: r.sale_type,
            down_payment_bp: r.down_payment_bp,
            delivery_payment_bp: r.delivery_payment_bp,
            installment_years: r.installment_years,
            installment_frequency: r.installment_frequency,
            installment_amount_egp: r.installment_amount_egp,
            maintenance_deposit_bp: r.maintenance_deposit_bp,
            image_url: r.image_url,
            is_available: r.is_available,
        },
    }))
}

/// Who handles a listing, and whether it is sold (`sold` false clears it).
pub async fn set_handling(
    pool: &PgPool,
    id: i64,
    agent_id: Option<i64>,
    sold: Option<bool>,
) -> sqlx::Result<()> {
    sqlx::query!(
        r#"update listings set agent_id = coalesce($2, agent_id),
                  sold_at = case when $3::boolean is null then sold_at
                                 when $3 then coalesce(sold_at, now()) else null end
           where id = $1"#,
        id,
        agent_id,
        sold
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub struct ManagedRow {
    pub id: i64,
    pub title_en: String,
    pub location: String,
    pub compound: Option<String>,
    pub price_egp: i64,
    pub is_available: bool,
    pub sold: bool,
    pub agent_id: Option<i64>,
    pub agent_name: Option<String>,
}

/// A page of listings for the dashboard, newest first: one agent's, or all
/// (`scope` `None`), optionally matching a text.
pub async fn managed_page(
    pool: &PgPool,
    scope: Option<i64>,
    text: Option<&str>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<ManagedRow>, i64)> {
    let pattern = text.map(super::contains_pattern);
    let rows = sqlx::query_as!(
        ManagedRow,
        r#"select l.id, t.title_en, l.location, l.compound, l.price_egp, l.is_available,
                  l.sold_at is not null as "sold!", l.agent_id, coalesce(a.name, a.email, a.phone) as "agent_name?"
           from listings l join listing_texts t on t.listing_id = l.id
           left join users a on a.id = l.agent_id
           where ($1::bigint is null or l.agent_id = $1)
             and ($2::text is null or t.title_en ilike $2 or t.title_ar ilike $2 or l.compound ilike $2
                  or l.location ilike $2 or l.id::text = trim(both '%' from $2))
           order by l.updated_at desc, l.id desc limit $3 offset $4"#,
        scope,
        pattern.as_deref(),
        limit,
        offset,
    )
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar!(
        r#"select count(*) as "n!" from listings l join listing_texts t on t.listing_id = l.id
           where ($1::bigint is null or l.agent_id = $1)
             and ($2::text is null or t.title_en ilike $2 or t.title_ar ilike $2 or l.compound ilike $2
                  or l.location ilike $2 or l.id::text = trim(both '%' from $2))"#,
        scope,
        pattern.as_deref(),
    )
    .fetch_one(pool)
    .await?;
    Ok((rows, total))
}

/// The listing's own reservation fee (piastres), or none for the default.
pub async fn set_reservation_fee(pool: &PgPool, id: i64, piastres: Option<i64>) -> sqlx::Result<()> {
    sqlx::query!("update listings set reservation_fee_piastres = $2 where id = $1", id, piastres)
        .execute(pool)
        .await?;
    Ok(())
}

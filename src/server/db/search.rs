//! SQL for search and the catalog pages: the filtered set, hybrid ranking
//! (cosine over the current model's vectors fused with full-text rank by
//! reciprocal rank), explicit orderings, and fetching listings by id.

use crate::domain::listing::{InstallmentFrequency, Listing};
use crate::domain::search::Filters;
use pgvector::Vector;
use sqlx::PgPool;

/// RRF's constant: how much a top rank outweighs the next ones.
const RRF_K: f64 = 60.0;

/// Filters as SQL parameters (`None` means "any").
#[derive(Debug, Default)]
pub struct FilterParams {
    types: Option<Vec<String>>,
    location: Option<String>,
    district: Option<String>,
    compound: Option<String>,
    developer: Option<String>,
    beds_min: Option<i16>,
    beds_max: Option<i16>,
    price_min: Option<i64>,
    price_max: Option<i64>,
    area_min: Option<i32>,
    area_max: Option<i32>,
    ready: bool,
    delivery_by: Option<i16>,
    down_max_bp: Option<i32>,
    years_min: Option<i16>,
    monthly_max: Option<i64>,
    sale_type: Option<String>,
    finishing: Option<String>,
}

impl From<&Filters> for FilterParams {
    fn from(f: &Filters) -> Self {
        FilterParams {
            types: (!f.property_types.is_empty())
                .then(|| f.property_types.iter().map(|t| t.code().to_owned()).collect()),
            location: f.location.clone(),
            district: f.district.clone(),
            compound: f.compound.clone(),
            developer: f.developer.clone(),
            beds_min: f.bedrooms_min,
            beds_max: f.bedrooms_max,
            price_min: f.price_min,
            price_max: f.price_max,
            area_min: f.area_min,
            area_max: f.area_max,
            ready: f.ready_to_move,
            delivery_by: f.delivery_by,
            down_max_bp: f.down_payment_max_pct.map(|p| (p.min(100) * 100) as i32),
            years_min: f.installment_years_min,
            monthly_max: f.monthly_max,
            sale_type: f.sale_type.map(|s| s.code().to_owned()),
            finishing: f.finishing.map(|x| x.code().to_owned()),
        }
    }
}

/// How to order the filtered set.
pub struct Ranking<'a> {
    pub model: &'a str,
    /// The query's vector; `None` ranks by full text alone.
    pub vector: Option<Vector>,
    /// An OR-query of the soft text's words; `None` skips full text.
    pub tsquery: Option<String>,
    pub sort: Option<&'a str>,
    pub limit: i64,
    pub offset: i64,
}

pub struct Ranked {
    pub id: i64,
    pub total: i64,
}

/// One page of the filtered, ranked set, with the set's size.
pub async fn search(pool: &PgPool, f: &FilterParams, r: &Ranking<'_>) -> sqlx::Result<Vec<Ranked>> {
    let rows = sqlx::query!(
        r#"
        with filtered as (
            select l.id, l.compound, l.price_egp, l.area_sqm, l.price_per_sqm_egp, l.monthly_installment_egp,
                   l.delivered, l.delivery_year, l.search_tsv
            from listings l
            where l.is_available
              and ($1::text[] is null or l.property_type::text = any($1))
              and ($2::text is null or l.location = $2)
              and ($3::text is null or l.district = $3)
              and ($4::text is null or lower(l.compound) = lower($4))
              and ($5::text is null or lower(l.developer) = lower($5))
              and ($6::int2 is null or l.bedrooms >= $6)
              and ($7::int2 is null or l.bedrooms <= $7)
              and ($8::int8 is null or l.price_egp >= $8)
              and ($9::int8 is null or l.price_egp <= $9)
              and ($10::int4 is null or l.area_sqm >= $10)
              and ($11::int4 is null or l.area_sqm <= $11)
              and (not $12::bool or l.delivered)
              and ($13::int2 is null or l.delivered or l.delivery_year <= $13)
              and ($14::int4 is null or (l.installment_years > 0 and l.down_payment_bp <= $14))
              and ($15::int2 is null or l.installment_years >= $15)
              and ($16::int8 is null or l.monthly_installment_egp <= $16)
              and ($17::text is null or l.sale_type::text = $17)
              and ($18::text is null or l.finishing::text = $18)
        ),
        by_vector as (
            select e.listing_id as id, row_number() over (order by e.embedding <=> $19::vector) as rank
            from listing_embeddings e
            join filtered f on f.id = e.listing_id
            where $19::vector is not null and e.model = $20
        ),
        query as (
            select to_tsquery('english', $21) || to_tsquery('arabic', $21) as q
            where $21::text is not null
        ),
        by_text as (
            select f.id, row_number() over (order by ts_rank_cd(f.search_tsv, query.q) desc, f.id) as rank
            from filtered f, query
            where f.search_tsv @@ query.q
        ),
        scored as (
            select f.*, coalesce(1.0 / ($23::float8 + v.rank), 0) + coalesce(1.0 / ($23::float8 + t.rank), 0) as score
            from filtered f
            left join by_vector v on v.id = f.id
            left join by_text t on t.id = f.id
        ),
        -- Best of each compound first, then the second best of each, ...:
        -- a page shows the range of the market, not one compound's stock.
        diversified as (
            select s.*, row_number() over (
                partition by coalesce(s.compound, s.id::text) order by s.score desc, s.price_per_sqm_egp, s.id
            ) as per_compound
            from scored s
        )
        select d.id as "id!", count(*) over () as "total!"
        from diversified d
        order by
            case when $22::text = 'price_asc' then d.price_egp end asc,
            case when $22::text = 'price_desc' then d.price_egp end desc,
            case when $22::text = 'area_desc' then d.area_sqm end desc nulls last,
            case when $22::text = 'price_per_sqm_asc' then d.price_per_sqm_egp end asc nulls last,
            case when $22::text = 'monthly_asc' then d.monthly_installment_egp end asc nulls last,
            case when $22::text = 'delivery_soonest' then
                case when d.delivered then 0 else coalesce(d.delivery_year, 9999) end end asc,
            case when $22::text is null then d.per_compound end asc,
            d.score desc,
            d.price_per_sqm_egp asc nulls last,
            d.id
        limit $24 offset $25
        "#,
        f.types.as_deref(),
        f.location,
        f.district,
        f.compound,
        f.developer,
        f.beds_min,
        f.beds_max,
        f.price_min,
        f.price_max,
        f.area_min,
        f.area_max,
        f.ready,
        f.delivery_by,
        f.down_max_bp,
        f.years_min,
        f.monthly_max,
        f.sale_type,
        f.finishing,
        r.vector.clone() as Option<Vector>,
        r.model,
        r.tsquery,
        r.sort,
        RRF_K,
        r.limit,
        r.offset,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| Ranked { id: row.id, total: row.total }).collect())
}

struct Row {
    id: i64,
    title_en: String,
    title_ar: Option<String>,
    description_en: Option<String>,
    description_ar: Option<String>,
    property_type: String,
    location: String,
    district: Option<String>,
    compound: Option<String>,
    developer: Option<String>,
    bedrooms: Option<i16>,
    bathrooms: Option<i16>,
    area_sqm: Option<i32>,
    price_egp: i64,
    price_per_sqm_egp: Option<i64>,
    delivery_year: Option<i16>,
    delivered: Option<bool>,
    finishing: Option<String>,
    sale_type: Option<String>,
    down_payment_bp: Option<i32>,
    delivery_payment_bp: Option<i32>,
    installment_years: Option<i16>,
    installment_frequency: Option<String>,
    installment_amount_egp: Option<i64>,
    monthly_installment_egp: Option<i64>,
    maintenance_deposit_bp: Option<i32>,
    is_available: bool,
    image_url: Option<String>,
}

impl Row {
    fn into_listing(self) -> Option<Listing> {
        use crate::domain::listing::{Finishing, PropertyType, SaleType};
        let pct = |bp: Option<i32>| bp.map(|b| f64::from(b) / 100.0);
        Some(Listing {
            id: self.id.to_string(),
            url: format!("/listings/{}", self.id),
            title: self.title_en,
            title_ar: self.title_ar,
            description: self.description_en,
            description_ar: self.description_ar,
            property_type: PropertyType::from_code(&self.property_type)?,
            location: self.location,
            district: self.district,
            compound: self.compound,
            developer: self.developer,
            bedrooms: self.bedrooms,
            bathrooms: self.bathrooms,
            area_sqm: self.area_sqm,
            price_egp: self.price_egp,
            price_per_sqm_egp: self.price_per_sqm_egp,
            delivery_year: if self.delivered == Some(true) { None } else { self.delivery_year },
            delivered: self.delivered,
            finishing: self.finishing.as_deref().and_then(Finishing::from_code),
            sale_type: self.sale_type.as_deref().and_then(SaleType::from_code),
            down_payment_pct: pct(self.down_payment_bp),
            delivery_payment_pct: pct(self.delivery_payment_bp),
            installment_years: self.installment_years,
            installment_frequency: self
                .installment_frequency
                .as_deref()
                .and_then(InstallmentFrequency::from_code)
                .unwrap_or(InstallmentFrequency::None),
            installment_amount_egp: self.installment_amount_egp,
            monthly_installment_egp: self.monthly_installment_egp,
            maintenance_deposit_pct: pct(self.maintenance_deposit_bp),
            is_available: self.is_available,
            image_url: self.image_url,
        })
    }
}

/// Listings by id, in the order of `ids` (unknown ids are skipped).
pub async fn by_ids(pool: &PgPool, ids: &[i64]) -> sqlx::Result<Vec<Listing>> {
    let rows = sqlx::query_as!(
        Row,
        r#"
        select id, title_en, title_ar, description_en, description_ar,
               property_type::text as "property_type!", location, district, compound, developer,
               bedrooms, bathrooms, area_sqm, price_egp, price_per_sqm_egp, delivery_year, delivered,
               finishing::text as finishing, sale_type::text as sale_type, down_payment_bp,
               delivery_payment_bp, installment_years, installment_frequency::text as installment_frequency,
               installment_amount_egp, monthly_installment_egp, maintenance_deposit_bp, is_available, image_url
        from listings
        where id = any($1)
        "#,
        ids,
    )
    .fetch_all(pool)
    .await?;
    let mut by_id: std::collections::HashMap<i64, Listing> =
        rows.into_iter().filter_map(|r| Some((r.id, r.into_listing()?))).collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// A stable page of the whole available catalog.
pub async fn page(pool: &PgPool, limit: i64, offset: i64) -> sqlx::Result<(Vec<Listing>, i64)> {
    let ids: Vec<i64> = sqlx::query_scalar!(
        "select id from listings where is_available order by id limit $1 offset $2",
        limit,
        offset
    )
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar!(r#"select count(*) as "n!" from listings where is_available"#)
        .fetch_one(pool)
        .await?;
    Ok((by_ids(pool, &ids).await?, total))
}

/// Ids among `ids` that exist (available or not).
pub async fn existing(pool: &PgPool, ids: &[i64]) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar!("select id from listings where id = any($1)", ids).fetch_all(pool).await
}

/// Available listings most like `id`: same location and type family,
/// price within 35 %, closest vectors first.
pub async fn similar(pool: &PgPool, id: i64, model: &str, limit: i64) -> sqlx::Result<Vec<Listing>> {
    let ids: Vec<i64> = sqlx::query_scalar!(
        r#"
        select other.id
        from listings me
        join listings other on other.id <> me.id and other.is_available
            and other.location = me.location
            and other.property_type = me.property_type
            and other.price_egp between me.price_egp * 0.65 and me.price_egp * 1.35
        left join listing_embeddings mine on mine.listing_id = me.id and mine.model = $2
        left join listing_embeddings theirs on theirs.listing_id = other.id and theirs.model = $2
        where me.id = $1
        order by theirs.embedding <=> mine.embedding nulls last, abs(other.price_egp - me.price_egp)
        limit $3
        "#,
        id,
        model,
        limit,
    )
    .fetch_all(pool)
    .await?;
    by_ids(pool, &ids).await
}

/// The compound and developer names in the catalog.
pub async fn names(pool: &PgPool) -> sqlx::Result<(Vec<String>, Vec<String>)> {
    let compounds =
        sqlx::query_scalar!(r#"select distinct compound as "c!" from listings where compound is not null"#)
            .fetch_all(pool)
            .await?;
    let developers =
        sqlx::query_scalar!(r#"select distinct developer as "d!" from listings where developer is not null"#)
            .fetch_all(pool)
            .await?;
    Ok((compounds, developers))
}

//! SQL for search and the catalog pages: counting the filtered set, its
//! nearest listings by vector, its best full-text matches, explicit
//! orderings, and fetching listings by id.

use crate::domain::listing::{Finishing, InstallmentFrequency, Listing, PropertyType, SaleType};
use crate::domain::search::Filters;
use pgvector::Vector;
use sqlx::{PgPool, Postgres, QueryBuilder};

/// Filters as SQL parameters (`None` means "any"). Enum values are the
/// enums' own static codes: they go into the SQL as literals, which the
/// planner can estimate (a bound `text[]` cast to the enum cannot be, and
/// at 100,000 listings the misestimate chose a scan of every embedding).
#[derive(Debug, Default)]
pub struct FilterParams {
    types: Option<Vec<&'static str>>,
    location: Option<String>,
    district: Option<String>,
    /// Lower case; several when projects share the name.
    compound: Option<Vec<String>>,
    developer: Option<String>,
    beds_min: Option<i16>,
    beds_max: Option<i16>,
    baths_min: Option<i16>,
    price_min: Option<i64>,
    price_max: Option<i64>,
    area_min: Option<i32>,
    area_max: Option<i32>,
    ready: bool,
    delivery_by: Option<i16>,
    down_max_bp: Option<i32>,
    down_max_egp: Option<i64>,
    years_min: Option<i16>,
    monthly_max: Option<i64>,
    sale_type: Option<&'static str>,
    finishing: Option<&'static str>,
    /// Lower case: names no location, district, compound or developer of
    /// a listing shown may have.
    exclude_places: Option<Vec<String>>,
    exclude_types: Option<Vec<&'static str>>,
}

impl From<&Filters> for FilterParams {
    fn from(f: &Filters) -> Self {
        FilterParams {
            types: (!f.property_types.is_empty())
                .then(|| f.property_types.iter().map(|t| t.code()).collect()),
            location: f.location.clone(),
            district: f.district.clone(),
            compound: f
                .compound
                .as_ref()
                .map(|c| std::iter::once(c).chain(&f.compound_also).map(|c| c.to_lowercase()).collect()),
            developer: f.developer.clone(),
            beds_min: f.bedrooms_min,
            beds_max: f.bedrooms_max,
            baths_min: f.bathrooms_min,
            price_min: f.price_min,
            price_max: f.price_max,
            area_min: f.area_min,
            area_max: f.area_max,
            ready: f.ready_to_move,
            delivery_by: f.delivery_by,
            down_max_bp: f.down_payment_max_pct.map(|p| (p.min(100) * 100) as i32),
            down_max_egp: f.down_payment_max,
            years_min: f.installment_years_min,
            monthly_max: f.monthly_max,
            sale_type: f.sale_type.map(|s| s.code()),
            finishing: f.finishing.map(|x| x.code()),
            exclude_places: (!f.exclude_places.is_empty())
                .then(|| f.exclude_places.iter().map(|p| p.to_lowercase()).collect()),
            exclude_types: (!f.exclude_types.is_empty())
                .then(|| f.exclude_types.iter().map(|t| t.code()).collect()),
        }
    }
}

// The search queries are built rather than fixed: only the predicates a
// search uses reach the planner, so each gets a plan for its own shape (a
// fixed query full of `$n is null or ...` plans badly at 100,000 rows).

/// Appends `where <available listings matching f>` for table alias `l`.
fn push_filters(q: &mut QueryBuilder<'_, Postgres>, f: &FilterParams) {
    q.push(" where l.is_available");
    if let Some(types) = &f.types {
        q.push(format!(" and l.property_type = any({}::property_type[])", enum_literal(types, true)));
    }
    if let Some(v) = &f.location {
        q.push(" and l.location = ").push_bind(v.clone());
    }
    if let Some(v) = &f.district {
        q.push(" and l.district = ").push_bind(v.clone());
    }
    if let Some(v) = &f.compound {
        q.push(" and lower(l.compound) = any(").push_bind(v.clone()).push(")");
    }
    if let Some(v) = &f.developer {
        q.push(" and lower(l.developer) = lower(").push_bind(v.clone()).push(")");
    }
    if let Some(v) = f.beds_min {
        q.push(" and l.bedrooms >= ").push_bind(v);
    }
    if let Some(v) = f.beds_max {
        q.push(" and l.bedrooms <= ").push_bind(v);
    }
    if let Some(v) = f.baths_min {
        q.push(" and l.bathrooms >= ").push_bind(v);
    }
    if let Some(v) = f.price_min {
        q.push(" and l.price_egp >= ").push_bind(v);
    }
    if let Some(v) = f.price_max {
        q.push(" and l.price_egp <= ").push_bind(v);
    }
    if let Some(v) = f.area_min {
        q.push(" and l.area_sqm >= ").push_bind(v);
    }
    if let Some(v) = f.area_max {
        q.push(" and l.area_sqm <= ").push_bind(v);
    }
    if f.ready {
        q.push(" and l.delivered");
    }
    if let Some(v) = f.delivery_by {
        q.push(" and (l.delivered or l.delivery_year <= ").push_bind(v).push(")");
    }
    if let Some(v) = f.down_max_bp {
        q.push(" and l.installment_years > 0 and l.down_payment_bp <= ").push_bind(v);
    }
    if let Some(v) = f.down_max_egp {
        // As `domain::search::down_payment_egp`: a cash sale's is its price.
        q.push(
            " and (case when l.installment_years > 0 then l.price_egp * l.down_payment_bp / 10000 else l.price_egp end) <= ",
        )
        .push_bind(v);
    }
    if let Some(v) = f.years_min {
        q.push(" and l.installment_years >= ").push_bind(v);
    }
    if let Some(v) = f.monthly_max {
        q.push(" and l.monthly_installment_egp <= ").push_bind(v);
    }
    if let Some(v) = f.sale_type {
        q.push(format!(" and l.sale_type = {}::sale_type", enum_literal(&[v], false)));
    }
    if let Some(v) = f.finishing {
        q.push(format!(" and l.finishing = {}::finishing", enum_literal(&[v], false)));
    }
    if let Some(types) = &f.exclude_types {
        q.push(format!(" and l.property_type <> all({}::property_type[])", enum_literal(types, true)));
    }
    if let Some(v) = &f.exclude_places {
        // As `Filters::matches`: no name of the listing's may be left out.
        q.push(" and not (lower(l.location) = any(").push_bind(v.clone());
        q.push(") or coalesce(lower(l.district) = any(").push_bind(v.clone());
        q.push("), false) or coalesce(lower(l.compound) = any(").push_bind(v.clone());
        q.push("), false) or coalesce(lower(l.developer) = any(").push_bind(v.clone());
        q.push("), false))");
    }
}

/// Enum codes as an SQL literal: `'{a,b}'` for a list, `'a'` for one. The
/// codes are the program's own constants (lower-case words), never a
/// user's text; anything else is left out rather than quoted.
fn enum_literal(codes: &[&'static str], list: bool) -> String {
    let codes: Vec<&str> =
        codes.iter().copied().filter(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')).collect();
    if list { format!("'{{{}}}'", codes.join(",")) } else { format!("'{}'", codes.join("")) }
}

/// How many available listings satisfy `f`.
pub async fn count(pool: &PgPool, f: &FilterParams) -> sqlx::Result<i64> {
    let mut q = QueryBuilder::new("select count(*) from listings l");
    push_filters(&mut q, f);
    q.build_query_scalar().fetch_one(pool).await
}

/// A listing found by one of the rankings: its id and compound (for
/// spreading a page across compounds).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Candidate {
    pub id: i64,
    pub compound: Option<String>,
}

/// Nearest listings the HNSW index yields per search (its `ef_search`):
/// at 100,000 listings 500 take about half the time of 1,000.
const NEAREST: i64 = 500;

/// Per-model HNSW indexes: (model, dimensions).
const INDEXED: [(&str, usize); 2] = [("all-MiniLM-L6-v2", 384), ("text-embedding-3-small", 1536)];

/// The `k` listings satisfying `f` nearest to `vector` by cosine. With
/// `exact`, every filtered listing is measured (right for a small filtered
/// set). Otherwise the model's HNSW index yields the `NEAREST` nearest of
/// the whole catalog and those passing the filters are kept: bounded work
/// on a large catalog, at the price of fewer candidates when the filters
/// are narrow (the page is then completed by price per square metre).
/// (pgvector's iterative index scans were tried instead: with a filter the
/// query's neighbourhood lacks, they walk 20,000 tuples, about 300 ms at
/// 100,000 listings, and find nothing.)
pub async fn nearest(
    pool: &PgPool,
    f: &FilterParams,
    model: &str,
    vector: &Vector,
    k: i64,
    exact: bool,
) -> sqlx::Result<Vec<Candidate>> {
    let indexed = INDEXED.iter().find(|(m, d)| *m == model && *d == vector.as_slice().len());
    let Some((m, dims)) = indexed.filter(|_| !exact) else {
        let mut q = QueryBuilder::new(
            "select l.id, l.compound from listing_embeddings e join listings l on l.id = e.listing_id",
        );
        push_filters(&mut q, f);
        q.push(" and e.model = ").push_bind(model.to_owned());
        q.push(" order by e.embedding <=> ").push_bind(vector.clone()).push(" limit ").push_bind(k);
        return q.build_query_as::<Candidate>().fetch_all(pool).await;
    };
    let mut tx = pool.begin().await?;
    sqlx::query!("select set_config('hnsw.ef_search', $1, true)", NEAREST.to_string())
        .fetch_one(&mut *tx)
        .await?;
    // The model is a literal so the planner matches the partial index.
    let mut q =
        QueryBuilder::new(format!("with near as (select e.listing_id, e.embedding::vector({dims}) <=> "));
    q.push_bind(vector.clone())
        .push(format!("::vector({dims}) as d from listing_embeddings e where e.model = '{m}' "));
    q.push(format!("order by e.embedding::vector({dims}) <=> "));
    q.push_bind(vector.clone()).push(format!("::vector({dims}) limit {NEAREST}) "));
    q.push("select l.id, l.compound from near join listings l on l.id = near.listing_id");
    push_filters(&mut q, f);
    q.push(" order by near.d limit ").push_bind(k);
    let rows = q.build_query_as::<Candidate>().fetch_all(&mut *tx).await?;
    tx.commit().await?;
    Ok(rows)
}

/// Words in more than this share of the available listings (and in more
/// than `COMMON_MIN_DOCS`) are too common to rank by: see `search_terms`.
const COMMON_SHARE: f32 = 0.3;
const COMMON_MIN_DOCS: i32 = 2_000;
/// Matching listings ranked per search: a bound on the work when a word is
/// common, at the price of ranking an arbitrary subset in that case.
const TEXT_MATCHES: i64 = 1_000;

/// The `k` listings satisfying `f` that best match any of `words` (the
/// soft text), by full-text rank in English and Arabic. Words too common in
/// the catalog to tell listings apart are left out; if none is left, there
/// is no text ranking (the vector still sees the whole query).
pub async fn text_matches(
    pool: &PgPool,
    f: &FilterParams,
    words: &str,
    k: i64,
) -> sqlx::Result<Vec<Candidate>> {
    let mut q = QueryBuilder::new(
        "with lexemes as (select distinct w from unnest(tsvector_to_array(to_tsvector('english', ",
    );
    q.push_bind(words.to_owned())
        .push(") || to_tsvector('arabic', ")
        .push_bind(words.to_owned())
        .push("))) w), ");
    // Each lexeme quoted the way tsquery input quotes (chr(39) is ', chr(92) \\).
    q.push(
        "query as (select string_agg(chr(39) || replace(replace(w, chr(92), repeat(chr(92), 2)), chr(39), ",
    );
    q.push("repeat(chr(39), 2)) || chr(39), ' | ')::tsquery as q from lexemes where not exists ");
    q.push("(select 1 from search_terms s where s.word = w and s.share > ").push_bind(COMMON_SHARE);
    q.push(" and s.ndoc > ").push_bind(COMMON_MIN_DOCS).push(")), ");
    q.push("matches as (select l.id, l.compound, t.search_tsv from listings l join listing_texts t on t.listing_id = l.id");
    push_filters(&mut q, f);
    q.push(" and t.search_tsv @@ (select q from query) limit ").push_bind(TEXT_MATCHES).push(") ");
    q.push("select m.id, m.compound from matches m, query order by ts_rank_cd(m.search_tsv, query.q) desc, m.id limit ");
    q.push_bind(k);
    q.build_query_as::<Candidate>().fetch_all(pool).await
}

/// After the catalog changed: recounts `search_terms` and vacuums the
/// listings, which renews the planner's statistics and the visibility map
/// index-only scans need (about two seconds at 100,000 listings; searches
/// go on meanwhile).
pub async fn refresh_after_changes(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query!("refresh materialized view concurrently search_terms").execute(pool).await?;
    sqlx::raw_sql("vacuum (analyze) listings").execute(pool).await?;
    Ok(())
}

/// Ids of listings satisfying `f` in an explicit order (a sort code, or
/// best price per square metre), skipping `exclude`.
pub async fn ordered(
    pool: &PgPool,
    f: &FilterParams,
    sort: Option<&str>,
    exclude: &[i64],
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<i64>> {
    let mut q = QueryBuilder::new("select l.id from listings l");
    push_filters(&mut q, f);
    if !exclude.is_empty() {
        q.push(" and not (l.id = any(").push_bind(exclude.to_vec()).push("))");
    }
    q.push(match sort {
        Some("price_asc") => " order by l.price_egp asc",
        Some("price_desc") => " order by l.price_egp desc",
        Some("area_desc") => " order by l.area_sqm desc nulls last",
        Some("monthly_asc") => " order by l.monthly_installment_egp asc nulls last",
        Some("delivery_soonest") => {
            " order by case when l.delivered then 0 else coalesce(l.delivery_year, 9999) end asc"
        }
        _ => " order by l.price_per_sqm_egp asc nulls last",
    });
    q.push(", l.id limit ").push_bind(limit).push(" offset ").push_bind(offset);
    q.build_query_scalar().fetch_all(pool).await
}

struct Row {
    id: i64,
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
    price_per_sqm_egp: Option<i64>,
    delivery_year: Option<i16>,
    delivered: Option<bool>,
    finishing: Option<Finishing>,
    sale_type: Option<SaleType>,
    down_payment_bp: Option<i32>,
    delivery_payment_bp: Option<i32>,
    installment_years: Option<i16>,
    installment_frequency: Option<InstallmentFrequency>,
    installment_amount_egp: Option<i64>,
    monthly_installment_egp: Option<i64>,
    maintenance_deposit_bp: Option<i32>,
    is_available: bool,
    image_url: Option<String>,
}

use crate::domain::market::arabic_name;

impl Row {
    fn into_listing(self) -> Listing {
        let pct = |bp: Option<i32>| bp.map(|b| f64::from(b) / 100.0);
        Listing {
            id: self.id.to_string(),
            url: format!("/listings/{}", self.id),
            title: self.title_en,
            title_ar: self.title_ar,
            description: self.description_en,
            description_ar: self.description_ar,
            property_type: self.property_type,
            location: self.location,
            district: self.district,
            compound_ar: self.compound.as_deref().and_then(arabic_name).map(str::to_owned),
            developer_ar: self.developer.as_deref().and_then(arabic_name).map(str::to_owned),
            compound: self.compound,
            developer: self.developer,
            bedrooms: self.bedrooms,
            bathrooms: self.bathrooms,
            area_sqm: self.area_sqm,
            price_egp: self.price_egp,
            price_per_sqm_egp: self.price_per_sqm_egp,
            delivery_year: if self.delivered == Some(true) { None } else { self.delivery_year },
            delivered: self.delivered,
            finishing: self.finishing,
            sale_type: self.sale_type,
            down_payment_pct: pct(self.down_payment_bp),
            delivery_payment_pct: pct(self.delivery_payment_bp),
            installment_years: self.installment_years,
            installment_frequency: self.installment_frequency.unwrap_or(InstallmentFrequency::None),
            installment_amount_egp: self.installment_amount_egp,
            monthly_installment_egp: self.monthly_installment_egp,
            maintenance_deposit_pct: pct(self.maintenance_deposit_bp),
            is_available: self.is_available,
            image_url: self.image_url,
        }
    }
}

/// Listings by id, in the order of `ids` (unknown ids are skipped).
pub async fn by_ids(pool: &PgPool, ids: &[i64]) -> sqlx::Result<Vec<Listing>> {
    let rows = sqlx::query_as!(
        Row,
        r#"
        select l.id, t.title_en, t.title_ar, t.description_en, t.description_ar,
               l.property_type as "property_type: PropertyType", l.location, l.district, l.compound, l.developer,
               l.bedrooms, l.bathrooms, l.area_sqm, l.price_egp, l.price_per_sqm_egp, l.delivery_year,
               l.delivered, l.finishing as "finishing: Finishing", l.sale_type as "sale_type: SaleType",
               l.down_payment_bp, l.delivery_payment_bp, l.installment_years,
               l.installment_frequency as "installment_frequency: InstallmentFrequency",
               l.installment_amount_egp, l.monthly_installment_egp, l.maintenance_deposit_bp, l.is_available,
               l.image_url
        from listings l
        join listing_texts t on t.listing_id = l.id
        where l.id = any($1)
        "#,
        ids,
    )
    .fetch_all(pool)
    .await?;
    let mut by_id: std::collections::HashMap<i64, Listing> =
        rows.into_iter().map(|r| (r.id, r.into_listing())).collect();
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

#[cfg(test)]
mod tests {
    use super::enum_literal;

    #[test]
    fn enum_codes_become_literals_and_nothing_else_does() {
        assert_eq!(enum_literal(&["villa", "twinhouse"], true), "'{villa,twinhouse}'");
        assert_eq!(enum_literal(&["semi_finished"], false), "'semi_finished'");
        assert_eq!(enum_literal(&["villa", "x'); drop table listings; --"], true), "'{villa}'");
    }
}

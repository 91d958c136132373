//! The search service: understands the query, merges the filter controls'
//! explicit values, ranks the filtered set, and explains an empty answer.

use super::gazetteer;
use super::understand::{Gazetteer, understand};
use crate::domain::listing::Listing;
use crate::domain::search::{FilterKind, Filters, Mode, Relaxation, SearchResults, Sort};
use crate::server::db::search::{self as repo, FilterParams, Ranking};
use crate::server::embed::Embedder;
use chrono::Datelike;
use pgvector::Vector;
use sqlx::PgPool;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
pub const MAX_LIMIT: u32 = 50;
pub const MAX_OFFSET: u32 = 10_000;
/// How long an embedding may take before search answers from text alone.
const EMBED_DEADLINE: Duration = Duration::from_secs(2);
/// How long the known compound and developer names are reused.
const NAMES_TTL: Duration = Duration::from_secs(60);

#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    pub query: String,
    pub mode: Mode,
    pub limit: u32,
    pub offset: u32,
    /// Values set in the filter controls; they win over the text.
    pub overrides: Filters,
}

pub struct SearchService {
    pool: PgPool,
    embedder: Option<Arc<dyn Embedder>>,
    names: RwLock<Option<(Instant, Arc<Gazetteer>)>>,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl SearchService {
    pub fn new(pool: PgPool, embedder: Option<Arc<dyn Embedder>>) -> SearchService {
        SearchService { pool, embedder, names: RwLock::new(None) }
    }

    pub fn embedder(&self) -> Option<&Arc<dyn Embedder>> {
        self.embedder.as_ref()
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    async fn gazetteer(&self) -> Arc<Gazetteer> {
        if let Ok(guard) = self.names.read()
            && let Some((at, g)) = guard.as_ref()
            && at.elapsed() < NAMES_TTL
        {
            return g.clone();
        }
        let (compounds, developers) = match repo::names(&self.pool).await {
            Ok(names) => names,
            Err(error) => {
                tracing::warn!(%error, "could not load catalog names; using the market table");
                (Vec::new(), Vec::new())
            }
        };
        let g = Arc::new(gazetteer::build(&compounds, &developers));
        if let Ok(mut guard) = self.names.write() {
            *guard = Some((Instant::now(), g.clone()));
        }
        g
    }

    async fn embed_query(&self, text: &str) -> Option<(String, Vector)> {
        let embedder = self.embedder.as_ref()?;
        let texts = vec![text.to_owned()];
        match tokio::time::timeout(EMBED_DEADLINE, embedder.embed(&texts)).await {
            Ok(Ok(mut vectors)) if !vectors.is_empty() => {
                Some((embedder.model().to_owned(), Vector::from(vectors.swap_remove(0))))
            }
            Ok(Ok(_)) => None,
            Ok(Err(error)) => {
                tracing::warn!(%error, "query embedding failed; ranking by full text");
                metrics::counter!("search_embedding_failures_total").increment(1);
                None
            }
            Err(_) => {
                tracing::warn!("query embedding timed out; ranking by full text");
                metrics::counter!("search_embedding_failures_total").increment(1);
                None
            }
        }
    }

    pub async fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        let started = Instant::now();
        let query = request.query.trim();
        let gazetteer = self.gazetteer().await;
        let understood = understand(query, &gazetteer, chrono::Utc::now().year() as i16);
        let filters = merge(&understood.filters, &request.overrides);
        let limit = i64::from(request.limit.clamp(1, MAX_LIMIT));
        let offset = i64::from(request.offset.min(MAX_OFFSET));

        // The vector stands for the whole request: hard facts and wishes.
        let wants_vector = request.mode != Mode::Text && !query.is_empty();
        let embedded = if wants_vector { self.embed_query(query).await } else { None };
        let degraded = wants_vector && embedded.is_none();
        let (model, vector) = match embedded {
            Some((m, v)) => (m, Some(v)),
            None => (String::new(), None),
        };
        let tsquery = if request.mode == Mode::Vector { None } else { tsquery(&understood.soft_text) };
        let applied = if request.mode == Mode::Vector { Filters::default() } else { filters.clone() };
        let sort = applied.sort.map(|s| s.code());
        let ranking = Ranking { model: &model, vector, tsquery, sort, limit, offset };
        let ranked = repo::search(&self.pool, &FilterParams::from(&applied), &ranking).await?;
        let total = ranked.first().map_or(0, |r| r.total);
        let ids: Vec<i64> = ranked.iter().map(|r| r.id).collect();
        let results = repo::by_ids(&self.pool, &ids).await?;

        let (relax, suggestions) = if total == 0 && offset == 0 && !applied.is_empty() {
            self.relaxations(&applied, &ranking).await?
        } else {
            (Vec::new(), Vec::new())
        };
        let query_without = FilterKind::ALL
            .into_iter()
            .filter(|k| understood.spans.iter().any(|(sk, _)| sk == k))
            .map(|k| (k, understood.query_without(query, k)))
            .collect();
        metrics::histogram!("search_duration_seconds", "mode" => mode_label(request.mode))
            .record(started.elapsed().as_secs_f64());
        metrics::counter!("searches_total", "mode" => mode_label(request.mode), "empty" => (total == 0).to_string())
            .increment(1);
        Ok(SearchResults {
            query: query.to_owned(),
            mode: request.mode,
            filters,
            soft_text: understood.soft_text,
            total,
            results,
            relax,
            suggestions,
            query_without,
            degraded,
        })
    }

    /// For an empty answer: which single filter, dropped, lets listings
    /// through (most matches first), and the best of those listings.
    async fn relaxations(
        &self,
        filters: &Filters,
        ranking: &Ranking<'_>,
    ) -> Result<(Vec<Relaxation>, Vec<Listing>), SearchError> {
        let mut relax = Vec::new();
        for kind in filters.kinds().into_iter().filter(|k| *k != FilterKind::Sort) {
            let relaxed = filters.without(kind);
            let probe = Ranking {
                model: ranking.model,
                vector: None,
                tsquery: None,
                sort: None,
                limit: 1,
                offset: 0,
            };
            let matches = repo::search(&self.pool, &FilterParams::from(&relaxed), &probe)
                .await?
                .first()
                .map_or(0, |r| r.total);
            if matches > 0 {
                relax.push(Relaxation { filter: kind, matches });
            }
        }
        relax.sort_by(|a, b| b.matches.cmp(&a.matches).then(a.filter.code().cmp(b.filter.code())));
        let Some(best) = relax.first() else { return Ok((relax, Vec::new())) };
        let relaxed = filters.without(best.filter);
        // Past a budget, the nearest to it first.
        let sort = match best.filter {
            FilterKind::PriceMax => Some(Sort::PriceAsc),
            FilterKind::PriceMin => Some(Sort::PriceDesc),
            FilterKind::Monthly => Some(Sort::MonthlyAsc),
            _ => relaxed.sort,
        };
        let suggest = Ranking {
            model: ranking.model,
            vector: ranking.vector.clone(),
            tsquery: ranking.tsquery.clone(),
            sort: sort.map(|s| s.code()),
            limit: 3,
            offset: 0,
        };
        let ids: Vec<i64> = repo::search(&self.pool, &FilterParams::from(&relaxed), &suggest)
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect();
        Ok((relax, repo::by_ids(&self.pool, &ids).await?))
    }

    pub async fn listing(&self, id: i64) -> Result<Option<Listing>, SearchError> {
        Ok(repo::by_ids(&self.pool, &[id]).await?.into_iter().next())
    }

    pub async fn listings(&self, ids: &[i64]) -> Result<Vec<Listing>, SearchError> {
        Ok(repo::by_ids(&self.pool, ids).await?)
    }

    pub async fn page(&self, page: u32, per_page: u32) -> Result<(Vec<Listing>, i64), SearchError> {
        let per_page = i64::from(per_page.clamp(1, 100));
        let offset = i64::from(page.max(1) - 1) * per_page;
        Ok(repo::page(&self.pool, per_page, offset).await?)
    }

    pub async fn similar(&self, id: i64, limit: i64) -> Result<Vec<Listing>, SearchError> {
        let model = self.embedder.as_ref().map_or("", |e| e.model()).to_owned();
        Ok(repo::similar(&self.pool, id, &model, limit).await?)
    }

    /// Whether a listing exists (for the sales agent's answers).
    pub async fn validate_property_exists(&self, id: i64) -> Result<bool, SearchError> {
        Ok(!repo::existing(&self.pool, &[id]).await?.is_empty())
    }

    /// The subset of `ids` that exist.
    pub async fn validate_properties_exist(&self, ids: &[i64]) -> Result<Vec<i64>, SearchError> {
        Ok(repo::existing(&self.pool, ids).await?)
    }
}

fn mode_label(mode: Mode) -> &'static str {
    match mode {
        Mode::Hybrid => "hybrid",
        Mode::Vector => "vector",
        Mode::Text => "text",
    }
}

/// The text's filters with the controls' values on top.
pub fn merge(text: &Filters, explicit: &Filters) -> Filters {
    let mut f = text.clone();
    if !explicit.property_types.is_empty() {
        f.property_types = explicit.property_types.clone();
    }
    if explicit.location.is_some() {
        f.location = explicit.location.clone();
        f.district = explicit.district.clone();
    }
    macro_rules! take {
        ($($field:ident),*) => { $( if explicit.$field.is_some() { f.$field = explicit.$field.clone(); } )* };
    }
    take!(compound, developer, bedrooms_min, bedrooms_max, price_min, price_max, area_min, area_max);
    take!(delivery_by, down_payment_max_pct, installment_years_min, monthly_max, sale_type, finishing, sort);
    if explicit.ready_to_move {
        f.ready_to_move = true;
    }
    f
}

/// An OR-query over the soft text's words, safe for `to_tsquery`.
fn tsquery(soft: &str) -> Option<String> {
    let words: Vec<String> = soft
        .split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|w| w.chars().count() > 1)
        .take(12)
        .collect();
    (!words.is_empty()).then(|| words.join(" | "))
}

#[cfg(test)]
mod tests {
    use super::tsquery;

    #[test]
    fn tsqueries_are_built_from_words_only() {
        assert_eq!(tsquery("garden view"), Some("garden | view".into()));
        assert_eq!(tsquery("x ' & | ! ( )"), None);
        assert_eq!(tsquery("pool's (big)"), Some("pools | big".into()));
        assert_eq!(tsquery(""), None);
    }
}

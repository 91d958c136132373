//! The search service: understands the query, merges the filter controls'
//! explicit values, ranks the filtered set, and explains an empty answer.

use super::cache::{Lru, normalized_query, query_key};
use super::gazetteer;
use super::understand::{Gazetteer, understand};
use crate::domain::listing::Listing;
use crate::domain::search::{FilterKind, Filters, Mode, Relaxation, SearchResults, Sort};
use crate::server::adapters::embed::Embedder;
use crate::server::db::search::{self as repo, Candidate, FilterParams};
use chrono::Datelike;
use pgvector::Vector;
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
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
/// Query embeddings kept: a vector is 1.5 KB, so about 3 MB.
const EMBED_CACHE: usize = 2_048;
/// A model gives the same vector for the same words; an hour bounds how
/// long a changed model behind the same name could be served old vectors.
const EMBED_CACHE_TTL: Duration = Duration::from_secs(3_600);
/// Listing pages whose similar listings are kept, and for how long (other
/// instances learn of a catalog change within this time; this one at once).
const SIMILAR_CACHE: usize = 1_024;
const SIMILAR_TTL: Duration = Duration::from_secs(60);
/// Whole answers to the same request (the same words, controls and page):
/// a shared link opened by many, the back button, a refresh.
const RESULTS_CACHE: usize = 512;
const RESULTS_TTL: Duration = Duration::from_secs(30);
/// Searches waiting to be written to the analytics; past this they are
/// dropped (and counted) rather than queue without bound.
const EVENTS_QUEUE: usize = 20_000;
/// Searches written per statement.
const EVENTS_BATCH: usize = 500;
/// Listings each ranking contributes to the fusion.
const CANDIDATES: i64 = 300;
const TEXT_CANDIDATES: i64 = 200;
/// Up to this many filtered listings every vector is measured; above, the
/// HNSW index finds the nearest.
const EXACT_BELOW: i64 = 1_000;
/// Reciprocal rank fusion's constant: how much a top rank outweighs the next.
const RRF_K: f64 = 60.0;

/// What orders the filtered set.
struct Ranking<'a> {
    vector: Option<&'a (String, Vector)>,
    words: Option<&'a str>,
    /// mode=vector: cosine order alone, no filters.
    pure_vector: bool,
}

/// Reciprocal rank fusion of the two rankings; ties go to the vector order.
fn fuse(by_vector: Option<&[Candidate]>, by_text: Option<&[Candidate]>) -> Vec<Candidate> {
    let mut scores: Vec<(Candidate, f64, usize)> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    for (list, primary) in [(by_vector, true), (by_text, false)] {
        for (rank, c) in list.unwrap_or_default().iter().enumerate() {
            let add = 1.0 / (RRF_K + rank as f64 + 1.0);
            match index.get(&c.id) {
                Some(&i) => scores[i].1 += add,
                None => {
                    index.insert(c.id, scores.len());
                    let order = if primary { rank } else { usize::MAX / 2 + rank };
                    scores.push((c.clone(), add, order));
                }
            }
        }
    }
    scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    scores.into_iter().map(|(c, _, _)| c).collect()
}

/// The best of each compound first, then the second best of each, ...: a
/// page shows the range of the market, not one compound's stock.
fn spread_by_compound(ranked: Vec<Candidate>) -> Vec<i64> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut keyed: Vec<(usize, usize, i64)> = ranked
        .into_iter()
        .enumerate()
        .map(|(position, c)| {
            let key = c.compound.unwrap_or_else(|| format!("#{}", c.id));
            let round = seen.entry(key).or_insert(0);
            *round += 1;
            (*round, position, c.id)
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, id)| id).collect()
}

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
    embeddings: Lru<String, Vector>,
    similar: Lru<(u64, i64, i64), Arc<Vec<Listing>>>,
    results: Lru<String, Arc<SearchResults>>,
    /// Counts catalog changes, for caches elsewhere that key on it.
    generation: AtomicU64,
    events: std::sync::OnceLock<tokio::sync::mpsc::Sender<SearchEvent>>,
}

struct SearchEvent {
    query: String,
    results: i64,
    source: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl SearchService {
    pub fn new(pool: PgPool, embedder: Option<Arc<dyn Embedder>>) -> SearchService {
        SearchService {
            pool,
            embedder,
            names: RwLock::new(None),
            embeddings: Lru::new(EMBED_CACHE, EMBED_CACHE_TTL),
            similar: Lru::new(SIMILAR_CACHE, SIMILAR_TTL),
            results: Lru::new(RESULTS_CACHE, RESULTS_TTL),
            generation: AtomicU64::new(0),
            events: std::sync::OnceLock::new(),
        }
    }

    pub fn embedder(&self) -> Option<&Arc<dyn Embedder>> {
        self.embedder.as_ref()
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The catalog changed (a listing saved or taken off from the
    /// dashboard): the names are read again on the next search, so a new
    /// compound is understood at once on this instance, not read as a
    /// misspelt word that looks like it ("ul0l5" as "alex"). Other
    /// instances read them within `NAMES_TTL`.
    pub fn catalog_changed(&self) {
        if let Ok(mut guard) = self.names.write() {
            *guard = None;
        }
        self.similar.clear();
        self.results.clear();
        self.generation.fetch_add(1, Ordering::Relaxed);
    }

    /// Goes up with every catalog change this instance makes.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Relaxed)
    }

    /// Forgets every cached vector and answer (benchmarks measure the
    /// work, not the cache).
    pub fn clear_caches(&self) {
        self.similar.clear();
        self.results.clear();
        self.embeddings.clear();
    }

    /// Hits and misses of the query-embedding cache since start.
    pub fn embedding_cache_counts(&self) -> (u64, u64) {
        self.embeddings.counts()
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

    /// Notes a search a person ran for the analytics (first pages with a
    /// query only), in the background: the search never waits for it, and
    /// one writer puts whatever has queued into one statement, so a burst
    /// of cached answers costs the database a few inserts, not one
    /// connection each.
    pub fn record(&self, source: &'static str, request: &SearchRequest, results: &SearchResults) {
        let query: String = request.query.trim().to_lowercase().chars().take(200).collect();
        if query.is_empty() || request.offset > 0 {
            return;
        }
        let events = self.events.get_or_init(|| {
            let (tx, rx) = tokio::sync::mpsc::channel(EVENTS_QUEUE);
            // Not telemetry::spawn: the writer outlives the request that starts it.
            tokio::spawn(write_events(self.pool.clone(), rx));
            tx
        });
        if events.try_send(SearchEvent { query, results: results.total, source }).is_err() {
            metrics::counter!("search_events_dropped_total").increment(1);
        }
    }

    /// What a buyer's text says about what they want (area, budget, ...),
    /// read the way search reads a query.
    pub async fn understand(&self, text: &str) -> crate::server::services::search::understand::Understood {
        let gazetteer = self.gazetteer().await;
        understand(text, &gazetteer, chrono::Utc::now().year() as i16)
    }

    /// The query's vector, from the cache when these words were embedded
    /// before (by anyone: the browser, the API and the assistant share it).
    async fn embed_query(&self, text: &str) -> Option<(String, Vector)> {
        let embedder = self.embedder.as_ref()?;
        let model = embedder.model().to_owned();
        let key = query_key(&model, text);
        if let Some(vector) = self.embeddings.get(&key) {
            metrics::counter!("search_cache_total", "cache" => "embedding", "outcome" => "hit").increment(1);
            return Some((model, vector));
        }
        metrics::counter!("search_cache_total", "cache" => "embedding", "outcome" => "miss").increment(1);
        // The words as the key has them: whoever asks first, everyone
        // gets the vector of the same text.
        let texts = vec![normalized_query(text)];
        match tokio::time::timeout(EMBED_DEADLINE, embedder.embed(&texts)).await {
            Ok(Ok(mut vectors)) if !vectors.is_empty() => {
                let vector = Vector::from(vectors.swap_remove(0));
                self.embeddings.insert(key, vector.clone());
                Some((model, vector))
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

    /// The answer to a request, from the cache when the same request was
    /// answered in the last `RESULTS_TTL` and the catalog has not changed
    /// on this instance since (an answer without its vector is not kept).
    pub async fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        let key = format!("{}\u{1f}{}", self.generation(), request_key(request));
        if let Some(found) = self.results.get(&key) {
            metrics::counter!("search_cache_total", "cache" => "results", "outcome" => "hit").increment(1);
            return Ok(found.as_ref().clone());
        }
        metrics::counter!("search_cache_total", "cache" => "results", "outcome" => "miss").increment(1);
        let results = self.search_now(request).await?;
        if !results.degraded {
            self.results.insert(key, Arc::new(results.clone()));
        }
        Ok(results)
    }

    async fn search_now(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        let started = Instant::now();
        let query = request.query.trim();
        let gazetteer = self.gazetteer().await;
        let understood = understand(query, &gazetteer, chrono::Utc::now().year() as i16);
        let filters = merge(&understood.filters, &request.overrides);
        let limit = i64::from(request.limit.clamp(1, MAX_LIMIT));
        let offset = i64::from(request.offset.min(MAX_OFFSET));

        // The vector stands for the whole request: hard facts and wishes.
        // The model embeds it while Postgres counts the filtered set.
        let wants_vector = request.mode != Mode::Text && !query.is_empty();
        let applied = if request.mode == Mode::Vector { Filters::default() } else { filters.clone() };
        let params = FilterParams::from(&applied);
        let embedding = async { if wants_vector { self.embed_query(query).await } else { None } };
        let (embedded, total) = tokio::join!(embedding, repo::count(&self.pool, &params));
        let total = total?;
        let degraded = wants_vector && embedded.is_none();
        let words = if request.mode == Mode::Vector { None } else { text_words(&understood.soft_text) };
        let ranking = Ranking {
            vector: embedded.as_ref(),
            words: words.as_deref(),
            pure_vector: request.mode == Mode::Vector,
        };
        let ids = if total == 0 {
            Vec::new()
        } else {
            self.page_ids(&params, applied.sort, &ranking, total, limit, offset).await?
        };
        let results = repo::by_ids(&self.pool, &ids).await?;

        let place = applied.location.as_deref().and_then(crate::domain::places::by_name);
        let (relax, mut suggestions) = if total == 0 && offset == 0 && !applied.is_empty() {
            self.relaxations(&applied, &ranking).await?
        } else {
            (Vec::new(), Vec::new())
        };
        // A place Osool has no listings in: the nearest areas that have
        // listings fitting everything else, and the best from the nearest.
        let mut nearby = Vec::new();
        if let Some(place) = place.filter(|_| total == 0 && offset == 0) {
            let (areas, best) = self.nearby(place, &applied, &ranking).await?;
            nearby = areas;
            if let Some(best) = best {
                suggestions = best;
            }
        }
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
            corrections: understood.corrections,
            notes: understood.notes,
            place_without_listings: place.filter(|_| total == 0).map(|p| p.name_en.to_owned()),
            nearby,
        })
    }

    /// For a place Osool has no listings in: up to three of the nearest
    /// areas with listings that fit everything else, and the best three
    /// from the nearest of them.
    async fn nearby(
        &self,
        place: &crate::domain::places::Place,
        applied: &Filters,
        ranking: &Ranking<'_>,
    ) -> Result<(Vec<Relaxation>, Option<Vec<Listing>>), SearchError> {
        let candidates: Vec<Filters> = crate::domain::places::nearest_areas(place)
            .into_iter()
            .map(|area| Filters { location: Some(area.to_owned()), district: None, ..applied.clone() })
            .collect();
        let counts = futures::future::try_join_all(
            candidates.iter().map(|f| async move { repo::count(&self.pool, &FilterParams::from(f)).await }),
        )
        .await?;
        let mut nearby = Vec::new();
        for (f, matches) in candidates.iter().zip(counts) {
            if matches > 0 && nearby.len() < 3 {
                nearby.push(Relaxation { filter: FilterKind::Location, matches, area: f.location.clone() });
            }
        }
        let mut best = None;
        if let Some(first) =
            candidates.iter().find(|f| f.location == nearby.first().and_then(|n| n.area.clone()))
        {
            let params = FilterParams::from(first);
            let count = nearby[0].matches;
            let ids = self.page_ids(&params, first.sort, ranking, count, 3, 0).await?;
            best = Some(repo::by_ids(&self.pool, &ids).await?);
        }
        Ok((nearby, best))
    }

    /// One page of the filtered set: in an explicit order when asked, else
    /// the vector and full-text candidates fused by reciprocal rank and
    /// spread across compounds, then the rest by price per square metre.
    async fn page_ids(
        &self,
        params: &FilterParams,
        sort: Option<Sort>,
        ranking: &Ranking<'_>,
        total: i64,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<i64>, SearchError> {
        if let Some(sort) = sort {
            return Ok(repo::ordered(&self.pool, params, Some(sort.code()), &[], limit, offset).await?);
        }
        let k = CANDIDATES.max(offset + limit);
        let by_vector = async {
            match ranking.vector {
                Some((model, vector)) => {
                    let exact = total <= EXACT_BELOW && !ranking.pure_vector;
                    repo::nearest(&self.pool, params, model, vector, k, exact).await.map(Some)
                }
                None => Ok(None),
            }
        };
        let by_text = async {
            match ranking.words {
                Some(q) => repo::text_matches(&self.pool, params, q, TEXT_CANDIDATES).await.map(Some),
                None => Ok(None),
            }
        };
        let (by_vector, by_text) = tokio::join!(by_vector, by_text);
        let (by_vector, by_text) = (by_vector?, by_text?);
        if ranking.pure_vector {
            // The original search: cosine order, nothing else.
            let ids = by_vector.unwrap_or_default().into_iter().map(|c| c.id);
            return Ok(ids.skip(offset as usize).take(limit as usize).collect());
        }
        let ranked = spread_by_compound(fuse(by_vector.as_deref(), by_text.as_deref()));
        let mut page: Vec<i64> = ranked.iter().skip(offset as usize).take(limit as usize).copied().collect();
        if (page.len() as i64) < limit && (ranked.len() as i64) < total {
            let need = limit - page.len() as i64;
            let rest_offset = (offset - ranked.len() as i64).max(0);
            page.extend(repo::ordered(&self.pool, params, None, &ranked, need, rest_offset).await?);
        }
        Ok(page)
    }

    /// For an empty answer: which single filter, dropped, lets listings
    /// through (most matches first), and the best of those listings.
    async fn relaxations(
        &self,
        filters: &Filters,
        ranking: &Ranking<'_>,
    ) -> Result<(Vec<Relaxation>, Vec<Listing>), SearchError> {
        let kinds: Vec<FilterKind> = filters.kinds().into_iter().filter(|k| *k != FilterKind::Sort).collect();
        let counts = futures::future::try_join_all(kinds.iter().map(|kind| async move {
            repo::count(&self.pool, &FilterParams::from(&filters.without(*kind))).await
        }))
        .await?;
        let mut relax: Vec<Relaxation> = kinds
            .into_iter()
            .zip(counts)
            .filter(|(_, matches)| *matches > 0)
            .map(|(filter, matches)| Relaxation { filter, matches, area: None })
            .collect();
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
        let params = FilterParams::from(&relaxed);
        let ids = self.page_ids(&params, sort, ranking, best.matches, 3, 0).await?;
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

    /// The listings most like this one, kept until the catalog changes
    /// (`SIMILAR_TTL` at most): every view of a listing page asks.
    pub async fn similar(&self, id: i64, limit: i64) -> Result<Arc<Vec<Listing>>, SearchError> {
        // Keyed by the catalog's generation as it was before reading: an
        // answer read before a change is never found after it.
        let key = (self.generation(), id, limit);
        if let Some(found) = self.similar.get(&key) {
            metrics::counter!("search_cache_total", "cache" => "similar", "outcome" => "hit").increment(1);
            return Ok(found);
        }
        metrics::counter!("search_cache_total", "cache" => "similar", "outcome" => "miss").increment(1);
        let model = self.embedder.as_ref().map_or("", |e| e.model()).to_owned();
        let found = Arc::new(repo::similar(&self.pool, id, &model, limit).await?);
        self.similar.insert(key, found.clone());
        Ok(found)
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

/// The analytics writer: waits for a search, takes every one queued behind
/// it (up to `EVENTS_BATCH`), writes them in one statement.
async fn write_events(pool: PgPool, mut events: tokio::sync::mpsc::Receiver<SearchEvent>) {
    let mut batch = Vec::with_capacity(EVENTS_BATCH);
    while events.recv_many(&mut batch, EVENTS_BATCH).await > 0 {
        let queries: Vec<String> = batch.iter().map(|e| e.query.clone()).collect();
        let results: Vec<i64> = batch.iter().map(|e| e.results).collect();
        let sources: Vec<String> = batch.iter().map(|e| e.source.to_owned()).collect();
        if let Err(error) =
            crate::server::db::analytics::record_searches(&pool, &queries, &results, &sources).await
        {
            tracing::warn!(%error, searches = batch.len(), "could not record searches for the analytics");
            metrics::counter!("search_events_dropped_total").increment(batch.len() as u64);
        }
        batch.clear();
    }
}

/// Everything an answer depends on, as one string.
fn request_key(request: &SearchRequest) -> String {
    let overrides = serde_json::to_string(&request.overrides).unwrap_or_default();
    format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{overrides}",
        request.query.trim(),
        mode_label(request.mode),
        request.limit,
        request.offset
    )
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
    if explicit.compound.is_some() {
        f.compound_also = explicit.compound_also.clone();
    }
    take!(
        compound,
        developer,
        bedrooms_min,
        bedrooms_max,
        bathrooms_min,
        price_min,
        price_max,
        area_min,
        area_max
    );
    take!(
        delivery_by,
        down_payment_max_pct,
        down_payment_max,
        installment_years_min,
        monthly_max,
        sale_type,
        finishing,
        sort
    );
    if explicit.ready_to_move {
        f.ready_to_move = true;
    }
    f
}

/// The soft text's words (letters and digits only) for the full-text
/// ranking, which matches any of them.
fn text_words(soft: &str) -> Option<String> {
    let words: Vec<String> = soft
        .split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|w| w.chars().count() > 1)
        .take(12)
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::{Candidate, fuse, spread_by_compound, text_words};

    fn c(id: i64, compound: &str) -> Candidate {
        Candidate { id, compound: Some(compound.to_owned()) }
    }

    #[test]
    fn fusion_rewards_listings_both_rankings_like() {
        let vector = [c(1, "A"), c(2, "B"), c(3, "C")];
        let text = [c(3, "C"), c(4, "D")];
        let fused: Vec<i64> = fuse(Some(&vector), Some(&text)).into_iter().map(|c| c.id).collect();
        assert_eq!(fused, vec![3, 1, 2, 4]);
        let alone: Vec<i64> = fuse(Some(&vector), None).into_iter().map(|c| c.id).collect();
        assert_eq!(alone, vec![1, 2, 3]);
    }

    #[test]
    fn pages_spread_across_compounds() {
        let ranked =
            vec![c(1, "Sarai"), c(2, "Sarai"), c(3, "Sarai"), c(4, "Mivida"), c(5, "Mivida"), c(6, "Zed")];
        assert_eq!(spread_by_compound(ranked), vec![1, 4, 6, 2, 5, 3]);
    }

    #[test]
    fn text_ranking_sees_words_only() {
        assert_eq!(text_words("garden view"), Some("garden view".into()));
        assert_eq!(text_words("x ' & | ! ( )"), None);
        assert_eq!(text_words("pool's (big)"), Some("pools big".into()));
        assert_eq!(text_words(""), None);
    }
}

//! `osool ingest`: reads a catalog file, validates every record (a bad one
//! is reported with its id and reason and skipped), upserts the rest in
//! batches inside transactions, skips records whose content hash is
//! unchanged, embeds new and changed ones (and any lacking a vector from
//! the current model), and ends by checking the database against the file.
//! A rejected record never touches what is already stored.

use super::formats::{self, Parsed};
use super::progress::Progress;
use crate::domain::listing::ListingRecord;
use crate::server::adapters::embed::Embedder;
use crate::server::db::listings::{self as repo, Stored};
use anyhow::{Context, bail};
use pgvector::Vector;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

pub struct Options {
    /// Overrides the source recorded with each listing (the natural key's
    /// first half); by default it follows the file format.
    pub source: Option<String>,
    pub batch_size: usize,
    pub show_progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { source: None, batch_size: 256, show_progress: false }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub id: String,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub read: usize,
    pub rejected: Vec<Rejection>,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub embedded: usize,
    /// Records of the file found in the database afterwards.
    pub stored: i64,
    /// Of those, how many carry a current vector from the model.
    pub with_embedding: i64,
    pub model: String,
    pub elapsed: Duration,
}

impl Report {
    pub fn valid(&self) -> usize {
        self.read - self.rejected.len()
    }
}

pub fn content_hash(record: &ListingRecord) -> Vec<u8> {
    // serde_json writes fields in declaration order: a stable encoding.
    let bytes = serde_json::to_vec(record).unwrap_or_default();
    Sha256::digest(&bytes).to_vec()
}

pub async fn ingest_file(
    pool: &PgPool,
    embedder: &dyn Embedder,
    path: &Path,
    options: &Options,
) -> anyhow::Result<Report> {
    let bytes = tokio::fs::read(path).await.with_context(|| format!("cannot read {}", path.display()))?;
    ingest_bytes(pool, embedder, &bytes, options).await
}

pub async fn ingest_bytes(
    pool: &PgPool,
    embedder: &dyn Embedder,
    bytes: &[u8],
    options: &Options,
) -> anyhow::Result<Report> {
    let started = Instant::now();
    let parsed = formats::parse(bytes, options.source.as_deref()).map_err(anyhow::Error::msg)?;
    let mut report = Report { read: parsed.len(), model: embedder.model().to_owned(), ..Report::default() };
    let valid = validate_all(parsed, &mut report.rejected);
    let Some(source) = valid.first().map(|(r, _)| r.source.clone()) else {
        report.elapsed = started.elapsed();
        return Ok(report);
    };

    // All or nothing: every batch is read and embedded first (no
    // transaction open while the model works), then one transaction
    // writes them all. An ingest stopped half way (SIGTERM, a failure, a
    // lost connection) leaves the catalog exactly as it was.
    let mut progress = Progress::new("ingest", valid.len(), options.show_progress);
    let mut planned = Vec::new();
    for batch in valid.chunks(options.batch_size.max(1)) {
        planned.push(plan_batch(pool, embedder, &source, batch, &mut report).await?);
        progress.advance(batch.len());
    }
    progress.finish();
    let mut tx = pool.begin().await?;
    for plan in planned {
        report.embedded += write_plan(&mut tx, embedder.model(), plan).await?;
    }
    tx.commit().await?;
    if report.inserted + report.updated > 0 {
        crate::server::db::search::refresh_after_changes(pool).await?;
    }

    let ids: Vec<String> = valid.iter().map(|(r, _)| r.external_id.clone()).collect();
    let (stored, with_embedding) = repo::verify_counts(pool, &source, embedder.model(), &ids).await?;
    report.stored = stored;
    report.with_embedding = with_embedding;
    report.elapsed = started.elapsed();
    if stored != valid.len() as i64 || with_embedding != valid.len() as i64 {
        bail!(
            "verification failed: {} valid records, {stored} stored, {with_embedding} with a current embedding",
            valid.len()
        );
    }
    Ok(report)
}

/// Stores one listing an agent edited, by the same path as a file: checked
/// by the ingest rules, written with its texts, and re-embedded when its
/// content changed, all before this returns (so search has it at once).
/// Returns the listing's id.
pub async fn store_one(pool: &PgPool, embedder: &dyn Embedder, record: ListingRecord) -> anyhow::Result<i64> {
    record.validate()?;
    let hash = content_hash(&record);
    let (source, external_id) = (record.source.clone(), record.external_id.clone());
    let mut report = Report::default();
    let batch = [(record, hash)];
    let plan = plan_batch(pool, embedder, &source, &batch, &mut report).await?;
    let mut tx = pool.begin().await?;
    write_plan(&mut tx, embedder.model(), plan).await?;
    tx.commit().await?;
    let stored = repo::stored(pool, &source, embedder.model(), std::slice::from_ref(&external_id)).await?;
    stored.first().map(|s| s.id).context("the listing was not stored")
}

/// Validates and de-duplicates; rejections are collected in file order.
fn validate_all(parsed: Vec<Parsed>, rejected: &mut Vec<Rejection>) -> Vec<(ListingRecord, Vec<u8>)> {
    let mut seen = HashSet::new();
    let mut valid = Vec::with_capacity(parsed.len());
    for Parsed { id, record } in parsed {
        let outcome =
            record.and_then(|r| r.validate().map(|()| r).map_err(|e| e.to_string())).and_then(|r| {
                if seen.insert(r.external_id.clone()) {
                    Ok(r)
                } else {
                    Err("id: appears earlier in this file".into())
                }
            });
        match outcome {
            Ok(record) => {
                let hash = content_hash(&record);
                valid.push((record, hash));
            }
            Err(reason) => rejected.push(Rejection { id, reason }),
        }
    }
    valid
}

/// What one batch changes: the records to write (new or changed), the
/// vectors to store, and the ids the rows already have.
struct Plan<'a> {
    to_write: Vec<(&'a ListingRecord, &'a [u8])>,
    embedded: Vec<(&'a ListingRecord, &'a [u8], Vec<f32>)>,
    row_ids: HashMap<String, i64>,
}

/// Compares a batch with what is stored and embeds what needs it; writes
/// nothing.
async fn plan_batch<'a>(
    pool: &PgPool,
    embedder: &dyn Embedder,
    source: &str,
    batch: &'a [(ListingRecord, Vec<u8>)],
    report: &mut Report,
) -> anyhow::Result<Plan<'a>> {
    let ids: Vec<String> = batch.iter().map(|(r, _)| r.external_id.clone()).collect();
    let stored: HashMap<String, Stored> = repo::stored(pool, source, embedder.model(), &ids)
        .await?
        .into_iter()
        .map(|s| (s.external_id.clone(), s))
        .collect();

    let mut to_write: Vec<(&ListingRecord, &[u8])> = Vec::new();
    let mut to_embed: Vec<(&ListingRecord, &[u8])> = Vec::new();
    for (record, hash) in batch {
        match stored.get(&record.external_id) {
            None => {
                report.inserted += 1;
                to_write.push((record, hash));
            }
            Some(s) if s.content_hash != *hash => {
                report.updated += 1;
                to_write.push((record, hash));
            }
            Some(_) => report.unchanged += 1,
        }
        let current = stored.get(&record.external_id).and_then(|s| s.embedding_hash.as_ref());
        if current != Some(hash) {
            to_embed.push((record, hash));
        }
    }
    let texts: Vec<String> = to_embed.iter().map(|(r, _)| r.embedding_text()).collect();
    let vectors = if texts.is_empty() { Vec::new() } else { embedder.embed(&texts).await? };
    if vectors.len() != to_embed.len() {
        bail!("the embedder returned {} vectors for {} texts", vectors.len(), to_embed.len());
    }
    let embedded = to_embed.into_iter().zip(vectors).map(|((r, h), v)| (r, h, v)).collect();
    let row_ids = stored.iter().map(|(k, s)| (k.clone(), s.id)).collect();
    Ok(Plan { to_write, embedded, row_ids })
}

/// Writes a planned batch inside the caller's transaction; returns how
/// many vectors it stored.
async fn write_plan(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    model: &str,
    plan: Plan<'_>,
) -> anyhow::Result<usize> {
    let Plan { to_write, embedded, mut row_ids } = plan;
    if !to_write.is_empty() {
        row_ids.extend(repo::upsert(tx, &to_write).await?);
    }
    let rows = embedded
        .into_iter()
        .map(|(record, hash, vector)| {
            let id = row_ids.get(&record.external_id).copied().context("row id missing after upsert")?;
            Ok((id, Vector::from(vector), hash.to_vec()))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    if !rows.is_empty() {
        repo::upsert_embeddings(tx, model, &rows).await?;
    }
    Ok(rows.len())
}

//! Text embeddings behind one trait: the local all-MiniLM-L6-v2 model run
//! in-process (the default, offline) and OpenAI's embeddings API (or any
//! server speaking it) when `OPENAI_API_KEY` is set.

pub mod local;
pub mod openai;

use crate::server::config::{Config, EmbedderChoice};
use futures::future::BoxFuture;
use sqlx::PgPool;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("embedding model could not be loaded: {0}")]
    Load(String),
    #[error("embedding failed: {0}")]
    Compute(String),
    #[error("embedding service error: {0}")]
    Upstream(String),
    #[error("embedding service did not answer in time")]
    Timeout,
}

/// Turns texts into unit-length vectors; the same model always gives
/// vectors of the same length.
pub trait Embedder: Send + Sync {
    /// Stored with every vector, so vectors of different models never mix.
    fn model(&self) -> &str;
    fn dimensions(&self) -> usize;
    /// One vector per text, in order.
    fn embed<'a>(&'a self, texts: &'a [String]) -> BoxFuture<'a, Result<Vec<Vec<f32>>, EmbedError>>;
}

/// The embedder the configuration asks for.
pub fn from_config(config: &Config, pool: &PgPool) -> Result<Arc<dyn Embedder>, EmbedError> {
    from_config_with_costs(config, pool, None)
}

/// As `from_config`, adding paid calls to the cost monitor's daily figures.
pub fn from_config_with_costs(
    config: &Config,
    pool: &PgPool,
    costs: Option<Arc<dyn crate::server::adapters::UsageMeter>>,
) -> Result<Arc<dyn Embedder>, EmbedError> {
    match config.embedder {
        EmbedderChoice::OpenAi => {
            Ok(Arc::new(openai::OpenAiEmbedder::new(config, pool.clone())?.with_costs(costs)))
        }
        EmbedderChoice::Local => Ok(Arc::new(local::LocalEmbedder::load(&config.model_dir)?)),
    }
}

/// Cosine similarity of two vectors (1 = same direction).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 { 0.0 } else { dot / (na * nb) }
}

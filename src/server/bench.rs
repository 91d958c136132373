//! `osool bench`: figures for README, measured on this machine. Ingest runs
//! against a scratch database it creates and drops; embedding runs the
//! configured model.

use crate::server::adapters::embed;
use crate::server::config::Config;
use crate::server::db;
use crate::server::services::catalog::{generate, ingest};
use anyhow::Context;
use clap::Subcommand;
use sqlx::{Connection, Executor, PgConnection};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// Cold ingest, then a re-run with nothing changed, on a scratch database.
    Ingest {
        /// A catalog file; without it a seeded catalog of --count listings.
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long, default_value_t = generate::DEFAULT_COUNT)]
        count: usize,
    },
    /// Search latency (p50/p95, server side, query embedding included) over
    /// a catalog of --count listings (3,274: the committed one).
    Search {
        #[arg(long, default_value_t = generate::DEFAULT_COUNT)]
        count: usize,
        #[arg(long, default_value_t = 300)]
        runs: usize,
        /// Keep the scratch database (osool_bench_<count>) for the next run.
        #[arg(long)]
        keep: bool,
    },
    /// Query embedding latency (p50/p95) and listing throughput.
    Embed {
        #[arg(long, default_value_t = 200)]
        runs: usize,
    },
    /// The server's own latency to the first streamed chat token: the real
    /// HTTP endpoint, storage and guard, with a model that answers at once.
    Chat {
        #[arg(long, default_value_t = 300)]
        runs: usize,
    },
}

pub async fn run(config: Config, command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Ingest { file, count } => bench_ingest(config, file, count).await,
        BenchCommand::Search { count, runs, keep } => bench_search(config, count, runs, keep).await,
        BenchCommand::Embed { runs } => bench_embed(config, runs).await,
        BenchCommand::Chat { runs } => bench_chat(config, runs).await,
    }
}

/// Peak resident memory of this process so far (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib / 1024.0)
}

fn database_url(base: &str, name: &str) -> String {
    match base.rsplit_once('/') {
        Some((root, tail)) if !root.ends_with('/') => {
            let query = tail.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
            format!("{root}/{name}{query}")
        }
        _ => format!("{base}/{name}"),
    }
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    sorted.get(((sorted.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or(0.0)
}

async fn bench_search(mut config: Config, count: usize, runs: usize, keep: bool) -> anyhow::Result<()> {
    use crate::server::services::search::service::{SearchRequest, SearchService};
    let name = format!("osool_bench_{count}");
    let admin_url = config.database_url.expose().to_owned();
    let mut admin = PgConnection::connect(&admin_url).await.context("connecting to DATABASE_URL")?;
    let exists: Option<i32> = sqlx::query_scalar("select 1 from pg_database where datname = $1")
        .bind(&name)
        .fetch_optional(&mut admin)
        .await?;
    if exists.is_none() {
        admin.execute(format!(r#"create database "{name}""#).as_str()).await?;
    }
    config.database_url = crate::server::config::Secret::new(database_url(&admin_url, &name));
    let pool = db::pool(&config)?;
    db::migrate(&pool).await?;
    let embedder = embed::from_config(&config, &pool)?;
    let mut stored: i64 = sqlx::query_scalar("select count(*) from listings").fetch_one(&pool).await?;
    if stored != count as i64 {
        println!("loading {count} listings into {name} (once; --keep reuses it)");
        let bytes = if count == generate::DEFAULT_COUNT {
            std::fs::read("data/properties.json").context("run from the repository root")?
        } else {
            serde_json::to_vec(&generate::generate(count, generate::DEFAULT_SEED))?
        };
        let options = ingest::Options { show_progress: true, batch_size: 512, ..Default::default() };
        let report = ingest::ingest_bytes(&pool, embedder.as_ref(), &bytes, &options).await?;
        println!("  ingested in {:.1} s", report.elapsed.as_secs_f64());
        stored = report.stored;
    }
    sqlx::query("analyze").execute(&pool).await?;
    let service = SearchService::new(pool.clone(), Some(embedder));
    let eval: serde_json::Value = serde_json::from_str(include_str!("../../data/fixtures/search-eval.json"))
        .context("evaluation set")?;
    let queries: Vec<String> = eval["cases"]
        .as_array()
        .map(|cases| cases.iter().filter_map(|c| c["query"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    // Warm the model, the caches and the plans.
    for q in queries.iter().take(5) {
        service.search(&SearchRequest { query: q.clone(), limit: 10, ..Default::default() }).await?;
    }
    let mut latencies = Vec::with_capacity(runs);
    let mut by_query: Vec<(f64, String)> = Vec::new();
    for i in 0..runs {
        let request =
            SearchRequest { query: queries[i % queries.len()].clone(), limit: 10, ..Default::default() };
        service.clear_caches();
        let started = Instant::now();
        service.search(&request).await?;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        latencies.push(ms);
        by_query.push((ms, request.query));
    }
    latencies.sort_by(f64::total_cmp);
    by_query.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("search over {stored} listings ({runs} queries from the evaluation set, hybrid, limit 10)");
    println!(
        "  p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.95),
        percentile(&latencies, 1.0)
    );
    for (ms, query) in by_query.iter().take(5) {
        println!("  slowest: {ms:.1} ms  {query}");
    }
    pool.close().await;
    if !keep {
        admin.execute(format!(r#"drop database if exists "{name}" with (force)"#).as_str()).await?;
    }
    Ok(())
}

async fn bench_ingest(mut config: Config, file: Option<PathBuf>, count: usize) -> anyhow::Result<()> {
    let bytes = match &file {
        Some(path) => std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?,
        None => serde_json::to_vec(&generate::generate(count, generate::DEFAULT_SEED))?,
    };
    let scratch = format!("osool_bench_{}", std::process::id());
    let admin_url = config.database_url.expose().to_owned();
    let mut admin = PgConnection::connect(&admin_url).await.context("connecting to DATABASE_URL")?;
    admin.execute(format!(r#"drop database if exists "{scratch}""#).as_str()).await?;
    admin
        .execute(format!(r#"create database "{scratch}""#).as_str())
        .await
        .context("creating the scratch database")?;
    let scratch_url = database_url(&admin_url, &scratch);
    config.database_url = crate::server::config::Secret::new(scratch_url);
    let result = async {
        let pool = db::pool(&config)?;
        db::migrate(&pool).await?;
        let embedder = embed::from_config(&config, &pool)?;
        // Load the model before the clock starts: serving loads it once.
        embedder.embed(&["warm up".to_owned()]).await?;
        let options = ingest::Options { show_progress: true, ..Default::default() };
        let cold = ingest::ingest_bytes(&pool, embedder.as_ref(), &bytes, &options).await?;
        let warm = ingest::ingest_bytes(&pool, embedder.as_ref(), &bytes, &options).await?;
        pool.close().await;
        anyhow::Ok((cold, warm))
    }
    .await;
    admin.execute(format!(r#"drop database if exists "{scratch}" with (force)"#).as_str()).await?;
    let (cold, warm) = result?;
    println!("ingest of {} listings with {}", cold.read, cold.model);
    println!(
        "  cold: {:.1} s ({:.0} listings/s; {} embedded)",
        cold.elapsed.as_secs_f64(),
        cold.read as f64 / cold.elapsed.as_secs_f64(),
        cold.embedded
    );
    println!("  unchanged re-run: {:.2} s ({} unchanged)", warm.elapsed.as_secs_f64(), warm.unchanged);
    if let Some(peak) = peak_rss_mib() {
        println!("  peak memory: {peak:.0} MiB");
    }
    Ok(())
}

async fn bench_embed(config: Config, runs: usize) -> anyhow::Result<()> {
    let pool = db::pool(&config)?;
    let embedder = embed::from_config(&config, &pool)?;
    let queries = [
        "3 bedroom apartment in New Cairo under 10 million",
        "villa with a garden in Sheikh Zayed",
        "chalet in Sahel ready to move",
        "cheapest office in the new capital",
        "duplex near the American University",
    ];
    embedder.embed(&[queries[0].to_owned()]).await?;
    let mut latencies = Vec::with_capacity(runs);
    for i in 0..runs {
        let text = vec![queries[i % queries.len()].to_owned()];
        let started = Instant::now();
        embedder.embed(&text).await?;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| percentile(&latencies, q);
    println!("query embedding with {} ({} runs)", embedder.model(), runs);
    println!("  p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms", at(0.5), at(0.95), at(1.0));

    let catalog = generate::generate(512, generate::DEFAULT_SEED);
    let texts: Vec<String> = catalog
        .listings
        .into_iter()
        .filter_map(|l| crate::server::services::catalog::formats::from_catalog(l, "bench").ok())
        .map(|r| r.embedding_text())
        .collect();
    let started = Instant::now();
    embedder.embed(&texts).await?;
    let seconds = started.elapsed().as_secs_f64();
    println!("  listing texts: {} in {:.2} s ({:.0}/s)", texts.len(), seconds, texts.len() as f64 / seconds);
    Ok(())
}

/// A model that answers at once: the bench measures the server, not a model.
struct InstantModel;

impl crate::server::adapters::llm::LlmClient for InstantModel {
    fn provider(&self) -> &'static str {
        "bench"
    }

    fn model(&self) -> &str {
        "instant"
    }

    fn stream<'a>(
        &'a self,
        _request: &'a crate::server::adapters::llm::LlmRequest,
    ) -> futures::future::BoxFuture<
        'a,
        Result<crate::server::adapters::llm::LlmStream, crate::server::adapters::llm::LlmError>,
    > {
        use crate::server::adapters::llm::LlmEvent;
        use futures::StreamExt;
        let events = ["Hello ", "and ", "welcome ", "to ", "Osool. ", "How ", "can ", "I ", "help?"]
            .map(|w| Ok(LlmEvent::Text(w.to_owned())));
        Box::pin(async move { Ok(futures::stream::iter(events).boxed()) })
    }
}

async fn bench_chat(mut config: Config, runs: usize) -> anyhow::Result<()> {
    use crate::server::app::Application;
    config.addr = "127.0.0.1:0".parse()?;
    config.chat_rate_per_minute = u32::MAX;
    let pool = db::pool(&config)?;
    db::migrate(&pool).await.context("applying migrations")?;
    let app = Application::build_with(config, Some(std::sync::Arc::new(InstantModel))).await?;
    let origin = format!("http://{}", app.local_addr());
    let url = format!("{origin}/api/v1/chat");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build()?;
    let mut first_token = Vec::with_capacity(runs);
    let mut whole = Vec::with_capacity(runs);
    let mut conversation: Option<String> = None;
    for run in 0..runs + 10 {
        // Every tenth message starts a new conversation; the others grow one.
        if run % 10 == 0 {
            conversation = None;
        }
        let started = Instant::now();
        let mut response = client
            .post(&url)
            .header("origin", &origin)
            .header("cookie", "osool_visitor=benchbenchbenchbenchbench01")
            .json(&serde_json::json!({"conversation_id": conversation, "message": "hello, what do you have in New Cairo?"}))
            .send()
            .await?;
        anyhow::ensure!(response.status().is_success(), "chat answered {}", response.status());
        let mut seen = String::new();
        let mut first = None;
        while let Some(chunk) = response.chunk().await? {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if first.is_none() && seen.contains("event: delta") {
                first = Some(started.elapsed());
            }
        }
        if conversation.is_none() {
            conversation = seen
                .split("\"conversation_id\":\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .map(str::to_owned);
        }
        // The first runs warm the pools up.
        if run >= 10 {
            first_token.push(first.unwrap_or_default().as_secs_f64() * 1000.0);
            whole.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let _ = stop.send(());
    let _ = server.await;
    first_token.sort_by(f64::total_cmp);
    whole.sort_by(f64::total_cmp);
    println!(
        "chat: time to the first streamed token, model answering at once ({runs} messages, HTTP included)"
    );
    println!(
        "  first token p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        percentile(&first_token, 0.5),
        percentile(&first_token, 0.95),
        percentile(&first_token, 1.0)
    );
    println!("  whole answer p50 {:.1} ms, p95 {:.1} ms", percentile(&whole, 0.5), percentile(&whole, 0.95));
    Ok(())
}

//! `osool bench`: figures for README, measured on this machine. Ingest runs
//! against a scratch database it creates and drops; embedding runs the
//! configured model.

use crate::server::catalog::{generate, ingest};
use crate::server::config::Config;
use crate::server::{db, embed};
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
    /// Query embedding latency (p50/p95) and listing throughput.
    Embed {
        #[arg(long, default_value_t = 200)]
        runs: usize,
    },
}

pub async fn run(config: Config, command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Ingest { file, count } => bench_ingest(config, file, count).await,
        BenchCommand::Embed { runs } => bench_embed(config, runs).await,
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
    let scratch_url = match admin_url.rsplit_once('/') {
        Some((base, tail)) if !base.ends_with('/') => {
            let query = tail.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
            format!("{base}/{scratch}{query}")
        }
        _ => format!("{admin_url}/{scratch}"),
    };
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
    let at = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q).round() as usize];
    println!("query embedding with {} ({} runs)", embedder.model(), runs);
    println!("  p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms", at(0.5), at(0.95), at(1.0));

    let catalog = generate::generate(512, generate::DEFAULT_SEED);
    let texts: Vec<String> = catalog
        .listings
        .into_iter()
        .filter_map(|l| crate::server::catalog::formats::from_catalog(l, "bench").ok())
        .map(|r| r.embedding_text())
        .collect();
    let started = Instant::now();
    embedder.embed(&texts).await?;
    let seconds = started.elapsed().as_secs_f64();
    println!("  listing texts: {} in {:.2} s ({:.0}/s)", texts.len(), seconds, texts.len() as f64 / seconds);
    Ok(())
}

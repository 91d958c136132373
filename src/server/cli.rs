//! The `osool` command line: `serve` (the default), `migrate`, `generate`,
//! `ingest`, `bench`, `user`, `costs` and `fake-paymob` (development).

use crate::server::adapters::embed;
use crate::server::app::{Application, shutdown_signal};
use crate::server::config::Config;
use crate::server::services::catalog::{generate, ingest};
use crate::server::{bench, db, telemetry};
use anyhow::Context;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "osool", version, about = "Osool: property search and sales for Egypt")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// Whether this run serves the site (the default command).
    pub fn serves(&self) -> bool {
        matches!(self.command, None | Some(Command::Serve))
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the site and the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Write the seeded catalog (data/properties.json by default).
    Generate {
        #[arg(long, default_value_t = generate::DEFAULT_COUNT)]
        count: usize,
        #[arg(long, default_value_t = generate::DEFAULT_SEED)]
        seed: u64,
        #[arg(long, default_value = "data/properties.json")]
        out: PathBuf,
    },
    /// Load a catalog file (ours or the original Osool format) into the database.
    Ingest {
        path: PathBuf,
        /// Record listings under this source instead of the format's own.
        #[arg(long)]
        source: Option<String>,
        #[arg(long, default_value_t = 256)]
        batch: usize,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
    },
    /// Measure ingest and embedding speed; prints figures.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Print the model costs of the last 7 days (tokens and USD per day,
    /// purpose and model) against the daily budget.
    Costs {
        #[arg(long, default_value_t = 7)]
        days: u32,
    },
    /// Development only: serve a local fake of Paymob (intentions, a
    /// checkout page with Pay and Decline, signed callbacks, refunds) so
    /// reservations can be clicked through without a Paymob account.
    /// `./scripts/run` starts it and points the PAYMOB_* variables at it.
    FakePaymob {
        #[arg(long, default_value = "127.0.0.1:3090")]
        addr: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create (or promote) a staff account and print a new password for it:
    /// `osool user create --role admin you@example.com`.
    Create {
        email: String,
        #[arg(long, default_value = "admin")]
        role: String,
        #[arg(long)]
        name: Option<String>,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let command = cli.command.unwrap_or(Command::Serve);
    // Generating a file needs no database and no secrets.
    if let Command::Generate { count, seed, out } = &command {
        return write_catalog(*count, *seed, out);
    }
    if let Command::FakePaymob { addr } = &command {
        return fake_paymob(addr).await;
    }
    let config = Config::from_env().context("configuration")?;
    telemetry::init_logging(&config);
    match command {
        Command::Serve => serve(config).await,
        Command::Migrate => migrate(config).await,
        Command::Ingest { path, source, batch, quiet } => {
            let options = ingest::Options { source, batch_size: batch, show_progress: !quiet };
            run_ingest(config, &path, &options).await
        }
        Command::Bench(command) => bench::run(config, command).await,
        Command::User(UserCommand::Create { email, role, name }) => {
            create_user(config, &email, &role, name).await
        }
        Command::Costs { days } => costs(config, days).await,
        Command::Generate { .. } | Command::FakePaymob { .. } => Ok(()),
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let _sentry = telemetry::init_sentry(&config);
    let environment = config.environment.as_str();
    let app = Application::build(config).await?;
    tracing::info!(addr = %app.local_addr(), environment, "listening on http://{}", app.local_addr());
    app.run_until(shutdown_signal()).await
}

async fn costs(config: Config, days: u32) -> anyhow::Result<()> {
    crate::server::install_tls();
    let kv =
        crate::server::adapters::kv::Kv::connect(&config).context("REDIS_URL is not a valid Redis URL")?;
    let costs = crate::server::services::costs::Costs::new(
        kv,
        config.llm_daily_budget_usd,
        config.llm_price_override,
    );
    let days = costs.last_days(days.clamp(1, 8)).await.context("reading costs from Redis")?;
    print!("{}", crate::server::services::costs::render(&days, costs.budget_usd()));
    Ok(())
}

async fn migrate(config: Config) -> anyhow::Result<()> {
    let pool = db::pool(&config)?;
    db::migrate(&pool).await.context("applying migrations")?;
    let applied = db::MIGRATOR.iter().count();
    tracing::info!(migrations = applied, "database is up to date");
    pool.close().await;
    Ok(())
}

fn write_catalog(count: usize, seed: u64, out: &PathBuf) -> anyhow::Result<()> {
    let catalog = generate::generate(count, seed);
    let stats = generate::stats(&catalog);
    let json = serde_json::to_vec_pretty(&catalog)?;
    std::fs::write(out, json).with_context(|| format!("cannot write {}", out.display()))?;
    println!("wrote {count} listings (seed {seed}) to {}", out.display());
    println!(
        "price median {} (p10 {}, p90 {}), median per m² {}; apartments {:.0}%, cash {:.0}%, resale {:.0}%",
        stats.median_price,
        stats.p10_price,
        stats.p90_price,
        stats.median_per_sqm,
        stats.share_apartments * 100.0,
        stats.share_cash * 100.0,
        stats.share_resale * 100.0,
    );
    Ok(())
}

async fn run_ingest(config: Config, path: &std::path::Path, options: &ingest::Options) -> anyhow::Result<()> {
    let pool = db::pool(&config)?;
    db::migrate(&pool).await.context("applying migrations")?;
    let embedder = embed::from_config(&config, &pool)?;
    let report = ingest::ingest_file(&pool, embedder.as_ref(), path, options).await?;
    print_report(&report);
    pool.close().await;
    if !report.rejected.is_empty() {
        anyhow::bail!("{} of {} records were rejected (listed above)", report.rejected.len(), report.read);
    }
    Ok(())
}

async fn create_user(config: Config, email: &str, role: &str, name: Option<String>) -> anyhow::Result<()> {
    use crate::domain::account::{Email, Role};
    let email = Email::parse(email).map_err(|m| anyhow::anyhow!("{email:?}: {m}"))?;
    let role =
        Role::from_code(role).ok_or_else(|| anyhow::anyhow!("--role must be buyer, agent or admin"))?;
    let pool = db::pool(&config)?;
    db::migrate(&pool).await?;
    // Random words are easier to type once than 32 random characters.
    let password = format!(
        "{}-{}-{}",
        crate::server::services::accounts::session::random_token()[..8].to_lowercase(),
        crate::server::services::accounts::session::random_token()[..8].to_lowercase(),
        crate::server::services::accounts::session::random_token()[..8].to_lowercase()
    );
    let hash = crate::server::services::accounts::password::hash(password.clone()).await?;
    let id =
        crate::server::db::users::upsert_staff(&pool, email.as_str(), name.as_deref(), role, &hash).await?;
    println!("{} #{id} is now {}; its password (shown once): {password}", email, role.code());
    pool.close().await;
    Ok(())
}

pub fn print_report(report: &ingest::Report) {
    println!("read {} records: {} valid, {} rejected", report.read, report.valid(), report.rejected.len());
    for rejection in &report.rejected {
        println!("  rejected {}: {}", rejection.id, rejection.reason);
    }
    println!(
        "inserted {}, updated {}, unchanged {}; embedded {} with {}",
        report.inserted, report.updated, report.unchanged, report.embedded, report.model
    );
    println!(
        "verified: {} of {} stored, {} with a current embedding ({:.1} s)",
        report.stored,
        report.valid(),
        report.with_embedding,
        report.elapsed.as_secs_f64()
    );
}

/// Serves the fake Paymob until SIGINT or SIGTERM; prints its variables.
async fn fake_paymob(addr: &str) -> anyhow::Result<()> {
    let fake = crate::server::testkit::paymob::FakePaymob::serve(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    println!("fake Paymob (development only) at {}", fake.base_url);
    for (name, value) in fake.env() {
        println!("{name}={value}");
    }
    shutdown_signal().await;
    Ok(())
}

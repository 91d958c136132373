//! The `osool` command line: `serve` (the default), `migrate`, and the
//! maintenance commands later issues add.

use crate::server::app::{Application, shutdown_signal};
use crate::server::config::Config;
use crate::server::{db, telemetry};
use anyhow::Context;
use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "osool", version, about = "Osool: property search and sales for Egypt")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the site and the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::from_env().context("configuration")?;
    telemetry::init_logging(&config);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Migrate => migrate(config).await,
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let _sentry = telemetry::init_sentry(&config);
    let environment = config.environment.as_str();
    let app = Application::build(config).await?;
    tracing::info!(addr = %app.local_addr(), environment, "listening on http://{}", app.local_addr());
    app.run_until(shutdown_signal()).await
}

async fn migrate(config: Config) -> anyhow::Result<()> {
    let pool = db::pool(&config)?;
    db::migrate(&pool).await.context("applying migrations")?;
    let applied = db::MIGRATOR.iter().count();
    tracing::info!(migrations = applied, "database is up to date");
    pool.close().await;
    Ok(())
}

//! The `osool` binary: parses the command line and hands over to the server.

#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    use clap::Parser;

    let cli = osool::server::cli::Cli::parse();
    if cli.serves() {
        single_threaded_passes();
    }
    osool::server::install_tls();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("osool: cannot start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(osool::server::cli::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // Logging may not be set up yet (bad configuration): use stderr.
            eprintln!("osool: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The server embeds queries on one worker per core, each pass on one
/// thread: 187 distinct searches/s on 2 cores against 140 with one worker
/// whose passes spread over both (candle's spinning barriers and split
/// matrix products cost more than they gain for short queries). candle
/// reads its thread counts only from the environment, which a running
/// program cannot safely change, so the server starts itself again with
/// them set, unless the operator chose them.
#[cfg(feature = "ssr")]
fn single_threaded_passes() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os("RAYON_NUM_THREADS").is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else { return };
    let error = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env("RAYON_NUM_THREADS", "1")
        .env("CANDLE_NUM_THREADS", "1")
        .exec();
    // Still here: exec failed; serve as we are.
    eprintln!("osool: serving with candle's default threads ({error})");
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser build has no binary: see `hydrate()` in lib.rs.
}

//! The `osool` binary: parses the command line and hands over to the server.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use clap::Parser;

    osool::server::install_tls();
    let cli = osool::server::cli::Cli::parse();
    match osool::server::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // Logging may not be set up yet (bad configuration): use stderr.
            eprintln!("osool: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser build has no binary: see `hydrate()` in lib.rs.
}

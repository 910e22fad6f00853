use clap::Parser;
use mistmcp::config::{Config, cli::Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_cli(cli, &|key| std::env::var(key).ok()) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("mistmcp: error: {e}");
            return ExitCode::from(2);
        }
    };
    mistmcp::logging::init(config.debug);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("mistmcp: error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(mistmcp::run::run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("mistmcp: error: {e}");
            ExitCode::FAILURE
        }
    }
}

use mistmcp::{Config, Transport};
use std::process::ExitCode;

fn main() -> ExitCode {
    let env = |key: &str| std::env::var(key).ok();
    let mut cli = match Config::parse_cli(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => {
            eprintln!("mistmcp: error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(command) = cli.command.take() {
        return mistmcp::run_command(command, cli, &env);
    }
    let config = match Config::from_cli(cli, &env) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("mistmcp: error: {e}");
            return ExitCode::from(2);
        }
    };
    mistmcp::init_logging(config.debug);
    if config.transport == Transport::Stdio {
        mistmcp::print_if_terminal();
    }
    // stdio serves one client: one thread answers it with less start-up work and memory than
    // a worker pool. HTTP serves many clients at once and gets a thread per core.
    let mut builder = match config.transport {
        Transport::Stdio => tokio::runtime::Builder::new_current_thread(),
        Transport::Http => tokio::runtime::Builder::new_multi_thread(),
    };
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("mistmcp: error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(mistmcp::run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("mistmcp: error: {e}");
            ExitCode::FAILURE
        }
    }
}

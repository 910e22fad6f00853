//! Logs go to stderr, never stdout (which carries the stdio protocol).

use tracing_subscriber::EnvFilter;

pub fn init(debug: bool) {
    let default = if debug {
        "mistmcp=debug,mist_sim=info,rmcp=info"
    } else {
        "mistmcp=info,rmcp=warn"
    };
    // RUST_LOG, when set, refines the default for those who need more.
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .try_init();
}

//! Extra resident memory per idle HTTP session: RSS of a fresh server before and after opening
//! N sessions (`initialize` + `notifications/initialized`, nothing else).

use super::client_runtime;
use crate::cli::Args;
use crate::env::Env;
use crate::mcp_http::{Endpoint, HttpServer, client};
use crate::procfs;
use crate::report::{Check, Figure, Stat};
use crate::suites::http_load::open_all;
use std::time::{Duration, Instant};

const SUITE: &str = "sessions";
/// Time for the server to settle (buffers returned, tasks parked) before RSS is read.
const SETTLE: Duration = Duration::from_millis(500);

pub fn run(env: &Env, args: &Args) -> Vec<Figure> {
    args.sessions
        .iter()
        .map(|&n| {
            let label = format!(
                "extra memory per idle HTTP session ({})",
                crate::report::number(n as f64)
            );
            match per_session(env, n) {
                Ok((kib, note)) => Figure::new(SUITE, label, "KiB")
                    .value(kib)
                    .check(Check::AtMost(Stat::Median, 16.0))
                    .note(note),
                Err(e) => Figure::failed(SUITE, label, "KiB", e),
            }
        })
        .collect()
}

fn per_session(env: &Env, n: usize) -> Result<(f64, String), String> {
    let runtime = client_runtime(2)?;
    let http = client(16)?;
    let server = runtime.block_on(HttpServer::start(|port| env.http_command(port, &[]), &http))?;
    let endpoint = Endpoint {
        http,
        url: server.url.clone(),
        token: env.token().to_owned(),
    };
    // One session first, so what every server allocates on first use is not counted.
    let warm = runtime.block_on(open_all(&endpoint, 1))?;
    std::thread::sleep(SETTLE);
    let before = procfs::memory(server.pid()).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let sessions = runtime.block_on(open_all(&endpoint, n))?;
    let opening = started.elapsed();
    std::thread::sleep(SETTLE);
    let after = procfs::memory(server.pid()).map_err(|e| e.to_string())?;
    drop((warm, sessions));
    let per = after.rss_kib.saturating_sub(before.rss_kib) as f64 / n as f64;
    Ok((
        per,
        format!(
            "VmRSS {:.1} → {:.1} MiB; opened at {:.0} sessions/s",
            before.rss_kib as f64 / 1024.0,
            after.rss_kib as f64 / 1024.0,
            n as f64 / opening.as_secs_f64()
        ),
    ))
}

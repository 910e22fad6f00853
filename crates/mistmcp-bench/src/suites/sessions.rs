//! Extra resident memory per HTTP session: RSS of a fresh server before and after opening N
//! sessions (`initialize` + `notifications/initialized`, nothing else), read twice: just after
//! opening (sessions live in rmcp's machinery) and once they are idle, after the server has
//! parked them. The server parks after 60 s by default; the bench sets `--session-park-after`
//! to a few seconds so the run stays short. Parking is what an idle session costs in practice.

use super::client_runtime;
use crate::cli::Args;
use crate::env::Env;
use crate::procfs;
use crate::report::{Check, Figure, Stat};
use crate::suites::http_load::{open_all, serve};
use std::time::{Duration, Instant};

const SUITE: &str = "sessions";
/// Time for the server to settle (buffers returned, tasks parked) before RSS is read.
const SETTLE: Duration = Duration::from_millis(500);
/// Idle time after which the server under test parks a session.
const PARK_AFTER_SECS: u64 = 2;
/// Long enough for a park sweep to run after sessions turn idle (sweeps run every 0.5 s here).
const PARK_WAIT: Duration = Duration::from_secs(PARK_AFTER_SECS + 2);

pub fn run(env: &Env, args: &Args) -> Vec<Figure> {
    args.sessions
        .iter()
        .flat_map(|&n| {
            let label = format!(
                "extra memory per idle HTTP session ({})",
                crate::report::number(n as f64)
            );
            let live_label = format!("{label}, live (just opened)");
            match per_session(env, n) {
                Ok(m) => vec![
                    Figure::new(SUITE, live_label, "KiB")
                        .value(m.live_kib)
                        .note(m.live_note),
                    Figure::new(SUITE, format!("{label}, idle (parked)"), "KiB")
                        .value(m.idle_kib)
                        .check(Check::AtMost(Stat::Median, 16.0))
                        .note(m.idle_note),
                ],
                Err(e) => vec![Figure::failed(SUITE, label, "KiB", e)],
            }
        })
        .collect()
}

struct PerSession {
    live_kib: f64,
    live_note: String,
    idle_kib: f64,
    idle_note: String,
}

fn per_session(env: &Env, n: usize) -> Result<PerSession, String> {
    let runtime = client_runtime(2)?;
    let park = PARK_AFTER_SECS.to_string();
    // Every session comes from this one address: the caps are raised to hold them all.
    let cap = (n + 16).to_string();
    let (server, endpoint) = serve(
        env,
        &runtime,
        16,
        &[
            "--session-park-after",
            &park,
            "--max-sessions",
            &cap,
            "--max-sessions-per-client",
            &cap,
        ],
    )?;
    // One session first, so what every server allocates on first use is not counted; it is
    // let go idle too, so the baseline is a server at rest.
    let warm = runtime.block_on(open_all(&endpoint, 1))?;
    std::thread::sleep(PARK_WAIT);
    let before = procfs::memory(server.pid()).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let sessions = runtime.block_on(open_all(&endpoint, n))?;
    let opening = started.elapsed();
    std::thread::sleep(SETTLE);
    let live = procfs::memory(server.pid()).map_err(|e| e.to_string())?;
    std::thread::sleep(PARK_WAIT);
    let idle = procfs::memory(server.pid()).map_err(|e| e.to_string())?;
    drop((warm, sessions));
    let per = |after: &procfs::Memory| after.rss_kib.saturating_sub(before.rss_kib) as f64 / n as f64;
    let note = |after: &procfs::Memory, what: &str| {
        format!(
            "VmRSS {:.1} → {:.1} MiB (anonymous {:.1} → {:.1} MiB) {what}; opened at {:.0} sessions/s",
            before.rss_kib as f64 / 1024.0,
            after.rss_kib as f64 / 1024.0,
            before.anon_kib as f64 / 1024.0,
            after.anon_kib as f64 / 1024.0,
            n as f64 / opening.as_secs_f64()
        )
    };
    Ok(PerSession {
        live_kib: per(&live),
        live_note: note(&live, "just after opening"),
        idle_kib: per(&idle),
        idle_note: note(&idle, &format!("after {} s idle (parked)", PARK_WAIT.as_secs())),
    })
}

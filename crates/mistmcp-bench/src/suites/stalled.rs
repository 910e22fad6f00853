//! Stalled peers: `--stalled` connections that stop mid-headers, against an HTTP server whose
//! file-descriptor limit is 1,024 (the common default). Measures resident memory before,
//! while they stall and after the header time-out, whether `/healthz` and `initialize` still
//! answer meanwhile, and how many stalled connections the server closed by itself.

use super::client_runtime;
use crate::cli::Args;
use crate::env::Env;
use crate::mcp_http::{Endpoint, HttpServer, client};
use crate::procfs;
use crate::report::{Check, Figure, Stat};
use std::process::Command;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const SUITE: &str = "stalled";
/// The server's header time-out in this suite.
const HEADER_TIMEOUT_S: u64 = 5;
/// Health probes while the peers stall.
const PROBES: usize = 20;

pub fn run(env: &Env, args: &Args) -> Vec<Figure> {
    stalled(env, args).unwrap_or_else(|e| vec![Figure::failed(SUITE, "stalled peers", "-", e)])
}

/// The server command of `env`, started by a shell that first lowers the descriptor limit.
fn limited(env: &Env, port: u16) -> Command {
    let timeout = HEADER_TIMEOUT_S.to_string();
    let inner = env.http_command(port, &["--header-timeout", &timeout]);
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("ulimit -n 1024 && exec \"$0\" \"$@\"")
        .arg(inner.get_program())
        .args(inner.get_args());
    for (key, value) in inner.get_envs() {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        };
    }
    cmd
}

fn stalled(env: &Env, args: &Args) -> Result<Vec<Figure>, String> {
    let runtime = client_runtime(2)?;
    let http = client(4)?;
    let server = runtime.block_on(HttpServer::start(|port| limited(env, port), &http))?;
    let pid = server.pid();
    let before = procfs::memory(pid).map_err(|e| e.to_string())?;
    let health = server.url.replace("/mcp", "/healthz");
    let port: u16 = server
        .url
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches("/mcp").parse().ok())
        .ok_or("no port in the server URL")?;
    runtime.block_on(async {
        let mut peers = Vec::new();
        let mut refused = 0;
        for _ in 0..args.stalled {
            match TcpStream::connect(("127.0.0.1", port)).await {
                Ok(mut peer) => {
                    let _ = peer.write_all(b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le").await;
                    peers.push(peer);
                }
                Err(_) => refused += 1,
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let during = procfs::memory(pid).map_err(|e| e.to_string())?;
        let held = peers.iter().filter(|p| is_open(p)).count();
        let (mut latencies, mut answered) = (Vec::new(), 0);
        for _ in 0..PROBES {
            // A fresh connection each time, as a load balancer's probe.
            let probe = client(1)?;
            let t = Instant::now();
            if probe.get(&health).send().await.is_ok_and(|r| r.status().is_success()) {
                answered += 1;
                latencies.push(t.elapsed().as_secs_f64() * 1e3);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let endpoint = Endpoint {
            http: client(1)?,
            url: server.url.clone(),
            token: mist_sim::MAIN_TOKEN.into(),
        };
        let initialize = endpoint.open().await.map_or_else(|e| format!("failed: {e}"), |_| "answered".into());
        tokio::time::sleep(Duration::from_secs(HEADER_TIMEOUT_S + 2)).await;
        let still = peers.iter().filter(|p| is_open(p)).count();
        let after = procfs::memory(pid).map_err(|e| e.to_string())?;
        let mb = |kib: u64| kib as f64 / 1024.0;
        let n = args.stalled;
        Ok(vec![
            Figure::new(SUITE, format!("/healthz with {n} stalled peers"), "ms")
                .samples(&latencies)
                .note(format!(
                    "{answered} of {PROBES} probes answered; initialize {initialize}; {held} stalled connections \
                     held after 0.5 s: the cap (512 by default) and its overflow (a quarter of the cap, served \
                     with a 1 s header time-out; a newer connection takes the oldest overflow slot); {refused} connects refused"
                )),
            Figure::new(SUITE, format!("resident memory with {n} stalled peers"), "MB")
                .value(mb(during.rss_kib))
                .check(Check::AtMost(Stat::Median, 64.0))
                .note(format!(
                    "before {:.1} MB, while stalled {:.1} MB, {} s after (header time-out {HEADER_TIMEOUT_S} s) {:.1} MB; \
                     descriptor limit 1024",
                    mb(before.rss_kib),
                    mb(during.rss_kib),
                    HEADER_TIMEOUT_S + 2,
                    mb(after.rss_kib)
                )),
            Figure::new(SUITE, "stalled connections left open after the header time-out", "connections")
                .value(still as f64)
                .check(Check::AtMost(Stat::Median, 0.0)),
        ])
    })
}

/// Whether the server still holds the connection: a read would wait rather than see the end.
fn is_open(peer: &TcpStream) -> bool {
    let mut buf = [0u8; 64];
    match peer.try_read(&mut buf) {
        Err(e) => e.kind() == std::io::ErrorKind::WouldBlock,
        Ok(_) => false,
    }
}

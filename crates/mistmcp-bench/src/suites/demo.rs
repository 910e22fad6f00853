//! The demo's cost: `mistmcp --demo` (the simulated cloud in the server's own process) from
//! spawn to the `initialize` answer, its peak memory after `initialize` and after four
//! searches; and the `mist-sim` binary alone, from spawn to its first HTTP answer, with its
//! peak memory then and after the same four searches over HTTP.

use super::memory::peak_mb;
use super::{median, ms};
use crate::cli::Args;
use crate::env::Env;
use crate::report::Figure;
use crate::stdio::StdioServer;
use serde_json::json;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SUITE: &str = "demo";

/// The searches a first look at an organisation makes: tool name and its Mist path.
const SEARCHES: [(&str, &str); 4] = [
    ("searchOrgDevices", "devices/search"),
    ("searchOrgWirelessClients", "clients/search"),
    ("searchOrgAlarms", "alarms/search"),
    ("searchOrgDeviceEvents", "devices/events/search"),
];

pub fn run(env: &Env, args: &Args) -> Vec<Figure> {
    let mut figures = demo(env, args.starts);
    figures.extend(sim_alone(env, args.starts));
    figures
}

/// One process's figures: start time, peak after start, peak after the searches.
type Run = (f64, f64, f64);

/// The three figures of one kind of process, each with its note.
fn figures(labels: [&str; 3], runs: Result<Vec<Run>, String>, notes: [String; 3]) -> Vec<Figure> {
    let runs = match runs {
        Ok(r) => r,
        Err(e) => {
            return labels
                .iter()
                .map(|l| Figure::failed(SUITE, *l, "-", e.clone()))
                .collect();
        }
    };
    let columns = [
        runs.iter().map(|r| r.0).collect::<Vec<_>>(),
        runs.iter().map(|r| r.1).collect(),
        runs.iter().map(|r| r.2).collect(),
    ];
    let start = median(&columns[0]);
    labels
        .into_iter()
        .zip(["ms", "MB", "MB"])
        .zip(columns.iter().zip(notes))
        .map(|((label, unit), (samples, note))| {
            Figure::new(SUITE, label, unit).samples(samples).note(format!(
                "{note}; {} runs after one unmeasured, median start {start:.0} ms",
                samples.len()
            ))
        })
        .collect()
}

fn demo(env: &Env, n: usize) -> Vec<Figure> {
    let labels = [
        "demo: start → initialize answered (stdio)",
        "demo: peak memory after initialize",
        "demo: peak memory after 4 searches",
    ];
    let notes = [
        "mistmcp --demo --mode all, spawn to the answer line".to_string(),
        "VmHWM of the server process, simulator included (MB = 10^6 bytes)".to_string(),
        format!("after {} (org, first page)", tool_names()),
    ];
    figures(labels, repeat(n, || demo_once(env)), notes)
}

fn tool_names() -> String {
    SEARCHES.map(|(tool, _)| tool).join(", ")
}

fn demo_once(env: &Env) -> Result<Run, String> {
    let (mut server, elapsed) = StdioServer::start(env.demo_command(&["--mode", "all"]))?;
    let init = peak_mb(server.pid())?;
    let org = json!({"org_id": mist_sim::MAIN_ORG_ID});
    for (tool, _) in SEARCHES {
        server.call_tool(tool, &org)?.tool_result()?;
    }
    Ok((ms(elapsed), init, peak_mb(server.pid())?))
}

/// `n` measured runs after one unmeasured (it warms the page cache with the binary).
fn repeat(n: usize, mut once: impl FnMut() -> Result<Run, String>) -> Result<Vec<Run>, String> {
    let mut runs = Vec::with_capacity(n);
    for i in 0..=n.max(1) {
        let run = once()?;
        if i > 0 {
            runs.push(run);
        }
    }
    Ok(runs)
}

fn sim_alone(env: &Env, n: usize) -> Vec<Figure> {
    let labels = [
        "mist-sim: start → first HTTP answer",
        "mist-sim: peak memory after the first answer",
        "mist-sim: peak memory after 4 searches",
    ];
    let binary = env.server().with_file_name("mist-sim");
    let notes = [
        format!(
            "{} --port 0, spawn to the whole answer of GET /api/v1/self",
            binary.display()
        ),
        "VmHWM (MB = 10^6 bytes)".to_string(),
        "after GET of the org's device, client, alarm and device-event searches".to_string(),
    ];
    figures(labels, repeat(n, || sim_once(&binary)), notes)
}

/// The simulator process, killed when dropped.
struct Sim(Child);

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn sim_once(binary: &Path) -> Result<Run, String> {
    if !binary.is_file() {
        return Err(format!(
            "no simulator at {}; build it beside mistmcp: cargo build --release -p mist-sim",
            binary.display()
        ));
    }
    let started = Instant::now();
    let mut cmd = Command::new(binary);
    cmd.args(["--port", "0"])
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("cannot start mist-sim: {e}"))?;
    let stderr = child.stderr.take();
    let sim = Sim(child);
    let stderr = stderr.ok_or("mist-sim's stderr must be piped")?;
    let authority = listening_on(stderr)?;
    get(&authority, "/api/v1/self")?;
    let elapsed = started.elapsed();
    let pid = sim.0.id();
    let first = peak_mb(pid)?;
    for (_, path) in SEARCHES {
        get(
            &authority,
            &format!("/api/v1/orgs/{}/{path}", mist_sim::MAIN_ORG_ID),
        )?;
    }
    Ok((ms(elapsed), first, peak_mb(pid)?))
}

/// `host:port` from the simulator's first line (`mist-sim listening on http://host:port`); the
/// rest of its stderr is drained, since a simulator whose stderr is closed fails at its next
/// line.
fn listening_on(stderr: impl Read + Send + 'static) -> Result<String, String> {
    let mut reader = BufReader::new(stderr);
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .map_err(|e| format!("cannot read mist-sim's stderr: {e}"))?;
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    line.trim()
        .rsplit_once("http://")
        .map(|(_, rest)| rest.trim_end_matches('/').to_string())
        .ok_or_else(|| format!("mist-sim did not say where it listens: {line:?}"))
}

/// One GET with the main token; the status must be 200.
fn get(authority: &str, path: &str) -> Result<(), String> {
    let mut stream = TcpStream::connect(authority).map_err(|e| format!("cannot reach mist-sim: {e}"))?;
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nAuthorization: Token {}\r\nConnection: close\r\n\r\n",
        mist_sim::MAIN_TOKEN
    );
    let mut answer = Vec::new();
    stream
        .write_all(request.as_bytes())
        .and_then(|_| stream.read_to_end(&mut answer))
        .map_err(|e| format!("GET {path} failed: {e}"))?;
    if !answer.starts_with(b"HTTP/1.1 200") {
        let head = String::from_utf8_lossy(&answer[..answer.len().min(80)]).into_owned();
        return Err(format!("GET {path} answered {head:?}"));
    }
    Ok(())
}

//! The bench's world: the simulated Mist cloud (in this process, on its own threads) and how
//! to start the `mistmcp` binary against it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Access points per site of the benchmark's organisation: 5 sites × 21 = 105 access points,
/// so a device search (access points unless told otherwise, as in Mist) fills a page of 100.
const APS_PER_SITE: usize = 21;

pub struct Env {
    /// Runs the simulator; kept apart from the bench's client threads so a blocked client
    /// never stalls it.
    runtime: tokio::runtime::Runtime,
    sim: Option<mist_sim::RunningSim>,
    base_url: String,
    server: PathBuf,
    verbose: bool,
    /// Extra variables for every server started (`--server-env`), for experiments.
    server_env: Vec<(String, String)>,
}

impl Env {
    pub fn start(server: PathBuf, verbose: bool, server_env: &[String]) -> Result<Env, String> {
        let server_env = server_env
            .iter()
            .map(|kv| match kv.split_once('=') {
                Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
                _ => Err(format!("--server-env takes KEY=VALUE; got '{kv}'")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        if !server.is_file() {
            return Err(format!(
                "no mistmcp binary at {}; build it first: cargo build --release -p mistmcp -p mistmcp-bench \
                 (or pass --server PATH)",
                server.display()
            ));
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("mist-sim")
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the simulator's runtime: {e}"))?;
        let mut config = mist_sim::SimConfig::default();
        config.scale.aps_per_site = APS_PER_SITE;
        // The bench makes tens of thousands of calls; Mist's hourly budget is not under test.
        config.hourly_limit = 1_000_000_000;
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        let sim = runtime
            .block_on(mist_sim::start(config, addr))
            .map_err(|e| format!("cannot start the simulator: {e}"))?;
        let base_url = sim.base_url();
        Ok(Env {
            runtime,
            sim: Some(sim),
            base_url,
            server,
            verbose,
            server_env,
        })
    }

    pub fn sim(&self) -> &mist_sim::RunningSim {
        // Present from `start` until `drop`.
        self.sim
            .as_ref()
            .unwrap_or_else(|| unreachable!("the simulator runs until the bench ends"))
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn server(&self) -> &Path {
        &self.server
    }

    pub fn org_id(&self) -> &str {
        self.sim().org_id()
    }

    pub fn token(&self) -> &str {
        self.sim().token()
    }

    /// Requests the simulator has answered so far.
    pub fn sim_requests(&self) -> u64 {
        self.sim().stats().total
    }

    /// `mistmcp` over stdio against the simulator, with `args` added.
    pub fn stdio_command(&self, args: &[&str]) -> Command {
        let mut cmd = self.bare_command();
        cmd.args(["--allow-host", "127.0.0.1"]).args(args);
        cmd.env("MIST_HOST", &self.base_url)
            .env("MIST_APITOKEN", self.token());
        cmd
    }

    /// `mistmcp --demo` over stdio (its own simulated cloud in its process), with `args` added.
    pub fn demo_command(&self, args: &[&str]) -> Command {
        let mut cmd = self.bare_command();
        cmd.arg("--demo").args(args);
        cmd
    }

    /// `mistmcp --transport http` on `port`, whose callers bring their own token.
    pub fn http_command(&self, port: u16, args: &[&str]) -> Command {
        let mut cmd = self.bare_command();
        let port = port.to_string();
        cmd.args([
            "--transport",
            "http",
            "--port",
            &port,
            "--allow-host",
            "127.0.0.1",
        ])
        .args(args);
        cmd.env("MIST_HOST", &self.base_url);
        cmd
    }

    fn bare_command(&self) -> Command {
        let mut cmd = Command::new(&self.server);
        // Nothing from the caller's environment may change what is measured.
        for (key, _) in std::env::vars_os() {
            let key_text = key.to_string_lossy();
            if key_text.starts_with("MIST") || key_text == "RUST_LOG" {
                cmd.env_remove(&key);
            }
        }
        cmd.envs(self.server_env.iter().map(|(k, v)| (k, v)));
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped());
        cmd.stderr(if self.verbose {
            Stdio::inherit()
        } else {
            Stdio::null()
        });
        cmd
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(sim) = self.sim.take() {
            let _ = self
                .runtime
                .block_on(async { tokio::time::timeout(Duration::from_secs(5), sim.shutdown()).await });
        }
    }
}

/// Where the release `mistmcp` sits when both binaries were built together: beside this one.
pub fn default_server() -> PathBuf {
    let name = "mistmcp";
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(name)))
        .unwrap_or_else(|| PathBuf::from("target/release").join(name))
}

//! Demo mode: the simulated Mist cloud, started in this process on a loopback port.

use mist_client::{AllowedHost, ApiToken, HostPolicy};
use mistmcp_engine::Target;

/// The running simulator and the target that reaches it.
pub(crate) struct Demo {
    /// Held so the simulator runs as long as the demo does; it stops when dropped.
    _sim: mist_sim::RunningSim,
    /// Where the demo's calls go, as whom.
    pub(crate) target: Target,
}

pub(crate) async fn start() -> Result<Demo, String> {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let sim = mist_sim::start(mist_sim::SimConfig::default(), addr)
        .await
        .map_err(|e| format!("cannot start the simulated Mist cloud: {e}"))?;
    let authority = format!("127.0.0.1:{}", sim.addr().port());
    let allowed = AllowedHost::parse(&authority).map_err(|e| e.to_string())?;
    let base = HostPolicy::new(vec![allowed])
        .resolve(&sim.base_url())
        .map_err(|e| e.to_string())?;
    let token = ApiToken::new(sim.token()).map_err(|e| e.to_string())?;
    tracing::info!(url = %base, org_id = sim.org_id(), "demo mode: simulated Mist cloud started");
    Ok(Demo {
        _sim: sim,
        target: Target { base, token },
    })
}

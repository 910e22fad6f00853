//! What every request shares and the steps that admit it, beneath the answers of reads and of
//! writes: the simulator's state, the caller's budget, and the organisation and site a path is
//! about.

use crate::auth::{Auth, Caller};
use crate::config::SimConfig;
use crate::edits::Edits;
use crate::faults::FaultState;
use crate::reply::Reply;
use crate::route::writes::WriteRoutes;
use crate::route::{Routes, Scope};
use crate::stats::StatsRecorder;
use crate::world::World;
use std::sync::OnceLock;
use std::sync::atomic::AtomicU64;
use std::time::{SystemTime, UNIX_EPOCH};

/// Shared by every request.
pub(crate) struct SimState {
    pub(crate) world: World,
    pub(crate) routes: Routes,
    /// Routed on the first write (reads never need them).
    writes: OnceLock<WriteRoutes>,
    /// What writes changed since start.
    pub(crate) edits: Edits,
    pub(crate) auth: Auth,
    pub(crate) faults: FaultState,
    pub(crate) stats: StatsRecorder,
    pub(crate) latency_ms: AtomicU64,
    pub(crate) fixed_now: Option<i64>,
}

impl SimState {
    /// The state of a simulator of `config` serving `world`, nothing written or counted yet.
    pub(crate) fn new(world: World, routes: Routes, config: &SimConfig) -> Self {
        SimState {
            world,
            routes,
            writes: OnceLock::new(),
            edits: Edits::default(),
            auth: Auth::new(&config.tokens, config.hourly_limit),
            faults: FaultState::new(config.faults.clone()),
            stats: StatsRecorder::default(),
            latency_ms: AtomicU64::new(config.latency.as_millis() as u64),
            fixed_now: config.now,
        }
    }

    /// Epoch seconds: the configured fixed "now", else the clock.
    pub(crate) fn now(&self) -> i64 {
        self.fixed_now.unwrap_or_else(unix_now)
    }

    /// The write routes, parsed on the first write.
    pub(crate) fn writes(&self) -> &WriteRoutes {
        self.writes.get_or_init(|| WriteRoutes::new(&self.routes))
    }
}

/// Epoch seconds by the clock.
pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The caller, once known and within its budget.
pub(crate) fn admit<'c>(st: &SimState, caller: Option<&'c Caller>) -> Result<&'c Caller, Reply> {
    let Some(caller) = caller else {
        return Err(Reply::detail(
            401,
            "Authentication credentials were not provided.",
        ));
    };
    match st.auth.charge(caller) {
        Ok(_) => Ok(caller),
        Err(_) => Err(Reply::detail(
            429,
            "Hourly API request limit reached for this token.",
        )),
    }
}

/// The organisation and site a request is about, checked against the caller's organisation.
pub(crate) fn resolve(
    world: &World,
    scope: Scope,
    params: &[(&str, String)],
    caller: &Caller,
) -> Result<(usize, Option<usize>), Reply> {
    let param = |name: &str| {
        params
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let Some(caller_org) = world.org_index(&caller.org_id) else {
        return Err(Reply::forbidden());
    };
    match scope {
        Scope::Org => {
            let id = param("org_id");
            match world.org_index(id) {
                None => Err(Reply::unknown_id(id)),
                Some(o) if o != caller_org => Err(Reply::forbidden()),
                Some(o) => Ok((o, None)),
            }
        }
        Scope::Site => {
            let id = param("site_id");
            let Some(s) = world.site_index(id) else {
                return Err(Reply::unknown_id(id));
            };
            if world.sites[s].org_id != caller.org_id {
                return Err(Reply::forbidden());
            }
            Ok((caller_org, Some(s)))
        }
        Scope::Caller | Scope::Const => Ok((caller_org, None)),
    }
}

//! How a simulator is set up: seed, size, tokens, budget, latency and faults.

use crate::faults::FaultPlan;
use std::time::Duration;

/// Id of the main organisation (fixed so tokens and tests do not depend on the seed).
pub const MAIN_ORG_ID: &str = "6f4bb2a1-3c5d-4e8f-9a01-2b3c4d5e6f70";
/// Id of the small second organisation, used to test cross-organisation refusals.
pub const SECOND_ORG_ID: &str = "0c9e8d7f-1a2b-4c3d-8e4f-5a6b7c8d9e0f";
/// Demo token of the main organisation, role admin (a test fixture, not a secret).
pub const MAIN_TOKEN: &str = "simtoken-main-7c1f0b9e4d2a6c8e5f3b1d9a7e0c4f2b6d8a1e3c";
/// Demo token of the second organisation (role admin there).
pub const SECOND_TOKEN: &str = "simtoken-second-2e8d4b6f0a1c3e5d7b9f1a3c5e7d9b0f2a4c6e8d";
/// Demo token of the main organisation with the `write` role: changes the network, but not
/// who administers it (admins, API tokens, SSO) nor the organisation itself.
pub const WRITE_TOKEN: &str = "simtoken-write-9b3e5f7a1c0d2e4f6a8b0c2d4e6f8a1b3c5d7e9f";
/// Demo token of the main organisation with the `read` role: every write answers 403.
pub const READONLY_TOKEN: &str = "simtoken-readonly-4d6f8a0b2c4e6a8c0e2b4d6f8a0c2e4b6d8f0a1c";

/// Demo org API token of the main organisation, role admin: it belongs to no user, so `/self`
/// answers its privileges without an email or a name (a test fixture, not a secret).
pub const ORG_TOKEN: &str = "simtoken-org-5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b";

/// What a token may change, as Mist's privilege roles say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// Everything, administration included.
    #[default]
    Admin,
    /// Every write except administration (admins, API tokens, SSO) and the organisation itself.
    Write,
    /// Reads only: every POST, PUT and DELETE answers 403.
    ReadOnly,
}

impl Role {
    /// The name Mist's `privileges[].role` gives the role.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Write => "write",
            Role::ReadOnly => "read",
        }
    }
}

/// One API token the simulator accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimToken {
    /// Name under which the token's requests are counted in [`crate::SimStats`].
    pub label: String,
    /// The secret sent as `Authorization: Token <token>` (a fixture, never a real one).
    pub token: String,
    /// The organisation the token administers; any other organisation answers 403.
    pub org_id: String,
    /// What the token may change in that organisation.
    pub role: Role,
    /// An org API token (no user behind it) rather than a user's token.
    pub org_token: bool,
}

impl SimToken {
    /// A user's admin token of `org_id`, counted under `label`.
    pub fn new(label: &str, token: &str, org_id: &str) -> Self {
        Self {
            label: label.to_string(),
            token: token.to_string(),
            org_id: org_id.to_string(),
            role: Role::Admin,
            org_token: false,
        }
    }

    /// The same token as an org API token: it belongs to the organisation, not to a user.
    pub fn as_org_token(mut self) -> Self {
        self.org_token = true;
        self
    }

    /// The same token with another role.
    pub fn with_role(mut self, role: Role) -> Self {
        self.role = role;
        self
    }
}

/// Size of the synthetic organisations.
#[derive(Debug, Clone, PartialEq)]
pub struct SimScale {
    /// Sites of the main organisation (the second organisation has `second_org_sites`).
    pub sites: usize,
    /// Sites of the second organisation.
    pub second_org_sites: usize,
    /// Access points at every site.
    pub aps_per_site: usize,
    /// Switches at every site.
    pub switches_per_site: usize,
    /// Gateways at every site.
    pub gateways_per_site: usize,
    /// Wireless clients at every site, spread over its connected APs.
    pub wireless_clients_per_site: usize,
    /// Wired clients at every site, spread over its connected switches.
    pub wired_clients_per_site: usize,
    /// Timestamped events per site, split between client events, device events, alarms and
    /// audit logs.
    pub events_per_site: usize,
    /// Records per site (or per organisation) of every other collection.
    pub records_per_collection: usize,
}

impl Default for SimScale {
    fn default() -> Self {
        Self {
            sites: 5,
            second_org_sites: 1,
            aps_per_site: 8,
            switches_per_site: 2,
            gateways_per_site: 1,
            wireless_clients_per_site: 40,
            wired_clients_per_site: 10,
            events_per_site: 300,
            records_per_collection: 12,
        }
    }
}

impl SimScale {
    /// The default size with clients, events and records multiplied by `factor` (sites and
    /// devices stay as they are, so ids used by tests remain valid).
    pub fn times(factor: f64) -> Self {
        let base = Self::default();
        let f = |n: usize| ((n as f64 * factor).round() as usize).max(1);
        Self {
            wireless_clients_per_site: f(base.wireless_clients_per_site),
            wired_clients_per_site: f(base.wired_clients_per_site),
            events_per_site: f(base.events_per_site),
            records_per_collection: f(base.records_per_collection),
            ..base
        }
    }
}

impl SimScale {
    /// Most sites an organisation grows to: site addresses use one octet (`10.<site>.x.x`).
    pub const MAX_SITES: usize = 250;

    /// The default organisation grown as a real one grows: `factor` times the sites (up to
    /// [`SimScale::MAX_SITES`], then more clients per site instead), each site with the same
    /// devices and events, and busier sites (clients per site grow with the cube root of
    /// `factor`). `grown(50.0)` has 250 sites, 2,000 APs and about 37,000 wireless clients.
    pub fn grown(factor: f64) -> Self {
        let base = Self::default();
        let wanted = (base.sites as f64 * factor).round().max(1.0);
        let sites = (wanted as usize).min(Self::MAX_SITES);
        let busier = factor.max(0.0).cbrt() * wanted / sites as f64;
        let f = |n: usize| ((n as f64 * busier).round() as usize).max(1);
        Self {
            sites,
            wireless_clients_per_site: f(base.wireless_clients_per_site),
            wired_clients_per_site: f(base.wired_clients_per_site),
            ..base
        }
    }
}

/// Everything [`crate::start`] needs. `SimConfig::default()` is the documented demo setup.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Same seed, same world.
    pub seed: u64,
    /// Size of the organisations.
    pub scale: SimScale,
    /// The tokens the simulator accepts, each with its organisation and role.
    pub tokens: Vec<SimToken>,
    /// Requests each token may make per hour; the window opens at the token's first call.
    pub hourly_limit: u32,
    /// Delay added before every API answer.
    pub latency: Duration,
    /// Faults armed from the start.
    pub faults: FaultPlan,
    /// Fixed "now" (epoch seconds) for fully reproducible timestamps and windows; `None` uses
    /// the wall clock (records are then dated relative to the start of the simulator).
    pub now: Option<i64>,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            seed: 42,
            scale: SimScale::default(),
            tokens: vec![
                SimToken::new("main", MAIN_TOKEN, MAIN_ORG_ID),
                SimToken::new("second", SECOND_TOKEN, SECOND_ORG_ID),
                SimToken::new("write", WRITE_TOKEN, MAIN_ORG_ID).with_role(Role::Write),
                SimToken::new("readonly", READONLY_TOKEN, MAIN_ORG_ID).with_role(Role::ReadOnly),
                SimToken::new("org", ORG_TOKEN, MAIN_ORG_ID).as_org_token(),
            ],
            hourly_limit: 5_000,
            latency: Duration::ZERO,
            faults: FaultPlan::default(),
            now: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SimScale;

    #[test]
    fn a_scale_of_fifty_grows_the_org_to_thousands_of_aps_and_tens_of_thousands_of_clients() {
        let s = SimScale::grown(50.0);
        assert_eq!(s.sites, SimScale::MAX_SITES);
        assert_eq!(s.sites * s.aps_per_site, 2_000);
        let clients = s.sites * s.wireless_clients_per_site;
        assert!((20_000..60_000).contains(&clients), "{clients} wireless clients");
    }

    #[test]
    fn a_scale_of_one_is_the_demo_org() {
        assert_eq!(SimScale::grown(1.0), SimScale::default());
    }
}

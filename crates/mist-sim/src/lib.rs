//! A simulated Juniper Mist cloud for tests, benchmarks and demos.
//!
//! [`start`] serves every operation of the tool catalog ([`mist_catalog::catalog`]) over HTTP on
//! loopback, answering from a synthetic organisation generated from a seed: same seed, same
//! data. It checks `Authorization: Token <t>` like Mist, keeps a per-token hourly budget, and
//! can be told (from Rust or through `/__sim/...`) to add latency or fail in scripted ways.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sim = mist_sim::start(mist_sim::SimConfig::default(), "127.0.0.1:0".parse().unwrap()).await?;
//! let url = format!("{}/api/v1/self", sim.base_url());
//! // GET `url` with `Authorization: Token {sim.token()}` ...
//! sim.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Control API (no token): `GET /__sim/stats`, `POST /__sim/reset-stats`, `GET|POST
//! /__sim/faults` (a [`FaultPlan`] as JSON), `POST /__sim/latency` (`{"ms": n}`), `POST
//! /__sim/budget` (`{"limit": n, "reset": true}`), `POST /__sim/reset-writes` (forget every
//! write), `GET /__sim/info` (org and site ids, the tokens' labels and roles).
//!
//! Writes (every POST, PUT and DELETE of the spec) change an in-memory layer over the world:
//! creates mint ids, updates merge the given fields, deletes make later reads answer 404.
//! Tokens have roles ([`Role`]): [`MAIN_TOKEN`] and [`SECOND_TOKEN`] are admins of their
//! organisation, [`WRITE_TOKEN`] may write but not administer, [`READONLY_TOKEN`] only reads,
//! and [`ORG_TOKEN`] is an org API token (admin, no user behind it).
//!
//! # The public surface
//!
//! Everything a user of the crate may touch is re-exported here, and nothing else is public:
//! - starting and scripting a simulator: [`start`], [`SimConfig`] (with [`SimScale`] and
//!   [`SimToken`]), the [`RunningSim`] it returns, [`FaultPlan`] and its parts, [`SimStats`];
//! - the fixed ids and demo tokens: [`MAIN_ORG_ID`], [`MAIN_TOKEN`] and their siblings;
//! - the synthetic organisation, for picking arguments and checking answers: [`World`] and its
//!   [`Org`], [`Site`], [`Device`], [`Radio`] and [`Client`];
//! - what the simulator knows it does not do as the spec says: the gap lists ([`UNANSWERED`] and its
//!   siblings) and the spec's shapes it fits answers to ([`shaped_operation_ids`], [`response_declares`]);
//! - the real cloud's quirks it reproduces on some records, those the spec allows and those it
//!   forbids ([`QUIRKS`], each a [`Quirk`]).
//!
//! # Where things are
//!
//! The modules form layers; each imports only the ones beneath it (no import cycle):
//! 1. leaves: `rng` (the seeded generator), `ids` (minted ids), `quirks` (the cloud's quirks the
//!    world makes), `query` (query strings and windows), `reply` (an answer and Mist's error shapes), `route` (the read and write routes
//!    built from the catalog), `config`, `faults`, `auth`, `stats`, `conn`, `gaps`;
//! 2. `world`: the synthetic organisations and every collection of records, built on first use;
//!    `samples` (valid arguments for any tool) and `shape` (fitting a body to the spec's schema)
//!    read it;
//! 3. `edits`: what writes changed, laid over the world;
//! 4. `front`: the state every request shares, admission (token, budget) and scope checks;
//! 5. `respond` (reads) and then `write` (writes, which read the object they change);
//! 6. `control` (`/__sim/`), `running` (the handle) and `server` (the HTTP front) on top.

// The names re-exported below are the whole public surface: the compiler flags any other `pub`
// item, and asks for the documentation of every public one.
#![warn(unreachable_pub, missing_docs)]

mod auth;
mod config;
mod conn;
mod control;
mod edits;
mod faults;
mod front;
mod gaps;
mod ids;
mod query;
mod quirks;
mod reply;
mod respond;
mod rng;
mod route;
mod running;
mod samples;
mod server;
mod shape;
mod stats;
mod world;
mod write;

pub use config::{
    MAIN_ORG_ID, MAIN_TOKEN, ORG_TOKEN, READONLY_TOKEN, Role, SECOND_ORG_ID, SECOND_TOKEN, SimConfig,
    SimScale, SimToken, WRITE_TOKEN,
};
pub use faults::{Fault, FaultPlan, FaultRule};
pub use gaps::{UNANSWERED, UNCHAINED, UNWRITABLE, is_unanswered, is_unwritable};
pub use quirks::{QUIRKS, Quirk};
pub use running::{RunningSim, WriteOperation};
pub use server::start;
pub use shape::operation_ids as shaped_operation_ids;
pub use shape::response_declares;
pub use stats::{ANONYMOUS, SimStats};
pub use world::{Client, Device, DeviceKind, Org, Radio, Site, World};

//! The soak's writes through two replicas sharing one Redis (a `redis-server` of the bench's
//! own): each session plans a write on one replica and confirms it on the other, as a
//! round-robin balancer would send them, then replays the same confirmation on the first, which
//! must be refused as `reused`. At the end every confirmed write must be visible exactly once
//! (listed once through the servers, and sent to Mist once); a write confirmed twice, or
//! confirmed but not there, fails the run. The cache is on and shared: each plan caches the
//! site's WLANs as they were on the planning replica, so the final listing also checks that
//! every replica dropped what the writes made stale.
//!
//! Sessions: `--soak-sessions` (at most [`MAX_SESSIONS`]), each making `--soak-calls` / 10 writes
//! (at least one), so CI's small soak stays small. Faults are off: what is judged is the
//! confirmation across replicas, not Mist's failures (the read soak covers those).

use super::client_runtime;
use super::redis_server::RedisServer;
use super::soak::classes;
use crate::cli::Args;
use crate::env::Env;
use crate::mcp_http::{Endpoint, HttpServer, Session, client};
use crate::report::{Check, Figure, Stat};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::sync::Barrier;

const SUITE: &str = "soak";
const SUCCESS: &str = "soak write success through two replicas";
const VISIBLE: &str = "soak writes not visible exactly once";
/// Most sessions writing at once.
const MAX_SESSIONS: usize = 32;
const TOOL: &str = "createSiteWlan";

/// What the writing sessions saw.
#[derive(Default)]
struct Tally {
    /// Confirmations sent to the replica that did not plan the write.
    sent: u64,
    /// Of those, the writes that went through.
    confirmed: u64,
    /// The names of the confirmed writes.
    written: Vec<String>,
    /// Failed plans or confirmations, by class.
    failed: BTreeMap<String, u64>,
    /// Replays of a spent confirmation on the planning replica, by outcome (`reused` is right).
    replays: BTreeMap<String, u64>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.sent += other.sent;
        self.confirmed += other.confirmed;
        self.written.extend(other.written);
        for (class, n) in other.failed {
            *self.failed.entry(class).or_default() += n;
        }
        for (class, n) in other.replays {
            *self.replays.entry(class).or_default() += n;
        }
    }

    fn fail(&mut self, class: String) {
        *self.failed.entry(class).or_default() += 1;
    }
}

pub fn run(env: &Env, args: &Args) -> Vec<Figure> {
    writes(env, args).unwrap_or_else(|e| vec![Figure::failed(SUITE, SUCCESS, "%", e)])
}

fn writes(env: &Env, args: &Args) -> Result<Vec<Figure>, String> {
    let redis = RedisServer::start()?;
    let url = redis.url();
    let runtime = client_runtime(2)?;
    let sessions = args.soak_sessions.clamp(1, MAX_SESSIONS);
    let per_session = (args.soak_calls / 10).max(1);
    let extra = [
        "--mode",
        "all",
        "--shared-cache",
        "--rate-limit",
        "0",
        "--enable-write-tools",
        "--redis-url",
        url.as_str(),
    ];
    let http = client(sessions * 2)?;
    let mut servers = Vec::new();
    for _ in 0..2 {
        servers.push(runtime.block_on(HttpServer::start(|port| env.http_command(port, &extra), &http))?);
    }
    let orgs = [
        (mist_sim::MAIN_TOKEN, mist_sim::MAIN_ORG_ID),
        (mist_sim::SECOND_TOKEN, mist_sim::SECOND_ORG_ID),
    ];
    let sim = env.sim();
    let creates_before = sim.stats().tool_count(TOOL);
    let run: u32 = rand_tag();
    let (tally, listed) = runtime.block_on(async {
        let mut endpoints = Vec::new();
        let mut sites = Vec::new();
        for (token, org) in orgs {
            let pair: Vec<Endpoint> = servers
                .iter()
                .map(|s| Endpoint {
                    http: http.clone(),
                    url: s.url.clone(),
                    token: token.to_owned(),
                })
                .collect();
            sites.push(site_ids(&pair[0], org).await?);
            endpoints.push(pair);
        }
        let mut tasks = Vec::new();
        let ready = Arc::new(Barrier::new(sessions));
        for i in 0..sessions {
            let pair = endpoints[i % 2].clone();
            let org_sites = sites[i % 2].clone();
            let index = (i / 2) % org_sites.len();
            let job = Job {
                pair,
                site: org_sites[index].clone(),
                planner: index % 2,
                prefix: format!("soak-{run:08x}-{i}-"),
                ready: ready.clone(),
            };
            tasks.push(tokio::spawn(session(job, per_session)));
        }
        let mut tally = Tally::default();
        for task in tasks {
            tally.add(task.await.unwrap_or_default());
        }
        // Every site of both organisations, listed through the replica that planned its writes
        // and confirmed none: its cached listing is stale unless the writes' news reached it.
        let mut listed: BTreeMap<String, u64> = BTreeMap::new();
        for (org, pair) in sites.iter().zip(&endpoints) {
            for (index, site) in org.iter().enumerate() {
                for name in wlan_names(&pair[index % 2], site).await? {
                    *listed.entry(name).or_default() += 1;
                }
            }
        }
        Ok::<_, String>((tally, listed))
    })?;
    let creates = sim.stats().tool_count(TOOL) - creates_before;
    let ours = format!("soak-{run:08x}-");
    let not_once = tally
        .written
        .iter()
        .filter(|name| listed.get(*name).copied() != Some(1))
        .count() as u64;
    let unexpected = listed
        .iter()
        .filter(|(name, _)| name.starts_with(&ours))
        .filter(|(name, _)| !tally.written.contains(name))
        .count() as u64;
    let extra_creates = creates.saturating_sub(tally.confirmed);
    let success = if tally.sent == 0 {
        0.0
    } else {
        100.0 * tally.confirmed as f64 / tally.sent as f64
    };
    let shape =
        format!("{sessions} sessions × {per_session} writes ({TOOL}), 2 replicas + Redis, shared cache");
    Ok(vec![
        Figure::new(SUITE, SUCCESS, "%")
            .value(success)
            .check(Check::AtLeast(Stat::Median, 100.0))
            .note(format!(
                "{shape}: {} confirmations sent to the replica that did not plan the write, {} confirmed; \
                 failed: {}; the same confirmation replayed on the planning replica: {}",
                tally.sent,
                tally.confirmed,
                classes(&tally.failed),
                classes(&tally.replays)
            )),
        Figure::new(SUITE, VISIBLE, "writes")
            .value((not_once + unexpected + extra_creates) as f64)
            .check(Check::AtMost(Stat::Median, 0.0))
            .note(format!(
                "{} confirmed writes: {not_once} not listed exactly once, {unexpected} listed but never \
                 confirmed; Mist received {creates} creates ({extra_creates} more than confirmed)",
                tally.confirmed
            )),
    ])
}

/// A tag that tells this run's objects apart from any earlier run's in the same simulator.
fn rand_tag() -> u32 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    nanos ^ std::process::id()
}

/// What one writing session is given.
struct Job {
    /// The two replicas, with the session's token.
    pair: Vec<Endpoint>,
    site: String,
    /// The replica that plans the site's writes; the other confirms them.
    planner: usize,
    /// The start of every name it writes.
    prefix: String,
    /// Passed once every session has read its site, before any writes.
    ready: Arc<Barrier>,
}

/// One session: opened on the first replica; each write planned on the site's planning replica
/// and confirmed on the other, then replayed on the planning one.
///
/// Before any session writes, each lists its site on both replicas, so both cache the listing
/// the final check reads: only if every write drops it everywhere is that check right. (The
/// barrier keeps these reads from racing a write, which could store an answer fetched before
/// the write after the write dropped it.)
async fn session(job: Job, writes: usize) -> Tally {
    let Job {
        pair,
        site,
        planner,
        prefix,
        ready,
    } = job;
    let mut tally = Tally::default();
    let opened = pair[0].open().await;
    for endpoint in &pair {
        if let Err(e) = wlan_names(endpoint, &site).await {
            tally.fail(format!("listing before the writes: {e}"));
        }
    }
    ready.wait().await;
    let mut session = match opened {
        Ok(s) => s,
        Err(e) => {
            tally.fail(format!("initialize: {e}"));
            return tally;
        }
    };
    for k in 0..writes {
        let (planner, confirmer) = (&pair[planner], &pair[1 - planner]);
        let name = format!("{prefix}{k}");
        let arguments = json!({"site_id": site, "body": {"ssid": name}});
        let plan = match call(planner, &mut session, &arguments).await {
            Ok(result) => result,
            Err(class) => {
                tally.fail(format!("plan: {class}"));
                continue;
            }
        };
        let Some(token) = plan["structuredContent"]["data"]["confirmation_token"].as_str() else {
            tally.fail("plan: no confirmation_token".into());
            continue;
        };
        let mut confirmed = arguments.clone();
        confirmed["confirmation_token"] = json!(token);
        tally.sent += 1;
        match call(confirmer, &mut session, &confirmed).await {
            Ok(_) => {
                tally.confirmed += 1;
                tally.written.push(name);
            }
            Err(class) => tally.fail(format!("confirm: {class}")),
        }
        let replay = match call(planner, &mut session, &confirmed).await {
            Ok(_) => "sent again".to_owned(),
            Err(class) => class,
        };
        *tally.replays.entry(replay).or_default() += 1;
    }
    tally
}

/// One call of the write tool; the result, or the class of its failure (the refusal's reason
/// when it has one).
async fn call(endpoint: &Endpoint, session: &mut Session, arguments: &Value) -> Result<Value, String> {
    let params = json!({"name": TOOL, "arguments": arguments});
    let message = endpoint.request(session, "tools/call", &params).await?;
    if let Some(code) = message["error"]["code"].as_i64() {
        return Err(format!("json-rpc {code}"));
    }
    let result = message["result"].clone();
    if result["isError"] == true {
        let error = &result["structuredContent"]["error"];
        let class = error["reason"].as_str().or(error["kind"].as_str()).unwrap_or("?");
        // A usage error says what went wrong in its message: its first words name the class.
        let said = error["message"].as_str().unwrap_or_default();
        let said = said.split_once(": ").map_or(said, |(_, rest)| rest);
        let head: String = said
            .split(':')
            .next()
            .unwrap_or_default()
            .chars()
            .take(60)
            .collect();
        return Err(match class {
            "usage" => format!("usage ({head})"),
            _ => class.to_owned(),
        });
    }
    Ok(result)
}

/// One read in a session of its own: the answer's data and the next page, if any.
async fn read(endpoint: &Endpoint, tool: &str, arguments: Value) -> Result<(Value, Option<u64>), String> {
    let mut session = endpoint.open().await?;
    let params = json!({"name": tool, "arguments": arguments});
    let message = endpoint.request(&mut session, "tools/call", &params).await?;
    let answer = &message["result"]["structuredContent"];
    if message["result"]["isError"] == true || answer.is_null() {
        return Err(format!("{tool} failed: {}", crate::stdio::short(&message)));
    }
    Ok((answer["data"].clone(), answer["pagination"]["next_page"].as_u64()))
}

/// The ids of an organisation's sites.
async fn site_ids(endpoint: &Endpoint, org: &str) -> Result<Vec<String>, String> {
    let (data, _) = read(endpoint, "listOrgSites", json!({"org_id": org, "limit": 100})).await?;
    let ids: Vec<String> = data
        .as_array()
        .map(|sites| {
            sites
                .iter()
                .filter_map(|s| s["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if ids.is_empty() {
        return Err(format!("the simulated org {org} has no sites"));
    }
    Ok(ids)
}

/// The SSIDs of a site's WLANs, one entry per WLAN, every page.
async fn wlan_names(endpoint: &Endpoint, site: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let mut page = Some(1);
    while let Some(n) = page {
        let arguments = json!({"site_id": site, "limit": 100, "page": n});
        let (data, next) = read(endpoint, "listSiteWlans", arguments).await?;
        let wlans = data.as_array().cloned().unwrap_or_default();
        names.extend(wlans.iter().filter_map(|w| w["ssid"].as_str().map(str::to_owned)));
        // A page that adds nothing ends the walk, whatever it says of the next.
        page = next.filter(|next| *next > n && !wlans.is_empty());
    }
    Ok(names)
}

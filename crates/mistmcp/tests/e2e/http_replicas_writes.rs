//! Writes through replicas sharing a real Redis: a write planned on one replica is confirmed on
//! another, once; two replicas racing to redeem one token send one write; the 2026-07-28
//! `input_required` retry may land anywhere; with Redis away nothing is planned or confirmed;
//! and with `--shared-cache` a confirmed write drops the shared answers of what it wrote.

use crate::harness::http::*;
use crate::harness::replicas::{Cluster, RedisServer};
use serde_json::{Value, json};

const WRITES: &[&str] = &["--mode", "all", "--enable-write-tools"];

/// One `tools/call` of a legacy session on one replica; the call's result.
async fn tool(server: &Server, session: &str, token: &str, name: &str, arguments: Value) -> Value {
    let reply = Raw::new(server, "/mcp")
        .token(token)
        .session(session)
        .session_call(7, "tools/call", json!({"name": name, "arguments": arguments}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.result().clone()
}

fn token_of(result: &Value) -> Value {
    let token = result["structuredContent"]["data"]["confirmation_token"].clone();
    assert!(token.is_string(), "a plan with a token: {result}");
    token
}

/// The refusal's reason, or "sent" when the call was not refused.
fn outcome(result: &Value) -> String {
    if result["isError"] == true {
        let error = &result["structuredContent"]["error"];
        return error["reason"]
            .as_str()
            .or(error["kind"].as_str())
            .unwrap_or("?")
            .to_owned();
    }
    "sent".into()
}

fn confirmed(arguments: &Value, token: Value) -> Value {
    let mut with = arguments.as_object().cloned().unwrap();
    with.insert("confirmation_token".into(), token);
    Value::Object(with)
}

/// Renames the WLAN `target` names to `ssid`: planned on `planner`, confirmed on `confirmer`,
/// which must send it.
async fn rename(planner: &Server, confirmer: &Server, session: &str, target: &Value, ssid: &str) {
    let mut arguments = target.as_object().cloned().unwrap();
    arguments.insert("body".into(), json!({"ssid": ssid}));
    let arguments = Value::Object(arguments);
    let plan = tool(
        planner,
        session,
        mist_sim::MAIN_TOKEN,
        "updateSiteWlan",
        arguments.clone(),
    )
    .await;
    let confirm = confirmed(&arguments, token_of(&plan));
    let sent = tool(
        confirmer,
        session,
        mist_sim::MAIN_TOKEN,
        "updateSiteWlan",
        confirm,
    )
    .await;
    assert_eq!(outcome(&sent), "sent", "{sent}");
}

/// `{site_id, wlan_id}` of the first WLAN of the sample site, listed through `server`.
async fn a_wlan(server: &Server, session: &str, sim: &mist_sim::RunningSim) -> Value {
    let site = site(sim);
    let wlans = tool(
        server,
        session,
        mist_sim::MAIN_TOKEN,
        "listSiteWlans",
        json!({"site_id": site}),
    )
    .await;
    let wlan = wlans["structuredContent"]["data"][0]["id"].clone();
    json!({"site_id": site, "wlan_id": wlan})
}

/// A session of the main token, opened on `server`.
async fn main_session(server: &Server) -> String {
    Raw::new(server, "/mcp")
        .token(mist_sim::MAIN_TOKEN)
        .open_session()
        .await
}

/// Plans `createSiteWlan` with `arguments` on `server`: the same arguments with the plan's
/// confirmation token, ready to confirm anywhere.
async fn planned_create(server: &Server, session: &str, arguments: &Value) -> Value {
    let plan = tool(
        server,
        session,
        mist_sim::MAIN_TOKEN,
        "createSiteWlan",
        arguments.clone(),
    )
    .await;
    confirmed(arguments, token_of(&plan))
}

fn site(sim: &mist_sim::RunningSim) -> String {
    let tool = crate::harness::catalog().tool("getSiteInfo").unwrap();
    sim.sample_args(tool)["site_id"].as_str().unwrap().to_owned()
}

/// A simulator and two replicas with writes on (and `flags` beside), sharing one Redis. The
/// fields drop in order: the replicas, then the simulator, then Redis.
struct Replicas {
    cluster: Cluster,
    sim: mist_sim::RunningSim,
    redis: RedisServer,
}

impl Replicas {
    /// `None` without a redis-server, outside CI (under CI its absence fails the run).
    async fn start(flags: &[&str]) -> Option<Self> {
        let redis = RedisServer::start().await?;
        let sim = sim().await;
        let mut extra = WRITES.to_vec();
        extra.extend_from_slice(flags);
        let cluster = Cluster::start(&sim, &redis, 2, &extra).await;
        Some(Self { cluster, sim, redis })
    }
}

/// Creates that reached Mist.
fn creates(sim: &mist_sim::RunningSim) -> u64 {
    sim.stats().tool_count("createSiteWlan")
}

#[tokio::test]
async fn a_write_planned_on_one_replica_is_confirmed_on_another_once_and_only_by_its_caller() {
    let Some(world) = Replicas::start(&[]).await else {
        return;
    };
    let (sim, cluster) = (&world.sim, &world.cluster);
    let (first, second) = (cluster.replica(0), cluster.replica(1));
    let session = main_session(first).await;
    let site = site(sim);
    let arguments = json!({"site_id": site, "body": {"ssid": "across-replicas"}});
    let with_token = planned_create(first, &session, &arguments).await;

    let intruder = Raw::new(second, "/mcp")
        .token(mist_sim::SECOND_TOKEN)
        .open_session()
        .await;
    let stolen = tool(
        second,
        &intruder,
        mist_sim::SECOND_TOKEN,
        "createSiteWlan",
        with_token.clone(),
    )
    .await;
    assert_eq!(outcome(&stolen), "other_call", "{stolen}");

    let before = creates(sim);
    let sent = tool(
        second,
        &session,
        mist_sim::MAIN_TOKEN,
        "createSiteWlan",
        with_token.clone(),
    )
    .await;
    assert_eq!(outcome(&sent), "sent", "{sent}");
    assert_eq!(creates(sim), before + 1, "the write reached Mist once");

    let again = tool(
        first,
        &session,
        mist_sim::MAIN_TOKEN,
        "createSiteWlan",
        with_token,
    )
    .await;
    assert_eq!(outcome(&again), "reused", "{again}");
    assert_eq!(creates(sim), before + 1, "and only once");
}

#[tokio::test]
async fn two_replicas_racing_to_redeem_one_token_send_one_write() {
    let Some(world) = Replicas::start(&[]).await else {
        return;
    };
    let (sim, cluster) = (&world.sim, &world.cluster);
    let (first, second) = (cluster.replica(0), cluster.replica(1));
    let session = main_session(first).await;
    let site = site(sim);
    for round in 0..5 {
        let arguments = json!({"site_id": site, "body": {"ssid": format!("raced-{round}")}});
        let with_token = planned_create(first, &session, &arguments).await;
        let before = creates(sim);
        let (a, b) = tokio::join!(
            tool(
                first,
                &session,
                mist_sim::MAIN_TOKEN,
                "createSiteWlan",
                with_token.clone()
            ),
            tool(
                second,
                &session,
                mist_sim::MAIN_TOKEN,
                "createSiteWlan",
                with_token.clone()
            ),
        );
        let mut outcomes = [outcome(&a), outcome(&b)];
        outcomes.sort();
        assert_eq!(outcomes, ["reused", "sent"], "round {round}: {a} {b}");
        assert_eq!(creates(sim), before + 1, "round {round}: one write");
    }
}

#[tokio::test]
async fn a_token_past_its_lifetime_is_refused_as_expired_by_another_replica() {
    let Some(world) = Replicas::start(&["--confirmation-ttl", "2"]).await else {
        return;
    };
    let (sim, cluster) = (&world.sim, &world.cluster);
    let (first, second) = (cluster.replica(0), cluster.replica(1));
    let session = main_session(first).await;
    let arguments = json!({"site_id": site(sim), "body": {"ssid": "too-late"}});
    let with_token = planned_create(first, &session, &arguments).await;
    // Past the 2 s lifetime, well within the record's 4 s in Redis.
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    let before = creates(sim);
    let late = tool(
        second,
        &session,
        mist_sim::MAIN_TOKEN,
        "createSiteWlan",
        with_token,
    )
    .await;
    assert_eq!(outcome(&late), "expired", "{late}");
    assert_eq!(creates(sim), before, "nothing was sent");
}

/// A stateless 2026-07-28 `tools/call` from a client that can be asked (elicitation forms),
/// optionally the retry of a round.
async fn stateless_write(server: &Server, arguments: &Value, retry: Option<(&str, Value)>) -> Reply {
    let mut params = json!({
        "name": "updateSiteWlan",
        "arguments": arguments,
        "_meta": {
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientCapabilities": {"elicitation": {"form": {}}},
            "io.modelcontextprotocol/clientInfo": {"name": "raw-test", "version": "1"}
        }
    });
    if let Some((state, responses)) = retry {
        params["requestState"] = json!(state);
        params["inputResponses"] = responses;
    }
    Raw::new(server, "/mcp")
        .token(mist_sim::MAIN_TOKEN)
        .header("mcp-protocol-version", "2026-07-28")
        .header("mcp-method", "tools/call")
        .header("mcp-name", "updateSiteWlan")
        .post(json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": params}))
        .await
}

#[tokio::test]
async fn an_input_required_round_asked_by_one_replica_is_answered_on_another() {
    let Some(world) = Replicas::start(&[]).await else {
        return;
    };
    let (sim, cluster) = (&world.sim, &world.cluster);
    let (first, second) = (cluster.replica(0), cluster.replica(1));
    let session = main_session(first).await;
    let site = site(sim);
    let wlans = tool(
        first,
        &session,
        mist_sim::MAIN_TOKEN,
        "listSiteWlans",
        json!({"site_id": site}),
    )
    .await;
    let wlan = wlans["structuredContent"]["data"][0]["id"].clone();
    assert!(wlan.is_string(), "{wlans}");
    let arguments = json!({"site_id": site, "wlan_id": wlan, "body": {"ssid": "asked-here-answered-there"}});

    let round = stateless_write(first, &arguments, None).await;
    let state = round.result()["requestState"]
        .as_str()
        .unwrap_or_else(|| panic!("a first round asks: {}", round.text))
        .to_owned();
    let yes = json!({"confirm_write": {"action": "accept", "content": {"confirm": true}}});
    let writes = sim.stats().tool_count("updateSiteWlan");
    let answered = stateless_write(second, &arguments, Some((&state, yes.clone()))).await;
    assert_eq!(outcome(answered.result()), "sent", "{}", answered.text);
    assert_eq!(sim.stats().tool_count("updateSiteWlan"), writes + 1);

    let replayed = stateless_write(first, &arguments, Some((&state, yes))).await;
    assert_eq!(outcome(replayed.result()), "reused", "{}", replayed.text);
    assert_eq!(sim.stats().tool_count("updateSiteWlan"), writes + 1);
}

#[tokio::test]
async fn with_redis_away_a_write_is_neither_planned_nor_confirmed() {
    let Some(mut world) = Replicas::start(&[]).await else {
        return;
    };
    let first = world.cluster.replica(0);
    let session = main_session(first).await;
    let site = site(&world.sim);
    let arguments = json!({"site_id": site, "body": {"ssid": "redis-away"}});
    let with_token = planned_create(first, &session, &arguments).await;

    world.redis.stop().await;
    let before = creates(&world.sim);
    let refused = tool(
        first,
        &session,
        mist_sim::MAIN_TOKEN,
        "createSiteWlan",
        with_token,
    )
    .await;
    assert_eq!(outcome(&refused), "unavailable", "{refused}");
    let text = refused["content"][0]["text"].as_str().unwrap_or_default();
    assert!(text.contains("Redis (--redis-url)"), "{text}");
    let unplanned = tool(first, &session, mist_sim::MAIN_TOKEN, "createSiteWlan", arguments).await;
    assert_eq!(outcome(&unplanned), "usage", "{unplanned}");
    let text = unplanned["content"][0]["text"].as_str().unwrap_or_default();
    assert!(text.contains("cannot plan this write: Redis"), "{text}");
    assert_eq!(creates(&world.sim), before, "nothing was sent");
}

#[tokio::test]
async fn with_a_shared_cache_a_confirmed_write_is_read_back_on_every_replica() {
    let Some(world) = Replicas::start(&["--shared-cache"]).await else {
        return;
    };
    let (sim, cluster) = (&world.sim, &world.cluster);
    let (first, second) = (cluster.replica(0), cluster.replica(1));
    let session = main_session(first).await;
    let target = a_wlan(first, &session, sim).await;
    let read = tool(
        first,
        &session,
        mist_sim::MAIN_TOKEN,
        "getSiteWlan",
        target.clone(),
    )
    .await;
    let old = read["structuredContent"]["data"]["ssid"].clone();
    assert!(old.is_string(), "{read}");

    rename(first, first, &session, &target, "renamed-with-a-shared-cache").await;

    for (name, replica) in [("the writing replica", first), ("the other replica", second)] {
        let after = tool(
            replica,
            &session,
            mist_sim::MAIN_TOKEN,
            "getSiteWlan",
            target.clone(),
        )
        .await;
        assert_eq!(
            after["structuredContent"]["data"]["ssid"], "renamed-with-a-shared-cache",
            "{name} reads the written object, not the one cached before ({old}): {after}"
        );
        let listed = tool(
            replica,
            &session,
            mist_sim::MAIN_TOKEN,
            "listSiteWlans",
            json!({"site_id": target["site_id"]}),
        )
        .await;
        let names: Vec<&Value> = listed["structuredContent"]["data"]
            .as_array()
            .map(|l| l.iter().map(|w| &w["ssid"]).collect())
            .unwrap_or_default();
        assert!(
            names.iter().any(|n| *n == "renamed-with-a-shared-cache"),
            "{name} lists it renamed: {listed}"
        );
    }
}

#[tokio::test]
async fn with_a_shared_cache_a_write_confirmed_on_one_replica_drops_what_the_planning_replica_cached() {
    planning_replica_reads_the_write_confirmed_elsewhere(&["--shared-cache"]).await;
}

#[tokio::test]
async fn with_local_caches_a_write_confirmed_on_one_replica_drops_what_the_planning_replica_cached() {
    planning_replica_reads_the_write_confirmed_elsewhere(&[]).await;
}

/// Both replicas cache an object, one plans a write of it and the other confirms it: the
/// planning one must then serve the written object, not the one it cached.
async fn planning_replica_reads_the_write_confirmed_elsewhere(flags: &[&str]) {
    let Some(world) = Replicas::start(flags).await else {
        return;
    };
    let (sim, cluster) = (&world.sim, &world.cluster);
    let (first, second) = (cluster.replica(0), cluster.replica(1));
    let session = main_session(first).await;
    let target = a_wlan(second, &session, sim).await;
    for replica in [first, second] {
        let read = tool(
            replica,
            &session,
            mist_sim::MAIN_TOKEN,
            "getSiteWlan",
            target.clone(),
        )
        .await;
        assert!(read["structuredContent"]["data"]["ssid"].is_string(), "{read}");
    }

    rename(second, first, &session, &target, "planned-there-confirmed-here").await;

    // The planning replica hears of the write through Redis, a moment after it happened: its
    // reads are retried until the drop arrives, within a bound far above any delivery.
    let mut last = Value::Null;
    for _ in 0..100 {
        last = tool(
            second,
            &session,
            mist_sim::MAIN_TOKEN,
            "getSiteWlan",
            target.clone(),
        )
        .await;
        if last["structuredContent"]["data"]["ssid"] == "planned-there-confirmed-here" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        last["structuredContent"]["data"]["ssid"], "planned-there-confirmed-here",
        "the planning replica serves the written object, not the one it cached: {last}"
    );
}

//! The response cache and single-flight, counted by the simulator: hits, expiry, bypass,
//! isolation between tokens, and N concurrent identical calls making one request.

use crate::harness::client::*;
use futures_util::future::join_all;
use mist_client::{CacheSettings, CacheTtl};
use mistmcp::ClientOptions;
use serde_json::json;
use std::time::Duration;

const SETTINGS: &str = "getOrgSettings";

#[tokio::test]
async fn a_repeated_call_is_served_from_the_cache_and_says_how_old() {
    let sim = sim().await;
    let (client, _) = Launch::against(&sim).connect().await;
    let args = json!({"org_id": sim.org_id()});
    let first = call(&client, SETTINGS, args.clone()).await;
    assert!(
        notes(&first).iter().all(|n| !n.contains("cache")),
        "{:?}",
        notes(&first)
    );
    let second = call(&client, SETTINGS, args).await;
    assert_eq!(data(&first), data(&second));
    let note = notes(&second)
        .into_iter()
        .find(|n| n.contains("cache"))
        .expect("a cache note");
    assert!(note.starts_with("Served from this server's cache, "), "{note}");
    assert!(note.ends_with(" s old (kept up to 60 s)."), "{note}");
    assert_eq!(sim.stats().tool_count(SETTINGS), 1);
    client.cancel().await.ok();
}

#[tokio::test]
async fn an_entry_expires_with_its_class_ttl() {
    let sim = sim().await;
    let (client, _) = Launch::against(&sim)
        .arg("--cache-ttl")
        .arg("volatile=1s")
        .connect()
        .await;
    let args = json!({"org_id": sim.org_id(), "limit": 5});
    call(&client, "searchOrgDevices", args.clone()).await;
    call(&client, "searchOrgDevices", args.clone()).await;
    assert_eq!(sim.stats().tool_count("searchOrgDevices"), 1, "within the TTL");
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    call(&client, "searchOrgDevices", args).await;
    assert_eq!(sim.stats().tool_count("searchOrgDevices"), 2, "after the TTL");
    client.cancel().await.ok();
}

#[tokio::test]
async fn the_fresh_hint_and_the_global_switch_bypass_the_cache() {
    let sim = sim().await;
    let (client, _) = Launch::against(&sim).connect().await;
    let args = json!({"org_id": sim.org_id()});
    call(&client, SETTINGS, args.clone()).await;
    let fresh = call_meta(
        &client,
        SETTINGS,
        args.clone(),
        Some(json!({"mistmcp/fresh": true})),
    )
    .await;
    assert!(notes(&fresh).iter().all(|n| !n.contains("cache")));
    assert_eq!(sim.stats().tool_count(SETTINGS), 2);
    // The fresh answer replaced the cached one.
    call(&client, SETTINGS, args.clone()).await;
    assert_eq!(sim.stats().tool_count(SETTINGS), 2);
    client.cancel().await.ok();

    sim.reset_stats();
    let (uncached, _) = Launch::against(&sim).arg("--no-cache").connect().await;
    for _ in 0..3 {
        call(&uncached, SETTINGS, args.clone()).await;
    }
    assert_eq!(sim.stats().tool_count(SETTINGS), 3);
    uncached.cancel().await.ok();
}

#[tokio::test]
async fn concurrent_identical_calls_make_one_request() {
    let sim = sim().await;
    // Without the cache, only single-flight can merge the calls; the latency keeps the first
    // request open while the others arrive.
    sim.set_latency(Duration::from_millis(700));
    let (client, _) = Launch::against(&sim).arg("--no-cache").connect().await;
    let args = json!({"org_id": sim.org_id(), "limit": 20});
    let calls = (0..8).map(|_| call(&client, "searchOrgDevices", args.clone()));
    let answers = join_all(calls).await;
    assert!(answers.iter().all(|a| data(a) == data(&answers[0])));
    assert_eq!(sim.stats().tool_count("searchOrgDevices"), 1);
    // Once it is done, the next identical call goes to Mist again (no cache here).
    call(&client, "searchOrgDevices", args).await;
    assert_eq!(sim.stats().tool_count("searchOrgDevices"), 2);
    client.cancel().await.ok();
}

#[tokio::test]
async fn an_answer_is_never_served_to_another_token() {
    let sim = sim().await;
    let direct = Direct::new(options());
    let main = target(&sim, mist_sim::MAIN_TOKEN);
    let second = target(&sim, mist_sim::SECOND_TOKEN);
    let a = direct.call(&main, "getSelf", json!({})).await;
    let b = direct.call(&second, "getSelf", json!({})).await;
    assert_ne!(data(&a), data(&b), "each token sees its own account");
    let stats = sim.stats();
    assert_eq!((stats.token_count("main"), stats.token_count("second")), (1, 1));
    let a_again = direct.call(&main, "getSelf", json!({})).await;
    let b_again = direct.call(&second, "getSelf", json!({})).await;
    assert_eq!((data(&a_again), data(&b_again)), (data(&a), data(&b)));
    assert_eq!(
        sim.stats().total,
        2,
        "both repeats came from the cache, each from its own entry"
    );
}

#[tokio::test]
async fn the_cache_stays_within_its_memory_bound() {
    let sim = sim().await;
    let small = CacheSettings {
        max_bytes: 256 * 1024,
        ttl: CacheTtl::default(),
    };
    let direct = Direct::new(ClientOptions {
        cache: Some(small),
        ..options()
    });
    let t = target(&sim, sim.token());
    for limit in 1..=40 {
        direct
            .call(
                &t,
                "searchOrgDevices",
                json!({"org_id": sim.org_id(), "limit": limit}),
            )
            .await;
    }
    let (entries, bytes) = direct.executor.client().cache_usage().unwrap();
    assert!(bytes <= 256 * 1024, "{bytes} bytes");
    assert!(entries < 40, "old entries were evicted ({entries} kept)");
    // The most recent answer is still there; the first one is gone.
    let before = sim.stats().total;
    direct
        .call(
            &t,
            "searchOrgDevices",
            json!({"org_id": sim.org_id(), "limit": 40}),
        )
        .await;
    assert_eq!(sim.stats().total, before);
    direct
        .call(
            &t,
            "searchOrgDevices",
            json!({"org_id": sim.org_id(), "limit": 1}),
        )
        .await;
    assert_eq!(sim.stats().total, before + 1);
}

//! Retries, rate limits and budgets against injected faults, counted by the simulator.

use crate::harness::client::*;
use http::Method;
use mist_catalog::CacheClass;
use mist_client::{BodyKind, MistClient, MistError, Request};
use mist_sim::{Fault, FaultPlan, FaultRule};
use mistmcp::ClientOptions;
use serde_json::json;
use std::time::Duration;

const SELF_PATH: &str = "/api/v1/self";

fn no_cache() -> ClientOptions {
    ClientOptions {
        cache: None,
        ..options()
    }
}

fn get_self() -> Request<'static> {
    Request {
        method: Method::GET,
        path: SELF_PATH,
        class: CacheClass::Config,
        body: BodyKind::Json,
        fresh: false,
    }
}

async fn client_for(options: &ClientOptions) -> MistClient {
    MistClient::new(options.client_settings(Duration::from_secs(5))).unwrap()
}

#[tokio::test]
async fn server_errors_are_retried_until_mist_answers() {
    let sim = sim().await;
    sim.set_faults(FaultPlan::single(
        FaultRule::times(2, Fault::Status { status: 503 }).on_path(SELF_PATH),
    ));
    let client = client_for(&no_cache()).await;
    let t = target(&sim, sim.token());
    let fetched = client
        .fetch(&t.base, &t.token, &get_self())
        .await
        .expect("the third attempt succeeds");
    assert_eq!(fetched.retry_waits.len(), 2);
    assert!(
        fetched.retry_waits[0] >= Duration::from_millis(100)
            && fetched.retry_waits[1] >= Duration::from_millis(200)
    );
    assert_eq!(sim.stats().path_count(SELF_PATH), 3);
}

#[tokio::test]
async fn resets_and_broken_json_are_retried() {
    let sim = sim().await;
    let plan = FaultPlan::single(FaultRule::times(1, Fault::Reset).on_path(SELF_PATH))
        .then(FaultRule::times(1, Fault::MalformedJson).on_path(SELF_PATH))
        .then(FaultRule::times(1, Fault::NotJson).on_path(SELF_PATH));
    sim.set_faults(plan);
    let client = client_for(&no_cache()).await;
    let t = target(&sim, sim.token());
    let fetched = client
        .fetch(&t.base, &t.token, &get_self())
        .await
        .expect("the fourth attempt succeeds");
    assert_eq!(fetched.retry_waits.len(), 3);
    assert_eq!(sim.stats().path_count(SELF_PATH), 4);
}

#[tokio::test]
async fn a_slow_answer_times_out_and_is_retried() {
    let sim = sim().await;
    sim.set_faults(FaultPlan::single(
        FaultRule::times(1, Fault::SlowBody { delay_ms: 4_000 }).on_path(SELF_PATH),
    ));
    let direct = Direct::with_timeout(no_cache(), Duration::from_secs(1));
    let result = direct
        .call(&target(&sim, sim.token()), "getSelf", json!({}))
        .await;
    answer(&result);
    assert_eq!(
        sim.stats().path_count(SELF_PATH),
        2,
        "the timed-out attempt and its retry"
    );
}

#[tokio::test]
async fn a_lasting_failure_gives_up_after_the_retries_and_says_so() {
    let sim = sim().await;
    sim.set_faults(FaultPlan::single(
        FaultRule::always(Fault::Status { status: 502 }).on_path(SELF_PATH),
    ));
    let direct = Direct::new(ClientOptions {
        retries: 2,
        ..no_cache()
    });
    let result = direct
        .call(&target(&sim, sim.token()), "getSelf", json!({}))
        .await;
    let text = text_of(&result);
    assert!(
        is_error(&result) && text.contains("502") && text.contains("after 3 attempts"),
        "{text}"
    );
    assert_eq!(sim.stats().path_count(SELF_PATH), 3);
}

#[tokio::test]
async fn nothing_but_reads_is_sent_twice() {
    let sim = sim().await;
    sim.set_faults(FaultPlan::single(
        FaultRule::always(Fault::Status { status: 503 }).on_path(SELF_PATH),
    ));
    let client = client_for(&no_cache()).await;
    let t = target(&sim, sim.token());
    let post = Request {
        method: Method::POST,
        ..get_self()
    };
    let error = client
        .fetch(&t.base, &t.token, &post)
        .await
        .expect_err("a 503 to a POST is final");
    assert!(
        matches!(error, MistError::Upstream { status: 503, .. }),
        "{error}"
    );
    assert_eq!(sim.stats().path_count(SELF_PATH), 1);
}

#[tokio::test]
async fn a_429_is_followed_by_success_after_backing_off() {
    let sim = sim().await;
    sim.set_faults(FaultPlan::single(
        FaultRule::times(1, Fault::RateLimited).on_path(SELF_PATH),
    ));
    let direct = Direct::new(no_cache());
    let result = direct
        .call(&target(&sim, sim.token()), "getSelf", json!({}))
        .await;
    answer(&result);
    let stats = sim.stats();
    assert_eq!(stats.path_count(SELF_PATH), 2, "the refused call and its retry");
    assert_eq!(
        stats.path_count("/api/v1/self/usage"),
        1,
        "one look at the budget decided to retry"
    );
}

#[tokio::test]
async fn a_spent_local_budget_says_when_calls_succeed_again() {
    let sim = sim().await;
    let direct = Direct::new(ClientOptions {
        rate_limit: 3,
        ..no_cache()
    });
    let t = target(&sim, sim.token());
    for _ in 0..3 {
        assert!(!is_error(&direct.call(&t, "getSelf", json!({})).await));
    }
    let refused = direct.call(&t, "getSelf", json!({})).await;
    let text = text_of(&refused);
    assert!(is_error(&refused), "{text}");
    assert!(
        text.contains("budget of Mist API calls for this token is spent (3 calls per hour)"),
        "{text}"
    );
    assert!(
        text.contains("Calls will succeed again in about 60 min (at 20"),
        "{text}"
    );
    assert_eq!(
        sim.stats().path_count(SELF_PATH),
        3,
        "the fourth call never reached Mist"
    );
}

#[tokio::test]
async fn mists_own_refusal_is_explained_with_the_time_and_not_hammered() {
    let sim = sim().await;
    sim.set_hourly_limit(2);
    let direct = Direct::new(no_cache());
    let t = target(&sim, sim.token());
    for _ in 0..2 {
        assert!(!is_error(&direct.call(&t, "getSelf", json!({})).await));
    }
    let refused = direct.call(&t, "getSelf", json!({})).await;
    let text = text_of(&refused);
    assert!(text.contains("Mist's rate limit was reached (429)"), "{text}");
    assert!(
        text.contains("Calls will succeed again in about") && text.contains("(at 20"),
        "{text}"
    );
    let after_first_refusal = sim.stats().path_count(SELF_PATH);
    assert_eq!(
        after_first_refusal, 3,
        "no retry once Mist's budget is known to be spent"
    );
    let again = direct.call(&t, "getSelf", json!({})).await;
    assert!(text_of(&again).contains("budget"), "{}", text_of(&again));
    assert_eq!(
        sim.stats().path_count(SELF_PATH),
        after_first_refusal,
        "later calls wait locally"
    );
}

#[tokio::test]
async fn tokens_never_share_a_budget() {
    let sim = sim().await;
    let direct = Direct::new(ClientOptions {
        rate_limit: 1,
        ..no_cache()
    });
    let main = target(&sim, mist_sim::MAIN_TOKEN);
    let second = target(&sim, mist_sim::SECOND_TOKEN);
    assert!(!is_error(&direct.call(&main, "getSelf", json!({})).await));
    assert!(is_error(&direct.call(&main, "getSelf", json!({})).await));
    assert!(
        !is_error(&direct.call(&second, "getSelf", json!({})).await),
        "the second token has its own hour"
    );
}

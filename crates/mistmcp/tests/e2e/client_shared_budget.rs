//! The Mist client with a budget shared by replicas (Redis in production; a counter in memory
//! here): the shared count decides, a refused call gives its slot back, and without the shared
//! count a replica makes only its share of the hour.

use crate::harness::client::*;
use mist_client::{MistClient, SharedBudget, SharedCount, Sharing, TokenDigest};
use mistmcp_engine::Executor;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// The count every replica shares; `None` plays Redis being unreachable.
struct Counter {
    used: Option<AtomicU32>,
    replicas: u32,
}

#[async_trait::async_trait]
impl SharedBudget for Counter {
    async fn take(&self, _who: &TokenDigest, _window: Duration) -> Option<SharedCount> {
        let used = self.used.as_ref()?.fetch_add(1, Ordering::SeqCst) + 1;
        Some(SharedCount {
            used,
            left: Duration::from_secs(3600),
        })
    }

    async fn give_back(&self, _who: &TokenDigest) {
        if let Some(used) = &self.used {
            used.fetch_sub(1, Ordering::SeqCst);
        }
    }

    fn replicas(&self) -> u32 {
        self.replicas
    }
}

fn direct(budget: Arc<Counter>, limit: u32) -> Direct {
    let mut options = options();
    options.rate_limit = limit;
    options.cache = None;
    let sharing = Sharing {
        budget: Some(budget),
        cache: None,
        writes: None,
    };
    let client = MistClient::new_shared(options.client_settings(Duration::from_secs(10)), sharing).unwrap();
    Direct {
        executor: Executor::new(client, options.limits()),
    }
}

/// How many of `n` getOrg calls are served before the budget refuses.
async fn served_of(direct: &Direct, sim: &mist_sim::RunningSim, n: usize) -> (usize, Vec<String>) {
    let main = target(sim, sim.token());
    let mut served = 0;
    let mut refusals = Vec::new();
    for _ in 0..n {
        let result = direct
            .call(&main, "getOrg", json!({"org_id": sim.org_id()}))
            .await;
        if is_error(&result) {
            refusals.push(text_of(&result));
        } else {
            served += 1;
        }
    }
    (served, refusals)
}

#[tokio::test]
async fn the_shared_count_decides_and_a_refused_call_gives_its_slot_back() {
    let sim = sim().await;
    // Other replicas already made 4 of the token's 6 calls this hour.
    let counter = Arc::new(Counter {
        used: Some(AtomicU32::new(4)),
        replicas: 3,
    });
    let (served, refusals) = served_of(&direct(counter.clone(), 6), &sim, 5).await;
    assert_eq!(served, 2, "{refusals:?}");
    assert!(refusals.iter().all(|r| r.contains("budget")), "{refusals:?}");
    assert_eq!(
        counter.used.as_ref().unwrap().load(Ordering::SeqCst),
        6,
        "refused calls do not stay counted"
    );
}

#[tokio::test]
async fn without_the_shared_count_a_replica_makes_only_its_share_of_the_hour() {
    let sim = sim().await;
    let unreachable = Arc::new(Counter {
        used: None,
        replicas: 3,
    });
    let (served, refusals) = served_of(&direct(unreachable, 6), &sim, 5).await;
    assert_eq!(served, 2, "6 calls an hour shared by 3 replicas: {refusals:?}");
    assert!(refusals.iter().all(|r| r.contains("budget")), "{refusals:?}");
}

//! The same seed gives the same organisation, byte for byte; another seed gives another one.

use crate::support;

use mist_sim::SimConfig;

async fn bodies(config: SimConfig) -> Vec<String> {
    let sim = support::start(config).await;
    let site = support::first_site(&sim);
    let mut out = Vec::new();
    for path in [
        support::org_path(&sim, "/devices/search?limit=1000"),
        support::org_path(&sim, "/clients/events/search?limit=1000"),
        support::org_path(&sim, "/alarms/count"),
        format!("/api/v1/sites/{site}/sle/site/{site}/metric/coverage/summary"),
        format!("/api/v1/sites/{site}/wlans/derived"),
    ] {
        out.push(support::get(&sim, &path).await.text().await.unwrap());
    }
    out
}

#[tokio::test]
async fn same_seed_gives_identical_answers() {
    let a = bodies(support::config()).await;
    let b = bodies(support::config()).await;
    assert_eq!(a, b);
}

#[tokio::test]
async fn another_seed_gives_another_organisation() {
    let a = bodies(support::config()).await;
    let b = bodies(SimConfig {
        seed: 7,
        ..support::config()
    })
    .await;
    assert_ne!(a[0], b[0]);
}

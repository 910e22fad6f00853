//! Starting, sharing and stopping a simulator.

use crate::support;

use mist_sim::{MAIN_ORG_ID, MAIN_TOKEN, RunningSim, SimConfig};

#[test]
fn running_sim_can_be_shared_across_tasks() {
    fn shareable<T: Send + Sync>() {}
    shareable::<RunningSim>();
}

#[tokio::test]
async fn defaults_expose_the_main_org_and_its_token() {
    let sim = support::start(SimConfig::default()).await;
    assert_eq!(sim.org_id(), MAIN_ORG_ID);
    assert_eq!(sim.token(), MAIN_TOKEN);
    assert!(sim.base_url().starts_with("http://127.0.0.1:"));
    assert_ne!(sim.addr().port(), 0);
    let (status, org) = support::get_json(&sim, &format!("/api/v1/orgs/{MAIN_ORG_ID}")).await;
    assert_eq!(status, 200);
    assert_eq!(org["id"], MAIN_ORG_ID);
    let w = sim.world();
    assert_eq!(w.sites_of(MAIN_ORG_ID).count(), 5);
    let site = &w.sites_of(MAIN_ORG_ID).next().unwrap().id;
    assert_eq!(w.devices_at(site).count(), 11);
    assert_eq!(w.clients_at(site).count(), 50);
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let sim = support::start(support::config()).await;
    let url = format!("{}/api/v1/self", sim.base_url());
    assert_eq!(support::get(&sim, "/api/v1/self").await.status(), 200);
    sim.shutdown().await;
    assert!(support::client().get(url).send().await.is_err());
}

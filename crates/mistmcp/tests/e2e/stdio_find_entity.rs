//! `findMistEntity` over stdio against the demo world: a device's MAC, a client's IP and a
//! site's name resolve to what the single-operation tools answer, and switches and gateways are
//! found by name with their site named.

use crate::harness::stdio::*;
use crate::stdio_workflows::{calls, ok, org_id};
use serde_json::json;

#[tokio::test]
async fn find_entity_resolves_a_device_mac_a_client_ip_and_a_site_name() {
    let client = Launch::demo().connect().await;
    let org = org_id(&client).await;
    let devices = ok(&call(
        &client,
        "listOrgDevicesStats",
        json!({"org_id": org, "type": "all", "limit": 1, "fields": "mac,name,site_id"}),
    )
    .await);
    let device = &devices[0];
    let mac = device["mac"].as_str().unwrap();
    let colons: Vec<String> = mac
        .as_bytes()
        .chunks(2)
        .map(|p| String::from_utf8_lossy(p).to_uppercase())
        .collect();
    let found = ok(&call(
        &client,
        "findMistEntity",
        json!({"org_id": org, "query": colons.join(":")}),
    )
    .await);
    assert_eq!(found["query"]["looks_like"], "mac");
    let rows = found["devices"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{found}");
    assert_eq!(rows[0]["mac"], device["mac"]);
    assert_eq!(rows[0]["name"], device["name"]);
    assert_eq!(rows[0]["site_id"], device["site_id"]);

    // Mist's client search gives `ip` and `hostname` as lists.
    let wireless = ok(&call(
        &client,
        "searchOrgWirelessClients",
        json!({"org_id": org, "limit": 1, "fields": "mac,ip"}),
    )
    .await);
    let client_row = &wireless["results"][0];
    let ip = client_row["ip"][0].as_str().expect("ip is a list of text");
    let found = ok(&call(&client, "findMistEntity", json!({"org_id": org, "query": ip})).await);
    assert_eq!(found["query"]["looks_like"], "ip");
    let clients = found["clients"].as_array().unwrap();
    assert!(
        clients
            .iter()
            .any(|c| c["mac"] == client_row["mac"] && c["ip"] == ip),
        "{found}"
    );

    let sites = ok(&call(
        &client,
        "listOrgSites",
        json!({"org_id": org, "fields": "id,name"}),
    )
    .await);
    let site = &sites[1];
    let part = site["name"].as_str().unwrap().to_lowercase();
    let found = ok(&call(&client, "findMistEntity", json!({"org_id": org, "query": part})).await);
    assert_eq!(found["sites"], json!([{"id": site["id"], "name": site["name"]}]));

    let nothing = call(
        &client,
        "findMistEntity",
        json!({"org_id": org, "query": "no-such-thing-anywhere"}),
    )
    .await;
    let empty = ok(&nothing);
    for kind in ["sites", "devices", "clients"] {
        assert_eq!(empty[kind], json!([]), "{kind}");
    }
    assert!(
        text_of(&nothing).contains("Nothing in this org is named"),
        "{}",
        text_of(&nothing)
    );
    // The site list read for the name before is read from the cache this time.
    let made = calls(&empty);
    assert!(
        made.contains(&("listOrgSites".to_owned(), "cached".to_owned())),
        "{made:?}"
    );
    assert!(made.iter().all(|(_, s)| s == "ok" || s == "cached"), "{made:?}");
    client.cancel().await.ok();
}

#[tokio::test]
async fn find_entity_finds_switches_and_gateways_by_name_and_names_their_site() {
    let client = Launch::demo().connect().await;
    let org = org_id(&client).await;
    let sites = ok(&call(
        &client,
        "listOrgSites",
        json!({"org_id": org, "fields": "id,name"}),
    )
    .await);
    let mut checked = 0;
    for kind in ["switch", "gateway"] {
        let listed = ok(&call(
            &client,
            "listOrgDevicesStats",
            json!({"org_id": org, "type": kind, "limit": 1, "fields": "mac,name,site_id,type"}),
        )
        .await);
        let Some(device) = listed.as_array().and_then(|l| l.first()).cloned() else {
            continue;
        };
        let name = device["name"].as_str().expect("a named device");
        let found = ok(&call(&client, "findMistEntity", json!({"org_id": org, "query": name})).await);
        let rows = found["devices"].as_array().unwrap();
        let row = rows
            .iter()
            .find(|r| r["mac"] == device["mac"])
            .unwrap_or_else(|| panic!("the {kind} {name} is found: {found}"));
        assert_eq!(row["type"], kind, "{found}");
        let site_name = sites
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == device["site_id"])
            .map(|s| s["name"].clone())
            .expect("the device's site is listed");
        assert_eq!(row["site"], site_name, "the site is named: {found}");
        checked += 1;
    }
    assert!(checked >= 1, "the demo world has a switch or a gateway");
    client.cancel().await.ok();
}

//! `showSiteMap` over stdio against the simulator: the map it picks, the APs it places and
//! their status checked against the single-operation tools of the same server, and the map's
//! image fetched from the link the answer gives.

use crate::harness::stdio::*;
use crate::stdio_workflows::{calls, ok, org_id};
use serde_json::{Value, json};

/// A site where some AP is down, found with the single-operation tools.
async fn site_with_an_ap_down(client: &Client, org: &str) -> String {
    let down = ok(&call(
        client,
        "listOrgDevicesStats",
        json!({"org_id": org, "type": "ap", "status": "disconnected", "fields": "site_id"}),
    )
    .await);
    down[0]["site_id"]
        .as_str()
        .expect("an AP is down somewhere")
        .to_owned()
}

#[tokio::test]
async fn the_site_map_places_every_ap_of_the_site_and_names_the_down_ones() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;
    let org = org_id(&client).await;
    let site = site_with_an_ap_down(&client, &org).await;
    let answer = ok(&call(&client, "showSiteMap", json!({"site_id": site})).await);
    let stats = ok(&call(
        &client,
        "listSiteDevicesStats",
        json!({"site_id": site, "type": "ap", "status": "all", "fields": "name,status"}),
    )
    .await);
    let stats = stats.as_array().expect("a list of APs");

    let placed = answer["aps"].as_array().expect("aps is a list");
    assert_eq!(
        placed.len(),
        stats.len(),
        "every AP of the site stands on the map"
    );
    let down: Vec<&Value> = stats
        .iter()
        .filter(|a| a["status"] != "connected")
        .map(|a| &a["name"])
        .collect();
    assert!(!down.is_empty());
    assert_eq!(answer["summary"]["down"], json!(down.len()));
    assert_eq!(answer["summary"]["down_names"], json!(down));
    assert_eq!(
        calls(&answer),
        [
            ("getSiteInfo".to_owned(), "ok".to_owned()),
            ("listSiteMaps".to_owned(), "ok".to_owned()),
            ("listSiteDevicesStats".to_owned(), "ok".to_owned())
        ]
    );
    let (width, height) = (
        answer["map"]["width"].as_i64().unwrap(),
        answer["map"]["height"].as_i64().unwrap(),
    );
    for ap in placed {
        let (x, y) = (ap["x"].as_i64().unwrap(), ap["y"].as_i64().unwrap());
        assert!((0..width).contains(&x) && (0..height).contains(&y), "{ap}");
    }
}

#[tokio::test]
async fn the_map_image_link_serves_a_drawing_of_the_map_size() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;
    let org = org_id(&client).await;
    let site = site_with_an_ap_down(&client, &org).await;
    let answer = ok(&call(&client, "showSiteMap", json!({"site_id": site})).await);
    let url = answer["map"]["url"].as_str().expect("the map has an image link");
    assert!(url.starts_with(&sim.base_url()), "{url}");

    let image = reqwest::get(url).await.expect("the image answers");
    assert_eq!(image.status(), 200);
    assert_eq!(image.headers()["content-type"], "image/svg+xml");
    let svg = image.text().await.unwrap();
    let size = format!(
        "width=\"{}\" height=\"{}\"",
        answer["map"]["width"], answer["map"]["height"]
    );
    assert!(svg.contains(&size), "{size} in {svg:.200}");
}

#[tokio::test]
async fn a_map_id_shows_that_map_even_when_no_ap_stands_on_it() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;
    let org = org_id(&client).await;
    let site = site_with_an_ap_down(&client, &org).await;
    let first = ok(&call(&client, "showSiteMap", json!({"site_id": site})).await);
    let empty = first["maps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["aps"] == 0)
        .expect("a map holds no AP")
        .clone();

    let answer = ok(&call(
        &client,
        "showSiteMap",
        json!({"site_id": site, "map_id": empty["id"]}),
    )
    .await);
    assert_eq!(answer["map"]["id"], empty["id"]);
    assert_eq!(answer["aps"], json!([]));
    assert_eq!(answer["summary"]["placed"], 0);
}

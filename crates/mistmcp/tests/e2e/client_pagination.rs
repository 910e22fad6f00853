//! Pagination as a model sees it: search cursors, list pages, multi-page fetches with progress,
//! and the truncation marker, through the real binary over stdio.

use crate::harness::client::*;
use mist_sim::{SimConfig, SimScale};
use mistmcp_engine::{CategorySet, ToolMode, ToolRegistry};
use serde_json::{Value, json};
use std::collections::HashSet;

fn scaled() -> SimConfig {
    SimConfig {
        scale: SimScale::times(10.0),
        ..config()
    }
}

/// What tells one client event from another both in the simulator's data and in an answer
/// (the spec's client event carries neither the client's MAC nor its site).
fn identity(event: &Value) -> String {
    ["timestamp", "ap", "bssid", "type"]
        .map(|f| event[f].to_string())
        .join("|")
}

/// The main org's wireless client events, newest first, as identities.
fn expected_events(sim: &mist_sim::RunningSim) -> Vec<String> {
    let org = sim.org_id().to_owned();
    sim.world()
        .records("clients/events")
        .into_iter()
        .filter(|r| r["org_id"] == org.as_str())
        .map(identity)
        .collect()
}

#[tokio::test]
async fn search_cursor_walks_every_result_once() {
    let sim = sim_with(scaled()).await;
    let expected = expected_events(&sim);
    assert!(expected.len() > 5_000, "only {} events", expected.len());
    let (client, _) = Launch::against(&sim)
        .arg("--max-result-kb")
        .arg("4096")
        .connect()
        .await;

    let mut args = json!({"org_id": sim.org_id(), "limit": 1000});
    let mut walked: Vec<String> = Vec::new();
    let mut pages = 0;
    loop {
        let result = call(&client, "searchOrgWirelessClientEvents", args.clone()).await;
        let p = pagination(&result).clone();
        assert_eq!(p["total"], json!(expected.len()), "total on page {pages}");
        assert_eq!(p["returned"], json!(results(&result).len()));
        walked.extend(results(&result).iter().map(identity));
        pages += 1;
        assert!(pages < 100, "the cursor does not end");
        if p["has_more"] == json!(false) {
            assert!(p.get("cursor").is_none(), "a last page offers no cursor");
            break;
        }
        let cursor = p["cursor"].as_str().expect("has_more comes with a cursor");
        // Only the cursor: the required org_id is not needed to follow it.
        args = json!({"cursor": cursor});
    }
    assert!(pages > 5, "{pages} pages");
    assert_eq!(walked.len(), expected.len());
    assert_eq!(
        walked, expected,
        "the walk differs from the data (gap, duplicate or reorder)"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn list_pages_report_totals_and_the_page_to_ask_next() {
    let sim = sim().await;
    let (client, _) = Launch::against(&sim).connect().await;
    let mut seen = HashSet::new();
    let mut page = 1;
    let mut total = None;
    loop {
        let result = call(
            &client,
            "getOrgInventory",
            json!({"org_id": sim.org_id(), "limit": 20, "page": page}),
        )
        .await;
        let p = pagination(&result).clone();
        assert_eq!((p["page"].clone(), p["limit"].clone()), (json!(page), json!(20)));
        let this_total = p["total"].as_u64().expect("X-Page-Total becomes total");
        assert_eq!(*total.get_or_insert(this_total), this_total);
        for item in results(&result) {
            assert!(seen.insert(item.to_string()), "item seen twice: {item}");
        }
        if p["has_more"] == json!(false) {
            assert!(p.get("next_page").is_none());
            break;
        }
        assert_eq!(p["next_page"], json!(page + 1));
        page += 1;
        assert!(page < 50, "the pages do not end");
    }
    assert!(page >= 3, "only {page} pages");
    assert_eq!(Some(seen.len() as u64), total);
    client.cancel().await.ok();
}

#[tokio::test]
async fn several_pages_in_one_call_send_progress_and_continue_without_gaps() {
    let sim = sim_with(scaled()).await;
    let (client, log) = Launch::against(&sim).connect().await;
    let org = sim.org_id();
    // rmcp's client puts a progress token on every request; the server reports against it.
    let first = call(
        &client,
        "searchOrgWirelessClientEvents",
        json!({"org_id": org, "limit": 50, "max_pages": 3}),
    )
    .await;
    let p = pagination(&first).clone();
    assert_eq!(
        (p["pages"].clone(), p["returned"].clone(), p["has_more"].clone()),
        (json!(3), json!(150), json!(true))
    );
    assert_eq!(results(&first).len(), 150);

    let progress = log.wait_for(3).await;
    let steps: Vec<(f64, Option<f64>)> = progress.iter().map(|n| (n.progress, n.total)).collect();
    assert_eq!(steps, vec![(1.0, Some(3.0)), (2.0, Some(3.0)), (3.0, Some(3.0))]);
    assert!(
        progress
            .iter()
            .all(|n| n.progress_token == progress[0].progress_token)
    );
    assert!(
        progress[2].message.as_deref().unwrap_or("").contains("150 of"),
        "{:?}",
        progress[2].message
    );

    let cursor = p["cursor"].as_str().expect("a cursor to continue");
    let next = call(
        &client,
        "searchOrgWirelessClientEvents",
        json!({"org_id": org, "cursor": cursor}),
    )
    .await;
    let one_go = call(
        &client,
        "searchOrgWirelessClientEvents",
        json!({"org_id": org, "limit": 200}),
    )
    .await;
    let mut joined: Vec<&Value> = results(&first).iter().collect();
    joined.extend(results(&next).iter());
    let expected: Vec<&Value> = results(&one_go).iter().collect();
    assert_eq!(
        joined, expected,
        "three pages then the cursor's page equal one page of 200"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_single_page_call_sends_no_progress() {
    let sim = sim().await;
    let (client, log) = Launch::against(&sim).connect().await;
    let result = call(
        &client,
        "searchOrgDevices",
        json!({"org_id": sim.org_id(), "limit": 10}),
    )
    .await;
    assert_eq!(pagination(&result)["returned"], json!(10));
    let paged = call(
        &client,
        "searchOrgDevices",
        json!({"org_id": sim.org_id(), "limit": 10, "max_pages": 2}),
    )
    .await;
    assert_eq!(pagination(&paged)["pages"], json!(2));
    // Notifications precede their result, so the two of the second call mark the end.
    assert_eq!(
        log.wait_for(2).await.len(),
        2,
        "only the two pages of the second call are reported"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn an_oversized_answer_is_cut_with_a_marker_that_says_how_to_narrow() {
    let sim = sim().await;
    let (client, _) = Launch::against(&sim)
        .arg("--max-result-kb")
        .arg("8")
        .connect()
        .await;
    let result = call(
        &client,
        "searchOrgWirelessClientEvents",
        json!({"org_id": sim.org_id(), "limit": 100}),
    )
    .await;
    let notes = notes(&result);
    let marker = notes.first().expect("a truncation note");
    let kept = results(&result).len();
    assert!(kept > 0 && kept < 100, "kept {kept}");
    assert!(
        marker.starts_with(&format!("TRUNCATED: kept the first {kept} of 100 items")),
        "{marker}"
    );
    assert!(marker.contains(&format!("limit={kept}")), "{marker}");
    let p = pagination(&result);
    assert_eq!(
        (p["returned"].clone(), p["has_more"].clone()),
        (json!(kept), json!(true))
    );
    assert!(
        p.get("cursor").is_none(),
        "a cursor would skip the items cut from this page"
    );
    assert!(
        text_of(&result).len() <= 8 * 1024,
        "{} bytes",
        text_of(&result).len()
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn answers_carry_no_empty_fields() {
    let sim = sim().await;
    let (client, _) = Launch::against(&sim).connect().await;
    let result = call(
        &client,
        "searchOrgDevices",
        json!({"org_id": sim.org_id(), "limit": 100}),
    )
    .await;
    fn has_empty(v: &Value) -> bool {
        match v {
            Value::Object(m) => m.values().any(|f| {
                f.is_null()
                    || f.as_str() == Some("")
                    || f.as_array().is_some_and(Vec::is_empty)
                    || f.as_object().is_some_and(|o| o.is_empty())
                    || has_empty(f)
            }),
            Value::Array(items) => items.iter().any(has_empty),
            _ => false,
        }
    }
    assert!(!results(&result).is_empty());
    assert!(!has_empty(data(&result)));
    client.cancel().await.ok();
}

#[test]
fn tools_list_in_all_mode_stays_under_800_bytes_a_tool_with_the_paging_arguments() {
    let catalog = mist_catalog::catalog();
    let tools = mistmcp::ToolList::new(std::sync::Arc::new(ToolRegistry::new(catalog)))
        .list(ToolMode::All, CategorySet::all(catalog));
    let bytes = serde_json::to_vec(&json!({"tools": tools})).unwrap().len();
    assert!(bytes <= 800 * tools.len(), "tools/list is {bytes} bytes");
    let search = tools.iter().find(|t| t.name == "searchOrgDevices").unwrap();
    assert!(search.input_schema["properties"].get("cursor").is_some());
    let list = tools.iter().find(|t| t.name == "listOrgWlans").unwrap();
    assert!(list.input_schema["properties"].get("cursor").is_none());
    assert!(list.input_schema["properties"].get("max_pages").is_some());
}

#[tokio::test]
async fn a_multi_page_fetch_stops_at_the_size_cap_and_continues_without_gaps() {
    let sim = sim_with(scaled()).await;
    let t = target(&sim, sim.token());
    let org = sim.org_id();
    let small = Direct::new(mistmcp::ClientOptions {
        max_result_bytes: 16 * 1024,
        ..options()
    });
    let first = small
        .call(
            &t,
            "searchOrgWirelessClientEvents",
            json!({"org_id": org, "limit": 10, "max_pages": 10}),
        )
        .await;
    let p = pagination(&first).clone();
    let pages = p["pages"].as_u64().unwrap_or(1);
    assert!(pages < 10, "the cap stopped the walk early ({pages} pages)");
    assert!(
        notes(&first).iter().any(|n| n.starts_with("Stopped after")),
        "{:?}",
        notes(&first)
    );
    assert!(serde_json::to_vec(answer(&first)).unwrap().len() <= 16 * 1024);
    let cursor = p["cursor"].as_str().expect("a cursor to continue");
    let next = small
        .call(
            &t,
            "searchOrgWirelessClientEvents",
            json!({"cursor": cursor, "max_pages": 2}),
        )
        .await;

    let big = Direct::new(options());
    let kept = results(&first).len() + results(&next).len();
    let all = big
        .call(
            &t,
            "searchOrgWirelessClientEvents",
            json!({"org_id": org, "limit": kept}),
        )
        .await;
    let mut joined: Vec<&Value> = results(&first).iter().collect();
    joined.extend(results(&next));
    assert_eq!(joined, results(&all).iter().collect::<Vec<_>>());
}

#[tokio::test]
async fn a_failed_later_page_keeps_the_pages_read_and_its_cursor_retries_from_there() {
    let sim = sim().await;
    let search = format!("/api/v1/orgs/{}/clients/events/search", sim.org_id());
    // The first page passes (a slow body of no delay is the correct answer), then every page fails.
    sim.set_faults(
        mist_sim::FaultPlan::single(
            mist_sim::FaultRule::times(1, mist_sim::Fault::SlowBody { delay_ms: 0 }).on_path(&search),
        )
        .then(mist_sim::FaultRule::always(mist_sim::Fault::Status { status: 503 }).on_path(&search)),
    );
    let (client, _) = Launch::against(&sim)
        .arg("--retries")
        .arg("0")
        .arg("--no-cache")
        .connect()
        .await;
    let args = json!({"org_id": sim.org_id(), "limit": 5, "max_pages": 3});
    let result = call(&client, "searchOrgWirelessClientEvents", args).await;
    assert!(!is_error(&result), "page 1 is an answer: {}", text_of(&result));
    let first: Vec<String> = results(&result).iter().map(identity).collect();
    assert_eq!(first.len(), 5);
    let text = text_of(&result);
    assert!(text.contains("Page 2 failed") && text.contains("503"), "{text}");
    let p = pagination(&result).clone();
    assert_eq!(p["has_more"], json!(true), "{p}");
    let cursor = p["cursor"].as_str().expect("a cursor to retry from").to_owned();

    sim.set_faults(mist_sim::FaultPlan::none());
    let retried = call(
        &client,
        "searchOrgWirelessClientEvents",
        json!({"cursor": cursor}),
    )
    .await;
    assert!(!is_error(&retried), "{}", text_of(&retried));
    let second: Vec<String> = results(&retried).iter().map(identity).collect();
    let expected = expected_events(&sim);
    assert_eq!(first, expected[..5], "page 1 as Mist has it");
    assert_eq!(
        second,
        expected[5..10],
        "the retry goes on from page 2, nothing skipped or repeated"
    );
    client.cancel().await.ok();
}

//! `mistmcp tools` and `mistmcp call`: the discovery tools and one tool call from a terminal,
//! checked against what the same server answers over MCP.

use crate::cli_commands::{json_of, plain};
use crate::harness::stdio::*;
use serde_json::{Value, json};

#[tokio::test]
async fn tools_without_words_lists_every_category_with_its_tool_count() {
    let (code, out, err) = plain().args(&["tools", "--json"]).run_to_exit().await;
    assert_eq!(code, 0, "{err}");
    let listing = json_of(&out);
    let categories = listing["categories"].as_array().unwrap();
    let catalog = crate::harness::catalog();
    assert_eq!(categories.len(), catalog.categories.len());
    let counted: u64 = categories.iter().map(|c| c["tools"].as_u64().unwrap()).sum();
    assert_eq!(counted as usize, crate::harness::read_tools());
}

#[tokio::test]
async fn tools_in_custom_mode_lists_only_the_given_categories() {
    let (code, out, err) = plain()
        .args(&[
            "--mode",
            "custom",
            "--categories",
            "orgs,sites",
            "tools",
            "--json",
        ])
        .run_to_exit()
        .await;
    assert_eq!(code, 0, "{err}");
    let names: Vec<String> = json_of(&out)["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["orgs", "sites"]);
}

#[tokio::test]
async fn tools_with_words_ranks_them_as_the_search_tool_does_over_mcp() {
    let (code, out, err) = plain()
        .args(&["tools", "rogue", "aps", "site", "--limit", "5", "--json"])
        .run_to_exit()
        .await;
    assert_eq!(code, 0, "{err}");
    let from_terminal: Vec<Value> = json_of(&out)["data"].as_array().unwrap().clone();
    assert_eq!(from_terminal.len(), 5);

    let client = Launch::demo().connect().await;
    let answer = call(
        &client,
        "searchMistTools",
        json!({"query": "rogue aps site", "limit": 5}),
    )
    .await;
    assert!(!is_error(&answer), "{}", text_of(&answer));
    assert_eq!(data(&answer).as_array().unwrap(), &from_terminal);
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn tools_describe_prints_a_tools_arguments_for_a_person() {
    let (code, out, err) = plain()
        .args(&["tools", "--describe", "searchOrgDevices"])
        .run_to_exit()
        .await;
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("searchOrgDevices("), "{out}");
    assert!(out.contains("org_id (string, required)"), "{out}");
    assert!(out.contains("pagination: search"), "{out}");
}

#[tokio::test]
async fn tools_describe_of_an_unknown_tool_names_the_closest_and_fails() {
    let (code, _, err) = plain()
        .args(&["tools", "--describe", "searchOrgDevice"])
        .run_to_exit()
        .await;
    assert_eq!(code, 1);
    assert!(err.contains("searchOrgDevices"), "{err}");
}

#[tokio::test]
async fn a_search_that_finds_nothing_exits_with_one_and_says_what_to_try() {
    let (code, out, _) = plain().args(&["tools", "qwxzv"]).run_to_exit().await;
    assert_eq!(code, 1);
    assert!(out.contains("No tool matches 'qwxzv'"), "{out}");
}

#[tokio::test]
async fn call_runs_one_tool_against_the_simulator_and_prints_the_text_a_model_reads() {
    let sim = sim().await;
    let (code, out, err) = Launch::against(&sim)
        .args(&[
            "call",
            "listOrgSites",
            &format!("org_id={}", sim.org_id()),
            "--output",
            "json",
        ])
        .run_to_exit()
        .await;
    assert_eq!(code, 0, "{err}");
    let sites = json_of(&out)["data"].as_array().unwrap().clone();
    assert!(!sites.is_empty(), "{out}");
    let site_id = sites[0]["id"].as_str().unwrap();

    let (code, text, err) = Launch::against(&sim)
        .args(&["call", "getSiteStats", &format!("site_id={site_id}")])
        .run_to_exit()
        .await;
    assert_eq!(code, 0, "{err}");
    let client = Launch::against(&sim).connect().await;
    let answer = call(&client, "getSiteStats", json!({"site_id": site_id})).await;
    assert_eq!(text.trim_end(), text_of(&answer).trim_end());
    client.cancel().await.unwrap();
    assert!(!text.contains(sim.token()) && !err.contains(sim.token()));
}

#[tokio::test]
async fn call_with_a_bad_argument_fails_with_the_error_mcp_gives() {
    let (code, out, err) = plain()
        .args(&["--demo", "call", "getSiteStats", "site_id=nope"])
        .run_to_exit()
        .await;
    assert_eq!(code, 1, "{out}");
    let client = Launch::demo().connect().await;
    let answer = call(&client, "getSiteStats", json!({"site_id": "nope"})).await;
    assert!(is_error(&answer));
    assert_eq!(err.trim_end(), text_of(&answer).trim_end());
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn call_takes_arguments_as_a_json_object_too() {
    let (code, out, err) = plain()
        .args(&[
            "--demo",
            "call",
            "searchMistTools",
            "--json",
            r#"{"query": "wlans", "limit": 2}"#,
            "--output",
            "json",
        ])
        .run_to_exit()
        .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(json_of(&out)["data"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn call_with_a_pair_that_has_no_value_is_a_usage_error() {
    let (code, _, err) = plain()
        .args(&["--demo", "call", "getSelf", "org_id"])
        .run_to_exit()
        .await;
    assert_eq!(code, 2);
    assert!(err.contains("write key=value"), "{err}");
}

#[tokio::test]
async fn call_with_a_refused_token_fails_without_printing_it() {
    let sim = sim().await;
    let (code, out, err) = Launch::with_token(&sim, "refused-token-value-77")
        .args(&["call", "getSelf"])
        .run_to_exit()
        .await;
    assert_eq!(code, 1, "{out}");
    assert!(
        err.contains("401") || err.to_lowercase().contains("token"),
        "{err}"
    );
    assert!(!out.contains("refused-token-value-77") && !err.contains("refused-token-value-77"));
}

#[tokio::test]
async fn call_outside_the_custom_modes_categories_is_refused_with_the_reason() {
    let (code, _, err) = plain()
        .args(&[
            "--demo",
            "--mode",
            "custom",
            "--categories",
            "orgs",
            "call",
            "getSiteStats",
            "site_id=x",
        ])
        .run_to_exit()
        .await;
    assert_eq!(code, 1);
    assert!(err.contains("getSiteStats"), "{err}");
}

#[test]
fn a_reader_that_stops_early_ends_the_listing_quietly_instead_of_a_panic() {
    // As `mistmcp tools | head -1` does: the pipe's reader is gone before the listing is written.
    let mut child = std::process::Command::new(crate::harness::BIN)
        .args(["tools", "--category", "orgs"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

//! Finding and calling tools through the discovery tools, over stdio against the simulator:
//! the size of each mode's tool list, search → describe → call, and errors that name the fix.

use crate::harness::is_write;
use crate::harness::stdio::*;
use rmcp::model::Tool;
use serde_json::{Value, json};

/// The `tools/list` a client receives, as compact JSON bytes.
async fn list_bytes(client: &Client) -> (Vec<String>, usize) {
    let tools: Vec<Tool> = client.list_all_tools().await.expect("tools/list");
    let bytes = serde_json::to_vec(&json!({ "tools": tools })).unwrap().len();
    (tools.into_iter().map(|t| t.name.into_owned()).collect(), bytes)
}

#[tokio::test]
async fn managed_mode_lists_five_tools_in_under_4000_bytes() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;
    let (names, bytes) = list_bytes(&client).await;
    eprintln!("tools/list bytes, managed: {bytes} ({} tools)", names.len());
    assert_eq!(
        names,
        [
            "getSelf",
            "manageMcpTools",
            "searchMistTools",
            "describeMistTool",
            "callMistTool"
        ]
    );
    // Measured 2,865 bytes (2,490 before outputSchema); the bound is 4,000, whatever the catalog's size.
    assert!(bytes <= 4000, "managed tools/list is {bytes} bytes");
    client.cancel().await.ok();
}

#[tokio::test]
async fn custom_and_all_mode_lists_stay_within_their_size_guards() {
    let sim = sim().await;
    let catalog = crate::harness::catalog();
    let custom = Launch::custom(&sim, "orgs,sites").connect().await;
    let (names, bytes) = list_bytes(&custom).await;
    let listed = catalog.tools_in("orgs").count() + catalog.tools_in("sites").count();
    eprintln!(
        "tools/list bytes, custom (orgs,sites): {bytes} ({} tools)",
        names.len()
    );
    assert_eq!(names.len(), 3 + listed);
    assert_eq!(names[..3], ["getSelf", "searchMistTools", "describeMistTool"]);
    // Measured 7,600 bytes for getSelf, search, describe and 9 tools, each with the envelope's
    // outputSchema (6,717 before it); a little headroom.
    assert!(
        bytes <= 2_400 + 600 * listed,
        "custom tools/list is {bytes} bytes"
    );
    custom.cancel().await.ok();

    let all = Launch::against(&sim).arg("-m").arg("all").connect().await;
    let (names, bytes) = list_bytes(&all).await;
    eprintln!("tools/list bytes, all: {bytes} ({} tools)", names.len());
    assert_eq!(names.len(), crate::harness::read_tools());
    // Measured 772 bytes per tool on average (207 tools); a little headroom.
    assert!(bytes <= 800 * names.len(), "all-mode tools/list is {bytes} bytes");
    all.cancel().await.ok();
}

#[tokio::test]
async fn a_model_finds_describes_and_calls_a_tool_it_was_never_shown() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;

    let found = call(
        &client,
        "searchMistTools",
        json!({"query": "find devices in the org by mac"}),
    )
    .await;
    assert!(!is_error(&found), "{}", text_of(&found));
    let hits = data(&found).as_array().expect("a list of hits").clone();
    let hit = hits
        .iter()
        .find(|h| h["name"] == "searchOrgDevices")
        .unwrap_or_else(|| panic!("searchOrgDevices among {hits:?}"));
    assert_eq!(hit["category"], "devices");
    assert!(
        hit["signature"]
            .as_str()
            .unwrap()
            .starts_with("searchOrgDevices(org_id")
    );
    assert!(
        text_of(&found).contains("name|category|summary|signature"),
        "{}",
        text_of(&found)
    );

    let described = call(&client, "describeMistTool", json!({"name": "searchOrgDevices"})).await;
    assert!(!is_error(&described), "{}", text_of(&described));
    let about = data(&described);
    assert!(about["arguments"]["properties"]["org_id"].is_object());
    assert!(about["arguments"]["properties"]["fields"].is_object());
    assert!(about["pagination"].as_str().unwrap().contains("cursor"));

    let answer = call(
        &client,
        "callMistTool",
        json!({"tool": "searchOrgDevices", "arguments": {"org_id": sim.org_id(), "fields": "mac,model"}}),
    )
    .await;
    assert!(!is_error(&answer), "{}", text_of(&answer));
    let first = &data(&answer)["results"][0];
    assert_eq!(
        first.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["mac", "model"]
    );
    assert!(
        tool_names(&client).await.len() == 5,
        "nothing was enabled on the way"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn enabling_a_category_still_lists_its_tools() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;
    let result = call(
        &client,
        "manageMcpTools",
        json!({"enable_mcp_tools_categories": "orgs, sites"}),
    )
    .await;
    assert!(!is_error(&result), "{}", text_of(&result));
    let names = tool_names(&client).await;
    let catalog = crate::harness::catalog();
    assert_eq!(
        names.len(),
        crate::harness::MANAGED_TOOLS.len()
            + catalog.tools_in("orgs").count()
            + catalog.tools_in("sites").count()
    );
    assert!(names.contains(&"getOrg".to_string()) && names.contains(&"getSiteInfo".to_string()));
    let direct = call(&client, "getOrg", json!({"org_id": sim.org_id()})).await;
    assert!(!is_error(&direct), "{}", text_of(&direct));
    client.cancel().await.ok();
}

#[tokio::test]
async fn custom_mode_search_and_calls_reach_only_the_operators_categories_and_say_so() {
    let sim = sim().await;
    let client = Launch::custom(&sim, "sites").connect().await;
    let found = call(&client, "searchMistTools", json!({"query": "org devices"})).await;
    assert!(!is_error(&found), "{}", text_of(&found));
    for hit in data(&found).as_array().unwrap() {
        assert!(hit["category"] == "sites" || hit["name"] == "getSelf", "{hit}");
    }
    assert!(text_of(&found).contains("custom mode"), "{}", text_of(&found));
    let refused = call(
        &client,
        "callMistTool",
        json!({"tool": "getOrg", "arguments": {"org_id": sim.org_id()}}),
    )
    .await;
    assert_eq!(error_of(&refused)["kind"], "not_enabled", "{}", text_of(&refused));
    assert!(
        text_of(&refused).contains("--categories"),
        "{}",
        text_of(&refused)
    );
    assert_eq!(sim.stats().total, 0, "no request reached Mist");
    client.cancel().await.ok();
}

#[tokio::test]
async fn an_unknown_tool_gets_the_closest_names_and_a_pointer_to_search() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;
    let by_name = call(&client, "callMistTool", json!({"tool": "searchOrgDevice"})).await;
    let error = error_of(&by_name);
    assert_eq!(error["kind"], "unknown_tool");
    let closest: Vec<&str> = error["closest"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(closest.len(), 3, "{closest:?}");
    assert_eq!(closest[0], "searchOrgDevices");
    assert!(text_of(&by_name).contains("searchMistTools"));

    let direct = client
        .call_tool(params("getOrgz", json!({})))
        .await
        .expect_err("an unknown tool is a protocol error");
    let message = direct.to_string();
    assert!(
        message.contains("getOrg") && message.contains("searchMistTools"),
        "{message}"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn argument_errors_name_the_closest_argument_the_valid_values_and_the_signature() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;
    let typo = call(
        &client,
        "callMistTool",
        json!({"tool": "getOrg", "arguments": {"org": sim.org_id()}}),
    )
    .await;
    let error = error_of(&typo);
    assert_eq!(
        (error["kind"].as_str(), error["did_you_mean"].as_str()),
        (Some("arguments"), Some("org_id"))
    );
    assert_eq!(error["signature"], "getOrg(org_id, fields?)");
    assert!(
        text_of(&typo).contains("did you mean 'org_id'?"),
        "{}",
        text_of(&typo)
    );
    assert!(
        text_of(&typo).contains("Call it as getOrg(org_id, fields?)."),
        "{}",
        text_of(&typo)
    );

    let enum_value = call(
        &client,
        "callMistTool",
        json!({"tool": "searchOrgDevices", "arguments": {"org_id": sim.org_id(), "type": "router"}}),
    )
    .await;
    let expected = error_of(&enum_value)["expected"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        expected.contains("ap") && expected.contains("switch") && expected.contains("gateway"),
        "{expected}"
    );

    let category = call(&client, "manageMcpTools", json!({"enable": "devcies"})).await;
    assert!(
        text_of(&category).contains("closest: devices"),
        "{}",
        text_of(&category)
    );
    let search = call(
        &client,
        "searchMistTools",
        json!({"query": "stats", "category": "site_stat"}),
    )
    .await;
    assert!(
        text_of(&search).contains("closest: sites_stats"),
        "{}",
        text_of(&search)
    );
    assert_eq!(sim.stats().total, 0, "nothing reached Mist");
    client.cancel().await.ok();
}

/// The names a search answers, in order.
async fn hits(client: &Client, args: Value) -> Vec<String> {
    let result = call(client, "searchMistTools", args).await;
    assert!(!is_error(&result), "{}", text_of(&result));
    data(&result)
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn search_answers_at_most_its_limit_and_writes_only_when_asked_to_change_something() {
    let sim = sim().await;
    let client = Launch::against(&sim).arg("--enable-write-tools").connect().await;
    let three = hits(&client, json!({"query": "create a wlan", "limit": 3})).await;
    let ten = hits(&client, json!({"query": "create a wlan"})).await;
    eprintln!(
        "search 'create a wlan': limit 3 -> {} hits, default -> {} hits",
        three.len(),
        ten.len()
    );
    assert!(three.len() <= 3 && ten.len() <= 10, "{three:?} {ten:?}");
    assert!(
        three.iter().any(|n| is_write(n)),
        "a question to change gets a write tool: {three:?}"
    );
    for query in [
        "audit logs configuration changes by admin",
        "show me the devices that are offline",
    ] {
        let found = hits(&client, json!({"query": query})).await;
        assert!(found.len() <= 10, "{found:?}");
        assert!(!found.iter().any(|n| is_write(n)), "{query}: {found:?}");
    }
    client.cancel().await.ok();
}

#[tokio::test]
async fn an_org_or_site_tool_ranks_above_the_msp_tool_of_the_same_words() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;
    let found = hits(&client, json!({"query": "admins", "limit": 5})).await;
    let first_msp = found.iter().position(|n| n.contains("Msp"));
    let first_org = found.iter().position(|n| n.contains("Org") || n.contains("Site"));
    assert!(first_org.is_some(), "{found:?}");
    assert!(first_msp.is_none_or(|m| first_org < Some(m)), "{found:?}");
    client.cancel().await.ok();
}

#[tokio::test]
async fn enabling_a_category_reports_the_write_tools_it_adds() {
    let sim = sim().await;
    let client = Launch::against(&sim).arg("--enable-write-tools").connect().await;
    let result = call(&client, "manageMcpTools", json!({"enable": "sites_wlans"})).await;
    let report = result.structured_content.clone().unwrap();
    let added: Vec<&str> = report["newly_enabled_tools"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let (names, _) = list_bytes(&client).await;
    let new_in_list: Vec<&String> = names
        .iter()
        .filter(|n| {
            crate::harness::catalog()
                .tool(n)
                .is_some_and(|t| t.category == "sites_wlans")
        })
        .collect();
    assert!(!new_in_list.is_empty());
    for name in &new_in_list {
        assert!(
            added.contains(&name.as_str()),
            "{name} was added but not reported: {added:?}"
        );
    }
    assert!(added.iter().any(|n| is_write(n)), "{added:?}");
    client.cancel().await.ok();
}

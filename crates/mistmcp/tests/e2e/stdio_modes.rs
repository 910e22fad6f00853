//! Tool loading modes and run-time category management, over stdio with real clients.

use crate::harness::stdio::*;
use rmcp::model::{ProtocolVersion, SubscriptionFilter};
use serde_json::json;

#[tokio::test]
async fn initialize_names_the_server_and_offers_changing_tools() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;
    let info = client.peer_info().expect("server info after initialize");
    assert_eq!(
        info.server_info.as_ref().map(|i| i.name.as_str()),
        Some("mistmcp")
    );
    let tools = info.capabilities.tools.clone().expect("tools capability");
    assert_eq!(tools.list_changed, Some(true));
    assert!(info.instructions.as_deref().unwrap_or("").contains("getSelf"));
    client.cancel().await.ok();
}

#[tokio::test]
async fn managed_mode_starts_with_get_self_and_the_management_tools() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;
    assert_eq!(
        tool_names(&client).await,
        vec![
            "getSelf",
            "manageMcpTools",
            "searchMistTools",
            "describeMistTool",
            "callMistTool"
        ]
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn all_mode_lists_every_catalog_tool_once() {
    let sim = sim().await;
    let client = Launch::against(&sim).arg("--mode").arg("all").connect().await;
    let names = tool_names(&client).await;
    assert_eq!(names.len(), crate::harness::read_tools());
    let unique: std::collections::HashSet<_> = names.iter().collect();
    assert_eq!(unique.len(), names.len(), "no tool is listed twice");
    assert_eq!(names[0], "getSelf");
    assert!(!names.iter().any(|n| n == "manageMcpTools"));
    client.cancel().await.ok();
}

#[tokio::test]
async fn every_listed_tool_is_annotated_read_only_with_its_input_and_output_schemas() {
    let sim = sim().await;
    let client = Launch::against(&sim).arg("-m").arg("all").connect().await;
    for tool in client.list_all_tools().await.unwrap() {
        let a = tool
            .annotations
            .as_ref()
            .unwrap_or_else(|| panic!("{} has annotations", tool.name));
        assert_eq!(a.read_only_hint, Some(true), "{}", tool.name);
        // Defaults are not restated: destructiveHint means nothing on a read-only tool, and
        // openWorldHint is true when absent.
        assert_eq!(a.destructive_hint, None, "{}", tool.name);
        assert_ne!(a.open_world_hint, Some(false), "{}", tool.name);
        let output = tool
            .output_schema
            .as_ref()
            .unwrap_or_else(|| panic!("{} declares its output", tool.name));
        assert_eq!(output.get("required"), Some(&json!(["data"])), "{}", tool.name);
        assert!(a.title.as_deref().is_some_and(|t| !t.is_empty()), "{}", tool.name);
        assert_eq!(
            tool.input_schema.get("type"),
            Some(&json!("object")),
            "{}",
            tool.name
        );
        assert!(
            tool.description.as_deref().is_some_and(|d| d.len() > 20),
            "{}",
            tool.name
        );
    }
    client.cancel().await.ok();
}

#[tokio::test]
async fn custom_mode_lists_get_self_and_the_named_categories() {
    let sim = sim().await;
    let client = Launch::custom(&sim, "orgs,Sites Rogues").connect().await;
    let names = tool_names(&client).await;
    let catalog = mist_catalog::catalog();
    let expected: Vec<String> = ["getSelf", "searchMistTools", "describeMistTool"]
        .map(String::from)
        .into_iter()
        .chain(catalog.tools_in("orgs").map(|t| t.name.clone()))
        .chain(catalog.tools_in("sites_rogues").map(|t| t.name.clone()))
        .collect();
    assert_eq!(names, expected);
    client.cancel().await.ok();
}

#[tokio::test]
async fn custom_mode_settings_also_come_from_the_environment() {
    let sim = sim().await;
    let client = Launch::against(&sim)
        .env("MISTMCP_TOOL_LOADING_MODE", "custom")
        .env("MISTMCP_TOOL_CATEGORIES", "webhooks")
        .connect()
        .await;
    assert_eq!(tool_names(&client).await.len(), 3 + 6);
    client.cancel().await.ok();
}

#[tokio::test]
async fn manage_tools_enables_and_disables_and_announces_each_change() {
    let sim = sim().await;
    let recorder = Recorder::new(ProtocolVersion::V_2025_06_18);
    let client = Launch::against(&sim).connect_as(recorder.clone()).await;

    let result = call(
        &client,
        "manageMcpTools",
        json!({"enable": ["Orgs Stats", " devices "]}),
    )
    .await;
    assert!(!is_error(&result), "{}", text_of(&result));
    let report = result.structured_content.clone().unwrap();
    assert_eq!(report["enabled_categories"], json!(["devices", "orgs_stats"]));
    assert!(
        report["newly_enabled_tools"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "searchOrgDevices")
    );
    assert_eq!(recorder.wait_for_changes(1).await, 1);

    let names = tool_names(&client).await;
    assert_eq!(names.len(), 5 + 15 + 13);
    assert!(names.contains(&"getOrgStats".to_string()));

    let result = call(&client, "manageMcpTools", json!({"disable": "orgs_stats"})).await;
    assert!(!is_error(&result));
    assert_eq!(recorder.wait_for_changes(2).await, 2);
    let names = tool_names(&client).await;
    assert!(!names.contains(&"getOrgStats".to_string()));
    assert!(names.contains(&"searchOrgDevices".to_string()));
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_2026_client_hears_of_changes_on_its_subscription() {
    let sim = sim().await;
    let client = Launch::against(&sim)
        .connect_stateless(Recorder::new(ProtocolVersion::V_2026_07_28))
        .await;
    assert_eq!(
        client.peer_info().map(|i| i.protocol_version.clone()),
        Some(ProtocolVersion::V_2026_07_28)
    );
    let mut subscription = client
        .listen(SubscriptionFilter::builder().tools_list_changed().build())
        .await
        .expect("subscriptions/listen is accepted");
    assert_eq!(subscription.acknowledged().tools_list_changed, Some(true));
    let result = call(&client, "manageMcpTools", json!({"enable": "sites"})).await;
    assert!(!is_error(&result), "{}", text_of(&result));
    let note = tokio::time::timeout(std::time::Duration::from_secs(10), subscription.next())
        .await
        .expect("a notification arrives")
        .expect("the subscription stays healthy");
    assert!(format!("{note:?}").contains("ToolListChanged"), "{note:?}");
    assert!(tool_names(&client).await.contains(&"getSiteInfo".to_string()));
    client.cancel().await.ok();
}

#[tokio::test]
async fn manage_tools_with_no_arguments_reports_without_changing() {
    let sim = sim().await;
    let recorder = Recorder::new(ProtocolVersion::V_2025_06_18);
    let client = Launch::against(&sim).connect_as(recorder.clone()).await;
    let result = call(&client, "manageMcpTools", json!({})).await;
    assert!(!is_error(&result));
    let report = result.structured_content.clone().unwrap();
    assert_eq!(report["summary"], json!("No change."));
    assert_eq!(
        report["available_categories"].as_array().unwrap().len(),
        crate::harness::catalog().categories.len()
    );
    assert_eq!(recorder.changes(), 0);
    client.cancel().await.ok();
}

#[tokio::test]
async fn an_unknown_category_is_an_error_listing_the_valid_ones() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;
    let result = call(&client, "manageMcpTools", json!({"enable": "orgs,telepathy"})).await;
    assert!(is_error(&result));
    let text = text_of(&result);
    assert!(
        text.contains("'telepathy'") && text.contains("sites_sles"),
        "{text}"
    );
    assert_eq!(
        tool_names(&client).await.len(),
        5,
        "nothing was enabled by a failed call"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn managed_mode_calls_a_tool_whose_category_is_not_enabled() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;
    let result = call(&client, "getOrg", json!({"org_id": sim.org_id()})).await;
    assert!(!is_error(&result), "{}", text_of(&result));
    assert_eq!(data(&result)["id"], json!(sim.org_id()));
    assert_eq!(
        tool_names(&client).await.len(),
        crate::harness::MANAGED_TOOLS.len(),
        "calling lists nothing"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn custom_mode_refusals_point_at_the_categories_flag() {
    let sim = sim().await;
    let client = Launch::custom(&sim, "sites").connect().await;
    let result = call(&client, "getOrg", json!({"org_id": sim.org_id()})).await;
    assert!(is_error(&result));
    assert!(text_of(&result).contains("--categories"), "{}", text_of(&result));
    client.cancel().await.ok();
}

#[tokio::test]
async fn call_mist_tool_reaches_a_tool_the_client_never_listed() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;
    let result = call(
        &client,
        "callMistTool",
        json!({"tool": "getOrg", "arguments": {"org_id": sim.org_id()}}),
    )
    .await;
    assert!(!is_error(&result), "{}", text_of(&result));
    assert_eq!(data(&result)["id"], json!(sim.org_id()));
    let bad = call(
        &client,
        "callMistTool",
        json!({"tool": "getOrg", "arguments": "org"}),
    )
    .await;
    assert!(text_of(&bad).contains("'arguments' must be an object"));
    client.cancel().await.ok();
}

#[tokio::test]
async fn get_self_works_in_every_mode() {
    let sim = sim().await;
    for args in [vec![], vec!["-m", "all"], vec!["-m", "custom", "-c", "sites"]] {
        let mut launch = Launch::against(&sim);
        for a in &args {
            launch = launch.arg(a);
        }
        let client = launch.connect().await;
        let result = call(&client, "getSelf", json!({})).await;
        assert!(!is_error(&result), "{args:?}: {}", text_of(&result));
        assert!(data(&result)["privileges"].is_array(), "{args:?}");
        client.cancel().await.ok();
    }
}

#[tokio::test]
async fn renamed_operations_answer_to_their_current_name_too() {
    let sim = sim().await;
    let client = Launch::against(&sim).arg("-m").arg("all").connect().await;
    let site = sim.world().sites_of(sim.org_id()).next().unwrap().id.clone();
    let by_seed_name = call(&client, "listSiteWlanDerived", json!({"site_id": site})).await;
    let by_new_name = call(&client, "listSiteWlansDerived", json!({"site_id": site})).await;
    assert!(!is_error(&by_seed_name), "{}", text_of(&by_seed_name));
    assert!(!is_error(&by_new_name), "{}", text_of(&by_new_name));
    assert_eq!(data(&by_seed_name), data(&by_new_name));
    client.cancel().await.ok();
}

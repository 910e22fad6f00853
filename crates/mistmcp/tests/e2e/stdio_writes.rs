//! Write tools over stdio: off unless the operator turns them on, deletes behind their own
//! switch, every write planned and sent only with a single-use confirmation token, bodies
//! checked against the operation's schema, and each step audited without the token.

use crate::harness::stdio::*;
use serde_json::{Value, json};
use std::path::PathBuf;

/// A site and one of its WLANs, from the simulator's own sample arguments.
fn wlan_args(sim: &mist_sim::RunningSim) -> Value {
    let reader = crate::harness::catalog().tool("getSiteWlan").unwrap();
    Value::Object(sim.sample_args(reader))
}

/// A site and a WLAN that exists in it, read through the server.
pub(crate) async fn existing_wlan<H: rmcp::ClientHandler>(
    sim: &mist_sim::RunningSim,
    client: &rmcp::service::RunningService<rmcp::RoleClient, H>,
) -> Value {
    let listed = call(
        client,
        "listOrgSites",
        json!({"org_id": sim.org_id(), "limit": 100}),
    )
    .await;
    let sites = data(&listed).as_array().cloned().unwrap_or_default();
    let first = wlan_args(sim)["site_id"].clone();
    for site in std::iter::once(first).chain(sites.iter().map(|s| s["id"].clone())) {
        let wlans = call(client, "listSiteWlans", json!({"site_id": site})).await;
        if let Some(wlan) = data(&wlans).as_array().and_then(|l| l.first()) {
            return json!({"site_id": site, "wlan_id": wlan["id"]});
        }
    }
    panic!("the simulated org has a site with a WLAN");
}

pub(crate) fn wlan_path(args: &Value) -> String {
    format!(
        "/api/v1/sites/{}/wlans/{}",
        args["site_id"].as_str().unwrap(),
        args["wlan_id"].as_str().unwrap()
    )
}

pub(crate) fn with(args: &Value, extra: Value) -> Value {
    let mut out = args.as_object().cloned().unwrap();
    out.extend(extra.as_object().cloned().unwrap());
    Value::Object(out)
}

/// A fresh audit log path for one test.
pub(crate) fn audit_path(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("mistmcp-audit-{name}-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

pub(crate) fn audit_lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[tokio::test]
async fn without_the_switch_no_write_tool_is_listed_and_a_call_is_refused_with_the_fix() {
    let sim = sim().await;
    let client = Launch::against(&sim).args(&["--mode", "all"]).connect().await;
    let names = tool_names(&client).await;
    let writes = crate::harness::catalog().write_tools();
    assert!(names.iter().all(|n| !writes.iter().any(|w| &w.name == n)));
    let args = wlan_args(&sim);
    let result = call(
        &client,
        "updateSiteWlan",
        with(&args, json!({"body": {"ssid": "x"}})),
    )
    .await;
    assert!(is_error(&result));
    assert_eq!(error_of(&result)["kind"], "not_enabled");
    let text = text_of(&result);
    assert!(
        text.contains("--enable-write-tools") && text.contains("MISTMCP_ENABLE_WRITE_TOOLS"),
        "{text}"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn search_finds_a_write_tool_marked_disabled_by_the_operator() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;
    let result = call(&client, "searchMistTools", json!({"query": "create site wlan"})).await;
    let hits = data(&result).as_array().unwrap();
    let hit = hits
        .iter()
        .find(|h| h["name"] == "createSiteWlan")
        .unwrap_or_else(|| panic!("createSiteWlan among {hits:?}"));
    assert_eq!(hit["disabled"], "disabled by the operator");
    let plain = call(&client, "searchMistTools", json!({"query": "site wlans"})).await;
    assert!(
        data(&plain)
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h.get("disabled").is_none()),
        "a question about reading meets no write tool"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn writes_are_listed_with_their_annotations_and_deletes_need_their_own_switch() {
    let sim = sim().await;
    let client = Launch::against(&sim)
        .args(&["--mode", "all", "--enable-write-tools"])
        .connect()
        .await;
    let tools = client.list_all_tools().await.unwrap();
    let update = tools
        .iter()
        .find(|t| t.name == "updateSiteWlan")
        .expect("updates are listed");
    let a = update.annotations.as_ref().unwrap();
    assert_eq!(
        (a.read_only_hint, a.destructive_hint, a.idempotent_hint),
        (Some(false), Some(false), Some(true))
    );
    assert!(
        update
            .input_schema
            .get("properties")
            .unwrap()
            .get("body")
            .is_some()
    );
    assert!(
        !tools.iter().any(|t| t.name == "deleteSiteWlan"),
        "deletes are not listed"
    );
    let result = call(&client, "deleteSiteWlan", wlan_args(&sim)).await;
    assert_eq!(error_of(&result)["kind"], "not_enabled");
    let text = text_of(&result);
    assert!(
        text.contains("--enable-delete-tools") && !text.contains("--enable-write-tools and"),
        "{text}"
    );
    client.cancel().await.ok();

    let client = Launch::against(&sim)
        .args(&["--mode", "all", "--enable-write-tools", "--enable-delete-tools"])
        .connect()
        .await;
    let tools = client.list_all_tools().await.unwrap();
    let delete = tools
        .iter()
        .find(|t| t.name == "deleteSiteWlan")
        .expect("deletes are listed");
    assert_eq!(delete.annotations.as_ref().unwrap().destructive_hint, Some(true));
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_write_is_planned_then_sent_once_with_its_token_and_a_reused_token_is_refused() {
    let sim = sim().await;
    let audit = audit_path("confirm");
    let client = Launch::against(&sim)
        .args(&["--enable-write-tools", "--audit-log", audit.to_str().unwrap()])
        .connect()
        .await;
    let args = existing_wlan(&sim, &client).await;
    let path = wlan_path(&args);
    let call_args = with(&args, json!({"body": {"ssid": "renamed-by-test"}}));
    let before = sim.stats().path_count(&path);

    let planned = call(
        &client,
        "callMistTool",
        json!({"tool": "updateSiteWlan", "arguments": call_args}),
    )
    .await;
    assert!(!is_error(&planned), "{}", text_of(&planned));
    let answer = data(&planned);
    let change = &answer["plan"]["changes"][0];
    assert!(change.is_object(), "{answer}");
    assert_eq!(change["field"], "ssid");
    assert_eq!(change["after"], "renamed-by-test");
    assert_ne!(change["before"], change["after"]);
    assert_eq!(answer["plan"]["target"]["id"], args["wlan_id"]);
    let token = answer["confirmation_token"].as_str().unwrap().to_owned();
    assert!(
        text_of(&planned).contains("ask"),
        "the plan tells the model to ask the user"
    );
    assert_eq!(
        sim.stats().path_count(&path),
        before + 1,
        "only the GET of the plan reached Mist"
    );

    let confirmed_call = with(&call_args, json!({"confirmation_token": token}));
    let confirmed = call(&client, "updateSiteWlan", confirmed_call.clone()).await;
    // Sent once: either Mist took it or it answered with its own status; never a refusal here.
    assert_ne!(
        error_of(&confirmed)["kind"],
        "confirmation",
        "{}",
        text_of(&confirmed)
    );
    assert_eq!(
        sim.stats().path_count(&path),
        before + 2,
        "the write was sent exactly once"
    );

    let reused = call(&client, "updateSiteWlan", confirmed_call).await;
    assert_eq!(error_of(&reused)["kind"], "confirmation");
    assert_eq!(error_of(&reused)["reason"], "reused");
    assert!(text_of(&reused).contains("nothing was sent"));
    assert_eq!(sim.stats().path_count(&path), before + 2);
    client.cancel().await.ok();

    let lines = audit_lines(&audit);
    let outcomes: Vec<&str> = lines.iter().map(|l| l["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes[..2], ["planned", "confirmed"]);
    assert!(matches!(outcomes[2], "done" | "failed"), "{outcomes:?}");
    assert!(
        lines[2]["mist_status"].is_u64(),
        "the result carries Mist's status"
    );
    assert_eq!(outcomes[3], "refused");
    let text = std::fs::read_to_string(&audit).unwrap();
    assert!(
        !text.contains(sim.token()),
        "the Mist token never reaches the audit log"
    );
    assert!(!text.contains(&token), "nor does the confirmation token");
    assert!(
        lines
            .iter()
            .all(|l| l["operation"] == "updateSiteWlan" && l["token_digest"].as_str().unwrap().len() == 16)
    );
    let _ = std::fs::remove_file(&audit);
}

#[tokio::test]
async fn a_changed_body_or_an_expired_token_is_refused_and_nothing_is_sent() {
    let sim = sim().await;
    let client = Launch::against(&sim)
        .args(&["--enable-write-tools", "--confirmation-ttl", "1"])
        .connect()
        .await;
    let args = wlan_args(&sim);
    let path = wlan_path(&args);
    let call_args = with(&args, json!({"body": {"ssid": "first"}}));
    let planned = call(&client, "updateSiteWlan", call_args.clone()).await;
    let token = data(&planned)["confirmation_token"].as_str().unwrap().to_owned();
    let sent = sim.stats().path_count(&path);

    let changed = with(
        &args,
        json!({"body": {"ssid": "second"}, "confirmation_token": token}),
    );
    let result = call(&client, "updateSiteWlan", changed).await;
    assert_eq!(
        error_of(&result)["reason"],
        "body_changed",
        "{}",
        text_of(&result)
    );
    assert!(text_of(&result).contains("differs from the one in the plan"));

    tokio::time::sleep(std::time::Duration::from_millis(1300)).await;
    let late = with(&call_args, json!({"confirmation_token": token}));
    let result = call(&client, "updateSiteWlan", late).await;
    assert_eq!(error_of(&result)["reason"], "expired", "{}", text_of(&result));
    assert_eq!(sim.stats().path_count(&path), sent, "nothing reached Mist");
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_body_that_misses_the_schema_is_refused_naming_field_expectation_and_value() {
    let sim = sim().await;
    let client = Launch::against(&sim)
        .args(&["--enable-write-tools"])
        .connect()
        .await;
    let site = wlan_args(&sim)["site_id"].clone();
    let body = json!({"ssid": 42, "vlan_enabled": "yes"});
    let result = call(&client, "createSiteWlan", json!({"site_id": site, "body": body})).await;
    assert!(is_error(&result));
    let error = error_of(&result);
    assert_eq!(error["kind"], "arguments");
    assert_eq!(error["argument"], "body");
    let text = text_of(&result);
    assert!(
        text.contains("body.ssid") && text.contains("42") && text.contains("string"),
        "{text}"
    );
    assert!(
        text.contains("body.vlan_enabled") && text.contains("\"yes\"") && text.contains("boolean"),
        "{text}"
    );
    assert!(data(&result).is_null(), "no plan for a bad body");
    client.cancel().await.ok();
}

#[tokio::test]
async fn describe_outlines_a_write_body_in_8_kb_and_a_path_gives_one_part_in_full() {
    let sim = sim().await;
    let client = Launch::against(&sim).connect().await;
    let result = call(&client, "describeMistTool", json!({"name": "createSiteWlan"})).await;
    assert!(!is_error(&result), "{}", text_of(&result));
    let text = text_of(&result);
    eprintln!("describeMistTool createSiteWlan: {} bytes of text", text.len());
    assert!(text.len() <= 8 * 1024, "{} bytes", text.len());
    let body = &data(&result)["body"];
    assert_eq!(body["required"], json!({"ssid": "string"}), "{body}");
    assert!(
        body["optional"].get("vlan_enabled").is_some() || body["optional"].is_array(),
        "{body}"
    );
    assert_eq!(data(&result)["method"], "POST");
    assert_eq!(
        data(&result)["signature"],
        "createSiteWlan(site_id, body{ssid, …})"
    );

    let part = call(
        &client,
        "describeMistTool",
        json!({"name": "createSiteWlan", "path": "body.auth"}),
    )
    .await;
    assert!(!is_error(&part), "{}", text_of(&part));
    let schema = &data(&part)["schema"];
    assert!(schema["properties"]["type"].is_object(), "{schema}");
    assert!(
        !schema.to_string().contains("$ref"),
        "references resolve: {schema}"
    );
    let wrong = call(
        &client,
        "describeMistTool",
        json!({"name": "createSiteWlan", "path": "body.nope"}),
    )
    .await;
    assert!(
        text_of(&wrong).contains("has no field 'nope'") && text_of(&wrong).contains("ssid"),
        "{}",
        text_of(&wrong)
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_confirmed_wlan_creation_is_visible_through_list_site_wlans() {
    let sim = sim().await;
    let client = Launch::against(&sim)
        .args(&["--enable-write-tools"])
        .connect()
        .await;
    let site = wlan_args(&sim)["site_id"].clone();
    let args = json!({"site_id": site, "body": {"ssid": "made-by-a-test"}});
    let planned = call(&client, "createSiteWlan", args.clone()).await;
    let token = data(&planned)["confirmation_token"].clone();
    let done = call(
        &client,
        "createSiteWlan",
        with(&args, json!({"confirmation_token": token})),
    )
    .await;
    assert!(!is_error(&done), "{}", text_of(&done));
    let listed = call(&client, "listSiteWlans", json!({"site_id": site})).await;
    assert!(text_of(&listed).contains("made-by-a-test"));
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_read_only_token_is_refused_by_mist_and_told_it_needs_a_write_role() {
    let sim = sim().await;
    let client = Launch::with_token(&sim, mist_sim::READONLY_TOKEN)
        .args(&["--enable-write-tools"])
        .connect()
        .await;
    let site = wlan_args(&sim)["site_id"].clone();
    let args = json!({"site_id": site, "body": {"ssid": "not-allowed"}});
    let planned = call(&client, "createSiteWlan", args.clone()).await;
    assert!(!is_error(&planned), "{}", text_of(&planned));
    let token = data(&planned)["confirmation_token"].clone();
    let refused = call(
        &client,
        "createSiteWlan",
        with(&args, json!({"confirmation_token": token})),
    )
    .await;
    assert!(is_error(&refused));
    assert_eq!(error_of(&refused)["status"], 403);
    let text = text_of(&refused);
    assert!(text.contains("role") && text.contains("write"), "{text}");
    let listed = call(&client, "listSiteWlans", json!({"site_id": site})).await;
    assert!(!text_of(&listed).contains("not-allowed"), "nothing was created");
    client.cancel().await.ok();
}

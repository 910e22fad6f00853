//! Deletes need `--enable-delete-tools` whatever their HTTP method: POSTs that delete
//! (`deleteOrgPskList`, `deleteOrgSsoAdmins`) and writes whose body chooses a deleting action
//! (`updateOrgInventoryAssignment` with `op: "delete"`), decided at call time.

use crate::harness::stdio::*;
use serde_json::{Value, json};

const SSO: &str = "00000000-0000-0000-0000-0000000000aa";

fn psk_list(sim: &mist_sim::RunningSim) -> Value {
    json!({"org_id": sim.org_id(), "body": {"psk_ids": ["00000000-0000-0000-0000-000000000001"]}})
}

fn sso_admins(sim: &mist_sim::RunningSim) -> Value {
    json!({"org_id": sim.org_id(), "sso_id": SSO, "body": {"emails": ["someone@example.com"]}})
}

fn inventory(sim: &mist_sim::RunningSim, op: &str) -> Value {
    json!({"org_id": sim.org_id(), "body": {"op": op, "macs": ["5c5b350e0001"]}})
}

#[tokio::test]
async fn writes_that_delete_through_post_or_put_need_the_delete_switch() {
    let sim = sim().await;
    let client = Launch::against(&sim)
        .args(&["--mode", "all", "--enable-write-tools"])
        .connect()
        .await;
    let names = tool_names(&client).await;
    assert!(names.iter().any(|n| n == "createSiteWlan"), "writes are on");
    for always in [
        "deleteOrgPskList",
        "deleteOrgSsoAdmins",
        "unassignOrgDeviceProfile",
    ] {
        assert!(!names.iter().any(|n| n == always), "{always} is not listed");
    }
    assert!(
        names.iter().any(|n| n == "updateOrgInventoryAssignment"),
        "a write whose body chooses is listed: only some calls delete"
    );
    let before = sim.stats().total;
    for (tool, args) in [
        ("deleteOrgPskList", psk_list(&sim)),
        ("deleteOrgSsoAdmins", sso_admins(&sim)),
        ("updateOrgInventoryAssignment", inventory(&sim, "delete")),
        ("updateOrgInventoryAssignment", inventory(&sim, "unassign")),
    ] {
        let refused = call(&client, tool, args.clone()).await;
        assert_eq!(
            error_of(&refused)["kind"],
            "not_enabled",
            "{tool}: {}",
            text_of(&refused)
        );
        assert!(
            text_of(&refused).contains("--enable-delete-tools"),
            "{tool}: {}",
            text_of(&refused)
        );
        let through = call(&client, "callMistTool", json!({"tool": tool, "arguments": args})).await;
        assert_eq!(
            error_of(&through)["kind"],
            "not_enabled",
            "{tool}: {}",
            text_of(&through)
        );
    }
    assert_eq!(sim.stats().total, before, "nothing reached Mist");
    let assign = call(&client, "updateOrgInventoryAssignment", inventory(&sim, "assign")).await;
    assert_ne!(
        error_of(&assign)["kind"],
        "not_enabled",
        "assigning deletes nothing: {}",
        text_of(&assign)
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn with_the_delete_switch_a_deleting_post_is_planned_like_any_write() {
    let sim = sim().await;
    let client = Launch::against(&sim)
        .args(&["--enable-write-tools", "--enable-delete-tools"])
        .connect()
        .await;
    for (tool, args) in [
        ("deleteOrgPskList", psk_list(&sim)),
        ("updateOrgInventoryAssignment", inventory(&sim, "delete")),
    ] {
        let planned = call(&client, tool, args).await;
        assert!(!is_error(&planned), "{tool}: {}", text_of(&planned));
        assert!(data(&planned)["confirmation_token"].is_string(), "{tool}");
    }
    let described = call(&client, "describeMistTool", json!({"name": "deleteOrgPskList"})).await;
    assert_eq!(data(&described)["deletes"], true, "{}", text_of(&described));
    let described = call(
        &client,
        "describeMistTool",
        json!({"name": "updateOrgInventoryAssignment"}),
    )
    .await;
    assert_eq!(
        data(&described)["deletes"],
        json!({"when_body": "op", "is_one_of": ["delete", "unassign"]}),
        "{}",
        text_of(&described)
    );
    client.cancel().await.ok();
}

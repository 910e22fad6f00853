//! Prompts over stdio, through rmcp's client: listed, fetched with arguments, refused with a
//! clear error when an argument is missing.

use crate::harness::stdio::*;
use rmcp::model::GetPromptRequestParams;
use serde_json::json;

#[tokio::test]
async fn prompts_are_listed_and_fetched_with_their_arguments_filled_in() {
    let client = Launch::demo().connect().await;
    let prompts = client.list_all_prompts().await.expect("prompts/list");
    let names: Vec<&str> = prompts.iter().map(|p| p.name.as_str()).collect();
    for expected in [
        "site_health_check",
        "client_cannot_connect",
        "device_down",
        "firmware_compliance",
        "rogue_ap_review",
        "what_changed",
    ] {
        assert!(names.contains(&expected), "{expected} not listed: {names:?}");
    }
    let result = client
        .get_prompt(
            GetPromptRequestParams::new("client_cannot_connect")
                .with_arguments(obj(json!({"org_id": "org-1", "client": "aa:bb:cc:dd:ee:ff"}))),
        )
        .await
        .expect("prompts/get");
    let text: String = result
        .messages
        .iter()
        .filter_map(|m| m.content.as_text().map(|t| t.text.clone()))
        .collect();
    assert!(
        text.contains("'aa:bb:cc:dd:ee:ff' in Mist organization org-1"),
        "{text}"
    );
    assert!(
        text.contains("`searchOrgWirelessClients` (org_id=org-1, mac=aa:bb:cc:dd:ee:ff"),
        "{text}"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_prompt_without_its_required_argument_is_an_error_naming_it() {
    let client = Launch::demo().connect().await;
    let err = client
        .get_prompt(GetPromptRequestParams::new("site_health_check"))
        .await
        .expect_err("a missing site_id is refused");
    assert!(err.to_string().contains("needs argument 'site_id'"), "{err}");
    client.cancel().await.ok();
}

//! Cursors are followed only for the tool, token and cloud they were issued to, through the
//! library's executor over real HTTP (one process, several tokens and clouds).

use crate::harness::client::*;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use mistmcp_engine::Target;
use serde_json::json;

async fn first_cursor(direct: &Direct, sim: &mist_sim::RunningSim, target: &Target) -> String {
    let result = direct
        .call(
            target,
            "searchOrgDevices",
            json!({"org_id": sim.org_id(), "limit": 5}),
        )
        .await;
    pagination(&result)["cursor"]
        .as_str()
        .expect("a first page with a cursor")
        .to_owned()
}

/// Replaces the URL inside a cursor, keeping its MAC.
fn with_url(cursor: &str, url: &str) -> String {
    let (_, tag) = cursor.split_once('.').unwrap();
    format!("{}.{tag}", URL_SAFE_NO_PAD.encode(url))
}

fn url_of(cursor: &str) -> String {
    let (text, _) = cursor.split_once('.').unwrap();
    String::from_utf8(URL_SAFE_NO_PAD.decode(text).unwrap()).unwrap()
}

#[tokio::test]
async fn a_cursor_is_followed_for_its_own_token_and_no_other() {
    let sim = sim().await;
    let direct = Direct::new(options());
    let main = target(&sim, mist_sim::MAIN_TOKEN);
    let cursor = first_cursor(&direct, &sim, &main).await;
    assert!(!cursor.contains(mist_sim::MAIN_TOKEN));

    let second = target(&sim, mist_sim::SECOND_TOKEN);
    let before = sim.stats().total;
    let refused = direct
        .call(&second, "searchOrgDevices", json!({"cursor": cursor}))
        .await;
    assert!(is_error(&refused));
    let text = text_of(&refused);
    assert!(
        text.contains("not issued by this server for this tool and token"),
        "{text}"
    );
    assert_eq!(
        sim.stats().total,
        before,
        "a refused cursor sends nothing to Mist"
    );

    let followed = direct
        .call(&main, "searchOrgDevices", json!({"cursor": cursor}))
        .await;
    assert_eq!(results(&followed).len(), 5);
}

#[tokio::test]
async fn a_cursor_for_another_cloud_is_refused_by_name() {
    let (sim, other) = (sim().await, sim().await);
    let direct = Direct::new(options());
    let cursor = first_cursor(&direct, &sim, &target(&sim, sim.token())).await;
    let elsewhere = target(&other, sim.token());
    let refused = direct
        .call(&elsewhere, "searchOrgDevices", json!({"cursor": cursor}))
        .await;
    let text = text_of(&refused);
    assert!(
        is_error(&refused) && text.contains("belongs to another Mist cloud"),
        "{text}"
    );
    assert!(text.contains(&sim.base_url()), "{text}");
    assert_eq!(other.stats().total, 0);
}

#[tokio::test]
async fn an_edited_cursor_is_refused_whatever_was_changed() {
    let sim = sim().await;
    let direct = Direct::new(options());
    let main = target(&sim, sim.token());
    let cursor = first_cursor(&direct, &sim, &main).await;
    let url = url_of(&cursor);
    assert!(
        url.starts_with(&format!("{}/api/v1/orgs/", sim.base_url())),
        "{url}"
    );

    let forgeries = [
        with_url(&cursor, &url.replace("limit=5", "limit=1000")),
        with_url(&cursor, &url.replace(sim.org_id(), mist_sim::SECOND_ORG_ID)),
        with_url(&cursor, &format!("{}/api/v1/self", sim.base_url())),
        with_url(&cursor, &format!("{}/admin/secrets", sim.base_url())),
        format!("{}x", cursor),
        "garbage".to_owned(),
    ];
    let before = sim.stats().total;
    for forged in forgeries {
        let refused = direct
            .call(&main, "searchOrgDevices", json!({"cursor": forged}))
            .await;
        assert!(is_error(&refused), "accepted {forged}");
        assert!(text_of(&refused).contains("cursor"), "{}", text_of(&refused));
    }
    let other_host = with_url(&cursor, &url.replace(&sim.base_url(), "https://evil.example"));
    let refused = direct
        .call(&main, "searchOrgDevices", json!({"cursor": other_host}))
        .await;
    assert!(
        text_of(&refused).contains("another Mist cloud"),
        "{}",
        text_of(&refused)
    );
    assert_eq!(sim.stats().total, before, "no forged cursor reached Mist");
}

#[tokio::test]
async fn a_cursor_works_only_on_the_tool_that_issued_it() {
    let sim = sim().await;
    let direct = Direct::new(options());
    let main = target(&sim, sim.token());
    let cursor = first_cursor(&direct, &sim, &main).await;
    let refused = direct
        .call(&main, "searchOrgSites", json!({"cursor": cursor}))
        .await;
    assert!(
        is_error(&refused) && text_of(&refused).contains("this tool and token"),
        "{}",
        text_of(&refused)
    );
}

#[tokio::test]
async fn cursors_need_no_server_state_but_die_with_the_process_key() {
    let sim = sim().await;
    let main = target(&sim, sim.token());
    let issuer = Direct::new(options());
    let cursor = first_cursor(&issuer, &sim, &main).await;
    // A second executor over the same client settings stands for another process.
    let restarted = Direct::new(options());
    let refused = restarted
        .call(&main, "searchOrgDevices", json!({"cursor": cursor}))
        .await;
    assert!(text_of(&refused).contains("restarted"), "{}", text_of(&refused));
    let followed = issuer
        .call(&main, "searchOrgDevices", json!({"cursor": cursor}))
        .await;
    assert!(!is_error(&followed));
}

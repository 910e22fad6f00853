//! Secrets stay out of the model's context unless the operator reveals them: device claim
//! codes, WLAN passphrases and the like read "(secret withheld)", in the text and the
//! structured content alike, with a note saying what was withheld.

use crate::harness::stdio::*;
use serde_json::{Value, json};

const WITHHELD: &str = "(secret withheld)";

/// Every value of a field named `name`, at any depth.
fn values_of<'a>(value: &'a Value, name: &str, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                if key == name {
                    out.push(item);
                }
                values_of(item, name, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| values_of(item, name, out)),
        _ => {}
    }
}

#[tokio::test]
async fn claim_codes_are_withheld_by_default_and_shown_with_reveal_secrets() {
    let sim = sim().await;
    let args = json!({"org_id": sim.org_id()});
    let client = Launch::against(&sim).arg("--mode").arg("all").connect().await;
    let answer = call(&client, "getOrgInventory", args.clone()).await;
    assert!(!is_error(&answer), "{}", text_of(&answer));
    let mut magic = Vec::new();
    values_of(data(&answer), "magic", &mut magic);
    assert!(!magic.is_empty(), "the simulated inventory carries claim codes");
    assert!(magic.iter().all(|m| *m == WITHHELD), "{magic:?}");
    let text = text_of(&answer);
    assert!(
        text.contains("secrets withheld") && text.contains("magic"),
        "{text}"
    );
    assert!(text.contains("--reveal-secrets"), "{text}");
    client.cancel().await.ok();

    let revealed = Launch::against(&sim)
        .args(&["--mode", "all", "--reveal-secrets"])
        .connect()
        .await;
    let answer = call(&revealed, "getOrgInventory", args).await;
    let mut magic = Vec::new();
    values_of(data(&answer), "magic", &mut magic);
    assert!(
        !magic.is_empty() && magic.iter().all(|m| *m != WITHHELD),
        "{magic:?}"
    );
    assert!(!text_of(&answer).contains("secrets withheld"));
    revealed.cancel().await.ok();
}

#[tokio::test]
async fn a_wlan_passphrase_is_withheld_from_the_write_answer_and_later_reads() {
    let sim = sim().await;
    let site = sim.sample_args(crate::harness::catalog().tool("getSiteInfo").unwrap())["site_id"].clone();
    let passphrase = "guest-passphrase-4242";
    let unattended = [
        "--mode",
        "all",
        "--enable-write-tools",
        "--confirm-writes",
        "never",
    ];
    let client = Launch::against(&sim).args(&unattended).connect().await;
    let body = json!({"ssid": "withheld-psk", "auth": {"type": "psk", "psk": passphrase}});
    let created = call(&client, "createSiteWlan", json!({"site_id": site, "body": body})).await;
    assert!(!is_error(&created), "{}", text_of(&created));
    assert!(!text_of(&created).contains(passphrase), "{}", text_of(&created));
    assert!(!data(&created).to_string().contains(passphrase));
    let listed = call(&client, "listSiteWlans", json!({"site_id": site})).await;
    assert!(!text_of(&listed).contains(passphrase), "{}", text_of(&listed));
    assert!(!data(&listed).to_string().contains(passphrase));
    assert!(
        text_of(&listed).contains("secrets withheld"),
        "{}",
        text_of(&listed)
    );
    client.cancel().await.ok();

    let revealed = Launch::against(&sim)
        .args(&["--mode", "all", "--reveal-secrets"])
        .connect()
        .await;
    let listed = call(&revealed, "listSiteWlans", json!({"site_id": site})).await;
    assert!(
        data(&listed).to_string().contains(passphrase),
        "the operator's switch shows it: {}",
        text_of(&listed)
    );
    revealed.cancel().await.ok();
}

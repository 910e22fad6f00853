//! What a person is shown before a write: every field it sets, those bearing on security
//! first, in a form the caller cannot forge, with each value cut on its own; and what comes
//! back when a body is too large or wrongly typed stays short.

use crate::harness::stdio::*;
use crate::stdio_elicitation::{Person, connect};
use crate::stdio_writes::{existing_wlan, with, wlan_path};
use rmcp::model::{ElicitResult, ElicitationAction};
use serde_json::{Map, Value, json};

/// Forty of a WLAN's boolean settings that a plan lists beside the one that matters.
const FLAGS: &[&str] = &[
    "acct_immediate_update",
    "allow_ipv6_ndp",
    "allow_mdns",
    "allow_ssdp",
    "arp_filter",
    "band_steer",
    "band_steer_force_band5",
    "block_blacklist_clients",
    "client_limit_down_enabled",
    "client_limit_up_enabled",
    "disable_11ax",
    "disable_11be",
    "disable_ht_vht_rates",
    "disable_message_authenticator_check",
    "disable_uapsd",
    "disable_v1_roam_notify",
    "disable_v2_roam_notify",
    "disable_when_gateway_unreachable",
    "disable_when_mxtunnel_down",
    "disable_wmm",
    "enable_ftm",
    "enable_local_keycaching",
    "enable_wireless_bridging",
    "enable_wireless_bridging_dhcp_tracking",
    "fast_dot1x_timers",
    "hide_ssid",
    "hostname_ie",
    "l2_isolation",
    "legacy_overds",
    "limit_bcast",
    "limit_probe_response",
    "no_static_dns",
    "no_static_ip",
    "reconnect_clients_when_roaming_mxcluster",
    "sle_excluded",
    "use_eapol_v1",
    "vlan_pooling",
    "wlan_limit_down_enabled",
    "wlan_limit_up_enabled",
    "isolation",
];

fn declines() -> Person {
    Person::answering(vec![ElicitResult::new(ElicitationAction::Decline); 4])
}

/// A server with write tools on whose user declines every form, and the ids of a WLAN it has.
struct Declining {
    sim: mist_sim::RunningSim,
    person: Person,
    client: rmcp::service::RunningService<rmcp::RoleClient, Person>,
    args: Value,
}

async fn declining() -> Declining {
    let sim = sim().await;
    let launch = Launch::against(&sim).args(&["--enable-write-tools"]);
    let person = declines();
    let client = connect(&launch, &person).await;
    let args = existing_wlan(&sim, &client).await;
    Declining {
        sim,
        person,
        client,
        args,
    }
}

/// The client through which the person is asked.
type Elicited = rmcp::service::RunningService<rmcp::RoleClient, Person>;

/// Calls `tool` for a person who declines: the call must come back declined, and the form's
/// message the person was shown is returned.
async fn declined_form(client: &Elicited, person: &Person, tool: &str, args: Value) -> String {
    let declined = call(client, tool, args).await;
    assert_eq!(error_of(&declined)["kind"], "declined", "{}", text_of(&declined));
    let asked = person.asked();
    asked.last().expect("the person was asked")["message"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A body that flips every flag of `wlan` and changes its auth type.
fn forty_flags_and_auth(wlan: &Value) -> (Value, &'static str) {
    let mut body = Map::new();
    for flag in FLAGS {
        body.insert((*flag).into(), json!(!wlan[*flag].as_bool().unwrap_or(false)));
    }
    let now = wlan["auth"]["type"].as_str().unwrap_or("psk");
    let (auth, to) = if now == "open" {
        (json!({"type": "psk", "psk": "a-new-passphrase"}), "psk")
    } else {
        (json!({"type": "open"}), "open")
    };
    body.insert("auth".into(), auth);
    // The schema requires the SSID; sent unchanged, it is no change.
    body.insert("ssid".into(), wlan["ssid"].clone());
    (Value::Object(body), to)
}

#[tokio::test]
async fn forty_harmless_changes_cannot_hide_an_auth_change_from_the_form_or_the_plan() {
    let Declining {
        sim,
        person,
        client,
        args,
    } = declining().await;
    let wlan = data(&call(&client, "getSiteWlan", args.clone()).await).clone();
    let (body, to) = forty_flags_and_auth(&wlan);
    let path = wlan_path(&args);
    let before = sim.stats().path_count(&path);

    let message = declined_form(
        &client,
        &person,
        "updateSiteWlan",
        with(&args, json!({"body": body})),
    )
    .await;
    assert_eq!(sim.stats().path_count(&path), before + 1, "only the plan's GET");
    let security = message.find("bearing on security:").expect("a security section");
    let auth_line = message.find("- auth.type: ").expect("the auth change is shown");
    assert!(auth_line > security, "{message}");
    assert!(
        message[auth_line..]
            .lines()
            .next()
            .unwrap()
            .ends_with(&format!("→ \"{to}\"")),
        "{message}"
    );
    for flag in FLAGS {
        assert!(
            message.contains(&format!("- {flag}: ")),
            "{flag} is shown: {message}"
        );
    }
    assert!(
        message
            .trim_end()
            .ends_with("Nothing is sent unless you confirm."),
        "{message}"
    );
    client.cancel().await.ok();

    // The same call without a client that can be asked: the plan for the model lists them all.
    let client = Launch::against(&sim)
        .args(&["--enable-write-tools"])
        .connect()
        .await;
    let planned = call(&client, "updateSiteWlan", with(&args, json!({"body": body}))).await;
    let plan = &data(&planned)["plan"];
    let fields: Vec<&str> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"auth.type"), "{plan}");
    assert!(FLAGS.iter().all(|f| fields.contains(f)), "{plan}");
    assert_eq!(
        plan["changes_count"].as_u64().unwrap() as usize,
        fields.len(),
        "{plan}"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_key_with_newlines_cannot_write_a_line_of_the_form_and_a_huge_key_stays_short() {
    // Held whole to the end: it keeps the simulator running for the calls.
    let d = declining().await;
    let ssid = data(&call(&d.client, "getSiteWlan", d.args.clone()).await)["ssid"].clone();
    let forged =
        "x\nChanges: none (every field already has the value sent).\nNothing is sent unless you confirm.";
    let body = json!({"ssid": ssid, forged: 1, "vlan_id": 666, "k".repeat(100_000): 2});
    let message = declined_form(
        &d.client,
        &d.person,
        "updateSiteWlan",
        with(&d.args, json!({"body": body})),
    )
    .await;
    let lines: Vec<&str> = message.lines().collect();
    assert!(!lines.iter().any(|l| l.starts_with("Changes: none")), "{message}");
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("Nothing is sent")).count(),
        1,
        "{message}"
    );
    assert!(message.contains("- vlan_id: "), "{message}");
    assert!(
        message.len() < 4_000,
        "a 100 KB key made a {} byte form",
        message.len()
    );
    d.client.cancel().await.ok();
}

#[tokio::test]
async fn a_long_value_in_a_create_never_hides_the_field_after_it() {
    // Held whole to the end: it keeps the simulator running for the calls.
    let d = declining().await;
    let hosts: Vec<String> = (0..300).map(|i| format!("portal-{i}.example.com")).collect();
    let body = json!({"ssid": "long-list", "portal_allowed_hostnames": hosts, "vlan_id": 666});
    let site = json!({"site_id": d.args["site_id"], "body": body});
    let message = declined_form(&d.client, &d.person, "createSiteWlan", site).await;
    assert!(message.contains("- vlan_id: 666"), "{message}");
    assert!(message.contains("- ssid: \"long-list\""), "{message}");
    assert!(
        message.contains("(cut: "),
        "the long list is cut on its own: {message}"
    );
    d.client.cancel().await.ok();
}

#[tokio::test]
async fn an_oversized_or_wrongly_typed_body_gets_a_short_error_and_nothing_is_sent() {
    let sim = sim().await;
    let client = Launch::against(&sim)
        .args(&["--enable-write-tools"])
        .connect()
        .await;
    let args = existing_wlan(&sim, &client).await;
    let before = sim.stats().total;
    let huge = "v".repeat(3 << 20);
    let wrong_type = call(
        &client,
        "updateSiteWlan",
        with(&args, json!({"body": {"vlan_id": [huge.clone()]}})),
    )
    .await;
    assert!(is_error(&wrong_type));
    assert!(
        text_of(&wrong_type).len() < 4_000,
        "{} bytes",
        text_of(&wrong_type).len()
    );
    let over = json!({"body": {"ssid": "x", "note": "n".repeat(4 << 20)}});
    let too_large = call(&client, "updateSiteWlan", with(&args, over)).await;
    assert!(
        text_of(&too_large).contains("argument 'body' must be a JSON object of at most 1024 KB"),
        "{}",
        text_of(&too_large)
    );
    assert!(text_of(&too_large).len() < 4_000);
    assert_eq!(sim.stats().total, before, "nothing reached Mist");
    client.cancel().await.ok();
}

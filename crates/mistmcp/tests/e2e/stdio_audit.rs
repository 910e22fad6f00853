//! The audit trail of writes over stdio: every refusal is a line, nothing is sent unless its
//! line could be written, each confirmation says how the user confirmed, and the file is the
//! operator's alone.

use crate::harness::stdio::*;
use crate::stdio_writes::{audit_lines, audit_path};
use crate::stdio_writes::{existing_wlan, with, wlan_path};
use rmcp::model::{CallToolResponse, ClientCapabilities, ClientConfig, ProtocolVersion};
use rmcp::transport::TokioChildProcess;
use rmcp::{ClientHandler, ClientLifecycleMode, ClientServiceExt};
use serde_json::{Value, json};

#[tokio::test]
async fn a_write_refused_because_its_switch_is_off_is_audited() {
    let sim = sim().await;
    let audit = audit_path("switch-off");
    let client = Launch::against(&sim)
        .args(&["--audit-log", audit.to_str().unwrap()])
        .connect()
        .await;
    let args = json!({"site_id": sim.sample_args(crate::harness::catalog().tool("getSiteInfo").unwrap())["site_id"], "body": {"ssid": "x"}});
    let refused = call(&client, "createSiteWlan", args).await;
    assert_eq!(error_of(&refused)["kind"], "not_enabled", "{}", text_of(&refused));
    client.cancel().await.ok();
    let lines = audit_lines(&audit);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(
        (&lines[0]["operation"], &lines[0]["outcome"], &lines[0]["detail"]),
        (&json!("createSiteWlan"), &json!("refused"), &json!("not_enabled")),
        "{lines:?}"
    );
    assert_eq!(lines[0]["token_digest"].as_str().map(str::len), Some(16));
    let _ = std::fs::remove_file(&audit);
}

#[tokio::test]
async fn nothing_is_sent_when_the_audit_line_cannot_be_written() {
    let sim = sim().await;
    for confirm in ["never", "always"] {
        let client = Launch::against(&sim)
            .args(&[
                "--enable-write-tools",
                "--confirm-writes",
                confirm,
                "--audit-log",
                "/dev/full",
            ])
            .connect()
            .await;
        let args = existing_wlan(&sim, &client).await;
        let path = wlan_path(&args);
        let writes = sim.stats().tool_count("updateSiteWlan");
        let answer = call(
            &client,
            "updateSiteWlan",
            with(&args, json!({"body": {"ssid": "unaudited"}})),
        )
        .await;
        assert_eq!(
            error_of(&answer)["kind"],
            "audit",
            "{confirm}: {}",
            text_of(&answer)
        );
        assert!(
            text_of(&answer).contains("nothing was sent"),
            "{}",
            text_of(&answer)
        );
        assert_eq!(
            sim.stats().tool_count("updateSiteWlan"),
            writes,
            "{confirm}: the write was not sent to {path}"
        );
        client.cancel().await.ok();
    }
}

/// A client that declares elicitation but is never asked through a session: its calls go
/// through the 2026-07-28 multi round-trip flow.
#[derive(Clone, Default)]
struct CanBeAsked;

impl ClientHandler for CanBeAsked {
    fn get_info(&self) -> ClientConfig {
        let mut config = ClientConfig::default();
        config.protocol_version = ProtocolVersion::V_2026_07_28;
        config.capabilities = ClientCapabilities::builder().enable_elicitation().build();
        config
    }
}

#[tokio::test]
async fn a_confirmation_says_whether_it_came_by_token_or_by_a_request_state_passed_as_one() {
    let sim = sim().await;
    let audit = audit_path("how-confirmed");
    let launch =
        Launch::against(&sim).args(&["--enable-write-tools", "--audit-log", audit.to_str().unwrap()]);
    let transport = TokioChildProcess::new(launch.command()).expect("mistmcp spawns");
    let mode = ClientLifecycleMode::Discover {
        preferred_versions: vec![ProtocolVersion::V_2026_07_28],
    };
    let client = CanBeAsked
        .serve_with_lifecycle(transport, mode)
        .await
        .expect("server/discover succeeds");
    let args = existing_wlan(&sim, &client).await;
    let renamed = with(&args, json!({"body": {"ssid": "state-as-token"}}));
    let first = client
        .call_tool_once(params("updateSiteWlan", renamed.clone()))
        .await
        .unwrap();
    let CallToolResponse::InputRequired(round) = first else {
        panic!("a first round asks: {first:?}");
    };
    let state = round.request_state.clone().expect("the round carries its state");
    // The model repeats the call with the round's state as a confirmation token, asking nobody.
    let reused = with(&renamed, json!({"confirmation_token": state}));
    let CallToolResponse::Complete(_) = client
        .call_tool_once(params("updateSiteWlan", reused))
        .await
        .unwrap()
    else {
        panic!("a call with a token completes");
    };
    client.cancel().await.ok();
    let lines = audit_lines(&audit);
    let confirmed: Vec<&Value> = lines.iter().filter(|l| l["outcome"] == "confirmed").collect();
    assert_eq!(confirmed.len(), 1, "{lines:?}");
    assert_eq!(confirmed[0]["detail"], "token", "{lines:?}");
    let _ = std::fs::remove_file(&audit);
}

#[cfg(unix)]
#[tokio::test]
async fn the_audit_log_is_created_readable_by_the_operator_only() {
    use std::os::unix::fs::PermissionsExt;
    let sim = sim().await;
    let audit = audit_path("mode");
    let client = Launch::against(&sim)
        .args(&["--enable-write-tools", "--audit-log", audit.to_str().unwrap()])
        .connect()
        .await;
    client.cancel().await.ok();
    let mode = std::fs::metadata(&audit)
        .expect("the audit log exists")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "mode {:o}", mode & 0o777);
    let _ = std::fs::remove_file(&audit);
}

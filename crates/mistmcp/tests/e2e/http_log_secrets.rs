//! Logs never carry a secret, whatever `RUST_LOG` asks for: a write with a PSK, planned and
//! confirmed over HTTP with the most verbose logging, leaves neither the passphrase, the
//! confirmation token nor the Mist token on stderr.

use crate::harness::http::*;
use crate::harness::stdio::error_of;
use serde_json::{Value, json};

const PASSPHRASE: &str = "never-in-a-log-7788";

#[tokio::test]
async fn trace_logging_prints_no_passphrase_confirmation_token_or_mist_token() {
    let sim = sim().await;
    let base = sim.base_url();
    let server = Server::start_logged(
        &["--enable-write-tools"],
        &[("MIST_HOST", base.as_str()), ("RUST_LOG", "trace")],
    )
    .await;
    let client = session_client(server.url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
    let site = sim.sample_args(crate::harness::catalog().tool("getSiteInfo").unwrap())["site_id"].clone();
    let args =
        json!({"site_id": site, "body": {"ssid": "logged", "auth": {"type": "psk", "psk": PASSPHRASE}}});
    let planned = call(&client, "createSiteWlan", args.clone()).await;
    assert!(!is_error(&planned), "{}", text_of(&planned));
    assert!(
        !text_of(&planned).contains(PASSPHRASE),
        "the plan withholds the passphrase: {}",
        text_of(&planned)
    );
    let token = data(&planned)["confirmation_token"].as_str().unwrap().to_owned();
    let mut confirmed = args.as_object().cloned().unwrap();
    confirmed.insert("confirmation_token".into(), Value::String(token.clone()));
    let sent = call(&client, "createSiteWlan", Value::Object(confirmed)).await;
    assert_ne!(error_of(&sent)["kind"], "confirmation", "{}", text_of(&sent));

    client.cancel().await.ok();
    server.send_sigterm();
    assert!(
        server.wait_for_log("shutting down", 0).await.is_some(),
        "the log reached its end"
    );
    let lines = server.log_lines();
    assert!(lines.len() > 10, "trace logging wrote lines: {}", lines.len());
    for secret in [PASSPHRASE, token.as_str(), mist_sim::MAIN_TOKEN] {
        let leaked: Vec<&String> = lines.iter().filter(|l| l.contains(secret)).collect();
        assert!(leaked.is_empty(), "a secret reached the log: {leaked:?}");
    }
    server.exit_code().await;
}

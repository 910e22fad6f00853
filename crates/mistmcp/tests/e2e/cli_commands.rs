//! The subcommands for people: `doctor` and `config`, in demo mode and against the simulator.

use crate::harness::stdio::*;
use serde_json::Value;

/// The binary with no flags or environment of the harness's own.
pub(crate) fn plain() -> Launch {
    Launch {
        args: vec![],
        env: vec![],
    }
}

pub(crate) fn json_of(out: &str) -> Value {
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

fn steps(report: &Value) -> Vec<(String, bool)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["step"].as_str().unwrap().to_owned(),
                c["passed"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn doctor_passes_every_step_in_demo_mode() {
    let (code, out, _) = plain().arg("doctor").arg("--demo").run_to_exit().await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("all checks passed"), "{out}");
    let (code, out, _) = plain()
        .arg("--demo")
        .arg("doctor")
        .arg("--json")
        .run_to_exit()
        .await;
    assert_eq!(code, 0);
    let report = json_of(&out);
    assert_eq!(report["passed"], true);
    let names: Vec<String> = steps(&report).into_iter().map(|(s, _)| s).collect();
    assert_eq!(
        names,
        [
            "token present",
            "host allowed",
            "cloud reachable",
            "token accepted by /self",
            "orgs and role",
            "API usage this hour"
        ]
    );
}

#[tokio::test]
async fn doctor_runs_after_a_switch_given_without_a_value() {
    let (code, out, err) = plain().args(&["--debug", "doctor", "--demo"]).run_to_exit().await;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("all checks passed"), "{out}");
}

#[tokio::test]
async fn doctor_against_the_simulator_passes_with_its_token() {
    let sim = sim().await;
    let (code, out, _) = Launch::against(&sim).arg("doctor").run_to_exit().await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(sim.org_id()), "the org is listed: {out}");
    assert!(!out.contains(sim.token()), "the token is never printed: {out}");
}

#[tokio::test]
async fn doctor_names_the_failing_step_when_the_token_is_refused() {
    let sim = sim().await;
    let (code, out, _) = Launch::with_token(&sim, "not-a-valid-token-at-all")
        .arg("doctor")
        .arg("--json")
        .run_to_exit()
        .await;
    assert_eq!(code, 1, "{out}");
    let report = json_of(&out);
    assert_eq!(report["passed"], false);
    let checks = steps(&report);
    assert_eq!(
        checks.last().unwrap(),
        &("token accepted by /self".to_owned(), false)
    );
    assert!(
        checks[..checks.len() - 1].iter().all(|(_, passed)| *passed),
        "{checks:?}"
    );
    assert!(
        !out.contains("not-a-valid-token-at-all"),
        "the token is never printed: {out}"
    );
}

#[tokio::test]
async fn doctor_without_a_token_fails_at_the_first_step_with_the_fix() {
    let (code, out, _) = plain().arg("doctor").run_to_exit().await;
    assert_eq!(code, 1);
    assert!(
        out.contains("[FAILED] token present") && out.contains("MIST_APITOKEN"),
        "{out}"
    );
}

#[tokio::test]
async fn doctor_reports_an_unreachable_cloud() {
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (code, out, _) = plain()
        .env("MIST_APITOKEN", "abc")
        .env("MIST_HOST", &format!("http://127.0.0.1:{port}"))
        .args(&["--allow-host", "127.0.0.1", "--retries", "0", "doctor"])
        .run_to_exit()
        .await;
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("[FAILED] cloud reachable"), "{out}");
}

#[tokio::test]
async fn config_prints_each_client_configuration_as_json_with_the_token_as_a_placeholder() {
    for client in ["claude", "vscode", "cursor", "mcp-remote"] {
        let (code, out, _) = plain()
            .env("MIST_APITOKEN", "secret-token-value-42")
            .env("MIST_HOST", "api.eu.mist.com")
            .args(&["config", client, "--json", "--mode", "all"])
            .run_to_exit()
            .await;
        assert_eq!(code, 0, "{client}: {out}");
        let block = json_of(&out);
        assert!(
            !out.contains("secret-token-value-42"),
            "{client} leaks the token: {out}"
        );
        let server = if client == "vscode" {
            &block["servers"]["mist"]
        } else {
            &block["mcpServers"]["mist"]
        };
        if client == "mcp-remote" {
            assert_eq!(server["command"], "npx");
            assert!(
                server["args"].to_string().contains("cloud=api.eu.mist.com"),
                "{out}"
            );
            continue;
        }
        let command = server["command"].as_str().unwrap();
        assert!(std::path::Path::new(command).is_absolute(), "{command}");
        assert_eq!(server["args"], serde_json::json!(["--mode", "all"]));
        assert_eq!(server["env"]["MIST_HOST"], "api.eu.mist.com");
    }
}

#[tokio::test]
async fn config_in_demo_mode_needs_no_token() {
    let (code, out, _) = plain().args(&["--demo", "config", "claude"]).run_to_exit().await;
    assert_eq!(code, 0);
    assert!(
        out.contains("claude_desktop_config.json") && out.contains("\"--demo\""),
        "{out}"
    );
}

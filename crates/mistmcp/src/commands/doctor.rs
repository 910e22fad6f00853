//! `mistmcp doctor`: the configuration checked in the order a call needs it, each step passed
//! or failed with the fix, so a person sees the first thing to repair.

use super::stdout::outln;
use super::{EXIT_BAD_CONFIG, EXIT_FAILED, EXIT_OK};
use crate::config::Config;
use crate::config::cli::Cli;
use mist_catalog::CacheClass;
use mist_client::{BodyKind, MistClient, MistError, Request};
use mistmcp_engine::Target;
use serde::Serialize;
use serde_json::Value;

/// One step of the check.
#[derive(Debug, Clone, Serialize)]
struct Check {
    step: &'static str,
    passed: bool,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<String>,
}

fn pass(step: &'static str, detail: impl Into<String>) -> Check {
    Check {
        step,
        passed: true,
        detail: detail.into(),
        fix: None,
    }
}

fn fail(step: &'static str, detail: impl Into<String>, fix: impl Into<String>) -> Check {
    Check {
        step,
        passed: false,
        detail: detail.into(),
        fix: Some(fix.into()),
    }
}

const TOKEN: &str = "token present";
const HOST: &str = "host allowed";
const REACHABLE: &str = "cloud reachable";
const ACCEPTED: &str = "token accepted by /self";
const ORGS: &str = "orgs and role";
const USAGE: &str = "API usage this hour";

pub(super) fn run(mut cli: Cli, env: &dyn Fn(&str) -> Option<String>, json: bool) -> u8 {
    // The doctor checks what a stdio server would use, whatever transport is configured.
    cli.transport = None;
    let checks = match Config::from_cli(cli, env) {
        Ok(config) => match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(runtime) => runtime.block_on(check(&config)),
            Err(e) => vec![fail(
                REACHABLE,
                format!("cannot start the async runtime: {e}"),
                "retry",
            )],
        },
        Err(e) => match config_failure(&e.0) {
            Some(checks) => checks,
            None => {
                eprintln!("mistmcp: error: {e}");
                return EXIT_BAD_CONFIG;
            }
        },
    };
    print(&checks, json);
    if checks.iter().all(|c| c.passed) {
        EXIT_OK
    } else {
        EXIT_FAILED
    }
}

/// A configuration error that belongs to a step (no token, bad host) becomes that step's failure.
fn config_failure(message: &str) -> Option<Vec<Check>> {
    if message.contains("MIST_APITOKEN") {
        return Some(vec![fail(TOKEN, "no usable Mist API token", message)]);
    }
    if message.contains("MIST_HOST") || message.contains("Mist host") {
        return Some(vec![
            pass(TOKEN, "MIST_APITOKEN is set"),
            fail(HOST, "the Mist host is missing or not allowed", message),
        ]);
    }
    None
}

async fn check(config: &Config) -> Vec<Check> {
    // The simulator of demo mode (held in `_demo`) must outlive every check.
    let (target, _demo, mut checks) = match connect(config).await {
        Ok(connected) => connected,
        Err(failed) => return failed,
    };
    let client = match MistClient::new(config.client.client_settings(config.request_timeout)) {
        Ok(client) => client,
        Err(e) => {
            checks.push(fail(REACHABLE, e, "check the TLS setup of this machine"));
            return checks;
        }
    };
    let Some(me) = whoami(&client, &target, &mut checks).await else {
        return checks;
    };
    checks.push(orgs(&me));
    checks.push(match get(&client, &target, "/api/v1/self/usage").await {
        Ok(usage) => pass(USAGE, usage_line(&usage)),
        Err(e) => fail(
            USAGE,
            e.to_string(),
            "wait for the hourly budget to renew, then retry",
        ),
    });
    checks
}

/// The cloud the checks talk to (and in demo mode the simulator, to be held while they run),
/// with the checks of the token and the host passed; or the failed check that stops them.
async fn connect(config: &Config) -> Result<(Target, Option<crate::demo::Demo>, Vec<Check>), Vec<Check>> {
    let (target, demo) = match super::connect::open(config).await {
        Ok(connection) => (connection.target, connection.demo),
        Err(e @ super::connect::ConnectError::Demo(_)) => {
            return Err(vec![fail(
                REACHABLE,
                e.to_string(),
                "run without --demo, or report this as a bug",
            )]);
        }
        Err(e @ super::connect::ConnectError::NoToken) => {
            return Err(vec![fail(TOKEN, e.to_string(), "set MIST_APITOKEN")]);
        }
    };
    let checks = match &demo {
        Some(_) => vec![
            pass(TOKEN, "demo mode: the simulated cloud's token"),
            pass(HOST, format!("demo mode: simulated cloud at {}", target.base)),
        ],
        None => vec![
            pass(TOKEN, "MIST_APITOKEN is set (its value is never printed)"),
            pass(HOST, format!("{}", target.base)),
        ],
    };
    Ok((target, demo, checks))
}

/// `/self`: whether the cloud answers and accepts the token; its answer when it does.
async fn whoami(client: &MistClient, target: &Target, checks: &mut Vec<Check>) -> Option<Value> {
    match get(client, target, "/api/v1/self").await {
        Ok(me) => {
            checks.push(pass(REACHABLE, format!("{} answered", target.base.host())));
            checks.push(pass(ACCEPTED, who(&me)));
            Some(me)
        }
        Err(e) if matches!(e.kind(), "connection_failed" | "timeout" | "interrupted") => {
            checks.push(fail(
                REACHABLE,
                e.to_string(),
                "check MIST_HOST (e.g. api.mist.com, api.eu.mist.com), the network and any proxy",
            ));
            None
        }
        Err(e) => {
            checks.push(pass(REACHABLE, format!("{} answered", target.base.host())));
            checks.push(fail(
                ACCEPTED,
                e.to_string(),
                "create a new API token in the Mist portal (My Account > API Token) for the cloud \
                 MIST_HOST names, and set it in MIST_APITOKEN",
            ));
            None
        }
    }
}

async fn get(client: &MistClient, target: &Target, path: &str) -> Result<Value, MistError> {
    let request = Request {
        method: http::Method::GET,
        path,
        class: CacheClass::Volatile,
        body: BodyKind::Json,
        fresh: true,
    };
    // The client parsed the JSON body, or failed the fetch when it was not JSON.
    Ok(client
        .fetch(&target.base, &target.token, &request)
        .await?
        .into_value())
}

fn who(me: &Value) -> String {
    match me.get("email").and_then(Value::as_str) {
        Some(email) => format!("the token belongs to {email}"),
        None => "the token is valid".to_owned(),
    }
}

/// The orgs the token reaches with its role in each; none is a failure, since every tool needs one.
fn orgs(me: &Value) -> Check {
    let privileges = me
        .get("privileges")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let reached: Vec<String> = privileges
        .iter()
        .filter(|p| p.get("scope").and_then(Value::as_str) == Some("org"))
        .map(|p| {
            let text = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("?").to_owned();
            format!("{} ({}, role {})", text("name"), text("org_id"), text("role"))
        })
        .collect();
    if reached.is_empty() {
        return fail(
            ORGS,
            "the token reaches no organization",
            "give the token's account a role in an organization, or use an org-level API token",
        );
    }
    pass(ORGS, reached.join("; "))
}

fn usage_line(usage: &Value) -> String {
    let number = |k: &str| usage.get(k).and_then(Value::as_u64);
    match (number("requests"), number("request_limit")) {
        (Some(used), Some(limit)) => format!("{used} of {limit} calls used"),
        _ => usage.to_string(),
    }
}

fn print(checks: &[Check], json: bool) {
    if json {
        let passed = checks.iter().all(|c| c.passed);
        outln!("{}", serde_json::json!({ "passed": passed, "checks": checks }));
        return;
    }
    for check in checks {
        let mark = if check.passed { "passed" } else { "FAILED" };
        outln!("[{mark}] {}: {}", check.step, check.detail);
        if let Some(fix) = &check.fix {
            outln!("         fix: {fix}");
        }
    }
    match checks.iter().find(|c| !c.passed) {
        Some(failed) => outln!("\nmistmcp doctor: failed at '{}'", failed.step),
        None => outln!("\nmistmcp doctor: all checks passed"),
    }
}

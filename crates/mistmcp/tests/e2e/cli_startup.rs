//! Start-up behaviour of the binary: help, version, and one-line errors for bad settings.

use crate::harness::stdio::*;

fn launch_plain() -> Launch {
    Launch {
        args: vec![],
        env: vec![],
    }
}

#[tokio::test]
async fn help_shows_the_seed_options_and_examples() {
    let (code, out, _) = launch_plain().arg("--help").run_to_exit().await;
    assert_eq!(code, 0);
    for needle in [
        "--transport",
        "--mode",
        "--categories",
        "--host",
        "--port",
        "--env-file",
        "--debug",
        "--demo",
        "--allow-host",
        "mistmcp --mode custom --categories orgs,sites",
        "MIST_APITOKEN",
    ] {
        assert!(out.contains(needle), "help lacks {needle}:\n{out}");
    }
}

#[tokio::test]
async fn version_prints_the_crate_version() {
    let (code, out, _) = launch_plain().arg("--version").run_to_exit().await;
    assert_eq!(code, 0);
    assert!(out.contains(env!("CARGO_PKG_VERSION")));
}

#[tokio::test]
async fn a_missing_token_fails_fast_with_one_line_naming_the_variable() {
    let (code, out, err) = launch_plain()
        .env("MIST_HOST", "api.mist.com")
        .run_to_exit()
        .await;
    assert_eq!(code, 2);
    assert!(out.is_empty(), "stdout stays clean: {out}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("MIST_APITOKEN") && err.contains("--env-file"),
        "{err}"
    );
}

#[tokio::test]
async fn a_host_outside_the_mist_clouds_is_refused_at_start() {
    let (code, _, err) = launch_plain()
        .env("MIST_APITOKEN", "x")
        .env("MIST_HOST", "http://10.1.2.3:8080")
        .run_to_exit()
        .await;
    assert_eq!(code, 2);
    assert!(
        err.contains("not a Mist API cloud") && err.contains("--allow-host 10.1.2.3:8080"),
        "{err}"
    );
}

#[tokio::test]
async fn unknown_modes_and_categories_are_refused_with_the_valid_values() {
    let base = || {
        launch_plain()
            .env("MIST_APITOKEN", "x")
            .env("MIST_HOST", "api.mist.com")
    };
    let (code, _, err) = base().arg("--mode").arg("fast").run_to_exit().await;
    assert_eq!(code, 2);
    assert!(err.contains("managed, all, custom"), "{err}");
    let (code, _, err) = base()
        .env("MISTMCP_TOOL_LOADING_MODE", "custom")
        .run_to_exit()
        .await;
    assert_eq!(code, 2);
    assert!(err.contains("custom mode needs categories"), "{err}");
    let (code, _, err) = base()
        .arg("-m")
        .arg("custom")
        .arg("-c")
        .arg("orgs,wifi")
        .run_to_exit()
        .await;
    assert_eq!(code, 2);
    assert!(err.contains("'wifi'") && err.contains("orgs_stats"), "{err}");
}

#[tokio::test]
async fn credentials_come_from_an_env_file() {
    let sim = sim().await;
    let dir = std::env::temp_dir().join(format!("mistmcp-envfile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mist.env");
    std::fs::write(
        &path,
        format!("MIST_APITOKEN={}\nMIST_HOST={}\n", sim.token(), sim.base_url()),
    )
    .unwrap();
    let launch = launch_plain()
        .arg("--allow-host")
        .arg("127.0.0.1")
        .env("MIST_ENV_FILE", path.to_str().unwrap());
    let client = launch.connect().await;
    let result = call(&client, "getSelf", serde_json::json!({})).await;
    assert!(!is_error(&result), "{}", text_of(&result));
    client.cancel().await.ok();
}

#[tokio::test]
async fn demo_mode_serves_the_simulated_cloud_without_credentials() {
    let client = launch_plain()
        .arg("--demo")
        .arg("--mode")
        .arg("all")
        .connect()
        .await;
    assert_eq!(tool_names(&client).await.len(), crate::harness::read_tools());
    let me = call(&client, "getSelf", serde_json::json!({})).await;
    assert!(!is_error(&me), "{}", text_of(&me));
    let org_id = data(&me)["privileges"][0]["org_id"].as_str().unwrap().to_owned();
    let sites = call(&client, "searchOrgSites", serde_json::json!({"org_id": org_id})).await;
    assert!(!is_error(&sites), "{}", text_of(&sites));
    assert!(data(&sites)["results"].as_array().is_some_and(|r| !r.is_empty()));
    client.cancel().await.ok();
}

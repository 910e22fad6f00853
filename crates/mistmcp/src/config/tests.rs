use super::*;
use std::collections::HashMap;

fn load(args: &[&str], env: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let env: HashMap<String, String> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let mut argv = vec!["mistmcp"];
    argv.extend_from_slice(args);
    Config::from_args(argv, &|k| env.get(k).cloned())
}

const CREDS: [(&str, &str); 2] = [("MIST_APITOKEN", "tok"), ("MIST_HOST", "api.mist.com")];

#[test]
fn defaults_are_stdio_managed_on_loopback_port_8000() {
    let c = load(&[], &CREDS).unwrap();
    assert_eq!(c.transport, Transport::Stdio);
    assert_eq!(c.mode, ToolMode::Managed);
    assert_eq!(c.bind_host.to_string(), "127.0.0.1");
    assert_eq!(c.port, 8000);
    assert!(!c.debug);
    assert!(matches!(c.upstream, Upstream::Fixed { .. }));
}

#[test]
fn a_missing_token_names_the_variable_and_how_to_set_it() {
    let e = load(&[], &[("MIST_HOST", "api.mist.com")])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("MIST_APITOKEN") && e.contains("--env-file") && e.contains("--demo"),
        "{e}"
    );
    assert!(!e.contains('\n'));
}

#[test]
fn a_missing_host_names_the_variable() {
    let e = load(&[], &[("MIST_APITOKEN", "t")]).unwrap_err().to_string();
    assert!(e.contains("MIST_HOST"), "{e}");
}

#[test]
fn custom_mode_without_categories_says_so() {
    let e = load(&["--mode", "custom"], &CREDS).unwrap_err().to_string();
    assert!(e.contains("custom mode needs categories"), "{e}");
}

#[test]
fn unknown_modes_and_categories_list_the_valid_values() {
    let e = load(&["-m", "turbo"], &CREDS).unwrap_err().to_string();
    assert!(e.contains("managed, all, custom"), "{e}");
    let e = load(&["-m", "custom", "-c", "orgs,bogus"], &CREDS)
        .unwrap_err()
        .to_string();
    assert!(e.contains("'bogus'") && e.contains("orgs_stats"), "{e}");
    let e = load(&["-t", "carrier-pigeon"], &CREDS).unwrap_err().to_string();
    assert!(e.contains("stdio, http"), "{e}");
}

#[test]
fn custom_categories_accept_any_spelling() {
    let c = load(&["-m", "custom", "-c", "Orgs Stats, sites"], &CREDS).unwrap();
    assert_eq!(
        c.categories.names(mist_catalog::catalog()),
        vec!["orgs_stats", "sites"]
    );
}

#[test]
fn a_non_mist_host_is_refused_unless_allowed() {
    let env = [("MIST_APITOKEN", "t"), ("MIST_HOST", "http://127.0.0.1:9999")];
    let e = load(&[], &env).unwrap_err().to_string();
    assert!(e.starts_with("MIST_HOST:") && e.contains("--allow-host"), "{e}");
    let c = load(&["--allow-host", "127.0.0.1"], &env).unwrap();
    let Upstream::Fixed { base, .. } = c.upstream else {
        panic!("expected fixed upstream")
    };
    assert_eq!(base.to_string(), "http://127.0.0.1:9999");
}

#[test]
fn the_environment_wins_over_the_env_file() {
    let dir = std::env::temp_dir().join(format!("mistmcp-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("creds.env");
    std::fs::write(&file, "MIST_APITOKEN=from-file\nMIST_HOST=api.eu.mist.com\n").unwrap();
    let path = file.to_str().unwrap();
    let c = load(&["-e", path], &[]).unwrap();
    let Upstream::Fixed { base, token } = c.upstream else {
        panic!("expected fixed upstream")
    };
    assert_eq!((base.host(), token.expose()), ("api.eu.mist.com", "from-file"));
    let c = load(&["-e", path], &[("MIST_HOST", "api.gc1.mist.com")]).unwrap();
    let Upstream::Fixed { base, .. } = c.upstream else {
        panic!("expected fixed upstream")
    };
    assert_eq!(base.host(), "api.gc1.mist.com");
}

#[test]
fn an_unreadable_env_file_is_named() {
    let e = load(&["-e", "/nonexistent/x.env"], &[]).unwrap_err().to_string();
    assert!(e.contains("/nonexistent/x.env"), "{e}");
}

#[test]
fn debug_takes_a_flag_or_a_boolean_word() {
    assert!(load(&["-d"], &CREDS).unwrap().debug);
    assert!(load(&["--debug=true"], &CREDS).unwrap().debug);
    assert!(!load(&["--debug=false"], &CREDS).unwrap().debug);
    assert!(load(&["--debug=maybe"], &CREDS).is_err());
}

#[test]
fn a_switch_given_without_a_value_leaves_the_next_word_to_the_subcommand() {
    use crate::config::command::Command;
    use clap::Parser;
    for flag in [
        "-d",
        "--debug",
        "--no-cache",
        "--enable-write-tools",
        "--enable-delete-tools",
        "--shared-cache",
        "--reveal-secrets",
    ] {
        let cli = cli::Cli::try_parse_from(["mistmcp", flag, "doctor"])
            .unwrap_or_else(|e| panic!("{flag} doctor: {e}"));
        assert!(
            matches!(cli.command, Some(Command::Doctor { .. })),
            "{flag} doctor runs doctor"
        );
    }
    let cli = cli::Cli::try_parse_from(["mistmcp", "--debug", "tools", "device"]).unwrap();
    assert!(matches!(cli.command, Some(Command::Tools { .. })));
    assert!(load(&["--debug", "doctor"], &CREDS).unwrap().debug);
    assert!(
        cli::Cli::try_parse_from(["mistmcp", "--debug", "false"]).is_err(),
        "a value is given with '=' only"
    );
}

#[test]
fn every_flag_whose_value_may_be_left_out_takes_one_only_after_an_equals_sign() {
    use clap::CommandFactory;
    let command = cli::Cli::command();
    for arg in command.get_arguments() {
        let optional = arg
            .get_num_args()
            .is_some_and(|n| n.min_values() == 0 && n.max_values() == 1);
        if optional {
            assert!(
                arg.is_require_equals_set(),
                "--{} would take the next word (a subcommand) as its value",
                arg.get_long().unwrap_or_default()
            );
        }
    }
}

#[test]
fn bad_ports_and_bind_addresses_are_explained() {
    assert!(
        load(&["--port", "70000"], &CREDS)
            .unwrap_err()
            .to_string()
            .contains("1 to 65535")
    );
    assert!(
        load(&["--host", "my laptop"], &CREDS)
            .unwrap_err()
            .to_string()
            .contains("IP address")
    );
}

#[test]
fn demo_mode_needs_no_credentials() {
    let c = load(&["--demo", "--mode", "all"], &[]).unwrap();
    assert!(matches!(c.upstream, Upstream::Demo));
}

#[test]
fn http_mode_takes_credentials_per_request() {
    let c = load(&["-t", "http"], &[]).unwrap();
    assert!(matches!(c.upstream, Upstream::PerRequest { default_base: None }));
}

#[test]
fn config_debug_output_hides_the_token() {
    let c = load(
        &[],
        &[
            ("MIST_APITOKEN", "very-secret-token"),
            ("MIST_HOST", "api.mist.com"),
        ],
    )
    .unwrap();
    assert!(!format!("{c:?}").contains("very-secret-token"));
}

#[test]
fn http_sessions_last_an_hour_unless_told_otherwise() {
    assert_eq!(
        load(&["-t", "http"], &[]).unwrap().http.session_timeout,
        Duration::from_secs(3600)
    );
    let c = load(&["-t", "http", "--session-timeout", "0.5"], &[]).unwrap();
    assert_eq!(c.http.session_timeout, Duration::from_secs(30));
    let e = load(&["-t", "http", "--session-timeout", "0"], &[])
        .unwrap_err()
        .to_string();
    assert!(e.contains("--session-timeout") && e.contains("minutes"), "{e}");
}

#[test]
fn binding_beyond_loopback_needs_the_names_clients_use() {
    let e = load(&["-t", "http", "--host", "0.0.0.0"], &[])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("--allowed-hostname") && e.contains("DNS rebinding"),
        "{e}"
    );
    assert!(!e.contains('\n'));
    let c = load(
        &[
            "-t",
            "http",
            "--host",
            "0.0.0.0",
            "--allowed-hostname",
            "mcp.example.com",
        ],
        &[],
    )
    .unwrap();
    assert_eq!(c.http.origins.hostnames, vec!["mcp.example.com"]);
    assert!(
        load(&["--host", "0.0.0.0"], &CREDS).is_ok(),
        "stdio does not listen, so it does not care"
    );
}

#[test]
fn allowed_origins_are_normalized_and_a_star_lifts_the_host_check() {
    let c = load(&["-t", "http"], &[]).unwrap();
    assert_eq!(c.http.origins, crate::config::origins::OriginPolicy::default());
    let c = load(
        &[
            "-t",
            "http",
            "--allowed-origin",
            "https://app.example.com",
            "--allowed-hostname",
            "*",
        ],
        &[],
    )
    .unwrap();
    assert_eq!(c.http.origins.origins, vec!["https://app.example.com:443"]);
    assert!(c.http.origins.any_host);
    let e = load(&["-t", "http", "--allowed-origin", "app.example.com"], &[])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("--allowed-origin") && e.contains("scheme://host"),
        "{e}"
    );
}

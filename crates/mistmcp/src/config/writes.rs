//! The operator's switches for write tools: whether writes and deletes are reachable at all,
//! whether a person confirms each one, and where the audit trail goes. Each is declared here
//! once, with its environment variable.

use super::values::{self, Given, blank_or, given};
use mistmcp_engine::options::{CONFIRMATION_TTL, ENABLE_DELETES, ENABLE_WRITES};
pub(crate) use mistmcp_engine::options::{Confirm, WriteOptions};
use std::path::PathBuf;
use std::time::Duration;

/// Write switches from flags and environment.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct WriteArgs {
    /// Offer Mist's write operations (POST, PUT) as tools; each call is confirmed by the user
    /// unless --confirm-writes never. Off by default.
    #[arg(global = true, long = ENABLE_WRITES.flag, env = ENABLE_WRITES.env, value_name = "BOOL",
          num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = blank_or(values::boolean))]
    pub enable_write_tools: Option<Given<bool>>,

    /// Offer the operations that delete too, whatever their HTTP method (a POST that deletes, a
    /// body whose op deletes); needs --enable-write-tools as well. Off by default.
    #[arg(global = true, long = ENABLE_DELETES.flag, env = ENABLE_DELETES.env, value_name = "BOOL",
          num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = blank_or(values::boolean))]
    pub enable_delete_tools: Option<Given<bool>>,

    /// Whether each write waits for the user's confirmation: always (default) or never
    /// (unattended automation: every write the model decides on is sent at once)
    #[arg(global = true, long = "confirm-writes", env = "MISTMCP_CONFIRM_WRITES", value_name = "WHEN",
          value_parser = blank_or(confirm))]
    pub confirm_writes: Option<Given<Confirm>>,

    /// Append one JSON line per write plan, confirmation, refusal and result to this file
    #[arg(
        global = true,
        long = "audit-log",
        env = "MISTMCP_AUDIT_LOG",
        value_name = "PATH"
    )]
    pub audit_log: Option<PathBuf>,

    /// Seconds a confirmation token stays valid (default: 300); for tests
    #[arg(global = true, long = "confirmation-ttl", env = "MISTMCP_CONFIRMATION_TTL", value_name = "SECONDS",
          hide = true, value_parser = blank_or(values::seconds(0.1..=3600.0)))]
    pub confirmation_ttl: Option<Given<Duration>>,
}

fn confirm(text: &str) -> Result<Confirm, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "always" => Ok(Confirm::Always),
        "never" => Ok(Confirm::Never),
        _ => Err("valid values: always, never".into()),
    }
}

/// The switches, with a warning when deletes were asked for without writes.
pub(crate) fn resolve(args: &WriteArgs, warnings: &mut Vec<String>) -> WriteOptions {
    let writes = given(&args.enable_write_tools).unwrap_or(false);
    let deletes_asked = given(&args.enable_delete_tools).unwrap_or(false);
    if deletes_asked && !writes {
        warnings.push(
            "--enable-delete-tools has no effect without --enable-write-tools: no write tool is offered"
                .into(),
        );
    }
    let confirm = given(&args.confirm_writes).unwrap_or_default();
    if writes && confirm == Confirm::Never {
        warnings.push(
            "--confirm-writes never: every write the model decides on is sent without asking anyone".into(),
        );
    }
    WriteOptions {
        writes,
        deletes: writes && deletes_asked,
        confirm,
        audit_log: args.audit_log.clone(),
        confirmation_ttl: given(&args.confirmation_ttl).unwrap_or(CONFIRMATION_TTL),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::cli::Cli;
    use clap::Parser;

    fn options(args: &[&str]) -> (WriteOptions, Vec<String>) {
        let mut argv = vec!["mistmcp"];
        argv.extend_from_slice(args);
        let cli = Cli::try_parse_from(argv).unwrap();
        let mut warnings = Vec::new();
        (resolve(&cli.writes, &mut warnings), warnings)
    }

    #[test]
    fn writes_are_off_and_confirmed_by_default() {
        let (o, warnings) = options(&[]);
        assert_eq!(o, WriteOptions::default());
        assert!(warnings.is_empty());
    }

    #[test]
    fn deletes_need_the_write_switch_as_well() {
        let (o, warnings) = options(&["--enable-delete-tools"]);
        assert!(!o.writes && !o.deletes);
        assert!(warnings[0].contains("--enable-write-tools"), "{warnings:?}");
        let (o, _) = options(&["--enable-write-tools", "--enable-delete-tools"]);
        assert!(o.writes && o.deletes);
    }

    #[test]
    fn never_confirming_is_accepted_with_a_warning_and_other_words_are_refused() {
        let (o, warnings) = options(&["--enable-write-tools", "--confirm-writes", "never"]);
        assert_eq!(o.confirm, Confirm::Never);
        assert!(warnings[0].contains("without asking"), "{warnings:?}");
        let mut argv = vec!["mistmcp", "--confirm-writes", "sometimes"];
        argv.truncate(3);
        assert!(Cli::try_parse_from(argv).is_err());
    }
}

//! One place that names a setting in messages: its flag and its environment variable, read from
//! the command-line definition itself, so no message spells them by hand.

use super::cli::Cli;
use clap::CommandFactory;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::error::Error as _;

/// How much of a refused value a message repeats.
const ECHO_LIMIT: usize = 60;

/// `--flag (or VARIABLE)` for the argument whose field is `id` (e.g. `session_timeout`).
pub(crate) fn named(id: &str) -> String {
    let command = Cli::command();
    let Some(arg) = command.get_arguments().find(|a| a.get_id() == id) else {
        return id.to_owned();
    };
    let flag = arg
        .get_long()
        .map(|l| format!("--{l}"))
        .unwrap_or_else(|| id.to_owned());
    match arg.get_env() {
        Some(env) => format!("{flag} (or {})", env.to_string_lossy()),
        None => flag,
    }
}

/// One line for a command-line error caused by a value, from a flag or from the environment:
/// `invalid value 'x' for --port (or MISTMCP_PORT): expected …`. `None` for other errors
/// (help, version, unknown flags), which clap prints itself.
pub(crate) fn describe(err: &clap::Error) -> Option<String> {
    if !matches!(err.kind(), ErrorKind::ValueValidation | ErrorKind::InvalidValue) {
        return None;
    }
    let text = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    // clap names a switch with an optional value `--debug[=<BOOL>]`: the flag ends at `[`.
    let long = arg
        .split(|c: char| c.is_whitespace() || c == '[' || c == '=')
        .next()
        .unwrap_or_default()
        .trim_start_matches('-');
    let command = Cli::command();
    let id = command
        .get_arguments()
        .find(|a| a.get_long() == Some(long))
        .map(|a| a.get_id().to_string())
        .unwrap_or_else(|| long.to_owned());
    let reason = err
        .source()
        .map(|e| e.to_string())
        .unwrap_or_else(|| "not a valid value".into());
    Some(format!(
        "invalid value {} for {}: {reason}",
        echo(&value),
        named(&id)
    ))
}

/// A value as a message repeats it: whole when short, else a prefix and its length.
pub(crate) fn echo(value: &str) -> String {
    if value.chars().count() <= ECHO_LIMIT {
        return format!("'{value}'");
    }
    let prefix: String = value.chars().take(ECHO_LIMIT).collect();
    format!("'{prefix}…' ({} characters)", value.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn refused(args: &[&str]) -> String {
        let mut argv = vec!["mistmcp"];
        argv.extend_from_slice(args);
        let err = Cli::try_parse_from(argv).unwrap_err();
        describe(&err).unwrap_or_else(|| panic!("not a value error: {err}"))
    }

    #[test]
    fn a_refused_value_names_the_flag_the_variable_and_what_is_expected() {
        let e = refused(&["--port", "70000"]);
        assert_eq!(
            e,
            "invalid value '70000' for --port (or MISTMCP_PORT): expected a number from 1 to 65535"
        );
        let e = refused(&["--request-timeout", "0"]);
        assert!(
            e.contains("--request-timeout (or MISTMCP_REQUEST_TIMEOUT)"),
            "{e}"
        );
    }

    #[test]
    fn a_long_value_is_echoed_as_a_prefix_with_its_length() {
        let long = "x".repeat(5000);
        let e = refused(&["--mode", &long]);
        assert!(e.contains("(5000 characters)") && e.len() < 400, "{e}");
    }

    #[test]
    fn settings_without_a_variable_are_named_by_their_flag() {
        assert_eq!(named("demo"), "--demo");
        assert_eq!(named("categories"), "--categories (or MISTMCP_TOOL_CATEGORIES)");
    }
}
